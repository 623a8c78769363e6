"""年度报告: the narrative editor with a live preview, the outline, suggestions, figures, export.

Every number in the text is a placeholder shown as a Chinese token (【开展治安巡逻次数】, stored
as ``{patrols}``) and filled from the statistics, so the clerk edits words, not figures. The text
is saved by 保存 (Ctrl+S), never silently: the page implements the page protocol (``show``,
``refresh``, ``has_unsaved_changes``, ``save``) and asks 保存/不保存/取消 itself only when the
clerk switches section or period inside the page. The outline (sections, order, names) and the
suggested shortcomings the clerk ticks are stored when changed. Figures refresh when records
change (``services.events``). Export runs on a worker thread with a progress bar.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import tkinter
from pathlib import Path
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.report import content
from lawdesk.services import drafting, events, gate, reports, stats
from lawdesk.services.period import Period, parse_period
from lawdesk.services.validation import parse_date
from lawdesk.ui import common, save_folders
from lawdesk.ui.widgets.flow import FlowBar
from lawdesk.ui.widgets.narrative_editor import NarrativeEditor

if TYPE_CHECKING:
    from lawdesk.ui.main_window import MainWindow

PREVIEW_MS = 300
#: The preview's backing marks: claim kind → text style.
BACKING_STYLES = {"data": "backing_data", "office": "backing_office", "prompt": "backing_prompt"}
CHANGE_POLL_MS = 400
EDITOR_HELP = ("【蓝色】是数据，由程序按台账填入；［方括号］里的文字只在其中的数据不为0时才出现。\n"
               "一是、二是和（一）（二）由程序自动编号；〔请填写：…〕改成本单位的文字后才能导出报送版。")


class ReportPage(ttk.Frame):
    """Choose the period, check the figures, edit the words, export."""

    def __init__(self, master: tkinter.Misc, app: MainWindow | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self.document: drafting.OfficeReport = drafting.for_database()
        self.counter = drafting.RecordCounter(self.document)
        self.year = stats.default_year()
        self.values: dict[str, object] = {}
        self.figures: dict[str, object] = {}
        self.outline = self.document.outline()
        self.section_key = "preamble"
        self.last_result: reports.ExportResult | None = None
        self.task: common.BackgroundTask | None = None
        self.previewer = common.Debouncer(self, self.update_preview, PREVIEW_MS)
        self._refresh_pending = False
        self._host_uses_protocol = False
        self._build_ui()
        self._pending_change: str | None = None
        self._unsubscribe = events.subscribe(self.on_change)
        self._poll_id = self.after(CHANGE_POLL_MS, self._poll_changes)
        self.bind("<Destroy>", self._on_destroy, add="+")

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._build_period_bar()
        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, pady=(8, 0))
        self.notebook.add(self._build_editor(self.notebook), text="  报告正文  ")
        self.notebook.add(self._build_outline(self.notebook), text="  提纲与建议  ")
        self.notebook.add(self._build_figures(self.notebook), text="  统计数据  ")
        self.export_tab = self._build_export(self.notebook)
        self.notebook.add(self.export_tab, text="  导出与打印  ")
        self.notebook.add(self._build_format(self.notebook), text="  格式与写法  ")

    def _build_period_bar(self) -> None:
        bar = self.period_bar = FlowBar(self)
        bar.pack(fill="x")
        bar.add(ttk.Label(bar, text="年度报告", font="LawdeskTitle"))
        bar.add(ttk.Label(bar, text="年度"), gap=24)
        self.year_var = ttk.StringVar(value=str(self.year))
        self.year_box = ttk.Combobox(bar, textvariable=self.year_var, state="readonly", width=7,
                                     values=common.year_values())
        bar.add(self.year_box, gap=4)
        self.year_box.bind("<<ComboboxSelected>>", lambda _e: self.on_period_changed())
        self.custom_var = ttk.BooleanVar(value=False)
        self.custom_check = ttk.Checkbutton(bar, text="自定义期间", variable=self.custom_var,
                                            command=self.on_custom_toggled)
        bar.add(self.custom_check, gap=16)
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
        bar.add(self.period_label, gap=12)

    def _build_figures(self, master: tkinter.Misc) -> ttk.Frame:
        box = ttk.Frame(master, padding=10)
        common.muted_label(box, "双击一项，查看计入它的每一条记录").pack(anchor="w", pady=(0, 4))
        frame, self.figure_tree = common.scrolled_tree(box, columns=("value", "previous"),
                                                       show="tree headings", selectmode="browse")
        self.figure_tree.heading("#0", text="项目")
        self.figure_tree.heading("value", text="本期")
        self.figure_tree.heading("previous", text="上年同期")
        self.figure_tree.column("#0", width=320, stretch=True)
        self.figure_tree.column("value", width=100, anchor="e", stretch=False)
        self.figure_tree.column("previous", width=100, anchor="e", stretch=False)
        frame.pack(fill="both", expand=True)
        self.figure_tree.bind("<Double-1>", lambda _e: self.on_figure_open())
        self.figure_tree.bind("<Return>", lambda _e: self.on_figure_open())
        return box

    def _build_editor(self, master: tkinter.Misc) -> ttk.Frame:
        """The section's text over the full width; under it the preview and the data to insert,
        side by side when the page is wide, one at a time (预览 | 插入数据) when it is not."""
        tab = ttk.Frame(master, padding=10)
        tab.columnconfigure(0, weight=1)
        tab.rowconfigure(1, weight=3)
        tab.rowconfigure(2, weight=2)
        top = FlowBar(tab)
        top.grid(row=0, column=0, sticky="ew")
        top.add(ttk.Label(top, text="部分"))
        self.section_var = ttk.StringVar()
        self.section_box = ttk.Combobox(top, textvariable=self.section_var, state="readonly", width=28,
                                        postcommand=self._widen_section_list)
        top.add(self.section_box)
        self.section_box.bind("<<ComboboxSelected>>", lambda _e: self.on_section_selected())
        self.save_button = ttk.Button(top, text="保存（Ctrl+S）", bootstyle="primary",
                                      command=self.on_save)
        top.add(self.save_button, gap=12)
        self.reset_button = ttk.Button(top, text="撤销本年度的文字", bootstyle="secondary-outline",
                                       command=self.on_reset_section)
        top.add(self.reset_button)
        self.optional_button = ttk.Button(top, text="选中文字设为可省略［］",
                                          bootstyle="secondary-outline", command=self.on_make_optional)
        top.add(self.optional_button)
        self.saved_label = common.muted_label(top, "")
        top.add(self.saved_label)

        self.editor = NarrativeEditor(tab, dict(self.document.placeholders()), height=3)
        self.editor.grid(row=1, column=0, sticky="nsew", pady=(8, 0))
        self.editor.bind("<<NarrativeChanged>>", self.on_text_modified)
        self.editor.text.bind("<Control-s>", lambda _e: self.on_save() and "break")
        self.editor.text.bind("<Control-S>", lambda _e: self.on_save() and "break")

        lower = self.editor_lower = ttk.Frame(tab)
        lower.grid(row=2, column=0, sticky="nsew", pady=(8, 0))
        lower.rowconfigure(1, weight=1)
        self.lower_view = ttk.StringVar(value="preview")
        self.lower_switch = ttk.Frame(lower)
        for value, text in (("preview", "预览"), ("tokens", "插入数据")):
            ttk.Radiobutton(self.lower_switch, text=text, value=value, variable=self.lower_view,
                            bootstyle="secondary-outline-toolbutton", command=self._arrange_lower).pack(side="left")
        self.preview_box = ttk.Frame(lower)
        common.wrapping_label(self.preview_box, "预览（为 0 的内容已略去；句后注明依据，点“条记录”查看）").pack(
            fill="x", pady=(0, 2))
        self.preview = ttk.Text(self.preview_box, height=3, width=20, wrap="char", state="disabled",
                                background="#f6f7f9", relief="flat")
        self.preview.tag_configure("backing", font="LawdeskSmall")
        self.preview.tag_configure("backing_data", foreground="#1d4ed8", underline=True)
        self.preview.tag_configure("backing_office", foreground="#047857")
        self.preview.tag_configure("backing_prompt", foreground=common.ERROR_COLOR)
        self.preview.tag_configure("prompt", background="#fef08a")
        self.preview.tag_bind("backing_data", "<Enter>", lambda _e: self.preview.configure(cursor="hand2"))
        self.preview.tag_bind("backing_data", "<Leave>", lambda _e: self.preview.configure(cursor=""))
        self.preview_sentences: list[drafting.Sentence] = []
        self.preview.pack(fill="both", expand=True)

        self.token_box = ttk.Frame(lower)
        ttk.Label(self.token_box, text="插入数据（双击插入到光标处）").pack(anchor="w", pady=(0, 2))
        frame, self.placeholder_tree = common.scrolled_tree(self.token_box, columns=(), show="tree",
                                                            selectmode="browse", height=3)
        self.placeholder_tree.column("#0", width=230, stretch=True)
        for key, label in self.document.placeholders():
            self.placeholder_tree.insert("", "end", iid=key, text=label)
        frame.pack(fill="both", expand=True)
        self.insert_button = ttk.Button(self.token_box, text="插入到光标处",
                                        command=self.on_insert_placeholder)
        self.insert_button.pack(fill="x", pady=(4, 0))
        self.placeholder_tree.bind("<Double-1>", lambda _e: self.on_insert_placeholder())
        self._lower_wide: bool | None = None
        lower.bind("<Configure>", lambda e: self._arrange_lower(e.width), add="+")
        self._arrange_lower()

        self.lint_label = common.wrapping_label(tab, "", foreground=common.ERROR_COLOR)
        self.lint_label.grid(row=3, column=0, sticky="ew", pady=(4, 0))
        self.help_label = common.wrapping_label(tab, EDITOR_HELP, muted=True)
        self.help_label.grid(row=4, column=0, sticky="ew", pady=(2, 0))
        return tab

    def _widen_section_list(self) -> None:
        """The 部分 list as wide as its longest name (the box itself stays narrow): a ttk
        combobox drops its list at its own width, so long section names were cut. The extra
        width is the style's ``postoffset``, kept within the screen."""
        from tkinter import font as tkfont

        box = self.section_box
        names = box.cget("values") or ()
        font = tkfont.nametofont("TkDefaultFont")
        needed = max((font.measure(str(n)) for n in names), default=0) + 36  # margins and scroll bar
        room = box.winfo_screenwidth() - box.winfo_rootx() - 8
        extra = max(0, min(needed, room) - box.winfo_width())
        style = "Sections.TCombobox"
        ttk.Style().configure(style, postoffset=(0, 0, extra, 0))
        box.configure(style=style)

    def _wide_enough(self, width: int) -> bool:
        """Room for a preview of several dozen characters a line beside the list of data."""
        from tkinter import font as tkfont

        char = tkfont.nametofont("TkDefaultFont").measure("中")
        return width >= 40 * char + self.placeholder_tree.winfo_reqwidth() + 40

    def _arrange_lower(self, width: int | None = None) -> None:
        lower = self.editor_lower
        resized = width is not None
        width = width if width is not None else lower.winfo_width()
        wide = width > 1 and self._wide_enough(width)
        if resized and wide == self._lower_wide:
            return
        self._lower_wide = wide
        if wide:
            self.lower_switch.grid_remove()
            lower.columnconfigure(0, weight=1)
            lower.columnconfigure(1, weight=0)
            self.preview_box.grid(row=1, column=0, columnspan=1, sticky="nsew")
            self.token_box.grid(row=1, column=1, columnspan=1, sticky="nsew", padx=(10, 0))
            return
        lower.columnconfigure(1, weight=1)
        self.lower_switch.grid(row=0, column=0, columnspan=2, sticky="w", pady=(0, 4))
        shown, hidden = ((self.preview_box, self.token_box) if self.lower_view.get() == "preview"
                         else (self.token_box, self.preview_box))
        hidden.grid_remove()
        shown.grid(row=1, column=0, columnspan=2, sticky="nsew", padx=0)

    def _build_outline(self, master: tkinter.Misc) -> ttk.Frame:
        """The outline over the full width with its buttons in a bar that wraps; the suggestions
        under it in a scrolling box (there may be many)."""
        tab = ttk.Frame(master, padding=10)
        tab.columnconfigure(0, weight=1)
        tab.rowconfigure(2, weight=1)
        tab.rowconfigure(4, weight=1)
        row = FlowBar(tab)
        row.grid(row=0, column=0, sticky="ew")
        row.add(ttk.Label(row, text="提纲"))
        names = self.document.outline_names() or [self.outline.name]
        self.builtin_var = ttk.StringVar(value=names[0])
        row.add(ttk.Combobox(row, textvariable=self.builtin_var, state="readonly", width=20, values=names))
        row.add(ttk.Button(row, text="套用此提纲", bootstyle="secondary-outline",
                           command=self.on_use_builtin))
        self.outline_label = common.muted_label(row, "")
        row.add(self.outline_label, gap=8)

        buttons = FlowBar(tab)
        buttons.grid(row=1, column=0, sticky="ew", pady=(8, 0))
        buttons.add(ttk.Label(buttons, text="标题"))
        self.title_var = ttk.StringVar()
        buttons.add(ttk.Entry(buttons, textvariable=self.title_var, width=26))
        for text, command in (
            ("添加一级标题", self.on_add_section),
            ("添加二级标题", self.on_add_subsection),
            ("改为上面的标题", self.on_rename),
            ("上移", lambda: self.on_move(-1)),
            ("下移", lambda: self.on_move(1)),
            ("删除", self.on_remove),
        ):
            buttons.add(ttk.Button(buttons, text=text, bootstyle="secondary-outline", command=command))

        frame, self.outline_tree = common.scrolled_tree(tab, columns=(), show="tree",
                                                        selectmode="browse", height=3)
        self.outline_tree.column("#0", width=420, stretch=True)
        frame.grid(row=2, column=0, sticky="nsew", pady=(8, 0))
        self.outline_tree.bind("<<TreeviewSelect>>", lambda _e: self.on_outline_selected())
        common.wrapping_label(tab, "标题的编号（一、（一））由程序自动生成；一级标题下可以有正文，也可以只有二级标题。",
                              muted=True).grid(row=3, column=0, sticky="ew", pady=(4, 0))
        box = ttk.Labelframe(tab, text="程序根据台账提出的不足和计划（勾选后才写入报告）", padding=(8, 4))
        box.grid(row=4, column=0, sticky="nsew", pady=(10, 0))
        self.suggest_scroller = common.scrolled_page(box, height=60)
        self.suggest_scroller.pack(fill="both", expand=True)
        self.suggest_box = ttk.Frame(self.suggest_scroller, padding=(0, 0, 12, 0))
        self.suggest_box.pack(fill="both", expand=True)
        self.suggest_vars: dict[str, ttk.BooleanVar] = {}
        self.suggest_checks: dict[str, ttk.Checkbutton] = {}
        return tab

    def _build_export(self, master: tkinter.Misc) -> ttk.Frame:
        tab = ttk.Frame(master, padding=(12, 12, 0, 0))
        scroller = common.scrolled_page(tab, height=60)
        scroller.pack(fill="both", expand=True)
        left = ttk.Frame(scroller, padding=(0, 0, 16, 12))
        left.pack(fill="both", expand=True)
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
        profile = self.document.profile()
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
        self.draft_button = ttk.Button(actions, text="导出征求意见稿…", bootstyle="secondary-outline",
                                       command=lambda: self.on_export(draft=True))
        self.draft_button.pack(side="left", padx=(8, 0))
        self.progress = ttk.Progressbar(actions, mode="indeterminate", length=180)
        self.result_label = common.wrapping_label(left, "")
        self.result_label.pack(anchor="w", fill="x", pady=(10, 4))
        # what the office still has to write (a 报送版 or 公开版 is refused until it has): one
        # link per item, opening the part in the editor
        self.todo_box = ttk.Frame(left)
        self.todo_box.pack(anchor="w", fill="x", pady=(0, 6))
        self.todo_links: list[ttk.Label] = []
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

        tab = ttk.Frame(master, padding=(12, 12, 0, 0))
        scroller = common.scrolled_page(tab, height=60)
        scroller.pack(fill="both", expand=True)
        body = ttk.Frame(scroller, padding=(0, 0, 16, 12))
        body.pack(fill="both", expand=True)
        self.profile_editor = ReportProfileEditor(body, show_fonts=False, autosave=True, unit=self.document.unit)
        self.profile_editor.pack(fill="x")
        common.wrapping_label(body, "字体在“单位设置”中修改。改动立即保存，下次导出时生效。",
                              muted=True).pack(anchor="w", fill="x", pady=(4, 0))
        self.wording_editor = ReportWordingEditor(body, unit=self.document.unit)
        self.wording_editor.pack(fill="x", pady=(10, 0))
        return tab

    # -- the page protocol -------------------------------------------------------------------

    def show(self) -> None:
        self.profile_editor.reload()
        self.on_period_changed(ask=False)

    on_show = show

    def on_leave(self) -> None:
        """Nothing is saved silently on leaving. A main window that follows the page protocol asks
        through ``has_unsaved_changes``/``save`` itself; for one that only calls ``on_leave`` the
        page asks here, so that unsaved text is never dropped without a question."""
        if self._host_uses_protocol or not self.editor.is_dirty:
            return
        if common.ask_save_discard(f"“{self._section_title()}”的文字还没有保存，要保存吗？", parent=self) == "save":
            self.save()

    def refresh(self) -> None:
        """Recompute the figures (records changed); the clerk's unsaved text stays as it is."""
        try:
            period = self.period()
        except LawdeskError:
            return
        self._load_figures(period)
        self._fill_suggestions()
        self.update_preview()

    def has_unsaved_changes(self) -> bool:
        self._host_uses_protocol = True
        return self.editor.is_dirty

    def save(self) -> bool:
        """Store the editor's text; False (with the message shown) when it cannot be stored."""
        if not self.editor.is_dirty:
            return True
        try:
            self.document.save_text(self.year, self.section_key, self.editor.get_text())
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return False
        self.editor.mark_saved()
        self.saved_label.configure(text=f"已保存 {dt.datetime.now():%H:%M:%S}")
        return True

    def on_save(self) -> bool:
        done = self.save()
        if done and not self.saved_label.cget("text").startswith("已保存"):
            self.saved_label.configure(text="没有需要保存的修改")
        return done

    def _settle(self, what: str) -> bool:
        """Before the editor's text is replaced: ask 保存/不保存/取消 when it has changes."""
        if not self.editor.is_dirty:
            return True
        choice = common.ask_save_discard(f"“{self._section_title()}”的文字还没有保存，{what}前要先保存吗？",
                                         parent=self)
        if choice == "cancel":
            return False
        if choice == "save":
            return self.save()
        return True

    def on_change(self, change: events.Change) -> None:
        """A committed change somewhere: refresh the figures on the Tk thread, once.

        A change announced from a worker thread is only noted; the page's poll picks it up
        (Tk must not be called from another thread)."""
        self._pending_change = change.kind if self._pending_change in (None, change.kind) else "database"
        if threading.current_thread() is threading.main_thread() and not self._refresh_pending:
            self._refresh_pending = True
            self.after_idle(self._apply_pending_change)

    def _poll_changes(self) -> None:
        if self._pending_change is not None and not self._refresh_pending:
            self._apply_pending_change()
        self._poll_id = self.after(CHANGE_POLL_MS, self._poll_changes)

    def _apply_pending_change(self) -> None:
        self._refresh_pending = False
        kind, self._pending_change = self._pending_change, None
        if kind is None or not self.winfo_exists():
            return
        if kind == "database":
            self.counter.clear()
        if kind in ("database", "settings"):
            self.outline = self.document.outline()
            self._fill_outline()
            self._fill_sections()
        self.refresh()

    def _on_destroy(self, event: tkinter.Event) -> None:
        if event.widget is self:
            self._unsubscribe()
            self.after_cancel(self._poll_id)

    # -- period and figures ------------------------------------------------------------------

    def period(self) -> Period:
        if self.custom_var.get():
            try:
                return parse_period(start=self.start_var.get().strip(), end=self.end_var.get().strip())
            except LawdeskError as exc:
                raise LawdeskError(f"自定义期间有误：{exc.message}") from exc
        return parse_period(year=self.year_var.get())

    def show_export(self) -> None:
        """Bring 导出与打印 to the front (首页's 生成年度报告 leads here)."""
        self.notebook.select(self.export_tab)

    def set_year(self, year: int) -> None:
        self.custom_var.set(False)
        self.period_bar.hide(self.custom_frame)
        self.year_var.set(str(year))
        self.on_period_changed()

    def on_custom_toggled(self) -> None:
        self.period_bar.show(self.custom_frame, self.custom_var.get())
        if not self.custom_var.get():
            self.on_period_changed()

    def on_period_changed(self, ask: bool = True) -> None:
        try:
            period = self.period()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return
        if period.end.year != self.year and ask and not self._settle("换年度"):
            self.year_var.set(str(self.year))
            return
        year_changed = period.end.year != self.year or not self.section_box.cget("values")
        self.year = period.end.year
        self.period_label.configure(text=f"{period.start} 至 {period.end}　正文按 {self.year} 年保存")
        self.outline = self.document.outline()
        self._load_figures(period)
        self._fill_outline()
        self._fill_sections()
        self._fill_suggestions()
        if year_changed or not self.editor.is_dirty:
            self.load_section()
        else:
            self.update_preview()

    def _load_figures(self, period: Period) -> None:
        figures = self.document.figures(period)
        previous = self.document.figures(period.previous())
        self.figures = dict(figures.values)
        self.values = self.document.values(period, figures)
        self._fill_figures(figures, previous)

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
        return self.open_records(sel[0])

    def open_records(self, figure: str) -> tkinter.Misc:
        """The records behind ``figure`` of the period (every office's, in a county database)."""
        if self.document.county:
            from lawdesk.ui.pages.county_page import CountyBehindWindow

            return CountyBehindWindow(self, figure, self.period(), None)
        from lawdesk.ui.dialogs.records_window import RecordsBehindWindow

        return RecordsBehindWindow(self, figure, self.period())

    # -- narrative ---------------------------------------------------------------------------

    def sections(self) -> list[content.SectionDef]:
        try:
            period = self.period()
        except LawdeskError:
            period = Period.year(self.year)
        return self.document.sections(self.outline, period)

    def _fill_sections(self) -> None:
        sections = self.sections()
        self.section_box.configure(values=[s.title for s in sections])
        if self.section_key not in {s.key for s in sections}:
            self.section_key = sections[0].key
        self.section_var.set(self._section_title())

    def _section_title(self, key: str | None = None) -> str:
        key = key or self.section_key
        return next((s.title for s in self.sections() if s.key == key), key)

    def select_section(self, key: str) -> bool:
        """Show the text of section ``key`` (asks about unsaved text first)."""
        if key == self.section_key:
            return True
        if not self._settle("换到另一部分"):
            self.section_var.set(self._section_title())
            return False
        self.section_key = key
        self.section_var.set(self._section_title())
        self.load_section()
        return True

    def load_section(self) -> None:
        source = self.document.section_text(self.year, self.section_key)
        self.editor.set_text(source.text or self.document.starting_text(self.outline, self.section_key))
        self.saved_label.configure(text=self._source_text(source.year))
        node = self.outline.find(self.section_key)
        offered = [s for s in self.document.offered_suggestions(self.figures)
                   if node is not None and s.role == node.role]  # fmt: skip
        hint = f"这一部分另有{len(offered)}条程序根据台账提出的建议，可在“提纲与建议”中勾选写入。\n" if offered else ""
        self.help_label.configure(text=hint + EDITOR_HELP)
        self.update_preview()

    def _source_text(self, year: int | None) -> str:
        """Whose words the editor shows: this year's, carried from an earlier year, or the program's."""
        if year == self.year:
            return "本单位本年度的文字"
        if year is not None:
            return f"沿用本单位{year}年的文字，保存后即为本年度的文字"
        return "程序提供的数据句和待填写处"

    def editor_text(self) -> str:
        return self.editor.get_text()

    def save_section(self) -> bool:
        return self.save()

    def on_section_selected(self) -> None:
        title = self.section_var.get()
        key = next((s.key for s in self.sections() if s.title == title), self.section_key)
        self.select_section(key)

    def on_reset_section(self) -> None:
        if not common.confirm("删除本年度为这一部分保存的文字吗？之后这一部分显示沿用的往年文字，"
                              "没有往年文字的显示程序提供的数据句和待填写处。", "撤销本年度的文字", parent=self):
            return
        self.document.reset_text(self.year, self.section_key)
        self.load_section()

    def on_text_modified(self, _event: object = None) -> None:
        self.saved_label.configure(text="有尚未保存的修改" if self.editor.is_dirty else "")
        self.previewer.trigger()

    def on_insert_placeholder(self) -> None:
        sel = self.placeholder_tree.selection()
        if not sel:
            return
        self.editor.insert_placeholder(sel[0])

    def on_make_optional(self) -> None:
        if not self.editor.wrap_selection_in_span():
            common.show_info("请先在正文中选中一段文字（通常是含有数据的一句或一个分句），再点此按钮。",
                             parent=self)

    def update_preview(self) -> None:
        """The section as the report will print it, each sentence followed by its backing:
        "N 条记录" (click: the records), "本单位填写" or "待填写"."""
        self.previewer.cancel()
        try:
            source = self.document.section_text(self.year, self.section_key)
            year = self.year if self.editor.is_dirty else source.year
            shown = drafting.preview(self.document, self.period(), self.section_key, self.editor_text(), self.values,
                                     self.figures, saved=year is not None, year=year)  # fmt: skip
            issues = shown.issues
        except Exception as exc:  # noqa: BLE001 - a half-typed text must never crash the page
            shown, issues = None, []
            error = f"（预览暂时无法生成：{exc}）"
        self.preview_sentences = shown.sentences if shown is not None else []
        self.preview.configure(state="normal")
        self.preview.delete("1.0", "end")
        if shown is None:
            self.preview.insert("1.0", error)
        else:
            self._write_preview(shown)
        self.preview.configure(state="disabled")
        self.lint_label.configure(text="\n".join(f"文字检查：{i.message}" for i in issues[:3]))

    def _write_preview(self, shown: drafting.Preview) -> None:
        period = self.period()
        paragraph = None
        for i, sentence in enumerate(shown.sentences):
            claim = sentence.claim
            if paragraph is not None and claim.paragraph != paragraph:
                self.preview.insert("end", "\n")
            paragraph = claim.paragraph
            self.preview.insert("end", claim.text, ("prompt",) if claim.is_prompt else ())
            style = BACKING_STYLES.get(claim.kind)
            if style is not None:
                label = self.counter.label(period, sentence)
                self.preview.insert("end", f"〔{label}〕", ("backing", style, f"b{i}"))
                if sentence.figures:
                    self.preview.tag_bind(f"b{i}", "<Button-1>", lambda e, i=i: self.on_backing_click(i, e))

    def backing_labels(self) -> list[tuple[str, str]]:
        """(sentence, backing) of the preview, as the clerk sees them."""
        period = self.period()
        return [(s.claim.text, self.counter.label(period, s)) for s in self.preview_sentences
                if s.claim.kind in BACKING_STYLES]  # fmt: skip

    def on_backing_click(self, index: int, event: tkinter.Event | None = None) -> tkinter.Misc | None:
        """"N 条记录": the records behind the sentence (a menu first when several figures back it)."""
        figures = self.preview_sentences[index].figures
        if len(figures) == 1:
            return self.open_records(figures[0])
        menu = tkinter.Menu(self, tearoff=False)
        for figure in figures:
            menu.add_command(label=stats.FIGURES_BY_KEY[figure].label, command=lambda f=figure: self.open_records(f))
        if event is not None:
            menu.tk_popup(event.x_root, event.y_root)
        return menu

    # -- outline -----------------------------------------------------------------------------

    def _fill_outline(self) -> None:
        tree = self.outline_tree
        selected = tree.selection()
        tree.delete(*tree.get_children())
        for i, node in enumerate(self.outline.nodes, 1):
            tree.insert("", "end", iid=node.key, open=True,
                        text=f"{content.cn_number(i)}、{self._title(node.title, 40)}")
            for j, child in enumerate(node.children, 1):
                tree.insert(node.key, "end", iid=child.key,
                            text=f"（{content.cn_number(j)}）{self._title(child.title, 36)}")
        if selected and tree.exists(selected[0]):
            tree.selection_set(selected[0])
        self.outline_label.configure(text=f"正在使用：{self.outline.name}")

    def _title(self, title: str, limit: int = 0) -> str:
        text = title.replace("{year}", str(self.year)).replace("{next_year}", str(self.year + 1))
        if limit and len(text) > limit:
            text = text[: limit - 1] + "…"
        return text

    def _selected_node(self) -> str | None:
        sel = self.outline_tree.selection()
        return sel[0] if sel else None

    def on_outline_selected(self) -> None:
        key = self._selected_node()
        node = self.outline.find(key) if key else None
        if node is not None:
            self.title_var.set(node.title)

    def _store_outline(self, select: str | None = None) -> None:
        self.document.save_outline(self.outline)
        self._fill_outline()
        if select and self.outline_tree.exists(select):
            self.outline_tree.selection_set(select)
        self._fill_sections()

    def _outline_action(self, action) -> None:  # noqa: ANN001
        try:
            select = action()
        except ValueError as exc:
            common.show_warning(str(exc), parent=self)
            return
        self._store_outline(select)

    def on_add_section(self) -> None:
        after = self._selected_node()
        if after and self.outline.parent_of(after):
            after = self.outline.parent_of(after).key
        self._outline_action(lambda: self.outline.add(self.title_var.get(), after=after).key)

    def on_add_subsection(self) -> None:
        key = self._selected_node()
        if key is None:
            common.show_warning("请先在提纲中选中一个一级标题。", parent=self)
            return
        parent = self.outline.parent_of(key)
        parent_key, after = (parent.key, key) if parent else (key, None)
        self._outline_action(lambda: self.outline.add(self.title_var.get(), parent=parent_key, after=after).key)

    def on_rename(self) -> None:
        key = self._selected_node()
        if key is None:
            common.show_warning("请先在提纲中选中要改名的标题。", parent=self)
            return
        def rename() -> str:
            self.document.rename_section(self.outline, key, self.title_var.get(), self.year)
            return key

        self._outline_action(rename)

    def on_move(self, step: int) -> None:
        key = self._selected_node()
        if key is None:
            return
        self._outline_action(lambda: (self.outline.move(key, step), key)[1])

    def on_remove(self) -> None:
        key = self._selected_node()
        node = self.outline.find(key) if key else None
        if node is None:
            return
        if not common.confirm(f"从提纲中删除“{self._title(node.title)}”{'及其下的二级标题' if node.children else ''}吗？"
                              "这一部分将不再出现在报告中（已保存的文字仍保存在台账里）。", "删除标题", parent=self):
            return
        if key == self.section_key and not self._settle("删除这一部分"):
            return
        self._outline_action(lambda: (self.outline.remove(key), None)[1])

    def on_use_builtin(self) -> None:
        name = self.builtin_var.get()
        if not common.confirm(f"套用“{name}”吗？本单位对提纲的修改将被替换，各部分已保存的文字不变。",
                              "套用提纲", parent=self):
            return
        self.outline = self.document.use_built_in_outline(name)
        self._fill_outline()
        self._fill_sections()

    # -- suggestions -------------------------------------------------------------------------

    def _fill_suggestions(self) -> None:
        for child in self.suggest_box.winfo_children():
            child.destroy()
        self.suggest_vars.clear()
        self.suggest_checks.clear()
        self.suggest_labels: list[ttk.Label] = []
        offered = self.document.offered_suggestions(self.figures)
        if not offered:
            common.muted_label(self.suggest_box, "本期台账数据没有提示需要写入的不足或计划。").pack(anchor="w")
            return
        chosen = set(self.document.chosen_suggestions(self.year))
        for suggestion in offered:
            var = ttk.BooleanVar(value=suggestion.id in chosen)
            where = "不足" if suggestion.role == "shortcomings" else "计划"
            row = ttk.Frame(self.suggest_box)
            row.pack(fill="x", pady=2)
            check = ttk.Checkbutton(row, text=f"写入{where}", variable=var, command=self.on_suggestion_toggled)
            check.pack(side="left", anchor="n")
            label = common.wrapping_label(row, self.document.fill(suggestion.text, self.values))
            label.pack(side="left", fill="x", expand=True, padx=(6, 0))
            self.suggest_vars[suggestion.id] = var
            self.suggest_checks[suggestion.id] = check
            self.suggest_labels.append(label)

    def on_suggestion_toggled(self) -> None:
        kept = [i for i in self.document.chosen_suggestions(self.year) if i not in self.suggest_vars]
        ticked = [i for i, var in self.suggest_vars.items() if var.get()]
        self.document.save_chosen_suggestions(self.year, kept + ticked)

    # -- export ------------------------------------------------------------------------------

    def default_filename(self, period: Period, draft: bool = False) -> str:
        return self.document.file_name(period, public=self.public_var.get() and not draft, draft=draft)

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

    def on_export(self, draft: bool = False) -> common.BackgroundTask | None:
        """导出报告 (报送版 or 公开版: refused while the text still asks for the office's words,
        with the list of what to write) or 导出征求意见稿 (``draft``: the prompts highlighted)."""
        if not self._settle("导出"):
            return None
        self.profile_editor.save()
        try:
            period = self.period()
            options = self.export_options()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return None
        if not self.document.profile_is_complete():
            common.show_warning("请先在“单位设置”中填写单位名称、发文机关标志、发文字号代字和主送机关。",
                                parent=self)
            if self.app is not None:
                self.app.show_page("settings")
            return None
        if draft:
            options["public"] = False
        else:
            items = self.document.prompt_items(period)
            self.show_todo(items, "公开版" if options["public"] else "报送版")
            if items:
                return None
        name = save_folders.ask_save_path(self, save_folders.REPORT, title="保存征求意见稿" if draft else "保存报告",
                                          extension=".docx", filename=self.default_filename(period, draft),
                                          type_name="Word 文档")
        if not name:
            return None
        self._set_busy(True)
        self.result_label.configure(text="正在生成报告，请稍候…", foreground="")
        document = self.document
        self.task = common.BackgroundTask(
            self, lambda: document.export(period, Path(name), draft=draft, **options),
            self.on_export_done, self.on_export_failed)
        return self.task.start()

    def show_todo(self, items: list[gate.PromptItem], kind: str = "报送版") -> None:
        """The list of what to write, each item a link to its part in the editor (empty: none)."""
        for link in self.todo_links:
            link.destroy()
        self.todo_links = []
        if not items:
            return
        self.result_label.configure(
            text=f"报告中还有{len(items)}处需要本单位填写的内容，不能生成{kind}。点击下面各项，到“报告正文”中填写；"
                 "也可以先导出征求意见稿。", foreground=common.ERROR_COLOR)  # fmt: skip
        for number, item in enumerate(items, 1):
            link = common.wrapping_label(self.todo_box, item.line(number), foreground="#1d4ed8", cursor="hand2")
            link.pack(anchor="w", fill="x", pady=1)
            link.bind("<Button-1>", lambda _e, key=item.section: self.goto_prompt(key))
            self.todo_links.append(link)

    def goto_prompt(self, key: str) -> bool:
        """Open part ``key`` in the editor with its first prompt selected."""
        self.notebook.select(0)
        if not self.select_section(key):
            return False
        text = self.editor.text
        found = text.search("〔请填写", "1.0", stopindex="end")
        if found:
            end = text.search("〕", found, stopindex="end") or found
            text.tag_remove("sel", "1.0", "end")
            text.tag_add("sel", found, f"{end}+1c")
            text.mark_set("insert", found)
            text.see(found)
        text.focus_set()
        return True

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

    def on_export_done(self, result: reports.ExportResult) -> None:
        self._set_busy(False)
        self.show_todo([])
        self.last_result = result
        self.result_label.configure(text=result.message, foreground="")
        for b in (self.open_button, self.folder_button, self.print_button):
            b.configure(state="normal")
        if self.app is not None:
            self.app.set_status(f"报告已导出：{result.docx_path}")

    def on_export_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, gate.PromptsRemain):
            self.show_todo(exc.items)
            return
        self.result_label.configure(text=f"导出失败：{common.error_message(exc)}",
                                    foreground=common.ERROR_COLOR)

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
