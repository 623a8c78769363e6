"""Where the text ends, so that the 版记 lands on an even page (GB/T 9704 §7.4, §7.5).

In double-sided printing the 版记 is the back cover (封四): the last page must be even. Three
placements (``imprint.PLACEMENTS``) cover every case:

- the 版记 fits below the text and that page is even → at its foot (``NATURAL``);
- the text ends on an odd page → the 版记 alone on the next, even page (``NEXT_PAGE``);
- the text fills an even page, so the 版记 would spill onto an odd one → a blank page and then
  the 版记 page, neither with a page number (``BLANK_PAGE``, §7.5).

The page count comes from a LibreOffice render when ``soffice`` is there (``method="render"``),
otherwise from the grid (``method="grid"``): every body line is a fixed row of the 22-row page,
tables have exact row heights and pictures their own, so ``estimate_pages`` can lay the
document out without a renderer. Tests compare the estimate with renders.
"""

from __future__ import annotations

import contextlib
import math
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from lxml import etree

from lawdesk.report import fontcheck, linebreak
from lawdesk.report import gbt9704 as g
from lawdesk.report.context import ReportContext
from lawdesk.report.files import find_soffice
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer import add_imprint, build_document
from lawdesk.report.writer.imprint import (
    BLANK_PAGE,
    NATURAL,
    NEXT_PAGE,
    has_imprint,
    imprint_height_twips,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EMU_PER_TWIP = 635
RENDER_TIMEOUT = 180.0
PICTURE_EXTRA_TWIPS = 60  # 实务 a picture line is a little taller than the picture (descent)
AUTO_LINE_FACTOR = 1.2  # 实务 "single" line height ≈ 1.2 × the font size


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Pages:
    """How the text of a document falls on pages: ``count`` pages, ``used`` twips of the last;
    ``sections`` holds the section (from 0) of each page, blank pages a section break
    inserts included."""

    count: int
    used: int
    method: str  # "render" or "grid"
    sections: tuple[int, ...] = ()


@dataclass(frozen=True)
class Placement:
    """The chosen 版记 placement, the pages of the text it was chosen from and of the whole
    document (the 版记 page, and a blank page before it, included)."""

    placement: str
    text_pages: int
    total_pages: int
    method: str


# ============================================================== the grid estimate


@dataclass
class _Block:
    lines: list[int]  # height of each line (a paragraph may split between lines)
    text: str = ""  # a paragraph's text (empty for tables)
    keep_next: bool = False
    break_before: bool = False
    splittable: bool = True
    header: int = 0  # a table's repeated header row height
    section_break_after: str = ""  # how the next section starts: nextPage, evenPage, oddPage …
    is_table: bool = False
    floating: bool = False  # the 版记: anchored at the foot of the 版心 of its anchor's page
    whole: bool = False  # a table whose rows all keep with the next: it never splits

    @property
    def height(self) -> int:
        return sum(self.lines)


def _val(el: etree._Element | None, attr: str, default: int = 0) -> int:
    if el is None or el.get(_w(attr)) is None:
        return default
    try:
        return int(float(el.get(_w(attr))))
    except ValueError:
        return default


def _flag(ppr: etree._Element | None, name: str) -> bool:
    el = ppr.find(_w(name)) if ppr is not None else None
    return el is not None and el.get(_w("val")) not in ("0", "false", "off")


class _Styles:
    """The run properties a paragraph inherits from the Normal style (size, spacing, font)."""

    def __init__(self, styles: etree._Element | None) -> None:
        self.size, self.spacing, self.font = g.SIZE_SANHAO, g.CHAR_SPACING_TWIPS, ""
        normal = None if styles is None else styles.find(f"{_w('style')}[@{_w('styleId')}='Normal']/{_w('rPr')}")
        if normal is not None:
            self.size = _val(normal.find(_w("sz")), "val", self.size)
            self.spacing = _val(normal.find(_w("spacing")), "val", self.spacing)
            self.font = _font_name(normal) or self.font


def _font_name(rpr: etree._Element | None) -> str:
    fonts = rpr.find(_w("rFonts")) if rpr is not None else None
    if fonts is None:
        return ""
    return fonts.get(_w("ascii")) or fonts.get(_w("eastAsia")) or ""


def _runs(p: etree._Element, styles: _Styles) -> list[linebreak.Run]:
    """A paragraph's runs with the size, character spacing and Latin widths they print with."""
    runs = []
    for r in p.iter(_w("r")):
        parts = []
        for node in r:
            if node.tag == _w("t"):
                parts.append(node.text or "")
            elif node.tag == _w("tab"):
                parts.append("  ")
            elif node.tag == _w("br"):
                parts.append("\n")
        text = "".join(parts)
        if not text:
            continue
        rpr = r.find(_w("rPr"))
        size = _val(rpr.find(_w("sz")) if rpr is not None else None, "val", styles.size)
        spacing = _val(rpr.find(_w("spacing")) if rpr is not None else None, "val", styles.spacing)
        font = _font_name(rpr) or styles.font
        runs.append(linebreak.Run(text, size, spacing, fontcheck.latin_advances(font) if font else None))
    return runs


def _paragraph_lines(p: etree._Element, styles: _Styles, width: int = g.BODY_WIDTH_TWIPS) -> list[int]:
    ppr = p.find(_w("pPr"))
    sp = ppr.find(_w("spacing")) if ppr is not None else None
    ind = ppr.find(_w("ind")) if ppr is not None else None
    pictures = [int(e.get("cy") or 0) // EMU_PER_TWIP for e in p.iter(f"{{{WP}}}extent")]  # no w: prefix
    if pictures:
        return [max(pictures) + PICTURE_EXTRA_TWIPS]
    runs = _runs(p, styles)
    avail = width - _val(ind, "left") - _val(ind, "right")
    first = _val(ind, "firstLine") - _val(ind, "hanging")
    n = len(linebreak.break_lines(runs, avail, first)) if runs else 1
    size = max((r.size for r in runs), default=styles.size)
    line, rule = _val(sp, "line", 240), (sp.get(_w("lineRule")) if sp is not None else None) or "auto"
    height = line if rule == "exact" else math.ceil(size * 10 * AUTO_LINE_FACTOR * line / 240)
    return [height] * n


def _row_height(tr: etree._Element, widths: list[int], styles: _Styles, margin: int, border: int) -> int:
    trpr = tr.find(_w("trPr"))
    h = trpr.find(_w("trHeight")) if trpr is not None else None
    if h is not None and h.get(_w("hRule")) == "exact":
        return _val(h, "val")
    tallest, col = 0, 0
    for tc in tr.findall(_w("tc")):
        span = _val(tc.find(f"{_w('tcPr')}/{_w('gridSpan')}"), "val", 1)
        cell_w = sum(widths[col : col + span]) or widths[-1]
        col += span
        inner = cell_w - 2 * margin
        tallest = max(tallest, sum(sum(_paragraph_lines(p, styles, inner)) for p in tc.findall(_w("p"))))
    least = _val(h, "val") if h is not None else 0
    return max(tallest, least) + border


def _table_geometry(tbl_pr: etree._Element | None) -> tuple[int, int]:
    """(left and right cell margin, height a row border adds), twips, from ``w:tblPr``."""
    margin = g.TABLE_CELL_MARGIN_TWIPS
    mar = tbl_pr.find(_w("tblCellMar")) if tbl_pr is not None else None
    if mar is not None and mar.find(_w("left")) is not None:
        margin = _val(mar.find(_w("left")), "w", margin)
    borders = tbl_pr.find(_w("tblBorders")) if tbl_pr is not None else None
    line = borders.find(_w("insideH")) if borders is not None else None
    border = 0
    if line is not None and line.get(_w("val")) not in ("nil", "none"):
        border = _val(line, "sz") * g.TWIPS_PER_PT // 8  # eighths of a point
    return margin, border


def _rule_twips(tbl_pr: etree._Element) -> int:
    """Height the top and bottom rules of a table add (eighths of a point each)."""
    borders = tbl_pr.find(_w("tblBorders"))
    total = 0
    for side in ("top", "bottom"):
        line = borders.find(_w(side)) if borders is not None else None
        if line is not None and line.get(_w("val")) not in ("nil", "none"):
            total += _val(line, "sz")
    return math.ceil(total * g.TWIPS_PER_PT / 8)


def _table_block(tbl: etree._Element, styles: _Styles) -> _Block | None:
    tbl_pr = tbl.find(_w("tblPr"))
    widths = [_val(c, "w") for c in tbl.iter(_w("gridCol"))] or [g.BODY_WIDTH_TWIPS]
    margin, border = _table_geometry(tbl_pr)
    rows = tbl.findall(_w("tr"))
    heights = [_row_height(tr, widths, styles, margin, border) for tr in rows]
    if tbl_pr is not None and tbl_pr.find(_w("tblpPr")) is not None:  # floating: the 版记
        return _Block([sum(heights) + _rule_twips(tbl_pr)], floating=True, is_table=True)
    header = 0
    if rows and rows[0].find(f"{_w('trPr')}/{_w('tblHeader')}") is not None:
        header = heights[0]
    def keeps(tr: etree._Element) -> bool:
        return any(_flag(q.find(_w("pPr")), "keepNext") for q in tr.iter(_w("p")))

    kept = bool(rows) and keeps(rows[-1])
    whole = len(rows) > 1 and all(keeps(tr) for tr in rows[:-1])
    return _Block(heights, splittable=not whole, header=header, keep_next=kept, is_table=True, whole=whole)


def _section_types(body: etree._Element) -> list[str]:
    """The start type (``w:type``) of each section, in order (nextPage when not given)."""
    out = []
    for sect in body.iter(_w("sectPr")):
        kind = sect.find(_w("type"))
        out.append(kind.get(_w("val")) if kind is not None and kind.get(_w("val")) else "nextPage")
    return out


def _blocks_of(body: etree._Element, styles: _Styles) -> list[_Block]:
    out: list[_Block] = []
    starts = _section_types(body)[1:]  # how each section after the first starts
    for el in body:
        if el.tag == _w("p"):
            ppr = el.find(_w("pPr"))
            ends_section = ppr is not None and ppr.find(_w("sectPr")) is not None
            out.append(
                _Block(
                    _paragraph_lines(el, styles),
                    text="".join(t.text or "" for t in el.iter(_w("t"))),
                    keep_next=_flag(ppr, "keepNext"),
                    break_before=_flag(ppr, "pageBreakBefore"),
                    section_break_after=(starts.pop(0) if starts else "nextPage") if ends_section else "",
                )
            )
        elif el.tag == _w("tbl"):
            block = _table_block(el, styles)
            if block is not None:
                out.append(block)
    return out


def _blocks(doc: Document) -> list[_Block]:
    return _blocks_of(doc.element.body, _Styles(doc.styles.element))


def estimate_pages(doc: Document) -> Pages:
    """Lay the document's flowing content out on 版心 pages from the grid (no renderer)."""
    return _lay_out(_blocks(doc))


def estimate_body(body: etree._Element, styles: etree._Element | None) -> Pages:
    """``estimate_pages`` of a document given as its parsed ``w:body`` and styles part (for
    ``lawdesk check``, which opens untrusted files itself)."""
    return _lay_out(_blocks_of(body, _Styles(styles)))


def paragraph_pages(doc: Document) -> list[tuple[str, list[int]]]:
    """(text, pages) of every block in reading order: the page (from 1, as printed) of each of
    its lines in the grid estimate that ``estimate_pages`` makes (a table's text is empty)."""
    blocks = _blocks(doc)
    line_pages: list[list[int]] = []
    _lay_out(blocks, line_pages)
    return [(b.text, pages) for b, pages in zip(blocks, line_pages, strict=True)]


def _kept_tail(blocks: list[_Block], i: int) -> int:
    """Height that must follow block ``i``'s last line on its page: the blocks kept with it
    (``keepNext`` chains) and the first line of the block that ends the chain."""
    chain = [blocks[i]]
    j = i + 1
    while j < len(blocks) and blocks[j - 1].keep_next and not blocks[j].floating:
        chain.append(blocks[j])
        j += 1
    if len(chain) < 2:
        return 0
    end = chain[-1]
    return sum(b.height for b in chain[1:-1]) + (end.height if end.whole else end.lines[0] if end.lines else 0)


def _lay_out(blocks: list[_Block], line_pages: list[list[int]] | None = None) -> Pages:
    """The grid layout of ``blocks``; ``line_pages`` (if given) receives each line's page."""
    page_h = g.BODY_HEIGHT_TWIPS
    pages, used, section = 1, 0, 0
    sections = [0]
    for i, block in enumerate(blocks):
        if block.break_before and used > 0:
            pages, used = pages + 1, 0
            sections.append(section)
        if block.floating:
            # the 版记 floats at the foot of its anchor's page: it goes over when it does not
            # fit below the text; it takes no room from what flows after it
            if used > 0 and used + block.height > page_h:
                pages, used = pages + 1, 0
                sections.append(section)
            if line_pages is not None:
                line_pages.append([pages])
            continue
        tail = _kept_tail(blocks, i) if block.keep_next else 0
        # LibreOffice moves a whole paragraph kept with the next one to the next page when the
        # pair does not fit (even one longer than a page: it then goes on from there); of a
        # table whose last row is kept with the next paragraph, it moves that row (under the
        # repeated header); a table whose rows all keep together moves whole when it fits a page.
        moves_whole = tail and not block.is_table or block.whole
        if moves_whole and used > 0 and used + block.height + tail > page_h \
                and (not block.whole or block.height + tail <= page_h):  # fmt: skip
            pages, used = pages + 1, 0
            sections.append(section)
        last = len(block.lines) - 1
        for k, line in enumerate(block.lines):
            need = line + (tail if block.is_table and k == last else 0)
            if used + need > page_h and used > 0:
                pages, used = pages + 1, 0
                sections.append(section)
                if block.header and k > 0:
                    used += block.header
            if line_pages is not None:
                (line_pages.append([]) if k == 0 else None)
                line_pages[-1].append(pages)
            used += line
        if not block.lines and line_pages is not None:
            line_pages.append([pages])
        if block.section_break_after:
            section += 1
            if block.section_break_after != "continuous":
                pages, used = pages + 1, 0
                sections.append(section)
                # an even (odd) page section starts after a blank page when it would fall on
                # an odd (even) one (Word, WPS, and LibreOffice when it prints blank pages)
                if (block.section_break_after, pages % 2) in (("evenPage", 1), ("oddPage", 0)):
                    pages += 1
                    sections.append(section)
    return Pages(pages, used, "grid", tuple(sections))


# ============================================================== the render


def count_pdf_pages(data: bytes) -> int:
    """Pages of a PDF written by LibreOffice (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def render_page_counts(docs: list[Document], soffice: str | None = None) -> list[int]:
    """Render each document with LibreOffice (one run for all) and count its pages."""
    exe = soffice or find_soffice()
    if exe is None:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="lawdesk-pages-") as tmp:
        folder = Path(tmp)
        sources = []
        for n, doc in enumerate(docs):
            path = folder / f"d{n}.docx"
            doc.save(str(path))
            sources.append(path)
        out = folder / "out"
        out.mkdir()
        cmd = [
            exe, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out), *map(str, sources),
        ]  # fmt: skip
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
        subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=RENDER_TIMEOUT, check=False, creationflags=flags)  # fmt: skip
        counts = []
        for path in sources:
            pdf = out / f"{path.stem}.pdf"
            if not pdf.is_file():
                raise RuntimeError("LibreOffice produced no PDF")
            counts.append(count_pdf_pages(pdf.read_bytes()))
        return counts


# ============================================================== the choice


def _decide(text_pages: int, fits: bool) -> str:
    """NATURAL when the text ends on an even page with room for the 版记 at its foot; else the
    版记 goes alone on the next even page (after a blank page when the text ends on an even one)."""
    if text_pages % 2 == 0:
        return NATURAL if fits else BLANK_PAGE
    return NEXT_PAGE


TOTALS = {NATURAL: 0, NEXT_PAGE: 1, BLANK_PAGE: 2}  # pages the placement adds to the text's


def _placement(text_pages: int, fits: bool, method: str) -> Placement:
    choice = _decide(text_pages, fits)
    return Placement(choice, text_pages, text_pages + TOTALS[choice], method)


def _grid_placement(ctx: ReportContext, profile: ReportProfile, text_only: Document) -> Placement:
    pages = estimate_pages(text_only)
    fits = pages.used + imprint_height_twips(ctx, profile) <= g.BODY_HEIGHT_TWIPS
    return _placement(pages.count, fits, "grid")


def _render_placement(ctx: ReportContext, profile: ReportProfile, text_only: Document) -> Placement | None:
    with contextlib.suppress(RuntimeError, OSError, subprocess.SubprocessError):
        natural = build_document(ctx, profile, NATURAL)
        text_pages, total = render_page_counts([text_only, natural])
        return _placement(text_pages, total == text_pages, "render")
    return None  # the render failed: the caller falls back on the estimate


def choose_placement(ctx: ReportContext, profile: ReportProfile, method: str = "auto") -> Placement:
    """Where the 版记 goes so that it ends on an even page; ``method`` auto, render or grid."""
    text_only = build_document(ctx, profile, None)
    return _choose(ctx, profile, text_only, method)


def _choose(ctx: ReportContext, profile: ReportProfile, text_only: Document, method: str) -> Placement:
    if method == "auto":
        method = "render" if find_soffice() else "grid"
    placement = _render_placement(ctx, profile, text_only) if method == "render" else None
    return placement or _grid_placement(ctx, profile, text_only)


def build_even_document(
    ctx: ReportContext,
    profile: ReportProfile | None = None,
    method: str = "auto",
    *,
    alternates: Mapping[str, str] | None = None,
) -> tuple[Document, Placement | None]:
    """The report with its 版记 on an even page (and the placement), or as is without a 版记.

    The 版记 alone on a page stands in a section of its own that starts on an even page
    (``w:type evenPage``): where this program's page count and the viewer's differ, Word and
    WPS still put it on an even page, adding the blank page themselves.
    """
    profile = profile or ReportProfile()
    if not has_imprint(ctx, profile):
        return build_document(ctx, profile, alternates=alternates), None
    doc = build_document(ctx, profile, None, alternates=alternates)  # the text: counted, then the 版记
    placement = _choose(ctx, profile, doc, method)
    return add_imprint(doc, ctx, profile, placement.placement), placement
