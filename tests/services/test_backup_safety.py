"""Backups under attack and bad luck: retention that keeps the last real copy, unreadable evidence
files, crafted backups that try to write outside the data folder, backups in the same second."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk.errors import DatabaseFileError
from lawdesk.services import attachments, backup, records
from tests.conftest import name_the_office
from tests.services.test_backup import Clock

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(dt.datetime(2023, 1, 9, 8, 0, 0))
    monkeypatch.setattr(backup, "_now", c)
    return c


def evidence(tmp_path: Path, name: str = "签到表.jpg", content: bytes = b"\xff\xd8photo") -> Path:
    source = tmp_path / "src" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(content)
    return source


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / backup.MANIFEST).read_text(encoding="utf-8"))


def write_manifest(folder: Path, data: dict) -> None:
    (folder / backup.MANIFEST).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The first layout of backups (evidence at its live path) stays restorable


def test_a_backup_in_the_first_layout_is_still_restored(db, db_path: Path, tmp_path: Path) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence(tmp_path, content=b"old layout"), "照片")
    made = backup.make_backup(db, db_path)
    data = manifest_of(made)
    for entry in data["files"]:  # back to format 1: the file at its live path, no "at"
        target = made / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        (made / entry.pop("at")).rename(target)
    (made / backup.FILES_DIR).rmdir()
    data["format_version"] = 1
    write_manifest(made, data)
    attachments.path_of(att).unlink()
    backup.restore_backup(db, db_path, made)
    assert attachments.path_of(att).read_bytes() == b"old layout"


# ---------------------------------------------------------------------------------------------
# Restore confined: crafted backups change nothing outside the data folder


def outside_snapshot(root: Path, db_path: Path) -> dict[str, object]:
    """Every file and link under ``root`` except the database and its data folder."""
    data = db_path.parent / f"{db_path.stem}-data"
    out: dict[str, object] = {}
    for p in sorted(root.rglob("*")):
        if p == data or data in p.parents or p.name.startswith(db_path.name):
            continue
        if p.is_symlink():
            out[str(p)] = ("link", str(p.readlink()))
        elif p.is_file():
            out[str(p)] = p.read_bytes()
    return out


@pytest.fixture
def crafted(db, db_path: Path, tmp_path: Path) -> Path:
    """A sound backup copied outside the backups folder, to be tampered with."""
    rec = records.create("community", {"name": "龙潭社区"})
    attachments.add("community", rec.id, evidence(tmp_path, content=b"real photo"), "照片")
    made = backup.make_backup(db, db_path)
    folder = tmp_path / "U盘" / "深" / "层" / "lawdesk-20230101-000000-manual"
    shutil.copytree(made, folder)
    records.create("community", {"name": "金兰社区"})
    return folder


def _outside_file(folder: Path, rel: str, content: bytes) -> str:
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return backup.sha256_of(target)


def tamper(folder: Path, how: str, tmp_path: Path) -> None:
    data = manifest_of(folder)
    entry = data["files"][0]
    if how == "dotdot":  # the first layout: the file at its path, four levels up
        del entry["at"]
        entry["path"] = "attachments/../../../../pwned.txt"
        entry["sha256"] = _outside_file(folder, entry["path"], b"PWNED")
        entry["size"] = 5
    elif how == "absolute":
        entry["path"] = str(tmp_path / "pwned.txt")
    elif how == "drive":
        entry["path"] = "C:/Windows/pwned.txt"
    elif how == "backslash":
        entry["path"] = "attachments\\..\\..\\pwned.txt"
    elif how == "at-dotdot":
        entry["at"] = "f/../../../pwned.txt"
        entry["sha256"] = _outside_file(folder, entry["at"], b"PWNED")
    elif how == "unknown-folder":
        entry["path"] = "logs/community/1/x.jpg"
    elif how == "symlink-file":
        secret = tmp_path / "secret.txt"
        secret.write_bytes(b"outside secret")
        (folder / entry["at"]).unlink()
        (folder / entry["at"]).symlink_to(secret)
        entry["sha256"], entry["size"] = backup.sha256_of(secret), secret.stat().st_size
    elif how == "symlink-db":
        other = tmp_path / "other.db"
        shutil.copy(folder / backup.DB_FILE, other)
        (folder / backup.DB_FILE).unlink()
        (folder / backup.DB_FILE).symlink_to(other)
    elif how == "symlink-folder":
        outside = tmp_path / "outside-folder"
        outside.mkdir()
        (folder / backup.FILES_DIR).rename(outside / "f")
        (folder / backup.FILES_DIR).symlink_to(outside / "f")
    elif how == "fifo":
        (folder / entry["at"]).unlink()
        os.mkfifo(folder / entry["at"])
    elif how == "duplicate":
        data["files"].append(dict(entry))
    write_manifest(folder, data)


ATTACKS = ["dotdot", "absolute", "drive", "backslash", "at-dotdot", "unknown-folder", "symlink-file",
           "symlink-db", "symlink-folder", "fifo", "duplicate"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("how", ATTACKS)
def test_a_crafted_backup_is_refused_and_changes_nothing_outside(db, db_path, tmp_path, crafted, how) -> None:
    tamper(crafted, how, tmp_path)
    before = outside_snapshot(tmp_path, db_path)
    live_before = sorted(p.relative_to(db_path.parent) for p in (db_path.parent / "lawdesk-data" / "attachments").rglob("*"))
    with pytest.raises(DatabaseFileError) as info:
        backup.restore_backup(db, db_path, crafted)
    assert "备份" in info.value.message and ("已损坏" in info.value.message or "不是" in info.value.message)
    assert outside_snapshot(tmp_path, db_path) == before
    assert records.list_records("community").total == 2  # the current data untouched
    after = sorted(p.relative_to(db_path.parent) for p in (db_path.parent / "lawdesk-data" / "attachments").rglob("*"))
    assert after == live_before
    assert not (tmp_path.parent / "pwned.txt").exists() and not (tmp_path / "pwned.txt").exists()


MALFORMED = {
    "not json": "{not json",
    "a list": "[]",
    "files not a list": {"files": {"a": 1}},
    "entry not a dict": {"files": ["attachments/community/1/x.jpg"]},
    "size as text": {"files": [{"path": "attachments/community/1/x.jpg", "at": "f/1.jpg", "sha256": "0" * 64,
                                "size": "12"}]},
    "no sha256": {"files": [{"path": "attachments/community/1/x.jpg", "at": "f/1.jpg", "size": 1}]},
    "format version text": {"format_version": "二"},
    "no database": {"database": None},
    "migrations not a list": {"migrations": "0001"},
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_manifest_is_a_damaged_backup_with_its_reason(db, db_path, crafted, case, capsys) -> None:
    from lawdesk import cli

    change = MALFORMED[case]
    if isinstance(change, str):
        (crafted / backup.MANIFEST).write_text(change, encoding="utf-8")
    else:
        write_manifest(crafted, {**manifest_of(crafted), **change})
    with pytest.raises(DatabaseFileError) as info:
        backup.verify_backup(crafted)
    assert "已损坏" in info.value.message or "不是 lawdesk 备份" in info.value.message, info.value.message
    dbmod.close_database()
    code = cli.main(["--db", str(db_path), "restore", str(crafted)])
    err = capsys.readouterr().err
    assert code == 1 and "意外错误" not in err and "Traceback" not in err
    assert ("已损坏" in err or "不是 lawdesk 备份" in err), err
    dbmod.open_database(db_path)
    assert records.list_records("community").total == 2


def test_a_backup_whose_name_is_a_pipe_is_refused_without_waiting(db, db_path, tmp_path) -> None:
    fifo = tmp_path / "lawdesk-20230101-000000-manual.db"
    os.mkfifo(fifo)
    with pytest.raises(DatabaseFileError, match="特殊文件"):
        backup.restore_backup(db, db_path, fifo)


def test_a_restore_note_naming_an_outside_folder_is_ignored(db, db_path, tmp_path) -> None:
    victim = tmp_path / "重要文件夹"
    victim.mkdir()
    (victim / "x.txt").write_text("keep", encoding="utf-8")
    marker = backup._restore_marker(db_path)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"staged": str(victim), "old": "../../x", "audit": [1, 1],
                                  "replaced": True}), encoding="utf-8")
    dbmod.close_database()
    dbmod.open_database(db_path)
    assert (victim / "x.txt").read_text(encoding="utf-8") == "keep"
    assert not marker.exists()


# ---------------------------------------------------------------------------------------------
# One unreadable evidence file never abandons a backup


def _folder_in_place_of(att) -> None:
    stored = attachments.path_of(att)
    stored.unlink()
    stored.mkdir()  # a folder where the photo was (a sync tool's conflict, a clerk's slip)


def test_a_folder_in_place_of_an_evidence_file_leaves_a_completed_backup(db, db_path, tmp_path) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    good = attachments.add("community", rec.id, evidence(tmp_path, "签到表.jpg", b"sign-in"), "签到表")
    bad = attachments.add("community", rec.id, evidence(tmp_path, "现场照片.jpg", b"photo"), "照片")
    _folder_in_place_of(bad)
    made = backup.make_backup(db, db_path)
    manifest = backup.verify_backup(made)
    assert [f["path"] for f in manifest.files] == [f"attachments/community/{rec.id}/{good.stored_name}"]
    [skipped] = manifest.data["skipped_files"]
    assert skipped["name"] == "现场照片.jpg" and "文件夹" in skipped["reason"]
    text = backup.backup_problems(made)
    assert "现场照片.jpg" in text and "1 个材料文件没有备份" in text and "其余材料文件都已备份" in text


def test_the_backup_command_says_which_file_it_left_out(db, db_path, tmp_path, capsys) -> None:
    from lawdesk import cli

    rec = records.create("community", {"name": "龙潭社区"})
    _folder_in_place_of(attachments.add("community", rec.id, evidence(tmp_path, "现场照片.jpg"), "照片"))
    dbmod.close_database()
    assert cli.main(["--db", str(db_path), "backup"]) == 0
    out = capsys.readouterr().out
    assert "已备份到" in out and "注意" in out and "现场照片.jpg" in out


def test_an_automatic_backup_that_left_a_file_out_says_so_at_open(db, db_path, tmp_path, capsys) -> None:
    from lawdesk import cli

    rec = records.create("community", {"name": "龙潭社区"})
    _folder_in_place_of(attachments.add("community", rec.id, evidence(tmp_path, "现场照片.jpg"), "照片"))
    dbmod.close_database()
    assert cli.main(["--db", str(db_path), "stats", "--year", "2022"]) == 0
    err = capsys.readouterr().err
    assert "自动备份已完成" in err and "现场照片.jpg" in err
    assert backup.list_backups(db_path)[0].reason == backup.AUTO


def test_a_full_backup_disk_still_stops_the_backup(db, db_path, tmp_path, monkeypatch) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    attachments.add("community", rec.id, evidence(tmp_path), "照片")

    def full(src, dst, **_k):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(backup.shutil, "copy2", full)
    with pytest.raises(backup.LawdeskError) as info:
        backup.make_backup(db, db_path)
    assert "磁盘空间已满" in info.value.message and "No space" not in info.value.message
    assert backup.list_backups(db_path) == []


FAILING_AUTO_BACKUP = """
import sys
from pathlib import Path
from lawdesk import db
from lawdesk.services import records, settings
db.open_database(Path(sys.argv[1]), create=True)
settings.save_profile({"unit_name": "测试街道"})  # the clerk's first 单位设置 names the office
records.create("community", {"name": "龙潭社区"})
"""


def test_a_failed_automatic_backup_prints_no_traceback_and_the_log_keeps_it(tmp_path) -> None:
    import subprocess
    import sys

    path = tmp_path / "台账.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PYTHONUTF8": "1"}
    env.pop("LAWDESK_DB", None)
    subprocess.run([sys.executable, "-c", FAILING_AUTO_BACKUP, str(path)], env=env, check=True)
    data = tmp_path / "台账-data"
    data.mkdir(exist_ok=True)
    assert not (data / "backups").exists()  # nothing backed up yet: the first open had no data
    (data / "backups").write_text("a file where the backups folder should be", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "lawdesk", "--db", str(path), "stats", "--year", "2022"],
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "automatic backup failed" not in result.stderr
    assert "注意：自动备份没有完成" in result.stderr
    log = (data / "logs" / "lawdesk.log").read_text(encoding="utf-8")
    assert "automatic backup failed" in log and "Traceback" in log


UNREADABLE_AS_CLERK = """
import os, sys
from pathlib import Path
from lawdesk import db
from lawdesk.services import attachments, backup, records, settings
path = Path(sys.argv[1])
database = db.open_database(path, create=True)
settings.save_profile({"unit_name": "测试街道"})  # the clerk's first 单位设置 names the office
rec = records.create("community", {"name": "龙潭社区"})
src = path.parent / "现场照片.jpg"
src.write_bytes(b"photo")
att = attachments.add("community", rec.id, src, "照片")
os.chmod(attachments.path_of(att), 0)
made = backup.make_backup(database, path)
print(backup.backup_problems(made))
"""


def as_clerk(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as a user who is not root (root ignores file modes): as ``nobody``
    through ``setpriv`` when the tests run as root, else as the test's own user; in a fresh
    folder that user owns (its path is ``args``' ``{folder}``)."""
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="lawdesk-clerk-"))
    try:
        cmd = [sys.executable, "-c", script, *(a.format(folder=folder) for a in args)]
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv: no other user to test file modes with")
            os.chown(folder, 65534, 65534)
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PYTHONUTF8": "1",
               "HOME": str(folder)}
        env.pop("LAWDESK_DB", None)
        return subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
                              cwd=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_mode_000_evidence_file_is_listed_not_fatal() -> None:
    result = as_clerk(UNREADABLE_AS_CLERK, "{folder}/台账.db")
    assert result.returncode == 0, result.stderr
    assert "现场照片.jpg" in result.stdout and "没有访问权限" in result.stdout, result.stdout


