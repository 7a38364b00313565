"""The chapter 4 references agree with Keras and with the course's own recipes."""

import keras
import numpy as np
from PIL import Image

from grader.data import load
from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR


def ref(module: str):
    return import_module(SOLUTIONS_DIR, "_ck_test_reference", module)


def test_augmentation_is_the_courses_image_data_generator_in_layers():
    model = ref("ch4.augment").build_augmentation()
    configs = {type(layer).__name__: layer.get_config() for layer in model.layers}
    assert configs["RandomRotation"]["factor"] in (0.125, (-0.125, 0.125), [-0.125, 0.125])
    assert configs["RandomTranslation"]["height_factor"] in (0.15, (-0.15, 0.15), [-0.15, 0.15])
    assert configs["RandomZoom"]["height_factor"] in (0.5, (-0.5, 0.5), [-0.5, 0.5])
    assert all(c["fill_mode"] == "nearest" for c in configs.values())
    assert "RandomFlip" not in configs
    x = np.random.default_rng(0).uniform(size=(2, 28, 28, 1)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(model(x, training=False)), x)


def test_exported_trainable_variables_read_back_exactly(tmp_path):
    params = ref("ch4.parameters")
    model = keras.Sequential(
        [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(128, "relu"),
         keras.layers.Dense(10, "softmax")]
    )  # fmt: skip
    exported = {v.path: v.numpy() for v in model.trainable_variables}
    params.write_parameters(exported, tmp_path / "weights.txt")
    back = params.read_parameters(tmp_path / "weights.txt")
    assert list(back) == list(exported)
    for name, value in exported.items():
        assert back[name].dtype == value.dtype and np.array_equal(back[name], value)


def test_own_dataset_matches_pil_and_the_cache_round_trips(tmp_path):
    own = ref("ch4.own_dataset")
    _, (x, y) = load("mnist", sample=True)
    (tmp_path / "img").mkdir()
    lines = []
    for i in range(5):
        Image.fromarray(x[i]).save(tmp_path / "img" / f"{i}.png")
        lines.append(f"{i}.png {y[i]}")
    (tmp_path / "list.txt").write_text("\n".join(lines), encoding="utf-8")
    gx, gy = own.generateds(str(tmp_path / "img"), str(tmp_path / "list.txt"))
    np.testing.assert_allclose(gx, x[:5] / 255.0)
    assert gy.dtype == np.int64 and list(gy) == list(y[:5])
    args = (tmp_path / "img", tmp_path / "list.txt", tmp_path / "x.npy", tmp_path / "y.npy")
    first = own.load_or_generate(*map(str, args))
    assert np.load(tmp_path / "x.npy").shape == (5, 784)  # flat, as the course saves it
    second = own.load_or_generate(*map(str, args))
    np.testing.assert_array_equal(first[0], second[0])


def test_predict_app_turns_a_photo_into_an_mnist_like_digit(tmp_path):
    app = ref("ch4.predict_app")
    _, (x, _) = load("mnist", sample=True)
    photo = Image.fromarray(255 - x[0]).resize((300, 300), Image.BICUBIC).convert("RGB")
    photo.save(tmp_path / "photo.png")
    got = app.prepare_photo(str(tmp_path / "photo.png"))
    assert got.shape == (1, 28, 28) and set(np.unique(got)) <= {0.0, 1.0}
    assert np.mean(got[0] == (x[0] > 55)) > 0.95  # ink where the digit has ink


def test_checkpoint_file_is_a_keras_weights_file(tmp_path):
    ck = ref("ch4.checkpoint")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(40, 4)).astype(np.float32), rng.integers(0, 3, size=40)
    history, start = ck.train_with_checkpoint(x, y, x, y, str(tmp_path), 3, 0)
    model = ck.build_model()
    model.load_weights(tmp_path / ck.CHECKPOINT)  # Keras reads what ModelCheckpoint wrote
    assert len(history["val_loss"]) == 3 and len(start) == 4
    for a, b in zip(model.get_weights(), ck.restore(str(tmp_path))):
        np.testing.assert_array_equal(a, b)


def test_curves_png_has_the_documented_size(tmp_path):
    curves = ref("ch4.curves")
    history = {k: [0.5, 0.6, 0.7] for k in ("loss", "val_loss", "sparse_categorical_accuracy",
                                            "val_sparse_categorical_accuracy")}  # fmt: skip
    curves.plot_curves(history, str(tmp_path / "c.png"))
    with Image.open(tmp_path / "c.png") as img:
        assert img.size == (800, 600) and img.format == "PNG"
