"""Offline packages (.ldpkg): an office's year exported from its database and imported into a
separate county database — the same figures there, idempotent, newer wins, deletions travel,
personal data stays home by default, and a damaged or foreign package changes nothing.

Each test runs on SQLite and (with LAWDESK_TEST_PG) on PostgreSQL: the office is a copy of the
demo database (``demo_db``), the county a second, fresh database of the same engine. The models
are bound to one database at a time, so a test switches with ``Pair.office()``/``Pair.county()``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lawdesk import __version__, cli
from lawdesk import db as dbmod
from lawdesk.models import (
    ALL_MODELS,
    RECORD_MODELS,
    Attachment,
    AuditLog,
    ReportNarrative,
    Setting,
    Unit,
    UnitProfile,
)
from lawdesk.services import (
    attachments,
    county,
    packages,
    records,
    settings,
    stats,
    submissions,
    tombstones,
    units,
)
from lawdesk.services.packages import PackageError
from lawdesk.services.period import Period
from tests.conftest import name_the_office

YEAR = Period.year(2022)
OFFICE_NAME = "金兰山街道"


@dataclass
class Pair:
    """The office's database (the demo data) and the county's (fresh), one open at a time."""

    office_target: Path | str
    county_target: Path | str
    tmp: Path
    office_uuid: str = ""

    def office(self) -> None:
        dbmod.close_database()
        dbmod.open_database(self.office_target, backup=False)

    def county(self) -> None:
        """The county's database, set up as ``county init`` does the first time."""
        dbmod.close_database()
        dbmod.open_database(self.county_target, create=True, backup=False)
        if not units.has_units():
            county.ensure_county_unit("新县")

    def export(self, name: str = "a.ldpkg", **kwargs) -> Path:
        self.office()
        return packages.export_package(YEAR, self.tmp / name, **kwargs)

    def office_unit(self) -> Unit:
        return Unit.get(Unit.uuid == self.office_uuid)


@pytest.fixture
def pair(demo_db, engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pair]:
    office_target = dbmod.current_target()
    own = units.current_unit()
    Unit.update(name=OFFICE_NAME, code="jinlanshan").where(Unit.id == own.id).execute()
    if engine == "postgres":
        server = request.getfixturevalue("pg_server")
        name = server.create(request.getfixturevalue("_pg_migrated"))
        result = Pair(office_target, server.url(name), tmp_path, own.uuid)
        yield result
        dbmod.close_database()
        server.drop(name)
    else:
        yield Pair(office_target, tmp_path / "county.db", tmp_path, own.uuid)


def _row_counts() -> dict[str, int]:
    return {model._meta.table_name: model.select().count() for model in ALL_MODELS}  # noqa: SLF001


def _figures(unit: units.UnitRef = None) -> tuple[dict, dict]:
    figures = stats.compute(YEAR, unit)
    return figures.values, figures.lists


def _rewrite(source: Path, target: Path, *, drop: str = "", change: dict[str, bytes] | None = None) -> Path:
    """A copy of the zip ``source`` without member ``drop`` and with ``change``d members."""
    change = change or {}
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == drop:
                continue
            zout.writestr(info.filename, change.get(info.filename, zin.read(info.filename)))
    return target


def _member(path: Path, name: str) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(name))


# --------------------------------------------------------------------------------------------
# Round trip


