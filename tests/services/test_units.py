"""Units (offices) and UUIDs: migration 0005 of an older database, the current unit, record
identities, and figures scoped per unit (``stats.compute(period, unit)``) and grouped
(``stats.compute_by_unit``)."""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import pytest
from peewee import IntegrityError, SqliteDatabase
from playhouse.schema_diff import diff_models

from lawdesk import db as dbmod
from lawdesk.errors import LawdeskError, NotFoundError, ValidationError
from lawdesk.models import (
    ALL_MODELS,
    RECORD_MODELS,
    AuditLog,
    ReportNarrative,
    Unit,
    UnitProfile,
    database,
)
from lawdesk.services import audit, records, stats, units
from lawdesk.services.period import Period
from tests.conftest import TEST_OFFICE

MIGRATION = dbmod.MIGRATIONS_DIR / "0005_units_and_uuids.py"
YEAR = Period.year(2022)


def _migration_module():
    spec = importlib.util.spec_from_file_location("m0005", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# Migration of a database made by the previous version (0001–0004)


def _old_database(path: Path, profile: dict[str, str] | None) -> None:
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    dbmod.migration_runner(old).up("0004_narrative_grammar")
    assert "unit" not in old.get_tables()
    if profile is not None:
        names = ", ".join(profile)
        marks = ", ".join("?" for _ in profile)
        old.execute_sql(f"INSERT INTO unit_profile (id, {names}, next_doc_number, updated_at) "
                        f"VALUES (1, {marks}, 3, '2022-01-01 00:00:00')", tuple(profile.values()))  # fmt: skip
    stamp = "'2022-05-01 08:00:00', '2022-05-01 08:00:00'"
    old.execute_sql(f"INSERT INTO community (name, created_at, updated_at) VALUES ('龙潭社区', {stamp})")
    for day in ("2022-05-01", "2022-06-01", "2022-07-01"):
        old.execute_sql("INSERT INTO patrol (date, area, is_principal_led, community_id, created_at, updated_at) "
                        f"VALUES ('{day}', '老街', 0, 1, {stamp})")  # fmt: skip
    old.execute_sql(f"INSERT INTO patrol (date, area, is_principal_led, created_at, updated_at, deleted_at) "
                    f"VALUES ('2022-08-01', '回收站里的', 0, {stamp}, '2022-09-01 00:00:00')")  # fmt: skip
    # ids 5..9 were handed out once and purged: they must never come back (0003)
    old.execute_sql("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'patrol'")
    old.execute_sql("INSERT INTO report_narrative (year, section, text, updated_at) "
                    "VALUES (2022, 'intro', '旧的开头', '2022-12-01 00:00:00')")  # fmt: skip
    old.execute_sql("INSERT INTO attachment (record_kind, record_id, category, original_name, stored_name, size, "
                    "added_at) VALUES ('patrol', 1, '照片', 'a.jpg', 'a.jpg', 3, '2022-05-01 08:00:00')")  # fmt: skip
    old.execute_sql("INSERT INTO audit_log (at, user, action, record_kind, record_id, summary) "
                    "VALUES ('2022-05-01 08:00:00', '老文书', '新增', 'patrol', 1, '新增巡逻')")  # fmt: skip
    old.close()


def test_an_office_database_of_the_previous_version_becomes_one_unit(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path, {"unit_name": "石门街道", "county_name": "新县"})
    db = dbmod.open_database(path)
    try:
        assert not diff_models(db, list(ALL_MODELS)), "the migrated database matches the models"
        (unit,) = units.list_units()
        assert (unit.name, unit.kind, unit.code, unit.db_role) == ("石门街道", "街道", None, None)
        assert str(uuid.UUID(unit.uuid)) == unit.uuid
        assert units.current_unit().id == unit.id

        for model in RECORD_MODELS.values():
            rows = list(model.select(model.id, model.uuid, model.unit_id).tuples())
            assert all(unit_id == unit.id for _id, _uuid, unit_id in rows), model
            uuids = [u for _id, u, _unit in rows]
            assert all(str(uuid.UUID(u)) == u for u in uuids)
            assert len(set(uuids)) == len(uuids)
        for model in (UnitProfile, ReportNarrative, AuditLog):
            assert {r.unit_id for r in model.select()} == {unit.id}, model
        assert db.execute_sql("SELECT unit_id FROM attachment").fetchall() == [(unit.id,)]

        # the old rows are all still there, with their values and references
        patrol = RECORD_MODELS["patrol"]
        assert records.count("patrol") == 3
        assert stats.compute(YEAR)["patrols"] == 3
        assert records.get("patrol", 1).community_id == 1
        assert records.get("patrol", 4, include_deleted=True).deleted_at is not None
        # the AUTOINCREMENT counter survived the table rebuild: purged ids are not reused
        assert records.create("patrol", {"date": "2022-09-01", "area": "新街"}).id == 10
        # NOT NULL and unique are enforced by the database itself
        with pytest.raises(IntegrityError):
            with database.atomic():
                db.execute_sql("INSERT INTO patrol (date, area, is_principal_led, created_at, updated_at, unit_id) "
                               "VALUES ('2022-01-01', 'x', 0, '2022-01-01', '2022-01-01', 1)")  # fmt: skip
        taken = patrol.get_by_id(1).uuid
        with pytest.raises(IntegrityError):
            with database.atomic():
                patrol.update(uuid=taken).where(patrol.id == 2).execute()
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        dbmod.close_database()


def test_narratives_are_unique_per_unit_year_and_section_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path, {"unit_name": "石门街道"})
    dbmod.open_database(path)
    try:
        other = units.create_unit("青山镇", "乡镇")
        ReportNarrative.create(year=2022, section="intro", text="青山镇的开头", office=other.id)
        with pytest.raises(IntegrityError):
            with database.atomic():
                ReportNarrative.create(year=2022, section="intro", text="重复", office=other.id)
    finally:
        dbmod.close_database()


