"""Where the data lives, for the 关于 dialog: the database file, its data folder, and a button to
open that folder (``DataLocationPanel(master, db_path).pack(...)``). A database in a synced or
shared folder (OneDrive, WPS 云盘, a network drive) is warned about, with 移到本机数据文件夹…,
which copies it and its evidence files into the local data folder and hands the new file to
``on_moved`` (the main window opens it)."""

from __future__ import annotations

import tkinter
from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk import paths
from lawdesk.errors import LawdeskError
from lawdesk.ui import common


class DataLocationPanel(ttk.Frame):
    """The location text (portable folder or user data folder), 打开数据文件夹, and for a synced
    or shared folder 移到本机数据文件夹…"""

    def __init__(self, master: tkinter.Misc, db_path: Path,
                 on_moved: Callable[[Path], object] | None = None) -> None:
        super().__init__(master)
        from lawdesk.paths import as_target

        self.db_path = as_target(db_path)  # a file, or a server URL (its log folder only)
        self.on_moved = on_moved
        self.move_button: ttk.Button | None = None
        self._build_ui()

    def _build_ui(self) -> None:
        ttk.Label(self, text="数据位置", font="LawdeskBold").pack(anchor="w")
        self.location_label = ttk.Label(self, text=paths.location_text(self.db_path), wraplength=520,
                                        justify="left")
        self.location_label.pack(anchor="w", pady=(2, 6))
        bar = ttk.Frame(self)
        bar.pack(anchor="w")
        self.open_button = ttk.Button(bar, text="打开数据文件夹", bootstyle="secondary-outline",
                                      command=self.on_open_folder)
        self.open_button.pack(side="left")
        if paths.sync_risk(self.db_path) is not None:
            self.location_label.configure(foreground=common.ERROR_COLOR)
            self.move_button = ttk.Button(bar, text="移到本机数据文件夹…", bootstyle="warning",
                                          command=self.on_move_local)
            self.move_button.pack(side="left", padx=(8, 0))

    def on_move_local(self) -> Path | None:
        """Copy the database and its evidence files into the local data folder and open it there."""
        from lawdesk.services import relocate

        target = relocate.local_target(Path(self.db_path))
        if not common.confirm(
            f"把数据库和材料文件复制到本机的数据文件夹：\n{target}\n\n以后程序打开那里的数据库，备份也放在那里。"
            "原来的文件保留在原处，不会删除。", "移到本机数据文件夹", parent=self,
        ):
            return None
        try:
            target = relocate.move_to_local(Path(self.db_path))
        except (LawdeskError, OSError) as exc:
            common.show_error(common.error_message(exc), parent=self)
            return None
        if self.on_moved is not None:
            self.on_moved(target)
        common.show_info(f"数据库和材料文件已复制到本机：\n{target}\n\n原来的文件保留在 {self.db_path}，"
                         "确认无误后可以自行删除。", "已移到本机", parent=self)
        return target

    def on_open_folder(self) -> None:
        folder = paths.data_dir(self.db_path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            common.open_path(folder)
        except (LawdeskError, OSError) as exc:
            common.show_error(common.error_message(exc), parent=self)