def test_an_offices_year_gives_the_same_figures_at_the_county(pair: Pair) -> None:
    patrol = RECORD_MODELS["patrol"]
    deleted = patrol.select().where(patrol.date.between(YEAR.start, YEAR.end)).order_by(patrol.id).first()
    records.delete("patrol", deleted.id)  # in the 回收站 when exported: arrives deleted
    settings.save_narrative(2022, "preamble", "今年{unit_name}依法治理工作稳步推进。")
    settings.put("report_suggestions_2022", ["s1"])
    office_values, office_lists = _figures()
    path = pair.export()

    pair.county()
    before = Unit.select().count()
    result = packages.import_package(path, user="县司法局")
    assert result.unit_created and Unit.select().count() == before + 1
    unit = Unit.get(Unit.uuid == pair.office_uuid)
    assert (unit.name, unit.kind, unit.code) == (OFFICE_NAME, "街道", "jinlanshan")
    manifest = packages.verify_package(path)
    assert result.added == manifest.counts and sum(result.added.values()) > 250
    assert sum(result.updated.values()) == 0 == sum(result.skipped.values())
    values, lists = _figures(unit)
    assert values == office_values
    assert lists == office_lists
    assert values["patrols"] == office_values["patrols"]
    # the deleted patrol is there, deleted
    copy = patrol.get(patrol.uuid == deleted.uuid)
    assert copy.unit_id == unit.id and copy.deleted_at is not None
    # every record belongs to the office's unit, none to the county's own
    for model in RECORD_MODELS.values():
        assert not model.select().where(model.unit_id != unit.id).exists()
    # the unit profile, the narrative and the report setting of the year are the office's
    profile = UnitProfile.get(UnitProfile.unit_id == unit.id)
    assert profile.unit_name == OFFICE_NAME and profile.doc_prefix == "金文"
    narrative = ReportNarrative.get((ReportNarrative.unit_id == unit.id) & (ReportNarrative.year == 2022)
                                    & (ReportNarrative.section == "preamble"))  # fmt: skip
    assert narrative.text == "今年{unit_name}依法治理工作稳步推进。"
    assert json.loads(Setting.get(Setting.key == f"report_suggestions_2022@{unit.uuid}").value) == ["s1"]
    # every added record is in the audit log, by the county's user, for that unit
    entries = AuditLog.select().where((AuditLog.action == "导入") & (AuditLog.unit_id == unit.id))
    record_entries = entries.where(AuditLog.record_kind.in_(list(RECORD_MODELS)))
    assert record_entries.count() == sum(result.added.values())
    assert {e.user for e in entries} == {"县司法局"}
    assert "新增" in result.message() and OFFICE_NAME in result.message()


def test_importing_the_same_package_again_changes_nothing(pair: Pair) -> None:
    path = pair.export()
    pair.county()
    first = packages.import_package(path)
    counts = _row_counts()
    again = packages.import_package(path)
    assert sum(again.added.values()) == 0 and sum(again.updated.values()) == 0
    assert again.skipped == first.added
    assert not again.changed and again.profile_changes == 0
    assert _row_counts() == counts
    assert "没有改动" in again.message()


def test_a_newer_edit_updates_and_an_older_package_is_skipped(pair: Pair) -> None:
    meeting = RECORD_MODELS["meeting"]
    dispute = RECORD_MODELS["dispute"]
    target = meeting.select().where(meeting.date.between(YEAR.start, YEAR.end)).order_by(meeting.id).first()
    gone = dispute.select().where(dispute.received_date.between(YEAR.start, YEAR.end)).order_by(dispute.id).first()
    old_path = pair.export("old.ldpkg")
    pair.office()
    records.update("meeting", target.id, {"title": "法治建设专题会议（修改后）"})
    later = target.updated_at + dt.timedelta(hours=1)  # surely newer than the first export's
    meeting.update(updated_at=later).where(meeting.id == target.id).execute()
    records.delete("dispute", gone.id)  # only deleted_at changes: the deletion must still travel
    dispute.update(deleted_at=later).where(dispute.id == gone.id).execute()
    office_values, _ = _figures()
    new_path = pair.export("new.ldpkg")

    pair.county()
    packages.import_package(old_path)
    newer = packages.import_package(new_path)
    assert newer.updated == {**{k: 0 for k in RECORD_MODELS}, "meeting": 1, "dispute": 1}
    assert sum(newer.added.values()) == 0
    assert meeting.get(meeting.uuid == target.uuid).title == "法治建设专题会议（修改后）"
    assert dispute.get(dispute.uuid == gone.uuid).deleted_at is not None
    unit = Unit.get(Unit.uuid == pair.office_uuid)
    assert _figures(unit)[0] == office_values
    entry = AuditLog.select().where(
        (AuditLog.action == "导入") & (AuditLog.record_kind == "meeting")
        & (AuditLog.record_id == meeting.get(meeting.uuid == target.uuid).id)
    ).order_by(AuditLog.id.desc()).first()  # fmt: skip
    assert "修改后" in entry.new_values and "修改后" not in (entry.old_values or "")

    older = packages.import_package(old_path)  # the older package comes late: nothing changes
    assert sum(older.updated.values()) == 0 and sum(older.added.values()) == 0
    assert meeting.get(meeting.uuid == target.uuid).title == "法治建设专题会议（修改后）"
    assert dispute.get(dispute.uuid == gone.uuid).deleted_at is not None


