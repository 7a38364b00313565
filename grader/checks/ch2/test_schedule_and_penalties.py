"""Checks of ch2/lr_schedule.py, ch2/regularization.py and ch2/complexity.py."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import CheckFailure, exercise, expect
from grader.testing.compare import call_unchanged, expect_close, same_as_reference
from grader.testing.strategies import float_arrays


def _decay_conventions(args):
    """Other ways to write it, each named when a submission matches it."""
    base, rate, epoch, steps = (args[k] for k in ("base_lr", "decay_rate", "epoch", "decay_steps"))
    staircase = args.get("staircase", False)
    exact = base * rate ** (epoch // steps if staircase else epoch / steps)
    out = [
        (N_("the rate rounded to 6 decimals (as the course's %f prints it)"), round(exact, 6),
         N_("the full float, not rounded")),
    ]  # fmt: skip
    if staircase:
        out.append(
            (
                N_("a true division epoch / decay_steps (no staircase)"),
                base * rate ** (epoch / steps),
                N_("floor(epoch / decay_steps) with staircase"),
            )
        )
    else:
        out.append(
            (
                N_("a floored exponent epoch // decay_steps (a staircase)"),
                base * rate ** (epoch // steps),
                N_("a true division epoch / decay_steps"),
            )
        )
    return tuple(out)  # fmt: skip


def _decay(student, reference, args, what, hint):
    expect_close(
        call_unchanged(student.exp_decay, args, hint=hint),
        reference.exp_decay(*args.values()),
        inputs=args,
        what=what,
        hint=hint,
        conventions=_decay_conventions(args),
    )


@pytest.mark.visibility("public")
@exercise("ch2.exp_decay")
def test_exp_decay_course_values(student):
    def args(epoch):  # in the signature's order: the call is positional
        return {"base_lr": 0.2, "decay_rate": 0.99, "epoch": epoch, "decay_steps": 1}

    got = [call_unchanged(student.exp_decay, args(e)) for e in range(3)]
    expect_close(
        got,
        [0.2, 0.198, 0.19602],
        inputs=args([0, 1, 2]),
        what=N_("the learning rates of epochs 0, 1, 2"),
        hint=_("lr = base_lr * decay_rate ** (epoch / decay_steps)"),
        rtol=1e-6,
    )


@exercise("ch2.exp_decay")
def test_exp_decay_is_a_python_float(student):
    for staircase in (False, True):
        args = {"base_lr": 0.2, "decay_rate": 0.9, "epoch": 5, "decay_steps": 2,
                "staircase": staircase}  # fmt: skip
        got = call_unchanged(student.exp_decay, args)
        expect(
            isinstance(got, float),
            _("exp_decay returned a {type}; the docstring asks for a Python float").format(
                type=type(got).__name__
            ),
            inputs=args,
            got=got,
            hint=_("float(...) around the result: a learning rate for a Python loop or a print"),
        )


@exercise("ch2.exp_decay")
@given(
    base=st.sampled_from([0.1, 0.2, 0.5, 1.0]),
    rate=st.floats(0.5, 0.999),
    epoch=st.integers(0, 200),
    steps=st.integers(1, 30),
)
def test_exp_decay_matches_reference(student, reference, base, rate, epoch, steps):
    args = {"base_lr": base, "decay_rate": rate, "epoch": epoch, "decay_steps": steps}
    _decay(student, reference, args, "exp_decay", _("lr = base_lr * decay_rate ** (epoch /"
           " decay_steps)"))  # fmt: skip


@exercise("ch2.exp_decay")
@given(epoch=st.integers(0, 100), steps=st.integers(2, 10))
def test_exp_decay_staircase(student, reference, epoch, steps):
    args = {"base_lr": 0.5, "decay_rate": 0.9, "epoch": epoch, "decay_steps": steps,
            "staircase": True}  # fmt: skip
    _decay(student, reference, args, N_("exp_decay with staircase=True"),
           _("with staircase the exponent is floor(epoch / decay_steps)"))  # fmt: skip


@exercise("ch2.exp_decay")
def test_exp_decay_staircase_steps_at_multiples(student, reference):
    """The staircase's boundary: the rate drops exactly at epoch = k * decay_steps, not one
    epoch before or after."""
    for epoch in (0, 2, 3, 4, 5, 6):
        args = {"base_lr": 0.5, "decay_rate": 0.5, "epoch": epoch, "decay_steps": 3,
                "staircase": True}  # fmt: skip
        hint = _("floor(epoch / decay_steps): epochs 0-2 give base_lr, 3-5 base_lr * rate, ...")
        what = _("exp_decay with staircase at epoch {epoch}").format(epoch=epoch)
        _decay(student, reference, args, what, hint)


@exercise("ch2.penalties")
@given(w=float_arrays(low=-5, high=5))
def test_l1_penalty(student, reference, w):
    same_as_reference(
        student.l1_penalty, reference.l1_penalty, {"w": w}, what="l1_penalty", hint=_("sum(|w|)")
    )


@exercise("ch2.penalties")
@given(w=float_arrays(low=-5, high=5))
def test_l2_penalty(student, reference, w):
    expected = np.asarray(reference.l2_penalty(w))
    got = call_unchanged(student.l2_penalty, {"w": w})
    got64, e64 = np.asarray(got, dtype=np.float64), expected.astype(np.float64)
    if np.allclose(got64, 2 * e64, rtol=1e-4) and not np.allclose(got64, e64, rtol=1e-3):
        raise CheckFailure(
            _("l2_penalty is twice too large: TensorFlow's convention halves it"),
            inputs={"w": w},
            expected=expected,
            got=got,
            hint=_("l2_penalty(w) = sum(w^2) / 2, like tf.nn.l2_loss"),
        )
    expect_close(got, expected, inputs={"w": w}, what="l2_penalty", hint=_("sum(w^2) / 2"))


@st.composite
def weight_lists(draw):
    return [draw(float_arrays(low=-3, high=3)) for _ in range(draw(st.integers(1, 3)))]


@exercise("ch2.regularized_loss")
@given(
    loss=st.floats(0, 10),
    weights=weight_lists(),
    decay=st.sampled_from([0.0, 0.03, 0.1, 1.0]),
    kind=st.sampled_from(["l1", "l2"]),
)
def test_regularized_loss(student, reference, loss, weights, decay, kind):
    same_as_reference(
        student.regularized_loss,
        reference.regularized_loss,
        {"loss": loss, "weights": weights, "weight_decay": decay, "kind": kind},
        what="regularized_loss",
        hint=_("loss + weight_decay * (sum of the chosen penalty over every array in weights)"),
    )


@pytest.mark.visibility("public")
@exercise("ch2.fc_complexity")
def test_fc_course_examples(student):
    for sizes, params, madds in (([3, 4, 2], 26, 20), ([784, 128, 10], 101_770, 101_632)):
        got = tuple(
            call_unchanged(fn, {"layer_sizes": list(sizes)})
            for fn in (student.fc_param_count, student.fc_mult_adds)
        )
        expect(
            [int(v) for v in got] == [params, madds]
            and all(isinstance(v, int | np.integer) for v in got),
            _("wrong parameter / multiply-add count for a course example"),
            inputs={"layer_sizes": sizes},
            expected=(params, madds),
            got=got,
            hint=_("each layer has n_in*n_out weights + n_out biases; multiply-adds n_in*n_out"),
        )


@exercise("ch2.fc_complexity")
@given(sizes=st.lists(st.integers(1, 300), min_size=2, max_size=6))
def test_fc_matches_reference(student, reference, sizes):
    for name in ("fc_param_count", "fc_mult_adds"):
        expected = getattr(reference, name)(list(sizes))
        got = call_unchanged(getattr(student, name), {"layer_sizes": list(sizes)})
        expect(
            isinstance(got, int | np.integer) and int(got) == expected,
            _("{name} is wrong (an exact integer is expected)").format(name=name),
            inputs={"layer_sizes": sizes},
            expected=expected,
            got=got,
            hint=_("the input layer has no parameters of its own: count each pair of layers"),
        )
