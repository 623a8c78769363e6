"""Backups: whole snapshots (database + evidence files + SHA-256 manifest), retention that keeps a
history, no backups of empty or unchanged databases, verification before restore, restore."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk import paths
from lawdesk.errors import DatabaseFileError, LawdeskError
from lawdesk.models import AuditLog, database
from lawdesk.services import attachments, backup, records, settings


class Clock:
    """Stands in for ``backup._now``: each call is ``step`` later."""

    def __init__(self, start: dt.datetime, step: dt.timedelta = dt.timedelta(seconds=1)) -> None:
        self.current = start
        self.step = step

    def __call__(self) -> dt.datetime:
        value = self.current
        self.current += self.step
        return value


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(dt.datetime(2023, 1, 9, 8, 0, 0))
    monkeypatch.setattr(backup, "_now", c)
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


def evidence(tmp_path: Path, name: str = "签到表.jpg", content: bytes = b"\xff\xd8photo") -> Path:
    source = tmp_path / "src" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(content)
    return source


# ---------------------------------------------------------------------------------------------
# Automatic backups: only of a database with data, only after a change


def test_new_database_is_not_backed_up(db, db_path: Path) -> None:
    reopen(db_path)
    reopen(db_path)
    assert backup.list_backups(db_path) == []


def test_auto_backup_on_open_only_after_a_change(db, db_path: Path, clock: Clock) -> None:
    records.create("community", {"name": "龙潭社区"})
    reopen(db_path)
    first = automatic(db_path)
    assert len(first) == 1
    reopen(db_path)
    reopen(db_path)
    assert automatic(db_path) == first  # unchanged: no new copy
    records.create("community", {"name": "金兰社区"})
    reopen(db_path)
    assert len(automatic(db_path)) == 2
    assert names_in(automatic(db_path)[0].path / backup.DB_FILE, "community") == ["金兰社区", "龙潭社区"]


@pytest.mark.parametrize("change", ["update", "delete", "profile", "setting"])
def test_every_kind_of_change_triggers_the_next_auto_backup(db, db_path: Path, clock: Clock, change) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    reopen(db_path)
    assert len(automatic(db_path)) == 1
    {
        "update": lambda: records.update("community", rec.id, {"name": "龙潭新社区"}),
        "delete": lambda: records.delete("community", rec.id),
        "profile": lambda: settings.save_profile({"unit_name": "金兰山街道办事处"}),
        "setting": lambda: settings.put("report_profile", {"x": 1}),
    }[change]()
    reopen(db_path)
    assert len(automatic(db_path)) == 2


def test_failed_auto_backup_does_not_stop_opening(db, db_path: Path, monkeypatch) -> None:
    records.create("community", {"name": "龙潭社区"})

    def fail(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(backup, "make_backup", fail)
    reopen(db_path)
    assert records.list_records("community").total == 1


# ---------------------------------------------------------------------------------------------
# Bad starts never rotate out the last good copy


def test_a_missing_or_empty_file_is_refused_and_names_the_newest_good_backup(db, db_path: Path, clock) -> None:
    records.create("community", {"name": "龙潭社区"})
    good = backup.make_backup(db, db_path, backup.MANUAL)
    dbmod.close_database()
    for content in (None, b""):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        if content is not None:
            db_path.write_bytes(content)
        with pytest.raises(dbmod.DatabaseMissingError) as info:
            dbmod.open_database(db_path)
        assert info.value.newest_backup.path == good
        assert good.name in info.value.message and "恢复" in info.value.message
    assert backup.list_backups(db_path)[0].path == good


def test_no_sequence_of_bad_starts_rotates_out_the_good_copy(db, db_path: Path, clock: Clock) -> None:
    records.create("community", {"name": "龙潭社区"})
    reopen(db_path)  # one automatic backup of the real data
    good = automatic(db_path)[0].path
    dbmod.close_database()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    for _ in range(25):  # the file keeps vanishing (sync tool): every start is refused
        with pytest.raises(dbmod.DatabaseMissingError):
            dbmod.open_database(db_path)
    dbmod.open_database(db_path, create=True)  # someone makes a new empty database …
    for _ in range(25):  # … and starts the program on it, again and again, over days
        clock.current += dt.timedelta(days=3)
        reopen(db_path)
        backup.backup_open_database(backup.MANUAL)  # even manual backups of the empty file
    assert good.is_dir(), "the last backup with data was rotated out"
    assert backup.newest_good_backup(db_path).path == good


def test_retention_keeps_last_ten_one_a_day_for_a_week_one_a_month_for_a_year() -> None:
    now = dt.datetime(2024, 6, 30, 18, 0)
    made = [now - dt.timedelta(hours=6 * i) for i in range(4 * 500)]  # four a day for 500 days
    infos = [backup.BackupInfo(Path(f"b{i}"), t, backup.AUTO, 1, records=5) for i, t in enumerate(made)]
    keep = backup.backups_to_keep(infos, now)
    kept = sorted((b.created for b in infos if b.path in keep), reverse=True)
    assert kept[:10] == made[:10]
    days = {t.date() for t in kept if now - t <= dt.timedelta(days=7)}
    assert len(days) >= 7
    months = {(t.year, t.month) for t in kept}
    assert len(months) >= 12
    assert all(now - t <= dt.timedelta(days=31 * 12) for t in kept)
    assert len(kept) < 40


def test_retention_applies_to_every_kind_of_backup(db, db_path: Path, clock: Clock) -> None:
    records.create("community", {"name": "龙潭社区"})
    for i in range(30):
        records.create("community", {"name": f"社区{i}"})
        backup.make_backup(db, db_path, (backup.MANUAL, backup.AUTO, backup.BEFORE_RESTORE)[i % 3])
    listed = backup.list_backups(db_path)
    assert len(listed) == backup.RETENTION.last  # all on one day: the last ten, whatever their kind
    assert {b.reason for b in listed} == {backup.MANUAL, backup.AUTO, backup.BEFORE_RESTORE}


def test_stale_temporaries_of_killed_backups_are_removed(db, db_path: Path) -> None:
    records.create("community", {"name": "龙潭社区"})
    folder = paths.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / f"{backup.TMP_PREFIX}lawdesk-20230101-000000-auto-999"
    stale.mkdir()
    (stale / backup.DB_FILE).write_bytes(b"x" * 10000)
    old_tmp = folder / "lawdesk-20230101-000000-auto.tmp"  # the first release's temporary file
    old_tmp.write_bytes(b"x" * 10000)
    fresh = folder / f"{backup.TMP_PREFIX}lawdesk-20990101-000000-auto-998"  # another backup running now
    fresh.mkdir()
    long_ago = time.time() - 2 * backup.STALE_AFTER_S
    for p in (stale, old_tmp):
        os.utime(p, (long_ago, long_ago))
    backup.make_backup(db, db_path, backup.MANUAL)
    assert not stale.exists() and not old_tmp.exists()
    assert fresh.exists()
    assert [b for b in backup.list_backups(db_path) if b.path.name.startswith(".")] == []


# ---------------------------------------------------------------------------------------------
# Whole backups


def test_a_backup_holds_the_database_and_the_evidence_files_with_their_sums(db, db_path, tmp_path) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence(tmp_path), "签到表")
    target = backup.make_backup(db, db_path)
    manifest = json.loads((target / backup.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == backup.FORMAT
    assert manifest["migrations"] == dbmod.known_migrations()
    assert manifest["database"]["sha256"] == backup.sha256_of(target / backup.DB_FILE)
    [entry] = manifest["files"]
    copy = target / entry["at"]
    assert copy.read_bytes() == attachments.path_of(att).read_bytes()
    assert entry["sha256"] == backup.sha256_of(copy)
    assert manifest["records"] == 1
    assert not Path(f"{target / backup.DB_FILE}-wal").exists()
    backup.verify_backup(target)

    records.create("community", {"name": "金兰社区"})
    second = backup.make_backup(db, db_path)
    if hasattr(os, "link"):  # an unchanged photo costs no space: the same file, hard-linked
        again = json.loads((second / backup.MANIFEST).read_text(encoding="utf-8"))["files"][0]
        assert (second / again["at"]).stat().st_ino == copy.stat().st_ino


def test_restore_brings_the_evidence_files_back(db, db_path: Path, tmp_path: Path, clock) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence(tmp_path, content=b"photo-1"), "照片")
    stored = attachments.path_of(att)
    saved = backup.make_backup(db, db_path)
    records.delete("community", rec.id)
    records.purge("community", rec.id)
    assert not stored.exists()
    extra = records.create("community", {"name": "后来的社区"})
    later = attachments.add("community", extra.id, evidence(tmp_path, "后来.jpg", b"later"), "照片")

    safety = backup.restore_backup(db, db_path, saved)
    assert [r["name"] for r in records.list_records("community").rows] == ["龙潭社区"]
    assert stored.read_bytes() == b"photo-1"
    assert [a.original_name for a in attachments.list_for("community", rec.id)] == ["签到表.jpg"]
    assert not attachments.path_of(later).exists()  # files match the restored rows, no orphans
    # … and the state before the restore is in the safety copy, files included
    manifest = backup.verify_backup(safety)
    assert any(f["path"].endswith("后来.jpg") for f in manifest.files)
    assert AuditLog.select().where(AuditLog.action == "恢复备份").count() == 1


def test_restore_survives_reopening(db, db_path: Path) -> None:
    records.create("community", {"name": "龙潭社区"})
    saved = backup.make_backup(db, db_path)
    records.create("community", {"name": "金兰社区"})
    backup.restore_backup(db, db_path, saved / backup.MANIFEST)  # the manifest stands for its folder
    reopen(db_path)
    assert [r["name"] for r in records.list_records("community").rows] == ["龙潭社区"]


def test_a_first_release_db_backup_is_still_restorable(db, db_path: Path) -> None:
    records.create("community", {"name": "龙潭社区"})
    old_style = paths.backups_dir(db_path) / "lawdesk-20220101-080000-manual.db"
    old_style.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(old_style)
    db.connection().backup(con)
    con.close()
    assert backup.list_backups(db_path)[-1].legacy
    records.create("community", {"name": "金兰社区"})
    backup.restore_backup(db, db_path, old_style)
    assert records.list_records("community").total == 1


@pytest.mark.parametrize("database_replaced", [True, False])
def test_an_interrupted_restore_of_files_is_settled_on_the_next_open(db, db_path, tmp_path, database_replaced):
    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence(tmp_path, content=b"kept"), "照片")
    saved = backup.make_backup(db, db_path)
    manifest = backup.verify_backup(saved)
    attachments.path_of(att).unlink()
    extra = records.create("community", {"name": "后来的社区"})
    later = attachments.add("community", extra.id, evidence(tmp_path, "后来.jpg", b"later"), "照片")
    staged = backup._stage_attachments(saved, manifest, db_path)
    backup._begin_file_swap(db_path, staged, saved / backup.DB_FILE)
    if database_replaced:  # killed after the database was copied, before the files were swapped
        src = sqlite3.connect(saved / backup.DB_FILE)
        src.backup(db.connection())
        src.close()
    reopen(db_path)
    if database_replaced:
        assert attachments.path_of(att).read_bytes() == b"kept"
        assert not attachments.path_of(later).exists()
    else:  # killed before: the current data and files stay as they were
        assert attachments.path_of(later).read_bytes() == b"later"
        assert not attachments.path_of(att).exists()
    assert not backup._restore_marker(db_path).exists() and not staged.exists()


# ---------------------------------------------------------------------------------------------
# Verification before restoring: damaged, incomplete, foreign, newer


@pytest.fixture
def good_backup(db, db_path: Path, tmp_path: Path) -> Path:
    rec = records.create("community", {"name": "龙潭社区"})
    attachments.add("community", rec.id, evidence(tmp_path), "签到表")
    target = backup.make_backup(db, db_path)
    records.create("community", {"name": "金兰社区"})
    return target


def refused(db, db_path: Path, path: Path, *words: str) -> str:
    before = backup.list_backups(db_path)
    with pytest.raises(DatabaseFileError) as info:
        backup.restore_backup(db, db_path, path)
    for word in words:
        assert word in info.value.message, info.value.message
    assert records.list_records("community").total == 2  # the current data is untouched
    assert backup.list_backups(db_path) == before  # no safety copy for a refused backup
    return info.value.message


def test_bit_rot_in_the_database_of_a_backup_is_detected(db, db_path, good_backup) -> None:
    file = good_backup / backup.DB_FILE
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0x01
    file.write_bytes(bytes(data))
    refused(db, db_path, good_backup, "SHA-256")


def test_a_changed_evidence_file_in_a_backup_is_detected(db, db_path, good_backup) -> None:
    manifest = json.loads((good_backup / backup.MANIFEST).read_text(encoding="utf-8"))
    file = good_backup / manifest["files"][0]["at"]
    file.unlink()  # (a hard link: write a new file rather than change the shared one)
    file.write_bytes(b"\xff\xd8PHOTO")
    refused(db, db_path, good_backup, "材料文件", "SHA-256")


def test_a_backup_missing_a_table_is_refused(db, db_path, good_backup, tmp_path) -> None:
    bad = tmp_path / "lawdesk-20230101-000000-manual.db"
    shutil.copy(good_backup / backup.DB_FILE, bad)
    con = sqlite3.connect(bad)
    con.execute("DROP TABLE patrol")
    con.commit()
    con.close()
    refused(db, db_path, bad, "缺少数据表", "patrol")


def test_a_backup_from_a_newer_version_is_refused(db, db_path, good_backup) -> None:
    manifest_path = good_backup / backup.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["migrations"].append("0099_future")
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    refused(db, db_path, good_backup, "请升级程序")


def test_a_corrupt_backup_file_is_refused(db, db_path, good_backup, tmp_path) -> None:
    bad = tmp_path / "corrupt.db"
    data = bytearray((good_backup / backup.DB_FILE).read_bytes())
    data[100:4096] = os.urandom(4096 - 100)
    bad.write_bytes(bytes(data))
    refused(db, db_path, bad, "损坏")


def test_restore_refuses_a_text_file_a_foreign_database_and_a_missing_file(db, db_path, good_backup, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("不是备份", encoding="utf-8")
    refused(db, db_path, text, "不是 lawdesk")
    foreign = tmp_path / "other.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    refused(db, db_path, foreign, "不是 lawdesk")
    refused(db, db_path, tmp_path / "none.db", "找不到")
    no_manifest = tmp_path / "lawdesk-20230101-000000-manual"
    shutil.copytree(good_backup, no_manifest)
    (no_manifest / backup.MANIFEST).unlink()
    refused(db, db_path, no_manifest, "清单")


def test_newest_good_backup_skips_a_damaged_one(db, db_path: Path, clock) -> None:
    records.create("community", {"name": "龙潭社区"})
    older = backup.make_backup(db, db_path)
    records.create("community", {"name": "金兰社区"})
    newer = backup.make_backup(db, db_path)
    (newer / backup.DB_FILE).write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    assert backup.newest_good_backup(db_path).path == older


def test_recover_to_path_moves_the_damaged_file_aside(db, db_path: Path, tmp_path: Path) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence(tmp_path, content=b"evidence"), "照片")
    saved = backup.make_backup(db, db_path)
    dbmod.close_database()
    db_path.write_bytes(b"garbage" * 1000)
    shutil.rmtree(paths.attachments_dir(db_path))
    with pytest.raises(dbmod.DatabaseDamagedError) as info:
        dbmod.open_database(db_path)
    assert info.value.newest_backup.path == saved
    aside = backup.recover_to_path(db_path, info.value.newest_backup.path)
    assert aside.read_bytes() == b"garbage" * 1000  # never deleted
    dbmod.open_database(db_path)
    assert records.list_records("community").total == 1
    assert attachments.path_of(attachments.list_for("community", rec.id)[0]).read_bytes() == b"evidence"
    assert att.id == attachments.list_for("community", rec.id)[0].id


def test_restore_then_write_uses_the_restored_database(db, db_path: Path) -> None:
    records.create("community", {"name": "龙潭社区"})
    saved = backup.make_backup(db, db_path)
    backup.restore_backup(db, db_path, saved)
    with database.atomic():
        records.create("community", {"name": "金兰社区"})
    assert records.list_records("community").total == 2


def test_an_older_backup_is_restored_and_upgraded(db, db_path: Path, tmp_path: Path) -> None:
    from peewee import SqliteDatabase

    old = tmp_path / "lawdesk-20220101-080000-manual.db"
    legacy = SqliteDatabase(str(old))
    dbmod.migration_runner(legacy).up("0002_unit_profile_operator")
    legacy.execute_sql("INSERT INTO community (name, created_at, updated_at) "
                       "VALUES ('老社区', '2022-01-01 00:00:00', '2022-01-01 00:00:00')")
    legacy.close()
    backup.restore_backup(db, db_path, old)
    assert [r["name"] for r in records.list_records("community").rows] == ["老社区"]
    sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE name='community'").fetchone()[0]
    assert "AUTOINCREMENT" in sql
    assert [r[0] for r in db.execute_sql("SELECT name FROM schema_migration ORDER BY id")] == dbmod.known_migrations()


KILLED_BACKUP = """
import sys
from pathlib import Path
from lawdesk import db
from lawdesk.services import backup
database = db.open_database(Path(sys.argv[1]), backup=False)
print("ready", flush=True)
while True:
    backup.make_backup(database, Path(sys.argv[1]), backup.MANUAL)
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="SIGKILL is POSIX only")
def test_killed_backups_never_look_like_backups_and_their_leftovers_go(db, db_path: Path, tmp_path) -> None:
    import random
    import signal
    import subprocess
    import sys

    rec = records.create("community", {"name": "龙潭社区"})
    for i in range(20):
        attachments.add("community", rec.id, evidence(tmp_path, f"{i}.jpg", os.urandom(300_000)), "照片")
    dbmod.close_database()
    rng = random.Random(3)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_BACKUP, str(db_path)], env=env,
                                stdout=subprocess.PIPE, text=True)
        proc.stdout.readline()
        time.sleep(rng.uniform(0.05, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    for b in backup.list_backups(db_path):
        backup.verify_backup(b.path)  # every listed backup is whole
    folder = paths.backups_dir(db_path)
    leftovers = [p for p in folder.iterdir() if p.name.startswith(backup.TMP_PREFIX)]
    print(f"\nkilled backups: {len(backup.list_backups(db_path))} listed backups all whole, "
          f"{len(leftovers)} temporary folders left for the next backup to remove")
    long_ago = time.time() - 2 * backup.STALE_AFTER_S
    for p in leftovers:
        os.utime(p, (long_ago, long_ago))
    database = dbmod.open_database(db_path)
    backup.make_backup(database, db_path)
    assert [p for p in folder.iterdir() if p.name.startswith((backup.TMP_PREFIX, backup.DELETING_PREFIX))] == []


KILLED_RESTORE = """
import sys
from pathlib import Path
from lawdesk import db
from lawdesk.services import backup
path = Path(sys.argv[1])
database = db.open_database(path, backup=False)
print("ready", flush=True)
for n in range(10**6):
    backup.restore_backup(database, path, Path(sys.argv[2 + n % 2]))
"""


def _consistent(db_path: Path) -> bool:
    """Every evidence row has its file and every file under attachments/ has its row."""
    rows = {attachments.path_of(a).resolve() for a in attachments.list_for("community", 1)}
    rows |= {attachments.path_of(a).resolve() for a in attachments.list_for("community", 2)}
    files = {p.resolve() for p in paths.attachments_dir(db_path).rglob("*") if p.is_file()}
    return rows == files


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="SIGKILL is POSIX only")
def test_killed_restores_leave_the_database_and_its_files_consistent(db, db_path: Path, tmp_path) -> None:
    import random
    import signal
    import subprocess
    import sys

    one = records.create("community", {"name": "甲社区"})
    attachments.add("community", one.id, evidence(tmp_path, "甲.jpg", os.urandom(400_000)), "照片")
    first = backup.make_backup(db, db_path)
    records.delete("community", one.id)
    records.purge("community", one.id)
    two = records.create("community", {"name": "乙社区"})
    attachments.add("community", two.id, evidence(tmp_path, "乙.jpg", os.urandom(400_000)), "照片")
    second = backup.make_backup(db, db_path)
    keep_first, keep_second = tmp_path / "first", tmp_path / "second"  # out of reach of pruning
    shutil.copytree(first, keep_first)
    shutil.copytree(second, keep_second)
    dbmod.close_database()
    rng = random.Random(5)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    consistent = 0
    trials = 8
    for _ in range(trials):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_RESTORE, str(db_path), str(keep_first),
                                 str(keep_second)], env=env, stdout=subprocess.PIPE, text=True)
        proc.stdout.readline()
        time.sleep(rng.uniform(0.1, 0.8))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        dbmod.open_database(db_path, backup=False)
        names = [r["name"] for r in records.list_records("community").rows]
        ok = db_path.exists() and names in (["甲社区"], ["乙社区"]) and _consistent(db_path)
        consistent += ok
        dbmod.close_database()
    print(f"\nkilled restores: {consistent}/{trials} left the database and its evidence files consistent")
    assert consistent == trials
    dbmod.open_database(db_path)


