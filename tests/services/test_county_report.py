"""The county's reports: the 全县乡镇（街道） report summed over the offices, and each office's own
report regenerated at the county from its data (services.county_report)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest

from lawdesk import cli
from lawdesk.errors import LawdeskError
from lawdesk.models import Unit, model_for
from lawdesk.report import county_content, lint, narrative, proofread
from lawdesk.report.check import ERROR, check_document
from lawdesk.report.outline import REGULATIONS_NAME, built_in, county_outline
from lawdesk.services import annual_report, records, stats, submissions, units
from lawdesk.services import county_report as cr
from lawdesk.services.period import Period
from tests.conftest import name_the_office

YEAR = Period.year(2024)
ISSUE = dt.date(2025, 1, 15)

COUNTY_PROFILE = {
    "unit_name": "新县依法治县办", "county_name": "新县", "party_organ": "中共新县委员会全面依法治县委员会办公室",
    "issuer_mark": "中共新县委员会全面依法治县委员会办公室文件", "doc_prefix": "新法办", "next_doc_number": 3,
    "signers": "李明", "addressee": "中共新县委员会全面依法治县委员会",
    "copy_to": "县委办公室、县政府办公室、县司法局", "print_organ": "新县依法治县办",
}  # fmt: skip
SHIMEN_PROFILE = {
    "unit_name": "石门街道", "county_name": "新县", "party_organ": "中共新县石门街道工作委员会",
    "government_organ": "新县石门街道办事处", "issuer_mark": "中共新县石门街道工作委员会文件", "doc_prefix": "石文",
    "next_doc_number": 7, "signers": "王强、赵敏", "addressee": "县委、县政府",
    "print_organ": "中共新县石门街道工作委员会办公室", "legal_adviser_firm": "石门律师事务所",
}  # fmt: skip
CHENGGUAN_PROFILE = {
    "unit_name": "城关镇", "county_name": "新县", "party_organ": "中共新县城关镇委员会",
    "government_organ": "新县城关镇人民政府", "issuer_mark": "中共新县城关镇委员会文件", "doc_prefix": "城文",
    "signers": "孙立", "addressee": "县委、县政府",
}  # fmt: skip


#: An office's own words for the parts no record can write.
OFFICE_WORDS = {
    "preamble": "2024年，{name}推进法治政府建设各项工作。现将有关工作情况报告如下：",
    "s3": "（一）台账记录还不够及时。",
    "s4": "（一）按月整理台账。",
}


def _add(owner: Unit, record_kind: str, n: int, /, **data: object) -> None:
    for i in range(n):
        records.create(record_kind, {k: (v(i) if callable(v) else v) for k, v in data.items()}, unit=owner)


def _day(month: int):
    return lambda i: f"2024-{month:02d}-{i % 27 + 1:02d}"


def build_county() -> SimpleNamespace:
    """A county database: the county unit, 石门街道 (much data), 城关镇 (sparse), 青山镇 (nothing),
    and one record of the county unit itself."""
    (first,) = units.list_units()  # a new database holds its own unit: it becomes 石门街道
    Unit.update(name="石门街道", kind="街道", code="shimen").where(Unit.id == first.id).execute()
    units.clear_cache()
    county = units.create_unit("新县", "县", code="xinxian")
    shimen = units.get_unit(first.id)
    chengguan = units.create_unit("城关镇", "乡镇", code="chengguan")
    qingshan = units.create_unit("青山镇", "乡镇", code="qingshan")
    assert units.current_unit() is None  # several units: the county reads every one

    _add(shimen, "meeting", 3, date=_day(3), kind="法治建设专题会议", title="专题会议", is_principal_led=True,
         on_rule_of_law=True)  # fmt: skip
    _add(shimen, "meeting", 1, date=_day(5), kind="警示教育大会", title="警示教育大会", is_principal_led=True)
    _add(shimen, "supervision", 2, date=_day(4), kind="调研", subject="调研", is_principal_led=True)
    _add(shimen, "supervision", 1, date=_day(6), kind="督查", subject="督查", is_principal_led=True,
         problem_field="基层治理", problems_found=3, problems_solved=2)  # fmt: skip
    _add(shimen, "patrol", 5, date=_day(7), area="老街", partner_units="派出所", persons=6)
    _add(shimen, "dispute", 3, received_date=_day(2), summary="邻里", dispute_type="邻里纠纷", status="调解成功",
         closed_date=_day(3))  # fmt: skip
    _add(shimen, "dispute", 1, received_date="2024-05-01", summary="欠薪", dispute_type="劳动争议(欠薪)", status="调解中")
    _add(shimen, "study", 2, date=_day(3), form="集中学法", topic="宪法")
    _add(shimen, "study", 1, date=_day(8), form="社区干部法治教育培训", topic="民法典", participants=40)
    _add(shimen, "lecturer", 2, name=lambda i: f"宣讲员{i}", unit="司法所", appointed_on="2023-01-01")
    _add(shimen, "lecture", 3, date=_day(9), topic="普法", venue_type="进社区", audience=100)
    _add(shimen, "hotline", 3, channel="12345市长热线", received_date=_day(3), due_date=_day(5), closed_date=_day(4),
         summary="诉求", feedback="满意")  # fmt: skip
    _add(shimen, "hotline", 1, channel="县交办件", received_date=_day(3), due_date=_day(5), closed_date=_day(4),
         summary="交办", feedback="满意")  # fmt: skip
    _add(shimen, "review", 2, received_date=_day(6), title="合同", category="行政机关合同", opinion_letter=True)
    _add(shimen, "honor", 1, date="2024-10-01", title="省级五星规范化司法所", holder="石门司法所", level="省级")
    # 城关镇: sparse, but more patrols than 石门街道 (so it is named first), and late cases
    _add(chengguan, "meeting", 1, date=_day(3), kind="法治建设推进会", title="推进会", is_principal_led=True,
         on_rule_of_law=True)  # fmt: skip
    _add(chengguan, "patrol", 8, date=_day(7), area="集镇")
    _add(chengguan, "dispute", 2, received_date=_day(2), summary="土地", dispute_type="土地山林", status="调解成功",
         closed_date=_day(4))  # fmt: skip
    _add(chengguan, "hotline", 2, channel="12345市长热线", received_date=_day(3), due_date=_day(4),
         closed_date=_day(9), summary="诉求", feedback="基本满意")  # fmt: skip
    # the county unit's own record: not an office's work
    _add(county, "patrol", 1, date="2024-06-01", area="县城")

    cr.save_county_profile(COUNTY_PROFILE)
    cr.save_unit_profile(shimen, SHIMEN_PROFILE)
    cr.save_unit_profile(chengguan, CHENGGUAN_PROFILE)
    for office in (shimen, chengguan):  # their packages of 2024 arrived; 青山镇's did not
        now = dt.datetime.now()
        submissions.record_package(office, YEAR, now, user="测试员", at=now)
    # the words each writes itself: the county's plans, each office's opening, 不足 and 计划
    cr.save_county_narrative(2024, "cs4", "（一）健全台账报送和督促指导机制。按季度汇总各乡镇（街道）台账。")
    sparse = annual_report.report_outline(chengguan)  # 城关镇 leaves out the fields of work it has no record of
    for key in ("m1", "m2", "m5"):
        sparse.remove(key)
    cr.put_unit_setting(annual_report.OUTLINE_KEY, chengguan, sparse.to_dict())
    for office, name in ((shimen, "石门街道"), (chengguan, "城关镇")):
        for key, text in OFFICE_WORDS.items():
            cr.save_unit_narrative(2024, key, text.format(name=name), office)
    return SimpleNamespace(county=county, shimen=shimen, chengguan=chengguan, qingshan=qingshan)


@pytest.fixture
def county(db) -> SimpleNamespace:
    return build_county()


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


# ---------------------------------------------------------------------------------------------
# The breakdown (pure)


def test_a_breakdown_names_the_offices_largest_first_and_leaves_out_zeros() -> None:
    parts = [("石门街道", 5), ("城关镇", 8), ("青山镇", 0), ("白云乡", 5)]
    assert county_content.breakdown(parts, "次") == "其中城关镇8次、石门街道5次、白云乡5次"
    assert county_content.breakdown([("石门街道", 0), ("城关镇", 3)], "起") == "均在城关镇"
    assert county_content.breakdown([("石门街道", 0), ("城关镇", 1)], "起") == "为城关镇"  # 均 needs two
    assert county_content.breakdown([("石门街道", 0), ("城关镇", None)], "起") is None
    assert county_content.breakdown([("A镇", 1.5), ("B镇", 2)], "学时") == "其中B镇2学时、A镇1.5学时"
    many = [(f"{n}镇", 10 - i) for i, n in enumerate("甲乙丙丁戊己")]
    assert county_content.breakdown(many, "次", limit=5) == "其中甲镇10次、乙镇9次、丙镇8次、丁镇7次、戊镇6次等"


def test_every_county_placeholder_has_a_unique_name_and_the_defaults_survive_the_editor() -> None:
    names = dict(cr.county_placeholders())
    assert len(set(names.values())) == len(names)
    assert names["patrols_by_office"] == "开展治安巡逻次数（分单位）"
    for key, text in county_content.DEFAULT_TEXTS.items():
        shown = narrative.to_display(text, names)
        assert "{" not in shown, key  # every placeholder has a Chinese name
        assert narrative.from_display(shown, names) == text, key


# ---------------------------------------------------------------------------------------------
# The county's figures


def test_county_totals_are_the_offices_sums_and_rates_come_from_summed_figures(county) -> None:
    cf = cr.county_figures(YEAR)
    assert [u.name for u, _f in cf.by_office] == ["石门街道", "城关镇", "青山镇"]
    assert [u.name for u in cf.reporting] == ["石门街道", "城关镇"]
    assert [u.name for u in cf.missing] == ["青山镇"]
    assert cf.county_rows == 1
    each = {u.name: stats.compute(YEAR, unit=u) for u in cr.offices()}
    for fig in stats.FIGURES:
        if not fig.is_derived:
            assert cf.total[fig.key] == sum(f[fig.key] or 0 for f in each.values()), fig.key
    # the county unit's own patrol is not in the total; stats over every unit would count it
    assert cf.total["patrols"] == 13
    assert stats.compute(YEAR)["patrols"] == 14
    # 4 of 6 closed cases on time: 67 %, not the mean of 100 % and 0 %
    assert (each["石门街道"]["on_time_rate"], each["城关镇"]["on_time_rate"]) == (100.0, 0.0)
    assert cf.total["on_time_rate"] == stats.rate(4, 6) == 66.67
    assert cf.total["dispute_resolution_rate"] == stats.rate(5, 6)
    assert cf.total["problems_unsolved"] == 1


def test_without_county_rows_the_total_is_what_stats_counts_over_every_unit(county) -> None:
    patrol = model_for("patrol")
    patrol.delete().where(patrol.unit_id == county.county.id).execute()
    cf = cr.county_figures(YEAR)
    assert cf.county_rows == 0
    assert cf.total.values == stats.compute(YEAR).values


# ---------------------------------------------------------------------------------------------
# The county report


@pytest.fixture
def county_docx(county, tmp_path: Path) -> tuple[Path, annual_report.ExportResult]:
    out = tmp_path / "新县-2024.docx"
    result = cr.export_county_report(YEAR, out, issue_date=ISSUE, page_count="grid")
    return out, result


def test_the_county_report_writes_the_sums_and_the_offices_behind_them(county_docx) -> None:
    out, result = county_docx
    paragraphs = _paragraphs(out)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "中共新县委员会全面依法治县委员会办公室文件"
    assert paragraphs[1].startswith("新法办〔2025〕3号\t签发人：李明")
    assert "".join(paragraphs[2:5]) == "中共新县委员会全面依法治县委员会办公室关于2024年度全县乡镇（街道）法治政府建设工作情况的报告"
    assert paragraphs[5] == "中共新县委员会全面依法治县委员会："
    for phrase in (
        "全县3个乡镇（街道）中，2个已报送2024年度法治政府建设工作台账，青山镇尚未报送。",
        "全县乡镇（街道）主要负责人主持召开法治建设专题会议、班子会、推进会4次，其中石门街道3次、城关镇1次；",
        "主要负责人深入现场调研2次，均在石门街道；",
        "全县开展治安巡逻13次、出动30人次，其中城关镇8次、石门街道5次。",
        "开展普法宣讲3场、受众300人次，均在石门街道。",
        "排查化解矛盾纠纷5起，其中石门街道3起、城关镇2起；全县矛盾纠纷化解率为83%。",
        "全县共办结“12345”市长热线5件、县交办件1件，按期办结率67%，群众满意率100%。",
        "全年有2件热线和交办件超期办结，均在城关镇。",
        "石门司法所成功创建省级五星规范化司法所。",
    ):
        assert phrase in text, phrase
    body = text[text.index("如下：") : text.index("附件：")]
    assert "青山镇" not in body.replace("青山镇尚未报送", "")  # named only as not reporting
    assert not any("0次" in p or "0个" in p for p in paragraphs if "其中" in p)
    assert "县级单位本身录入的1条记录" in result.message


def test_the_county_attachment_lists_every_office_and_the_county_total(county_docx) -> None:
    out, _result = county_docx
    tables = [t for t in _tables(out) if t and t[0][0] == "单位"]
    assert len(tables) == len(cr.COUNTY_TABLES)
    first, second = tables[0], tables[1]
    assert first[0] == ["单位", "专题会议（次）", "现场调研（次）", "带队督查（次）", "解决问题（个）"]
    assert [r[0] for r in first[1:]] == ["石门街道", "城关镇", "青山镇", "全县合计"]
    assert first[1:] == [["石门街道", "3", "2", "1", "2"], ["城关镇", "1", "0", "0", "0"],
                         ["青山镇", "—", "—", "—", "—"], ["全县合计", "4", "2", "1", "2"]]  # fmt: skip
    assert second[-1] == ["全县合计", "13", "6", "5", "83"]
    assert tables[3][-1] == ["全县合计", "5", "1", "67", "100"]
    # rows never split across pages; the header row repeats on each page
    document = docx.Document(str(out))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "单位")
    trs = [row._tr for row in table.rows]
    assert all(tr.find(".//{*}cantSplit") is not None for tr in trs)
    assert trs[0].find(".//{*}tblHeader") is not None
    assert all(tr.find(".//{*}tblHeader") is None for tr in trs[1:])


def test_the_county_report_passes_the_linter_the_proofreader_and_lawdesk_check(county_docx) -> None:
    out, result = county_docx
    text = cr.county_text(YEAR)
    assert text.lint == [] and text.proofread == []
    assert not [w for w in result.warnings if w.startswith(("文字检查", "校对提示"))]
    findings = check_document(out)
    assert [f for f in findings if f.severity == ERROR] == []
    assert not [f for f in findings if f.code.startswith(("T", "P"))]


def test_the_public_county_report_passes_lawdesk_check(county, tmp_path: Path) -> None:
    out = tmp_path / "公开版.docx"
    cr.export_county_report(YEAR, out, public=True, issue_date=ISSUE, page_count="grid")
    paragraphs = _paragraphs(out)
    assert "新法办〔2025〕3号" not in "".join(paragraphs)
    assert [f for f in check_document(out) if f.severity == ERROR] == []


def test_the_county_report_needs_its_profile_and_offices(db, tmp_path: Path) -> None:
    with pytest.raises(LawdeskError, match="县级单位"):
        cr.export_county_report(YEAR, tmp_path / "x.docx")
    units.create_unit("新县", "县")
    with pytest.raises(LawdeskError, match="缺少"):
        cr.export_county_report(YEAR, tmp_path / "x.docx")


def test_the_county_texts_and_outline_are_the_countys_own(county, tmp_path: Path) -> None:
    """A stored county narrative replaces the default; the office's texts do not leak in."""
    cr.save_county_narrative(2024, "cs3", "（一）自定义的不足。［全县尚有{disputes_long_open}起积案，"
                                          "{disputes_long_open_by_office}。］")  # fmt: skip
    with pytest.raises(LawdeskError, match="没有"):
        cr.save_county_narrative(2024, "s1", "县里没有这一部分")
    cr.save_unit_narrative(2024, "s1", "石门街道自己的文字", county.shimen)
    body = "\n".join(p.heading + p.text for p in cr.county_text(YEAR).body)
    assert "（一）自定义的不足。全县尚有1起积案，为石门街道。" in body
    assert "石门街道自己的文字" not in body
    assert [n.key for n in cr.county_report_outline().walk()] == [n.key for n in county_outline().walk()]


