"""Where the kit's folders are: the repository the kit runs from."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
KIT_ROOT = PACKAGE_DIR.parent
EXERCISES_DIR = KIT_ROOT / "exercises"
SOLUTIONS_DIR = KIT_ROOT / "solutions"
MISTAKES_DIR = KIT_ROOT / "mistakes"
CHECKS_DIR = PACKAGE_DIR / "checks"
