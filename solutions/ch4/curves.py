"""Training curves (chapter 4): accuracy and loss, training against validation, in one PNG.

``history`` is ``model.fit(...).history``: lists per epoch under "sparse_categorical_accuracy",
"val_sparse_categorical_accuracy", "loss" and "val_loss".
"""

import matplotlib

matplotlib.use("Agg")  # files only, no window
import matplotlib.pyplot as plt  # noqa: E402


def plot_curves(history, path):
    """Save one PNG at ``path``: a figure of 8 x 6 inches at 100 dpi (800 x 600 pixels) with two
    panels one above the other, ``plt.subplot(2, 1, 1)`` the training and validation accuracy,
    ``plt.subplot(2, 1, 2)`` the training and validation loss, each with a title and a legend.
    Tip, not graded (the grader judges the PNG): close the figure afterwards (``plt.close``)
    so figures do not pile up in a long session.

    中文：在 ``path`` 保存一张 PNG：8 x 6 英寸、100 dpi（800 x 600 像素）的图，上下两个子图，
    ``plt.subplot(2, 1, 1)`` 画训练集与验证集的准确率（acc 曲线），``plt.subplot(2, 1, 2)`` 画训练集
    与验证集的损失（loss 曲线），各有标题和图例。提示（不计分，评分程序只看 PNG）：画完后关闭图（
    ``plt.close``），免得在长时间运行中图越积越多。
    """
    # BEGIN SOLUTION
    fig = plt.figure(figsize=(8, 6), dpi=100)
    plt.subplot(2, 1, 1)
    plt.plot(history["sparse_categorical_accuracy"], label="Training Accuracy")
    plt.plot(history["val_sparse_categorical_accuracy"], label="Validation Accuracy")
    plt.title("Training and Validation Accuracy")
    plt.legend()
    plt.subplot(2, 1, 2)
    plt.plot(history["loss"], label="Training Loss")
    plt.plot(history["val_loss"], label="Validation Loss")
    plt.title("Training and Validation Loss")
    plt.legend()
    plt.subplots_adjust(hspace=0.5)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    # END SOLUTION