# ---------------------------------------------------------------------------------------------
# The linter over the county text with figures set to zero (each alone, and all together)


def _zeroed(values: dict[str, object], keys: list[str]) -> dict[str, object]:
    out = dict(values)
    for key in keys:
        out[key] = None if key in ("offices_all", "offices_partial", "honor_titles_sentence") else 0
        if key in stats.FIGURES_BY_KEY:
            out[county_content.by_office_key(key)] = None
    return out


ZEROABLE = [f.key for f in stats.FIGURES] + ["offices_all", "offices_partial", "offices_reporting",
                                              "offices_total", "honor_titles_sentence"]  # fmt: skip


def test_the_county_text_stays_clean_with_any_figure_zero_and_with_all(county) -> None:
    cf = cr.county_figures(YEAR)
    values = cr.county_values(cf, cr.unit_profile(county.county))
    cases = [[k] for k in ZEROABLE] + [ZEROABLE]
    for keys in cases:
        text = cr.county_text(YEAR, cf, _zeroed(values, keys))
        assert text.lint == [], (keys, text.lint)
        assert text.proofread == [], (keys, text.proofread)
    bare = cr.county_text(YEAR, cf, _zeroed(values, ZEROABLE))
    written = "\n".join(lint.paragraph_texts(bare.body))
    assert "其中" not in written and "均在" not in written
    assert proofread.proofread_body(bare.body) == []


