"""The seed argument never reaches Keras: every run starts from other random weights, so the
same seed does not give the same training."""

from pathlib import Path

import keras

MODULE = "ch4.checkpoint"
LOSES = ["ch4.checkpoint"]


def train_with_checkpoint(x, y, x_val, y_val, folder, epochs, seed=0):
    model = build_model()
    path = Path(folder) / CHECKPOINT
    if path.is_file():
        model.load_weights(path)
    start = model.get_weights()
    save_best = keras.callbacks.ModelCheckpoint(
        str(path), save_best_only=True, save_weights_only=True
    )
    history = model.fit(
        x, y, batch_size=32, epochs=epochs, validation_data=(x_val, y_val), shuffle=False,
        verbose=0, callbacks=[save_best],
    )  # fmt: skip
    return history.history, start
