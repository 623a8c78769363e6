"""备份与恢复: the list of backups, 立即备份, restore one (a safety copy is made first).

On a server database the page says that the server's administrator backs it up (pg_dump) and
its buttons are disabled: this program makes no file backups of a server database."""

from __future__ import annotations

import tkinter
from pathlib import Path
from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk import db as dbmod
from lawdesk import paths
from lawdesk.errors import LawdeskError
from lawdesk.services import backup
from lawdesk.ui import common
from lawdesk.ui.pages.base import ChangeWatcher, Page

if TYPE_CHECKING:
    from lawdesk.ui.pages.base import Workbench


class BackupPage(Page, ttk.Frame):
    """Backups of the open database, newest first."""

    page_title = "备份与恢复"

    def __init__(self, master: tkinter.Misc, app: Workbench | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        self.backups: dict[str, backup.BackupInfo] = {}
        self._build_ui()
        self.watcher = ChangeWatcher(self, self.refresh, kinds=("database",))

    @property
    def db_path(self) -> Path:
        return dbmod.current_path()

    def _build_ui(self) -> None:
        common.page_header(self, "备份与恢复", backup.RETENTION_TEXT).pack(fill="x")
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(10, 6))
        self.backup_button = ttk.Button(bar, text="立即备份", bootstyle="primary",
                                        command=self.on_backup)
        self.backup_button.pack(side="left")
        self.restore_button = ttk.Button(bar, text="恢复所选备份…", bootstyle="warning-outline",
                                         command=self.on_restore)
        self.restore_button.pack(side="left", padx=8)
        self.restore_file_button = ttk.Button(bar, text="从其他文件恢复…", bootstyle="secondary-outline",
                                              command=self.on_restore_file)
        self.restore_file_button.pack(side="left")
        self.folder_button = ttk.Button(bar, text="打开备份文件夹", bootstyle="link",
                                        command=self.on_open_folder)
        self.folder_button.pack(side="left", padx=(8, 0))
        frame, self.tree = common.scrolled_tree(self, columns=("created", "reason", "size", "name"),
                                                show="headings", selectmode="browse")
        widths = {}
        for col, text, width, stretch in (("created", "备份时间", 170, False),
                                          ("reason", "类型", 110, False),
                                          ("size", "大小", 100, False),
                                          ("name", "文件名", 300, True)):
            self.tree.heading(col, text=text)
            self.tree.column(col, stretch=stretch)
            widths[col] = width
        common.fit_columns(self.tree, widths)
        self.info_label = common.wrapping_label(self, "", muted=True)
        self.info_label.pack(side="bottom", anchor="w", fill="x", pady=(6, 0))
        self.problems_label = common.wrapping_label(self, "")  # what the newest backup left out
        self.problems_label.configure(foreground=common.ERROR_COLOR)
        self.drop_bar = ttk.Frame(self)  # shown when the newest backup is a sudden drop
        self.accept_drop_button = ttk.Button(self.drop_bar, text="确认数据减少", bootstyle="warning-outline",
                                             command=self.on_accept_drop)
        self.accept_drop_button.pack(side="right", anchor="n", padx=(8, 0))
        self.drop_label = common.wrapping_label(self.drop_bar, "")
        self.drop_label.configure(foreground=common.ERROR_COLOR)
        self.drop_label.pack(side="left", fill="x", expand=True)
        frame.pack(fill="both", expand=True)
        self.tree.bind("<Double-1>", lambda _e: self.on_restore())

    def refresh(self) -> None:
        self.tree.delete(*self.tree.get_children())
        self.backups.clear()
        server = dbmod.is_server_database()
        for button in (self.backup_button, self.restore_button, self.restore_file_button,
                       self.folder_button):
            button.configure(state="disabled" if server else "normal")
        if server:
            self._show_drop("")
            self._show_problems("")
            self.info_label.configure(text=f"当前数据库在服务器上（{dbmod.display_target(dbmod.current_target())}）。"
                                           f"{dbmod.SERVER_BACKUP_TEXT}")
            return
        for info in backup.list_backups(self.db_path):
            iid = str(info.path)
            self.backups[iid] = info
            self.tree.insert("", "end", iid=iid, values=(
                info.created.strftime("%Y-%m-%d %H:%M:%S"), info.reason_label,
                common.size_text(info.size), info.path.name))
        self.info_label.configure(
            text=f"备份文件夹：{paths.backups_dir(self.db_path)}　共 {len(self.backups)} 份")
        self._show_drop(backup.drop_notice(self.db_path))
        newest = next(iter(self.backups.values()), None)
        problems = backup.backup_problems(newest.path) if newest and not newest.legacy else ""
        self._show_problems(f"最新的备份（{newest.created:%Y-%m-%d %H:%M}）：{problems}" if problems else "")

    def _show_drop(self, notice: str) -> None:
        self.drop_label.configure(text=notice)
        if notice:
            self.drop_bar.pack(side="bottom", fill="x", pady=(6, 0), before=self.info_label)
        else:
            self.drop_bar.pack_forget()

    def _show_problems(self, text: str) -> None:
        self.problems_label.configure(text=text)
        if text:
            self.problems_label.pack(side="bottom", fill="x", pady=(6, 0), before=self.info_label)
        else:
            self.problems_label.pack_forget()

    def on_accept_drop(self) -> bool:
        """The clerk confirms the records really became fewer (the big backups then rotate)."""
        if not common.confirm_danger(
            "确认现在的记录确实是您有意删减后的数据吗？\n\n确认后，以前记录较多的备份会按保留规则逐渐轮换删除。"
            "如果数据是意外丢失的，请不要确认，而是从以前的备份恢复。",
            "确认数据减少", "确认数据减少", parent=self,
        ):
            return False
        backup.accept_drop(self.db_path)
        self.refresh()
        return True

    def on_backup(self) -> Path | None:
        try:
            target = backup.backup_open_database(backup.MANUAL)
        except (LawdeskError, OSError) as exc:
            common.show_error(common.error_message(exc), parent=self)
            return None
        self.refresh()
        if problems := backup.backup_problems(target):
            self._status(f"已备份：{target}。{problems}")
            common.show_warning(f"备份已完成：{target}\n\n{problems}", "有文件没有备份", parent=self)
        else:
            self._status(f"已备份：{target}")
        return target

    def on_restore(self) -> bool:
        sel = self.tree.selection()
        if not sel:
            common.show_info("请先在列表中选择要恢复的备份。", "没有选择备份", parent=self)
            return False
        info = self.backups[sel[0]]
        return self.restore_from(info.path, info.created.strftime("%Y年%m月%d日 %H:%M"))

    def on_restore_file(self) -> bool:
        name = ttk.filedialog.askopenfilename(
            parent=self, title="选择备份文件", initialdir=str(paths.backups_dir(self.db_path)),
            filetypes=[("备份清单", "manifest.json"), ("旧版数据库备份", "*.db"), ("所有文件", "*.*")])
        if not name:
            return False
        return self.restore_from(Path(name), Path(name).name)

    def restore_from(self, path: Path, label: str) -> bool:
        if not common.confirm_danger(
            f"用 {label} 的备份替换现在的全部数据吗？\n\n"
            "恢复前会先自动把现在的数据另存一份（“恢复前备份”），万一选错了还可以再恢复回来。",
            "恢复", "恢复备份", parent=self,
        ):
            return False
        try:
            safety = backup.restore_open_database(path)
        except (LawdeskError, OSError) as exc:
            common.show_error(common.error_message(exc), parent=self)
            return False
        # every open view refreshes itself on the change signal the restore sends
        self.refresh()
        kept = f"\n\n恢复前的数据已另存为：\n{safety}" if safety else ""
        common.show_info(f"已恢复 {label} 的备份（数据库和材料文件）。{kept}", "恢复完成", parent=self)
        if self.app is not None:
            self.app.update_title()
            self.app.set_status(f"已恢复 {label} 的备份。")
        return True

    def on_open_folder(self) -> None:
        folder = paths.backups_dir(self.db_path)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            common.open_path(folder)
        except (LawdeskError, OSError) as exc:
            common.show_error(common.error_message(exc), parent=self)

    def _status(self, message: str) -> None:
        if self.app is not None:
            self.app.set_status(message)
