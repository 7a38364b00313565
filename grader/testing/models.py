"""The checks' way to a model, layer or other object that a submission returned.

A check never touches a submission's objects directly: ``model = student.build_lenet5()`` is,
when grading a student's folder, a handle to a model that lives in the sandboxed worker. These
functions work on both kinds (a handle, or a live object of the trusted references) and always
give plain data back: NumPy arrays, numbers, strings, lists and dicts.

    facts = describe(model, probe=x[:2])   # type, layers (kind, params, output_shape, config),
                                           # params, output_shape, output_kind, compiled, loss,
                                           # from_logits, metrics, weights (name, shape)
    y = call(model, x, training=False)     # model(x) as an ndarray
    p = predict(model, x)                  # model.predict(x)
    ws = get_weights(model); set_weights(model, ws)
    history = fit(model, x, y, batch_size=32, epochs=1, optimizer={"name": "adam",
                  "learning_rate": 1e-3}, metrics=["sparse_categorical_accuracy"])
    method(callback, "on_epoch_end", 0, {"accuracy": 0.5}); attribute(obj, "model.stop_training")
"""

from __future__ import annotations

from typing import Any

from grader.worker import objects
from grader.worker.wire import to_plain


def _run(op: str, obj: Any, *args: Any, **kwargs: Any) -> Any:
    remote = getattr(type(obj), "ck_remote", None)
    if remote is not None:  # a handle to an object in the worker: ask the worker
        return remote(obj, op, args, kwargs)
    return to_plain(getattr(objects, op)(obj, *args, **kwargs))


def describe(obj: Any, probe: Any = None) -> dict[str, Any]:
    return _run("describe", obj, probe)


def call(obj: Any, x: Any, training: bool = False) -> Any:
    return _run("call", obj, x, training)


def layer_outputs(obj: Any, x: Any) -> list[dict[str, Any]] | None:
    return _run("layer_outputs", obj, x)


def regularization(obj: Any) -> float:
    return _run("regularization", obj)


def predict(obj: Any, x: Any, batch_size: int = 256) -> Any:
    return _run("predict", obj, x, batch_size)


def get_weights(obj: Any, start: int = 0, stop: int | None = None) -> list[Any]:
    return _run("get_weights", obj, start, stop)


def set_weights(obj: Any, weights: list[Any]) -> None:
    _run("set_weights", obj, weights)


def fit(obj: Any, x: Any, y: Any, **recipe: Any) -> dict[str, list[float]]:
    return _run("fit", obj, x, y, **recipe)


def method(obj: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    return _run("method", obj, name, *args, **kwargs)


def attribute(obj: Any, dotted: str) -> Any:
    return _run("attribute", obj, dotted)


def set_attribute(obj: Any, dotted: str, value: Any) -> None:
    _run("set_attribute", obj, dotted, value)


def drive_callback(callback: Any, logs: list[dict[str, float]]) -> int | None:
    return _run("drive_callback", callback, logs)


def seed(module: Any, value: int) -> None:
    """Seed NumPy, Python, TF and Keras (and turn on op determinism) where ``module``'s code
    runs: call it before a builder so the model starts from the same weights every run."""
    remote = getattr(type(module), "ck_module_op", None)
    if remote is not None:
        remote(module, "seed", (value,))
    else:
        objects.seed(value)
