"""The augmentation is forced on (training=True inside a Lambda): test images get rotated too."""

import keras

MODULE = "ch4.augment"
LOSES = ["ch4.augment"]


def build_augmentation():
    rotate = keras.layers.RandomRotation(45 / 360, fill_mode="nearest")
    shift = keras.layers.RandomTranslation(0.15, 0.15, fill_mode="nearest")
    zoom = keras.layers.RandomZoom(0.5, fill_mode="nearest")
    always = keras.layers.Lambda(
        lambda x: zoom(shift(rotate(x, training=True), training=True), training=True)
    )
    return keras.Sequential([keras.Input((28, 28, 1)), always, rotate, shift, zoom])
