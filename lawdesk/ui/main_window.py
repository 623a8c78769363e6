"""The main window: navigation by the clerk's work groups, the page area and a status bar.

Pages are built the first time they are shown (and their modules imported then), so startup
stays quick and matplotlib / python-docx are not loaded until a page needs them.
"""

from __future__ import annotations

import importlib
import logging
import tkinter
from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk.schema import GROUPS, RECORD_SPECS, spec_for
from lawdesk.services import audit, settings
from lawdesk.ui import common

logger = logging.getLogger(__name__)

HOME = "home"
REPORT = "report"
SETTINGS = "settings"
BIN = "bin"
AUDIT = "audit"
BACKUP = "backup"
EXCEL = "excel"  # opens the Excel 台账与迎检 dialog (lawdesk.ui.dialogs.excel_dialog), not a page

# key → (module, class) of the non-record pages
PAGE_CLASSES: dict[str, tuple[str, str]] = {
    HOME: ("lawdesk.ui.pages.dashboard", "DashboardPage"),
    REPORT: ("lawdesk.ui.pages.report_page", "ReportPage"),
    SETTINGS: ("lawdesk.ui.pages.settings_page", "SettingsPage"),
    BIN: ("lawdesk.ui.pages.recycle_bin", "RecycleBinPage"),
    AUDIT: ("lawdesk.ui.pages.audit_page", "AuditPage"),
    BACKUP: ("lawdesk.ui.pages.backup_page", "BackupPage"),
}
PAGE_LABELS = {
    HOME: "首页",
    REPORT: "年度报告",
    SETTINGS: "单位设置",
    BIN: "回收站",
    AUDIT: "操作日志",
    BACKUP: "备份与恢复",
}


def record_key(kind: str) -> str:
    return f"kind:{kind}"


