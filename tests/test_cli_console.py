"""The command line as the packaged program runs it: no traceback on stdout or stderr whatever is
logged, a prompt that refuses politely without a console, the companion's name in the hints.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lawdesk import cli, console
from lawdesk.errors import LawdeskError

pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parent.parent


def _run(*args: str, cwd: Path, stdin_closed: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LAWDESK_DB"}
    env.update(PYTHONUTF8="1", PYTHONPATH=str(REPO))
    argv = [sys.executable, "-m", "lawdesk", *args]
    if stdin_closed:  # as a windowed program: Python's sys.stdin is None
        argv = ["bash", "-c", 'exec "$@" 0<&-', "bash", *argv]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_a_failing_automatic_backup_prints_no_traceback_and_the_log_keeps_it(tmp_path: Path) -> None:
    assert _run("--db", str(tmp_path / "x.db"), "demo", cwd=tmp_path).returncode == 0
    db = tmp_path / "演示数据.db"
    data = tmp_path / "演示数据-data"
    data.mkdir(exist_ok=True)
    (data / "backups").write_text("a file where the backups folder should be")
    done = _run("--db", str(db), "stats", "--year", "2022", cwd=tmp_path)
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    # nothing that was logged reaches the console: only the one line the clerk must read, in Chinese
    [notice] = done.stderr.splitlines()
    assert done.stderr == notice + "\n" and notice.startswith("注意：自动备份没有完成：")
    log = (data / "logs" / "lawdesk.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "backup" in log


def test_a_password_prompt_without_a_console_refuses_politely(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # lawdesk.exe: a windowed program has no stdin
    args = argparse.Namespace(password=None, keep_password=False)
    with pytest.raises(LawdeskError) as info:
        cli._new_password(args)
    assert "--password" in info.value.message and "命令行窗口" in info.value.message
    args.password = "given-on-the-command-line"
    assert cli._new_password(args) == "given-on-the-command-line"


def test_commands_with_no_stdin_at_all_still_answer(tmp_path: Path) -> None:
    done = _run("--db", str(tmp_path / "没有.db"), "stats", cwd=tmp_path, stdin_closed=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("错误：")


def test_the_hints_name_the_command_that_exists(monkeypatch) -> None:
    assert console.command_name() == "python -m lawdesk"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(console.sys, "platform", "win32")
    assert console.command_name() == "lawdesk-cli.exe"
    assert "lawdesk-cli.exe" in console.no_console_message("密码", "--password")


def test_a_windowed_program_without_a_console_keeps_its_missing_streams(monkeypatch) -> None:
    """On Linux (and on Windows without a parent console) nothing can be attached: print() drops
    the text instead of failing."""
    monkeypatch.setattr(sys, "stdout", None)
    console.ensure_streams()
    assert sys.stdout is None
    print("nowhere")  # noqa: T201 - must not raise


def test_a_windowed_program_given_handles_still_borrows_the_console_for_prompts(monkeypatch) -> None:
    """lawdesk-cli hands the window program its handles (a redirection reaches it): the window
    program still attaches to that console, where a password prompt reads and Ctrl+C arrives, and
    keeps the streams it was given."""
    attached: list[bool] = []
    monkeypatch.setattr(console, "_attach_parent_console", lambda: attached.append(True) or True)
    given = (sys.stdin, sys.stdout, sys.stderr)
    console.ensure_streams()
    assert attached == [True]
    assert (sys.stdin, sys.stdout, sys.stderr) == given
