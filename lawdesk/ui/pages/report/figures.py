"""统计数据: every figure of the period beside the same period of the year before; double-click
shows the records behind one (a 述法报告: the person's own)."""

from __future__ import annotations

import tkinter

import ttkbootstrap as ttk

from lawdesk.services import drafting
from lawdesk.ui import common
from lawdesk.ui.pages.report.desk import ReportDesk


class FiguresView(ttk.Frame):
    def __init__(self, master: tkinter.Misc, page: ReportDesk) -> None:
        super().__init__(master, padding=10)
        self.page = page
        common.muted_label(self, "双击一项，查看计入它的每一条记录").pack(anchor="w", pady=(0, 4))
        frame, self.figure_tree = common.scrolled_tree(self, columns=("value", "previous"), show="tree headings",
                                                       selectmode="browse")  # fmt: skip
        self.figure_tree.heading("#0", text="项目")
        self.figure_tree.heading("value", text="本期")
        self.figure_tree.heading("previous", text="上年同期")
        self.figure_tree.column("#0", width=320, stretch=True)
        self.figure_tree.column("value", width=100, anchor="e", stretch=False)
        self.figure_tree.column("previous", width=100, anchor="e", stretch=False)
        frame.pack(fill="both", expand=True)
        self.figure_tree.bind("<Double-1>", lambda _e: self.on_figure_open())
        self.figure_tree.bind("<Return>", lambda _e: self.on_figure_open())
        self.keys: set[str] = set()

    def kind_changed(self) -> None:
        self.figure_tree.delete(*self.figure_tree.get_children())

    def fill(self, rows: list[drafting.FigureRow]) -> None:
        tree = self.figure_tree
        tree.delete(*tree.get_children())
        sections: dict[str, str] = {}
        for row in rows:
            parent = sections.get(row.section)
            if parent is None:
                parent = sections[row.section] = tree.insert("", "end", text=row.section, open=True)
            tree.insert(parent, "end", iid=row.key, text=row.label, values=(row.value, row.previous))
        self.keys = {row.key for row in rows}

    def on_figure_open(self) -> tkinter.Misc | None:
        sel = self.figure_tree.selection()
        if not sel or sel[0] not in self.keys:
            return None
        return self.page.open_records(sel[0])
