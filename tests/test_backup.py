"""Backups: automatic on open (only after a change, last 10 kept), manual, listing, restore."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from lawdesk import db as dbmod
from lawdesk import paths
from lawdesk.errors import DatabaseFileError
from lawdesk.models import AuditLog, database
from lawdesk.services import backup, records, settings


class Clock:
    """A stand-in for ``datetime`` in the backup module: each ``now()`` is one second later."""

    def __init__(self, start: dt.datetime, step: dt.timedelta = dt.timedelta(seconds=1)) -> None:
        self.current = start
        self.step = step

    def now(self) -> dt.datetime:
        value = self.current
        self.current += self.step
        return value

    strptime = staticmethod(dt.datetime.strptime)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(dt.datetime(2023, 1, 9, 8, 0, 0))
    monkeypatch.setattr(backup, "dt", SimpleNamespace(datetime=c))
    return c


def reopen(path: Path):
    dbmod.close_database()
    return dbmod.open_database(path)


def names_in(path: Path, table: str, column: str = "name") -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in con.execute(f"SELECT {column} FROM {table}"))
    finally:
        con.close()


def automatic(db_path: Path) -> list[backup.BackupInfo]:
    return [b for b in backup.list_backups(db_path) if b.reason == backup.AUTO]


# ---------------------------------------------------------------------------------------------
# Automatic backups


def test_new_database_is_not_backed_up(db, db_path: Path) -> None:
    assert backup.list_backups(db_path) == []


def test_auto_backup_on_open_only_after_a_change(db, db_path: Path, clock: Clock) -> None:
    records.create("community", {"name": "龙潭社区"})
    reopen(db_path)
    first = automatic(db_path)
    assert len(first) == 1
    assert names_in(first[0].path, "community") == ["龙潭社区"]

    reopen(db_path)  # nothing changed
    reopen(db_path)
    assert automatic(db_path) == first

    records.create("community", {"name": "桂花社区"})
    reopen(db_path)
    now = automatic(db_path)
    assert len(now) == 2
    assert names_in(now[0].path, "community") == ["桂花社区", "龙潭社区"]


@pytest.mark.parametrize(
    "change",
    [
        lambda ids: records.update("community", ids[0], {"police_officer": "王警官"}),
        lambda ids: records.delete("community", ids[0]),
        lambda ids: settings.save_profile({"unit_name": "金兰山街道"}),
        lambda ids: settings.put("report_options", {"public": True}),
    ],
    ids=["update", "delete", "profile", "setting"],
)
def test_every_kind_of_change_triggers_the_next_auto_backup(db, db_path: Path, clock: Clock, change) -> None:
    ids = [records.create("community", {"name": "龙潭社区"}).id]
    reopen(db_path)
    assert len(automatic(db_path)) == 1
    change(ids)
    reopen(db_path)
    assert len(automatic(db_path)) == 2


def test_auto_backup_keeps_the_last_ten(db, db_path: Path, clock: Clock) -> None:
    created = []
    for i in range(13):
        records.create("community", {"name": f"社区{i:02d}"})
        reopen(db_path)
        created.append(automatic(db_path)[0].path)
    kept = automatic(db_path)
    assert len(kept) == backup.KEEP_AUTOMATIC
    assert [b.path for b in kept] == list(reversed(created[-10:]))
    assert not any(p.exists() for p in created[:3])
    # the newest holds the newest data
    assert "社区12" in names_in(kept[0].path, "community")


def test_pruning_never_touches_manual_backups(db, db_path: Path, clock: Clock) -> None:
    manual = backup.make_backup(db, db_path, backup.MANUAL)
    for i in range(12):
        records.create("community", {"name": f"社区{i:02d}"})
        backup.auto_backup(db, db_path)
    assert manual.exists()
    assert len(automatic(db_path)) == 10


def test_backups_in_the_same_second_are_listed_newest_first(db, db_path: Path, monkeypatch) -> None:
    """Several backups within one second get -1, -2 … -11 suffixes; order must still be by creation."""
    frozen = Clock(dt.datetime(2023, 1, 9, 8, 0, 0), step=dt.timedelta(0))
    monkeypatch.setattr(backup, "dt", SimpleNamespace(datetime=frozen))
    made = []
    for i in range(12):
        records.create("community", {"name": f"社区{i:02d}"})
        made.append(backup.make_backup(db, db_path, backup.AUTO))
    listed = [b.path for b in automatic(db_path)]
    assert listed == list(reversed(made))[: backup.KEEP_AUTOMATIC]
    assert "社区11" in names_in(listed[0], "community")


def test_failed_auto_backup_does_not_stop_opening(db, db_path: Path, monkeypatch) -> None:
    records.create("community", {"name": "龙潭社区"})

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backup, "make_backup", fail)
    opened = reopen(db_path)
    assert opened is database.obj
    assert records.list_records("community").total == 1


# ---------------------------------------------------------------------------------------------
# Manual backups and the list


def test_manual_backup_is_a_consistent_sqlite_copy(db, db_path: Path) -> None:
    for name in ("龙潭社区", "桂花社区"):
        records.create("community", {"name": name})
    assert Path(f"{db_path}-wal").stat().st_size > 0  # the latest writes are still in the WAL
    target = backup.make_backup(db, db_path)
    assert target.parent == paths.backups_dir(db_path)
    assert target.suffix == ".db" and target.name.startswith("lawdesk-")
    assert not list(target.parent.glob("*.tmp"))
    backup.verify_backup_file(target)
    con = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(r[0] for r in con.execute("SELECT name FROM community")) == ["桂花社区", "龙潭社区"]
        assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == AuditLog.select().count()
    finally:
        con.close()


def test_list_backups_newest_first_with_reasons(db, db_path: Path, clock: Clock) -> None:
    a = backup.make_backup(db, db_path, backup.MANUAL)
    records.create("community", {"name": "龙潭社区"})
    b = backup.make_backup(db, db_path, backup.AUTO)
    c = backup.make_backup(db, db_path, backup.MANUAL)
    (paths.backups_dir(db_path) / "notes.db").write_bytes(b"x")  # not ours: ignored
    (paths.backups_dir(db_path) / "other-20230109-080000-manual.db").write_bytes(b"x")  # another db
    listed = backup.list_backups(db_path)
    assert [x.path for x in listed] == [c, b, a]
    assert [x.reason_label for x in listed] == ["手动备份", "自动备份", "手动备份"]
    assert listed[0].created > listed[1].created > listed[2].created
    assert all(x.size == x.path.stat().st_size > 0 for x in listed)


def test_list_backups_without_folder(tmp_path: Path) -> None:
    assert backup.list_backups(tmp_path / "none.db") == []


# ---------------------------------------------------------------------------------------------
# Restore


def test_restore_replaces_data_after_a_safety_copy(db, db_path: Path, clock: Clock) -> None:
    keep = records.create("community", {"name": "龙潭社区"})
    saved = backup.make_backup(db, db_path)
    records.create("community", {"name": "桂花社区"})
    records.delete("community", keep.id)

    safety = backup.restore_backup(db, db_path, saved)

    assert [r["name"] for r in records.list_records("community").rows] == ["龙潭社区"]
    assert records.get("community", keep.id).deleted_at is None
    # the safety copy holds the state just before the restore
    assert safety.exists() and "before-restore" in safety.name
    assert names_in(safety, "community") == ["桂花社区", "龙潭社区"]
    assert [b.reason for b in backup.list_backups(db_path)][0] == backup.BEFORE_RESTORE
    # the restore itself is in the log, and the database is still sound and migrated
    assert AuditLog.select().order_by(AuditLog.id.desc()).get().action == "恢复备份"
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert dbmod.run_migrations(db) == []


def test_restore_survives_reopening(db, db_path: Path) -> None:
    records.create("community", {"name": "龙潭社区"})
    saved = backup.make_backup(db, db_path)
    records.create("community", {"name": "桂花社区"})
    backup.restore_backup(db, db_path, saved)
    reopen(db_path)
    assert [r["name"] for r in records.list_records("community").rows] == ["龙潭社区"]


def _refused(db, db_path: Path, bad: Path, expect: str) -> None:
    records.create("community", {"name": "龙潭社区"})
    before = backup.list_backups(db_path)
    entries = AuditLog.select().count()
    with pytest.raises(DatabaseFileError) as info:
        backup.restore_backup(db, db_path, bad)
    assert expect in info.value.message
    assert [r["name"] for r in records.list_records("community").rows] == ["龙潭社区"]
    assert AuditLog.select().count() == entries
    assert backup.list_backups(db_path) == before  # no safety copy for a refused file


def test_restore_refuses_a_text_file(db, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "backup.db"
    bad.write_text("不是数据库", encoding="utf-8")
    _refused(db, db_path, bad, "不是 lawdesk 备份文件")


def test_restore_refuses_a_foreign_sqlite_database(db, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "other.db"
    con = sqlite3.connect(bad)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    _refused(db, db_path, bad, "不是 lawdesk 的数据库备份")


def test_restore_refuses_a_corrupt_backup(db, db_path: Path, tmp_path: Path) -> None:
    records.create("community", {"name": "桂花社区"})
    good = backup.make_backup(db, db_path)
    data = bytearray(good.read_bytes())
    data[100:] = bytes(len(data) - 100)  # header intact, everything else zeroed
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(bytes(data))
    records.delete("community", records.list_records("community").rows[0]["id"])
    _refused(db, db_path, bad, "损坏")


def test_restore_refuses_a_missing_file(db, db_path: Path, tmp_path: Path) -> None:
    _refused(db, db_path, tmp_path / "missing.db", "找不到备份文件")
