"""A leader's 述法报告: the person's own records, in the first person, their own words, the gate.

For two leaders of the demo office and two of an office invented here, every count of the report
equals a query written here over the records where that person chaired, led or took part (not the
program's own query); every data sentence says "本人"; the person's words are kept per person and
year; the layout is the title, the person's post and name, the body and the date, and the linter,
proofreader and ``check`` find nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest

from lawdesk import cli
from lawdesk import db as dbmod
from lawdesk.errors import LawdeskError
from lawdesk.models import RECORD_MODELS
from lawdesk.report import claims as claims_model
from lawdesk.report import shufa_content
from lawdesk.schema import LEADERSHIP_MEETING_KINDS
from lawdesk.services import documents, gate, leaders, records, settings, shufa
from lawdesk.services.period import Period
from lawdesk.services.report_settings import ReportOptions
from tests.document_checks import (
    assert_body_written,
    assert_clean,
    assert_figures_equal,
    docx_paragraphs,
    printed,
)
from tests.report.test_claims import _profile, _unsourced

YEAR_2022 = Period.year(2022)
YEAR_2024 = Period.year(2024)
ISSUE = dt.date(2023, 1, 12)
OWN = {
    "preamble": "{span}，本人认真履行推进法治建设第一责任人职责。现将有关情况报告如下：",
    "f5a": "本人学法的系统性还不够。",
    "f5b": "本人将带头学法，抓好述法整改。",
}


# -- an independent count of a person's records ----------------------------------------------------


def _theirs(model, person: str, fields: tuple[str, ...]):  # noqa: ANN001, ANN202 - a peewee Expression
    """The records whose name fields name ``person`` (a field may hold "甲、乙" or "党工委书记甲")."""
    condition = None
    for field in fields:
        column = getattr(model, field)
        named = [v for (v,) in model.select(column).distinct().tuples() if v and person in re.split(r"[、，,\s]+", re.sub(
            r"^.*(书记|主任|镇长|乡长)(?=..)", "", v)) + re.split(r"[、，,\s]+", v)]  # fmt: skip
        part = column.in_(named) if named else model.id < 0
        condition = part if condition is None else condition | part
    return condition


def expected_counts(person: str, period: Period) -> dict[str, int]:
    """What the person's 述法报告 must say, counted here from the records directly."""
    m = {k: RECORD_MODELS[k] for k in ("meeting", "study", "supervision", "review", "lecture", "dispute", "patrol",
                                       "hotline")}  # fmt: skip

    def rows(kind: str, day: str, fields: tuple[str, ...] = ("leader",)):  # noqa: ANN202
        model = m[kind]
        column = getattr(model, day)
        return model.select().where(model.deleted_at.is_null() & column.between(period.start, period.end)
                                    & _theirs(model, person, fields))  # fmt: skip

    meetings = list(rows("meeting", "date", ("chair", "leader")))
    studies = list(rows("study", "date", ("leader", "speaker")))
    visits = list(rows("supervision", "date"))
    reviews = list(rows("review", "received_date"))
    lectures = list(rows("lecture", "date"))
    disputes = list(rows("dispute", "received_date"))
    return {
        "p_meetings": sum(1 for r in meetings if r.kind in LEADERSHIP_MEETING_KINDS and r.on_rule_of_law),
        "p_center_study": sum(1 for r in meetings if r.kind == "理论学习中心组学习"),
        "p_warning_meetings": sum(1 for r in meetings if r.kind == "警示教育大会"),
        "p_studies": len(studies),
        "p_study_sessions": sum(1 for r in studies if r.form == "集中学法"),
        "p_research": sum(1 for r in visits if r.kind == "调研"),
        "p_supervisions": sum(1 for r in visits if r.kind == "督查"),
        "p_problems_solved": sum(r.problems_solved or 0 for r in visits),
        "p_reviews": len(reviews),
        "p_review_decisions": sum(1 for r in reviews if r.category == "重大行政决策"),
        "p_review_normative": sum(1 for r in reviews if r.category in ("党的规范性文件", "行政规范性文件")),
        "p_review_contracts": sum(1 for r in reviews if r.category == "行政机关合同"),
        "p_lectures": len(lectures),
        "p_lecture_audience": sum(r.audience or 0 for r in lectures),
        "p_disputes": len(disputes),
        "p_disputes_resolved": sum(1 for r in disputes if r.status == "调解成功"),
        "p_patrols": len(list(rows("patrol", "date"))),
        "p_hotline": len(list(rows("hotline", "received_date"))),
    }


