"""关于: the program's name and version, where the data and the log file are, and the bundled
font's licence (SIL Open Font License 1.1, which asks that its notice travels with every copy).

Reached from the 系统 links of the main window; 关闭 or Esc closes it.
"""

from __future__ import annotations

import tkinter
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk import APP_NAME, __version__, logs, paths
from lawdesk.ui import common
from lawdesk.ui.widgets.data_location import DataLocationPanel

DESCRIPTION = "记录街道法治建设工作，一键生成符合 GB/T 9704—2012 的年度法治政府建设工作报告。"
FONT_LICENCE_FILE = ("fonts", "OFL.txt")
FONT_NOTE = ("图表字体 Lawdesk Sans SC（由 Noto Sans CJK SC 精简、改名而来）按 SIL Open Font License 1.1"
             " 随程序提供，用它生成的图表和文档不受限制。")


def log_file_path(db_path: Path) -> Path:
    """The log file in use (once logging is set up), else where it goes for this database."""
    return logs.log_file() or paths.logs_dir(db_path) / "lawdesk.log"


def font_licence_path() -> Path | None:
    """The bundled font's licence text, when the program carries it."""
    path = paths.asset(*FONT_LICENCE_FILE)
    return path if path.is_file() else None


class AboutDialog(ttk.Toplevel):
    """关于法治建设台账."""

    def __init__(self, master: tkinter.Misc, db_path: Path) -> None:
        super().__init__(title=f"关于{APP_NAME}", transient=master.winfo_toplevel(), minsize=(420, 320))
        from lawdesk.paths import as_target

        self.db_path = as_target(db_path)
        self.opener = master  # the main window: it opens a database moved to the local folder
        self._build_ui()
        scale = self._scale()
        extra = 60 if self.location.move_button is not None else 0  # the synced-folder warning
        common.place_near(self, master, round(640 * scale), round((540 + extra) * scale))
        self.bind("<Escape>", lambda _e: self.on_close())
        self.protocol("WM_DELETE_WINDOW", self.on_close)
        self.close_button.focus_set()

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=18)
        body.pack(fill="both", expand=True)
        bottom = ttk.Frame(body)
        bottom.pack(side="bottom", fill="x", pady=(10, 0))
        self.close_button = ttk.Button(bottom, text="关闭", command=self.on_close)
        self.close_button.pack(side="right")
        licence = font_licence_path()
        self.licence_button: ttk.Button | None = None
        if licence:
            self.licence_button = ttk.Button(bottom, text="查看字体许可证", bootstyle="secondary-outline",
                                             command=lambda: self._open(licence))
            self.licence_button.pack(side="left")

        ttk.Label(body, text=APP_NAME, font="LawdeskTitle").pack(anchor="w")
        self.version_label = common.muted_label(body, f"版本 {__version__}")
        self.version_label.pack(anchor="w", pady=(2, 6))
        common.wrapping_label(body, DESCRIPTION).pack(anchor="w", fill="x", pady=(0, 10))
        ttk.Separator(body).pack(fill="x", pady=(0, 8))

        switch = getattr(self.opener, "switch_database", None)
        self.location = DataLocationPanel(body, self.db_path, on_moved=self._moved(switch))
        self.location.pack(anchor="w", fill="x")
        self.location.location_label.configure(wraplength=0)
        self.location.location_label.pack_configure(fill="x")
        self._rewrap(self.location.location_label)

        ttk.Label(body, text="日志文件", font="LawdeskBold").pack(anchor="w", pady=(10, 0))
        self.log_label = common.wrapping_label(body, str(log_file_path(self.db_path)))
        self.log_label.pack(anchor="w", fill="x", pady=(2, 0))

        ttk.Label(body, text="字体与许可", font="LawdeskBold").pack(anchor="w", pady=(10, 0))
        note = FONT_NOTE + (f"许可证全文在 {licence}" if licence else "")
        self.font_label = common.wrapping_label(body, note, muted=True)
        self.font_label.pack(anchor="w", fill="x", pady=(2, 0))

    def _scale(self) -> float:
        """Tk's scaling against 96 dpi (125 %, 150 % in Windows' display settings): fonts in points
        grow with it, so the window's size must too."""
        try:
            return max(1.0, float(self.tk.call("tk", "scaling")) * 72 / 96)
        except (tkinter.TclError, ValueError):
            return 1.0

    @staticmethod
    def _rewrap(label: ttk.Label) -> None:
        """The panel's location text wraps at the dialog's width, not at a fixed 520 px."""
        def rewrap(event: tkinter.Event) -> None:
            if event.width > 40 and int(str(label.cget("wraplength")) or 0) != event.width - 4:
                label.configure(wraplength=event.width - 4)

        label.bind("<Configure>", rewrap, add="+")

    def _open(self, path: Path) -> None:
        from lawdesk.errors import LawdeskError

        try:
            common.open_path(path)
        except LawdeskError as exc:
            common.show_error(common.error_message(exc), parent=self)

    def _moved(self, switch):  # noqa: ANN001, ANN202 - MainWindow.switch_database or None
        if switch is None:
            return None

        def opened(target: Path) -> None:
            self.destroy()
            switch(target)

        return opened

    def on_close(self) -> None:
        self.destroy()
