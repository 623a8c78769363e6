"""Starting the desktop program: logging, the database, the Tk root and the main window.

``run_gui(db_path)`` is what ``python -m lawdesk`` calls without a sub-command. Unexpected
errors never show a traceback: they are written to ``<data folder>/logs/lawdesk.log`` and the
clerk sees a Chinese message that says where the details are.

Start-up is a row of small steps (``_run_gui`` reads as the list): logging; the Tk root (made
before any other thread exists, see ``_run_gui``); an existing database file opened at once,
with 首页's figures started on a thread (``open_existing_early``), so that they are ready when
the window is built; the error handlers; otherwise
choosing the database (a missing file is never created silently: the welcome dialog offers
新建 / 打开 / 试用演示数据) and opening it, with dialogs that explain what went wrong; the main
window, its size (clamped to the screen's work area) and the event loop.

While it starts, the cyclic garbage collector is paused (start-up makes tens of thousands of
long-lived objects — modules, classes, widgets — and no garbage worth a collection); once 首页
shows its figures (or after ``GC_PAUSE_MAX_MS`` at most) the objects made so far are frozen
(``gc.freeze``: later collections skip them) and collection resumes. Tk's X input methods are
paused the same way while the main window is built and first drawn (``pause_input_methods``).

Set ``LAWDESK_MEASURE_STARTUP=1`` to print ``LAWDESK_STARTUP <seconds>`` at the first idle
moment when the main window is mapped and 首页 shows its figures laid out, and quit (used by
``benchmarks/gui_startup.py``).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
import tkinter
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from lawdesk import logs

_T0 = time.perf_counter()

logger = logging.getLogger("lawdesk")

MEASURE_ENV = "LAWDESK_MEASURE_STARTUP"
MEASURE_GIVE_UP_MS = 20_000
MEASURE_TAG = "LawdeskStartupMap"
GC_PAUSE_MAX_MS = 5_000
IM_PAUSE_MAX_MS = 1_000  # input methods are back within a second whatever happens
SWEEP_AFTER_MS = 5_000  # temporary files of saves killed in an earlier run: removed once the window is up
WINDOW_SIZE = (1280, 800)
MIN_SIZE = (900, 560)

_log_path: Path | None = None

def setup_logging(db_path: Path) -> Path:
    """Log to the data folder (see ``lawdesk.logs``); remember the file for error dialogs."""
    global _log_path
    _log_path = logs.setup_logging(db_path)
    return _log_path


def unexpected_error_message(log_path: Path | None) -> str:
    where = str(log_path) if log_path else "程序的日志文件"
    return ("程序遇到意外错误，刚才的操作可能没有完成。已保存的数据不受影响。\n\n"
            f"详细信息已记录在 {where}\n如问题反复出现，请把这个文件发给技术支持人员。")


def show_unexpected_error(exc_type: type[BaseException], exc: BaseException,
                          tb: TracebackType | None) -> None:
    """Log the traceback and show the clerk a Chinese message (never the traceback)."""
    from lawdesk.errors import LawdeskError

    if isinstance(exc, LawdeskError):
        message = exc.message
        logger.warning("lawdesk error in callback: %s", exc.message)
    else:
        logger.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        message = unexpected_error_message(_log_path)
    try:
        from lawdesk.ui import common

        common.show_error(message, "程序错误")
    except Exception:  # noqa: BLE001 - the dialog itself failed: stderr is all that is left
        print(message, file=sys.stderr)


def install_error_handlers(root: tkinter.Tk) -> None:
    """Tk callback errors and uncaught exceptions → log + Chinese dialog."""
    def report(exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        show_unexpected_error(exc_type, exc, tb)

    root.report_callback_exception = report  # type: ignore[method-assign]
    sys.excepthook = report


def create_root() -> tkinter.Tk:
    """The one ttkbootstrap App: theme, Chinese catalogue and fonts (window still hidden)."""
    import ttkbootstrap as ttk

    from lawdesk.ui import common

    root = ttk.App(title=common.APP_TITLE, theme=common.THEME, size=WINDOW_SIZE,
                   minsize=MIN_SIZE, high_dpi=True, iconphoto=None)
    root.withdraw()
    set_icon(root)
    root_events_for_root_only(root)
    common.install_zh_catalog()
    common.install_key_bindings(root)
    common.apply_fonts(root)
    return root


ICON_SIZES = (16, 32, 64)  # px of the window icon's PNGs (assets/icons, scripts/make_icon.py)


def set_icon(root: tkinter.Tk) -> list[tkinter.PhotoImage]:
    """lawdesk's icon (a red square with 法) for this window and every later one: the .ico on
    Windows, small PNGs elsewhere — ttkbootstrap's default is a 256-pixel image whose
    conversion for the window manager cost some 8 ms of every start. Returns the images
    (kept on the root: Tk drops an image nothing refers to). A missing file leaves Tk's icon."""
    from lawdesk import paths

    images: list[tkinter.PhotoImage] = []
    try:
        if root.tk.call("tk", "windowingsystem") == "win32":
            root.iconbitmap(default=str(paths.asset("icons", "lawdesk.ico")))
        else:
            images = [tkinter.PhotoImage(master=root, file=str(paths.asset("icons", f"lawdesk-{size}.png")))
                      for size in ICON_SIZES]
            root.iconphoto(True, *reversed(images))  # the largest first
    except tkinter.TclError as exc:
        logger.warning("window icon not set: %s", exc)
    root.lawdesk_icons = images  # type: ignore[attr-defined]
    return images


