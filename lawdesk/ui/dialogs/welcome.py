"""The first-start guide: fill in the unit profile, optionally load the demo data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ttkbootstrap as ttk

from lawdesk import demo
from lawdesk.errors import LawdeskError
from lawdesk.ui import common

if TYPE_CHECKING:
    from lawdesk.ui.main_window import MainWindow


class WelcomeDialog(ttk.Toplevel):
    """欢迎使用: two big choices and a quiet 稍后."""

    def __init__(self, app: MainWindow) -> None:
        super().__init__(title=f"欢迎使用{common.APP_TITLE}", transient=app.winfo_toplevel(),
                         resizable=(False, False))
        self.app = app
        self._build_ui()
        self.bind("<Escape>", lambda _e: self.destroy())
        self.update_idletasks()
        top = app.winfo_toplevel()
        x = top.winfo_rootx() + max(0, (top.winfo_width() - self.winfo_reqwidth()) // 2)
        y = top.winfo_rooty() + 120
        self.geometry(f"+{x}+{y}")

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=24)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=f"欢迎使用{common.APP_TITLE}", font="LawdeskTitle").pack(anchor="w")
        ttk.Label(
            body, justify="left", wraplength=460,
            text=("本程序用于登记全年法治建设工作（学法、普法、会议、督查、纠纷化解、巡逻、"
                  "热线等），并自动生成《关于××年度法治政府建设工作情况的报告》。\n\n"
                  "第一次使用，请先填写单位名称、发文机关等信息。"),
        ).pack(anchor="w", pady=(10, 16))
        self.profile_button = ttk.Button(body, text="填写单位设置", bootstyle="primary",
                                         command=self.on_profile)
        self.profile_button.pack(fill="x")
        self.demo_button = ttk.Button(body, text="先装入演示数据看看（2021—2023年）",
                                      bootstyle="secondary", command=self.on_demo)
        if not demo.has_records():
            self.demo_button.pack(fill="x", pady=(8, 0))
            common.muted_label(body, "演示数据只能装入空数据库；正式使用时请新建数据库文件。").pack(
                anchor="w", pady=(2, 0))
        ttk.Button(body, text="稍后再说", bootstyle="link", command=self.destroy).pack(
            anchor="e", pady=(12, 0))

    def on_profile(self) -> None:
        self.destroy()
        self.app.show_page("settings")

    def on_demo(self) -> None:
        try:
            counts = demo.load_demo()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return
        self.destroy()
        self.app.reload_all()
        self.app.set_status(f"已装入演示数据 {sum(counts.values())} 条。")
