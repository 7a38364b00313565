"""Watch mode's keys (h hint, l list, n next, q quit), read one at a time from the terminal
without Enter: termios on POSIX, msvcrt on Windows; no terminal, no keys (Ctrl-C still stops)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable


def read_keys(on_key: Callable[[str], None], stop: threading.Event) -> threading.Thread | None:
    """Call ``on_key`` for each key pressed until ``stop`` is set; None without a terminal."""
    if not sys.stdin.isatty():
        return None
    thread = threading.Thread(target=_loop, args=(on_key, stop), daemon=True)
    thread.start()
    return thread


def _loop(on_key: Callable[[str], None], stop: threading.Event) -> None:
    try:
        import msvcrt  # type: ignore[import-not-found]
    except ImportError:
        msvcrt = None  # type: ignore[assignment]
    if msvcrt is not None:
        import time

        while not stop.is_set():
            if msvcrt.kbhit():  # type: ignore[attr-defined]
                on_key(msvcrt.getwch().lower())  # type: ignore[attr-defined]
            time.sleep(0.05)
        return
    import select
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        while not stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                on_key(sys.stdin.read(1).lower())
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
