"""Shared fixtures: a fresh, migrated database per test, and the demo database — on each engine.

The ``db`` and ``demo_db`` fixtures are parametrised over the database engines: ``sqlite`` (a
file in the test's temporary folder) and, when ``LAWDESK_TEST_PG`` names a PostgreSQL superuser
connection (``scripts/pg.sh start`` prints it; ``scripts/test.sh`` sets it), ``postgres``: a
fresh database per test, made by ``CREATE DATABASE … TEMPLATE`` from a database migrated once
per session (and, for ``demo_db``, one holding the demo data), dropped after the test.

Tests about SQLite files themselves stay on SQLite only: those marked ``sqlite_only``, every
test that asks for ``db_path`` (the file), and the modules named in ``SQLITE_ONLY_MODULES``
(backups, damaged files, WAL, locking between processes, evidence folders, the frozen build,
the GUI).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk.services import audit

PG_ENV = "LAWDESK_TEST_PG"
ENGINES = ("sqlite", "postgres")

#: Test modules (paths under tests/) that are about SQLite files, not about the data.
SQLITE_ONLY_MODULES = (
    "ui/",                      # the GUI: one shared Tk root, the file shown in the title
    "services/test_backup.py",  # file backups and restore
    "test_data_safety.py",      # damaged/missing files, WAL, locking between processes
    "test_robustness.py",       # killed writers, full disks, file permissions
    "report/writer/test_attachment.py",  # the report's 附件 (its figures run on both engines in services/)
    "test_frozen_build.py",     # the PyInstaller bundle opening its file
    "test_events_wiring.py",    # the SQLite data_version watcher
)


def pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV, "").strip() or None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about SQLite files; never run on PostgreSQL")
    config.addinivalue_line("markers", "postgres: needs the PostgreSQL test server (LAWDESK_TEST_PG)")


def _sqlite_only(metafunc: pytest.Metafunc) -> bool:
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return True
    if "db_path" in metafunc.fixturenames:
        return True
    rel = Path(str(metafunc.definition.fspath)).resolve().relative_to(Path(__file__).resolve().parent)
    return any(rel.as_posix().startswith(m) for m in SQLITE_ONLY_MODULES)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    engines = ["sqlite"]
    if pg_admin_url() and not _sqlite_only(metafunc):
        engines.append("postgres")
    metafunc.parametrize("engine", engines)


@pytest.fixture
def engine() -> str:  # replaced by the parametrisation above
    return "sqlite"


# --------------------------------------------------------------------------------------------
# PostgreSQL: one admin connection; template databases made once per session


class PgServer:
    """The test server: makes and drops databases from templates (names unique per session)."""

    def __init__(self, admin_url: str) -> None:
        import psycopg

        self.admin_url = admin_url
        self.conn = psycopg.connect(admin_url, autocommit=True)
        self.prefix = f"lawdesk_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.count = 0
        self.made: list[str] = []

    def url(self, name: str) -> str:
        """The admin URL's connection (host, port, user…) to database ``name``, as a URL."""
        from urllib.parse import quote, urlencode

        from psycopg.conninfo import conninfo_to_dict

        params = {k: v for k, v in conninfo_to_dict(self.admin_url).items() if k != "dbname"}
        return f"postgresql:///{quote(name)}?{urlencode(params)}"

    def create(self, template: str | None = None) -> str:
        self.count += 1
        name = f"{self.prefix}_{self.count}"
        if template:
            self.conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        else:
            self.conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        self.conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)

    def close(self) -> None:
        for name in list(self.made):
            self.drop(name)
        self.conn.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = pg_admin_url()
    if not url:
        pytest.skip(f"no PostgreSQL test server ({PG_ENV} is not set; see scripts/pg.sh)")
    server = PgServer(url)
    yield server
    server.close()


