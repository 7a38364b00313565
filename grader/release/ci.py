"""`coursekit ci-template github|gitlab`: a CI workflow that grades with the kit.

Two shapes. One student (``--shards 0``, the default): the workflow runs in the student's
repository, installs the kit, grades the chapter, uploads the results JSON, JUnit and learning
curves, and fails under ``--min-score``. A class (``--shards N``): N parallel jobs each grade
their share of the submissions folder (``coursekit batch ... --shard i/N``), and a merge job
joins the shards into one gradebook (``coursekit gradebook merge``), uploads it, and fails when
a student scored under ``--min-score`` (naming them).

What pip installs is ``KIT`` in the workflow: "." when the repository holds the kit (a student
edition), or the git URL of the instructor's autograder edition, so that the hidden checks grade
and a student's own copy of grader/ does not. The kit is installed editable from a folder: it
finds its checks, references and datasets beside its package.

The templates are plain text with @NAME@ placeholders (YAML and shell both use $ and braces).
"""

from __future__ import annotations

from pathlib import Path

from grader import chapters as registry
from grader.errors import UsageError
from grader.i18n import _
from grader.results import write_atomically

SYSTEMS = ("github", "gitlab")

# the grade of one student: the same line in both systems (tests run it)
GRADE = (
    'coursekit grade @CHAPTER@ --target "$TARGET" --min-score @MIN_SCORE@'
    " --json results/@CHAPTER@.json --junit results/@CHAPTER@.xml --report-dir results/curves"
)
INSTALL = (
    'if [ "$KIT" = "." ]; then python -m pip install -e .; else git clone --depth 1'
    ' "$KIT" "$HOME/coursekit" && python -m pip install -e "$HOME/coursekit"; fi'
)
TARGET = 'TARGET=.; if [ -d exercises/@CHAPTER@ ]; then TARGET=exercises; fi; echo "TARGET=$TARGET"'
BATCH = 'coursekit batch "$SUBMISSIONS" --chapter @CHAPTER@ --out @OUT@ --shard @SHARD@'
BATCH_GITHUB = BATCH.replace("@OUT@", "out").replace("@SHARD@", "${{ matrix.shard }}/@SHARDS@")
BATCH_GITLAB = BATCH.replace("@OUT@", '"shards/$CI_NODE_INDEX"').replace(
    "@SHARD@", '"$CI_NODE_INDEX/$CI_NODE_TOTAL"'
)
BELOW = (
    "python -c \"import json,pathlib,sys; low=[(p.stem, json.loads(p.read_text())['score']"
    "['percent']) for p in sorted(pathlib.Path('merged/students').glob('*.json'))];"
    " low=[s for s in low if s[1] < @MIN_SCORE@]; print('below @MIN_SCORE@ %:', low or 'none');"
    ' sys.exit(1 if low else 0)"'
)

GITHUB_HEAD = """# Written by `coursekit ci-template github`: grades @CHAPTER@ with coursekit.
name: coursekit @CHAPTER@
on:
  push:
  pull_request:
  workflow_dispatch:
env:
  KIT: "@KIT@"  # "." (this repository holds the kit) or the instructor's autograder edition URL
"""
GITHUB_SETUP = """      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install the kit
        run: @INSTALL@
"""
GITHUB_ONE = (
    GITHUB_HEAD
    + """jobs:
  grade:
    runs-on: ubuntu-latest
    steps:
"""
    + GITHUB_SETUP
    + """      - name: Grade
        run: |
          @TARGET@
          @GRADE@
      - name: Upload the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: coursekit-@CHAPTER@
          path: |
            results/
          if-no-files-found: warn
"""
)
GITHUB_CLASS = (
    GITHUB_HEAD
    + """  SUBMISSIONS: submissions  # one folder per student (or a Classroom / Gradescope export)
jobs:
  grade:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        shard: [@SHARD_LIST@]
    steps:
"""
    + GITHUB_SETUP
    + """      - name: Grade this shard
        run: @BATCH_GITHUB@
      - name: Upload the shard
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: shard-${{ matrix.shard }}
          path: out/
  merge:
    needs: grade
    if: always()
    runs-on: ubuntu-latest
    steps:
"""
    + GITHUB_SETUP
    + """      - uses: actions/download-artifact@v4
        with:
          pattern: shard-*
          path: shards
      - name: Merge the gradebook
        run: |
          coursekit gradebook merge merged shards/*
          coursekit gradebook build merged
      - name: Upload the gradebook
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: coursekit-@CHAPTER@-gradebook
          path: merged/
      - name: Fail under --min-score
        run: @BELOW@
"""
)

