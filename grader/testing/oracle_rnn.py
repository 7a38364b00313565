"""A Keras oracle for recurrent layers: what SimpleRNN, LSTM and GRU compute with given weights.

Checks compare a student's NumPy cell with the real Keras layer: the weights are copied in
(``kernel``, ``recurrent_kernel``, ``bias``), the layer runs in the inputs' dtype (float64 stays
float64, so comparisons can be tight), and only NumPy arrays come out.

    states = keras_states("lstm", x, [kernel, recurrent_kernel, bias])   # (batch, steps, units)
    h, c = keras_step("lstm", x_t, [h_prev, c_prev], weights)            # one step
    keras_param_count("gru", units=3, input_dim=2, reset_after=False)    # count_params()
"""

from __future__ import annotations

from typing import Any

import numpy as np

KINDS = ("simple_rnn", "lstm", "gru")
GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}


def _layer(kind: str, units: int, dtype: str, **options: Any) -> Any:
    import keras

    cls = {
        "simple_rnn": keras.layers.SimpleRNN,
        "lstm": keras.layers.LSTM,
        "gru": keras.layers.GRU,
    }[kind]
    return cls(units, dtype=dtype, **options)


def random_weights(
    kind: str,
    features: int,
    units: int,
    rng: np.random.Generator,
    dtype: Any = np.float64,
    scale: float = 0.6,
    reset_after: bool = True,
) -> list[np.ndarray]:
    """Kernel, recurrent kernel and bias in Keras's layout for ``kind`` (GRU: bias [2, 3u])."""
    gates = GATES[kind]
    bias_shape: tuple[int, ...] = (gates * units,)
    if kind == "gru" and reset_after:
        bias_shape = (2, gates * units)
    shapes = [(features, gates * units), (units, gates * units), bias_shape]
    return [(rng.normal(scale=scale, size=s)).astype(dtype) for s in shapes]


def _dtype(*arrays: Any) -> str:
    kinds = [np.asarray(a).dtype for a in arrays]
    return "float64" if all(d == np.float64 for d in kinds) else "float32"


def keras_states(kind: str, x: Any, weights: list[Any], reset_after: bool = True) -> np.ndarray:
    """Every hidden state of the Keras layer over x [batch, steps, features], from zeros:
    (batch, steps, units), i.e. the layer with ``return_sequences=True``."""
    x = np.asarray(x)
    units = np.shape(weights[1])[0]
    dtype = _dtype(x, *weights)
    options = {"reset_after": reset_after} if kind == "gru" else {}
    layer = _layer(kind, units, dtype, return_sequences=True, **options)
    layer.build((None, *x.shape[1:]))
    layer.set_weights([np.asarray(w, dtype=dtype) for w in weights])
    return np.asarray(layer(x.astype(dtype)))


def keras_step(kind: str, x_t: Any, states: list[Any], weights: list[Any]) -> list[np.ndarray]:
    """One time step from given states (h, or h and c for an LSTM): the new states."""
    x_t = np.asarray(x_t)
    units = np.shape(weights[1])[0]
    dtype = _dtype(x_t, *states, *weights)
    layer = _layer(kind, units, dtype, return_state=True)
    layer.build((None, 1, x_t.shape[-1]))
    layer.set_weights([np.asarray(w, dtype=dtype) for w in weights])
    out = layer(
        x_t[:, None, :].astype(dtype),  # (batch, features) -> (batch, 1, features)
        initial_state=[np.asarray(s, dtype=dtype) for s in states],
    )
    return [np.asarray(s) for s in out[1:]]


def keras_param_count(kind: str, units: int, input_dim: int, reset_after: bool = True) -> int:
    """``count_params()`` of the layer built on ``input_dim`` features per step; ``kind`` may
    also be "embedding" (then units is the output dimension, input_dim the vocabulary)."""
    import keras

    if kind == "embedding":
        layer = keras.layers.Embedding(input_dim, units)
        layer.build((None, 1))
    else:
        options = {"reset_after": reset_after} if kind == "gru" else {}
        layer = _layer(kind, units, "float32", **options)
        layer.build((None, 1, input_dim))
    return int(layer.count_params())
