"""Fixtures of the hidden checks (loaded as a pytest plugin; the checks run with --noconftest,
so no conftest.py anywhere, least of all in a student's folder, can change them).

``student`` stands for the module of the item's exercise in the target being graded: its
functions run in that target's worker (a sandboxed process; the kit's own trusted targets run
in-process through the same request handler), so nothing the submission does reaches this
process. ``reference`` is the same module from solutions/, imported here. Every check is run
once per target: the grader passes the targets in COURSEKIT_TARGETS, and selftest grades many
targets in one process.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from grader import chapters, diagnose, protocol, reaper
from grader.i18n import N_, _
from grader.loader import SubmissionError, import_module, is_stub, module_path
from grader.paths import SOLUTIONS_DIR
from grader.testing import files
from grader.testing.api import NotAttempted
from grader.worker import cell, client
from grader.worker.proxy import RemoteModule
from grader.worker.zygote import Zygote

settings.register_profile(
    "grading",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=int(os.environ.get(protocol.MAX_EXAMPLES, "20")),
    print_blob=False,
    suppress_health_check=list(HealthCheck),
    # no "explain" phase: it reruns failing examples many times to annotate lines, which the
    # scorecard does not show
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
settings.load_profile("grading")
sys.dont_write_bytecode = True  # never write __pycache__ into a student's folder


@dataclass(frozen=True)
class Target:
    label: str
    path: Path
    alias: str
    trusted: bool = False  # the kit's own code (references, mistakes, mutants): in-process


def _targets() -> list[Target]:
    raw = json.loads(os.environ.get(protocol.TARGETS, "[]"))
    if not raw:
        raw = [{"label": "solutions", "path": str(SOLUTIONS_DIR)}]
    return [
        Target(t["label"], Path(t["path"]).resolve(), f"_ck_target_{i}", bool(t.get("trusted")))
        for i, t in enumerate(raw)
    ]


def _warm() -> client.Warm | None:
    """The grading parent's warm worker zygote, if it lent one (grader.warm)."""
    raw = os.environ.get(protocol.ZYGOTE)
    if not raw:
        return None
    where = json.loads(raw)
    control = socket.socket(fileno=int(where["fd"]))
    return client.Warm(Zygote(control), Path(where["pool"]), Path(where["code"]))


