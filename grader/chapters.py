"""The registry: chapters and their exercises. Nothing else in the kit repeats this list.

A chapter is declared with ``declare(id, title, (ex(...), ...))``: each exercise names its
module within the chapter (``losses``: the file ``<target>/ch2/losses.py``), the functions a
student writes there, its points and tier, and the full datasets its training checks use (the
profile choice reads them; ``tests/test_registry.py`` holds each training check to them).
Its checks live in ``grader/checks/<chapter>/`` and are tied
to it with ``@exercise("<id>")``; its known mistakes live in ``mistakes/<chapter>/``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from grader.errors import UsageError
from grader.i18n import _


@dataclass(frozen=True)
class Exercise:
    id: str  # "ch2.softmax": the chapter, a dot, a short name unique in the chapter
    title: str
    module: str  # "ch2.losses": the file exercises/ch2/losses.py
    functions: tuple[str, ...]
    points: float = 1.0
    tier: str = "unit"  # "unit": pure functions; "training": trains a model to a threshold
    datasets: tuple[str, ...] = ()  # full datasets its training checks use (profile choice)
    # functions allowed to edit their array arguments in place (the others must leave the
    # caller's arrays as they were: a check fails naming the argument that changed)
    mutates: tuple[str, ...] = ()

    @property
    def chapter(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def short(self) -> str:
        return self.id.split(".", 1)[1]


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    exercises: tuple[Exercise, ...]

    @property
    def points(self) -> float:
        return sum(e.points for e in self.exercises)

    @property
    def tiers(self) -> tuple[str, ...]:
        return tuple(sorted({e.tier for e in self.exercises}))

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(sorted({d for e in self.exercises for d in e.datasets}))


def ex(
    short: str,
    title: str,
    module: str,
    *functions: str,
    points: float = 1.0,
    tier: str = "unit",
    datasets: tuple[str, ...] = (),
    mutates: tuple[str, ...] = (),
) -> Exercise:
    """One exercise, named within its chapter: ``ex("softmax", "Softmax", "losses", "softmax")``
    in ``declare("ch2", ...)`` is ``ch2.softmax``, the function ``softmax`` of ch2/losses.py."""
    return Exercise(short, title, module, functions, points, tier, datasets, mutates)


def declare(chapter_id: str, title: str, exercises: tuple[Exercise, ...]) -> Chapter:
    """A chapter and its exercises, the one way to add either: ids and modules get the
    chapter's prefix here, and a short name used twice is refused."""
    shorts = [e.id for e in exercises]
    twice = sorted({s for s in shorts if shorts.count(s) > 1})
    if twice:
        raise ValueError(
            f"{chapter_id}: exercise names used twice: {', '.join(twice)}"
        )  # i18n: internal
    return Chapter(
        chapter_id,
        title,
        tuple(
            replace(e, id=f"{chapter_id}.{e.id}", module=f"{chapter_id}.{e.module}")
            for e in exercises
        ),
    )


