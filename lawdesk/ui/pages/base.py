"""The page protocol of the main window, the page names, and the change-signal hook of a view.

Every page of the main window implements four methods:

- ``show()``: the page has just been put on screen (refresh what may have changed meanwhile);
- ``refresh()``: load its data again from the services;
- ``has_unsaved_changes() -> bool``: the clerk typed something that is not stored yet;
- ``save() -> bool``: store it; True when saved (or nothing to save), False when it could not
  be saved, in which case the page shows its messages and stays as it is.

``discard()`` (default: ``refresh()``) throws typed text away after 不保存.
Pages are named by :class:`PageId`; the record-type pages share ``PageId.RECORDS`` and are told
apart by their kind (``record_key(kind)``). A page knows the window it lives in only as a
:class:`Workbench` (status line, other pages, title, record lists), never by its class.

:class:`ChangeWatcher` subscribes a widget to the services' change signal
(``lawdesk.services.events``): the change is handed to the Tk thread, changes arriving together
are handled once, a page that is not on screen only remembers that it is stale and refreshes
when it is shown again, and the subscription ends with the widget.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
import tkinter
from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from lawdesk.services import events

logger = logging.getLogger(__name__)


class PageId(enum.StrEnum):
    """The pages of the main window (the values are also the navigation's item ids)."""

    HOME = "home"
    COUNTY = "county"  # 全县汇总: only in a database that holds offices (see main_window)
    REPORT = "report"
    RECORDS = "kind"
    SETTINGS = "settings"
    BIN = "bin"
    AUDIT = "audit"
    BACKUP = "backup"


#: The pages a clerk rarely needs, grouped at the foot of the navigation.
SYSTEM_PAGES: tuple[PageId, ...] = (PageId.SETTINGS, PageId.BIN, PageId.AUDIT, PageId.BACKUP)

PAGE_LABELS: dict[PageId, str] = {
    PageId.HOME: "首页",
    PageId.COUNTY: "全县汇总",
    PageId.REPORT: "报告与总结",
    PageId.SETTINGS: "单位设置",
    PageId.BIN: "回收站",
    PageId.AUDIT: "操作日志",
    PageId.BACKUP: "备份与恢复",
}


def record_key(kind: str) -> str:
    """The key (and navigation id) of the list page of record type ``kind``."""
    return f"{PageId.RECORDS.value}:{kind}"


def kind_of(key: str) -> str | None:
    """The record type of a record page key, None for the other pages."""
    prefix = f"{PageId.RECORDS.value}:"
    return key[len(prefix):] if key.startswith(prefix) else None


@runtime_checkable
class Workbench(Protocol):
    """What a page may ask of the window it lives in."""

    def set_status(self, message: str) -> None: ...

    def show_page(self, key: PageId | str) -> tkinter.Widget: ...

    def update_title(self) -> None: ...

    def open_records(self, kind: str) -> tkinter.Widget: ...


@runtime_checkable
class PageProtocol(Protocol):
    def show(self) -> None: ...

    def refresh(self) -> None: ...

    def has_unsaved_changes(self) -> bool: ...

    def save(self) -> bool: ...


class Page:
    """Default protocol methods for a page that edits nothing (mixed into a ttk.Frame)."""

    page_title = ""

    def show(self) -> None:
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - every page overrides it
        pass

    def has_unsaved_changes(self) -> bool:
        return False

    def save(self) -> bool:
        return True

    def discard(self) -> None:
        self.refresh()

    def unsaved_message(self) -> str:
        return f"“{self.page_title}”中有尚未保存的修改，要先保存吗？"


class ChangeWatcher:
    """Call ``on_change()`` on the Tk thread after the services announce a change of ``kinds``.

    ``relevant(change)`` narrows it further (e.g. one record type). While ``widget`` is not
    mapped the watcher only marks itself stale; call :meth:`take_stale` when showing it.
    """

    def __init__(self, widget: tkinter.Misc, on_change: Callable[[], None],
                 kinds: Iterable[str] = events.KINDS,
                 relevant: Callable[[events.Change], bool] | None = None,
                 only_when_mapped: bool = True) -> None:
        self.widget = widget
        self.on_change = on_change
        self.kinds = frozenset(kinds) | {"database"}
        self.relevant = relevant
        self.only_when_mapped = only_when_mapped
        self.stale = False
        self._pending = False
        self._unsubscribe = events.subscribe(self._heard)
        widget.bind("<Destroy>", self._on_destroy, add="+")
        widget.bind("<Map>", self._on_map, add="+")
        _start_thread_poll(widget)

    def _on_map(self, event: tkinter.Event) -> None:
        """A change that came while the widget was hidden is shown when it appears."""
        if event.widget is self.widget and self.take_stale():
            self.on_change()

    def _heard(self, change: events.Change) -> None:
        if change.kind not in self.kinds:
            return
        if self.relevant is not None and change.kind != "database" and not self.relevant(change):
            return
        if threading.current_thread() is threading.main_thread():
            self._schedule()
        else:  # a worker thread never touches Tk: the Tk thread picks it up (see _poll_threads)
            _FROM_THREADS.put(self)

    def _schedule(self) -> None:
        if self._pending:
            return
        self._pending = True
        try:
            self.widget.after_idle(self._fire)
        except tkinter.TclError:
            self._pending = False

    def _fire(self) -> None:
        self._pending = False
        try:
            if not self.widget.winfo_exists():
                return
            if self.only_when_mapped and not self.widget.winfo_ismapped():
                self.stale = True
                return
        except tkinter.TclError:
            return
        self.stale = False
        self.on_change()

    def take_stale(self) -> bool:
        """True (once) when a change came while the widget was hidden."""
        stale, self.stale = self.stale, False
        return stale

    def close(self) -> None:
        self._unsubscribe()

    def _on_destroy(self, event: tkinter.Event) -> None:
        if event.widget is self.widget:
            self.close()


# Changes announced on worker threads wait in this queue until the Tk thread takes them.
_FROM_THREADS: queue.SimpleQueue[ChangeWatcher] = queue.SimpleQueue()
THREAD_POLL_MS = 150
_polling: set[str] = set()


def _start_thread_poll(widget: tkinter.Misc) -> None:
    """One cheap poll per Tk interpreter hands worker-thread changes to the watchers."""
    root = widget._root()  # type: ignore[attr-defined]
    key = str(id(root))
    if key in _polling:
        return
    _polling.add(key)

    def poll() -> None:
        while True:
            try:
                watcher = _FROM_THREADS.get_nowait()
            except queue.Empty:
                break
            try:
                if watcher.widget.winfo_exists():
                    watcher._schedule()
            except tkinter.TclError:
                continue
        try:
            root.after(THREAD_POLL_MS, poll)
        except tkinter.TclError:
            _polling.discard(key)  # the root is gone

    root.after(THREAD_POLL_MS, poll)
