"""The pytest plugin of the grading child: turns check outcomes into result records.

Records are JSON lines sent on the channel named by COURSEKIT_EVENTS (grader.protocol); the
parent reads them as they come (progress, time limits) and trusts nothing else from this
process.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from grader import chapters, diagnose, protocol
from grader.errors import UsageError
from grader.i18n import _
from grader.protocol import emit
from grader.selection import Selection

# The worker (student code) gets the memory limit itself; the checker runs only the kit's code
# (references, and in-process mistakes and mutants) and gets this many times more: a guard
# against a mutant that allocates without end, not a budget. One checker holds every target of
# a selftest: `selftest ch5` peaks at 5.0 GB of address space, over the worker's 4 GiB, and
# TensorFlow aborts the process when an allocation fails.
CHECKER_MEMORY_FACTOR = 4


def _limit_memory() -> None:
    megabytes = CHECKER_MEMORY_FACTOR * int(os.environ.get(protocol.MEMORY_MB, "0") or 0)
    if megabytes <= 0:
        return
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the parent's time limit still applies
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "exercise(id): the registry exercise this check grades")
    config.addinivalue_line("markers", "time_limit(seconds): this check's own wall-time limit")
    config.addinivalue_line(
        "markers",
        "visibility(level): public (shown at once, ships in the student edition: needs no"
        " reference), hidden (the default) or after_due_date",
    )
    _limit_memory()


def _item_facts(item: pytest.Item) -> dict[str, Any]:
    marker = item.get_closest_marker("exercise")
    limit = item.get_closest_marker("time_limit")
    seen = item.get_closest_marker("visibility")
    callspec = getattr(item, "callspec", None)
    target = callspec.params.get("ck_target") if callspec else None
    return {
        "nodeid": item.nodeid,
        "exercise": marker.args[0] if marker else "",
        "name": getattr(item, "originalname", item.name),
        "target": target.label if target is not None else "",
        "time_limit": float(limit.args[0]) if limit else None,
        "visibility": str(seen.args[0]) if seen and seen.args else "hidden",
    }


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:  # a broken hidden check is the kit's fault: the parent stops the grade
        emit(
            {
                "event": "collect_error",
                "where": report.nodeid,
                "message": str(report.longrepr)[-3000:],
            }
        )


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    selection = Selection.from_text(os.environ.get(protocol.ONLY, ""))
    skip = set(filter(None, os.environ.get(protocol.SKIP_NODEIDS, "").split("\n")))
    per_target = {
        t["label"]: Selection(tuple(t.get("only") or ()))
        for t in json.loads(os.environ.get(protocol.TARGETS, "[]"))
    }
    keep, facts = [], []
    for item in items:
        f = _item_facts(item)
        try:
            chapters.exercise(f["exercise"])
        except UsageError as exc:
            raise pytest.UsageError(f"{item.nodeid}: {exc}") from None  # i18n: internal
        mine = per_target.get(f["target"], Selection())
        wanted = selection.wants(f["exercise"], f["name"]) and mine.wants(f["exercise"], f["name"])
        if wanted and item.nodeid not in skip:
            keep.append(item)
            facts.append(f)
    items[:] = keep
    # in batches, each well under the parent's cap on one event line (selftest --mutants
    # collects thousands of checks: one line of them all was dropped as oversized)
    size = protocol.COLLECTED_BATCH
    batches = [facts[i : i + size] for i in range(0, len(facts), size)]
    for i, batch in enumerate(batches or [[]]):
        emit({"event": "collected", "items": batch, "more": i < len(batches) - 1})


# A check's "start" is sent by the fixtures once its workers are ready (a worker's TensorFlow
# import is not the check's time): see grader.checks.fixtures._check_deadline.


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    outcomes = item.stash.setdefault(_OUTCOME, [])
    if call.when in ("setup", "call") and call.excinfo is not None:
        outcomes.append(classify(call.excinfo.value))
    item.stash[_DURATION] = item.stash.get(_DURATION, 0.0) + report.duration
    if call.when == "teardown":
        status, fields = outcomes[0] if outcomes else ("passed", {})
        duration: float = item.stash[_DURATION]
        emit(
            {
                "event": "result",
                **_item_facts(item),
                "status": status,
                "duration_s": round(duration, 4),
                "metrics": dict(item.user_properties),
                **fields,
            }
        )
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Under the grader, end the checker here: every result has been sent and the workers
    are closed (the fixtures' own unconfigure ran first). The interpreter's teardown with
    TensorFlow loaded takes over a second, and the parent waits for this process to end."""
    if not os.environ.get(protocol.EVENTS):
        return
    protocol.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(config.stash.get(_EXIT, 0))


