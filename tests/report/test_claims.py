"""Every sentence an office signs is its own: the claims model over offices a clerk would have.

Three offices invented here — a 街道 with a full year of work, a 镇 in its first year with three
records, a 乡 with no honours and no reviews — and the demo office with everything but its
training removed. For each, the report's body is walked sentence by sentence: a data sentence is
traced to the records behind every value it prints (and its figures equal the query), an office
sentence to the office's own stored words or 单位设置, a heading to the outline; a prompt is
listed; nothing else may stand. Then the program's own texts are read for the specifics they
would name (brands, campaigns, laws, places, organs, history): each must be a value of the
records or stand in a clause whose placeholder names it.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

import docx
import pytest

from lawdesk import cli
from lawdesk.models import RECORD_MODELS
from lawdesk.report import claims, content, county_content, narrative
from lawdesk.report.claims import Claim
from lawdesk.report.outline import BUILT_IN, county_outline
from lawdesk.services import annual_report, gate, records, settings, stats
from lawdesk.services.period import Period

YEAR = Period.year(2024)
ISSUE = dt.date(2025, 1, 10)
REPO = Path(__file__).resolve().parents[2]


def _profile(name: str, party: str, government: str, prefix: str, **extra: object) -> dict[str, object]:
    return {"unit_name": name, "county_name": "新县", "party_organ": party, "government_organ": government,
            "issuer_mark": f"{party}文件", "doc_prefix": prefix, "addressee": "县委、县政府",
            "signers": "甲某、乙某", "print_organ": f"{party}办公室", **extra}  # fmt: skip


def _add(kind: str, n: int, /, **data: object) -> None:
    for i in range(n):
        records.create(kind, {k: (v(i) if callable(v) else v) for k, v in data.items()})


def _day(month: int):
    return lambda i: f"2024-{month:02d}-{i % 27 + 1:02d}"


def qingsong_street() -> None:
    """青松街道: a full year of every kind of work, its own opening, 不足 and 计划."""
    settings.save_profile(_profile("青松街道", "中共新县青松街道工作委员会", "新县青松街道办事处", "青文",
                                   leadership_group="组长：党工委书记李青；副组长：办事处主任王松"))  # fmt: skip
    _add("community", 1, name="青松社区", police_officer="赵警官", legal_adviser="钱律师", mediators=5)
    _add("community", 1, name="松林社区", police_officer="孙警官", legal_adviser="钱律师", mediators=4)
    _add("lecturer", 2, name=lambda i: f"宣讲员{i}", unit="司法所", appointed_on="2023-03-01")
    _add("meeting", 3, date=_day(3), kind="法治建设专题会议", title="研究法治建设", is_principal_led=True)
    _add("meeting", 1, date=_day(6), kind="党工委班子会", title="班子会", is_principal_led=True)
    _add("meeting", 1, date=_day(9), kind="警示教育大会", title="警示教育")
    _add("supervision", 2, date=_day(4), kind="调研", subject="调研", is_principal_led=True,
         problem_field="人居环境", problems_found=2, problems_solved=2)  # fmt: skip
    _add("supervision", 1, date=_day(5), kind="督查", subject="督查", is_principal_led=True,
         problem_field="安全生产", problems_found=2, problems_solved=1)  # fmt: skip
    _add("study", 4, date=_day(3), form="集中学法", topic="宪法", laws_studied="宪法、民法典", participants=30)
    _add("study", 3, date=_day(5), form="青松夜校", topic="案例", participants=25)
    _add("study", 2, date=_day(7), form="社区干部法治教育培训", topic="调解实务", participants=40)
    _add("lecture", 5, date=_day(4), topic="民法典进社区", venue_type="进社区", audience=80, laws="民法典")
    _add("lecture", 2, date="2024-12-04", topic="宪法日宣传", venue_type="进学校", audience=200,
         special_day="12·4国家宪法日", laws="宪法")  # fmt: skip
    _add("patrol", 12, date=_day(7), area="老街", partner_units="派出所、综合行政执法大队", persons=6)
    _add("dispute", 8, received_date=_day(2), summary="邻里", dispute_type="邻里纠纷", status="调解成功",
         closed_date=_day(3), mediator_org="街道人民调解委员会")  # fmt: skip
    _add("dispute", 2, received_date=_day(4), summary="物业", dispute_type="物业纠纷", status="调解成功",
         closed_date=_day(5), mediator_org="社区调委会")  # fmt: skip
    _add("hotline", 6, channel="12345市长热线", received_date=_day(3), due_date=_day(5), closed_date=_day(4),
         summary="诉求", feedback="满意")  # fmt: skip
    _add("review", 3, received_date=_day(6), title="合同", category="行政机关合同", opinion_letter=True)
    _add("adviser", 4, date=_day(8), adviser="钱律师", firm="松风律师事务所", kind="法律咨询", summary="咨询")
    _add("honor", 1, date="2024-10-01", title="市级民主法治示范社区", holder="青松社区", level="市级")
    for key, text in {
        "preamble": "2024年，青松街道在县委、县政府领导下推进法治政府建设。现将有关工作情况报告如下：",
        "s3": "（一）部分社区台账记录不够及时。\n（二）法治宣传形式还比较单一。",
        "s4": "（一）按月整理台账。\n（二）丰富普法形式。",
    }.items():
        annual_report.save_narrative(2024, key, text)


def baishi_town() -> None:
    """白石镇 in its first year: three records and nothing written yet."""
    settings.save_profile(_profile("白石镇", "中共新县白石镇委员会", "新县白石镇人民政府", "白政文"))
    _add("study", 1, date="2024-05-10", form="集中学法", topic="民法典")
    _add("dispute", 1, received_date="2024-06-02", summary="宅基地", dispute_type="房屋宅基地", status="调解成功",
         closed_date="2024-06-20", mediator_org="镇人民调解委员会")  # fmt: skip
    _add("patrol", 1, date="2024-07-01", area="集镇")


def hekou_township() -> None:
    """河口乡: no honours, no reviews, no adviser; its own words where the records are silent."""
    settings.save_profile(_profile("河口乡", "中共新县河口乡委员会", "新县河口乡人民政府", "河政文"))
    _add("community", 2, name=lambda i: f"河口{i}村", mediators=3)
    _add("meeting", 2, date=_day(3), kind="党委班子会", title="研究法治建设", is_principal_led=True)
    _add("study", 2, date=_day(4), form="村干部法治教育培训", topic="调解", participants=20)
    _add("lecture", 2, date=_day(5), topic="反诈宣传", venue_type="进乡村", audience=60)
    _add("dispute", 3, received_date=_day(2), summary="山林", dispute_type="土地山林", status="调解成功",
         closed_date=_day(3), mediator_org="村调委会")  # fmt: skip
    _add("hotline", 2, channel="县交办件", received_date=_day(3), due_date=_day(5), closed_date=_day(4),
         summary="诉求", feedback="基本满意")  # fmt: skip
    for key, text in {
        "preamble": "2024年，河口乡推进法治政府建设各项工作。现将有关工作情况报告如下：",
        "m2": "乡党委、乡政府重大事项均经集体讨论决定。",
        "s3": "（一）村级调解力量薄弱。",
        "s4": "（一）加强村调委会建设。",
    }.items():
        annual_report.save_narrative(2024, key, text)


def training_only_demo() -> None:
    """The demo office with everything but its training removed (its own words stay)."""
    for kind, model in RECORD_MODELS.items():
        if kind != "study":
            model.delete().execute()


# ---------------------------------------------------------------------------------------------
# Tracing


def _normal(text: str) -> str:
    """Sentence text without item numbers (the program renumbers them) and spaces."""
    text = re.sub(r"[一二三四五六七八九十]+是", "", text)
    text = re.sub(r"^[（(][一二三四五六七八九十\d]+[）)]", "", text)
    return text.replace(" ", "")


def _office_source(claim: Claim, period: Period, values: dict[str, object]) -> bool:
    """The sentence is in the office's own text of its section (for the year it was written for,
    filled with this period's values) or prints its 单位设置."""
    if set(claim.keys) & annual_report.OFFICE_PLACEHOLDERS:
        return True
    stored = settings.narrative(claim.year, claim.section) if claim.year else None
    if stored is None:
        return False
    filled = annual_report.fill(stored, values)
    return _normal(claim.text) in _normal(filled.replace("\n", ""))


