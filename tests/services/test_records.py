"""Writing and finding records: create/update/delete/restore/purge, lists, the 回收站, evidence files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lawdesk import paths
from lawdesk.errors import NotFoundError, ValidationError
from lawdesk.models import Attachment, AuditLog, model_for
from lawdesk.services import attachments, records
from lawdesk.services.period import Period
from lawdesk.services.records import ListQuery
from tests.builders import dispute_data as dispute


def meeting(**over: object) -> dict[str, object]:
    data: dict[str, object] = {"date": "2022-03-15", "kind": "法治建设专题会议", "title": "专题研究法治工作"}
    data.update(over)
    return data




def row_count(kind: str) -> int:
    return model_for(kind).select().count()


# ---------------------------------------------------------------------------------------------
# Writes


def test_create_stores_clean_values(db) -> None:
    community = records.create("community", {"name": "龙潭社区"})
    rec = records.create(
        "meeting",
        meeting(date="2022年3月15日", participants="35", community="龙潭社区", is_principal_led="是"),
    )
    stored = records.get("meeting", rec.id)
    assert stored.date == dt.date(2022, 3, 15)
    assert stored.participants == 35
    assert stored.community_id == community.id
    assert stored.is_principal_led is True
    assert stored.on_rule_of_law is True  # default of the description
    assert stored.deleted_at is None
    assert stored.created_at is not None


def test_invalid_create_saves_nothing(db) -> None:
    records.create("meeting", meeting())
    rows, entries = row_count("meeting"), AuditLog.select().count()
    with pytest.raises(ValidationError):
        records.create("meeting", meeting(kind="茶话会"))
    with pytest.raises(ValidationError):
        records.create("dispute", dispute(status="受理"))
    assert row_count("meeting") == rows
    assert row_count("dispute") == 0
    assert AuditLog.select().count() == entries


def test_update_one_field_keeps_the_others(db) -> None:
    rec = records.create("meeting", meeting(chair="张健平", participants=30, location="三楼会议室"))
    updated = records.update("meeting", rec.id, {"participants": "42"})
    assert updated.participants == 42
    assert updated.chair == "张健平"
    assert updated.location == "三楼会议室"
    assert updated.title == "专题研究法治工作"
    assert updated.date == dt.date(2022, 3, 15)


def test_update_rechecks_cross_rules(db) -> None:
    rec = records.create("dispute", dispute())
    with pytest.raises(ValidationError) as info:
        records.update("dispute", rec.id, {"status": "调解中"})
    assert set(info.value.errors) == {"closed_date"}
    with pytest.raises(ValidationError):
        records.update("dispute", rec.id, {"closed_date": "2022-02-01"})
    stored = records.get("dispute", rec.id)
    assert stored.status == "调解成功"
    assert stored.closed_date == dt.date(2022, 3, 5)
    # changing both together is fine
    ok = records.update("dispute", rec.id, {"status": "调解中", "closed_date": ""})
    assert ok.status == "调解中" and ok.closed_date is None


def test_invalid_update_saves_nothing(db) -> None:
    rec = records.create("meeting", meeting())
    entries = AuditLog.select().count()
    with pytest.raises(ValidationError):
        records.update("meeting", rec.id, {"title": "新名称", "participants": "abc"})
    assert records.get("meeting", rec.id).title == "专题研究法治工作"
    assert AuditLog.select().count() == entries


def test_update_without_change_writes_nothing(db) -> None:
    rec = records.create("meeting", meeting(participants=30))
    entries = AuditLog.select().count()
    records.update("meeting", rec.id, {"participants": "30", "title": " 专题研究法治工作 "})
    assert AuditLog.select().count() == entries


def test_soft_delete_restore_purge(db) -> None:
    rec = records.create("meeting", meeting())
    records.delete("meeting", rec.id)
    with pytest.raises(NotFoundError):
        records.get("meeting", rec.id)
    assert records.get("meeting", rec.id, include_deleted=True).deleted_at is not None
    assert row_count("meeting") == 1  # still in the table
    with pytest.raises(NotFoundError):
        records.update("meeting", rec.id, {"title": "x"})
    with pytest.raises(NotFoundError):
        records.delete("meeting", rec.id)

    restored = records.restore("meeting", rec.id)
    assert restored.deleted_at is None
    assert records.get("meeting", rec.id).title == "专题研究法治工作"

    with pytest.raises(ValidationError):
        records.purge("meeting", rec.id)  # only records in the 回收站
    assert row_count("meeting") == 1

    records.delete("meeting", rec.id)
    records.purge("meeting", rec.id)
    assert row_count("meeting") == 0
    with pytest.raises(NotFoundError):
        records.get("meeting", rec.id, include_deleted=True)


def test_not_found_message_is_chinese(db) -> None:
    with pytest.raises(NotFoundError) as info:
        records.get("meeting", 12345)
    assert "会议" in info.value.message and "12345" in info.value.message


def test_purging_a_referenced_community_clears_the_reference(db) -> None:
    community = records.create("community", {"name": "龙潭社区"})
    rec = records.create("meeting", meeting(community=community.id))
    records.delete("community", community.id)
    records.purge("community", community.id)
    assert records.get("meeting", rec.id).community_id is None


# ---------------------------------------------------------------------------------------------
# Lists


@pytest.fixture
def listing(db):
    """Twelve meetings across 2021–2023 in two communities, plus one deleted."""
    a = records.create("community", {"name": "龙潭社区"})
    b = records.create("community", {"name": "桂花社区"})
    specs = [
        ("2021-05-10", "党工委班子会", "民法典学习部署", "张健平", a),
        ("2021-11-02", "部署会", "安全生产部署", "余志强", b),
        ("2022-01-15", "法治建设专题会议", "法治政府建设专题会议", "张健平", a),
        ("2022-02-20", "法治建设推进会", "法治建设推进会", "余志强", a),
        ("2022-03-08", "警示教育大会", "警示教育大会", "陈立新", b),
        ("2022-04-18", "部署会", "普法宣传部署", "张健平", b),
        ("2022-06-30", "法治建设专题会议", "民法典宣传月专题部署", "张健平", a),
        ("2022-09-09", "党工委班子会", "研究信访维稳", "余志强", None),
        ("2022-12-31", "述法会", "年终述法", "张健平", a),
        ("2023-01-01", "部署会", "新年法治工作部署", "余志强", b),
        ("2023-03-03", "法治建设专题会议", "民法典专题学习", "周海燕", a),
        ("2023-07-07", "其他会议", "其他事项", "刘德明", None),
    ]
    ids = {}
    for day, kind, title, chair, community in specs:
        rec = records.create(
            "meeting",
            meeting(date=day, kind=kind, title=title, leader=chair, community=community.id if community else None),
        )
        ids[title] = rec.id
    gone = records.create("meeting", meeting(date="2022-05-05", title="已删除的民法典会议", community=a.id))
    records.delete("meeting", gone.id)
    return {"a": a, "b": b, "ids": ids, "deleted": gone.id}


def titles(page: records.Page) -> list[str]:
    return [r["title"] for r in page.rows]


def test_default_list_newest_first_without_deleted(listing) -> None:
    page = records.list_records("meeting")
    assert page.total == 12
    assert listing["deleted"] not in [r["id"] for r in page.rows]
    dates = [r["date"] for r in page.rows]
    assert dates == sorted(dates, reverse=True)


def test_search_single_word_across_search_fields(listing) -> None:
    assert sorted(titles(records.list_records("meeting", ListQuery(search="民法典")))) == sorted(
        ["民法典学习部署", "民法典宣传月专题部署", "民法典专题学习"]
    )
    # "leader" is a search field: 周海燕 appears only there
    assert titles(records.list_records("meeting", ListQuery(search="周海燕"))) == ["民法典专题学习"]


def test_search_multiple_words_are_and(listing) -> None:
    page = records.list_records("meeting", ListQuery(search="民法典 张健平"))
    assert sorted(titles(page)) == sorted(["民法典学习部署", "民法典宣传月专题部署"])
    # full-width space separates words too
    page = records.list_records("meeting", ListQuery(search="民法典\u3000专题"))
    assert sorted(titles(page)) == sorted(["民法典宣传月专题部署", "民法典专题学习"])
    assert records.list_records("meeting", ListQuery(search="民法典 不存在")).total == 0


def test_search_wildcards_are_literal(db) -> None:
    records.create("meeting", meeting(title="完成率100%"))
    records.create("meeting", meeting(title="完成率1000"))
    assert titles(records.list_records("meeting", ListQuery(search="100%"))) == ["完成率100%"]
    assert records.list_records("meeting", ListQuery(search="_")).total == 0


def test_period_filter_is_inclusive(listing) -> None:
    page = records.list_records("meeting", ListQuery(period=Period.year(2022)))
    assert page.total == 7
    assert all(r["date"].year == 2022 for r in page.rows)
    custom = Period(dt.date(2022, 12, 31), dt.date(2023, 1, 1))
    assert sorted(titles(records.list_records("meeting", ListQuery(period=custom)))) == ["年终述法", "新年法治工作部署"]


def test_community_and_equals_filters(listing) -> None:
    a = listing["a"].id
    page = records.list_records("meeting", ListQuery(community_id=a))
    assert page.total == 6
    assert {r["community"] for r in page.rows} == {a}
    page = records.list_records("meeting", ListQuery(community_id=a, equals={"kind": "法治建设专题会议"}))
    assert sorted(titles(page)) == sorted(["法治政府建设专题会议", "民法典宣传月专题部署", "民法典专题学习"])
    page = records.list_records(
        "meeting",
        ListQuery(community_id=a, equals={"kind": "法治建设专题会议"}, period=Period.year(2022), search="民法典"),
    )
    assert titles(page) == ["民法典宣传月专题部署"]
    with pytest.raises(KeyError):
        records.list_records("meeting", ListQuery(equals={"no_such_field": 1}))


def test_rows_carry_reference_names(listing) -> None:
    rows = records.list_records("meeting", ListQuery(page_size=100)).rows
    by_title = {r["title"]: r for r in rows}
    assert by_title["民法典学习部署"]["community_name"] == "龙潭社区"
    assert by_title["安全生产部署"]["community_name"] == "桂花社区"
    assert by_title["其他事项"]["community_name"] is None


def test_lecture_rows_name_lecturer_and_community(db) -> None:
    lecturer = records.create("lecturer", {"name": "罗文静", "unit": "司法所", "appointed_on": "2020-01-01"})
    community = records.create("community", {"name": "河畔社区"})
    records.create(
        "lecture",
        {"date": "2022-12-04", "topic": "宪法宣传", "venue_type": "进社区", "lecturer": lecturer.id,
         "community": "河畔社区"},
    )  # fmt: skip
    row = records.list_records("lecture").rows[0]
    assert row["lecturer_name"] == "罗文静"
    assert row["community_name"] == "河畔社区"
    assert row["lecturer"] == lecturer.id and row["community"] == community.id


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("sort", ["date", "title", "kind", "leader", "id"])
def test_sorting_each_direction(listing, sort: str, descending: bool) -> None:
    page = records.list_records("meeting", ListQuery(sort=sort, descending=descending, page_size=100))
    keys = [(r[sort] if r[sort] is not None else "", r["id"]) for r in page.rows]
    # SQLite sorts NULL first ascending; compare only the non-null values' order
    non_null = [k for k in keys if k[0] != ""]
    assert non_null == sorted(non_null, reverse=descending)
    assert len(page.rows) == 12


def test_unknown_sort_falls_back_to_date(listing) -> None:
    page = records.list_records("meeting", ListQuery(sort="remarks; DROP TABLE meeting", page_size=100))
    dates = [r["date"] for r in page.rows]
    assert dates == sorted(dates, reverse=True)


def test_paging(listing) -> None:
    pages = [records.list_records("meeting", ListQuery(page=n, page_size=5)) for n in (1, 2, 3)]
    assert all(p.total == 12 and p.pages == 3 for p in pages)
    assert [len(p.rows) for p in pages] == [5, 5, 2]
    ids = [[r["id"] for r in p.rows] for p in pages]
    flat = [i for chunk in ids for i in chunk]
    assert len(set(flat)) == 12  # disjoint and complete
    assert set(flat) == set(listing["ids"].values())
    beyond = records.list_records("meeting", ListQuery(page=4, page_size=5))
    assert beyond.rows == [] and beyond.total == 12
    assert records.list_records("meeting", ListQuery(page=0, page_size=5)).rows == pages[0].rows


def test_empty_list_has_one_page(db) -> None:
    page = records.list_records("meeting")
    assert page.total == 0 and page.pages == 1 and page.rows == []


def test_deleted_list(listing) -> None:
    page = records.list_records("meeting", ListQuery(deleted=True))
    assert [r["id"] for r in page.rows] == [listing["deleted"]]
    assert records.count("meeting", ListQuery(deleted=True, search="民法典")) == 1
    assert records.count("meeting") == 12


def test_recycle_bin(listing) -> None:
    records.delete("meeting", listing["ids"]["年终述法"])
    records.delete("community", listing["b"].id)
    bin_ = records.recycle_bin()
    assert {(e.kind, e.record_id) for e in bin_} == {
        ("meeting", listing["deleted"]),
        ("meeting", listing["ids"]["年终述法"]),
        ("community", listing["b"].id),
    }
    assert [e.deleted_at for e in bin_] == sorted((e.deleted_at for e in bin_), reverse=True)
    by_id = {(e.kind, e.record_id): e for e in bin_}
    assert by_id[("meeting", listing["ids"]["年终述法"])].title == "2022-12-31 年终述法"
    assert by_id[("community", listing["b"].id)].label == "社区与阵地"
    assert [e.record_id for e in records.recycle_bin("述法")] == [listing["ids"]["年终述法"]]
    records.restore("meeting", listing["ids"]["年终述法"])
    assert len(records.recycle_bin()) == 2


def test_choices_for_ref_lists_live_records(listing) -> None:
    records.delete("community", listing["b"].id)
    assert records.choices_for_ref("community") == [(listing["a"].id, "龙潭社区")]


# ---------------------------------------------------------------------------------------------
# Evidence files


def test_attachments_add_list_remove(db, db_path: Path, tmp_path: Path) -> None:
    rec = records.create("meeting", meeting())
    src = tmp_path / "签到表.jpg"
    src.write_bytes(b"photo-bytes" * 100)
    att = attachments.add("meeting", rec.id, src, "签到表")
    stored = attachments.path_of(att)
    assert stored.is_file()
    assert stored.read_bytes() == src.read_bytes()
    assert paths.attachments_dir(db_path) in stored.parents
    assert att.original_name == "签到表.jpg" and att.size == src.stat().st_size
    src.unlink()  # the copy is independent of the original
    assert stored.is_file()

    second = tmp_path / "纪要.docx"
    second.write_bytes(b"minutes")
    att2 = attachments.add("meeting", rec.id, second, "会议纪要")
    assert [a.id for a in attachments.list_for("meeting", rec.id)] == [att.id, att2.id]

    attachments.remove(att.id)
    assert not stored.exists()
    assert [a.id for a in attachments.list_for("meeting", rec.id)] == [att2.id]


def test_attachment_rejections(db, tmp_path: Path) -> None:
    rec = records.create("meeting", meeting())
    src = tmp_path / "a.txt"
    src.write_text("x", encoding="utf-8")
    with pytest.raises(attachments.LawdeskError) as info:
        attachments.add("meeting", rec.id, tmp_path / "missing.jpg")
    assert "找不到文件" in info.value.message
    with pytest.raises(attachments.LawdeskError):
        attachments.add("meeting", rec.id, src, "自拍")
    with pytest.raises(NotFoundError):
        attachments.add("meeting", rec.id + 100, src)
    assert Attachment.select().count() == 0


@pytest.mark.sqlite_only  # evidence files live beside an SQLite file
def test_attachments_removed_on_purge(db, tmp_path: Path) -> None:
    rec = records.create("meeting", meeting())
    keep = records.create("meeting", meeting(title="另一个会议"))
    src = tmp_path / "照片.png"
    src.write_bytes(b"png")
    files = [attachments.path_of(attachments.add("meeting", rec.id, src, "照片")) for _ in range(2)]
    other = attachments.path_of(attachments.add("meeting", keep.id, src, "照片"))
    records.delete("meeting", rec.id)
    assert all(f.is_file() for f in files)  # soft delete keeps the evidence
    records.purge("meeting", rec.id)
    assert not any(f.exists() for f in files)
    assert attachments.list_for("meeting", rec.id) == []
    assert other.is_file()
    assert len(attachments.list_for("meeting", keep.id)) == 1
