"""The first-start guide: 新建 / 打开 / 试用演示数据, and the operator's name.

The same dialog serves two moments:

- before the main window, when the database file does not exist yet (``WelcomeDialog.ask``):
  nothing is created until the clerk chooses 新建; the answer says which file to open;
- over the main window, on a database whose unit profile is still empty (``WelcomeDialog``):
  新建 leads to 单位设置, 打开 switches to another file, 试用演示数据 opens 演示数据.db.

The demo always goes into its own file beside the clerk's database (``demo.demo_path_for``),
never into the clerk's database. :class:`OperatorDialog` asks only the operator's name, so the
操作日志 never signs with the computer's login name.
"""

from __future__ import annotations

import tkinter
from pathlib import Path
from typing import Protocol

import ttkbootstrap as ttk

from lawdesk import demo
from lawdesk.errors import LawdeskError, ValidationError
from lawdesk.paths import as_target, display_target
from lawdesk.services import settings
from lawdesk.ui import common
from lawdesk.ui.start import DEMO, NEW, OPEN, StartChoice

__all__ = ["DEMO", "NEW", "OPEN", "OperatorDialog", "StartChoice", "WelcomeDialog", "WelcomeHost",
           "ask_database_file", "save_operator"]

WRAP = 460


class WelcomeHost(Protocol):
    """What the guide asks of the main window it is shown over (``MainWindow`` is one)."""

    db_path: Path | str

    def winfo_toplevel(self) -> tkinter.Misc: ...
    def update_title(self) -> None: ...
    def set_status(self, text: str) -> None: ...
    def show_page(self, key: str) -> tkinter.Widget: ...
    def switch_database(self, path: Path, *, create: bool = False) -> bool: ...


def ask_database_file(parent: tkinter.Misc, initial: Path | str) -> Path | None:
    from lawdesk import paths
    from lawdesk.paths import is_server_url

    folder = paths.user_data_folder() if is_server_url(initial) else Path(initial).parent
    name = ttk.filedialog.askopenfilename(
        parent=parent, title="打开台账数据库", initialdir=str(folder),
        filetypes=[("台账数据库", "*.db"), ("所有文件", "*.*")])
    return Path(name) if name else None


def save_operator(name: str) -> None:
    """Store the operator's name (经办人) in the unit profile; it signs the 操作日志."""
    name = name.strip()
    if name:
        settings.save_profile({"operator": name})


