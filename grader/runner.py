"""Run hidden checks in a child pytest process, with time and memory limits kept by the parent.

The child appends events (collected, import, start, result, progress) to a file; the parent
polls it. A check that overruns its time limit, or a child that dies (os._exit, a crash, the
memory limit), costs only the check in flight: the parent records it and starts a new child
for the checks that have not run yet. The parent imports no TensorFlow.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import protocol, reaper
from grader.errors import GraderFailure
from grader.i18n import _
from grader.paths import CHECKS_DIR, KIT_ROOT
from grader.results import STATUS_ORDER, CheckResult, clean, visibility_of
from grader.selection import EVERY_CHECK, Selection
from grader.warm import CheckerPool, WarmPool
from grader.worker.zygote import ForkedProcess

EventHook = Callable[[dict[str, Any]], None]
TargetHook = Callable[[str, list[CheckResult]], None]
BACKSTOP_S = 10.0


@dataclass(frozen=True)
class Limits:
    """A run's limits; each command that runs checks chooses its own (``grading.grade`` owns
    a grade's defaults)."""

    check_s: float  # wall time of one check (a check may declare its own)
    total_s: float  # wall time of the whole run
    memory_mb: int  # address-space limit of the student's worker (0: none); see plugin


@dataclass(frozen=True)
class TargetSpec:
    label: str
    path: Path
    only: list[str] | None = None  # this target's own --only (selftest narrows mistakes)
    trusted: bool = False  # the kit's own code (selftest): graded in-process, no worker


def kit_target(label: str, path: Path, only: list[str] | None = None) -> TargetSpec:
    """A target made of the kit's own code (references, mistakes, mutants): trusted, so it is
    graded in-process where the runner knows that, not in a worker each."""
    return TargetSpec(label, path, only=only, trusted=True)


@dataclass
class RunOutcome:
    """Results by target label, plus notes on what the grader had to do (restarts)."""

    results: dict[str, list[CheckResult]]
    notes: list[str] = field(default_factory=list)
    log: str = ""


# The child imports this very copy of the kit (not whatever `grader` an environment has
# installed), then hands over to pytest.
_BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); import pytest; sys.exit(pytest.main())"
)


def _child_command(chapters: Sequence[str], run_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-I",  # isolated: no user site, no PYTHON* variables, no cwd on sys.path
        "-c",
        _BOOTSTRAP,
        str(KIT_ROOT),
        *[str(CHECKS_DIR / c) for c in chapters],
        "-c",
        str(CHECKS_DIR / "pytest.ini"),
        "--rootdir",
        str(CHECKS_DIR),
        "--noconftest",
        "-p",
        "no:cacheprovider",
        "-p",
        "grader.checks.fixtures",
        "-p",
        "grader.plugin",
        "-q",
        "--no-header",
        "-o",
        f"cache_dir={run_dir / 'cache'}",
    ]


def _kill(proc: subprocess.Popen[bytes] | ForkedProcess) -> None:
    if proc.poll() is not None:
        return
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


