"""JUnit XML for CI systems (GitLab, Jenkins, GitHub test reporters): one <testsuite> per chapter,
one <testcase> per check with the exercise id as its classname, so a CI page groups checks the way
the scorecard does. A void grade adds one suite with one error that says why.

Every text that reaches the XML is cleaned first: ElementTree escapes markup (``<``, ``&``), but a
control character would still make the file unreadable to every XML parser.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.formats.common import Format, detail_lines, scrubbed
from grader.i18n import N_
from grader.results import STATUS_ORDER, TEXT_LIMIT, GradeReport, clean


def junit_tree(report: GradeReport) -> ET.Element:
    """One <testsuite> per chapter, one <testcase> per check (classname = exercise id)."""
    root = ET.Element("testsuites", name="coursekit")
    if report.void:  # the grade itself failed or was tampered with: one error says so
        suite = ET.SubElement(root, "testsuite", name="coursekit", tests="1", errors="1")
        case = ET.SubElement(suite, "testcase", classname="coursekit", name=report.status)
        ET.SubElement(
            case, "error", message=clean(report.reason), type=report.status
        ).text = "\n".join(clean(f) for f in report.changed_files)
    for ch in report.chapters:
        checks = [(e, scrubbed(c)) for e in ch.exercises for c in e.checks]
        counts = {s: sum(c.status == s for _, c in checks) for s in STATUS_ORDER}
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f"{ch.chapter} ({clean(ch.target)})",
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
                    ET.SubElement(props, "property", name=key, value=clean(value))
            message, body = c.message, clean("\n".join(detail_lines(c)), 4 * TEXT_LIMIT)
            if c.status == "failed":
                ET.SubElement(case, "failure", message=message).text = body
            elif c.status in ("error", "timeout"):
                ET.SubElement(case, "error", message=message, type=c.status).text = body
            elif c.status in ("todo", "skipped"):
                ET.SubElement(case, "skipped", message=message or c.status)
    return root


def render(report: GradeReport) -> str:
    tree = junit_tree(report)
    ET.indent(tree)
    return ET.tostring(tree, encoding="unicode", xml_declaration=True)


FORMAT = Format(
    name="junit",
    description=N_("JUnit XML for CI test reports (one testcase per check)"),
    suffix=".xml",
    render=render,
)