CHAPTERS: tuple[Chapter, ...] = (
    declare(
        "ch1",
        "Tensors and the first networks by hand",
        (
            ex("constant", "A tensor with a dtype", "tensors", "constant"),
            ex("fill", "Zeros, ones and fill", "tensors", "zeros_ones_fill"),
            ex("random", "Normal, truncated normal and uniform tensors", "tensors", "normal",
               "truncated_normal", "uniform", points=2),
            ex("cast", "Casting between dtypes", "tensors", "cast"),
            ex("reduce", "Min, max, mean and sum along an axis", "tensors", "reduce_stats"),
            ex("arithmetic", "Element-wise operations and matmul", "tensors", "arithmetic",
               "matmul"),
            ex("one_hot_argmax", "One-hot labels and argmax", "tensors", "one_hot", "argmax"),
            ex("where", "tf.where: pick element-wise", "tensors", "where_greater"),
            ex("shapes", "Shape, ndim and slicing images", "numpy_basics", "shape_and_ndim",
               "first_ten", "bottom_right_corner"),
            ex("standardize", "Standardise with broadcasting", "numpy_basics", "standardize"),
            ex("batches", "Feature-label pairs in batches", "iris_by_hand", "batch_pairs"),
            ex("iris_forward", "Iris forward pass", "iris_by_hand", "forward"),
            ex("iris_split", "Shuffle, then split 120/30", "iris_by_hand", "shuffle_split"),
            ex("iris_step", "One GradientTape step", "iris_by_hand", "train_step", points=2),
            ex("iris_loop", "The iris loop to the course's accuracy", "iris_by_hand", "train_iris",
               points=2, tier="training"),
            ex("neuron", "A single neuron on MNIST", "neuron", "init_params", "forward",
               "train_step", points=2),
            ex("neuron_trains", "The single neuron trains", "neuron", "init_params", "forward",
               "train_step", points=2, tier="training", datasets=("mnist",)),
            ex("mlp", "One hidden layer on MNIST", "mlp", "init_params", "forward", "train_step",
               points=2),
            ex("mlp_trains", "The hidden-layer net trains", "mlp", "init_params", "forward",
               "train_step", points=3, tier="training", datasets=("mnist",)),
        ),
    ),
    declare(
        "ch2",
        "Activations, losses, learning rate, regularisation, optimizers",
        (
            ex("sigmoid", "Sigmoid and its derivative", "activations", "sigmoid", "sigmoid_grad"),
            ex("tanh", "Tanh and its derivative", "activations", "tanh", "tanh_grad"),
            ex("relu", "ReLU and its derivative", "activations", "relu", "relu_grad"),
            ex("leaky_relu", "Leaky ReLU and its derivative", "activations", "leaky_relu",
               "leaky_relu_grad"),
            ex("mse", "Mean squared error", "losses", "mse"),
            ex("yoghurt_loss", "Asymmetric yoghurt-sales loss", "losses", "yoghurt_loss"),
            ex("cross_entropy", "Cross-entropy on probabilities", "losses", "cross_entropy"),
            ex("softmax", "Softmax (numerically stable)", "losses", "softmax", points=2),
            ex("softmax_ce", "Softmax cross-entropy from logits", "losses", "softmax_cross_entropy",
               points=2),
            ex("sparse_softmax_ce", "Sparse softmax cross-entropy from logits", "losses",
               "sparse_softmax_cross_entropy"),
            ex("exp_decay", "Exponentially decaying learning rate", "lr_schedule", "exp_decay"),
            ex("penalties", "L1 and L2 penalties", "regularization", "l1_penalty", "l2_penalty"),
            ex("regularized_loss", "Regularised total loss", "regularization", "regularized_loss"),
            ex("sgd", "SGD step", "optimizers", "sgd_step"),
            ex("sgdm", "SGD with momentum step", "optimizers", "sgdm_step"),
            ex("adagrad", "Adagrad step", "optimizers", "adagrad_step"),
            ex("rmsprop", "RMSProp step", "optimizers", "rmsprop_step"),
            ex("adam", "Adam step", "optimizers", "adam_step", points=2),
            ex("tape_descent", "Gradient descent with GradientTape", "optimizers", "tape_descent"),
            ex("fc_complexity", "Parameters and multiply-adds of a dense net", "complexity",
               "fc_param_count", "fc_mult_adds"),
        ),
    ),
    declare(
        "ch3",
        "The Keras six steps: iris, MNIST, Fashion-MNIST",
        (
            ex("linear", "First model: y = 3x + 1", "first_model", "build_linear_model",
               tier="training"),
            ex("shuffle", "Shuffle features and labels together", "iris", "shuffle_together"),
            ex("iris_sequential", "Iris classifier as Sequential", "iris", "build_iris_sequential",
               points=2, tier="training"),
            ex("iris_subclass", "Iris classifier as a Model subclass", "iris", "IrisModel",
               "build_iris_subclass", points=2, tier="training"),
            ex("normalize", "Scale pixels to [0, 1]", "mnist", "normalize"),
            ex("mnist_compile", "Compile: loss and from_logits", "mnist", "build_mnist_mlp"),
            ex("mnist_mlp", "MNIST MLP to an accuracy", "mnist", "build_mnist_mlp", points=3,
               tier="training", datasets=("mnist",)),
            ex("fashion_mlp", "Fashion-MNIST to an accuracy", "fashion", "build_fashion_mlp",
               points=2, tier="training", datasets=("fashion_mnist",)),
            ex("accuracy_stop", "Callback that stops at a target accuracy", "callbacks",
               "AccuracyStop"),
        ),
    ),
    declare(
        "ch4",
        "The six steps extended: own data, augmentation, checkpoints, export, curves, an app",
        (
            ex("generateds", "Your own dataset from images and a label list", "own_dataset",
               "generateds", points=2),
            ex("cache", "A .npy cache: written once, read after", "own_dataset", "load_or_generate",
               points=2),
            ex("augment", "Augmentation layers, on only while training", "augment",
               "build_augmentation", points=2),
            ex("checkpoint", "Best-only checkpoints and resuming", "checkpoint",
               "train_with_checkpoint", "restore", points=3),
            ex("export", "Parameters to a text file and back", "parameters", "write_parameters",
               "read_parameters", points=2),
            ex("curves", "Accuracy and loss curves in one PNG", "curves", "plot_curves"),
            ex("predict", "A photo of a digit as the network's input", "predict_app",
               "prepare_photo", points=2),
        ),
    ),
    declare(
        "ch5",
        "Convolutional networks: sizes, NumPy convolution, a CNN from scratch, classic nets",
        (
            ex("conv_output_size", "Conv output size ('same' / 'valid')", "shapes",
               "conv_output_size"),
            ex("pool_output_size", "Pooling output size", "shapes", "pool_output_size"),
            ex("conv_params", "Parameters of a conv layer", "shapes", "conv_param_count"),
            ex("conv_mult_adds", "Multiply-adds of a conv layer", "shapes", "conv_mult_adds"),
            ex("receptive_field", "Receptive field of a conv stack", "shapes", "receptive_field"),
            ex("stacked_3x3", "Two 3x3 convs against one 5x5", "shapes", "stacked_conv_cost",
               "prefer_two_3x3"),
            ex("conv2d", "Convolution forward in NumPy", "conv_numpy", "same_padding", "conv2d",
               points=2),
            ex("pooling", "Max and average pooling in NumPy", "conv_numpy", "max_pool2d",
               "avg_pool2d", points=2),
            ex("batch_norm", "Batch normalisation forward in NumPy", "conv_numpy", "batch_norm",
               points=2),
            ex("scratch_cnn", "A CNN from scratch: forward, backward, SGD", "scratch_cnn",
               "conv_forward", "conv_backward", "maxpool_forward", "maxpool_backward",
               "softmax_forward", "softmax_backward", "train_step", points=3),
            ex("cbapd", "The CBAPD block", "blocks", "cbapd_block", points=2),
            ex("inception_block", "The Inception block", "blocks", "conv_bn_relu",
               "inception_block", points=2),
            ex("resnet_block", "The ResNet basic block", "blocks", "resnet_block", points=2),
            ex("lenet5", "LeNet5", "networks", "build_lenet5"),
            ex("alexnet8", "AlexNet8", "networks", "build_alexnet8"),
            ex("vgg16", "VGG16", "networks", "build_vgg16"),
            ex("inception10", "Inception10", "networks", "build_inception10"),
            ex("resnet18", "ResNet18", "networks", "build_resnet18"),
            ex("lenet5_mnist", "LeNet5 on MNIST digits to an accuracy", "cifar_models",
               "to_conv_input", "build_mnist_lenet5", points=2, tier="training",
               datasets=("mnist",)),
            ex("baseline_cifar", "The course's Baseline CNN on CIFAR-10 to an accuracy",
               "cifar_models", "to_conv_input", "build_baseline", points=3, tier="training",
               datasets=("cifar10",)),
            ex("resnet_cifar", "A small ResNet of your blocks on CIFAR-10", "cifar_models",
               "build_small_resnet", points=3, tier="training", datasets=("cifar10",)),
            ex("resnet18_cifar", "ResNet18 on CIFAR-10 (GPU)", "networks", "build_resnet18",
               points=3, tier="training", datasets=("cifar10",)),
        ),
    ),
    declare(
        "ch6",
        "Recurrent networks: SimpleRNN, LSTM, GRU, letters and time series",
        (
            ex("rnn_cell", "The recurrent step by hand", "recurrent", "rnn_step", "rnn_forward",
               "rnn_output", points=2),
            ex("lstm_cell", "The LSTM cell (Keras layout)", "lstm", "lstm_step", "lstm_forward",
               points=3),
            ex("gru_cell", "The GRU cell (Keras's reset_after)", "gru", "gru_step", "gru_forward",
               points=3),
            ex("rnn_params", "Parameters of recurrent layers", "params", "simple_rnn_params",
               "lstm_params", "gru_params", "embedding_params", points=2),
            ex("encodings", "Letters to one-hot codes and ids", "letters", "letter_ids",
               "one_hot_letters", "next_letter_data"),
            ex("letter_models", "abcde models: one-hot and Embedding", "letters",
               "build_letter_rnn_onehot", "build_letter_rnn_embedding"),
            ex("letter_training", "abcde models learn the next letter", "letters",
               "build_letter_rnn_onehot", "build_letter_rnn_embedding", points=2, tier="training"),
            ex("windows", "Sliding windows of a series", "timeseries", "make_windows"),
            ex("scaling", "Scaling without leakage", "timeseries", "scale_train_test",
               "inverse_scale", points=2),
            ex("metrics", "MSE, RMSE, MAE", "timeseries", "mse", "rmse", "mae"),
            ex("co2_lstm", "LSTM forecast of CO2 beats naive", "co2", "build_co2_lstm", points=3,
               tier="training"),
            ex("co2_gru", "GRU forecast of CO2 beats naive", "co2", "build_co2_gru", points=3,
               tier="training"),
        ),
    ),
)  # fmt: skip


