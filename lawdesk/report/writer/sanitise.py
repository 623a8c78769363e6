"""Text that XML cannot carry, removed before it reaches the writer (never a crash at export).

XML 1.0 allows tab, newline, carriage return and U+0020–U+D7FF, U+E000–U+FFFD, U+10000 and up.
Anything else in a unit name, an honour title or a narrative (C0 controls such as BEL, NUL or
ESC, U+FFFE/U+FFFF, lone surrogates) would make python-docx refuse the whole report. The
characters are invisible in print, so they are left out of the document and each field that
lost some is named in a Chinese note the export shows; the stored records are not touched.
"""

from __future__ import annotations

import dataclasses
import re

from lawdesk.report.context import AttachmentPage, BodyParagraph, DataTable, ReportContext
from lawdesk.report.profile import ReportProfile

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

CONTEXT_FIELDS = {
    "issuer_mark": "发文机关标志",
    "doc_number": "发文字号",
    "title": "标题",
    "byline": "标题下的职务和姓名",
    "addressee": "主送机关",
    "note": "附注",
    "print_organ": "印发机关",
}
LIST_FIELDS = {"signers": "签发人", "signature_organs": "署名机关", "copy_to": "抄送机关"}
PROFILE_FIELDS = {
    "body_font": "正文字体",
    "kai_font": "楷体字体",
    "hei_font": "黑体字体",
    "title_font": "标题字体",
    "song_font": "页码字体",
}


def bad_characters(text: str) -> list[str]:
    """The characters of ``text`` that XML cannot carry, as ``U+XXXX`` codes."""
    return [f"U+{ord(ch):04X}" for ch in _NOT_XML.findall(text)]


def clean(text: str) -> str:
    """``text`` without the characters XML cannot carry; ``\\r`` is dropped too."""
    return _NOT_XML.sub("", text).replace("\r", "")


def _excerpt(text: str) -> str:
    shown = clean(text).strip().replace("\n", " ")
    return shown[:12] + ("…" if len(shown) > 12 else "")


class _Cleaner:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def text(self, value: str, label: str) -> str:
        value = str(value)
        bad = bad_characters(value)
        if bad:
            codes = "、".join(dict.fromkeys(bad))
            self.notes.append(
                f"{label}「{_excerpt(value)}」中有 {len(bad)} 个无法写入 Word 文件的字符（{codes}），"
                "已在报告中略去；请在台账中修改这段文字。"
            )
            return clean(value)
        return value.replace("\r", "")

    def body(self, index: int, para: BodyParagraph) -> BodyParagraph:
        label = f"正文第{index + 1}段"
        return dataclasses.replace(
            para, text=self.text(para.text, label), heading=self.text(para.heading, label + "标题")
        )

    def table(self, table: DataTable) -> DataTable:
        return dataclasses.replace(
            table,
            title=self.text(table.title, "附件表格标题"),
            header=[self.text(str(c), "附件表头") for c in table.header],
            rows=[[self.text(str(c), "附件表格") for c in row] for row in table.rows],
        )

    def page(self, page: AttachmentPage) -> AttachmentPage:
        return dataclasses.replace(
            page,
            title=self.text(page.title, "附件标题"),
            tables=[self.table(t) for t in page.tables],
            charts=[dataclasses.replace(c, caption=self.text(c.caption, "图题")) for c in page.charts],
            notes=[self.text(n, "附件说明文字") for n in page.notes],
        )


def sanitise_context(ctx: ReportContext) -> tuple[ReportContext, list[str]]:
    """A copy of ``ctx`` XML can carry, and a Chinese note for each field that lost characters."""
    c = _Cleaner()
    changes: dict[str, object] = {k: c.text(getattr(ctx, k), label) for k, label in CONTEXT_FIELDS.items()}
    for key, label in LIST_FIELDS.items():
        changes[key] = [c.text(v, label) for v in getattr(ctx, key)]
    changes["body"] = [c.body(i, p) for i, p in enumerate(ctx.body)]
    changes["attachments"] = [c.page(p) for p in ctx.attachments]
    return dataclasses.replace(ctx, **changes), c.notes


def sanitise_profile(profile: ReportProfile) -> tuple[ReportProfile, list[str]]:
    """Font names XML can carry (``&`` and quotes are escaped where they are written)."""
    c = _Cleaner()
    changes = {k: c.text(getattr(profile, k), label).strip() or getattr(ReportProfile(), k)
               for k, label in PROFILE_FIELDS.items()}  # fmt: skip
    return dataclasses.replace(profile, **changes), c.notes


__all__ = ["bad_characters", "clean", "sanitise_context", "sanitise_profile"]
