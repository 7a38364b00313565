"""Operations on live objects a submission returned (Keras models, layers, callbacks).

These run where the object lives: in the worker for a graded target, in the checker for the
trusted references. Every argument and result is plain data (arrays, numbers, strings, bools,
None and lists/tuples/dicts of them), so the same operation answers the same way on either side
of the process boundary. ``grader.testing.models`` is the checks' way in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.worker.wire import N_

MESSAGES = {  # what this module says (the checker translates it: grader.worker.wire.N_)
    "not_compiled": N_("the model is not compiled: model.compile(optimizer=, loss=, ...)"),
    "private_method": N_("private method {name} cannot be called"),
    "private_attribute": N_("private attribute {name} cannot be read"),
}

# the configuration keys worth showing a student (and checking): what the course talks about
_CONFIG_KEYS = (
    "units", "filters", "kernel_size", "strides", "padding", "activation", "rate", "pool_size",
    "axis", "return_sequences", "use_bias", "input_dim", "output_dim", "reset_after",
    "momentum", "epsilon", "center", "scale",
    "factor", "height_factor", "width_factor",  # the ranges of the Random* augmentation layers
)  # fmt: skip


def _plain(value: Any) -> Any:
    """Configs hold tuples, lists, numbers and names; anything else is shown by its name."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):  # a serialised object: keep its name or class name
        config = value.get("config")
        name = config.get("name") if isinstance(config, dict) else config
        return str(name or value.get("class_name") or value)[:200]
    return getattr(value, "__name__", type(value).__name__)


def _shape(tensor: Any) -> list[int | None] | None:
    shape = getattr(tensor, "shape", None)
    return None if shape is None else [None if d is None else int(d) for d in shape]


def _layer_facts(layer: Any) -> dict[str, Any]:
    try:
        config = layer.get_config()
    except Exception:  # noqa: BLE001 - a custom layer without get_config
        config = {}
    try:
        output_shape = _shape(layer.output)
    except Exception:  # noqa: BLE001 - subclassed models have no symbolic output
        output_shape = None
    sub = [_layer_facts(s) for s in getattr(layer, "layers", []) or []]
    return {
        "kind": type(layer).__name__,
        "name": layer.name,
        "params": int(layer.count_params()) if layer.built else 0,
        "output_shape": output_shape,
        "config": {k: _plain(config[k]) for k in _CONFIG_KEYS if k in config},
        "weights": [{"name": w.path, "shape": _shape(w)} for w in layer.weights],
        "regularized": getattr(layer, "kernel_regularizer", None) is not None,
        "layers": sub,
    }


def _loss_facts(model: Any) -> dict[str, Any]:
    compiled = bool(getattr(model, "compiled", False))
    config = model.get_compile_config() if compiled else None
    if not config:
        return {"compiled": False, "loss": None, "from_logits": False, "metrics": []}
    loss = config.get("loss")
    name, from_logits = str(loss), False
    if isinstance(loss, str):
        name = loss
    elif isinstance(loss, dict):
        name = loss.get("config", {}).get("name", loss.get("class_name", ""))
        from_logits = bool(loss.get("config", {}).get("from_logits", False))
    metrics = [m if isinstance(m, str) else _plain(m) for m in (config.get("metrics") or [])]
    optimizer = config.get("optimizer")
    if isinstance(optimizer, dict):  # a serialised optimizer: its class and plain settings
        settings = optimizer.get("config") or {}
        optimizer = {
            "name": str(optimizer.get("class_name", "")),
            **{k: v for k, v in settings.items() if isinstance(v, int | float | bool)},
        }
    elif optimizer is not None:
        optimizer = {"name": str(optimizer)}
    return {"compiled": True, "loss": name, "from_logits": from_logits, "metrics": metrics,
            "optimizer": optimizer}  # fmt: skip


def _output_kind(out: np.ndarray) -> str:
    """Behaviour, not names: rows that are non-negative and sum to 1 are probabilities."""
    if out.ndim >= 1 and np.all(out >= 0) and np.allclose(out.sum(axis=-1), 1.0, atol=1e-4):
        return "probabilities"
    return "scores"


def describe(model: Any, probe: Any = None) -> dict[str, Any]:
    """What a check may know of a model: class, layers, sizes, output, compile settings.
    ``probe`` (a small input batch) builds an unbuilt model and shows what it outputs."""
    import keras

    facts: dict[str, Any] = {
        "type": type(model).__name__,
        "is_model": isinstance(model, keras.Model),
        "is_layer": isinstance(model, keras.layers.Layer),
    }
    if not facts["is_layer"]:
        return facts
    if probe is not None:
        out = np.asarray(model(np.asarray(probe), training=False))
        facts["output_shape"] = [None, *out.shape[1:]]
        facts["output_kind"] = _output_kind(out)
    facts["built"] = bool(model.built)
    facts["params"] = int(model.count_params()) if model.built else 0
    facts["trainable_params"] = int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))
    facts["layers"] = [_layer_facts(layer) for layer in getattr(model, "layers", []) or []]
    facts["weights"] = [{"name": w.path, "shape": _shape(w)} for w in model.weights]
    facts.update(_loss_facts(model))
    return facts


