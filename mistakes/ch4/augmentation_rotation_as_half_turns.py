"""RandomRotation's factor read as a fraction of pi (45 / 180): it is a fraction of a full turn,
2 pi, so the digits turn by up to 90 degrees instead of the course's 45."""

import keras

MODULE = "ch4.augment"
LOSES = ["ch4.augment"]


def build_augmentation():
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.RandomRotation(45 / 180, fill_mode="nearest"),
            keras.layers.RandomTranslation(0.15, 0.15, fill_mode="nearest"),
            keras.layers.RandomZoom(0.5, fill_mode="nearest"),
        ]
    )
