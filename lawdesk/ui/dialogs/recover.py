"""The start-up dialog when the database file is missing, empty or unreadable.

It says what is wrong and offers the newest good backup (database and evidence files); it
never makes a new empty database unless the clerk chooses 新建 (and, when backups exist, confirms
that the backups are not wanted). ``open_with_recovery`` is what ``app.run_gui`` calls when
``open_database`` raises ``DatabaseMissingError`` or ``DatabaseDamagedError``; it returns the
opened database, or ``None`` when the clerk quits.
"""

from __future__ import annotations

import tkinter
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk import db as dbmod
from lawdesk import paths
from lawdesk.errors import LawdeskError
from lawdesk.services import backup
from lawdesk.ui import common

RESTORE, NEW, QUIT = "restore", "new", "quit"


def choices_for(exc: dbmod.DatabaseFileError) -> list[str]:
    """What the dialog offers: restore when a good backup exists, 新建 only for a missing file."""
    out = []
    if getattr(exc, "newest_backup", None) is not None:
        out.append(RESTORE)
    if isinstance(exc, dbmod.DatabaseMissingError):
        out.append(NEW)
    out.append(QUIT)
    return out


class RecoverDialog(ttk.Toplevel):
    """What is wrong with the database file, and the clerk's choice (``self.choice``)."""

    LABELS = {RESTORE: "从最新备份恢复", NEW: "新建空数据库", QUIT: "退出"}

    def __init__(self, master: tkinter.Misc, db_path: Path, exc: dbmod.DatabaseFileError) -> None:
        super().__init__(title="数据库无法打开", transient=master if master.winfo_viewable() else None)
        self.db_path = Path(db_path)
        self.exc = exc
        self.choice = QUIT
        self.buttons: dict[str, ttk.Button] = {}
        self._build_ui()
        self.protocol("WM_DELETE_WINDOW", lambda: self.on_choose(QUIT))

    @property
    def first_start(self) -> bool:
        """No database and no backup of one yet: a first start, not a lost file."""
        return (isinstance(self.exc, dbmod.DatabaseMissingError) and self.exc.newest_backup is None
                and not self.db_path.exists() and not paths.backups_dir(self.db_path).exists())

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=20)
        body.pack(fill="both", expand=True)
        if self.first_start:
            title = "欢迎使用法治建设台账"
            text = f"还没有数据库。点“新建空数据库”开始使用。\n\n{paths.location_text(self.db_path)}"
        else:
            title, text = "数据库无法打开", self.exc.message
        self.title(title)
        ttk.Label(body, text=title, font="LawdeskBold").pack(anchor="w")
        self.message_label = ttk.Label(body, text=text, wraplength=590, justify="left")
        self.message_label.pack(anchor="w", pady=(8, 12))
        bar = ttk.Frame(body)
        bar.pack(fill="x")
        for choice in choices_for(self.exc):
            main = choice == RESTORE or (choice == NEW and self.first_start)
            style = "primary" if main else "secondary-outline"
            button = ttk.Button(bar, text=self.LABELS[choice], bootstyle=style,
                                command=lambda c=choice: self.on_choose(c))
            button.pack(side="left" if choice != QUIT else "right", padx=(0, 8))
            self.buttons[choice] = button

    def on_choose(self, choice: str) -> None:
        if choice == NEW and getattr(self.exc, "newest_backup", None) is not None and not common.confirm(
            "这个数据库有备份。新建空数据库后，原来的数据只在备份中。\n确定不恢复备份而新建一个空数据库吗？",
            "新建空数据库", parent=self,
        ):
            return
        self.choice = choice
        self.destroy()


def _center_on_screen(window: tkinter.Toplevel, width: int, height: int) -> None:
    sw, sh = window.winfo_screenwidth(), window.winfo_screenheight()
    width, height = min(width, sw - 20), min(height, sh - 60)
    window.geometry(f"{width}x{height}+{max(0, (sw - width) // 2)}+{max(0, (sh - height) // 3)}")


def carry_out(choice: str, db_path: Path, exc: dbmod.DatabaseFileError):  # noqa: ANN201
    """Do what the clerk chose; return the opened database or ``None`` (quit)."""
    if choice == RESTORE:
        source = exc.newest_backup.path  # type: ignore[attr-defined]
        aside = backup.recover_to_path(db_path, source)
        database = dbmod.open_database(db_path)
        backup.record_recovery(source, aside)
        note = f"\n原来损坏的文件已移到：{aside}" if aside else ""
        common.show_info(f"已从备份 {source.name} 恢复数据库和材料文件。{note}", "已恢复")
        return database
    if choice == NEW:
        return dbmod.open_database(db_path, create=True)
    return None


def open_with_recovery(root: tkinter.Misc, db_path: Path, exc: dbmod.DatabaseFileError):  # noqa: ANN201
    """Show the dialog, do what the clerk chose; ``None`` when the clerk quits."""
    while True:
        dialog = RecoverDialog(root, db_path, exc)
        _center_on_screen(dialog, 640, 280)  # the main window is not shown yet
        dialog.grab_set()
        root.wait_window(dialog)
        try:
            return carry_out(dialog.choice, db_path, exc)
        except LawdeskError as err:
            common.show_error(err.message, "恢复失败")
            exc = err if isinstance(err, dbmod.DatabaseFileError) else exc
