"""Checks of ch6/letters.py's encodings beyond the course's "abcde": the vocabulary is an
argument, so its size is drawn too (a one-hot code of 5 columns written for "abcde" fails on 3
or 8 letters), and the dtypes the docstrings fix."""

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from grader.i18n import _
from grader.testing.api import exercise, expect
from grader.testing.compare import as_array

LETTERS = "abcdefghij"


@st.composite
def vocabularies(draw):
    """A vocabulary of 2 to 10 distinct letters in a drawn order, and a text written in it."""
    vocabulary = "".join(draw(st.permutations(LETTERS))[: draw(st.integers(2, 10))])
    text = draw(st.text(alphabet=vocabulary, min_size=1, max_size=12))
    return vocabulary, text


@exercise("ch6.encodings")
@given(case=vocabularies())
@example(case=("xyz", "zyxx"))  # 3 letters: fewer columns than "abcde"
@example(case=("abcdefgh", "hag"))  # 8 letters: more columns
def test_encodings_of_any_vocabulary(student, case):
    vocabulary, text = case
    inputs = {"text": text, "vocabulary": vocabulary}
    ids = np.array([vocabulary.index(c) for c in text])
    got = as_array(student.letter_ids(text, vocabulary), what="letter_ids", inputs=inputs)
    expect(
        got.shape == ids.shape and got.dtype.kind in "iu" and bool(np.array_equal(got, ids)),
        _("letter_ids gives the wrong ids (an int array of positions in the vocabulary)"),
        inputs=inputs,
        expected=ids,
        got=got,
        hint=_("the id of a letter is its position in the vocabulary argument, as integers"),
    )
    onehot = np.eye(len(vocabulary))[ids]
    got = as_array(student.one_hot_letters(text, vocabulary), what="one_hot_letters",
                   inputs=inputs)  # fmt: skip
    expect(
        got.shape == onehot.shape and bool(np.array_equal(got, onehot)),
        _("one_hot_letters gives codes of shape {shape} for a vocabulary of {size} letters").format(
            shape=got.shape, size=len(vocabulary)
        ),
        inputs=inputs,
        expected=onehot,
        got=got,
        hint=_("len(vocabulary) columns, not the 5 of 'abcde': np.eye(len(vocabulary))[ids]"),
    )
    expect(
        got.dtype in (np.float32, np.float64),
        _(
            "one_hot_letters returns {dtype}; the docstring asks for floats (float32 as Keras"
            " uses, or float64)"
        ).format(dtype=got.dtype),
        inputs=inputs,
        hint=_("np.eye(..., dtype=np.float32) or .astype(np.float32)"),
    )


@exercise("ch6.encodings")
@given(size=st.integers(2, 9), steps=st.integers(1, 7))
@example(size=3, steps=4)  # steps longer than the vocabulary: goes round more than once
@example(size=7, steps=2)
def test_next_letter_data_of_any_vocabulary(student, size, steps):
    vocabulary = LETTERS[:size][::-1]  # reversed: ids are positions, not alphabet order
    inputs = {"steps": steps, "vocabulary": vocabulary}
    x_expected = (np.arange(size)[:, None] + np.arange(steps)) % size
    y_expected = (np.arange(size) + steps) % size
    got = student.next_letter_data(steps, vocabulary)
    expect(
        isinstance(got, tuple | list) and len(got) == 2,
        _("next_letter_data must return (x_ids, y_ids)"),
        inputs=inputs,
        got=got,
    )
    x = as_array(got[0], what="x_ids", inputs=inputs)
    y = as_array(got[1], what="y_ids", inputs=inputs)
    expect(
        x.shape == x_expected.shape
        and y.shape == y_expected.shape
        and bool(np.array_equal(x, x_expected))
        and bool(np.array_equal(y, y_expected)),
        _("the samples of a {size}-letter vocabulary are wrong").format(size=size),
        inputs=inputs,
        expected=(x_expected.tolist(), y_expected.tolist()),
        got=(x.tolist(), y.tolist()),
        hint=_(
            "one sample per starting letter of the vocabulary, going round after its last"
            " letter (% len(vocabulary), not % 5)"
        ),
    )
    expect(
        x.dtype.kind in "iu" and y.dtype.kind in "iu",
        _("x_ids and y_ids must be int arrays; got {x_dtype} and {y_dtype}").format(
            x_dtype=x.dtype, y_dtype=y.dtype
        ),
        inputs=inputs,
        hint=_("ids are integers: .astype(np.int64)"),
    )
