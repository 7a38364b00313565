"""Only the training curves are drawn: the validation accuracy and loss, which show
overfitting, are missing from both panels."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MODULE = "ch4.curves"
LOSES = ["ch4.curves"]


def plot_curves(history, path):
    fig = plt.figure(figsize=(8, 6), dpi=100)
    plt.subplot(2, 1, 1)
    plt.plot(history["sparse_categorical_accuracy"], label="Training Accuracy")
    plt.title("Training Accuracy")
    plt.legend()
    plt.subplot(2, 1, 2)
    plt.plot(history["loss"], label="Training Loss")
    plt.title("Training Loss")
    plt.legend()
    plt.subplots_adjust(hspace=0.5)
    fig.savefig(path, dpi=100)
    plt.close(fig)