def test_the_county_text_reads_right_when_every_office_reported(county) -> None:
    records.create("patrol", {"date": "2024-02-02", "area": "青山"}, unit=county.qingshan)
    now = dt.datetime.now()
    submissions.record_package(county.qingshan, YEAR, now, user="测试员", at=now)
    body = "\n".join(lint.paragraph_texts(cr.county_text(YEAR).body))
    assert "全县3个乡镇（街道）均已报送2024年度法治政府建设工作台账。" in body
    assert "尚未报送" not in body
    assert "全县开展治安巡逻14次、出动30人次，其中城关镇8次、石门街道5次、青山镇1次。" in body


# ---------------------------------------------------------------------------------------------
# Each office's report, regenerated at the county


def test_an_office_report_at_the_county_has_the_figures_of_that_office_alone(county, tmp_path: Path) -> None:
    regulations = built_in(REGULATIONS_NAME)
    cr.put_unit_setting(annual_report.OUTLINE_KEY, county.shimen, regulations.to_dict())
    cr.save_unit_narrative(2024, "s5", "石门街道无其他需要报告的情况。", county.shimen)
    out = tmp_path / "石门街道-2024.docx"
    cr.export_office_report(YEAR, county.shimen, out, issue_date=ISSUE, page_count="grid")
    text = "\n".join(_paragraphs(out))
    own = stats.compute(YEAR, unit=county.shimen)
    assert "".join(_paragraphs(out)[2:5]).startswith("中共新县石门街道工作委员会新县石门街道办事处关于2024年度")
    assert _paragraphs(out)[1].startswith("石文〔2025〕7号")
    assert f"开展治安巡逻{own['patrols']}次" in text and own["patrols"] == 5
    assert f"主持召开法治建设专题会议{own['leadership_meetings']}次" in text
    assert "石门街道无其他需要报告的情况。" in text  # its own narrative, along its own outline
    assert "五、其他需要报告的情况。" in text
    assert "法律顾问" not in text  # its 单位设置 names a firm, but no record of an adviser's work
    table = next(t for t in _tables(out) if t and t[0][0] == "指标")
    by_label = {row[0]: row[1] for row in table[1:]}
    for key in annual_report.ATTACHMENT_KEYS:
        fig = stats.FIGURES_BY_KEY[key]
        if fig.label in by_label:
            assert by_label[fig.label] == annual_report._attachment_texts(own, annual_report.ReportOptions())[key], key
        else:  # a row zero in every year the table shows is left out
            assert not own[key], key
    findings = check_document(out)
    assert [f for f in findings if f.severity == ERROR] == []

    other = tmp_path / "城关镇-2024.docx"
    cr.export_office_report(YEAR, county.chengguan, other, issue_date=ISSUE, page_count="grid")
    other_text = "\n".join(_paragraphs(other))
    assert "开展治安巡逻8次" in other_text and "石门" not in other_text


