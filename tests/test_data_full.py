"""The full datasets, obtained the way a user behind a blocked link would: through the npm or apt
client (``fetch(name, via=...)``), cached in the data folder so a machine downloads them once.

CI runs these (they are not skipped): the first run on a machine fetches about 180 MB of packages;
later runs find the converted files in the data folder (``$COURSEKIT_DATA`` or ~/.keras/datasets)
and take seconds."""

from __future__ import annotations

import numpy as np
import pytest

from grader.data import fetch, load
from grader.data.formats import content_hash
from grader.data.manifest import read_manifest

pytestmark = pytest.mark.fulldata

MNIST_TRAIN = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
CASES = {
    "mnist": ("npm", (60000, 28, 28), (60000,), (10000, 28, 28), (10000,), MNIST_TRAIN, MNIST_TEST),
    "fashion_mnist": (
        "apt",
        (60000, 28, 28),
        (60000,),
        (10000, 28, 28),
        (10000,),
        [6000] * 10,
        [1000] * 10,
    ),
    "cifar10": (
        "npm",
        (50000, 32, 32, 3),
        (50000, 1),
        (10000, 32, 32, 3),
        (10000, 1),
        [5000] * 10,
        [1000] * 10,
    ),
}


@pytest.fixture(autouse=True)
def kit_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSEKIT_MANIFEST", raising=False)


@pytest.mark.parametrize("name", list(CASES))
def test_full_dataset_through_its_registry_source(name: str) -> None:
    via, x_train_shape, y_train_shape, x_test_shape, y_test_shape, train, test = CASES[name]
    status = fetch(name, via=via, quiet=True)  # a no-op once the data folder holds it intact
    assert status.state == "verified", status
    (x_train, y_train), (x_test, y_test) = load(name, download=False)
    assert (x_train.shape, y_train.shape) == (x_train_shape, y_train_shape)
    assert (x_test.shape, y_test.shape) == (x_test_shape, y_test_shape)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert np.bincount(y_train.ravel(), minlength=10).tolist() == train
    assert np.bincount(y_test.ravel(), minlength=10).tolist() == test
    digest = content_hash((x_train, y_train, x_test, y_test))
    assert digest == read_manifest()[name].content_sha256


def test_cifar10_pixels_are_the_real_ones() -> None:
    (x_train, y_train), (_, y_test) = load("cifar10", via="npm", quiet=True)
    pixels = x_train.reshape(-1, 3).astype(np.float64)
    np.testing.assert_allclose(pixels.mean(0), [125.30691805, 122.95039414, 113.86538318])
    np.testing.assert_allclose(pixels.std(0), [62.99321928, 62.08870764, 66.70489964])
    assert y_train[:10].ravel().tolist() == [6, 9, 9, 4, 1, 1, 2, 7, 8, 3]
    assert y_test[:10].ravel().tolist() == [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]