class WelcomeDialog(ttk.Toplevel):
    """欢迎使用: 新建, 打开 and 试用演示数据 as three big choices, plus the operator's name."""

    def __init__(self, app: WelcomeHost | None = None, *, db_path: Path | None = None,
                 master: tkinter.Misc | None = None) -> None:
        self.app = app
        self.db_path = as_target(db_path if db_path is not None else app.db_path)  # type: ignore[union-attr]
        self.starting = app is None
        self.choice: StartChoice | None = None
        kwargs = {} if self.starting else {"transient": app.winfo_toplevel()}  # type: ignore[union-attr]
        super().__init__(master=master, title=f"欢迎使用{common.APP_TITLE}", resizable=(False, False),
                         **kwargs)
        self._build_ui()
        self.protocol("WM_DELETE_WINDOW", self.on_later)
        self.bind("<Escape>", lambda _e: self.on_later())
        self._place()
        self.after_idle(self.operator_entry.focus_set)

    @classmethod
    def ask(cls, root: tkinter.Misc, db_path: Path) -> StartChoice | None:
        """Before the main window: ask what to open; None when the clerk quits."""
        dialog = cls(db_path=db_path, master=root)
        dialog.grab_set()
        dialog.wait_window()
        return dialog.choice

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=24)
        body.pack(fill="both", expand=True)
        self.body = body
        ttk.Label(body, text=f"欢迎使用{common.APP_TITLE}", font="LawdeskTitle").pack(anchor="w")
        ttk.Label(
            body, justify="left", wraplength=WRAP,
            text=("本程序用于登记全年法治建设工作（学法、普法、会议、督查、纠纷化解、巡逻、"
                  "热线等），并自动生成《关于××年度法治政府建设工作情况的报告》。"),
        ).pack(anchor="w", pady=(10, 12))
        who = ttk.Frame(body)
        who.pack(fill="x", pady=(0, 12))
        ttk.Label(who, text="您的姓名").pack(side="left")
        self.operator_var = ttk.StringVar(value=self._stored_operator())
        self.operator_entry = ttk.Entry(who, textvariable=self.operator_var, width=16)
        self.operator_entry.pack(side="left", padx=8)
        common.muted_label(who, "记入操作日志（操作员）").pack(side="left")

        if self.starting:
            new_text = "新建台账"
            new_note = f"在 {self.db_path} 新建一个空的台账数据库。"
        else:
            new_text = "开始使用：填写单位设置"
            new_note = f"台账数据库：{display_target(self.db_path)}"  # a server URL masked
        self.new_button = ttk.Button(body, text=new_text, bootstyle="primary", command=self.on_new)
        self.new_button.pack(fill="x")
        self._note(body, new_note)
        from lawdesk import paths

        self.risk_label = None
        if risk := paths.sync_risk(self.db_path):  # OneDrive, WPS 云盘, a network drive
            self.risk_label = ttk.Label(body, text=risk.warning(), wraplength=WRAP, justify="left",
                                        foreground=common.ERROR_COLOR)
            self.risk_label.pack(anchor="w", pady=(2, 0))
        self.open_button = ttk.Button(body, text="打开已有的台账文件…", bootstyle="secondary",
                                      command=self.on_open)
        self.open_button.pack(fill="x", pady=(8, 0))
        self._note(body, "例如从其他电脑拷来的 .db 文件，或单位的共享台账。")
        self.demo_button = ttk.Button(body, text="试用演示数据（金兰山街道，2021—2023年）",
                                      bootstyle="info-outline", command=self.on_demo)
        self.demo_button.pack(fill="x", pady=(8, 0))
        self._note(body, f"演示数据单独存放在 {demo.demo_path_for(self.db_path)}，"
                         "不会写入正式台账。标题栏会注明“演示数据”。")
        self.county_button = ttk.Button(body, text="新建县级数据库…", bootstyle="secondary-outline",
                                        command=self.on_new_county)
        self.county_button.pack(fill="x", pady=(8, 0))
        self._note(body, "县司法局、依法治县办汇总各乡镇（街道）的数据包、生成全县报告时使用。")
        later = "退出" if self.starting else "稍后再说"
        self.later_button = ttk.Button(body, text=later, bootstyle="link", command=self.on_later)
        self.later_button.pack(anchor="e", pady=(12, 0))

    def _note(self, master: tkinter.Misc, text: str) -> None:
        common.muted_label(master, text, wraplength=WRAP, justify="left").pack(anchor="w",
                                                                              pady=(2, 0))

    def _place(self) -> None:
        self.update_idletasks()
        ax, ay, aw, ah = common.work_area(self)
        w, h = self.winfo_reqwidth(), self.winfo_reqheight()
        if self.starting:
            x, y = ax + (aw - w) // 2, ay + max(0, (ah - h) // 3)
        else:
            top = self.app.winfo_toplevel()  # type: ignore[union-attr]
            x = top.winfo_rootx() + max(0, (top.winfo_width() - w) // 2)
            y = top.winfo_rooty() + 80
        x = max(ax, min(x, ax + aw - w - common.FRAME_MARGIN[0]))
        y = max(ay, min(y, ay + ah - h - common.FRAME_MARGIN[1]))
        self.geometry(f"+{x}+{y}")

    def _stored_operator(self) -> str:
        if self.starting:
            return ""
        return str(settings.profile_values().get("operator") or "")

    # -- choices -----------------------------------------------------------------------------

    def _keep_operator(self) -> bool:
        try:
            save_operator(self.operator_var.get())
        except ValidationError as exc:
            common.show_error(exc.message, parent=self)
            return False
        if self.app is not None:
            self.app.update_title()
        return True

    def on_new(self) -> None:
        if self.starting:
            self.choice = StartChoice(NEW, self.db_path, self.operator_var.get().strip())
            self.destroy()
            return
        if not self._keep_operator():
            return
        self.destroy()
        self.app.show_page("settings")  # type: ignore[union-attr]

    def on_open(self) -> None:
        path = ask_database_file(self, self.db_path)
        if path is None:
            return
        if self.starting:
            self.choice = StartChoice(OPEN, path, self.operator_var.get().strip())
            self.destroy()
            return
        self.destroy()
        self.app.switch_database(path)  # type: ignore[union-attr]

    def on_demo(self) -> None:
        path = demo.demo_path_for(self.db_path)
        if self.starting:
            self.choice = StartChoice(DEMO, path)
            self.destroy()
            return
        app = self.app
        self.destroy()
        if app is None or not app.switch_database(path, create=True):
            return
        try:
            counts = {} if demo.has_records() else demo.load_demo()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=app)
            return
        app.update_title()
        loaded = f"已装入演示数据 {sum(counts.values())} 条，" if counts else ""
        app.set_status(f"{loaded}正在查看演示数据（{path}）。正式台账没有改动。")

    def on_new_county(self) -> None:
        """新建县级数据库: the county's name and file (``new_county``), then open it."""
        from lawdesk import paths
        from lawdesk.paths import is_server_url
        from lawdesk.ui.dialogs.new_county import NewCountyDialog

        folder = paths.user_data_folder() if is_server_url(self.db_path) else Path(self.db_path).parent
        path = NewCountyDialog.ask(self, folder)
        if path is None:
            return
        if self.starting:
            self.choice = StartChoice(OPEN, path, self.operator_var.get().strip())
            self.destroy()
            return
        app = self.app
        self.destroy()
        if app is not None and app.switch_database(path):
            app.set_status(f"已建立县级数据库：{path}。请先在“单位设置”中补全县级单位的发文机关、文号代字和主送机关。")

    def on_later(self) -> None:
        self.choice = None
        self.destroy()


