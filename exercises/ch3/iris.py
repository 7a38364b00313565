"""Iris: three species from four measurements, with one Dense layer (chapter 3).

The course builds it twice: as a ``Sequential`` container and as a ``Model`` subclass. Both are
Dense(3, softmax) with an L2 penalty on the kernel: 4 * 3 weights + 3 biases = 15 parameters.
Keras 3 note: optimizers take ``learning_rate=`` (the course's ``lr=`` was removed).
"""

import keras
import numpy as np


def shuffle_together(x, y, seed):
    """Shuffle features and labels with the same permutation, reproducibly for a seed.

    The first axis of ``x`` and ``y`` is the samples (n of them); the other axes are free:
    x (n,), (n, 4) or (n, height, width), y (n,) class numbers or one-hot rows (n, classes).
    Only the first axis is shuffled. The course seeds NumPy twice and shuffles x, then y; one
    permutation does the same: ``order = np.random.default_rng(seed).permutation(len(x))``.
    Any permutation is right as long as the same seed gives the same one and another seed
    another. Return ``(x_shuffled, y_shuffled)``: the pair (x[i], y[i]) must stay together,
    and the inputs stay unchanged.
    """
    raise NotImplementedError("write your solution here")


def build_iris_sequential():
    """A compiled ``keras.Sequential``: Dense(3, activation="softmax",
    kernel_regularizer=keras.regularizers.l2()) on 4 inputs (15 parameters).

    Compile with ``optimizer=keras.optimizers.SGD(learning_rate=0.1)``,
    ``loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False)`` (the output is
    already a probability) and ``metrics=["sparse_categorical_accuracy"]``.
    """
    raise NotImplementedError("write your solution here")


class IrisModel(keras.Model):
    """The same network as a subclass: layers in ``__init__``, the forward pass in ``call``."""

    def __init__(self):
        super().__init__()
        raise NotImplementedError("write your solution here")

    def call(self, x):
        raise NotImplementedError("write your solution here")


def build_iris_subclass():
    """An ``IrisModel()`` compiled exactly like ``build_iris_sequential``'s model."""
    raise NotImplementedError("write your solution here")
