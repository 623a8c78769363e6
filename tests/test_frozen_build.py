"""The frozen program: build the PyInstaller bundle once and run it as a clerk would.

The bundle is copied into a fresh folder (portable use: the database is made beside the
executable), then ``demo``, ``stats``, ``report``, ``check``, ``backup`` and the GUI (its main
window opens under Xvfb and closes cleanly) are run. Skipped only when PyInstaller is not
installed; CI installs it (``scripts/test.sh`` installs requirements-build.txt). The bundle's
size and the frozen start-up time are printed (``-s``) for the closing note.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install -r requirements-build.txt)")
    work = tmp_path_factory.mktemp("frozen")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), "build.spec"],
        cwd=REPO, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    built = work / "dist" / "lawdesk"
    print(f"\nfrozen build: {time.perf_counter() - start:.0f} s, bundle {_folder_size(built) / 2**20:.0f} MB")
    fresh = work / "office-pc" / "lawdesk"  # a fresh data folder: nothing but the program
    shutil.copytree(built, fresh, symlinks=True)
    exe = fresh / ("lawdesk.exe" if os.name == "nt" else "lawdesk")
    assert exe.is_file()
    return exe


def run(exe: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("LAWDESK_DB", "PYTHONPATH")}
    full_env.update(env or {})
    result = subprocess.run([str(exe), *args], cwd=exe.parent.parent, capture_output=True, text=True,
                            encoding="utf-8", env=full_env, timeout=timeout)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_the_frozen_program_refuses_a_missing_database(frozen_app: Path) -> None:
    result = run(frozen_app, "stats", "--year", "2022")
    assert result.returncode == 1 and CJK.search(result.stderr) and "找不到数据库文件" in result.stderr
    assert not (frozen_app.parent / "lawdesk.db").exists()


def test_demo_stats_report_check_backup_in_the_frozen_program(frozen_app: Path, tmp_path: Path) -> None:
    demo = run(frozen_app, "demo")
    assert demo.returncode == 0, demo.stderr
    demo_db = frozen_app.parent / "演示数据.db"
    assert demo_db.is_file()  # portable: beside the program, in its own file
    assert not (frozen_app.parent / "lawdesk.db").exists()  # the clerk's database is never made by demo
    stats = run(frozen_app, "--db", str(demo_db), "stats", "--year", "2022", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["patrols"] == 26
    out = tmp_path / "报告.docx"
    report = run(frozen_app, "--db", str(demo_db), "report", "--year", "2022", "--out", str(out))
    assert report.returncode == 0, report.stderr
    check = run(frozen_app, "check", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
    made = run(frozen_app, "--db", str(demo_db), "backup")
    assert made.returncode == 0 and "已备份到" in made.stdout, made.stderr


@pytest.mark.skipif(os.name != "nt" and not os.environ.get("DISPLAY"), reason="no display (run under xvfb-run)")
def test_the_frozen_window_opens_and_closes_cleanly(frozen_app: Path) -> None:
    demo_db = frozen_app.parent / "演示数据.db"
    if not demo_db.exists():
        assert run(frozen_app, "demo").returncode == 0
    timings, walls = [], []
    for _ in range(3):
        start = time.perf_counter()
        result = run(frozen_app, "--db", str(demo_db), env={"LAWDESK_MEASURE_STARTUP": "1"}, timeout=120)
        walls.append(time.perf_counter() - start)
        assert result.returncode == 0, result.stderr
        found = re.search(r"LAWDESK_STARTUP ([\d.]+)", result.stdout)
        assert found, result.stdout + result.stderr
        timings.append(float(found.group(1)))
    log = frozen_app.parent / "演示数据-data" / "logs" / "lawdesk.log"
    if log.exists():
        assert " ERROR " not in log.read_text(encoding="utf-8", errors="replace")
    print(f"\nfrozen start-up to main window: {', '.join(f'{t:.2f}' for t in timings)} s after the program's "
          f"modules load; whole run (process start to clean exit): {', '.join(f'{t:.2f}' for t in walls)} s")


def test_the_command_line_companion_runs_the_same_program(frozen_app: Path, tmp_path: Path) -> None:
    """``lawdesk-cli`` (a console program on Windows) sits beside the window program and answers
    commands; its hints name it."""
    cli = frozen_app.with_name("lawdesk-cli.exe" if os.name == "nt" else "lawdesk-cli")
    assert cli.is_file()
    version = run(cli, "--version")
    assert version.returncode == 0 and version.stdout.strip().startswith("lawdesk ")
    missing = run(cli, "--db", str(tmp_path / "没有.db"), "stats", "--year", "2022")
    assert missing.returncode == 1 and "lawdesk-cli" in missing.stderr, missing.stderr