# ---------------------------------------------------------------------------------------------
# Two backups in the same second


def test_a_name_taken_in_the_same_second_is_never_replaced(db, db_path, monkeypatch) -> None:
    records.create("community", {"name": "龙潭社区"})
    real = backup._backup_name
    taken: list[Path] = []

    def racing(db_path_, reason, folder):  # another backup finishes under the same name first
        name = real(db_path_, reason, folder)
        if not taken:
            other = folder / name
            other.mkdir()
            (other / "manifest.json").write_text("{}", encoding="utf-8")
            taken.append(other)
        return name

    monkeypatch.setattr(backup, "_backup_name", racing)
    made = backup.make_backup(db, db_path)
    assert made != taken[0] and (taken[0] / "manifest.json").read_text(encoding="utf-8") == "{}"
    backup.verify_backup(made)


def test_two_backup_commands_at_once_both_complete(db, db_path) -> None:
    import subprocess
    import sys

    records.create("community", {"name": "龙潭社区"})
    dbmod.close_database()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PYTHONUTF8": "1"}
    code = ("import sys\nfrom lawdesk import cli\n"
            "sys.exit(max(cli.main(['--db', sys.argv[1], 'backup']) for _ in range(4)))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db_path)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, encoding="utf-8") for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1] for r in results]
    made = [line for out, _ in results for line in out.splitlines() if line.startswith("已备份到")]
    assert len(made) == 8 and len(set(made)) == 8
    for b in backup.list_backups(db_path):
        backup.verify_backup(b.path)


# ---------------------------------------------------------------------------------------------
# Retention that cannot eat the last real copy


def _many_records(n: int) -> None:
    from lawdesk.models import database

    with database.atomic():
        for i in range(n):
            records.create("community", {"name": f"社区{i:04d}"})


def _lose_and_reinit(db_path: Path) -> None:
    dbmod.close_database()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    dbmod.create_database(db_path)  # `lawdesk init` on the lost file
    name_the_office()  # and the clerk's first 单位设置 on it
    dbmod.close_database()


def _starts_adding_one_record(db_path: Path, clock: Clock, starts: int) -> None:
    for n in range(starts):
        clock.current += dt.timedelta(days=1)
        dbmod.open_database(db_path)  # the start's automatic backup
        records.create("community", {"name": f"新社区{n}"})
        dbmod.close_database()


def test_the_issues_sequence_keeps_the_837_record_backup(db, db_path, clock) -> None:
    _many_records(837)
    dbmod.close_database()
    dbmod.open_database(db_path)  # the automatic backup of the real data
    dbmod.close_database()
    [real] = backup.list_backups(db_path)
    assert real.records == 837
    _lose_and_reinit(db_path)
    _starts_adding_one_record(db_path, clock, 11)
    listed = backup.list_backups(db_path)
    assert real.path in [b.path for b in listed], [b.records for b in listed]
    backup.verify_backup(real.path)
    assert backup.newest_good_backup(db_path).path == real.path  # the offer at a lost database
    notice = backup.drop_notice(db_path)
    assert "837" in notice and "确认数据减少" in notice
    print(f"\nretention: after 11 starts on a re-created database, {len(listed)} backups kept, "
          f"records {[b.records for b in listed]}")


def test_a_run_of_small_backups_is_pruned_among_itself(db, db_path, clock) -> None:
    _many_records(400)
    for _ in range(3):  # three real backups over three days
        clock.current += dt.timedelta(days=1)
        records.create("community", {"name": "再一个"})
        backup.make_backup(db, db_path, backup.AUTO)
    big = [b.path for b in backup.list_backups(db_path)]
    _lose_and_reinit(db_path)
    _starts_adding_one_record(db_path, clock, 40)
    listed = backup.list_backups(db_path)
    assert set(big) <= {b.path for b in listed}  # every full copy stays
    small = [b for b in listed if b.path not in big]
    assert len(small) <= backup.RETENTION.last + backup.RETENTION.days + 2  # the drops rotate


def test_after_the_clerk_confirms_the_drop_the_old_copies_rotate(db, db_path, clock) -> None:
    _many_records(30)
    backup.make_backup(db, db_path, backup.MANUAL)
    big = backup.list_backups(db_path)[0].path
    _lose_and_reinit(db_path)
    _starts_adding_one_record(db_path, clock, 3)
    assert backup.drop_notice(db_path)
    backup.accept_drop(db_path)
    assert backup.drop_notice(db_path) == ""
    assert backup.newest_good_backup(db_path).records < 30  # the drop is now the good copy
    clock.current += dt.timedelta(days=400)  # long after: the monthly copy is past the policy too
    _starts_adding_one_record(db_path, clock, 12)
    assert big not in [b.path for b in backup.list_backups(db_path)]


def test_the_backup_command_names_the_drop_and_accepts_it(db, db_path, clock, capsys) -> None:
    from lawdesk import cli

    _many_records(30)
    backup.make_backup(db, db_path)
    _lose_and_reinit(db_path)
    _starts_adding_one_record(db_path, clock, 3)
    assert cli.main(["--db", str(db_path), "backup", "--list"]) == 0
    assert "确认数据减少" in capsys.readouterr().out
    assert cli.main(["--db", str(db_path), "backup", "--accept-drop"]) == 0
    assert "已确认" in capsys.readouterr().out
    assert backup.drop_notice(db_path) == ""
