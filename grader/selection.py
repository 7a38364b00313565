"""Which checks a grade runs: one frozen value, built and validated once, used by the grading
parent (which exercises get rows) and by the checker (which checks it collects).

``--only softmax,adam`` names exercises by id (``ch2.softmax``) or short name (``softmax``);
``softmax::test_name`` narrows to one check. The rule for what matches lives here alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from grader import chapters as registry
from grader.errors import UsageError
from grader.i18n import _


@dataclass(frozen=True)
class Selection:
    """The checks wanted: every check when ``only`` is empty."""

    only: tuple[str, ...] = ()

    @classmethod
    def parse(cls, chs: Sequence[registry.Chapter], only: Iterable[str]) -> Selection:
        """Validated against the chapters graded: an unknown exercise is a usage error."""
        items = tuple(i.strip() for i in only if i.strip())
        exercises = [e for c in chs for e in c.exercises]
        known = {e.id for e in exercises} | {e.short for e in exercises}
        for item in items:
            name = item.partition("::")[0]
            if name not in known:
                options = ", ".join(sorted(e.short for e in exercises))
                raise UsageError(
                    _("--only: no exercise {name!r}; expected one of: {options}").format(
                        name=name, options=options
                    )
                )
        return cls(items)

    @classmethod
    def from_text(cls, text: str) -> Selection:
        """The form it travels in to the checker (``protocol.ONLY``): comma-separated."""
        return cls(tuple(w for w in text.split(",") if w))

    def to_text(self) -> str:
        return ",".join(self.only)

    def wants_exercise(self, exercise_id: str) -> bool:
        """Does the grade report on this exercise (it gets a row)?"""
        return not self.only or any(
            self._names(w.partition("::")[0], exercise_id) for w in self.only
        )

    def wants(self, exercise_id: str, check: str) -> bool:
        """Does the checker run this check of this exercise?"""
        for want in self.only or ("",):
            if not want:
                return True
            name, _sep, wanted_check = want.partition("::")
            if self._names(name, exercise_id) and (not wanted_check or wanted_check == check):
                return True
        return False

    def names_a_check(self, exercise_id: str) -> bool:
        """Was one check of this exercise asked for by name (a row with no check is then
        more likely a misspelt check name)?"""
        return any("::" in w and self._names(w.partition("::")[0], exercise_id) for w in self.only)

    @staticmethod
    def _names(name: str, exercise_id: str) -> bool:
        return name in (exercise_id, exercise_id.split(".", 1)[-1])


EVERY_CHECK = Selection()
