"""Low-level OOXML helpers shared by the writer: schema order, fonts, paragraphs, runs, text width."""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.profile import ReportProfile

PPR_SEQ = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)  # fmt: skip
RPR_SEQ = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath",
)  # fmt: skip
TBLPR_SEQ = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
)  # fmt: skip
TCPR_SEQ = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark",
)  # fmt: skip
SEQS = {"pPr": PPR_SEQ, "rPr": RPR_SEQ, "tblPr": TBLPR_SEQ, "tcPr": TCPR_SEQ}

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
LATIN_FALLBACK = "Times New Roman"
THEME_EA_FONT = "宋体"
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")

_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


# ============================================================== low-level XML helpers


def xml_attr(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute (a font name may hold & or ")."""
    return escape(str(value), {'"': "&quot;"})


def xml_text(value: str) -> str:
    """``value`` escaped for XML character data."""
    return escape(str(value))


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def xml_child(parent: etree._Element, name: str, **attrs: str | int) -> etree._Element:
    """Get or create ``w:name`` under ``parent`` in schema order, then set ``w:`` attributes."""
    tag = qn(f"w:{name}")
    el = parent.find(tag)
    if el is None:
        el = OxmlElement(f"w:{name}")
        seq = SEQS.get(local_name(parent.tag), ())
        successors = seq[seq.index(name) + 1 :] if name in seq else ()
        for sib in parent:
            if local_name(sib.tag) in successors:
                sib.addprevious(el)
                break
        else:
            parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def ppr_of(p: etree._Element) -> etree._Element:
    return p.get_or_add_pPr()


def rpr_of(r: etree._Element) -> etree._Element:
    return r.get_or_add_rPr()


def set_fonts(rpr: etree._Element, cjk: str, latin: str | None = None) -> None:
    """All four font slots + ``hint=eastAsia``; drop theme attributes (they beat names)."""
    rfonts = xml_child(rpr, "rFonts")
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    latin = latin or cjk
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), cjk)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def set_border(parent: etree._Element, side: str, *, sz: int, color: str, space: int = 0) -> None:
    el = parent.find(qn(f"w:{side}"))
    if el is None:
        el = OxmlElement(f"w:{side}")
        order = BORDER_SIDES
        for sib in parent:
            if local_name(sib.tag) in order[order.index(side) + 1 :]:
                sib.addprevious(el)
                break
        else:
            parent.append(el)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(sz))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)


# ============================================================== text measurement and splitting


def is_half_width(ch: str) -> bool:
    return ord(ch) < 0x2E80 and ch not in "—…“”‘’·"


