"""What a view of 报告与总结 may ask of the page that holds it (``ReportPage`` is one), so the
views know the page by what it does, not by its class: the document and its period, the values
and the outline, the way to the records, and the editor's and the format tab's few shared acts."""

from __future__ import annotations

import tkinter
from typing import Protocol

from lawdesk.report.outline import Outline
from lawdesk.services import drafting
from lawdesk.services.period import Period


class Editing(Protocol):
    """The editor's acts other views need: its part, asking about unsaved text, its list of parts."""

    section_key: str

    def settle(self, what: str) -> bool: ...

    def fill_sections(self) -> None: ...


class Formatting(Protocol):
    def save(self) -> None: ...


class ReportDesk(Protocol):
    document: drafting.OfficeReport  # the document being written
    own_document: drafting.OfficeReport  # the unit's annual report (or the county's): whose settings
    kind_key: str  # "annual", "half-year", "shufa"
    year: int  # the year the words are stored for
    values: dict[str, object]  # the period's placeholder values
    figures: dict[str, object]  # the period's figures
    outline: Outline
    counter: drafting.RecordCounter
    editor_view: Editing
    format_view: Formatting

    def period(self) -> Period: ...

    def open_records(self, figure: str) -> tkinter.Misc: ...

    def open_missing(self, kind: str) -> tkinter.Misc: ...

    def goto_prompt(self, key: str) -> bool: ...

    def set_status(self, message: str) -> None: ...

    def show_settings(self, field: str | None = None, message: str = "") -> None: ...
