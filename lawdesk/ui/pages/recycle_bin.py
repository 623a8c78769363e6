"""The 回收站: records deleted from any list, restorable; 彻底删除 after a confirmation."""

from __future__ import annotations

import tkinter
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.services import records
from lawdesk.ui import common

if TYPE_CHECKING:
    from lawdesk.ui.main_window import MainWindow


class RecycleBinPage(ttk.Frame):
    """Everything in the 回收站, newest deletion first."""

    def __init__(self, master: tkinter.Misc, app: MainWindow | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self.entries: dict[str, records.BinEntry] = {}
        self.debouncer = common.Debouncer(self, self.refresh)
        self._build_ui()

    def _build_ui(self) -> None:
        common.page_header(self, "回收站", "删除的记录先放在这里，可以恢复").pack(fill="x")
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(10, 6))
        self.restore_button = ttk.Button(bar, text="恢复所选记录", bootstyle="primary",
                                         command=self.on_restore)
        self.restore_button.pack(side="left")
        ttk.Button(bar, text="彻底删除", bootstyle="danger-outline", command=self.on_purge).pack(
            side="left", padx=8)
        self.search_var = ttk.StringVar()
        ttk.Entry(bar, textvariable=self.search_var, width=28).pack(side="right")
        ttk.Label(bar, text="搜索").pack(side="right", padx=6)
        self.search_var.trace_add("write", self.debouncer.trigger)
        frame, self.tree = common.scrolled_tree(self, columns=("label", "title", "deleted"),
                                                show="headings", selectmode="extended")
        for col, text, width, stretch in (("label", "类型", 130, False),
                                          ("title", "内容", 520, True),
                                          ("deleted", "删除时间", 170, False)):
            self.tree.heading(col, text=text)
            self.tree.column(col, width=width, stretch=stretch)
        frame.pack(fill="both", expand=True)
        self.tree.bind("<Double-1>", lambda _e: self.on_restore())
        self.count_label = ttk.Label(self, text="")
        self.count_label.pack(anchor="e", pady=(6, 0))

    def on_show(self) -> None:
        self.refresh()

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
            self._status("请先选择要恢复的记录。")
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
            self._status("请先选择要彻底删除的记录。")
            return
        if not common.confirm(
            f"彻底删除所选的 {len(chosen)} 条记录吗？\n彻底删除后无法恢复（佐证材料也会一并删除）。",
            "彻底删除", parent=self,
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