@pytest.mark.parametrize(
    ("profile", "name", "kind"),
    [
        ({"unit_name": "石门街道"}, "石门街道", "街道"),
        ({"government_organ": "新县金兰山街道办事处"}, "金兰山街道", "街道"),
        ({"party_organ": "中共新县青山镇委员会"}, "青山镇", "乡镇"),
        ({"government_organ": "青山乡人民政府", "county_name": "新县"}, "青山乡", "乡镇"),
        ({"government_organ": "新县人民政府"}, "本单位", "街道"),
        (None, "本单位", "街道"),
    ],
)
def test_the_unit_is_named_from_the_profile(tmp_path: Path, profile, name: str, kind: str) -> None:
    path = tmp_path / "old.db"
    _old_database(path, profile)
    dbmod.open_database(path, backup=False)
    try:
        assert [(u.name, u.kind) for u in units.list_units()] == [(name, kind)]
    finally:
        dbmod.close_database()
    assert (_migration_module().office_name(profile), _migration_module().office_kind(name)) == (name, kind)


def test_the_fixture_database_is_an_office_named_by_its_clerk(db) -> None:
    (unit,) = units.list_units()
    assert unit.name == TEST_OFFICE
    assert units.current_unit() == unit


# ---------------------------------------------------------------------------------------------
# Units named by their offices: no placeholder, the first 单位设置 names the unit


def test_a_new_database_has_no_unit_until_its_first_unit_profile_names_it(engine, request, tmp_path: Path) -> None:
    from lawdesk.services import settings

    if engine == "postgres":
        dbmod.open_database(request.getfixturevalue("pg_url"))
    else:
        dbmod.open_database(tmp_path / "new.db", create=True)
    try:
        assert units.list_units() == []  # init makes no 本单位
        with pytest.raises(LawdeskError, match="请先在“单位设置”中填写单位简称"):
            records.create("patrol", {"date": "2022-05-01", "area": "老街"})
        settings.save_profile({"operator": "王芳"})  # the first start asks only the operator's name
        assert units.list_units() == [] and audit.current_user() == "王芳"
        assert settings.profile_values()["operator"] == "王芳"
        settings.save_profile({"unit_name": "青山镇", "party_organ": "中共新县青山镇委员会"})
        (unit,) = units.list_units()
        assert (unit.name, unit.kind) == ("青山镇", "乡镇")
        profile = settings.profile_values()
        assert (profile["unit_name"], profile["operator"], profile["party_organ"]) == ("青山镇", "王芳", "中共新县青山镇委员会")
        assert records.create("patrol", {"date": "2022-05-01", "area": "老街"}).unit_id == unit.id
        made = AuditLog.select().where(AuditLog.record_kind == "unit").get()
        assert made.action == "新增" and "青山镇" in made.summary and made.user == "王芳"
    finally:
        dbmod.close_database()


