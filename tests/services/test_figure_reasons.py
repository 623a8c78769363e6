"""What a figure counts and why a record is left out of it (the records-behind window's words)."""

from __future__ import annotations

from lawdesk.services import figure_reasons, records, stats
from lawdesk.services.period import Period

YEAR = Period.year(2023)


def meeting(**values: object) -> int:
    data = {"date": "2023-03-02", "kind": "党工委班子会", "title": "研究法治工作"} | values
    return records.create("meeting", data).id


def test_the_rule_of_a_figure_names_the_choices_and_the_boxes(db) -> None:  # noqa: ANN001
    text = figure_reasons.counts_text("leadership_meetings")
    assert "“党工委班子会”" in text and "勾选了“研究法治工作”和“主要负责人主持/带队”" in text
    assert figure_reasons.counts_text("patrols") == "计入的是全部治安巡逻记录，按“日期”归入期间。"
    assert "“办结日期”" in figure_reasons.counts_text("satisfaction_rate")  # a rate: its denominator


def test_records_left_out_come_with_their_reasons_nearest_first(db) -> None:  # noqa: ANN001
    counted = meeting(is_principal_led=True)
    unticked = meeting(date="2023-04-01")
    other_kind = meeting(date="2023-05-01", kind="理论学习中心组学习", on_rule_of_law=False)
    meeting(date="2022-12-31")  # another year: not a reason to mention
    assert stats.compute(YEAR).values["leadership_meetings"] == 1
    left = figure_reasons.left_out("leadership_meetings", YEAR)
    assert left.kind == "meeting" and left.total == 2
    assert [row["id"] for row in left.rows] == [unticked, other_kind]
    assert left.rows[0]["reason"] == "没有勾选“主要负责人主持/带队”"
    assert left.rows[1]["reason"] == "“会议类型”是“理论学习中心组学习”；没有勾选“研究法治工作”；没有勾选“主要负责人主持/带队”"
    assert counted not in [row["id"] for row in left.rows]


def test_a_figure_of_every_record_leaves_nothing_out(db) -> None:  # noqa: ANN001
    records.create("patrol", {"date": "2023-05-06", "area": "桂花社区夜市"})
    assert figure_reasons.left_out("patrols", YEAR).total == 0
