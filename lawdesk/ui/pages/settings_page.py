"""单位设置: the unit profile form generated from ``schema.UNIT_PROFILE``, the report format,
and short lists of the communities and lecturers (which are records with their own pages)."""

from __future__ import annotations

import tkinter
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk.errors import ValidationError
from lawdesk.schema import UNIT_PROFILE, spec_for
from lawdesk.services import records, settings
from lawdesk.ui import common
from lawdesk.ui.widgets.fields import FieldRow, build_field_grid

if TYPE_CHECKING:
    from lawdesk.ui.main_window import MainWindow

SHORT_LIST = 8


class SettingsPage(ttk.Frame):
    """The unit profile on the left, report format and linked lists on the right."""

    def __init__(self, master: tkinter.Misc, app: MainWindow | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self._build_ui()
        self.load()

    def _build_ui(self) -> None:
        common.page_header(self, "单位设置", "报告的版头、文号、主送和版记都取自这里").pack(fill="x")
        self.message = ttk.Label(self, text="", foreground=common.ERROR_COLOR)
        self.message.pack(anchor="w", pady=(4, 0))
        body = ttk.Frame(self)
        body.pack(fill="both", expand=True)
        left = ttk.Frame(body)
        left.pack(side="left", fill="both", expand=True)
        scroller = ttk.ScrolledFrame(left, height=600)
        scroller.pack(fill="both", expand=True)
        grid = ttk.Frame(scroller, padding=(0, 0, 16, 0))
        grid.pack(fill="both", expand=True)
        self.rows: dict[str, FieldRow] = build_field_grid(grid, UNIT_PROFILE.fields)
        bar = ttk.Frame(left)
        bar.pack(fill="x", pady=(8, 0))
        self.save_button = ttk.Button(bar, text="保存单位设置", bootstyle="primary",
                                      command=self.on_save)
        self.save_button.pack(side="left")
        ttk.Button(bar, text="放弃修改", bootstyle="secondary-outline", command=self.load).pack(
            side="left", padx=8)

        right = ttk.Frame(body, padding=(20, 0, 0, 0))
        right.pack(side="left", fill="y")
        from lawdesk.ui.widgets.report_profile import ReportProfileEditor

        self.profile_editor = ReportProfileEditor(right)
        self.profile_editor.pack(fill="x")
        ttk.Button(right, text="保存报告格式", bootstyle="primary-outline",
                   command=self.on_save_profile).pack(anchor="w", pady=(6, 12))
        self.link_lists: dict[str, ttk.Label] = {}
        for kind in ("community", "lecturer"):
            self._build_link(right, kind)

    def _build_link(self, master: tkinter.Misc, kind: str) -> None:
        spec = spec_for(kind)
        box = ttk.Labelframe(master, text=spec.label, padding=10)
        box.pack(fill="x", pady=(0, 10))
        label = ttk.Label(box, text="", wraplength=340, justify="left")
        label.pack(anchor="w")
        self.link_lists[kind] = label
        ttk.Button(box, text=f"管理{spec.label} ›", bootstyle="link",
                   command=lambda: self.app and self.app.open_records(kind)).pack(anchor="w")

    def on_show(self) -> None:
        for kind, label in self.link_lists.items():
            names = [name for _id, name in records.choices_for_ref(kind)]
            more = f" 等 {len(names)} 个" if len(names) > SHORT_LIST else ""
            label.configure(text="、".join(names[:SHORT_LIST]) + more if names else "（还没有登记）")

    def load(self) -> None:
        values = settings.profile_values()
        for name, row in self.rows.items():
            row.input.set(values.get(name))
            row.clear_error()
        self.message.configure(text="")

    def values(self) -> dict[str, object]:
        return {name: row.input.get() for name, row in self.rows.items()}

    def on_save(self) -> bool:
        for row in self.rows.values():
            row.clear_error()
        try:
            settings.save_profile(self.values())
        except ValidationError as exc:
            for name, message in exc.errors.items():
                if name in self.rows:
                    self.rows[name].show_error(message)
            self.message.configure(text="有内容需要修改，请看标红的说明。")
            return False
        self.message.configure(text="")
        if self.app is not None:
            self.app.update_title()
            self.app.set_status("单位设置已保存。")
        return True

    def on_save_profile(self) -> None:
        self.profile_editor.save()
        if self.app is not None:
            self.app.set_status("报告格式已保存。")

    def on_leave(self) -> None:
        """Leaving the page keeps what was typed: save it when it is valid."""
        current = settings.profile_values()
        typed = self.values()
        if any(common.display(current.get(k)) != common.display(v) for k, v in typed.items()
               if not isinstance(v, bool)):
            self.on_save()
