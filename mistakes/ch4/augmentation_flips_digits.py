"""A horizontal flip added: the course turns it off, a mirrored 7 is no 7."""

import keras

MODULE = "ch4.augment"
LOSES = ["ch4.augment"]


def build_augmentation():
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.RandomFlip("horizontal"),
            keras.layers.RandomRotation(45 / 360, fill_mode="nearest"),
            keras.layers.RandomTranslation(0.15, 0.15, fill_mode="nearest"),
            keras.layers.RandomZoom(0.5, fill_mode="nearest"),
        ]
    )