GITLAB_HEAD = """# Written by `coursekit ci-template gitlab`: grades @CHAPTER@ with coursekit.
default:
  image: python:3.11
variables:
  KIT: "@KIT@"  # "." (this repository holds the kit) or the instructor's autograder edition URL
"""
GITLAB_ONE = (
    GITLAB_HEAD
    + """stages: [grade]
grade:
  stage: grade
  script:
    - @INSTALL@
    - @TARGET@
    - @GRADE@
  artifacts:
    when: always
    paths:
      - results/
    reports:
      junit: results/@CHAPTER@.xml
"""
)
GITLAB_CLASS = (
    GITLAB_HEAD
    + """  SUBMISSIONS: submissions  # one folder per student (or a Classroom / Gradescope export)
stages: [grade, merge]
grade:
  stage: grade
  parallel: @SHARDS@
  script:
    - @INSTALL@
    - @BATCH_GITLAB@
  artifacts:
    when: always
    paths:
      - shards/
merge:
  stage: merge
  when: always
  script:
    - @INSTALL@
    - coursekit gradebook merge merged shards/*
    - coursekit gradebook build merged
    - @BELOW@
  artifacts:
    when: always
    paths:
      - merged/
"""
)


def _yaml_string(text: str) -> str:
    """A shell line as a YAML single-quoted scalar (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def render(
    system: str, *, chapter: str = "ch2", shards: int = 0, min_score: float = 60.0, kit: str = "."
) -> str:
    """The workflow text."""
    if system not in SYSTEMS:
        raise UsageError(
            _("expected a CI system, one of {systems}; received {system}").format(
                systems=", ".join(SYSTEMS), system=repr(system)
            )
        )
    registry.chapter(chapter)
    if shards < 0 or not 0 <= min_score <= 100:
        raise UsageError(
            _("expected --shards >= 0 and 0 <= --min-score <= 100; received {shards}").format(
                shards=shards
            )
        )
    one = shards == 0
    text = {
        ("github", True): GITHUB_ONE,
        ("github", False): GITHUB_CLASS,
        ("gitlab", True): GITLAB_ONE,
        ("gitlab", False): GITLAB_CLASS,
    }[(system, one)]
    shell = {"@INSTALL@": INSTALL, "@BELOW@": BELOW}
    for key, line in shell.items():
        text = text.replace(key, _yaml_string(line))
    if system == "gitlab":  # script items are YAML scalars: quote the lines with a colon
        text = text.replace("@TARGET@", _yaml_string(TARGET)).replace(
            "@GRADE@", _yaml_string(GRADE)
        )
    values = {
        "@BATCH_GITHUB@": BATCH_GITHUB,
        "@BATCH_GITLAB@": BATCH_GITLAB,
        "@TARGET@": TARGET,
        "@GRADE@": GRADE,
        "@CHAPTER@": chapter,
        "@MIN_SCORE@": f"{min_score:g}",
        "@SHARDS@": str(shards),
        "@SHARD_LIST@": ", ".join(str(i) for i in range(1, shards + 1)),
        "@KIT@": kit,
    }
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def write_template(
    system: str,
    output: Path,
    *,
    chapter: str = "ch2",
    shards: int = 0,
    min_score: float = 60.0,
    kit: str = ".",
) -> None:
    write_atomically(
        output, render(system, chapter=chapter, shards=shards, min_score=min_score, kit=kit)
    )
