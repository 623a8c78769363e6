"""The 版记 on the last even page (GB/T 9704 §7.4, §7.5) without a renderer: the grid estimate
and the three placements written into the document."""

from __future__ import annotations

import dataclasses
import io

import docx
import pytest
from docx.enum.section import WD_SECTION

from lawdesk.report import gbt9704, linebreak, paging
from lawdesk.report.context import BodyParagraph
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer import build_document, split_title
from lawdesk.report.writer.imprint import BLANK_PAGE, NATURAL, NEXT_PAGE
from tests.report_fixtures import make_context


def _filled(lines: int):
    base = make_context()
    return dataclasses.replace(base, body=[*base.body[:6], BodyParagraph("依法行政" * 7 * lines)])


def test_every_body_line_is_one_579_twip_row():
    base = make_context(public=True)
    one = dataclasses.replace(base, body=[BodyParagraph("法" * (28 * 10 - 2))], note="", signature_organs=[])
    pages = paging.estimate_pages(build_document(one))
    title_lines = len(split_title(one.title))
    rows = title_lines + 1 + 1 + 10 + gbt9704.SIGNATURE_BLANK_LINES + 1  # title, blank, 主送, body, 署名
    assert (pages.count, pages.used) == (1, rows * gbt9704.LINE_PITCH_TWIPS)


def _lines(text: str, first: int = 0, latin: dict[str, float] | None = None) -> list[str]:
    return linebreak.break_lines([linebreak.Run(text, 32, -5, latin)], gbt9704.BODY_WIDTH_TWIPS, first)


def test_a_full_line_holds_28_characters_and_hangs_a_comma():
    assert len(_lines("法" * 28)) == 1
    assert _lines("法" * 28 + "。") == ["法" * 28 + "。"]  # hangs past the margin
    assert len(_lines("法" * 29)) == 2
    assert len(_lines("法" * 26, first=640)) == 1 and len(_lines("法" * 27, first=640)) == 2


@pytest.mark.parametrize(
    "text,first_line",
    [
        ("法" * 28 + "”法", "法" * 27),  # a closing quote takes the character before it down
        ("法" * 27 + "。”法", "法" * 26),  # … and a full stop before it that could have hung
        ("法" * 27 + "“法", "法" * 27),  # an opening quote never ends a line
        ("法" * 27 + "——法", "法" * 27),  # —— is never split
        ("法" * 26 + "12345法", "法" * 26),  # nor is a number
        ("法" * 27 + "……法", "法" * 27 + "…"),  # …… may be
    ],
)
def test_kinsoku_as_the_renderer_does_it(text, first_line):
    assert _lines(text)[0] == first_line


def test_digits_take_their_font_width_and_a_fifth_of_an_em_beside_chinese():
    half = dict.fromkeys("0123456789", 0.5)
    wide = dict.fromkeys("0123456789", 0.64)
    # 26 characters and "2022": 26 × 315 + 5 + 4 × 160 − 5 + 64 = 8894 twips: two lines
    assert len(_lines("法" * 26 + "2022", latin=half)) == 2
    # 22 characters and an 8-digit number: fits with half-width digits, not with wider ones
    assert len(_lines("法" * 22 + "20221231年", latin=half)) == 1
    assert len(_lines("法" * 22 + "20221231年", latin=wide)) == 2


@pytest.mark.parametrize(
    "text_pages,fits,expected",
    [(6, True, NATURAL), (6, False, BLANK_PAGE), (7, True, NEXT_PAGE), (7, False, NEXT_PAGE)],
)
def test_the_choice_follows_the_page_counts(text_pages, fits, expected):
    # a text ending on an odd page never takes the 版记 at its foot: the 版记 must be even
    assert paging._decide(text_pages, fits) == expected


def test_grid_method_finds_each_placement():
    profile = ReportProfile()
    found = set()
    for lines in range(1, 45):
        ctx = _filled(lines)
        placement = paging.choose_placement(ctx, profile, method="grid")
        pages = paging.estimate_pages(build_document(ctx, dataclasses.replace(profile, imprint=False)))
        assert placement.text_pages == pages.count
        assert placement.total_pages % 2 == 0 and placement.total_pages - pages.count in (0, 1, 2)
        found.add(placement.placement)
    assert found == {NATURAL, NEXT_PAGE, BLANK_PAGE}


def _sections(doc):
    path_doc = docx.Document(io.BytesIO(_saved(doc)))
    return path_doc, path_doc.sections


def _saved(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _unnumbered(section) -> bool:
    return all(
        not footer.is_linked_to_previous and "PAGE" not in footer._element.xml
        and not "".join(p.text for p in footer.paragraphs).strip()
        for footer in (section.footer, section.even_page_footer)
    )  # fmt: skip


def test_blank_page_placement_writes_an_unnumbered_blank_and_imprint_section():
    reopened, (text, blank, imprint) = _sections(build_document(make_context(), None, BLANK_PAGE))
    assert "PAGE" in text.footer._element.xml and "PAGE" in text.even_page_footer._element.xml
    assert _unnumbered(blank) and _unnumbered(imprint)
    assert blank.start_type == WD_SECTION.NEW_PAGE and imprint.start_type == WD_SECTION.EVEN_PAGE
    # the first break sits in the last paragraph of text (no empty paragraph that could spill)
    body = reopened.element.body
    holder = body.findall(".//{*}pPr/{*}sectPr")[0].getparent().getparent()
    assert "（此件公开发布）" in "".join(t.text or "" for t in holder.iter("{*}t"))
    # the 版记 follows the last section break: it stands in the last (even-page) section
    last_break = body.findall(".//{*}pPr/{*}sectPr")[-1].getparent().getparent()
    after = list(body)[list(body).index(last_break) + 1 :]
    assert any(el.tag.endswith("}tbl") and "印发" in "".join(t.text or "" for t in el.iter("{*}t")) for el in after)


def test_next_page_placement_puts_the_imprint_in_an_even_page_section():
    # an even-page section: Word and WPS keep the 版记 on an even page whatever they count
    reopened, (text, imprint) = _sections(build_document(make_context(), None, NEXT_PAGE))
    assert imprint.start_type == WD_SECTION.EVEN_PAGE and _unnumbered(imprint)
    assert "pageBreakBefore" not in reopened.element.body.xml


def test_the_estimate_counts_the_blank_page_an_even_page_section_adds():
    odd = make_context()
    odd_text = paging.estimate_pages(build_document(odd, None, None)).count
    even = dataclasses.replace(odd, body=odd.body[:2])
    even_text = paging.estimate_pages(build_document(even, None, None)).count
    assert odd_text % 2 == 1 and even_text % 2 == 0
    assert paging.estimate_pages(build_document(odd, None, NEXT_PAGE)).count == odd_text + 1
    assert paging.estimate_pages(build_document(even, None, BLANK_PAGE)).count == even_text + 2
    # where a viewer counts otherwise, the even-page section adds the blank page itself
    assert paging.estimate_pages(build_document(even, None, NEXT_PAGE)).count == even_text + 2
    assert paging.estimate_pages(build_document(odd, None, BLANK_PAGE)).count == odd_text + 3


def test_public_version_has_no_imprint_to_place():
    doc, placement = paging.build_even_document(make_context(public=True), method="grid")
    assert placement is None and "印发" not in doc.element.body.xml
