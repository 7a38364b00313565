"""The cache is saved on every run but never loaded: each run decodes the images again."""

import numpy as np

MODULE = "ch4.own_dataset"
LOSES = ["ch4.cache"]


def load_or_generate(image_dir, label_file, x_cache, y_cache):
    x, y = generateds(image_dir, label_file)
    np.save(x_cache, x.reshape(len(x), -1))
    np.save(y_cache, y)
    return x, y
