"""Checks of ch2/optimizers.py: one step of each optimizer, several steps in a row, the tape.

The arrays are float32, as the course's tf.Variable is (its Adam, written with tf.pow, works on
nothing else). Each convention the docstring fixes (momentum form, where eps goes, eps=0 being
the course's formula) is decided by a fixed example; a submission that follows another known
convention is told which one it follows and what this exercise expects.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import CheckFailure, exercise, expect, unpack
from grader.testing.compare import call_unchanged, expect_close
from grader.testing.strategies import float_arrays, shapes

LR = st.sampled_from([0.001, 0.01, 0.1, 0.5])
F32 = np.float32


@st.composite
def params_and_grads(draw, states=0):
    """w, g (|g| >= 0.01, so an epsilon cannot decide the answer) and ``states`` arrays >= 0,
    all float32, of any rank 1..3 (the docstrings leave the shape free)."""
    shape = draw(shapes(max_dims=3))
    w = draw(float_arrays(shape=shape, low=-5, high=5, dtype=F32))
    g = draw(float_arrays(shape=shape, low=-5, high=5, min_magnitude=0.01, dtype=F32))
    extra = [draw(float_arrays(shape=shape, low=0, high=3, dtype=F32)) for _ in range(states)]
    return (w, g, *extra)


def step(student, reference, name, args, names, hint, conventions=None):
    """Compare every returned item of one step. ``conventions(args)`` gives the other known
    conventions' results: {item label: ((convention, value, what we expect), ...)}."""
    labels = [n.strip() for n in names.split(",")]
    expected = getattr(reference, name)(*args.values())
    got = call_unchanged(getattr(student, name), args, hint=hint)
    if len(labels) > 1:
        got = unpack(got, len(labels), what=name, names=names, inputs=args)
    else:
        got, expected = (got,), (expected,)
    known = conventions(args) if conventions else {}
    for label, g, e in zip(labels, got, expected):
        expect_close(
            g,
            e,
            inputs=args,
            what=f"{name}: {label}",
            hint=hint,
            conventions=known.get(label, ()),
        )
    return got


def _f64(args):
    return {k: np.asarray(v, dtype=np.float64) if isinstance(v, np.ndarray) else v
            for k, v in args.items()}  # fmt: skip


COURSE_MOMENTUM = N_("m_new = beta*m + (1-beta)*g and w_new = w - lr*m_new (the course's form)")


def momentum_conventions(args):
    a = _f64(args)
    w, g, m, lr, beta = a["w"], a["g"], a["m"], a["lr"], a.get("beta", 0.9)
    torch_m = beta * m + g
    keras_m = beta * m - lr * g
    inside_m = beta * m + lr * g
    return {
        "w_new": (
            (N_("PyTorch's momentum (m = beta*m + g)"), w - lr * torch_m, COURSE_MOMENTUM),
            (N_("Keras's momentum (m = beta*m - lr*g; w = w + m)"), w + keras_m, COURSE_MOMENTUM),
            (N_("the learning rate inside the velocity (m = beta*m + lr*g)"), w - inside_m,
             COURSE_MOMENTUM),
        ),
        "m_new": (
            (N_("PyTorch's momentum (m = beta*m + g)"), torch_m, COURSE_MOMENTUM),
            (N_("Keras's momentum (m = beta*m - lr*g)"), keras_m, COURSE_MOMENTUM),
            (N_("the learning rate inside the velocity (m = beta*m + lr*g)"), inside_m,
             COURSE_MOMENTUM),
        ),
    }  # fmt: skip


def _root_conventions(w, g, lr, v_new, eps, expectation):
    return {
        "w_new": (
            (N_("eps outside the square root (sqrt(v_new) + eps)"),
             w - lr * g / (np.sqrt(v_new) + eps), expectation),
            (N_("the course's formula without eps"), w - lr * g / np.sqrt(v_new), expectation),
            (N_("eps inside the square root (sqrt(v_new + eps))"),
             w - lr * g / np.sqrt(v_new + eps), expectation),
        )
    }  # fmt: skip