def trace(period: Period = YEAR) -> tuple[list[Claim], list[Claim]]:
    """Walk the body's claims; return (every claim, the prompts). Fails on a sentence that is
    neither data, nor the office's own words, nor a heading of the outline, nor a prompt."""
    built = annual_report.build_report(period, attachment=False, issue_date=ISSUE)
    figures = stats.compute(period)
    values = annual_report.values_for(period, figures)
    backing = annual_report.record_placeholders()
    titles = "".join(annual_report.fill(n.title, values) for n in annual_report.report_outline().walk())
    text_values = annual_report.text_values(values, annual_report.ReportOptions.load())
    for claim in built.text.claims:
        if claim.kind == claims.DATA:
            for key in claim.keys:
                if key not in backing:
                    continue
                kind, query = stats.records_behind(backing[key], period)
                assert query.count() > 0, (claim.text, key)  # records stand behind every value
                shown = text_values.get(key)
                if key in stats.FIGURES_BY_KEY and isinstance(shown, str):
                    assert shown in claim.text, (claim.text, key, shown)  # and it prints the query's figure
        elif claim.kind == claims.OFFICE:
            assert _office_source(claim, period, values), claim
        elif claim.kind == claims.HEADING:
            assert _normal(re.sub(r"^[一二三四五六七八九十]+、", "", claim.text)).rstrip("。") in titles, claim.text
        else:
            assert claim.kind in (claims.PROMPT, claims.FORMULA), claim
    return built.text.claims, built.text.prompts