# --------------------------------------------------------------------------------------------
# Personal data


def test_personal_fields_are_left_out_by_default(pair: Pair) -> None:
    dispute = RECORD_MODELS["dispute"]
    case = dispute.select().where(dispute.received_date.between(YEAR.start, YEAR.end)).order_by(dispute.id).first()
    records.update("dispute", case.id, {"party_id_number": "110101199001011234", "party_phone": "13912345678"})
    path = pair.export()
    raw = zipfile.ZipFile(path).read(packages.RECORDS).decode("utf-8")
    assert "110101199001011234" not in raw and "13912345678" not in raw and case.parties_names not in raw
    manifest = packages.verify_package(path)
    assert not manifest.personal
    assert set(manifest.omitted_fields["dispute"]) == {"parties_names", "party_id_number", "party_phone"}
    assert manifest.omitted_fields["lecturer"] == ["phone"]
    rows = _member(path, packages.RECORDS)["dispute"]
    assert all("party_id_number" not in r["fields"] and "parties_names" not in r["fields"] for r in rows)
    assert all("summary" in r["fields"] for r in rows)

    pair.county()
    packages.import_package(path)
    copy = dispute.get(dispute.uuid == case.uuid)
    assert copy.party_id_number is None and copy.party_phone is None and copy.parties_names is None
    assert copy.summary == case.summary
    # an office that chooses to send them (personal=True, newer edit) fills them in
    pair.office()
    dispute.update(updated_at=case.updated_at + dt.timedelta(days=1)).where(dispute.id == case.id).execute()
    with_personal = pair.export("personal.ldpkg", personal=True)
    pair.county()
    packages.import_package(with_personal)
    assert dispute.get(dispute.uuid == case.uuid).party_id_number == "110101199001011234"


# --------------------------------------------------------------------------------------------
# Refused packages change nothing


def _tampered(kind: str, good: Path, tmp: Path) -> Path:
    bad = tmp / f"bad-{kind}.ldpkg"
    if kind == "byte-changed":
        data = bytearray(zipfile.ZipFile(good).read(packages.RECORDS))
        i = data.index("金".encode())
        data[i + 2] ^= 0x01  # another character: still valid UTF-8 JSON, different hash
        return _rewrite(good, bad, change={packages.RECORDS: bytes(data)})
    if kind == "member-removed":
        return _rewrite(good, bad, drop=packages.PROFILE)
    if kind == "member-added":
        with zipfile.ZipFile(_rewrite(good, bad), "a") as zf:
            zf.writestr("extra.txt", "x")
        return bad
    if kind == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        return bad
    if kind == "not-a-zip":
        bad.write_text("这不是数据包", encoding="utf-8")
        return bad
    if kind == "bad-json":
        manifest = _member(good, packages.MANIFEST)
        broken = b'{"meeting": ['
        manifest["members"][packages.PROFILE] = packages._sha256(broken)  # noqa: SLF001
        return _rewrite(good, bad, change={packages.PROFILE: broken,
                                           packages.MANIFEST: json.dumps(manifest).encode()})  # fmt: skip
    manifest = _member(good, packages.MANIFEST)
    if kind == "newer-format":
        manifest["format_version"] = packages.FORMAT_VERSION + 1
    elif kind == "newer-program":
        manifest["program_version"] = "99.0.0"
    elif kind == "wrong-format":
        manifest["format"] = "something-else"
    return _rewrite(good, bad, change={packages.MANIFEST: json.dumps(manifest).encode()})


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("byte-changed", "校验值不符"),
        ("member-removed", "缺少文件"),
        ("member-added", "清单中没有的文件"),
        ("truncated", "不是有效的 zip"),
        ("not-a-zip", "不是有效的 zip"),
        ("bad-json", "不是有效的 JSON"),
        ("newer-format", "较新版本"),
        ("newer-program", "请先升级"),
        ("wrong-format", "不是法治建设台账的数据包"),
    ],
)
def test_a_damaged_or_foreign_package_is_refused_and_changes_nothing(pair: Pair, kind: str, words: str) -> None:
    good = pair.export()
    bad = _tampered(kind, good, pair.tmp)
    pair.county()
    counts = _row_counts()
    with pytest.raises(PackageError, match=words):
        packages.verify_package(bad)
    with pytest.raises(PackageError, match=words) as info:
        packages.import_package(bad)
    assert "没有导入" in info.value.message or "升级" in info.value.message
    assert _row_counts() == counts
    packages.import_package(good)  # the good one still goes in
    assert Unit.get_or_none(Unit.uuid == pair.office_uuid) is not None


