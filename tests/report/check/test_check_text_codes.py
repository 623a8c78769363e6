"""Every text code of ``lawdesk check`` (the linter's T codes, the proofreader's P codes): a real
report from the demo database carries one defect and the checker names exactly that code.

The defect enters as a clerk would make it (a saved narrative, a renamed section) or, where the
program itself never writes it (the level-1 numbering), by editing the generated document. Both
署名 layouts are covered: organs side by side (sealed, GB/T 9704 §7.3.5.1) and stacked (§7.3.5.2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from lawdesk.report import lint, proofread
from lawdesk.report.check import check_docx
from lawdesk.services import annual_report
from lawdesk.services.period import Period

ISSUE = dt.date(2023, 1, 9)
YEAR = 2022
LAYOUTS = {"side_by_side": True, "stacked": False}

#: Codes that cannot come out of a .docx, with the reason (each one is still tested below).
NOT_FROM_A_DOCX = {
    "T7": "a missing level-1 heading is found against the outline, which a .docx does not carry; "
    "``lawdesk check`` sees the gap in the numbering instead (T4)",
}


def _narrative(text: str, key: str = "closing") -> Callable[[], None]:
    return lambda: annual_report.save_narrative(YEAR, key, text)


def _rename_second_section_without_its_full_stop() -> None:
    outline = annual_report.report_outline()
    node = outline.nodes[1]
    assert node.title.endswith("。"), node.title  # the others keep theirs
    annual_report.rename_section(outline, node.key, node.title.rstrip("。"), YEAR)


def _edit_level1_heading(change: Callable[[docx.text.paragraph.Paragraph], None]) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        document = docx.Document(str(path))
        heading = next(p for p in document.paragraphs if p.text.startswith("二、"))
        change(heading)
        document.save(str(path))

    return apply


def _renumber(paragraph) -> None:  # noqa: ANN001
    run = next(r for r in paragraph.runs if "二、" in r.text)
    run.text = run.text.replace("二、", "四、", 1)


def _delete(paragraph) -> None:  # noqa: ANN001
    paragraph._element.getparent().remove(paragraph._element)


# (case id, code, before export (a clerk's edit) or None, after export (a document edit) or None)
CASES: list[tuple[str, str, Callable[[], None] | None, Callable[[Path], None] | None]] = [
    ("T1", "T1", _narrative("全年工作取得实效，。下一步继续努力。"), None),
    ("T1-semicolon-comma", "T1", _narrative("坚持依法行政；，持续推进。"), None),
    ("T2", "T2", _narrative("认真学习《》精神。"), None),
    ("T2-quotes", "T2", _narrative("开展“”活动。"), None),
    ("T3-brace", "T3", _narrative("全年共开展{x}活动。"), None),
    ("T3-bracket", "T3", _narrative("全年共开展普法活动【待补充】。"), None),
    ("T4-items", "T4", _narrative("一是抓学法；三是抓用法。"), None),
    ("T4-heading", "T4", None, _edit_level1_heading(_renumber)),
    ("T5", "T5", _narrative("一是抓学法，二是抓用法。"), None),
    ("T6", "T6", _narrative("全年开展专题培训0次。"), None),
    ("P1", "P1", _narrative("认真学习《宪法》、《民法典》。"), None),
    ("P2", "P2", _narrative("全年工作取得实效,下一步继续努力。"), None),
    ("P3", "P3", _narrative("认真学习《宪法精神。"), None),
    ("P4-chinese-count", "P4", _narrative("全年开展专题培训二十六次。"), None),
    ("P4-full-width", "P4", _narrative("全年开展专题培训１２次。"), None),
    ("P4-festival", "P4", _narrative("开展“3.15”消费者权益日宣传。"), None),
    ("P5", "P5", _narrative("在决策前慎密论证。"), None),
    ("P6", "P6", _narrative("认真落实《治安管理处罚条例》。"), None),
    ("P7", "P7", _narrative("街道党委书记带头讲法治课。"), None),
    ("P8", "P8", _rename_second_section_without_its_full_stop, None),
]


def _export(path: Path, sealed: bool, **kwargs) -> Path:
    annual_report.save_report_profile(dataclasses.replace(annual_report.report_profile(), sealed=sealed))
    annual_report.export_report(Period.year(YEAR), path, issue_date=ISSUE, page_count="grid", **kwargs)
    return path


def _text_codes(path: Path) -> set[str]:
    return {f.code for f in check_docx(path) if re.fullmatch(r"[TP]\d+", f.code)}


def _text_findings(path: Path) -> list[str]:
    return [f"{f.code} {f.message} {f.where}" for f in check_docx(path) if re.fullmatch(r"[TP]\d+", f.code)]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case_id,code,edit,doc_edit", CASES, ids=[c[0] for c in CASES])
def test_a_report_with_one_text_defect_is_flagged_with_exactly_its_code(
    demo_db, tmp_path, layout, case_id, code, edit, doc_edit
):
    if edit is not None:
        edit()
    path = _export(tmp_path / f"{case_id}.docx", LAYOUTS[layout])
    if doc_edit is not None:
        assert _text_codes(path) == set()  # the edit, not the export, brings the defect
        doc_edit(path)
    assert _text_codes(path) == {code}, _text_findings(path)
    found = [f for f in check_docx(path) if f.code == code]
    severity = lint.ERROR if code.startswith("T") else proofread.WARNING
    assert all(f.severity == severity and f.where.startswith("第") for f in found)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kwargs", [{}, {"public": True}, {"attachment": False}], ids=["sealed", "public", "no-attachment"])
def test_the_demo_report_has_no_text_findings(demo_db, tmp_path, layout, kwargs):
    path = _export(tmp_path / "demo.docx", LAYOUTS[layout], **kwargs)
    assert _text_findings(path) == []


def test_a_deleted_level1_heading_is_seen_as_a_gap_in_the_numbering_not_as_t7(demo_db, tmp_path):
    """T7 needs the outline: the rule works on the outline's headings, and ``lawdesk check`` (which
    has only the document) reports the missing heading as T4 instead of passing it silently."""
    path = _export(tmp_path / "gap.docx", True)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    second = next(t for t in texts if t.startswith("二、"))
    assert "T7" in {i.code for i in lint.lint_texts([t for t in texts if t != second], [second])}
    _edit_level1_heading(_delete)(path)
    codes = _text_codes(path)
    assert "T4" in codes and "T7" not in codes, _text_findings(path)


def _defined_codes() -> set[str]:
    source = inspect.getsource(lint) + inspect.getsource(proofread)
    return set(re.findall(r"\"([TP]\d+)\"", source))


def test_every_text_code_has_a_broken_document_case():
    defined = _defined_codes()
    assert {f"T{n}" for n in range(1, 8)} | {f"P{n}" for n in range(1, 9)} <= defined  # the scan sees them
    tested = {c[1] for c in CASES}
    assert not tested & set(NOT_FROM_A_DOCX), "a code listed as impossible has a case: drop it from the list"
    missing = defined - tested - set(NOT_FROM_A_DOCX)
    assert not missing, f"text codes without a broken-document case: {sorted(missing)}"
    assert tested | set(NOT_FROM_A_DOCX) <= defined, "a case names a code the linter no longer has"


def test_an_approximate_number_in_a_narrative_is_not_flagged(demo_db, tmp_path):
    """三四次 is a 概数 and stays in 汉字 (GB/T 15835—2011 4.2); 二十六次 is a count (P4, above)."""
    annual_report.save_narrative(YEAR, "closing", "下一步，街道每月召开三四次例会，组织七八十人参加学法。")
    path = _export(tmp_path / "approx.docx", True)
    assert _text_findings(path) == []
