"""Accuracy and loss drawn into one panel: the two scales squash each other."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MODULE = "ch4.curves"
LOSES = ["ch4.curves"]


def plot_curves(history, path):
    fig = plt.figure(figsize=(8, 6), dpi=100)
    for key in (
        "sparse_categorical_accuracy",
        "val_sparse_categorical_accuracy",
        "loss",
        "val_loss",
    ):
        plt.plot(history[key], label=key)
    plt.legend()
    fig.savefig(path, dpi=100)
    plt.close(fig)
