"""报送县里: an office sends a year to the county.

- An office's own database (a file): the year's data package (数据包, ``packages``), saved where
  the clerk chooses, to be handed to the county (U 盘, 政务网); with or without evidence files and
  personal data. The county counts the year as reported when it imports the package.
- An office on the county's shared server (no packages): 标记已报送 (``submissions.mark_reported``):
  the county counts the year from then on. Once marked it stays marked.

The dialog shows whether the year counts as reported (on the server), and never opens at the
county itself.
"""

from __future__ import annotations

import datetime as dt
import tkinter
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.services import submissions, units
from lawdesk.services.period import Period
from lawdesk.ui import common

WRAP = 440


def on_server() -> bool:
    from lawdesk.connection import is_server_database

    return is_server_database()


class ReportToCountyDialog(ttk.Toplevel):
    """Year, then 导出数据包… (an office's file) or 标记已报送 (an office on the server)."""

    def __init__(self, master: tkinter.Misc, *, status=None) -> None:  # noqa: ANN001 - a callable
        super().__init__(title="报送县里", transient=master.winfo_toplevel(), resizable=(False, False))
        self.status = status or (lambda _m: None)
        self.server = on_server()
        self.unit = units.current_unit()
        self._build_ui()
        self.bind("<Escape>", lambda _e: self.destroy())
        self.update_idletasks()
        common.place_near(self, master, max(480, self.winfo_reqwidth()), self.winfo_reqheight())
        self.show_state()

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=20)
        body.pack(fill="both", expand=True)
        name = self.unit.name if self.unit is not None else "本单位"
        ttk.Label(body, text=f"{name}：报送县里", font="LawdeskBold").pack(anchor="w")
        how = ("各单位在县里的服务器上录入，县里直接汇总；全年工作录入完毕后，在这里标记已报送，县里即按已报送汇总。"
               if self.server else
               "导出年度数据包（一个 .ldpkg 文件），交给县里导入；县里导入后，本年度即算已报送。")  # fmt: skip
        common.muted_label(body, how, wraplength=WRAP, justify="left").pack(anchor="w", pady=(4, 10))
        row = ttk.Frame(body)
        row.pack(fill="x")
        ttk.Label(row, text="年度").pack(side="left")
        self.year_var = ttk.StringVar(value=str(dt.date.today().year - 1))
        self.year_box = ttk.Combobox(row, textvariable=self.year_var, state="readonly", width=7,
                                     values=common.year_values())
        self.year_box.pack(side="left", padx=(6, 0))
        self.year_box.bind("<<ComboboxSelected>>", lambda _e: self.show_state())
        self.evidence_var = ttk.BooleanVar(value=False)
        self.personal_var = ttk.BooleanVar(value=False)
        if not self.server:
            ttk.Checkbutton(body, text="含佐证材料文件（照片、签到表等，文件较大）",
                            variable=self.evidence_var).pack(anchor="w", pady=(10, 0))
            ttk.Checkbutton(body, text="含个人信息（当事人、身份证号、联系电话；县里一般不需要）",
                            variable=self.personal_var).pack(anchor="w", pady=(4, 0))
        self.state_label = common.wrapping_label(body, "")
        self.state_label.pack(anchor="w", fill="x", pady=(10, 0))
        bar = ttk.Frame(body)
        bar.pack(fill="x", pady=(12, 0))
        text = "标记已报送" if self.server else "导出数据包…"
        self.action_button = ttk.Button(bar, text=text, bootstyle="primary", command=self.on_action)
        self.action_button.pack(side="right")
        ttk.Button(bar, text="关闭", bootstyle="secondary", command=self.destroy).pack(side="right", padx=8)

    @property
    def period(self) -> Period:
        return Period.year(int(self.year_var.get()))

    def show_state(self) -> None:
        """On the server: whether the year counts as reported."""
        if not self.server:
            self.state_label.configure(text="")
            return
        done = submissions.has_reported(self.period)
        self.state_label.configure(
            text=f"{self.period.label}：已报送。" if done else f"{self.period.label}：尚未报送。",
            foreground=common.MUTED_COLOR if done else common.ERROR_COLOR)
        self.action_button.configure(state="disabled" if done else "normal")

    def ask_path(self) -> Path | None:
        name = self.unit.name if self.unit is not None else "本单位"
        chosen = ttk.filedialog.asksaveasfilename(
            parent=self, title="数据包保存到", initialfile=f"{name}-{self.year_var.get()}.ldpkg",
            defaultextension=".ldpkg", filetypes=[("数据包", "*.ldpkg")])
        return Path(chosen) if chosen else None

    def on_action(self) -> common.BackgroundTask | None:
        """Mark the year 已报送 (server) or export its package off the Tk thread (file)."""
        if self.server:
            try:
                submissions.mark_reported(self.period)
            except LawdeskError as exc:
                self.state_label.configure(text=exc.message, foreground=common.ERROR_COLOR)
                return None
            self.show_state()
            self.status(f"已标记{self.period.label}已报送，县里即按已报送汇总。")
            return None
        target = self.ask_path()
        if target is None:
            return None
        period, evidence, personal = self.period, self.evidence_var.get(), self.personal_var.get()
        self.action_button.configure(state="disabled")
        self.state_label.configure(text="正在导出数据包…", foreground=common.MUTED_COLOR)

        def work() -> str:
            from lawdesk.services import packages

            result = packages.export_package_result(period, target, evidence=evidence, personal=personal)
            return result.message() + "请把这个文件交给县里。"

        return common.BackgroundTask(self, work, self._exported, self._failed).start()

    def _exported(self, message: str) -> None:
        if self.winfo_exists():
            self.action_button.configure(state="normal")
            self.state_label.configure(text=message, foreground=common.MUTED_COLOR)
        self.status(message)

    def _failed(self, exc: BaseException) -> None:
        if self.winfo_exists():
            self.action_button.configure(state="normal")
            self.state_label.configure(text=f"数据包没有导出：{common.error_message(exc)}", foreground=common.ERROR_COLOR)
