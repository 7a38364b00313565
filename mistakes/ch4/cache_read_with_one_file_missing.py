"""The cache is trusted when either .npy file exists (``or`` for ``and``): after one file is lost
the next run fails to load the other instead of decoding the images again."""

from pathlib import Path

import numpy as np

MODULE = "ch4.own_dataset"
LOSES = ["ch4.cache"]


def load_or_generate(image_dir, label_file, x_cache, y_cache):
    if Path(x_cache).exists() or Path(y_cache).exists():
        flat, y = np.load(x_cache), np.load(y_cache)
        side = int(round(np.sqrt(flat.shape[1])))
        return flat.reshape(len(flat), side, side), y
    x, y = generateds(image_dir, label_file)
    np.save(x_cache, x.reshape(len(x), -1))
    np.save(y_cache, y)
    return x, y