#: The bind tag that only the root window carries (see ``root_events_for_root_only``).
ROOT_ONLY_TAG = "LawdeskRootOnly"
ROOT_EVENTS = ("<Map>", "<Configure>", "<Visibility>")


def root_events_for_root_only(root: tkinter.Tk) -> None:
    """ttkbootstrap binds its root window's <Map>, <Configure> and <Visibility> handlers on
    the root's own bind tag, which every widget of the window also carries, so they run (and
    return at once: the event is not the root's) for each of the hundreds of events of its
    widgets; and it binds <Map> on ``all`` to announce a <<MapChild>> event to each widget's
    parent, which nothing listens to. The handlers are moved to a tag only the root carries
    and the announcement is dropped: the same behaviour, without a Python call per event."""
    tk = root.tk
    me = str(root)
    for sequence in ROOT_EVENTS:
        script = str(tk.call("bind", me, sequence))
        if script:
            tk.call("bind", ROOT_ONLY_TAG, sequence, script)
            tk.call("bind", me, sequence, "")
    if ROOT_ONLY_TAG not in root.bindtags():
        root.bindtags((*root.bindtags(), ROOT_ONLY_TAG))
    script = str(tk.call("bind", "all", "<Map>"))
    kept = "\n".join(line for line in script.splitlines() if "on_map_child" not in line)
    if kept != script:
        tk.call("bind", "all", "<Map>", kept)