class _Run:
    def __init__(
        self,
        chapters: Sequence[str],
        targets: Sequence[TargetSpec],
        selection: Selection,
        limits: Limits,
        env: dict[str, str],
        on_event: EventHook | None,
        sandbox: str,
        warm: WarmPool | None = None,
        on_target: TargetHook | None = None,
        checkers: CheckerPool | None = None,
    ) -> None:
        self.chapters, self.targets, self.limits = chapters, targets, limits
        self.selection = selection
        self.extra_env, self.on_event = env, on_event
        self.sandbox = sandbox
        self.warm, self.checkers = warm, checkers
        self.on_target, self.finished_targets = on_target, set[str]()
        self.by_target: dict[str, list[str]] = {}  # target label -> its nodeids, in order
        self.collect_error = ""
        self.keep = reaper.children()  # the caller's own children are not ours to kill
        self.planned: dict[str, dict[str, Any]] = {}  # nodeid -> facts, in collection order
        self.done: dict[str, CheckResult] = {}
        self.broken_modules: set[str] = set()
        self.notes: list[str] = []
        self.log_tail = ""

    def _env(self, run_dir: Path, events: str) -> dict[str, str]:
        env = protocol.checker_env(str(run_dir))
        env.update(self.extra_env)
        if self.warm is not None:
            env.update(self.warm.env())
        env.update(
            {
                protocol.EVENTS: events,
                protocol.TARGETS: json.dumps(
                    [
                        {
                            "label": t.label,
                            "path": str(t.path),
                            "only": t.only,
                            "trusted": t.trusted,
                        }  # fmt: skip
                        for t in self.targets
                    ]
                ),
                protocol.ONLY: self.selection.to_text(),
                protocol.SKIP_NODEIDS: "\n".join(self.done),
                protocol.BROKEN_MODULES: ",".join(sorted(self.broken_modules)),
                protocol.MEMORY_MB: str(self.limits.memory_mb),
                protocol.SANDBOX: self.sandbox,
                protocol.CHECK_SECONDS: str(self.limits.check_s),
            }
        )
        return env

    def run(self) -> None:
        deadline = time.monotonic() + self.limits.total_s
        while True:
            before = len(self.done)
            finished = self._one_child(deadline)
            if finished or time.monotonic() >= deadline:
                break
            if len(self.done) == before:  # a child that ran nothing would loop for ever
                for nodeid, facts in self.planned.items():
                    if nodeid not in self.done:
                        self._record(facts, "error", _("not run: the grading process ended early"))
                self.notes.append(_("the grading process ended early:") + "\n" + self.log_tail)
                break
        for nodeid, facts in self.planned.items():
            if nodeid not in self.done:
                self._record(
                    facts, "timeout", _("not run: the grading run reached its overall time limit")
                )

    def _record(self, facts: dict[str, Any], status: str, message: str) -> None:
        result = {**facts, "event": "result", "status": status, "message": message}
        self._take_result(result)

    def _take_result(self, event: dict[str, Any]) -> None:
        nodeid = str(event["nodeid"])
        facts = self.planned.get(nodeid, {})
        status = event.get("status")
        metrics = event.get("metrics")
        self.done[nodeid] = CheckResult(
            exercise=str(facts.get("exercise") or event.get("exercise", "")),
            name=clean(facts.get("name") or event.get("name", ""), 200),
            status=status if status in STATUS_ORDER else "error",
            message=clean(event.get("message", "")),
            duration_s=_number(event.get("duration_s")),
            inputs=clean(event.get("inputs", "")),
            expected=clean(event.get("expected", "")),
            got=clean(event.get("got", "")),
            hint=clean(event.get("hint", "")),
            metrics={clean(k, 100): _metric(v) for k, v in metrics.items()}
            if isinstance(metrics, dict)
            else {},
            visibility=visibility_of(facts.get("visibility", event.get("visibility"))),
        )
        self._plan({k: event.get(k) for k in ("exercise", "name", "target")} | {"nodeid": nodeid})
        self._target_done(str(self.planned[nodeid].get("target") or ""))

    def _plan(self, facts: dict[str, Any]) -> None:
        if facts["nodeid"] not in self.planned:
            self.planned[facts["nodeid"]] = facts
            self.by_target.setdefault(str(facts.get("target") or ""), []).append(facts["nodeid"])

    def _target_done(self, label: str) -> None:
        """Every check of ``label`` has its result: hand them over now (a batch writes that
        student's row at once, so a batch killed later loses nothing of it)."""
        if self.on_target is None or not label or label in self.finished_targets:
            return
        mine = self.by_target.get(label, [])
        if mine and all(n in self.done for n in mine):
            self.finished_targets.add(label)
            self.on_target(label, [self.done[n] for n in mine])

    def _one_child(self, deadline: float) -> bool:
        """Run one child until it ends or must be killed. True when nothing is left to run."""
        with tempfile.TemporaryDirectory(prefix="coursekit-") as tmp:
            run_dir = Path(tmp)
            run_dir.chmod(0o711)  # the workers' cells are in here (the uid level passes through)
            log = run_dir / "child.log"
            events = protocol.EventChannel(run_dir)
            command, env = _child_command(self.chapters, run_dir), self._env(run_dir, events.name)
            fds = events.pass_fds + (self.warm.pass_fds if self.warm else ())
            with open(log, "wb") as log_file:
                proc: subprocess.Popen[bytes] | ForkedProcess
                if self.checkers is not None:  # forked from the warm checker zygote (watch)
                    proc = self.checkers.spawn(command[5:], run_dir, env, log_file.fileno(), fds)
                else:
                    proc = subprocess.Popen(
                        command,
                        cwd=run_dir,
                        env=env,
                        stdin=subprocess.DEVNULL,
                        stdout=log_file,
                        stderr=subprocess.STDOUT,
                        start_new_session=(os.name == "posix"),
                        pass_fds=fds,
                    )
                events.started()
                try:
                    verdict = self._watch(proc, events, deadline)
                finally:
                    events.close()
                    _kill(proc)
                    reaper.sweep_cgroups(proc.pid)
                    if self.warm is not None:
                        self.warm.checker_ended()
                    reaper.reap(self.keep)
            self.log_tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        if verdict == "collection-failed" or self.collect_error:
            self.log_tail = self.collect_error or self.log_tail
            raise GraderFailure(
                _("the hidden checks could not be collected (a bug in the kit, not in your code):")
                + "\n"
                + self.log_tail
            )
        remaining = [n for n in self.planned if n not in self.done]
        return verdict == "exited" and not remaining

    def _watch(
        self,
        proc: subprocess.Popen[bytes] | ForkedProcess,
        events: protocol.EventChannel,
        deadline: float,
    ) -> str:
        current: dict[str, Any] | None = None  # the check in flight and when it started
        importing: str | None = None
        collected = False
        pending = b""
        while True:
            exited = proc.poll() is not None
            pending += events.read()
            cut = pending.rfind(b"\n") + 1  # a line still being written waits
            complete, pending = pending[:cut], pending[cut:]
            if (
                len(pending) > protocol.MAX_EVENT
            ):  # an endless line: drop it, blame the check in flight
                pending, complete = b"", complete + b"\x00" * (protocol.MAX_EVENT + 1) + b"\n"
            for raw in complete.splitlines():
                if not raw.strip():
                    continue
                event = protocol.parse_event(raw, collected, self.planned)
                if event is None:  # malformed, oversized or unknown: the check in flight pays
                    if current is not None and current["nodeid"] not in self.done:
                        bad = _("the grading process sent a malformed record")
                        self._record(self.planned[current["nodeid"]], "error", bad)
                        current = None
                    continue
                kind = event["event"]
                if kind == "collected":
                    collected = not event.get("more")  # the last batch closes the collection
                    for facts in event["items"]:
                        self._plan(facts)
                elif kind == "start":
                    current = {"nodeid": event["nodeid"], "since": time.monotonic()}
                elif kind == "import":
                    importing = f"{event['target']}:{event['module']}"
                elif kind == "collect_error":
                    self.collect_error = f"{event.get('where', '')}: {event['message']}"
                elif kind == "imported":
                    importing = None
                elif kind == "result":
                    self._take_result(event)
                    current = None
                if self.on_event is not None:
                    self.on_event(event)
            if exited:
                if not collected:
                    return "collection-failed"
                if current is not None and current["nodeid"] not in self.done:
                    code = proc.returncode
                    self._blame(
                        current["nodeid"],
                        "error",
                        _(
                            "the check's process died (exit code {code}): os._exit(), a crash in"
                            " native code, or memory exhausted"
                        ).format(code=code),
                        importing,
                    )
                return "exited"
            now = time.monotonic()
            if current is not None:
                facts = self.planned.get(current["nodeid"], {})
                limit = facts.get("time_limit") or self.limits.check_s
                # the checker stops a slow submission itself at 0.9 x the limit (its worker
                # restarts, the checker goes on); this is the backstop for a checker that
                # hangs, with room for that cleanup, so a busy machine does not restart it
                if now - current["since"] > limit * 1.1 + BACKSTOP_S:
                    self._blame(
                        current["nodeid"],
                        "timeout",
                        _(
                            "did not finish within {seconds} s (an endless loop, or far too slow)"
                        ).format(seconds=f"{limit:g}"),
                        importing,
                    )
                    return "killed"
            if now >= deadline:
                return "killed"
            time.sleep(0.02)

    def _blame(self, nodeid: str, status: str, message: str, importing: str | None) -> None:
        facts = self.planned.get(nodeid, {"nodeid": nodeid, "exercise": "", "name": nodeid})
        if importing is not None:
            self.broken_modules.add(importing)
            module = importing.split(":", 1)[1]
            message = _("importing {module}: {message}").format(module=module, message=message)
        self._record(facts, status, message)
        if self.on_event is not None:
            self.on_event({"event": "result", **facts, "status": status, "message": message})
        note = _("{check}: {message}; restarted the checks")
        self.notes.append(note.format(check=facts.get("name", nodeid), message=message))


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _metric(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, list):
        return [_metric(v) for v in value[:1000]]
    return clean(value, 500)


