"""``lawdesk-cli``: the console companion of the packaged program, as a small launcher.

The packaged folder holds the whole of lawdesk once, in the window program ``lawdesk``
(``lawdesk.exe``: no console). ``lawdesk-cli`` is a console program, so cmd waits for it and
``%ERRORLEVEL%`` gets its exit code, and it holds nothing but this module: it starts the window
program beside it with the same arguments, its own standard handles (a redirection such as
``lawdesk-cli stats --json > 统计.json`` reaches the window program) and its environment, waits,
and exits with the window program's exit code. It imports only the standard library, so its
frozen archive is a few hundred kilobytes instead of a second ~10 MB copy of lawdesk's modules.

The window program, given a command, attaches to this program's console
(``lawdesk.console.ensure_streams``): a password prompt and Ctrl+C reach it there. This launcher
ignores Ctrl+C itself (the window program answers it with "已取消。" and its exit code) and, on
Linux, passes a request to stop (SIGTERM, SIGHUP) on to the window program.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

WINDOW_PROGRAM = "lawdesk"
EXIT_ERROR = 1
#: PyInstaller's bootloader keeps the clerk's own library path here and puts the bundle's in front
#: of ``LD_LIBRARY_PATH`` (Linux); the window program's bootloader puts it there again itself.
LIBRARY_PATH, ORIGINAL_LIBRARY_PATH = "LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG"


def window_program(executable: str | os.PathLike[str]) -> Path:
    """The window program beside the launcher (``lawdesk.exe`` beside ``lawdesk-cli.exe``)."""
    suffix = ".exe" if sys.platform == "win32" else ""
    return Path(executable).resolve().with_name(WINDOW_PROGRAM + suffix)


def child_environment(environ: Mapping[str, str], frozen: bool) -> dict[str, str]:
    """The environment the window program starts with: the launcher's, with the library path the
    clerk had before the launcher's bootloader changed it, and PyInstaller told to set up the
    window program as a program of its own (``PYINSTALLER_RESET_ENVIRONMENT``)."""
    env = dict(environ)
    if frozen:
        original = env.pop(ORIGINAL_LIBRARY_PATH, None)
        if original is None:
            env.pop(LIBRARY_PATH, None)
        else:
            env[LIBRARY_PATH] = original
        env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    return env


def exit_code(returncode: int) -> int:
    """The launcher's exit code for the window program's: the same, or 128 + N when a signal N
    ended it (as a shell reports it)."""
    return 128 - returncode if returncode < 0 else returncode


def _handles() -> dict[str, int]:
    """The launcher's standard handles for the window program; a missing one (a console program
    started with a handle closed) becomes the null device."""
    streams = {"stdin": sys.stdin, "stdout": sys.stdout, "stderr": sys.stderr}
    return {name: fd if stream is not None else subprocess.DEVNULL
            for fd, (name, stream) in enumerate(streams.items())}  # fmt: skip


def relay(program: Path, arguments: Sequence[str], env: Mapping[str, str]) -> int:
    """Run ``program`` with ``arguments`` on the launcher's handles until it ends; its exit code."""
    try:
        child = subprocess.Popen([str(program), *arguments], env=dict(env), **_handles())
    except OSError as exc:
        print(f"错误：无法启动 {program.name}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    # Ignored only now: an ignored SIGINT would be inherited by the window program on Linux.
    with _ignoring_interrupts(), _passing_on_stop_requests(child):
        return exit_code(child.wait())


@contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    """Ctrl+C reaches every program of the console (Windows) or of the terminal's foreground
    group (Linux): the window program answers it, the launcher waits for that answer."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _passing_on_stop_requests(child: subprocess.Popen[bytes]) -> Iterator[None]:
    """Linux: a SIGTERM or SIGHUP sent to the launcher alone is passed on to the window program."""
    numbers = [signal.SIGTERM, signal.SIGHUP] if os.name == "posix" else []
    previous = {
        n: signal.signal(n, lambda signum, _frame: child.send_signal(signum)) for n in numbers
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main(argv: Sequence[str] | None = None) -> int:
    program = window_program(sys.executable)
    if not program.is_file():
        print(f"错误：找不到 {program.name}（应与 {Path(sys.executable).name} 在同一个文件夹里）。"
              "请重新解压或安装法治建设台账。", file=sys.stderr)  # fmt: skip
        return EXIT_ERROR
    arguments = sys.argv[1:] if argv is None else list(argv)
    return relay(
        program, arguments, child_environment(os.environ, bool(getattr(sys, "frozen", False)))
    )


if __name__ == "__main__":
    sys.exit(main())