TARGETS = _targets()
WARM = _warm()
# A few targets (a grade, a selftest's untrusted ones): every worker starts at once, its
# TensorFlow import overlapping collection. Many (a batch): one target after another, each
# worker started when its first check needs it and closed after its last.
ONE_AT_A_TIME = sum(not t.trusted for t in TARGETS) > 2
REFERENCE = Target("reference", SOLUTIONS_DIR.resolve(), "_ck_reference", True)
CHECK_SECONDS = float(os.environ.get(protocol.CHECK_SECONDS, "20"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "ck_target" in metafunc.fixturenames:
        metafunc.parametrize("ck_target", TARGETS, ids=[t.label for t in TARGETS], scope="module")


def pytest_configure(config: pytest.Config) -> None:
    reaper.hide_from_same_user()  # a plain worker runs as this user: no /proc/<pid>/fd here
    # start every untrusted target's worker now: its TensorFlow import overlaps collection
    for target in TARGETS if not ONE_AT_A_TIME else ():
        _worker(target)
    # ... and this process imports it meanwhile, on the other core: the references need it, and
    # imported by the first check instead, its seconds would follow the worker's, not overlap
    try:
        import tensorflow  # noqa: F401
    except ImportError:
        pass


def pytest_unconfigure(config: pytest.Config) -> None:
    for worker in _workers.values():
        if isinstance(worker, client.Worker) and worker.warm is not None and worker.proc:
            worker.proc.kill()  # the parent kills the pool's workers and removes their cells
        else:  # when this checker ends (grader.warm): no need to wait for it here
            worker.close()
    _workers.clear()
    shutil.rmtree(_run_dir, ignore_errors=True)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if ONE_AT_A_TIME:  # target by target (a stable sort keeps each target's own order)
        order = {t.label: i for i, t in enumerate(TARGETS)}
        items.sort(key=lambda item: order.get(_target_of(item), -1))


def _target_of(item: pytest.Item | None) -> str:
    callspec = getattr(item, "callspec", None)
    target = callspec.params.get("ck_target") if callspec else None
    return target.label if isinstance(target, Target) else ""


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """One target at a time: its worker (and what its code left) goes after its last check."""
    label = _target_of(item)
    if ONE_AT_A_TIME and label and label != _target_of(nextitem):
        for target in TARGETS:
            if target.label == label and target.alias in _workers:
                _workers.pop(target.alias).close()
                for key in [k for k in _loaded if k[0] == target.alias]:
                    del _loaded[key]


def _exercise_of(request: pytest.FixtureRequest) -> chapters.Exercise:
    marker = request.node.get_closest_marker("exercise")
    if marker is None:
        raise RuntimeError(f"{request.node.nodeid} has no @exercise(...) marker")  # i18n: internal
    return chapters.exercise(marker.args[0])


_workers: dict[str, client._Base] = {}
# inside the checker's working folder, which the grading parent removes even when it had to
# kill this process; without a parent (pytest run by hand), in the system's temporary folder
_run_dir = Path(
    tempfile.mkdtemp(
        prefix="coursekit-workers-", dir=Path.cwd() if os.environ.get(protocol.EVENTS) else None
    )
)
_run_dir.chmod(0o711)  # the uid level's worker passes through to its own cell


def _worker(target: Target) -> client._Base:
    if target.alias not in _workers:
        if target.trusted:
            _workers[target.alias] = client.LocalWorker(target.path, target.alias)
        else:
            level = os.environ.get(protocol.SANDBOX) or cell.detect_level()
            memory = int(os.environ.get(protocol.MEMORY_MB, "0") or 0)
            warm = WARM if level == "bwrap" else None
            worker = client.Worker(target.path, level, memory, _run_dir, warm=warm)
            worker.start()
            _workers[target.alias] = worker
    return _workers[target.alias]


def input_folder(target: Target, name: str) -> Path:
    """A new, empty folder the checker fills and the target's code can only read (the same path
    on both sides): beside the worker's scratch folder, in its cell, which no level lets the
    worker write. For the inputs of exercises that read files."""
    worker = _worker(target)
    base = _run_dir  # the kit's in-process targets: removed with the checker's working folder
    if isinstance(worker, client.Worker):
        worker.ensure_ready()
        assert worker.inbox is not None
        base = worker.inbox
    files.anchor(base)
    return files.make_folder(base, f"ck-{name}", 0o755)


def output_folder(target: Target, name: str) -> Path:
    """A new, empty folder the target's code writes into (its path as seen by both sides):
    inside the worker's scratch folder, the only place it may write. Read what it wrote only
    through ``grader.testing.files`` (no links followed, regular files, size caps), and never
    write there but with ``files.create``: the worker can change this folder at any time."""
    worker = _worker(target)
    base = _run_dir
    if isinstance(worker, client.Worker):
        worker.ensure_ready()
        assert worker.scratch is not None
        base = worker.scratch
    files.anchor(base)
    # 0o777: a worker running as another user (the uid level) writes here too
    return files.make_folder(base, f"ck-{name}", 0o777)


def private_folder(name: str) -> Path:
    """A new folder only the checker sees: where a reference run in this process writes."""
    return Path(tempfile.mkdtemp(prefix=f"ck-{name}-", dir=_run_dir))


_loaded: dict[tuple[str, str], list[str] | SubmissionError] = {}
_IMPORT_TIMEOUT = N_(
    "importing {file} did not finish in time (an endless loop or a long computation at module"
    " level?)"
)


def _load(target: Target, module: str) -> list[str]:
    """Import ``module`` in the target's worker once; its callables, or why it cannot be."""
    key = (target.alias, module)
    if key not in _loaded:
        broken = set(filter(None, os.environ.get(protocol.BROKEN_MODULES, "").split(",")))
        name = module_path(target.path, module).name
        if f"{target.label}:{module}" in broken:
            _loaded[key] = SubmissionError(_(_IMPORT_TIMEOUT).format(file=name))
        elif not module_path(target.path, module).is_file():
            _loaded[key] = SubmissionError(
                _("file not found: {path} (expected the exercise file here)").format(
                    path=module_path(target.path, module)
                )
            )
        else:
            from grader.protocol import emit

            # an in-process import that never ends is stopped by the parent's watchdog: these
            # two events tell it which module to report as broken to the restarted checker
            emit({"event": "import", "target": target.label, "module": module})
            _loaded[key] = _import_in_worker(target, module, name)
            emit({"event": "imported", "target": target.label, "module": module})
            if getattr(_loaded[key], "timed_out", False):  # this check times out, later
                raise client.WorkerTimeout(str(_loaded[key]))  # ones are errors of the file
    found = _loaded[key]
    if isinstance(found, SubmissionError):
        raise found
    return found


def _import_in_worker(target: Target, module: str, name: str) -> list[str] | SubmissionError:
    worker = _worker(target)
    try:
        reply = worker.request({"op": "load", "module": module})
    except client.WorkerTimeout:
        error = SubmissionError(_(_IMPORT_TIMEOUT).format(file=name))
        error.timed_out = True  # type: ignore[attr-defined]
        return error
    except client.WorkerGone as exc:
        return SubmissionError(
            _("importing {file} stopped the worker: {error}").format(file=name, error=exc)
        )
    if reply.get("ok"):
        return [str(n) for n in reply.get("callables") or []]
    info = reply.get("error") or {}
    kind, message = str(info.get("type", "")), str(info.get("message", ""))[:500]
    if kind == "SyntaxError":
        return SubmissionError(message)
    if kind == "SystemExit":
        return SubmissionError(
            _("{file} called sys.exit() while being imported: remove it").format(file=name)
        )
    if kind == "MemoryError":
        return SubmissionError(
            _("{file} used too much memory while being imported").format(file=name)
        )
    doing = _("importing {file}").format(file=name)
    message, hint = diagnose.explain(info, doing=doing)  # cause, line, hint
    error = SubmissionError(message)
    error.ck_hint = hint  # type: ignore[attr-defined]
    return error


@pytest.fixture(autouse=True)
def _check_deadline(request: pytest.FixtureRequest) -> Any:
    """A share of the check's time limit for the worker's answers: a hung submission becomes
    this check's timeout here, before the parent's own watchdog has to step in."""
    from grader.protocol import emit

    for worker in _workers.values():  # a worker (re)starting is not the check's time
        worker.deadline = None
        worker.ensure_ready()
    emit({"event": "start", "nodeid": request.node.nodeid})  # the parent's clock starts now
    marker = request.node.get_closest_marker("time_limit")
    limit = float(marker.args[0]) if marker else CHECK_SECONDS
    deadline = time.monotonic() + 0.9 * limit
    for worker in _workers.values():
        worker.deadline = deadline
    yield
    for worker in _workers.values():
        worker.deadline = None


@pytest.fixture
def student(request: pytest.FixtureRequest, ck_target: Target) -> RemoteModule:
    ex = _exercise_of(request)
    callables = _load(ck_target, ex.module)
    path = module_path(ck_target.path, ex.module)
    missing = [f for f in ex.functions if f not in callables]
    if missing:
        raise SubmissionError(
            _("{file} has no function {names} (renamed or deleted?)").format(
                file=path.name, names=", ".join(missing)
            )
        )
    if all(is_stub(path, f) for f in ex.functions):
        raise NotAttempted(
            _("{functions} still raise NotImplementedError").format(
                functions=", ".join(ex.functions)
            )
        )
    return RemoteModule(_worker(ck_target), ex.module, ex.mutates)


@pytest.fixture
def reference(request: pytest.FixtureRequest) -> ModuleType:
    ex = _exercise_of(request)
    return import_module(REFERENCE.path, REFERENCE.alias, ex.module)
