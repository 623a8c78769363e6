"""Excel 台账与迎检: export, blank template, import with a preview, and the inspection binder.

One window with four tabs. Everything slow (reading a workbook, checking every cell, writing
the import, exporting, building the binder) runs on a worker thread (``common.BackgroundTask``);
a determinate progress bar follows the worker's count, polled from the Tk thread.

The import tab takes .xlsx, .xls, WPS .et and .csv. It shows each sheet of the chosen workbook
(hidden sheets too, unticked), the record type it was read as and why, which columns were
matched to which field and which were ignored; the clerk can change a sheet's type, its header
row, a column's field, give a missing required column one value for every row (渠道 =
12345市长热线), tick in hidden sheets and hidden rows, give the year of day-month dates and
choose what a month-only date means. 检查每一格 lists every problem (sheet, row, column,
message), the records that would be updated (old → new), the rows skipped as not records (合计,
签名栏, 序号 only, hidden) and how clerks' words were read (45人 → 45); 导入 is only possible
when nothing is wrong, and is one transaction. The mapping is remembered for the same layout
next year and can be saved for ``lawdesk import --mapping``.

(Longer than most modules: one dialog whose steps — file, sheets, columns, check, import —
share one plan being corrected; the reading, checking and writing are ``lawdesk.excel``'s.)
"""

from __future__ import annotations

import tkinter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ttkbootstrap as ttk

from lawdesk import console
from lawdesk.errors import LawdeskError
from lawdesk.excel import binder, export, importer, mappings, reader, sources
from lawdesk.excel.headers import IDENTITY
from lawdesk.excel.plan import HEADER_SCAN_ROWS, SheetPlan, WorkbookPlan
from lawdesk.schema import RECORD_SPECS, choices_for
from lawdesk.services import stats
from lawdesk.services.period import Period
from lawdesk.ui import common, save_folders

IGNORE = "（忽略此列）"
IDENTITY_LABEL = "记录标识"
NOT_IMPORTED = "（不导入）"
PROBLEMS_SHOWN = 500
#: What a row that matches a record on date and title does (importer.ON_MATCH).
ON_MATCH_LABELS = {"update": "更新已有记录", "create": "另建新记录", "skip": "跳过这一行"}
MONTH_DAY_LABELS = {"first": "当月1日", "last": "当月最后一天", "refuse": "不接受（报错）"}
RESULT_TABS = (("problems", "问题"), ("updates", "将更新的记录"), ("skipped", "跳过的行"), ("notes", "识别说明"))


