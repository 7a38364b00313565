"""Checks of ch2/optimizers.py: one step of each optimizer, several steps in a row, the tape."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from grader.checks.api import CheckFailure, exercise, expect, expect_close, unpack
from grader.checks.strategies import float_arrays, shapes

LR = st.sampled_from([0.001, 0.01, 0.1, 0.5])


@st.composite
def params_and_grads(draw, states=0):
    """w, g (|g| >= 0.01, so an epsilon cannot decide the answer) and ``states`` arrays >= 0."""
    shape = draw(shapes(max_dims=2))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    w = draw(float_arrays(shape=shape, low=-5, high=5, dtype=dtype))
    g = draw(float_arrays(shape=shape, low=-5, high=5, min_magnitude=0.01, dtype=dtype))
    extra = [draw(float_arrays(shape=shape, low=0, high=3, dtype=dtype)) for _ in range(states)]
    return (w, g, *extra)


def _step(student, reference, name, args, names, hint):
    """Compare every returned item of one step."""
    count = len(names.split(","))
    expected = reference.__getattribute__(name)(*args.values())
    got = getattr(student, name)(*args.values())
    if count > 1:
        got = unpack(got, count, what=name, names=names, inputs=args)
    else:
        got, expected = (got,), (expected,)
    for label, g, e in zip(names.split(","), got, expected):
        expect_close(g, e, inputs=args, what=f"{name}: {label.strip()}", hint=hint)


@exercise("ch2.sgd")
@given(wg=params_and_grads(), lr=LR)
def test_sgd_step(student, reference, wg, lr):
    w, g = wg
    _step(student, reference, "sgd_step", {"w": w, "g": g, "lr": lr}, "w_new", "w - lr * g")


@exercise("ch2.sgdm")
@given(wgm=params_and_grads(states=1), lr=LR, beta=st.sampled_from([0.0, 0.5, 0.9]))
def test_sgdm_step(student, reference, wgm, lr, beta):
    w, g, m = wgm
    _step(
        student,
        reference,
        "sgdm_step",
        {"w": w, "g": g, "m": m, "lr": lr, "beta": beta},
        "w_new, m_new",
        "m_new = beta*m + (1-beta)*g, then w_new = w - lr*m_new (the new m, not the old)",
    )


@exercise("ch2.adagrad")
@given(wgv=params_and_grads(states=1), lr=LR)
def test_adagrad_step(student, reference, wgv, lr):
    w, g, v = wgv
    _step(
        student,
        reference,
        "adagrad_step",
        {"w": w, "g": g, "v": v, "lr": lr},
        "w_new, v_new",
        "v_new = v + g^2 (a sum of all squared gradients), w_new = w - lr*g/sqrt(v_new + eps)",
    )


@exercise("ch2.rmsprop")
@given(wgv=params_and_grads(states=1), lr=LR, beta=st.sampled_from([0.5, 0.9, 0.99]))
def test_rmsprop_step(student, reference, wgv, lr, beta):
    w, g, v = wgv
    _step(
        student,
        reference,
        "rmsprop_step",
        {"w": w, "g": g, "v": v, "lr": lr, "beta": beta},
        "w_new, v_new",
        "v_new = beta*v + (1-beta)*g^2, w_new = w - lr*g/sqrt(v_new + eps)",
    )


@exercise("ch2.adam")
def test_adam_first_step(student, reference):
    w, g = np.array([1.0, -2.0, 0.5]), np.array([0.5, -0.1, 2.0])
    zeros = np.zeros(3)
    args = {"w": w, "g": g, "m": zeros, "v": zeros, "t": 1, "lr": 0.1}
    got = unpack(
        student.adam_step(*args.values()), 3, what="adam_step", names="w_new, m_new, v_new"
    )
    expected = reference.adam_step(*args.values())
    m_new, v_new = np.asarray(expected[1]), np.asarray(expected[2])
    uncorrected = w - 0.1 * m_new / (np.sqrt(v_new) + 1e-7)
    if np.allclose(np.asarray(got[0], dtype=np.float64), uncorrected, rtol=1e-4):
        raise CheckFailure(
            "step 1 diverges from Adam: the bias-corrected m̂ and v̂ are missing",
            inputs=args,
            expected=expected[0],
            got=got[0],
            hint="m_hat = m_new / (1 - beta1**t), v_hat = v_new / (1 - beta2**t); use them",
        )
    expect_close(got[0], expected[0], inputs=args, what="adam_step: w_new after step 1")


@exercise("ch2.adam")
@given(wg=params_and_grads(states=2), t=st.integers(1, 50), lr=LR)
def test_adam_step(student, reference, wg, t, lr):
    w, g, m, v = wg
    _step(
        student,
        reference,
        "adam_step",
        {"w": w, "g": g, "m": m / 3, "v": v, "t": t, "lr": lr},
        "w_new, m_new, v_new",
        "bias-correct with the step number t: m_hat = m_new / (1 - beta1**t)",
    )


@exercise("ch2.adam")
def test_adam_five_steps(student, reference):
    """Five steps in a row, each fed the student's own state: errors in the state add up."""
    rng = np.random.default_rng(0)
    w_s = w_r = rng.normal(size=4)
    m_s = v_s = m_r = v_r = np.zeros(4)
    for t in range(1, 6):
        g = 2 * np.asarray(w_s) + 0.5
        w_s, m_s, v_s = unpack(
            student.adam_step(w_s, g, m_s, v_s, t, 0.1), 3, what="adam_step", names="w, m, v"
        )
        w_r, m_r, v_r = reference.adam_step(w_r, 2 * np.asarray(w_r) + 0.5, m_r, v_r, t, 0.1)
        expect_close(
            w_s,
            w_r,
            inputs={"step": t, "loss": "sum(w^2 + 0.5*w)", "lr": 0.1},
            what=f"w after {t} Adam steps",
            hint="return the new m and v too: the next step starts from them",
        )


@exercise("ch2.tape_descent")
def test_tape_course_trajectory(student):
    got = student.tape_descent(5.0, 0.2, 40)
    expect(
        isinstance(got, list | tuple) and len(got) == 40,
        "tape_descent must return a list with one w per epoch",
        inputs={"w0": 5.0, "lr": 0.2, "epochs": 40},
        expected="a list of 40 floats",
        got=got,
    )
    expect_close(
        got[:3],
        [2.6, 1.16, 0.296],
        inputs={"w0": 5.0, "lr": 0.2, "epochs": 40},
        what="w after epochs 1, 2, 3",
        hint="grad of (w+1)^2 is 2(w+1); w.assign_sub(lr * grad) once per epoch",
        rtol=1e-5,
    )
    expect(abs(float(got[-1]) + 1) < 1e-3, "w does not approach the minimum -1", got=got[-1])


@exercise("ch2.tape_descent")
@given(w0=st.sampled_from([-3.0, 0.0, 2.0, 10.0]), lr=st.sampled_from([0.05, 0.1, 0.3]))
def test_tape_matches_reference(student, reference, w0, lr):
    expect_close(
        student.tape_descent(w0, lr, 8),
        reference.tape_descent(w0, lr, 8),
        inputs={"w0": w0, "lr": lr, "epochs": 8},
        what="the trajectory of w",
        rtol=1e-5,
    )
