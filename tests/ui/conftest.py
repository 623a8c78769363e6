"""GUI test fixtures: one shared ttkbootstrap App for the session, callback errors fail the test,
dialogs never open (answers are scripted), background work runs inline."""

from __future__ import annotations

import os
import tkinter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from lawdesk.ui import common

#: the real dialog and file helpers, before the ``dialogs`` fixture replaces them
REAL = {name: getattr(common, name) for name in ("confirm", "confirm_danger", "ask_save_discard",
                                                  "open_path")}


@pytest.fixture(scope="session")
def tk_root() -> Iterator[tkinter.Tk]:
    """The one Tk root of the session (ttkbootstrap allows a single live App)."""
    if os.name != "nt" and not os.environ.get("DISPLAY"):
        pytest.skip("no display (run under xvfb-run)")
    from lawdesk.app import create_root

    try:
        root = create_root()
    except tkinter.TclError as exc:  # pragma: no cover - no usable display
        pytest.skip(f"no display: {exc}")
    root.geometry("1280x800+0+0")
    root.deiconify()
    root.update()
    yield root
    root.destroy()


@pytest.fixture
def root(tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch) -> Iterator[tkinter.Tk]:
    """The shared root; fails the test if a Tk callback raised; destroys what the test built."""
    errors: list[tuple[type[BaseException], BaseException, object]] = []
    monkeypatch.setattr(tk_root, "report_callback_exception",
                        lambda *args: errors.append(args), raising=False)
    monkeypatch.setattr(common.BackgroundTask, "synchronous", True)
    yield tk_root
    tk_root.update_idletasks()
    for child in tk_root.winfo_children():
        child.destroy()
    from lawdesk.services import events
    from lawdesk.ui.main_window import SHORTCUTS

    events.clear()
    for seq in SHORTCUTS:
        tk_root.unbind(seq)
    if errors:
        exc_type, exc, _tb = errors[0]
        raise AssertionError(f"error in a Tk callback: {exc_type.__name__}: {exc}") from exc


@dataclass
class Dialogs:
    """Scripted answers for the dialogs, and what was shown."""

    answers: list[bool] = field(default_factory=list)
    save_discard: list[str] = field(default_factory=list)
    shown: list[tuple[str, str]] = field(default_factory=list)
    dangers: list[str] = field(default_factory=list)

    def confirm(self, message: str, title: str = "", parent: object = None) -> bool:
        self.shown.append(("confirm", message))
        if not self.answers:
            raise AssertionError(f"unexpected confirmation: {message}")
        return self.answers.pop(0)

    def confirm_danger(self, message: str, action: str, title: str = "",
                       parent: object = None) -> bool:
        """A destructive question (its default button is 取消): the action is remembered."""
        self.dangers.append(action)
        return self.confirm(message, title, parent)

    def ask_save_discard(self, message: str, title: str = "", parent: object = None) -> str:
        self.shown.append(("save_discard", message))
        return self.save_discard.pop(0) if self.save_discard else "cancel"

    def record(self, kind: str):  # noqa: ANN201
        def show(message: str, title: str = "", parent: object = None) -> None:
            self.shown.append((kind, message))

        return show

    def messages(self, kind: str) -> list[str]:
        return [m for k, m in self.shown if k == kind]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """No modal dialog ever opens in a test."""
    d = Dialogs()
    monkeypatch.setattr(common, "confirm", d.confirm)
    monkeypatch.setattr(common, "confirm_danger", d.confirm_danger)
    monkeypatch.setattr(common, "ask_save_discard", d.ask_save_discard)
    for kind in ("show_info", "show_error", "show_warning"):
        monkeypatch.setattr(common, kind, d.record(kind))
    monkeypatch.setattr(common, "open_path", lambda path: d.shown.append(("open", str(path))))
    return d


@pytest.fixture(autouse=True)
def save_folders_here(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The user's 文档 folder and the remembered save folders live in a temporary folder, never
    in the tester's own (returns that 文档 folder)."""
    from lawdesk.ui import save_folders

    home = tmp_path_factory.mktemp("user")
    monkeypatch.setattr(save_folders, "documents_folder", lambda: home / "文档")
    monkeypatch.setattr(save_folders, "memory_file", lambda: home / "config" / save_folders.MEMORY_FILE)
    (home / "文档").mkdir()
    return home / "文档"


def pump(root: tkinter.Misc, ms: int = 0) -> None:
    """Process events, waiting ``ms`` milliseconds (lets debounced searches fire)."""
    import time

    end = time.monotonic() + ms / 1000
    root.update()
    while time.monotonic() < end:
        time.sleep(0.01)
        root.update()
    root.update()


@pytest.fixture
def main_window(root: tkinter.Tk, db):  # noqa: ANN001, ANN201
    from lawdesk import db as dbmod
    from lawdesk.ui.main_window import MainWindow

    window = MainWindow(root, dbmod.current_path(), first_run=False)
    window.pack(fill="both", expand=True)
    root.update()
    return window


@pytest.fixture
def demo_window(root: tkinter.Tk, demo_db):  # noqa: ANN001, ANN201
    from lawdesk import db as dbmod
    from lawdesk.ui.main_window import MainWindow

    window = MainWindow(root, dbmod.current_path(), first_run=False)
    window.pack(fill="both", expand=True)
    root.update()
    return window


@pytest.fixture(scope="session")
def _county_template(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN202
    """The county demo (新县, 5 offices; 白沙镇 has nothing for 2023), made once per session."""
    from lawdesk import db as dbmod
    from lawdesk.demo import load_county_demo

    path = tmp_path_factory.mktemp("county") / "county.db"
    dbmod.open_database(path, create=True)
    load_county_demo(5)
    dbmod.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dbmod.close_database()
    return path


@pytest.fixture
def county_window(root: tkinter.Tk, _county_template, tmp_path):  # noqa: ANN001, ANN201
    """The main window on a private copy of the county demo."""
    import shutil

    from lawdesk import db as dbmod
    from lawdesk.services import audit
    from lawdesk.ui.main_window import MainWindow

    path = tmp_path / "county.db"
    shutil.copy(_county_template, path)
    dbmod.open_database(path, backup=False)
    audit.set_user("测试员")
    window = MainWindow(root, path, first_run=False)
    window.pack(fill="both", expand=True)
    root.update()
    yield window
    audit.set_user(None)
    dbmod.close_database()
