"""peewee without its PostgreSQL driver until a server database is opened.

peewee imports psycopg (and with it asyncio, importlib.metadata and libpq) when it is itself
imported, and so does ``playhouse.postgres_ext`` (which the migration runner loads), although
only a ``postgresql://`` database needs it: for a clerk's SQLite file that is a good part of the
program's start-up. ``lawdesk.connection`` and the modules that import peewee import this module before it, so
peewee is first imported with psycopg hidden (it then sets its driver names to None, as on a
machine without psycopg); ``lawdesk.migrating`` imports the migration runner the same way
(``without_driver``). ``load_psycopg()``, called on the way to a server database, imports
psycopg and gives peewee (and ``playhouse.postgres_ext`` when loaded) the names their own
imports would have given them.

Once psycopg is imported, nothing is hidden any more.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

_DRIVER = "psycopg"


@contextmanager
def without_driver() -> Iterator[None]:
    """Imports inside see no psycopg (``import psycopg`` raises ImportError), unless it is
    imported already."""
    if _DRIVER in sys.modules:
        yield
        return
    sys.modules[_DRIVER] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if _DRIVER in sys.modules and sys.modules[_DRIVER] is None:
            del sys.modules[_DRIVER]


if "peewee" not in sys.modules:
    with without_driver():
        import peewee

import peewee  # noqa: E402


def psycopg_loaded() -> bool:
    """True once peewee knows psycopg (imported with it, or after ``load_psycopg``)."""
    return peewee.psycopg is not None


def load_psycopg() -> None:
    """Import psycopg 3 and set the names peewee's import sets when psycopg is there (the
    module's driver, transaction-status and JSON names; the psycopg 3 adapter's status
    constants; postgres_ext's hstore names). ImportError when psycopg is not installed."""
    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    ext = sys.modules.get("playhouse.postgres_ext")
    if ext is not None and not hasattr(ext, "TypeInfo"):  # imported while psycopg was hidden
        from psycopg.types import TypeInfo
        from psycopg.types.hstore import register_hstore

        ext.TypeInfo = TypeInfo
        ext.register_hstore_pg3 = register_hstore
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.TransactionStatus = TransactionStatus
    peewee.Json_pg3 = Json
    peewee.Jsonb_pg3 = Jsonb
    peewee.psycopg = psycopg  # last: PostgresqlDatabase picks psycopg 3 when this is set
