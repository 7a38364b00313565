"""What the grader runs on, for the scorecard header and the results (no TensorFlow import:
the parent stays light; GPUs are read from nvidia-smi where it exists). Facts only: the
scorecard says them in words (``grader.scorecard.describe_hardware``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any


def detect_gpus() -> list[dict[str, Any]]:
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return []
    try:
        out = subprocess.run(
            [smi, "--query-gpu=name,memory.total", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    gpus = []
    for line in out.strip().splitlines():
        name, _comma, memory = line.rpartition(",")
        try:
            gpus.append({"name": name.strip(), "memory_mb": int(float(memory))})
        except ValueError:
            continue
    return gpus


def cpu_cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return len(affinity(0))
    return os.cpu_count() or 1


def detect() -> dict[str, Any]:
    return {"gpus": detect_gpus(), "cpu_cores": cpu_cores()}