def test_renaming_the_unit_profile_renames_the_unit_and_is_audited(db) -> None:
    from lawdesk.services import settings

    settings.save_profile({"unit_name": "城关街道"})
    settings.save_profile({"unit_name": "城关镇"})  # the 街道 became a 镇
    (unit,) = units.list_units()
    assert (unit.name, unit.kind) == ("城关镇", "乡镇")
    entries = list(AuditLog.select().where(AuditLog.record_kind == "unit").order_by(AuditLog.id))
    assert [e.summary for e in entries] == ["修改单位：城关街道（街道）", "修改单位：城关镇（乡镇）"]
    assert '"测试街道"' in entries[0].old_values and '"城关镇"' in entries[1].new_values
    settings.save_profile({"county_name": "新县"})  # other fields leave the name alone
    assert AuditLog.select().where(AuditLog.record_kind == "unit").count() == 2

def test_the_operator_named_in_a_unit_profile_signs_what_that_save_writes(empty_db, monkeypatch) -> None:
    """No login name signs the entries of the save that names the 经办人: neither the unit made by
    a first 单位设置 nor the rename of a changed 单位简称."""
    from lawdesk.services import settings

    monkeypatch.setattr(audit, "_current_user", None)  # nobody named yet: the login name would sign
    settings.save_profile({"unit_name": "青山镇", "operator": "王芳"})  # the first 单位设置, in one go
    first = list(AuditLog.select().order_by(AuditLog.id))
    assert [e.record_kind for e in first] == ["unit", "settings"]
    assert [e.user for e in first] == ["王芳", "王芳"]
    monkeypatch.setattr(audit, "_current_user", None)
    settings.save_profile({"unit_name": "青山街道", "operator": "李文书"})  # a new name and a new 经办人
    later = list(AuditLog.select().where(AuditLog.id > first[-1].id).order_by(AuditLog.id))
    assert [e.record_kind for e in later] == ["settings", "unit"]
    assert [e.user for e in later] == ["李文书", "李文书"]



def _database_at_0007(path: Path, *, profile: dict[str, str] | None, records_too: bool) -> None:
    """A database made by the previous version: 0001–0007, with its 本单位 placeholder."""
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    dbmod.migration_runner(old).up("0007_county_query_indexes")
    assert old.execute_sql("SELECT name FROM unit").fetchall() == [("本单位",)]
    if profile is not None:
        names = ", ".join(profile)
        marks = ", ".join("?" for _ in profile)
        old.execute_sql(f"INSERT INTO unit_profile ({names}, next_doc_number, updated_at, unit_id) "
                        f"VALUES ({marks}, 1, '2022-01-01 00:00:00', 1)", tuple(profile.values()))  # fmt: skip
    if records_too:
        old.execute_sql("INSERT INTO patrol (uuid, unit_id, date, area, is_principal_led, created_at, updated_at) "
                        f"VALUES ('{uuid.uuid4()}', 1, '2022-05-01', '老街', 0, '2022-05-01', '2022-05-01')")  # fmt: skip
    old.close()


@pytest.mark.parametrize(
    ("profile", "records_too", "expected"),
    [
        (None, False, []),  # an unused placeholder goes
        ({"unit_name": "石门街道"}, True, [("石门街道", "街道")]),
        ({"party_organ": "中共新县青山镇委员会"}, False, [("青山镇", "乡镇")]),
        ({"operator": "王芳"}, True, [("本单位", "街道")]),  # used, but no name to give it
    ],
)
def test_the_placeholder_of_an_older_database_is_named_or_dropped(tmp_path: Path, profile, records_too,
                                                                  expected) -> None:  # fmt: skip
    path = tmp_path / "old.db"
    _database_at_0007(path, profile=profile, records_too=records_too)
    db = dbmod.open_database(path, backup=False)
    try:
        assert [(u.name, u.kind) for u in units.list_units()] == expected
        assert not diff_models(db, list(ALL_MODELS))
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        dbmod.close_database()