@pytest.fixture(scope="session")
def _pg_migrated(pg_server: PgServer) -> str:
    """A PostgreSQL database with every migration applied (the template of each test's)."""
    name = pg_server.create()
    dbmod.open_database(pg_server.url(name), create=True)
    dbmod.close_database()
    return name


@pytest.fixture(scope="session")
def _pg_demo(pg_server: PgServer, _pg_migrated: str) -> str:
    """A PostgreSQL database holding the demo data."""
    from lawdesk.demo import load_demo

    name = pg_server.create(_pg_migrated)
    dbmod.open_database(pg_server.url(name))
    load_demo()
    dbmod.close_database()
    return name


def _fresh_pg(request: pytest.FixtureRequest, template_fixture: str) -> Iterator[object]:
    server: PgServer = request.getfixturevalue("pg_server")
    template = request.getfixturevalue(template_fixture)
    name = server.create(template)
    database = dbmod.open_database(server.url(name))
    try:
        yield database
    finally:
        dbmod.close_database()
        server.drop(name)


@pytest.fixture
def pg_url(pg_server: PgServer, _pg_migrated: str) -> Iterator[str]:
    """The URL of a fresh, migrated, not yet opened PostgreSQL database (dropped afterwards)."""
    name = pg_server.create(_pg_migrated)
    yield pg_server.url(name)
    dbmod.close_database()
    pg_server.drop(name)


# --------------------------------------------------------------------------------------------
# The fixtures the tests use


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "lawdesk.db"


#: The office of the ``db`` fixture: a new database has no unit until 单位设置 names one.
TEST_OFFICE = "测试街道"


def name_the_office(name: str = TEST_OFFICE, kind: str = "街道"):
    """The office's own unit, as its first 单位设置 would make it (without a profile row or an
    audit entry, so tests start from an empty profile and an empty 操作日志)."""
    from lawdesk.services import units

    return units.create_unit(name, kind)


@pytest.fixture
def empty_db(engine: str, request: pytest.FixtureRequest, tmp_path: Path):
    """A migrated database as ``init`` makes it: no unit at all (a county is set up from here,
    or an office's first 单位设置 names its unit)."""
    audit.set_user("测试员")
    try:
        if engine == "postgres":
            yield from _fresh_pg(request, "_pg_migrated")
            return
        yield dbmod.open_database(request.getfixturevalue("db_path"), create=True)
        dbmod.close_database()
    finally:
        audit.set_user(None)


@pytest.fixture
def db(engine: str, request: pytest.FixtureRequest, tmp_path: Path):
    """An empty, migrated office database bound to the models (a file in a temporary folder, or
    a fresh PostgreSQL database) whose office is named ``TEST_OFFICE``."""
    audit.set_user("测试员")
    try:
        if engine == "postgres":
            for database in _fresh_pg(request, "_pg_migrated"):
                name_the_office()
                yield database
            return
        database = dbmod.open_database(request.getfixturevalue("db_path"), create=True)
        name_the_office()
        yield database
        dbmod.close_database()
    finally:
        audit.set_user(None)


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
def demo_db(engine: str, request: pytest.FixtureRequest, tmp_path: Path):
    """A private copy of the demo database (2021–2023), opened and bound to the models."""
    if engine == "postgres":
        yield from _fresh_pg(request, "_pg_demo")
        return
    path = tmp_path / "demo.db"
    shutil.copy(request.getfixturevalue("_demo_template"), path)
    database = dbmod.open_database(path, backup=False)
    yield database
    dbmod.close_database()


# --------------------------------------------------------------------------------------------
# Windows semantics on Linux (tests/winsim.py)


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch):
    """lawdesk's modules see Windows for this test: ``os.name == "nt"``, no ``os.fchmod``,
    ``os.chmod`` refusing descriptors, files held open by WPS (``windows.hold(path)``)."""
    from tests.winsim import WindowsSemantics

    semantics = WindowsSemantics(monkeypatch)
    semantics.install()
    return semantics
