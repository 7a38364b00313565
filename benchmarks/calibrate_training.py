"""Calibrate the training checks: train the references over several seeds on every profile
the data here allows, and print (or write into README.md) the table of thresholds.

    .venv/bin/python benchmarks/calibrate_training.py [--seeds 3] [--write-readme]

Suggested threshold = max(the course's bar, lowest reference accuracy - margin). The
thresholds themselves live in grader/checks/<chapter>/test_training.py: update them by hand
when this says so. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import hardware  # noqa: E402
from grader.chapters import CHAPTERS  # noqa: E402
from grader.loader import import_module  # noqa: E402
from grader.paths import SOLUTIONS_DIR  # noqa: E402
from grader.testing.compiled import read_claim  # noqa: E402
from grader.testing.train import fit_once, load_split  # noqa: E402
from grader.training import PROFILES, TrainingCheck  # noqa: E402

MARGIN = 0.01  # stated in README: threshold = lowest reference accuracy - margin
START, END = "<!-- calibration:start -->", "<!-- calibration:end -->"


def declared() -> list[TrainingCheck]:
    specs = []
    for ch in CHAPTERS:
        path = ROOT / "grader" / "checks" / ch.id / "test_training.py"
        if path.is_file():
            module = importlib.import_module(f"grader.checks.{ch.id}.test_training")
            specs += [v for v in vars(module).values() if isinstance(v, TrainingCheck)]
    return specs


def calibrate(spec: TrainingCheck, profile: str, seeds: int) -> dict | None:
    import os

    import numpy as np
    import pytest

    if profile not in spec.budgets:
        return None
    budget = spec.budget(profile)
    if not budget.calibrated and profile == "full" and not hardware.detect().get("gpus"):
        print(f"  {spec.exercise} [{profile}]: needs a GPU; left 'not yet calibrated'")
        return _uncalibrated_row(spec, profile)
    os.environ["COURSEKIT_PROFILE"] = profile
    try:
        data, source = load_split(spec.dataset, profile)
    except pytest.skip.Exception as why:
        print(f"  {spec.exercise} [{profile}]: skipped ({why.msg})")
        return None
    reference = import_module(SOLUTIONS_DIR, "_ck_calibration", spec.exercise.split(".")[0] + "."
                              + _module_of(spec))  # fmt: skip
    x_train, y_train, x_test, y_test = data
    if spec.preprocess:
        prep = getattr(reference, spec.preprocess)
        x_train, x_test = np.asarray(prep(x_train)), np.asarray(prep(x_test))
    claim = read_claim(getattr(reference, spec.builder)())  # the reference's own compile step
    runs = [
        fit_once(spec, reference, claim, (x_train, y_train, x_test, y_test), budget, seed,
                 "calibration")
        for seed in range(seeds)
    ]  # fmt: skip
    accs = [r.accuracy for r in runs]
    # the margin: 0.01, or two test samples on a tiny test set (iris has 30)
    margin = max(MARGIN, 2 / len(y_test))
    suggested = max(budget.minimum, round(min(accs) - margin, 3))
    row = {
        "check": spec.exercise,
        "profile": profile,
        "data": source,
        "recipe": f"{budget.epochs} epochs, batch {budget.batch_size}"
        + (f", rate {budget.learning_rate:g}" if budget.learning_rate else ""),
        "threshold": budget.threshold,
        "suggested": suggested,
        "accuracy": f"{min(accs):.4f}–{max(accs):.4f} (mean {statistics.mean(accs):.4f})",
        "seconds": f"{statistics.median(r.seconds for r in runs):.1f}",
    }
    flag = "" if budget.threshold <= min(accs) - 0.002 else "  <-- reference too close to the bar"
    print(f"  {row}{flag}", flush=True)
    return row


def _uncalibrated_row(spec: TrainingCheck, profile: str) -> dict:
    budget = spec.budget(profile)
    return {
        "check": spec.exercise,
        "profile": profile,
        "data": spec.dataset,
        "recipe": f"{budget.epochs} epochs, batch {budget.batch_size}"
        + (f", rate {budget.learning_rate:g}" if budget.learning_rate else ""),
        "threshold": f"not yet calibrated (goal {budget.threshold})",
        "suggested": None,
        "accuracy": "not measured",
        "seconds": f"budget {budget.time_s:.0f}",
    }


def _module_of(spec: TrainingCheck) -> str:
    for ch in CHAPTERS:
        for ex in ch.exercises:
            if ex.id == spec.exercise:
                return ex.module.split(".", 1)[1]
    raise KeyError(spec.exercise)


def table(rows: list[dict], hw: str, seeds: int) -> str:
    import tensorflow as tf

    lines = [
        f"Measured on {hw}, TensorFlow {tf.__version__}, by `benchmarks/calibrate_training.py`"
        f" (reference solutions, seeds 0–{seeds - 1}; median training time). Threshold = the"
        f" lowest reference accuracy minus {MARGIN} (two test samples on iris), never under the"
        " course's bar.",
        "",
        "| check | profile | data | recipe | threshold | reference accuracy (min–max) | "
        "reference time (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['check']} | {r['profile']} | {r['data']} | {r['recipe']} | {r['threshold']} |"
            f" {r['accuracy']} | {r['seconds']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--only", default="", help="comma-separated exercise ids")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    hw = hardware.describe(hardware.detect())
    rows = []
    wanted = {x for x in args.only.split(",") if x}
    for spec in declared():
        if wanted and spec.exercise not in wanted:
            continue
        for profile in args.profiles.split(","):
            row = calibrate(spec, profile, args.seeds)
            if row:
                rows.append(row)
    text = table(rows, hw, args.seeds)
    print(text)
    if args.write_readme:
        readme = ROOT / "README.md"
        body = readme.read_text(encoding="utf-8")
        pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
        readme.write_text(pattern.sub(f"{START}\n{text}\n{END}", body), encoding="utf-8")
        print(f"wrote the table into {readme}")


if __name__ == "__main__":
    main()
