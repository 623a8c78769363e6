"""The half-year summary (上半年法治政府建设工作总结): the same records, engine and gate as the annual
report, its own period, outline, words, layout and comparison with the same period of last year.

The demo office and two offices invented here (a 街道 with a full first half, a 镇 with three
records) write their summary for the first half of a year: every figure equals ``stats`` over
1 January – 30 June, every sentence is backed, and nothing the linter, proofreader or ``check``
could find is in the document.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import docx
import pytest

from lawdesk import cli
from lawdesk import db as dbmod
from lawdesk.report import claims as claims_model
from lawdesk.report import half_year_content
from lawdesk.services import annual_report, documents, gate, half_year, records, stats
from lawdesk.services.half_year import HalfYearOptions
from lawdesk.services.period import Period
from lawdesk.services.report_settings import ReportOptions
from tests.document_checks import (
    assert_body_written,
    assert_clean,
    assert_figures_equal,
    docx_paragraphs,
    printed,
)
from tests.report.test_claims import _unsourced, baishi_town, qingsong_street

H1_2022 = Period.first_half(2022)
H1_2024 = Period.first_half(2024)
ISSUE = dt.date(2024, 7, 5)
WORDS = {
    "preamble": "{span}，本单位在县委、县政府领导下推进法治政府建设。现将有关情况报告如下：",
    "h2": "（一）台账记录还不够及时。",
    "h3": "（一）按月整理台账。",
}


def _write_words(year: int, *, unit: object = None) -> None:
    for key, text in WORDS.items():
        half_year.save_text(year, key, text, unit)


def _figures_checked(period: Period, built) -> int:  # noqa: ANN001 - a writing.BuiltReport
    figures = stats.compute(period)
    rates = {f.key for f in stats.FIGURES if f.is_rate}
    expected = printed(figures.values, rates, ReportOptions.load().fill_options)
    return assert_figures_equal(built.text.claims, expected, annual_report.record_placeholders())


# -- the period, the title, the file name ------------------------------------------------------


def test_the_period_title_and_file_name() -> None:
    assert half_year.default_period(2022) == Period(dt.date(2022, 1, 1), dt.date(2022, 6, 30))
    assert H1_2022.half == "上半年" and Period(dt.date(2022, 7, 1), dt.date(2022, 12, 31)).half == "下半年"
    assert Period.year(2022).half is None and Period(dt.date(2022, 1, 1), dt.date(2022, 5, 31)).half is None
    profile = {"party_organ": "中共新县青松街道工作委员会", "government_organ": "新县青松街道办事处"}
    assert documents.HALF_YEAR.title(profile, H1_2022) == (
        "中共新县青松街道工作委员会 新县青松街道办事处 关于2022年上半年法治政府建设 工作总结的报告")
    assert documents.HALF_YEAR.file_name("青松街道", H1_2022) == "青松街道关于2022年上半年法治政府建设工作总结的报告.docx"
    any_span = Period(dt.date(2022, 1, 1), dt.date(2022, 5, 31))
    assert documents.HALF_YEAR.what(any_span) == "2022年1月1日至5月31日法治政府建设工作总结报告"
    words = annual_report.period_words(H1_2022)
    assert words == {"span": "2022年上半年", "span_word": "上半年", "next_span": "下半年"}
    assert annual_report.period_words(Period(dt.date(2022, 7, 1), dt.date(2022, 12, 31)))["next_span"] == "2023年上半年"


# -- the demo office: figures equal ``stats --start 2022-01-01 --end 2022-06-30`` -----------------


def test_the_demo_offices_summary_prints_the_figures_of_lawdesk_stats(_demo_template: Path, tmp_path: Path,
                                                                       capsys) -> None:  # fmt: skip
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    assert cli.main(["--db", str(path), "stats", "--start", "2022-01-01", "--end", "2022-06-30", "--json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    dbmod.open_database(path, backup=False)
    try:
        _write_words(2022)
        built = half_year.build_half_year(H1_2022, issue_date=ISSUE)
        rates = {f.key for f in stats.FIGURES if f.is_rate}
        values = {k: v for k, v in from_cli.items() if k in stats.FIGURES_BY_KEY}
        expected = printed(values, rates, ReportOptions.load().fill_options)
        compared = assert_figures_equal(built.text.claims, expected, annual_report.record_placeholders())
        assert compared >= 30  # every field of work of the demo's first half speaks
        assert built.text.prompts == []
    finally:
        dbmod.close_database()
    out = tmp_path / "半年总结.docx"
    assert cli.main(["--db", str(path), "report", "--kind", "half-year", "--year", "2022", "--out", str(out),
                     "--date", "2022-07-05"]) == cli.EXIT_OK  # fmt: skip
    assert "2022年上半年法治政府建设工作总结报告（报送版）" in capsys.readouterr().out
    text = "\n".join(docx_paragraphs(out))
    assert "开展治安巡逻13次" in text and "组织学法培训9次" in text and "受理矛盾纠纷56起" in text
    assert f"开展治安巡逻{from_cli['patrols']}次" in text
    assert "县委依法治县办：" in text and "金文〔" not in text  # no 版头 by default, 主送 the 依法治县办
    assert "一、2022年上半年法治政府建设工作开展情况" in text and "三、下半年工作打算" in text
    assert "2022年上半年与2021年上半年主要工作量对比" in text  # 同比: the demo kept its 2021 ledger
    dbmod.open_database(path, backup=False)
    try:
        assert_body_written(out, built.text)
        assert_clean(out, built.text)
    finally:
        dbmod.close_database()


# -- two offices invented here --------------------------------------------------------------------


def test_a_street_office_writes_its_first_half(db, tmp_path: Path) -> None:
    qingsong_street()  # its year's records; its annual report's words are not the summary's
    built = half_year.build_half_year(H1_2024, issue_date=ISSUE, attachment=False)
    asked = {c.section for c in built.text.prompts}
    assert asked == {"preamble", "h2", "h3"}  # the summary has words of its own to be written
    _write_words(2024)
    built = half_year.build_half_year(H1_2024, issue_date=ISSUE)
    assert built.text.prompts == []
    assert _figures_checked(H1_2024, built) > 10
    body = "\n".join(c.text for c in built.text.claims)
    assert "开展治安巡逻" not in body  # its patrols are in July: not in the first half
    assert "2024年上半年，本单位在县委、县政府领导下推进法治政府建设。" in body
    for claim in built.text.claims:  # every sentence: data, the office's words, a heading or the formula
        assert claim.kind in (claims_model.DATA, claims_model.OFFICE, claims_model.HEADING, claims_model.FORMULA), claim
    result = half_year.export_half_year(H1_2024, tmp_path / "青松街道半年.docx", issue_date=ISSUE, page_count="grid")
    assert "报送版" in result.message
    assert_body_written(result.docx_path, built.text)
    assert_clean(result.docx_path, built.text)
    # its ledger began in 2024: no 同比 column, and the table says nothing of a year before
    text = "\n".join(docx_paragraphs(result.docx_path))
    table = docx.Document(str(result.docx_path)).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["指标", "2024年上半年"]
    assert "2023年" not in text


def test_a_town_with_three_records_is_asked_for_its_words(db, tmp_path: Path) -> None:
    baishi_town()
    built = half_year.build_half_year(H1_2024, issue_date=ISSUE, attachment=False)
    body = "\n".join(c.text for c in built.text.claims)
    assert "依托镇人民调解委员会调处" in body and "组织学法培训1次" in body
    assert "治安巡逻" not in body  # 2024-07-01: the second half
    assert "街道" not in body and "社区" not in body
    asked = {c.section for c in built.text.prompts}
    assert {"preamble", "hd", "h2", "h3", "m2", "m4", "m5"} <= asked
    with pytest.raises(gate.PromptsRemain) as refused:
        half_year.export_half_year(H1_2024, tmp_path / "白石镇.docx", issue_date=ISSUE, page_count="grid")
    assert "开头" in refused.value.message and "下半年工作打算" in refused.value.message
    draft = half_year.export_half_year(H1_2024, tmp_path / "白石镇（征求意见稿）.docx", issue_date=ISSUE,
                                       page_count="grid", draft=True)  # fmt: skip
    assert "征求意见稿" in draft.message
    for key in asked:
        half_year.save_text(2024, key, WORDS.get(key, "本镇这方面的工作情况。"))
    built = half_year.build_half_year(H1_2024, issue_date=ISSUE)
    assert built.text.prompts == [] and _figures_checked(H1_2024, built) >= 3
    result = half_year.export_half_year(H1_2024, tmp_path / "白石镇.docx", issue_date=ISSUE, page_count="grid")
    assert_clean(result.docx_path, built.text)


# -- layout: with or without 版头, 主送 ----------------------------------------------------------------


def test_the_layout_is_the_offices_choice(db, tmp_path: Path) -> None:
    qingsong_street()
    _write_words(2024)
    plain = half_year.export_half_year(H1_2024, tmp_path / "无版头.docx", issue_date=ISSUE, page_count="grid")
    text = "\n".join(docx_paragraphs(plain.docx_path))
    assert docx_paragraphs(plain.docx_path)[2:4] == ["关于2024年上半年法治政府建设", "工作总结的报告"]  # not 法治/政府
    assert "县委依法治县办：" in text and "青文〔2024〕" not in text and "签发人" not in text
    assert "此件公开发布" not in text and "印发" not in text  # no 附注, no 版记
    HalfYearOptions(masthead=True, addressee="县委全面依法治县委员会办公室").save()
    headed = half_year.export_half_year(H1_2024, tmp_path / "有版头.docx", issue_date=ISSUE, page_count="grid",
                                        doc_number=7)  # fmt: skip
    text = "\n".join(docx_paragraphs(headed.docx_path))
    assert "中共新县青松街道工作委员会文件" in text and "青文〔2024〕7号" in text
    assert "县委全面依法治县委员会办公室：" in text
    assert_clean(headed.docx_path)
    with pytest.raises(Exception, match="主送机关"):
        HalfYearOptions(addressee=" ").save()


# -- 同比: the same period of the year before, under the 附件's rule ---------------------------------


def test_one_straggler_in_the_first_half_before_does_not_make_a_comparison(db) -> None:
    qingsong_street()
    records.create("patrol", {"date": "2023-03-02", "area": "老街"})  # one record of 2023's first half
    built = half_year.build_half_year(H1_2024, issue_date=ISSUE)
    table = built.ctx.attachments[0].tables[0]
    assert table.header == ["指标", "2024年上半年"]
    assert any("2023年上半年工作台账记录不全" in n for n in built.ctx.attachments[0].notes)


def test_the_demo_compares_with_its_first_half_before(demo_db) -> None:
    built = half_year.build_half_year(H1_2022, issue_date=ISSUE)
    page = built.ctx.attachments[0]
    assert page.title == "2022年上半年法治政府建设主要数据"
    assert page.tables[0].header == ["指标", "2022年上半年", "2021年上半年", "同比"]
    patrols = next(r for r in page.tables[0].rows if r[0] == "开展治安巡逻")
    before = stats.compute(Period.first_half(2021))["patrols"]
    assert patrols[1:3] == [f"{stats.compute(H1_2022)['patrols']}次", f"{before}次"]


# -- its own outline and words, apart from the annual report's -------------------------------------


def test_its_outline_and_words_are_its_own(db) -> None:
    qingsong_street()
    _write_words(2024)
    outline = half_year.WORDS.outline()
    assert outline.name == half_year_content.NAME
    outline.rename("h2", "存在的不足")
    outline.remove("m4")
    half_year.WORDS.save_outline(outline)
    built = half_year.build_half_year(H1_2024, issue_date=ISSUE, attachment=False)
    headings = [c.text for c in built.text.claims if c.kind == claims_model.HEADING]
    assert "二、存在的不足" in headings and not any("群众诉求办理" in h for h in headings)
    assert annual_report.report_outline().find("s3") is not None  # the annual report's outline is untouched
    assert annual_report.section_texts(2024).get("preamble").text != WORDS["preamble"]  # nor are its words
    assert half_year.WORDS.use_built_in(half_year_content.NAME).find("m4") is not None
    with pytest.raises(Exception, match="半年总结中没有"):
        half_year.save_text(2024, "s3", "年度报告的部分")


def test_the_summarys_own_texts_name_no_specific_without_a_record() -> None:
    names = annual_report.placeholder_names()
    texts = [(k, t) for k, t in half_year_content.DEFAULT_TEXTS.items()]
    # a prompt may quote a tab of the program or the formula that ends an opening, never a specific
    texts += [(f"prompt {k}", re.sub(r"“[^”]*”", "", t)) for k, t in half_year_content.EMPTY_PROMPTS.items()]
    texts += [(f"outline {n.key}", n.title) for n in half_year_content.outline().walk()]
    assert {k: found for k, t in texts if (found := _unsourced(t, names))} == {}


def test_the_cli_asks_for_the_words_then_writes(db_path: Path, tmp_path: Path, capsys) -> None:
    dbmod.open_database(db_path, create=True)
    qingsong_street()
    dbmod.close_database()
    out = tmp_path / "h.docx"
    args = ["--db", str(db_path), "report", "--kind", "half-year", "--year", "2024", "--out", str(out)]
    assert cli.main(args) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "不能生成报送版" in err and "开头" in err and "三、下半年工作打算" in err
    assert cli.main([*args, "--draft"]) == cli.EXIT_OK and out.exists()
    assert cli.main([*args, "--person", "李青"]) == cli.EXIT_ERROR
    assert "--person 只用于述法报告" in capsys.readouterr().err


def test_the_charts_name_the_half_years_not_whole_years(demo_db) -> None:
    from lawdesk.services import report_data

    figures, previous = stats.compute(H1_2022), stats.compute(Period.first_half(2021))
    texts = report_data._attachment_texts(figures, ReportOptions())
    spec = report_data.report_charts(H1_2022, figures, previous, texts)[0]
    assert spec.title == "2022年上半年与2021年上半年主要工作量对比"
    assert spec.legend == ("2022年上半年", "2021年上半年")
    figure = report_data.draw(spec)
    shown = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    shown += [t.get_text() for ax in figure.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert shown == ["2022年上半年", "2021年上半年"]
    year = report_data.report_charts(Period.year(2022), figures, previous, texts)[0]
    assert year.legend is None and year.title == "2022年与2021年主要工作量对比"  # whole years as before