INSIDE = N_("eps inside the root: w_new = w - lr*g / sqrt(v_new + eps) (Keras's place for it)")


def adagrad_conventions(args):
    a = _f64(args)
    v_new = a["v"] + a["g"] ** 2
    out = _root_conventions(a["w"], a["g"], a["lr"], v_new, a.get("eps", 1e-7), INSIDE)
    out["w_new"] = out["w_new"][:2]
    return out


def rmsprop_conventions(args):
    a = _f64(args)
    beta = a.get("beta", 0.9)
    v_new = beta * a["v"] + (1 - beta) * a["g"] ** 2
    out = _root_conventions(a["w"], a["g"], a["lr"], v_new, a.get("eps", 1e-7), INSIDE)
    out["w_new"] = out["w_new"][:2]
    return out


OUTSIDE = N_("eps outside the root: w_new = w - lr*m_hat / (sqrt(v_hat) + eps)")


def adam_conventions(args):
    a = _f64(args)
    w, g, m, v, t, lr = a["w"], a["g"], a["m"], a["v"], a["t"], a["lr"]
    b1, b2, eps = a.get("beta1", 0.9), a.get("beta2", 0.999), a.get("eps", 1e-7)
    m_new, v_new = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
    m_hat, v_hat = m_new / (1 - b1**t), v_new / (1 - b2**t)
    keras_rate = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
    return {
        "w_new": (
            (N_("eps inside the square root (sqrt(v_hat + eps))"),
             w - lr * m_hat / np.sqrt(v_hat + eps), OUTSIDE),
            (N_("the course's formula without eps"), w - lr * m_hat / np.sqrt(v_hat), OUTSIDE),
            (N_("Keras's Adam (eps added to the uncorrected sqrt(v), the rate corrected instead)"),
             w - keras_rate * m_new / (np.sqrt(v_new) + eps), OUTSIDE),
            (N_("Adam without bias correction"), w - lr * m_new / (np.sqrt(v_new) + eps),
             N_("m_hat = m_new / (1 - beta1**t), v_hat = v_new / (1 - beta2**t)")),
        )
    }  # fmt: skip


# A fixed example where eps decides the answer: gradients of 1e-3 and 0 from a zero state.
SMALL_W = np.array([1.0, -2.0, 0.5], dtype=F32)
SMALL_G = np.array([1e-3, -2e-3, 0.0], dtype=F32)
ZEROS = np.zeros(3, dtype=F32)


@exercise("ch2.sgd")
@given(wg=params_and_grads(), lr=LR)
def test_sgd_step(student, reference, wg, lr):
    w, g = wg
    step(student, reference, "sgd_step", {"w": w, "g": g, "lr": lr}, "w_new", _("w - lr * g"))


@exercise("ch2.sgdm")
@given(wgm=params_and_grads(states=1), lr=LR, beta=st.sampled_from([0.0, 0.5, 0.9]))
def test_sgdm_step(student, reference, wgm, lr, beta):
    w, g, m = wgm
    step(
        student,
        reference,
        "sgdm_step",
        {"w": w, "g": g, "m": m, "lr": lr, "beta": beta},
        "w_new, m_new",
        _("m_new = beta*m + (1-beta)*g, then w_new = w - lr*m_new (the new m, not the old)"),
        momentum_conventions,
    )


@exercise("ch2.sgdm")
def test_sgdm_momentum_convention(student, reference):
    """Decides the momentum form: beta = 0.9 and a non-zero m tell the forms apart."""
    args = {"w": SMALL_W, "g": np.array([0.5, -1.0, 2.0], F32), "m": np.array([0.2, 0.1, -0.3],
            F32), "lr": 0.1, "beta": 0.9}  # fmt: skip
    step(student, reference, "sgdm_step", args, "w_new, m_new", _(COURSE_MOMENTUM),
         momentum_conventions)  # fmt: skip
    args.pop("beta")
    step(student, reference, "sgdm_step", args, "w_new, m_new", _("the default beta is 0.9"),
         momentum_conventions)  # fmt: skip


