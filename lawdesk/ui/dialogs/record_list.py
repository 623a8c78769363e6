"""A list of records a report speaks of, each one double-click from its form.

The 述法报告's editor opens it for the records behind a sentence (the person's own: "本人主持召开
专题会议4次" → those 4 meetings) and for the records that do not say who chaired or led ("12 条
会议未填写主持人"), so the clerk can fill in the name and make the report true. It refreshes itself
when records change, so a record fixed in a form opened from here leaves the list at once.
"""

from __future__ import annotations

import tkinter
from collections.abc import Callable

import ttkbootstrap as ttk
from peewee import ModelSelect

from lawdesk.errors import LawdeskError
from lawdesk.schema import spec_for
from lawdesk.services import records
from lawdesk.ui import common
from lawdesk.ui.dialogs.record_form import RecordForm
from lawdesk.ui.pages.base import ChangeWatcher
from lawdesk.ui.pages.record_page import cell_text

LIMIT = 1000


class RecordListWindow(ttk.Toplevel):
    """The records ``load()`` gives ((kind, query)); ``heading(count)`` says what they are."""

    def __init__(self, master: tkinter.Misc, title: str, load: Callable[[], tuple[str, ModelSelect]],
                 heading: Callable[[int], str]) -> None:  # fmt: skip
        super().__init__(title=title, transient=master.winfo_toplevel(), minsize=(640, 320))
        self.load = load
        self.heading = heading
        self.tree: ttk.Treeview | None = None
        self.rows: list[dict[str, object]] = []
        self._build_ui()
        self.refresh()
        common.place_near(self, master, 960, 520)
        self.bind("<Escape>", lambda _e: self.destroy())
        self.watcher = ChangeWatcher(self, self.refresh, kinds=("records",), only_when_mapped=False)

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        self.title_label = common.wrapping_label(body, "", font="LawdeskBold")
        self.title_label.pack(anchor="w", fill="x")
        common.muted_label(body, "双击一行可以查看或修改这条记录。").pack(anchor="w", pady=(2, 8))
        ttk.Button(body, text="关闭", command=self.destroy).pack(side="bottom", anchor="e", pady=(8, 0))
        self.table_frame = ttk.Frame(body)
        self.table_frame.pack(fill="both", expand=True)

    def refresh(self) -> None:
        for child in self.table_frame.winfo_children():
            child.destroy()
        kind, query = self.load()
        self.kind = kind
        spec = spec_for(kind)
        total = query.count()
        self.rows = records.display_rows(kind, query, LIMIT)
        self.title_label.configure(text=self.heading(total) + (f"（只显示前 {LIMIT} 条）" if total > LIMIT else ""))
        columns = [f.name for f in spec.list_fields]
        frame, self.tree = common.scrolled_tree(self.table_frame, columns=columns, show="headings", selectmode="browse")
        for f in spec.list_fields:
            self.tree.heading(f.name, text=f.label)
            self.tree.column(f.name, stretch=f.name == spec.title_field)
        common.fit_columns(self.tree, {f.name: int(f.width * 1.1) for f in spec.list_fields})
        for row in self.rows:
            self.tree.insert("", "end", iid=str(row["id"]), values=[cell_text(spec, spec.field(c), row) for c in columns])
        frame.pack(fill="both", expand=True)
        self.tree.bind("<Double-1>", lambda _e: self.on_open())
        self.tree.bind("<Return>", lambda _e: self.on_open())

    def on_open(self) -> RecordForm | None:
        sel = self.tree.selection() if self.tree is not None else ()
        if not sel:
            return None
        try:
            return RecordForm(self, spec_for(self.kind), int(sel[0]))
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return None
