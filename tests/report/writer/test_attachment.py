"""The data attachment is honest: the body's rounding, rate definitions, charts drawn only from
the table, no empty prior year, a table that reads across pages (GB/T 9704 §7.3.7 附件)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lawdesk.charts import NO_LINE_START, _wrap
from lawdesk.report.writer.attachment import _cell_chars, column_widths
from lawdesk.schema import HOTLINE_12345
from lawdesk.services import annual_report, records, settings, stats
from lawdesk.services.period import Period

ISSUE = dt.date(2023, 1, 9)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _attachment(period: Period):
    ctx, _ = annual_report.build_context(period, issue_date=ISSUE)
    (page,) = ctx.attachments
    return ctx, page


def test_note_names_the_span_in_chinese_without_program_name_or_iso_dates(demo_db):
    _, page = _attachment(Period.year(2022))
    text = "".join(page.notes)
    assert "数据根据2022年1月1日至12月31日工作台账统计。" in page.notes
    assert "法治建设台账" not in text and "自动" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_rates_use_the_body_rounding_and_each_has_a_definition(demo_db):
    ctx, page = _attachment(Period.year(2022))
    body = "".join(p.text for p in ctx.body)
    rows = {row[0]: row for row in page.tables[0].rows}
    assert rows["群众满意率"][1] == "97%" and "群众满意率97%" in body
    assert rows["按期办结率"][1] == "100%"
    for key in ("on_time_rate", "satisfaction_rate", "dispute_resolution_rate"):
        fig = stats.FIGURES_BY_KEY[key]
        definition = next(n for n in page.notes if n.startswith(fig.label + "＝"))
        assert stats.FIGURES_BY_KEY[fig.num].label in definition
        assert stats.FIGURES_BY_KEY[fig.den].label in definition


def test_rate_changes_are_whole_points_like_the_rates(demo_db):
    _, page = _attachment(Period.year(2022))
    rows = {row[0]: row for row in page.tables[0].rows}
    assert re.fullmatch(r"[+−]\d+个百分点|持平", rows["群众满意率"][3])


def test_every_chart_figure_is_in_the_table_and_titles_equal_captions(demo_db):
    _, page = _attachment(Period.year(2022))
    labels = {row[0] for row in page.tables[0].rows}
    for key in (*annual_report.CHART_KEYS, *annual_report.RATE_CHART_KEYS):
        assert stats.FIGURES_BY_KEY[key].label in labels
    captions = [c.caption for c in page.charts]
    assert captions == ["图1 2022年与2021年主要工作量对比", "图2 2022年主要办结率、满意率和化解率"]


def test_chart_title_is_its_caption(demo_db, monkeypatch):
    from lawdesk import charts

    titles: list[str] = []
    real = charts._title_and_legend

    def spy(fig, ax, title, *args, **kwargs):
        titles.append(title)
        return real(fig, ax, title, *args, **kwargs)

    monkeypatch.setattr(charts, "_title_and_legend", spy)
    _, page = _attachment(Period.year(2022))
    assert [f"图{i} {t}" for i, t in enumerate(titles, 1)] == [c.caption for c in page.charts]


def test_rate_chart_prints_the_table_texts(monkeypatch):
    from lawdesk import charts

    fig = charts.rate_chart([("按期办结率", 99.6), ("群众满意率", 96.5)], "t", labels=["100%", "97%"])
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"100%", "97%"} <= texts and "99.6%" not in texts


def test_year_before_figures_equal_the_full_computation(demo_db):
    # The attachment computes the year before without its lists and open-at-end figures.
    period = Period.year(2022)
    full = stats.compute(period)
    part = stats.compute(period, keys=annual_report.PREVIOUS_KEYS)
    assert part.lists == {}
    assert set(annual_report.PREVIOUS_KEYS) <= set(part.values) < set(full.values)
    assert "disputes_open_at_end" not in part.values
    assert {k: full[k] for k in part.values} == part.values
    assert part["dispute_resolution_rate"] is not None  # a rate gets its inputs


def test_a_year_without_a_prior_year_has_no_comparison(demo_db):
    _, page = _attachment(Period.year(2021))  # the demo holds 2021–2023: 2020 is empty
    table = page.tables[0]
    assert table.header == ["指标", "2021年"]
    assert all(len(row) == 2 for row in table.rows)
    assert "新增" not in str(table.rows)
    assert page.charts[0].caption == "图1 2021年主要工作量"


def test_header_row_repeats_and_rows_do_not_split(demo_db, tmp_path: Path):
    out = tmp_path / "r.docx"
    annual_report.export_report(Period.year(2022), out, issue_date=ISSUE)
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    data = [t for t in root.iter(f"{{{W}}}tbl") if "指标" in "".join(root.itertext()) and len(t.findall(f"{{{W}}}tr")) > 5]
    (table,) = data
    rows = table.findall(f"{{{W}}}tr")
    assert rows[0].find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None
    assert all(r.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None for r in rows)
    assert all(r.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is None for r in rows[1:])


@pytest.mark.parametrize(
    "labels",
    [
        ["主持召开专题会议、班子会、推进会", "主要负责人深入现场调研", "开展社区干部法治教育培训"],
        [f.label for f in stats.FIGURES],
    ],
)
def test_no_label_leaves_one_character_on_its_last_line(labels):
    rows = [["指标", "2022年", "2021年", "同比"]] + [[label, "2223人次", "1551人次", "+4个百分点"] for label in labels]
    widths = column_widths(rows, 4)
    assert sum(widths) == 8845
    per_line = _cell_chars(widths[0])
    for label in labels:
        if len(label) > per_line:
            assert len(label) % per_line != 1, (label, per_line)
    # the figure columns hold their longest text on one line
    assert _cell_chars(widths[3]) >= 5 and _cell_chars(widths[1]) >= 4


@pytest.mark.parametrize(
    "label",
    ["主持召开专题会议、班子会、推进会", "回访满意（含基本满意）占已回访的比例", "办结12345市长热线和县交办件的合计数", "一、二、三、四、五、六、七、八、九、十"],
)
def test_chart_labels_wrap_by_words_with_kinsoku(label):
    lines = _wrap(label).split("\n")
    assert "".join(lines) == label
    assert all(line[0] not in NO_LINE_START for line in lines)
    assert all(len(line) <= 12 for line in lines)
    if "12345" in label:
        assert any("12345" in line for line in lines)  # a number is never split


# ------------------------------------------------------------------ an office with thin data (#16 point 5)

TOWN = {
    "unit_name": "青石镇", "county_name": "新县", "party_organ": "中共新县青石镇委员会",
    "government_organ": "新县青石镇人民政府", "issuer_mark": "中共新县青石镇委员会文件", "doc_prefix": "青发",
    "next_doc_number": 1, "signers": "李明", "principal_leaders": "李明", "addressee": "县委、县政府",
    "copy_to": "县司法局", "print_organ": "中共新县青石镇委员会党政综合办公室",
}  # fmt: skip


def _hotline(received: str, closed: str) -> None:
    records.create("hotline", {"channel": HOTLINE_12345, "received_date": received, "due_date": closed,
                               "summary": "路灯不亮", "closed_date": closed, "feedback": "满意"})  # fmt: skip


def _town_first_year() -> None:
    """A 镇 in its first ledger year (2024): three trainings, a patrol, a hotline case, and one
    straggler received on 2023-12-28."""
    settings.save_profile(TOWN)
    _hotline("2023-12-28", "2024-01-04")
    for month, topic in ((3, "宪法"), (6, "民法典"), (9, "行政复议法")):
        records.create("study", {"date": f"2024-{month:02d}-12", "form": "集中学法", "topic": topic, "participants": 20})
    records.create("patrol", {"date": "2024-05-01", "area": "镇区"})
    _hotline("2024-04-02", "2024-04-08")


def _town_attachment(year: int = 2024):
    ctx, _ = annual_report.build_context(Period.year(year), issue_date=dt.date(year + 1, 1, 10))
    (page,) = ctx.attachments
    return page


def test_rows_that_are_zero_are_left_out(db):
    _town_first_year()
    page = _town_attachment()
    (table,) = page.tables
    labels = [row[0] for row in table.rows]
    assert labels == ["开展治安巡逻", "开展集中学法", "办结12345市长热线", "按期办结率", "群众满意率", "学法培训参加"]
    assert not any(cell in ("0次", "0件", "0起", "0人", "0场", "0期", "0个", "0人次", "—") for r in table.rows for cell in r)
    # every rate defined under the table is a row of it; 化解率 (no disputes) is neither
    assert not any(n.startswith("矛盾纠纷化解率") for n in page.notes)


def test_one_straggler_does_not_make_a_year_with_records(db, monkeypatch):
    from lawdesk import charts

    drawn: list[int | None] = []
    real = charts.comparison_chart
    monkeypatch.setattr(charts, "comparison_chart",
                        lambda items, year, previous_year, **kw: drawn.append(previous_year) or real(items, year, previous_year, **kw))  # fmt: skip
    _town_first_year()
    page = _town_attachment()
    (table,) = page.tables
    assert table.header == ["指标", "2024年"]
    assert "新增" not in str(table.rows) and "2023年" not in str(table.rows)
    assert drawn == [None]  # no empty 2023 bars
    assert [c.caption for c in page.charts] == ["图1 2024年主要工作量", "图2 2024年主要办结率和满意率"]
    assert "2023年工作台账记录不全，本表不与上年比较。" in page.notes


def test_a_year_kept_in_every_quarter_is_compared(db):
    _town_first_year()
    for month, topic in ((2, "宪法"), (5, "民法典"), (8, "安全生产法")):
        records.create("study", {"date": f"2023-{month:02d}-10", "form": "集中学法", "topic": topic, "participants": 15})
    records.create("patrol", {"date": "2023-11-03", "area": "镇区"})
    page = _town_attachment()
    (table,) = page.tables
    assert table.header == ["指标", "2024年", "2023年", "同比"]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["开展集中学法"] == ["3次", "3次", "持平"]
    assert rows["办结12345市长热线"] == ["2件", "0件", "新增"]  # closed in 2024, both of them
    assert page.charts[0].caption == "图1 2024年与2023年主要工作量对比"


@pytest.mark.parametrize(
    "kinds_now,kinds_before,quarters,kept",
    [
        ({"study", "patrol", "hotline"}, {"hotline"}, 1, False),  # one straggler
        ({"hotline"}, {"hotline"}, 1, False),  # … even of the only kind this year has
        ({"study", "patrol", "hotline"}, {"study", "patrol"}, 2, False),  # begun in July
        ({"study", "patrol", "hotline"}, {"study", "patrol"}, 3, True),
        ({"study"}, {"study"}, 4, True),  # an office that only records its training
        ({"study", "patrol", "hotline", "meeting"}, {"study"}, 4, False),
    ],
)
def test_the_prior_year_rule(kinds_now, kinds_before, quarters, kept):
    from lawdesk.services.report_data import LedgerCoverage

    assert LedgerCoverage(frozenset(kinds_now), frozenset(kinds_before), quarters).kept is kept


def test_report_format_overrides_the_rule(db):
    from lawdesk.services.report_data import PRIOR_HIDE, PRIOR_SHOW

    _town_first_year()
    annual_report.save_report_profile(dataclasses.replace(annual_report.report_profile(), prior_year=PRIOR_SHOW))
    assert _town_attachment().tables[0].header == ["指标", "2024年", "2023年", "同比"]
    annual_report.save_report_profile(dataclasses.replace(annual_report.report_profile(), prior_year=PRIOR_HIDE))
    page = _town_attachment()
    assert page.tables[0].header == ["指标", "2024年"]
    assert not any("不全" in n for n in page.notes)  # the clerk's choice, not a gap to explain


def test_the_demo_year_before_can_be_hidden(demo_db):
    from lawdesk.services.report_data import PRIOR_HIDE

    annual_report.save_report_profile(dataclasses.replace(annual_report.report_profile(), prior_year=PRIOR_HIDE))
    _, page = _attachment(Period.year(2022))
    assert page.tables[0].header == ["指标", "2022年"]
    assert page.charts[0].caption == "图1 2022年主要工作量"


@pytest.mark.parametrize("values", [[1, 3, 2], [1, 0, 0], [0, 0, 0], [2, 1, 1]])
def test_count_axes_have_whole_number_ticks(values):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from lawdesk import charts

    fig = charts.comparison_chart([(f"工作{i}", float(v), float(v)) for i, v in enumerate(values)], 2024, 2023)
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.texts if t.get_gid() == "tick"]  # the labels under the axis
    assert len(ticks) >= 2 and all(t.isdigit() for t in ticks), ticks
    low, high = ax.get_xlim()
    assert low == 0 and float(ticks[-1]) <= high


def test_home_charts_follow_the_same_rule_and_draw(db):
    from lawdesk.services import report_data

    _town_first_year()
    comparison, rates, monthly = report_data.home_charts(2024)
    assert comparison.previous_year is None and all(prev is None for _l, _n, prev in comparison.items)
    assert rates.kind == "rates" and monthly.kind == "monthly"
    assert all(report_data.draw(spec).axes for spec in (comparison, rates, monthly))


def test_home_charts_compare_a_kept_year(demo_db):
    from lawdesk.services import report_data

    comparison = report_data.home_charts(2022)[0]
    assert comparison.previous_year == 2021 and comparison.title == "2022年与2021年主要工作量"
