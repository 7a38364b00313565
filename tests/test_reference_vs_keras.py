"""The reference solutions agree with TensorFlow / Keras wherever Keras has the same thing,
and with the numbers the course prints."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR


def ref(module: str):
    return import_module(SOLUTIONS_DIR, "_ck_test_reference", module)


act, losses, opt = ref("ch2.activations"), ref("ch2.losses"), ref("ch2.optimizers")
RNG = np.random.default_rng(1)
X = RNG.normal(scale=5, size=(4, 6))


def close(a, b, **kw):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), **{"rtol": 1e-6, "atol": 1e-7, **kw})


@pytest.mark.parametrize(
    ("name", "tf_fn"),
    [
        ("sigmoid", tf.nn.sigmoid),
        ("tanh", tf.math.tanh),
        ("relu", tf.nn.relu),
        ("leaky_relu", tf.nn.leaky_relu),
    ],
)
def test_activation_and_derivative_match_tensorflow(name, tf_fn):
    x = tf.Variable(X)
    with tf.GradientTape() as tape:
        y = tf_fn(x)
        total = tf.reduce_sum(y)
    close(getattr(act, name)(X), y)
    close(getattr(act, name + "_grad")(X), tape.gradient(total, x))


def test_losses_match_keras():
    y, p = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 3))
    close(losses.mse(y, p), keras.losses.MeanSquaredError()(y, p), rtol=1e-5)
    probs = tf.nn.softmax(X).numpy()
    onehot = np.eye(6)[RNG.integers(0, 6, size=4)]
    close(
        losses.cross_entropy(onehot, probs),
        keras.losses.categorical_crossentropy(onehot, probs),
        rtol=1e-5,
    )
    close(losses.softmax(X), tf.nn.softmax(X))
    close(
        losses.softmax_cross_entropy(onehot, X), tf.nn.softmax_cross_entropy_with_logits(onehot, X)
    )
    labels = RNG.integers(0, 6, size=4)
    close(
        losses.sparse_softmax_cross_entropy(labels, X),
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels, X),
    )


def test_stable_where_the_naive_formula_is_not():
    big = np.array([[1000.0, 0.0, -1000.0]])
    close(losses.softmax(big), tf.nn.softmax(big))
    close(
        losses.softmax_cross_entropy(np.array([[0.0, 0.0, 1.0]]), big),
        tf.nn.softmax_cross_entropy_with_logits(np.array([[0.0, 0.0, 1.0]]), big),
    )


def test_yoghurt_loss_course_example():
    # The course's rule with COST=1, PROFIT=99: too many costs 1 each, too few loses 99 each.
    assert float(losses.yoghurt_loss([1.0, 5.0], [3.0, 4.0])) == pytest.approx(2 * 1 + 1 * 99)


def test_penalties_and_schedule_match_tensorflow():
    reg = ref("ch2.regularization")
    close(reg.l2_penalty(X), tf.nn.l2_loss(X))
    close(reg.l1_penalty(X), np.abs(X).sum())
    total = reg.regularized_loss(1.5, [X, X[:2]], 0.03)
    close(total, 1.5 + 0.03 * (tf.nn.l2_loss(X) + tf.nn.l2_loss(X[:2])))
    sched = ref("ch2.lr_schedule")
    for staircase in (False, True):
        keras_sched = keras.optimizers.schedules.ExponentialDecay(
            0.2, decay_steps=3, decay_rate=0.9, staircase=staircase
        )
        for step in range(10):
            close(sched.exp_decay(0.2, 0.9, step, 3, staircase), keras_sched(step), rtol=1e-6)


def _keras_steps(optimizer, grads_fn, w0, steps):
    w = tf.Variable(w0)
    for _ in range(steps):
        optimizer.apply_gradients([(tf.constant(grads_fn(w.numpy())), w)])
    return w.numpy()


# Keras keeps the learning rate in a float32 variable: use one that float32 holds exactly.
LR = 2.0**-6


def grad_fn(w):
    return 2 * w + 0.5


@pytest.mark.parametrize("steps", [1, 5])
def test_adam_matches_keras(steps):
    w0 = RNG.normal(size=5)
    w, m, v = w0, np.zeros(5), np.zeros(5)
    for t in range(1, steps + 1):
        w, m, v = opt.adam_step(w, grad_fn(np.asarray(w)), m, v, t, LR, eps=1e-12)
    # Keras applies epsilon as eps * sqrt(1 - beta2^t); with a negligible epsilon both agree.
    expected = _keras_steps(keras.optimizers.Adam(LR, epsilon=1e-12), grad_fn, w0, steps)
    # Keras's internal float32 bookkeeping leaves ~1e-7 differences; each step moves w by ~LR.
    close(w, expected, rtol=1e-5, atol=1e-6)


def test_rmsprop_and_adagrad_match_keras():
    w0 = RNG.normal(size=5)
    w, v = w0, np.zeros(5)
    for _ in range(5):
        w, v = opt.rmsprop_step(w, grad_fn(np.asarray(w)), v, LR, beta=0.9, eps=1e-7)
    close(w, _keras_steps(keras.optimizers.RMSprop(LR, rho=0.9), grad_fn, w0, 5), atol=1e-6)
    w, v = w0, np.full(5, 0.1)
    for _ in range(5):
        w, v = opt.adagrad_step(w, grad_fn(np.asarray(w)), v, 0.1)
    keras_adagrad = keras.optimizers.Adagrad(0.1, initial_accumulator_value=0.1, epsilon=1e-7)
    close(w, _keras_steps(keras_adagrad, grad_fn, w0, 5))


def test_sgd_and_momentum_match_keras():
    w0 = RNG.normal(size=5)
    w = w0
    for _ in range(3):
        w = opt.sgd_step(w, grad_fn(np.asarray(w)), 0.1)
    close(w, _keras_steps(keras.optimizers.SGD(0.1), grad_fn, w0, 3))
    # The course's m = b*m + (1-b)*g, w -= lr*m equals Keras's momentum at rate lr*(1-b).
    w, m = w0, np.zeros(5)
    for _ in range(5):
        w, m = opt.sgdm_step(w, grad_fn(np.asarray(w)), m, 0.1, beta=0.9)
    keras_sgdm = keras.optimizers.SGD(0.1 * (1 - 0.9), momentum=0.9)
    close(w, _keras_steps(keras_sgdm, grad_fn, w0, 5), rtol=1e-6)


def test_tape_descent_prints_the_course_trajectory():
    got = opt.tape_descent(5.0, 0.2, 40)
    close(got[:4], [2.6, 1.16, 0.296, -0.2224], rtol=1e-9)
    assert len(got) == 40 and abs(got[-1] + 1) < 1e-6


@pytest.mark.parametrize("sizes", [[3, 4, 2], [784, 128, 10], [4, 3], [10, 7, 7, 1]])
def test_param_count_matches_keras(sizes):
    comp = ref("ch2.complexity")
    model = keras.Sequential(
        [keras.Input((sizes[0],))] + [keras.layers.Dense(n) for n in sizes[1:]]
    )
    assert comp.fc_param_count(sizes) == model.count_params()
    assert comp.fc_param_count([784, 128, 10]) == 101_770  # the course's MNIST MLP
    assert comp.fc_mult_adds([3, 4, 2]) == 20


def test_chapter_3_models_have_the_course_parameter_counts():
    iris = ref("ch3.iris")
    mnist = ref("ch3.mnist")
    fashion = ref("ch3.fashion")
    assert iris.build_iris_sequential().count_params() == 15  # the course's summary
    subclass = iris.build_iris_subclass()
    subclass(np.zeros((1, 4), dtype=np.float32))
    assert subclass.count_params() == 15
    assert mnist.build_mnist_mlp().count_params() == 101_770
    assert fashion.build_fashion_mlp().count_params() == 101_770
    linear = ref("ch3.first_model").build_linear_model()
    assert linear.count_params() == 2
    scaled = mnist.normalize(np.array([0, 51, 255], dtype=np.uint8))
    np.testing.assert_allclose(scaled, [0.0, 0.2, 1.0])
