"""Each class of wrong verdict the checks used to give, proven both ways in-process: a correct
variant (another style, another dtype) passes the check and the realistic mistake fails it,
with feedback that says what is wrong. Plus: the course's own code scores full marks.

Classes: 1 a boundary the docstring fixes; 2 arguments edited in place; 3 row-wise properties
on rows of very different scales; 5 conventions decided once, by a fixed example, and named in
the feedback; 6 feedback that shows the difference, picks its hint from the failing input and
shows the input of an exception.
"""

from __future__ import annotations

import inspect
import json
import sys
from types import SimpleNamespace

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import HealthCheck, settings

from conftest import FIXTURES, run_cli
from grader.checks.ch2 import test_activations as act
from grader.checks.ch2 import test_losses as losses
from grader.checks.ch2 import test_optimizers as opt
from grader.checks.ch3 import test_six_steps as six
from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR
from grader.testing.api import CheckFailure
from grader.testing.compare import call_unchanged, expect_close
from grader.testing.show import show

GRADING = settings(
    max_examples=20, derandomize=True, database=None, deadline=None,
    suppress_health_check=list(HealthCheck),
)  # fmt: skip


def reference(module: str):
    return import_module(SOLUTIONS_DIR, "_ck_verdicts_reference", module)


def student(module: str, **functions):
    """The references with some functions replaced (what a submission looks like)."""
    ref = reference(module)
    names = {n: getattr(ref, n) for n in dir(ref) if not n.startswith("_")}
    return SimpleNamespace(**{**names, **functions})


_graded: dict = {}


def run(check, module: str, **functions) -> None:
    """Run one check on a student made of the references and ``functions``."""
    kwargs = {"student": student(module, **functions), "reference": reference(module)}
    wanted = {k: v for k, v in kwargs.items() if k in inspect.signature(check).parameters}
    if hasattr(check, "hypothesis") and check not in _graded:
        _graded[check] = GRADING(check)
    _graded.get(check, check)(**wanted)


def fails(check, module: str, **functions) -> CheckFailure:
    with pytest.raises(CheckFailure) as info:
        run(check, module, **functions)
    return info.value


# -- class 1: a boundary the docstring fixes is an explicit example --------------------------


def relu_grad_ge(x):
    x = np.asarray(x)
    return (x >= 0).astype(x.dtype)


def relu_grad_loop(x):  # another style: a loop, float64 whatever comes in
    x = np.asarray(x, dtype=np.float64)
    return np.array([1.0 if v > 0 else 0.0 for v in x.ravel()]).reshape(x.shape)


def test_relu_derivative_at_zero_both_ways():
    run(act.test_relu_derivative_at_zero, "ch2.activations", relu_grad=relu_grad_loop)
    failure = fails(act.test_relu_derivative_at_zero, "ch2.activations", relu_grad=relu_grad_ge)
    assert "where x = 0" in failure.message
    assert "x = 0" in failure.hint and "x > 0, not x >= 0" in failure.hint
    assert failure.inputs.startswith("x=0")


def test_leaky_relu_derivative_at_zero_is_alpha():
    def slope_one_at_zero(x, alpha=0.2):
        x = np.asarray(x)
        return np.where(x >= 0, 1.0, alpha).astype(x.dtype)

    failure = fails(
        act.test_leaky_relu_derivative_at_zero, "ch2.activations", leaky_relu_grad=slope_one_at_zero
    )
    assert "where x = 0" in failure.message and "alpha" in failure.hint


class ReachesTarget(tf.keras.callbacks.Callback):
    def __init__(self, target=0.95):
        super().__init__()
        self.target, self.stopped_epoch = target, None

    def on_epoch_end(self, epoch, logs=None):
        if (logs or {}).get("sparse_categorical_accuracy", (logs or {}).get("accuracy")) >= (
            self.target
        ):
            self.stopped_epoch = epoch
            self.model.stop_training = True


class ExceedsTarget(ReachesTarget):
    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        value = logs["accuracy"] if "accuracy" in logs else logs["sparse_categorical_accuracy"]
        if value > self.target:
            self.stopped_epoch = epoch
            self.model.stop_training = True


def test_accuracy_stop_exceeds_not_reaches():
    run(six.test_accuracy_stop_exceeds_not_reaches, "ch3.callbacks", AccuracyStop=ExceedsTarget)
    failure = fails(
        six.test_accuracy_stop_exceeds_not_reaches, "ch3.callbacks", AccuracyStop=ReachesTarget
    )
    assert "must exceed it" in failure.hint and "0.9" in failure.hint


# -- class 2: the caller's arguments stay unchanged ------------------------------------------


def sgd_in_place(w, g, lr):
    w -= lr * np.asarray(g)
    return w


def sgd_new_array(w, g, lr):
    return np.asarray(w, dtype=np.float64) - lr * np.asarray(g, dtype=np.float64)


