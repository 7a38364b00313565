"""Pixels divided with // : every value becomes 0 (or 1 for pure white), the images vanish.

The MNIST and Fashion-MNIST models are trained on what normalize returns, so they fail too.
"""

import numpy as np

MODULE = "ch3.mnist"
LOSES = ["ch3.normalize", "ch3.mnist_mlp", "ch3.fashion_mlp"]


def normalize(x):
    return (np.asarray(x) // 255).astype(np.float32)