def regularization(model: Any) -> float:
    """The model's regularisation losses (e.g. L2 on kernels) for its current weights."""
    return float(sum(float(loss) for loss in model.losses))


def layer_outputs(model: Any, x: Any) -> list[dict[str, Any]] | None:
    """Each top-level layer's kind and output on ``x`` in inference mode, for a model with a
    graph (Sequential, functional); None for a subclassed model, which has none."""
    import keras

    inputs = getattr(model, "inputs", None)
    layers = [
        la for la in getattr(model, "layers", []) if not isinstance(la, keras.layers.InputLayer)
    ]
    if not inputs or not layers:
        return None
    try:  # a model whose layers are not all on its graph (called inside a subclass) has no
        # per-layer outputs to give
        probe = keras.Model(inputs[0] if len(inputs) == 1 else inputs, [la.output for la in layers])
        outs = probe(np.asarray(x), training=False)
    except (ValueError, AttributeError, TypeError):
        return None
    outs = outs if isinstance(outs, list | tuple) else [outs]
    return [{"kind": type(la).__name__, "output": np.asarray(o)} for la, o in zip(layers, outs)]


def call(model: Any, x: Any, training: bool = False) -> Any:
    return model(np.asarray(x), training=training)


def predict(model: Any, x: Any, batch_size: int = 256) -> Any:
    return model.predict(np.asarray(x), batch_size=batch_size, verbose=0)


def get_weights(model: Any, start: int = 0, stop: int | None = None) -> list[np.ndarray]:
    """The model's weights (``start:stop`` of them: a big model comes in several replies)."""
    return [np.asarray(w) for w in model.weights[start:stop]]


def set_weights(model: Any, weights: list[Any]) -> None:
    model.set_weights([np.asarray(w) for w in weights])


def seed(value: int) -> None:
    """Same seed, same ops: the same verdict on every run (CPU)."""
    import keras
    import tensorflow as tf

    try:
        tf.config.experimental.enable_op_determinism()
    except (RuntimeError, ValueError):  # a platform without deterministic kernels
        pass
    keras.utils.set_random_seed(value)


def fit(
    model: Any,
    x: Any,
    y: Any,
    *,
    batch_size: int = 32,
    epochs: int = 1,
    optimizer: dict[str, Any] | None = None,
    metrics: list[str] | None = None,
    shuffle_seed: int | None = 0,
    steps_per_epoch: int | None = None,
) -> dict[str, list[float]]:
    """Train with the grader's recipe, keeping the student's loss: ``optimizer`` is a plain spec
    such as {"name": "adam", "learning_rate": 1e-3} (None keeps the student's own). Batches come
    from a seeded tf.data order (reshuffled every pass) so the same seed gives the same run."""
    import keras
    import tensorflow as tf

    if optimizer is not None:
        if not getattr(model, "compiled", False) or getattr(model, "loss", None) is None:
            raise ValueError(MESSAGES["not_compiled"])
        spec = dict(optimizer)
        opt = keras.optimizers.get({"class_name": spec.pop("name"), "config": spec})
        model.compile(optimizer=opt, loss=model.loss, metrics=metrics or [])
    x, y = np.asarray(x), np.asarray(y)
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle_seed is not None:
        ds = ds.shuffle(len(x), seed=shuffle_seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)
    if steps_per_epoch is not None:
        ds = ds.repeat()
    history = model.fit(
        ds.prefetch(2), epochs=epochs, steps_per_epoch=steps_per_epoch, verbose=0, shuffle=False
    )
    return {k: [float(v) for v in vs] for k, vs in history.history.items()}


def method(obj: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``obj.name(*args, **kwargs)``; private names are refused."""
    if name.startswith("_"):
        raise AttributeError(MESSAGES["private_method"].format(name=repr(name)))
    return getattr(obj, name)(*args, **kwargs)


def attribute(obj: Any, dotted: str) -> Any:
    """Read ``obj.a.b``; private names are refused."""
    for part in dotted.split("."):
        if part.startswith("_"):
            raise AttributeError(MESSAGES["private_attribute"].format(name=repr(part)))
        obj = getattr(obj, part)
    return obj


def set_attribute(obj: Any, dotted: str, value: Any) -> None:
    *path, last = dotted.split(".")
    target = attribute(obj, ".".join(path)) if path else obj
    setattr(target, last, value)


def drive_callback(callback: Any, logs: list[dict[str, float]]) -> int | None:
    """Run a Keras callback through epochs whose logs are ``logs`` on a stand-in model; the
    epoch after which it set ``model.stop_training`` (None: it never did)."""

    class _Model:
        stop_training = False

    callback.set_model(_Model())
    for epoch, entry in enumerate(logs):
        callback.on_epoch_end(epoch, dict(entry))
        if callback.model.stop_training:
            return epoch
    return None
