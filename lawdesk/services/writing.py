"""The writing half of every document a unit exports: its context from the 单位设置, the export
gate, the GB/T 9704 writer, the file.

An office's annual report, the county's report, the half-year summary and a leader's 述法报告 are
composed by one engine (``report/compose.py``); each is then put into a ``ReportContext`` here
(版头, 发文字号, title, 主送, body, 署名, 附注, 版记 — or, for a personal report, the person's
post and name under the title and the date alone), refused while a prompt remains (a 报送版 or
公开版; ``services.gate``), laid out with the 版记 on an even page, saved atomically, and turned
into a PDF on request (LibreOffice, when it is there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lawdesk.errors import LawdeskError
from lawdesk.report.compose import Composed
from lawdesk.report.context import AttachmentPage, ReportContext
from lawdesk.report.errors import ReportError
from lawdesk.report.profile import ReportProfile
from lawdesk.services import documents, gate, settings, units
from lawdesk.services.report_settings import ReportOptions

if TYPE_CHECKING:
    from lawdesk.report.paging import Placement


def document_number(prefix: str, year: int, number: int) -> str:
    """发文字号: 金文〔2023〕5号 (六角括号, no leading zero) — GB/T 9704 7.2.5."""
    return f"{prefix}〔{year}〕{int(number)}号"


def report_unit(unit: units.UnitRef) -> int:
    """The unit whose document is written: ``unit``, else the current unit; the county names one."""
    unit_id = units.scope_id(unit)
    if unit_id is None and not units.has_units():  # a new database: its office is not named yet
        raise LawdeskError(units.no_unit_message("生成报告"))
    if unit_id is None:
        raise LawdeskError("县级数据库包含多个单位，请先选择要生成报告的单位。")
    return unit_id


def require_profile(unit: units.UnitRef = None) -> None:
    if not settings.profile_is_complete(unit):
        raise LawdeskError("请先在“单位设置”中填写单位名称、发文机关标志、发文字号代字和主送机关，再生成报告。")


def split_names(value: object) -> list[str]:
    """"甲、乙，丙" → ["甲", "乙", "丙"] (a 顿号 list of the 单位设置)."""
    return [p.strip() for p in str(value or "").replace("，", "、").split("、") if p.strip()]


@dataclass
class BuiltReport:
    """One document ready to write: its context, its warnings and its composed text (with the
    claim of every sentence, so the export gate can see what is still to be written)."""

    ctx: ReportContext
    warnings: list[str]
    text: Composed
    names: dict[str, str]  # how the editor names each part (for the gate's list)


@dataclass(frozen=True)
class Layout:
    """What a kind of document writes around its body (the annual report: everything)."""

    masthead: bool = True  # 版头 and 版记 (a 报告 without 版头 has neither)
    addressee: str | None = None  # 主送机关 (None: the 单位设置's; "": none, a personal report)
    byline: str = ""  # a personal report's post and name under the title
    signed: bool = True  # 署名 by the unit's organs (False: the date alone, after the byline)
    note: str | None = None  # 附注 (None: the unit's report options')


def document_context(
    profile: Mapping[str, object], title: str, body: list, options: ReportOptions, *,
    attachments: list[AttachmentPage], doc_number: int | None, issue_date: dt.date | None, public: bool,
    draft: bool, layout: Layout = Layout(),
) -> ReportContext:
    """The ``ReportContext`` of a document of the unit whose 单位设置 is ``profile``: 版头, 发文字号
    (the profile's next number unless given), title (marked for a 征求意见稿), 主送, the body,
    署名 by the profile's organs, 附注, 版记 — as ``layout`` has them."""
    issue_date = issue_date or dt.date.today()
    number = doc_number if doc_number is not None else int(profile.get("next_doc_number") or 1)
    organs = [str(profile[k]) for k in ("party_organ", "government_organ") if profile.get(k)]
    addressee = layout.addressee if layout.addressee is not None else str(profile.get("addressee") or "")
    return ReportContext(
        issuer_mark=str(profile.get("issuer_mark") or ""),
        doc_number=document_number(str(profile.get("doc_prefix") or ""), issue_date.year, number),
        signers=split_names(profile.get("signers")),
        title=documents.draft_title(title) if draft else title,
        addressee=addressee,
        body=body,
        signature_organs=organs if layout.signed else [],
        issue_date=issue_date,
        note=options.note if layout.note is None else layout.note,
        attachments=attachments,
        copy_to=split_names(profile.get("copy_to")),
        print_organ=str(profile.get("print_organ") or ""),
        print_date=issue_date,
        public=public,
        masthead=layout.masthead,
        byline=layout.byline,
    )


@dataclass
class ExportResult:
    docx_path: Path
    pdf_path: Path | None
    message: str
    warnings: list[str] = field(default_factory=list)
    placement: Placement | None = None  # where the 版记 went and the page counts behind it
    font_notes: list[str] = field(default_factory=list)  # the report's fonts this PC lacks, in Chinese


def refuse_draft_public(*, public: bool, draft: bool) -> None:
    if draft and public:
        raise LawdeskError("征求意见稿不能同时是公开版：请先填写完整，再导出公开版。")


def unsigned(*, masthead: bool, draft: bool, signers: Sequence[str]) -> bool:
    """Whether a document lacks the 签发人 it must carry: a 报送版 with a 版头 is a 上行文 and names
    who signed it (GB/T 9704 §7.2.6); a 征求意见稿 and a 公开版 (no 版头) go without."""
    return masthead and not draft and not any(name.strip() for name in signers)


def refuse_unsigned(ctx: ReportContext, *, draft: bool) -> None:
    """``LawdeskError`` for a document that lacks its 签发人 (``unsigned``)."""
    if unsigned(masthead=ctx.has_masthead, draft=draft, signers=ctx.signers):
        raise LawdeskError(UNSIGNED)


#: Why a 报送版 without 签发人 is not written (the export and the report page say the same).
UNSIGNED = ("报送版是上行文，版头要标注签发人姓名：请先在“单位设置”中填写签发人，再导出报送版"
            "（也可以先导出征求意见稿或公开版）。")


def export_built(built: BuiltReport, profile: ReportProfile, out_path: Path, *, pdf: bool, page_count: str,
                 what: str, public: bool, draft: bool) -> ExportResult:  # fmt: skip
    """The export gate, then the writer: a 报送版 or 公开版 is refused while the text still asks
    for the unit's words (``gate.PromptsRemain``); a draft is written with its prompts highlighted."""
    gate.check(built.text.claims, built.names, public=public, draft=draft)
    refuse_unsigned(built.ctx, draft=draft)
    return write_report(built.ctx, built.warnings, profile, out_path, pdf=pdf, page_count=page_count, what=what,
                        public=public, draft=draft)  # fmt: skip


def docx_target(out_path: Path) -> Path:
    """``out_path`` ending in .docx; a Chinese error when its folder does not exist or the name
    given is an input (the database, its data folder: ``lawdesk.safe_write``)."""
    from lawdesk import safe_write

    out_path = Path(out_path)
    safe_write.refuse_input(out_path)
    if out_path.suffix.lower() != ".docx":
        out_path = out_path.with_suffix(out_path.suffix + ".docx") if out_path.suffix else out_path.with_suffix(".docx")
    if not out_path.parent.exists():
        raise LawdeskError(f"保存位置不存在：{out_path.parent}")
    return out_path


def write_report(
    ctx: ReportContext,
    warnings: list[str],
    profile: ReportProfile,
    out_path: Path,
    *,
    pdf: bool,
    page_count: str,
    what: str,
    public: bool,
    draft: bool = False,
) -> ExportResult:
    """Sanitise, lay out with the 版记 on an even page, save atomically, PDF on request; the
    Chinese message. A draft's prompts are highlighted (the layout is the signed document's).
    The writer's modules load here, not when the program starts."""
    from lawdesk.report import fontcheck
    from lawdesk.report.draft import highlight_prompts
    from lawdesk.report.files import docx_to_pdf, save_docx_atomic
    from lawdesk.report.paging import build_even_document
    from lawdesk.report.writer import sanitise_context, sanitise_profile

    ctx, text_notes = sanitise_context(ctx)
    profile, font_notes = sanitise_profile(profile)
    warnings = [*warnings, *text_notes, *font_notes]
    missing_fonts = fontcheck.font_notes(profile)  # which fonts print instead, on this PC
    try:
        document, placement = build_even_document(ctx, profile, page_count,
                                                  alternates=fontcheck.alternate_names(profile))  # fmt: skip
        if draft:
            highlight_prompts(document)
        save_docx_atomic(document, out_path)
        pdf_path = docx_to_pdf(out_path, out_path.with_suffix(".pdf")) if pdf else None
    except ReportError as exc:
        raise LawdeskError(exc.message) from exc
    kind = documents.kind_mark(public=public, draft=draft)
    lines = [f"已生成{what}（{kind}）：{out_path}"]
    if pdf_path:
        lines.append(f"PDF：{pdf_path}（嵌入了生成时实际使用的字体）")
    lines.extend(f"注意：{w}" for w in warnings)
    lines.extend(f"字体：{n}" for n in missing_fonts)
    return ExportResult(out_path, pdf_path, "\n".join(lines), warnings, placement, missing_fonts)


def pdf_available() -> bool:
    from lawdesk.report.files import find_soffice

    return find_soffice() is not None
