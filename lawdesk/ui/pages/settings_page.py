"""单位设置: the unit profile form generated from ``schema.UNIT_PROFILE``, the report format,
and short lists of the communities and lecturers (which are records with their own pages).

One scrolling column, so the entries keep a readable width at 1024 px; 保存 and 放弃修改 sit in
a bar under it that is always visible. Nothing is saved on leaving the page: the main window
asks 保存 / 不保存 / 取消 when something typed is not stored yet.
"""

from __future__ import annotations

import tkinter
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError, ValidationError
from lawdesk.schema import UNIT_PROFILE, spec_for
from lawdesk.services import records, settings, units
from lawdesk.ui import common
from lawdesk.ui.pages.base import ChangeWatcher, Page
from lawdesk.ui.widgets.fields import FieldRow, build_field_grid

if TYPE_CHECKING:
    from lawdesk.ui.pages.base import Workbench

SHORT_LIST = 8


class SettingsPage(Page, ttk.Frame):
    """The unit profile, then the report format and the linked lists, in one scrolling column."""

    page_title = "单位设置"

    def __init__(self, master: tkinter.Misc, app: Workbench | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self._stored: dict[str, str] = {}
        self._save_failed = False
        self._build_ui()
        self.load()
        self.watcher = ChangeWatcher(self, self.on_outside_change, kinds=("settings", "records"))

    def _build_ui(self) -> None:
        common.page_header(self, "单位设置", "报告的版头、文号、主送和版记都取自这里").pack(fill="x")
        bar = ttk.Frame(self, padding=(0, 8, 0, 0))
        bar.pack(side="bottom", fill="x")
        self.save_button = ttk.Button(bar, text="保存", bootstyle="primary",
                                      command=lambda: self.on_save(check_all=True))
        self.save_button.pack(side="left")
        self.discard_button = ttk.Button(bar, text="放弃修改", bootstyle="secondary-outline",
                                         command=self.discard)
        self.discard_button.pack(side="left", padx=8)
        self.state_label = common.muted_label(bar, "")
        self.state_label.pack(side="left", padx=8)
        self.message = common.wrapping_label(self, "", foreground=common.ERROR_COLOR)
        self.message.pack(anchor="w", fill="x", pady=(4, 0))

        self.scroller = common.scrolled_page(self)
        self.scroller.pack(fill="both", expand=True)
        body = ttk.Frame(self.scroller, padding=(0, 0, 16, 12))
        body.pack(fill="both", expand=True)
        ttk.Label(body, text="单位信息", font="LawdeskBold").pack(anchor="w")
        grid = ttk.Frame(body)
        grid.pack(fill="x")
        self.rows: dict[str, FieldRow] = build_field_grid(grid, UNIT_PROFILE.fields,
                                                          on_change=self.update_state)

        from lawdesk.ui.widgets.report_profile import ReportProfileEditor

        self.profile_editor = ReportProfileEditor(body)
        self.profile_editor.pack(fill="x", pady=(16, 10))
        for var in (*self.profile_editor.switch_vars.values(),
                    *self.profile_editor.font_vars.values(), self.profile_editor.preset_var):
            var.trace_add("write", lambda *_a: self.update_state())
        self.link_lists: dict[str, ttk.Label] = {}
        links = ttk.Frame(body)
        links.pack(fill="x")
        for i, kind in enumerate(("community", "lecturer")):
            self._build_link(links, kind).grid(row=0, column=i, sticky="nsew",
                                               padx=(0 if i == 0 else 10, 0))
            links.columnconfigure(i, weight=1, uniform="links")

    def _build_link(self, master: tkinter.Misc, kind: str) -> ttk.Labelframe:
        spec = spec_for(kind)
        box = ttk.Labelframe(master, text=spec.label, padding=10)
        label = common.wrapping_label(box, "")
        label.pack(anchor="w", fill="x")
        self.link_lists[kind] = label
        ttk.Button(box, text=f"管理{spec.label} ›", bootstyle="link",
                   command=lambda: self.app and self.app.open_records(kind)).pack(anchor="w")
        return box

    def bind_shortcuts(self, top: tkinter.Misc) -> None:
        top.bind("<Prior>", lambda _e: common.scroll_page_by(self.scroller, -1))
        top.bind("<Next>", lambda _e: common.scroll_page_by(self.scroller, 1))

    def point_to(self, name: str, message: str) -> None:
        """Mark field ``name`` with ``message`` and put the cursor in it (scrolled into view): where
        another page sends the clerk to fill in what it needs."""
        row = self.rows.get(name)
        if row is None:
            return
        row.show_error(message)
        row.input.focus()  # scrolls the field into view
        self.update_idletasks()
        common.reveal(self.scroller, row.error)  # and the message under it

    # -- the page protocol -------------------------------------------------------------------

    def show(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """The linked lists, and the stored values when nothing typed would be lost."""
        self._fill_links()
        if not self.has_unsaved_changes():
            self.load()

    def has_unsaved_changes(self) -> bool:
        return self._typed_differs() or self.profile_editor.has_unsaved_changes()

    def save(self) -> bool:
        return self.on_save(check_all=False)

    def discard(self) -> None:
        self.load()
        self.profile_editor.reload()
        self.update_state()

    def unsaved_message(self) -> str:
        return "单位设置中有尚未保存的修改，要先保存吗？"

    # -- values ------------------------------------------------------------------------------

    def _fill_links(self) -> None:
        for kind, label in self.link_lists.items():
            names = [name for _id, name in records.choices_for_ref(kind)]
            more = f" 等 {len(names)} 个" if len(names) > SHORT_LIST else ""
            label.configure(text="、".join(names[:SHORT_LIST]) + more if names else "（还没有登记）")

    @staticmethod
    def _unit():  # noqa: ANN205 - a Unit or None
        """Whose profile this page edits: the office this database writes as, or at the county
        (several units) the county unit (kind 县, saved with the county's rules)."""
        return units.profile_unit()

    def load(self) -> None:
        values = settings.profile_values(self._unit())
        for name, row in self.rows.items():
            row.input.set(values.get(name))
            row.clear_error()
        self._stored = self._typed()
        self._save_failed = False
        self.message.configure(text="")
        self.update_state()

    def values(self) -> dict[str, object]:
        return {name: row.input.get() for name, row in self.rows.items()}

    def _typed(self) -> dict[str, str]:
        return {k: common.display(v) for k, v in self.values().items()}

    def _typed_differs(self) -> bool:
        return self._typed() != self._stored

    def update_state(self) -> None:
        """Beside 保存: whether what is shown is stored. After a save that was refused it says so
        (never 已保存 beside red messages) until a save succeeds or the changes are dropped."""
        if self._save_failed:
            text, colour = "没有保存：请先改正标红的内容", common.ERROR_COLOR
        elif self.has_unsaved_changes():
            text, colour = "有尚未保存的修改", common.MUTED_COLOR
        else:
            text, colour = "已保存", common.MUTED_COLOR
        self.state_label.configure(text=text, foreground=colour)
        if self.message.cget("text") and not any(r.has_error for r in self.rows.values()):
            self.message.configure(text="")

    def on_outside_change(self) -> None:
        self.refresh()

    def on_save(self, check_all: bool = True) -> bool:
        """Save the unit profile and the report format; False (with messages) when invalid.

        The 保存 button checks the whole profile; saving on leaving the page (``check_all``
        False) stores only what was changed, so a format change saves even while the profile
        is still incomplete.
        """
        for row in self.rows.values():
            row.clear_error()
        try:
            if check_all or self._typed_differs():
                unit = self._unit()
                if unit is not None and unit.kind == "县":
                    from lawdesk.services import county_report

                    county_report.save_unit_profile(unit, self.values())
                else:
                    settings.save_profile(self.values(), unit=unit)
        except ValidationError as exc:
            first = None
            for name, message in exc.errors.items():
                if name in self.rows:
                    self.rows[name].show_error(message)
                    first = first or self.rows[name]
            self.message.configure(text=f"有 {len(exc.errors)} 处需要修改，请看标红的说明；改好前不会保存。")
            if first is not None:
                first.input.focus()
            self._save_failed = True
            self.update_state()
            return False
        if self.profile_editor.has_unsaved_changes():
            try:
                self.profile_editor.save()
            except LawdeskError as exc:  # a new database: the format belongs to a unit not named yet
                self._save_failed = True
                self.update_state()
                self.message.configure(text=exc.message)
                return False
        self._stored = self._typed()
        self._save_failed = False
        self.message.configure(text="")
        self.update_state()
        if self.app is not None:
            self.app.update_title()
            self.app.set_status("单位设置已保存。")
        return True