def test_in_place_step_fails_naming_the_argument():
    run(opt.test_sgd_step, "ch2.optimizers", sgd_step=sgd_new_array)
    failure = fails(opt.test_sgd_step, "ch2.optimizers", sgd_step=sgd_in_place)
    assert "changed its argument `w` in place" in failure.message
    assert "w unchanged" in failure.expected and "after the call" in failure.got


def test_in_place_shuffle_fails_and_a_new_permutation_passes():
    def course_shuffle(x, y, seed):
        np.random.seed(seed)
        np.random.shuffle(x)
        np.random.seed(seed)
        np.random.shuffle(y)
        return x, y

    def tf_shuffle(x, y, seed):  # another style: TensorFlow, a fresh tensor
        order = tf.random.experimental.stateless_shuffle(tf.range(len(x)), seed=[seed, 0])
        return tf.gather(x, order), tf.gather(y, order)

    run(six.test_shuffle_leaves_the_callers_arrays, "ch3.iris", shuffle_together=tf_shuffle)
    failure = fails(
        six.test_shuffle_leaves_the_callers_arrays, "ch3.iris", shuffle_together=course_shuffle
    )
    assert "changed its argument `x` in place" in failure.message


def test_call_unchanged_looks_past_a_copying_guard():
    """The grader's in-process guard hands out copies; the helper still sees the edit."""
    import functools

    @functools.wraps(sgd_in_place)
    def guarded(*args):
        return sgd_in_place(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])

    with pytest.raises(CheckFailure, match="`w` in place"):
        call_unchanged(guarded, {"w": np.ones(3), "g": np.ones(3), "lr": 0.1})


def test_a_worker_report_of_a_changed_argument_becomes_the_same_failure():
    class ChangedArgument(AssertionError):
        names = ["v"]

    def remote(*args):
        raise ChangedArgument("v changed")

    with pytest.raises(CheckFailure, match="changed its argument `v` in place"):
        call_unchanged(remote, {"w": np.ones(2), "v": np.ones(2)})


# -- class 3: row-wise properties on rows of very different scales ---------------------------


def softmax_global_max(logits):
    e = np.exp(logits - np.max(logits))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_rowwise_loop(logits):  # another style: a loop over rows, float64
    z = np.atleast_2d(np.asarray(logits, dtype=np.float64))
    rows = [np.exp(r - r.max()) / np.exp(r - r.max()).sum() for r in z]
    return np.array(rows).reshape(np.shape(logits))


def test_softmax_global_max_fails_on_mixed_scale_rows():
    check = losses.test_softmax_rows_of_different_scales
    run(check, "ch2.losses", softmax=softmax_rowwise_loop)
    run(losses.test_softmax_matches_reference, "ch2.losses", softmax=softmax_global_max)
    failure = fails(check, "ch2.losses", softmax=softmax_global_max)
    assert "each row" in failure.hint


def test_softmax_ce_global_max_fails_on_mixed_scale_rows():
    def ce_global_max(labels, logits):
        z = np.asarray(logits, dtype=np.float64)
        log_sum = np.log(np.sum(np.exp(z - z.max()), axis=-1, keepdims=True)) + z.max()
        return -np.sum(labels * (z - log_sum), axis=-1)

    check = losses.test_softmax_ce_rows_of_different_scales
    run(check, "ch2.losses", softmax_cross_entropy=tf.nn.softmax_cross_entropy_with_logits)
    fails(check, "ch2.losses", softmax_cross_entropy=ce_global_max)


# -- class 5: conventions decided once, by a fixed example, named in the feedback ------------


def sgdm_pytorch(w, g, m, lr, beta=0.9):
    m_new = beta * m + g
    return w - lr * m_new, m_new


def adagrad_eps_outside(w, g, v, lr, eps=1e-7):
    v_new = v + g * g
    return w - lr * g / (np.sqrt(v_new) + eps), v_new


def adagrad_without_eps(w, g, v, lr, eps=1e-7):
    v_new = v + g * g
    return w - lr * g / np.sqrt(v_new), v_new


def rmsprop_without_eps(w, g, v, lr, beta=0.9, eps=1e-7):
    v_new = beta * v + (1 - beta) * g * g
    return w - lr * g / np.sqrt(v_new), v_new


