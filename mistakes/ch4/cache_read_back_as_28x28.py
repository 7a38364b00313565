"""The cache is read back with the course's fixed ``reshape(len(x), 28, 28)``: right for
MNIST, wrong for images of any other size."""

from pathlib import Path

import numpy as np

MODULE = "ch4.own_dataset"
LOSES = ["ch4.cache"]


def load_or_generate(image_dir, label_file, x_cache, y_cache):
    if Path(x_cache).exists() and Path(y_cache).exists():
        flat, y = np.load(x_cache), np.load(y_cache)
        return flat.reshape(len(flat), 28, 28), y
    x, y = generateds(image_dir, label_file)
    np.save(x_cache, x.reshape(len(x), -1))
    np.save(y_cache, y)
    return x, y
