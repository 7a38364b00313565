"""`coursekit watch`: what a save regrades (function by function, through imports), and the
loop itself on warm zygotes: edit → regrade of that exercise only → the verdict follows the
edit; a hostile save is contained as under `grade` and the watch goes on."""

import os
import shutil
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from grader.chapters import chapter
from grader.paths import SOLUTIONS_DIR
from grader.study.watch import Changes, importers

CH2 = chapter("ch2")


def _chapter(tmp_path: Path) -> Path:
    shutil.copytree(
        SOLUTIONS_DIR / "ch2", tmp_path / "ch2", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path / "ch2"


def test_an_edit_inside_one_function_regrades_its_exercise_only(tmp_path):
    folder = _chapter(tmp_path)
    changes = Changes()
    changes.remember(folder)
    losses = folder / "losses.py"
    text = losses.read_text(encoding="utf-8")
    losses.write_text(
        text.replace("def mse(y_true, y_pred):", "def mse(y_true, y_pred):  # edited"),
        encoding="utf-8",
    )
    assert changes.exercises(CH2, folder, [losses]) == []  # a comment changes no code
    losses.write_text(
        text.replace(
            "def mse(y_true, y_pred):\n", "def mse(y_true, y_pred):\n    y_true = y_true\n", 1
        ),
        encoding="utf-8",
    )
    assert changes.exercises(CH2, folder, [losses]) == ["ch2.mse"]


def test_an_edit_outside_the_exercises_regrades_the_module_and_its_importers(tmp_path):
    folder = _chapter(tmp_path)
    (folder / "helpers.py").write_text("SCALE = 1\n", encoding="utf-8")
    optim = folder / "optimizers.py"
    optim.write_text(
        "from .helpers import SCALE\n" + optim.read_text(encoding="utf-8"), encoding="utf-8"
    )
    changes = Changes()
    changes.remember(folder)
    (folder / "helpers.py").write_text("SCALE = 2\n", encoding="utf-8")
    assert importers(folder, {"helpers"}) == {"helpers", "optimizers"}
    regraded = changes.exercises(CH2, folder, [folder / "helpers.py"])
    assert set(regraded) == {e.id for e in CH2.exercises if e.module == "ch2.optimizers"}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="warm zygotes fork (Linux, macOS)")
def test_watch_regrades_on_save_and_contains_a_hostile_save(tmp_path):
    from grader.study.watch import watch

    folder = _chapter(tmp_path)
    grades: list[tuple[float, list[str], dict[str, str]]] = []
    seen = threading.Event()

    def on_grade(full, partial, seconds):
        statuses = {e.id: e.status for c in full.chapters for e in c.exercises}
        grades.append((seconds, [e.id for c in partial.chapters for e in c.exercises], statuses))
        seen.set()

    stop = threading.Event()
    run = threading.Thread(
        target=watch,
        kwargs=dict(
            chapter="ch2",
            console=Console(file=StringIO()),
            target=tmp_path,
            stop=stop,
            on_grade=on_grade,
        ),
    )
    run.start()
    try:
        assert seen.wait(300), "no first grade"
        assert set(grades[0][2].values()) == {"passed"}
        losses = folder / "losses.py"
        good = losses.read_text(encoding="utf-8")

        def save(text: str) -> tuple[float, list[str], dict[str, str]]:
            seen.clear()
            time.sleep(0.3)
            losses.write_text(text, encoding="utf-8")
            assert seen.wait(120), "no regrade after a save"
            return grades[-1]

        broken = good.replace(
            "def mse(y_true, y_pred):\n", "def mse(y_true, y_pred):\n    return 0.0\n", 1
        )
        _, regraded, statuses = save(broken)
        assert regraded == ["ch2.mse"] and statuses["ch2.mse"] == "failed"
        assert statuses["ch2.softmax"] == "passed"  # the others keep their last verdict
        hostile = broken.replace(
            "    return 0.0\n",
            "    import os, signal\n"
            "    os.kill(os.getppid(), signal.SIGKILL)\n"
            "    os.kill(1, signal.SIGKILL)\n"
            "    return 0.0\n",
            1,
        )
        _, regraded, statuses = save(hostile)
        assert regraded == ["ch2.mse"] and statuses["ch2.mse"] in ("failed", "error")
        _, regraded, statuses = save(good)  # the watch (and its zygotes) survived
        assert regraded == ["ch2.mse"] and statuses["ch2.mse"] == "passed"
    finally:
        stop.set()
        run.join(60)
    assert not run.is_alive()