def text_width_twips(
    text: str, size_half_points: int = g.SIZE_SANHAO, spacing: int = g.CHAR_SPACING_TWIPS
) -> int:
    """Approximate printed width: full-width characters 1 em, ASCII half an em, plus spacing."""
    em = size_half_points * 10  # half-points → twips (1 pt = 20 twips)
    total = 0
    for ch in text:
        total += (em // 2 if is_half_width(ch) else em) + spacing
    return total


WIDEST_DIGIT_EM = 0.65  # the widest a digit prints in a font a viewer may put in (DejaVu Sans)
AUTOSPACE_EM = 0.25  # the widest space a viewer puts between Chinese and digits (Word)


def widest_width_twips(text: str, size_half_points: int = g.SIZE_SANHAO, spacing: int = g.CHAR_SPACING_TWIPS) -> int:
    """The widest ``text`` may print in any viewer: digits and Latin letters of a wide substitute
    font, a quarter em between them and Chinese. For text that must not wrap (a date)."""
    em = size_half_points * 10
    width = sum((em if not is_half_width(ch) else round(WIDEST_DIGIT_EM * em)) + spacing for ch in text)
    boundaries = sum(1 for a, b in zip(text, text[1:], strict=False) if is_half_width(a) != is_half_width(b))
    return width + round(boundaries * AUTOSPACE_EM * em)


def width_chars(text: str) -> float:
    return sum(0.5 if is_half_width(ch) else 1.0 for ch in text)


def mark_size_pt(mark: str) -> float:
    """发文机关标志 size: min(小初, 0.96 × 版心宽 / chars), in half-point steps (实务)."""
    chars = max(width_chars(mark), 1.0)
    size = min(g.MARK_MAX_SIZE_PT, g.MARK_WIDTH_FACTOR * g.BODY_WIDTH_PT / chars)
    return math.floor(size * 2) / 2


NO_LINE_START = "，。、；：？！）》〉」』】”’％,.;:?!)%"
NO_LINE_END = "（《〈「『【“‘("
_PREFERRED_BREAK_BEFORE = ("关于", "工作情况", "的报告", "的请示", "的通知", "的意见")


def _break_allowed(text: str, i: int) -> bool:
    """May a title line break between ``text[i-1]`` and ``text[i]``?"""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
        return False
    depth = 0
    for ch in text[:i]:
        depth += ch == "《"
        depth -= ch == "》"
    return depth <= 0


def _split_segment(text: str, max_chars: float) -> list[str]:
    """Split one over-long segment into the fewest balanced lines (never inside 《》)."""
    if width_chars(text) <= max_chars:
        return [text]
    cands = [i for i in range(1, len(text)) if _break_allowed(text, i)]
    best: tuple[float, int] | None = None
    total = width_chars(text)
    for i in cands:
        head = width_chars(text[:i])
        if head > max_chars:
            continue
        # balanced: the first line as close to half as possible; prefer natural break words
        cost = abs(head - total / 2) - (1.5 if text[i:].startswith(_PREFERRED_BREAK_BEFORE) else 0)
        if width_chars(text[i:]) > max_chars:
            cost += 100 + (max_chars - head)  # needs a further split: fill this line
        if best is None or cost < best[0]:
            best = (cost, i)
    if best is None:  # nothing fits: hard split at the width limit
        cut = 1
        while cut < len(text) and width_chars(text[: cut + 1]) <= max_chars:
            cut += 1
        return [text[:cut], *_split_segment(text[cut:], max_chars)]
    i = best[1]
    return [text[:i], *_split_segment(text[i:], max_chars)]


def split_title(title: str, max_chars: float = g.TITLE_MAX_CHARS) -> list[str]:
    """Title lines: a space is a preferred break; long parts are split into balanced lines."""
    segments = [s for s in re.split(r"[ \u3000]+", title.strip()) if s]
    lines: list[str] = []
    for seg in segments:
        lines.extend(_split_segment(seg, max_chars))
    return lines or [""]


#: Words an organ name is made of end with these (中共新县委员会|全面依法治县委员会|办公室): a
#: name too long for its line is broken after one of them, never inside a word.
ORGAN_WORD_ENDS = ("委员会", "工作委员会", "办公室", "人民政府", "政府", "办事处", "党委", "县委", "市委",
                   "区委", "镇委", "乡委", "党组", "司法局", "局", "中心", "司法所", "所", "小组", "部")  # fmt: skip


def _organ_breaks(name: str) -> list[int]:
    """Positions after which a line may end in an organ name: after a word, before 中共, and
    never inside another word (县委|员会 is inside 委员会)."""
    spans = [(i, i + len(w)) for w in (*ORGAN_WORD_ENDS, "中共") for i in range(len(name)) if name.startswith(w, i)]
    ends = {end for start, end in spans if name[start:end] != "中共"} | {s for s, e in spans if name[s:e] == "中共"}
    return sorted(i for i in ends if 0 < i < len(name) and not any(a < i < b for a, b in spans))


def organ_lines(name: str, max_width: int, size: int = g.SIZE_SANHAO, spacing: int = g.CHAR_SPACING_TWIPS) -> list[str]:
    """``name`` in lines of at most ``max_width`` twips, broken between words only (an organ
    name must never read "…依法治县委 / 员会办公室"), as balanced as the words allow."""
    if text_width_twips(name, size, spacing) <= max_width:
        return [name]
    fitting = [i for i in _organ_breaks(name) if text_width_twips(name[:i], size, spacing) <= max_width]
    if not fitting:  # no word ends early enough: balanced halves, as the title does
        return _split_segment(name, max(1.0, max_width / (size * 10 + spacing)))
    best = min(fitting, key=lambda i: (text_width_twips(name[i:], size, spacing) > max_width,
                                       abs(2 * i - len(name))))  # fmt: skip
    return [name[:best], *organ_lines(name[best:], max_width, size, spacing)]


def format_date(d) -> str:
    """成文日期 / 印发日期: Arabic numerals, no padding (7.3.5.4) → "2023年1月9日"."""
    return f"{d.year}年{d.month}月{d.day}日"


# ============================================================== paragraphs and runs


def set_spacing(ppr: etree._Element, line: int | None, rule: str = "exact") -> None:
    sp = xml_child(ppr, "spacing", before=0, after=0)
    if line is not None:
        sp.set(qn("w:line"), str(line))
        sp.set(qn("w:lineRule"), rule)


def format_par(
    p: Paragraph,
    *,
    line: int | None,
    rule: str = "exact",
    jc: str | None = "both",
    first_line: int | None = 0,
    left: int = 0,
    right: int = 0,
    hanging: int | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    snap: bool = True,
) -> etree._Element:
    ppr = ppr_of(p._p)
    if keep_next:
        xml_child(ppr, "keepNext")
    if page_break_before:
        xml_child(ppr, "pageBreakBefore")
    if not snap:
        xml_child(ppr, "snapToGrid", val=0)
    set_spacing(ppr, line, rule)
    ind = xml_child(ppr, "ind", left=left, right=right)
    if hanging is not None:
        ind.set(qn("w:hanging"), str(hanging))
    elif first_line is not None:
        ind.set(qn("w:firstLine"), str(first_line))
    if jc:
        xml_child(ppr, "jc", val=jc)
    return ppr


def add_run(
    p: Paragraph,
    text: str,
    font: str,
    size: int = g.SIZE_SANHAO,
    *,
    bold: bool = False,
    color: str | None = None,
    spacing: int | None = None,
):
    run = p.add_run(text)
    rpr = rpr_of(run._r)
    set_fonts(rpr, font)
    if bold:
        xml_child(rpr, "b")
        xml_child(rpr, "bCs")
    if color:
        xml_child(rpr, "color", val=color)
    if spacing is not None:
        xml_child(rpr, "spacing", val=spacing)
    xml_child(rpr, "sz", val=size)
    xml_child(rpr, "szCs", val=size)
    return run


def blank_lines(doc: Document, profile: ReportProfile, n: int = 1, keep_next: bool = False) -> None:
    for _ in range(n):
        p = doc.add_paragraph()
        format_par(p, line=profile.line_pitch_twips, keep_next=keep_next)


def add_tabs(p: Paragraph, *stops: tuple[str, int]) -> None:
    tabs = xml_child(ppr_of(p._p), "tabs")
    for kind, pos in stops:
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), kind)
        tab.set(qn("w:pos"), str(pos))
        tabs.append(tab)


def append_body(doc: Document, element: etree._Element) -> None:
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        body.append(element)
    else:
        sect_pr.addprevious(element)

