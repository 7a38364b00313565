"""What the grader runs on, for the scorecard header and the results (no TensorFlow import:
the parent stays light; GPUs are read from nvidia-smi where it exists)."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

from grader.i18n import _


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
        name, _, memory = line.rpartition(",")
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


def describe(hardware: dict[str, Any]) -> str:
    gpus = hardware.get("gpus") or []
    gpu_text = ", ".join(f"{g['name']} ({g['memory_mb'] // 1024} GiB)" for g in gpus) or _("no GPU")
    return _("{cores} CPU cores, {gpus}").format(
        cores=hardware.get("cpu_cores", "?"), gpus=gpu_text
    )
