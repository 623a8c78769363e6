"""An unlucky office, in real processes: SIGKILL during writes, two writers at once, no network.

Each figure is printed as tried/passed (run with ``-s`` to see them).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
KILL_TRIALS = 20
WRITES_PER_PROCESS = 300


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LAWDESK_DB"}
    env["PYTHONUTF8"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from lawdesk import db
    from lawdesk.services import records, units
    db.open_database(Path(sys.argv[1]), create=True)
    if not units.has_units():
        units.create_unit("测试街道")
    n = 0
    while True:
        rec = records.create("patrol", {"date": "2022-05-01", "area": f"第{n}片区", "persons": n % 50})
        if n % 3 == 0:
            records.update("patrol", rec.id, {"area": f"第{n}片区（复查）"})
        print(rec.id, flush=True)  # acknowledged: committed before this line is written
        n += 1
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "lawdesk.db"
    rng = random.Random(9)
    acknowledged: list[int] = []
    passed = 0
    for _trial in range(KILL_TRIALS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], env=_env(), cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is writing
        assert first.strip(), proc.stderr.read() if proc.stderr else ""
        acknowledged.append(int(first))
        time.sleep(rng.uniform(0.02, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=30)
        acknowledged += [int(line) for line in out.split() if line.strip().isdigit()]
        con = sqlite3.connect(path)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            ids = {r[0] for r in con.execute("SELECT id FROM patrol")}
            logged = {r[0] for r in con.execute(
                "SELECT record_id FROM audit_log WHERE record_kind='patrol' AND action='新增'")}
        finally:
            con.close()
        if ok == "ok" and set(acknowledged) <= ids and set(acknowledged) <= logged:
            passed += 1
    print(f"\nSIGKILL during writes: {passed}/{KILL_TRIALS} trials intact, "
          f"{len(acknowledged)} acknowledged writes all present with their audit entries")
    assert passed == KILL_TRIALS


TWO_WRITERS = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from lawdesk import db
    from lawdesk.services import records, settings
    db.open_database(Path(sys.argv[1]), backup=False)
    name, count, go = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.01)
    done, errors = [], []
    for i in range(count):
        try:
            if i % 10 == 9:  # a settings write (reads the profile, then writes)
                settings.save_profile({"operator": f"{name}{i}"})
                continue
            rec = records.create("community", {"name": f"{name}-{i}"})
            records.update("community", rec.id, {"mediators": i})  # read, then write
            done.append(rec.id)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    print(json.dumps({"done": done, "errors": errors}))
""")


def test_two_processes_writing_at_once_lose_nothing_and_never_see_a_lock_error(tmp_path: Path) -> None:
    path = tmp_path / "lawdesk.db"
    subprocess.run([sys.executable, "-m", "lawdesk", "--db", str(path), "init"], env=_env(), check=True,
                   capture_output=True)
    from lawdesk import db
    from tests.conftest import name_the_office

    db.open_database(path)
    name_the_office()  # the clerk's first 单位设置
    db.close_database()
    go = tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", TWO_WRITERS, str(path), name, str(WRITES_PER_PROCESS), str(go)],
                         env=_env(), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("甲窗口", "乙窗口")
    ]
    time.sleep(1.5)  # both have opened the database
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    errors = [e for r in results for e in r["errors"]]
    done = [i for r in results for i in r["done"]]
    con = sqlite3.connect(path)
    try:
        rows = dict(con.execute("SELECT id, mediators FROM community").fetchall())
        audit = con.execute("SELECT count(*) FROM audit_log WHERE record_kind='community'").fetchone()[0]
    finally:
        con.close()
    lost = [i for i in done if i not in rows or rows[i] is None]
    tried = 2 * WRITES_PER_PROCESS
    print(f"\ntwo writers: {tried - len(errors)}/{tried} operations succeeded, "
          f"{len(errors)} lock errors, {len(lost)} lost writes")
    assert errors == []
    assert lost == [] and len(rows) == len(done) == 2 * (WRITES_PER_PROCESS - WRITES_PER_PROCESS // 10)
    assert audit == 2 * len(done)


def test_a_write_waits_for_another_writer_and_says_so(db, db_path: Path) -> None:
    from lawdesk import db as dbmod
    from lawdesk.services import records

    other = sqlite3.connect(db_path, timeout=0, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another window is saving
    notices: list[bool] = []
    dbmod.set_wait_listener(notices.append)
    try:
        import threading

        threading.Timer(1.5, other.commit).start()
        start = time.perf_counter()
        rec = records.create("community", {"name": "龙潭社区"})
        waited = time.perf_counter() - start
    finally:
        dbmod.set_wait_listener(None)
        other.close()
    assert rec.id and waited >= 1.0
    assert notices == [True, False]


def test_a_writer_that_never_finishes_gives_a_chinese_message(db, db_path: Path, monkeypatch) -> None:
    from lawdesk import connection
    from lawdesk import db as dbmod
    from lawdesk.services import records

    monkeypatch.setattr(connection, "LOCK_ATTEMPTS", 2)
    db.execute_sql("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(dbmod.DatabaseBusyError) as info:
            records.create("community", {"name": "龙潭社区"})
    finally:
        other.rollback()
        other.close()
    assert "另一个窗口" in info.value.message
    assert records.list_records("community").total == 0


NO_NETWORK = textwrap.dedent('''
    """Every socket call fails and is written down (the no-network test)."""
    import os
    import socket

    _LOG = os.environ["LAWDESK_SOCKET_LOG"]


    def _refuse(what):
        def refuse(*args, **kwargs):
            with open(_LOG, "a", encoding="utf-8") as fh:
                fh.write(f"{what} {args!r}\\n")
            raise OSError(f"network disabled by test: {what}")
        return refuse


    class _NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            _refuse("socket")(*args)


    socket.socket = _NoSocket
    socket.create_connection = _refuse("create_connection")
    socket.getaddrinfo = _refuse("getaddrinfo")
    socket.gethostbyname = _refuse("gethostbyname")
    socket.socketpair = _refuse("socketpair")
''')


def test_demo_report_and_backup_open_no_socket(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    log = tmp_path / "sockets.log"
    env = _env(LAWDESK_SOCKET_LOG=str(log))
    env["PYTHONPATH"] = os.pathsep.join((str(site), env["PYTHONPATH"]))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], env=env, cwd=tmp_path, capture_output=True, text=True,
                              encoding="utf-8", timeout=300)

    control = run("-c", "import socket; socket.create_connection(('example.org', 80))")
    assert control.returncode != 0 and log.read_text(encoding="utf-8")  # the guard is in force
    log.unlink()

    path = tmp_path / "演示数据.db"  # the demo lives in its own file
    commands = [
        ("demo",),
        ("stats", "--year", "2022", "--json"),
        ("report", "--year", "2022", "--out", str(tmp_path / "报告.docx")),
        ("report", "--year", "2022", "--public", "--out", str(tmp_path / "公开.docx")),
        ("backup",),
        ("backup", "--list"),
    ]
    passed = 0
    for cmd in commands:
        result = run("-m", "lawdesk", "--db", str(path), *cmd)
        assert result.returncode == 0, (cmd, result.stderr)
        passed += 1
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    print(f"\nno network: {passed}/{len(commands)} commands ran, {len(attempts.splitlines())} socket calls")
    assert attempts == ""
    assert (tmp_path / "报告.docx").stat().st_size > 10000
