"""主体 (GB/T 9704 §7.3): title, 主送机关, body and headings, 附件说明, 署名 and 成文日期, 附注."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.text.paragraph import Paragraph

from lawdesk.report import gbt9704 as g
from lawdesk.report.context import (
    LEVEL_1,
    LEVEL_2,
    LEVEL_3,
    AttachmentPage,
    BodyParagraph,
    ReportContext,
)
from lawdesk.report.docx.base import (
    add_run,
    blank_lines,
    format_date,
    format_par,
    split_title,
    text_width_twips,
)
from lawdesk.report.profile import ReportProfile

# ============================================================== 主体


def write_title(doc: Document, title: str, profile: ReportProfile) -> None:
    for line in split_title(title):
        p = doc.add_paragraph()
        format_par(p, line=profile.line_pitch_twips, jc="center", keep_next=True, snap=False)
        add_run(p, line, profile.title_font, g.SIZE_ERHAO, spacing=0)


def _write_addressee(doc: Document, addressee: str, profile: ReportProfile) -> None:
    text = addressee.strip().rstrip(":：") + "："
    p = doc.add_paragraph()
    format_par(p, line=profile.line_pitch_twips, jc="both", first_line=0)
    add_run(p, text, profile.body_font)


def _heading_style(level: int, profile: ReportProfile) -> tuple[str, bool]:
    if level == LEVEL_1:
        return profile.hei_font, False
    if level == LEVEL_2:
        return profile.kai_font, profile.bold_level2
    if level == LEVEL_3:
        return profile.body_font, profile.bold_level3
    return profile.body_font, False


def write_body_paragraph(
    doc: Document, para: BodyParagraph, profile: ReportProfile, keep_next: bool = False
) -> Paragraph:
    p = doc.add_paragraph()
    format_par(
        p, line=profile.line_pitch_twips, first_line=g.BODY_FIRST_LINE_TWIPS,
        keep_next=keep_next or para.is_standalone_heading,
    )  # fmt: skip
    if para.heading:
        font, bold = _heading_style(para.level, profile)
        add_run(p, para.heading, font, bold=bold)
    if para.text:
        add_run(p, para.text, profile.body_font)
    return p


def _write_attachment_list(doc: Document, pages: Sequence[AttachmentPage], profile) -> None:
    """附件说明 (7.3.4): 正文下空一行左空二字 "附件：1.×××", names aligned."""
    blank_lines(doc, profile, 1)
    label = "附件："
    indent = g.BODY_FIRST_LINE_TWIPS
    label_w = 3 * g.CHAR_SANHAO_TWIPS
    many = len(pages) > 1
    for index, page in enumerate(pages, start=1):
        number = f"{index}." if many else ""
        num_w = text_width_twips(number) if number else 0
        p = doc.add_paragraph()
        text = (label if index == 1 else "") + number + page.title.rstrip("。；;，,")
        hanging = (label_w if index == 1 else 0) + num_w
        format_par(p, line=profile.line_pitch_twips, left=indent + label_w + num_w, hanging=hanging,
                keep_next=True)  # fmt: skip
        add_run(p, text, profile.body_font)


def _write_signature(doc: Document, ctx: ReportContext, profile: ReportProfile) -> None:
    """Sealed layout (7.3.5.1): organs centred over the date; date 右空四字."""
    blank_lines(doc, profile, g.SIGNATURE_BLANK_LINES, keep_next=True)
    date_text = format_date(ctx.issue_date)
    date_w = text_width_twips(date_text)
    for organ in ctx.signature_organs:
        organ = organ.strip()
        if not organ:
            continue
        right = max(0, g.DATE_RIGHT_INDENT_TWIPS + (date_w - text_width_twips(organ)) // 2)
        p = doc.add_paragraph()
        format_par(
            p, line=profile.line_pitch_twips, jc="right", first_line=0, right=right,
            keep_next=True,
        )  # fmt: skip
        add_run(p, organ, profile.body_font)
    p = doc.add_paragraph()
    format_par(
        p, line=profile.line_pitch_twips, jc="right", first_line=0,
        right=g.DATE_RIGHT_INDENT_TWIPS, keep_next=bool(ctx.note),
    )  # fmt: skip
    add_run(p, date_text, profile.body_font)


def _write_note(doc: Document, note: str, profile: ReportProfile) -> None:
    text = note.strip().strip("()（）")
    p = doc.add_paragraph()
    format_par(p, line=profile.line_pitch_twips, jc="left", first_line=0,
            left=g.NOTE_LEFT_INDENT_TWIPS)  # fmt: skip
    add_run(p, f"（{text}）", profile.body_font)