@cache
def titles() -> frozenset[str]:
    """Every chapter's and exercise's title (English: the message ids ``extract_titles`` finds)."""
    return frozenset(t for ch in CHAPTERS for t in (ch.title, *(e.title for e in ch.exercises)))


def title(text: str) -> str:
    """A chapter's or an exercise's title in the current language; a text that is no title of
    the registry (an old record's, a results JSON's from elsewhere) as it is."""
    return _(text) if text in titles() else text


def chapter(chapter_id: str) -> Chapter:
    for c in CHAPTERS:
        if c.id == chapter_id:
            return c
    known = ", ".join(c.id for c in CHAPTERS)
    raise UsageError(
        _("unknown chapter {chapter!r}; expected one of: {known} (or 'all')").format(
            chapter=chapter_id, known=known
        )
    )


def exercise(exercise_id: str) -> Exercise:
    chapter_id = exercise_id.split(".", 1)[0]
    for e in chapter(chapter_id).exercises:
        if e.id == exercise_id:
            return e
    raise UsageError(
        _("unknown exercise {exercise!r} in {chapter}").format(
            exercise=exercise_id, chapter=chapter_id
        )
    )


def resolve(chapter_arg: str) -> tuple[Chapter, ...]:
    """'ch2' -> (ch2,); 'all' -> every chapter."""
    if chapter_arg == "all":
        return CHAPTERS
    return (chapter(chapter_arg),)
