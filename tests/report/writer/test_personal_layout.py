"""The layouts of the documents written besides the annual report: a 报告 without 版头 (the
half-year summary), and a personal report (a leader's 述法报告: the post and name under the title,
no 主送, no 署名, the date alone) — written by the one GB/T 9704 writer and read back by ``check``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
from docx.shared import Pt

from lawdesk.report import gbt9704 as g
from lawdesk.report.check import ERROR, WARNING, check_docx, format_findings
from lawdesk.report.files import save_docx_atomic
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer import build_document
from tests.report_fixtures import make_context


def _write(tmp_path: Path, name: str, **changes: object) -> Path:
    path = tmp_path / f"{name}.docx"
    save_docx_atomic(build_document(dataclasses.replace(make_context(), **changes), ReportProfile()), path)
    return path


def _bad(path: Path) -> list:
    return [f for f in check_docx(path, ReportProfile()) if f.severity in (ERROR, WARNING)]


def test_a_report_without_masthead_has_no_imprint_either(tmp_path: Path) -> None:
    path = _write(tmp_path, "plain", masthead=False, copy_to=["县司法局"], print_organ="某办公室", addressee="县委依法治县办")
    text = [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    assert not any("文件" in t and len(t) < 20 for t in text[:2]) and "金文〔2023〕5号" not in text
    assert "县委依法治县办：" in text and not any("印发" in t for t in text)
    assert _bad(path) == [], format_findings(_bad(path))


def test_a_personal_report_is_signed_by_its_byline(tmp_path: Path) -> None:
    path = _write(tmp_path, "personal", masthead=False, addressee="", signature_organs=[], note="",
                  byline="金兰山街道党工委书记\u3000张健平", title="2022年度履行推进法治建设 第一责任人职责情况的报告")
    document = docx.Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    byline = paragraphs[2]
    assert byline.text == "金兰山街道党工委书记\u3000张健平"
    assert byline.paragraph_format.alignment == 1  # centred
    assert byline.runs[0].font.size == Pt(g.BYLINE_SIZE / 2)
    assert "楷体_GB2312" in byline.runs[0]._r.xml
    date = paragraphs[-1]
    assert date.text == "2023年1月9日" and date.paragraph_format.right_indent.twips == g.DATE_RIGHT_INDENT_TWIPS
    assert paragraphs[3].text.startswith("2022年在县委")  # the body follows: no 主送
    assert _bad(path) == [], format_findings(_bad(path))


def test_check_reads_a_byline_in_the_wrong_form(tmp_path: Path) -> None:
    path = _write(tmp_path, "wrong", masthead=False, addressee="", signature_organs=[], note="", byline="张健平")
    document = docx.Document(str(path))
    byline = next(p for p in document.paragraphs if p.text == "张健平")
    byline.runs[0].font.size = Pt(22)
    document.save(str(path))
    codes = {f.code for f in _bad(path)}
    assert "4.27" in codes
    # the same document signed by no one and dated at the left is refused too
    path = _write(tmp_path, "left", masthead=False, addressee="", signature_organs=[], note="", byline="张健平")
    document = docx.Document(str(path))
    date = next(p for p in document.paragraphs if p.text == "2023年1月9日")
    date.alignment = 0
    document.save(str(path))
    assert "4.30" in {f.code for f in _bad(path)}
