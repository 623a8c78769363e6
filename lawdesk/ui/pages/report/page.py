"""报告与总结: the page holding the document being written, its period and its values.

The clerk chooses the kind of document — 年度报告, 半年总结 or a leader's 述法报告 (in a county
database: the county's report) — and the period; the page holds that document (a
``services.drafting`` face), the period's figures and values, and the five views that work on it,
one per tab: 报告正文 (``EditorView``), 提纲与建议 (``OutlineView``), 统计数据 (``FiguresView``),
导出与打印 (``ExportView``), 格式与写法 (``FormatView``). The views read the document and the values
from the page (as a ``desk.ReportDesk``) and tell it when the words change; the page tells them when the document, the
period or the records change (``ChangeWatcher``: records → figures; settings → the outline).

Nothing is saved silently: the page follows the page protocol (``has_unsaved_changes``,
``save``, ``discard``) for the main window, and the editor asks 保存/不保存/取消 itself before its
text is replaced inside the page (another part, period, kind or person).
"""

from __future__ import annotations

import tkinter

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.services import drafting, stats
from lawdesk.services.period import Period, parse_period
from lawdesk.ui import common
from lawdesk.ui.pages.base import ChangeWatcher, Page, PageId, Workbench
from lawdesk.ui.pages.report.editor import EditorView
from lawdesk.ui.pages.report.export import ExportView
from lawdesk.ui.pages.report.figures import FiguresView
from lawdesk.ui.pages.report.format import FormatView
from lawdesk.ui.pages.report.outline import OutlineView
from lawdesk.ui.widgets.flow import FlowBar

#: The kinds of document an office writes here, in the order the page offers them.
KINDS: tuple[tuple[str, str], ...] = (("annual", "年度报告"), ("half-year", "半年总结"), ("shufa", "述法报告"))


