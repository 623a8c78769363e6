"""GUI timings: (a) start-up to an idle main window with the demo database, (b) a record page
over 100,000 records: opening it and typing a search.

Run under a display, e.g.::

    xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" .venv/bin/python benchmarks/gui_startup.py

(a) starts the program as a clerk's desktop shortcut does — ``python -m lawdesk`` with no
arguments, the database named by ``LAWDESK_DB`` — in a fresh process several times with
``LAWDESK_MEASURE_STARTUP=1``: the program prints ``LAWDESK_STARTUP <s>`` (time since its
window module was imported) at the first idle moment when the main window is mapped and
首页 shows the year's computed figures (not the … placeholders) in cards laid out for the
window's real width, and quits; the wall time from spawning the process to that line is
reported too. In the same run, the same way, a bare ttkbootstrap window (``ttk.App`` of the same theme and size, nothing in it)
is started; the target is the program's median wall time ≤ 1.5 × the bare window's (both
printed). Both run from compiled bytecode, as an installed program does: the children get a
private ``PYTHONPYCACHEPREFIX`` (and ``PYTHONDONTWRITEBYTECODE`` removed) and a warm-up run first.
The CPU time of each child (user + system, whole process up to its exit) is printed as well: on
a shared, busy machine it varies much less than the wall times; so does the ratio of the fastest
runs of each side (both reporting only; the target is the ratio of the median wall times).
(b) ≤ 0.3 s (medians).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_STARTUP = 1.0
TARGET_RATIO = 1.5
TARGET_PAGE = 0.3

BARE_WINDOW = """
import time
t0 = time.perf_counter()
import ttkbootstrap as ttk
root = ttk.App(title="bare", theme="bootstrap-light", size=(1280, 800))
root.withdraw()
def report():
    print(f"BARE_STARTUP {time.perf_counter() - t0:.3f}", flush=True)
    root.after(10, root.destroy)
root.bind("<Map>", lambda e: root.after_idle(report) if e.widget is root else None, add="+")
root.deiconify()
root.mainloop()
"""


def make_demo_db(folder: Path) -> Path:
    code = (
        "import sys; from pathlib import Path; from lawdesk import db; from lawdesk.demo import load_demo;"
        "db.open_database(Path(sys.argv[1]), create=True); load_demo(); db.close_database()"
    )
    path = folder / "demo.db"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT)
    return path


_CPU: dict[str, list[float]] = {}  # marker → CPU seconds of each child (reporting only)


def _timed_start(command: list[str], marker: str, env: dict[str, str]) -> tuple[float, float]:
    """(time reported by the process, wall time from spawning it) for one start."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = ""
    for line in proc.stdout:
        if line.startswith(marker):
            break
    wall = time.perf_counter() - t0
    if hasattr(os, "wait4"):
        for _ in proc.stdout:
            pass  # up to the child's exit, then its resource usage
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        _CPU.setdefault(marker, []).append(usage.ru_utime + usage.ru_stime)
    else:
        proc.wait(timeout=30)
    if not line.startswith(marker):
        raise RuntimeError(f"{command[0]} did not report {marker}")
    return float(line.split()[1]), wall


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ, LAWDESK_MEASURE_STARTUP="1", PYTHONPYCACHEPREFIX=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure_startup(db_path: Path, runs: int, env: dict[str, str]) -> tuple[
        list[float], list[float], list[float], list[float]]:
    """Program and bare window, alternating, so that both see the same machine load."""
    inside, wall, bare_inside, bare_wall = [], [], [], []
    program = [sys.executable, "-m", "lawdesk"]
    program_env = dict(env, LAWDESK_DB=str(db_path))
    bare = [sys.executable, "-c", BARE_WINDOW]
    for _ in range(runs):
        a, b = _timed_start(program, "LAWDESK_STARTUP", program_env)
        inside.append(a)
        wall.append(b)
        a, b = _timed_start(bare, "BARE_STARTUP", env)
        bare_inside.append(a)
        bare_wall.append(b)
    return inside, wall, bare_inside, bare_wall


def fill_big_db(path: Path, n: int) -> None:
    """``n`` valid 治安巡逻 records (values from the schema's vocabularies) by bulk insert."""
    from lawdesk import db as dbmod
    from lawdesk.models import database, model_for
    from lawdesk.schema import PATROL_PARTNERS, PATROL_TEAMS
    from lawdesk.services import records, settings

    dbmod.open_database(path, create=True)
    settings.save_profile({"unit_name": "龙潭街道"})  # a new database names its office first, as a clerk's 单位设置 does
    rng = random.Random(7)
    community = records.create("community", {"name": "龙潭社区"}).id
    areas = ["金山路", "桂花社区夜市", "工业园区", "龙潭河沿岸", "中学周边", "农贸市场", "老街"]
    start = dt.date(2015, 1, 1)
    model = model_for("patrol")
    now = dt.datetime.now().replace(microsecond=0)
    rows = []
    for i in range(n):
        rows.append({
            "date": start + dt.timedelta(days=rng.randrange(4000)),
            "area": f"{rng.choice(areas)}第{i % 97}段",
            "team": rng.choice(PATROL_TEAMS),
            "partner_units": "、".join(rng.sample(PATROL_PARTNERS, 2)),
            "persons": rng.randrange(3, 30),
            "hazards_found": rng.randrange(0, 4),
            "disputes_found": rng.randrange(0, 3),
            "community": community,
            "leader": rng.choice(["陈立新", "刘德明", "周海燕"]),
            "is_principal_led": rng.random() < 0.1,
            "created_at": now,
            "updated_at": now,
        })
    with database.atomic():
        for i in range(0, n, 500):
            model.insert_many(rows[i:i + 500]).execute()
    dbmod.close_database()


