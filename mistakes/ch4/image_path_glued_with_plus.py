"""The image path made with + (the course's path + name): without a trailing slash the folder
and the file name run together."""

import numpy as np
from PIL import Image

MODULE = "ch4.own_dataset"
LOSES = ["ch4.generateds", "ch4.cache"]


def generateds(image_dir, label_file):
    x, y = [], []
    for line in open(label_file, encoding="utf-8").read().splitlines():
        if line.split():
            name, label = line.split()[:2]
            x.append(np.array(Image.open(image_dir + name).convert("L")) / 255.0)
            y.append(int(label))
    return np.array(x), np.array(y, dtype=np.int64)
