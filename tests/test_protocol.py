"""The parent's side of the checker protocol, driven with recorded event lines: a collection of
thousands of checks (selftest --mutants) arrives in batches and is taken whole, while one line
over the cap is still refused."""

from __future__ import annotations

import json
import time

from grader import protocol
from grader.runner import Limits, _Run
from grader.selection import EVERY_CHECK


class _Finished:
    returncode = 0

    def poll(self) -> int:
        return 0


class _Recorded:
    def __init__(self, lines: list[dict]) -> None:
        self.data = b"".join(json.dumps(e).encode() + b"\n" for e in lines)

    def read(self) -> bytes:
        data, self.data = self.data, b""
        return data


def _item(i: int) -> dict:
    return {
        "nodeid": f"grader/checks/ch2/test_losses.py::test_softmax[mutant-ch2.softmax:{i}]",
        "exercise": "ch2.softmax",
        "name": "test_softmax",
        "target": f"mutant-ch2.softmax:{i}",
        "time_limit": 20,
    }


def _result(item: dict) -> dict:
    return {"event": "result", "nodeid": item["nodeid"], "status": "failed", "message": "m"}


def _watch(lines: list[dict]) -> tuple[str, _Run]:
    run = _Run(["ch2"], [], EVERY_CHECK, Limits(20, 3600, 4096), {}, None, "plain")
    verdict = run._watch(_Finished(), _Recorded(lines), time.monotonic() + 60)  # type: ignore[arg-type]
    return verdict, run


def test_a_collection_of_thousands_of_checks_arrives_in_batches():
    items = [_item(i) for i in range(3000)]
    assert len(json.dumps(items)) > protocol.MAX_EVENT  # one line of them all would be refused
    size = protocol.COLLECTED_BATCH
    batches = [items[i : i + size] for i in range(0, len(items), size)]
    lines = [
        {"event": "collected", "items": b, "more": i < len(batches) - 1}
        for i, b in enumerate(batches)
    ]
    verdict, run = _watch(lines + [_result(i) for i in items])
    assert verdict == "exited"
    assert len(run.planned) == 3000 and len(run.done) == 3000


def test_one_collected_line_over_the_cap_is_refused():
    items = [_item(i) for i in range(3000)]
    verdict, run = _watch([{"event": "collected", "items": items}])
    assert verdict == "collection-failed" and not run.planned


def test_results_before_the_last_batch_of_a_collection_are_not_taken():
    """A result names a check that was collected; until the last batch, nothing is."""
    items = [_item(i) for i in range(4)]
    lines = [
        {"event": "collected", "items": items[:2], "more": True},
        _result(items[3]),  # not collected yet
        {"event": "collected", "items": items[2:], "more": False},
        _result(items[0]),
    ]
    verdict, run = _watch(lines)
    assert verdict == "exited"
    assert set(run.done) == {items[0]["nodeid"]}
