"""Folders for the checks of files, one per direction, and real digits as image files.

A graded target runs in a sandboxed worker that may write only to its own scratch folder. The
checker puts inputs in an *input* folder the worker can only read, and reads what the
submission wrote from an *output* folder through ``grader.testing.files`` (no links followed,
regular files only, size and pixel caps): it never writes where the worker can write, so a
link the submission left cannot make the checker write anywhere. The kit's own trusted
targets run in-process and get fresh temporary folders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np


def input_folder(ck_target: Any, name: str) -> Path:
    """A new folder the checker fills and the target's code can only read."""
    from grader.checks import fixtures

    return fixtures.input_folder(ck_target, name)


def output_folder(ck_target: Any, name: str) -> Path:
    """A new, empty folder the target's code writes into; read it with grader.testing.files."""
    from grader.checks import fixtures

    return fixtures.output_folder(ck_target, name)


def private_folder(name: str) -> Path:
    """A new folder only the checker sees (a reference run in the checker writes there)."""
    from grader.checks import fixtures

    return fixtures.private_folder(name)


def sample_digits(count: int, offset: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``count`` test digits of the shipped MNIST sample (uint8 (n, 28, 28)) and labels."""
    from grader.data import load

    _, (x_test, y_test) = load("mnist", sample=True)
    return x_test[offset : offset + count], y_test[offset : offset + count].astype(np.int64)


def write_digits(folder: Path, digits: np.ndarray, labels: np.ndarray) -> Path:
    """The digits as PNG files in ``folder/images`` and a "file label" list; returns the list."""
    from PIL import Image

    images = folder / "images"
    images.mkdir(exist_ok=True)
    images.chmod(0o755)  # an input: readable by the worker (another user at the uid level)
    lines = []
    for i, (digit, label) in enumerate(zip(digits, labels)):
        name = f"{i}_{int(label)}.png"
        Image.fromarray(digit, mode="L").save(images / name)
        lines.append(f"{name} {int(label)}")
    label_file = folder / "labels.txt"
    label_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return label_file


def course_folder(path: Path) -> str:
    """A folder the way the course's code names one: a string ending in "/"
    (``train_path = './mnist_image_label/mnist_train_jpg_60000/'``), so the course's
    ``path + name`` finds the file as ``os.path.join`` and ``pathlib`` do."""
    return str(path) + "/"