class MainWindow(ttk.Frame):
    """Navigation on the left, the current page on the right, a status bar at the bottom."""

    def __init__(self, master: tkinter.Misc, db_path: Path, *, first_run: bool = True) -> None:
        super().__init__(master)
        self.db_path = Path(db_path)
        self.pages: dict[str, tkinter.Widget] = {}
        self.current_key: str | None = None
        self._build_ui()
        self.update_title()
        self.show_page(HOME)
        if first_run and not settings.profile_is_complete():
            self.after(300, self.show_welcome)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.status_bar = self._build_status_bar()
        self.status_bar.pack(side="bottom", fill="x")
        ttk.Separator(self).pack(side="bottom", fill="x")
        body = ttk.Frame(self)
        body.pack(fill="both", expand=True)
        nav = self._build_nav(body)
        nav.pack(side="left", fill="y")
        ttk.Separator(body, orient="vertical").pack(side="left", fill="y")
        self.content = ttk.Frame(body)
        self.content.pack(side="left", fill="both", expand=True)

    def _build_nav(self, master: tkinter.Misc) -> ttk.Frame:
        frame = ttk.Frame(master, padding=(8, 10, 4, 8))
        ttk.Label(frame, text=common.APP_TITLE, font="LawdeskTitle").pack(anchor="w", padx=6)
        self.unit_label = common.muted_label(frame, "")
        self.unit_label.pack(anchor="w", padx=6, pady=(0, 8))
        holder = ttk.Frame(frame)
        holder.pack(fill="y", expand=True)
        self.nav = ttk.Treeview(holder, show="tree", selectmode="browse", style="Nav.Treeview")
        self.nav.column("#0", width=210)
        bar = ttk.Scrollbar(holder, orient="vertical", command=self.nav.yview)
        self.nav.configure(yscrollcommand=bar.set)
        self.nav.pack(side="left", fill="y", expand=True)
        bar.pack(side="left", fill="y")
        self._fill_nav()
        self.nav.bind("<<TreeviewSelect>>", self.on_nav_select)
        return frame

    def _fill_nav(self) -> None:
        nav = self.nav
        nav.insert("", "end", iid=HOME, text="  首页")
        nav.insert("", "end", iid=REPORT, text=f"  {PAGE_LABELS[REPORT]}")
        for group in GROUPS:
            specs = [s for s in RECORD_SPECS if s.group == group]
            if len(specs) == 1:
                nav.insert("", "end", iid=record_key(specs[0].kind), text=f"  {group}")
                continue
            gid = f"group:{group}"
            nav.insert("", "end", iid=gid, text=f"  {group}", open=True)
            for s in specs:
                nav.insert(gid, "end", iid=record_key(s.kind), text=f"  {s.label}")
        nav.insert("", "end", iid=EXCEL, text="  Excel 台账与迎检")
        for key in (SETTINGS, BIN, AUDIT, BACKUP):
            nav.insert("", "end", iid=key, text=f"  {PAGE_LABELS[key]}")

    def _build_status_bar(self) -> ttk.Frame:
        bar = ttk.Frame(self, padding=(10, 3))
        self.status_label = ttk.Label(bar, text="就绪")
        self.status_label.pack(side="left")
        self.db_label = common.muted_label(bar, self._db_label_text())
        self.db_label.pack(side="right")
        return bar

    # -- navigation --------------------------------------------------------------------------

    def on_nav_select(self, _event: object = None) -> None:
        sel = self.nav.selection()
        if not sel:
            return
        key = sel[0]
        if key.startswith("group:"):
            first = self.nav.get_children(key)[0]
            self.nav.selection_set(first)
            return
        if key == EXCEL:
            from lawdesk.ui.dialogs.excel_dialog import ExcelDialog

            if self.current_key:
                self.nav.selection_set(self.current_key)
            ExcelDialog(self, status=self.set_status)
            return
        if key != self.current_key:
            self.show_page(key)

    def show_page(self, key: str) -> tkinter.Widget:
        """Show page ``key`` (build it the first time); return it."""
        page = self.pages.get(key)
        if page is None:
            page = self._make_page(key)
            self.pages[key] = page
        if self.current_key and self.current_key in self.pages and self.current_key != key:
            old = self.pages[self.current_key]
            old.pack_forget()
            leave = getattr(old, "on_leave", None)
            if leave:
                leave()
        page.pack(fill="both", expand=True)
        self.current_key = key
        if self.nav.selection() != (key,) and self.nav.exists(key):
            self.nav.selection_set(key)
            self.nav.see(key)
        self._bind_page_shortcuts(page)
        show = getattr(page, "on_show", None)
        if show:
            show()
        return page

    def _make_page(self, key: str) -> tkinter.Widget:
        if key.startswith("kind:"):
            from lawdesk.ui.pages.record_page import RecordPage

            return RecordPage(self.content, spec_for(key[5:]), status=self.set_status)
        module_name, class_name = PAGE_CLASSES[key]
        cls = getattr(importlib.import_module(module_name), class_name)
        return cls(self.content, app=self)

    def _bind_page_shortcuts(self, page: tkinter.Widget) -> None:
        top = self.winfo_toplevel()
        for seq in ("<Control-n>", "<Control-N>", "<Control-f>", "<Control-F>"):
            top.unbind(seq)
        binder: Callable[[tkinter.Misc], None] | None = getattr(page, "bind_shortcuts", None)
        if binder:
            binder(top)

    def open_records(self, kind: str) -> tkinter.Widget:
        return self.show_page(record_key(kind))

    def reload_all(self) -> None:
        """Rebuild every page from the database (after restoring a backup or loading demo data)."""
        key = self.current_key or HOME
        for page in self.pages.values():
            page.destroy()
        self.pages.clear()
        self.current_key = None
        self.update_title()
        self.show_page(key)

    def on_close(self) -> bool:
        """Before the program closes: keep typed text (report, settings), ask about open forms."""
        for page in self.pages.values():
            leave = getattr(page, "on_leave", None)
            if leave:
                leave()
            form = getattr(page, "form", None)
            if form is not None and form.winfo_exists() and form.is_dirty:
                form.lift()
                choice = common.ask_save_discard(
                    f"“{form.spec.label}”表单中有尚未保存的修改，要先保存吗？", parent=form)
                if choice == "cancel" or (choice == "save" and not form.on_save()):
                    return False
        return True

    # -- status and title --------------------------------------------------------------------

    def set_status(self, message: str) -> None:
        self.status_label.configure(text=message)

    def update_title(self) -> None:
        unit = str(settings.profile_values().get("unit_name") or "").strip()
        self.unit_label.configure(text=unit or "（尚未填写单位设置）")
        parts = [common.APP_TITLE, unit or "未设置单位", str(self.db_path)]
        self.winfo_toplevel().title(" — ".join(parts))
        if hasattr(self, "db_label"):
            self.db_label.configure(text=self._db_label_text())

    def _db_label_text(self) -> str:
        return f"数据库：{Path(self.db_path).resolve()}　操作员：{audit.current_user()}"

    # -- first start -------------------------------------------------------------------------

    def show_welcome(self) -> ttk.Toplevel | None:
        from lawdesk.ui.dialogs.welcome import WelcomeDialog

        if not self.winfo_exists():
            return None
        return WelcomeDialog(self)