def adam_eps_inside(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
    m_new, v_new = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m_new / (1 - beta1**t), v_new / (1 - beta2**t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new


@pytest.mark.parametrize(
    ("check", "replace", "named"),
    [
        (opt.test_sgdm_momentum_convention, {"sgdm_step": sgdm_pytorch}, "PyTorch's momentum"),
        (opt.test_adagrad_eps_convention, {"adagrad_step": adagrad_eps_outside}, "eps outside"),
        (opt.test_adagrad_eps_convention, {"adagrad_step": adagrad_without_eps}, "without eps"),
        (opt.test_rmsprop_eps_convention, {"rmsprop_step": rmsprop_without_eps}, "without eps"),
        (opt.test_adam_eps_convention, {"adam_step": adam_eps_inside}, "eps inside"),
    ],
)
def test_a_known_convention_is_named_with_what_the_exercise_expects(check, replace, named):
    failure = fails(check, "ch2.optimizers", **replace)
    assert f"follows {named}" in failure.message or named in failure.message
    assert "this exercise expects" in failure.message


def test_the_same_eps_choice_gets_the_same_verdict_everywhere():
    """'No eps, as the course writes it' fails each adaptive exercise's fixed example, and
    passes each with eps=0 (the course's formula)."""
    for check in (opt.test_adagrad_eps_convention, opt.test_rmsprop_eps_convention):
        name = "adagrad_step" if "adagrad" in check.__name__ else "rmsprop_step"
        wrong = adagrad_without_eps if name == "adagrad_step" else rmsprop_without_eps
        assert "without eps" in fails(check, "ch2.optimizers", **{name: wrong}).message
    run(opt.test_adagrad_step, "ch2.optimizers", adagrad_step=adagrad_eps_outside)


def test_course_adam_in_float32_passes_and_float64_with_tf_pow_is_an_error_with_input():
    def adam_float64(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
        g = tf.cast(g, tf.float64)
        m_new = beta1 * tf.cast(m, tf.float64) + (1 - beta1) * g
        v_new = beta2 * tf.cast(v, tf.float64) + (1 - beta2) * tf.square(g)
        m_hat, v_hat = m_new / (1 - tf.pow(beta1, t)), v_new / (1 - tf.pow(beta2, t))
        return w - lr * m_hat / (tf.sqrt(v_hat) + eps), m_new, v_new

    with pytest.raises(Exception) as info:
        run(opt.test_adam_first_step, "ch2.optimizers", adam_step=adam_float64)
    assert not isinstance(info.value, CheckFailure)
    assert info.value.ck_inputs.startswith("w=[")  # the input travels with the error
    if sys.version_info >= (3, 11):  # add_note: the traceback shows the input too
        assert any("t=1" in note for note in getattr(info.value, "__notes__", []))


# -- class 6: feedback that shows the difference, and hints from the failing input -----------


def test_a_barely_caught_difference_prints_differently_with_its_excess():
    expected = np.array([0.19701553, 0.5])
    got = np.array([0.197015, 0.5])
    with pytest.raises(CheckFailure) as info:
        expect_close(got, expected, what="the learning rate")
    failure = info.value
    assert "× the tolerance" in failure.message
    assert "expected 0.1970155" in failure.message and "got 0.197015 " in failure.message
    assert failure.expected != failure.got


def test_the_worst_element_of_an_array_is_named_by_its_plain_index():
    expected = np.zeros((1, 2, 2, 1))
    got = expected.copy()
    got[0, 1, 1, 0] = 5.0
    with pytest.raises(CheckFailure) as info:
        expect_close(got, expected, what="avg_pool2d")
    assert "at index (0, 1, 1, 0): expected 0, got 5" in info.value.message, info.value.message


def test_exp_decay_rounded_like_the_print_is_caught_with_digits():
    def rounded(base_lr, decay_rate, epoch, decay_steps, staircase=False):
        e = epoch // decay_steps if staircase else epoch / decay_steps
        return round(base_lr * decay_rate**e, 6)

    failure = fails(
        __import__(
            "grader.checks.ch2.test_schedule_and_penalties", fromlist=["x"]
        ).test_exp_decay_matches_reference,
        "ch2.lr_schedule",
        exp_decay=rounded,
    )
    assert "follows the rate rounded to 6 decimals" in failure.message
    assert "the full float" in failure.message
    assert failure.expected != failure.got  # the 7th digit is shown


def test_a_long_got_names_its_nan_first():
    value = np.zeros(40)
    value[37] = np.nan
    text = show(value)
    assert text.startswith("nan at index 37")


def test_hint_names_the_side_of_x_that_is_wrong():
    def wrong_right_side(x):
        x = np.asarray(x)
        return np.where(x > 0, 0.5, 0.0).astype(x.dtype)

    failure = fails(act.test_relu_derivative_at_zero, "ch2.activations", relu_grad=wrong_right_side)
    assert failure.message.endswith("where x > 0") and "right of zero" in failure.hint


# -- the course's own code scores full marks -------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="one grading run is enough on CI's Linux")
def test_course_code_for_chapter_2_scores_full_marks(tmp_path):
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch2", "--target", str(FIXTURES / "course_student"), "--json", str(out),
        "--check-timeout", "120",  # the first check also waits for the worker's TensorFlow
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    failing = {e["id"]: e["checks"] for e in data["exercises"] if e["status"] != "passed"}
    assert not failing, failing
    assert data["score"]["percent"] == 100.0, result.output


def test_a_list_argument_edited_in_place_is_named_in_process():
    def count_and_append(layer_sizes):
        total = sum(a * b + b for a, b in zip(layer_sizes, layer_sizes[1:]))
        layer_sizes.append(0)
        return total

    with pytest.raises(CheckFailure, match="changed its argument `layer_sizes` in place"):
        call_unchanged(count_and_append, {"layer_sizes": [3, 4, 2]})