@exercise("ch2.adagrad")
@given(wgv=params_and_grads(states=1), lr=LR, eps=st.sampled_from([0.0, 1e-7]))
def test_adagrad_step(student, reference, wgv, lr, eps):
    w, g, v = wgv
    step(
        student,
        reference,
        "adagrad_step",
        {"w": w, "g": g, "v": v, "lr": lr, "eps": eps},
        "w_new, v_new",
        _("v_new = v + g^2 (a sum of all squared gradients), w_new = w - lr*g/sqrt(v_new + eps)"),
        adagrad_conventions,
    )


@exercise("ch2.adagrad")
def test_adagrad_eps_convention(student, reference):
    """Small gradients from a zero state: where eps goes decides the step."""
    for args in ({"w": SMALL_W, "g": SMALL_G, "v": ZEROS, "lr": 0.1, "eps": 1e-4},
                 {"w": SMALL_W, "g": SMALL_G, "v": ZEROS, "lr": 0.1}):  # fmt: skip
        step(student, reference, "adagrad_step", args, "w_new, v_new", _(INSIDE)
             + (_("; the default eps is 1e-7") if "eps" not in args else ""),
             adagrad_conventions)  # fmt: skip


@exercise("ch2.rmsprop")
@given(
    wgv=params_and_grads(states=1),
    lr=LR,
    beta=st.sampled_from([0.5, 0.9, 0.99]),
    eps=st.sampled_from([0.0, 1e-7]),
)
def test_rmsprop_step(student, reference, wgv, lr, beta, eps):
    w, g, v = wgv
    step(
        student,
        reference,
        "rmsprop_step",
        {"w": w, "g": g, "v": v, "lr": lr, "beta": beta, "eps": eps},
        "w_new, v_new",
        _("v_new = beta*v + (1-beta)*g^2, w_new = w - lr*g/sqrt(v_new + eps)"),
        rmsprop_conventions,
    )


@exercise("ch2.rmsprop")
def test_rmsprop_eps_convention(student, reference):
    base = {"w": SMALL_W, "g": SMALL_G, "v": ZEROS, "lr": 0.1}
    for args in ({**base, "beta": 0.9, "eps": 1e-4}, dict(base)):
        step(student, reference, "rmsprop_step", args, "w_new, v_new", _(INSIDE)
             + (_("; the defaults are beta=0.9, eps=1e-7") if "eps" not in args else ""),
             rmsprop_conventions)  # fmt: skip


@exercise("ch2.adam")
def test_adam_first_step(student, reference):
    args = {"w": SMALL_W, "g": np.array([0.5, -0.1, 2.0], F32), "m": ZEROS, "v": ZEROS, "t": 1,
            "lr": 0.1}  # fmt: skip
    step(student, reference, "adam_step", args, "w_new, m_new, v_new",
         _("m_hat = m_new / (1 - beta1**t), v_hat = v_new / (1 - beta2**t); use them"),
         adam_conventions)  # fmt: skip


@exercise("ch2.adam")
def test_adam_eps_convention(student, reference):
    base = {"w": SMALL_W, "g": SMALL_G, "m": ZEROS, "v": ZEROS, "t": 1, "lr": 0.1}
    for args in ({**base, "beta1": 0.9, "beta2": 0.999, "eps": 1e-4}, dict(base)):
        step(student, reference, "adam_step", args, "w_new, m_new, v_new", _(OUTSIDE)
             + (_("; the defaults are beta1=0.9, beta2=0.999, eps=1e-7") if "eps" not in args
                else ""), adam_conventions)  # fmt: skip


