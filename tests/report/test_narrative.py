"""The narrative grammar, the outline, the linter's and proofreader's rules, and old narratives."""

from __future__ import annotations

import pytest

from lawdesk.report import lint, narrative, proofread
from lawdesk.report.narrative import Items, Numbering, fill, join_items
from lawdesk.report.outline import Outline, default_outline, regulations_outline

V = {"a": "3", "b": None, "l": Items(("法律援助", "基层治理", "人居环境")), "e": Items(())}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共配备普法宣讲员{a}人，［累计宣讲{b}场］。下一句。", "共配备普法宣讲员3人。下一句。"),
        ("［开展治安巡逻{b}次］、［排查化解矛盾纠纷{a}起］。完善机制。", "排查化解矛盾纠纷3起。完善机制。"),
        ("格局。［{b}；］三是强化。", "格局。三是强化。"),
        ("一是A；［二是B{b}］。", "一是A。"),
        ("一是A；［二是B{b}］；三是C。", "一是A；三是C。"),
        ("X。［开展集中学法{b}次。］下一句。", "X。下一句。"),
        ("［督促进度，［调研{b}次］，［督查{b}次］。］下一句。", "下一句。"),
        ("［督促进度，［调研{a}次］，［督查{b}次］，［解决［{e:等}］问题{a}个］。］",
         "督促进度，调研3次，解决问题3个。"),
        ("征求意见建议［，全年审查{b}件］［，出具意见书{b}份］；三是强化。", "征求意见建议；三是强化。"),
        ("征求意见建议［，全年审查{a}件］［，出具意见书{b}份］；三是强化。", "征求意见建议，全年审查3件；三是强化。"),
        ("全年开展巡逻{b}次。其他。", "其他。"),
        ("A，［B{b}］", "A。"),
        ("［{?b}宣讲。］其他。", "其他。"),
        ("［{?a}宣讲。］其他。", "宣讲。其他。"),
        ("解决{l:等}问题{a}个。", "解决法律援助、基层治理、人居环境等问题3个。"),
        ("共{nonsense}次。", "共{nonsense}次。"),
    ],
)  # fmt: skip
def test_spans_drop_with_their_figures_and_mend_the_punctuation(text, expected):
    assert fill(text, V) == expected


def test_a_paragraph_left_empty_goes():
    assert fill("［全年{b}次。］\n下一段。", V) == "下一段。"


def test_lists_join_the_chinese_way():
    assert join_items(["A", "B", "C"]) == "A、B和C"
    assert join_items(["A", "B"], "等") == "A、B等"
    assert join_items(["A"], more=True) == "A等"
    assert join_items(["《民法典》", "《宪法》"], "等") == "《民法典》《宪法》等"  # no 、 between titles
    assert join_items(["“一社区一警”", "“一社区一法律顾问”"]) == "“一社区一警”“一社区一法律顾问”"


def test_enumerations_renumber_across_paragraphs_until_a_heading():
    numbering = Numbering()
    assert numbering.paragraph("一是A；二是B；五是C。") == "一是A；二是B；三是C。"
    assert numbering.paragraph("七是D。") == "四是D。"
    assert numbering.paragraph("（三）标题。正文一是E。") == "（一）标题。正文一是E。"
    numbering.level1()
    assert [numbering.paragraph(f"（{n}）点。") for n in "一三"] == ["（一）点。", "（二）点。"]
    numbering.paren = 10
    assert numbering.paragraph("（11）细项。") == "（1）细项。"  # （1）-style is level 4, counted apart
    assert numbering.paragraph("（二）第十一点。") == "（十一）第十一点。"


def test_placeholders_show_as_chinese_tokens_and_come_back_as_keys():
    names = {"patrols": "开展治安巡逻次数", "problem_fields": "解决问题的领域", "lectures": "开展普法宣讲场数"}
    stored = "［开展治安巡逻{patrols}次］，解决{problem_fields:等}问题［{?lectures}。］{unknown}"
    shown = narrative.to_display(stored, names)
    assert shown == "［开展治安巡逻【开展治安巡逻次数】次］，解决【解决问题的领域：等】问题［【如有：开展普法宣讲场数】。］{unknown}"
    assert narrative.from_display(shown, names) == stored
    assert narrative.from_display("【不存在的名称】", names) == "【不存在的名称】"  # the linter reports it


def test_old_form_narratives_convert_to_the_same_meaning():
    old = ("坚持防范在先，联合{partner_units}，开展治安巡逻{patrols}次、排查化解矛盾纠纷{disputes_resolved}起。"
           "形成格局。{honor_titles_sentence}三是强化理论学习教育，开展集中学法{study_sessions}次。"
           "解决{problem_fields}等法治领域问题{problems_solved}个。")  # fmt: skip
    new = narrative.convert_old_form(old)
    assert narrative.convert_old_form(new) == new  # converting twice changes nothing
    values = {"partner_units": Items(("派出所",)), "patrols": None, "disputes_resolved": "100余",
              "honor_titles_sentence": None, "study_sessions": "4", "problem_fields": Items(("法律援助", "基层治理")),
              "problems_solved": "5"}  # fmt: skip
    assert fill(new, values) == (
        "坚持防范在先，联合派出所，排查化解矛盾纠纷100余起。形成格局。三是强化理论学习教育，开展集中学法4次。"
        "解决法律援助、基层治理等法治领域问题5个。"
    )
    values["honor_titles_sentence"] = "某所获评先进"
    assert "形成格局。某所获评先进；三是强化" in fill(new, values)


