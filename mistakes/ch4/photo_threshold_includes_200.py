"""The threshold written ``<= 200``: a pixel of exactly 200 becomes ink, though the course makes
only pixels darker than 200 ink."""

import numpy as np
from PIL import Image

MODULE = "ch4.predict_app"
LOSES = ["ch4.predict"]


def prepare_photo(path):
    with Image.open(path) as img:
        grey = np.array(img.resize((28, 28), Image.LANCZOS).convert("L"))
    return (np.where(grey <= 200, 255, 0) / 255.0)[np.newaxis, ...]