def test_export_all_office_reports_writes_each_office_and_says_which_it_could_not(county, tmp_path: Path) -> None:
    done = cr.export_all_office_reports(YEAR, tmp_path / "报告", issue_date=ISSUE, page_count="grid")
    assert [(u.name, r.docx_path.name) for u, r in done.written] == [
        ("石门街道", "石门街道-shimen-2024.docx"), ("城关镇", "城关镇-chengguan-2024.docx")]  # fmt: skip
    assert [u.name for u, _why in done.skipped] == ["青山镇"]
    assert "未生成青山镇的报告" in done.message() and "单位设置" in done.message()
    with pytest.raises(LawdeskError, match="县级"):
        cr.export_office_report(YEAR, county.county, tmp_path / "x.docx")


def test_two_offices_of_one_name_get_a_file_each(county, tmp_path: Path) -> None:
    twin = units.create_unit("石门街道", "街道")  # another 石门街道 (a package without a code)
    cr.save_unit_profile(twin, dict(SHIMEN_PROFILE, doc_prefix="石二文"))
    records.create("patrol", {"date": "2024-03-03", "area": "另一条老街"}, unit=twin)
    _add(twin, "meeting", 1, date=_day(3), kind="法治建设推进会", title="推进会", is_principal_led=True,
         on_rule_of_law=True)  # fmt: skip
    _add(twin, "dispute", 1, received_date=_day(2), summary="邻里", dispute_type="邻里纠纷", status="调解成功",
         closed_date=_day(4))  # fmt: skip
    _add(twin, "hotline", 1, channel="12345市长热线", received_date=_day(3), due_date=_day(4),
         closed_date=_day(4), summary="诉求", feedback="满意")  # fmt: skip
    sparse = annual_report.report_outline(twin)  # like 城关镇: only the fields of work it has records of
    for key in ("m1", "m2", "m5"):
        sparse.remove(key)
    cr.put_unit_setting(annual_report.OUTLINE_KEY, twin, sparse.to_dict())
    for key, text in OFFICE_WORDS.items():  # its own words, as its package carries them
        cr.save_unit_narrative(2024, key, text.format(name="石门街道"), twin)
    now = dt.datetime.now()
    submissions.record_package(twin, YEAR, now, user="测试员", at=now)
    done = cr.export_all_office_reports(YEAR, tmp_path / "报告", issue_date=ISSUE, page_count="grid")
    names = [r.docx_path.name for _u, r in done.written]
    assert len(done.written) == 3 and len(set(names)) == 3
    assert f"石门街道-{twin.uuid[:8]}-2024.docx" in names
    assert len(list((tmp_path / "报告").glob("*.docx"))) == 3  # 3 written, 3 files
    assert cr.office_file_name(units.create_unit("CON", "街道", code="con"), YEAR) == "_CON-_con-2024.docx"
    assert cr.office_file_name(twin, YEAR) == "石门街道-2024.docx"  # no code, no namesake