# ---------------------------------------------------------------------------------------------
# UUIDs and the unit of new rows


def test_every_record_gets_a_uuid_that_never_changes(db) -> None:
    community = records.create("community", {"name": "龙潭社区"})
    ids = [records.create("patrol", {"date": f"2022-05-0{i}", "area": "老街", "community": "龙潭社区"}).id
           for i in range(1, 4)]  # fmt: skip
    ids += records.import_many("patrol", [{"date": "2022-06-01", "area": "新街"}, {"date": "2022-06-02", "area": "桥"}])
    patrol = RECORD_MODELS["patrol"]
    before = {r.id: r.uuid for r in patrol.select()}
    assert len(set(before.values())) == len(before) == 5
    assert all(str(uuid.UUID(u)) == u for u in before.values())
    records.update("patrol", ids[0], {"area": "改过的"})
    records.delete("patrol", ids[1])
    records.restore("patrol", ids[1])
    records.delete("patrol", ids[2])
    records.purge("patrol", ids[2])
    after = {r.id: r.uuid for r in patrol.select()}
    assert after == {k: v for k, v in before.items() if k != ids[2]}
    assert community.uuid not in before.values()


def test_every_new_row_belongs_to_the_current_unit(db) -> None:
    from lawdesk.services import settings

    own = units.current_unit()
    records.create("community", {"name": "龙潭社区"})
    records.create("meeting", {"date": "2022-01-05", "kind": "部署会", "title": "部署"})
    records.import_many("patrol", [{"date": "2022-06-01", "area": "新街"}])
    settings.save_profile({"unit_name": "石门街道"})
    settings.save_narrative(2022, "intro", "开头")
    for model in RECORD_MODELS.values():
        assert {r.unit_id for r in model.select()} <= {own.id}
    assert RECORD_MODELS["meeting"].get().unit_id == own.id
    assert {e.unit_id for e in AuditLog.select()} == {own.id}
    assert UnitProfile.get().unit_id == own.id
    assert ReportNarrative.get().unit_id == own.id


def test_the_county_names_the_unit_it_writes_for(db) -> None:
    own = units.current_unit()
    shimen = units.create_unit("石门街道", code="shimen")
    assert units.current_unit() is None  # several units: the county
    with pytest.raises(LawdeskError) as info:
        records.create("patrol", {"date": "2022-05-01", "area": "老街"})
    assert "单位" in info.value.message
    record = records.create("patrol", {"date": "2022-05-01", "area": "老街"}, unit=shimen.uuid)
    assert record.unit_id == shimen.id
    assert AuditLog.select().order_by(AuditLog.id.desc()).get().unit_id == shimen.id
    records.import_many("patrol", [{"date": "2022-05-02", "area": "桥"}], unit=own)
    assert [r.unit_id for r in RECORD_MODELS["patrol"].select().order_by(RECORD_MODELS["patrol"].id)] == [
        shimen.id, own.id]  # fmt: skip


def test_units_are_found_by_id_uuid_or_unit(db) -> None:
    unit = units.create_unit("青山镇", "乡镇", code="qingshan")
    assert units.get_unit(unit.id) == units.get_unit(unit.uuid) == units.get_unit(unit) == unit
    assert units.get_unit(unit.uuid.upper()) == unit
    assert [u.name for u in units.list_units()] == [TEST_OFFICE, "青山镇"]
    with pytest.raises(NotFoundError) as info:
        units.get_unit(str(uuid.uuid4()))
    assert "没有找到单位" in info.value.message
    with pytest.raises(NotFoundError):
        units.get_unit(999)


