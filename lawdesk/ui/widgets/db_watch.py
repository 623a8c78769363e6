"""Two windows on one database: the “正在等待另一个窗口保存” notice, and noticing the other's saves.

``install(root, set_status)`` (called once by ``app.run_gui``) makes every write that has to
wait for another window's save show the notice in the status bar (the write itself waits and
retries, see ``lawdesk.connection``), and polls SQLite's ``data_version`` every two seconds: when another
window or program committed something, ``events.notify("database")`` makes the open pages reload.
"""

from __future__ import annotations

import threading
import tkinter
from collections.abc import Callable

from lawdesk import db as dbmod
from lawdesk.services import events

WAITING_TEXT = "正在等待另一个窗口保存……"
POLL_MS = 2000


class DatabaseWatch:
    def __init__(self, root: tkinter.Misc, set_status: Callable[[str], None]) -> None:
        self.root = root
        self.set_status = set_status
        self.last_version: int | None = dbmod.data_version()
        self._after: str | None = None

    def on_waiting(self, waiting: bool) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # a worker thread's write (an import): Tk may only be touched from its own thread
        self.set_status(WAITING_TEXT if waiting else "就绪")
        try:
            self.root.update_idletasks()  # the write blocks the Tk thread: draw the notice now
        except tkinter.TclError:
            pass

    def poll(self) -> None:
        version = dbmod.data_version()
        if version is not None and self.last_version is not None and version != self.last_version:
            events.notify("database", action="external")
        self.last_version = version
        self._after = self.root.after(POLL_MS, self.poll)

    def start(self) -> DatabaseWatch:
        dbmod.set_wait_listener(self.on_waiting)
        self._after = self.root.after(POLL_MS, self.poll)
        return self

    def stop(self) -> None:
        dbmod.set_wait_listener(None)
        if self._after is not None:
            try:
                self.root.after_cancel(self._after)
            except tkinter.TclError:
                pass
            self._after = None


def install(root: tkinter.Misc, set_status: Callable[[str], None]) -> DatabaseWatch:
    return DatabaseWatch(root, set_status).start()
