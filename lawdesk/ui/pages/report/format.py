"""格式与写法: the unit's report format (版式), how figures are written, and — for the half-year
summary — whether it goes with 版头 and to whom. Every change is saved at once."""

from __future__ import annotations

import tkinter

import ttkbootstrap as ttk

from lawdesk.ui import common
from lawdesk.ui.pages.report.desk import ReportDesk
from lawdesk.ui.widgets.report_profile import (
    HalfYearLayoutEditor,
    ReportProfileEditor,
    ReportWordingEditor,
)


class FormatView(ttk.Frame):
    def __init__(self, master: tkinter.Misc, page: ReportDesk) -> None:
        super().__init__(master, padding=(12, 12, 0, 0))
        self.page = page
        unit = page.own_document.unit
        scroller = common.scrolled_page(self, height=60)
        scroller.pack(fill="both", expand=True)
        body = self.body = ttk.Frame(scroller, padding=(0, 0, 16, 12))
        body.pack(fill="both", expand=True)
        self.half_year_editor = HalfYearLayoutEditor(body, unit=unit)
        self.profile_editor = ReportProfileEditor(body, show_fonts=False, autosave=True, unit=unit)
        self.profile_editor.pack(fill="x")
        common.wrapping_label(body, "字体在“单位设置”中修改。改动立即保存，下次导出时生效。",
                              muted=True).pack(anchor="w", fill="x", pady=(4, 0))
        self.wording_editor = ReportWordingEditor(body, unit=unit)
        self.wording_editor.pack(fill="x", pady=(10, 0))

    def kind_changed(self) -> None:
        if self.page.kind_key == "half-year":
            self.half_year_editor.pack(fill="x", pady=(0, 10), before=self.profile_editor)
        else:
            self.half_year_editor.pack_forget()

    def reload(self) -> None:
        self.profile_editor.reload()
        self.half_year_editor.reload()

    def save(self) -> None:
        self.profile_editor.save()
