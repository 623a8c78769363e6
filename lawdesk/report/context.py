"""Plain data a report writer consumes: the 版头, 主体 and 版记 of one annual report.

Pure data: no python-docx import, no formatting. The services layer fills a ``ReportContext``
from the records; ``lawdesk.report.writer.build_document`` turns it into a GB/T 9704 document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

LEVEL_PLAIN = 0  # plain body paragraph
LEVEL_1 = 1  # "一、" 黑体
LEVEL_2 = 2  # "（一）" 楷体
LEVEL_3 = 3  # "1." 仿宋 (bold per profile)
LEVEL_4 = 4  # "（1）" 仿宋


@dataclass
class BodyParagraph:
    """One body paragraph.

    ``heading`` without ``text`` is a standalone heading (kept with the next paragraph);
    ``heading`` with ``text`` is a run-in heading followed by body text in the same paragraph.
    """

    text: str = ""
    heading: str = ""
    level: int = LEVEL_PLAIN

    @property
    def is_standalone_heading(self) -> bool:
        return bool(self.heading) and not self.text


@dataclass
class DataTable:
    """A simple data table on an attachment page."""

    title: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


TableAttachment = DataTable


@dataclass
class ChartImage:
    """A chart picture (PNG bytes) on an attachment page; ``width_mm`` ≤ 156."""

    png: bytes = b""
    width_mm: float = 150.0
    caption: str = ""


@dataclass
class AttachmentPage:
    """One 附件: starts on a new page, "附件N" top-left, title centred on line 3."""

    title: str
    tables: list[DataTable] = field(default_factory=list)
    charts: list[ChartImage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ReportContext:
    """Everything the writer needs for one 报告 (上行文).

    ``masthead`` False: a 报告 without 版头 (and so without 版记), as a county may ask for a
    half-year summary. A personal report (a leader's 述法报告) has a ``byline`` — the person's
    post and name under the title — and neither 主送机关 (``addressee`` empty) nor 署名
    (``signature_organs`` empty): the date alone closes it.
    """

    issuer_mark: str
    doc_number: str
    signers: list[str]
    title: str
    addressee: str
    body: list[BodyParagraph]
    signature_organs: list[str]
    issue_date: datetime.date
    note: str = ""
    attachments: list[AttachmentPage] = field(default_factory=list)
    copy_to: list[str] = field(default_factory=list)
    print_organ: str = ""
    print_date: datetime.date | None = None
    public: bool = False
    masthead: bool = True
    byline: str = ""

    @property
    def has_masthead(self) -> bool:
        """版头 (and 版记) are written: a document for the record, not the 公开版 or a plain 报告."""
        return self.masthead and not self.public
