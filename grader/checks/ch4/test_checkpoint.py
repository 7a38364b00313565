"""Checks of ch4/checkpoint.py: the checkpoint holds the best epoch, training resumes from
it, and a missing or damaged checkpoint fails with a clear error."""

import numpy as np

from grader.checks.ch4.files import input_folder, output_folder, private_folder
from grader.i18n import N_, _
from grader.testing.api import CheckFailure, exercise, expect, time_limit, unpack
from grader.testing.compare import as_array, expect_close
from grader.worker.client import StudentError


def _data():
    """Separable training data; validation data with the labels shuffled, so the more the model
    learns the training labels, the worse its val_loss: the best epoch is an early one."""
    rng = np.random.default_rng(0)
    y = np.arange(90) % 3
    x = (rng.normal(size=(90, 4)) + y[:, None] * 2.0).astype(np.float32)
    return x, y, x.copy(), rng.permutation(y)


def _val_loss(weights, x, y):
    k1, b1, k2, b2 = (np.asarray(w, np.float64) for w in weights)
    z = np.maximum(x @ k1 + b1, 0) @ k2 + b2
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), y].mean())


def _weights(value, what):
    expect(
        isinstance(value, list | tuple) and len(value) == 4,
        _("{what} must be the list of 4 weight arrays (model.get_weights())").format(what=what),
        got=value,
    )
    return [as_array(w, what=what) for w in value]


def _train(student, folder, epochs, seed):
    x, y, xv, yv = _data()
    inputs = {"folder": folder, "epochs": epochs, "seed": seed}
    got = unpack(
        student.train_with_checkpoint(x, y, xv, yv, folder, epochs, seed),
        2,
        what="train_with_checkpoint",
        names="history, start",
        inputs=inputs,
    )
    history = got[0]
    expect(
        isinstance(history, dict) and len(history.get("val_loss", [])) == epochs,
        _("history must be history.history, with one val_loss per epoch"),
        inputs=inputs,
        got=history,
    )
    return history, _weights(got[1], "start"), inputs


@exercise("ch4.checkpoint")
@time_limit(120)
def test_checkpoint_keeps_the_best_epoch_and_resumes(student, ck_target):
    folder = str(output_folder(ck_target, "ckpt"))
    history, _unused1, inputs = _train(student, folder, 8, 0)
    val = [float(v) for v in history["val_loss"]]
    best, last = int(np.argmin(val)), len(val) - 1
    expect(
        best < last and val[last] > val[best] + 1e-3,
        _("this check needs a run whose last epoch is not the best"),
        got=val,
    )
    saved = _weights(student.restore(folder), "restore(folder)")
    _unused2, _unused3, xv, yv = _data()
    loss = _val_loss(saved, xv, yv)
    if abs(loss - val[last]) < 1e-4:
        raise CheckFailure(
            _("the checkpoint holds the last epoch, not the best one"),
            inputs=inputs,
            expected=_("val_loss {loss:.5f} (epoch {epoch})").format(
                loss=val[best], epoch=best + 1
            ),
            got=_("val_loss {loss:.5f} (epoch {last}, the last)").format(loss=loss, last=last + 1),
            hint=_("ModelCheckpoint(..., save_best_only=True) keeps the lowest val_loss"),
        )
    expect_close(
        loss,
        val[best],
        inputs=inputs,
        rtol=1e-3,
        atol=1e-4,
        what=N_("the val_loss of the restored weights"),
        hint=_(
            "save with ModelCheckpoint(save_weights_only=True, save_best_only=True)"
            " and restore with model.load_weights"
        ),
    )
    _unused4, start, inputs = _train(student, folder, 1, 1)
    for i, (got, want) in enumerate(zip(start, saved)):
        expect_close(
            got,
            want,
            inputs=inputs,
            what=_("the resumed run's starting weight {i}").format(i=i),
            hint=_("if the checkpoint exists, model.load_weights(path) before fit"),
        )


