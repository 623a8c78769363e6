"""新建县级数据库: the county's name and the file, then ``county_setup.init_county``.

Opened from the welcome dialog. The file defaults to ``<县名>县级台账.db`` beside the clerk's
database (a new file: a county database is never an office's ledger, and ``init_county``
refuses one); 选择位置… picks another. The answer (``path``) is the file made, or None.
"""

from __future__ import annotations

import tkinter
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.ui import common

WRAP = 420


class NewCountyDialog(ttk.Toplevel):
    """县（区）名称 and where the county's database goes; 建立 makes it."""

    def __init__(self, master: tkinter.Misc, folder: Path) -> None:
        super().__init__(title="新建县级数据库", transient=master.winfo_toplevel(), resizable=(False, False))
        self.folder = folder
        self.path: Path | None = None
        self.chosen: Path | None = None  # a file picked with 选择位置…
        self._build_ui()
        self.bind("<Return>", lambda _e: self.on_create())
        self.bind("<Escape>", lambda _e: self.destroy())
        self.update_idletasks()
        common.place_near(self, master, max(480, self.winfo_reqwidth()), self.winfo_reqheight())
        self.after_idle(self.name_entry.focus_set)

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=20)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text="新建县级数据库", font="LawdeskBold").pack(anchor="w")
        common.muted_label(body, "县司法局、依法治县办用来汇总各乡镇（街道）报送的数据包，生成全县报告。"
                                 "乡镇（街道）自己的台账请用“新建台账”。",
                           wraplength=WRAP, justify="left").pack(anchor="w", pady=(4, 10))
        row = ttk.Frame(body)
        row.pack(fill="x")
        ttk.Label(row, text="县（区）名称").pack(side="left")
        self.name_var = ttk.StringVar()
        self.name_entry = ttk.Entry(row, textvariable=self.name_var, width=16)
        self.name_entry.pack(side="left", padx=8)
        common.muted_label(row, "如：新县").pack(side="left")
        self.name_var.trace_add("write", lambda *_a: self._show_target())
        place = ttk.Frame(body)
        place.pack(fill="x", pady=(10, 0))
        self.target_label = common.wrapping_label(place, "", muted=True)
        self.target_label.pack(side="left", fill="x", expand=True)
        ttk.Button(place, text="选择位置…", bootstyle="link", command=self.on_choose).pack(side="right")
        self.message = common.wrapping_label(body, "", foreground=common.ERROR_COLOR)
        self.message.pack(anchor="w", fill="x", pady=(6, 0))
        bar = ttk.Frame(body)
        bar.pack(fill="x", pady=(12, 0))
        self.create_button = ttk.Button(bar, text="建立", bootstyle="primary", command=self.on_create)
        self.create_button.pack(side="right")
        ttk.Button(bar, text="取消", bootstyle="secondary", command=self.destroy).pack(side="right", padx=8)
        self._show_target()

    def target(self) -> Path:
        """The file the county's database goes to."""
        if self.chosen is not None:
            return self.chosen
        name = self.name_var.get().strip() or "县"
        return self.folder / f"{name}县级台账.db"

    def _show_target(self) -> None:
        self.target_label.configure(text=f"保存为：{self.target()}")

    def on_choose(self) -> None:
        name = ttk.filedialog.asksaveasfilename(
            parent=self, title="县级数据库保存到", initialdir=str(self.folder),
            initialfile=self.target().name, defaultextension=".db", filetypes=[("台账数据库", "*.db")])
        if name:
            self.chosen = Path(name)
            self._show_target()

    def on_create(self) -> Path | None:
        """Make the county's database (or find it made already); None with a message otherwise."""
        from lawdesk import connection
        from lawdesk import db as dbmod
        from lawdesk.services import county_setup

        target = self.target()
        try:
            county_setup.check_name(self.name_var.get())
        except LawdeskError as exc:
            self.message.configure(text=exc.message.replace("请用 --name 给出", "请填写"))
            return None
        if target.exists() and not self.chosen:
            self.message.configure(text=f"文件“{target}”已存在。请换一个名称，或用“选择位置…”另选文件。")
            return None
        previous = connection.open_target()
        try:
            county_setup.init_county(target, self.name_var.get())
        except LawdeskError as exc:
            self.message.configure(text=exc.message)
            return None
        finally:  # the window's own database stays the open one until it switches
            dbmod.close_database()
            if previous is not None:
                dbmod.open_database(previous, backup=False)
        self.path = target
        self.destroy()
        return target

    @classmethod
    def ask(cls, master: tkinter.Misc, folder: Path) -> Path | None:
        dialog = cls(master, folder)
        dialog.grab_set()
        dialog.wait_window()
        return dialog.path
