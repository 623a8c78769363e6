"""The annual report from the records: every figure of the reference report, edits, versions, files."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from lawdesk.errors import LawdeskError
from lawdesk.services import annual_report, documents, records, settings
from lawdesk.services.period import Period

REPO = Path(__file__).resolve().parents[2]
ISSUE = dt.date(2023, 1, 9)

#: Every figure sentence of the reference report (金兰山街道, 2022; spaces removed).
REFERENCE_PHRASES = (
    "主持召开专题会议、班子会、推进会4次",
    "深入现场调研3次",
    "带队开展督查2次",
    "解决法律援助、基层治理、人居环境等法治领域问题5个",
    "开展治安巡逻26次",
    "排查化解矛盾纠纷100余起",
    "实现“一社区一警”“一社区一法律顾问”“一社区一支人民调解员队伍”全覆盖",
    "金兰山司法所成功创建省级五星规范化司法所",
    "开展集中学法4次",
    "开展社区干部法治教育培训2期",
    "共配备普法宣讲员3人，累计宣讲12场",
    "召开警示教育大会2次",
    "共办结“12345”市长热线45件、县交办件21件，按期办结率100%，群众满意率97%",
    "街道聘请庆勇律师事务所主任担任法律顾问",
    "建成高标准的金兰山街道公共法律服务工作站",
)


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def report_2022(demo_db, tmp_path: Path) -> Path:
    out = tmp_path / "报告.docx"
    annual_report.export_report(Period.year(2022), out, issue_date=ISSUE)
    return out


def test_the_2022_report_carries_every_figure_of_the_reference(report_2022: Path):
    text = _text(report_2022)
    for phrase in REFERENCE_PHRASES:
        assert phrase in text, phrase


def test_header_title_addressee_and_signature_match_the_reference(report_2022: Path):
    paragraphs = [p.text for p in docx.Document(str(report_2022)).paragraphs if p.text.strip()]
    assert paragraphs[0] == "中共新县金兰山街道工作委员会文件"
    assert re.match(r"^金文〔2023〕5号\t签发人：张健平\u3000余志强$", paragraphs[1])
    title = "".join(paragraphs[2:5])
    assert title == "中共新县金兰山街道工作委员会新县金兰山街道办事处关于2022年度法治政府建设工作情况的报告"
    assert paragraphs[5] == "县委、县政府："
    assert paragraphs[6].startswith("2022年在县委、县政府的坚强领导下，金兰山街道深入学习贯彻习近平法治思想")
    # sealed joint document (GB/T 9704 §7.3.5.1): the organs side by side, the date under the last
    document = docx.Document(str(report_2022))
    signature = next(t for t in document.tables if "2023年1月9日" in "".join(c.text for c in t._cells))
    rows = [[c.text for c in row.cells] for row in signature.rows]
    assert rows[0] == ["中共新县金兰山街道工作委员会", "新县金兰山街道办事处"]
    assert set(rows[1]) == {"2023年1月9日"}  # one cell across the row: the date never wraps
    assert "（此件公开发布）" in paragraphs


def test_the_public_version_has_no_masthead_but_the_same_body(demo_db, tmp_path: Path, report_2022: Path):
    public = tmp_path / "公开版.docx"
    annual_report.export_report(Period.year(2022), public, public=True, issue_date=ISSUE)
    text = _text(public)
    assert "工作委员会文件" not in text and "签发人" not in text and "金文〔" not in text
    assert "抄送" not in text
    for phrase in REFERENCE_PHRASES:
        assert phrase in text


def test_the_stored_narrative_keeps_placeholders_so_record_edits_update_the_report(demo_db, tmp_path: Path):
    annual_report.save_narrative(2022, "s2_2", "全年办结热线{hotline_closed}件，开展治安巡逻{patrols}次。")
    assert "{patrols}" in settings.narrative(2022, "s2_2")
    records.create("patrol", {"date": "2022-07-01", "area": "新增巡逻路段"})
    out = tmp_path / "r.docx"
    annual_report.export_report(Period.year(2022), out, issue_date=ISSUE, attachment=False)
    text = _text(out)
    assert "全年办结热线45件，开展治安巡逻27次。" in text
    annual_report.reset_narrative(2022, "s2_2")
    assert settings.narrative(2022, "s2_2") is None


def test_an_empty_year_gives_no_absurd_zero_sentence(demo_db, tmp_path: Path):
    out = tmp_path / "empty.docx"
    result = annual_report.export_report(Period.year(2030), out, issue_date=dt.date(2031, 1, 5), attachment=False)
    text = _text(result.docx_path)
    assert not re.search(r"(?<![0-9.])0(次|人|场|件|期|起|个|%)", text), text
    assert "开展治安巡逻" not in text
    assert "关于2030年度法治政府建设工作情况的报告" in text.replace("\n", "")


def test_a_custom_period_names_its_dates(demo_db, tmp_path: Path):
    period = Period(dt.date(2022, 1, 1), dt.date(2022, 11, 20))
    ctx, _ = annual_report.build_context(period, issue_date=ISSUE, attachment=False)
    assert ctx.title.endswith("关于2022年1月1日至11月20日法治政府建设工作情况的报告")
    assert "2021年12月1日至2022年11月30日" in documents.ANNUAL.title({}, Period(dt.date(2021, 12, 1), dt.date(2022, 11, 30)))


def test_the_data_attachment_compares_with_the_previous_year(demo_db):
    ctx, _ = annual_report.build_context(Period.year(2022), issue_date=ISSUE)
    (page,) = ctx.attachments
    table = page.tables[0]
    assert table.header == ["指标", "2022年", "2021年", "同比"]
    patrols = next(row for row in table.rows if row[0] == "开展治安巡逻")
    assert patrols[1:] == ["26次", "20次", "+30.0%"]
    assert len(page.charts) == 2 and all(c.png.startswith(b"\x89PNG") for c in page.charts)


def test_unknown_placeholders_come_back_as_warnings(demo_db, tmp_path: Path):
    annual_report.save_narrative(2022, "closing", "结尾{no_such_figure}。")
    result = annual_report.export_report(Period.year(2022), tmp_path / "w.docx", issue_date=ISSUE, attachment=False)
    assert any("{no_such_figure}" in w for w in result.warnings)
    assert "注意" in result.message


def test_a_report_needs_the_unit_profile(db, tmp_path: Path):
    with pytest.raises(LawdeskError, match="单位设置"):
        annual_report.export_report(Period.year(2022), tmp_path / "x.docx")


def test_a_database_whose_office_is_not_named_yet_asks_for_the_unit_profile(empty_db, tmp_path: Path):
    """A new database has no unit until its first 单位设置: it is an office to name, not a county."""
    with pytest.raises(LawdeskError) as info:
        annual_report.export_report(Period.year(2022), tmp_path / "x.docx")
    assert "单位设置" in info.value.message and "县级" not in info.value.message, info.value.message
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.sqlite_only
def test_cli_report_right_after_init_asks_for_the_unit_profile(tmp_path: Path, capsys):
    from lawdesk import cli

    db = tmp_path / "台账.db"
    assert cli.main(["--db", str(db), "init"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(db), "report", "--year", "2022", "--out", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err
    assert "单位设置" in err and "县级" not in err and "Traceback" not in err, err


def test_a_failed_write_keeps_the_previous_good_report(demo_db, tmp_path: Path, monkeypatch):
    out = tmp_path / "报告.docx"
    annual_report.export_report(Period.year(2022), out, issue_date=ISSUE, attachment=False)
    good = out.read_bytes()

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lawdesk.safe_write.os.replace", broken)
    with pytest.raises(LawdeskError):
        annual_report.export_report(Period.year(2022), out, issue_date=ISSUE, attachment=False)
    assert out.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_file_locked_by_word_or_wps_gets_a_clear_message(demo_db, tmp_path: Path, windows):
    out = tmp_path / "报告.docx"
    out.write_bytes(b"open in WPS")
    with windows.hold(out), pytest.raises(LawdeskError, match="WPS 或 Word"):
        annual_report.export_report(Period.year(2022), out, issue_date=ISSUE, attachment=False)
    assert out.read_bytes() == b"open in WPS"


def test_the_generated_report_passes_the_format_check(report_2022: Path):
    from lawdesk.report.check import check_docx

    errors = [f for f in check_docx(report_2022) if f.severity == "错误"]
    assert errors == []


def test_a_report_to_send_names_its_signer(demo_db, tmp_path: Path):
    """GB/T 9704 §7.2.6: a 上行文 carries 签发人 and the name. Without a 签发人 in 单位设置 the 报送版
    is refused (the 征求意见稿 and the 公开版 are not), and ``check`` calls a nameless 签发人 an error."""
    from lawdesk.report.check import ERROR, check_docx

    settings.save_profile({"signers": ""})
    target = tmp_path / "报告.docx"
    with pytest.raises(LawdeskError, match="签发人"):
        annual_report.export_report(Period.year(2022), target, page_count="grid")
    assert not target.exists()
    annual_report.export_report(Period.year(2022), tmp_path / "公开版.docx", public=True, page_count="grid")
    draft = tmp_path / "征求意见稿.docx"
    annual_report.export_report(Period.year(2022), draft, draft=True, page_count="grid")
    nameless = [f for f in check_docx(draft) if f.severity == ERROR and f.code == "4.25"]
    assert nameless and "签发人姓名" in nameless[0].message
    settings.save_profile({"signers": "张健平"})
    annual_report.export_report(Period.year(2022), target, page_count="grid")
    assert not [f for f in check_docx(target) if f.code == "4.25" and f.severity == ERROR]


def test_placeholders_cover_every_figure():
    keys = {k for k, _label in annual_report.placeholders()}
    from lawdesk.services.stats import FIGURES

    assert {f.key for f in FIGURES} <= keys and {"year", "unit_name"} <= keys


def test_cli_report_writes_the_docx(tmp_path: Path):
    db = tmp_path / "演示数据.db"  # the demo goes only into its own file
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "lawdesk", "--db", str(db), *a], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert run("demo").returncode == 0
    out = tmp_path / "报告.docx"
    done = run("report", "--year", "2022", "--out", str(out), "--date", "2023-01-09")
    assert done.returncode == 0, done.stderr
    assert out.is_file() and "已生成2022年度" in done.stdout
    assert "开展治安巡逻26次" in _text(out)
    bad = run("report", "--year", "2022", "--out", str(tmp_path / "nowhere" / "x.docx"))
    assert bad.returncode == 1 and "保存位置不存在" in bad.stderr and "Traceback" not in bad.stderr


def test_chart_pictures_are_not_clipped_by_the_exact_line_pitch(report_2022: Path):
    # Regression: the picture paragraphs inherited the body's exact 579-twip line, so LibreOffice
    # and Word showed only a 10 mm strip of each chart.
    from docx.oxml.ns import qn

    document = docx.Document(str(report_2022))
    pictures = [p for p in document.paragraphs if p._p.findall(".//" + qn("w:drawing"))]
    assert len(pictures) == 2
    for p in pictures:
        spacing = p._p.pPr.find(qn("w:spacing"))
        assert spacing.get(qn("w:lineRule")) != "exact"


# ---------------------------------------------------------------- the narrative model (issue 7)


def test_an_old_form_narrative_is_migrated_and_still_drops_a_zero_clause(db, tmp_path: Path):
    from lawdesk import db as dbmod
    from lawdesk.models import ReportNarrative

    old = "联合{partner_units}，开展治安巡逻{patrols}次、排查化解矛盾纠纷{disputes_resolved}起。完善机制。"
    ReportNarrative.create(year=2022, section="s2_2", text=old)
    ReportNarrative.create(year=2022, section="s2_2.heading", text="（二）旧标题{year}")
    database = dbmod.database.obj
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0004_narrative_grammar'")
    assert dbmod.run_migrations(database) == ["0004_narrative_grammar"]
    stored = settings.narrative(2022, "s2_2")
    assert stored == "［［联合{partner_units}］，［开展治安巡逻{patrols}次］、［排查化解矛盾纠纷{disputes_resolved}起］。］完善机制。"
    assert settings.narrative(2022, "s2_2.heading") == "（二）旧标题{year}"
    values = {"partner_units": [], "patrols": 0, "disputes_resolved": 5, "year": 2022, "next_year": 2023}
    assert annual_report.fill(stored, values) == "排查化解矛盾纠纷5起。完善机制。"


def test_a_stored_heading_of_the_first_version_is_read_without_its_number(demo_db):
    from lawdesk.models import ReportNarrative

    ReportNarrative.create(year=2022, section="s2_2.heading", text="（二）推进依法执政{year}。")
    ctx, _ = annual_report.build_context(Period.year(2022), issue_date=ISSUE, attachment=False)
    assert any(p.heading == "（二）推进依法执政2022。" for p in ctx.body)


def test_the_regulations_outline_gives_five_numbered_sections(demo_db):
    from lawdesk.report.outline import REGULATIONS_NAME

    annual_report.use_built_in_outline(REGULATIONS_NAME)
    ctx, warnings = annual_report.build_context(Period.year(2022), issue_date=ISSUE, attachment=False)
    level1 = [p.heading for p in ctx.body if p.level == 1]
    assert level1 == [
        "一、2022年度推进法治政府建设的主要举措和成效。",
        "二、2022年度推进法治政府建设存在的不足和原因。",
        "三、2022年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况。",
        "四、2023年度推进法治政府建设的主要安排。",
        "五、其他需要报告的情况。",
    ]
    assert not [w for w in warnings if w.startswith("文字检查")]
    text = "\n".join(p.heading + p.text for p in ctx.body)
    # the built-in outline's own fields of work: the records' figures in the program's data clauses
    for phrase in ("开展治安巡逻26次", "排查化解矛盾纠纷100余起", "开展集中学法4次", "开展社区干部法治教育培训2期",
                   "共配备普法宣讲员3人，开展普法宣讲12场", "召开警示教育大会2次", "按期办结率100%，群众满意率97%"):
        assert phrase in text, phrase
    # the office's own words stay its own: its 不足 and 计划 carry over, 其他 asks for its words
    assert "（二）历史遗留问题多。" in [p.heading for p in ctx.body]
    assert "〔请填写：其他需要报告的情况" in text


def test_an_added_subsection_is_numbered_and_its_text_saved_per_year(demo_db):
    outline = annual_report.report_outline()
    node = outline.add("加强法治宣传教育。", parent="s2")
    annual_report.save_report_outline(outline)
    annual_report.save_narrative(2022, node.key, "全年［开展普法宣讲{lectures}场，］覆盖全部社区。")
    ctx, _ = annual_report.build_context(Period.year(2022), issue_date=ISSUE, attachment=False)
    added = next(p for p in ctx.body if p.heading.startswith("（五）"))
    assert (added.heading, added.text) == ("（五）加强法治宣传教育。", "全年开展普法宣讲12场，覆盖全部社区。")


def test_suggested_shortcomings_enter_the_report_only_when_ticked(demo_db):
    period = Period.year(2022)
    offered = [s.id for s in annual_report.offered_suggestions(records_figures(period))]
    assert offered == ["problems_unsolved"]  # the demo's 2022: 4 of the problems found are open
    ctx, _ = annual_report.build_context(period, issue_date=ISSUE, attachment=False)
    assert not any("整改尚未到位" in p.heading for p in ctx.body)
    annual_report.save_chosen_suggestions(2022, ["problems_unsolved", "hotline_late"])
    assert settings.get("report_suggestions_2022") == ["hotline_late", "problems_unsolved"]
    ctx, warnings = annual_report.build_context(period, issue_date=ISSUE, attachment=False)
    point = next(p for p in ctx.body if "整改尚未到位" in p.heading)
    assert point.heading == "（一）部分问题整改尚未到位。" and "尚有4个未解决" in point.text
    assert not any("超期办结" in p.text for p in ctx.body)  # ticked, but not true in 2022: left out
    assert any(p.heading == "（二）权责不清。" for p in ctx.body) and warnings == []
    assert annual_report.chosen_suggestions(2023) == []  # consent is per year
    with pytest.raises(LawdeskError):
        annual_report.save_chosen_suggestions(2022, ["no_such"])


def records_figures(period: Period) -> dict[str, object]:
    from lawdesk.services import stats

    return stats.compute(period).values


def test_a_broken_narrative_is_reported_at_export_and_by_check(demo_db, tmp_path: Path):
    from lawdesk.report.check import check_docx

    annual_report.save_narrative(2022, "closing", "结尾，。在决策前慎密论证。")
    out = tmp_path / "broken.docx"
    result = annual_report.export_report(Period.year(2022), out, issue_date=ISSUE, attachment=False)
    assert any(w.startswith("文字检查：标点连用") for w in result.warnings)
    assert any("慎密" in w for w in result.warnings)
    codes = {(f.severity, f.code) for f in check_docx(out)}
    assert ("错误", "T1") in codes and ("警告", "P5") in codes


def test_the_demo_report_passes_the_linter_and_the_proofreader(demo_db):
    ctx, warnings = annual_report.build_context(Period.year(2022), issue_date=ISSUE, attachment=False)
    assert warnings == []


def test_renaming_a_section_replaces_a_heading_stored_by_the_first_version(demo_db):
    from lawdesk.models import ReportNarrative

    ReportNarrative.create(year=2022, section="s2_2.heading", text="（二）旧的标题。")
    outline = annual_report.report_outline()
    annual_report.rename_section(outline, "s2_2", "推进依法执政。", 2022)
    assert settings.narrative(2022, "s2_2.heading") is None
    ctx, _ = annual_report.build_context(Period.year(2022), issue_date=ISSUE, attachment=False)
    assert any(p.heading == "（二）推进依法执政。" for p in ctx.body)
