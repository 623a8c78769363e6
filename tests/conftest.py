"""Shared fixtures: a fresh, migrated database file per test, and the demo database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk.services import audit


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "lawdesk.db"


@pytest.fixture
def db(db_path: Path):
    """An empty, migrated lawdesk database in a temporary folder, bound to the models."""
    database = dbmod.open_database(db_path, create=True)
    audit.set_user("测试员")
    yield database
    audit.set_user(None)
    dbmod.close_database()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from lawdesk.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    dbmod.open_database(path, create=True)
    load_demo()
    dbmod.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dbmod.close_database()
    return path


@pytest.fixture
def demo_db(_demo_template: Path, tmp_path: Path):
    """A private copy of the demo database (2021–2023), opened and bound to the models."""
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    database = dbmod.open_database(path, backup=False)
    yield database
    dbmod.close_database()
