"""Where the data lives, for the 关于 dialog: the database file, its data folder, and a button to
open that folder (``DataLocationPanel(master, db_path).pack(...)``)."""

from __future__ import annotations

import tkinter
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk import paths
from lawdesk.errors import LawdeskError
from lawdesk.ui import common


class DataLocationPanel(ttk.Frame):
    """The location text (portable folder or user data folder) and 打开数据文件夹."""

    def __init__(self, master: tkinter.Misc, db_path: Path) -> None:
        super().__init__(master)
        from lawdesk.db import as_target

        self.db_path = as_target(db_path)  # a file, or a server URL (its log folder only)
        self._build_ui()

    def _build_ui(self) -> None:
        ttk.Label(self, text="数据位置", font="LawdeskBold").pack(anchor="w")
        self.location_label = ttk.Label(self, text=paths.location_text(self.db_path), wraplength=520,
                                        justify="left")
        self.location_label.pack(anchor="w", pady=(2, 6))
        self.open_button = ttk.Button(self, text="打开数据文件夹", bootstyle="secondary-outline",
                                      command=self.on_open_folder)
        self.open_button.pack(anchor="w")

    def on_open_folder(self) -> None:
        folder = paths.data_dir(self.db_path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            common.open_path(folder)
        except (LawdeskError, OSError) as exc:
            common.show_error(common.error_message(exc), parent=self)
