"""Purge order, ids never reused, personal data (redaction, masking, public outputs), where data lives."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk import paths
from lawdesk.errors import LawdeskError
from lawdesk.models import AuditLog, Dispute
from lawdesk.services import attachments, audit, records
from tests.builders import dispute_data

ID_NUMBER = "110101199003071234"
PHONE = "13812345678"
PARTIES = "张三丰、李四光"


def personal_dispute():
    rec = records.create("dispute", dispute_data(
        parties_names=PARTIES, party_id_number=ID_NUMBER, party_phone=PHONE, summary="张三丰与李四光漏水纠纷"))
    records.update("dispute", rec.id, {"party_phone": "13987654321", "mediator": "王调解"})
    records.delete("dispute", rec.id)
    return rec


def audit_text() -> str:
    rows = AuditLog.select()
    return "\n".join(f"{r.summary} {r.old_values} {r.new_values}" for r in rows)


# ---------------------------------------------------------------------------------------------
# Ids


def test_purging_the_highest_id_does_not_free_it(db) -> None:
    first = records.create("community", {"name": "龙潭社区"})
    top = records.create("community", {"name": "金兰社区"})
    records.delete("community", top.id)
    records.purge("community", top.id)
    after = records.create("community", {"name": "新社区"})
    assert after.id == top.id + 1 > first.id
    assert audit.entries(record_kind="community", record_id=after.id).total == 1  # no inherited history


def test_every_table_uses_autoincrement_on_sqlite(db) -> None:
    rows = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    missing = [name for name, sql in rows if name != dbmod.HISTORY_TABLE and "AUTOINCREMENT" not in sql.upper()]
    assert missing == []


def test_upgrading_keeps_ids_freed_before_the_upgrade_unused(tmp_path: Path) -> None:
    """A database of 0002 whose highest community (id 5) was purged: 0003 starts after 5."""
    from peewee import SqliteDatabase

    path = tmp_path / "old.db"
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    dbmod.migration_runner(old).up("0002_unit_profile_operator")
    stamp = "'2022-01-01 00:00:00'"
    old.execute_sql(f"INSERT INTO community (id, name, created_at, updated_at) VALUES (3, '龙潭社区', {stamp}, {stamp})")
    old.execute_sql(f"INSERT INTO meeting (date, kind, title, community_id, on_rule_of_law, is_principal_led, "
                    f"created_at, updated_at) VALUES ('2022-02-01', '部署会', '部署', 3, 1, 0, {stamp}, {stamp})")
    old.execute_sql(f"INSERT INTO audit_log (at, user, action, record_kind, record_id, summary) "
                    f"VALUES ({stamp}, '甲', '彻底删除', 'community', 5, '彻底删除社区：旧社区')")
    old.close()
    dbmod.open_database(path)
    try:
        assert records.create("community", {"name": "新社区"}).id == 6
        meeting = records.list_records("meeting").rows[0]
        assert meeting["community"] == 3  # references survived the table rebuild
        assert dbmod.database.obj.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        dbmod.close_database()


# ---------------------------------------------------------------------------------------------
# Purge order


def test_purge_deletes_the_files_after_the_commit_and_leaves_no_orphan(db, tmp_path: Path) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    source = tmp_path / "照片.jpg"
    source.write_bytes(b"photo")
    att = attachments.add("community", rec.id, source, "照片")
    folder = attachments.record_folder("community", rec.id)
    records.delete("community", rec.id)
    result = records.purge("community", rec.id)
    assert result.pending_files == [] and result.message == "已彻底删除。"
    assert not attachments.path_of(att).exists()
    assert not folder.exists()
    assert not any(p.is_file() for p in attachments.pending_dir(dbmod.current_path()).rglob("*"))


def test_a_failed_commit_puts_the_files_back(db, tmp_path: Path, monkeypatch) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    source = tmp_path / "照片.jpg"
    source.write_bytes(b"photo")
    att = attachments.add("community", rec.id, source, "照片")
    records.delete("community", rec.id)

    def broken_log(*_a, **_k):
        raise RuntimeError("disk I/O error")

    real_move = attachments.move_aside

    def move_then_fail(kind, record_id):
        moved = real_move(kind, record_id)
        assert not attachments.path_of(att).exists()  # really moved aside
        monkeypatch.setattr(dbmod.database.obj, "commit", broken_log)
        return moved

    monkeypatch.setattr(attachments, "move_aside", move_then_fail)
    with pytest.raises(RuntimeError):
        records.purge("community", rec.id)
    monkeypatch.undo()
    assert attachments.path_of(att).read_bytes() == b"photo"
    assert records.get("community", rec.id, include_deleted=True).deleted_at is not None


def test_a_file_that_cannot_be_moved_stops_the_purge(db, tmp_path: Path, monkeypatch) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / name).write_bytes(name.encode())
        attachments.add("community", rec.id, tmp_path / name, "照片")
    records.delete("community", rec.id)
    real_replace = os.replace
    calls = []

    def locked(src, dst):
        calls.append(src)
        if len(calls) == 2:
            raise PermissionError(13, "文件正在使用")
        return real_replace(src, dst)

    monkeypatch.setattr(attachments.os, "replace", locked)
    with pytest.raises(LawdeskError) as info:
        records.purge("community", rec.id)
    monkeypatch.undo()
    assert "记录没有删除" in info.value.message
    assert records.get("community", rec.id, include_deleted=True)  # not half-purged
    assert all(attachments.path_of(a).exists() for a in attachments.list_for("community", rec.id))


def test_an_undeletable_file_is_retried_later_and_the_clerk_told(db, db_path: Path, tmp_path, monkeypatch) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    (tmp_path / "open.jpg").write_bytes(b"open in a viewer")
    att = attachments.add("community", rec.id, tmp_path / "open.jpg", "照片")
    records.delete("community", rec.id)
    real_unlink = Path.unlink

    def locked(self, missing_ok=False):
        if self.name.endswith("open.jpg"):
            raise PermissionError(13, "文件正在使用")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    result = records.purge("community", rec.id)
    assert len(result.pending_files) == 1 and "下次打开时会再次删除" in result.message
    assert not attachments.path_of(att).exists()  # not an orphan under the record
    assert attachments.retry_pending_deletes(db_path) == result.pending_files  # still locked
    monkeypatch.undo()
    dbmod.close_database()
    dbmod.open_database(db_path)  # the next open retries
    assert not result.pending_files[0].exists()


# ---------------------------------------------------------------------------------------------
# Personal data


def test_purge_redacts_personal_data_from_the_audit_log(db) -> None:
    rec = personal_dispute()
    before = audit.entries(record_kind="dispute", record_id=rec.id)
    assert ID_NUMBER in audit_text() and "张三丰" in audit_text()
    records.purge("dispute", rec.id)
    text = audit_text()
    for secret in (ID_NUMBER, PHONE, "13987654321", "张三丰", "李四光"):
        assert secret not in text, secret
        assert audit.entries(secret).total == 0
    after = audit.entries(record_kind="dispute", record_id=rec.id)
    assert after.total == before.total + 1
    kept = {(r.user, r.action, r.at) for r in after.rows}
    assert {(r.user, r.action, r.at) for r in before.rows} <= kept  # who, when, what kind stay
    assert "王调解" in text  # not personal: kept
    purge_entry = after.rows[0]
    assert json.loads(purge_entry.old_values)["party_id_number"] == audit.REDACTED


def test_purged_personal_data_is_not_left_in_the_file(db, db_path: Path) -> None:
    rec = personal_dispute()
    records.purge("dispute", rec.id)
    dbmod.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dbmod.close_database()
    raw = b"".join(Path(f"{db_path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{db_path}{s}").exists())
    assert ID_NUMBER.encode() not in raw
    assert "张三丰".encode() not in raw
    dbmod.open_database(db_path)


def test_personal_fields_are_marked_in_the_description() -> None:
    from lawdesk.schema import spec_for

    personal = {f.label for f in spec_for("dispute").all_fields if f.personal}
    assert personal == {"当事人", "身份证号", "联系电话"}
    assert {c.name for c in Dispute._meta.sorted_fields} >= {"party_id_number", "party_phone"}


@pytest.mark.parametrize(("text", "masked"), [
    (f"身份证 {ID_NUMBER} 电话 {PHONE}", "身份证 110101********1234 电话 138****5678"),
    ("11010119900307123X", "110101********123X"),
    ("座机 0571-88886666", "座机 0571-****6666"),
    ("工单号 2022031500012345 日期 2022-03-15", "工单号 2022031500012345 日期 2022-03-15"),
    ("", ""),
])
def test_the_audit_page_masks_phone_and_id_numbers(text: str, masked: str) -> None:
    assert audit.mask_text(text) == masked


def test_mask_value_masks_an_unusual_phone_in_a_personal_field() -> None:
    assert audit.mask_value("dispute", "party_phone", "+86 555 1234 999") != "+86 555 1234 999"
    assert audit.mask_value("dispute", "mediator", "王调解") == "王调解"


def test_reports_never_contain_personal_data(demo_db, tmp_path: Path) -> None:
    from docx import Document

    from lawdesk.services import annual_report
    from lawdesk.services.period import Period

    records.create("dispute", dispute_data(parties_names=PARTIES, party_id_number=ID_NUMBER, party_phone=PHONE))
    for public in (False, True):
        out = tmp_path / f"报告-{public}.docx"
        annual_report.export_report(Period.year(2022), out, public=public)
        doc = Document(str(out))
        text = "\n".join(p.text for p in doc.paragraphs)
        text += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
        for secret in (ID_NUMBER, PHONE, "张三丰"):
            assert secret not in text


# ---------------------------------------------------------------------------------------------
# Where data lives


def test_data_lives_beside_the_program_when_that_folder_is_writable(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    monkeypatch.setattr(paths, "app_root", lambda: tmp_path)
    assert paths.default_db_path() == tmp_path / paths.DEFAULT_DB_NAME
    assert "程序所在文件夹" in paths.location_text(paths.default_db_path())


def test_data_lives_in_the_user_folder_when_the_program_folder_is_read_only(monkeypatch, tmp_path: Path) -> None:
    program = tmp_path / "Program Files" / "lawdesk"
    program.mkdir(parents=True)
    user = tmp_path / "user-data" / paths.APP_DIR_NAME  # as platformdirs names it
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    monkeypatch.setattr(paths, "app_root", lambda: program)
    monkeypatch.setattr(paths, "folder_is_writable", lambda folder: folder != program)
    monkeypatch.setattr(paths, "user_data_folder", lambda: user)
    assert paths.default_db_path() == user / paths.DEFAULT_DB_NAME
    assert user.is_dir()
    assert "用户数据文件夹" in paths.location_text(paths.default_db_path())


def test_an_existing_database_beside_the_program_is_used_even_if_read_only(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / paths.DEFAULT_DB_NAME).write_bytes(b"")
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    monkeypatch.setattr(paths, "app_root", lambda: tmp_path)
    monkeypatch.setattr(paths, "folder_is_writable", lambda folder: False)
    assert paths.default_db_path() == tmp_path / paths.DEFAULT_DB_NAME


def test_folder_is_writable_really_tries(tmp_path: Path) -> None:
    assert paths.folder_is_writable(tmp_path)
    assert not paths.folder_is_writable(tmp_path / "missing")
    assert list(tmp_path.iterdir()) == []  # the probe leaves nothing behind


def test_opening_a_foreign_sqlite_file_writes_nothing_to_it(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x)")
    con.execute("INSERT INTO notes VALUES ('keep')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(dbmod.DatabaseFileError) as info:
        dbmod.open_database(path)
    assert "其他程序的数据库" in info.value.message
    assert path.read_bytes() == before  # still journal_mode=delete: bytes 18-19 are 1, not WAL's 2
    assert not Path(f"{path}-wal").exists()


def test_a_database_from_a_newer_version_is_refused_before_any_write(db, db_path: Path) -> None:
    records.create("community", {"name": "龙潭社区"})
    db.execute_sql(f"INSERT INTO {dbmod.HISTORY_TABLE} (name, applied) VALUES ('0099_future', '2030-01-01')")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dbmod.close_database()
    before = db_path.read_bytes()
    with pytest.raises(dbmod.DatabaseTooNewError) as info:
        dbmod.open_database(db_path)
    assert "请升级程序" in info.value.message
    assert db_path.read_bytes() == before
    from lawdesk.services import backup

    assert backup.list_backups(db_path) == []  # not even an automatic backup



def test_a_purge_killed_before_its_commit_gets_its_files_back_on_the_next_open(db, db_path: Path, tmp_path) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    (tmp_path / "证据.jpg").write_bytes(b"evidence")
    att = attachments.add("community", rec.id, tmp_path / "证据.jpg", "照片")
    records.delete("community", rec.id)
    attachments.move_aside("community", rec.id)  # moved aside, then the process died: no commit
    assert not attachments.path_of(att).exists()
    dbmod.close_database()
    dbmod.open_database(db_path)
    assert attachments.path_of(att).read_bytes() == b"evidence"  # put back, not deleted
    assert not any(p.is_file() for p in attachments.pending_dir(db_path).rglob("*"))


def test_a_file_elsewhere_is_placed_without_asking_platformdirs(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(paths, "app_root", lambda: tmp_path / "program")
    monkeypatch.setattr(paths, "user_data_folder", lambda: pytest.fail("asked for the user folder"))
    assert paths.short_location(tmp_path / "台账" / "lawdesk.db").startswith("数据库：")
    assert "指定的位置" in paths.location_text(tmp_path / "台账" / "lawdesk.db")


def test_purged_personal_data_is_gone_from_the_file_and_wal_while_the_program_runs(db, db_path: Path) -> None:
    rec = personal_dispute()
    records.create("community", {"name": "别的记录"})  # more writes after it, all still in the WAL
    wal = Path(f"{db_path}-wal")
    assert ID_NUMBER.encode() in wal.read_bytes() + db_path.read_bytes()  # the test can see it
    records.purge("dispute", rec.id)
    raw = db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")  # still open
    for secret in (ID_NUMBER, PHONE, "13987654321", "张三丰", "李四光"):
        assert secret.encode() not in raw, secret
    assert records.list_records("community").total == 1  # the rest is all there


def test_a_reader_in_another_window_does_not_stop_the_purge(db, db_path: Path) -> None:
    rec = personal_dispute()
    other = sqlite3.connect(db_path)
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM dispute").fetchone()  # another window is reading
    try:
        result = records.purge("dispute", rec.id)
    finally:
        other.rollback()
        other.close()
    assert result.message == "已彻底删除。"
    assert dbmod.flush_deleted()  # the reader gone, the log empties
    raw = db_path.read_bytes() + Path(f"{db_path}-wal").read_bytes()
    assert ID_NUMBER.encode() not in raw