def test_a_record_of_another_unit_refuses_the_whole_package(pair: Pair) -> None:
    path = pair.export()
    some = _member(path, packages.RECORDS)["patrol"][3]["uuid"]
    pair.county()
    other = units.create_unit("石门街道", "街道", code="shimen")
    records.create("patrol", {"date": "2022-05-01", "area": "石门老街"}, unit=other)
    patrol = RECORD_MODELS["patrol"]
    patrol.update(uuid=some).where(patrol.unit_id == other.id).execute()
    counts = _row_counts()
    with pytest.raises(PackageError, match="属于另一个单位"):
        packages.import_package(path)
    assert _row_counts() == counts
    assert Unit.get_or_none(Unit.uuid == pair.office_uuid) is None


def test_the_countys_own_unit_is_never_merged_into(pair: Pair) -> None:
    path = pair.export()
    pair.county()
    units.create_unit("新县", "县", uuid=pair.office_uuid)
    counts = _row_counts()
    with pytest.raises(PackageError, match="县级单位"):
        packages.import_package(path)
    assert _row_counts() == counts


def test_another_offices_database_refuses_the_package(pair: Pair) -> None:
    path = pair.export()
    dbmod.close_database()
    dbmod.open_database(pair.county_target, create=True, backup=False)
    own = name_the_office("石门街道")
    records.create("patrol", {"date": "2022-05-01", "area": "石门老街"})  # an office's own data
    counts = _row_counts()
    with pytest.raises(PackageError, match="不能导入其他单位"):
        packages.import_package(path)
    assert _row_counts() == counts and units.current_unit().id == own.id


# --------------------------------------------------------------------------------------------
# Export details


def test_the_package_lists_every_member_with_its_hash(pair: Pair) -> None:
    path = pair.export()
    manifest = _member(path, packages.MANIFEST)
    assert manifest["format"] == "lawdesk-package" and manifest["format_version"] == 2
    assert manifest["program_version"] == __version__
    assert manifest["unit"] == {"uuid": pair.office_uuid, "name": OFFICE_NAME, "kind": "街道", "code": "jinlanshan"}
    assert manifest["period"] == {"start": "2022-01-01", "end": "2022-12-31", "label": "2022年度"}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist()) - {packages.MANIFEST}
        assert set(manifest["members"]) == names == {packages.RECORDS, packages.PROFILE, tombstones.MEMBER}
        for name in names:
            assert packages._sha256(zf.read(name)) == manifest["members"][name]  # noqa: SLF001
    data = _member(path, packages.RECORDS)
    assert {k: len(v) for k, v in data.items()} == manifest["counts"]
    # rosters whole; dated records of the period, or still open / closed in it
    pair.office()
    for kind, model in RECORD_MODELS.items():
        mine = model.select().where(model.unit_id == pair.office_unit().id)
        uuids = {r["uuid"] for r in data[kind]}
        if kind in packages.ROSTER_KINDS:
            assert uuids == {r.uuid for r in mine}
            continue
        day = getattr(model, model.spec.date_field)
        in_year = {r.uuid for r in mine.where(day.between(YEAR.start, YEAR.end))}
        assert in_year <= uuids
        assert not {r.uuid for r in mine.where(day > YEAR.end)} & uuids
    lecture = data["lecture"][0]["fields"]
    assert lecture["lecturer"] is None or lecture["lecturer"] in {r["uuid"] for r in data["lecturer"]}