def test_an_office_that_has_not_written_its_words_gets_a_draft_only_when_asked(county, tmp_path: Path) -> None:
    quiet = units.create_unit("白石镇", "乡镇")
    cr.save_unit_profile(quiet, dict(SHIMEN_PROFILE, unit_name="白石镇", doc_prefix="白政",
                                     party_organ="中共新县白石镇委员会", government_organ="新县白石镇人民政府",
                                     issuer_mark="中共新县白石镇委员会文件"))  # fmt: skip
    records.create("patrol", {"date": "2024-03-03", "area": "白石老街"}, unit=quiet)
    now = dt.datetime.now()
    submissions.record_package(quiet, YEAR, now, user="测试员", at=now)
    signed = cr.export_all_office_reports(YEAR, tmp_path / "报告", issue_date=ISSUE, page_count="grid")
    assert "白石镇" not in [u.name for u, _r in signed.written]
    assert any(u.name == "白石镇" and "需要该单位填写" in why for u, why in signed.skipped)
    drafts = cr.export_all_office_reports(YEAR, tmp_path / "稿", issue_date=ISSUE, page_count="grid", draft=True)
    (path,) = [r.docx_path for u, r in drafts.written if u.name == "白石镇"]
    assert path.name == "白石镇-2024-征求意见稿.docx"
    text = "\n".join(_paragraphs(path))
    assert "（征求意见稿）" in text and "请填写" in text and "石门" not in text