def test_create_unit_checks_its_input(db) -> None:
    units.create_unit("石门街道", code="shimen")
    kept = str(uuid.uuid4())
    assert units.create_unit("青山镇", "乡镇", uuid=kept).uuid == kept
    for kwargs, field in (
        ({"name": ""}, "name"),
        ({"name": "某县", "kind": "省"}, "kind"),
        ({"name": "石门", "code": "Shi Men"}, "code"),
        ({"name": "石门二", "code": "shimen"}, "code"),
        ({"name": "青山镇", "uuid": kept}, "uuid"),
        ({"name": "青山镇", "uuid": "not-a-uuid"}, "uuid"),
    ):
        name = kwargs.pop("name")
        with pytest.raises(ValidationError) as info:
            units.create_unit(name, **kwargs)
        assert field in info.value.errors, kwargs
    assert Unit.select().count() == 3


# ---------------------------------------------------------------------------------------------
# Figures per unit


def _office_data(unit: Unit, n: int) -> None:
    """Different amounts of everything for office number ``n`` (1, 2, 3)."""

    def add(kind: str, /, **values: object) -> int:
        return records.create(kind, values, unit=unit).id

    add("community", name=f"社区{n}", police_officer="民警" if n != 2 else None, mediators=n)
    for i in range(n * 2):
        add("patrol", date=f"2022-0{i % 9 + 1}-10", area=f"片区{i}", persons=n + i,
            partner_units="派出所、城管" if i % 2 else f"单位{n}")  # fmt: skip
    for i in range(n):
        add("meeting", date=f"2022-0{i + 1}-02", kind="党工委班子会", title=f"会{i}", is_principal_led=True)
        add("supervision", date=f"2022-0{i + 2}-03", kind="调研" if i % 2 else "督查", subject=f"督查{i}",
            problem_field=("基层治理", "人居环境", "法律援助")[(i + n) % 3], problems_found=2 + i,
            problems_solved=1 + i, is_principal_led=bool(i % 2))  # fmt: skip
        add("honor", date=f"2022-0{i + 3}-04", title=f"先进集体{n}-{i}", holder=f"社区{n}", level="县级")
        add("lecture", date=f"2022-0{i + 1}-05", topic=f"宣讲{i}", venue_type=("进学校", "进社区")[i % 2],
            special_day="12·4国家宪法日" if i == n - 1 else None, laws="宪法、民法典", audience=10 * n)  # fmt: skip
    for i in range(4 - n):
        add("dispute", received_date=f"2022-0{i + 1}-01", summary=f"纠纷{i}", dispute_type="邻里纠纷",
            status="调解成功" if i % 2 == 0 else "调解中", closed_date=f"2022-0{i + 1}-20" if i % 2 == 0 else None)
        add("hotline", channel="12345市长热线", received_date=f"2022-0{i + 1}-01", due_date=f"2022-0{i + 1}-15",
            summary=f"诉求{i}", closed_date=f"2022-0{i + 1}-1{i}", feedback="满意" if i else "不满意")
    gone = add("patrol", date="2022-03-03", area="删掉的", persons=100)
    records.delete("patrol", gone)


@pytest.fixture
def three_offices(db) -> list[Unit]:
    first = units.current_unit()
    offices = [first, units.create_unit("石门街道", code="shimen"), units.create_unit("青山镇", "乡镇")]
    for n, unit in enumerate(offices, start=1):
        _office_data(unit, n)
    units.create_unit("空白乡", "乡镇")  # no record at all
    return offices


def test_compute_by_unit_equals_compute_per_unit(three_offices: list[Unit]) -> None:
    for period in (YEAR, Period.year(2021), Period(YEAR.start, YEAR.start.replace(month=3, day=31))):
        grouped = stats.compute_by_unit(period)
        assert set(grouped) == {u.id for u in units.list_units()}
        for unit in units.list_units():
            alone = stats.compute(period, unit=unit)
            assert grouped[unit.id].values == alone.values, unit.name
            assert grouped[unit.id].lists == alone.lists, unit.name
            assert grouped[unit.id].period == period
    by_unit = stats.compute_by_unit(YEAR)
    patrols = [by_unit[u.id]["patrols"] for u in three_offices]
    assert patrols == [2, 4, 6]  # the offices really differ (the deleted patrol never counts)
    assert len({tuple(by_unit[u.id].values.items()) for u in three_offices}) == 3
    empty = by_unit[units.list_units()[-1].id]
    assert empty["patrols"] == 0 and empty["dispute_resolution_rate"] is None
    assert empty.lists == stats.compute(YEAR, unit=units.list_units()[-1]).lists


