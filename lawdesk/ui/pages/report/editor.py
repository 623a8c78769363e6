"""报告正文: the words of one part of the document, with a live preview of how it will print.

Every number in the text is a placeholder shown as a Chinese token (【开展治安巡逻次数】, stored as
``{patrols}``) and filled from the records, so the clerk edits words, not figures. The preview
follows each sentence with its backing — "N 条记录" (click: the records), "本单位填写", "待填写" —
so the secretary can check every claim before signing. The text is saved by 保存 (Ctrl+S), never
silently; before it is replaced inside the page the view asks 保存/不保存/取消 (``settle``).

A 述法报告 counts only the records that name its person; the records that name nobody are listed
above the editor ("12 条会议未填写主持人"), each line one click from their forms.
"""

from __future__ import annotations

import datetime as dt
import tkinter
from tkinter import font as tkfont

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.services import drafting
from lawdesk.services.period import Period
from lawdesk.ui import common
from lawdesk.ui.pages.report.desk import ReportDesk
from lawdesk.ui.widgets.flow import FlowBar
from lawdesk.ui.widgets.narrative_editor import NarrativeEditor

PREVIEW_MS = 300
#: The preview's backing marks: claim kind → text style.
BACKING_STYLES = {"data": "backing_data", "office": "backing_office", "prompt": "backing_prompt"}
EDITOR_HELP = "【蓝色】是台账数据；［］里的文字随其中的数据为0而略去；〔请填写：…〕改写后才能导出报送版。"


