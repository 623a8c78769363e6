"""Errors that carry a message for the clerk (in Chinese) instead of a traceback."""

from __future__ import annotations


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
