"""The figures of a period (``lawdesk.services.stats``) against small hand-made data.

Records are created through ``records.create`` (so they are valid, as a clerk's would be). The
``figures_db`` fixture holds a little of every record type around 2022, including the boundary
cases of the counting rules in the stats module docstring; ``EXPECTED_2022`` is worked out by hand
from it, record by record (see the comments beside each record).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lawdesk.models import RECORD_MODELS
from lawdesk.services import records, stats
from lawdesk.services.period import Period
from tests.reference import DEMO_DISPUTES_RESOLVED, REFERENCE_2022, ROUNDED_SATISFACTION

D = dt.date


def add(kind: str, /, **values: object) -> int:
    return records.create(kind, values).id


def gone(kind: str, /, **values: object) -> int:
    """A record in the 回收站: it must never count."""
    record_id = add(kind, **values)
    records.delete(kind, record_id)
    return record_id


def meeting(day: str, kind: str, principal: bool = False, law: bool = True, deleted: bool = False) -> int:
    make = gone if deleted else add
    return make("meeting", date=day, kind=kind, title=f"{kind}{day}", is_principal_led=principal,
                on_rule_of_law=law)  # fmt: skip


def visit(day: str, kind: str, principal: bool, field: str | None, found, solved, deleted=False) -> int:
    make = gone if deleted else add
    return make("supervision", date=day, kind=kind, subject=f"{kind}{day}", is_principal_led=principal,
                problem_field=field, problems_found=found, problems_solved=solved)  # fmt: skip


def dispute(received: str, status: str, closed: str | None, deleted: bool = False) -> int:
    make = gone if deleted else add
    return make("dispute", received_date=received, summary=f"纠纷{received}", dispute_type="邻里纠纷",
                status=status, closed_date=closed)  # fmt: skip


def hotline(channel: str, received: str, due: str, closed: str | None, feedback: str | None,
            deleted: bool = False) -> int:  # fmt: skip
    make = gone if deleted else add
    return make("hotline", channel=channel, received_date=received, due_date=due, summary=f"工单{received}",
                closed_date=closed, feedback=feedback)  # fmt: skip


H12345, COUNTY = "12345市长热线", "县交办件"


@pytest.fixture
def figures_db(db):
    ids: dict[str, int] = {}
    # meetings: leadership = principal-led 专题/班子/推进/领导小组 on rule of law
    ids["M1"] = meeting("2022-01-10", "法治建设专题会议", principal=True)  # leadership
    ids["M2"] = meeting("2022-02-10", "党工委班子会", principal=True, law=False)  # not on rule of law
    ids["M3"] = meeting("2022-03-10", "法治建设推进会", principal=False)  # not principal-led
    ids["M4"] = meeting("2022-12-31", "法治建设领导小组会议", principal=True)  # leadership, last day
    ids["M5"] = meeting("2022-05-10", "警示教育大会")  # warning
    meeting("2022-06-10", "警示教育大会", deleted=True)
    ids["M7"] = meeting("2022-07-10", "部署会", principal=True)  # wrong kind
    meeting("2021-12-31", "法治建设专题会议", principal=True)
    meeting("2023-01-01", "警示教育大会")
    # supervision visits
    ids["S1"] = visit("2022-02-01", "调研", True, "法律援助", 3, 2)
    ids["S2"] = visit("2022-03-01", "调研", False, "基层治理", 1, 1)
    ids["S3"] = visit("2022-04-01", "督查", True, None, None, None)
    ids["S4"] = visit("2022-05-01", "督查", False, "人居环境", 2, 0)
    ids["S5"] = visit("2022-06-01", "检查", True, "法律援助", 1, 1)
    visit("2022-07-01", "调研", True, "安全生产", 5, 5, deleted=True)
    visit("2021-12-31", "调研", True, "安全生产", 4, 4)
    # patrols
    ids["P1"] = add("patrol", date="2022-01-01", area="老街", persons=10, partner_units="派出所、司法所")
    ids["P2"] = add("patrol", date="2022-06-01", area="新区", persons=12, partner_units="派出所")
    ids["P3"] = add("patrol", date="2022-12-31", area="河堤")
    gone("patrol", date="2022-07-01", area="删除的", persons=50)
    add("patrol", date="2023-01-01", area="老街", persons=8)
    # disputes
    ids["D1"] = dispute("2021-12-20", "调解成功", "2022-01-10")  # carried over: resolved in 2022
    ids["D2"] = dispute("2022-03-01", "调解成功", "2022-03-05")
    ids["D3"] = dispute("2022-05-01", "调解不成", "2022-05-10")
    ids["D4"] = dispute("2022-11-20", "调解中", None)  # open at the end of 2022 and 2023
    ids["D5"] = dispute("2022-12-20", "调解成功", "2023-01-05")  # received 2022, resolved 2023
    dispute("2022-06-01", "调解成功", "2022-06-02", deleted=True)
    ids["D7"] = dispute("2022-07-01", "终止", "2022-07-05")
    ids["D8"] = dispute("2022-08-01", "调解成功", "2022-12-31")  # resolved on the last day
    # study sessions
    ids["T1"] = add("study", date="2022-03-01", form="集中学法", topic="宪法", participants=30, hours="1.5",
                    laws_studied="宪法、民法典")  # fmt: skip
    ids["T2"] = add("study", date="2022-09-01", form="集中学法", topic="民法典", participants=40, hours=2)
    ids["T3"] = add("study", date="2022-04-01", form="社区干部法治教育培训", topic="调解", participants=20,
                    hours="0.25")  # fmt: skip
    ids["T4"] = add("study", date="2022-05-01", form="以案代训", topic="案例")
    ids["T5"] = add("study", date="2022-06-01", form="周四大学堂", topic="行政处罚法")
    ids["T6"] = add("study", date="2022-07-01", form="会前学法", topic="会前")
    gone("study", date="2022-08-01", form="集中学法", topic="删除", participants=100, hours=9)
    # lecturers (roster: appointed by the end, not left before the start)
    ids["L1"] = add("lecturer", name="甲", unit="司法所", appointed_on="2019-03-01")
    ids["L2"] = add("lecturer", name="乙", unit="司法所", appointed_on="2022-12-31")
    ids["L3"] = add("lecturer", name="丙", unit="派出所", appointed_on="2023-01-01")
    ids["L4"] = add("lecturer", name="丁", unit="派出所", appointed_on="2018-01-01", left_on="2022-01-01")
    ids["L5"] = add("lecturer", name="戊", unit="综治中心", appointed_on="2018-01-01", left_on="2021-12-31")
    gone("lecturer", name="己", unit="其他", appointed_on="2020-01-01")
    ids["L7"] = add("lecturer", name="庚", unit="其他", appointed_on="2021-06-01", left_on="2021-08-01")
    # lectures
    ids["E1"] = add("lecture", date="2022-12-04", topic="宪法日", venue_type="进学校", audience=100,
                    materials=200, special_day="12·4国家宪法日")  # fmt: skip
    ids["E2"] = add("lecture", date="2022-03-01", topic="民法典", venue_type="进社区", audience=50)
    ids["E3"] = add("lecture", date="2022-06-26", topic="禁毒", venue_type="进学校",
                    special_day="6·26国际禁毒日")  # fmt: skip
    gone("lecture", date="2022-05-01", topic="删除", venue_type="进学校", audience=999)
    add("lecture", date="2023-01-02", topic="新年", venue_type="进学校", audience=10)
    # hotline
    ids["H1"] = hotline(H12345, "2021-12-28", "2022-01-04", "2022-01-05", "满意")  # late, crosses the year
    ids["H2"] = hotline(H12345, "2022-03-01", "2022-03-08", "2022-03-08", "基本满意")  # on the due day
    ids["H3"] = hotline(H12345, "2022-04-01", "2022-04-08", "2022-04-05", "不满意")
    ids["H4"] = hotline(H12345, "2022-05-01", "2022-05-08", "2022-05-06", "未回访")
    ids["H5"] = hotline(COUNTY, "2022-06-01", "2022-06-15", "2022-06-10", "满意")
    ids["H6"] = hotline(COUNTY, "2022-12-20", "2022-12-25", None, None)  # open and overdue at the end
    ids["H7"] = hotline(H12345, "2022-12-28", "2023-01-05", "2023-01-03", None)  # open at the end, not late
    hotline(H12345, "2022-07-01", "2022-07-08", "2022-07-02", "满意", deleted=True)
    # legal reviews
    review = {"received_date": "2022-04-01", "title": "审查事项"}
    ids["R1"] = add("review", **review, category="行政机关合同", opinion_letter=True)
    ids["R2"] = add("review", **review, category="行政规范性文件")
    ids["R3"] = add("review", **review, category="党的规范性文件", opinion_letter="是")
    ids["R4"] = add("review", **review, category="重大行政决策")
    ids["R5"] = add("review", **review, category="其他涉法事务")
    gone("review", **review, category="行政机关合同", opinion_letter=True)
    # legal adviser services
    service = {"adviser": "刘庆勇", "kind": "法律咨询", "summary": "咨询"}
    ids["A1"] = add("adviser", date="2022-02-01", people_served=10, **service)
    ids["A2"] = add("adviser", date="2022-10-01", people_served=5, **service)
    gone("adviser", date="2022-11-01", people_served=99, **service)
    # honours
    ids["O1"] = add("honor", date="2022-11-01", title="省级五星规范化司法所", holder="金兰山街道司法所",
                    level="省级")  # fmt: skip
    add("honor", date="2021-11-01", title="县级先进", holder="金兰山街道", level="县级")
    # communities (exist from their established date; no date = always)
    ids["C1"] = add("community", name="甲社区", police_officer="王警官", legal_adviser="刘律师", mediators=7)
    ids["C2"] = add("community", name="乙社区", established_on="2022-12-31", mediators=0)
    ids["C3"] = add("community", name="丙社区", established_on="2023-01-01", police_officer="李警官",
                    legal_adviser="孙律师", mediators=5)  # fmt: skip
    gone("community", name="丁社区", police_officer="赵", legal_adviser="钱", mediators=3)
    return ids


EXPECTED_2022: dict[str, int | float | None] = {
    "leadership_meetings": 2,  # M1, M4
    "meetings_total": 6,  # M1 M2 M3 M4 M5 M7
    "field_research": 1,  # S1
    "supervisions_led": 1,  # S3
    "research_total": 2,  # S1 S2
    "supervisions_total": 2,  # S3 S4
    "problems_found": 7,  # 3+1+2+1
    "problems_solved": 4,  # 2+1+0+1
    "problems_unsolved": 3,  # 7 - 4
    "patrols": 3,
    "patrol_persons": 22,
    "disputes_received": 6,  # D2 D3 D4 D5 D7 D8
    "disputes_resolved": 3,  # D1 (carried over) D2 D8
    "disputes_received_resolved": 2,  # D2 D8
    "disputes_open_at_end": 2,  # D4 D5
    "disputes_long_open": 1,  # D4 (received 41 days before the end); D5 only 11 days
    "dispute_resolution_rate": 33.33,  # 2/6
    "study_sessions": 2,
    "cadre_trainings": 1,
    "study_total": 6,
    "study_participants": 90,
    "study_hours": 3.75,
    "lecturers": 3,  # L1 L2 L4
    "lectures": 3,
    "lecture_audience": 150,
    "lecture_materials": 200,
    "school_lectures": 2,
    "special_day_lectures": 2,
    "warning_meetings": 1,
    "hotline_received": 4,  # H2 H3 H4 H7
    "county_assigned_received": 2,  # H5 H6
    "hotline_closed": 4,  # H1 H2 H3 H4
    "county_assigned_closed": 1,  # H5
    "hotline_closed_total": 5,
    "hotline_on_time": 4,  # all but H1
    "hotline_late": 1,  # H1 (closed the day after its due date)
    "hotline_feedback": 4,  # H1 H2 H3 H5
    "hotline_satisfied": 3,  # H1 H2 H5
    "hotline_open_at_end": 2,  # H6 H7
    "hotline_overdue_open": 1,  # H6
    "on_time_rate": 80.0,
    "satisfaction_rate": 75.0,
    "legal_reviews": 5,
    "review_contracts": 1,
    "review_normative_docs": 2,
    "review_decisions": 1,
    "review_letters": 2,
    "adviser_services": 2,
    "adviser_people_served": 15,
    "honors": 1,
    "communities": 2,  # C1 C2
    "communities_with_police": 1,
    "communities_with_adviser": 1,
    "communities_with_mediators": 1,
}


def test_expectations_cover_every_figure() -> None:
    assert set(EXPECTED_2022) == set(stats.FIGURES_BY_KEY)


def test_every_figure_2022(figures_db) -> None:
    figures = stats.compute_year(2022)
    assert figures.period == Period.year(2022)
    assert figures.values == EXPECTED_2022
    assert list(figures.values) == [f.key for f in stats.FIGURES]


def test_previous_and_next_year_boundaries(figures_db) -> None:
    y2021 = stats.compute_year(2021)
    assert y2021["leadership_meetings"] == 1
    assert y2021["field_research"] == 1 and y2021["problems_solved"] == 4
    assert y2021["disputes_received"] == 1  # D1 counts as received in 2021 ...
    assert y2021["disputes_resolved"] == 0  # ... and resolved in 2022
    assert y2021["disputes_open_at_end"] == 1
    assert y2021["dispute_resolution_rate"] == 0.0
    assert y2021["hotline_received"] == 1  # H1 received in 2021 ...
    assert y2021["hotline_closed"] == 0  # ... closed in 2022
    assert y2021["hotline_open_at_end"] == 1
    assert y2021["hotline_overdue_open"] == 0  # due 2022-01-04
    assert y2021["on_time_rate"] is None and y2021["satisfaction_rate"] is None
    assert y2021["lecturers"] == 4  # L1 L4 L5 L7
    assert y2021["honors"] == 1
    assert y2021["communities"] == 1  # C1 only

    y2023 = stats.compute_year(2023)
    assert y2023["disputes_resolved"] == 1  # D5
    assert y2023["disputes_received"] == 0
    assert y2023["dispute_resolution_rate"] is None
    assert y2023["disputes_open_at_end"] == 1  # D4 still open
    assert y2023["hotline_closed"] == 1  # H7
    assert y2023["on_time_rate"] == 100.0
    assert y2023["satisfaction_rate"] is None  # no visit result
    assert y2023["hotline_open_at_end"] == 1 and y2023["hotline_overdue_open"] == 1  # H6
    assert y2023["lecturers"] == 3  # L1 L2 L3
    assert y2023["communities"] == 3 and y2023["communities_with_police"] == 2
    assert y2023["warning_meetings"] == 1 and y2023["patrols"] == 1 and y2023["lectures"] == 1


def test_custom_period(figures_db) -> None:
    period = Period(D(2022, 7, 1), D(2023, 6, 30))
    assert not period.is_calendar_year
    figures = stats.compute(period)
    assert figures["disputes_resolved"] == 2  # D8 (2022-12-31), D5 (2023-01-05)
    assert figures["disputes_received"] == 4  # D4 D5 D7 D8
    assert figures["disputes_received_resolved"] == 2  # D5 D8
    assert figures["hotline_closed"] == 1  # H7
    assert figures["county_assigned_closed"] == 0  # H5 closed 2022-06-10
    assert figures["lecturers"] == 3  # L1 L2 L3 (L4 left 2022-01-01)
    assert figures["leadership_meetings"] == 1  # M4
    assert figures["warning_meetings"] == 1  # 2023-01-01
    assert figures["study_total"] == 2  # T2 (09-01), T6 (07-01)
    assert figures["communities"] == 3
    assert figures.as_json()["period_start"] == "2022-07-01"


def test_single_day_period(figures_db) -> None:
    figures = stats.compute(Period(D(2022, 12, 31), D(2022, 12, 31)))
    assert figures["leadership_meetings"] == 1  # M4
    assert figures["disputes_resolved"] == 1  # D8
    assert figures["patrols"] == 1  # P3


def test_empty_database_all_zero_rates_none(db) -> None:
    figures = stats.compute_year(2022)
    for fig in stats.FIGURES:
        if fig.is_rate:
            assert figures[fig.key] is None, fig.key
        else:
            assert figures[fig.key] == 0, fig.key
    assert all(v == [] for v in figures.lists.values())


def test_period_without_records(figures_db) -> None:
    figures = stats.compute_year(2015)
    always = {"communities", "communities_with_police", "communities_with_adviser", "communities_with_mediators"}
    for fig in stats.FIGURES:
        if fig.is_rate:
            assert figures[fig.key] is None, fig.key
        elif fig.key in always:
            assert figures[fig.key] == 1, fig.key  # C1 has no established date: it always exists
        else:
            assert figures[fig.key] == 0, fig.key


def test_soft_deleted_records_never_count(figures_db) -> None:
    before = stats.compute_year(2022)
    assert before.values == EXPECTED_2022
    for kind, model in RECORD_MODELS.items():
        for (record_id,) in model.select(model.id).where(model.deleted_at.is_null()).tuples():
            records.delete(kind, record_id)
    for year in (2021, 2022, 2023):
        figures = stats.compute_year(year)
        for fig in stats.FIGURES:
            assert figures[fig.key] == (None if fig.is_rate else 0), (year, fig.key)
    # and a restore brings a record back into the count
    records.restore("meeting", figures_db["M1"])
    assert stats.compute_year(2022)["leadership_meetings"] == 1


def test_lists_for_the_narrative(figures_db) -> None:
    lists = stats.compute_year(2022).lists
    assert lists["problem_fields"] == ["法律援助", "基层治理"]  # by problems solved; 人居环境 solved none
    assert lists["honor_titles"] == ["金兰山街道司法所省级五星规范化司法所"]
    assert lists["venue_types"] == ["进学校", "进社区"]
    assert sorted(lists["special_days"]) == ["12·4国家宪法日", "6·26国际禁毒日"]
    assert lists["partner_units"][0] == "派出所"
    assert set(lists["laws_studied"]) == {"宪法", "民法典"}
    # the office's own training forms, brands included, most sessions first (never the program's words)
    assert lists["study_forms"][0] == "集中学法"
    assert set(lists["study_forms"]) == {"集中学法", "社区干部法治教育培训", "以案代训", "周四大学堂", "会前学法"}


def test_decimal_sums_are_exact(db) -> None:
    """Hours are decimals: 0.1 + 0.2 学时 is 0.3, not a binary-float 0.30000000000000004."""
    add("study", date="2022-03-01", form="集中学法", topic="一", hours="0.1")
    add("study", date="2022-03-02", form="集中学法", topic="二", hours="0.2")
    assert stats.compute_year(2022)["study_hours"] == 0.3


# ---------------------------------------------------------------------------------------------
# Rates


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (1, 32, 3.13),  # 3.125: half up (banker's rounding would give 3.12)
        (1, 160, 0.63),  # 0.625
        (1, 8, 12.5),  # 12.5 exactly
        (2, 3, 66.67),
        (1, 3, 33.33),
        (63, 65, 96.92),
        (5, 5, 100.0),
        (0, 7, 0.0),
    ],
)
def test_rate_rounds_half_up_to_two_decimals(num: int, den: int, expected: float) -> None:
    assert stats.rate(num, den) == expected


def test_rate_without_denominator_is_none() -> None:
    assert stats.rate(0, 0) is None
    assert stats.rate(3, 0) is None


def test_on_time_rate_rounding_through_compute(db) -> None:
    hotline(H12345, "2022-02-01", "2022-02-05", "2022-02-04", "满意")
    for day in range(1, 32):
        hotline(H12345, f"2022-03-{day:02d}", f"2022-03-{day:02d}", f"2022-04-{min(day, 30):02d}", "满意")
    figures = stats.compute_year(2022)
    assert figures["hotline_closed_total"] == 32
    assert figures["hotline_on_time"] == 1
    assert figures["on_time_rate"] == 3.13
    assert stats.format_value(stats.FIGURES_BY_KEY["on_time_rate"], figures["on_time_rate"]) == "3.13%"


# ---------------------------------------------------------------------------------------------
# Drill-down


def _behind_ids(key: str, period: Period) -> set[int]:
    _kind, query = stats.records_behind(key, period)
    return {r.id for r in query}


def test_records_behind_exact_records(figures_db) -> None:
    ids = figures_db
    p = Period.year(2022)
    expect = {
        "leadership_meetings": {"M1", "M4"},
        "disputes_resolved": {"D1", "D2", "D8"},
        "disputes_open_at_end": {"D4", "D5"},
        "disputes_long_open": {"D4"},
        "hotline_closed": {"H1", "H2", "H3", "H4"},
        "hotline_overdue_open": {"H6"},
        "on_time_rate": {"H1", "H2", "H3", "H4", "H5"},  # a rate shows its denominator
        "satisfaction_rate": {"H1", "H2", "H3", "H5"},
        "lecturers": {"L1", "L2", "L4"},
        "problems_solved": {"S1", "S2", "S5"},  # sums: the records that contribute
        "communities": {"C1", "C2"},
        "review_letters": {"R1", "R3"},
    }
    for key, names in expect.items():
        assert _behind_ids(key, p) == {ids[n] for n in names}, key
    kind, query = stats.records_behind("hotline_closed", p)
    assert kind == "hotline"
    days = [r.received_date for r in query]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_records_behind_agree_with_every_figure(figures_db, year: int) -> None:
    period = Period.year(year)
    figures = stats.compute(period)
    for fig in stats.FIGURES:
        kind, query = stats.records_behind(fig.key, period)
        rows = list(query)
        assert all(r.deleted_at is None for r in rows)
        if fig.agg == "rate":
            assert len(rows) == figures[fig.den], fig.key
        elif fig.agg == "diff":
            assert figures[fig.key] == max(0, figures[fig.num] - figures[fig.den]), fig.key
            assert {r.id for r in rows} == _behind_ids(fig.num, period), fig.key
        elif fig.agg == "sum":
            assert kind == fig.kind
            assert sum(getattr(r, fig.column) for r in rows) == figures[fig.key], fig.key
        else:
            assert kind == fig.kind
            assert len(rows) == figures[fig.key], fig.key


# ---------------------------------------------------------------------------------------------
# The demo database reproduces the reference report




def test_demo_2022_reference_figures(demo_db) -> None:
    figures = stats.compute_year(2022)
    for key, value in REFERENCE_2022.items():
        assert figures[key] == value, key
    assert 100 <= figures["disputes_resolved"] <= 109  # "100余起"
    assert figures["disputes_resolved"] == DEMO_DISPUTES_RESOLVED
    assert round(figures["satisfaction_rate"]) == ROUNDED_SATISFACTION
    assert set(stats.REFERENCE_KEYS) == set(REFERENCE_2022) | {"disputes_resolved", "satisfaction_rate"}


@pytest.mark.parametrize("year", [2021, 2023])
def test_demo_other_years_are_sane(demo_db, year: int) -> None:
    figures = stats.compute_year(year)
    ref = stats.compute_year(2022)
    for fig in stats.FIGURES:
        value = figures[fig.key]
        if fig.is_rate:
            assert value is None or 0 <= value <= 100, fig.key
        else:
            assert isinstance(value, int | float) and value >= 0, fig.key
    for key in stats.REFERENCE_KEYS:
        assert figures[key], f"{year} {key} is empty"
    assert [figures[k] for k in stats.REFERENCE_KEYS] != [ref[k] for k in stats.REFERENCE_KEYS]
    assert figures["hotline_closed"] <= figures["hotline_closed_total"]
    assert figures["hotline_satisfied"] <= figures["hotline_feedback"] <= figures["hotline_closed_total"]
    assert figures["problems_solved"] <= figures["problems_found"]


def test_demo_records_behind_agree(demo_db) -> None:
    period = Period.year(2022)
    figures = stats.compute(period)
    for key in ("patrols", "hotline_closed", "disputes_resolved", "lecturers", "lectures"):
        _kind, query = stats.records_behind(key, period)
        assert query.count() == figures[key], key


# ---------------------------------------------------------------------------------------------
# Cost: a bounded number of aggregate queries, independent of the data


def _traced(database, func) -> list[str]:
    statements: list[str] = []
    con = database.connection()
    con.set_trace_callback(statements.append)
    try:
        func()
    finally:
        con.set_trace_callback(None)
    return statements


_ALL_ROWS = re.compile(r"^SELECT .* FROM \"\w+\" AS \"t1\"(?: WHERE \(\"t1\".\"deleted_at\" IS NULL\))?$")


@pytest.mark.sqlite_only  # traces statements with sqlite3's trace callback
def test_compute_issues_bounded_aggregate_queries(db) -> None:
    from lawdesk.services import units

    assert units.current_unit_id() is not None  # looked up once per opened database, not per figure
    empty = _traced(db, lambda: stats.compute_year(2022))
    add("meeting", date="2022-01-01", kind="部署会", title="部署")
    for i in range(20):
        hotline(H12345, f"2022-01-{i + 1:02d}", "2022-02-01", "2022-01-25", "满意")
    full = _traced(db, lambda: stats.compute_year(2022))
    selects = [s for s in full if s.lstrip().upper().startswith("SELECT")]
    assert len(full) == len(empty)  # independent of the number of records
    assert len(selects) <= 30
    aggregate_groups = len(stats._GROUPS) + len(stats._OPEN_GROUPS)  # open cases: two index ranges
    aggregates = [s for s in selects if "LIMIT 1" in s and ("SUM(" in s or "COUNT(" in s)]
    assert len(aggregates) == aggregate_groups  # one query per record type and date column
    for sql in selects:
        # every statement aggregates, groups or restricts to the period: none reads a whole table
        assert "SUM(" in sql or "COUNT(" in sql or "GROUP BY" in sql or "BETWEEN" in sql, sql
        assert not _ALL_ROWS.match(sql), sql


@pytest.mark.sqlite_only  # traces statements with sqlite3's trace callback
def test_compute_on_demo_does_not_fetch_rows(demo_db) -> None:
    """Rows handed to Python stay bounded: far fewer than the records of the year."""
    fetched = 0
    con = demo_db.connection()
    real_cursor = con.cursor

    statements = _traced(demo_db, lambda: stats.compute_year(2022))
    for sql in statements:
        if sql.upper().startswith("SELECT"):
            fetched += len(real_cursor().execute(sql).fetchall())
    records_2022 = sum(
        model.select().where(getattr(model, model.spec.date_field).between(D(2022, 1, 1), D(2022, 12, 31))).count()
        for model in RECORD_MODELS.values()
    )
    assert fetched < 90, fetched  # one row per distinct value of each named list (forms, types, firms …)
    assert records_2022 > 3 * fetched  # the demo year is small (276 records); the rows fetched do not grow with it


@pytest.mark.sqlite_only  # reads SQLite's EXPLAIN QUERY PLAN
def test_an_office_s_dispute_and_hotline_figures_read_only_indexes(demo_db) -> None:
    """The figures and lists of disputes and hotline cases (two thirds of a real ledger's rows)
    are answered from covering indexes (migration 0016): no case is looked up in its table."""
    statements = _traced(demo_db, lambda: stats.compute_year(2022))
    con = demo_db.connection()
    checked = 0
    for sql in statements:
        if not sql.upper().startswith("SELECT") or not re.search(r'FROM "(dispute|hotline_case)"', sql):
            continue
        plan = " | ".join(str(row[-1]) for row in con.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        assert "COVERING INDEX" in plan and "SCAN" not in plan, (sql[:120], plan)
        checked += 1
    assert checked == 10  # 2 lists and 6 figure queries (2 in two parts) of the two kinds
