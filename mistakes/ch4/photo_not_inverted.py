"""The photo thresholded but not inverted: dark ink stays 0 on a white background."""

import numpy as np
from PIL import Image

MODULE = "ch4.predict_app"
LOSES = ["ch4.predict"]


def prepare_photo(path):
    with Image.open(path) as img:
        grey = np.array(img.resize((28, 28), Image.LANCZOS).convert("L"))
    return (np.where(grey < 200, 0, 255) / 255.0)[np.newaxis, ...]
