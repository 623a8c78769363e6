"""The report area's house: no import circle (imports inside function bodies included), and the
heading numbers read by one set of patterns everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lawdesk.report import claims, content, headings, lint, narrative, proofread
from lawdesk.report.check import common as check_common

PACKAGE = Path(__file__).resolve().parents[2] / "lawdesk"

#: The modules of the report area: the ``report`` package and the services that feed it.
REPORT_AREA = ("lawdesk.report", "lawdesk.services.annual_report", "lawdesk.services.county_report",
               "lawdesk.services.report_data", "lawdesk.services.report_settings", "lawdesk.services.settings",
               "lawdesk.services.documents", "lawdesk.services.drafting", "lawdesk.services.gate",
               "lawdesk.services.half_year", "lawdesk.services.shufa", "lawdesk.services.leaders",
               "lawdesk.services.report_values", "lawdesk.services.words", "lawdesk.services.writing",
               "lawdesk.ui.pages.report")  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the lawdesk modules it imports, at the top or anywhere in a function body."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _cycles_through(graph: dict[str, set[str]], starts: list[str]) -> list[list[str]]:
    cycles = []
    for start in starts:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    cycles.append(path)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return cycles


def test_no_import_circle_runs_through_the_report_area() -> None:
    graph = import_graph()
    area = [m for m in graph if m.startswith(REPORT_AREA)]
    assert "lawdesk.report.lint" in area and "lawdesk.services.settings" in area
    assert _cycles_through(graph, area) == []


def test_the_walker_sees_an_import_hidden_in_a_function_body() -> None:
    graph = import_graph()
    # check/text.py reads the linter inside nothing but the module; settings no longer reads the county
    assert "lawdesk.report.proofread" in graph["lawdesk.report.check.text"]
    assert "lawdesk.services.county_report" not in graph["lawdesk.services.settings"]
    fake = {"a": {"b"}, "b": {"a"}}
    assert _cycles_through(fake, ["a"]) == [["a", "b"]]


# -- the heading numbers ----------------------------------------------------------------------


def test_every_reader_of_heading_numbers_uses_the_one_set_of_patterns() -> None:
    assert (lint.H1, lint.H2, lint.H3, lint.H4) == (headings.LEVEL_1, headings.LEVEL_2, headings.LEVEL_3,
                                                   headings.LEVEL_4)  # fmt: skip
    assert narrative.PAREN_ITEM is headings.LEVEL_2 and narrative.SHI_ITEM is headings.SHI_ITEM
    assert check_common.LEVEL_PATTERNS is headings.STRICT_LEVELS
    assert narrative.strip_heading_number is headings.strip_number


@pytest.mark.parametrize("line,level", [("十一、其他", 1), ("一百、其他", 1), ("（十二）其他。正文", 2), ("（〇）占位", 2),
                                        ("3.其他。正文", 3), ("（4）其他", 4)])  # fmt: skip
def test_a_heading_number_means_one_level_to_the_assembly_the_linter_and_the_checker(line: str, level: int) -> None:
    assert headings.level_of(line) == level
    strict = next((lv for lv, rx in check_common.LEVEL_PATTERNS if rx.match(line)), 0)
    assert strict == level
    paragraph = content.numbered_paragraphs(line)[0]
    assert paragraph.level == {4: 2}.get(level, level)  # "（1）" runs in like "（一）"
    assert headings.strip_number(line).startswith(("其他", "占位"))


def test_items_after_marks_use_the_same_numerals() -> None:
    assert claims.tags_after_items("\ue010\ue100\u200b\ue011十一是其他") == "十一是\ue010\ue100\u200b\ue011其他"
    assert [i.code for i in proofread.proofread_texts(["一、甲。", "二、乙"])] == ["P8"]