def _check_counts(person: str, period: Period, built) -> int:  # noqa: ANN001 - a writing.BuiltReport
    expected = expected_counts(person, period)
    assert {k: v for k, v in leaders.figures(person, period).items()} == expected
    shown = printed(expected, (), ReportOptions.load().fill_options)
    compared = assert_figures_equal(built.text.claims, shown, shufa.record_placeholders())
    for claim in built.text.claims:
        if claim.kind == claims_model.DATA:
            assert claim.text.startswith("本人"), claim.text  # the first person, every data sentence
    return compared


def _write_own(person: str, year: int, post: str | None = None) -> None:
    """The person's own words: 态度, 不足, 打算, and a sentence where the records say nothing."""
    for key, text in OWN.items():
        shufa.save_text(year, person, key, text)
    if post is not None:
        shufa.save_post(person, post)
    period = Period.year(year)
    for item in gate.prompt_items(shufa.build_shufa(period, person).text.claims, {}):
        if item.section != shufa.BYLINE:
            shufa.save_text(year, person, item.section, "本人坚持重大事项集体讨论决定。")


# -- the demo office's two principal leaders ----------------------------------------------------------


@pytest.mark.parametrize("person,post", [("张健平", "金兰山街道党工委书记"), ("余志强", "金兰山街道办事处主任")])
def test_the_demo_leaders_report_their_own_records(demo_db, tmp_path: Path, person: str, post: str) -> None:
    assert [c.name for c in leaders.candidates(YEAR_2022)][:2] == ["张健平", "余志强"]
    assert shufa.post_of(person) == post  # from the 单位设置's order of its 党政主要负责人
    _write_own(person, 2022)
    built = shufa.build_shufa(YEAR_2022, person, issue_date=ISSUE)
    assert built.text.prompts == []
    assert _check_counts(person, YEAR_2022, built) >= 5
    result = shufa.export_shufa(YEAR_2022, person, tmp_path / f"{person}.docx", issue_date=ISSUE, page_count="grid")
    assert f"{person}的2022年度履行推进法治建设第一责任人职责情况报告（报送版）" in result.message
    paragraphs = docx_paragraphs(result.docx_path)
    assert paragraphs[:3] == ["2022年度履行推进法治建设", "第一责任人职责情况的报告", f"{post}\u3000{person}"]
    assert paragraphs[-1] == "2023年1月12日"
    text = "\n".join(paragraphs)
    assert "金文〔" not in text and "：\n" not in text.split("\n", 4)[3]  # no 发文字号, no 主送
    assert "中共新县金兰山街道工作委员会" not in text  # no organ signs a person's report
    assert_body_written(result.docx_path, built.text)
    assert_clean(result.docx_path, built.text)


def test_the_two_leaders_counts_are_their_own(demo_db) -> None:
    first = leaders.figures("张健平", YEAR_2022)
    second = leaders.figures("余志强", YEAR_2022)
    assert first != second
    assert first["p_center_study"] > 0 and second["p_center_study"] == 0  # the secretary chairs 中心组学习
    assert first == expected_counts("张健平", YEAR_2022) and second == expected_counts("余志强", YEAR_2022)


# -- an office invented here: names written every way clerks write them --------------------------------