def test_in_an_office_database_the_regenerated_report_is_the_offices_own(demo_db) -> None:
    """With one unit (an office's own database) both ways give the same document."""
    (unit,) = units.list_units()
    period = Period.year(2022)
    mine, _ = annual_report.build_context(period, issue_date=ISSUE)
    again, _ = cr.office_context(period, unit, issue_date=ISSUE)
    for f in dataclasses.fields(mine):
        if f.name != "attachments":
            assert getattr(again, f.name) == getattr(mine, f.name), f.name
    (a,), (b,) = mine.attachments, again.attachments
    assert (a.title, a.tables, a.notes) == (b.title, b.tables, b.notes)
    assert [c.caption for c in a.charts] == [c.caption for c in b.charts]


# ---------------------------------------------------------------------------------------------
# Command line


def test_cli_county_report_and_office_reports(db_path: Path, tmp_path: Path, capsys) -> None:
    from lawdesk import db as dbmod

    dbmod.open_database(db_path, create=True)
    name_the_office()
    build_county()
    dbmod.close_database()
    out = tmp_path / "新县-2024.docx"
    assert cli.main(["--db", str(db_path), "county", "report", "--year", "2024", "--out", str(out),
                     "--date", "2025-01-15"]) == cli.EXIT_OK  # fmt: skip
    assert "已生成2024年度全县乡镇（街道）法治政府建设工作情况报告" in capsys.readouterr().out
    assert "全县开展治安巡逻13次" in "\n".join(_paragraphs(out))
    folder = tmp_path / "报告"
    assert cli.main(["--db", str(db_path), "county", "office-reports", "--year", "2024",
                     "--out-dir", str(folder)]) == cli.EXIT_OK  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == ["城关镇-chengguan-2024.docx", "石门街道-shimen-2024.docx"]
    assert "未生成青山镇的报告" in capsys.readouterr().out
    with pytest.raises(SystemExit) as missing:  # a usage error, as for any missing argument
        cli.main(["--db", str(db_path), "county"])
    assert missing.value.code == cli.EXIT_USAGE
    assert "缺少参数: 县级命令" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# The county's words: offices by their own names, who leads, 余, who has not reported


