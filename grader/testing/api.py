"""What every check file uses: the exercise marker, the time limit, and the failure.

A property that breaks raises CheckFailure (``expect``), which carries the input that broke it,
what was expected, what was received and a hint; the plugin turns it into the scorecard's
failure row. Comparisons of results are in ``grader.testing.compare``.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import Phase, settings

from grader import protocol
from grader.i18n import _
from grader.testing.show import show_inputs, shown_once

VERDICT_ONLY = bool(os.environ.get(protocol.VERDICT_ONLY))
if VERDICT_ONLY:
    # mutation testing wants each check's verdict, not the smallest failing input: no shrink
    settings.register_profile(
        "verdict-only",
        parent=settings.default,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    settings.load_profile("verdict-only")


_failed_targets: set[str] = set()
_current_target = [""]


@pytest.fixture(autouse=True)
def first_failure_only(request: pytest.FixtureRequest) -> Any:
    """Mutation testing (COURSEKIT_VERDICT_ONLY) needs one failed check to call a mutant
    killed: the target's later checks are skipped. A check module that imports this fixture
    takes part; grading is never affected."""
    if not VERDICT_ONLY:
        yield
        return
    callspec = getattr(request.node, "callspec", None)
    label = str(getattr(callspec.params.get("ck_target"), "label", "")) if callspec else ""
    if label and label in _failed_targets:
        pytest.skip(_("already killed by an earlier check"))
    _current_target[0] = label
    yield
    _current_target[0] = ""


def note_failure() -> None:
    if VERDICT_ONLY and _current_target[0]:
        _failed_targets.add(_current_target[0])


def exercise(exercise_id: str) -> pytest.MarkDecorator:
    """Tie a check to an exercise of the registry: ``@exercise("ch2.softmax")``."""
    return pytest.mark.exercise(exercise_id)


def time_limit(seconds: float) -> pytest.MarkDecorator:
    """Give a slow check (e.g. training) its own wall-time limit instead of the default."""
    return pytest.mark.time_limit(seconds)


class CheckFailure(AssertionError):
    """A wrong answer: what broke, for which input, expected vs got, and a hint."""

    def __init__(
        self,
        message: str,
        *,
        inputs: Any = None,
        expected: Any = None,
        got: Any = None,
        hint: str = "",
    ) -> None:
        super().__init__(message)
        note_failure()
        self.message = message
        self.inputs = "" if inputs is None else show_inputs(inputs)
        self.expected = "" if expected is None else shown_once(expected)
        self.got = "" if got is None else shown_once(got)
        self.hint = hint


class NotAttempted(Exception):
    """The exercise's functions are still the shipped stubs."""


def expect(
    condition: bool,
    message: str,
    *,
    inputs: Any = None,
    expected: Any = None,
    got: Any = None,
    hint: str = "",
) -> None:
    """Fail with ``message`` (the property that broke) unless ``condition`` holds."""
    if not condition:
        raise CheckFailure(message, inputs=inputs, expected=expected, got=got, hint=hint)


def with_inputs(exc: BaseException, inputs: Any, hint: str = "") -> BaseException:
    """Attach the input (and a hint) to an exception the student's code raised: the
    scorecard shows them with the error (``ck_inputs`` / ``ck_hint``; the note is the form the
    plugin reads today)."""
    shown = show_inputs(inputs)
    exc.ck_inputs = shown  # type: ignore[attr-defined]
    exc.ck_hint = hint  # type: ignore[attr-defined]
    if hasattr(exc, "add_note") and not getattr(exc, "_ck_noted", False):
        exc.add_note(f"Falsifying example: {shown}")
        exc._ck_noted = True  # type: ignore[attr-defined]
    return exc


def unpack(value: Any, count: int, *, what: str, names: str, inputs: Any = None) -> tuple:
    """A function that must return a tuple of ``count`` items (e.g. ``(w_new, m_new)``)."""
    if not isinstance(value, tuple | list) or len(value) != count:
        raise CheckFailure(
            _("{what} must return a tuple of {count}: ({names})").format(
                what=what, count=count, names=names
            ),
            inputs=inputs,
            got=value,
        )
    return tuple(value)