_EXIT = pytest.StashKey[int]()
_OUTCOME = pytest.StashKey[list[tuple[str, dict[str, str]]]]()
_DURATION = pytest.StashKey[float]()


def _leaves(exc: BaseException) -> list[BaseException]:
    """Hypothesis may raise an ExceptionGroup (several distinct failures): look inside."""
    inner = getattr(exc, "exceptions", None)
    if isinstance(inner, list | tuple) and inner:
        return [leaf for e in inner for leaf in _leaves(e)]
    return [exc]


def _falsifying_example(exc: BaseException) -> str:
    notes = getattr(exc, "__notes__", []) or []
    text = " ".join(" ".join(n.split()) for n in notes if "Falsifying" in n)
    return text.replace("Falsifying example: ", "")[:300]


def _where(exc: BaseException) -> str:
    """The last frame in a submission's file: 'losses.py line 12, in softmax'."""
    frames = traceback.extract_tb(exc.__traceback__)
    kit = Path(__file__).resolve().parent
    for frame in reversed(frames):
        path = Path(frame.filename)
        if not path.resolve().is_relative_to(kit) and "site-packages" not in path.parts:
            return _("{file} line {line}, in {function}").format(
                file=path.name, line=frame.lineno, function=frame.name
            )
    return ""


def classify(exc: BaseException) -> tuple[str, dict[str, str]]:
    """(status, fields) for an exception raised by a check or by the student's code."""
    from grader.loader import SubmissionError
    from grader.testing.api import CheckFailure, NotAttempted
    from grader.worker.client import StudentError, WorkerGone, WorkerTimeout
    from grader.worker.proxy import ChangedArgument

    if isinstance(exc, pytest.skip.Exception):
        return "skipped", {"message": str(exc.msg)}
    leaves = _leaves(exc)
    first = leaves[0]
    example = _falsifying_example(exc) or _falsifying_example(first)
    if any(isinstance(e, NotAttempted | NotImplementedError) for e in leaves):
        reason = str(first) or _("raises NotImplementedError")
        return "todo", {"message": _("not attempted: {reason}").format(reason=reason)}
    if isinstance(first, CheckFailure):
        return "failed", {
            "message": first.message,
            "inputs": first.inputs or example,
            "expected": first.expected,
            "got": first.got,
            "hint": first.hint,
        }
    if isinstance(first, SubmissionError):
        return "error", {"message": str(first), "hint": getattr(first, "ck_hint", "")}
    if isinstance(first, WorkerTimeout):
        return "timeout", {
            "message": str(first) or _("did not answer in time (an endless loop, or far too slow)"),
            "inputs": example,
        }
    if isinstance(first, WorkerGone):
        return "error", {"message": str(first), "inputs": example}
    if isinstance(first, ChangedArgument):
        return "failed", {
            "message": str(first),
            "inputs": example,
            "hint": _("work on copies (w = w - lr * g, not w -= lr * g) and return the new values"),
        }
    if isinstance(first, StudentError):
        # the hint fits the crash (grader.diagnose), never the check's hint for a wrong value
        message, hint = diagnose.explain(first.info)
        return "error", {
            "message": message,
            "inputs": getattr(first, "ck_inputs", "") or example,
            "hint": hint,
        }
    where = _where(first)
    suffix = f" ({where})" if where else ""
    if isinstance(first, MemoryError):
        message = _("ran out of memory: the computation is too large for the grader's memory limit")
    elif isinstance(first, SystemExit):
        message = _("called sys.exit(): a graded function must return its result")
    elif isinstance(first, RecursionError):
        message = _("recursed too deeply (a function that calls itself without end?)")
    elif type(first).__name__ in ("Flaky", "FlakyFailure", "FlakyReplay"):
        return "failed", {
            "message": _(
                "gave different results for the same input: does it keep global state"
                " or use randomness?"
            ),
            "inputs": example,
        }
    elif isinstance(first, AssertionError):
        return "failed", {"message": str(first) or _("assertion failed"), "inputs": example}
    else:
        text = " ".join(str(first).split())[:300]
        message = _("raised {error}: {text}").format(error=type(first).__name__, text=text)
    return "error", {"message": message + suffix, "inputs": example}
