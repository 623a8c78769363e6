"""The main window: navigation by the clerk's work groups, the page area and a status bar.

Pages are built the first time they are shown (and their modules imported then), so startup
stays quick and matplotlib / python-docx are not loaded until a page needs them. Every page
follows the protocol of ``lawdesk.ui.pages.base``: leaving a page with unsaved changes, or
closing the window, asks 保存 / 不保存 / 取消 first (record forms open anywhere included).
"""

from __future__ import annotations

import importlib
import logging
import tkinter
import tkinter.ttk as tkttk  # plain ttk where no bootstyle is needed: cheaper to make
from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk import paths
from lawdesk.paths import as_target, display_target
from lawdesk.schema import GROUPS, RECORD_SPECS, spec_for
from lawdesk.services import settings
from lawdesk.ui import common
from lawdesk.ui.pages.base import (
    PAGE_LABELS,
    SYSTEM_PAGES,
    ChangeWatcher,
    PageId,
    kind_of,
    record_key,
)

logger = logging.getLogger(__name__)

# PageId → (module, class) of the non-record pages
PAGE_CLASSES: dict[PageId, tuple[str, str]] = {
    PageId.HOME: ("lawdesk.ui.pages.dashboard", "DashboardPage"),
    PageId.COUNTY: ("lawdesk.ui.pages.county_page", "CountyPage"),
    PageId.REPORT: ("lawdesk.ui.pages.report", "ReportPage"),
    PageId.SETTINGS: ("lawdesk.ui.pages.settings_page", "SettingsPage"),
    PageId.BIN: ("lawdesk.ui.pages.recycle_bin", "RecycleBinPage"),
    PageId.AUDIT: ("lawdesk.ui.pages.audit_page", "AuditPage"),
    PageId.BACKUP: ("lawdesk.ui.pages.backup_page", "BackupPage"),
}
SHORTCUTS = ("<Control-n>", "<Control-N>", "<Control-f>", "<Control-F>", "<Prior>", "<Next>")
NAV_WIDTH = 200


def _call(page: tkinter.Misc, name: str, default: object = None) -> object:
    """Call protocol method ``name`` of a page (the record pages and every other page follow it)."""
    method = getattr(page, name, None)
    return method() if method else default


def page_is_dirty(page: tkinter.Misc) -> bool:
    return bool(_call(page, "has_unsaved_changes", default=False))


