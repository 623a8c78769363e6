"""lawdesk-cli, the console launcher (lawdesk/console_launcher.py): it runs the window program beside
it on its own handles and relays the exit code, Ctrl+C and a request to stop. Here the "window
program" is a small Python script; the frozen pair runs in tests/test_frozen_build.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lawdesk import console_launcher

pytestmark = [pytest.mark.sqlite_only,
              pytest.mark.skipif(os.name != "posix", reason="the stand-in program is a POSIX script")]

REPO = Path(__file__).resolve().parent.parent

#: Stands in for the window program: echoes its arguments and stdin, says where its library path
#: points, and answers Ctrl+C as lawdesk does ("已取消。", exit 1).
STAND_IN = """\
import os, sys, time
try:
    print("参数", sys.argv[1:], flush=True)
    print("库路径", os.environ.get("LD_LIBRARY_PATH"), os.environ.get("PYINSTALLER_RESET_ENVIRONMENT"), flush=True)
    if "--wait" in sys.argv:
        print("等待", flush=True)
        time.sleep(30)
    print("输入", sys.stdin.read().strip(), flush=True)
    print("出错了", file=sys.stderr)
    sys.exit(int(os.environ.get("STAND_IN_EXIT", "0")))
except KeyboardInterrupt:
    print("已取消。", file=sys.stderr)
    sys.exit(1)
"""


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    program = tmp_path / "lawdesk"
    program.write_text(f"#!{sys.executable}\n{STAND_IN}", encoding="utf-8")
    program.chmod(0o755)
    return program


def _launcher(program: Path, *args: str, env: dict[str, str] | None = None, **popen: object) -> subprocess.Popen[str]:
    """The launcher in a process of its own, as cmd or a terminal starts it."""
    code = textwrap.dedent(f"""\
        import sys
        from pathlib import Path
        from lawdesk import console_launcher
        sys.exit(console_launcher.relay(Path({str(program)!r}), sys.argv[1:],
                                        console_launcher.child_environment(__import__("os").environ, True)))
    """)
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1", **(env or {})}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=full_env, text=True, encoding="utf-8",
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]


def test_the_window_program_gets_the_arguments_handles_and_the_exit_code_comes_back(stand_in: Path) -> None:
    launcher = _launcher(stand_in, "--db", "台账 2024.db", "stats", env={"STAND_IN_EXIT": "3"})
    out, err = launcher.communicate("一行输入\n", timeout=60)
    assert launcher.returncode == 3
    assert "参数 ['--db', '台账 2024.db', 'stats']" in out
    assert "输入 一行输入" in out and "出错了" in err


def test_the_window_program_sees_the_clerks_library_path(stand_in: Path) -> None:
    """PyInstaller's bootloader put the bundle's folder in front of LD_LIBRARY_PATH; the window
    program (and LibreOffice or lp started from it) start from the clerk's own value."""
    launcher = _launcher(stand_in, env={"LD_LIBRARY_PATH": "/bundle/_internal:/opt/lib",
                                        "LD_LIBRARY_PATH_ORIG": "/opt/lib"})
    out, _err = launcher.communicate("", timeout=60)
    assert "库路径 /opt/lib 1" in out
    assert console_launcher.child_environment({"LD_LIBRARY_PATH": "/bundle/_internal"}, True).get("LD_LIBRARY_PATH") is None
    assert console_launcher.child_environment({"LD_LIBRARY_PATH": "/x"}, False) == {"LD_LIBRARY_PATH": "/x"}


def _started(launcher: subprocess.Popen[str]) -> None:
    assert launcher.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if launcher.stdout.readline().startswith("等待"):
            return
    raise AssertionError("the stand-in never started")


def test_ctrl_c_is_answered_by_the_window_program_and_its_code_relayed(stand_in: Path) -> None:
    """Ctrl+C reaches the terminal's whole foreground group: the launcher survives it and exits
    with the window program's answer."""
    launcher = _launcher(stand_in, "--wait", start_new_session=True)
    _started(launcher)
    os.killpg(launcher.pid, signal.SIGINT)
    _out, err = launcher.communicate(timeout=60)
    assert launcher.returncode == 1 and "已取消。" in err and "Traceback" not in err


def test_a_request_to_stop_the_launcher_stops_the_window_program(stand_in: Path) -> None:
    launcher = _launcher(stand_in, "--wait")
    _started(launcher)
    launcher.send_signal(signal.SIGTERM)
    launcher.communicate(timeout=60)
    assert launcher.returncode == 128 + signal.SIGTERM  # the window program's end, as a shell says it


def test_a_missing_window_program_is_said_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "lawdesk-cli"))
    assert console_launcher.main(["stats"]) == console_launcher.EXIT_ERROR
    assert "找不到 lawdesk" in capsys.readouterr().err
    assert console_launcher.window_program(tmp_path / "lawdesk-cli") == tmp_path / "lawdesk"


def test_the_launcher_imports_nothing_of_lawdesk_but_itself() -> None:
    """Its frozen archive holds the standard library only (build.spec builds it on its own)."""
    code = "import sys, lawdesk.console_launcher; print(sorted(m for m in sys.modules if m.split('.')[0] in ('lawdesk', 'peewee', 'ttkbootstrap', 'matplotlib', 'numpy')))"
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "['lawdesk', 'lawdesk.console_launcher']", done.stderr