class ReportPage(Page, ttk.Frame):
    """Choose the document and the period; the views edit, check and export it."""

    page_title = "报告与总结"

    def __init__(self, master: tkinter.Misc, app: Workbench | None = None) -> None:
        ttk.Frame.__init__(self, master, padding=(16, 12))
        self.app = app
        self.own_document = drafting.for_database()  # the office's annual report, or the county's
        self.document: drafting.OfficeReport = self.own_document
        self.kind_key = "annual"
        self.counter = drafting.RecordCounter(self.document)
        self.year = stats.default_year()
        self.values: dict[str, object] = {}
        self.figures: dict[str, object] = {}
        self.outline = self.document.outline()
        self._build_ui()
        self.records_watcher = ChangeWatcher(self, self.on_records_changed, kinds=("records",))
        self.settings_watcher = ChangeWatcher(self, self.on_settings_changed, kinds=("settings",))

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._build_period_bar()
        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, pady=(8, 0))
        self.editor_view = EditorView(self.notebook, self)
        self.outline_view = OutlineView(self.notebook, self)
        self.figures_view = FiguresView(self.notebook, self)
        self.export_view = ExportView(self.notebook, self)
        self.format_view = FormatView(self.notebook, self)
        for view, text in ((self.editor_view, "报告正文"), (self.outline_view, "提纲与建议"),
                           (self.figures_view, "统计数据"), (self.export_view, "导出与打印"),
                           (self.format_view, "格式与写法")):  # fmt: skip
            self.notebook.add(view, text=f"  {text}  ")
        self.views = (self.editor_view, self.outline_view, self.figures_view, self.export_view, self.format_view)

    def _build_period_bar(self) -> None:
        bar = self.period_bar = FlowBar(self)
        bar.pack(fill="x")
        self.kind_var = ttk.StringVar(value=self.kind_key)
        self.kind_box = ttk.Frame(bar)
        self.kind_buttons: dict[str, ttk.Radiobutton] = {}
        for key, label in KINDS:
            button = ttk.Radiobutton(self.kind_box, text=label, value=key, variable=self.kind_var,
                                     bootstyle="secondary-outline-toolbutton", command=self.on_kind_selected)
            button.pack(side="left")
            self.kind_buttons[key] = button
        bar.add(self.kind_box)
        self.county_title = ttk.Label(bar, text="全县汇总报告", font="LawdeskTitle")
        bar.add(self.county_title)
        if self.own_document.county:  # a county database writes the county's report only
            bar.hide(self.kind_box)
        else:
            bar.hide(self.county_title)
        self._build_person_row(bar)
        year_group = ttk.Frame(bar)  # 年度 and its box stay on one line
        ttk.Label(year_group, text="年度").pack(side="left")
        self.year_var = ttk.StringVar(value=str(self.year))
        self.year_box = ttk.Combobox(year_group, textvariable=self.year_var, state="readonly", width=7,
                                     values=common.year_values())
        self.year_box.pack(side="left", padx=(4, 0))
        bar.add(year_group, gap=16)
        self.year_box.bind("<<ComboboxSelected>>", lambda _e: self.on_period_changed())
        self.custom_var = ttk.BooleanVar(value=False)
        self.custom_check = ttk.Checkbutton(bar, text="自定义期间", variable=self.custom_var,
                                            command=self.on_custom_toggled)
        bar.add(self.custom_check, gap=12)
        self.custom_frame = ttk.Frame(bar)
        self.start_var = ttk.StringVar(value=f"{self.year}-01-01")
        self.end_var = ttk.StringVar(value=f"{self.year}-12-31")
        ttk.Entry(self.custom_frame, textvariable=self.start_var, width=11).pack(side="left")
        ttk.Label(self.custom_frame, text="至").pack(side="left", padx=3)
        ttk.Entry(self.custom_frame, textvariable=self.end_var, width=11).pack(side="left")
        ttk.Button(self.custom_frame, text="统计", bootstyle="secondary-outline",
                   command=self.on_period_changed).pack(side="left", padx=4)
        bar.add(self.custom_frame, gap=4)
        bar.hide(self.custom_frame)
        self.period_label = common.muted_label(bar, "")
        bar.add(self.period_label, gap=8)

    def _build_person_row(self, bar: FlowBar) -> None:
        """报告人 and 职务 of a 述法报告 (shown for that kind only; the post is saved on Enter or
        when the clerk leaves the field)."""
        row = self.person_row = ttk.Frame(bar)
        ttk.Label(row, text="报告人").pack(side="left")
        self.person_var = ttk.StringVar()
        self.person_box = ttk.Combobox(row, textvariable=self.person_var, state="readonly", width=8)
        self.person_box.pack(side="left", padx=(4, 8))
        self.person_box.bind("<<ComboboxSelected>>", lambda _e: self.on_person_selected())
        ttk.Label(row, text="职务").pack(side="left")
        self.post_var = ttk.StringVar()
        self.post_entry = ttk.Entry(row, textvariable=self.post_var, width=20)
        self.post_entry.pack(side="left", padx=4)
        self.post_entry.bind("<Return>", lambda _e: self.on_save_post())
        self.post_entry.bind("<FocusOut>", lambda _e: self.on_save_post())
        bar.add(row, gap=8)
        bar.hide(row)

    # -- the page protocol -------------------------------------------------------------------

    def show(self) -> None:
        self.format_view.reload()
        self.on_period_changed(ask=False)

    def refresh(self) -> None:
        """Recompute the figures (records changed); the clerk's unsaved text stays as it is."""
        try:
            period = self.period()
        except LawdeskError:
            return
        self._load_figures(period)
        self.outline_view.fill_suggestions()
        self.editor_view.show_missing(period)
        self.editor_view.update_preview()

    def has_unsaved_changes(self) -> bool:
        return self.editor_view.is_dirty

    def save(self) -> bool:
        return self.editor_view.save()

    def discard(self) -> None:
        """不保存: the editor shows the stored text again."""
        self.editor_view.load_section()

    def unsaved_message(self) -> str:
        return f"“{self.editor_view.section_title()}”的文字还没有保存，要先保存吗？"

    def on_records_changed(self) -> None:
        self.counter.clear()
        self.refresh()

    def on_settings_changed(self) -> None:
        self.outline = self.document.outline()
        self.outline_view.fill_outline()
        self.editor_view.fill_sections()
        self.refresh()

    # -- the kind of document ----------------------------------------------------------------

    def on_kind_selected(self) -> None:
        key = self.kind_var.get()
        if key == self.kind_key:
            return
        if not self.editor_view.settle("换一种报告"):
            self.kind_var.set(self.kind_key)
            return
        self.select_kind(key)

    def select_kind(self, key: str, person: str | None = None) -> None:
        """Work on the office's ``key`` document ("annual", "half-year", "shufa"; a 述法报告 of
        ``person``, else of the first person offered)."""
        self.kind_key = key
        self.kind_var.set(key)
        if key == "half-year":
            self.document = drafting.HalfYearSummary(self.own_document.unit)
        elif key == "shufa":
            self.document = drafting.ShufaReport(person or "", self.own_document.unit)
        else:
            self.document = self.own_document
        self.counter = drafting.RecordCounter(self.document)
        self.period_bar.show(self.person_row, key == "shufa")
        for view in self.views:
            view.kind_changed()
        self.on_period_changed(ask=False)

    def _fill_people(self, period: Period) -> None:
        """The people a 述法报告 may be written for; the first when none is chosen yet."""
        document = self.document
        if not isinstance(document, drafting.ShufaReport):
            return
        people = [c.name for c in document.people(period)]
        self.person_box.configure(values=people)
        if not document.person and people:
            document.person = people[0]
            self.counter = drafting.RecordCounter(document)
        self.person_var.set(document.person)
        self.post_var.set(document.post())

    def on_person_selected(self) -> None:
        person = self.person_var.get()
        document = self.document
        if not isinstance(document, drafting.ShufaReport) or person == document.person:
            return
        if not self.editor_view.settle("换报告人"):
            self.person_var.set(document.person)
            return
        self.select_kind("shufa", person)

    def on_save_post(self) -> None:
        document = self.document
        if not isinstance(document, drafting.ShufaReport) or not document.person:
            return
        if self.post_var.get().strip() == document.post():
            return
        try:
            document.save_post(self.post_var.get())
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return
        self.post_var.set(document.post())
        self.set_status(f"已保存{document.person}的职务：{document.post() or '（未填写）'}")
        self.export_view.show_todo([])

    # -- period and figures ------------------------------------------------------------------

    def period(self) -> Period:
        if self.custom_var.get():
            try:
                return parse_period(start=self.start_var.get().strip(), end=self.end_var.get().strip())
            except LawdeskError as exc:
                raise LawdeskError(f"自定义期间有误：{exc.message}") from exc
        return self.document.default_period(parse_period(year=self.year_var.get()).end.year)

    def set_year(self, year: int) -> None:
        self.custom_var.set(False)
        self.period_bar.hide(self.custom_frame)
        self.year_var.set(str(year))
        self.on_period_changed()

    def on_custom_toggled(self) -> None:
        self.period_bar.show(self.custom_frame, self.custom_var.get())
        if self.custom_var.get():
            period = self.document.default_period(int(self.year_var.get()))
            self.start_var.set(period.start.isoformat())
            self.end_var.set(period.end.isoformat())
            self._show_period(period)
        else:
            self.on_period_changed()

    def on_period_changed(self, ask: bool = True) -> None:
        try:
            period = self.period()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return
        if period.end.year != self.year and ask and not self.editor_view.settle("换年度"):
            self.year_var.set(str(self.year))
            return
        year_changed = period.end.year != self.year or not self.editor_view.has_sections()
        self.year = period.end.year
        self._fill_people(period)
        self._show_period(period)
        self.outline = self.document.outline()
        self._load_figures(period)
        self.outline_view.fill_outline()
        self.editor_view.fill_sections()
        self.outline_view.fill_suggestions()
        self.editor_view.show_missing(period)
        if year_changed or not self.editor_view.is_dirty:
            self.editor_view.load_section()
        else:
            self.editor_view.update_preview()

    def _show_period(self, period: Period) -> None:
        """The period's dates (unless the clerk's own are in the entries) and the year its words are for."""
        shown = "" if self.custom_var.get() else f"{period.start} 至 {period.end}，"
        self.period_label.configure(text=f"{shown}正文按{period.end.year}年保存")
        self.period_bar.reflow(force=True)  # the label's width changed: the bar wraps anew

    def _load_figures(self, period: Period) -> None:
        figures = self.document.figures(period)
        self.figures = dict(figures.values)
        self.values = self.document.values(period, figures)
        self.figures_view.fill(self.document.figure_rows(period))

    # -- going places ------------------------------------------------------------------------

    def show_export(self) -> None:
        """Bring 导出与打印 to the front."""
        self.notebook.select(self.export_view)

    def open_annual_export(self, year: int) -> None:
        """The annual report of ``year`` at 导出与打印 (首页's 生成年度报告 leads here)."""
        if self.kind_key != "annual" and self.editor_view.settle("换到年度报告"):
            self.select_kind("annual")
        self.set_year(year)
        self.show_export()

    def goto_prompt(self, key: str) -> bool:
        """Open part ``key`` in the editor with its first prompt selected (the post of a 述法
        报告: its entry)."""
        if key == "byline":
            self.post_entry.focus_set()
            self.post_entry.selection_range(0, "end")
            return True
        self.notebook.select(self.editor_view)
        return self.editor_view.goto_prompt(key)

    def open_records(self, figure: str) -> tkinter.Misc:
        """The records behind ``figure`` of the period: the person's own for a 述法报告, every
        office's in a county database."""
        period = self.period()
        document = self.document
        if document.county:
            from lawdesk.ui.pages.county_page import CountyBehindWindow

            return CountyBehindWindow(self, figure, period, None)
        if document.personal:
            from lawdesk.ui.dialogs.record_list import RecordListWindow

            label = document.figure_label(figure)
            return RecordListWindow(self, f"{label} — 计入的记录", lambda: document.records_query(figure, period),
                                    lambda n: f"{period.label}“{label}”计入的是下面 {n} 条记录：")  # fmt: skip
        from lawdesk.ui.dialogs.records_window import RecordsBehindWindow

        return RecordsBehindWindow(self, figure, period)

    def open_missing(self, kind: str) -> tkinter.Misc:
        """The records of ``kind`` in the period that do not say who chaired or led."""
        from lawdesk.ui.dialogs.record_list import RecordListWindow

        period = self.period()
        document = self.document
        assert isinstance(document, drafting.ShufaReport)
        return RecordListWindow(self, "未填写主持人、带队领导的记录", lambda: (kind, document.missing_query(kind, period)),
                                lambda n: f"{period.label}有 {n} 条记录没有写明由谁主持或带队，述法报告不能计入任何人。"
                                          "双击一条，在“主持人”或“带队/主持领导”中填写姓名：")  # fmt: skip

    def set_status(self, message: str) -> None:
        if self.app is not None:
            self.app.set_status(message)

    def show_settings(self, field: str | None = None, message: str = "") -> None:
        """单位设置, with ``field`` (when given) marked with ``message`` and focused."""
        if self.app is None:
            return
        settings_page = self.app.show_page(PageId.SETTINGS)
        point_to = getattr(settings_page, "point_to", None)  # the page that shows 单位设置
        if field and point_to is not None:
            point_to(field, message)
