"""Opening the database: pragmas, migrations matching the models, file checks, paths, portability."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from peewee import PostgresqlDatabase
from playhouse.schema_diff import diff_models

from lawdesk import connection, paths
from lawdesk import db as dbmod
from lawdesk.errors import DatabaseFileError
from lawdesk.models import ALL_MODELS, RECORD_MODELS, database
from lawdesk.services import backup, records
from tests.conftest import name_the_office

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.sqlite_only  # PRAGMAs are SQLite's
def test_pragmas_in_force(db) -> None:
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == dbmod.BUSY_TIMEOUT_MS
    assert db.execute_sql("PRAGMA secure_delete").fetchone()[0] == 1


def test_foreign_keys_enforced(db) -> None:
    with pytest.raises(Exception) as info:
        with database.atomic():
            RECORD_MODELS["meeting"].create(date="2022-01-01", kind="部署会", title="x", community=999)
    assert "FOREIGN KEY" in str(info.value).upper()  # SQLite: FOREIGN KEY…; PostgreSQL: …foreign key…


def test_fresh_database_matches_models(db) -> None:
    diff = diff_models(db, list(ALL_MODELS))
    assert not diff, f"migrations and models differ:\n{diff}"


def test_history_lists_initial_migration(db) -> None:
    names = [r[0] for r in db.execute_sql(f"SELECT name FROM {dbmod.HISTORY_TABLE} ORDER BY id")]
    assert names[0] == "0001_initial"
    files = sorted(p.stem for p in dbmod.MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert names == files  # every migration file applied, in order


def test_reopening_applies_nothing(db_path: Path) -> None:
    dbmod.open_database(db_path, create=True)
    name_the_office()
    records.create("community", {"name": "龙潭社区"})
    dbmod.close_database()
    reopened = dbmod.open_database(db_path)
    try:
        assert dbmod.run_migrations(reopened) == []
        count = reopened.execute_sql(f"SELECT count(*) FROM {dbmod.HISTORY_TABLE}").fetchone()[0]
        assert count == len(list(dbmod.MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")))
        assert records.list_records("community").total == 1
        assert dbmod.current_path() == db_path.resolve()
    finally:
        dbmod.close_database()


def test_an_empty_file_becomes_a_database_only_when_asked(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with pytest.raises(dbmod.DatabaseMissingError) as info:
        dbmod.open_database(db_path)
    assert "空的" in info.value.message and "请新建数据库" in info.value.message
    assert db_path.read_bytes() == b""  # nothing written: no WAL switch, no tables
    assert not Path(f"{db_path}-wal").exists()
    opened = dbmod.open_database(db_path, create=True)
    try:
        assert not diff_models(opened, list(ALL_MODELS))
    finally:
        dbmod.close_database()


def test_a_missing_file_is_never_created_by_opening(db_path: Path) -> None:
    with pytest.raises(dbmod.DatabaseMissingError) as info:
        dbmod.open_database(db_path)
    assert "找不到数据库文件" in info.value.message
    assert not db_path.exists()
    assert not paths.data_dir(db_path).exists()


def _open_fails(path: Path) -> str:
    with pytest.raises(DatabaseFileError) as info:
        dbmod.open_database(path)
    message = info.value.message
    assert CJK.search(message), message
    return message


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 100, encoding="utf-8")
    before = path.read_bytes()
    assert "不是 lawdesk 数据库文件" in _open_fails(path)
    assert path.read_bytes() == before  # left untouched


def test_corrupt_database(db_path: Path) -> None:
    dbmod.open_database(db_path, create=True)
    name_the_office()
    records.create("community", {"name": "龙潭社区"})
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dbmod.close_database()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = os.urandom(4096 - 100)  # the schema page
    db_path.write_bytes(bytes(data))
    assert "损坏" in _open_fails(db_path)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "lawdesk.db"
    folder.mkdir()
    assert "文件夹" in _open_fails(folder)


def test_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "lawdesk.db"
    message = _open_fails(path)
    assert "不存在" in message
    assert not path.parent.exists()


def test_current_path_before_open_is_a_chinese_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "_current_target", None)
    with pytest.raises(DatabaseFileError) as info:
        dbmod.current_path()
    assert CJK.search(info.value.message)


# ---------------------------------------------------------------------------------------------
# Paths


def test_default_db_path_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "县司法局" / "台账.db"
    monkeypatch.setenv(paths.DB_ENV, str(target))
    assert paths.default_db_path() == target
    monkeypatch.setenv(paths.DB_ENV, "~/台账.db")
    assert paths.default_db_path() == Path.home() / "台账.db"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_default_db_path_without_env(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv(paths.DB_ENV, raising=False)
    else:
        monkeypatch.setenv(paths.DB_ENV, value)
    expected = Path(__file__).resolve().parent.parent / paths.DEFAULT_DB_NAME
    assert paths.default_db_path() == expected


def test_frozen_app_root_is_beside_the_executable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "lawdesk.exe"))
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    assert paths.default_db_path() == tmp_path.resolve() / "lawdesk.db"


def test_data_folders_belong_to_the_database(tmp_path: Path) -> None:
    db_file = tmp_path / "金兰山.db"
    assert paths.data_dir(db_file) == tmp_path.resolve() / "金兰山-data"
    assert paths.backups_dir(db_file).parent == paths.data_dir(db_file)
    assert paths.attachments_dir(db_file).parent == paths.data_dir(db_file)


# ---------------------------------------------------------------------------------------------
# Portability: the models compile for PostgreSQL without SQLite-only SQL


SQLITE_ONLY = re.compile(r"AUTOINCREMENT|WITHOUT ROWID|COLLATE NOCASE|\bGLOB\b|strftime|datetime\(", re.I)


def _postgres_ddl() -> list[str]:
    pg = PostgresqlDatabase(None)  # never connects: only compiles SQL
    statements: list[str] = []
    with pg.bind_ctx(list(ALL_MODELS)):
        ctx = pg.get_sql_context
        for model in ALL_MODELS:
            statements.append(ctx().sql(model._schema._create_table(safe=False)).query()[0])
            for index in model._schema._create_indexes(safe=False):
                statements.append(ctx().sql(index).query()[0])
    return statements


def test_models_compile_for_postgresql() -> None:
    ddl = _postgres_ddl()
    tables = [s for s in ddl if s.startswith("CREATE TABLE")]
    assert len(tables) == len(ALL_MODELS)
    for sql in ddl:
        assert not SQLITE_ONLY.search(sql), sql
    meeting = next(s for s in tables if s.startswith('CREATE TABLE "meeting"'))
    assert '"id" SERIAL NOT NULL PRIMARY KEY' in meeting
    assert '"is_principal_led" BOOLEAN' in meeting
    assert 'REFERENCES "community" ("id") ON DELETE SET NULL' in meeting
    study = next(s for s in tables if s.startswith('CREATE TABLE "study_session"'))
    assert '"hours" NUMERIC(10, 2)' in study
    assert any('ON "meeting" ("deleted_at", "date")' in s for s in ddl)
    # models are still bound to the program's database afterwards
    assert all(m._meta.database is database for m in ALL_MODELS)


def test_initial_migration_compiles_for_postgresql() -> None:
    """The frozen schema in 0001_initial uses no SQLite-only SQL either (captured, not executed)."""
    captured: list[str] = []

    class CapturingPostgres(PostgresqlDatabase):
        def create_tables(self, models, **options):  # type: ignore[override]
            for model in models:
                captured.append(self.get_sql_context().sql(model._schema._create_table()).query()[0])
                for index in model._schema._create_indexes():
                    captured.append(self.get_sql_context().sql(index).query()[0])

    namespace: dict[str, object] = {}
    source = (dbmod.MIGRATIONS_DIR / "0001_initial.py").read_text(encoding="utf-8")
    exec(compile(source, "0001_initial.py", "exec"), namespace)
    namespace["up"](None, CapturingPostgres(None))
    later = {"unit", "submission", "tombstone"}  # tables added by later migrations (0005, 0008)
    assert len([s for s in captured if s.startswith("CREATE TABLE")]) == len(ALL_MODELS) - len(later)
    for sql in captured:
        assert not SQLITE_ONLY.search(sql), sql


def test_sqlite_file_is_valid_after_writes(db, db_path: Path) -> None:
    records.create("community", {"name": "龙潭社区"})
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT name FROM community").fetchall() == [("龙潭社区",)]
    finally:
        con.close()


def test_the_migrations_declare_the_same_columns_as_the_models() -> None:
    """schema_diff compares column names only; the PostgreSQL DDL also compares types and NULLs.

    Every migration runs against a recorder: 0001 creates the tables, later ones add columns.
    """
    from peewee import Model

    captured: dict[str, set[str]] = {}

    def columns(sql: str) -> set[str]:
        body = sql[sql.index("(") + 1 : sql.rindex(")")]
        return {part.strip() for part in re.split(r", (?=\")|, (?=FOREIGN)", body)}

    class CapturingPostgres(PostgresqlDatabase):
        def create_tables(self, models, **options):  # type: ignore[override]
            for model in models:
                sql = self.get_sql_context().sql(model._schema._create_table(safe=False)).query()[0]
                captured[model._meta.table_name] = columns(sql)

    class EmptyCursor:  # a migration's data steps see a database without rows
        def fetchone(self) -> None:
            return None

        def fetchall(self) -> list[object]:
            return []

        def executemany(self, sql: str, params: object) -> None:
            pass

    class RecordingPostgres(CapturingPostgres):
        def execute_sql(self, sql, params=None, *args, **kwargs):  # type: ignore[no-untyped-def, override]
            return EmptyCursor()

        def cursor(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
            return EmptyCursor()

    postgres = RecordingPostgres(None)

    class RecordingMigrator:
        """Records what the columns become: added, made NOT NULL, given a foreign key."""

        def add_column(self, table: str, name: str, field: object) -> tuple[str, str, object]:
            return "add", table, (name, field)

        def add_not_null(self, table: str, column: str) -> tuple[str, str, object]:
            return "not_null", table, column

        def add_foreign_key_constraint(self, table: str, column: str, rel: str, rel_column: str) -> tuple:
            return "fk", table, f'FOREIGN KEY ("{column}") REFERENCES "{rel}" ("{rel_column}")'

        def add_index(self, *args: object, **kwargs: object) -> tuple[str, str, object]:
            return "index", "", None  # indexes are compared by diff_models on a real database

        def drop_index(self, *args: object) -> tuple[str, str, object]:
            return "index", "", None

        def migrate(self, *operations: tuple[str, str, object]) -> None:
            for op, table, arg in operations:
                if op == "add":
                    name, field = arg
                    meta = type("Meta", (), {"database": postgres, "table_name": table, "primary_key": False})
                    tmp = type("Added", (Model,), {name: field, "Meta": meta})
                    sql = postgres.get_sql_context().sql(tmp._schema._create_table(safe=False)).query()[0]
                    captured[table] |= columns(sql)
                elif op == "not_null":
                    (part,) = [p for p in captured[table] if p.startswith(f'"{arg}" ')]
                    captured[table] = (captured[table] - {part}) | {f"{part} NOT NULL"}
                elif op == "fk":
                    captured[table] |= {arg}

    for path in sorted(dbmod.MIGRATIONS_DIR.glob("[0-9]*.py")):
        namespace: dict[str, object] = {}
        exec(compile(path.read_text(encoding="utf-8"), path.name, "exec"), namespace)
        if namespace.get("DATA_ONLY"):  # rewrites stored rows; declares no column
            continue
        namespace["up"](RecordingMigrator(), postgres)

    models_ddl = {
        s.split('"')[1]: s for s in _postgres_ddl() if s.startswith("CREATE TABLE")
    }
    assert set(captured) == set(models_ddl)
    for table, sql in models_ddl.items():
        assert captured[table] == columns(sql), table


def test_an_older_database_is_upgraded_in_place_keeping_its_rows(tmp_path: Path) -> None:
    """A database made by the first release (0001 only) gains the 经办人 column on open."""
    from peewee import SqliteDatabase

    from lawdesk.db import migration_runner

    path = tmp_path / "old.db"
    old = SqliteDatabase(str(path))
    migration_runner(old).up("0001_initial")
    old.execute_sql("INSERT INTO unit_profile (id, unit_name, next_doc_number, updated_at) "
                    "VALUES (1, '老单位', 3, '2022-01-01 00:00:00')")  # fmt: skip
    old.execute_sql("INSERT INTO patrol (date, area, is_principal_led, created_at, updated_at) "
                    "VALUES ('2022-05-01', '老街', 0, '2022-05-01 08:00:00', '2022-05-01 08:00:00')")  # fmt: skip
    old.close()
    dbmod.open_database(path)
    try:
        from lawdesk.services import records, settings

        assert records.create("patrol", {"date": "2022-05-02", "area": "新街"}).id == 2
        assert settings.profile_values()["unit_name"] == "老单位"
        assert settings.profile_values()["operator"] is None
        assert records.count("patrol") == 2
        names = [m.name for m in migration_runner(dbmod.database.obj).status() if m.applied]
        assert names == dbmod.known_migrations()
        assert "0004_narrative_grammar" in names
        assert backup.list_backups(path), "the pre-upgrade state was backed up first"
    finally:
        dbmod.close_database()


def test_the_operator_of_the_unit_profile_signs_the_audit_log(db) -> None:
    from lawdesk.services import audit, records, settings

    settings.save_profile({"operator": "李文书"})
    records.create("patrol", {"date": "2022-05-01", "area": "老街"})
    assert audit.entries().rows[0].user == "李文书"
    settings.save_profile({"operator": ""})
    assert audit.current_user() != "李文书"


def test_a_worker_closes_the_connection_of_its_thread_only(db) -> None:
    """``connection.worker``: the work of a background thread runs on that thread's own
    connection, closed when it ends; run on the main thread (tests run tasks inline) it closes
    nothing."""
    import threading

    used: list[object] = []

    def work() -> int:
        used.append(database.connection())
        return records.count("community")

    assert connection.worker(work)() == 0
    assert not database.is_closed() and used[0] is database.connection()  # the main thread's stays open
    thread = threading.Thread(target=connection.worker(work))
    thread.start()
    thread.join(10)
    assert used[1] is not used[0]
    with pytest.raises(Exception, match="closed"):  # sqlite3's or psycopg's: the thread's is closed
        used[1].cursor().execute("SELECT 1")
    assert database.connection().cursor().execute("SELECT 1")