def measure_big_page(path: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    from lawdesk import app as appmod
    from lawdesk import db as dbmod
    from lawdesk.schema import spec_for
    from lawdesk.ui.main_window import MainWindow
    from lawdesk.ui.pages.record_page import RecordPage

    root = appmod.create_root()
    dbmod.open_database(path, backup=False)
    window = MainWindow(root, path, first_run=False)
    window.pack(fill="both", expand=True)
    root.deiconify()
    root.update()
    opening, searching, paging = [], [], []
    for i in range(runs):
        t0 = time.perf_counter()
        page = RecordPage(window.content, spec_for("patrol"))
        page.pack(fill="both", expand=True)
        root.update()
        opening.append(time.perf_counter() - t0)
        for word in ("夜", "夜市", f"夜市第{i}"):
            page.search_var.set(word)
            t0 = time.perf_counter()
            page.debouncer.flush()
            root.update()
            searching.append(time.perf_counter() - t0)
        page.search_var.set("")
        page.debouncer.flush()
        t0 = time.perf_counter()
        page.on_next()
        root.update()
        paging.append(time.perf_counter() - t0)
        page.destroy()
    root.destroy()
    dbmod.close_database()
    return opening, searching, paging


def _line(name: str, values: list[float], target: float | None = None) -> str:
    med = statistics.median(values)
    verdict = "" if target is None else ("  OK" if med <= target else f"  超过目标 {target:.1f} s")
    return f"{name:<34} median {med:6.3f} s  (min {min(values):.3f}, max {max(values):.3f}){verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--startup-only", action="store_true", help="只测 (a) 启动")
    args = parser.parse_args()
    if os.name != "nt" and not os.environ.get("DISPLAY"):
        print("需要图形显示：请用 xvfb-run 运行。", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="lawdesk-bench-"))
    try:
        demo = make_demo_db(tmp)
        env = child_env(tmp / "pycache")
        subprocess.run([sys.executable, "-m", "lawdesk"], cwd=ROOT,
                       env=dict(env, LAWDESK_DB=str(demo)), capture_output=True)
        subprocess.run([sys.executable, "-c", BARE_WINDOW], cwd=ROOT, env=env, capture_output=True)
        inside, wall, bare_inside, bare_wall = measure_startup(demo, args.runs, env)
        print(f"(a) 启动到主窗口空闲（演示数据库，{args.runs} 次，与空白 ttkbootstrap 窗口交替测量）")
        print(_line("lawdesk in-process (import → idle)", inside, TARGET_STARTUP))
        print(_line("lawdesk wall (spawn → idle)", wall))
        print(_line("bare window in-process", bare_inside))
        print(_line("bare window wall (spawn → idle)", bare_wall))
        ratio = statistics.median(wall) / statistics.median(bare_wall)
        verdict = "OK" if ratio <= TARGET_RATIO else f"超过目标 {TARGET_RATIO}×"
        print(f"{'ratio lawdesk / bare (wall)':<34} {ratio:.2f}×  {verdict}")
        print(f"{'ratio of the fastest runs (wall)':<34} {min(wall) / min(bare_wall):.2f}×  (reporting only)")
        if _CPU.get("LAWDESK_STARTUP") and _CPU.get("BARE_STARTUP"):
            print(_line("lawdesk CPU (whole child)", _CPU["LAWDESK_STARTUP"]))
            print(_line("bare window CPU (whole child)", _CPU["BARE_STARTUP"]))
            cpu = statistics.median(_CPU["LAWDESK_STARTUP"]) / statistics.median(_CPU["BARE_STARTUP"])
            print(f"{'ratio lawdesk / bare (CPU)':<34} {cpu:.2f}×  (reporting only)")
            fastest = min(_CPU["LAWDESK_STARTUP"]) / min(_CPU["BARE_STARTUP"])
            print(f"{'ratio of the fastest runs (CPU)':<34} {fastest:.2f}×  (reporting only)")
        if args.startup_only:
            return 0
        big = tmp / "big.db"
        t0 = time.perf_counter()
        fill_big_db(big, args.records)
        print(f"(b) {args.records} 条治安巡逻记录（装入用时 {time.perf_counter() - t0:.1f} s）")
        opening, searching, paging = measure_big_page(big, args.runs)
        print(_line("open record page", opening, TARGET_PAGE))
        print(_line("type a search (debounce fired)", searching, TARGET_PAGE))
        print(_line("next page", paging, TARGET_PAGE))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
