"""主体 (GB/T 9704 §7.3): title, 主送机关, body and headings, 附件说明, 署名 and 成文日期, 附注."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Twips
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
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer.base import (
    add_run,
    blank_lines,
    format_date,
    format_par,
    organ_lines,
    split_title,
    text_width_twips,
    widest_width_twips,
    xml_child,
)

# ============================================================== 主体


def write_title(doc: Document, title: str, profile: ReportProfile) -> None:
    for line in split_title(title):
        p = doc.add_paragraph()
        format_par(p, line=profile.line_pitch_twips, jc="center", keep_next=True, snap=False)
        add_run(p, line, profile.title_font, g.SIZE_ERHAO, spacing=0)


def write_byline(doc: Document, byline: str, profile: ReportProfile) -> None:
    """A personal report's post and name, centred under the title (3号楷体, 实务)."""
    p = doc.add_paragraph()
    format_par(p, line=profile.line_pitch_twips, jc="center", first_line=0, keep_next=True)
    add_run(p, byline.strip(), profile.kai_font, g.BYLINE_SIZE)


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
    blank_lines(doc, profile, 1, keep_next=True)
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
    """署名 and 成文日期 (7.3.5): the profile says whether the document is sealed."""
    organs = [o.strip() for o in ctx.signature_organs if o.strip()]
    date_text = format_date(ctx.issue_date)
    if not organs and ctx.byline.strip():  # a personal report: its byline signs it
        _write_date_alone(doc, date_text, profile, keep_note=bool(ctx.note))
    elif not profile.sealed:
        _write_unsealed_signature(doc, organs, date_text, profile, keep_note=bool(ctx.note))
    elif len(organs) > 1:
        _write_joint_sealed_signature(doc, organs, date_text, profile, keep_note=bool(ctx.note))
    else:
        _write_sealed_signature(doc, organs, date_text, profile, keep_note=bool(ctx.note))


def _write_date_alone(doc: Document, date_text: str, profile: ReportProfile, keep_note: bool) -> None:
    """A personal report signed by its byline: 正文下空一行, the date 右空四字 (7.3.5.4, 7.3.5.1)."""
    blank_lines(doc, profile, g.UNSEALED_BLANK_LINES, keep_next=True)
    _signature_line(doc, date_text, profile, g.DATE_RIGHT_INDENT_TWIPS, keep=keep_note)


def _signature_line(doc: Document, text: str, profile: ReportProfile, right: int, keep: bool) -> None:
    p = doc.add_paragraph()
    format_par(p, line=profile.line_pitch_twips, jc="right", first_line=0, right=max(0, right),
               keep_next=keep)  # fmt: skip
    add_run(p, text, profile.body_font)


def _write_sealed_signature(
    doc: Document, organs: Sequence[str], date_text: str, profile: ReportProfile, keep_note: bool
) -> None:
    """Single sealed organ (7.3.5.1): 署名 centred over the date; date 右空四字."""
    blank_lines(doc, profile, g.SIGNATURE_BLANK_LINES, keep_next=True)
    date_w = text_width_twips(date_text)
    for organ in organs:
        for line in organ_lines(organ, g.BODY_WIDTH_TWIPS - SIGNATURE_SLACK_TWIPS):
            right = g.DATE_RIGHT_INDENT_TWIPS + (date_w - text_width_twips(line)) // 2
            _signature_line(doc, line, profile, right, keep=True)
    _signature_line(doc, date_text, profile, g.DATE_RIGHT_INDENT_TWIPS, keep=keep_note)


def unsealed_indents(organs: Sequence[str], date_text: str) -> tuple[list[int], int]:
    """Right indents of the organ lines and of the date without seal (7.3.5.2).

    The organ 右空二字; the date's first character two characters right of the organ's first;
    a date longer than the organ 右空二字 and the organ moves left. Joint organs are stacked and
    start at the same place as the longest.
    """
    two = g.UNSEALED_RIGHT_INDENT_TWIPS
    shift = g.UNSEALED_DATE_SHIFT_TWIPS
    width = max((text_width_twips(o) for o in organs), default=0)
    date_w = text_width_twips(date_text)
    organ_right = two
    date_right = organ_right + width - shift - date_w
    if date_right < two:
        date_right = two
        organ_right = date_right + date_w + shift - width
    start = g.BODY_WIDTH_TWIPS - organ_right - width  # where every organ line starts
    return [g.BODY_WIDTH_TWIPS - start - text_width_twips(o) for o in organs], date_right


def _write_unsealed_signature(
    doc: Document, organs: Sequence[str], date_text: str, profile: ReportProfile, keep_note: bool
) -> None:
    """Without seal (7.3.5.2): 下空一行, 署名 右空二字, joint organs stacked, the date below."""
    blank_lines(doc, profile, g.UNSEALED_BLANK_LINES, keep_next=True)
    width = g.BODY_WIDTH_TWIPS - g.UNSEALED_RIGHT_INDENT_TWIPS - SIGNATURE_SLACK_TWIPS
    organs = [line for organ in organs for line in organ_lines(organ, width)]
    rights, date_right = unsealed_indents(organs, date_text)
    for organ, right in zip(organs, rights, strict=True):
        _signature_line(doc, organ, profile, right, keep=True)
    _signature_line(doc, date_text, profile, date_right, keep=keep_note)