def _body(claims_list: Iterable[Claim]) -> str:
    return "\n".join(c.text for c in claims_list)


# ---------------------------------------------------------------------------------------------
# The three offices and the demo


def test_a_street_office_with_a_full_year(db, tmp_path: Path) -> None:
    qingsong_street()
    walked, prompts = trace()
    assert prompts == []
    text = _body(walked)
    for phrase in ("主持召开法治建设专题会议和党工委班子会4次", "形式有集中学法、“青松夜校”和社区干部法治教育培训",
                   "开展社区干部法治教育培训2期", "依托街道人民调解委员会和社区调委会调处",
                   "联合派出所和综合行政执法大队开展治安巡逻12次", "聘请松风律师事务所律师担任法律顾问",
                   "结合法治宣传节点开展主题宣传2场（“12·4”国家宪法日）", "其中行政机关合同3份，出具法律意见书3份",
                   "共办结“12345”市长热线6件，按期办结率100%", "青松社区成功创建市级民主法治示范社区",
                   "实现“一社区一警”“一社区一法律顾问”“一社区一支人民调解员队伍”全覆盖"):  # fmt: skip
        assert phrase in text, phrase
    result = annual_report.export_report(YEAR, tmp_path / "青松街道.docx", issue_date=ISSUE, page_count="grid")
    assert "报送版" in result.message


def test_a_town_in_its_first_year_with_three_records(db, tmp_path: Path) -> None:
    baishi_town()
    walked, prompts = trace()
    text = _body(walked)
    assert "街道" not in text and "党工委" not in text and "社区" not in text  # a 镇 is not a 街道
    assert "依托镇人民调解委员会调处" in text and "开展治安巡逻1次" in text
    assert "组织学法培训1次，形式有集中学法。" in text and "其中" not in text  # one form: no breakdown, no 等
    assert not re.search(r"法律顾问|普法宣讲|热线|合法性审查[^”]", text.replace("〔请填写", "\n〔").split("〔")[0])
    # its own words are still to come: the opening, the fields with no records, 不足 and 计划
    asked = {c.section for c in prompts}
    assert {"preamble", "s1", "m2", "m4", "m5", "s3", "s4"} <= asked
    with pytest.raises(gate.PromptsRemain) as refused:
        annual_report.export_report(YEAR, tmp_path / "白石镇.docx", issue_date=ISSUE, page_count="grid")
    assert len(refused.value.items) == len(asked) and "开头" in refused.value.message
    draft = annual_report.export_report(YEAR, tmp_path / "白石镇（征求意见稿）.docx", issue_date=ISSUE,
                                  page_count="grid", draft=True)  # fmt: skip
    assert "征求意见稿" in draft.message
    document = docx.Document(str(draft.docx_path))
    marked = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert marked and all(t.startswith("〔请填写：") and t.endswith("〕") for t in marked)
    assert "（征求意见稿）" in "".join(p.text for p in document.paragraphs[:12])


def test_a_township_with_no_honours_and_no_reviews(db) -> None:
    hekou_township()
    walked, prompts = trace()
    assert prompts == []
    text = _body(c for c in walked if c.kind != claims.HEADING)
    assert "合法性审查" not in text and "获评" not in text and "创建" not in text
    assert "乡党委、乡政府重大事项均经集体讨论决定。" in text  # its own word where no record speaks
    assert "主持召开党委班子会2次" in text and "依托村调委会调处" in text and "辖区共有村2个" in text
    assert "街道" not in text and "社区" not in text


def test_the_demo_with_nothing_but_its_training(demo_db) -> None:
    training_only_demo()
    period = Period.year(2022)
    walked, prompts = trace(period)
    assert prompts == []
    text = _body(walked)
    assert "开展集中学法4次" in text and "“周四大学堂”" in text  # its own words on its own training
    for gone in ("治安联防", "人民调解委员会", "普法教育六进", "担任法律顾问", "禁毒宣传进学校", "市长热线"):
        assert gone not in text, gone


# ---------------------------------------------------------------------------------------------
# The program's own words name nothing of their own

#: Words that name a specific: a brand, campaign or slogan in quotation marks, a title, a law, a
#: place or organ of one kind of office, a field or a history of one office.
SPECIFIC = re.compile(
    r"“[^”]+”|《[^》]+》|[\u4e00-\u9fff]+(?<![学普执用守知违立司合依方办做说])法(?=[、，。和等》]|$)|条例|宪法|民法典"
    r"|街道|(?<!乡)镇(?!（)|乡(?![镇村])|社区|村(?!（)|党工委|办事处|人民政府|委员会|调委会|事务所|派出所|司法所"
    r"|大队|工作站|大学堂|讲堂|进学校|六进|七进|八进|禁毒|森林|防火|征收|拆迁|建房|土地"
)
#: The names of the category of a county's offices, not of one office.
GENERIC = ("乡镇（街道）", "村（社区）")