def songlin_street() -> None:
    settings.save_profile(_profile("松林街道", "中共新县松林街道工作委员会", "新县松林街道办事处", "松文",
                                   principal_leaders="李青、王松"))  # fmt: skip
    add = records.create
    add("meeting", {"date": "2024-03-01", "kind": "法治建设专题会议", "title": "部署", "chair": "李青"})
    add("meeting", {"date": "2024-05-01", "kind": "党工委班子会", "title": "研究", "chair": "党工委书记李青"})
    add("meeting", {"date": "2024-06-01", "kind": "法治建设推进会", "title": "推进", "chair": "王松"})
    add("meeting", {"date": "2024-06-11", "kind": "法治建设推进会", "title": "推进", "chair": "李青松"})  # not 李青
    add("meeting", {"date": "2024-07-01", "kind": "理论学习中心组学习", "title": "学习", "chair": "李青"})
    add("meeting", {"date": "2024-08-01", "kind": "法治建设专题会议", "title": "无主持人"})  # says nobody
    add("study", {"date": "2024-04-01", "form": "集中学法", "topic": "宪法", "speaker": "李青", "laws_studied": "宪法"})
    add("study", {"date": "2024-04-20", "form": "会前学法", "topic": "民法典", "leader": "王松、李青"})
    add("study", {"date": "2024-09-20", "form": "集中学法", "topic": "条例", "is_principal_led": True})  # which one?
    add("supervision", {"date": "2024-05-05", "kind": "督查", "subject": "安全", "leader": "王松",
                        "problem_field": "安全生产", "problems_found": 3, "problems_solved": 2})
    add("supervision", {"date": "2024-05-06", "kind": "调研", "subject": "调研", "leader": "李青、王松",
                        "problem_field": "基层治理", "problems_found": 1, "problems_solved": 1})
    add("supervision", {"date": "2024-05-07", "kind": "调研", "subject": "调研"})  # says nobody
    add("review", {"received_date": "2024-06-03", "title": "合同", "category": "行政机关合同", "leader": "王松"})
    add("dispute", {"received_date": "2024-02-02", "summary": "邻里", "dispute_type": "邻里纠纷", "status": "调解成功",
                    "closed_date": "2024-02-10", "leader": "王松"})
    add("lecture", {"date": "2024-12-04", "topic": "宪法日", "venue_type": "进社区", "audience": 120, "leader": "李青"})


@pytest.mark.parametrize("person", ["李青", "王松"])
def test_an_invented_offices_leaders(db, tmp_path: Path, person: str) -> None:
    songlin_street()
    assert [c.name for c in leaders.candidates(YEAR_2024)][:3] == ["李青", "王松", "李青松"]
    _write_own(person, 2024)
    built = shufa.build_shufa(YEAR_2024, person, issue_date=dt.date(2025, 1, 8))
    assert built.text.prompts == []
    assert _check_counts(person, YEAR_2024, built) >= 4
    body = "\n".join(c.text for c in built.text.claims)
    if person == "李青":
        assert "本人主持召开党工委班子会和法治建设专题会议2次" in body  # not 李青松's 推进会
        assert "本人主持理论学习中心组学习1次" in body
        assert "本人主持或领学学法2次，其中集中学法1次" in body
        assert "本人参加普法宣讲1场，受众120人次" in body
    else:
        assert "本人主持召开法治建设推进会1次" in body
        assert "本人深入现场调研1次，带队开展督查1次，解决安全生产、基层治理等法治领域问题3个" in body
        assert "本人牵头的1件事项经过合法性审查，其中行政机关合同1份" in body and "本人亲自参与调处矛盾纠纷1起" in body
    result = shufa.export_shufa(YEAR_2024, person, tmp_path / "述法.docx", issue_date=dt.date(2025, 1, 8),
                                page_count="grid")  # fmt: skip
    assert docx_paragraphs(result.docx_path)[2] == f"松林街道{'党工委书记' if person == '李青' else '办事处主任'}\u3000{person}"
    assert_clean(result.docx_path, built.text)


def test_the_records_that_do_not_say_who_are_listed(db) -> None:
    songlin_street()
    found = {m.kind: m.message for m in leaders.missing(YEAR_2024)}
    assert found == {"meeting": "1 条会议未填写主持人", "supervision": "1 条督查调研未填写带队领导",
                     "study": "1 条学法培训勾选了“主要负责人主持/带队”但未填写是哪一位领导"}  # fmt: skip
    query = leaders.missing_query("meeting", YEAR_2024)
    meeting = query.get()
    assert meeting.title == "无主持人"
    records.update("meeting", meeting.id, {"chair": "李青"})  # the clerk fills it in: now it counts
    assert "meeting" not in {m.kind for m in leaders.missing(YEAR_2024)}
    assert leaders.figures("李青", YEAR_2024)["p_meetings"] == 3


