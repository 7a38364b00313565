"""The standard profile's MNIST recipe (issue 8): which batch size and epoch count trains the
reference 784-128-10 MLP to the course's bar (0.975 test accuracy) on every calibration seed,
and how long that takes against one plain Keras epoch of the same model at batch 32 on the
same data, measured in the same run.

Each recipe trains with the grader's own code path (`grader.worker.objects.seed` and `.fit`:
deterministic ops, a seeded tf.data order, Adam at 1e-3 as the check declares it) and is
scored on the test set after every epoch. Also times the determinism settings' cost (the same
recipe with op determinism off). Prints figures; asserts nothing. Run (full MNIST cached):

    .venv/bin/python benchmarks/bench_mnist_recipe.py [--seeds 3] [--max-epochs 8] [--recipes ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

BAR = 0.975
RECIPES = ((64, 1e-3), (128, 1e-3), (256, 1e-3), (128, 2e-3), (256, 2e-3), (256, 4e-3))


def data() -> tuple[np.ndarray, ...]:
    from grader.data import load
    from grader.loader import import_module
    from grader.paths import SOLUTIONS_DIR

    ref = import_module(SOLUTIONS_DIR, "_bench_ref", "ch3.mnist")
    (x, y), (xt, yt) = load("mnist", download=False, quiet=True)
    return (ref.normalize(x), ref.normalize(xt), y, yt), ref  # type: ignore[return-value]


def accuracy(model, x, y) -> float:
    return float(np.mean(np.argmax(model.predict(x, batch_size=1024, verbose=0), -1) == y))


def plain_epoch(six, x, y) -> float:
    import keras

    keras.utils.set_random_seed(0)
    model = six.build_mnist_mlp()
    start = time.perf_counter()
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    return time.perf_counter() - start


def run(six, x, y, xt, yt, batch: int, seed: int, epochs: int, deterministic: bool, lr=1e-3):
    from grader.worker import objects

    if deterministic:
        objects.seed(seed)
    else:  # measured first: op determinism cannot be switched off once on
        import keras

        keras.utils.set_random_seed(seed)
    model = six.build_mnist_mlp()
    curve, seconds = [], 0.0
    for epoch in range(epochs):
        start = time.perf_counter()
        objects.fit(
            model, x, y, batch_size=batch, epochs=1,
            optimizer={"name": "Adam", "learning_rate": lr} if epoch == 0 else None,
            metrics=["sparse_categorical_accuracy"], shuffle_seed=seed * 10_000 + epoch,
        )  # fmt: skip
        seconds += time.perf_counter() - start
        curve.append((accuracy(model, xt, yt), seconds))
    return curve


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--max-epochs", type=int, default=8)
    parser.add_argument("--recipes", default="", help="e.g. 128:0.002,256:0.004 (default: all)")
    args = parser.parse_args()
    (x, xt, y, yt), six = data()
    plain = plain_epoch(six, x, y)
    print(f"one plain Keras epoch at batch 32: {plain:.2f} s (goal: a recipe within 3x = "
          f"{3 * plain:.1f} s)")  # fmt: skip
    print("the cost of determinism (batch 128, seed 0, 3 epochs):")
    for deterministic in (False, True):
        curve = run(six, x, y, xt, yt, 128, 0, 3, deterministic)
        print(f"  op determinism {'on ' if deterministic else 'off'}: {curve[-1][1]:.1f} s, "
              f"test accuracy {curve[-1][0]:.4f}")  # fmt: skip
    wanted = [w for w in args.recipes.split(",") if w]
    for batch, lr in RECIPES:
        if wanted and f"{batch}:{lr:g}" not in wanted:
            continue
        seeds = range(args.seeds)
        curves = [run(six, x, y, xt, yt, batch, s, args.max_epochs, True, lr) for s in seeds]
        print(f"\nbatch {batch}, Adam {lr:g}, deterministic ops, seeds 0-{args.seeds - 1}")
        for epoch in range(args.max_epochs):
            accs = [c[epoch][0] for c in curves]
            secs = sorted(c[epoch][1] for c in curves)[len(curves) // 2]
            ok = "  all >= bar" if min(accs) >= BAR else ""
            print(f"  epoch {epoch + 1}: test accuracy {min(accs):.4f}-{max(accs):.4f}, "
                  f"median {secs:5.1f} s ({secs / plain:.2f}x a plain epoch){ok}")  # fmt: skip


if __name__ == "__main__":
    main()
