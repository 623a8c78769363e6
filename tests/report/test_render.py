"""Render the generated report with LibreOffice and measure the PDF (22 rows a page, page numbers).

Skipped when ``soffice`` or ``pdftotext`` is missing. One render per module keeps the run short.
LibreOffice substitutes the 公文 fonts on Linux, so only row counts and positions are asserted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass

import pytest
from lxml import etree

from lawdesk.report import gbt9704, paging
from lawdesk.report.context import AttachmentPage, BodyParagraph, DataTable
from lawdesk.report.files import docx_to_pdf, find_soffice, save_docx_atomic
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer import build_document
from lawdesk.report.writer.imprint import BLANK_PAGE, NEXT_PAGE, imprint_height_twips
from tests.report_fixtures import make_context

pytestmark = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="需要 LibreOffice（soffice）和 poppler-utils（pdftotext）",
)

MM = 72 / 25.4  # PDF points per millimetre
BODY_TOP = gbt9704.MARGIN_TOP_MM * MM
BODY_BOTTOM = (gbt9704.PAGE_HEIGHT_MM - gbt9704.MARGIN_BOTTOM_MM) * MM
BODY_LEFT = gbt9704.MARGIN_LEFT_MM * MM
BODY_RIGHT = (gbt9704.PAGE_WIDTH_MM - gbt9704.MARGIN_RIGHT_MM) * MM
PITCH = gbt9704.LINE_PITCH_TWIPS / 20


@dataclass
class Row:
    top: float
    bottom: float
    left: float
    right: float
    text: str


@dataclass
class Page:
    number: int
    width: float
    rows: list[Row]  # inside the 版心
    footer: list[Row]  # below the 版心


def _rows(lines: list[tuple[float, float, float, float, str]]) -> list[Row]:
    """Merge pdftotext lines that share a baseline (a justified row can be split)."""
    rows: list[Row] = []
    for x0, y0, x1, y1, text in sorted(lines, key=lambda t: (t[3], t[0])):
        if rows and abs(rows[-1].bottom - y1) < 3:
            row = rows[-1]
            row.left, row.right = min(row.left, x0), max(row.right, x1)
            row.text += text
        else:
            rows.append(Row(y0, y1, x0, x1, text))
    return rows


def _parse(xml: bytes) -> list[Page]:
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    pages = []
    for n, page in enumerate((e for e in root.iter() if etree.QName(e).localname == "page"), 1):
        lines = []
        for line in (e for e in page.iter() if etree.QName(e).localname == "line"):
            words = [e.text or "" for e in line.iter() if etree.QName(e).localname == "word"]
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append((*box, "".join(words)))
        rows = _rows(lines)
        pages.append(
            Page(
                n,
                float(page.get("width")),
                [r for r in rows if r.bottom <= BODY_BOTTOM + 2],
                [r for r in rows if r.top > BODY_BOTTOM],
            )
        )
    return pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[Page]:
    folder = tmp_path_factory.mktemp("render")
    docx_path = folder / "report.docx"
    save_docx_atomic(build_document(make_context()), docx_path)
    pdf = docx_to_pdf(docx_path, folder / "report.pdf", timeout=240)
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout
    return _parse(out)


def _full_pages(pages: list[Page]) -> list[Page]:
    """Body pages (not the first, not the last) whose text reaches the bottom row."""
    return [p for p in pages[1:-1] if p.rows and p.rows[-1].bottom > BODY_BOTTOM - PITCH]


def test_document_has_several_full_pages(pages):
    assert len(pages) >= 5
    assert len(_full_pages(pages)) >= 3


def test_every_full_body_page_holds_22_rows(pages):
    for page in _full_pages(pages):
        assert len(page.rows) == gbt9704.LINES_PER_PAGE, (
            page.number,
            [r.text[:8] for r in page.rows],
        )
        assert page.rows[0].top >= BODY_TOP - 2
        gaps = [b.bottom - a.bottom for a, b in zip(page.rows, page.rows[1:], strict=False)]
        assert all(abs(gap - PITCH) < 0.6 for gap in gaps), (page.number, gaps)


def test_full_rows_hold_28_characters(pages):
    counts = Counter()
    for page in _full_pages(pages):
        for row in page.rows:
            if (
                row.left < BODY_LEFT + 3
                and row.right > BODY_RIGHT - 6
                and row.text.isascii() is False
            ):
                counts[len(row.text.replace(" ", ""))] += 1
    assert counts.most_common(1)[0][0] == gbt9704.CHARS_PER_LINE, counts


def test_first_page_shows_body_text(pages):
    first = pages[0]
    texts = "".join(r.text for r in first.rows)
    assert "中共新县金兰山街道工作委员会文件" in texts
    assert "县委、县政府：" in texts
    assert "2022年在县委、县政府的坚强领导下" in texts
    mark = next(r for r in first.rows if "文件" in r.text)
    assert 64 * MM < mark.top < 76 * MM  # 版心上边缘下 35 mm (≈ 72 mm from the paper top)


def test_page_numbers_odd_right_even_left(pages):
    for page in pages:
        assert len(page.footer) == 1, page.number
        row = page.footer[0]
        digits = "".join(ch for ch in row.text if ch.isdigit())
        assert digits == str(page.number)
        assert row.text.startswith("\u2014") and row.text.endswith("\u2014")
        one_char = 14  # 四号 1字 in points
        if page.number % 2:
            assert abs(row.right - (BODY_RIGHT - one_char)) < 4, (page.number, row.right / MM)
        else:
            assert abs(row.left - (BODY_LEFT + one_char)) < 4, (page.number, row.left / MM)
        assert row.top - BODY_BOTTOM < 9 * MM  # 一字线 ≈ 7 mm below the 版心


def test_signature_not_alone_and_imprint_at_bottom(pages):
    last = pages[-1]
    texts = [r.text for r in last.rows]
    date_row = texts.index("2023年1月9日")
    assert date_row >= 3  # body text precedes the signature on the same page
    issue = next(r for r in last.rows if r.text.endswith("印发"))
    assert abs(issue.bottom - BODY_BOTTOM) < 4 * MM
    assert any(t.startswith("抄送：") for t in texts)


def test_docx_to_pdf_writes_where_asked(pages, tmp_path):
    # the fixture already converted once; a second target name works too
    src = tmp_path / "x.docx"
    save_docx_atomic(build_document(make_context(public=True)), src)
    out = docx_to_pdf(src, tmp_path / "公开版.pdf", timeout=240)
    assert out == tmp_path / "公开版.pdf" and out.read_bytes()[:4] == b"%PDF"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ------------------------------------------------------------------ the 版记 on an even page (§7.4, §7.5)


def _render(doc, folder, name) -> list[Page]:
    path = folder / f"{name}.docx"
    save_docx_atomic(doc, path)
    pdf = docx_to_pdf(path, folder / f"{name}.pdf", timeout=240)
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout
    return _parse(out)


def _with_filler(lines: int, cut: int = 6):
    """The reference context cut to ``cut`` paragraphs plus one paragraph of ``lines`` lines."""
    base = make_context()
    filler = BodyParagraph("依法行政" * 7 * lines)
    return dataclasses.replace(base, body=[*base.body[:cut], filler])


def _context_filling_an_even_page():
    """A context whose text ends in the last rows of an even page (the 版记 would spill)."""
    profile = ReportProfile()
    for lines in range(1, 60):
        ctx = _with_filler(lines)
        pages = paging.estimate_pages(build_document(ctx, dataclasses.replace(profile, imprint=False)))
        room = gbt9704.BODY_HEIGHT_TWIPS - pages.used
        if pages.count % 2 == 0 and room < imprint_height_twips(ctx, profile):
            return ctx
    raise AssertionError("no filler length fills an even page")


def _numbered(page: Page) -> bool:
    return any(ch.isdigit() for row in page.footer for ch in row.text)


def test_text_filling_an_even_page_gets_a_blank_page_and_an_unnumbered_imprint_page(tmp_path):
    ctx = _context_filling_an_even_page()
    natural = _render(build_document(ctx), tmp_path, "natural")
    assert len(natural) % 2 == 1  # as written before: the 版记 spilled onto an odd page
    doc, placement = paging.build_even_document(ctx, method="render")
    assert placement.placement == BLANK_PAGE and placement.method == "render"
    pages = _render(doc, tmp_path, "even")
    assert len(pages) % 2 == 0 and len(pages) == len(natural) + 1
    blank, last = pages[-2], pages[-1]
    assert blank.rows == [] and not _numbered(blank)
    assert not _numbered(last) and last.footer == []
    assert any(r.text.endswith("印发") for r in last.rows)
    assert all(r.text.startswith("抄送") or r.text.endswith("印发") for r in last.rows)  # only the 版记
    assert all(_numbered(p) for p in pages[:-2])
    issue = next(r for r in last.rows if r.text.endswith("印发"))
    assert abs(issue.bottom - BODY_BOTTOM) < 4 * MM  # still at the foot of the 版心 (7.4.1)


def test_text_ending_on_an_odd_page_puts_the_imprint_on_the_next_even_page(tmp_path):
    ctx = make_context()
    doc, placement = paging.build_even_document(ctx, method="render")
    assert placement.placement == NEXT_PAGE
    pages = _render(doc, tmp_path, "next")
    assert len(pages) % 2 == 0
    last = pages[-1]
    assert any(r.text.endswith("印发") for r in last.rows)
    assert "2023年1月9日" in [r.text for r in pages[-2].rows]  # the signature stays with the text


def test_the_grid_estimate_matches_the_render(tmp_path):
    profile = ReportProfile()
    cases = [make_context(), make_context(public=True), make_context(attachments=True)]
    cases += [_with_filler(n, cut) for n, cut in ((3, 2), (10, 4), (17, 6), (25, 8))]
    docs = [build_document(c, dataclasses.replace(profile, imprint=False)) for c in cases]
    rendered = paging.render_page_counts(docs)
    estimated = [paging.estimate_pages(d).count for d in docs]
    assert estimated == rendered


# ------------------------------------------------------------------ page parity on any PC (#16 point 6)


def _export(ctx, folder, name: str, *, soffice: bool, monkeypatch) -> tuple[list[Page], object]:
    """Export as the program does (pages counted by LibreOffice when it is there, else by the
    grid), then render the file with LibreOffice to look at it."""
    from lawdesk.report import files
    from lawdesk.services import writing

    with monkeypatch.context() as hidden:
        if not soffice:  # a clerk's PC: no LibreOffice on PATH or in the usual folders
            hidden.setattr(paging, "find_soffice", lambda: None)
            hidden.setattr(files, "find_soffice", lambda: None)
        result = writing.write_report(ctx, [], ReportProfile(), folder / f"{name}.docx", pdf=False,
                                      page_count="auto", what="报告", public=False)  # fmt: skip
    assert result.placement.method == ("render" if soffice else "grid")
    pdf = docx_to_pdf(result.docx_path, folder / f"{name}.pdf", timeout=240)
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60)
    return _parse(out.stdout), result.placement


def _imprint_alone_at_the_foot(page: Page) -> None:
    assert page.rows and all(r.text.startswith("抄送") or r.text.endswith("印发") for r in page.rows)
    issue = next(r for r in page.rows if r.text.endswith("印发"))
    assert abs(issue.bottom - BODY_BOTTOM) < 4 * MM  # its last rule meets the foot of the 版心 (7.4.1)
    assert issue.text.startswith("中共新县金兰山街道工作委员会办公室")  # 印发机关 and date on one line
    assert not _numbered(page) and page.footer == []


@pytest.mark.parametrize("soffice", [True, False], ids=["with-libreoffice", "without-libreoffice"])
def test_text_ending_on_an_odd_page_gets_its_imprint_alone_on_the_next_even_page(tmp_path, monkeypatch, soffice):
    pages, placement = _export(make_context(), tmp_path, "odd", soffice=soffice, monkeypatch=monkeypatch)
    assert placement.placement == NEXT_PAGE and placement.text_pages % 2 == 1
    assert len(pages) == placement.total_pages and len(pages) % 2 == 0
    _imprint_alone_at_the_foot(pages[-1])
    assert "2023年1月9日" in [r.text for r in pages[-2].rows] and _numbered(pages[-2])
    assert all(_numbered(p) for p in pages[:-1])


@pytest.mark.parametrize("soffice", [True, False], ids=["with-libreoffice", "without-libreoffice"])
def test_text_filling_an_even_page_gets_a_blank_page_then_its_imprint(tmp_path, monkeypatch, soffice):
    pages, placement = _export(_context_filling_an_even_page(), tmp_path, "even", soffice=soffice,
                               monkeypatch=monkeypatch)  # fmt: skip
    assert placement.placement == BLANK_PAGE and placement.text_pages % 2 == 0
    assert len(pages) == placement.total_pages and len(pages) % 2 == 0
    blank = pages[-2]
    assert blank.rows == [] and not _numbered(blank) and blank.footer == []
    _imprint_alone_at_the_foot(pages[-1])
    assert all(_numbered(p) for p in pages[:-2])


def test_table_notes_stay_on_the_tables_page(tmp_path):
    # 24 rows fill the first 附件 page: the notes would start the next page alone
    rows = [[f"第{i}项工作", f"{i}次", "2次", "+1%"] for i in range(1, 25)]
    notes = ["甲率＝乙÷丙×100%。", "乙率＝丁÷戊×100%。", "数据根据2022年1月1日至12月31日工作台账统计。"]
    page = AttachmentPage(title="2022年度法治政府建设主要数据",
                          tables=[DataTable(header=["指标", "2022年", "2021年", "同比"], rows=rows)], notes=notes)  # fmt: skip
    ctx = dataclasses.replace(make_context(public=True), attachments=[page])
    doc = build_document(ctx)
    pages = _render(doc, tmp_path, "notes")
    assert len(pages) == paging.estimate_pages(doc).count
    last_row = next(p.number for p in pages if any(r.text.startswith("第24项工作") for r in p.rows))
    for note in notes:
        assert next(p.number for p in pages if any(r.text.startswith(note[:6]) for r in p.rows)) == last_row


def test_the_estimate_agrees_with_the_render_for_the_demo_reports(demo_db, tmp_path):
    from lawdesk.services import annual_report
    from lawdesk.services.period import Period

    docs = []
    for year in (2021, 2022):
        for attachment, public in ((True, False), (False, False), (True, True)):
            ctx, _ = annual_report.build_context(Period.year(year), issue_date=dt.date(year + 1, 1, 9),
                                           attachment=attachment, public=public)  # fmt: skip
            profile = annual_report.report_profile()
            docs.append(build_document(ctx, profile, None))
            docs.append(paging.build_even_document(ctx, profile, method="grid")[0])
    assert [paging.estimate_pages(d).count for d in docs] == paging.render_page_counts(docs)


def test_short_tables_move_to_the_next_page_whole(tmp_path):
    # four tables of offices, as the county's 附件 has: none splits under its title
    offices = ["金兰山街道", "石门街道", "城关镇", "河西乡", "白沙镇", "全县合计"]
    tables = [DataTable(title=f"表{n} 第{n}组工作", header=["单位", "甲（次）", "乙（次）", "丙（次）", "丁（次）"],
                        rows=[[o, "1", "2", "3", "4"] for o in offices]) for n in range(1, 5)]  # fmt: skip
    page = AttachmentPage(title="2022年度全县乡镇（街道）主要工作数据", tables=tables, notes=["数据根据各单位台账汇总。"])
    ctx = dataclasses.replace(make_context(public=True), attachments=[page],
                              signature_organs=["中共新县委员会全面依法治县委员会办公室", "新县司法局"])  # fmt: skip
    doc = build_document(ctx)
    pages = _render(doc, tmp_path, "tables")
    assert len(pages) == paging.estimate_pages(doc).count
    rows = [(p.number, r.text) for p in pages for r in p.rows]
    for n in range(1, 5):
        at = next(i for i, (_, text) in enumerate(rows) if text == f"表{n}第{n}组工作")
        total = next(i for i in range(at, len(rows)) if rows[i][1].startswith("全县合计"))
        assert rows[at][0] == rows[total][0], n  # the title, the rows and the total on one page


def test_an_even_page_section_puts_the_imprint_on_an_even_page_even_when_the_count_was_wrong(tmp_path):
    # the 版记 placed for a text ending on an odd page, but the text ends on an even one (as when
    # a viewer's fonts set the lines otherwise): the section itself adds the blank page
    base = make_context()
    even = dataclasses.replace(base, body=base.body[:2])
    assert paging.estimate_pages(build_document(even, None, None)).count % 2 == 0
    pages = _render(build_document(even, None, NEXT_PAGE), tmp_path, "safety")
    assert len(pages) % 2 == 0
    assert pages[-2].rows == [] and not _numbered(pages[-2])  # the blank page LibreOffice adds
    _imprint_alone_at_the_foot(pages[-1])
