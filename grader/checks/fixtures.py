"""Fixtures of the hidden checks (loaded as a pytest plugin; the checks run with --noconftest,
so no conftest.py anywhere, least of all in a student's folder, can change them).

``student`` is the module of the item's exercise in the target being graded, ``reference``
the same module from solutions/. Every check is run once per target: the grader passes the
targets in COURSEKIT_TARGETS, and selftest grades many targets in one process.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from grader import chapters
from grader.checks.api import NotAttempted
from grader.loader import SubmissionError, import_module, is_stub, module_path
from grader.paths import SOLUTIONS_DIR

settings.register_profile(
    "grading",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=int(os.environ.get("COURSEKIT_MAX_EXAMPLES", "20")),
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


def _targets() -> list[Target]:
    raw = json.loads(os.environ.get("COURSEKIT_TARGETS", "[]"))
    if not raw:
        raw = [{"label": "solutions", "path": str(SOLUTIONS_DIR)}]
    return [
        Target(t["label"], Path(t["path"]).resolve(), f"_ck_target_{i}") for i, t in enumerate(raw)
    ]


TARGETS = _targets()
REFERENCE = Target("reference", SOLUTIONS_DIR.resolve(), "_ck_reference")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "ck_target" in metafunc.fixturenames:
        metafunc.parametrize("ck_target", TARGETS, ids=[t.label for t in TARGETS], scope="module")


def _exercise_of(request: pytest.FixtureRequest) -> chapters.Exercise:
    marker = request.node.get_closest_marker("exercise")
    if marker is None:
        raise RuntimeError(f"{request.node.nodeid} has no @exercise(...) marker")
    return chapters.exercise(marker.args[0])


class _Guarded:
    """The student's module, handing out functions that get private copies of their inputs
    (an in-place edit by the student cannot change what the reference is given)."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._module, name)
        if not callable(value):
            return value

        @functools.wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            return value(*copy.deepcopy(args), **copy.deepcopy(kwargs))

        return call


_imported: dict[tuple[str, str], ModuleType | SubmissionError] = {}


def _load(target: Target, module: str) -> ModuleType:
    key = (target.alias, module)
    if key not in _imported:
        broken = set(filter(None, os.environ.get("COURSEKIT_BROKEN_MODULES", "").split(",")))
        if f"{target.label}:{module}" in broken:
            _imported[key] = SubmissionError(
                f"importing {module_path(target.path, module).name} did not finish in time"
                " (an endless loop or a long computation at module level?)"
            )
        else:
            _imported[key] = _import_watched(target, module)
    found = _imported[key]
    if isinstance(found, SubmissionError):
        raise found
    return found


def _import_watched(target: Target, module: str) -> ModuleType | SubmissionError:
    """Import, telling the parent (so an endless import is blamed on the file) and refusing a
    submission that loads the reference solutions."""
    from grader.plugin import emit

    emit({"event": "import", "target": target.label, "module": module})
    before = set(sys.modules)
    try:
        loaded = import_module(target.path, target.alias, module)
    except SubmissionError as exc:
        return exc
    finally:
        emit({"event": "imported", "target": target.label, "module": module})
    if target.path != REFERENCE.path:
        for name in set(sys.modules) - before:
            file = getattr(sys.modules[name], "__file__", None) or ""
            if file and Path(file).resolve().is_relative_to(REFERENCE.path):
                return SubmissionError(
                    f"{module_path(target.path, module).name} imports the reference solutions"
                    f" ({name}); write your own code"
                )
    return loaded


@pytest.fixture
def student(request: pytest.FixtureRequest, ck_target: Target) -> _Guarded:
    ex = _exercise_of(request)
    loaded = _load(ck_target, ex.module)
    path = module_path(ck_target.path, ex.module)
    missing = [f for f in ex.functions if not callable(getattr(loaded, f, None))]
    if missing:
        raise SubmissionError(
            f"{path.name} has no function {', '.join(missing)} (renamed or deleted?)"
        )
    if all(is_stub(path, f) for f in ex.functions):
        raise NotAttempted(f"{', '.join(ex.functions)} still raise NotImplementedError")
    if ck_target.path != REFERENCE.path:
        for f in ex.functions:
            code = getattr(getattr(loaded, f), "__code__", None)
            origin = Path(code.co_filename).resolve() if code is not None else None
            if origin is not None and origin.is_relative_to(REFERENCE.path):
                raise SubmissionError(f"{f} is the reference solution's function, not yours")
    return _Guarded(loaded)


@pytest.fixture
def reference(request: pytest.FixtureRequest) -> ModuleType:
    ex = _exercise_of(request)
    return _load(REFERENCE, ex.module)