def _body(period: Period = YEAR) -> str:
    return "\n".join(lint.paragraph_texts(cr.county_text(period).body))


def test_offices_are_named_as_their_own_unit_profile_names_them(county) -> None:
    """An office whose unit still carries a placeholder name is named by its 单位设置's 单位简称."""
    Unit.update(name="本单位").where(Unit.id == county.chengguan.id).execute()
    body = _body()
    assert "本单位" not in body
    assert "其中城关镇8次、石门街道5次" in body


def test_the_leading_bodies_come_from_the_countys_profile_never_its_addressee(county) -> None:
    body = _body()
    assert body.startswith("2024年，在县委、县政府的坚强领导下，")  # 新县: its own 县委、县政府
    assert COUNTY_PROFILE["addressee"] not in body.split("\n")[0]
    cr.save_county_profile({"leading_bodies": "县委、县政府、县人大常委会"})
    assert _body().startswith("2024年，在县委、县政府、县人大常委会的坚强领导下，")
    district = cr.county_values(cr.county_figures(YEAR), {"unit_name": "东城区依法治区办", "county_name": "东城区"})
    assert district["superior"] == "区委、区政府"


@pytest.mark.parametrize(
    ("total", "breakdown", "written"),
    [
        (392, None, "排查化解矛盾纠纷390余起"),
        (433, None, "排查化解矛盾纠纷430余起"),
        (103, None, "排查化解矛盾纠纷100余起"),
        (390, None, "排查化解矛盾纠纷390起"),
        (99, None, "排查化解矛盾纠纷99起"),
        (392, "其中石门街道200起、城关镇192起", "排查化解矛盾纠纷392起，其中石门街道200起、城关镇192起"),
        (392, "均在石门街道", "排查化解矛盾纠纷390余起，均在石门街道"),
    ],
)
def test_yu_keeps_the_first_two_digits_and_a_breakdown_keeps_the_total_exact(county, total, breakdown, written) -> None:
    cf = cr.county_figures(YEAR)
    values = cr.county_values(cf, cr.unit_profile(county.county))
    values["disputes_resolved"] = total
    values[county_content.by_office_key("disputes_resolved")] = breakdown
    body = "\n".join(lint.paragraph_texts(cr.county_text(YEAR, cf, values).body))
    assert written in body
    if breakdown is None:
        assert f"{written}，其中" not in body


