"""The log file: ``<data folder>/logs/lawdesk.log`` (rotated), where unexpected errors are written.

The clerk never sees a traceback; the program says where this file is instead.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import tempfile
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_configured: Path | None = None


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
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        path = Path(os.environ.get("TEMP") or tempfile.gettempdir()) / "lawdesk.log"
        handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = path
    return path
