"""Issue 15, class 2: a rank, batch shape or size the docstring leaves free is drawn at more
than one value, with an explicit example where the wrong-axis implementation differs. Proven
both ways in-process: a correct variant in another style passes the explicit check, and the
plausible wrong implementation (right on every 2-D or iris-sized input) fails it.

The mistake catalogue (mistakes/ch1-ch3) holds the same wrong implementations for the selftest;
here each one is shown to be caught by the explicit example itself, not only by an error on a
1-D input that a draw may or may not bring.
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import numpy as np
import pytest
import tensorflow as tf

from grader.checks.ch1 import test_iris_by_hand as iris
from grader.checks.ch1 import test_tensors as tensors
from grader.checks.ch2 import test_losses as losses
from grader.checks.ch3 import test_data_prep as prep
from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR
from grader.testing.api import CheckFailure
from grader.testing.strategies import THREE_D_LOGITS


def reference(module: str):
    return import_module(SOLUTIONS_DIR, "_ck_free_ranks_reference", module)


def run(check, module: str, **functions) -> None:
    """Run one explicit check on the references with ``functions`` swapped in."""
    ref = reference(module)
    names = {n: getattr(ref, n) for n in dir(ref) if not n.startswith("_")}
    kwargs = {"student": SimpleNamespace(**{**names, **functions}), "reference": ref}
    check(**{k: v for k, v in kwargs.items() if k in inspect.signature(check).parameters})


# -- softmax, softmax cross-entropy, cross-entropy: the last axis, not axis 1 ----------------


def softmax_axis_1(logits):
    z = np.asarray(logits)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_last_axis(logits):  # another style: NumPy, float64 inside, the caller's dtype out
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.asarray(logits).dtype)


def softmax_ce_axis_1(labels, logits):
    z = np.asarray(logits, dtype=np.float64)
    top = z.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(z - top).sum(axis=1, keepdims=True)) + top
    return -(np.asarray(labels) * (z - log_sum)).sum(axis=1)


def cross_entropy_axis_1(y_true, probs):
    p = np.clip(np.asarray(probs, dtype=np.float64), 1e-7, 1.0)
    return -(np.asarray(y_true) * np.log(p)).sum(axis=1)


def test_the_wrong_axis_agrees_on_2d_input():
    """Why the explicit example is needed: on (batch, classes) axis 1 is the last axis."""
    z = THREE_D_LOGITS[0]
    np.testing.assert_allclose(softmax_axis_1(z), reference("ch2.losses").softmax(z), rtol=1e-6)
    labels = np.eye(4)[[0, 3, 1]]
    np.testing.assert_allclose(
        softmax_ce_axis_1(labels, z),
        reference("ch2.losses").softmax_cross_entropy(labels, z),
        rtol=1e-6,
    )


def test_softmax_3d_example_both_ways():
    run(
        losses.test_softmax_along_the_last_axis_of_3d_input, "ch2.losses", softmax=softmax_last_axis
    )
    with pytest.raises(CheckFailure) as info:
        run(
            losses.test_softmax_along_the_last_axis_of_3d_input,
            "ch2.losses",
            softmax=softmax_axis_1,
        )
    assert "axis=-1" in info.value.hint


def test_softmax_ce_3d_example_catches_axis_1():
    with pytest.raises(CheckFailure) as info:
        run(
            losses.test_softmax_ce_along_the_last_axis_of_3d_input,
            "ch2.losses",
            softmax_cross_entropy=softmax_ce_axis_1,
        )
    assert "(batch, steps)" in info.value.hint


def test_cross_entropy_3d_example_catches_axis_1():
    with pytest.raises(CheckFailure):
        run(
            losses.test_cross_entropy_along_the_last_axis_of_3d_input,
            "ch2.losses",
            cross_entropy=cross_entropy_axis_1,
        )


# -- iris_step: the number of classes is w's width, not the course's 3 ------------------------


def train_step_depth_3(w, b, x, y, lr):
    w, b = tf.Variable(w), tf.Variable(b)
    with tf.GradientTape() as tape:
        probs = tf.nn.softmax(tf.matmul(x, w) + b)
        loss = tf.reduce_mean(tf.square(tf.one_hot(y, 3, dtype=probs.dtype) - probs))
    grads = tape.gradient(loss, [w, b])
    w.assign_sub(lr * grads[0])
    b.assign_sub(lr * grads[1])
    return w, b, loss


def train_step_numpy(w, b, x, y, lr):  # another style: the gradient by hand, NumPy only
    w, b, x = (np.asarray(a, dtype=np.float64) for a in (w, b, x))
    z = x @ w + b
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    t = np.eye(w.shape[1])[y]
    loss = np.mean((t - p) ** 2)
    dp = 2 * (p - t) / p.size
    dz = p * (dp - (dp * p).sum(axis=1, keepdims=True))
    return w - lr * x.T @ dz, b - lr * dz.sum(axis=0), loss


def test_iris_step_five_classes_both_ways():
    run(iris.test_train_step_classes_are_ws_width, "ch1.iris_by_hand", train_step=train_step_numpy)
    with pytest.raises((CheckFailure, ValueError, tf.errors.InvalidArgumentError)):
        run(
            iris.test_train_step_classes_are_ws_width,
            "ch1.iris_by_hand",
            train_step=train_step_depth_3,
        )


# -- shuffle_together: x of one number per sample, and images ---------------------------------


def shuffle_rows_and_columns(x, y, seed):
    order = np.random.default_rng(seed).permutation(len(x))
    return np.asarray(x)[order, :], np.asarray(y)[order]


def shuffle_each_row_too(x, y, seed):
    """Shuffles the samples and then, by a slip, the pixels of each image as well."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    xs = np.asarray(x)[order].copy()
    for row in xs.reshape(len(xs), -1):
        rng.shuffle(row)
    return xs, np.asarray(y)[order]


