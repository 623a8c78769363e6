"""全县汇总: every office's figures of a year side by side, the county total, the offices that
have sent nothing, charts comparing the offices, and the county's own work (导入数据包,
导出Excel, 生成全县报告).

Every number comes from ``lawdesk.services.county.rollup`` (computed off the Tk thread). The
table is two Treeviews sharing one vertical scroll: the office names stay in place while the
figures scroll sideways. An office that has not reported the year (报送: its package arrived, or
on a shared server its clerk marked the year) shows 未报送 and no figures; whatever records of it
are dated in the year anyway follow the 合计 row apart, labelled 不计入合计. Double-clicking a
number opens the records behind it (the drill-down window of 首页, scoped to the office, or to
the offices that reported for the 合计 row). Charts are built the
first time their tab is opened. The page refreshes itself after any change (an imported
package included).

(Longer than most modules: the county's one page — table, drill-down, charts, import and
exports — over one roll-up; the figures are ``services.county``'s.)
"""

from __future__ import annotations

import tkinter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ttkbootstrap as ttk

from lawdesk.normalize import number_text
from lawdesk.services import county, stats
from lawdesk.services.period import Period
from lawdesk.ui import common, save_folders
from lawdesk.ui.dialogs.records_window import BEHIND_LIMIT, RecordsBehindWindow
from lawdesk.ui.pages.base import ChangeWatcher, Page

if TYPE_CHECKING:
    from lawdesk.models import Unit
    from lawdesk.ui.pages.base import Workbench

TOTAL_IID = "total"
APART_IID = "apart"
LEFTOVER_PREFIX = "left:"
MISSING_TAG = "missing"
TOTAL_TAG = "total"
APART_TAG = "apart"
MISSING_BACKGROUND = "#fbe3d6"
TOTAL_BACKGROUND = "#e9ecef"
UNIT_COLUMN_WIDTH = 150
#: The figures the charts tab offers (counts of work first, then the two rates).
CHART_KEYS = ("patrols", "disputes_resolved", "lectures", "study_sessions", "hotline_closed",
              "county_assigned_closed", "leadership_meetings", "problems_solved", "on_time_rate",
              "satisfaction_rate")


def heading(fig: stats.FigureDef) -> str:
    """A column heading: the figure's label and unit, “开展治安巡逻（次）”."""
    return f"{fig.label}（{fig.unit}）" if fig.unit else fig.label


HEADING_CHARS = 8  # CJK characters on a line of a column heading
#: Where the long labels of the default columns break best (a word is never cut).
HEADING_BREAKS = {
    "leadership_meetings": "主持召开专题会议、\n班子会、推进会",
    "field_research": "主要负责人\n深入现场调研",
    "supervisions_led": "主要负责人\n带队开展督查",
    "cadre_trainings": "开展社区干部\n法治教育培训",
    "hotline_closed": "办结12345\n市长热线",
    "county_assigned_closed": "办结\n县交办件",
}


