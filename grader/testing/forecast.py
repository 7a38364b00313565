"""The regression side of the training check: a model that predicts numbers, trained with the
grader's recipe in the checker (on the specified model, proven to be the student's),
measured here in the data's own units (MSE, RMSE, MAE), and for
a time series held against the naive forecast "next = last".

A chapter declares a ``ForecastCheck`` and hands ``run_forecast_check`` its ``ForecastData``
(windows scaled as the chapter teaches, the test targets in their own units, and the way back
from the scaled prediction). The worker never sees the test targets: it returns predictions,
and every metric is computed in the checker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from grader import plotlang, protocol
from grader.i18n import N_, _
from grader.testing import models
from grader.testing.api import expect
from grader.testing.compiled import (
    CompileClaim,
    compile_like,
    read_claim,
    require_compiled,
    training_with,
)
from grader.testing.train import (
    build_spec,
    check_architecture,
    figure,
    save_figure,
    seed_everything,
)
from grader.training import Architecture
from grader.worker import objects


@dataclass(frozen=True)
class ForecastCheck:
    exercise: str  # "ch6.co2_lstm"
    builder: str  # the student's function: builder(steps) -> a compiled Keras model
    architecture: Architecture
    recipe: dict[str, Any]  # models.fit's batch_size, epochs and optimizer
    units: str = ""  # of the series ("ppm"), for the messages and the plot
    margin: float = 0.95  # the model's RMSE must be under margin x the naive forecast's
    band: float = 0.02  # within this fraction above the bar, a second seed decides
    hint: str = ""


@dataclass(frozen=True)
class ForecastData:
    x_train: np.ndarray  # [samples, steps, features], scaled
    y_train: np.ndarray  # scaled
    x_test: np.ndarray  # scaled
    y_test: np.ndarray  # the test targets in the series' own units
    naive: np.ndarray  # "next = last" for each test window, in the series' own units
    unscale: Callable[[np.ndarray], np.ndarray] = field(default=lambda a: a)


def regression_metrics(y_true: Any, y_pred: Any) -> dict[str, float]:
    """MSE, RMSE and MAE of a prediction, over every value."""
    error = np.asarray(y_pred, np.float64).reshape(-1) - np.asarray(y_true, np.float64).reshape(-1)
    mse = float(np.mean(error**2))
    return {"mse": mse, "rmse": float(np.sqrt(mse)), "mae": float(np.mean(np.abs(error)))}


def _train_once(
    spec: ForecastCheck, reference: Any, claim: CompileClaim, data: ForecastData, seed: int
) -> np.ndarray:
    """Train the specified model (proven to be the student's) here with the grader's recipe
    and the student's loss; its predictions on the test part, in the series' units."""
    seed_everything(seed)
    model = build_spec(reference, spec.builder, data.x_train.shape[1])
    recipe = dict(spec.recipe)
    compile_like(model, claim, recipe.pop("optimizer", None))
    with training_with(claim):
        objects.fit(model, data.x_train, data.y_train, shuffle_seed=seed, **recipe)
    scaled = np.asarray(objects.predict(model, data.x_test), dtype=np.float64).reshape(-1, 1)
    return np.asarray(data.unscale(scaled), np.float64).reshape(-1)


def _prove(spec: ForecastCheck, student: Any, reference: Any, data: ForecastData) -> CompileClaim:
    """The student's builder makes the specified model (on real windows and on noise: a zero
    window hides a model that forgets to read it relative to its last value)."""
    steps = data.x_train.shape[1]
    models.seed(student, 0)
    handle = getattr(student, spec.builder)(steps)
    claim = read_claim(handle)
    require_compiled(claim)
    noise = np.random.default_rng(0).normal(size=(4, *data.x_train.shape[1:]))
    probe = np.concatenate([data.x_train[:4], data.x_test[:4], noise]).astype(np.float32)
    spec_model = build_spec(reference, spec.builder, steps)
    check_architecture(
        handle, spec.architecture, probe, spec_model=spec_model, what=f"{spec.builder}({steps})"
    )
    return claim


def save_forecast(
    path: Path, data: ForecastData, predicted: np.ndarray, title: str, units: str = ""
) -> Path:
    """The test part, the naive forecast and the model's, one line each, as a PNG (``title``
    already in the plot's language: ``plotlang.labels()``)."""
    t = plotlang.labels()
    fig, ax = figure()
    ax.plot(data.y_test, color="black", linewidth=1, label=t(N_("test series")))
    ax.plot(data.naive, color="grey", linewidth=1, alpha=0.7, label=t(N_("naive: next = last")))
    ax.plot(predicted, color="tab:red", linewidth=1, label=t(N_("model")))
    ax.set_xlabel(t(N_("step of the test part")))
    ax.set_ylabel(units or t(N_("value")))
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    return save_figure(fig, path)


def run_forecast_check(
    spec: ForecastCheck, student: Any, reference: Any, data: ForecastData, record: Any, label: str
) -> dict[str, float]:
    """Train (seed 0; seed 1 too when seed 0 lands just above the bar), record the metrics of
    the best try and of the naive forecast, save the plot, and fail unless it beats the bar."""
    naive = regression_metrics(data.y_test, data.naive)
    bar = spec.margin * naive["rmse"]
    claim = _prove(spec, student, reference, data)
    tries = [(0, _train_once(spec, reference, claim, data, 0))]
    first = regression_metrics(data.y_test, tries[0][1])["rmse"]
    if bar <= first < bar * (1 + spec.band):
        tries.append((1, _train_once(spec, reference, claim, data, 1)))
    scored = [(seed, p, regression_metrics(data.y_test, p)) for seed, p in tries]
    seed, predicted, best = min(scored, key=lambda t: t[2]["rmse"])
    units = f" {spec.units}" if spec.units else ""
    chapter, short = spec.exercise.split(".", 1)
    report_dir = protocol.report_dir()
    folder = report_dir / chapter if label == "target" else report_dir / label / chapter
    title = plotlang.labels()(N_("{exercise}: RMSE {rmse:.3f}{units}, naive {naive:.3f}")).format(
        exercise=spec.exercise, rmse=best["rmse"], units=units, naive=naive["rmse"]
    )
    plot = save_forecast(folder / f"{short}.png", data, predicted, title, spec.units)
    facts: dict[str, Any] = {k: round(v, 4) for k, v in best.items()}
    facts |= {f"naive_{k}": round(v, 4) for k, v in naive.items()}
    facts |= {"bar": round(bar, 4), "seeds": [t[0] for t in tries], "plot": str(plot)}
    for key, value in facts.items():
        record(key, value)
    look = _("look at the plot: {plot}").format(plot=plot)
    expect(
        best["rmse"] < bar,
        _(
            "the forecast's RMSE {rmse:.3f}{units} does not beat the naive forecast"
            " ({naive:.3f}{units}) by {percent:.0f} %"
        ).format(
            rmse=best["rmse"], units=units, naive=naive["rmse"], percent=100 - spec.margin * 100
        ),
        expected=f"< {bar:.3f}{units}",
        got=", ".join(
            _("{rmse:.3f} (seed {seed})").format(rmse=m["rmse"], seed=s) for s, _p, m in scored
        ),
        hint=_("{hint}; {look}").format(hint=_(spec.hint), look=look) if spec.hint else look,
    )
    return best