def test_outline_editing_renumbers_and_round_trips():
    outline = default_outline()
    node = outline.add("（五）法治宣传教育", parent="s2")
    assert node.title == "法治宣传教育" and node.level == 2
    assert outline.move("s4", -1) and [n.key for n in outline.nodes] == ["s1", "s2", "s4", "s3"]
    outline.rename("s1", "三、第一责任人履职情况。")
    outline.remove("m5")
    again = Outline.from_dict(outline.to_dict())
    assert [n.key for n in again.walk()] == [n.key for n in outline.walk()]
    assert again.find("s1").title == "第一责任人履职情况。"
    with pytest.raises(ValueError):
        outline.rename("s1", "  ")
    outline.remove(node.key)
    assert outline.add("再加一节").key != node.key  # a removed section's text never comes back
    assert Outline.from_dict(outline.to_dict()).serial == outline.serial
    assert Outline.from_dict({"nodes": "broken"}).name == default_outline().name


def test_the_regulations_outline_has_the_five_items():
    titles = [n.title for n in regulations_outline().nodes]
    assert len(titles) == 5
    for words in ("主要举措和成效", "存在的不足和原因", "第一责任人职责", "主要安排", "其他需要报告的情况"):
        assert any(words in t for t in titles)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("主持召开专题会议、班子会、，分析研判。", "T1"),
        ("督促进度，。", "T1"),
        ("以《》为内容。", "T2"),
        ("开展巡逻{patrols}次。", "T3"),
        ("开展巡逻【开展治安巡逻次数】次。", "T3"),
        ("一是甲；三是乙。", "T4"),
        ("一是甲，二是乙。", "T5"),
        ("开展治安巡逻0次。", "T6"),
    ],
)
def test_each_linter_rule_finds_its_break(text, code):
    assert code in {i.code for i in lint.lint_texts([text])}


def test_the_linter_checks_headings_and_their_numbers():
    texts = ["一、甲。", "正文。", "三、丙。"]
    codes = [i.code for i in lint.lint_texts(texts, ["一、甲。", "二、乙。", "三、丙。"])]
    assert codes.count("T4") == 1 and codes.count("T7") == 1
    assert lint.lint_texts(["一、甲。", "一是甲；二是乙。", "（一）小标题。一是丙。", "（二）小。一是丁；二是戊。"]) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("以《民法典》、《宪法》等为内容。", "P1"),
        ("开展宣讲,共3场。", "P2"),
        ("结合“宪法日等节日。", "P3"),
        ("开展巡逻２６次。", "P4"),
        ("结合“3.15”消费者权益保护日。", "P4"),
        ("开展治安巡逻二十六次。", "P4"),
        ("在决策前慎密论证。", "P5"),
        ("宣传治安管理处罚条例。", "P6"),
        ("学习《中华人民共和国合同法》。", "P6"),
        ("街道领导小组由党委书记任组长。", "P7"),
    ],
)
def test_each_proofreading_rule_finds_its_slip(text, code):
    assert code in {i.code for i in proofread.proofread_texts([text])}


def test_proofreading_is_quiet_on_right_text_and_checks_heading_ends():
    good = ["以《民法典》《宪法》等为内容，结合“3·15”消费者权益保护日，党工委书记任组长，学习治安管理处罚法。",
            "落实“十四五”规划和第十二个五年规划，开展三次督查，一一对应。"]
    assert proofread.proofread_texts(good) == []
    headings = ["一、甲。", "正文。", "二、乙。", "三、丙"]
    assert [i.code for i in proofread.proofread_texts(headings)] == ["P8"]


def test_every_placeholder_has_a_unique_chinese_name_the_editor_can_show():
    from lawdesk.services import annual_report

    names = [name for _key, name in annual_report.placeholders()]
    assert len(names) == len(set(names))
    for name in names:
        assert name and not set(name) & set("【】：{}［］\n"), name
    stored = "".join("{" + key + "}" for key, _ in annual_report.placeholders())
    assert annual_report.from_display(annual_report.to_display(stored)) == stored


@pytest.mark.parametrize("text", ["每月召开三四次例会。", "组织十二三个社区参加。", "约七八十人到场。", "一二十个村居。"])
def test_an_approximate_number_in_chinese_digits_is_not_a_p4(text):
    """GB/T 15835—2011 4.2 (概数): two neighbouring digits side by side stay in 汉字."""
    assert "P4" not in {i.code for i in proofread.proofread_texts([text])}


@pytest.mark.parametrize("text", ["开展巡逻二十三次。", "组织十五个社区参加。", "开展宣讲三十次。", "召开会议四三次。"])
def test_an_exact_count_in_chinese_digits_is_still_a_p4(text):
    assert "P4" in {i.code for i in proofread.proofread_texts([text])}


@pytest.mark.parametrize("text", ["街道各社区党委书记带头讲法治课。", "村党委书记、村委会主任参加培训。", "党工委书记任组长。"])
def test_a_community_or_village_party_secretary_is_not_a_p7(text):
    """A 社区 or 村 has a 党委 (its secretary is rightly 党委书记); only the 街道's is a 党工委."""
    assert "P7" not in {i.code for i in proofread.proofread_texts([text])}


def test_the_street_party_secretary_called_dangwei_is_still_a_p7():
    assert "P7" in {i.code for i in proofread.proofread_texts(["街道党委书记、办事处主任任组长。"])}
