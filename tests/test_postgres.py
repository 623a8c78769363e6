"""The server engine: URLs and their masked passwords, an unreachable server, migrations and the
version check on PostgreSQL, and the same figures on both engines for the demo data.

Tests that need the PostgreSQL test server ask for ``pg_server``/``pg_url`` (skipped without
``LAWDESK_TEST_PG``; see ``scripts/pg.sh``); the URL tests run everywhere.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from psycopg.conninfo import conninfo_to_dict

from lawdesk import db as dbmod
from lawdesk import demo, paths
from lawdesk.errors import DatabaseFileError, LawdeskError
from lawdesk.models import RECORD_MODELS
from lawdesk.services import attachments, backup, ledger, records, stats
from lawdesk.services.period import Period
from tests.builders import dispute_data
from tests.conftest import name_the_office

REPO = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
SECRET = "Zz9-secret-Pw"


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound and released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args: str, env_db: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != paths.DB_ENV}
    env["PYTHONUTF8"] = "1"
    if env_db is not None:
        env[paths.DB_ENV] = env_db
    result = subprocess.run([sys.executable, "-m", "lawdesk", *args], cwd=REPO, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


# ---------------------------------------------------------------------------------------------
# URLs


@pytest.mark.parametrize(("text", "server"), [
    ("postgresql://clerk@db.example:5432/lawdesk", True),
    ("postgres://clerk@db.example/lawdesk", True),
    ("  POSTGRESQL:///lawdesk?host=/run/pg  ", True),
    ("lawdesk.db", False),
    ("/home/clerk/postgresql/lawdesk.db", False),
    ("postgresql:/folded/by/path", False),
    ("", False),
])
def test_is_server_url(text: str, server: bool) -> None:
    assert dbmod.is_server_url(text) is server


def test_a_path_object_is_never_a_server_url() -> None:
    assert not dbmod.is_server_url(Path("postgresql://x@h/db"))  # Path folds "//": a file


@pytest.mark.parametrize(("url", "masked"), [
    (f"postgresql://clerk:{SECRET}@db.example:5432/lawdesk", "postgresql://clerk:***@db.example:5432/lawdesk"),
    (f"postgres://:{SECRET}@db.example/lawdesk", "postgres://:***@db.example/lawdesk"),
    (f"postgresql://clerk@db.example/lawdesk?password={SECRET}&sslmode=require",
     "postgresql://clerk@db.example/lawdesk?password=***&sslmode=require"),
    ("postgresql://clerk@db.example/lawdesk", "postgresql://clerk@db.example/lawdesk"),
    ("postgresql:///lawdesk?host=/run/pg", "postgresql:///lawdesk?host=/run/pg"),
])
def test_mask_url_hides_the_password_only(url: str, masked: str) -> None:
    assert dbmod.mask_url(url) == masked
    assert dbmod.display_target(url) == masked


def test_server_params_of_both_schemes_and_a_socket_folder() -> None:
    name, params = dbmod.server_params(f"postgres://clerk:{quote('p@ss/word', safe='')}@db.example:6543/台账")
    assert name == "台账"
    assert (params["user"], params["password"], params["host"], params["port"]) == (
        "clerk", "p@ss/word", "db.example", "6543")
    assert params["connect_timeout"] == dbmod.CONNECT_TIMEOUT_S
    name, params = dbmod.server_params("postgresql:///lawdesk?host=/run/pg&port=5433")
    assert (name, params["host"], params["port"]) == ("lawdesk", "/run/pg", "5433")


@pytest.mark.parametrize("url", ["postgresql://clerk@db.example:notaport/x?bogus=1",
                                 "postgresql://clerk@db.example:5432/"])
def test_a_malformed_url_is_a_chinese_error_without_the_password(url: str) -> None:
    url = url.replace("clerk@", f"clerk:{SECRET}@")
    with pytest.raises(dbmod.ServerDatabaseError) as info:
        dbmod.server_params(url)
    assert CJK.search(info.value.message) and SECRET not in info.value.message
    assert "postgresql://用户名@服务器:端口/数据库名" in info.value.message


def test_as_target_keeps_a_url_and_makes_paths() -> None:
    assert dbmod.as_target(" postgres://a@b/c ") == "postgres://a@b/c"
    assert dbmod.as_target("x/lawdesk.db") == Path("x/lawdesk.db")


def test_paths_name_a_server_database_masked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(paths, "user_data_folder", lambda: tmp_path / "user")
    url = f"postgresql://clerk:{SECRET}@db.example/lawdesk"
    monkeypatch.setenv(paths.DB_ENV, url)
    assert paths.default_db_path() == url  # a string: Path would fold the "//"
    for text in (paths.location_text(url), paths.short_location(url)):
        assert "postgresql://clerk:***@db.example/lawdesk" in text and SECRET not in text
    assert "备份由服务器管理员负责" in paths.location_text(url)
    assert paths.data_dir(url) == tmp_path / "user" / "server-data"  # the log only
    assert demo.demo_path_for(url) == tmp_path / "user" / demo.DEMO_FILE_NAME
    assert not demo.is_demo_path(url)


def test_file_backups_of_a_server_url_are_refused() -> None:
    url = f"postgresql://clerk:{SECRET}@db.example/lawdesk"
    assert backup.list_backups(url) == []
    for call in (lambda: backup.make_backup(None, url), lambda: backup.recover_to_path(url, Path("x"))):
        with pytest.raises(dbmod.ServerDatabaseError) as info:
            call()
        assert "服务器数据库由管理员用 pg_dump 备份" in info.value.message
        assert SECRET not in info.value.message


# ---------------------------------------------------------------------------------------------
# A server that cannot be reached


def test_unreachable_server_is_a_chinese_error_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    url = f"postgresql://clerk:{SECRET}@127.0.0.1:{_closed_port()}/lawdesk"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(dbmod.ServerDatabaseError) as info:
        dbmod.open_database(url)
    message = info.value.message
    assert message.startswith("无法连接数据库服务器“postgresql://clerk:***@127.0.0.1:")
    assert "服务器没有启动，或地址、端口不对" in message
    assert SECRET not in message and SECRET not in caplog.text
    assert info.value.__cause__ is None  # no chained driver exception to print


def test_cli_on_an_unreachable_server_says_so_in_chinese() -> None:
    url = f"postgresql://clerk:{SECRET}@127.0.0.1:{_closed_port()}/lawdesk"
    for args, env_db in ((("--db", url, "stats", "--year", "2022"), None), (("stats",), url)):
        result = run_cli(*args, env_db=env_db)
        assert result.returncode == 1
        assert "无法连接数据库服务器" in result.stderr
        assert SECRET not in result.stdout + result.stderr
        assert "postgresql://clerk:***@127.0.0.1" in result.stderr


# ---------------------------------------------------------------------------------------------
# Migrations and the version check on PostgreSQL


def test_migrations_apply_on_an_empty_database_and_only_when_asked(pg_server) -> None:
    url = pg_server.url(pg_server.create())
    try:
        with pytest.raises(dbmod.ServerDatabaseError, match="还是空的"):
            dbmod.open_database(url)
        db = dbmod.open_database(url, create=True)
        assert dbmod.is_server_database()
        assert dbmod.CORE_TABLES <= set(db.get_tables())
        applied = [r[0] for r in db.execute_sql("SELECT name FROM schema_migration ORDER BY id")]
        assert applied == dbmod.known_migrations()
        # 0003 added the dispute's personal-data columns here too (no AUTOINCREMENT rebuild)
        assert {"party_id_number", "party_phone"} <= {c.name for c in db.get_columns("dispute")}
        dbmod.close_database()
        assert dbmod.run_migrations(dbmod.open_database(url)) == []  # nothing left to apply
    finally:
        dbmod.close_database()


def test_an_old_server_database_is_upgraded_keeping_its_rows(pg_server) -> None:
    """0001–0002 applied, a dispute and a report narrative in the old form; the rest upgrades."""
    from playhouse.migrations import Runner

    name = pg_server.create()
    url = pg_server.url(name)
    raw = dbmod.connect_server(url)
    try:
        runner = Runner(raw, directory=str(dbmod.MIGRATIONS_DIR), table_name=dbmod.HISTORY_TABLE)
        runner.up(target="0002_unit_profile_operator")
        raw.execute_sql(
            "INSERT INTO dispute (created_at, updated_at, received_date, summary, dispute_type, status, "
            "is_principal_led) VALUES (now(), now(), '2022-03-01', '邻里漏水纠纷', '邻里纠纷', '调解成功', false)")
    finally:
        raw.close()
    try:
        db = dbmod.open_database(url)
        applied = [r[0] for r in db.execute_sql("SELECT name FROM schema_migration ORDER BY id")]
        assert applied == dbmod.known_migrations()
        row = RECORD_MODELS["dispute"].get()
        assert (row.summary, row.party_phone) == ("邻里漏水纠纷", None)
        # new ids continue after the old rows (SERIAL never reuses one)
        assert records.create("dispute", dispute_data()).id > row.id
    finally:
        dbmod.close_database()


def test_a_server_database_of_a_newer_version_is_refused(pg_url: str) -> None:
    db = dbmod.open_database(pg_url)
    db.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('9999_from_the_future', now())")
    dbmod.close_database()
    with pytest.raises(dbmod.DatabaseTooNewError) as info:
        dbmod.open_database(pg_url)
    assert "9999_from_the_future" in info.value.message and "请升级程序" in info.value.message
    assert dbmod.database.obj is None or dbmod.database.obj.is_closed()


def test_another_programs_server_database_is_refused(pg_server) -> None:
    url = pg_server.url(pg_server.create())
    raw = dbmod.connect_server(url)
    raw.execute_sql("CREATE TABLE customers (id serial primary key)")
    raw.close()
    with pytest.raises(dbmod.ServerDatabaseError, match="其他程序"):
        dbmod.open_database(url, create=True)
    raw = dbmod.connect_server(url)
    try:
        assert raw.get_tables() == ["customers"]  # nothing was written
    finally:
        raw.close()


def test_wrong_password_over_tcp_is_named_without_the_password(pg_server, caplog) -> None:
    admin = conninfo_to_dict(pg_server.admin_url)
    pg_server.conn.execute("DROP ROLE IF EXISTS lawdesk_test_clerk")
    pg_server.conn.execute("CREATE ROLE lawdesk_test_clerk LOGIN PASSWORD 'right-one'")
    try:
        url = f"postgresql://lawdesk_test_clerk:{SECRET}@127.0.0.1:{admin['port']}/postgres"
        caplog.set_level(logging.DEBUG)
        with pytest.raises(dbmod.ServerDatabaseError) as info:
            dbmod.open_database(url)
        assert "用户名或密码不正确" in info.value.message
        assert SECRET not in info.value.message and SECRET not in caplog.text
    finally:
        pg_server.conn.execute("DROP ROLE IF EXISTS lawdesk_test_clerk")


# ---------------------------------------------------------------------------------------------
# The program on a server database


def test_file_features_are_refused_in_chinese_on_a_server_database(pg_url: str, tmp_path: Path) -> None:
    dbmod.open_database(pg_url)
    name_the_office()
    for call in (lambda: backup.backup_open_database(), lambda: backup.restore_open_database(tmp_path),
                 dbmod.current_path):
        with pytest.raises(dbmod.ServerDatabaseError) as info:
            call()
        assert "备份由服务器管理员负责" in info.value.message
    rec = records.create("dispute", dispute_data())
    photo = tmp_path / "照片.png"
    photo.write_bytes(b"png")
    with pytest.raises(LawdeskError, match="服务器"):
        attachments.add("dispute", rec.id, photo)
    records.delete("dispute", rec.id)
    assert records.purge("dispute", rec.id).pending_files == []  # no evidence folder to empty
    assert dbmod.data_version() is None  # the SQLite change watcher stays idle


def test_transactions_roll_back_on_the_server(pg_url: str) -> None:
    dbmod.open_database(pg_url)
    name_the_office()
    model = RECORD_MODELS["dispute"]
    with pytest.raises(RuntimeError):
        with dbmod.database.atomic():
            records.create("dispute", dispute_data())
            raise RuntimeError("stop")
    assert model.select().count() == 0
    with dbmod.database.atomic():
        records.create("dispute", dispute_data())
    assert model.select().count() == 1


def test_cli_init_stats_and_backup_on_a_server(pg_server, _demo_template: Path) -> None:
    url = pg_server.url(pg_server.create())
    shown = dbmod.mask_url(url)
    result = run_cli("--db", url, "init")
    assert result.returncode == 0, result.stderr
    assert f"已新建数据库：{shown}" in result.stdout
    again = run_cli("--db", url, "init")
    assert again.returncode == 0 and "已有 lawdesk 数据库" in again.stdout and "未做任何改动" in again.stdout
    refused = run_cli("--db", url, "backup")
    assert refused.returncode == 1 and "服务器数据库由管理员用 pg_dump 备份" in refused.stderr
    refused = run_cli("restore", "--newest", env_db=url)
    assert refused.returncode == 1 and "服务器数据库由管理员用 pg_dump 备份" in refused.stderr
    stats_result = run_cli("--db", url, "stats", "--year", "2022", "--json")
    assert stats_result.returncode == 0, stats_result.stderr
    assert '"patrols": 0' in stats_result.stdout


def test_a_url_with_a_password_is_masked_in_the_open_database(pg_server) -> None:
    admin = {k: v for k, v in conninfo_to_dict(pg_server.admin_url).items() if k != "dbname"}
    admin["password"] = SECRET  # the socket is trusted: the password is carried, not checked
    url = f"postgresql:///{pg_server.create()}?{urlencode(admin)}"
    try:
        db = dbmod.open_database(url, create=True)
        assert SECRET not in repr(db)
        assert SECRET not in dbmod.display_target(dbmod.current_target())
        assert "password=***" in paths.short_location(dbmod.current_target())
    finally:
        dbmod.close_database()


# ---------------------------------------------------------------------------------------------
# The same figures on both engines


def _everything_of(years: range) -> dict[str, object]:
    out: dict[str, object] = {}
    for year in years:
        period = Period.year(year)
        figures = stats.compute(period)
        out[f"figures {year}"] = figures.as_json()
        for key in figures.values:
            kind, query = stats.records_behind(key, period)
            out[f"behind {year} {key}"] = (kind, [r.id for r in query])
        out[f"ledger {year}"] = {  # the rows as exported, without the demo's load time and random uuids
            kind: [{k: v for k, v in row.items() if k not in ("created_at", "updated_at", "uuid")}
                   for row in ledger.rows(kind, period)]
            for kind in RECORD_MODELS
        }
        out[f"monthly {year}"] = stats.monthly(tuple(stats.REFERENCE_KEYS), year)
    period = Period(Period.year(2021).start, Period.year(2023).end)
    out["figures 2021-2023"] = stats.compute(period).as_json()
    out["latest year"] = stats.latest_year()
    return out


def test_demo_figures_are_identical_on_sqlite_and_postgres(_demo_template: Path, _pg_demo: str,
                                                          pg_server, tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(_demo_template, copy)
    dbmod.open_database(copy, backup=False)
    try:
        on_sqlite = _everything_of(range(2021, 2024))
    finally:
        dbmod.close_database()
    dbmod.open_database(pg_server.url(_pg_demo))
    try:
        on_postgres = _everything_of(range(2021, 2024))
    finally:
        dbmod.close_database()
    assert on_sqlite["figures 2022"]["patrols"] > 0  # the demo data is there
    assert on_sqlite.keys() == on_postgres.keys()
    for key in on_sqlite:
        assert on_postgres[key] == on_sqlite[key], key


def test_lists_keep_their_order_on_a_server_that_sorts_by_pinyin(_demo_template: Path, pg_server,
                                                                 tmp_path: Path) -> None:
    """A county server may sort text by the Chinese locale (拼音): the report's lists (法治领域,
    宣讲法律…) still come out in the order SQLite gives, ties included."""
    from lawdesk.demo import load_demo

    pg_server.count += 1
    name = f"{pg_server.prefix}_zh_{pg_server.count}"
    try:
        pg_server.conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu '
                               "ICU_LOCALE 'zh' LOCALE 'C.UTF-8'")
    except Exception as exc:  # noqa: BLE001 - a server built without ICU
        pytest.skip(f"no ICU collation on the test server: {exc}")
    pg_server.made.append(name)
    db = dbmod.open_database(pg_server.url(name), create=True)
    try:
        words = [r[0] for r in db.execute_sql(
            "SELECT x FROM (VALUES ('人居环境'), ('法律援助'), ('基层治理')) v(x) ORDER BY x")]
        assert words == ["法律援助", "基层治理", "人居环境"]  # this server sorts by pinyin
        load_demo()
        on_zh = {y: stats.compute(Period.year(y)).lists for y in range(2021, 2024)}
    finally:
        dbmod.close_database()
        pg_server.drop(name)
    copy = tmp_path / "demo.db"
    shutil.copy(_demo_template, copy)
    dbmod.open_database(copy, backup=False)
    try:
        on_sqlite = {y: stats.compute(Period.year(y)).lists for y in range(2021, 2024)}
    finally:
        dbmod.close_database()
    assert on_zh == on_sqlite


def test_records_are_read_back_alike_on_both_engines(db, engine: str) -> None:
    """Dates, decimals and booleans come back as the same Python values on either engine."""
    rec = records.create("study", {"date": "2022-01-06", "form": "集中学法", "topic": "宪法",
                                   "hours": "1.5", "is_principal_led": "是"})
    again = records.get("study", rec.id)
    assert str(again.date) == "2022-01-06"
    assert again.hours == 1.5 and again.is_principal_led is True
    assert dbmod.is_server_database() is (engine == "postgres")
    if engine == "postgres":
        with pytest.raises(DatabaseFileError):
            dbmod.current_path()