def shuffle_take(x, y, seed):  # another style: np.take along axis 0, a legacy generator
    order = np.random.RandomState(seed).permutation(len(x))
    return np.take(x, order, axis=0), np.take(y, order, axis=0)


def test_shuffle_explicit_ranks_both_ways():
    run(prep.test_shuffle_one_feature_and_images, "ch3.iris", shuffle_together=shuffle_take)
    with pytest.raises(IndexError):
        run(
            prep.test_shuffle_one_feature_and_images,
            "ch3.iris",
            shuffle_together=shuffle_rows_and_columns,
        )
    with pytest.raises(CheckFailure):
        run(
            prep.test_shuffle_one_feature_and_images,
            "ch3.iris",
            shuffle_together=shuffle_each_row_too,
        )


# -- one_hot, batch_pairs, shuffle_split: one label, one number per sample, not 150 rows --------


def one_hot_rows(labels, depth):
    labels = np.asarray(labels)
    out = np.zeros((len(labels), depth), np.float32)
    out[np.arange(len(labels)), labels] = 1.0
    return out


def one_hot_eye(labels, depth):  # another style: rows of an identity matrix, any shape
    return np.eye(depth, dtype=np.float32)[np.asarray(labels)]


def test_one_hot_explicit_shapes_both_ways():
    check = tensors.test_one_hot_of_one_label_and_of_sequences
    run(check, "ch1.tensors", one_hot=one_hot_eye)
    with pytest.raises((CheckFailure, TypeError, IndexError)):
        run(check, "ch1.tensors", one_hot=one_hot_rows)


def batches_rows_and_columns(x, y, batch_size):
    x, y = np.asarray(x), np.asarray(y)
    return [(x[i : i + batch_size, :], y[i : i + batch_size]) for i in range(0, len(x), batch_size)]


def batches_by_dataset(x, y, batch_size):  # another style: tf.data, as the course does
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)
    return [(xb.numpy(), yb.numpy()) for xb, yb in dataset]


def test_batches_explicit_ranks_both_ways():
    check = iris.test_batch_pairs_one_number_per_sample_and_images
    run(check, "ch1.iris_by_hand", batch_pairs=batches_by_dataset)
    with pytest.raises(IndexError):
        run(check, "ch1.iris_by_hand", batch_pairs=batches_rows_and_columns)


def split_150(x, y, seed=116, n_test=30):
    order = np.random.RandomState(seed).permutation(len(x))
    x, y = np.asarray(x)[order], np.asarray(y)[order]
    return x[: 150 - n_test], y[: 150 - n_test], x[-n_test:], y[-n_test:]


def split_in_place_on_copies(x, y, seed=116, n_test=30):  # another style: the course's code
    x, y = np.array(x), np.array(y)
    np.random.seed(seed)
    np.random.shuffle(x)
    np.random.seed(seed)
    np.random.shuffle(y)
    return x[:-n_test], y[:-n_test], x[-n_test:], y[-n_test:]


def test_split_of_sixty_rows_both_ways():
    check = iris.test_shuffle_split_of_sixty_rows
    run(check, "ch1.iris_by_hand", shuffle_split=split_in_place_on_copies)
    with pytest.raises(CheckFailure) as info:
        run(check, "ch1.iris_by_hand", shuffle_split=split_150)
    assert "30 training" in info.value.message
