"""The gradebook: a batch folder into a table, CSVs for us / Canvas / Moodle, a PNG, shard merges,
and the integrity report (copydetect pairs, renamed copies of the references)."""

from __future__ import annotations

import csv
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from PIL import Image
from rich.console import Console

from conftest import FIXTURES, run_cli
from grader.gradebook import exports, render, table
from grader.gradebook.commands import build
from grader.gradebook.merge import MergeConflict, merge
from grader.gradebook.similarity import similarity
from grader.paths import EXERCISES_DIR

CLASS = FIXTURES / "gradebook" / "class"
GOLDEN = FIXTURES / "gradebook" / "expected_gradebook.csv"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))


def test_build_twice_gives_the_golden_csv(tmp_path: Path) -> None:
    first = build(batch_dir=CLASS, out=tmp_path / "a")
    build(batch_dir=CLASS, out=tmp_path / "b")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert (tmp_path / "a" / "gradebook.csv").read_text(encoding="utf-8") == expected
    assert (tmp_path / "b" / "gradebook.csv").read_text(encoding="utf-8") == expected
    students = first.book.students.set_index("student")
    assert students.loc["alice", "total"] == 23 and students.loc["heidi", "status"] == "error"
    assert "unreadable results JSON" in students.loc["heidi", "reason"]


