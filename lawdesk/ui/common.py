"""Shared pieces of the GUI: Chinese dialogs, fonts and catalogue, debounce, background work.

Everything here is small and has no knowledge of record types. Dialog helpers go through
``ttkbootstrap.Messagebox`` so tests can monkeypatch one place (``lawdesk.ui.common``).

(Longer than most modules: many small helpers that nearly every view uses, each a few lines.)
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
import tkinter.ttk as tkttk
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import ttkbootstrap as ttk
from ttkbootstrap.localization import MessageCatalog

from lawdesk.normalize import number_text
from lawdesk.ui import xprop

logger = logging.getLogger(__name__)

APP_TITLE = "法治建设台账"
THEME = "bootstrap-light"
BASE_FONT_SIZE = 11
DEBOUNCE_MS = 250
ERROR_COLOR = "#c0392b"
MUTED_COLOR = "#6c757d"

# ttkbootstrap's own zh_cn catalogue maps both "No" and "Cancel" to 取消 and "Yes" to 确认
# (ttkbootstrap 2.x msgcat); these overrides make yes/no/cancel dialogs unambiguous.
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
    from ttkbootstrap.dialogs.datepicker import DatePickerDialog

    DatePickerDialog._set_title = _calendar_title  # type: ignore[method-assign]


def install_key_bindings(root: tkinter.Misc) -> None:
    """Keys as a Windows clerk knows them, on UOS and Kylin too: Ctrl+A selects all the text of
    an entry or a text box, with Caps Lock on as well (Tk's X11 bindings move to, or select
    to, the line start instead, as in Emacs)."""
    for virtual, sequences in (("<<LineStart>>", ("<Control-Key-a>", "<Control-Lock-Key-A>")),
                               ("<<SelectLineStart>>", ("<Control-Key-A>", "<Control-Lock-Key-a>"))):
        for sequence in sequences:
            root.event_delete(virtual, sequence)
            root.event_add("<<SelectAll>>", sequence)


def calendar_title(day: dt.date) -> str:
    """The calendar's header in Chinese: 2022年5月."""
    return f"{day.year}年{day.month}月"


def _calendar_title(dialog: Any) -> None:
    dialog.titlevar.set(calendar_title(dialog.date))


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
    style.configure("Nav.Treeview", rowheight=int(line * 1.3))
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


def confirm_danger(message: str, action: str, title: str = "请确认",
                   parent: tkinter.Misc | None = None) -> bool:
    """A destructive question (删除, 彻底删除, 恢复备份): the default button is 取消."""
    answer = ttk.Messagebox.show_question(
        message, title, parent=parent, buttons=["取消:secondary", f"{action}:danger"],
        default="取消", localize=False,
    )
    return answer == action


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


def log_file_text() -> str:
    """Where the log file is, for messages (the file's path once logging is set up)."""
    from lawdesk import logs

    return str(file) if (file := logs.log_file()) else "程序的日志文件"


def os_error_message(exc: OSError, what: str) -> str:
    """A Chinese message for an operating-system error while doing ``what``."""
    reasons = {
        FileNotFoundError: "找不到所需的文件或程序",
        PermissionError: "没有权限（文件可能正被其他程序使用，或文件夹不允许写入）",
        IsADirectoryError: "这是一个文件夹，不是文件",
        NotADirectoryError: "路径中有一项不是文件夹",
        FileExistsError: "文件已经存在",
    }
    reason = next((text for cls, text in reasons.items() if isinstance(exc, cls)), "系统报告了错误")
    logger.error("%s failed: %r", what, exc)
    return f"{what}失败：{reason}。\n\n详细信息已记录在 {log_file_text()}"