def test_a_case_received_before_the_year_and_closed_in_it_is_exported(pair: Pair) -> None:
    hotline = RECORD_MODELS["hotline"]
    crossing = hotline.select().where(
        (hotline.received_date < YEAR.start) & hotline.closed_date.between(YEAR.start, YEAR.end)
    ).first()
    assert crossing is not None  # the demo has December cases closed in January on purpose
    path = pair.export()
    assert crossing.uuid in {r["uuid"] for r in _member(path, packages.RECORDS)["hotline"]}


def test_a_read_only_target_is_refused_and_kept(pair: Pair) -> None:
    target = pair.tmp / "old.ldpkg"
    target.write_bytes(b"old")
    target.chmod(stat.S_IRUSR)
    try:
        with pytest.raises(PackageError, match="只读"):
            packages.export_package(YEAR, target)
        assert target.read_bytes() == b"old"
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert not [p for p in pair.tmp.iterdir() if p.name.endswith(".tmp")]


def test_the_county_names_the_unit_it_exports(pair: Pair) -> None:
    path = pair.export()
    pair.county()
    packages.import_package(path)
    assert units.current_unit() is None  # two units now
    with pytest.raises(PackageError, match="指定"):
        packages.export_package(YEAR, pair.tmp / "x.ldpkg")
    again = packages.export_package(YEAR, pair.tmp / "again.ldpkg", unit=OFFICE_NAME)
    assert _member(again, packages.RECORDS) == _member(path, packages.RECORDS)


def test_an_incomplete_profile_and_a_renamed_office_are_taken_over(pair: Pair) -> None:
    first = pair.export("first.ldpkg")
    pair.county()
    packages.import_package(first)
    pair.office()
    profile = UnitProfile.get(UnitProfile.unit_id == pair.office_unit().id)
    UnitProfile.update(party_organ=None, next_doc_number=9, updated_at=profile.updated_at + dt.timedelta(days=1)).where(
        UnitProfile.id == profile.id).execute()
    Unit.update(name="金兰山镇", kind="乡镇").where(Unit.uuid == pair.office_uuid).execute()
    second = pair.export("second.ldpkg")
    pair.county()
    result = packages.import_package(second)
    assert result.profile_changes == 2
    unit = Unit.get(Unit.uuid == pair.office_uuid)
    assert (unit.name, unit.kind) == ("金兰山镇", "乡镇")
    copy = UnitProfile.get(UnitProfile.unit_id == unit.id)
    assert copy.party_organ is None and copy.next_doc_number == 9 and copy.doc_prefix == "金文"
    assert packages.import_package(first).profile_changes == 0  # the older package changes nothing
    assert Unit.get(Unit.uuid == pair.office_uuid).name == "金兰山镇"


# --------------------------------------------------------------------------------------------
# Evidence files (SQLite: a server database keeps no files on this computer)


@pytest.mark.sqlite_only
def test_evidence_files_travel_with_the_package(pair: Pair) -> None:
    meeting = RECORD_MODELS["meeting"]
    target = meeting.select().where(meeting.date.between(YEAR.start, YEAR.end)).order_by(meeting.id).first()
    photo = pair.tmp / "会议照片.jpg"
    photo.write_bytes(os.urandom(5000))
    attachments.add("meeting", target.id, photo, "照片")
    path = pair.export(evidence=True)
    manifest = packages.verify_package(path)
    assert manifest.evidence and any(n.startswith("evidence/meeting/") for n in manifest.members)

    pair.county()
    result = packages.import_package(path)
    assert result.files_added == 1
    copy = meeting.get(meeting.uuid == target.uuid)
    (att,) = attachments.list_for("meeting", copy.id)
    assert att.original_name == "会议照片.jpg" and att.category == "照片"
    assert attachments.path_of(att).read_bytes() == photo.read_bytes()
    again = packages.import_package(path)
    assert again.files_added == 0 and Attachment.select().count() == 1