@exercise("ch2.adam")
@given(
    wg=params_and_grads(states=2),
    t=st.integers(1, 50),
    lr=LR,
    eps=st.sampled_from([0.0, 1e-7]),
)
def test_adam_step(student, reference, wg, t, lr, eps):
    w, g, m, v = wg
    args = {"w": w, "g": g, "m": m / 3, "v": v, "t": t, "lr": lr, "beta1": 0.9,
            "beta2": 0.999, "eps": eps}  # fmt: skip
    step(
        student,
        reference,
        "adam_step",
        args,
        "w_new, m_new, v_new",
        _("bias-correct with the step number t: m_hat = m_new / (1 - beta1**t)"),
        adam_conventions,
    )


@exercise("ch2.adam")
def test_adam_five_steps(student, reference):
    """Five steps in a row, each fed the student's own state: errors in the state add up."""
    rng = np.random.default_rng(0)
    w_s = w_r = rng.normal(size=4).astype(F32)
    m_s = v_s = m_r = v_r = np.zeros(4, F32)
    for t in range(1, 6):
        g = (2 * np.asarray(w_s, dtype=np.float64) + 0.5).astype(F32)
        args = {"w": np.asarray(w_s, F32), "g": g, "m": np.asarray(m_s, F32),
                "v": np.asarray(v_s, F32), "t": t, "lr": 0.1}  # fmt: skip
        w_s, m_s, v_s = unpack(
            call_unchanged(student.adam_step, args), 3, what="adam_step", names="w, m, v"
        )
        w_r, m_r, v_r = reference.adam_step(w_r, (2 * np.asarray(w_r) + 0.5).astype(F32), m_r,
                                            v_r, t, 0.1)  # fmt: skip
        expect_close(
            w_s,
            w_r,
            inputs={"step": t, "loss": "sum(w^2 + 0.5*w)", "lr": 0.1},
            what=_("w after {t} Adam steps").format(t=t),
            hint=_("return the new m and v too: the next step starts from them"),
        )


@pytest.mark.visibility("public")
@exercise("ch2.tape_descent")
def test_tape_course_trajectory(student):
    args = {"w0": 5.0, "lr": 0.2, "epochs": 40}
    got = call_unchanged(student.tape_descent, args)
    expect(
        isinstance(got, list | tuple) and len(got) == 40,
        _("tape_descent must return a list with one w per epoch"),
        inputs=args,
        expected=_("a list of 40 floats"),
        got=got,
    )
    expect_close(
        got[:3],
        [2.6, 1.16, 0.296],
        inputs=args,
        what=N_("w after epochs 1, 2, 3"),
        hint=_("grad of (w+1)^2 is 2(w+1); w.assign_sub(lr * grad) once per epoch"),
        rtol=1e-5,
    )
    if abs(float(got[-1]) + 1) >= 1e-3:
        raise CheckFailure(_("w does not approach the minimum -1"), inputs=args, got=got[-1])


@exercise("ch2.tape_descent")
def test_tape_returns_python_floats(student):
    args = {"w0": 5.0, "lr": 0.2, "epochs": 3}
    got = call_unchanged(student.tape_descent, args)
    expect(
        isinstance(got, list | tuple) and all(isinstance(v, float) for v in got),
        _("tape_descent must return a list of Python floats (one per epoch)"),
        inputs=args,
        expected=_("[2.6, 1.16, 0.296] as floats"),
        got=[type(v).__name__ for v in got] if isinstance(got, list | tuple) else got,
        hint=_("append float(w.numpy()) (or w.numpy().item()), not the variable or a tensor"),
    )


@exercise("ch2.tape_descent")
@given(w0=st.sampled_from([-3.0, 0.0, 2.0, 10.0]), lr=st.sampled_from([0.05, 0.1, 0.3]))
def test_tape_matches_reference(student, reference, w0, lr):
    args = {"w0": w0, "lr": lr, "epochs": 8}
    expect_close(
        call_unchanged(student.tape_descent, args),
        reference.tape_descent(w0, lr, 8),
        inputs=args,
        what=N_("the trajectory of w"),
        rtol=1e-5,
    )
