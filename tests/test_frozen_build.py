"""The frozen program: build the PyInstaller bundle once and run it as a clerk would.

The bundle is copied into a fresh folder (portable use: the database is made beside the
executable), then everything lawdesk does is run in it: ``demo``, ``stats``, ``report`` (with its
charts) and ``check``, PDF through LibreOffice, backup, ``backup --verify`` and ``restore``, the
Excel ledger, template, import and binder, a package taken to a county database and the county's
report, a PostgreSQL county server (when ``LAWDESK_TEST_PG`` is set), and the window: 首页's
charts drawn and every page opened (driven through Tk's ``send``), closed cleanly with nothing
in its log. What build.spec leaves out of the bundle (modules, matplotlib data, OpenBLAS,
debug sections) is proven unneeded here: a module left out that one of these needs fails its
test. The console companion ``lawdesk-cli`` (a small launcher) relays arguments, handles and
exit codes. The bundle must stay at most 100 MB. Skipped only when PyInstaller is not
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
import uuid
from pathlib import Path

import pytest

#: The first build of a numpy version also builds numpy without BLAS (scripts/numpy_without_blas.py).
pytestmark = pytest.mark.timeout(3600)

REPO = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
BUNDLE_LIMIT = 100 * 10**6  # bytes: "at most 100 MB"


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
        cwd=REPO, capture_output=True, text=True, timeout=3000,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    built = work / "dist" / "lawdesk"
    print(f"\nfrozen build: {time.perf_counter() - start:.0f} s, bundle {_folder_size(built) / 10**6:.1f} MB")
    fresh = work / "office-pc" / "lawdesk"  # a fresh data folder: nothing but the program
    shutil.copytree(built, fresh, symlinks=True)
    exe = fresh / ("lawdesk.exe" if os.name == "nt" else "lawdesk")
    assert exe.is_file()
    return exe


@pytest.fixture(scope="session")
def frozen_demo(frozen_app: Path) -> Path:
    """The demo database beside the frozen program (made once by ``demo``)."""
    demo_db = frozen_app.parent / "演示数据.db"
    if not demo_db.exists():
        assert run(frozen_app, "demo").returncode == 0
    return demo_db


def _companion(frozen_app: Path) -> Path:
    return frozen_app.with_name("lawdesk-cli.exe" if os.name == "nt" else "lawdesk-cli")


def _demo_copy(frozen_demo: Path, folder: Path) -> Path:
    """A copy of the demo database of one's own (for commands that change it)."""
    target = folder / "演示数据.db"
    shutil.copy2(frozen_demo, target)
    return target


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


def test_the_bundle_is_at_most_100_mb(frozen_app: Path) -> None:
    """What build.spec leaves out keeps the folder a clerk copies at most 100 MB."""
    bundle = frozen_app.parent
    size = _folder_size(bundle)
    largest = sorted(((_folder_size(p) if p.is_dir() else p.stat().st_size, p.name)
                      for p in (bundle / "_internal").iterdir() if not p.is_symlink()), reverse=True)[:8]
    assert size <= BUNDLE_LIMIT, f"{size / 10**6:.1f} MB: " + ", ".join(f"{n} {b / 10**6:.1f}" for b, n in largest)
    companion = _companion(frozen_app)
    assert companion.stat().st_size < 3 * 10**6, "lawdesk-cli is a launcher, not a second copy of lawdesk"
    assert not list(bundle.rglob("*.unstripped")), "a library left behind by scripts/bundle_trim.py"