def _scoped_literals(text: str) -> list[tuple[str, set[str]]]:
    """Each literal of ``text`` with the placeholders of the clauses around it (its span, and the
    spans that hold it; at top level, its sentence)."""
    out: list[tuple[str, set[str]]] = []

    def walk(nodes: list[object], scope: set[str]) -> None:
        own = {n[0] for n in nodes if isinstance(n, tuple)}
        for node in nodes:
            if isinstance(node, str):
                out.append((node, scope | own))
            elif not isinstance(node, tuple):
                walk(node.children, scope | own)

    for line in text.splitlines():
        for sentence in narrative._sentences(narrative.parse(line)):
            walk(sentence, set())
    return out


def _names(keys: set[str], names: dict[str, str]) -> str:
    labels = [names.get(k, "") for k in keys]
    labels += [stats.FIGURES_BY_KEY[k].label for k in keys if k in stats.FIGURES_BY_KEY]
    return "".join(labels)


def _unsourced(text: str, names: dict[str, str]) -> list[str]:
    found = []
    for literal, scope in _scoped_literals(text):
        for generic in GENERIC:
            literal = literal.replace(generic, "")
        for m in SPECIFIC.finditer(literal):
            noun = m.group(0).strip("“”《》")
            if noun not in _names(scope, names):
                found.append(f"{m.group(0)}（{literal[:20]}）")
    return found


def test_the_programs_texts_name_no_specific_without_a_record_behind_it() -> None:
    office = annual_report.placeholder_names()
    from lawdesk.services import county_report as cr

    county = dict(cr.county_placeholders())
    texts = [(k, t, office) for k, t in content.DEFAULT_TEXTS.items()]
    # a prompt asks for the office's words; it may quote a tab of the program, never name a specific
    texts += [(f"prompt {k}", re.sub(r"“[^”]*”", "", t), office) for k, t in content.EMPTY_PROMPTS.items()]
    texts += [(f"county {k}", t, county) for k, t in county_content.DEFAULT_TEXTS.items()]
    texts += [(f"outline {n.key}", n.title, office) for make in BUILT_IN.values() for n in make().walk()]
    texts += [(f"county outline {n.key}", n.title, county) for n in county_outline().walk()]
    problems = {key: found for key, text, names in texts if (found := _unsourced(text, names))}
    assert problems == {}


def test_the_literal_noun_check_finds_what_the_old_template_named() -> None:
    """The check would have caught the reference office's wording in the program's template."""
    old = ("结合“周四大学堂”，积极采取集中授课、以案代训等方式。"
           "［开展治安巡逻{patrols}次］。宣传预防青少年犯罪、治安管理处罚法和刑法。街道先后经历了几次大规模的土地征收。")
    found = _unsourced(old, annual_report.placeholder_names())
    assert any("周四大学堂" in f for f in found) and any("治安管理处罚法" in f for f in found)
    assert any("土地" in f for f in found) and any("街道" in f for f in found)
    assert not any("治安巡逻" in f for f in found)


def test_no_module_outside_the_demo_names_the_reference_offices_specifics() -> None:
    names = "周四大学堂|以案代训|禁毒宣传进学校|森林防火|土地征收|农村建房审批|庆勇"
    found = subprocess.run(["git", "grep", "-nE", names, "--", "lawdesk/*.py", "lawdesk/**/*.py"], cwd=REPO,
                           capture_output=True, text=True, check=False).stdout  # fmt: skip
    assert [line for line in found.splitlines() if "demo" not in line] == []


# ---------------------------------------------------------------------------------------------
# The command line: the gate's list, and a draft


def test_the_cli_refuses_a_report_with_prompts_and_writes_a_draft(db_path: Path, tmp_path: Path, capsys) -> None:
    from lawdesk import db as dbmod

    dbmod.open_database(db_path, create=True)
    baishi_town()
    dbmod.close_database()
    out = tmp_path / "白石镇.docx"
    args = ["--db", str(db_path), "report", "--year", "2024", "--out", str(out), "--date", "2025-01-10"]
    assert cli.main(args) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "不能生成报送版" in err and "1.开头：开头语" in err and "--draft" in err
    assert not out.exists()
    assert cli.main([*args, "--draft"]) == cli.EXIT_OK
    assert "征求意见稿" in capsys.readouterr().out and out.exists()
    assert cli.main([*args, "--draft", "--public"]) == cli.EXIT_ERROR
