"""The chapter 1 references agree with TensorFlow / Keras where Keras has the same thing, and
with the numbers the course prints."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR


def ref(module: str):
    return import_module(SOLUTIONS_DIR, "_ck_test_reference", module)


tensors, basics, iris = ref("ch1.tensors"), ref("ch1.numpy_basics"), ref("ch1.iris_by_hand")
neuron, mlp = ref("ch1.neuron"), ref("ch1.mlp")
RNG = np.random.default_rng(3)


def close(a, b, **kw):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), **{"rtol": 1e-5, "atol": 1e-6, **kw})


def test_course_printouts():
    close(tensors.zeros_ones_fill([2, 2], 9)[2], [[9, 9], [9, 9]])
    assert np.asarray(tensors.zeros_ones_fill([2, 2], 9)[2]).dtype == np.int32
    close(tensors.matmul(np.ones((3, 2), np.float32), np.full((2, 3), 3.0, np.float32)), 6.0)
    close(tensors.one_hot([1, 0, 2], 3), np.eye(3)[[1, 0, 2]])
    test = np.array([[1, 2, 3], [2, 3, 4], [5, 4, 3], [8, 7, 2]])
    close(tensors.argmax(test, 0), [3, 3, 1])
    close(tensors.argmax(test, 1), [2, 2, 0, 0])
    close(tensors.reduce_stats(np.array([[1.0, 2, 3], [2, 2, 3]]), 1)[3], [6.0, 7.0])
    close(
        tensors.where_greater(np.array([1, 2, 3, 1, 1]), np.array([0, 1, 3, 4, 5])), [1, 2, 3, 4, 5]
    )


def test_random_makers_match_tensorflows_distributions():
    x = np.asarray(tensors.truncated_normal([20000], 0.5, 1.0, 0))
    ref_tn = tf.random.stateless_truncated_normal([20000], seed=[1, 2], mean=0.5).numpy()
    assert abs(x.std() - ref_tn.std()) < 0.02 and np.abs(x - 0.5).max() <= 2
    assert abs(np.asarray(tensors.normal([20000], 0.5, 1.0, 0)).std() - 1.0) < 0.02


def test_standardize_matches_scikit_learn():
    from sklearn.preprocessing import StandardScaler

    train, test = RNG.normal(size=(40, 3)) * [1, 100, 0.01], RNG.normal(size=(9, 3))
    scaler = StandardScaler().fit(train)
    got = basics.standardize(train, test)
    close(got[0], scaler.transform(train))
    close(got[1], scaler.transform(test))


def test_iris_forward_and_step_match_a_keras_dense_layer():
    x = RNG.uniform(0, 8, size=(6, 4)).astype(np.float32)
    y = RNG.integers(0, 3, size=6)
    w = RNG.normal(scale=0.1, size=(4, 3)).astype(np.float32)
    b = RNG.normal(scale=0.1, size=3).astype(np.float32)
    layer = keras.layers.Dense(3, activation="softmax")
    layer.build((None, 4))
    layer.set_weights([w, b])
    close(iris.forward(x, w, b), layer(x))
    # the course's loss is Keras's MSE on one-hot labels; one SGD step of Keras moves w alike
    model = keras.Sequential([keras.Input((4,)), layer])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    loss = model.train_on_batch(x, np.eye(3, dtype=np.float32)[y])
    w_new, b_new, ref_loss = iris.train_step(w, b, x, y, 0.1)
    close(ref_loss, loss)
    close(w_new, layer.get_weights()[0])
    close(b_new, layer.get_weights()[1])


def test_course_forward_example():
    x1 = np.array([[5.8, 4.0, 1.2, 0.2]], np.float32)
    w1 = np.array([[-0.8, -0.34, -1.4], [0.6, 1.3, 0.25], [0.5, 1.45, 0.9], [0.65, 0.7, -1.2]],
                  np.float32)  # fmt: skip
    b1 = np.array([2.52, -3.1, 5.62], np.float32)
    close(iris.forward(x1, w1, b1), [[0.2563381, 0.69540703, 0.04825489]])


def test_shuffle_split_is_the_courses_in_place_shuffle():
    x, y = np.arange(600.0).reshape(150, 4), np.repeat(np.arange(3), 50)
    xs, ys = x.copy(), y.copy()
    np.random.seed(116)
    np.random.shuffle(xs)
    np.random.seed(116)
    np.random.shuffle(ys)
    got = iris.shuffle_split(x, y, 116, 30)
    close(got[2], xs[-30:])
    close(got[3], ys[-30:])
    assert len(iris.batch_pairs(got[0], got[1], 32)) == 4  # 32, 32, 32, 24


@pytest.mark.parametrize("module", ["neuron", "mlp"])
def test_mnist_nets_match_keras_models(module):
    net = {"neuron": neuron, "mlp": mlp}[module]
    params = {k: np.asarray(v) for k, v in net.init_params(0).items()}
    if module == "neuron":
        model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
        model.set_weights([params["w"], params["b"]])
    else:
        model = keras.Sequential(
            [
                keras.Input((784,)),
                keras.layers.Dense(256, activation="relu"),
                keras.layers.Dense(10),
            ]
        )
        model.set_weights([params["w1"], params["b1"], params["w2"], params["b2"]])
    x = RNG.uniform(0, 1, size=(8, 784)).astype(np.float32)
    y = RNG.integers(0, 10, size=8)
    close(net.forward(params, x), model(x), rtol=1e-4)
    model.compile(
        optimizer=keras.optimizers.SGD(0.5),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    loss = model.train_on_batch(x, y)
    new, ref_loss = net.train_step(params, x, y, 0.5)
    close(ref_loss, loss, rtol=1e-4)
    for got, want in zip(new.values(), model.get_weights()):
        close(got, want, rtol=1e-4, atol=1e-5)
    assert sum(np.asarray(v).size for v in params.values()) == model.count_params()