def test_pdf_and_the_rendered_check_in_the_frozen_program(frozen_app: Path, frozen_demo: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "报告.docx"
    made = run(frozen_app, "--db", str(frozen_demo), "report", "--year", "2022", "--out", str(out), "--pdf")
    assert made.returncode == 0, made.stderr
    assert out.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    rendered = run(frozen_app, "check", "--render", str(out))
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr


def test_excel_ledger_template_import_and_binder_in_the_frozen_program(frozen_app: Path, frozen_demo: Path,
                                                                        tmp_path: Path) -> None:
    ledger, template, binder = tmp_path / "台账.xlsx", tmp_path / "模板.xlsx", tmp_path / "迎检台账.zip"
    for args in (("export", "--year", "2022", "--out", str(ledger)), ("export", "--year", "2022", "--mask",
                 "--out", str(tmp_path / "台账-隐去.xlsx")), ("template", "--out", str(template)),
                 ("binder", "--year", "2022", "--out", str(binder))):
        done = run(frozen_app, "--db", str(frozen_demo), *args)
        assert done.returncode == 0, (args, done.stderr)
    assert ledger.stat().st_size > 0 and template.stat().st_size > 0 and binder.stat().st_size > 0
    fresh = tmp_path / "新台账.db"
    assert run(frozen_app, "--db", str(fresh), "init", "--name", "金兰山街道").returncode == 0  # the office named
    checked = run(frozen_app, "--db", str(fresh), "import", "--check", str(ledger))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    imported = run(frozen_app, "--db", str(fresh), "import", str(ledger))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    stats = run(frozen_app, "--db", str(fresh), "stats", "--year", "2022", "--json")
    assert json.loads(stats.stdout)["patrols"] == 26


def test_a_package_reaches_the_county_and_its_report_in_the_frozen_program(frozen_app: Path, frozen_demo: Path,
                                                                          tmp_path: Path) -> None:
    package = tmp_path / "金兰山街道-2022.ldpkg"
    made = run(frozen_app, "--db", str(frozen_demo), "package", "--year", "2022", "--out", str(package), "--evidence")
    assert made.returncode == 0, made.stderr
    county = tmp_path / "县.db"
    assert run(frozen_app, "demo", "--county", "--offices", "2", "--out", str(county)).returncode == 0
    imported = run(frozen_app, "--db", str(county), "county", "import", str(package))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    report = tmp_path / "全县报告.docx"
    done = run(frozen_app, "--db", str(county), "county", "report", "--year", "2022", "--out", str(report))
    assert done.returncode == 0, done.stderr
    assert run(frozen_app, "check", str(report)).returncode == 0


def test_backup_verify_and_restore_in_the_frozen_program(frozen_app: Path, frozen_demo: Path, tmp_path: Path) -> None:
    db = _demo_copy(frozen_demo, tmp_path)
    assert run(frozen_app, "--db", str(db), "backup").returncode == 0
    verified = run(frozen_app, "--db", str(db), "backup", "--verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    restored = run(frozen_app, "--db", str(db), "restore", "--newest")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert json.loads(run(frozen_app, "--db", str(db), "stats", "--year", "2022", "--json").stdout)["patrols"] == 26


@pytest.mark.skipif(not os.environ.get("LAWDESK_TEST_PG", "").strip(), reason="no PostgreSQL test server (LAWDESK_TEST_PG)")
def test_a_county_server_database_in_the_frozen_program(frozen_app: Path) -> None:
    """A postgresql:// database: created, an office's account added (its SCRAM verifier made by
    the frozen program), and opened by that office over TCP with its password."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    admin = os.environ["LAWDESK_TEST_PG"].strip()
    name, code = f"lawdesk_frozen_{uuid.uuid4().hex[:8]}", f"frozen{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    params = conninfo_to_dict(admin)
    url = "postgresql:///" + name + "?" + "&".join(f"{k}={v}" for k, v in params.items() if k != "dbname")
    try:
        assert run(frozen_app, "--db", url, "init").returncode == 0
        added = run(frozen_app, "--db", url, "county", "add-office", "--name", "冻结测试街道", "--code", code,
                    "--password", "Frozen-Test-2024")
        assert added.returncode == 0, added.stderr
        office = make_conninfo("", host="127.0.0.1", port=params.get("port", "5432"), dbname=name,
                               user=f"lawdesk_{code}", password="Frozen-Test-2024")
        office_url = f"postgresql://lawdesk_{code}:Frozen-Test-2024@127.0.0.1:{params.get('port', '5432')}/{name}"
        with psycopg.connect(office):  # the account really logs in with its password over TCP
            pass
        stats = run(frozen_app, "--db", office_url, "stats", "--year", "2022", "--json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["patrols"] == 0
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "lawdesk_{code}"')


#: Drives the frozen window from outside through Tk's ``send`` (X11): selects 首页's 图表 tab and
#: waits for its three charts, opens every page of the navigation and the 系统 pages, then closes
#: the window as the title bar's × does. Prints what it saw as JSON.
WINDOW_DRIVER = r"""
import json, subprocess, sys, time, tkinter

exe, db = sys.argv[1:3]
app = subprocess.Popen([exe, "--db", db])
root = tkinter.Tk()
root.withdraw()
me, target, seen = root.tk.call("tk", "appname"), None, {}

def send(script):
    return root.tk.call("send", target, script)

def widgets(path="."):
    found = [path]
    for child in send(f"winfo children {path}").split():
        found += widgets(child)
    return found

def charts():
    photos = [i for i in send("image names").split() if send(f"image type {i}") == "photo"]
    return [i for i in photos if int(send(f"image width {i}")) >= 300 and int(send(f"image height {i}")) >= 150]

deadline = time.monotonic() + 120
while target is None and time.monotonic() < deadline and app.poll() is None:
    for other in root.tk.call("winfo", "interps"):
        try:
            if other != me and "mainwindow" in root.tk.call("send", other, "winfo children ."):
                target = other
        except tkinter.TclError as exc:
            if "insecure" in str(exc):
                print(json.dumps({"insecure": str(exc)}))
                app.kill()
                sys.exit(0)
    time.sleep(0.3)
assert target is not None, "the main window never appeared"
notebook = next(w for w in widgets() if "dashboardpage" in w and send(f"winfo class {w}") == "TNotebook")
send(f"{notebook} select 1")
deadline = time.monotonic() + 120
while len(charts()) < 3 and time.monotonic() < deadline:
    time.sleep(0.3)
seen["charts"] = len(charts())
tree = next(w for w in widgets() if send(f"winfo class {w}") == "Treeview")
seen["pages"] = []
for item in send(f"{tree} children {{}}").split():
    send(f"{tree} selection set {item}")
    send("update")
    seen["pages"].append(item)
for w in widgets():
    if send(f"winfo class {w}") == "TButton" and send(f"{w} cget -text") in ("单位设置", "回收站", "操作日志", "备份与恢复"):
        send(f"{w} invoke")
        send("update")
        seen["pages"].append(send(f"{w} cget -text"))
try:
    send("eval [wm protocol . WM_DELETE_WINDOW]")
except tkinter.TclError:
    pass  # the window is gone before it could answer
seen["returncode"] = app.wait(120)
print(json.dumps(seen, ensure_ascii=False))
"""


@pytest.mark.skipif(os.name == "nt" or not os.environ.get("DISPLAY"), reason="Tk's send needs X11 (run under xvfb-run)")
def test_the_frozen_window_draws_the_charts_and_opens_every_page(frozen_app: Path, frozen_demo: Path,
                                                                tmp_path: Path) -> None:
    db = _demo_copy(frozen_demo, tmp_path)
    driver = tmp_path / "drive_window.py"
    driver.write_text(WINDOW_DRIVER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("LAWDESK_DB", "PYTHONPATH")}
    done = subprocess.run([sys.executable, str(driver), str(frozen_app), str(db)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    if "insecure" in seen:
        pytest.skip(f"this X server refuses Tk's send: {seen['insecure']}")
    assert seen["charts"] == 3, seen
    assert {"home", "report", "kind:dispute", "kind:hotline", "单位设置", "回收站", "操作日志", "备份与恢复"} <= set(seen["pages"])
    assert seen["returncode"] == 0
    log = (tmp_path / "演示数据-data" / "logs" / "lawdesk.log").read_text(encoding="utf-8", errors="replace")
    assert " ERROR " not in log and " WARNING " not in log, log[-3000:]


def test_the_companion_passes_output_and_exit_codes_through(frozen_app: Path, frozen_demo: Path, tmp_path: Path) -> None:
    """lawdesk-cli runs lawdesk with its own handles: the output redirected to a file is the
    command's, and the exit code is the command's."""
    cli = _companion(frozen_app)
    with (tmp_path / "统计.json").open("w", encoding="utf-8") as out:
        done = subprocess.run([str(cli), "--db", str(frozen_demo), "stats", "--year", "2022", "--json"], stdout=out,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "统计.json").read_text(encoding="utf-8"))["patrols"] == 26
    refused = run(cli, "--db", str(frozen_demo), "report", "--year", "2022", "--out", str(frozen_demo))
    assert refused.returncode == 1 and CJK.search(refused.stderr), refused.stderr