@pytest.mark.sqlite_only
def test_a_purge_at_the_office_removes_the_countys_evidence_files_too(pair: Pair) -> None:
    meeting = RECORD_MODELS["meeting"]
    target = meeting.select().where(meeting.date.between(YEAR.start, YEAR.end)).order_by(meeting.id).first()
    photo = pair.tmp / "会议照片.jpg"
    photo.write_bytes(os.urandom(5000))
    attachments.add("meeting", target.id, photo, "照片")
    first = pair.export("first.ldpkg", evidence=True)
    pair.county()
    packages.import_package(first)
    copy = meeting.get(meeting.uuid == target.uuid)
    (att,) = attachments.list_for("meeting", copy.id)
    stored = attachments.path_of(att)
    assert stored.is_file()
    pair.office()
    records.delete("meeting", target.id)
    records.purge("meeting", target.id)
    after = pair.export("after.ldpkg")
    pair.county()
    assert packages.import_package(after).purged == 1
    assert not meeting.select().where(meeting.uuid == target.uuid).exists()
    assert Attachment.select().count() == 0 and not stored.exists()


# --------------------------------------------------------------------------------------------
# Command line


def test_the_command_line_exports_and_imports(pair: Pair, capsys: pytest.CaptureFixture[str]) -> None:
    dbmod.close_database()
    out = pair.tmp / "金兰山街道-2022.ldpkg"
    office, county = str(pair.office_target), str(pair.county_target)
    assert cli.main(["--db", office, "package", "--year", "2022", "--out", str(out)]) == 0
    assert "已生成" in capsys.readouterr().out and out.is_file()
    pair.county()  # creates the county database
    dbmod.close_database()
    broken = pair.tmp / "坏.ldpkg"
    broken.write_bytes(out.read_bytes()[:1000])
    code = cli.main(["--db", county, "county", "import", str(broken), str(out)])
    captured = capsys.readouterr()
    assert code == 2
    assert "未导入" in captured.err and "坏.ldpkg" in captured.err
    assert "新增" in captured.out and "导入 1 个，拒绝 1 个" in captured.out
    assert "Traceback" not in captured.err
    assert cli.main(["--db", county, "county", "import", str(out)]) == 0
    assert "没有改动" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# Purges travel (tombstones) and 报送 by package


def test_a_purge_at_the_office_is_applied_at_the_county(pair: Pair) -> None:
    first = pair.export("before.ldpkg")
    pair.county()
    packages.import_package(first)
    pair.office()
    dispute = RECORD_MODELS["dispute"]
    gone = dispute.select().where(dispute.received_date.between(YEAR.start, YEAR.end)).order_by(dispute.id).first()
    gone_uuid = gone.uuid
    records.delete("dispute", gone.id)
    records.purge("dispute", gone.id)  # 彻底删除 at the office
    office_values, office_lists = _figures()
    after = pair.export("after.ldpkg")
    assert _member(after, tombstones.MEMBER) == [
        {"kind": "dispute", "uuid": gone_uuid, "purged_at": _member(after, tombstones.MEMBER)[0]["purged_at"]}]

    pair.county()
    assert dispute.select().where(dispute.uuid == gone_uuid).exists()  # still live here: 105 vs 104
    result = packages.import_package(after, user="县司法局")
    assert result.purged == 1 and "已彻底删除的 1 条记录在这里也已彻底删除" in result.message()
    assert not dispute.select().where(dispute.uuid == gone_uuid).exists()
    assert _figures(pair.office_unit()) == (office_values, office_lists)  # the roll-up equals the office again
    entry = AuditLog.select().where(AuditLog.action == "彻底删除").get()
    assert entry.user == "县司法局" and entry.unit_id == pair.office_unit().id and "已彻底删除" in entry.summary
    # the older package, imported again, does not bring the purged record back
    again = packages.import_package(first)
    assert not dispute.select().where(dispute.uuid == gone_uuid).exists()
    assert sum(again.added.values()) == 0 and _figures(pair.office_unit()) == (office_values, office_lists)
    assert packages.import_package(after).purged == 0  # applied once


