"""Handwritten digits with a two-layer perceptron: the six steps on MNIST (chapter 3)."""

import keras
import numpy as np


def normalize(x):
    """Scale uint8 pixels 0..255 to floats in [0, 1]: x / 255, element-wise.

    ``x`` may have any shape (one image, a batch of images) and keeps it. Return floats:
    float32 is what Keras uses (float64 is accepted too). Unscaled inputs make the first steps
    huge and training erratic.
    """
    raise NotImplementedError("write your solution here")


def build_mnist_mlp():
    """A compiled model: Flatten (28x28 -> 784) -> Dense(128, relu) -> Dense(10, softmax).

    784 * 128 + 128 + 128 * 10 + 10 = 101,770 parameters. Compile with
    ``optimizer="adam"``, ``loss=keras.losses.SparseCategoricalCrossentropy(from_logits=...)``
    and ``metrics=["sparse_categorical_accuracy"]``. ``from_logits`` must agree with the last
    layer: False when it ends in softmax (its outputs are probabilities), True when it outputs
    raw scores. The grader trains it with its own fixed optimizer, so every student gets the
    same recipe.
    """
    raise NotImplementedError("write your solution here")