def fit_window(root: tkinter.Tk) -> tuple[int, int]:
    """Size the first window to WINDOW_SIZE (grown with the display scaling) clamped to the
    work area, window frame included, and centre it there; return the size."""
    from lawdesk.ui import common

    ax, ay, aw, ah = common.work_area(root)
    scale = max(1.0, float(root.tk.call("tk", "scaling")) / (96 / 72))  # 125 % → 1.25
    w, h = common.fit_size(root, int(WINDOW_SIZE[0] * scale), int(WINDOW_SIZE[1] * scale))
    root.minsize(min(MIN_SIZE[0], w), min(MIN_SIZE[1], h))
    x = ax + max(0, (aw - w - common.FRAME_MARGIN[0]) // 2)
    y = ay + max(0, (ah - h - common.FRAME_MARGIN[1]) // 2)
    root.geometry(f"{w}x{h}+{x}+{y}")
    return w, h


_center = fit_window  # the name older scripts use


def choose_database(root: tkinter.Tk, db_path: Path, *, measuring: bool = False):  # noqa: ANN201
    """The file to open: ``db_path`` when it exists, else what the welcome dialog answers.

    Returns a ``StartChoice`` (or None when the clerk quits).
    """
    from lawdesk.paths import is_server_url
    from lawdesk.ui.start import OPEN, StartChoice

    if is_server_url(db_path):  # a server database is set up by its administrator (init)
        return StartChoice(OPEN, db_path)

    # A missing file that has backups is not a first start: opening it shows the recovery
    # dialog (issue 9), which offers the newest good backup instead of an empty database.
    if db_path.exists() or measuring:
        return StartChoice(OPEN, db_path)
    from lawdesk.services import backup

    if backup.newest_good_backup(db_path) is not None:
        return StartChoice(OPEN, db_path)
    from lawdesk.ui.dialogs.welcome import WelcomeDialog  # only a first start shows it

    return WelcomeDialog.ask(root, db_path)


def open_chosen_database(root: tkinter.Tk, choice) -> bool:  # noqa: ANN001
    """Open (新建 creates, 试用演示数据 fills the demo file); explain in Chinese when it fails."""
    from lawdesk import db as dbmod
    from lawdesk.errors import DatabaseFileError, LawdeskError
    from lawdesk.ui import common
    from lawdesk.ui.start import DEMO, NEW

    try:
        if choice.action == DEMO:
            from lawdesk import demo

            demo.open_demo_database(choice.path)
        else:
            try:
                dbmod.open_database(choice.path, create=choice.action == NEW)
            except (dbmod.DatabaseMissingError, dbmod.DatabaseDamagedError) as exc:
                from lawdesk.ui.dialogs.recover import open_with_recovery

                # never invent data: say what is wrong and offer the newest good backup
                if open_with_recovery(root, choice.path, exc) is None:
                    return False
            if choice.operator:
                from lawdesk.ui.dialogs.welcome import save_operator

                save_operator(choice.operator)
    except DatabaseFileError as exc:
        logger.error("cannot open database: %s", exc.message)
        common.show_error(f"{exc.message}\n\n数据库：{dbmod.display_target(choice.path)}", "无法打开数据库")
        return False
    except (LawdeskError, OSError) as exc:
        logger.error("cannot open database %s: %r", dbmod.display_target(choice.path), exc)
        common.show_error(common.error_message(exc), "无法打开数据库")
        return False
    return True


def open_existing_early(db_path: Path | str) -> bool:
    """Open an existing database file before the main window is built, and start computing the
    figures 首页 opens on, so that they are ready (on a thread) while the window is made.

    False, with nothing open, for anything else — a server URL (a slow or unreachable server
    is reported by the window), a missing file, or a file that does not open (damaged, newer
    version, …): the usual path after the window is made then explains it with a dialog.
    """
    from lawdesk import db as dbmod

    if dbmod.is_server_url(db_path) or not Path(db_path).is_file():
        return False
    try:
        dbmod.open_database(Path(db_path))
    except Exception as exc:  # noqa: BLE001 - opened again below, where a dialog can explain
        logger.info("database not opened before the window: %r", exc)
        dbmod.close_database()
        return False
    from lawdesk.ui.pages import dashboard

    dashboard.prefetch_figures()
    return True


def build_main_window(root: tkinter.Tk, db_path: Path, *, first_run: bool,
                      new_database: bool = False):  # noqa: ANN201
    """The main window; a database just made with 新建 opens on 单位设置 (no second welcome)."""
    from lawdesk.services import settings
    from lawdesk.ui.main_window import MainWindow
    from lawdesk.ui.pages.base import PageId

    settings.apply_operator()
    window = MainWindow(root, db_path, first_run=first_run and not new_database)
    window.pack(fill="both", expand=True)
    from lawdesk.ui.widgets import db_watch  # a second window's saves (issue 9)

    db_watch.install(root, window.set_status)
    if new_database:
        window.show_page(PageId.SETTINGS)
        window.set_status("新的台账已建立。请先填写单位设置（带 * 的必须填写），然后点“保存”。")
        if not str(settings.profile_values().get("operator") or "").strip():
            from lawdesk.ui.dialogs.welcome import OperatorDialog

            window.after(300, lambda: OperatorDialog(window))
    root.protocol("WM_DELETE_WINDOW", lambda: window.on_close() and root.destroy())
    return window


def pause_gc() -> Callable[[], None]:
    """Pause the cyclic garbage collector (unless already paused); return ``resume``, which
    freezes the objects made meanwhile and resumes collection (once; later calls do nothing)."""
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    resumed = False

    def resume() -> None:
        nonlocal resumed
        if not resumed:
            resumed = True
            gc.freeze()  # start-up's objects live as long as the program: never scan them again
            gc.enable()

    return resume


def pause_input_methods(root: tkinter.Misc) -> Callable[[], None]:
    """Pause Tk's use of X input methods (unless off already); return ``resume`` (once).

    With input methods on, Tk 8.6 gives every window an X input context at the first event it
    receives — frames, labels and the canvas too, although only text fields take typed
    (Chinese IME) text — and each costs round trips to the X server (and to the IME, when one
    runs): some 200 while the main window's first frame is drawn. Paused while it is built and
    first drawn, those windows get their contexts at their next event after ``resume``, a few
    at a time, and every text field has one by the time it takes the focus. (On Windows and
    macOS the command exists and does nothing.)"""
    tk = root.tk
    try:
        if not tk.getboolean(tk.call("tk", "useinputmethods")):
            return lambda: None
        tk.call("tk", "useinputmethods", "0")
    except tkinter.TclError:
        return lambda: None
    resumed = False

    def resume() -> None:
        nonlocal resumed
        if not resumed:
            resumed = True
            try:
                tk.call("tk", "useinputmethods", "1")
            except tkinter.TclError:
                pass  # the root is gone

    return resume


def run_gui(db_path: Path) -> int:
    """Open ``db_path`` and run the desktop program until the clerk closes it; return exit code."""
    resume_gc = pause_gc()
    try:
        return _run_gui(db_path, resume_gc)
    finally:
        resume_gc()


def _run_gui(db_path: Path, resume_gc: Callable[[], None]) -> int:
    from lawdesk.ui import xprop

    xprop.start()  # first: it answers on another core while the modules below are imported
    from lawdesk import db as dbmod

    db_path = dbmod.as_target(db_path)
    log_path = setup_logging(db_path)
    logger.info("starting lawdesk GUI with %s", dbmod.display_target(db_path))
    from lawdesk.ui.start import NEW, OPEN, StartChoice

    # The Tk root first, while the process has one thread: opening the display, Xlib reads
    # the input method's Compose table a character at a time, and once a second thread exists
    # glibc locks each of those reads (about 20 ms more). Then an existing file is opened and
    # 首页's figures are started on a thread, while the window is built.
    root = create_root()
    choice = StartChoice(OPEN, db_path) if open_existing_early(db_path) else None
    install_error_handlers(root)
    measuring = os.environ.get(MEASURE_ENV) == "1"
    if choice is None:
        choice = choose_database(root, db_path, measuring=measuring)
        if choice is None or not open_chosen_database(root, choice):
            root.destroy()
            return 0 if choice is None else 1
        if choice.action != NEW:  # 首页's figures are computed while the window is built
            from lawdesk.ui.pages import dashboard

            dashboard.prefetch_figures()
    resume_input_methods = pause_input_methods(root)  # see there: until the first frame is up
    window = build_main_window(root, choice.path, first_run=not measuring,
                               new_database=choice.action == NEW)
    fit_window(root)
    root.deiconify()
    window.focus_set()
    _when_first_page_shown(root, window, resume_gc, GC_PAUSE_MAX_MS)
    _when_first_page_shown(root, window, resume_input_methods, IM_PAUSE_MAX_MS)
    root.after(SWEEP_AFTER_MS, sweep_unfinished_outputs)
    if measuring:
        _measure_startup(root, window)
    logger.info("log file: %s", log_path)
    try:
        root.mainloop()
    finally:
        dbmod.close_database()
    return 0


def sweep_unfinished_outputs() -> None:
    """Remove what saves killed in an earlier run left beside the clerk's files (never fails)."""
    from lawdesk import safe_write

    try:
        safe_write.sweep_unfinished()
    except Exception:  # noqa: BLE001 - housekeeping must never disturb the window
        logger.exception("sweeping unfinished outputs failed")


def _when_first_page_shown(root: tkinter.Tk, window: tkinter.Misc, resume: Callable[[], None],
                           at_most_ms: int) -> None:
    """Call ``resume`` (which runs once) at the first idle moment after 首页 shows its figures
    (another first page: at the first idle moment), and after ``at_most_ms`` whatever happens."""
    from lawdesk.ui.pages.base import PageId

    home = getattr(window, "pages", {}).get(PageId.HOME.value)
    if hasattr(home, "when_figures_shown"):
        home.when_figures_shown(lambda: root.after_idle(resume))
    else:
        root.after_idle(resume)
    root.after(at_most_ms, resume)


def _measure_startup(root: tkinter.Tk, window: tkinter.Misc) -> None:
    """Print the start-up time at the first idle moment when the main window is mapped and
    首页 shows its figures (computed, not the … placeholders, in cards laid out for the
    window's real width), then quit."""
    from lawdesk.ui.pages.base import PageId

    waiting = {"map", "figures"}

    def ready(what: str) -> None:
        if what in waiting:
            waiting.discard(what)
            if not waiting:
                root.after_idle(report)

    def report() -> None:
        print(f"LAWDESK_STARTUP {time.perf_counter() - _T0:.3f}", flush=True)
        root.after(10, root.destroy)

    home = getattr(window, "pages", {}).get(PageId.HOME.value)
    if hasattr(home, "when_figures_shown"):
        home.when_figures_shown(lambda: ready("figures"))
    else:
        ready("figures")  # another first page (a new database opens 单位设置)
    if root.winfo_ismapped():
        ready("map")
    else:
        # a tag of the root window alone: ``root.bind`` would also run for every child's <Map>
        root.bindtags((*root.bindtags(), MEASURE_TAG))
        root.bind_class(MEASURE_TAG, "<Map>", lambda _e: ready("map"))
    root.after(MEASURE_GIVE_UP_MS, root.destroy)  # figures that never come: no line, no hang


def main(argv: list[str] | None = None) -> int:
    """``python -m lawdesk.app [--db PATH]`` (the lead's CLI calls ``run_gui`` directly)."""
    import argparse

    from lawdesk import paths

    parser = argparse.ArgumentParser(prog="lawdesk.app", description="法治建设台账")
    parser.add_argument("--db", type=Path, default=None, help="数据库文件")
    args = parser.parse_args(argv)
    return run_gui(args.db or paths.default_db_path())


if __name__ == "__main__":
    sys.exit(main())
