"""Result records and their machine-readable forms (JSON for gradebooks, JUnit for CI).

The records are plain dataclasses: the scorecard renders them, the serialisers below write them.
The JSON layout is a stable interface, documented in README.md.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from grader import __version__

# Worst first: an exercise takes the worst status of its checks.
STATUS_ORDER = ("error", "timeout", "failed", "todo", "skipped", "passed")


def worst(statuses: list[str]) -> str:
    if not statuses:
        return "todo"
    return min(statuses, key=STATUS_ORDER.index)


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
            "score": _score(self.earned, self.possible),
            "exercises": [e.to_json() for e in self.exercises],
        }


@dataclass
class GradeReport:
    """What one `coursekit grade` produced: one or more chapters."""

    chapters: list[ChapterResult]
    all_chapters: bool = False

    @property
    def earned(self) -> float:
        return sum(c.earned for c in self.chapters)

    @property
    def possible(self) -> float:
        return sum(c.possible for c in self.chapters)

    @property
    def percent(self) -> float:
        return _score(self.earned, self.possible)["percent"]

    def to_json(self) -> dict[str, Any]:
        if not self.all_chapters and len(self.chapters) == 1:
            return self.chapters[0].to_json()
        return {
            "kit_version": __version__,
            "chapters": [c.to_json() for c in self.chapters],
            "score": _score(self.earned, self.possible),
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.to_json(), indent=2, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")

    def write_junit(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(junit_tree(self)).write(path, encoding="utf-8", xml_declaration=True)


def junit_tree(report: GradeReport) -> ET.Element:
    """One <testsuite> per chapter, one <testcase> per check (classname = exercise id)."""
    root = ET.Element("testsuites", name="coursekit")
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
            if c.status == "failed":
                ET.SubElement(case, "failure", message=c.message).text = body
            elif c.status in ("error", "timeout"):
                ET.SubElement(case, "error", message=c.message, type=c.status).text = body
            elif c.status in ("todo", "skipped"):
                ET.SubElement(case, "skipped", message=c.message or c.status)
    return root
