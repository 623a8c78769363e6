"""The data attachment is honest: the body's rounding, rate definitions, charts drawn only from
the table, no empty prior year, a table that reads across pages (GB/T 9704 §7.3.7 附件)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lawdesk.charts import NO_LINE_START, _wrap
from lawdesk.report.docx.attachment import _cell_chars, column_widths
from lawdesk.services import reports, stats
from lawdesk.services.period import Period

ISSUE = dt.date(2023, 1, 9)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _attachment(period: Period):
    ctx, _ = reports.build_context(period, issue_date=ISSUE)
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
    for key in (*reports.CHART_KEYS, *reports.RATE_CHART_KEYS):
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
    part = stats.compute(period, keys=reports.PREVIOUS_KEYS)
    assert part.lists == {}
    assert set(reports.PREVIOUS_KEYS) <= set(part.values) < set(full.values)
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
    reports.export_report(Period.year(2022), out, issue_date=ISSUE)
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