class EditorView(ttk.Frame):
    """The part's text over the full width; under it the preview and the data to insert, side
    by side when the page is wide, one at a time (预览 | 插入数据) when it is not."""

    def __init__(self, master: tkinter.Misc, page: ReportDesk) -> None:
        super().__init__(master, padding=10)
        self.page = page
        self.section_key = "preamble"
        self.previewer = common.Debouncer(self, self.update_preview, PREVIEW_MS)
        self.preview_sentences: list[drafting.Sentence] = []
        self.missing_links: list[ttk.Label] = []
        self.lint_issues: list[str] = []
        self._lower_wide: bool | None = None
        self._build_ui()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.columnconfigure(0, weight=1)
        self.rowconfigure(2, weight=3)
        self.rowconfigure(3, weight=2)
        self._build_section_bar()
        self.missing_box = ttk.Frame(self)
        self.missing_box.grid(row=1, column=0, sticky="ew", pady=(4, 0))
        self.missing_box.grid_remove()
        self.editor = NarrativeEditor(self, dict(self.page.document.placeholders()), height=3)
        self.editor.grid(row=2, column=0, sticky="nsew", pady=(8, 0))
        self.editor.bind("<<NarrativeChanged>>", self.on_text_modified)
        self.editor.text.bind("<Control-s>", lambda _e: self.on_save() and "break")
        self.editor.text.bind("<Control-S>", lambda _e: self.on_save() and "break")
        self._build_lower()
        # one line of notes under the preview: what the linter finds, else the editor's help
        self.help_text = EDITOR_HELP
        self.help_label = common.wrapping_label(self, EDITOR_HELP, muted=True)
        self.help_label.grid(row=4, column=0, sticky="ew", pady=(4, 0))

    def _build_section_bar(self) -> None:
        top = FlowBar(self)
        top.grid(row=0, column=0, sticky="ew")
        top.add(ttk.Label(top, text="部分"))
        self.section_var = ttk.StringVar()
        self.section_box = ttk.Combobox(top, textvariable=self.section_var, state="readonly", width=28,
                                        postcommand=self._widen_section_list)
        top.add(self.section_box)
        self.section_box.bind("<<ComboboxSelected>>", lambda _e: self.on_section_selected())
        self.save_button = ttk.Button(top, text="保存（Ctrl+S）", bootstyle="primary", command=self.on_save)
        top.add(self.save_button, gap=12)
        self.reset_button = ttk.Button(top, text="撤销本年度的文字", bootstyle="secondary-outline",
                                       command=self.on_reset_section)
        top.add(self.reset_button)
        self.optional_button = ttk.Button(top, text="选中文字设为可省略［］", bootstyle="secondary-outline",
                                          command=self.on_make_optional)
        top.add(self.optional_button)
        self.saved_label = common.muted_label(top, "")
        top.add(self.saved_label)

    def _build_lower(self) -> None:
        lower = self.editor_lower = ttk.Frame(self)
        lower.grid(row=3, column=0, sticky="nsew", pady=(8, 0))
        lower.rowconfigure(1, weight=1)
        self.lower_view = ttk.StringVar(value="preview")
        self.lower_switch = ttk.Frame(lower)
        for value, text in (("preview", "预览"), ("tokens", "插入数据")):
            ttk.Radiobutton(self.lower_switch, text=text, value=value, variable=self.lower_view,
                            bootstyle="secondary-outline-toolbutton", command=self.arrange_lower).pack(side="left")
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
        self.preview.pack(fill="both", expand=True)
        self.token_box = ttk.Frame(lower)
        ttk.Label(self.token_box, text="插入数据（双击插入到光标处）").pack(anchor="w", pady=(0, 2))
        frame, self.placeholder_tree = common.scrolled_tree(self.token_box, columns=(), show="tree",
                                                            selectmode="browse", height=3)
        self.placeholder_tree.column("#0", width=230, stretch=True)
        self._fill_placeholders()
        frame.pack(fill="both", expand=True)
        self.insert_button = ttk.Button(self.token_box, text="插入到光标处", command=self.on_insert_placeholder)
        self.insert_button.pack(fill="x", pady=(4, 0))
        self.placeholder_tree.bind("<Double-1>", lambda _e: self.on_insert_placeholder())
        lower.bind("<Configure>", lambda e: self.arrange_lower(e.width), add="+")
        self.arrange_lower()

    def _fill_placeholders(self) -> None:
        tree = self.placeholder_tree
        tree.delete(*tree.get_children())
        for key, label in self.page.document.placeholders():
            tree.insert("", "end", iid=key, text=label)

    def _widen_section_list(self) -> None:
        """The 部分 list as wide as its longest name (the box itself stays narrow): a ttk
        combobox drops its list at its own width, so long section names were cut. The extra
        width is the style's ``postoffset``, kept within the screen."""
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
        char = tkfont.nametofont("TkDefaultFont").measure("中")
        return width >= 40 * char + self.placeholder_tree.winfo_reqwidth() + 40

    def arrange_lower(self, width: int | None = None) -> None:
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

    # -- the document changed ----------------------------------------------------------------

    def kind_changed(self) -> None:
        """Another kind of document (or person): its placeholders; its parts are loaded anew."""
        self.editor.set_names(dict(self.page.document.placeholders()))
        self._fill_placeholders()
        self.section_key = "preamble"
        self.section_box.configure(values=())

    def has_sections(self) -> bool:
        return bool(self.section_box.cget("values"))

    # -- the parts ---------------------------------------------------------------------------

    def sections(self) -> list:  # noqa: ANN201 - SectionDef
        try:
            period = self.page.period()
        except LawdeskError:
            period = Period.year(self.page.year)
        return self.page.document.sections(self.page.outline, period)

    def fill_sections(self) -> None:
        sections = self.sections()
        self.section_box.configure(values=[s.title for s in sections])
        if self.section_key not in {s.key for s in sections}:
            self.section_key = sections[0].key
        self.section_var.set(self.section_title())

    def section_title(self, key: str | None = None) -> str:
        key = key or self.section_key
        return next((s.title for s in self.sections() if s.key == key), key)

    def select_section(self, key: str) -> bool:
        """Show the text of part ``key`` (asks about unsaved text first)."""
        if key == self.section_key:
            return True
        if not self.settle("换到另一部分"):
            self.section_var.set(self.section_title())
            return False
        self.section_key = key
        self.section_var.set(self.section_title())
        self.load_section()
        return True

    def on_section_selected(self) -> None:
        title = self.section_var.get()
        key = next((s.key for s in self.sections() if s.title == title), self.section_key)
        self.select_section(key)

    def load_section(self) -> None:
        document, year = self.page.document, self.page.year
        source = document.section_text(year, self.section_key)
        self.editor.set_text(source.text or document.starting_text(self.page.outline, self.section_key))
        self.saved_label.configure(text=self._source_text(source.year))
        node = self.page.outline.find(self.section_key)
        offered = [s for s in document.offered_suggestions(self.page.figures)
                   if node is not None and s.role == node.role]  # fmt: skip
        hint = f"这一部分另有{len(offered)}条程序根据台账提出的建议，可在“提纲与建议”中勾选写入。\n" if offered else ""
        self.help_text = hint + EDITOR_HELP
        self.update_preview()

    def _source_text(self, year: int | None) -> str:
        """Whose words the editor shows: this year's, carried from an earlier year, or the program's."""
        if year == self.page.year:
            return "本单位本年度的文字"
        if year is not None:
            return f"沿用本单位{year}年的文字，保存后即为本年度的文字"
        return "程序提供的数据句和待填写处"

    def goto_prompt(self, key: str) -> bool:
        """Open part ``key`` with its first prompt selected."""
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

    # -- saving ------------------------------------------------------------------------------

    @property
    def is_dirty(self) -> bool:
        return self.editor.is_dirty

    def save(self) -> bool:
        """Store the editor's text; False (with the message shown) when it cannot be stored."""
        if not self.editor.is_dirty:
            return True
        try:
            self.page.document.save_text(self.page.year, self.section_key, self.editor.get_text())
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

    def settle(self, what: str) -> bool:
        """Before the editor's text is replaced: ask 保存/不保存/取消 when it has changes."""
        if not self.editor.is_dirty:
            return True
        choice = common.ask_save_discard(f"“{self.section_title()}”的文字还没有保存，{what}前要先保存吗？", parent=self)
        if choice == "cancel":
            return False
        if choice == "save":
            return self.save()
        return True

    def on_reset_section(self) -> None:
        if not common.confirm("删除本年度为这一部分保存的文字吗？之后这一部分显示沿用的往年文字，"
                              "没有往年文字的显示程序提供的数据句和待填写处。", "撤销本年度的文字", parent=self):
            return
        self.page.document.reset_text(self.page.year, self.section_key)
        self.load_section()

    # -- editing -----------------------------------------------------------------------------

    def on_text_modified(self, _event: object = None) -> None:
        self.saved_label.configure(text="有尚未保存的修改" if self.editor.is_dirty else "")
        self.previewer.trigger()

    def on_insert_placeholder(self) -> None:
        sel = self.placeholder_tree.selection()
        if sel:
            self.editor.insert_placeholder(sel[0])

    def on_make_optional(self) -> None:
        if not self.editor.wrap_selection_in_span():
            common.show_info("请先在正文中选中一段文字（通常是含有数据的一句或一个分句），再点此按钮。", parent=self)

    # -- the preview with each sentence's backing ---------------------------------------------

    def update_preview(self) -> None:
        """The part as the document will print it, each sentence followed by its backing:
        "N 条记录" (click: the records), "本单位填写" or "待填写"."""
        self.previewer.cancel()
        page = self.page
        try:
            source = page.document.section_text(page.year, self.section_key)
            year = page.year if self.editor.is_dirty else source.year
            shown = drafting.preview(page.document, page.period(), self.section_key, self.editor.get_text(),
                                     page.values, page.figures, saved=year is not None, year=year)  # fmt: skip
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
        self.lint_issues = [f"文字检查：{i.message}" for i in issues[:3]]
        if self.lint_issues:
            self.help_label.configure(text="\n".join(self.lint_issues), foreground=common.ERROR_COLOR)
        else:
            self.help_label.configure(text=self.help_text, foreground=common.MUTED_COLOR)

    def _write_preview(self, shown: drafting.Preview) -> None:
        period = self.page.period()
        paragraph = None
        for i, sentence in enumerate(shown.sentences):
            claim = sentence.claim
            if paragraph is not None and claim.paragraph != paragraph:
                self.preview.insert("end", "\n")
            paragraph = claim.paragraph
            self.preview.insert("end", claim.text, ("prompt",) if claim.is_prompt else ())
            style = BACKING_STYLES.get(claim.kind)
            if style is not None:
                label = self.page.counter.label(period, sentence)
                self.preview.insert("end", f"〔{label}〕", ("backing", style, f"b{i}"))
                if sentence.figures:
                    self.preview.tag_bind(f"b{i}", "<Button-1>", lambda e, i=i: self.on_backing_click(i, e))

    def backing_labels(self) -> list[tuple[str, str]]:
        """(sentence, backing) of the preview, as the clerk sees them."""
        period = self.page.period()
        return [(s.claim.text, self.page.counter.label(period, s)) for s in self.preview_sentences
                if s.claim.kind in BACKING_STYLES]  # fmt: skip

    def on_backing_click(self, index: int, event: tkinter.Event | None = None) -> tkinter.Misc | None:
        """"N 条记录": the records behind the sentence (a menu first when several figures back it)."""
        figures = self.preview_sentences[index].figures
        if len(figures) == 1:
            return self.page.open_records(figures[0])
        menu = tkinter.Menu(self, tearoff=False)
        for figure in figures:
            menu.add_command(label=self.page.document.figure_label(figure),
                             command=lambda f=figure: self.page.open_records(f))  # fmt: skip
        if event is not None:
            menu.tk_popup(event.x_root, event.y_root)
        return menu

    # -- the records that name nobody (述法报告) -------------------------------------------------

    def show_missing(self, period: Period) -> None:
        """"12 条会议未填写主持人": one link per kind of record, to the records and their forms
        (in one bar that wraps, under the part's buttons)."""
        for child in self.missing_box.winfo_children():
            child.destroy()
        self.missing_links = []
        document = self.page.document
        found = document.missing(period) if isinstance(document, drafting.ShufaReport) else []
        if not found:
            self.missing_box.grid_remove()
            return
        bar = FlowBar(self.missing_box)
        bar.pack(fill="x")
        bar.add(ttk.Label(bar, text="不能计入任何人的记录：", foreground=common.ERROR_COLOR, font="LawdeskSmall"))
        for missing in found:
            link = ttk.Label(bar, text=missing.message, foreground="#1d4ed8", cursor="hand2", font="LawdeskSmall")
            link.bind("<Button-1>", lambda _e, kind=missing.kind: self.page.open_missing(kind))
            bar.add(link, gap=8)
            self.missing_links.append(link)
        self.missing_box.grid()