def _same_run(a, b):
    (history_a, start_a), (history_b, start_b) = a, b
    same_start = all(
        x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-5, atol=1e-6))
        for x, y in zip(start_a, start_b)
    )
    losses = [np.asarray(h.get("val_loss", []), np.float64) for h in (history_a, history_b)]
    same_history = losses[0].shape == losses[1].shape and bool(
        np.allclose(losses[0], losses[1], rtol=1e-4, atol=1e-5)
    )
    return same_start, same_history


def _losses(history):
    return [round(float(v), 5) for v in history.get("val_loss", [])]


@exercise("ch4.checkpoint")
@time_limit(120)
def test_training_is_seeded_and_follows_the_recipe(student, reference, ck_target):
    runs = {}
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        folder = str(output_folder(ck_target, f"seed-{name}"))  # fresh: no checkpoint yet
        history, start, _unused = _train(student, folder, 3, seed)
        runs[name] = (history, start)
    inputs = {"folder": _("a fresh folder each time"), "epochs": 3, "seed": 7}
    same_start, same_history = _same_run(runs["a"], runs["b"])
    expect(
        same_start and same_history,
        _(
            "two runs with the same seed did not train the same: the seed must make training"
            " reproducible"
        ),
        inputs=inputs,
        expected=_("the same starting weights and val_loss both times"),
        got=_("starting weights {start}, val_loss {first} then {second}").format(
            start=_("equal") if same_start else _("different"),
            first=_losses(runs["a"][0]),
            second=_losses(runs["b"][0]),
        ),
        hint=_("keras.utils.set_random_seed(seed) first, then model = build_model()"),
    )
    expect(
        not _same_run(runs["a"], runs["c"])[0],
        _("seeds 7 and 8 gave the same starting weights: the seed argument is not used"),
        inputs={**inputs, "seed": _("{first}, then {second}").format(first=7, second=8)},
        hint=_("keras.utils.set_random_seed(seed) with the seed passed in"),
    )
    x, y, xv, yv = _data()
    folder = str(private_folder("seed-reference"))  # the reference runs here, in the checker
    want = reference.train_with_checkpoint(x, y, xv, yv, folder, 3, 7)
    same_start, same_history = _same_run(runs["a"], want)
    expect(
        same_start,
        _(
            "the starting weights differ from build_model() right after"
            " keras.utils.set_random_seed(seed)"
        ),
        inputs=inputs,
        hint=_("seed first, then build the model, and start = model.get_weights() before fit"),
    )
    expect(
        same_history,
        _(
            "training did not follow the recipe: from the same starting weights, the val_loss per"
            " epoch differs"
        ),
        inputs=inputs,
        expected=_losses(want[0]),
        got=_losses(runs["a"][0]),
        hint=_(
            "model.fit(x, y, batch_size=32, epochs=epochs, validation_data=(x_val, y_val),"
            " shuffle=False, verbose=0, callbacks=[...]): another batch size or shuffling trains"
            " differently"
        ),
    )


def _error(student, folder):
    try:
        student.restore(folder)
    except StudentError as exc:
        return exc.info
    return None


@exercise("ch4.checkpoint")
@time_limit(60)
def test_restore_fails_clearly(student, ck_target):
    empty = input_folder(ck_target, "empty")
    info = _error(student, str(empty))
    expect(
        info is not None and info["type"] == "FileNotFoundError" and str(empty) in info["message"],
        _("restore(folder) without a checkpoint must raise FileNotFoundError naming the folder"),
        inputs={"folder": str(empty)},
        got=info and f"{info['type']}: {info['message']}" or _("no error"),
    )
    damaged = input_folder(ck_target, "damaged")
    junk = b"these bytes are not a Keras weights file\n"
    (damaged / "model.weights.h5").write_bytes(junk)
    info = _error(student, str(damaged))
    expect(
        info is not None and info["type"] == "ValueError" and "model.weights.h5" in info["message"],
        _("restore(folder) with a damaged checkpoint must raise ValueError naming the file"),
        inputs={
            "folder": str(damaged),
            "model.weights.h5": _("{n} bytes of text").format(n=len(junk)),
        },
        got=info and f"{info['type']}: {info['message'][:200]}" or _("no error"),
    )
