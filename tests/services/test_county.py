"""The county roll-up (lawdesk.services.county), its Excel export and the county demo — on
every engine of the ``db`` fixture."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from lawdesk import demo
from lawdesk.errors import LawdeskError
from lawdesk.excel import rollup as rollup_xlsx
from lawdesk.models import RECORD_MODELS, Unit
from lawdesk.services import county, records, stats, submissions, units
from lawdesk.services.period import Period

YEAR = Period.year(2022)


def _add(unit: Unit, kind: str, /, **values: object) -> int:
    return records.create(kind, values, unit=unit).id


def _hotline(unit: Unit, i: int, *, late: bool, feedback: str = "满意") -> None:
    _add(unit, "hotline", channel="12345市长热线", received_date=f"2022-0{i % 9 + 1}-01",
         due_date=f"2022-0{i % 9 + 1}-10", summary=f"诉求{i}",
         closed_date=f"2022-0{i % 9 + 1}-{'20' if late else '05'}", feedback=feedback)  # fmt: skip


def _reported(unit: Unit, year: int) -> None:
    """A package of ``unit`` covering ``year`` arrived at the county."""
    now = dt.datetime.now()
    submissions.record_package(unit, Period.year(year), now, user="测试员", at=now)


@pytest.fixture
def county_db(empty_db) -> dict[str, Unit]:  # noqa: ANN001
    """新县 with five offices: three with different work in 2022, 空白乡 with nothing at all and
    旧镇 with records of 2021 only (and one of 2022 in the 回收站). The three have reported 2022,
    旧镇 2021."""
    the_county = county.ensure_county_unit("新县")
    made = {name: units.create_unit(name, kind) for name, kind in (
        ("石门街道", "街道"), ("青山镇", "乡镇"), ("河西乡", "乡镇"), ("空白乡", "乡镇"), ("旧镇", "乡镇"))}
    shimen, qingshan, hexi = made["石门街道"], made["青山镇"], made["河西乡"]
    for n, unit in enumerate((shimen, qingshan, hexi), start=1):
        _add(unit, "community", name=f"{unit.name}社区", police_officer="民警" if n != 2 else None, mediators=n)
        for i in range(n * 3):
            _add(unit, "patrol", date=f"2022-0{i % 9 + 1}-10", area=f"片区{i}", persons=n + i)
        for i in range(4 - n):
            _add(unit, "dispute", received_date=f"2022-0{i + 1}-01", summary=f"纠纷{i}", dispute_type="邻里纠纷",
                 status="调解成功" if i % 2 == 0 else "调解中",
                 closed_date=f"2022-0{i + 1}-20" if i % 2 == 0 else None)  # fmt: skip
        _add(unit, "supervision", date="2022-04-03", kind="督查", subject="督查", problem_field="基层治理",
             problems_found=n + 2, problems_solved=n, is_principal_led=True)  # fmt: skip
        _add(unit, "study", date="2022-05-06", form="集中学法", topic="民法典", participants=10 * n,
             hours=1.5, audience_level="全体机关干部")  # fmt: skip
    # 按期办结率: 石门 1 of 2 on time (50 %), 青山 8 of 8 (100 %): the county has 9 of 10 = 90 %,
    # not the average 75 %
    _hotline(shimen, 1, late=False)
    _hotline(shimen, 2, late=True, feedback="不满意")
    for i in range(8):
        _hotline(qingshan, i, late=False)
    _add(made["旧镇"], "patrol", date="2021-06-01", area="旧街", persons=3)
    gone = _add(made["旧镇"], "patrol", date="2022-06-01", area="删掉的", persons=50)
    records.delete("patrol", gone)
    # a record of the county unit itself is no office's and counts in no total
    _add(the_county, "patrol", date="2022-07-01", area="县城", persons=99)
    for unit in (shimen, qingshan, hexi):
        _reported(unit, 2022)
    _reported(made["旧镇"], 2021)
    return {"county": the_county, **made}


COUNT_KEYS = [f.key for f in stats.FIGURES if not f.is_derived]
RATE_KEYS = [f.key for f in stats.FIGURES if f.is_rate]


def test_offices_are_every_unit_but_the_county(county_db: dict[str, Unit]) -> None:
    assert [u.name for u in county.offices()] == ["石门街道", "青山镇", "河西乡", "空白乡", "旧镇"]
    assert units.county_unit().name == "新县"
    assert units.is_county_database()
    assert units.current_unit() is None  # the county writes for no office by default


def test_a_county_unit_is_made_in_a_database_without_units(empty_db) -> None:  # noqa: ANN001
    assert units.list_units() == [] and not units.is_county_database()
    made = county.ensure_county_unit("新县")
    assert made.kind == "县" and units.list_units() == [made]
    assert county.offices() == [] and units.is_county_database()
    assert county.ensure_county_unit("新县").id == made.id  # made once
    renamed = county.ensure_county_unit("新县（测试）")
    assert renamed.id == made.id and renamed.name == "新县（测试）"
    assert Unit.select().count() == 1
    with pytest.raises(LawdeskError):
        county.ensure_county_unit("  ")


def test_an_office_database_keeps_its_unit_and_gets_a_county_beside_it(db) -> None:
    (own,) = units.list_units()
    records.create("patrol", {"date": "2022-05-01", "area": "老街"}, unit=own)
    made = county.ensure_county_unit("新县")
    assert made.id != own.id and made.kind == "县"
    assert [u.id for u in county.offices()] == [own.id]


def test_each_row_is_the_offices_own_figures_and_the_total_their_sum(county_db: dict[str, Unit]) -> None:
    result = county.rollup(YEAR)
    assert [r.name for r in result.rows] == [u.name for u in county.offices()]
    for row in result.rows:
        own = stats.compute(YEAR, unit=row.unit)
        assert row.figures.values == own.values, row.name
    for key in COUNT_KEYS:
        own_sum = sum(Decimal(str(stats.compute(YEAR, unit=u)[key])) for u in county.offices())
        assert Decimal(str(result.total[key])) == own_sum, key
    assert result.total["patrols"] == 3 + 6 + 9  # not the county's own patrol, not the deleted one
    assert result.total["patrol_persons"] == sum(1 + i for i in range(3)) + sum(2 + i for i in range(6)) + sum(
        3 + i for i in range(9))
    assert result.total["study_hours"] == 4.5
    assert result.total["problems_unsolved"] == (3 + 4 + 5) - (1 + 2 + 3)


def test_rates_are_recomputed_from_the_summed_terms_never_averaged(county_db: dict[str, Unit]) -> None:
    result = county.rollup(YEAR)
    assert result.value(county_db["石门街道"], "on_time_rate") == 50.0
    assert result.value(county_db["青山镇"], "on_time_rate") == 100.0
    assert result.value(county_db["河西乡"], "on_time_rate") is None  # nothing closed: no rate
    assert result.total["on_time_rate"] == 90.0  # 9 of 10, not the average 75
    for key in RATE_KEYS:
        fig = stats.FIGURES_BY_KEY[key]
        num = sum(r.figures[fig.num] for r in result.rows)
        den = sum(r.figures[fig.den] for r in result.rows)
        assert result.total[key] == stats.rate(num, den), key
    # 化解率: received 3 + 2 + 1 = 6 disputes, resolved 2 + 1 + 1 = 4 → 66.67 %
    assert result.total["dispute_resolution_rate"] == 66.67


def test_offices_that_have_not_reported_the_period_are_missing(county_db: dict[str, Unit]) -> None:
    result = county.rollup(YEAR)
    assert [u.name for u in result.missing] == ["空白乡", "旧镇"]  # 旧镇: only 2021 and the 回收站
    assert result.missing_text() == "尚未报送：空白乡、旧镇"
    assert {r.name: r.reported for r in result.rows}["河西乡"] is True
    old_year = county.rollup(Period.year(2021))
    assert [u.name for u in old_year.missing] == ["石门街道", "青山镇", "河西乡", "空白乡"]
    assert old_year.row_for(county_db["旧镇"]).records == 1 and old_year.row_for(county_db["旧镇"]).reported
    # communities (a roster, not work of the period) do not make an office count as reporting
    assert result.row_for(county_db["空白乡"]).figures["communities"] == 0
    nothing_yet = county.rollup(Period.year(2030))
    assert len(nothing_yet.missing) == 5 and nothing_yet.total["patrols"] == 0


def test_the_table_shows_the_chosen_figures(county_db: dict[str, Unit]) -> None:
    assert county.rollup(YEAR).keys == stats.REFERENCE_KEYS
    chosen = county.rollup(YEAR, keys=["patrols", "on_time_rate"])
    assert chosen.keys == ("patrols", "on_time_rate")
    assert [f.label for f in chosen.figure_defs] == ["开展治安巡逻", "按期办结率"]
    with pytest.raises(LawdeskError, match="没有这项指标"):
        county.rollup(YEAR, keys=["patrols", "no_such_figure"])


@pytest.mark.parametrize("key", ["patrols", "patrol_persons", "disputes_resolved", "hotline_closed",
                                 "on_time_rate", "problems_solved", "study_hours", "communities"])
def test_the_records_behind_a_cell_add_up_to_it(county_db: dict[str, Unit], key: str) -> None:
    result = county.rollup(YEAR)
    fig = stats.FIGURES_BY_KEY[key]
    counted = stats.FIGURES_BY_KEY[fig.den] if fig.is_rate else fig

    def amount(kind: str, rows: list[dict[str, object]]) -> Decimal:
        if counted.agg == "sum":
            return sum((Decimal(str(r[counted.column])) for r in rows), Decimal(0))
        return Decimal(len(rows))

    for office in (*county.offices(), None):
        kind, rows, total = county.rows_behind(key, YEAR, office)
        assert kind == counted.kind and total == len(rows)
        cell = result.total if office is None else result.row_for(office).figures
        assert amount(kind, rows) == Decimal(str(cell[counted.key])), (office, key)
        names = {r["unit_name"] for r in rows}
        assert names <= ({u.name for u in county.offices()} if office is None else {office.name})
        assert "新县" not in names  # the county's own records are behind no cell
    behind_total = county.rows_behind(key, YEAR, None)[1]
    assert {r["unit_name"] for r in behind_total} == {
        r.name for r in result.rows if amount(counted.kind, county.rows_behind(key, YEAR, r.unit)[1])}


def test_the_excel_table_has_every_office_the_total_and_the_missing(county_db, tmp_path: Path) -> None:  # noqa: ANN001
    result = county.rollup(YEAR)
    path = rollup_xlsx.export_rollup_xlsx(result, tmp_path / "全县汇总")
    assert path.name == "全县汇总.xlsx" and path.exists()
    ws = openpyxl.load_workbook(path)[rollup_xlsx.SHEET]
    assert "新县2022年度" in ws["A1"].value and "尚未报送：空白乡、旧镇" in ws["A2"].value
    head = [c.value for c in ws[rollup_xlsx.HEADER_ROW]]
    assert head[:2] == ["单位", "报送情况"]
    assert head[2:] == [f"{f.label}（{f.unit}）" for f in result.figure_defs]
    assert "开展治安巡逻（次）" in head and "按期办结率（%）" in head
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=rollup_xlsx.HEADER_ROW + 1)]
    assert [r[0] for r in body] == [*(u.name for u in county.offices()), "合计"]
    col = {key: head.index(rollup_xlsx.heading(stats.FIGURES_BY_KEY[key])) for key in result.keys}
    for office_row, line in zip(result.rows, body, strict=False):
        assert line[1] == ("已报送" if office_row.reported else "未报送")
        for key in result.keys:
            value = office_row.figures[key] if office_row.reported else None
            assert line[col[key]] == ("—" if value is None else value), (office_row.name, key)
    total = body[-1]
    assert total[col["patrols"]] == 18 and total[col["on_time_rate"]] == 90.0
    assert total[1] == "3/5"
    assert {r[0] for r in body if r[1] == "未报送"} == {"空白乡", "旧镇"}
    missing_row = next(i for i, r in enumerate(body) if r[0] == "空白乡") + rollup_xlsx.HEADER_ROW + 1
    assert ws.cell(row=missing_row, column=1).fill.fgColor.rgb.endswith("FCE4D6")
    assert ws.cell(row=missing_row, column=col["on_time_rate"] + 1).value == "—"


def test_the_excel_export_refuses_a_missing_folder(county_db, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(LawdeskError, match="保存位置不存在"):
        rollup_xlsx.export_rollup_xlsx(county.rollup(YEAR), tmp_path / "没有" / "汇总.xlsx")


def test_the_county_demo(empty_db) -> None:  # noqa: ANN001
    loaded = demo.load_county_demo(5)
    assert list(loaded) == ["金兰山街道", "石门街道", "城关镇", "河西乡", "白沙镇"]
    assert units.county_unit().name == "新县"
    from lawdesk.services import settings

    assert settings.profile_values(units.county_unit())["party_organ"] == "中共新县委员会全面依法治县委员会办公室"
    assert units.profile_unit().id == units.county_unit().id  # the county has no office of its own
    offices = {u.name: settings.profile_values(u) for u in county.offices()}
    assert offices["金兰山街道"]["issuer_mark"] == "中共新县金兰山街道工作委员会文件"
    assert offices["城关镇"]["government_organ"] == "新县城关镇人民政府"
    y2023, y2022 = county.rollup(Period.year(2023)), county.rollup(Period.year(2022))
    assert [u.name for u in y2023.missing] == ["白沙镇"]
    assert y2022.missing == []
    jinlan = y2022.row_for(units.get_unit(county.offices()[0].id))
    assert (jinlan.figures["patrols"], jinlan.figures["disputes_resolved"]) == (26, 103)  # the reference
    patrols = [r.figures["patrols"] for r in y2023.rows]
    assert len(set(patrols[:4])) == 4 and patrols[4] == 0  # the offices differ; 白沙镇 sent nothing
    hexi = y2022.row_for(next(u for u in county.offices() if u.name == "河西乡"))
    assert hexi.figures["legal_reviews"] == 0 and hexi.figures["patrols"] > 0  # sparse
    for row in y2022.rows:  # each office's texts name its own places, not 金兰山's
        if row.name != "金兰山街道":
            kind, rows, _n = county.rows_behind("patrols", Period.year(2022), row.unit)
            assert not any("金兰山" in str(r.get("area")) for r in rows), row.name
    with pytest.raises(LawdeskError, match="已有记录"):
        demo.load_county_demo(3)


def test_the_county_demo_is_the_same_every_time() -> None:
    office = demo.DEMO_OFFICES[0]
    assert demo.build_office_rows(office) == demo.build_office_rows(office)
    other = demo.build_office_rows(demo.DEMO_OFFICES[1])
    assert len(other["patrol"]) != len(demo.build_office_rows(office)["patrol"])


@pytest.mark.sqlite_only
def test_demo_county_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from lawdesk import cli
    from lawdesk import db as dbmod

    target = tmp_path / "县.db"
    assert cli.main(["demo", "--county", "--offices", "3", "--out", str(target)]) == 0
    out = capsys.readouterr().out
    assert "石门街道" in out and "城关镇" in out and "河西乡" not in out
    dbmod.open_database(target)
    try:
        assert [u.name for u in county.offices()] == ["金兰山街道", "石门街道", "城关镇"]
        assert RECORD_MODELS["patrol"].select().count() > 0
    finally:
        dbmod.close_database()
    assert cli.main(["demo", "--county", "--out", str(target)]) == 0
    assert "未重复装入" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        cli.main(["--db", str(tmp_path / "x.db"), "demo", "--county", "--offices", "9"])
    assert stop.value.code == 2 and "2 至 8" in capsys.readouterr().err
    assert not (tmp_path / demo.COUNTY_DEMO_FILE_NAME).exists()