class OperatorDialog(ttk.Toplevel):
    """Who is working here? The name signs every entry of the 操作日志."""

    def __init__(self, app: WelcomeHost) -> None:
        super().__init__(title="操作员", transient=app.winfo_toplevel(), resizable=(False, False))
        self.app = app
        body = ttk.Frame(self, padding=20)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text="请填写您的姓名", font="LawdeskBold").pack(anchor="w")
        common.muted_label(body, "每一次新增、修改、删除都会以这个名字记入操作日志；"
                                 "以后可以在“单位设置”的“经办人”中修改。",
                           wraplength=360, justify="left").pack(anchor="w", pady=(4, 10))
        self.name_var = ttk.StringVar()
        self.entry = ttk.Entry(body, textvariable=self.name_var, width=24)
        self.entry.pack(anchor="w")
        self.message = ttk.Label(body, text="", foreground=common.ERROR_COLOR, wraplength=360)
        self.message.pack(anchor="w")
        bar = ttk.Frame(body)
        bar.pack(fill="x", pady=(12, 0))
        self.ok_button = ttk.Button(bar, text="确定", bootstyle="primary", command=self.on_ok)
        self.ok_button.pack(side="right")
        ttk.Button(bar, text="以后再说", bootstyle="link", command=self.destroy).pack(
            side="right", padx=8)
        self.bind("<Return>", lambda _e: self.on_ok())
        self.bind("<Escape>", lambda _e: self.destroy())
        self.update_idletasks()
        common.place_near(self, app, max(420, self.winfo_reqwidth()), self.winfo_reqheight())
        self.after_idle(self.entry.focus_set)

    def on_ok(self) -> bool:
        name = self.name_var.get().strip()
        if not name:
            self.message.configure(text="请填写姓名。")
            return False
        try:
            save_operator(name)
        except ValidationError as exc:
            self.message.configure(text=exc.message)
            return False
        self.app.update_title()
        self.destroy()
        return True
