"""Where lawdesk keeps its files: the database, its data folder, bundled assets.

Other modules write ``from lawdesk import paths`` and call these functions, so tests can
redirect them. When frozen by PyInstaller, the program's root is the folder of the executable
(the database lives beside it) and bundled assets are read from ``sys._MEIPASS``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_ENV = "LAWDESK_DB"
DEFAULT_DB_NAME = "lawdesk.db"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def app_root() -> Path:
    """The program's root: beside the executable once frozen, the repository otherwise."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resource_root() -> Path:
    """Where bundled read-only resources (assets/) are found."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", app_root()))
    return app_root()


def asset(*parts: str) -> Path:
    return resource_root().joinpath("assets", *parts)


def default_db_path() -> Path:
    """``LAWDESK_DB`` if set, else ``lawdesk.db`` at the program's root."""
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return app_root() / DEFAULT_DB_NAME


def data_dir(db_path: Path) -> Path:
    """The data folder that belongs to a database: backups, evidence files, logs."""
    db_path = Path(db_path)
    return db_path.resolve().parent / f"{db_path.stem}-data"


def backups_dir(db_path: Path) -> Path:
    return data_dir(db_path) / "backups"


def attachments_dir(db_path: Path) -> Path:
    return data_dir(db_path) / "attachments"


def logs_dir(db_path: Path) -> Path:
    return data_dir(db_path) / "logs"
