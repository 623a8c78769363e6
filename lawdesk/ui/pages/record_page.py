"""The list page of one record type, generated from its ``RecordSpec``.

Search-as-you-type (debounced), filters (period, community, the main choice field), sortable
columns and paging all go to ``records.list_records`` one page at a time, so the page stays
instant with 100,000 records. Ctrl+N adds, Enter/double-click edits, Delete moves the selected
record to the 回收站 after a confirmation, Ctrl+F jumps to the search box. The list refreshes
itself when the services announce a change of its records (a restore from the 回收站, a save in a
form opened elsewhere, an import). At the county (a database of several units) the list starts
with a 单位 column and the filters with 单位: every office's records, or one office's.
"""

from __future__ import annotations

import datetime as dt
import tkinter
from collections.abc import Callable

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError, NotFoundError
from lawdesk.schema import FieldSpec, RecordSpec
from lawdesk.services import records
from lawdesk.services.period import Period, parse_period
from lawdesk.ui import common
from lawdesk.ui.dialogs.record_form import RecordForm
from lawdesk.ui.pages.base import ChangeWatcher, Page
from lawdesk.ui.widgets import unit_chooser

ALL = "全部"
ALL_UNITS = "全部单位"
UNIT_COLUMN = "__unit"
CUSTOM = "自定义…"
PAGE_SIZE = 50
YEARS_BACK = 8


def year_choices(today: dt.date | None = None) -> list[str]:
    today = today or dt.date.today()
    return [ALL, *(f"{y}年" for y in range(today.year, today.year - YEARS_BACK, -1)), CUSTOM]


def main_choice_field(spec: RecordSpec) -> FieldSpec | None:
    """The field a clerk filters by most (the first drop-down field: 会议类型, 纠纷类型 …)."""
    for f in spec.fields:
        if f.kind == "choice":
            return f
    return None


def cell_text(spec: RecordSpec, f: FieldSpec, row: dict[str, object]) -> str:
    if f.kind == "ref":
        return common.display(row.get(f"{f.name}_name"))
    if f.kind == "bool":
        return "✓" if row.get(f.name) else ""
    return common.display(row.get(f.name), f.kind)


class PeriodError(ValueError):
    """A custom period that cannot be used (the message is for the clerk)."""


