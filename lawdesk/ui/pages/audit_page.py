"""The 操作日志: who changed what and when, searchable; double-click shows old and new values."""

from __future__ import annotations

import json
import tkinter
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk.schema import SPECS_BY_KIND, UNIT_PROFILE
from lawdesk.services import audit, audit_names
from lawdesk.ui import common
from lawdesk.ui.pages.base import ChangeWatcher, Page

if TYPE_CHECKING:
    from lawdesk.models import AuditLog
    from lawdesk.ui.pages.base import Workbench

PAGE_SIZE = 100


def summary_text(row: AuditLog, sections: dict[str, str] | None = None) -> str:
    """An entry's summary as the clerk reads it: internal names in Chinese, numbers masked."""
    return audit.mask_text(audit_names.readable(row.record_kind, row.summary, sections))


def field_labels(kind: str) -> dict[str, str]:
    spec = SPECS_BY_KIND.get(kind)
    fields = spec.all_fields if spec else (UNIT_PROFILE.fields if kind == "settings" else ())
    labels = {f.name: f.label for f in fields}
    labels.update({"text": "内容", "file": "文件", "safety_copy": "恢复前的备份", "damaged_file": "移到一旁的损坏文件"})
    labels.update({k: s.label for k, s in SPECS_BY_KIND.items() if k not in labels})
    return labels


def _decode(text: str | None) -> dict[str, object]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"": text}
    return value if isinstance(value, dict) else {"": value}


class AuditPage(Page, ttk.Frame):
    """Newest entries first, a page of 100 at a time; refreshes itself after any change."""

    page_title = "操作日志"

    def __init__(self, master: tkinter.Misc, app: Workbench | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self.page = 1
        self.rows: dict[str, AuditLog] = {}
        self.debouncer = common.Debouncer(self, self.on_search)
        self._pages = 1
        self._build_ui()
        self.watcher = ChangeWatcher(self, self.refresh)

    def _build_ui(self) -> None:
        common.page_header(self, "操作日志", "每一次新增、修改、删除、恢复都记录在这里").pack(fill="x")
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(10, 6))
        common.muted_label(bar, "双击一行查看修改前后的内容").pack(side="left")
        self.search_var = ttk.StringVar()
        self.search_entry = ttk.Entry(bar, textvariable=self.search_var, width=22)
        self.search_entry.pack(side="right")
        ttk.Label(bar, text="搜索 (Ctrl+F)").pack(side="right", padx=6)
        self.search_var.trace_add("write", self.debouncer.trigger)
        pager = ttk.Frame(self)
        pager.pack(side="bottom", fill="x", pady=(6, 0))
        self.prev_button = ttk.Button(pager, text="‹ 上一页", bootstyle="secondary-outline",
                                      command=self.on_prev)
        self.prev_button.pack(side="left")
        self.page_label = ttk.Label(pager, text="")
        self.page_label.pack(side="left", padx=10)
        self.next_button = ttk.Button(pager, text="下一页 ›", bootstyle="secondary-outline",
                                      command=self.on_next)
        self.next_button.pack(side="left")
        self.total_label = ttk.Label(pager, text="")
        self.total_label.pack(side="right")
        frame, self.tree = common.scrolled_tree(self, columns=("at", "user", "summary"),
                                                show="headings", selectmode="browse")
        widths = {}
        for col, text, width, stretch in (("at", "时间", 170, False), ("user", "操作员", 110, False),
                                          ("summary", "操作", 400, True)):
            self.tree.heading(col, text=text)
            self.tree.column(col, stretch=stretch)
            widths[col] = width
        common.fit_columns(self.tree, widths)
        frame.pack(fill="both", expand=True)
        self.tree.bind("<Double-1>", lambda _e: self.on_details())
        self.tree.bind("<Return>", lambda _e: self.on_details())

    def bind_shortcuts(self, top: tkinter.Misc) -> None:
        for seq in ("<Control-f>", "<Control-F>"):
            top.bind(seq, lambda _e: self.focus_search())

    def focus_search(self) -> None:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    def on_search(self) -> None:
        self.page = 1
        self.refresh()

    def refresh(self) -> None:
        result = audit.entries(self.search_var.get().strip(), page=self.page, page_size=PAGE_SIZE)
        pages = max(1, -(-result.total // PAGE_SIZE))
        self.tree.delete(*self.tree.get_children())
        self.rows.clear()
        sections = audit_names.section_names()
        for row in result.rows:
            self.rows[str(row.id)] = row
            self.tree.insert("", "end", iid=str(row.id),
                             values=(common.display(row.at), row.user, summary_text(row, sections)))
        self.page_label.configure(text=f"第 {self.page}/{pages} 页")
        self.total_label.configure(text=f"共 {result.total} 条")
        self.prev_button.configure(state="normal" if self.page > 1 else "disabled")
        self.next_button.configure(state="normal" if self.page < pages else "disabled")
        self._pages = pages

    def on_prev(self) -> None:
        if self.page > 1:
            self.page -= 1
            self.refresh()

    def on_next(self) -> None:
        if self.page < self._pages:
            self.page += 1
            self.refresh()

    def on_details(self) -> ttk.Toplevel | None:
        sel = self.tree.selection()
        if not sel:
            return None
        return AuditDetails(self, self.rows[sel[0]])


class AuditDetails(ttk.Toplevel):
    """Old and new values of one entry, field by field."""

    def __init__(self, master: tkinter.Misc, row: AuditLog) -> None:
        super().__init__(title="操作详情", transient=master.winfo_toplevel())
        common.place_near(self, master, 780, 480)
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        common.wrapping_label(body, summary_text(row), font="LawdeskBold").pack(
            anchor="w", fill="x")
        common.muted_label(body, f"{common.display(row.at)}　操作员：{row.user}").pack(
            anchor="w", pady=(2, 8))
        ttk.Button(body, text="关闭", command=self.destroy).pack(side="bottom", anchor="e",
                                                               pady=(8, 0))
        frame, self.tree = common.scrolled_tree(body, columns=("field", "old", "new"),
                                                show="headings", height=4)
        for col, text, width in (("field", "项目", 160), ("old", "原来", 260), ("new", "现在", 260)):
            self.tree.heading(col, text=text)
            self.tree.column(col, width=width, stretch=col != "field")
        frame.pack(fill="both", expand=True)
        labels = field_labels(row.record_kind)
        old, new = _decode(row.old_values), _decode(row.new_values)
        for name in dict.fromkeys([*old, *new]):
            label = labels.get(name) or audit_names.setting_name(name)
            self.tree.insert("", "end", values=(  # phone and ID numbers masked (issue 9)
                label, _text(audit.mask_value(row.record_kind, name, old.get(name))),
                _text(audit.mask_value(row.record_kind, name, new.get(name)))))
        if not old and not new:
            self.tree.insert("", "end", values=("", "（没有记录具体内容）", ""))
        self.bind("<Escape>", lambda _e: self.destroy())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).replace("\n", " ")
