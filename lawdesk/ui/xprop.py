"""The X11 work area (``_NET_WORKAREA`` on the root window), read with ``xprop``.

Start-up starts the ``xprop`` process first thing (``start``), before it imports the database
and the window's modules: it then runs beside ~30 ms of Python imports, on a core the program
does not use yet. Started later, it ran while the Tk window was made and slowed that by some
20 ms on a two-core PC (three processes — the program, the X server and ``xprop`` — on two
cores, and the X server serving ``xprop`` while Tk waited for its replies).
``lawdesk.ui.common.work_area`` collects the answer (``output``). This module imports nothing
heavy, so that it can run before everything else.
"""

from __future__ import annotations

import subprocess
import sys

COMMAND = ["xprop", "-root", "-notype", "_NET_WORKAREA"]
_started: subprocess.Popen[str] | None = None


def start() -> None:
    """Start reading the work area in the background (once; not on Windows or macOS)."""
    global _started
    if _started is not None or sys.platform.startswith("win") or sys.platform == "darwin":
        return
    try:
        _started = subprocess.Popen(COMMAND, stdout=subprocess.PIPE,  # noqa: S603
                                    stderr=subprocess.DEVNULL, text=True)
    except OSError:
        _started = None


def started() -> bool:
    """A started ``xprop`` waits to be collected by ``output``."""
    return _started is not None


def output() -> str:
    """What ``xprop`` printed: the started process's answer, else a run now (1 s at most)."""
    global _started
    process, _started = _started, None
    if process is not None:
        try:
            return process.communicate(timeout=1)[0]
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return ""
    return subprocess.run(COMMAND, capture_output=True, text=True, timeout=1).stdout  # noqa: S603