def test_a_tombstone_of_another_units_record_refuses_the_package(pair: Pair) -> None:
    path = pair.export()
    pair.county()
    other = units.create_unit("石门街道", "街道", code="shimen")
    theirs = records.create("patrol", {"date": "2022-05-01", "area": "石门老街"}, unit=other)
    forged = [{"kind": "patrol", "uuid": theirs.uuid, "purged_at": "2022-06-01 00:00:00"}]
    data = packages._dumps(forged)  # noqa: SLF001
    manifest = _member(path, packages.MANIFEST)
    manifest["members"][tombstones.MEMBER] = packages._sha256(data)  # noqa: SLF001 - a consistent forgery
    forged_path = _rewrite(path, pair.tmp / "forged.ldpkg",
                           change={tombstones.MEMBER: data, packages.MANIFEST: packages._dumps(manifest)})  # noqa: SLF001
    counts = _row_counts()
    with pytest.raises(PackageError, match="要彻底删除的一条治安巡逻记录在本数据库中属于另一个单位"):
        packages.import_package(forged_path)
    assert _row_counts() == counts and records.get("patrol", theirs.id, unit=other)


def test_a_package_reports_its_period_not_the_years_its_records_are_dated_in(pair: Pair) -> None:
    pair.office()
    records.create("hotline", {"channel": "12345市长热线", "received_date": "2021-12-28", "due_date": "2022-01-05",
                               "closed_date": "2022-01-04", "summary": "跨年的热线"})  # fmt: skip
    path = pair.export()
    pair.county()
    result = packages.import_package(path)
    assert result.reported and "金兰山街道2022年度已报送" in result.message()
    unit = pair.office_unit()
    assert submissions.has_reported(YEAR, unit)
    assert not submissions.has_reported(Period.year(2021), unit)  # a case of 2021-12-28 came with it
    rolled_2021 = county.rollup(Period.year(2021))
    row = rolled_2021.row_for(unit)
    assert not row.reported and row.records >= 1 and rolled_2021.leftovers == [row]
    assert rolled_2021.total["hotline_received"] == 0  # apart: not in the total
    assert county.rows_behind("hotline_received", Period.year(2021), None)[2] == 0
    assert not packages.import_package(path).reported  # the same package: reported once


def test_an_office_without_a_name_cannot_send_a_package(empty_db, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(PackageError, match="请先在“单位设置”中填写单位简称"):
        packages.export_package(YEAR, tmp_path / "a.ldpkg")
    old = name_the_office(units.PLACEHOLDER_NAME)  # an older database's unnamed unit
    with pytest.raises(PackageError, match="单位还没有名称（现在叫“本单位”）"):
        packages.export_package(YEAR, tmp_path / "a.ldpkg")
    assert not (tmp_path / "a.ldpkg").exists()
    settings.save_profile({"unit_name": "白云乡"})
    assert units.get_unit(old.id).name == "白云乡"
    assert packages.export_package(YEAR, tmp_path / "a.ldpkg").exists()


def test_a_package_named_as_the_placeholder_is_refused_at_import(pair: Pair) -> None:
    path = pair.export()
    manifest = _member(path, packages.MANIFEST)
    manifest["unit"]["name"] = "本单位"
    old = _rewrite(path, pair.tmp / "old.ldpkg", change={packages.MANIFEST: packages._dumps(manifest)})  # noqa: SLF001
    pair.county()
    with pytest.raises(PackageError, match="还没有在单位设置中填写单位简称"):
        packages.import_package(old)
