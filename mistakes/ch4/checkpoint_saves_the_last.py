"""ModelCheckpoint without save_best_only: the file holds the last epoch, not the best."""

from pathlib import Path

import keras

MODULE = "ch4.checkpoint"
LOSES = ["ch4.checkpoint"]


def train_with_checkpoint(x, y, x_val, y_val, folder, epochs, seed=0):
    keras.utils.set_random_seed(seed)
    model = build_model()
    path = Path(folder) / CHECKPOINT
    if path.is_file():
        model.load_weights(path)
    start = model.get_weights()
    save = keras.callbacks.ModelCheckpoint(filepath=str(path), save_weights_only=True)
    history = model.fit(
        x,
        y,
        batch_size=32,
        epochs=epochs,
        validation_data=(x_val, y_val),
        shuffle=False,
        verbose=0,
        callbacks=[save],
    )
    return history.history, start