class _Progress:
    """A count the worker updates and the Tk thread shows (plain attribute writes are atomic)."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


class ExcelDialog(ttk.Toplevel):
    """Excel 台账与迎检台账."""

    def __init__(self, master: tkinter.Misc, *, status: Callable[[str], None] | None = None) -> None:
        super().__init__(title="Excel 台账与迎检台账", transient=master.winfo_toplevel(), minsize=(900, 640))
        self.status = status or (lambda _m: None)
        self.plan: WorkbookPlan | None = None
        self.checked: importer.CheckResult | None = None
        self.progress_state = _Progress()
        self.task: common.BackgroundTask | None = None
        self._build_ui()
        common.place_near(self, master, 1060, 760)
        self.bind("<Escape>", lambda _e: self.on_close())
        self.protocol("WM_DELETE_WINDOW", self.on_close)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=14)
        body.pack(fill="both", expand=True)
        bottom = ttk.Frame(body)
        bottom.pack(side="bottom", fill="x", pady=(8, 0))
        self.progress = ttk.Progressbar(bottom, mode="determinate", length=320)
        self.progress.pack(side="left")
        self.progress_label = common.muted_label(bottom, "")
        self.progress_label.pack(side="left", padx=8)
        ttk.Button(bottom, text="关闭", command=self.on_close).pack(side="right")
        self.notebook = ttk.Notebook(body)
        self.notebook.pack(fill="both", expand=True)
        self.export_tab = self._build_export_tab(self.notebook)
        self.import_tab = self._build_import_tab(self.notebook)
        self.binder_tab = self._build_binder_tab(self.notebook)
        self.notebook.add(self.export_tab, text="导出台账")
        self.notebook.add(self.import_tab, text="导入台账")
        self.notebook.add(self.binder_tab, text="迎检台账")

    def _year_row(self, master: tkinter.Misc, var: tkinter.StringVar) -> ttk.Frame:
        row = ttk.Frame(master)
        ttk.Label(row, text="年度：").pack(side="left")
        ttk.Combobox(row, textvariable=var, values=common.year_values(), width=8, state="readonly").pack(side="left")
        return row

    def _build_export_tab(self, master: tkinter.Misc) -> ttk.Frame:
        tab = ttk.Frame(master, padding=16)
        common.muted_label(
            tab, "导出某一年度的全部工作记录：每类记录一张工作表，第一张是与年度报告相同的主要数据。"
                 "回收站中的记录不导出。", wraplength=820, justify="left").pack(anchor="w")
        self.export_year = tkinter.StringVar(value=str(stats.default_year()))
        self._year_row(tab, self.export_year).pack(anchor="w", pady=(12, 6))
        self.mask_var = tkinter.BooleanVar(value=False)
        ttk.Checkbutton(tab, text="隐去个人信息（当事人、联系电话等），用于对外提供", variable=self.mask_var).pack(anchor="w")
        buttons = ttk.Frame(tab)
        buttons.pack(anchor="w", pady=(14, 6))
        self.export_button = ttk.Button(buttons, text="导出 Excel 台账…", bootstyle="primary", command=self.on_export)
        self.export_button.pack(side="left")
        self.template_button = ttk.Button(buttons, text="生成空白模板…", bootstyle="secondary", command=self.on_template)
        self.template_button.pack(side="left", padx=8)
        common.muted_label(
            tab, "空白模板带下拉选项、日期检查和填写说明，可以发给社区填写后再导入。",
            wraplength=820, justify="left").pack(anchor="w")
        self.export_result = ttk.Label(tab, text="", wraplength=820, justify="left")
        self.export_result.pack(anchor="w", pady=(12, 0))
        return tab

    def _build_import_tab(self, master: tkinter.Misc) -> ttk.Frame:
        """File row; sheets (left) beside one notebook of 列的对应 and the check's lists (right);
        the sheet's options; the actions. Fits a 1024×768 screen: the lists take what is left."""
        tab = ttk.Frame(master, padding=(12, 8))
        top = ttk.Frame(tab)
        top.pack(fill="x")
        self.open_button = ttk.Button(top, text="选择台账文件…", bootstyle="primary", command=self.on_choose_file)
        self.open_button.pack(side="left")
        self.file_label = common.muted_label(top, "可导入 .xlsx、.xls、WPS .et 或 .csv：本程序导出的台账、模板，或自己的台账表格。")
        self.file_label.pack(side="left", padx=10)
        self._build_actions(tab).pack(side="bottom", fill="x", pady=(6, 0))
        self._build_options_row(tab).pack(side="bottom", fill="x", pady=(6, 0))
        panes = ttk.Frame(tab)
        panes.pack(fill="both", expand=True, pady=(6, 0))
        self._build_sheet_pane(panes).pack(side="left", fill="y")
        self.results = ttk.Notebook(panes)
        self.results.pack(side="left", fill="both", expand=True, padx=(12, 0))
        self.results.add(self._build_column_pane(self.results), text="列的对应")
        self._build_result_tabs()
        return tab

    def _build_sheet_pane(self, master: tkinter.Misc) -> ttk.Frame:
        left = ttk.Frame(master)
        ttk.Label(left, text="工作表", font="LawdeskBold").pack(anchor="w")
        frame, self.sheet_tree = common.scrolled_tree(left, columns=("name", "kind", "rows"), show="headings",
                                                      height=4, selectmode="browse")
        for col, text, width in (("name", "工作表", 120), ("kind", "识别为", 110), ("rows", "行数", 46)):
            self.sheet_tree.heading(col, text=text)
            self.sheet_tree.column(col, width=width, anchor="w")
        self.sheet_tree.tag_configure("off", foreground="#999999")
        frame.pack(fill="y", expand=True)
        self.sheet_tree.bind("<<TreeviewSelect>>", self.on_sheet_select)
        kind_row = ttk.Frame(left)
        kind_row.pack(fill="x", pady=(4, 0))
        ttk.Label(kind_row, text="这张表是：").pack(side="left")
        self.kind_var = tkinter.StringVar()
        self.kind_box = ttk.Combobox(kind_row, textvariable=self.kind_var, state="readonly", width=12,
                                     values=[NOT_IMPORTED, *(s.label for s in RECORD_SPECS)])
        self.kind_box.pack(side="left")
        self.kind_box.bind("<<ComboboxSelected>>", self.on_kind_changed)
        ticks = ttk.Frame(left)
        ticks.pack(fill="x", pady=(4, 0))
        self.include_var = tkinter.BooleanVar(value=True)
        self.include_check = ttk.Checkbutton(ticks, text="导入这张表", variable=self.include_var,
                                             command=self.on_include_changed)
        self.include_check.pack(side="left")
        self.hidden_rows_var = tkinter.BooleanVar(value=False)
        self.hidden_rows_check = ttk.Checkbutton(ticks, text="导入隐藏的行", variable=self.hidden_rows_var,
                                                 command=self.on_hidden_rows_changed)
        self.hidden_rows_check.pack(side="left", padx=(8, 0))
        return left

    def _build_column_pane(self, master: tkinter.Misc) -> ttk.Frame:
        right = ttk.Frame(master, padding=(6, 4))
        self.reason_label = common.muted_label(right, "")
        self.reason_label.pack(anchor="w")
        self.missing_label = ttk.Label(right, text="", foreground=common.ERROR_COLOR, wraplength=600, justify="left")
        self.missing_label.pack(side="bottom", anchor="w", pady=(2, 0))
        constant_row = ttk.Frame(right)
        constant_row.pack(side="bottom", fill="x", pady=(4, 0))
        field_row = ttk.Frame(right)
        field_row.pack(side="bottom", fill="x", pady=(4, 0))
        frame, self.column_tree = common.scrolled_tree(right, columns=("col", "header", "field", "sample"),
                                                       show="headings", height=4, selectmode="browse")
        for col, text, width in (("col", "列", 36), ("header", "表头", 130), ("field", "对应字段", 130),
                                 ("sample", "第一行的内容", 150)):
            self.column_tree.heading(col, text=text)
            self.column_tree.column(col, width=width, anchor="w", stretch=col == "sample")
        self.column_tree.tag_configure("ignored", foreground="#999999")
        frame.pack(fill="both", expand=True)
        self.column_tree.bind("<<TreeviewSelect>>", self.on_column_select)
        ttk.Label(field_row, text="所选列对应：").pack(side="left")
        self.field_var = tkinter.StringVar()
        self.field_box = ttk.Combobox(field_row, textvariable=self.field_var, state="readonly", width=16)
        self.field_box.pack(side="left")
        self.field_box.bind("<<ComboboxSelected>>", self.on_field_changed)
        ttk.Label(field_row, text="表头在第").pack(side="left", padx=(10, 2))
        self.header_row_var = tkinter.StringVar()
        self.header_row_box = ttk.Combobox(field_row, textvariable=self.header_row_var, state="readonly", width=3,
                                           values=[str(n) for n in range(1, HEADER_SCAN_ROWS + 1)])
        self.header_row_box.pack(side="left")
        self.header_row_box.bind("<<ComboboxSelected>>", self.on_header_row_changed)
        ttk.Label(field_row, text="行").pack(side="left", padx=(2, 0))
        ttk.Label(constant_row, text="表中没有的列：").pack(side="left")
        self.constant_field_var = tkinter.StringVar()
        self.constant_field_box = ttk.Combobox(constant_row, textvariable=self.constant_field_var, state="readonly",
                                               width=14)
        self.constant_field_box.pack(side="left")
        self.constant_field_box.bind("<<ComboboxSelected>>", self.on_constant_field_selected)
        ttk.Label(constant_row, text="每行都填：").pack(side="left", padx=(6, 0))
        self.constant_value_var = tkinter.StringVar()
        self.constant_value_box = ttk.Combobox(constant_row, textvariable=self.constant_value_var, width=16)
        self.constant_value_box.pack(side="left")
        self.constant_button = ttk.Button(constant_row, text="设定", bootstyle="secondary",
                                          command=self.on_set_constant)
        self.constant_button.pack(side="left", padx=(6, 0))
        return right

    def _build_options_row(self, master: tkinter.Misc) -> ttk.Frame:
        row = ttk.Frame(master)
        ttk.Label(row, text="只写月日的日期属于").pack(side="left")
        self.year_var = tkinter.StringVar()
        self.year_box = ttk.Combobox(row, textvariable=self.year_var, state="readonly", width=6,
                                     values=["", *common.year_values()])
        self.year_box.pack(side="left", padx=(2, 2))
        self.year_box.bind("<<ComboboxSelected>>", self.on_year_changed)
        ttk.Label(row, text="年；只有年月的记为").pack(side="left")
        self.month_var = tkinter.StringVar(value=MONTH_DAY_LABELS["first"])
        self.month_box = ttk.Combobox(row, textvariable=self.month_var, state="readonly", width=12,
                                      values=list(MONTH_DAY_LABELS.values()))
        self.month_box.pack(side="left", padx=(2, 10))
        self.month_box.bind("<<ComboboxSelected>>", self.on_month_changed)
        ttk.Label(row, text="与已有记录日期、标题相同：").pack(side="left")
        self.match_var = tkinter.StringVar(value=ON_MATCH_LABELS["update"])
        self.match_box = ttk.Combobox(row, textvariable=self.match_var, state="readonly", width=12,
                                      values=list(ON_MATCH_LABELS.values()))
        self.match_box.pack(side="left", padx=(2, 0))
        self.match_box.bind("<<ComboboxSelected>>", lambda _e: self._changed())
        return row

    def _build_actions(self, master: tkinter.Misc) -> ttk.Frame:
        actions = ttk.Frame(master)
        self.check_button = ttk.Button(actions, text="检查每一格", command=self.on_check, state="disabled")
        self.check_button.pack(side="left")
        self.import_button = ttk.Button(actions, text="导入", bootstyle="success", command=self.on_import,
                                        state="disabled")
        self.import_button.pack(side="left", padx=8)
        self.save_mapping_button = ttk.Button(actions, text="保存对应关系…", bootstyle="secondary-link",
                                              command=self.on_save_mapping, state="disabled")
        self.save_mapping_button.pack(side="right")
        self.summary_label = ttk.Label(actions, text="", wraplength=600, justify="left")
        self.summary_label.pack(side="left", padx=8, fill="x", expand=True)
        return actions

    def _build_result_tabs(self) -> None:
        frame, self.problem_tree = common.scrolled_tree(self.results, columns=("sheet", "row", "col", "message"),
                                                        show="headings", height=4)
        for col, text, width in (("sheet", "工作表", 90), ("row", "行", 46), ("col", "列", 100),
                                 ("message", "问题", 560)):
            self.problem_tree.heading(col, text=text)
            self.problem_tree.column(col, width=width, anchor="w", stretch=col == "message")
        self.results.add(frame, text="问题")
        self.detail_trees: dict[str, ttk.Treeview] = {"problems": self.problem_tree}
        for key, title in RESULT_TABS[1:]:
            frame, tree = common.scrolled_tree(self.results, columns=("text",), show="", height=4)
            tree.column("text", width=800, anchor="w")
            self.results.add(frame, text=title)
            self.detail_trees[key] = tree

    def _build_binder_tab(self, master: tkinter.Misc) -> ttk.Frame:
        tab = ttk.Frame(master, padding=16)
        common.muted_label(
            tab, "按年度报告的各部分整理：每部分、每类记录一个文件夹，内有 Excel 台账和改名为“日期_标题_材料类别_序号”的"
                 "佐证材料，另附目录（Word，仿宋三号），列出每条记录计入报告的哪一部分、哪项指标。",
            wraplength=820, justify="left").pack(anchor="w")
        self.binder_year = tkinter.StringVar(value=str(stats.default_year()))
        self._year_row(tab, self.binder_year).pack(anchor="w", pady=(12, 6))
        self.public_var = tkinter.BooleanVar(value=False)
        ttk.Checkbutton(tab, text="公开版（隐去个人信息，不含可能载有个人信息的材料）",
                        variable=self.public_var).pack(anchor="w")
        self.binder_button = ttk.Button(tab, text="生成迎检台账（.zip）…", bootstyle="primary", command=self.on_binder)
        self.binder_button.pack(anchor="w", pady=(14, 6))
        self.binder_result = ttk.Label(tab, text="", wraplength=820, justify="left")
        self.binder_result.pack(anchor="w", pady=(12, 0))
        return tab

    # -- file choosers (tests replace these) -------------------------------------------------

    def ask_save_path(self, title: str, filename: str, extension: str, kind: str) -> Path | None:
        return save_folders.ask_save_path(self, save_folders.kind_for_extension(extension), title=title,
                                          filename=filename, extension=extension, type_name=kind)

    def ask_open_path(self) -> Path | None:
        name = ttk.filedialog.askopenfilename(parent=self, title="选择要导入的台账",
                                              filetypes=list(sources.FILE_TYPES))
        return Path(name) if name else None

    def ask_mapping_path(self) -> Path | None:
        name = ttk.filedialog.asksaveasfilename(
            parent=self, title="保存对应关系", initialfile=f"{self.plan.path.stem if self.plan else '台账'}_对应关系.json",
            defaultextension=".json", filetypes=[("对应关系", "*.json")])
        return Path(name) if name else None

    # -- background work ----------------------------------------------------------------------

    def _run(self, what: str, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> common.BackgroundTask:
        self._set_busy(True, what)
        self.progress_state = _Progress()
        progress = self.progress_state

        def finish(value: Any) -> None:
            self._set_busy(False)
            done(value)

        def fail(exc: BaseException) -> None:
            self._set_busy(False)
            failed(exc)

        def work_with_progress() -> Any:
            return work(progress) if _takes_progress(work) else work()  # type: ignore[call-arg]

        self.task = common.BackgroundTask(self, work_with_progress, finish, fail)
        self.task.start()
        self.after(100, self._show_progress)
        return self.task

    def _show_progress(self) -> None:
        if not self.winfo_exists() or self.task is None or not self._busy:
            return
        p = self.progress_state
        if p.total:
            self.progress.configure(maximum=p.total, value=p.done)
            self.progress_label.configure(text=f"{self._busy_text} {p.done}/{p.total}")
        if self._busy:
            self.after(100, self._show_progress)

    _busy = False
    _busy_text = ""

    def _set_busy(self, busy: bool, what: str = "") -> None:
        self._busy = busy
        self._busy_text = what
        state = "disabled" if busy else "normal"
        for button in (self.export_button, self.template_button, self.open_button, self.binder_button):
            button.configure(state=state)
        self.save_mapping_button.configure(state="normal" if self.plan and not busy else "disabled")
        if busy:
            self.check_button.configure(state="disabled")
            self.import_button.configure(state="disabled")
            self.progress.configure(mode="indeterminate")
            self.progress.start(12)
            self.progress_label.configure(text=f"{what}…")
        else:
            self.progress.stop()
            self.progress.configure(mode="determinate", value=0)
            self.progress_label.configure(text="")
            self.check_button.configure(state="normal" if self.plan else "disabled")
            self._update_import_button()

    def _update_import_button(self) -> None:
        ready = self.checked is not None and self.checked.ok and self.checked.has_work
        self.import_button.configure(state="normal" if ready and not self._busy else "disabled")

    # -- export, template, binder ------------------------------------------------------------

    def on_export(self) -> common.BackgroundTask | None:
        period = Period.year(int(self.export_year.get()))
        mask = self.mask_var.get()
        path = self.ask_save_path("保存 Excel 台账", f"{period.label}台账{'（隐去个人信息）' if mask else ''}.xlsx",
                                  ".xlsx", "Excel 工作簿")
        if path is None:
            return None
        return self._run("正在导出", lambda p: export.export_ledger(period, path, mask=mask, progress=p),
                         lambda r: self._done(self.export_result, r.message),
                         lambda e: self._failed(self.export_result, "导出失败", e))

    def on_template(self) -> common.BackgroundTask | None:
        path = self.ask_save_path("保存空白模板", "法治建设台账模板.xlsx", ".xlsx", "Excel 工作簿")
        if path is None:
            return None
        return self._run("正在生成模板", lambda: export.export_template(path),
                         lambda p: self._done(self.export_result, f"已生成空白台账模板：{p}"),
                         lambda e: self._failed(self.export_result, "生成模板失败", e))

    def on_binder(self) -> common.BackgroundTask | None:
        period = Period.year(int(self.binder_year.get()))
        public = self.public_var.get()
        path = self.ask_save_path("保存迎检台账", f"{period.label}迎检台账{'（公开版）' if public else ''}.zip",
                                  ".zip", "压缩文件")
        if path is None:
            return None
        return self._run("正在生成迎检台账", lambda: binder.build_binder(period, path, public=public),
                         lambda r: self._done(self.binder_result, r.message),
                         lambda e: self._failed(self.binder_result, "生成失败", e))

    def _done(self, label: ttk.Label, message: str) -> None:
        label.configure(text=message, foreground="")
        self.status(message.splitlines()[0])

    def _failed(self, label: ttk.Label, what: str, exc: BaseException) -> None:
        label.configure(text=f"{what}：{common.error_message(exc)}", foreground=common.ERROR_COLOR)

    # -- import ------------------------------------------------------------------------------

    def on_choose_file(self) -> common.BackgroundTask | None:
        path = self.ask_open_path()
        if path is None:
            return None
        return self.load_file(path)

    def load_file(self, path: Path) -> common.BackgroundTask:
        self.plan = None
        self.checked = None
        self.file_label.configure(text=str(path), foreground="")
        self._clear(self.sheet_tree, self.column_tree, *self.detail_trees.values())
        self.summary_label.configure(text="")
        return self._run("正在读取", lambda: reader.read_workbook(path), self.on_plan_ready, self.on_read_failed)

    def on_read_failed(self, exc: BaseException) -> None:
        self.summary_label.configure(text=common.error_message(exc), foreground=common.ERROR_COLOR)

    def on_plan_ready(self, plan: WorkbookPlan) -> None:
        self.plan = plan
        self._fill_sheets()
        first = next((i for i, s in enumerate(plan.sheets) if s.importable), 0)
        self.sheet_tree.selection_set(str(first))
        self.on_sheet_select()
        unknown = [s.name for s in plan.sheets if not s.kind and s.headers]
        text = f"共 {plan.row_count} 行待导入。请核对各表的类型和各列的对应，然后点“检查每一格”。"
        if unknown:
            text += f"\n没有识别出类型的表：{'、'.join(unknown)}，请选中后在“这张表是”中选择。"
        if plan.masked:
            text = importer.MASKED_MESSAGE
        self.summary_label.configure(text=text, foreground=common.ERROR_COLOR if plan.masked else "")
        self.check_button.configure(state="normal")
        self.save_mapping_button.configure(state="normal")

    def _fill_sheets(self) -> None:
        assert self.plan is not None
        selected = self.sheet_tree.selection()
        self._clear(self.sheet_tree)
        for i, sheet in enumerate(self.plan.sheets):
            name = sheet.name + ("（隐藏）" if sheet.hidden else "")
            kind = sheet.spec.label if sheet.spec else NOT_IMPORTED
            if sheet.spec and not sheet.include:
                kind += "，未勾选"
            rows = sheet.row_count if sheet.kind else (len(sheet.rows) if sheet.headers else "")
            self.sheet_tree.insert("", "end", iid=str(i), values=(name, kind, rows),
                                   tags=() if sheet.importable else ("off",))
        if selected and self.sheet_tree.exists(selected[0]):
            self.sheet_tree.selection_set(selected[0])

    def current_sheet(self) -> SheetPlan | None:
        if self.plan is None:
            return None
        sel = self.sheet_tree.selection()
        return self.plan.sheets[int(sel[0])] if sel else None

    def _labels(self, sheet: SheetPlan) -> dict[str, str]:
        labels = {f.name: f.label for f in sheet.spec.all_fields} if sheet.spec else {}
        labels[IDENTITY] = IDENTITY_LABEL
        return labels

    def on_sheet_select(self, _event: object = None) -> None:
        sheet = self.current_sheet()
        self._clear(self.column_tree)
        if sheet is None:
            return
        self.kind_var.set(sheet.spec.label if sheet.spec else NOT_IMPORTED)
        labels = self._labels(sheet)
        self.field_box.configure(values=[IGNORE, *(v for k, v in labels.items() if k != IDENTITY)])
        first = sheet.rows[0][1] if sheet.rows else ()
        for i, (header, name) in enumerate(zip(sheet.headers, sheet.mapping, strict=True)):
            if not header and not name:
                continue
            sample = first[i] if i < len(first) and first[i] is not None else ""
            self.column_tree.insert("", "end", iid=str(i), values=(
                sheet.column_letter(i), header or "（无表头）", labels.get(name or "", IGNORE), _sample(sample)),
                tags=() if name else ("ignored",))
        self.include_var.set(sheet.include)
        hidden = len(sheet.hidden_data_rows)
        self.hidden_rows_var.set(sheet.include_hidden_rows)
        self.hidden_rows_check.configure(text=f"导入隐藏的 {hidden} 行" if hidden else "导入隐藏的行",
                                         state="normal" if hidden else "disabled")
        self.header_row_var.set(str(sheet.header_rows[0]) if sheet.header_rows else "")
        self.year_var.set(str(sheet.year) if sheet.year else "")
        self.month_var.set(MONTH_DAY_LABELS[sheet.month_day])
        self.reason_label.configure(text=sheet.reason if sheet.kind else "")
        self._fill_constants(sheet)

    def _fill_constants(self, sheet: SheetPlan) -> None:
        spec = sheet.spec
        if spec is None:
            self.constant_field_box.configure(values=[])
            self.constant_field_var.set("")
            self.missing_label.configure(text=sheet.note)
            return
        free = [f for f in spec.all_fields if f.name not in sheet.mapping]
        self.constant_field_box.configure(values=[f.label for f in free])
        missing = sheet.missing_required()
        if self.constant_field_var.get() not in {f.label for f in free}:  # a field of another sheet
            given = [spec.field(name).label for name in sheet.constants]
            self.constant_field_var.set(missing[0].label if missing else given[0] if given else "")
            self.constant_value_var.set("")
            self.constant_value_box.configure(values=[])
        if missing and self.constant_field_var.get() != missing[0].label and not self.constant_value_var.get():
            self.constant_field_var.set(missing[0].label)
        if self.constant_field_var.get():
            self.on_constant_field_selected()
        parts = []
        if missing:
            parts.append(f"缺少必填列：{'、'.join(f.label for f in missing)}（可在表中指定，或用“每行都填”统一填写）")
        if sheet.constants:
            parts.append("每行都填：" + "、".join(f"{spec.field(k).label}＝{v}" for k, v in sheet.constants.items()))
        if sheet.note and not sheet.include:
            parts.append(sheet.note)
        self.missing_label.configure(text="；".join(parts), foreground=common.ERROR_COLOR if missing else "")

    def on_kind_changed(self, _event: object = None) -> None:
        sheet = self.current_sheet()
        if sheet is None:
            return
        label = self.kind_var.get()
        kind = next((s.kind for s in RECORD_SPECS if s.label == label), None)
        try:
            sheet.set_kind(kind)
        except LawdeskError as exc:
            common.show_warning(exc.message, parent=self)
            self.kind_var.set(NOT_IMPORTED)
            return
        if kind and not sheet.include and not sheet.hidden:
            sheet.include = True
        self._changed()

    def on_include_changed(self) -> None:
        sheet = self.current_sheet()
        if sheet is not None:
            sheet.include = bool(self.include_var.get())
            self._changed()

    def on_hidden_rows_changed(self) -> None:
        sheet = self.current_sheet()
        if sheet is not None:
            sheet.include_hidden_rows = bool(self.hidden_rows_var.get())
            self._changed()

    def on_header_row_changed(self, _event: object = None) -> None:
        sheet = self.current_sheet()
        if sheet is None or not self.header_row_var.get():
            return
        try:
            sheet.set_header_row(int(self.header_row_var.get()))
        except LawdeskError as exc:
            common.show_warning(exc.message, parent=self)
        self._changed()

    def on_year_changed(self, _event: object = None) -> None:
        sheet = self.current_sheet()
        if sheet is not None:
            text = self.year_var.get()
            sheet.year = int(text) if text.isdigit() else None
            self._changed()

    def on_month_changed(self, _event: object = None) -> None:
        sheet = self.current_sheet()
        if sheet is not None:
            sheet.month_day = next(k for k, v in MONTH_DAY_LABELS.items() if v == self.month_var.get())
            self._changed()

    def on_constant_field_selected(self, _event: object = None) -> None:
        sheet = self.current_sheet()
        if sheet is None or sheet.spec is None:
            return
        f = next((f for f in sheet.spec.all_fields if f.label == self.constant_field_var.get()), None)
        if f is None:
            return
        values: list[str] = ["是", "否"] if f.kind == "bool" else list(choices_for(f))  # a choice's, or common values
        self.constant_value_box.configure(values=values)
        self.constant_value_var.set(str(sheet.constants.get(f.name, "")))

    def on_set_constant(self) -> None:
        sheet = self.current_sheet()
        if sheet is None or sheet.spec is None:
            return
        f = next((f for f in sheet.spec.all_fields if f.label == self.constant_field_var.get()), None)
        if f is None:
            return
        sheet.set_constant(f.name, self.constant_value_var.get().strip() or None)
        self._changed()

    def on_column_select(self, _event: object = None) -> None:
        sel = self.column_tree.selection()
        if sel:
            self.field_var.set(self.column_tree.set(sel[0], "field"))

    def on_field_changed(self, _event: object = None) -> None:
        sheet = self.current_sheet()
        sel = self.column_tree.selection()
        if sheet is None or sheet.spec is None or not sel:
            return
        label = self.field_var.get()
        name = next((f.name for f in sheet.spec.all_fields if f.label == label), None)
        sheet.set_column(int(sel[0]), name)
        self._changed()
        if self.column_tree.exists(sel[0]):
            self.column_tree.selection_set(sel[0])

    def _changed(self) -> None:
        """A correction: the earlier check no longer holds."""
        self.checked = None
        self._clear(*self.detail_trees.values())
        for index, (_key, title) in enumerate(RESULT_TABS, start=1):
            self.results.tab(self.results.tabs()[index], text=title)
        self.summary_label.configure(text="对应已修改，请重新检查。", foreground="")
        self._fill_sheets()
        self.on_sheet_select()
        self._update_import_button()

    def on_save_mapping(self) -> None:
        if self.plan is None:
            return
        path = self.ask_mapping_path()
        if path is None:
            return
        try:
            saved = mappings.save_file(self.plan, path)
        except LawdeskError as exc:
            self.summary_label.configure(text=exc.message, foreground=common.ERROR_COLOR)
            return
        command = console.command_name()
        self.summary_label.configure(text=f"已保存对应关系：{saved}（命令行：{command} import 文件 --mapping {saved.name}）",
                                     foreground="")

    def on_check(self) -> common.BackgroundTask | None:
        if self.plan is None:
            return None
        plan = self.plan
        on_match = next(k for k, v in ON_MATCH_LABELS.items() if v == self.match_var.get())
        return self._run("正在检查", lambda p: importer.check(plan, p, on_match=on_match), self.on_checked,
                         self.on_read_failed)

    def on_checked(self, result: importer.CheckResult) -> None:
        self.checked = result
        self._clear(*self.detail_trees.values())
        for n, p in enumerate(result.problems[:PROBLEMS_SHOWN]):
            column = f"{p.column} {p.header}".strip()
            self.problem_tree.insert("", "end", iid=str(n), values=(p.sheet, p.row or "", column, p.message))
        lines = {"updates": result.update_lines(), "skipped": result.skipped_lines(), "notes": result.note_lines()}
        for index, (key, title) in enumerate(RESULT_TABS, start=1):
            count = result.problem_count if key == "problems" else len(lines[key])
            self.results.tab(self.results.tabs()[index], text=f"{title}（{count}）" if count else title)
            for n, line in enumerate(lines.get(key, [])[:PROBLEMS_SHOWN]):
                self.detail_trees[key].insert("", "end", iid=str(n), values=(line,))
        self.summary_label.configure(text=_short_summary(result), foreground="" if result.ok else common.ERROR_COLOR)
        first = next((i for i, (key, _t) in enumerate(RESULT_TABS, start=1)
                      if (result.problem_count if key == "problems" else len(lines[key]))), 0)
        self.results.select(first)
        self._update_import_button()

    def on_import(self) -> common.BackgroundTask | None:
        result = self.checked
        if result is None or not result.ok:
            return None
        if not common.confirm(f"{result.summary()}\n\n确定导入吗？", parent=self):
            return None
        return self._run("正在导入", lambda p: importer.commit(result, p), self.on_imported, self.on_import_failed)

    def on_imported(self, result: importer.ImportResult) -> None:
        self.checked = None
        lines = result.message.splitlines()
        short = "\n".join(line for line in lines if line.startswith(("已导入", "已更新")))
        self.summary_label.configure(text=short + "（跳过的行、识别说明见上方各页）", foreground="")
        self.status(result.message.splitlines()[0])
        self._update_import_button()

    def on_import_failed(self, exc: BaseException) -> None:
        self.checked = None
        message = common.error_message(exc)
        if not isinstance(exc, LawdeskError):
            message = f"导入没有完成，没有导入任何记录。{message}"
        self.summary_label.configure(text=message, foreground=common.ERROR_COLOR)
        self._update_import_button()

    # -- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _clear(*trees: ttk.Treeview) -> None:
        for tree in trees:
            tree.delete(*tree.get_children())

    def on_close(self) -> None:
        if self._busy and not common.confirm("还有工作正在进行（导入会在完成后才生效），确定关闭窗口吗？", parent=self):
            return
        self.destroy()


def _short_summary(result: importer.CheckResult) -> str:
    """What the check found, in two short lines (the tabs hold the lists)."""
    if not result.ok:
        more = f"（列出前 {PROBLEMS_SHOWN} 个）" if result.problem_count > PROBLEMS_SHOWN else ""
        return f"发现 {result.problem_count} 个问题{more}，见“问题”；改正后再检查。没有导入任何记录。"
    parts = [f"可以导入 {result.to_create} 条新记录"]
    if result.to_update:
        parts.append(f"更新 {result.to_update} 条已有记录")
    same = sum(result.skipped.values())
    if same:
        parts.append(f"{same} 条与已有记录相同，不再导入")
    detail = []
    if result.skipped_rows:
        detail.append(f"跳过 {len(result.skipped_rows)} 行（合计、签名栏等）")
    if result.notes:
        detail.append(f"{result.noted_cells} 格按常见写法识别")
    return "，".join(parts) + "。" + ("\n" + "；".join(detail) + "：见上方各页。" if detail else "")


def _sample(value: object) -> str:
    text = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 20 else text[:20] + "…"


def _takes_progress(work: Callable[..., Any]) -> bool:
    code = getattr(work, "__code__", None)
    return bool(code and code.co_argcount >= 1)
