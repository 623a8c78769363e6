"""年度报告: the period's figures, the narrative editor with a live preview, export and print.

Every number in the text is a placeholder such as ``{patrols}`` filled from the statistics, so
the clerk edits words, not figures. Typed text is saved as it is typed (debounced), when the
section changes and before export. Export runs on a worker thread with a progress bar.
"""

from __future__ import annotations

import datetime as dt
import tkinter
from pathlib import Path
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.services import records, reports, settings, stats
from lawdesk.services.period import Period
from lawdesk.services.validation import parse_date
from lawdesk.ui import common

if TYPE_CHECKING:
    from lawdesk.ui.main_window import MainWindow

AUTOSAVE_MS = 800
PREVIEW_MS = 300


class ReportPage(ttk.Frame):
    """Choose the period, check the figures, edit the words, export."""

    def __init__(self, master: tkinter.Misc, app: MainWindow | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self.year = records.default_year()
        self.values: dict[str, object] = {}
        self.section_key = reports.SECTIONS[0].key
        self._loaded_text = ""
        self.last_result: reports.ExportResult | None = None
        self.task: common.BackgroundTask | None = None
        self.autosaver = common.Debouncer(self, self.save_section, AUTOSAVE_MS)
        self.previewer = common.Debouncer(self, self.update_preview, PREVIEW_MS)
        self._build_ui()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._build_period_bar()
        panes = ttk.Panedwindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True, pady=(8, 0))
        panes.add(self._build_figures(panes), weight=0)
        self.notebook = ttk.Notebook(panes)
        panes.add(self.notebook, weight=5)
        self.notebook.add(self._build_editor(self.notebook), text="  报告正文  ")
        self.notebook.add(self._build_export(self.notebook), text="  导出与打印  ")
        self.notebook.add(self._build_format(self.notebook), text="  格式与写法  ")

    def _build_period_bar(self) -> None:
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text="年度报告", font="LawdeskTitle").pack(side="left")
        ttk.Label(bar, text="年度").pack(side="left", padx=(24, 4))
        self.year_var = ttk.StringVar(value=str(self.year))
        self.year_box = ttk.Combobox(bar, textvariable=self.year_var, state="readonly", width=7,
                                     values=common.year_values())
        self.year_box.pack(side="left")
        self.year_box.bind("<<ComboboxSelected>>", lambda _e: self.on_period_changed())
        self.custom_var = ttk.BooleanVar(value=False)
        self.custom_check = ttk.Checkbutton(bar, text="自定义期间", variable=self.custom_var,
                                            command=self.on_custom_toggled)
        self.custom_check.pack(side="left", padx=(16, 4))
        self.custom_frame = ttk.Frame(bar)
        self.start_var = ttk.StringVar(value=f"{self.year}-01-01")
        self.end_var = ttk.StringVar(value=f"{self.year}-12-31")
        ttk.Entry(self.custom_frame, textvariable=self.start_var, width=11).pack(side="left")
        ttk.Label(self.custom_frame, text="至").pack(side="left", padx=3)
        ttk.Entry(self.custom_frame, textvariable=self.end_var, width=11).pack(side="left")
        ttk.Button(self.custom_frame, text="统计", bootstyle="secondary-outline",
                   command=self.on_period_changed).pack(side="left", padx=4)
        self.period_label = common.muted_label(bar, "")
        self.period_label.pack(side="left", padx=12)

    def _build_figures(self, master: tkinter.Misc) -> ttk.Frame:
        box = ttk.Frame(master, padding=(0, 0, 8, 0))
        ttk.Label(box, text="统计数据", font="LawdeskBold").pack(anchor="w")
        common.muted_label(box, "双击一项，查看计入它的每一条记录").pack(anchor="w", pady=(0, 4))
        frame, self.figure_tree = common.scrolled_tree(box, columns=("value", "previous"),
                                                       show="tree headings", selectmode="browse")
        self.figure_tree.heading("#0", text="项目")
        self.figure_tree.heading("value", text="本期")
        self.figure_tree.heading("previous", text="上年同期")
        self.figure_tree.column("#0", width=260, stretch=True)
        self.figure_tree.column("value", width=84, anchor="e", stretch=False)
        self.figure_tree.column("previous", width=84, anchor="e", stretch=False)
        frame.pack(fill="both", expand=True)
        self.figure_tree.bind("<Double-1>", lambda _e: self.on_figure_open())
        self.figure_tree.bind("<Return>", lambda _e: self.on_figure_open())
        return box

    def _build_editor(self, master: tkinter.Misc) -> ttk.Frame:
        tab = ttk.Frame(master, padding=10)
        top = ttk.Frame(tab)
        top.pack(fill="x")
        ttk.Label(top, text="部分").pack(side="left")
        self.section_var = ttk.StringVar(value=reports.SECTIONS[0].title)
        self.section_box = ttk.Combobox(top, textvariable=self.section_var, state="readonly",
                                        width=22, values=[s.title for s in reports.SECTIONS])
        self.section_box.pack(side="left", padx=6)
        self.section_box.bind("<<ComboboxSelected>>", lambda _e: self.on_section_selected())
        ttk.Button(top, text="恢复默认文字", bootstyle="secondary-outline",
                   command=self.on_reset_section).pack(side="left", padx=6)
        self.saved_label = common.muted_label(top, "")
        self.saved_label.pack(side="right")

        middle = ttk.Frame(tab)
        middle.pack(fill="both", expand=True, pady=(8, 0))
        places = ttk.Frame(middle, padding=(8, 0, 0, 0))
        places.pack(side="right", fill="y")
        ttk.Label(places, text="插入数据").pack(anchor="w")
        frame, self.placeholder_tree = common.scrolled_tree(places, columns=(), show="tree",
                                                            selectmode="browse", height=8)
        self.placeholder_tree.column("#0", width=220)
        for key, label in reports.placeholders():
            self.placeholder_tree.insert("", "end", iid=key, text=label)
        frame.pack(fill="y", expand=True)
        ttk.Button(places, text="插入到光标处", command=self.on_insert_placeholder).pack(
            fill="x", pady=(4, 0))
        self.placeholder_tree.bind("<Double-1>", lambda _e: self.on_insert_placeholder())

        self.editor = ttk.Text(middle, height=9, wrap="char", undo=True)
        self.editor.pack(side="left", fill="both", expand=True)
        self.editor.bind("<<Modified>>", self.on_text_modified)
        ttk.Label(tab, text="预览（数字已填入；为 0 的句子会自动略去）").pack(anchor="w", pady=(8, 2))
        self.preview = ttk.Text(tab, height=7, wrap="char", state="disabled",
                                background="#f6f7f9", relief="flat")
        self.preview.pack(fill="both", expand=True)
        return tab

    def _build_export(self, master: tkinter.Misc) -> ttk.Frame:
        tab = ttk.Frame(master, padding=12)
        left = ttk.Frame(tab)
        left.pack(side="left", fill="both", expand=True)
        opts = ttk.Labelframe(left, text="导出选项", padding=10)
        opts.pack(fill="x")
        self.public_var = ttk.BooleanVar(value=False)
        self.attachment_var = ttk.BooleanVar(value=True)
        self.pdf_var = ttk.BooleanVar(value=False)
        ttk.Checkbutton(opts, text="公开版（向社会公开用：不含红头版头和版记）",
                        variable=self.public_var).pack(anchor="w")
        ttk.Checkbutton(opts, text="附主要数据表和图表（附件）", variable=self.attachment_var).pack(
            anchor="w", pady=(4, 0))
        self.pdf_available = reports.pdf_available()
        pdf = ttk.Checkbutton(opts, text="同时导出 PDF", variable=self.pdf_var)
        pdf.pack(anchor="w", pady=(4, 0))
        if not self.pdf_available:
            pdf.configure(state="disabled")
            common.muted_label(opts, "（本机没有安装 LibreOffice，无法导出 PDF）").pack(anchor="w")
        row = ttk.Frame(opts)
        row.pack(fill="x", pady=(8, 0))
        ttk.Label(row, text="文号").pack(side="left")
        profile = settings.profile_values()
        self.number_var = ttk.StringVar(value=str(profile.get("next_doc_number") or 1))
        ttk.Entry(row, textvariable=self.number_var, width=6).pack(side="left", padx=(4, 16))
        ttk.Label(row, text="成文日期").pack(side="left")
        self.issue_var = ttk.StringVar(value=dt.date.today().isoformat())
        ttk.Entry(row, textvariable=self.issue_var, width=12).pack(side="left", padx=4)

        actions = ttk.Frame(left)
        actions.pack(fill="x", pady=(12, 0))
        self.export_button = ttk.Button(actions, text="导出报告（.docx）…", bootstyle="primary",
                                        command=self.on_export)
        self.export_button.pack(side="left")
        self.progress = ttk.Progressbar(actions, mode="indeterminate", length=180)
        self.result_label = ttk.Label(left, text="", wraplength=560, justify="left")
        self.result_label.pack(anchor="w", pady=(10, 4))
        after = ttk.Frame(left)
        after.pack(fill="x")
        self.open_button = ttk.Button(after, text="打开文件", command=self.on_open_file,
                                      state="disabled")
        self.open_button.pack(side="left")
        self.folder_button = ttk.Button(after, text="打开所在文件夹", command=self.on_open_folder,
                                        state="disabled")
        self.folder_button.pack(side="left", padx=6)
        self.print_button = ttk.Button(after, text="打印", command=self.on_print,
                                       state="disabled")
        self.print_button.pack(side="left")

        return tab

    def _build_format(self, master: tkinter.Misc) -> ttk.Frame:
        from lawdesk.ui.widgets.report_profile import ReportProfileEditor, ReportWordingEditor

        tab = ttk.Frame(master, padding=12)
        self.profile_editor = ReportProfileEditor(tab, show_fonts=False, autosave=True)
        self.profile_editor.pack(fill="x")
        common.muted_label(tab, "字体在“单位设置”中修改。改动立即保存，下次导出时生效。").pack(
            anchor="w", pady=(4, 0))
        self.wording_editor = ReportWordingEditor(tab)
        self.wording_editor.pack(fill="x", pady=(10, 0))
        return tab

    # -- period and figures ------------------------------------------------------------------

    def period(self) -> Period:
        if self.custom_var.get():
            try:
                return Period(parse_date(self.start_var.get()), parse_date(self.end_var.get()))
            except ValueError as exc:
                raise LawdeskError(f"自定义期间有误：{exc}") from exc
        return Period.year(int(self.year_var.get()))

    def set_year(self, year: int) -> None:
        self.save_section()
        self.custom_var.set(False)
        self.custom_frame.pack_forget()
        self.year_var.set(str(year))
        self.on_period_changed()

    def on_show(self) -> None:
        self.profile_editor.reload()
        self.on_period_changed()

    def on_leave(self) -> None:
        self.save_section()

    def on_custom_toggled(self) -> None:
        if self.custom_var.get():
            self.custom_frame.pack(side="left", after=self.custom_check)
        else:
            self.custom_frame.pack_forget()
            self.on_period_changed()

    def on_period_changed(self) -> None:
        self.save_section()
        try:
            period = self.period()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return
        self.year = period.end.year
        figures = stats.compute(period)
        previous = stats.compute(period.previous())
        self.values = reports.values_for(period, figures)
        self.period_label.configure(text=f"{period.start} 至 {period.end}　正文按 {self.year} 年保存")
        self._fill_figures(figures, previous)
        self.load_section()

    def _fill_figures(self, figures: stats.Figures, previous: stats.Figures) -> None:
        tree = self.figure_tree
        tree.delete(*tree.get_children())
        sections: dict[str, str] = {}
        for fig in stats.FIGURES:
            parent = sections.get(fig.section)
            if parent is None:
                parent = tree.insert("", "end", text=fig.section or "其他", open=True)
                sections[fig.section] = parent
            tree.insert(parent, "end", iid=fig.key, text=fig.label, values=(
                stats.format_value(fig, figures.values.get(fig.key)),
                stats.format_value(fig, previous.values.get(fig.key))))

    def on_figure_open(self) -> tkinter.Misc | None:
        sel = self.figure_tree.selection()
        if not sel or sel[0] not in stats.FIGURES_BY_KEY:
            return None
        from lawdesk.ui.dialogs.records_window import RecordsBehindWindow

        return RecordsBehindWindow(self, sel[0], self.period())

    # -- narrative ---------------------------------------------------------------------------

    def _section_key_for(self, title: str) -> str:
        for s in reports.SECTIONS:
            if s.title == title:
                return s.key
        return reports.SECTIONS[0].key

    def load_section(self) -> None:
        text = reports.narrative_text(self.year, self.section_key, self.values)
        self._loaded_text = text
        self.editor.delete("1.0", "end")
        self.editor.insert("1.0", text)
        self.editor.edit_reset()
        self.editor.edit_modified(False)
        custom = reports.is_customised(self.year, self.section_key)
        self.saved_label.configure(text="已修改（自动保存）" if custom else "默认文字")
        self.update_preview()

    def editor_text(self) -> str:
        return self.editor.get("1.0", "end-1c")

    def save_section(self) -> None:
        """Store the editor's text when the clerk changed it (called often; cheap when unchanged)."""
        self.autosaver.cancel()
        text = self.editor_text()
        if text.strip() == self._loaded_text.strip():
            return
        try:
            reports.save_narrative(self.year, self.section_key, text)
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return
        self._loaded_text = text
        self.saved_label.configure(text=f"已自动保存 {dt.datetime.now():%H:%M:%S}")

    def on_section_selected(self) -> None:
        self.save_section()
        self.section_key = self._section_key_for(self.section_var.get())
        self.load_section()

    def on_reset_section(self) -> None:
        if not common.confirm("把这一部分恢复为程序提供的默认文字吗？您修改过的文字将被替换。",
                              "恢复默认文字", parent=self):
            return
        self.autosaver.cancel()
        reports.reset_narrative(self.year, self.section_key)
        self.load_section()

    def on_text_modified(self, _event: object = None) -> None:
        if not self.editor.edit_modified():
            return
        self.editor.edit_modified(False)
        self.saved_label.configure(text="正在输入…")
        self.autosaver.trigger()
        self.previewer.trigger()

    def on_insert_placeholder(self) -> None:
        sel = self.placeholder_tree.selection()
        if not sel:
            return
        self.editor.insert("insert", "{" + sel[0] + "}")
        self.editor.focus_set()

    def update_preview(self) -> None:
        try:
            text = reports.fill(self.editor_text(), self.values)
        except Exception as exc:  # noqa: BLE001 - a half-typed placeholder must not crash
            text = f"（预览暂时无法生成：{exc}）"
        self.preview.configure(state="normal")
        self.preview.delete("1.0", "end")
        self.preview.insert("1.0", text)
        self.preview.configure(state="disabled")

    # -- export ------------------------------------------------------------------------------

    def default_filename(self, period: Period) -> str:
        unit = str(settings.profile_values().get("unit_name") or "")
        kind = "（公开版）" if self.public_var.get() else ""
        return f"{unit}关于{period.label}法治政府建设工作情况的报告{kind}.docx"

    def export_options(self) -> dict[str, object]:
        try:
            number = int(self.number_var.get().strip())
        except ValueError as exc:
            raise LawdeskError("文号应为数字，例如 5。") from exc
        try:
            issue = parse_date(self.issue_var.get())
        except ValueError as exc:
            raise LawdeskError(f"成文日期有误：{exc}") from exc
        return {"public": self.public_var.get(), "pdf": self.pdf_var.get() and self.pdf_available,
                "attachment": self.attachment_var.get(), "doc_number": number,
                "issue_date": issue}

    def on_export(self) -> common.BackgroundTask | None:
        self.save_section()
        self.profile_editor.save()
        try:
            period = self.period()
            options = self.export_options()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return None
        if not settings.profile_is_complete():
            common.show_warning("请先在“单位设置”中填写单位名称、发文机关标志、发文字号代字和主送机关。",
                                parent=self)
            if self.app is not None:
                self.app.show_page("settings")
            return None
        name = ttk.filedialog.asksaveasfilename(
            parent=self, title="保存报告", defaultextension=".docx",
            initialfile=self.default_filename(period),
            initialdir=str(Path.home() / "Desktop") if (Path.home() / "Desktop").is_dir() else None,
            filetypes=[("Word 文档", "*.docx")])
        if not name:
            return None
        self._set_busy(True)
        self.result_label.configure(text="正在生成报告，请稍候…", foreground="")
        self.task = common.BackgroundTask(
            self, lambda: reports.export_report(period, Path(name), **options),  # type: ignore[arg-type]
            self.on_export_done, self.on_export_failed)
        return self.task.start()

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self.export_button.configure(state="disabled")
            self.progress.pack(side="left", padx=12)
            self.progress.start(12)
        else:
            self.progress.stop()
            self.progress.pack_forget()
            self.export_button.configure(state="normal")

    def on_export_done(self, result: reports.ExportResult) -> None:
        self._set_busy(False)
        self.last_result = result
        self.result_label.configure(text=result.message, foreground="")
        for b in (self.open_button, self.folder_button, self.print_button):
            b.configure(state="normal")
        if self.app is not None:
            self.app.set_status(f"报告已导出：{result.docx_path}")

    def on_export_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.result_label.configure(text=f"导出失败：{common.error_message(exc)}",
                                    foreground=common.ERROR_COLOR)

    def on_open_file(self) -> None:
        if self.last_result:
            self._try(common.open_path, self.last_result.docx_path)

    def on_open_folder(self) -> None:
        if self.last_result:
            self._try(common.open_folder, self.last_result.docx_path)

    def on_print(self) -> None:
        if not self.last_result:
            return
        path = self.last_result.pdf_path or self.last_result.docx_path
        self.result_label.configure(text="正在发送到打印机…", foreground="")
        common.BackgroundTask(self, lambda: reports.print_report(path), self._printed,
                              self._print_failed).start()

    def _printed(self, message: str) -> None:
        self.result_label.configure(text=message, foreground="")

    def _print_failed(self, exc: BaseException) -> None:
        self.result_label.configure(text="", foreground="")
        common.show_warning(common.error_message(exc) + "\n\n可以点“打开文件”，在 WPS 或 Word 中按 Ctrl+P 打印。",
                            "无法直接打印", parent=self)

    def _try(self, func, path: Path) -> None:  # noqa: ANN001
        try:
            func(path)
        except (LawdeskError, OSError) as exc:
            common.show_error(common.error_message(exc), parent=self)
