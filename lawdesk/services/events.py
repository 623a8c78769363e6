"""The one change signal: services announce committed changes, open views refresh themselves.

Services call :func:`notify` after a write has been committed (save, delete, restore, purge,
import, backup restore, settings). Views subscribe with :func:`subscribe` and get a
:class:`Change` naming what changed; they decide themselves whether to refresh. The module knows
nothing about Tk: a view that lives on the Tk thread must hop there itself (``after_idle``) when a
change may be announced from a worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

#: Kinds of change. ``"records"`` covers record writes of every kind (``table`` says which);
#: ``"settings"`` the unit profile and report options; ``"database"`` a whole-database change
#: (restore from backup, import, opening another file), after which every view reloads.
KINDS = ("records", "settings", "narrative", "database")


@dataclass(frozen=True)
class Change:
    kind: str
    table: str | None = None
    action: str | None = None
    record_id: int | None = None


Listener = Callable[[Change], None]

_listeners: list[Listener] = []
_lock = threading.Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Register ``listener``; returns a function that unsubscribes it."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


def notify(kind: str, table: str | None = None, action: str | None = None,
           record_id: int | None = None) -> None:
    """Tell every listener that a committed change of ``kind`` happened.

    A failing listener is logged and does not stop the others (nor the write that caused it).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown change kind {kind!r}")
    change = Change(kind, table, action, record_id)
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(change)
        except Exception:  # noqa: BLE001 - one broken view must not break a save
            logger.exception("change listener failed for %s", change)


def clear() -> None:
    """Drop every listener (tests, and closing the main window)."""
    with _lock:
        _listeners.clear()
