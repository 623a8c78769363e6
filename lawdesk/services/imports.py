"""One import at a time per database: two imports (Excel workbooks or packages, from two windows
or two computers) never store the same rows twice.

Both importers write everything in one transaction and call ``hold`` first inside it:

- it waits until no other import of this database is writing: on SQLite lawdesk's transactions
  begin with ``BEGIN IMMEDIATE`` (``lawdesk.connection``) and so already hold the database's write lock
  (a second import waits for it, and gives up in Chinese after about 30 s); on PostgreSQL it
  takes a transaction-level advisory lock (``pg_advisory_xact_lock``, released at commit or
  rollback), for which a second import waits;
- the marker: every import writes an audit entry (action 导入) per record in that same
  transaction. An import whose rows were checked before its transaction began (the Excel import:
  check, the clerk looks at the preview, then commit) passes the newest such entry it saw when it
  checked (``mark``); ``hold`` refuses it (``ImportConflict``, nothing written) when a newer one
  exists, since another import committed meanwhile and the check may count as new rows that are
  now there. The package import reads what is there inside its transaction and needs no mark.
"""

from __future__ import annotations

from lawdesk.errors import LawdeskError
from lawdesk.models import AuditLog, database

#: The audit action every import writes for each record it adds or changes.
ACTION = "导入"
#: PostgreSQL advisory lock key of lawdesk's imports (any constant below 2**63).
LOCK_KEY = 0x6C61_7764_6573_6B49  # "lawdeskI"


class ImportConflict(LawdeskError):
    """Another import committed after this one was checked: nothing of this one was written."""


def mark() -> int:
    """The newest import's marker (its last audit entry), 0 before any import; call it when the
    rows to import are checked and give it to ``hold`` when they are written."""
    row = AuditLog.select(AuditLog.id).where(AuditLog.action == ACTION).order_by(AuditLog.id.desc()).first()
    return row.id if row is not None else 0


def hold(*, checked_at: int | None = None) -> None:
    """Inside the import's write transaction, before it writes: wait for any other import of this
    database to finish; with ``checked_at`` (a ``mark``), refuse when one committed since."""
    if not database.in_transaction():
        raise RuntimeError("imports.hold() belongs inside the import's transaction")
    from lawdesk.connection import is_server_database

    if is_server_database():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
    if checked_at is not None and mark() > checked_at:
        raise ImportConflict(
            "检查这份文件之后，另一个导入（另一个窗口或另一台电脑）已经写入了记录。为免重复导入，"
            "这次没有导入任何记录；请重新检查后再导入（已导入过的记录会自动跳过）。"
        )
