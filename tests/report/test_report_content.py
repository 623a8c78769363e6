"""The report's words: the narrative grammar, zero figures, "100余", headings, the default template."""

from __future__ import annotations

import re

import pytest

from lawdesk.demo import DEMO_TEXTS, demo_outline
from lawdesk.report import content
from lawdesk.report.content import FillOptions, approximate, fill, format_rate, format_values
from lawdesk.report.context import LEVEL_1, LEVEL_2, LEVEL_PLAIN


def test_a_zero_figure_drops_its_span_and_the_separator_after_it():
    values = format_values({"patrols": 0, "disputes_resolved": 103}, set(), FillOptions())
    text = fill("联合派出所，［开展治安巡逻{patrols}次］、［排查化解矛盾纠纷{disputes_resolved}起］。完善机制。", values)
    assert "巡逻" not in text
    assert text == "联合派出所，排查化解矛盾纠纷100余起。完善机制。"


def test_a_sentence_with_a_bare_missing_figure_disappears_whole():
    values = format_values({"study_sessions": 0}, set(), FillOptions())
    assert fill("开展集中学法{study_sessions}次。下一句。", values) == "下一句。"


def test_missing_last_span_moves_the_full_stop():
    values = format_values({"lecturers": 3, "lectures": None}, set(), FillOptions())
    assert fill("共配备普法宣讲员{lecturers}人，［累计宣讲{lectures}场］。", values) == "共配备普法宣讲员3人。"


def test_no_zero_figure_survives_in_any_default_text():
    from lawdesk.services.stats import FIGURES

    values = format_values({f.key: 0 for f in FIGURES}, set(), FillOptions())
    absurd = re.compile(r"(?<![0-9.])0(次|人|场|件|期|起|个|%)")
    for key, default in content.DEFAULT_TEXTS.items():
        text = fill(default, values)
        assert not absurd.search(text), (key, text)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(26, "26"), (99, "99"), (100, "100"), (103, "100余"), (245, "240余"), (392, "390余"), (433, "430余"),
     (390, "390"), (1000, "1000"), (1003, "1000余"), (1180, "1100余")],
)
def test_approximate_keeps_the_first_two_digits(n, expected):
    assert approximate(n) == expected


def test_approx_is_an_option_per_figure():
    exact = format_values({"disputes_resolved": 103}, set(), FillOptions(approx=frozenset()))
    assert exact["disputes_resolved"] == "103"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"), [(96.92, 0, "97"), (100.0, 0, "100"), (83.33, 2, "83.33"), (100.0, 2, "100"), (96.5, 0, "97")]
)
def test_rates(value, decimals, expected):
    assert format_rate(value, decimals) == expected


def test_lists_join_the_chinese_way_and_empty_lists_drop():
    values = format_values({"problem_fields": ["法律援助", "基层治理"], "partner_units": []}, set(), FillOptions())
    assert fill("解决{problem_fields:等}问题。［联合{partner_units}，］开展巡逻。", values) == "解决法律援助、基层治理等问题。开展巡逻。"
    three = format_values({"partner_units": ["派出所", "司法所", "执法大队"]}, set(), FillOptions())
    assert fill("联合{partner_units}。", three) == "联合派出所、司法所和执法大队。"


def test_unknown_placeholders_are_reported_and_kept():
    assert content.unknown_placeholders("{patrols}{nonsense}", {"patrols": 1}) == ["nonsense"]
    assert fill("共{nonsense}次。", {}) == "共{nonsense}次。"


def test_paragraph_classification_and_run_in_headings():
    paras = content.to_paragraphs("（一）权责不清。群众信访不信法。\n普通段落。\n二、标题")
    assert (paras[0].heading, paras[0].text, paras[0].level) == ("（一）权责不清。", "群众信访不信法。", LEVEL_2)
    assert (paras[1].heading, paras[1].level) == ("", LEVEL_PLAIN)
    assert (paras[2].heading, paras[2].level) == ("二、标题", LEVEL_1)


def test_assemble_numbers_headings_from_the_outline_and_joins_run_in_headings():
    outline = demo_outline()
    texts = dict(DEMO_TEXTS)
    texts["s3"] = content.numbered(["甲。乙", "丙。"])
    body = content.assemble(outline, texts)
    headings = [p.heading[:4] for p in body if p.heading]
    assert headings[:4] == ["一、{y", "二、{y", "（一）完", "（二）推"]
    first_21 = next(p for p in body if p.heading.startswith("（一）完善"))
    assert "一是形成长效机制" in first_21.text and first_21.level == LEVEL_2
    assert [p.heading for p in body if p.level == LEVEL_1][2].startswith("三、")


def test_suggestions_are_offered_from_the_data_and_added_only_when_chosen():
    quiet = content.offered_suggestions({"disputes_long_open": 0, "hotline_late": 0, "problems_unsolved": 0})
    busy = content.offered_suggestions({"disputes_long_open": 3, "hotline_late": 1, "problems_unsolved": 2})
    assert quiet == []
    assert [s.id for s in busy] == ["disputes_long_open", "hotline_late", "problems_unsolved", "plan_backlog", "plan_hotline"]
    values = format_values({"disputes_long_open": 3, "on_time_rate": None, "hotline_late": 1}, set(), FillOptions())
    added = content.with_suggestions(DEMO_TEXTS["s3"], busy[:2], "shortcomings", values)
    assert added.startswith("（一）矛盾纠纷化解仍有积压。截至期末，尚有3起")
    assert "超期办结，承办科室" in added  # the rate span went with its missing figure
    body = content.assemble(demo_outline(), {"s3": added})
    points = [p.heading for p in body if p.heading.startswith("（")]
    assert "（三）权责不清。" in points and "（五）法治意识仍待加强。" in points
