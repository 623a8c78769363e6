"""What start-up does for its speed, checked for its side effects: the garbage collector is
paused only while the program starts (then collecting again, start-up's objects frozen); an
existing file is opened before the window (its figures shown in 首页's first frame), anything
else is left to the usual path with its dialogs."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lawdesk import app as appmod
from lawdesk.ui import common

REPO = Path(__file__).resolve().parents[2]


def test_pause_gc_resumes_once_and_nested_pauses_do_nothing() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    resume = appmod.pause_gc()
    try:
        assert not gc.isenabled()
        inner = appmod.pause_gc()  # already paused: its resume must not switch collection on
        inner()
        assert not gc.isenabled()
    finally:
        resume()
    try:
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen
        gc.disable()
        resume()  # a second call does nothing
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


GC_AT_CLOSE = """
import gc, sys, tkinter
from lawdesk import app
real_destroy = tkinter.Tk.destroy
def destroy(self):
    print("GC", gc.isenabled(), gc.get_freeze_count() > 0, flush=True)
    print("IM", self.tk.call("tk", "useinputmethods"), flush=True)
    real_destroy(self)
tkinter.Tk.destroy = destroy
real_build = app.build_main_window
def build_main_window(root, *args, **kwargs):
    print("IM while built", root.tk.call("tk", "useinputmethods"), flush=True)
    return real_build(root, *args, **kwargs)
app.build_main_window = build_main_window
sys.exit(app.main(["--db", sys.argv[1]]))
"""


def test_the_real_start_up_collects_garbage_again_once_home_shows(_demo_template, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    env = dict(os.environ, LAWDESK_MEASURE_STARTUP="1")
    out = subprocess.run([sys.executable, "-c", GC_AT_CLOSE, str(path)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.startswith("LAWDESK_STARTUP") for line in lines), out.stdout + out.stderr
    # the window closes 10 ms after 首页 showed its figures: collection is on again by then,
    # and so are the input methods (off while the window was built, where X has them)
    assert "GC True True" in lines, out.stdout
    assert "IM while built 0" in lines, out.stdout
    assert "IM 1" in lines, out.stdout


def test_pause_input_methods_resumes_once_and_leaves_them_off_when_they_were_off(root) -> None:  # noqa: ANN001
    def state() -> bool:
        return root.tk.getboolean(root.tk.call("tk", "useinputmethods"))

    was = state()
    try:
        root.tk.call("tk", "useinputmethods", "1")
        available = state()  # 0 where X has no input method at all
        resume = appmod.pause_input_methods(root)
        assert not state()
        resume()
        assert state() == available
        root.tk.call("tk", "useinputmethods", "0")
        resume()  # a second call does nothing
        assert not state()
        appmod.pause_input_methods(root)()  # off already: its resume must not switch them on
        assert not state()
    finally:
        root.tk.call("tk", "useinputmethods", "1" if was else "0")


# ---------------------------------------------------------------------------------------------
# An existing file is opened (and 首页's figures started) before the window is made


def test_an_existing_file_is_opened_early_and_home_shows_its_figures_at_once(
        root, _demo_template, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from lawdesk import db as dbmod
    from lawdesk.ui.main_window import MainWindow
    from lawdesk.ui.pages import dashboard

    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    monkeypatch.setattr(common.BackgroundTask, "synchronous", False)  # real worker threads
    dbmod.close_database()
    try:
        assert appmod.open_existing_early(path) is True
        assert dbmod.current_path() == path
        prefetch = dashboard._prefetched
        assert prefetch is not None
        prefetch.thread.join(timeout=30)
        window = MainWindow(root, path, first_run=False)
        home = window.pages["home"]
        # no … placeholder ever drawn: the figures were in the cards before the first frame
        assert home.figures is not None
        assert home.cards.text_of("patrols") not in ("…", "")
        window.destroy()
    finally:
        dbmod.close_database()


def test_a_missing_file_or_a_server_is_not_opened_early(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from lawdesk import db as dbmod

    dbmod.close_database()
    assert appmod.open_existing_early(tmp_path / "missing.db") is False
    assert list(tmp_path.iterdir()) == []  # nothing created
    monkeypatch.setattr(dbmod, "open_database", lambda *a, **k: pytest.fail("opened a server"))
    assert appmod.open_existing_early("postgresql://clerk@db.example/lawdesk") is False


def test_a_file_that_does_not_open_is_left_to_the_dialogs(tmp_path) -> None:  # noqa: ANN001
    from lawdesk import db as dbmod
    from lawdesk.errors import DatabaseFileError

    path = tmp_path / "other.db"
    path.write_bytes(b"not an sqlite file at all" * 100)
    dbmod.close_database()
    assert appmod.open_existing_early(path) is False
    assert dbmod.database.obj is None or dbmod.database.obj.is_closed()
    with pytest.raises(DatabaseFileError):  # the usual path, after the window, says why
        dbmod.open_database(path)


# ---------------------------------------------------------------------------------------------
# ttkbootstrap's root-window handlers run for the root's own events only


def test_root_handlers_run_for_the_root_only_and_map_child_is_not_announced(root) -> None:  # noqa: ANN001
    import tkinter

    me = str(root)
    for sequence in appmod.ROOT_EVENTS:
        assert str(root.tk.call("bind", me, sequence)) == ""  # not on the tag every widget has
    assert appmod.ROOT_ONLY_TAG in root.bindtags()
    assert "_on_shown" in str(root.tk.call("bind", appmod.ROOT_ONLY_TAG, "<Map>"))
    assert "on_map_child" not in str(root.tk.call("bind", "all", "<Map>"))
    child = tkinter.Frame(root, width=20, height=20)
    assert appmod.ROOT_ONLY_TAG not in child.bindtags()
    announced = []
    root.bind("<<MapChild>>", lambda _e: announced.append(1))
    try:
        child.pack()
        root.update()
        assert child.winfo_ismapped() and announced == []
    finally:
        root.unbind("<<MapChild>>")
        child.destroy()
    # the root's own handler still hears the root's events (ttkbootstrap notes it was shown)
    root._ever_shown = False
    root.event_generate("<Configure>", width=root.winfo_width(), height=root.winfo_height())
    assert root._ever_shown is True


ORDER_OF_START = """
import sys, threading
from lawdesk import app
from lawdesk.ui import xprop
real_start, real_root = xprop.start, app.create_root
def start():
    print("XPROP", "peewee" in sys.modules, "ttkbootstrap" in sys.modules, flush=True)
    real_start()
def create_root():
    print("ROOT", threading.active_count(), flush=True)
    return real_root()
xprop.start, app.create_root = start, create_root
from lawdesk import cli
sys.exit(cli.main([]))  # as the desktop shortcut starts it: no arguments, LAWDESK_DB
"""


def test_xprop_starts_before_the_imports_and_the_root_before_any_thread(_demo_template, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    env = dict(os.environ, LAWDESK_MEASURE_STARTUP="1", LAWDESK_DB=str(path))
    out = subprocess.run([sys.executable, "-c", ORDER_OF_START], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    # xprop runs beside the imports of the database and the window, not beside the Tk window
    assert "XPROP False False" in lines, out.stdout
    # the display is opened while the process has one thread (glibc's unlocked stdio)
    assert "ROOT 1" in lines, out.stdout
    assert any(line.startswith("LAWDESK_STARTUP") for line in lines), out.stdout + out.stderr
