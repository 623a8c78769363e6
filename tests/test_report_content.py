"""The report's words: placeholder filling, zero figures, "100余", headings, the default template."""

from __future__ import annotations

import re

import pytest

from lawdesk.report import content
from lawdesk.report.content import FillOptions, approximate, fill, format_rate, format_values
from lawdesk.report.context import LEVEL_1, LEVEL_2, LEVEL_PLAIN


def test_a_zero_figure_drops_its_clause_not_the_others():
    values = format_values({"patrols": 0, "disputes_resolved": 103}, set(), FillOptions())
    text = fill("联合派出所，开展治安巡逻{patrols}次、排查化解矛盾纠纷{disputes_resolved}起。完善机制。", values)
    assert "巡逻" not in text
    assert text == "联合派出所，排查化解矛盾纠纷100余起。完善机制。"


def test_a_sentence_whose_only_clause_is_empty_disappears():
    values = format_values({"study_sessions": 0}, set(), FillOptions())
    assert fill("开展集中学法{study_sessions}次。下一句。", values) == "下一句。"


def test_missing_last_clause_moves_the_full_stop():
    values = format_values({"lecturers": 3, "lectures": None}, set(), FillOptions())
    assert fill("共配备普法宣讲员{lecturers}人，累计宣讲{lectures}场。", values) == "共配备普法宣讲员3人。"


def test_no_zero_figure_survives_in_any_default_section():
    from lawdesk.services.stats import FIGURES

    values = format_values({f.key: 0 for f in FIGURES}, set(), FillOptions())
    absurd = re.compile(r"(?<![0-9.])0(次|人|场|件|期|起|个|%)")
    for section in content.SECTIONS:
        text = fill(section.default, values)
        assert not absurd.search(text), (section.key, text)


@pytest.mark.parametrize(
    ("n", "expected"), [(26, "26"), (99, "99"), (100, "100"), (103, "100余"), (245, "200余"), (1180, "1000余")]
)
def test_approximate(n, expected):
    assert approximate(n) == expected


def test_approx_is_an_option_per_figure():
    exact = format_values({"disputes_resolved": 103}, set(), FillOptions(approx=frozenset()))
    assert exact["disputes_resolved"] == "103"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"), [(96.92, 0, "97"), (100.0, 0, "100"), (83.33, 2, "83.33"), (100.0, 2, "100"), (96.5, 0, "97")]
)
def test_rates(value, decimals, expected):
    assert format_rate(value, decimals) == expected


def test_lists_join_with_enumeration_comma_and_empty_lists_drop():
    values = format_values({"problem_fields": ["法律援助", "基层治理"], "partner_units": []}, set(), FillOptions())
    assert fill("解决{problem_fields}等问题。联合{partner_units}，开展巡逻。", values) == "解决法律援助、基层治理等问题。开展巡逻。"


def test_unknown_placeholders_are_reported_and_kept():
    assert content.unknown_placeholders("{patrols}{nonsense}", {"patrols": 1}) == ["nonsense"]
    assert fill("共{nonsense}次。", {}) == "共{nonsense}次。"


def test_paragraph_classification_and_run_in_headings():
    paras = content.to_paragraphs("（一）权责不清。群众信访不信法。\n普通段落。\n二、标题")
    assert (paras[0].heading, paras[0].text, paras[0].level) == ("（一）权责不清。", "群众信访不信法。", LEVEL_2)
    assert (paras[1].heading, paras[1].level) == ("", LEVEL_PLAIN)
    assert (paras[2].heading, paras[2].level) == ("二、标题", LEVEL_1)


def test_assemble_joins_level2_headings_with_their_body_in_reference_order():
    texts = {s.key: s.default for s in content.SECTIONS}
    texts["s3"] = content.numbered(["甲。乙", "丙。"])
    body = content.assemble(texts)
    headings = [p.heading[:4] for p in body if p.heading]
    assert headings[:4] == ["一、{y", "二、{y", "（一）完", "（二）推"]
    first_21 = next(p for p in body if p.heading.startswith("（一）完善"))
    assert first_21.text.startswith("一是形成长效机制") and first_21.level == LEVEL_2


def test_shortcomings_are_suggested_from_the_data():
    quiet = content.shortcomings_text({"disputes_long_open": 0, "hotline_late": 0, "problems_unsolved": 0})
    busy = content.shortcomings_text({"disputes_long_open": 3, "hotline_late": 1, "problems_unsolved": 2})
    assert "化解仍有积压" not in quiet and quiet.startswith("（一）权责不清")
    assert busy.startswith("（一）矛盾纠纷化解仍有积压") and "{disputes_long_open}" in busy
    assert "（五）" in busy and "（六）权责不清" not in busy and "（四）权责不清" in busy
