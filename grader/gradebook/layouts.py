"""Where each student's work is in a folder of submissions: ``discover(root)``.

Three layouts, told apart by what is in ``root``:

- **Gradescope export** ("Export Submissions"): ``submission_metadata.yml`` beside one folder
  per submission, ``submission_<id>/``. The YAML maps each folder name to its details, with
  Ruby-symbol keys: ``submission_123: {":submitters": [{":name", ":sid", ":email"}], ...}``
  (as otter-grader's GradescopeParser and the Gradescope autograder docs read it). Student id:
  the first submitter's ``:sid``, else the email's local part, else the folder name.
- **GitHub Classroom** (the classroom assistant / ``gh classroom clone``): one repository per
  student, named ``<assignment>-<username>``. Recognised when every folder starts with the same
  ``<prefix>-`` and at least one of them is a git repository (has ``.git``); the student id is
  the name after the common prefix (the GitHub username, which may contain ``-`` itself).
- **One folder per student** (everything else): ``root/<student>/ch2/...``; the id is the name.

In the last two a ``<student>.zip`` counts as that student's folder: it is unpacked (see
archive.py) under ``extract_dir`` (default ``root/.coursekit-unpacked``); a zip that breaks the
rules becomes a Submission with ``problem`` set, for the batch to report as broken. Names
starting with ``.`` or ``_`` are skipped (``__MACOSX``, ``.git``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from grader.gradebook.archive import UnsafeArchive, extract
from grader.gradebook.table import read_text
from grader.i18n import _

GRADESCOPE_METADATA = "submission_metadata.yml"
_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]")


@dataclass(frozen=True)
class Submission:
    student: str  # file-name safe: the batch writes students/<student>.json
    path: Path  # the folder to grade (for a zip: where it was unpacked)
    layout: str  # "folders", "classroom" or "gradescope"
    metadata: dict[str, str] = field(default_factory=dict)  # name, email, sid, assignment, ...
    problem: str = ""  # non-empty: this submission cannot be graded (an unsafe zip, ...)


def student_id(text: str) -> str:
    """A name that is safe as a file name on every OS: other characters become ``_``."""
    safe = _UNSAFE.sub("_", text.strip()).strip(".") or "_"
    return safe[:100]


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if not p.name.startswith((".", "_")))


def _unique(subs: list[Submission]) -> list[Submission]:
    """Two entries that map to one id (alice/ and alice.zip) keep the first, sorted by id."""
    seen: dict[str, Submission] = {}
    for sub in subs:
        seen.setdefault(sub.student, sub)
    return [seen[k] for k in sorted(seen)]


def _unpacked(archive: Path, student: str, extract_dir: Path) -> tuple[Path, str]:
    try:
        dest = extract(archive, extract_dir / student)
    except UnsafeArchive as exc:
        return archive, _("refused {archive}: {reason}").format(archive=archive.name, reason=exc)
    children = [p for p in dest.iterdir() if not p.name.startswith((".", "_"))]
    # a zip of the folder itself (alice.zip holding alice/ch2/...): grade the inner folder
    if len(children) == 1 and children[0].is_dir() and not children[0].name.startswith("ch"):
        return children[0], ""
    return dest, ""


def _classroom_prefix(names: list[str], folders: list[Path]) -> str:
    if len(names) < 2 or not any((f / ".git").exists() for f in folders):
        return ""
    prefix = os.path.commonprefix(names)
    prefix = prefix[: prefix.rfind("-") + 1]
    return prefix if prefix and all(len(n) > len(prefix) for n in names) else ""


def _gradescope(root: Path) -> list[Submission]:
    import yaml

    data = yaml.safe_load(read_text(root / GRADESCOPE_METADATA)) or {}
    subs = []
    for folder_name, details in data.items() if isinstance(data, dict) else []:
        folder = root / str(folder_name)
        if not folder.is_dir() or folder.is_symlink() or "/" in str(folder_name):
            continue
        people = details.get(":submitters") if isinstance(details, dict) else None
        first = people[0] if isinstance(people, list) and people else {}
        first = first if isinstance(first, dict) else {}
        meta = {k.lstrip(":"): str(v) for k, v in first.items() if isinstance(v, (str, int))}
        meta["submission"] = str(folder_name)
        if isinstance(people, list) and len(people) > 1:
            meta["group"] = ",".join(str(p.get(":sid", "")) for p in people if isinstance(p, dict))
        name = meta.get("sid") or meta.get("email", "").split("@")[0] or str(folder_name)
        subs.append(Submission(student_id(name), folder, "gradescope", meta))
    return _unique(subs)


def discover(root: Path, *, extract_dir: Path | None = None) -> list[Submission]:
    """Every submission under ``root``, one per student, sorted by student id."""
    root = Path(root)
    if (root / GRADESCOPE_METADATA).is_file():
        return _gradescope(root)
    extract_dir = extract_dir or root / ".coursekit-unpacked"
    entries = [
        p for p in _entries(root)
        if not p.is_symlink() and (p.is_dir() or p.suffix.lower() == ".zip")
    ]  # fmt: skip
    stems = [p.name if p.is_dir() else p.stem for p in entries]
    folders = [p for p in entries if p.is_dir()]
    prefix = _classroom_prefix(stems, folders)
    layout = "classroom" if prefix else "folders"
    subs = []
    for entry, stem in zip(entries, stems):
        student = student_id(stem[len(prefix) :])
        meta = {"assignment": prefix[:-1]} if prefix else {}
        path, problem = entry, ""
        if entry.is_file():
            path, problem = _unpacked(entry, student, extract_dir)
        subs.append(Submission(student, path, layout, meta, problem))
    return _unique(subs)