def run_checks(
    *,
    chapters: Sequence[str],
    targets: Sequence[TargetSpec],
    limits: Limits,
    selection: Selection = EVERY_CHECK,
    env: dict[str, str] | None = None,
    on_event: EventHook | None = None,
    sandbox: str = "",
    warm: WarmPool | None = None,
    on_target: TargetHook | None = None,
    checkers: CheckerPool | None = None,
) -> RunOutcome:
    """Run the checks of ``chapters`` against each target; results grouped by target label.
    ``sandbox`` is the worker's cell level ("" lets the checker pick the strongest);
    ``warm`` a worker zygote the checkers fork their workers from (batch, watch);
    ``on_target(label, results)`` is called as soon as each target's last check reports;
    ``checkers`` a checker zygote that forks each checker instead of a fresh interpreter."""
    reaper.become_subreaper()
    reaper.hide_from_same_user()
    run = _Run(
        chapters,
        targets,
        selection,
        limits,
        env or {},
        on_event,
        sandbox,
        warm,
        on_target,
        checkers,
    )
    run.run()
    by_target: dict[str, list[CheckResult]] = {t.label: [] for t in targets}
    for nodeid, facts in run.planned.items():
        result = run.done.get(nodeid)
        if result is not None and facts.get("target") in by_target:
            by_target[facts["target"]].append(result)
    return RunOutcome(by_target, run.notes, run.log_tail)