def test_rich_table_has_the_class_statistics(tmp_path: Path) -> None:
    console = Console(file=StringIO(), width=120)
    build(batch_dir=CLASS, out=tmp_path, console=console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    softmax = next(line for line in text.splitlines() if "ch2.softmax " in line)
    assert "1.04" in softmax and "20 %" in softmax and "test_softmax_large_logits (3)" in softmax
    adam = next(line for line in text.splitlines() if "ch2.adam " in line)
    assert "40 %" in adam and "test_adam_five_steps (1)" in adam
    for line in ("students", "graded", "timeout", "mean (graded)", "15.54", "0 / 23"):
        assert line in text


def test_png_is_a_real_picture(tmp_path: Path) -> None:
    build(batch_dir=CLASS, out=tmp_path)
    png = tmp_path / "gradebook.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    with Image.open(png) as image:
        image.verify()
        assert image.size == (1200, 500)


def test_canvas_and_moodle_headers(tmp_path: Path) -> None:
    build(batch_dir=CLASS, out=tmp_path)
    canvas = _rows(tmp_path / "canvas.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "coursekit ch2"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "23"]
    assert canvas[2] == ["alice", "", "", "alice", "", "23"]
    assert ["heidi", "", "", "heidi", "", ""] in canvas  # unreadable: blank, not a zero
    moodle = _rows(tmp_path / "moodle.csv")
    assert moodle[0] == ["Username", "ID number", "Email address", "Full name", "coursekit ch2"]
    assert ["carol", "", "", "", "21.1"] in moodle


def test_roster_fills_the_identity_columns(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "student,name,email,sis_id,section\n"
        'carol,"Lee, Carol",carol@uni.edu,S123,A1\n'
        "dave,=cmd|' /C calc'!A0,dave@uni.edu,S124,A2\n",
        encoding="utf-8",
    )
    build(batch_dir=CLASS, out=tmp_path / "gb", roster=roster)
    canvas = _rows(tmp_path / "gb" / "canvas.csv")
    assert ["Lee, Carol", "", "S123", "carol@uni.edu", "A1", "21.1"] in canvas
    assert any(row[0].startswith("'=") for row in canvas)  # a formula stays text
    moodle = _rows(tmp_path / "gb" / "moodle.csv")
    assert ["carol", "S123", "carol@uni.edu", "Lee, Carol", "21.1"] in moodle


def test_merge_of_two_shards_equals_the_whole(tmp_path: Path) -> None:
    files = sorted((CLASS / "students").glob("*.json"))
    for i, shard in enumerate(("s1", "s2")):
        (tmp_path / shard / "students").mkdir(parents=True)
        for path in files[i::2] + files[:1]:  # alice in both: an identical duplicate is fine
            shutil.copy(path, tmp_path / shard / "students" / path.name)
    merge(out=tmp_path / "merged", shards=[tmp_path / "s1", tmp_path / "s2"])
    build(batch_dir=tmp_path / "merged", out=tmp_path / "gb")
    assert (tmp_path / "gb" / "gradebook.csv").read_text() == GOLDEN.read_text()


def test_merge_refuses_one_student_with_two_submissions(tmp_path: Path) -> None:
    for shard, digest in (("s1", "a" * 64), ("s2", "b" * 64)):
        (tmp_path / shard / "students").mkdir(parents=True)
        data = json.loads((CLASS / "students" / "alice.json").read_text())
        data["submission_sha256"] = digest
        (tmp_path / shard / "students" / "alice.json").write_text(json.dumps(data))
    with pytest.raises(MergeConflict, match="alice"):
        merge(out=tmp_path / "merged", shards=[tmp_path / "s1", tmp_path / "s2"])
    assert not (tmp_path / "merged").exists()
    result = run_cli("gradebook", "merge", str(tmp_path / "m"), str(tmp_path / "s1"),
                     str(tmp_path / "s2"))  # fmt: skip
    assert result.exit_code == 2 and "different submissions" in result.output


def _hostile(folder: Path) -> None:
    students = folder / "students"
    students.mkdir(parents=True)
    good = json.loads((CLASS / "students" / "carol.json").read_text())
    liar = json.loads(json.dumps(good))
    liar["exercises"][0]["earned"] = "1.0"  # a string where a number should be
    liar["exercises"][1]["earned"] = 1e9  # more than the registry allows: clamped
    (students / "liar.json").write_text(json.dumps(liar))
    escapes = json.loads(json.dumps(good))
    escapes["batch_reason"] = "\x1b[2J\x1b]0;pwned\x07 cleared"
    escapes["exercises"][6]["checks"][0]["name"] = "\x1b[31m[bold]boom[/bold]"
    (students / "escapes.json").write_text(json.dumps(escapes))
    (students / "huge.json").write_text('{"x": "' + "A" * 10_000_000 + '"}')
    (students / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (students / "list.json").write_text("[1, 2]")
    (students / "unknown.json").write_text(json.dumps({**good, "batch_status": "passed!"}))
    other = json.loads(json.dumps(good))
    other["exercises"].append({"id": "ch2.free_points", "status": "passed", "earned": 99})
    (students / "other.json").write_text(json.dumps(other))


def test_hostile_rows_are_errors_never_crashes(tmp_path: Path) -> None:
    _hostile(tmp_path)
    book = table.load(tmp_path)
    rows = book.students.set_index("student")
    assert set(rows["status"]) == {"error", "graded"}
    liar = rows.loc["liar"]
    assert liar["status"] == "error" and "not valid" in liar["reason"]
    assert liar["ch2.tanh"] == 1.0 and liar["total"] <= 23
    for name in ("huge", "deep", "list", "unknown", "other"):
        assert rows.loc[name, "status"] == "error", name
        assert rows.loc[name, "total"] <= 23
    assert "larger than" in rows.loc["huge", "reason"]
    console = Console(file=StringIO(), width=120)
    render.print_gradebook(book, console)
    exports.write_gradebook_csv(book, tmp_path / "gb.csv")
    for text in (console.file.getvalue(), (tmp_path / "gb.csv").read_text()):  # type: ignore[attr-defined]
        assert "\x1b" not in text and "\x07" not in text
    alone = table.build_table([table.read_row(tmp_path / "students" / "escapes.json")])
    console = Console(file=StringIO(), width=120)
    render.print_gradebook(alone, console)
    assert "cleared" in alone.students["reason"][0] and "\x1b" not in alone.students["reason"][0]
    assert "[31m[bold]boom[/bold] (1)" in console.file.getvalue()  # type: ignore[attr-defined]


STUB = 'raise NotImplementedError("write your solution here")'
TF_SOFTMAX = """logits = tf.convert_to_tensor(logits)
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    e = tf.exp(shifted)
    return e / tf.reduce_sum(e, axis=-1, keepdims=True)"""
NEAR_COPY = """# written by me, honestly
    z = tf.convert_to_tensor(logits)
    moved = z - tf.reduce_max(z, axis=-1, keepdims=True)  # for stability
    ex = tf.exp(moved)
    return ex / tf.reduce_sum(ex, axis=-1, keepdims=True)"""
NUMPY_LOOP = """import numpy as np
    arr = np.array(logits, dtype=float)
    flat = arr.reshape(-1, arr.shape[-1])  # (rows, classes)
    out = np.empty_like(flat)
    for i, row in enumerate(flat):
        top = max(row)
        exps = [np.exp(v - top) for v in row]
        total = sum(exps)
        out[i] = [x / total for x in exps]
    return out.reshape(arr.shape)"""
RENAMED_REFERENCE = """scores = tf.convert_to_tensor(scores)
    moved = scores - tf.reduce_max(scores, axis=-1, keepdims=True)
    powers = tf.exp(moved)
    return powers / tf.reduce_sum(powers, axis=-1, keepdims=True)"""


def _student(root: Path, name: str, body: str, arg: str = "logits") -> None:
    folder = root / name / "ch2"
    shutil.copytree(EXERCISES_DIR / "ch2", folder, ignore=shutil.ignore_patterns("__pycache__"))
    source = (folder / "losses.py").read_text(encoding="utf-8")
    start = source.index("def softmax(logits)")
    stub = source.index(STUB, start)
    source = source[:start] + f"def softmax({arg})" + source[start + 19 : stub]
    (folder / "losses.py").write_text(source + body + source_tail(stub), encoding="utf-8")


def source_tail(stub: int) -> str:
    source = (EXERCISES_DIR / "ch2" / "losses.py").read_text(encoding="utf-8")
    return source[stub + len(STUB) :]


def test_similarity_flags_copies_and_not_independent_work(tmp_path: Path) -> None:
    root = tmp_path / "class"
    _student(root, "ann", TF_SOFTMAX)
    _student(root, "ben", NEAR_COPY)
    _student(root, "cat", NUMPY_LOOP)
    _student(root, "dan", RENAMED_REFERENCE, arg="scores")
    _student(root, "eve", STUB)  # untouched stubs: boilerplate, like everyone's
    pairs, copies = similarity(submissions=root, out=tmp_path / "out", threshold=0.8)
    flagged = {(p.student_a, p.student_b) for p in pairs}
    assert ("ann", "ben") in flagged
    assert not {("ann", "cat"), ("ben", "cat"), ("cat", "dan")} & flagged
    assert not any("eve" in pair for pair in flagged)
    assert _rows(tmp_path / "out" / "similarity.csv")[0] == ["student_a", "student_b", "file",
                                                             "score"]  # fmt: skip
    assert {(c.student, c.function) for c in copies} == {("ann", "softmax"), ("dan", "softmax")}
    rows = _rows(tmp_path / "out" / "reference_copies.csv")
    assert rows[0] == ["student", "file", "function", "nodes"]
    assert ["dan", "ch2/losses.py", "softmax"] == rows[2][:3]


def test_cli_build_writes_the_four_files(tmp_path: Path) -> None:
    result = run_cli("gradebook", "build", str(CLASS), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "ch2.softmax" in result.output
    names = {"gradebook.csv", "canvas.csv", "moodle.csv", "gradebook.png"}
    assert names <= {p.name for p in tmp_path.iterdir()}


def test_png_speaks_chinese_only_with_a_cjk_font(tmp_path: Path, monkeypatch) -> None:
    from grader import i18n

    with i18n.using("zh"):
        monkeypatch.setattr(render.plotlang, "cjk_font", lambda: None)
        word, params = render.png_words()
        assert word(render.PASS_RATE_AXIS) == "pass rate (%)" and not params  # no boxes
        render.draw_png(table.load(CLASS), tmp_path / "en.png")
        monkeypatch.setattr(render.plotlang, "cjk_font", lambda: "DejaVu Sans")  # as if it were one
        word, params = render.png_words()
        assert word(render.PASS_RATE_AXIS) == "通过率（%）"
        assert params["font.sans-serif"][0] == "DejaVu Sans"
        with pytest.warns(UserWarning, match="Glyph"):  # DejaVu has no CJK: drawn anyway
            render.draw_png(table.load(CLASS), tmp_path / "zh.png")
    for name in ("en.png", "zh.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