def test_an_office_that_has_not_reported_is_never_credited_with_figures(county) -> None:
    """青山镇 has sent nothing dated 2024, only a roster and a dispute left open from 2023: it is
    named 尚未报送, and none of its leftovers counts in a figure or a breakdown of the text."""
    records.create("community", {"name": "青山村", "mediators": 3}, unit=county.qingshan)
    records.create("lecturer", {"name": "青山宣讲员", "unit": "司法所", "appointed_on": "2023-01-01"},
                   unit=county.qingshan)  # fmt: skip
    records.create("dispute", {"received_date": "2023-11-02", "summary": "宅基地", "dispute_type": "房屋宅基地",
                               "status": "调解中"}, unit=county.qingshan)  # fmt: skip
    cf = cr.county_figures(YEAR)
    assert [u.name for u in cf.missing] == ["青山镇"]
    # the county's total is over the offices that reported (services.county): 青山镇's open case is not in it
    assert cf.total["disputes_long_open"] == cf.reporting_total["disputes_long_open"] == 1
    body = _body()
    missing_paragraph = next(p for p in body.split("\n") if "青山镇尚未报送" in p)
    assert "青山镇" not in body.replace("青山镇尚未报送", "")
    assert "尚有1起矛盾纠纷受理超过30日仍未办结，为石门街道" in body
    assert f"共有村（社区）{cf.reporting_total['communities']}个" in missing_paragraph or "村（社区）" not in missing_paragraph
    assert f"共配备普法宣讲员{cf.reporting_total['lecturers']}人" in body and cf.reporting_total["lecturers"] == 2


def test_every_sentence_of_the_county_text_prints_data_or_the_countys_words(county) -> None:
    from lawdesk.report import claims

    text = cr.county_text(YEAR)
    kinds = {c.kind for c in text.claims}
    assert claims.TEMPLATE not in kinds and claims.PROMPT not in kinds  # the fixture wrote cs4
    preamble = [c for c in text.claims if c.section == "preamble"]
    assert [c.kind for c in preamble] == [claims.OFFICE, claims.FORMULA] and "superior" in preamble[0].keys