def open_path(path: Path) -> None:
    """Open a file or folder with the program the system associates with it.

    Raises ``LawdeskError`` with a Chinese message (e.g. no program to open it is installed).
    """
    from lawdesk.errors import LawdeskError

    path = Path(path)
    if not path.exists():
        raise LawdeskError(f"找不到文件：{path}")
    try:
        if sys.platform == "win32":
            os.startfile(str(path))  # type: ignore[attr-defined]  # noqa: S606
        elif sys.platform == "darwin":
            subprocess.Popen(["open", str(path)])  # noqa: S603, S607
        else:
            subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL,  # noqa: S603, S607
                             stderr=subprocess.DEVNULL)
    except FileNotFoundError as exc:
        logger.error("no program to open %s: %r", path, exc)
        raise LawdeskError(
            f"这台电脑上没有找到可以打开它的程序，请手动打开：\n{path}\n\n"
            f"详细信息已记录在 {log_file_text()}") from exc
    except OSError as exc:
        raise LawdeskError(os_error_message(exc, f"打开“{path}”")) from exc


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
    if isinstance(value, Decimal | float | int):
        return number_text(value)
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
    polls with ``after``. Its database work runs on the thread's own connection, closed when the
    work ends (``lawdesk.connection.worker``). Tests set ``BackgroundTask.synchronous = True`` to
    run inline.
    """

    synchronous = False
    POLL_MS = 60

    def __init__(
        self,
        widget: tkinter.Misc,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        poll_ms: int | None = None,
    ) -> None:
        self._widget = widget
        self._poll_ms = poll_ms or self.POLL_MS
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
        self._widget.after(self._poll_ms, self._poll)
        return self

    def _run(self) -> None:
        from lawdesk.connection import worker

        try:
            self._queue.put((True, worker(self._work)()))
        except BaseException as exc:  # noqa: BLE001 - handed to the Tk thread
            logger.exception("background task failed")
            self._queue.put((False, exc))

    def _poll(self) -> None:
        if self._queue.empty():
            try:
                self._widget.after(self._poll_ms, self._poll)
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
    if isinstance(exc, OSError):
        return os_error_message(exc, "操作")
    logger.error("operation failed: %r", exc)
    return f"操作没有完成，刚才的数据不受影响。\n\n详细信息已记录在 {log_file_text()}"


def scrolled_tree(master: tkinter.Misc, **kwargs: Any) -> tuple[ttk.Frame, ttk.Treeview]:
    """A Treeview with vertical and horizontal scrollbars and a visible focus row."""
    frame = ttk.Frame(master)
    kwargs.setdefault("height", 4)  # lists expand into the room left; they never push a window taller
    tree = ttk.Treeview(frame, **kwargs)
    ybar = ttk.Scrollbar(frame, orient="vertical", command=tree.yview)
    xbar = ttk.Scrollbar(frame, orient="horizontal", command=tree.xview)
    tree.configure(yscrollcommand=ybar.set, xscrollcommand=xbar.set)
    tree.grid(row=0, column=0, sticky="nsew")
    ybar.grid(row=0, column=1, sticky="ns")
    xbar.grid(row=1, column=0, sticky="we")
    frame.rowconfigure(0, weight=1)
    frame.columnconfigure(0, weight=1)
    keep_focus_row(tree)
    return frame, tree


def keep_focus_row(tree: ttk.Treeview) -> None:
    """Keyboard users see where they are: the focused row follows the selection (and back)."""
    def sync(_event: object = None) -> None:
        sel = tree.selection()
        if sel and tree.focus() not in sel:
            tree.focus(sel[0])

    def on_focus(_event: object = None) -> None:
        children = tree.get_children()
        if children and not tree.selection():
            first = tree.focus() or children[0]
            tree.selection_set(first)
            tree.focus(first)

    tree.bind("<<TreeviewSelect>>", sync, add="+")
    tree.bind("<FocusIn>", on_focus, add="+")


def fit_columns(tree: ttk.Treeview, widths: dict[str, int]) -> None:
    """Give each column at least the width of its heading text (headings are never cut)."""
    from tkinter import font as tkfont

    heading = tkfont.nametofont("TkHeadingFont")
    for col, width in widths.items():
        text = str(tree.heading(col, "text"))
        need = heading.measure(text + " ▼") + 18
        tree.column(col, width=max(width, need), minwidth=need)


def scrolled_page(master: tkinter.Misc, **kwargs: Any) -> ttk.ScrolledFrame:
    """A vertically scrolling area for a long page: wheel, Page Up/Down, and Tab scrolls
    the focused field into view."""
    scroller = ttk.ScrolledFrame(master, autohide=False, **kwargs)
    master.winfo_toplevel().bind("<FocusIn>", lambda e: scroll_into_view(scroller, e.widget),
                                 add="+")
    return scroller


def scroll_page_by(scroller: ttk.ScrolledFrame, pages: int) -> str:
    scroller.yview_scroll(pages, "pages")
    return "break"


def scroll_into_view(scroller: ttk.ScrolledFrame, widget: object) -> None:
    """Scroll ``scroller`` so that ``widget`` (when it lies inside it) is visible.

    Only for the widget that holds the keyboard focus, in the scroller's own window: Tk sends
    ``<FocusIn>`` to every ancestor of a field too (the page's own frames, as tall as the page)
    and to a drop-down's list, a window of its own on the screen, so scrolling for those moved
    the page under the mouse each time a drop-down closed. Not for a canvas either: a chart's
    (matplotlib focuses its canvas when it is made) would scroll a page of charts down to the
    last one, and the figure cards are a canvas of their own."""
    try:
        if not isinstance(widget, tkinter.Misc) or isinstance(widget, tkinter.Canvas):
            return
        if not scroller.winfo_exists():
            return
        if not str(widget).startswith(str(scroller) + "."):
            return
        if str(widget.tk.call("focus")) != str(widget):
            return  # an ancestor of the focused field, told of the focus passing through it
        if widget.winfo_toplevel() is not scroller.winfo_toplevel():
            return  # a drop-down's list or a calendar: a window of its own
        reveal(scroller, widget)
    except tkinter.TclError:
        pass


def reveal(scroller: ttk.ScrolledFrame, widget: tkinter.Misc) -> None:
    """Scroll ``scroller`` the least that shows all of ``widget``, a widget inside it."""
    try:
        canvas = scroller.master if isinstance(scroller.master, tkinter.Canvas) else None
        canvas = canvas or next((c for c in scroller.container.winfo_children()
                                 if isinstance(c, tkinter.Canvas)), None)
        if canvas is None:
            return
        total = max(1, scroller.winfo_height())
        top = widget.winfo_rooty() - scroller.winfo_rooty()
        bottom = top + widget.winfo_height()
        view_top, view_bottom = (f * total for f in canvas.yview())
        if top < view_top:
            canvas.yview_moveto(max(0.0, (top - 8) / total))
        elif bottom > view_bottom:
            canvas.yview_moveto(min(1.0, (bottom + 8 - (view_bottom - view_top)) / total))
    except tkinter.TclError:
        pass


FRAME_MARGIN = (16, 48)  # px a window manager's borders and title bar take (x, y)
TASKBAR_MARGIN = 40  # px a taskbar takes when the work area cannot be read


def work_area(widget: tkinter.Misc) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the screen area windows may use (without the taskbar).

    On X11 the window manager publishes it as ``_NET_WORKAREA`` on the root window (read with
    ``xprop`` when it is installed); elsewhere the screen size minus a taskbar margin.
    """
    sw, sh = widget.winfo_screenwidth(), widget.winfo_screenheight()
    cached = _WORK_AREAS.get((sw, sh))
    if cached is None:
        cached = _WORK_AREAS[(sw, sh)] = _read_work_area(widget, sw, sh)
    return cached


_WORK_AREAS: dict[tuple[int, int], tuple[int, int, int, int]] = {}
def _read_work_area(widget: tkinter.Misc, sw: int, sh: int) -> tuple[int, int, int, int]:
    fallback = (0, 0, sw, sh - TASKBAR_MARGIN)
    if sys.platform.startswith("win"):
        return _windows_work_area() or fallback
    if widget.tk.call("tk", "windowingsystem") != "x11":
        return fallback
    try:
        out = xprop.output()
        numbers = [int(n) for n in out.split("=", 1)[1].replace(",", " ").split()[:4]]
        x, y, w, h = numbers
        if w > 200 and h > 200:
            return x, y, min(w, sw), min(h, sh)
    except (OSError, ValueError, IndexError, subprocess.SubprocessError):
        pass
    return fallback


def _windows_work_area() -> tuple[int, int, int, int] | None:
    try:
        import ctypes
        from ctypes import wintypes

        rect = wintypes.RECT()
        if ctypes.windll.user32.SystemParametersInfoW(0x30, 0, ctypes.byref(rect), 0):  # type: ignore[attr-defined]
            return rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top
    except (OSError, AttributeError):
        pass
    return None


def fit_size(widget: tkinter.Misc, width: int, height: int) -> tuple[int, int]:
    """``width`` × ``height`` clamped to the work area minus the window manager's frame."""
    _x, _y, aw, ah = work_area(widget)
    return min(width, aw - FRAME_MARGIN[0]), min(height, ah - FRAME_MARGIN[1])


def place_near(window: tkinter.Toplevel, master: tkinter.Misc, width: int, height: int) -> None:
    """Size ``window`` and put it over the middle of ``master``'s window, inside the work area."""
    top = master.winfo_toplevel()
    ax, ay, aw, ah = work_area(window)
    width, height = fit_size(window, width, height)
    try:
        x = top.winfo_rootx() + (top.winfo_width() - width) // 2
        y = top.winfo_rooty() + (top.winfo_height() - height) // 3
    except tkinter.TclError:
        x, y = ax + 40, ay + 20
    x = max(ax, min(x, ax + aw - width - FRAME_MARGIN[0]))
    y = max(ay, min(y, ay + ah - height - FRAME_MARGIN[1]))
    window.geometry(f"{width}x{height}+{x}+{y}")


def year_values(years_back: int = 10) -> list[str]:
    """The years offered in the year drop-downs: this year first, then the previous ones."""
    this_year = dt.date.today().year
    return [str(y) for y in range(this_year, this_year - years_back, -1)]


def muted_label(master: tkinter.Misc, text: str = "", **kwargs: Any) -> tkttk.Label:
    """A small grey label (a plain ttk label of the theme's style: no bootstyle to resolve)."""
    return tkttk.Label(master, text=text, foreground=MUTED_COLOR, font="LawdeskSmall", **kwargs)


def wrapping_label(master: tkinter.Misc, text: str = "", muted: bool = False,
                   **kwargs: Any) -> tkttk.Label:
    """A label that wraps its text at its own width (pack it with ``fill="x"``)."""
    label = (muted_label(master, text, justify="left", **kwargs) if muted
             else tkttk.Label(master, text=text, justify="left", **kwargs))

    def rewrap(event: tkinter.Event) -> None:
        if event.width > 40 and int(str(label.cget("wraplength")) or 0) != event.width - 4:
            label.configure(wraplength=event.width - 4)

    label.bind("<Configure>", rewrap, add="+")
    return label


def elide(text: str, font: Any, width: int) -> str:
    """``text`` on one line, cut with "…" so that it fits ``width`` px in ``font`` (a Tk font
    name or ``tkinter.font.Font``)."""
    from tkinter import font as tkfont

    measure = (font if isinstance(font, tkfont.Font) else tkfont.nametofont(str(font))).measure
    line = " ".join(text.split())
    if measure(line) <= width:
        return line
    low, high = 0, len(line)  # the longest prefix that fits with its "…"
    while low < high:
        middle = (low + high + 1) // 2
        if measure(line[:middle] + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return line[:low] + "…"


def page_header(master: tkinter.Misc, title: str, subtitle: str = "") -> ttk.Frame:
    """The title line of a page: a large title and a muted description that wraps."""
    frame = ttk.Frame(master)
    ttk.Label(frame, text=title, font="LawdeskTitle").pack(side="left", anchor="n")
    if subtitle:
        wrapping_label(frame, subtitle, muted=True).pack(side="left", fill="x", expand=True,
                                                         padx=(12, 0), pady=(6, 0))
    return frame
