"""Page checks: the page parity of GB/T 9704 §7.4–7.5 (item 4.40), rendered or estimated.

``lawdesk check --render``: LibreOffice renders the document to PDF; the page count says whether
the 版记 ends on an even page (in double-sided printing it is the 封四). With ``pdftotext``
(poppler) the page numbers of the last pages are read too: a blank page before the 版记 page,
and the 版记 page after it, carry no page number (§7.5).

``lawdesk check`` without ``--render`` counts the pages from the 22 × 28 grid (``paging``, no
renderer) and says so: the count is the one LibreOffice would make; WPS and Word decide on the
clerk's PC.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from lawdesk.report.check.common import ERROR, INFO, WARNING, Doc, Finding
from lawdesk.report.check.ooxml import _text, _w
from lawdesk.report.errors import ReportError
from lawdesk.report.files import docx_to_pdf, find_soffice
from lawdesk.report.paging import count_pdf_pages

CODE = "4.40"


def _has_imprint(doc: Doc) -> bool:
    return any(
        el.tag == _w("tbl") and el.find(f"{_w('tblPr')}/{_w('tblpPr')}") is not None
        and _text(el).strip().endswith("印发")
        for el in doc.items
    )  # fmt: skip


def page_texts(pdf: Path) -> list[str] | None:
    """Text of each page (``pdftotext``), or None when poppler is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    out = subprocess.run([exe, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=False)
    pages = out.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _numbered(text: str) -> bool:
    return any("—" in line and any(ch.isdigit() for ch in line) for line in text.splitlines()[-3:])


def parity_findings(doc: Doc, pages: int, texts: list[str] | None, basis: str = "排版后") -> list[Finding]:
    """Findings for a document of ``pages`` rendered (or estimated: ``basis``) pages, and their
    texts when known."""
    if not _has_imprint(doc):
        return [Finding(INFO, CODE, f"{basis}共 {pages} 页；没有版记，不检查末页奇偶。")]
    out = []
    if pages % 2:
        out.append(Finding(ERROR, CODE, f"{basis}共 {pages} 页：版记应在最后一面且为偶数页（双面印刷时为封四），"
                                        "应在版记页前加空白页或把版记移到下一页。"))  # fmt: skip
    if texts and len(texts) >= 2:
        last, before = texts[-1], texts[-2]
        blank_before = not "".join(before.splitlines()[:-3]).strip()
        if blank_before and (_numbered(before) or _numbered(last)):
            out.append(Finding(ERROR, CODE, "版记页前有空白页时，空白页和版记页均不编排页码。"))
        body = [ln for ln in last.splitlines() if ln.strip() and not _numbered(ln)]
        alone = bool(body) and all(_imprint_line(ln) for ln in body)
        if alone and _numbered(last) and not blank_before:
            out.append(Finding(ERROR, CODE, "版记单独成页时，版记页不编排页码。"))
    if not out:
        out.append(Finding(INFO, CODE, f"{basis}共 {pages} 页，版记在偶数页。"))
    return out


def _imprint_line(line: str) -> bool:
    text = line.strip()
    return text.startswith("抄送") or text.endswith("印发")


ESTIMATED = "按版心网格估算"
HOW_ESTIMATED = (
    "页数未用 LibreOffice 排版，是按 GB/T 9704 版心（每面22行、每行28字）逐行估算的，"
    "与 LibreOffice 的排版一致；在 WPS 或 Word 中打印时以其排版为准，可加 --render 用 LibreOffice 核对。"
)


def estimate_check(doc: Doc) -> list[Finding]:
    """An extra check for ``check_document``: the page parity from the grid estimate (no renderer)."""
    from lawdesk.report.paging import estimate_body

    if doc.body is None:
        return []
    pages = estimate_body(doc.body, doc.pkg.xml("word/styles.xml"))
    return [Finding(INFO, CODE, HOW_ESTIMATED), *parity_findings(doc, pages.count, None, ESTIMATED)]


def render_check(path: str | Path, timeout: float = 240.0) -> Callable[[Doc], Iterable[Finding]]:
    """An extra check for ``check_document``: render ``path`` with LibreOffice and check parity."""

    def check(doc: Doc) -> list[Finding]:
        if find_soffice() is None:
            return [Finding(WARNING, CODE, "未找到 LibreOffice（soffice），无法排版检查页数和页码。")]
        with tempfile.TemporaryDirectory(prefix="lawdesk-check-") as tmp:
            try:
                pdf = docx_to_pdf(path, Path(tmp) / "render.pdf", timeout=timeout)
            except ReportError as exc:
                return [Finding(WARNING, CODE, f"排版检查未完成：{exc.message}")]
            return parity_findings(doc, count_pdf_pages(pdf.read_bytes()), page_texts(pdf))

    return check