class RecordPage(Page, ttk.Frame):
    """List, filter, add, edit and delete the records of one type."""

    def __init__(self, master: tkinter.Misc, spec: RecordSpec,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.spec = spec
        self.page_title = spec.label
        self.status = status or (lambda _m: None)
        self.page = 1
        self.sort = ""
        self.descending = True
        self.current: records.Page | None = None
        self.form: RecordForm | None = None
        self._community_ids: dict[str, int] = {}
        self.by_units = unit_chooser.needed()  # the county: records of several units
        self.unit_names: dict[int, str] = {}
        self._unit_ids: dict[str, int] = {}
        self.debouncer = common.Debouncer(self, self.on_filter_changed)
        self._build_ui()
        self.refresh()
        refs = {f.ref for f in spec.all_fields if f.kind == "ref"}
        self.watcher = ChangeWatcher(self, self.refresh_keeping_selection, kinds=("records",),
                                     relevant=lambda c: c.table == spec.kind or c.table in refs)

    def show(self) -> None:
        self.refresh_keeping_selection()

    def refresh_keeping_selection(self) -> None:
        self.refresh(select_id=self.selected_id())

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        common.page_header(self, self.spec.label, self.spec.description).pack(fill="x")
        self._build_toolbar()
        self._build_filters()
        self._build_pager()
        self._build_table()

    def _build_toolbar(self) -> None:
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(10, 6))
        self.add_button = ttk.Button(bar, text=f"＋ 新增{self.spec.label}", bootstyle="primary",
                                     command=self.on_add)
        self.add_button.pack(side="left")
        self.edit_button = ttk.Button(bar, text="修改", command=self.on_edit)
        self.edit_button.pack(side="left", padx=(8, 0))
        self.delete_button = ttk.Button(bar, text="删除", bootstyle="danger-outline",
                                        command=self.on_delete)
        self.delete_button.pack(side="left", padx=(8, 0))
        self.unit_var = ttk.StringVar(value=ALL_UNITS)
        self.unit_box: ttk.Combobox | None = None
        if self.by_units:  # in the toolbar: the filter row has no room left at 1024 px
            self._build_unit_filter(bar)
        self.search_var = ttk.StringVar()
        self.search_entry = ttk.Entry(bar, textvariable=self.search_var, width=22)
        self.search_entry.pack(side="right")
        ttk.Label(bar, text="搜索 (Ctrl+F)").pack(side="right", padx=(0, 6))
        self.search_var.trace_add("write", self.debouncer.trigger)

    def _build_filters(self) -> None:
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        self.filter_bar = bar
        ttk.Label(bar, text="期间").pack(side="left")
        self.period_var = ttk.StringVar(value=ALL)
        self.period_box = ttk.Combobox(bar, textvariable=self.period_var, values=year_choices(),
                                       state="readonly", width=9)
        self.period_box.pack(side="left", padx=(4, 4))
        self.period_box.bind("<<ComboboxSelected>>", lambda _e: self.on_period_selected())
        # the custom dates get a line of their own under the filters (so that at 1024 px they
        # never push the other filters and 清除筛选 off the page)
        self.custom_frame = ttk.Frame(self)
        self.start_var = ttk.StringVar()
        self.end_var = ttk.StringVar()
        ttk.Label(self.custom_frame, text="自定义期间").pack(side="left")
        self.start_entry = ttk.Entry(self.custom_frame, textvariable=self.start_var, width=11)
        self.start_entry.pack(side="left", padx=(6, 0))
        ttk.Label(self.custom_frame, text="至").pack(side="left", padx=3)
        self.end_entry = ttk.Entry(self.custom_frame, textvariable=self.end_var, width=11)
        self.end_entry.pack(side="left")
        self.period_button = ttk.Button(self.custom_frame, text="确定", command=self.on_filter_changed,
                                        bootstyle="secondary-outline")
        self.period_button.pack(side="left", padx=(4, 0))
        for entry in (self.start_entry, self.end_entry):
            entry.bind("<Return>", lambda _e: self.on_filter_changed())
        self.period_hint = common.wrapping_label(self.custom_frame, "",
                                                 foreground=common.ERROR_COLOR)
        self.period_hint.pack(side="left", fill="x", expand=True, padx=6)

        self.community_var = ttk.StringVar(value="全部社区")
        self.community_box: ttk.Combobox | None = None
        if self.spec.common:
            ttk.Label(bar, text="社区").pack(side="left", padx=(12, 0))
            self.community_box = ttk.Combobox(bar, textvariable=self.community_var,
                                              state="readonly", width=10)
            self.community_box.pack(side="left", padx=4)
            self.community_box.bind("<<ComboboxSelected>>", lambda _e: self.on_filter_changed())
            self.community_box.bind("<Button-1>", lambda _e: self._load_communities(), add="+")
            self._load_communities()

        self.choice_field = main_choice_field(self.spec)
        self.choice_var = ttk.StringVar(value=ALL)
        if self.choice_field is not None:
            ttk.Label(bar, text=self.choice_field.label).pack(side="left", padx=(12, 0))
            box = ttk.Combobox(bar, textvariable=self.choice_var, state="readonly",
                               values=[ALL, *self.choice_field.choices], width=12)
            box.pack(side="left", padx=4)
            box.bind("<<ComboboxSelected>>", lambda _e: self.on_filter_changed())
        ttk.Button(bar, text="清除筛选", bootstyle="link", command=self.on_clear_filters).pack(
            side="left", padx=(8, 0))

    def _build_unit_filter(self, bar: ttk.Frame) -> None:
        """单位: every office's records (the default) or one office's, at the county."""
        ttk.Label(bar, text="单位").pack(side="left", padx=(16, 0))
        self.unit_box = ttk.Combobox(bar, textvariable=self.unit_var, state="readonly", width=11)
        self.unit_box.pack(side="left", padx=(4, 0))
        self.unit_box.bind("<<ComboboxSelected>>", lambda _e: self.on_unit_selected())
        self.unit_box.bind("<Button-1>", lambda _e: self._load_units(), add="+")
        self._load_units()

    def _load_units(self) -> None:
        from lawdesk.services import units

        found = units.list_units()
        self.unit_names = {u.id: str(u.name) for u in found}
        self._unit_ids = {unit_chooser.label(u): u.id for u in found}
        if self.unit_box is not None:
            self.unit_box.configure(values=[ALL_UNITS, *self._unit_ids])

    def unit_filter(self) -> int | None:
        """The office chosen in the 单位 filter (None: every unit)."""
        return self._unit_ids.get(self.unit_var.get())

    def _build_table(self) -> None:
        fields = self.spec.list_fields
        self.columns = ([UNIT_COLUMN] if self.by_units else []) + [f.name for f in fields]
        frame = ttk.Frame(self)
        frame.pack(fill="both", expand=True)
        # a small requested height: the list takes whatever room is left, and never pushes the
        # page taller than the window
        self.tree = ttk.Treeview(frame, columns=self.columns, show="headings", selectmode="browse",
                                 height=4)
        ybar = ttk.Scrollbar(frame, orient="vertical", command=self.tree.yview)
        xbar = ttk.Scrollbar(frame, orient="horizontal", command=self.tree.xview)
        self.tree.configure(yscrollcommand=ybar.set, xscrollcommand=xbar.set)
        self.tree.grid(row=0, column=0, sticky="nsew")
        ybar.grid(row=0, column=1, sticky="ns")
        xbar.grid(row=1, column=0, sticky="we")
        frame.rowconfigure(0, weight=1)
        frame.columnconfigure(0, weight=1)
        for f in fields:
            self.tree.heading(f.name, text=f.label, command=lambda n=f.name: self.on_sort(n))
            stretch = f.name == self.spec.title_field
            anchor = "center" if f.kind in ("bool", "date") else (
                "e" if f.kind in ("int", "decimal") else "w")
            self.tree.column(f.name, stretch=stretch, anchor=anchor)
        widths = {f.name: int(f.width * 1.15) for f in fields}
        if self.by_units:
            self.tree.heading(UNIT_COLUMN, text="单位")
            self.tree.column(UNIT_COLUMN, stretch=False, anchor="w")
            widths = {UNIT_COLUMN: 96, **widths}
        common.fit_columns(self.tree, widths)
        common.keep_focus_row(self.tree)
        self.tree.bind("<Double-1>", self.on_double_click)
        self.tree.bind("<Return>", lambda _e: self.on_edit())
        self.tree.bind("<Delete>", lambda _e: self.on_delete())
        self.empty_label = common.muted_label(self.tree, "")
        self._update_headings()

    def _build_pager(self) -> None:
        bar = ttk.Frame(self)
        bar.pack(side="bottom", fill="x", pady=(6, 0))
        self.prev_button = ttk.Button(bar, text="‹ 上一页", command=self.on_prev,
                                      bootstyle="secondary-outline")
        self.prev_button.pack(side="left")
        self.page_label = ttk.Label(bar, text="第 1/1 页")
        self.page_label.pack(side="left", padx=10)
        self.next_button = ttk.Button(bar, text="下一页 ›", command=self.on_next,
                                      bootstyle="secondary-outline")
        self.next_button.pack(side="left")
        self.total_label = ttk.Label(bar, text="共 0 条")
        self.total_label.pack(side="right")
        common.muted_label(bar, "Ctrl+N 新增　Enter 修改　Delete 删除　Ctrl+F 搜索").pack(
            side="right", padx=12)

    def bind_shortcuts(self, top: tkinter.Misc) -> None:
        """Page shortcuts, bound by the main window while this page is shown."""
        top.bind("<Control-n>", lambda _e: self.on_add())
        top.bind("<Control-N>", lambda _e: self.on_add())
        top.bind("<Control-f>", lambda _e: self.focus_search())
        top.bind("<Control-F>", lambda _e: self.focus_search())


    # -- query -------------------------------------------------------------------------------

    def _load_communities(self) -> None:
        if self.community_box is None:
            return
        self._community_ids = {name: rid for rid, name in records.choices_for_ref("community",
                                                                                  unit=self.unit_filter())}
        self.community_box.configure(values=["全部社区", *self._community_ids])

    def period(self) -> Period | None:
        """The chosen period; None for 全部. Raises ``PeriodError`` for a bad custom period."""
        choice = self.period_var.get()
        if choice == ALL:
            return None
        try:
            if choice == CUSTOM:
                return parse_period(start=self.start_var.get().strip(), end=self.end_var.get().strip())
            return parse_period(year=choice)
        except LawdeskError as exc:
            raise PeriodError(exc.message) from None

    def query(self) -> records.ListQuery:
        equals: dict[str, object] = {}
        if self.choice_field is not None and self.choice_var.get() not in ("", ALL):
            equals[self.choice_field.name] = self.choice_var.get()
        return records.ListQuery(
            search=self.search_var.get().strip(),
            period=self.period(),
            community_id=self._community_ids.get(self.community_var.get()),
            equals=equals,
            sort=self.sort,
            descending=self.descending,
            page=self.page,
            page_size=PAGE_SIZE,
        )

    def refresh(self, select_id: int | None = None) -> None:
        """Load the current page again (after a filter change, a save or a delete)."""
        try:
            query = self.query()
        except PeriodError as exc:
            self._show_period_error(str(exc))
            return
        self.period_hint.configure(text="")
        unit = self.unit_filter()
        page = records.list_records(self.spec.kind, query, unit=unit)
        if page.page > page.pages and page.total:
            self.page = page.pages
            page = records.list_records(self.spec.kind, self.query(), unit=unit)
        self.current = page
        self.tree.delete(*self.tree.get_children())
        for row in page.rows:
            values = [self._cell(c, row) for c in self.columns]
            self.tree.insert("", "end", iid=str(row["id"]), values=values)
        self.page_label.configure(text=f"第 {page.page}/{page.pages} 页")
        self.total_label.configure(text=f"共 {page.total} 条")
        self.prev_button.configure(state="normal" if page.page > 1 else "disabled")
        self.next_button.configure(state="normal" if page.page < page.pages else "disabled")
        self._show_empty_hint(page)
        if select_id is not None and self.tree.exists(str(select_id)):
            self.tree.selection_set(str(select_id))
            self.tree.see(str(select_id))
        elif page.rows:
            first = str(page.rows[0]["id"])
            self.tree.selection_set(first)
            self.tree.focus(first)

    def _cell(self, column: str, row: dict[str, object]) -> str:
        if column == UNIT_COLUMN:
            unit_id = row.get("office", row.get("unit_id"))
            if unit_id not in self.unit_names:
                self._load_units()  # an office imported since
            return self.unit_names.get(unit_id, "")  # type: ignore[arg-type]
        return cell_text(self.spec, self.spec.field(column), row)

    def _show_period_error(self, message: str) -> None:
        """A bad custom period lists nothing and says why (it never quietly lists everything)."""
        self.current = None
        self.tree.delete(*self.tree.get_children())
        self.period_hint.configure(text=message)
        self.total_label.configure(text="期间有误")
        self.page_label.configure(text="第 1/1 页")
        self.prev_button.configure(state="disabled")
        self.next_button.configure(state="disabled")
        self.empty_label.configure(text=f"{message}\n请改正期间（格式 YYYY-MM-DD），或点“清除筛选”。")
        self.empty_label.place(relx=0.5, rely=0.3, anchor="center")

    def _show_empty_hint(self, page: records.Page) -> None:
        if page.total:
            self.empty_label.place_forget()
            return
        filtered = bool(self.search_var.get().strip() or self.period_var.get() != ALL
                        or self.choice_var.get() != ALL or self.community_var.get() != "全部社区"
                        or self.unit_var.get() != ALL_UNITS)
        text = ("没有符合条件的记录。可以换个关键词，或点“清除筛选”。" if filtered
                else f"还没有{self.spec.label}记录。点左上角“新增{self.spec.label}”（或按 Ctrl+N）开始登记。")
        self.empty_label.configure(text=text)
        self.empty_label.place(relx=0.5, rely=0.3, anchor="center")

    def _update_headings(self) -> None:
        active = self.sort or self.spec.date_field
        for f in self.spec.list_fields:
            arrow = (" ▼" if self.descending else " ▲") if f.name == active else ""
            self.tree.heading(f.name, text=f"{f.label}{arrow}")

    # -- handlers ----------------------------------------------------------------------------

    def on_filter_changed(self) -> None:
        self.page = 1
        self.refresh()

    def on_unit_selected(self) -> None:
        """Another office: its own 社区 in the 社区 filter."""
        self.community_var.set("全部社区")
        self._load_communities()
        self.on_filter_changed()

    def on_period_selected(self) -> None:
        if self.period_var.get() == CUSTOM:
            self.custom_frame.pack(fill="x", pady=(0, 6), after=self.filter_bar)
            if not self.start_var.get():
                year = dt.date.today().year
                self.start_var.set(f"{year}-01-01")
                self.end_var.set(dt.date.today().isoformat())
        else:
            self.custom_frame.pack_forget()
        self.on_filter_changed()

    def on_clear_filters(self) -> None:
        self.debouncer.cancel()
        self.search_var.set("")
        self.debouncer.cancel()
        self.period_var.set(ALL)
        self.custom_frame.pack_forget()
        self.community_var.set("全部社区")
        self.choice_var.set(ALL)
        self.unit_var.set(ALL_UNITS)
        self._load_communities()
        self.on_filter_changed()

    def on_sort(self, name: str) -> None:
        if (self.sort or self.spec.date_field) == name:
            self.descending = not self.descending
        else:
            self.sort = name
            self.descending = self.spec.field(name).kind in ("date", "int", "decimal")
        self._update_headings()
        self.page = 1
        self.refresh()

    def on_prev(self) -> None:
        if self.page > 1:
            self.page -= 1
            self.refresh()

    def on_next(self) -> None:
        if self.current and self.page < self.current.pages:
            self.page += 1
            self.refresh()

    def focus_search(self) -> None:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    def selected_id(self) -> int | None:
        sel = self.tree.selection()
        return int(sel[0]) if sel else None

    def on_double_click(self, event: tkinter.Event) -> None:
        if self.tree.identify_region(event.x, event.y) == "heading":
            return
        self.on_edit()

    def open_form(self, record_id: int | None = None) -> RecordForm:
        if self.form is not None and self.form.winfo_exists():
            self.form.lift()
            self.form.focus_force()
            return self.form
        self.form = RecordForm(self, self.spec, record_id, on_saved=self.on_saved)
        return self.form

    def on_add(self) -> RecordForm:
        return self.open_form(None)

    def on_edit(self) -> RecordForm | None:
        record_id = self.selected_id()
        if record_id is None:
            self.status("请先在列表中选择一条记录。")
            return None
        try:
            return self.open_form(record_id)
        except NotFoundError as exc:
            common.show_error(exc.message, parent=self)
            self.refresh()
            return None

    def on_saved(self, record_id: int) -> None:
        self.form = None
        self.refresh(select_id=record_id)
        self.status(f"已保存{self.spec.label}。")

    def on_delete(self) -> None:
        record_id = self.selected_id()
        if record_id is None:
            self.status("请先在列表中选择要删除的记录。")
            return
        title = self._row_title(record_id)
        if not common.confirm_danger(
            f"删除这条{self.spec.label}记录吗？\n\n{title}\n\n删除后可以在“回收站”中恢复。",
            "删除", "删除记录", parent=self,
        ):
            return
        try:
            records.delete(self.spec.kind, record_id)
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            self.refresh()
            return
        self.refresh()
        self.status(f"已删除，可在“回收站”中恢复：{title}")

    def _row_title(self, record_id: int) -> str:
        for row in self.current.rows if self.current else []:
            if row["id"] == record_id:
                day = common.display(row.get(self.spec.date_field))
                return f"{day} {common.display(row.get(self.spec.title_field))}".strip()
        return f"编号 {record_id}"