def test_the_county_without_a_unit_counts_every_unit(three_offices: list[Unit]) -> None:
    assert units.current_unit() is None
    total = stats.compute(YEAR)
    by_unit = stats.compute_by_unit(YEAR)
    for key in ("patrols", "patrol_persons", "disputes_received", "lectures", "honors", "communities"):
        assert total[key] == sum(f[key] for f in by_unit.values()), key
    assert total["patrols"] == 12


def test_figures_and_records_behind_are_scoped_by_unit(three_offices: list[Unit]) -> None:
    for unit in three_offices:
        figures = stats.compute(YEAR, unit=unit.uuid)
        for key in ("patrols", "lectures", "honors", "disputes_received", "hotline_closed", "communities"):
            kind, query = stats.records_behind(key, YEAR, unit=unit.id)
            rows = list(query)
            assert len(rows) == figures[key], (unit.name, key)
            assert {r.unit_id for r in rows} <= {unit.id}
            _kind, display, total = stats.rows_behind(key, YEAR, unit=unit)
            assert total == figures[key] and len(display) == total
    months = stats.monthly(("patrols",), 2022, unit=three_offices[1])
    assert sum(next(iter(months.values()))) == 4


def test_compute_by_unit_costs_a_bounded_number_of_queries(
    three_offices: list[Unit], db, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    execute_sql = db.execute_sql

    def recording(sql, params=None, *args, **kwargs):  # every query of either engine passes here
        statements.append(sql)
        return execute_sql(sql, params, *args, **kwargs)

    def selects_of(compute) -> list[str]:  # noqa: ANN001
        statements.clear()
        monkeypatch.setattr(db, "execute_sql", recording)
        compute()
        monkeypatch.undo()
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    one = selects_of(lambda: stats.compute(YEAR, three_offices[0]))
    selects = selects_of(lambda: stats.compute_by_unit(YEAR))
    assert len(selects) <= len(one) + 2  # as many as one office's figures, not one set per office
    assert sum("GROUP BY" in s and '"unit_id"' in s for s in selects) >= len(stats._GROUPS)


def test_the_audit_log_of_a_write_names_its_unit(db) -> None:
    own = units.current_unit()
    records.create("patrol", {"date": "2022-05-01", "area": "老街"})
    assert audit.entries().rows[0].unit_id == own.id


# ---------------------------------------------------------------------------------------------
# The other services, scoped by unit (a county database holding several offices)


@pytest.fixture
def two_offices(db) -> tuple[Unit, Unit]:
    own = units.current_unit()
    other = units.create_unit("石门街道", code="shimen")
    for unit, name in ((own, "龙潭社区"), (other, "石门社区")):
        records.create("community", {"name": name}, unit=unit)
        records.create("community", {"name": "同名社区"}, unit=unit)
    return own, other


def test_lists_search_and_trash_are_per_unit(two_offices: tuple[Unit, Unit]) -> None:
    own, other = two_offices
    mine = records.create("patrol", {"date": "2022-05-01", "area": "老街", "community": "同名社区"}, unit=own)
    theirs = records.create("patrol", {"date": "2022-05-02", "area": "老街", "community": "同名社区"}, unit=other)
    # a reference by name finds the community of the record's own unit
    assert records.get("community", mine.community_id).unit_id == own.id
    assert records.get("community", theirs.community_id).unit_id == other.id
    search = records.ListQuery(search="老街")
    assert [r["id"] for r in records.list_records("patrol", search, unit=own).rows] == [mine.id]
    assert [r["id"] for r in records.list_records("patrol", search, unit=other.uuid).rows] == [theirs.id]
    assert records.list_records("patrol", search).total == 2  # the county: every unit
    assert records.count("community", unit=other) == 2
    assert [name for _id, name in records.choices_for_ref("community", unit=other)] == ["同名社区", "石门社区"]
    records.delete("patrol", theirs.id, unit=other)
    assert [e.record_id for e in records.recycle_bin(unit=other)] == [theirs.id]
    assert records.recycle_bin(unit=own) == []
    with pytest.raises(NotFoundError):  # another unit's record is not found
        records.restore("patrol", theirs.id, unit=own)
    with pytest.raises(NotFoundError):
        records.update("patrol", mine.id, {"area": "改"}, unit=other)
    records.restore("patrol", theirs.id, unit=other.id)
    assert stats.latest_year(unit=other) == 2022 and stats.latest_year(unit=units.create_unit("空白乡")) is None


def test_a_reference_to_another_units_record_is_refused(two_offices: tuple[Unit, Unit]) -> None:
    own, other = two_offices
    foreign = records.list_records("community", records.ListQuery(search="石门社区"), unit=other).rows[0]["id"]
    with pytest.raises(ValidationError) as info:
        records.create("patrol", {"date": "2022-05-01", "area": "老街", "community": foreign}, unit=own)
    assert "community" in info.value.errors
    with pytest.raises(ValidationError):
        records.import_many("patrol", [{"date": "2022-05-01", "area": "老街", "community": "石门社区"}], unit=own)
    (ok,) = records.import_many("patrol", [{"date": "2022-05-01", "area": "老街", "community": "石门社区"}], unit=other)
    assert records.get("patrol", ok).unit_id == other.id


def test_profiles_narratives_and_report_settings_are_per_unit(two_offices: tuple[Unit, Unit]) -> None:
    from lawdesk.services import annual_report, settings

    own, other = two_offices
    settings.save_profile({"unit_name": "金兰山街道", "doc_prefix": "金文"}, unit=own)
    settings.save_profile({"unit_name": "石门街道", "doc_prefix": "石文"}, unit=other)
    assert settings.profile_values(own)["unit_name"] == "金兰山街道"
    assert settings.profile_values(other.uuid)["doc_prefix"] == "石文"
    assert settings.profile_values()["unit_name"] is None  # the county has no profile of its own
    settings.save_narrative(2022, "preamble", "金兰山的开头", unit=own)
    settings.save_narrative(2022, "preamble", "石门的开头", unit=other)
    assert settings.narratives(2022, unit=own) == {"preamble": "金兰山的开头"}
    assert annual_report.narrative_text(2022, "preamble", unit=other) == "石门的开头"
    settings.reset_narrative(2022, "preamble", unit=other)
    assert settings.narrative(2022, "preamble", unit=own) == "金兰山的开头"
    assert settings.narrative(2022, "preamble", unit=other) is None

    options = annual_report.ReportOptions.load(own)
    options.note = "此件不公开"
    options.save(own)
    assert annual_report.ReportOptions.load(own).note == "此件不公开"
    assert annual_report.ReportOptions.load(other).note == "此件公开发布"
    annual_report.save_chosen_suggestions(2022, ["hotline_late"], unit=other)
    assert annual_report.chosen_suggestions(2022, unit=other) == ["hotline_late"]
    assert annual_report.chosen_suggestions(2022, unit=own) == []
    settings.put("some_database_option", 3)  # not an office's: one value for the database
    assert settings.get("some_database_option", unit=other) == 3
    with pytest.raises(LawdeskError):  # the county writes an office's report setting only for a unit
        annual_report.ReportOptions().save()
    entries = audit.entries(unit=other).rows
    assert entries and {e.unit_id for e in entries} == {other.id}


def test_the_report_is_the_report_of_its_unit(two_offices: tuple[Unit, Unit]) -> None:
    from lawdesk.services import annual_report, settings

    own, other = two_offices
    full = {"party_organ": "中共新县{0}工作委员会", "government_organ": "新县{0}办事处",
            "issuer_mark": "中共新县{0}工作委员会文件", "doc_prefix": "{1}文", "addressee": "县委、县政府"}  # fmt: skip
    for unit, short in ((own, "金兰山街道"), (other, "石门街道")):
        settings.save_profile({k: v.format(short, short[0]) for k, v in full.items()} | {"unit_name": short}, unit=unit)
    for i in range(3):
        records.create("patrol", {"date": f"2022-0{i + 1}-01", "area": "老街"}, unit=other)
    records.create("patrol", {"date": "2022-05-01", "area": "老街"}, unit=own)
    with pytest.raises(LawdeskError) as info:
        annual_report.build_context(YEAR)
    assert "选择" in info.value.message
    ctx, _warnings = annual_report.build_context(YEAR, unit=other, issue_date=YEAR.end)
    assert ctx.doc_number.startswith("石文") and "石门街道" in ctx.title
    assert annual_report.values_for(YEAR, unit=other)["patrols"] == 3
    assert annual_report.values_for(YEAR, unit=own)["patrols"] == 1
    assert annual_report.values_for(YEAR, unit=own)["unit_name"] == "金兰山街道"


@pytest.mark.sqlite_only  # evidence files live in the data folder of an SQLite database
def test_attachments_belong_to_the_unit_of_their_record(two_offices: tuple[Unit, Unit], tmp_path: Path) -> None:
    from lawdesk.models import Attachment
    from lawdesk.services import attachments

    own, other = two_offices
    source = tmp_path / "照片.jpg"
    source.write_bytes(b"jpg")
    theirs = records.create("patrol", {"date": "2022-05-02", "area": "老街"}, unit=other)
    att = attachments.add("patrol", theirs.id, source, "照片")
    assert Attachment.get_by_id(att.id).unit_id == other.id
    assert [a.id for a in attachments.list_for("patrol", theirs.id, unit=other)] == [att.id]
    assert attachments.list_for("patrol", theirs.id, unit=own) == []
    with pytest.raises(NotFoundError):
        attachments.add("patrol", theirs.id, source, "照片", unit=own)
    attachments.remove(att.id, unit=own)  # not that unit's: nothing happens
    assert attachments.list_for("patrol", theirs.id) != []
    attachments.remove(att.id, unit=other)
    assert attachments.list_for("patrol", theirs.id) == []


def test_the_ledger_holds_one_units_records(two_offices: tuple[Unit, Unit]) -> None:
    from lawdesk.services import ledger

    own, other = two_offices
    records.create("patrol", {"date": "2022-05-01", "area": "金兰山"}, unit=own)
    records.create("patrol", {"date": "2022-05-02", "area": "石门"}, unit=other)
    assert [r["area"] for r in ledger.rows("patrol", YEAR, unit=other)] == ["石门"]
    assert sorted(r["name"] for r in ledger.rows("community", YEAR, unit=own)) == ["同名社区", "龙潭社区"]
    assert len(ledger.counted_by("patrol", YEAR, unit=own)) == 1


def test_offices_whose_packages_came_before_the_upgrade_keep_their_years_reported(tmp_path: Path) -> None:
    """0008 writes the old rule (a record dated in the year) down once, for imported offices only."""
    from lawdesk.services import submissions

    path = tmp_path / "county.db"
    old = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    dbmod.migration_runner(old).up("0007_county_query_indexes")
    imported, typed = str(uuid.uuid4()), str(uuid.uuid4())
    old.execute_sql("DELETE FROM unit")
    for uid, name, row_id in ((imported, "石门街道", 7), (typed, "新县", 8)):
        old.execute_sql("INSERT INTO unit (id, uuid, name, kind, created_at, updated_at) VALUES (?, ?, ?, '街道', "
                        "'2023-01-01', '2023-01-01')", (row_id, uid, name))  # fmt: skip
    old.execute_sql("INSERT INTO setting (key, value) VALUES (?, ?)",
                    (f"package_created_at@{imported}", '"2024-01-10 09:00:00.123456"'))  # fmt: skip
    for row_id, day in ((7, "2022-05-01"), (7, "2023-12-28"), (8, "2022-06-01")):
        old.execute_sql("INSERT INTO patrol (uuid, unit_id, date, area, is_principal_led, created_at, updated_at) "
                        f"VALUES ('{uuid.uuid4()}', ?, ?, '老街', 0, '2023-01-01', '2023-01-01')", (row_id, day))  # fmt: skip
    old.close()
    dbmod.open_database(path, backup=False)
    try:
        assert submissions.has_reported(Period.year(2022), 7) and submissions.has_reported(Period.year(2023), 7)
        assert not submissions.has_reported(Period.year(2024), 7)
        assert not submissions.has_reported(Period.year(2022), 8)  # no package: never reported
    finally:
        dbmod.close_database()
