"""Errors that carry a message for the clerk (in Chinese) instead of a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class LawdeskError(Exception):
    """Base of every error whose ``message`` can be shown to the clerk as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(LawdeskError):
    """Input that cannot be saved; ``errors`` maps field names to what is wrong with them."""

    def __init__(self, errors: dict[str, str], labels: dict[str, str] | None = None) -> None:
        labels = labels or {}
        lines = [f"{labels.get(name, name)}：{msg}" for name, msg in errors.items()]
        super().__init__("请修正以下内容后再保存：\n" + "\n".join(lines))
        self.errors = errors


class NotFoundError(LawdeskError):
    """The record asked for does not exist (or is in the 回收站 when it should not be)."""


class DatabaseFileError(LawdeskError):
    """The database file is missing, unreadable, corrupt or not a lawdesk database."""


class DatabaseMissingError(DatabaseFileError):
    """The database file is missing or empty (0 bytes, or an SQLite file without tables)."""

    def __init__(self, message: str, path: Path, newest_backup: object | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.newest_backup = newest_backup


class DatabaseDamagedError(DatabaseFileError):
    """The database file exists but cannot be read as a lawdesk database."""

    def __init__(self, message: str, path: Path, newest_backup: object | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.newest_backup = newest_backup


class DatabaseAccessError(DatabaseFileError):
    """The database cannot be used now for a reason that is not damage — a read-only file or
    folder, a full disk, no permission, a pipe or device named as the file: its data is intact,
    and restoring a backup is not the answer (no recovery dialog is offered)."""


class DatabaseReadOnlyError(DatabaseAccessError):
    """The database file, or its folder, cannot be written."""


class DatabaseTooNewError(DatabaseFileError):
    """The database (or backup) was written by a newer version of lawdesk."""


class DatabaseBusyError(LawdeskError):
    """Another window or program kept the write lock for too long."""


class ServerDatabaseError(DatabaseFileError):
    """Something that needs the database file (backup, restore, evidence folder) was asked of a
    server database, or the server cannot be used (unreachable, not lawdesk's)."""
