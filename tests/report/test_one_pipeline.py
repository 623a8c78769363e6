"""One composition path for every document written from the ledger.

The annual report, the county's report, the half-year summary and a leader's 述法报告 are
composed by ``report/compose.py`` alone: no other module of the program assembles a body, cuts
it into claims, or reads it with the linter and proofreader (a static walk of the source), and
each export hands the writer exactly the body the engine composed and the gate exactly its claims
(a spy on the engine while each document is written).
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from lawdesk.report import compose
from lawdesk.services import annual_report, county_report, gate, half_year, shufa, writing
from lawdesk.services.period import Period
from tests.services.test_half_year import WORDS as HALF_YEAR_WORDS
from tests.services.test_shufa import _write_own

PACKAGE = Path(__file__).resolve().parents[2] / "lawdesk"
#: What composing a body takes: assembling the parts along an outline and numbering them, cutting
#: the body into claims, and reading it with the linter and proofreader.
COMPOSING = {"assemble", "assemble_traced", "extract", "lint_body", "proofread_body", "Numbering", "numbered_paragraphs"}
#: Where those are defined, and the engine: the only places that may name them.
ALLOWED = {"lawdesk/report/compose.py", "lawdesk/report/content.py", "lawdesk/report/claims.py",
           "lawdesk/report/lint.py", "lawdesk/report/proofread.py", "lawdesk/report/narrative.py"}  # fmt: skip


def _calls(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in COMPOSING:
                found.add(name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lawdesk.report"):
            found |= {a.name for a in node.names if a.name in COMPOSING}
    return found


def test_no_module_but_the_engine_composes_a_body() -> None:
    outside = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        if rel not in ALLOWED and (found := _calls(path)):
            outside[rel] = sorted(found)
    assert outside == {}


def test_the_walk_would_see_a_second_path(tmp_path: Path) -> None:
    copy = tmp_path / "second.py"
    copy.write_text("from lawdesk.report import content\n\ndef f(o, t):\n    return content.assemble(o, t)\n")
    assert _calls(copy) == {"assemble"}


class Spy:
    """Records every body the engine composes, and every context the writer is handed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.composed: list[compose.Composed] = []
        self.written: list[object] = []
        self.gated: list[list] = []
        real_compose, real_write, real_check = compose.compose, writing.write_report, gate.check

        def composing(inputs: compose.Inputs) -> compose.Composed:
            out = real_compose(inputs)
            self.composed.append(out)
            return out

        def writing_(ctx, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            self.written.append(ctx)
            return real_write(ctx, *args, **kwargs)

        def checking(claims, names, **kwargs):  # noqa: ANN001, ANN003, ANN202
            self.gated.append(list(claims))
            return real_check(claims, names, **kwargs)

        monkeypatch.setattr(compose, "compose", composing)
        monkeypatch.setattr(writing, "write_report", writing_)
        monkeypatch.setattr(gate, "check", checking)

    def assert_one_path(self) -> None:
        assert len(self.composed) == 1 and len(self.written) == 1 and len(self.gated) == 1
        composed = self.composed[0]
        assert self.written[0].body == composed.body  # the writer writes the engine's body, untouched
        assert [c for c in self.gated[0] if c in composed.claims] == composed.claims  # the gate reads its claims


def test_every_document_of_an_office_goes_through_the_engine(demo_db, tmp_path: Path, monkeypatch) -> None:
    for key, text in HALF_YEAR_WORDS.items():
        half_year.save_text(2022, key, text)
    _write_own("张健平", 2022)
    exports = {
        "annual": lambda out: annual_report.export_report(Period.year(2022), out, page_count="grid"),
        "half-year": lambda out: half_year.export_half_year(Period.first_half(2022), out, page_count="grid"),
        "shufa": lambda out: shufa.export_shufa(Period.year(2022), "张健平", out, page_count="grid"),
    }
    for name, export in exports.items():
        with monkeypatch.context() as patch:
            spy = Spy(patch)
            export(tmp_path / f"{name}.docx")
            spy.assert_one_path()


def test_the_countys_report_goes_through_the_engine(db, tmp_path: Path, monkeypatch) -> None:
    from tests.services.test_county_report import build_county

    build_county()
    spy = Spy(monkeypatch)
    county_report.export_county_report(Period.year(2024), tmp_path / "县.docx", page_count="grid",
                                       issue_date=dt.date(2025, 1, 10))  # fmt: skip
    spy.assert_one_path()
