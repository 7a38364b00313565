"""Datasets that need no download: the shipped MNIST sample, Iris (scikit-learn), the CO2 series."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from grader.data.errors import ChecksumMismatch, DataError
from grader.data.formats import Arrays, load_keras_npz
from grader.data.manifest import DATASETS_DIR, DatasetSpec
from grader.i18n import _


def bundled_path(spec: DatasetSpec) -> Path:
    return DATASETS_DIR / spec.bundled


def _shipped_missing(path: Path) -> str:
    return _("expected the shipped file {path} (part of the kit); it is missing").format(path=path)


def load_sample(spec: DatasetSpec) -> Arrays:
    """A compressed npz that ships in ``datasets/`` (the MNIST sample)."""
    path = bundled_path(spec)
    if not path.is_file():
        raise DataError(_shipped_missing(path))
    return load_keras_npz(path)


def load_iris(spec: DatasetSpec) -> Arrays:
    """Iris from scikit-learn's bundled copy, split stratified with a fixed seed."""
    from sklearn.datasets import load_iris as sklearn_iris  # imported only when asked for
    from sklearn.model_selection import train_test_split

    bunch = sklearn_iris()
    x = np.asarray(bunch.data, dtype=np.float32)  # (150, 4): sepal/petal length/width in cm
    y = np.asarray(bunch.target, dtype=np.uint8)  # (150,): 0 setosa, 1 versicolor, 2 virginica
    x_train, x_test, y_train, y_test = train_test_split(
        x,
        y,
        test_size=float(spec.options["test_fraction"]),
        random_state=int(spec.options["seed"]),
        stratify=y,
    )
    return x_train, y_train, x_test, y_test


def load_series(spec: DatasetSpec) -> tuple[np.ndarray, np.ndarray]:
    """The whole CO2 series: dates (datetime64[D]) and values (float32, gaps interpolated)."""
    path = bundled_path(spec)
    if not path.is_file():
        raise DataError(_shipped_missing(path))
    dates: list[str] = []
    values: list[float] = []
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            day = row["date"]
            dates.append(f"{day[:4]}-{day[4:6]}-{day[6:8]}")
            values.append(float(row["co2"]) if row["co2"].strip() else np.nan)
    series = np.asarray(values, dtype=np.float64)
    gaps = np.isnan(series)
    steps = np.arange(len(series))
    # weekly samples: fill the few missing weeks linearly from their neighbours
    series[gaps] = np.interp(steps[gaps], steps[~gaps], series[~gaps])
    return np.asarray(dates, dtype="datetime64[D]"), series.astype(np.float32)


def window_series(series: np.ndarray, window: int, test_fraction: float) -> Arrays:
    """Sliding windows for next-step prediction, split in time (the test part comes last).

    x: (N, window, 1) float32 -- ``window`` past values, one feature; y: (N,) float32 -- the next.
    """
    split = int(len(series) * (1.0 - test_fraction))
    starts = np.arange(len(series) - window)
    # windows[i] = series[i : i + window]: (len - window, window)
    windows = np.lib.stride_tricks.sliding_window_view(series, window)[:-1]
    targets = series[window:]
    train = starts + window < split  # a window belongs to the part its target lies in
    x = np.ascontiguousarray(windows[:, :, np.newaxis], dtype=np.float32)  # (N, window, 1)
    y = np.ascontiguousarray(targets, dtype=np.float32)  # (N,)
    return x[train], y[train], x[~train], y[~train]


def load_timeseries(spec: DatasetSpec) -> Arrays:
    _, series = load_series(spec)
    return window_series(series, int(spec.options["window"]), float(spec.options["test_fraction"]))


def check_bundled_file(spec: DatasetSpec) -> None:
    """The shipped file must still have the sha256 the manifest pins."""
    from grader.data.cache import file_sha256

    path = bundled_path(spec)
    digest = file_sha256(path)
    if digest != spec.bundled_sha256:
        raise ChecksumMismatch(
            _("{name}: expected {path} to have sha256 {expected}, it has {digest}").format(
                name=spec.name, path=path, expected=spec.bundled_sha256, digest=digest
            )
        )
