"""Training checks of chapter 3, declared: data, builder, the grader's recipe, and per profile
the threshold and time budget. Thresholds come from the references trained over several seeds
(benchmarks/calibrate_training.py; the table is in README.md), never below the course's bars."""

from grader.i18n import N_
from grader.testing.train import training_check
from grader.training import Architecture, Budget, TrainingCheck

IRIS_ARCH = Architecture(
    params=15,
    output_shape=(None, 3),
    layers=("Dense",),
    regularized=True,
    hint=N_(
        "one Dense(3, activation='softmax', kernel_regularizer=keras.regularizers.l2()):"
        " 4*3 weights + 3 biases = 15"
    ),
)
IRIS_BUDGETS = {
    # the course's recipe: SGD(0.1), batch 32, 500 passes, the same on every profile; iris
    # has 30 test flowers, so the margin under the references' worst run is two flowers
    "sample": Budget(500, 32, 0.9, 180, passes_per_point=50, minimum=0.8),
}
MLP_ARCH = Architecture(
    params=101_770,
    output_shape=(None, 10),
    layers=("Dense", "Dense"),
    hint=N_("Flatten -> Dense(128, relu) -> Dense(10, softmax): 784*128+128 + 128*10+10 = 101,770"),
)

MLP_HINT = N_(
    "the size is right but it learns too little: is the hidden layer relu, are the pixels"
    " scaled to [0, 1], does from_logits match the last layer?"
)


_sgd = {"name": "SGD", "learning_rate": 0.1}  # the grader's optimizers, as plain specs
_adam = {"name": "Adam", "learning_rate": 1e-3}


IRIS_SEQUENTIAL = TrainingCheck(
    exercise="ch3.iris_sequential",
    builder="build_iris_sequential",
    dataset="iris",
    architecture=IRIS_ARCH,
    optimizer=_sgd,
    budgets=IRIS_BUDGETS,
)
IRIS_SUBCLASS = TrainingCheck(
    exercise="ch3.iris_subclass",
    builder="build_iris_subclass",
    dataset="iris",
    architecture=IRIS_ARCH,
    optimizer=_sgd,
    budgets=IRIS_BUDGETS,
)
MNIST_MLP = TrainingCheck(
    exercise="ch3.mnist_mlp",
    builder="build_mnist_mlp",
    dataset="mnist",
    preprocess="normalize",
    architecture=MLP_ARCH,
    optimizer=_adam,
    hint=MLP_HINT,
    allow_logits=True,  # the docstring: from_logits matches the last activation
    budgets={
        "sample": Budget(10, 32, 0.938, 240, minimum=0.93),
        # benchmarks/bench_mnist_recipe.py: the fastest recipe whose references reach the
        # course's 0.975 on seeds 0-2 (0.9770-0.9785); 10 epochs at batch 64 took 2.8x longer
        "standard": Budget(6, 128, 0.975, 600, minimum=0.975, learning_rate=2e-3),
        "full": Budget(20, 32, 0.978, 900, minimum=0.975),
    },
)
FASHION_MLP = TrainingCheck(
    exercise="ch3.fashion_mlp",
    builder="build_fashion_mlp",
    dataset="fashion_mnist",  # no sample ships: on the sample profile it is skipped
    preprocess="normalize",
    architecture=MLP_ARCH,
    optimizer=_adam,
    hint=MLP_HINT,
    allow_logits=True,  # the docstring: from_logits matches the last activation
    budgets={
        "standard": Budget(20, 128, 0.877, 900, minimum=0.87),
        "full": Budget(30, 32, 0.88, 1800, minimum=0.87),
    },
)

test_iris_sequential_trains = training_check(IRIS_SEQUENTIAL)
test_iris_subclass_trains = training_check(IRIS_SUBCLASS)
test_mnist_mlp_trains = training_check(MNIST_MLP)
test_fashion_mlp_trains = training_check(FASHION_MLP)