#: Room a signature line keeps beyond its characters (a renderer's wider Latin digits).
SIGNATURE_SLACK_TWIPS = g.CHAR_SANHAO_TWIPS


def joint_widths(names: Sequence[str], cols: int) -> list[int]:
    """Column widths of a row of joint organs: each as wide as its name (and at least a seal)
    when the names fit side by side so, else equal columns. Seals centred on their names then
    stay inside the 版心, and two neighbours' centres are more than a seal and the gap apart."""
    seal = g.mm_to_twips(g.SEAL_DIAMETER_MM) + g.mm_to_twips(g.SEAL_GAP_MM)
    if len(names) == cols:
        needs = [max(text_width_twips(n) + SIGNATURE_SLACK_TWIPS, seal) for n in names]
        if sum(needs) <= g.BODY_WIDTH_TWIPS:
            extra = (g.BODY_WIDTH_TWIPS - sum(needs)) // cols
            widths = [n + extra for n in needs]
            widths[-1] += g.BODY_WIDTH_TWIPS - sum(widths)
            return widths
    width = g.BODY_WIDTH_TWIPS // cols
    return [width] * (cols - 1) + [g.BODY_WIDTH_TWIPS - width * (cols - 1)]


def seal_columns(count: int) -> int:
    """Organs per row so that seals of ``SEAL_DIAMETER_MM`` side by side never touch (7.3.5.1)."""
    room = g.BODY_WIDTH_TWIPS // (g.mm_to_twips(g.SEAL_DIAMETER_MM) + g.mm_to_twips(g.SEAL_GAP_MM))
    return max(1, min(count, room))


def _write_joint_sealed_signature(
    doc: Document, organs: Sequence[str], date_text: str, profile: ReportProfile, keep_note: bool
) -> None:
    """Joint sealed document (7.3.5.1): organs side by side in the order given, each seal over
    its organ, the date under the last organ (its seal covers organ and date); seals in one row
    never touch and stay inside the 版心."""
    blank_lines(doc, profile, g.SIGNATURE_BLANK_LINES, keep_next=True)
    cols = seal_columns(len(organs))
    rows = [list(organs[i : i + cols]) for i in range(0, len(organs), cols)]
    last_col = len(rows[-1]) - 1 + (cols - len(rows[-1]))  # the last row is right-aligned
    widths = joint_widths(rows[0], cols) if len(rows) == 1 else joint_widths([], cols)
    table = doc.add_table(rows=len(rows) + 1, cols=cols)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    xml_child(tbl_pr, "tblW", w=g.BODY_WIDTH_TWIPS, type="dxa")
    xml_child(tbl_pr, "jc", val="center")
    borders = xml_child(tbl_pr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        xml_child(borders, side, val="nil")
    xml_child(tbl_pr, "tblLayout", type="fixed")
    margins = xml_child(tbl_pr, "tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        xml_child(margins, side, w=0, type="dxa")
    for col, grid_col in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
        grid_col.set(qn("w:w"), str(widths[col]))
    texts = [[""] * cols for _ in range(len(rows) + 1)]
    for r, names in enumerate(rows):
        offset = cols - len(names)
        for c, name in enumerate(names):
            # a name too long for its column breaks between words (…依法治县委员会 / 办公室)
            texts[r][offset + c] = "\n".join(organ_lines(name, widths[offset + c] - SIGNATURE_SLACK_TWIPS))
    for r, row in enumerate(table.rows[:-1]):
        xml_child(row._tr.get_or_add_trPr(), "cantSplit")
        cells = row.cells
        for c in range(cols):
            cell = cells[c]
            cell.width = Twips(widths[c])
            p = cell.paragraphs[0]
            format_par(p, line=profile.line_pitch_twips, jc="center", first_line=0, keep_next=True)
            if texts[r][c]:
                add_run(p, texts[r][c], profile.body_font)
    _joint_date_row(table, widths, last_col, date_text, profile, keep_note)


def _joint_date_row(table, widths: list[int], last_col: int, date_text: str, profile: ReportProfile,
                    keep_note: bool) -> None:  # noqa: ANN001 - a python-docx Table
    """The date under the last organ, in one cell across the row: it never wraps in a narrow
    column, and stays centred under that organ as far as the 版心 allows."""
    row = table.rows[-1]
    xml_child(row._tr.get_or_add_trPr(), "cantSplit")
    cell = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    date_w = widest_width_twips(date_text)
    centre = sum(widths[:last_col]) + widths[last_col] // 2
    left = max(0, min(centre - date_w // 2, g.BODY_WIDTH_TWIPS - date_w))
    p = cell.paragraphs[0]
    format_par(p, line=profile.line_pitch_twips, jc="left", first_line=0, left=left, keep_next=keep_note)
    add_run(p, date_text, profile.body_font)


def _write_note(doc: Document, note: str, profile: ReportProfile) -> None:
    text = note.strip().strip("()（）")
    p = doc.add_paragraph()
    format_par(p, line=profile.line_pitch_twips, jc="left", first_line=0,
            left=g.NOTE_LEFT_INDENT_TWIPS)  # fmt: skip
    add_run(p, f"（{text}）", profile.body_font)

