"""The records behind a figure ("why 26?"): a list window opened from 首页 or 年度报告.

It says what the figure counts, lists the records it counts and, below, the records of the
same kind in the period that it leaves out, each with the reason (a 党工委班子会 without
“主要负责人主持/带队” ticked), so a clerk can open one and fix it. It refreshes itself (figure
and rows) whenever the services announce a change of records, so a record fixed in a form opened
from here, or restored from the 回收站, shows at once.
"""

from __future__ import annotations

import tkinter

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.schema import spec_for
from lawdesk.services import figure_reasons, stats
from lawdesk.services.period import Period
from lawdesk.ui import common
from lawdesk.ui.dialogs.record_form import RecordForm
from lawdesk.ui.pages.base import ChangeWatcher
from lawdesk.ui.pages.record_page import cell_text

BEHIND_LIMIT = 1000  # rows shown; the total is still counted


class RecordsBehindWindow(ttk.Toplevel):
    """Every record that a figure counts in a period; double-click opens one.

    Subclasses may scope it (the county page: one office, or every office): ``scope_text``
    names the scope before the period, ``load()`` gives the rows and the figure's value and
    ``extra_columns`` (field name, heading) go before the record type's own columns.
    """

    scope_text = ""
    extra_columns: tuple[tuple[str, str], ...] = ()
    #: Whose records are shown (None: the current scope, as ``stats.compute`` counts).
    unit: object = None

    def __init__(self, master: tkinter.Misc, key: str, period: Period) -> None:
        fig = stats.FIGURES_BY_KEY[key]
        super().__init__(title=f"{fig.label} — 计入的记录", transient=master.winfo_toplevel(),
                         minsize=(700, 360))
        self.key = key
        self.period = period
        self.fig = fig
        self.tree: ttk.Treeview | None = None
        self._build_ui()
        self.refresh()
        common.place_near(self, master, 1040, 620)
        self.bind("<Escape>", lambda _e: self.destroy())
        self.watcher = ChangeWatcher(self, self.refresh, kinds=("records",),
                                     only_when_mapped=False)

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        self.title_label = common.wrapping_label(body, "", font="LawdeskBold")
        self.title_label.pack(anchor="w", fill="x")
        self.rule_label = common.wrapping_label(body, figure_reasons.counts_text(self.key),
                                                muted=True)
        self.rule_label.pack(anchor="w", fill="x", pady=(2, 0))
        self.note_label = common.muted_label(body, "双击一行可以查看或修改这条记录。")
        self.note_label.pack(anchor="w", pady=(2, 8))
        ttk.Button(body, text="关闭", command=self.destroy).pack(side="bottom", anchor="e",
                                                               pady=(8, 0))
        self.left_out_frame = ttk.Frame(body)
        self.left_out_frame.pack(side="bottom", fill="x", pady=(10, 0))
        self.table_frame = ttk.Frame(body)
        self.table_frame.pack(fill="both", expand=True)
        self.left_out_tree: ttk.Treeview | None = None

    def refresh(self) -> None:
        selected = self.tree.selection() if self.tree is not None else ()
        for child in self.table_frame.winfo_children():
            child.destroy()
        kind, rows, total, value = self.load()
        self.kind = kind
        self.spec = spec = spec_for(kind)
        self.rows = rows
        shown = stats.format_value(self.fig, value)
        what = f"{self.scope_text}{self.period.label}“{self.fig.label}”为 {shown}"
        if self.fig.is_rate:
            den = stats.FIGURES_BY_KEY[self.fig.den]
            text = f"{what}。下面是作为分母的“{den.label}”共 {total} 条{spec.label}记录："
        elif self.fig.agg == "sum":
            text = f"{what}，由下面 {total} 条{spec.label}记录的“{spec.field(self.fig.column).label}”相加："
        elif total == 0:
            text = f"{what}：没有计入任何{spec.label}记录。"
        else:
            text = f"{what}，计入的是下面 {total} 条{spec.label}记录："
        if total > BEHIND_LIMIT:
            text += f"（只显示前 {BEHIND_LIMIT} 条）"
        self.title_label.configure(text=text)
        extra = [name for name, _label in self.extra_columns]
        columns = [f.name for f in spec.list_fields]
        frame, self.tree = common.scrolled_tree(self.table_frame, columns=extra + columns,
                                                show="headings", selectmode="browse")
        for name, label in self.extra_columns:
            self.tree.heading(name, text=label)
            self.tree.column(name, stretch=False)
        for f in spec.list_fields:
            self.tree.heading(f.name, text=f.label)
            self.tree.column(f.name, stretch=f.name == spec.title_field)
        common.fit_columns(self.tree, {name: 110 for name in extra}
                           | {f.name: int(f.width * 1.1) for f in spec.list_fields})
        for row in rows:
            self.tree.insert("", "end", iid=str(row["id"]),
                             values=[common.display(row.get(c)) for c in extra]
                             + [cell_text(spec, spec.field(c), row) for c in columns])
        frame.pack(fill="both", expand=True)
        keep = [iid for iid in selected if self.tree.exists(iid)]
        if keep:
            self.tree.selection_set(keep)
            self.tree.see(keep[0])
        self.tree.bind("<Double-1>", lambda _e: self.on_open())
        self.tree.bind("<Return>", lambda _e: self.on_open())
        self._show_left_out()

    def _show_left_out(self) -> None:
        """The records of the kind in the period that the figure does not count, with why."""
        for child in self.left_out_frame.winfo_children():
            child.destroy()
        self.left_out_tree = None
        left = self.load_left_out()
        if not left.total:
            return
        spec = spec_for(left.kind)
        text = f"没有计入的 {left.total} 条{spec.label}记录（双击一行可以修改）："
        if left.total > len(left.rows):
            text += f"（只显示前 {len(left.rows)} 条）"
        ttk.Label(self.left_out_frame, text=text, font="LawdeskBold").pack(anchor="w", pady=(0, 4))
        columns = (spec.date_field, spec.title_field, "reason")
        frame, tree = common.scrolled_tree(self.left_out_frame, columns=columns, show="headings",
                                           selectmode="browse", height=min(3, len(left.rows)))
        tree.heading(spec.date_field, text=spec.field(spec.date_field).label)
        tree.heading(spec.title_field, text=spec.field(spec.title_field).label)
        tree.heading("reason", text="没有计入的原因")
        tree.column(spec.date_field, width=110, stretch=False)
        tree.column(spec.title_field, width=300)
        tree.column("reason", width=420)
        for row in left.rows:
            tree.insert("", "end", iid=str(row["id"]), values=(
                common.display(row.get(spec.date_field)), common.display(row.get(spec.title_field)),
                row["reason"]))
        frame.pack(fill="x")
        tree.bind("<Double-1>", lambda _e: self._open_from(tree, left.kind))
        tree.bind("<Return>", lambda _e: self._open_from(tree, left.kind))
        self.left_out_tree = tree

    def load_left_out(self) -> figure_reasons.LeftOut:
        """The records the figure leaves out, with the reasons (see ``figure_reasons``)."""
        return figure_reasons.left_out(self.key, self.period, self.unit)

    def load(self) -> tuple[str, list[dict[str, object]], int, int | float | None]:
        """(record kind, rows shown, how many there are, the figure's value)."""
        kind, rows, total = stats.rows_behind(self.key, self.period, BEHIND_LIMIT)
        return kind, rows, total, stats.compute(self.period).values.get(self.key)

    def on_open(self) -> RecordForm | None:
        return self._open_from(self.tree, self.kind)

    def _open_from(self, tree: ttk.Treeview | None, kind: str) -> RecordForm | None:
        sel = tree.selection() if tree is not None else ()
        if not sel:
            return None
        try:
            return RecordForm(self, spec_for(kind), int(sel[0]))
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return None
