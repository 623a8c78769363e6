"""The audit log: every write leaves one entry (time, user, record, old/new values as JSON) in the
same transaction as the write, and entries can be searched."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lawdesk.errors import ValidationError
from lawdesk.models import AuditLog, model_for
from lawdesk.services import audit, records, settings


def lecturer(**over: object) -> dict[str, object]:
    data: dict[str, object] = {"name": "罗文静", "unit": "司法所", "appointed_on": "2021-03-01"}
    data.update(over)
    return data


def last() -> AuditLog:
    return AuditLog.select().order_by(AuditLog.id.desc()).get()


def entries_count() -> int:
    return AuditLog.select().count()


def test_create_logs_time_user_record_and_new_values(db) -> None:
    before = dt.datetime.now().replace(microsecond=0)
    rec = records.create("lecturer", lecturer(phone="13800000000"))
    after = dt.datetime.now()
    entry = last()
    assert before <= entry.at <= after
    assert entry.user == "测试员"  # set by the db fixture through audit.set_user
    assert entry.action == "新增"
    assert (entry.record_kind, entry.record_id) == ("lecturer", rec.id)
    assert "罗文静" in entry.summary and "普法宣讲员" in entry.summary
    assert entry.old_values is None
    new = json.loads(entry.new_values)
    assert new["name"] == "罗文静"
    assert new["phone"] == "13800000000"
    assert new["appointed_on"] == "2021-03-01"
    assert new["left_on"] is None


def test_user_from_set_user_or_argument(db) -> None:
    audit.set_user("李文书")
    records.create("lecturer", lecturer())
    assert last().user == "李文书"
    records.create("lecturer", lecturer(name="彭志远"), user="王主任")
    assert last().user == "王主任"
    audit.set_user("  ")
    assert audit.current_user()  # falls back to the login name, never empty
    records.create("lecturer", lecturer(name="汪雪梅"))
    assert last().user == audit.current_user()


def test_update_logs_only_changed_values_old_and_new(db) -> None:
    rec = records.create("lecturer", lecturer(title="司法所所长"))
    records.update("lecturer", rec.id, {"title": "司法助理员", "left_on": "2022-06-30"})
    entry = last()
    assert entry.action == "修改"
    assert (entry.record_kind, entry.record_id) == ("lecturer", rec.id)
    assert json.loads(entry.old_values) == {"title": "司法所所长", "left_on": None}
    assert json.loads(entry.new_values) == {"title": "司法助理员", "left_on": "2022-06-30"}


def test_update_of_record_with_bool_and_decimal_fields_is_logged(db) -> None:
    rec = records.create("study", {"date": "2022-01-06", "form": "集中学法", "topic": "宪法", "hours": "1.5"})
    records.update("study", rec.id, {"hours": "2", "is_principal_led": "是"})
    entry = last()
    assert json.loads(entry.old_values) == {"hours": "1.5", "is_principal_led": False}
    assert json.loads(entry.new_values) == {"hours": "2", "is_principal_led": True}


def test_delete_restore_purge_are_logged(db) -> None:
    rec = records.create("lecturer", lecturer())
    records.delete("lecturer", rec.id)
    deleted = last()
    assert deleted.action == "删除"
    assert json.loads(deleted.old_values)["name"] == "罗文静"
    assert deleted.new_values is None

    records.restore("lecturer", rec.id)
    restored = last()
    assert restored.action == "恢复"
    assert restored.old_values is None
    assert json.loads(restored.new_values)["name"] == "罗文静"

    records.delete("lecturer", rec.id)
    records.purge("lecturer", rec.id)
    purged = last()
    assert purged.action == "彻底删除"
    assert (purged.record_kind, purged.record_id) == ("lecturer", rec.id)
    assert json.loads(purged.old_values)["unit"] == "司法所"
    actions = [e.action for e in audit.entries(record_kind="lecturer", record_id=rec.id).rows]
    assert actions == ["彻底删除", "删除", "恢复", "删除", "新增"]


def test_profile_save_is_logged(db) -> None:
    settings.save_profile({"unit_name": "金兰山街道", "doc_prefix": "金文"})
    renamed = last()  # the new 单位简称 renamed the unit, logged after the profile
    assert (renamed.record_kind, renamed.action) == ("unit", "修改") and "金兰山街道" in renamed.summary
    entry = AuditLog.select().where(AuditLog.record_kind == "settings").order_by(AuditLog.id.desc()).get()
    assert entry.action == "修改"
    assert entry.record_kind == "settings"
    assert json.loads(entry.old_values) == {"unit_name": None, "doc_prefix": None}
    assert json.loads(entry.new_values) == {"unit_name": "金兰山街道", "doc_prefix": "金文"}
    n = entries_count()
    settings.save_profile({"unit_name": "金兰山街道"})  # nothing changed
    assert entries_count() == n
    settings.save_profile({"doc_prefix": "金办"})
    assert json.loads(last().old_values) == {"doc_prefix": "金文"}


def test_narrative_save_and_reset_are_logged(db) -> None:
    settings.save_narrative(2022, "一、第一责任人职责", "全年召开{leadership_meetings}次会议。")
    entry = last()
    assert entry.record_id == 2022
    assert json.loads(entry.old_values) == {"text": None}
    assert json.loads(entry.new_values) == {"text": "全年召开{leadership_meetings}次会议。"}
    settings.save_narrative(2022, "一、第一责任人职责", "改写。")
    assert json.loads(last().old_values) == {"text": "全年召开{leadership_meetings}次会议。"}
    n = entries_count()
    settings.save_narrative(2022, "一、第一责任人职责", "改写。")
    assert entries_count() == n
    settings.reset_narrative(2022, "一、第一责任人职责")
    assert last().action == "恢复默认"
    assert json.loads(last().old_values) == {"text": "改写。"}


def test_invalid_write_leaves_no_entry(db) -> None:
    rec = records.create("lecturer", lecturer())
    n = entries_count()
    with pytest.raises(ValidationError):
        records.create("lecturer", lecturer(unit="外星"))
    with pytest.raises(ValidationError):
        records.update("lecturer", rec.id, {"left_on": "2000-01-01"})
    with pytest.raises(ValidationError):
        settings.save_profile({"next_doc_number": "abc"})
    assert entries_count() == n


class Boom(RuntimeError):
    pass


def test_entry_and_write_share_one_transaction(db, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the write fails after its audit entry was added, both are rolled back (and vice versa)."""
    rec = records.create("lecturer", lecturer())
    n = entries_count()
    real_log = audit.log

    def log_then_fail(*args, **kwargs):
        real_log(*args, **kwargs)
        raise Boom

    monkeypatch.setattr(audit, "log", log_then_fail)
    model = model_for("lecturer")
    with pytest.raises(Boom):
        records.create("lecturer", lecturer(name="彭志远"))
    with pytest.raises(Boom):
        records.update("lecturer", rec.id, {"title": "所长"})
    with pytest.raises(Boom):
        records.delete("lecturer", rec.id)
    with pytest.raises(Boom):
        settings.save_profile({"unit_name": "金兰山街道"})
    with pytest.raises(Boom):
        settings.save_narrative(2022, "一", "文字")
    assert entries_count() == n
    assert model.select().count() == 1
    kept = records.get("lecturer", rec.id)
    assert kept.title is None and kept.deleted_at is None
    assert settings.profile_values()["unit_name"] is None
    assert settings.narrative(2022, "一") is None

    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(audit, "log", fail)
    with pytest.raises(Boom):
        records.create("lecturer", lecturer(name="汪雪梅"))
    assert model.select().count() == 1  # no record without its entry


def test_search_entries(db) -> None:
    a = records.create("lecturer", lecturer())
    records.create("lecturer", lecturer(name="彭志远", unit="综治中心"), user="王主任")
    records.update("lecturer", a.id, {"phone": "13912345678"})
    assert audit.entries().total == 3
    assert [e.record_id for e in audit.entries("罗文静").rows] == [a.id, a.id]  # summary
    assert audit.entries("王主任").total == 1  # user
    assert audit.entries("综治中心").total == 1  # values
    assert audit.entries("13912345678").rows[0].action == "修改"
    assert audit.entries("罗文静 修改").total == 1  # words AND
    assert audit.entries("不存在的词").total == 0
    page = audit.entries(page=2, page_size=2)
    assert page.total == 3 and len(page.rows) == 1
    newest_first = [e.id for e in audit.entries().rows]
    assert newest_first == sorted(newest_first, reverse=True)
