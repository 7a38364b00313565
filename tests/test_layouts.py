"""discover(): per-student folders, GitHub Classroom repos, Gradescope exports and zips, with
hostile zips (zip-slip, links, bombs) refused before anything is written."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from grader.gradebook import archive
from grader.gradebook.archive import UnsafeArchive, extract
from grader.gradebook.layouts import discover, student_id


def _work(folder: Path) -> Path:
    (folder / "ch2").mkdir(parents=True)
    (folder / "ch2" / "losses.py").write_text("def softmax(x):\n    return x\n")
    return folder


def test_one_folder_per_student(tmp_path: Path) -> None:
    for name in ("bob", "alice", "anna-lee"):
        _work(tmp_path / name)
    (tmp_path / ".DS_Store").write_text("")
    (tmp_path / "__MACOSX").mkdir()
    subs = discover(tmp_path)
    assert [(s.student, s.layout) for s in subs] == [
        ("alice", "folders"), ("anna-lee", "folders"), ("bob", "folders")
    ]  # fmt: skip
    assert subs[0].path == tmp_path / "alice" and not subs[0].problem


def test_github_classroom_repos(tmp_path: Path) -> None:
    for user in ("octocat", "mona-lisa"):
        (_work(tmp_path / f"ch2-softmax-{user}") / ".git").mkdir()
    subs = discover(tmp_path)
    assert [s.student for s in subs] == ["mona-lisa", "octocat"]
    assert {s.layout for s in subs} == {"classroom"}
    assert subs[0].metadata == {"assignment": "ch2-softmax"}
    assert subs[1].path == tmp_path / "ch2-softmax-octocat"


def test_gradescope_export(tmp_path: Path) -> None:
    _work(tmp_path / "submission_101")
    _work(tmp_path / "submission_102")
    (tmp_path / "submission_metadata.yml").write_text(
        """submission_101:
  :submitters:
  - :name: Ada Lovelace
    :sid: '2024001'
    :email: ada@uni.edu
  :created_at: 2026-11-30 10:00:00.000000000 -08:00
  :score: 0.0
submission_102:
  :submitters:
  - :name: Alan Turing
    :sid: ''
    :email: alan.t@uni.edu
  - :name: Grace Hopper
    :sid: '2024003'
    :email: grace@uni.edu
submission_999:
  :submitters: []
""",
        encoding="utf-8",
    )
    subs = discover(tmp_path)
    assert [s.student for s in subs] == ["2024001", "alan.t"]  # 999 has no folder
    ada, alan = subs
    assert ada.layout == "gradescope" and ada.path == tmp_path / "submission_101"
    assert ada.metadata["name"] == "Ada Lovelace" and ada.metadata["email"] == "ada@uni.edu"
    assert alan.metadata["group"] == ",2024003"


def test_student_zip_is_unpacked(tmp_path: Path) -> None:
    root = tmp_path / "class"
    root.mkdir()
    with zipfile.ZipFile(root / "alice.zip", "w") as zf:
        zf.writestr("alice/ch2/losses.py", "def softmax(x):\n    return x\n")
    _work(root / "bob")
    alice, bob = discover(root, extract_dir=tmp_path / "unpacked")
    assert alice.student == "alice" and not alice.problem
    assert alice.path == tmp_path / "unpacked" / "alice" / "alice"
    assert (alice.path / "ch2" / "losses.py").is_file() and bob.path == root / "bob"


def _zip_with(path: Path, name: str, data: str = "x", mode: int | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ok.py", "print('ok')\n")
        info = zipfile.ZipInfo(name)
        if mode is not None:
            info.external_attr = mode << 16
        zf.writestr(info, data)
    return path


@pytest.mark.parametrize("name", ["../evil.py", "ch2/../../evil.py", "/etc/evil", "C:/evil"])
def test_zip_slip_is_refused(tmp_path: Path, name: str) -> None:
    bad = _zip_with(tmp_path / "mallory.zip", name)
    with pytest.raises(UnsafeArchive, match="relative path"):
        extract(bad, tmp_path / "out" / "mallory")
    assert not (tmp_path / "out").exists() and not (tmp_path / "evil.py").exists()


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    bad = _zip_with(tmp_path / "mallory.zip", "ch2/losses.py", "/work/solutions/ch2/losses.py",
                    mode=stat.S_IFLNK | 0o777)  # fmt: skip
    with pytest.raises(UnsafeArchive, match="link"):
        extract(bad, tmp_path / "out")
    root = tmp_path / "class"
    root.mkdir()
    bad.rename(root / "mallory.zip")
    (sub,) = discover(root, extract_dir=tmp_path / "unpacked")
    assert sub.student == "mallory" and "refused mallory.zip" in sub.problem
    assert not (tmp_path / "unpacked" / "mallory").exists()


def test_zip_bomb_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_TOTAL", 1000)
    bomb = _zip_with(tmp_path / "bomb.zip", "big.py", "0" * 5000)
    with pytest.raises(UnsafeArchive, match="expands"):
        extract(bomb, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_not_a_zip_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "eve.zip").write_bytes(b"PK\x03\x04 not really")
    (sub,) = discover(tmp_path)
    assert sub.problem.startswith("refused eve.zip")


def test_student_ids_are_safe_file_names() -> None:
    assert student_id("../../etc/passwd") == "_.._etc_passwd"
    assert student_id("Zoë O'Brien") == "Zo__O_Brien"
    assert student_id("..") == "_"