def test_a_person_without_a_post_is_asked_for_it(db, tmp_path: Path) -> None:
    songlin_street()
    _write_own("李青松", 2024)
    assert shufa.post_of("李青松") == ""
    with pytest.raises(gate.PromptsRemain) as refused:
        shufa.export_shufa(YEAR_2024, "李青松", tmp_path / "a.docx", page_count="grid")
    assert refused.value.items[0].section == shufa.BYLINE and "李青松的职务" in refused.value.items[0].asks
    draft = shufa.export_shufa(YEAR_2024, "李青松", tmp_path / "b.docx", page_count="grid", draft=True)
    assert "〔请填写：李青松的职务〕\u3000李青松" in docx_paragraphs(draft.docx_path)
    shufa.save_post("李青松", "松林街道党工委副书记")
    done = shufa.export_shufa(YEAR_2024, "李青松", tmp_path / "c.docx", page_count="grid")
    assert docx_paragraphs(done.docx_path)[2] == "松林街道党工委副书记\u3000李青松"
    with pytest.raises(LawdeskError, match="可选：李青、王松、李青松"):
        shufa.build_shufa(YEAR_2024, "赵六")
    with pytest.raises(LawdeskError, match="不是一个人的姓名"):
        shufa.build_shufa(YEAR_2024, "李青、王松")


def test_the_words_are_kept_per_person_and_year(db) -> None:
    songlin_street()
    _write_own("李青", 2024)
    shufa.save_text(2024, "王松", "f5a", "王松自己的不足。")
    assert shufa.section_text(2024, "李青", "f5a").text == OWN["f5a"]
    assert shufa.section_text(2024, "王松", "f5a").text == "王松自己的不足。"
    carried = shufa.section_text(2025, "李青", "f5a")
    assert carried.text == OWN["f5a"] and carried.year == 2024  # carried from the person's own last year
    assert shufa.section_text(2023, "李青", "f5a").year is None  # not before it was written
    built = shufa.build_shufa(YEAR_2024, "王松")
    asked = {c.section for c in built.text.prompts}
    assert "f5a" not in asked and {"preamble", "f5b"} <= asked
    with pytest.raises(LawdeskError, match="述法报告中没有"):
        shufa.save_text(2024, "李青", "s1", "年度报告的部分")


def test_the_title_and_file_name() -> None:
    assert documents.SHUFA.title({}, YEAR_2022) == "2022年度履行推进法治建设 第一责任人职责情况的报告"
    assert documents.SHUFA.file_name("金兰山街道", YEAR_2022, person="张健平") == (
        "金兰山街道张健平2022年度履行推进法治建设第一责任人职责情况的报告.docx")
    assert leaders.names_in("党工委书记张健平、陈立新 主任余志强") == ["张健平", "陈立新", "余志强"]
    assert leaders.names_in("李青松") == ["李青松"] and "李青" not in leaders.names_in("李青松")


def test_the_texts_name_no_specific_and_speak_in_the_first_person() -> None:
    names = dict(shufa.placeholders())
    texts = [(k, t) for k, t in shufa_content.DEFAULT_TEXTS.items()]
    texts += [(f"prompt {k}", re.sub(r"“[^”]*”", "", t)) for k, t in shufa_content.EMPTY_PROMPTS.items()]
    texts += [(f"outline {n.key}", n.title) for n in shufa_content.outline().walk()]
    problems = {k: found for k, t in texts if (found := _unsourced(t.replace("“12345”", ""), names))}
    assert problems == {}
    for key, text in shufa_content.DEFAULT_TEXTS.items():
        for clause in re.findall(r"(?:^|(?<=］))［([^［］]*(?:［[^］]*］[^［］]*)*)］", text):
            assert clause.startswith("本人"), (key, clause)


def test_the_cli_writes_a_leaders_report(db_path: Path, tmp_path: Path, capsys) -> None:
    dbmod.open_database(db_path, create=True)
    songlin_street()
    _write_own("王松", 2024)
    dbmod.close_database()
    out = tmp_path / "王松.docx"
    base = ["--db", str(db_path), "report", "--kind", "shufa", "--year", "2024", "--out", str(out)]
    assert cli.main(base) == cli.EXIT_ERROR
    assert "须用 --person" in capsys.readouterr().err
    assert cli.main([*base, "--person", "王松", "--date", "2025-01-08"]) == cli.EXIT_OK
    assert "王松的2024年度" in capsys.readouterr().out
    assert docx.Document(str(out)).paragraphs[0].text == "2024年度履行推进法治建设"
    assert cli.main([*base, "--person", "李青", "--out", str(tmp_path / "李青.docx")]) == cli.EXIT_ERROR
    assert "不能生成报送版" in capsys.readouterr().err  # 李青 has written nothing yet