class MainWindow(ttk.Frame):
    """Navigation on the left, the current page on the right, a status bar at the bottom."""

    def __init__(self, master: tkinter.Misc, db_path: Path, *, first_run: bool = True) -> None:
        super().__init__(master)
        self.db_path = as_target(db_path)  # a file, or a server URL (shown masked)
        self.pages: dict[str, tkinter.Widget] = {}
        self.current_key: str | None = None
        self._build_ui()
        self.update_title()
        self._storage_notice = ""  # the status bar's storage notice, while it is shown
        self.show_storage_notice()
        self.watcher = ChangeWatcher(self, self.on_database_changed, kinds=("settings",),
                                     only_when_mapped=False)
        self.show_page(PageId.COUNTY if self.nav.exists(PageId.COUNTY.value) else PageId.HOME)
        if first_run:
            self.after(300, self.first_run_questions)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.status_bar = self._build_status_bar()
        self.status_bar.pack(side="bottom", fill="x")
        tkttk.Separator(self).pack(side="bottom", fill="x")
        body = tkttk.Frame(self)
        body.pack(fill="both", expand=True)
        nav = self._build_nav(body)
        nav.pack(side="left", fill="y")
        tkttk.Separator(body, orient="vertical").pack(side="left", fill="y")
        self.content = tkttk.Frame(body)
        self.content.pack(side="left", fill="both", expand=True)

    def _build_nav(self, master: tkinter.Misc) -> ttk.Frame:
        frame = tkttk.Frame(master, padding=(8, 8, 4, 6))
        tkttk.Label(frame, text=common.APP_TITLE, font="LawdeskTitle").pack(anchor="w", padx=6)
        self.unit_label = common.muted_label(frame, "", wraplength=NAV_WIDTH, justify="left")
        self.unit_label.pack(anchor="w", padx=6, pady=(0, 6))
        self.demo_badge: ttk.Label | None = None  # made the first time a demo database is open
        self._build_system_nav(frame).pack(side="bottom", fill="x", pady=(6, 0))
        tkttk.Separator(frame).pack(side="bottom", fill="x")
        holder = tkttk.Frame(frame)
        holder.pack(fill="both", expand=True)
        self.nav = ttk.Treeview(holder, show="tree", selectmode="browse", style="Nav.Treeview")
        self.nav.column("#0", width=NAV_WIDTH)
        bar = ttk.Scrollbar(holder, orient="vertical", command=self.nav.yview)
        self.nav.configure(yscrollcommand=bar.set)
        self.nav.pack(side="left", fill="both", expand=True)
        bar.pack(side="left", fill="y")
        self._fill_nav()
        self.nav.bind("<<TreeviewSelect>>", self.on_nav_select)
        return frame

    def _build_system_nav(self, master: tkinter.Misc) -> ttk.Frame:
        """单位设置, 回收站, 操作日志, 备份与恢复: two rows of links that are always visible."""
        box = tkttk.Frame(master)
        common.muted_label(box, "系统").grid(row=0, column=0, sticky="w", padx=6)
        self.system_buttons: dict[PageId, ttk.Button] = {}
        for i, key in enumerate(SYSTEM_PAGES):
            button = ttk.Button(box, text=PAGE_LABELS[key], bootstyle="link", padding=(6, 2),
                                command=lambda k=key: self.show_page(k))
            button.grid(row=1 + i // 2, column=i % 2, sticky="w")
            self.system_buttons[key] = button
        self.excel_button = ttk.Button(box, text="Excel 台账与迎检", bootstyle="link", padding=(6, 2),
                                       command=self.on_open_excel)
        self.excel_button.grid(row=2 + (len(SYSTEM_PAGES) - 1) // 2, column=0, sticky="w")
        self.about_button = ttk.Button(box, text="关于", bootstyle="link", padding=(6, 2),
                                       command=self.on_open_about)
        self.about_button.grid(row=2 + (len(SYSTEM_PAGES) - 1) // 2, column=1, sticky="w")
        # beside the 系统 heading: a row of its own would push 首页 out of the navigation at 768 px
        self.report_to_county_button = ttk.Button(box, text="报送县里 ›", bootstyle="link", padding=(6, 0),
                                                  command=self.on_report_to_county)
        self.report_to_county_button.grid(row=0, column=1, sticky="w")
        return box

    def on_report_to_county(self) -> tkinter.Toplevel | None:
        """报送县里: the year's package, or on the shared server 标记已报送 (not at the county)."""
        from lawdesk.services import units
        from lawdesk.ui.dialogs.report_to_county import ReportToCountyDialog

        if units.is_county_database():
            self.set_status("这是县级数据库：各乡镇（街道）在自己的台账中报送，县里在“全县汇总”中导入数据包。")
            return None
        return ReportToCountyDialog(self, status=self.set_status)

    def on_open_about(self) -> tkinter.Toplevel:
        """关于: version, where the data and the log file are, the font's licence."""
        from lawdesk.ui.dialogs.about import AboutDialog

        return AboutDialog(self, self.db_path)

    def on_open_excel(self) -> None:
        """Excel 台账与迎检 is a dialog (export, template, import with preview, binder), not a page."""
        from lawdesk.ui.dialogs.excel_dialog import ExcelDialog

        ExcelDialog(self, status=self.set_status)

    def _fill_nav(self) -> None:
        """首页, 年度报告, then every record type in the order of its work group.

        One row per page, no group header rows: at 768 px high every entry is visible without
        scrolling (the system pages sit in their own box below).
        """
        nav = self.nav
        nav.insert("", "end", iid=PageId.REPORT.value, text=f"  {PAGE_LABELS[PageId.REPORT]}")
        self._update_county_nav()  # 首页, or 全县汇总 in a county database, before 年度报告
        for group in GROUPS:
            specs = [s for s in RECORD_SPECS if s.group == group]
            for s in specs:
                label = group if len(specs) == 1 else s.label
                nav.insert("", "end", iid=record_key(s.kind), text=f"  {label}")

    def _update_county_nav(self) -> None:
        """In a database that holds offices (several units or a county) 全县汇总 takes 首页's
        place at the top: its 合计 row is what 首页 would count, and at 768 px high the
        navigation has room for one entry more than an office's, not two."""
        from lawdesk.services import units

        home, county_key = PageId.HOME.value, PageId.COUNTY.value
        wanted = county_key if units.is_county_database() else home
        other = home if wanted == county_key else county_key
        if not self.nav.exists(wanted):
            self.nav.insert("", 0, iid=wanted, text=f"  {PAGE_LABELS[PageId(wanted)]}")
        if self.nav.exists(other):
            self.nav.delete(other)
        # 报送县里 only in a real office's ledger (not the county, not the demo, whose badge
        # takes that row's height: at 768 px the navigation then still needs no scrolling)
        if wanted == home and not self.is_demo:
            self.report_to_county_button.grid()
        else:
            self.report_to_county_button.grid_remove()

    def _build_status_bar(self) -> ttk.Frame:
        bar = tkttk.Frame(self, padding=(10, 3))
        self.db_label = common.muted_label(bar, "")
        self.db_label.pack(side="right")
        # always one line: a long message (a saved file's whole path) is cut with "…" and shown
        # whole in a tooltip and the log, so the window's layout never moves under the mouse
        self.status_text = "就绪"
        self.status_label = tkttk.Label(bar, text=self.status_text, width=1, anchor="w")
        self.status_label.pack(side="left", fill="x", expand=True, padx=(0, 12))
        self.status_label.bind("<Configure>", lambda _e: self._fit_status(), add="+")
        self.status_tip = _WholeTextTip(self.status_label, text="")
        return bar

    # -- navigation --------------------------------------------------------------------------

    def on_nav_select(self, _event: object = None) -> None:
        sel = self.nav.selection()
        if not sel:
            return
        key = sel[0]
        if key != self.current_key:
            self.show_page(key)

    def show_page(self, key: PageId | str) -> tkinter.Widget:
        """Show page ``key`` (built the first time) and return it.

        Leaving a page with unsaved changes asks first; after 取消 (or a save that failed)
        the current page stays and is returned.
        """
        key = str(key)
        if self.current_key and self.current_key != key and not self.leave_current_page():
            self._select_nav(self.current_key)
            return self.pages[self.current_key]
        page = self.pages.get(key)
        if page is None:
            page = self._make_page(key)
            self.pages[key] = page
        if self.current_key and self.current_key in self.pages and self.current_key != key:
            self.pages[self.current_key].pack_forget()
        page.pack(fill="both", expand=True)
        self.current_key = key
        self._select_nav(key)
        self._bind_page_shortcuts(page)
        _call(page, "show")
        return page

    def _select_nav(self, key: str) -> None:
        if self.nav.exists(key):
            if self.nav.selection() != (key,):
                self.nav.selection_set(key)
            self.nav.see(key)
            self.nav.focus(key)
        elif self.nav.selection():
            self.nav.selection_remove(*self.nav.selection())
        for pid, button in self.system_buttons.items():
            button.configure(bootstyle="primary" if pid.value == key else "link")

    def leave_current_page(self) -> bool:
        """Ask about the current page's unsaved changes; False when the clerk stays."""
        page = self.pages.get(self.current_key or "")
        if page is None or not page.winfo_exists():
            return True
        return self.resolve_unsaved(page)

    def resolve_unsaved(self, page: tkinter.Misc) -> bool:
        """保存 / 不保存 / 取消 for a dirty page; True when the clerk may go on."""
        if not page_is_dirty(page):
            return True
        message = _call(page, "unsaved_message") or "这一页有尚未保存的修改，要先保存吗？"
        choice = common.ask_save_discard(str(message), parent=self)
        if choice == "cancel":
            return False
        if choice == "save":
            return bool(_call(page, "save", default=True))
        _call(page, "discard")
        return True

    def _make_page(self, key: str) -> tkinter.Widget:
        kind = kind_of(key)
        if kind is not None:
            from lawdesk.ui.pages.record_page import RecordPage

            return RecordPage(self.content, spec_for(kind), status=self.set_status)
        module_name, class_name = PAGE_CLASSES[PageId(key)]
        cls = getattr(importlib.import_module(module_name), class_name)
        return cls(self.content, app=self)

    def _bind_page_shortcuts(self, page: tkinter.Widget) -> None:
        top = self.winfo_toplevel()
        for seq in SHORTCUTS:
            top.unbind(seq)
        binder: Callable[[tkinter.Misc], None] | None = getattr(page, "bind_shortcuts", None)
        if binder:
            binder(top)

    def open_records(self, kind: str) -> tkinter.Widget:
        return self.show_page(record_key(kind))

    def reload_all(self) -> None:
        """Rebuild every page from the database (after opening another database file)."""
        key = self.current_key or PageId.HOME.value
        for page in self.pages.values():
            page.destroy()
        self.pages.clear()
        self.current_key = None
        self._update_county_nav()
        self.update_title()
        if key in (PageId.HOME.value, PageId.COUNTY.value):
            key = PageId.COUNTY.value if self.nav.exists(PageId.COUNTY.value) else PageId.HOME.value
        self.show_page(key)

    def on_database_changed(self) -> None:
        self._update_county_nav()  # an imported package may have brought the first offices
        self.update_title()

    def switch_database(self, path: Path, *, create: bool = False) -> bool:
        """Close the open database and open ``path`` instead (after asking about open work).

        ``create`` only for an explicit request (the demo file): opening never invents data.
        """
        from lawdesk import db as dbmod
        from lawdesk.errors import DatabaseFileError

        if not self.on_close():
            return False
        for form in _open_forms():
            form.destroy()
        try:
            dbmod.close_database()
            dbmod.open_database(path, create=create)
        except DatabaseFileError as exc:
            common.show_error(f"{exc.message}\n\n数据库：{display_target(path)}", "无法打开数据库", parent=self)
            dbmod.open_database(self.db_path)
            return False
        settings.apply_operator()
        self.db_path = as_target(path)
        self.reload_all()
        self.show_storage_notice()
        return True

    def on_close(self) -> bool:
        """Before the program closes: ask about every page and every record form with changes."""
        keys = sorted(self.pages, key=lambda k: k != self.current_key)  # the page on screen first
        for key in keys:
            page = self.pages[key]
            if not page.winfo_exists() or not page_is_dirty(page):
                continue
            if key != self.current_key:
                self.show_page(key)
            if not self.resolve_unsaved(page):
                return False
        for form in _open_forms():
            if not form.is_dirty:
                continue
            form.lift()
            choice = common.ask_save_discard(
                f"“{form.spec.label}”表单中有尚未保存的修改，要先保存吗？", parent=form)
            if choice == "cancel" or (choice == "save" and not form.on_save()):
                return False
        return True

    # -- status and title --------------------------------------------------------------------

    def set_status(self, message: str) -> None:
        """Show ``message`` on the status line (one line; the whole text in its tooltip and
        the log)."""
        self.status_text = message
        logger.info("status: %s", message)
        self._fit_status()

    def _fit_status(self) -> None:
        width = self.status_label.winfo_width()
        shown = common.elide(self.status_text, "TkDefaultFont", width - 4) if width > 20 \
            else " ".join(self.status_text.split())
        self.status_label.configure(text=shown)
        self.status_tip.text = self.status_text if shown != " ".join(self.status_text.split()) else ""

    def show_storage_notice(self) -> None:
        """In the status bar: an automatic backup that failed or left files out at this open,
        and a database in a synced or shared folder (OneDrive, WPS 云盘, a network drive)."""
        if isinstance(self.db_path, str):
            return  # a server database: its administrator backs it up
        from lawdesk.db import auto_backup_notice

        notices = [auto_backup_notice(self.db_path, short=True)]
        if risk := paths.sync_risk(self.db_path):
            notices.append(risk.short())
        text = "　".join(n for n in notices if n)
        if text:
            self.set_status(text)
        elif self._storage_notice and self.status_text == self._storage_notice:
            self.set_status("就绪")  # another database now: the last one's notice no longer holds
        self._storage_notice = text

    @property
    def is_demo(self) -> bool:
        return paths.is_demo_path(self.db_path)

    def update_title(self) -> None:
        profile = _own_profile()  # read once for the title, the unit and the operator
        unit = str(profile.get("unit_name") or "").strip()
        self.unit_label.configure(text=unit or "（尚未填写单位设置）")
        parts = [common.APP_TITLE]
        is_demo = self.is_demo
        if is_demo:
            parts.append("【演示数据】")
        parts += [unit or "未设置单位", display_target(self.db_path)]
        self.winfo_toplevel().title(" — ".join(parts))
        if is_demo:
            if self.demo_badge is None:
                self.demo_badge = ttk.Label(self.unit_label.master, text="演示数据（不是正式台账）",
                                            bootstyle="inverse-warning", padding=(6, 2))
            self.demo_badge.pack(anchor="w", padx=6, pady=(0, 6), after=self.unit_label)
        elif self.demo_badge is not None:
            self.demo_badge.pack_forget()
        self.db_label.configure(text=self._db_label_text(profile))

    def _db_label_text(self, profile: dict | None = None) -> str:
        values = _own_profile() if profile is None else profile
        operator = str(values.get("operator") or "").strip() or "未填写"
        return f"{paths.short_location(self.db_path)}　操作员：{operator}"

    # -- first start -------------------------------------------------------------------------

    def first_run_questions(self) -> tkinter.Misc | None:
        """The welcome guide on a database without a unit profile, else the operator's name."""
        if not self.winfo_exists() or self.is_demo:
            return None
        if not settings.profile_is_complete(_profile_unit()):
            return self.show_welcome()
        if not str(_own_profile().get("operator") or "").strip():
            from lawdesk.ui.dialogs.welcome import OperatorDialog

            return OperatorDialog(self)
        return None

    def show_welcome(self) -> ttk.Toplevel | None:
        from lawdesk.ui.dialogs.welcome import WelcomeDialog

        if not self.winfo_exists():
            return None
        return WelcomeDialog(self)


class _WholeTextTip(ttk.ToolTip):
    """The status line's whole text, shown on hover only when the line had to cut it."""

    def show_tip(self, *args: object) -> None:
        if self.text:
            super().show_tip(*args)


def _profile_unit():  # noqa: ANN202 - a Unit or None
    """The office's own unit, or at the county the county unit (whose profile names it)."""
    from lawdesk.services import units

    return units.profile_unit()


def _own_profile() -> dict[str, object]:
    return settings.profile_values(_profile_unit())


def _open_forms() -> list:  # noqa: ANN202 - RecordForm is imported lazily
    from lawdesk.ui.dialogs.record_form import open_forms

    return open_forms()
