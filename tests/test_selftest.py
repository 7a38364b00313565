"""`coursekit selftest` proves every ch2 check both ways, and its own verdicts can fail."""

import shutil
from pathlib import Path

from grader.paths import MISTAKES_DIR
from grader.selftest import run_selftest


def test_a_mistake_the_checks_cannot_catch_is_reported(tmp_path: Path):
    """A 'mistake' that is in fact correct, and one that breaks more than it declares."""
    folder = tmp_path / "ch2"
    folder.mkdir()
    (folder / "harmless.py").write_text(
        'MODULE = "ch2.complexity"\nLOSES = ["ch2.fc_complexity"]\n\n'
        "def fc_mult_adds(layer_sizes):\n"
        "    return sum(a * b for a, b in zip(layer_sizes, layer_sizes[1:]))\n",
        encoding="utf-8",
    )
    shutil.copy(MISTAKES_DIR / "ch2" / "l2_penalty_without_half.py", folder / "undeclared.py")
    text = (folder / "undeclared.py").read_text(encoding="utf-8")
    (folder / "undeclared.py").write_text(
        text.replace(
            'LOSES = ["ch2.penalties", "ch2.regularized_loss"]', 'LOSES = ["ch2.penalties"]'
        ),
        encoding="utf-8",
    )
    report = run_selftest(chapter="ch2", mistakes_dir=tmp_path)
    verdicts = {v.subject: v for v in report.verdicts}
    assert not report.ok
    assert not verdicts["harmless"].ok and "not caught" in verdicts["harmless"].detail
    assert not verdicts["undeclared"].ok and "also lost ch2.regularized_loss" in (
        verdicts["undeclared"].detail
    )
    assert verdicts["solutions"].ok and verdicts["stubs"].ok
    # exercises left without a catalogued mistake are named
    assert not verdicts["ch2.softmax"].ok
