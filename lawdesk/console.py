"""The command line of the packaged program: where its output goes, what a prompt may ask, and
the name a clerk types.

The Windows build holds two programs in one folder (``build.spec``): ``lawdesk.exe``, the
window (no console: Windows gives a windowed program no stdin, stdout or stderr at all), and
``lawdesk-cli.exe``, a small console program that runs ``lawdesk.exe`` on its own console and
handles (``lawdesk.console_launcher``), for the commands the messages recommend
(``lawdesk-cli restore --newest``, ``backup --verify``, ``stats``). A command given to
the window program anyway (``lawdesk.exe stats`` in cmd) attaches to the console it was started
from, so its answer is still printed; with no console at all its output is dropped (the log
keeps errors), and a prompt refuses politely instead of reading from nothing.
"""

from __future__ import annotations

import os
import sys

CLI_PROGRAM = "lawdesk-cli"
#: ``AttachConsole(ATTACH_PARENT_PROCESS)``.
ATTACH_PARENT_PROCESS = 0xFFFFFFFF


def command_name() -> str:
    """What to type to run a command: the console companion once frozen, else the module."""
    frozen = bool(getattr(sys, "frozen", False))
    if frozen:
        return f"{CLI_PROGRAM}.exe" if sys.platform == "win32" else CLI_PROGRAM
    return "python -m lawdesk"


def ensure_streams() -> None:
    """A windowed program given a command: borrow the console it was started from (Windows), for
    the streams it lacks and for what reads the console itself (a password prompt, Ctrl+C) —
    also when its streams were handed over, as ``lawdesk-cli`` does (lawdesk/console_launcher.py).
    A console program has its console already: attaching fails and changes nothing."""
    if not _attach_parent_console():
        return
    encoding = "utf-8" if os.environ.get("PYTHONUTF8") == "1" else None
    if sys.stdout is None:
        sys.stdout = open("CONOUT$", "w", encoding=encoding, errors="replace")  # noqa: SIM115 - for the process
    if sys.stderr is None:
        sys.stderr = open("CONOUT$", "w", encoding=encoding, errors="replace")  # noqa: SIM115
    if sys.stdin is None:
        sys.stdin = open("CONIN$", encoding=encoding, errors="replace")  # noqa: SIM115


def _attach_parent_console() -> bool:
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        return bool(ctypes.windll.kernel32.AttachConsole(ATTACH_PARENT_PROCESS))  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return False


def can_prompt() -> bool:
    """Whether a question can be asked and its answer shown: a console on both ends."""
    return sys.stdin is not None and sys.stdout is not None and not sys.stdin.closed


def no_console_message(what: str, option: str) -> str:
    """The polite refusal of a prompt in a program without a console."""
    return (f"这里无法输入{what}（程序没有命令行窗口）。请用 {option} 直接给出，"
            f"或在“命令提示符”中运行 {command_name()}。")  # fmt: skip