def test_a_recovered_database_is_not_backed_up_again_and_the_recovery_is_logged(db, db_path: Path) -> None:
    records.create("community", {"name": "龙潭社区"})
    saved = backup.make_backup(db, db_path)
    dbmod.close_database()
    db_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    backup.recover_to_path(db_path, saved)
    dbmod.open_database(db_path)
    assert len(backup.list_backups(db_path)) == 1  # the same data as the backup: no new copy
    backup.record_recovery(saved, None)
    assert AuditLog.select().where(AuditLog.action == "恢复备份").count() == 1


def test_restoring_the_oldest_kept_backup_does_not_prune_it_first(db, db_path: Path, clock: Clock) -> None:
    records.create("community", {"name": "第0个"})
    made = []
    for i in range(backup.RETENTION.last):
        records.create("community", {"name": f"第{i + 1}个"})
        made.append(backup.make_backup(db, db_path))
    oldest = made[0]
    assert oldest in [b.path for b in backup.list_backups(db_path)]
    backup.restore_backup(db, db_path, oldest)  # the before-restore copy would push it out
    assert records.list_records("community").total == 2
    assert oldest.is_dir()


def test_a_full_disk_during_a_backup_is_a_chinese_message_and_leaves_nothing(db, db_path, tmp_path, monkeypatch):
    rec = records.create("community", {"name": "龙潭社区"})
    attachments.add("community", rec.id, evidence(tmp_path), "照片")
    before = backup.list_backups(db_path)

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.shutil, "copy2", full)
    with pytest.raises(LawdeskError) as info:
        backup.make_backup(db, db_path)
    assert "备份没有完成" in info.value.message
    assert backup.list_backups(db_path) == before
    assert [p.name for p in paths.backups_dir(db_path).iterdir()] == []
