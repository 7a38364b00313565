"""The registry is the one list of chapters and exercises: declared one way, and the datasets
an exercise declares are the ones its training checks train on."""

from __future__ import annotations

import importlib

import pytest

from grader import chapters
from grader.chapters import declare, ex
from grader.data.manifest import get_spec
from grader.paths import CHECKS_DIR
from grader.training import TrainingCheck


def test_declare_names_each_exercise_within_its_chapter():
    ch = declare("ch9", "A chapter", (ex("softmax", "Softmax", "losses", "softmax", points=2),))
    (only,) = ch.exercises
    assert (only.id, only.module, only.functions, only.points) == (
        "ch9.softmax",
        "ch9.losses",
        ("softmax",),
        2,
    )
    assert (only.chapter, only.short, ch.points) == ("ch9", "softmax", 2)


def test_declare_refuses_a_name_used_twice():
    with pytest.raises(ValueError, match="used twice: a"):
        declare("ch9", "A chapter", (ex("a", "A", "m", "f"), ex("a", "A again", "m", "g")))


def test_ids_are_unique_and_every_chapter_is_numbered_in_order():
    ids = [e.id for c in chapters.CHAPTERS for e in c.exercises]
    assert len(ids) == len(set(ids))
    assert [c.id for c in chapters.CHAPTERS] == [f"ch{n}" for n in range(1, 7)]


def _training_checks() -> list[TrainingCheck]:
    found = []
    for path in sorted(CHECKS_DIR.glob("ch*/test_*.py")):
        module = importlib.import_module(f"grader.checks.{path.parent.name}.{path.stem}")
        found += [v for v in vars(module).values() if isinstance(v, TrainingCheck)]
    return found


def test_each_training_check_trains_on_what_its_exercise_declares():
    """A full dataset (one that downloads) must be declared by the exercise that trains on it,
    or the profile choice would not look for it; a declared one must be trained on. (ch1's
    hand-written loops declare theirs in the registry alone: test_ch1_selftest runs them.)"""
    checks = _training_checks()
    assert len(checks) >= 8  # ch3 and ch5 declare theirs as TrainingCheck
    used: dict[str, set[str]] = {}
    for check in checks:
        exercise = chapters.exercise(check.exercise)
        assert exercise.tier == "training", check.exercise
        if get_spec(check.dataset).kind == "download":
            assert check.dataset in exercise.datasets, (check.exercise, check.dataset)
        used.setdefault(check.exercise, set()).add(check.dataset)
    for c in chapters.CHAPTERS:
        for e in c.exercises:
            for name in e.datasets if e.id in used else ():
                assert name in used.get(e.id, set()), f"{e.id} declares {name} but trains on none"
