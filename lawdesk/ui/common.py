"""Shared pieces of the GUI: Chinese dialogs, fonts and catalogue, debounce, background work.

Everything here is small and has no knowledge of record types. Dialog helpers go through
``ttkbootstrap.Messagebox`` so tests can monkeypatch one place (``lawdesk.ui.common``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import subprocess
import sys
import threading
import tkinter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import ttkbootstrap as ttk
from ttkbootstrap.localization import MessageCatalog

logger = logging.getLogger(__name__)

APP_TITLE = "法治建设台账"
THEME = "bootstrap-light"
BASE_FONT_SIZE = 11
DEBOUNCE_MS = 250
ERROR_COLOR = "#c0392b"
MUTED_COLOR = "#6c757d"

# ttkbootstrap's own zh_cn catalogue maps both "No" and "Cancel" to 取消 and "Yes" to 确认
# (ecosystem.md §1.3); these overrides make yes/no/cancel dialogs unambiguous.
ZH_CN_OVERRIDES: tuple[tuple[str, str], ...] = (
    ("Yes", "是"),
    ("&Yes", "&是"),
    ("No", "否"),
    ("&No", "&否"),
    ("Cancel", "取消"),
    ("&Cancel", "&取消"),
    ("OK", "确定"),
    ("&OK", "&确定"),
    ("Ok", "确定"),
    ("Retry", "重试"),
    ("&Retry", "&重试"),
    ("Submit", "提交"),
    ("Apply", "应用"),
    ("&Apply", "&应用"),
    ("Print", "打印"),
    ("Select new date", "选择日期"),
    ("Today", "今天"),
    ("Mo", "一"),
    ("Tu", "二"),
    ("We", "三"),
    ("Th", "四"),
    ("Fr", "五"),
    ("Sa", "六"),
    ("Su", "日"),
    ("January", "一月"),
    ("February", "二月"),
    ("March", "三月"),
    ("April", "四月"),
    ("May", "五月"),
    ("June", "六月"),
    ("July", "七月"),
    ("August", "八月"),
    ("September", "九月"),
    ("October", "十月"),
    ("November", "十一月"),
    ("December", "十二月"),
)


def install_zh_catalog() -> None:
    """Switch ttkbootstrap to zh_cn and fix its catalogue (是/否/取消 distinct, calendar)."""
    ttk.set_locale("zh_cn")
    flat: list[str] = [s for pair in ZH_CN_OVERRIDES for s in pair]
    MessageCatalog.set_many("zh_cn", *flat)


def apply_fonts(root: tkinter.Misc) -> str:
    """Use an installed Chinese family at a size office clerks read easily; return the family."""
    from tkinter import font as tkfont

    from lawdesk.fonts import ui_font_family

    family = ui_font_family(root)
    for name in ("TkDefaultFont", "TkTextFont", "TkMenuFont", "TkHeadingFont", "TkCaptionFont",
                 "TkTooltipFont", "TkIconFont", "TkSmallCaptionFont"):
        try:
            f = tkfont.nametofont(name, root=root)
        except tkinter.TclError:
            continue
        if family != "TkDefaultFont":
            f.configure(family=family)
        f.configure(size=BASE_FONT_SIZE)
    tkfont.nametofont("TkHeadingFont", root=root).configure(weight="bold")
    _named(root, "LawdeskTitle", family, BASE_FONT_SIZE + 5, "bold")
    _named(root, "LawdeskBig", family, BASE_FONT_SIZE + 9, "bold")
    _named(root, "LawdeskSmall", family, BASE_FONT_SIZE - 1, "normal")
    _named(root, "LawdeskBold", family, BASE_FONT_SIZE, "bold")
    style = ttk.Style.get_instance() or ttk.Style()
    line = tkfont.nametofont("TkDefaultFont", root=root).metrics("linespace")
    style.configure("Treeview", rowheight=int(line * 1.7))
    style.configure("Nav.Treeview", rowheight=int(line * 1.4))
    return family


_FONTS: dict[str, Any] = {}  # named fonts are deleted when their Font object is collected


def _named(root: tkinter.Misc, name: str, family: str, size: int, weight: str) -> None:
    from tkinter import font as tkfont

    fam = family if family != "TkDefaultFont" else tkfont.nametofont("TkDefaultFont").actual("family")
    if name in tkfont.names(root):
        tkfont.nametofont(name, root=root).configure(family=fam, size=size, weight=weight)
        return
    _FONTS[name] = tkfont.Font(root=root, name=name, family=fam, size=size, weight=weight)


# ---------------------------------------------------------------------------------------------
# Dialogs (monkeypatch these in tests; never show() a modal dialog there)


def confirm(message: str, title: str = "请确认", parent: tkinter.Misc | None = None) -> bool:
    """A 是/否 question; True when the clerk answered 是."""
    answer = ttk.Messagebox.yesno(message, title, parent=parent)
    return answer == MessageCatalog.translate("Yes")


def ask_save_discard(message: str, title: str = "尚未保存", parent: tkinter.Misc | None = None) -> str:
    """保存 / 不保存 / 取消 → "save", "discard" or "cancel"."""
    answer = ttk.Messagebox.show_question(
        message, title, parent=parent, buttons=["取消:secondary", "不保存:secondary", "保存:primary"],
        localize=False,
    )
    return {"保存": "save", "不保存": "discard"}.get(answer or "", "cancel")


def show_info(message: str, title: str = "提示", parent: tkinter.Misc | None = None) -> None:
    ttk.Messagebox.show_info(message, title, parent=parent)


def show_error(message: str, title: str = "出错了", parent: tkinter.Misc | None = None) -> None:
    ttk.Messagebox.show_error(message, title, parent=parent)


def show_warning(message: str, title: str = "请注意", parent: tkinter.Misc | None = None) -> None:
    ttk.Messagebox.show_warning(message, title, parent=parent)


# ---------------------------------------------------------------------------------------------
# Opening files with the system's program


def open_path(path: Path) -> None:
    """Open a file or folder with the program the system associates with it."""
    path = Path(path)
    if not path.exists():
        from lawdesk.errors import LawdeskError

        raise LawdeskError(f"找不到文件：{path}")
    if sys.platform == "win32":
        os.startfile(str(path))  # type: ignore[attr-defined]  # noqa: S606
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(path)])  # noqa: S603, S607
    else:
        subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL,  # noqa: S603, S607
                         stderr=subprocess.DEVNULL)


def open_folder(path: Path) -> None:
    """Open the folder that holds ``path`` (or ``path`` itself when it is a folder)."""
    path = Path(path)
    open_path(path if path.is_dir() else path.parent)


# ---------------------------------------------------------------------------------------------
# Display of stored values


def display(value: object, kind: str = "text") -> str:
    """How a stored value is shown in a list cell or a form field."""
    if value is None:
        return ""
    if kind == "bool" or isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------------------------
# Debounce and background work


class Debouncer:
    """Call ``func`` once, ``delay`` ms after the last ``trigger()`` (search-as-you-type)."""

    def __init__(self, widget: tkinter.Misc, func: Callable[[], None], delay: int = DEBOUNCE_MS):
        self._widget = widget
        self._func = func
        self._delay = delay
        self._job: str | None = None

    def trigger(self, *_args: object) -> None:
        self.cancel()
        self._job = self._widget.after(self._delay, self._fire)

    def cancel(self) -> None:
        if self._job is not None:
            try:
                self._widget.after_cancel(self._job)
            except tkinter.TclError:
                pass
            self._job = None

    def flush(self) -> None:
        """Run now if a call is pending."""
        if self._job is not None:
            self.cancel()
            self._func()

    def _fire(self) -> None:
        self._job = None
        self._func()


class BackgroundTask:
    """Run ``work`` on a worker thread; deliver its result to ``on_done`` on the Tk thread.

    The worker never touches a widget: the result travels through a queue that the Tk thread
    polls with ``after``. Tests set ``BackgroundTask.synchronous = True`` to run inline.
    """

    synchronous = False
    POLL_MS = 60

    def __init__(
        self,
        widget: tkinter.Misc,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._widget = widget
        self._work = work
        self._on_done = on_done
        self._on_error = on_error
        self._queue: queue.Queue[tuple[bool, Any]] = queue.Queue()
        self.thread: threading.Thread | None = None

    def start(self) -> BackgroundTask:
        if self.synchronous:
            self._run()
            self._deliver()
            return self
        self.thread = threading.Thread(target=self._run, name="lawdesk-worker", daemon=True)
        self.thread.start()
        self._widget.after(self.POLL_MS, self._poll)
        return self

    def _run(self) -> None:
        try:
            self._queue.put((True, self._work()))
        except BaseException as exc:  # noqa: BLE001 - handed to the Tk thread
            logger.exception("background task failed")
            self._queue.put((False, exc))

    def _poll(self) -> None:
        if self._queue.empty():
            try:
                self._widget.after(self.POLL_MS, self._poll)
            except tkinter.TclError:
                pass  # the window was closed meanwhile
            return
        self._deliver()

    def _deliver(self) -> None:
        ok, value = self._queue.get_nowait()
        if ok:
            self._on_done(value)
        else:
            self._on_error(value)


def error_message(exc: BaseException) -> str:
    """The Chinese message of a lawdesk error, or a generic one (details go to the log)."""
    from lawdesk.errors import LawdeskError

    if isinstance(exc, LawdeskError):
        return exc.message
    return f"操作没有完成：{exc.__class__.__name__}: {exc}\n详细信息已记录在日志文件中。"


def scrolled_tree(master: tkinter.Misc, **kwargs: Any) -> tuple[ttk.Frame, ttk.Treeview]:
    """A Treeview with a vertical scrollbar in a frame."""
    frame = ttk.Frame(master)
    tree = ttk.Treeview(frame, **kwargs)
    bar = ttk.Scrollbar(frame, orient="vertical", command=tree.yview)
    tree.configure(yscrollcommand=bar.set)
    tree.pack(side="left", fill="both", expand=True)
    bar.pack(side="right", fill="y")
    return frame, tree


def place_near(window: tkinter.Toplevel, master: tkinter.Misc, width: int, height: int) -> None:
    """Size ``window`` and put it over the middle of ``master``'s window, inside the screen."""
    top = master.winfo_toplevel()
    sw, sh = window.winfo_screenwidth(), window.winfo_screenheight()
    width, height = min(width, sw - 20), min(height, sh - 60)
    try:
        x = top.winfo_rootx() + (top.winfo_width() - width) // 2
        y = top.winfo_rooty() + (top.winfo_height() - height) // 3
    except tkinter.TclError:
        x, y = 60, 40
    x = max(0, min(x, sw - width))
    y = max(0, min(y, sh - height - 40))
    window.geometry(f"{width}x{height}+{x}+{y}")


def year_values(years_back: int = 10) -> list[str]:
    """The years offered in the year drop-downs: this year first, then the previous ones."""
    this_year = dt.date.today().year
    return [str(y) for y in range(this_year, this_year - years_back, -1)]


def muted_label(master: tkinter.Misc, text: str = "", **kwargs: Any) -> ttk.Label:
    return ttk.Label(master, text=text, foreground=MUTED_COLOR, font="LawdeskSmall", **kwargs)


def page_header(master: tkinter.Misc, title: str, subtitle: str = "") -> ttk.Frame:
    """The title line of a page: a large title and a muted one-line description."""
    frame = ttk.Frame(master)
    ttk.Label(frame, text=title, font="LawdeskTitle").pack(side="left")
    if subtitle:
        muted_label(frame, subtitle).pack(side="left", padx=(12, 0), pady=(6, 0))
    return frame
