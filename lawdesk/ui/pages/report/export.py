"""导出与打印: the options of one export, the export itself on a worker thread, open, print.

A 报送版 or 公开版 is refused while the document still asks for the office's (or the leader's)
words: the list of what to write is shown, each item one click from its part in the editor. A
征求意见稿 is written with its prompts highlighted. A 述法报告 has no 发文字号 and no 附件.
"""

from __future__ import annotations

import datetime as dt
import sys
import tkinter
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.services import gate, writing
from lawdesk.services.period import Period
from lawdesk.services.validation import parse_date
from lawdesk.ui import common, save_folders
from lawdesk.ui.pages.report.desk import ReportDesk


class ExportView(ttk.Frame):
    def __init__(self, master: tkinter.Misc, page: ReportDesk) -> None:
        super().__init__(master, padding=(12, 12, 0, 0))
        self.page = page
        self.last_result: writing.ExportResult | None = None
        self.task: common.BackgroundTask | None = None
        self.todo_links: list[ttk.Label] = []
        self._build_ui()

    def _build_ui(self) -> None:
        scroller = common.scrolled_page(self, height=60)
        scroller.pack(fill="both", expand=True)
        left = ttk.Frame(scroller, padding=(0, 0, 16, 12))
        left.pack(fill="both", expand=True)
        self._build_options(left)
        actions = ttk.Frame(left)
        actions.pack(fill="x", pady=(12, 0))
        self.export_button = ttk.Button(actions, text="导出报告（.docx）…", bootstyle="primary", command=self.on_export)
        self.export_button.pack(side="left")
        self.draft_button = ttk.Button(actions, text="导出征求意见稿…", bootstyle="secondary-outline",
                                       command=lambda: self.on_export(draft=True))
        self.draft_button.pack(side="left", padx=(8, 0))
        self.progress = ttk.Progressbar(actions, mode="indeterminate", length=180)
        self.result_label = common.wrapping_label(left, "")
        self.result_label.pack(anchor="w", fill="x", pady=(10, 4))
        # what is still to be written (a 报送版 or 公开版 is refused until it is): one link per
        # item, opening the part in the editor
        self.todo_box = ttk.Frame(left)
        self.todo_box.pack(anchor="w", fill="x", pady=(0, 6))
        after = ttk.Frame(left)
        after.pack(fill="x")
        self.open_button = ttk.Button(after, text="打开文件", command=self.on_open_file, state="disabled")
        self.open_button.pack(side="left")
        self.folder_button = ttk.Button(after, text="打开所在文件夹", command=self.on_open_folder, state="disabled")
        self.folder_button.pack(side="left", padx=6)
        self.print_button = ttk.Button(after, text="打印", command=self.on_print, state="disabled")
        self.print_button.pack(side="left")

    def _build_options(self, left: ttk.Frame) -> None:
        opts = ttk.Labelframe(left, text="导出选项", padding=10)
        opts.pack(fill="x")
        self.public_var = ttk.BooleanVar(value=False)
        self.attachment_var = ttk.BooleanVar(value=True)
        self.pdf_var = ttk.BooleanVar(value=False)
        self.public_check = ttk.Checkbutton(opts, text="公开版（向社会公开用：不含红头版头和版记）", variable=self.public_var)
        self.public_check.pack(anchor="w")
        self.attachment_check = ttk.Checkbutton(opts, text="附主要数据表和图表（附件）", variable=self.attachment_var)
        self.attachment_check.pack(anchor="w", pady=(4, 0))
        self.pdf_available = writing.pdf_available()
        pdf = ttk.Checkbutton(opts, text="同时导出 PDF", variable=self.pdf_var)
        pdf.pack(anchor="w", pady=(4, 0))
        if not self.pdf_available:
            pdf.configure(state="disabled")
            common.muted_label(opts, "（本机没有安装 LibreOffice，无法导出 PDF）").pack(anchor="w")
        row = ttk.Frame(opts)
        row.pack(fill="x", pady=(8, 0))
        self.number_box = ttk.Frame(row)
        self.number_box.pack(side="left")
        ttk.Label(self.number_box, text="文号").pack(side="left")
        self.number_var = ttk.StringVar(value=str(self.page.document.profile().get("next_doc_number") or 1))
        ttk.Entry(self.number_box, textvariable=self.number_var, width=6).pack(side="left", padx=(4, 16))
        self.date_label = ttk.Label(row, text="成文日期")
        self.date_label.pack(side="left")
        self.issue_var = ttk.StringVar(value=dt.date.today().isoformat())
        ttk.Entry(row, textvariable=self.issue_var, width=12).pack(side="left", padx=4)

    def kind_changed(self) -> None:
        """A 述法报告 has no 发文字号, no 附件 and no 公开版 of its own layout to choose."""
        if self.page.document.personal:
            self.number_box.pack_forget()
            self.attachment_check.pack_forget()
        else:
            if not self.number_box.winfo_manager():
                self.number_box.pack(side="left", before=self.date_label)
            if not self.attachment_check.winfo_manager():
                self.attachment_check.pack(anchor="w", pady=(4, 0), after=self.public_check)
        self.show_todo([])
        self.result_label.configure(text="", foreground="")

    # -- export ------------------------------------------------------------------------------

    def default_filename(self, period: Period, draft: bool = False) -> str:
        return self.page.document.file_name(period, public=self.public_var.get() and not draft, draft=draft)

    def export_options(self) -> dict[str, object]:
        try:
            issue = parse_date(self.issue_var.get())
        except ValueError as exc:
            raise LawdeskError(f"成文日期有误：{exc}") from exc
        options: dict[str, object] = {"public": self.public_var.get(), "pdf": self.pdf_var.get() and self.pdf_available,
                                      "issue_date": issue}  # fmt: skip
        if not self.page.document.personal:
            try:
                options["doc_number"] = int(self.number_var.get().strip())
            except ValueError as exc:
                raise LawdeskError("文号应为数字，例如 5。") from exc
            options["attachment"] = self.attachment_var.get()
        return options

    def on_export(self, draft: bool = False) -> common.BackgroundTask | None:
        """导出报告 (报送版 or 公开版: refused while the text still asks for words, with the list
        of what to write) or 导出征求意见稿 (``draft``: the prompts highlighted)."""
        page = self.page
        if not page.editor_view.settle("导出"):
            return None
        document = page.document
        if not document.profile_is_complete():  # also a new database, whose office has no unit yet
            if document.personal:
                common.show_warning("请先选择述法报告的报告人。", parent=self)
                return None
            common.show_warning("请先在“单位设置”中填写单位名称、发文机关标志、发文字号代字和主送机关。", parent=self)
            page.show_settings()
            return None
        page.format_view.save()
        try:
            period = page.period()
            options = self.export_options()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return None
        if draft:
            options["public"] = False
        else:
            items = document.prompt_items(period)
            self.show_todo(items, "公开版" if options["public"] else "报送版")
            if items:
                return None
            if document.lacks_signer(public=bool(options["public"])):
                common.show_warning(writing.UNSIGNED, parent=self)
                page.show_settings("signers", "请填写签发人并保存，再导出报送版")
                return None
        name = save_folders.ask_save_path(self, save_folders.REPORT, title="保存征求意见稿" if draft else "保存报告",
                                          extension=".docx", filename=self.default_filename(period, draft),
                                          type_name="Word 文档")  # fmt: skip
        if not name:
            return None
        self._set_busy(True)
        self.result_label.configure(text="正在生成报告，请稍候…", foreground="")
        self.task = common.BackgroundTask(self, lambda: document.export(period, Path(name), draft=draft, **options),
                                          self.on_export_done, self.on_export_failed)  # fmt: skip
        return self.task.start()

    def show_todo(self, items: list[gate.PromptItem], kind: str = "报送版") -> None:
        """The list of what to write, each item a link to its part in the editor (empty: none)."""
        for link in self.todo_links:
            link.destroy()
        self.todo_links = []
        if not items:
            return
        self.result_label.configure(
            text=f"报告中还有{len(items)}处需要填写的内容，不能生成{kind}。点击下面各项，到“报告正文”中填写；"
                 "也可以先导出征求意见稿。", foreground=common.ERROR_COLOR)  # fmt: skip
        for number, item in enumerate(items, 1):
            link = common.wrapping_label(self.todo_box, item.line(number), foreground="#1d4ed8", cursor="hand2")
            link.pack(anchor="w", fill="x", pady=1)
            link.bind("<Button-1>", lambda _e, key=item.section: self.page.goto_prompt(key))
            self.todo_links.append(link)

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self.export_button.configure(state="disabled")
            self.draft_button.configure(state="disabled")
            self.progress.pack(side="left", padx=12)
            self.progress.start(12)
        else:
            self.progress.stop()
            self.progress.pack_forget()
            self.export_button.configure(state="normal")
            self.draft_button.configure(state="normal")

    def on_export_done(self, result: writing.ExportResult) -> None:
        self._set_busy(False)
        self.show_todo([])
        self.last_result = result
        self.result_label.configure(text=result.message, foreground="")
        for b in (self.open_button, self.folder_button, self.print_button):
            b.configure(state="normal")
        self.page.set_status(f"报告已导出：{result.docx_path}")

    def on_export_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, gate.PromptsRemain):
            self.show_todo(exc.items)
            return
        self.result_label.configure(text=f"导出失败：{common.error_message(exc)}", foreground=common.ERROR_COLOR)

    # -- after the export --------------------------------------------------------------------

    def on_open_file(self) -> None:
        if self.last_result:
            self._try(common.open_path, self.last_result.docx_path)

    def on_open_folder(self) -> None:
        if self.last_result:
            self._try(common.open_folder, self.last_result.docx_path)

    def on_print(self) -> tkinter.Toplevel | None:
        """The clerk chooses printer and sides (``PrintDialog``); printing runs on a worker thread.
        Windows prints the .docx (WPS or Word does it), Linux the PDF when there is one."""
        from lawdesk.ui.dialogs.print_dialog import PrintDialog

        if not self.last_result:
            return None
        pdf = self.last_result.pdf_path
        path = pdf if pdf is not None and sys.platform != "win32" else self.last_result.docx_path
        return PrintDialog(self, path, self._print)

    def _print(self, job) -> None:  # noqa: ANN001 - a lawdesk.printing.PrintJob
        from lawdesk import printing

        self.result_label.configure(text="正在打开…" if job.via_viewer else "正在交给打印机…", foreground="")
        common.BackgroundTask(self, lambda: printing.print_document(job), self._printed, self._print_failed).start()

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