def wrapped_heading(fig: stats.FigureDef) -> str:
    """A column heading on lines: the label (broken where it reads well) and its unit below,
    “开展治安巡逻\n（次）”."""
    label = HEADING_BREAKS.get(fig.key)
    if label is None:
        label = fig.label
        if len(label) > HEADING_CHARS:
            parts = -(-len(label) // HEADING_CHARS)
            size = -(-len(label) // parts)
            label = "\n".join(label[i : i + size] for i in range(0, len(label), size))
    return f"{label}\n（{fig.unit}）" if fig.unit else label


def cell(fig: stats.FigureDef, value: int | float | None) -> str:
    if value is None:
        return "—"
    if fig.is_rate:
        return f"{value:.2f}"
    return number_text(value)


def _rollup_of(year: int) -> county.Rollup:
    """The roll-up of ``year`` (run by a ``BackgroundTask``)."""
    return county.rollup(Period.year(year))


class CountyBehindWindow(RecordsBehindWindow):
    """The records behind one cell of the roll-up: one office's, or every office's (合计)."""

    def __init__(self, master: tkinter.Misc, key: str, period: Period, unit: Unit | None,
                 county_name: str = "全县") -> None:
        self.unit = unit
        self.scope_text = f"{unit.name if unit is not None else county_name}"
        if unit is None:
            self.extra_columns = (("unit_name", "单位"),)
        super().__init__(master, key, period)

    def load(self) -> tuple[str, list[dict[str, object]], int, int | float | None]:
        kind, rows, total = county.rows_behind(self.key, self.period, self.unit, BEHIND_LIMIT)
        if self.unit is not None:
            value = stats.compute(self.period, unit=self.unit).values.get(self.key)
        else:
            value = county.rollup(self.period, keys=[self.key]).total.values.get(self.key)
        return kind, rows, total, value


class CountyPage(Page, ttk.Frame):
    """Offices × figures of a year with the county total; double-click a number for its records."""

    page_title = "全县汇总"

    def __init__(self, master: tkinter.Misc, app: Workbench | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self.year = stats.default_year()
        self.keys: tuple[str, ...] = county.ROLLUP_KEYS
        self.rollup: county.Rollup | None = None
        self._computing = False
        self._again = False
        self.task: common.BackgroundTask | None = None
        self.chart_canvas: Any = None
        self.chart_key = CHART_KEYS[0]
        self.charts_drawn: tuple[int, str] | None = None
        self._build_ui()
        self.watcher = ChangeWatcher(self, self.refresh)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        head = ttk.Frame(self)
        head.pack(fill="x")
        ttk.Label(head, text="全县汇总", font="LawdeskTitle").pack(side="left")
        ttk.Label(head, text="年度").pack(side="left", padx=(20, 4))
        self.year_var = ttk.StringVar(value=str(self.year))
        self.year_box = ttk.Combobox(head, textvariable=self.year_var, state="readonly", width=7,
                                     values=common.year_values())
        self.year_box.pack(side="left")
        self.year_box.bind("<<ComboboxSelected>>", lambda _e: self.on_year_changed())
        self.report_button = ttk.Button(head, text="生成全县报告…", bootstyle="primary",
                                        command=self.on_county_report)
        self.report_button.pack(side="right")
        self.export_button = ttk.Button(head, text="导出Excel…", bootstyle="secondary",
                                        command=self.on_export)
        self.export_button.pack(side="right", padx=(0, 8))
        self.import_button = ttk.Button(head, text="导入数据包…", bootstyle="secondary",
                                        command=self.on_import)
        self.import_button.pack(side="right", padx=(0, 8))

        self.summary_label = common.wrapping_label(self, "正在汇总…", muted=True)
        self.summary_label.pack(fill="x", pady=(8, 0))
        self.missing_label = common.wrapping_label(self, "", font="LawdeskBold",
                                                   foreground=common.ERROR_COLOR)
        self.result_label = common.wrapping_label(self, "")

        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, pady=(8, 0))
        self.table_tab = ttk.Frame(self.notebook, padding=(8, 8, 8, 4))
        self.charts_tab = ttk.Frame(self.notebook, padding=8)
        self.notebook.add(self.table_tab, text="  汇总表  ")
        self.notebook.add(self.charts_tab, text="  图表  ")
        self.notebook.bind("<<NotebookTabChanged>>", lambda _e: self.on_tab_changed())
        self._build_table(self.table_tab)
        self.hint_label = common.muted_label(
            self.table_tab, "双击一个数字，可以看到计入它的每一条记录；合计行的比率按各单位分子、分母之和计算。")
        self.hint_label.pack(side="bottom", anchor="w", pady=(6, 0))
        self.table_frame.pack(fill="both", expand=True)
        self._build_charts_tab(self.charts_tab)

    def _build_table(self, master: tkinter.Misc) -> None:
        """Office names on the left (fixed), the figures on the right (scrolling sideways).

        Tk's list headings hold one line only, so the headings are drawn above the lists on
        canvases (label and unit on up to four lines) that scroll sideways with the figures.
        """
        from tkinter import font as tkfont

        self.table_frame = frame = ttk.Frame(master)
        self.names = ttk.Treeview(frame, columns=("unit",), show="", selectmode="browse", height=4)
        self.names.column("unit", width=UNIT_COLUMN_WIDTH, minwidth=90, stretch=False)
        self.tree = ttk.Treeview(frame, columns=self.keys, show="", selectmode="browse", height=4)
        head_font = tkfont.nametofont("TkHeadingFont")
        self.column_widths: dict[str, int] = {}
        for key in self.keys:
            fig = stats.FIGURES_BY_KEY[key]
            text = wrapped_heading(fig)  # drawn on the canvas: the list's own headings are hidden
            width = max(72, max(head_font.measure(line) for line in text.split("\n")) + 20)
            self.tree.column(key, anchor="e", stretch=False, width=width, minwidth=width)
            self.column_widths[key] = width
        style = ttk.Style()
        background = style.lookup("Treeview.Heading", "background") or "#f0f0f0"
        foreground = style.lookup("Treeview.Heading", "foreground") or "#000000"
        self.names_head = tkinter.Canvas(frame, highlightthickness=0, background=background,
                                         width=UNIT_COLUMN_WIDTH, height=20)
        self.head = tkinter.Canvas(frame, highlightthickness=0, background=background, height=20)
        self._draw_headings(head_font, foreground)
        self.ybar = ttk.Scrollbar(frame, orient="vertical", command=self._yview)
        self.xbar = ttk.Scrollbar(frame, orient="horizontal", command=self.tree.xview)
        self.tree.configure(yscrollcommand=self._on_tree_scrolled, xscrollcommand=self._on_xscroll)
        self.names.configure(yscrollcommand=self._on_names_scrolled)
        self.names_head.grid(row=0, column=0, sticky="nsew")
        self.head.grid(row=0, column=1, sticky="nsew")
        self.names.grid(row=1, column=0, sticky="ns")
        self.tree.grid(row=1, column=1, sticky="nsew")
        self.ybar.grid(row=1, column=2, sticky="ns")
        self.xbar.grid(row=2, column=1, sticky="we")
        frame.rowconfigure(1, weight=1)
        frame.columnconfigure(1, weight=1)
        for tree in (self.names, self.tree):
            tree.tag_configure(MISSING_TAG, background=MISSING_BACKGROUND, foreground=common.ERROR_COLOR)
            tree.tag_configure(TOTAL_TAG, background=TOTAL_BACKGROUND, font="LawdeskBold")
            tree.tag_configure(APART_TAG, foreground=common.MUTED_COLOR)
        self.tree.bind("<Double-1>", self._on_double_click)
        self.names.bind("<<TreeviewSelect>>", lambda _e: self._sync_selection(self.names, self.tree))
        self.tree.bind("<<TreeviewSelect>>", lambda _e: self._sync_selection(self.tree, self.names))
        self.tree.bind("<Return>", lambda _e: self.open_cell(self._selected_iid(), self.keys[0]))

    def _draw_headings(self, font: Any, color: str) -> None:
        """Each figure's label and unit, centred over its column, with a rule between columns."""
        line = font.metrics("linespace")
        lines = max(wrapped_heading(stats.FIGURES_BY_KEY[k]).count("\n") + 1 for k in self.keys)
        height = lines * line + 12
        x = 0
        for key in self.keys:
            width = self.column_widths[key]
            self.head.create_text(x + width // 2, height // 2, text=wrapped_heading(stats.FIGURES_BY_KEY[key]),
                                  font=font, fill=color, justify="center", tags=(f"head:{key}",))
            x += width
            self.head.create_line(x - 1, 4, x - 1, height - 4, fill="#c8c8c8")
        self.head.configure(height=height, scrollregion=(0, 0, x, height))
        self.names_head.configure(height=height)
        self.names_head.create_text(10, height // 2, text="单位", font=font, fill=color, anchor="w")
        self.headings_width = x

    def _on_xscroll(self, first: str, last: str) -> None:
        self.xbar.set(first, last)
        self.head.xview_moveto(first)

    def _yview(self, *args: Any) -> None:
        self.names.yview(*args)
        self.tree.yview(*args)

    def _on_tree_scrolled(self, first: str, last: str) -> None:
        self.ybar.set(first, last)
        if self.names.yview()[0] != float(first):
            self.names.yview_moveto(first)

    def _on_names_scrolled(self, first: str, last: str) -> None:
        self.ybar.set(first, last)
        if self.tree.yview()[0] != float(first):
            self.tree.yview_moveto(first)

    def _sync_selection(self, source: ttk.Treeview, other: ttk.Treeview) -> None:
        sel = source.selection()
        if sel and other.selection() != sel and other.exists(sel[0]):
            other.selection_set(sel)
            other.see(sel[0])

    def _build_charts_tab(self, master: tkinter.Misc) -> None:
        bar = ttk.Frame(master)
        bar.pack(fill="x")
        ttk.Label(bar, text="比较指标").pack(side="left")
        labels = [heading(stats.FIGURES_BY_KEY[k]) for k in CHART_KEYS]
        self.chart_var = ttk.StringVar(value=labels[0])
        self.chart_box = ttk.Combobox(bar, textvariable=self.chart_var, state="readonly",
                                      values=labels, width=max(len(t) for t in labels) + 2)
        self.chart_box.pack(side="left", padx=(6, 0))
        self.chart_box.bind("<<ComboboxSelected>>", lambda _e: self.on_chart_key_changed())
        self.charts_hint = common.muted_label(master, "正在生成图表…")
        self.charts_hint.pack(anchor="w", pady=(8, 0))
        self.charts_scroller = common.scrolled_page(master, height=200)
        self.charts_scroller.pack(fill="both", expand=True, pady=(6, 0))

    # -- data --------------------------------------------------------------------------------

    @property
    def period(self) -> Period:
        return Period.year(self.year)

    def refresh(self) -> None:
        """Compute the year's roll-up off the Tk thread, then show it (a refresh asked for while
        one runs is done after it)."""
        if self._computing:
            self._again = True
            return
        self._computing = True
        self._again = False
        year = self.year
        common.BackgroundTask(self, lambda: _rollup_of(year), lambda r: self._rollup_done(year, r),
                              self._rollup_failed, poll_ms=20).start()

    def _rollup_done(self, year: int, result: county.Rollup) -> None:
        self._computing = False
        if not self.winfo_exists():
            return
        if self._again or year != self.year:
            self.refresh()
            return
        self.rollup = result
        self._show_rollup()
        if self._charts_tab_selected():
            self.build_chart()
        else:
            self.charts_drawn = None

    def _rollup_failed(self, exc: BaseException) -> None:
        self._computing = False
        if self.winfo_exists():
            self.summary_label.configure(text=f"汇总失败：{common.error_message(exc)}",
                                         foreground=common.ERROR_COLOR)

    def _show_rollup(self) -> None:
        r = self.rollup
        assert r is not None
        keep = self._selected_iid()
        for tree in (self.names, self.tree):
            tree.delete(*tree.get_children())
        for row in r.rows:
            iid = str(row.unit.id)
            tags = () if row.reported else (MISSING_TAG,)
            name = row.name if row.reported else f"{row.name}（未报送）"
            self.names.insert("", "end", iid=iid, values=(name,), tags=tags)
            self.tree.insert("", "end", iid=iid, tags=tags,
                             values=[cell(f, row.figures.values.get(f.key)) if row.reported else "—"
                                     for f in r.figure_defs])  # fmt: skip
        self.names.insert("", "end", iid=TOTAL_IID, values=("合计",), tags=(TOTAL_TAG,))
        self.tree.insert("", "end", iid=TOTAL_IID, tags=(TOTAL_TAG,),
                         values=[cell(f, r.total.values.get(f.key)) for f in r.figure_defs])
        self._show_leftovers(r)
        rows = len(r.rows) + 1 + (len(r.leftovers) + 1 if r.leftovers else 0)
        for tree in (self.names, self.tree):
            tree.configure(height=max(4, min(rows, 14)))
        from tkinter import font as tkfont

        widest = max([tkfont.nametofont("TkDefaultFont").measure(str(self.names.set(i, "unit")))
                      for i in self.names.get_children()] + [90])
        self.names.column("unit", width=max(UNIT_COLUMN_WIDTH, widest + 24))
        if keep and self.tree.exists(keep):
            self.tree.selection_set(keep)
        sent = len(r.rows) - len(r.missing)
        self.summary_label.configure(
            text=f"{r.county_name}{r.period.label}：共 {len(r.rows)} 个乡镇（街道），已报送 {sent} 个。"
                 "数字由各单位的工作记录自动统计。" if r.rows else
                 "这个数据库中还没有乡镇（街道）的数据。请用“导入数据包…”导入各单位报送的数据包。",
            foreground=common.MUTED_COLOR)
        if r.missing:
            self.missing_label.configure(text=r.missing_text())
            self.missing_label.pack(fill="x", pady=(4, 0), after=self.summary_label)
        else:
            self.missing_label.pack_forget()

    def _show_leftovers(self, r: county.Rollup) -> None:
        """Records of offices that have not reported, after the 合计 and apart from it."""
        if not r.leftovers:
            return
        self.names.insert("", "end", iid=APART_IID, values=("以下不计入合计：",), tags=(APART_TAG,))
        self.tree.insert("", "end", iid=APART_IID, values=[""] * len(r.figure_defs), tags=(APART_TAG,))
        for row in r.leftovers:
            iid = f"{LEFTOVER_PREFIX}{row.unit.id}"
            self.names.insert("", "end", iid=iid, values=(f"{row.name}（未报送，{row.records}条记录）",),
                              tags=(APART_TAG,))  # fmt: skip
            self.tree.insert("", "end", iid=iid, tags=(APART_TAG,),
                             values=[cell(f, row.figures.values.get(f.key)) for f in r.figure_defs])

    def _selected_iid(self) -> str | None:
        sel = self.tree.selection()
        return sel[0] if sel else None

    def on_year_changed(self) -> None:
        self.year = int(self.year_var.get())
        self.refresh()

    # -- drill-down --------------------------------------------------------------------------

    def _on_double_click(self, event: tkinter.Event) -> None:
        iid = self.tree.identify_row(event.y)
        column = self.tree.identify_column(event.x)  # "#3"
        if not iid or not column.startswith("#") or column == "#0":
            return
        index = int(column[1:]) - 1
        if 0 <= index < len(self.keys):
            self.open_cell(iid, self.keys[index])

    def open_cell(self, iid: str | None, key: str) -> tkinter.Misc | None:
        """The records behind the cell of row ``iid`` (an office's unit id or ``TOTAL_IID``)."""
        if iid is None or self.rollup is None:
            return None
        unit = None
        if iid == APART_IID:
            return None
        if iid != TOTAL_IID:
            wanted = iid.removeprefix(LEFTOVER_PREFIX)
            unit = next((row.unit for row in self.rollup.rows if str(row.unit.id) == wanted), None)
            if unit is None or (not iid.startswith(LEFTOVER_PREFIX) and unit.id in {u.id for u in self.rollup.missing}):
                return None  # a 未报送 row has no figures to open
        return CountyBehindWindow(self, key, self.period, unit, self.rollup.county_name)

    # -- charts ------------------------------------------------------------------------------

    def _charts_tab_selected(self) -> bool:
        return self.notebook.select() == str(self.charts_tab)

    def on_tab_changed(self) -> None:
        if self._charts_tab_selected() and self.charts_drawn != (self.year, self.chart_key):
            self.build_chart()

    def on_chart_key_changed(self) -> None:
        labels = [heading(stats.FIGURES_BY_KEY[k]) for k in CHART_KEYS]
        self.chart_key = CHART_KEYS[labels.index(self.chart_var.get())]
        self.build_chart()

    def build_chart(self) -> common.BackgroundTask | None:
        """Draw the offices' bars of the chosen figure (matplotlib imported here, built off the
        Tk thread from the roll-up already computed)."""
        if self.rollup is None:
            return None
        r, key = self.rollup, self.chart_key
        self.charts_drawn = (self.year, key)
        self.charts_hint.configure(text="正在生成图表…")
        return common.BackgroundTask(self, lambda: _office_chart(r, key), self._show_chart,
                                     self._chart_failed).start()

    def _show_chart(self, figure: Any) -> None:
        from matplotlib.backends.backend_tkagg import FigureCanvasTkAgg

        if not self.winfo_exists():
            return
        if self.chart_canvas is not None:
            self.chart_canvas.get_tk_widget().destroy()
        self.chart_canvas = FigureCanvasTkAgg(figure, master=self.charts_scroller)
        self.chart_canvas.draw()
        self.chart_canvas.get_tk_widget().pack(anchor="w", pady=(0, 12))
        missing = self.rollup.missing_text() if self.rollup is not None else ""
        self.charts_hint.configure(text=f"各乡镇（街道）{self.period.label}比较。" + (f"{missing}。" if missing else ""))
        self.after_idle(lambda: self.charts_scroller.yview_moveto(0))

    def _chart_failed(self, exc: BaseException) -> None:
        self.charts_drawn = None
        if self.winfo_exists():
            self.charts_hint.configure(text=f"图表生成失败：{common.error_message(exc)}")

    # -- the county's work -------------------------------------------------------------------

    def ask_save_path(self, title: str, filename: str, extension: str, kind: str) -> Path | None:
        return save_folders.ask_save_path(self, save_folders.kind_for_extension(extension), title=title,
                                          filename=filename, extension=extension, type_name=kind)

    def ask_package_paths(self) -> list[Path]:
        names = ttk.filedialog.askopenfilenames(
            parent=self, title="选择各单位报送的数据包",
            filetypes=[("数据包", "*.ldpkg"), ("全部文件", "*.*")])
        return [Path(n) for n in names or ()]

    def _busy(self, busy: bool, text: str = "") -> None:
        state = "disabled" if busy else "normal"
        for button in (self.import_button, self.export_button, self.report_button):
            button.configure(state=state)
        if busy:
            self._show_result(f"正在{text}…", error=False)

    def _show_result(self, message: str, *, error: bool) -> None:
        self.result_label.configure(text=message, foreground=common.ERROR_COLOR if error else "")
        self.result_label.pack(fill="x", pady=(4, 0), before=self.notebook)

    def _run(self, what: str, work: Any, done: Any) -> common.BackgroundTask:
        self._busy(True, what)

        def finish(value: Any) -> None:
            if self.winfo_exists():
                self._busy(False)
                done(value)

        def fail(exc: BaseException) -> None:
            if self.winfo_exists():
                self._busy(False)
                self._show_result(f"{what}没有完成：{common.error_message(exc)}", error=True)
                self._status(f"{what}没有完成")

        self.task = common.BackgroundTask(self, work, finish, fail).start()
        return self.task

    def _status(self, message: str) -> None:
        if self.app is not None:
            self.app.set_status(message)

    def on_export(self) -> common.BackgroundTask | None:
        """导出Excel: the table as shown (the year's roll-up) into a workbook."""
        if self.rollup is None:
            return None
        r = self.rollup
        path = self.ask_save_path("保存全县汇总表", f"{r.county_name}{r.period.label}汇总表.xlsx",
                                  ".xlsx", "Excel 工作簿")
        if path is None:
            return None

        def done(saved: Path) -> None:
            message = f"已导出全县汇总表：{saved}"
            self._show_result(message, error=False)
            self._status(message)

        # openpyxl is imported only when a table is exported
        from lawdesk.excel.rollup import export_rollup_xlsx

        return self._run("导出全县汇总表", lambda: export_rollup_xlsx(r, path), done)

    def on_import(self) -> common.BackgroundTask | None:
        """导入数据包: each office's .ldpkg (checked first; nothing written from a bad one)."""
        from lawdesk.services import packages

        paths = self.ask_package_paths()
        if not paths:
            return None
        from lawdesk.services import audit

        user = audit.current_user()

        def work() -> list[str]:
            from lawdesk.errors import LawdeskError

            lines = []
            for path in paths:
                try:
                    result = packages.import_package(path, user=user)
                except LawdeskError as exc:
                    lines.append(f"{path.name}：未导入。{exc.message}")
                else:
                    lines.append(f"{path.name}：{result.message()}")
            return lines

        def done(lines: list[str]) -> None:
            message = "\n".join(lines)
            self._show_result(message, error=any("未导入" in line for line in lines))
            self._status(lines[-1] if lines else "")  # the window hears the change and updates itself
            self.refresh()

        return self._run("导入数据包", work, done)

    def on_county_report(self) -> common.BackgroundTask | None:
        """生成全县报告: the county's annual report (.docx) of the year shown."""
        from lawdesk.services import county_report

        period = self.period
        name = self.rollup.county_name if self.rollup is not None else "全县"
        path = self.ask_save_path("保存全县报告", f"{name}{period.label}法治政府建设工作情况报告.docx",
                                  ".docx", "Word 文档")
        if path is None:
            return None

        def done(result: Any) -> None:
            message = getattr(result, "message", None)
            if callable(message):
                message = message()
            text = str(message or f"已生成全县报告：{getattr(result, 'path', result)}")
            self._show_result(text, error=False)
            self._status(text.splitlines()[0])

        return self._run("生成全县报告", lambda: county_report.export_county_report(period, path), done)


def _office_chart(r: county.Rollup, key: str) -> Any:
    """Bars of the offices' values of figure ``key`` (a rate chart for a rate)."""
    from lawdesk.services import report_data

    return report_data.draw(report_data.office_chart(r, key))
