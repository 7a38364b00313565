"""Result records and their machine-readable forms (JSON for gradebooks, JUnit for CI).

The records are plain dataclasses: the scorecard renders them, the serialisers below write them.
The JSON layout is a stable interface, documented in README.md.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from grader import __version__

# Worst first: an exercise takes the worst status of its checks.
STATUS_ORDER = ("error", "timeout", "failed", "todo", "skipped", "passed")


OK_STATUSES = ("passed", "skipped")  # a check that did not pass, fail or err


def worst(statuses: list[str]) -> str:
    if not statuses:
        return "todo"
    return min(statuses, key=STATUS_ORDER.index)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
TEXT_LIMIT = 4000


def clean(text: object, limit: int = TEXT_LIMIT) -> str:
    """Text that came from a submission, safe for a terminal and for XML: no control characters
    (escape sequences, NUL, bells), no lone surrogates, and a bounded length."""
    out = _CONTROL.sub("", str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


def write_atomically(path: Path, text: str) -> None:
    """A reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class CheckResult:
    exercise: str
    name: str
    status: str
    message: str = ""
    duration_s: float = 0.0
    inputs: str = ""  # the (shrunk) input that broke it, already abridged for display
    expected: str = ""
    got: str = ""
    hint: str = ""
    rerun: str = ""  # the command that reruns just this check
    metrics: dict[str, Any] = field(default_factory=dict)  # e.g. accuracy, time, seed (training)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "exercise"}
        if not self.metrics:
            del data["metrics"]
        return data


@dataclass
class ExerciseResult:
    id: str
    title: str
    possible: float
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        return worst([c.status for c in self.checks])

    @property
    def graded(self) -> bool:
        """False when every check was skipped (a tier this hardware or data cannot run)."""
        return any(c.status != "skipped" for c in self.checks)

    @property
    def earned(self) -> float:
        ran = [c for c in self.checks if c.status != "skipped"]
        if not ran:
            return 0.0
        passed = sum(c.status == "passed" for c in ran)
        return round(self.possible * passed / len(ran), 4)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "earned": self.earned,
            "possible": self.possible,
            "checks": [c.to_json() for c in self.checks],
        }


def _score(earned: float, possible: float) -> dict[str, float]:
    percent = 100.0 * earned / possible if possible else 0.0
    return {"earned": round(earned, 4), "possible": possible, "percent": round(percent, 2)}


@dataclass
class ChapterResult:
    chapter: str
    title: str
    target: str
    exercises: list[ExerciseResult]
    profile: str = "sample"
    profile_reason: str = ""
    hardware: dict[str, Any] = field(default_factory=lambda: {"gpus": [], "cpu_cores": 0})
    notes: list[str] = field(default_factory=list)  # grader-level events (restarts, timeouts)
    sandbox: str = ""  # the worker's cell level: bwrap, landlock, uid or plain

    @property
    def earned(self) -> float:
        return sum(e.earned for e in self.exercises)

    @property
    def possible(self) -> float:
        """Points of the exercises that were graded (fully skipped ones do not count)."""
        return sum(e.possible for e in self.exercises if e.graded)

    @property
    def percent(self) -> float:
        return _score(self.earned, self.possible)["percent"]

    def to_json(self) -> dict[str, Any]:
        return {
            "kit_version": __version__,
            "chapter": self.chapter,
            "target": self.target,
            "profile": self.profile,
            "profile_reason": self.profile_reason,
            "hardware": self.hardware,
            "sandbox": self.sandbox,
            "score": _score(self.earned, self.possible),
            "exercises": [e.to_json() for e in self.exercises],
        }


@dataclass
class GradeReport:
    """What one `coursekit grade` produced: one or more chapters."""

    chapters: list[ChapterResult]
    all_chapters: bool = False
    # "ok"; "tampered": the kit's grading files changed during the grade (the score is void);
    # "grader-error": the grader itself failed (``reason`` says why)
    status: str = "ok"
    reason: str = ""
    changed_files: list[str] = field(default_factory=list)

    @property
    def void(self) -> bool:
        return self.status != "ok"

    @property
    def earned(self) -> float:
        return 0.0 if self.void else sum(c.earned for c in self.chapters)

    @property
    def possible(self) -> float:
        return sum(c.possible for c in self.chapters)

    @property
    def percent(self) -> float:
        return _score(self.earned, self.possible)["percent"]

    def to_json(self) -> dict[str, Any]:
        status: dict[str, Any] = {"status": self.status}
        if self.void:
            status.update(reason=self.reason, changed_files=self.changed_files)
        if not self.all_chapters and len(self.chapters) == 1:
            data = self.chapters[0].to_json()
            if self.void:
                data["score"] = _score(0.0, self.possible)
            return {**data, **status}
        return {
            "kit_version": __version__,
            "chapters": [c.to_json() for c in self.chapters],
            "score": _score(self.earned, self.possible),
            **status,
        }

    def write_json(self, path: Path) -> None:
        write_atomically(path, json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")

    def write_junit(self, path: Path) -> None:
        tree = junit_tree(self)
        ET.indent(tree)
        write_atomically(path, ET.tostring(tree, encoding="unicode", xml_declaration=True))


def failed_report(chapter: str, target: str, reason: str) -> GradeReport:
    """What is written when the grader itself could not finish: no score, and why."""
    return GradeReport(
        [ChapterResult(chapter, "", target, [])], status="grader-error", reason=clean(reason)
    )


def junit_tree(report: GradeReport) -> ET.Element:
    """One <testsuite> per chapter, one <testcase> per check (classname = exercise id)."""
    root = ET.Element("testsuites", name="coursekit")
    if report.void:  # the grade itself failed or was tampered with: one error says so
        suite = ET.SubElement(root, "testsuite", name="coursekit", tests="1", errors="1")
        case = ET.SubElement(suite, "testcase", classname="coursekit", name=report.status)
        ET.SubElement(case, "error", message=report.reason, type=report.status).text = "\n".join(
            report.changed_files
        )
    for ch in report.chapters:
        checks = [(e, c) for e in ch.exercises for c in e.checks]
        counts = {s: sum(c.status == s for _, c in checks) for s in STATUS_ORDER}
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f"{ch.chapter} ({ch.target})",
            tests=str(len(checks)),
            failures=str(counts["failed"]),
            errors=str(counts["error"] + counts["timeout"]),
            skipped=str(counts["skipped"] + counts["todo"]),
            time=f"{sum(c.duration_s for _, c in checks):.3f}",
        )
        for ex, c in checks:
            case = ET.SubElement(
                suite, "testcase", classname=ex.id, name=c.name, time=f"{c.duration_s:.3f}"
            )
            if c.metrics:  # training figures (accuracy, seed, device, ...) as properties
                props = ET.SubElement(case, "properties")
                for key, value in c.metrics.items():
                    ET.SubElement(props, "property", name=key, value=str(value))
            body = "\n".join(
                f"{label}: {value}"
                for label, value in (
                    ("input", c.inputs),
                    ("expected", c.expected),
                    ("got", c.got),
                    ("hint", c.hint),
                    ("rerun", c.rerun),
                )
                if value
            )
            message, body = clean(c.message), clean(body, 4 * TEXT_LIMIT)
            if c.status == "failed":
                ET.SubElement(case, "failure", message=message).text = body
            elif c.status in ("error", "timeout"):
                ET.SubElement(case, "error", message=message, type=c.status).text = body
            elif c.status in ("todo", "skipped"):
                ET.SubElement(case, "skipped", message=message or c.status)
    return root
