"""Pure GB/T 9704-2012 writer: ``ReportContext`` + ``ReportProfile`` → python-docx ``Document``.

Nothing here touches the disk (saving and PDF live in ``lawdesk.report.files``). One module per
part of the document: ``setup`` (page, styles, footers, §5 and §7.5), ``masthead`` (版头, §7.2),
``body`` (主体, §7.3), ``attachment`` (附件 pages), ``imprint`` (版记, §7.4, on an even page).
Layout figures come from ``gbt9704``; fonts and switches from the profile. Every paragraph and
run carries explicit formatting (fonts in all four slots + ``hint``), so the file looks the same
in Word, WPS and LibreOffice whatever their defaults are.
"""

from __future__ import annotations

from collections.abc import Mapping

import docx
from docx.document import Document

from lawdesk.report import gbt9704 as g
from lawdesk.report.context import ReportContext
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer.attachment import _write_attachment_page
from lawdesk.report.writer.base import (
    PPR_SEQ,
    RPR_SEQ,
    blank_lines,
    format_date,
    mark_size_pt,
    split_title,
    text_width_twips,
)
from lawdesk.report.writer.body import (
    _write_addressee,
    _write_attachment_list,
    _write_note,
    _write_signature,
    write_body_paragraph,
    write_byline,
    write_title,
)
from lawdesk.report.writer.imprint import NATURAL, _write_imprint, has_imprint
from lawdesk.report.writer.masthead import _write_masthead
from lawdesk.report.writer.sanitise import sanitise_context, sanitise_profile
from lawdesk.report.writer.setup import (
    _setup_package,
    _setup_section,
    _setup_settings,
    _setup_styles,
)

__all__ = [
    "add_imprint",
    "PPR_SEQ",
    "RPR_SEQ",
    "build_document",
    "format_date",
    "sanitise_context",
    "sanitise_profile",
    "mark_size_pt",
    "split_title",
    "text_width_twips",
]


def build_document(
    ctx: ReportContext,
    profile: ReportProfile | None = None,
    imprint_placement: str | None = NATURAL,
    *,
    alternates: Mapping[str, str] | None = None,
) -> Document:
    """Build the whole 报告 as a python-docx ``Document`` (nothing is written to disk).

    ``imprint_placement`` puts the 版记 on an even page (see ``imprint.PLACEMENTS``); which one a
    report needs depends on where its text ends: ``lawdesk.report.paging`` finds out. With
    ``None`` the 版记 is left out, to be added by ``add_imprint`` once the pages are counted.
    ``alternates`` names, for each font, the font a PC without it prints with (the font table's
    ``w:altName``; ``fontcheck.alternate_names`` picks installed ones).
    """
    ctx, _ = sanitise_context(ctx)
    profile, _ = sanitise_profile(profile or ReportProfile())
    doc = docx.Document()
    _setup_styles(doc, profile)
    _setup_package(doc, profile, alternates)
    _setup_settings(doc)
    _setup_section(doc, profile)
    doc.core_properties.title = " ".join(split_title(ctx.title))
    doc.core_properties.author = ctx.print_organ or (ctx.signature_organs or [""])[0]
    doc.core_properties.language = "zh-CN"

    if ctx.has_masthead:
        _write_masthead(doc, ctx, profile)
    write_title(doc, ctx.title, profile)
    if ctx.byline.strip():
        write_byline(doc, ctx.byline, profile)
    blank_lines(doc, profile, g.ADDRESSEE_BLANK_LINES, keep_next=True)
    if ctx.addressee.strip():
        _write_addressee(doc, ctx.addressee, profile)
    for index, para in enumerate(ctx.body):
        # the last paragraph stays with the 附件说明 and 署名: the 署名 page carries text (7.3.5)
        is_last = index == len(ctx.body) - 1
        write_body_paragraph(doc, para, profile, keep_next=is_last)
    if ctx.attachments:
        _write_attachment_list(doc, ctx.attachments, profile)
    _write_signature(doc, ctx, profile)
    if ctx.note.strip():
        _write_note(doc, ctx.note, profile)
    many = len(ctx.attachments) > 1
    for index, page in enumerate(ctx.attachments, start=1):
        _write_attachment_page(doc, page, index if many else None, profile)
    if imprint_placement is not None and has_imprint(ctx, profile):
        _write_imprint(doc, ctx, profile, imprint_placement)
    return doc


def add_imprint(doc: Document, ctx: ReportContext, profile: ReportProfile, placement: str) -> Document:
    """Append the 版记 (7.4) to a document built with ``imprint_placement=None``."""
    ctx, _ = sanitise_context(ctx)
    profile, _ = sanitise_profile(profile)
    if has_imprint(ctx, profile):
        _write_imprint(doc, ctx, profile, placement)
    return doc

