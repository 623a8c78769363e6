"""The 回收站: records deleted from any list, restorable; 彻底删除 after a confirmation."""

from __future__ import annotations

import tkinter
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.services import records
from lawdesk.ui import common
from lawdesk.ui.pages.base import ChangeWatcher, Page

if TYPE_CHECKING:
    from lawdesk.ui.pages.base import Workbench


class RecycleBinPage(Page, ttk.Frame):
    """Everything in the 回收站, newest deletion first; refreshes itself after any change."""

    page_title = "回收站"

    def __init__(self, master: tkinter.Misc, app: Workbench | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self.entries: dict[str, records.BinEntry] = {}
        self.debouncer = common.Debouncer(self, self.refresh)
        self._build_ui()
        self.watcher = ChangeWatcher(self, self.refresh, kinds=("records",))

    def _build_ui(self) -> None:
        common.page_header(self, "回收站", "删除的记录先放在这里，可以恢复").pack(fill="x")
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(10, 6))
        self.restore_button = ttk.Button(bar, text="恢复所选记录", bootstyle="primary",
                                         command=self.on_restore)
        self.restore_button.pack(side="left")
        self.purge_button = ttk.Button(bar, text="彻底删除", bootstyle="danger-outline",
                                       command=self.on_purge)
        self.purge_button.pack(side="left", padx=8)
        self.search_var = ttk.StringVar()
        self.search_entry = ttk.Entry(bar, textvariable=self.search_var, width=22)
        self.search_entry.pack(side="right")
        ttk.Label(bar, text="搜索 (Ctrl+F)").pack(side="right", padx=6)
        self.search_var.trace_add("write", self.debouncer.trigger)
        frame, self.tree = common.scrolled_tree(self, columns=("label", "title", "deleted"),
                                                show="headings", selectmode="extended")
        widths = {}
        for col, text, width, stretch in (("label", "类型", 130, False),
                                          ("title", "内容", 360, True),
                                          ("deleted", "删除时间", 170, False)):
            self.tree.heading(col, text=text)
            self.tree.column(col, stretch=stretch)
            widths[col] = width
        common.fit_columns(self.tree, widths)
        frame.pack(fill="both", expand=True)
        self.tree.bind("<Double-1>", lambda _e: self.on_restore())
        self.count_label = ttk.Label(self, text="")
        self.count_label.pack(anchor="e", pady=(6, 0))

    def bind_shortcuts(self, top: tkinter.Misc) -> None:
        for seq in ("<Control-f>", "<Control-F>"):
            top.bind(seq, lambda _e: self.focus_search())

    def focus_search(self) -> None:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    def refresh(self) -> None:
        self.tree.delete(*self.tree.get_children())
        self.entries.clear()
        for e in records.recycle_bin(self.search_var.get().strip()):
            iid = f"{e.kind}:{e.record_id}"
            self.entries[iid] = e
            self.tree.insert("", "end", iid=iid,
                             values=(e.label, e.title, common.display(e.deleted_at)))
        n = len(self.entries)
        self.count_label.configure(text=f"回收站中共 {n} 条" if n else "回收站是空的")

    def _selected(self) -> list[records.BinEntry]:
        return [self.entries[i] for i in self.tree.selection() if i in self.entries]

    def on_restore(self) -> None:
        chosen = self._selected()
        if not chosen:
            common.show_info("请先在列表中选择要恢复的记录（可按住 Ctrl 或 Shift 选择多条）。",
                             "没有选择记录", parent=self)
            return
        for e in chosen:
            try:
                records.restore(e.kind, e.record_id)
            except LawdeskError as exc:
                common.show_error(exc.message, parent=self)
        self.refresh()
        self._status(f"已恢复 {len(chosen)} 条记录，回到原来的列表中。")

    def on_purge(self) -> None:
        chosen = self._selected()
        if not chosen:
            common.show_info("请先在列表中选择要彻底删除的记录。", "没有选择记录", parent=self)
            return
        if not common.confirm_danger(
            f"彻底删除所选的 {len(chosen)} 条记录吗？\n彻底删除后无法恢复（佐证材料也会一并删除）。",
            "彻底删除", "彻底删除", parent=self,
        ):
            return
        pending = []
        for e in chosen:
            try:
                pending += records.purge(e.kind, e.record_id).pending_files
            except LawdeskError as exc:
                common.show_error(exc.message, parent=self)
        self.refresh()
        self._status(f"已彻底删除 {len(chosen)} 条记录。")
        if pending:  # issue 9: a file open in another program is deleted later; tell the clerk
            common.show_warning(records.PurgeResult(pending).message, parent=self)

    def _status(self, message: str) -> None:
        if self.app is not None:
            self.app.set_status(message)
