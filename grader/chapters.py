"""The registry: chapters and their exercises. Nothing else in the kit repeats this list.

An exercise names the module (relative to a target folder, e.g. ``ch2.losses``) and the
functions a student writes there. Its checks live in ``grader/checks/<chapter>/`` and are tied
to it with ``@exercise("<id>")``; its known mistakes live in ``mistakes/<chapter>/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.errors import UsageError


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


def _ch2(short: str, title: str, module: str, *functions: str, points: float = 1.0) -> Exercise:
    return Exercise(f"ch2.{short}", title, f"ch2.{module}", functions, points)


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        "ch2",
        "Activations, losses, learning rate, regularisation, optimizers",
        (
            _ch2("sigmoid", "Sigmoid and its derivative", "activations", "sigmoid", "sigmoid_grad"),
            _ch2("tanh", "Tanh and its derivative", "activations", "tanh", "tanh_grad"),
            _ch2("relu", "ReLU and its derivative", "activations", "relu", "relu_grad"),
            _ch2(
                "leaky_relu",
                "Leaky ReLU and its derivative",
                "activations",
                "leaky_relu",
                "leaky_relu_grad",
            ),
            _ch2("mse", "Mean squared error", "losses", "mse"),
            _ch2("yoghurt_loss", "Asymmetric yoghurt-sales loss", "losses", "yoghurt_loss"),
            _ch2("cross_entropy", "Cross-entropy on probabilities", "losses", "cross_entropy"),
            _ch2("softmax", "Softmax (numerically stable)", "losses", "softmax", points=2),
            _ch2(
                "softmax_ce",
                "Softmax cross-entropy from logits",
                "losses",
                "softmax_cross_entropy",
                points=2,
            ),
            _ch2(
                "sparse_softmax_ce",
                "Sparse softmax cross-entropy from logits",
                "losses",
                "sparse_softmax_cross_entropy",
            ),
            _ch2("exp_decay", "Exponentially decaying learning rate", "lr_schedule", "exp_decay"),
            _ch2("penalties", "L1 and L2 penalties", "regularization", "l1_penalty", "l2_penalty"),
            _ch2(
                "regularized_loss", "Regularised total loss", "regularization", "regularized_loss"
            ),
            _ch2("sgd", "SGD step", "optimizers", "sgd_step"),
            _ch2("sgdm", "SGD with momentum step", "optimizers", "sgdm_step"),
            _ch2("adagrad", "Adagrad step", "optimizers", "adagrad_step"),
            _ch2("rmsprop", "RMSProp step", "optimizers", "rmsprop_step"),
            _ch2("adam", "Adam step", "optimizers", "adam_step", points=2),
            _ch2(
                "tape_descent", "Gradient descent with GradientTape", "optimizers", "tape_descent"
            ),
            _ch2(
                "fc_complexity",
                "Parameters and multiply-adds of a dense net",
                "complexity",
                "fc_param_count",
                "fc_mult_adds",
            ),
        ),
    ),
)


def _ch3(
    short: str,
    title: str,
    module: str,
    *functions: str,
    points: float = 1.0,
    tier: str = "unit",
    datasets: tuple[str, ...] = (),
) -> Exercise:
    return Exercise(f"ch3.{short}", title, f"ch3.{module}", functions, points, tier, datasets)


CHAPTERS += (
    Chapter(
        "ch3",
        "The Keras six steps: iris, MNIST, Fashion-MNIST",
        (
            _ch3("linear", "First model: y = 3x + 1", "first_model", "build_linear_model",
                 tier="training"),
            _ch3("shuffle", "Shuffle features and labels together", "iris", "shuffle_together"),
            _ch3("iris_sequential", "Iris classifier as Sequential", "iris",
                 "build_iris_sequential", points=2, tier="training"),
            _ch3("iris_subclass", "Iris classifier as a Model subclass", "iris", "IrisModel",
                 "build_iris_subclass", points=2, tier="training"),
            _ch3("normalize", "Scale pixels to [0, 1]", "mnist", "normalize"),
            _ch3("mnist_compile", "Compile: loss and from_logits", "mnist", "build_mnist_mlp"),
            _ch3("mnist_mlp", "MNIST MLP to an accuracy", "mnist", "build_mnist_mlp", points=3,
                 tier="training", datasets=("mnist",)),
            _ch3("fashion_mlp", "Fashion-MNIST to an accuracy", "fashion", "build_fashion_mlp",
                 points=2, tier="training", datasets=("fashion_mnist",)),
            _ch3("accuracy_stop", "Callback that stops at a target accuracy", "callbacks",
                 "AccuracyStop"),
        ),
    ),
)  # fmt: skip


# Each chapter below adds its own ``CHAPTERS += (Chapter(...),)`` block in place of its marker.
# --- ch1 registry ---
def _ch1(
    short: str, title: str, module: str, *functions: str, points: float = 1.0, tier: str = "unit"
) -> Exercise:
    return Exercise(f"ch1.{short}", title, f"ch1.{module}", functions, points, tier)


CHAPTERS += (
    Chapter(
        "ch1",
        "Tensors and the first networks by hand",
        (
            _ch1("constant", "A tensor with a dtype", "tensors", "constant"),
            _ch1("fill", "Zeros, ones and fill", "tensors", "zeros_ones_fill"),
            _ch1("random", "Normal, truncated normal and uniform tensors", "tensors", "normal",
                 "truncated_normal", "uniform", points=2),
            _ch1("cast", "Casting between dtypes", "tensors", "cast"),
            _ch1("reduce", "Min, max, mean and sum along an axis", "tensors", "reduce_stats"),
            _ch1("arithmetic", "Element-wise operations and matmul", "tensors", "arithmetic",
                 "matmul"),
            _ch1("one_hot_argmax", "One-hot labels and argmax", "tensors", "one_hot", "argmax"),
            _ch1("where", "tf.where: pick element-wise", "tensors", "where_greater"),
            _ch1("shapes", "Shape, ndim and slicing images", "numpy_basics", "shape_and_ndim",
                 "first_ten", "bottom_right_corner"),
            _ch1("standardize", "Standardise with broadcasting", "numpy_basics", "standardize"),
            _ch1("batches", "Feature-label pairs in batches", "iris_by_hand", "batch_pairs"),
            _ch1("iris_forward", "Iris forward pass", "iris_by_hand", "forward"),
            _ch1("iris_split", "Shuffle, then split 120/30", "iris_by_hand", "shuffle_split"),
            _ch1("iris_step", "One GradientTape step", "iris_by_hand", "train_step", points=2),
            _ch1("iris_loop", "The iris loop to the course's accuracy", "iris_by_hand",
                 "train_iris", points=2, tier="training"),
            _ch1("neuron", "A single neuron on MNIST", "neuron", "init_params", "forward",
                 "train_step", points=2),
            _ch1("neuron_trains", "The single neuron trains", "neuron", "init_params",
                 "forward", "train_step", points=2, tier="training"),
            _ch1("mlp", "One hidden layer on MNIST", "mlp", "init_params", "forward",
                 "train_step", points=2),
            _ch1("mlp_trains", "The hidden-layer net trains", "mlp", "init_params", "forward",
                 "train_step", points=3, tier="training"),
        ),
    ),
)  # fmt: skip
# --- ch4 registry ---
CHAPTERS += (
    Chapter(
        "ch4",
        "The six steps extended: own data, augmentation, checkpoints, export, curves, an app",
        (
            Exercise("ch4.generateds", "Your own dataset from images and a label list",
                     "ch4.own_dataset", ("generateds",), 2),
            Exercise("ch4.cache", "A .npy cache: written once, read after", "ch4.own_dataset",
                     ("load_or_generate",), 2),
            Exercise("ch4.augment", "Augmentation layers, on only while training",
                     "ch4.augment", ("build_augmentation",), 2),
            Exercise("ch4.checkpoint", "Best-only checkpoints and resuming", "ch4.checkpoint",
                     ("train_with_checkpoint", "restore"), 3),
            Exercise("ch4.export", "Parameters to a text file and back", "ch4.parameters",
                     ("write_parameters", "read_parameters"), 2),
            Exercise("ch4.curves", "Accuracy and loss curves in one PNG", "ch4.curves",
                     ("plot_curves",)),
            Exercise("ch4.predict", "A photo of a digit as the network's input",
                     "ch4.predict_app", ("prepare_photo",), 2),
        ),
    ),
)  # fmt: skip
CHAPTERS += (
    Chapter(
        "ch5",
        "Convolutional networks: sizes, NumPy convolution, a CNN from scratch, classic nets",
        (
            Exercise("ch5.conv_output_size", "Conv output size ('same' / 'valid')", "ch5.shapes",
                     ("conv_output_size",)),
            Exercise("ch5.pool_output_size", "Pooling output size", "ch5.shapes",
                     ("pool_output_size",)),
            Exercise("ch5.conv_params", "Parameters of a conv layer", "ch5.shapes",
                     ("conv_param_count",)),
            Exercise("ch5.conv_mult_adds", "Multiply-adds of a conv layer", "ch5.shapes",
                     ("conv_mult_adds",)),
            Exercise("ch5.receptive_field", "Receptive field of a conv stack", "ch5.shapes",
                     ("receptive_field",)),
            Exercise("ch5.stacked_3x3", "Two 3x3 convs against one 5x5", "ch5.shapes",
                     ("stacked_conv_cost", "prefer_two_3x3")),
            Exercise("ch5.conv2d", "Convolution forward in NumPy", "ch5.conv_numpy",
                     ("same_padding", "conv2d"), 2),
            Exercise("ch5.pooling", "Max and average pooling in NumPy", "ch5.conv_numpy",
                     ("max_pool2d", "avg_pool2d"), 2),
            Exercise("ch5.batch_norm", "Batch normalisation forward in NumPy", "ch5.conv_numpy",
                     ("batch_norm",), 2),
            Exercise("ch5.scratch_cnn", "A CNN from scratch: forward, backward, SGD",
                     "ch5.scratch_cnn", ("conv_forward", "conv_backward", "maxpool_forward",
                     "maxpool_backward", "softmax_forward", "softmax_backward", "train_step"), 3),
            Exercise("ch5.cbapd", "The CBAPD block", "ch5.blocks", ("cbapd_block",), 2),
            Exercise("ch5.inception_block", "The Inception block", "ch5.blocks",
                     ("conv_bn_relu", "inception_block"), 2),
            Exercise("ch5.resnet_block", "The ResNet basic block", "ch5.blocks",
                     ("resnet_block",), 2),
            Exercise("ch5.lenet5", "LeNet5", "ch5.networks", ("build_lenet5",)),
            Exercise("ch5.alexnet8", "AlexNet8", "ch5.networks", ("build_alexnet8",)),
            Exercise("ch5.vgg16", "VGG16", "ch5.networks", ("build_vgg16",)),
            Exercise("ch5.inception10", "Inception10", "ch5.networks", ("build_inception10",)),
            Exercise("ch5.resnet18", "ResNet18", "ch5.networks", ("build_resnet18",)),
            Exercise("ch5.lenet5_mnist", "LeNet5 on MNIST digits to an accuracy",
                     "ch5.cifar_models", ("to_conv_input", "build_mnist_lenet5"), 2, "training",
                     ("mnist",)),
            Exercise("ch5.baseline_cifar", "The course's Baseline CNN on CIFAR-10 to an accuracy",
                     "ch5.cifar_models", ("to_conv_input", "build_baseline"), 3, "training",
                     ("cifar10",)),
            Exercise("ch5.resnet_cifar", "A small ResNet of your blocks on CIFAR-10",
                     "ch5.cifar_models", ("build_small_resnet",), 3, "training", ("cifar10",)),
            Exercise("ch5.resnet18_cifar", "ResNet18 on CIFAR-10 (GPU)", "ch5.networks",
                     ("build_resnet18",), 3, "training", ("cifar10",)),
        ),
    ),
)  # fmt: skip


def _ch6(short: str, title: str, module: str, *functions: str, points: float = 1.0,
         tier: str = "unit") -> Exercise:  # fmt: skip
    return Exercise(f"ch6.{short}", title, f"ch6.{module}", functions, points, tier)


CHAPTERS += (
    Chapter(
        "ch6",
        "Recurrent networks: SimpleRNN, LSTM, GRU, letters and time series",
        (
            _ch6("rnn_cell", "The recurrent step by hand", "recurrent", "rnn_step",
                 "rnn_forward", "rnn_output", points=2),
            _ch6("lstm_cell", "The LSTM cell (Keras layout)", "lstm", "lstm_step",
                 "lstm_forward", points=3),
            _ch6("gru_cell", "The GRU cell (Keras's reset_after)", "gru", "gru_step",
                 "gru_forward", points=3),
            _ch6("rnn_params", "Parameters of recurrent layers", "params", "simple_rnn_params",
                 "lstm_params", "gru_params", "embedding_params", points=2),
            _ch6("encodings", "Letters to one-hot codes and ids", "letters", "letter_ids",
                 "one_hot_letters", "next_letter_data"),
            _ch6("letter_models", "abcde models: one-hot and Embedding", "letters",
                 "build_letter_rnn_onehot", "build_letter_rnn_embedding"),
            _ch6("letter_training", "abcde models learn the next letter", "letters",
                 "build_letter_rnn_onehot", "build_letter_rnn_embedding", points=2,
                 tier="training"),
            _ch6("windows", "Sliding windows of a series", "timeseries", "make_windows"),
            _ch6("scaling", "Scaling without leakage", "timeseries", "scale_train_test",
                 "inverse_scale", points=2),
            _ch6("metrics", "MSE, RMSE, MAE", "timeseries", "mse", "rmse", "mae"),
            _ch6("co2_lstm", "LSTM forecast of CO2 beats naive", "co2", "build_co2_lstm",
                 points=3, tier="training"),
            _ch6("co2_gru", "GRU forecast of CO2 beats naive", "co2", "build_co2_gru",
                 points=3, tier="training"),
        ),
    ),
)  # fmt: skip

CHAPTERS = tuple(sorted(CHAPTERS, key=lambda c: int(c.id[2:])))


def chapter(chapter_id: str) -> Chapter:
    for c in CHAPTERS:
        if c.id == chapter_id:
            return c
    known = ", ".join(c.id for c in CHAPTERS)
    raise UsageError(f"unknown chapter {chapter_id!r}; expected one of: {known} (or 'all')")


def exercise(exercise_id: str) -> Exercise:
    chapter_id = exercise_id.split(".", 1)[0]
    for e in chapter(chapter_id).exercises:
        if e.id == exercise_id:
            return e
    raise UsageError(f"unknown exercise {exercise_id!r} in {chapter_id}")


def resolve(chapter_arg: str) -> tuple[Chapter, ...]:
    """'ch2' -> (ch2,); 'all' -> every chapter."""
    if chapter_arg == "all":
        return CHAPTERS
    return (chapter(chapter_arg),)
