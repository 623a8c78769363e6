"""The log file: ``<data folder>/logs/lawdesk.log`` (rotated), where unexpected errors are written.

The clerk never sees a traceback; the program says where this file is instead.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 2_000_000  # a log file is rotated before it grows past this
BACKUP_COUNT = 3  # lawdesk.log.1 … lawdesk.log.3 are kept
_configured: Path | None = None


class RotatingLog(logging.FileHandler):
    """The rotation of ``logging.handlers.RotatingFileHandler`` (lawdesk.log → lawdesk.log.1 →
    … → lawdesk.log.N, the oldest dropped) without importing ``logging.handlers``, whose socket,
    pickle and queue imports were a tenth of the window's start-up imports.

    A file that cannot be rotated (another window holds it open on Windows) keeps growing and
    is rotated at a later record; logging never stops the program."""

    def __init__(self, path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUP_COUNT) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None:
                self.stream.seek(0, 2)  # another window may have written meanwhile
                if self.stream.tell() + len(self.format(record)) + 1 > self.max_bytes:
                    self.rotate()
        except Exception:  # noqa: BLE001 - as logging's own handlers: report, never raise
            self.handleError(record)
        super().emit(record)

    def rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        base = self.baseFilename
        try:
            for i in range(self.backups - 1, 0, -1):
                if os.path.exists(f"{base}.{i}"):
                    os.replace(f"{base}.{i}", f"{base}.{i + 1}")
            if os.path.exists(base):
                os.replace(base, f"{base}.1")
        except OSError:
            pass  # held open elsewhere: this file grows on, a later record tries again
        finally:
            self.stream = self._open()


def log_file() -> Path | None:
    """The file this process logs to (``None`` until logging is set up)."""
    return _configured


def setup_logging(db_path: Path) -> Path:
    """Send log records to the database's log file (once per process); return the file's path."""
    global _configured
    if _configured is not None:
        return _configured
    from lawdesk import paths

    try:
        folder = paths.logs_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "lawdesk.log"
        handler: logging.Handler = RotatingLog(path)
    except OSError:
        import tempfile

        path = Path(os.environ.get("TEMP") or tempfile.gettempdir()) / "lawdesk.log"
        handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = path
    return path


class _OnDemand(logging.Handler):
    """No log file until something is logged; the first record sets it up and goes there."""

    def __init__(self, where: Callable[[], Path | str]) -> None:
        super().__init__(logging.WARNING)
        self.where = where

    def emit(self, record: logging.LogRecord) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        try:
            setup_logging(self.where())  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - no log file at all: the record is dropped, never printed
            return
        for handler in root.handlers:
            if record.levelno >= handler.level:
                handler.handle(record)


def log_on_demand(where: Callable[[], Path | str]) -> None:
    """For a command: records (warnings and errors) go to the log file of the database ``where()``
    names, set up at the first record (a command that logs nothing makes no log folder), and
    never to stderr, where Python's last-resort handler would print them with their tracebacks."""
    root = logging.getLogger()
    if _configured is None and not any(isinstance(h, _OnDemand) for h in root.handlers):
        root.addHandler(_OnDemand(where))
