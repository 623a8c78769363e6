"""Rights in shared mode, enforced by PostgreSQL (migration 0006, ``lawdesk.server``).

Two offices and a county user on one server database: an office reads and writes only its own
rows, whatever SQL it sends (checked over a plain psycopg connection with the office's role, the
way an adversary would), the county reads everything and writes only units that are not on the
server, and lawdesk's own services work for an office connection. PostgreSQL only (skipped
without ``LAWDESK_TEST_PG``), except the refusal on SQLite.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import dispute_data

from lawdesk import cli, server
from lawdesk import db as dbmod
from lawdesk.errors import LawdeskError, ValidationError
from lawdesk.models import RECORD_MODELS, Unit, database
from lawdesk.schema import spec_for
from lawdesk.services import audit, records, settings, stats, units
from lawdesk.services.period import Period

YEAR = Period.year(2022)
UNIT_TABLES = {m._meta.table_name for m in RECORD_MODELS.values()} | {  # noqa: SLF001
    "unit_profile", "report_narrative", "attachment", "audit_log", "submission", "tombstone",
}


def _psycopg():
    return pytest.importorskip("psycopg")


def _as(url: str, user: str) -> str:
    """``url`` with another user (the socket is trusted, so no password is needed)."""
    from urllib.parse import urlencode

    from psycopg.conninfo import conninfo_to_dict

    params = dict(conninfo_to_dict(url))
    dbname = params.pop("dbname")
    params.pop("password", None)
    params["user"] = user
    return f"postgresql:///{dbname}?{urlencode(params)}"


@dataclass
class Shared:
    url: str  # the administrator's (superuser) URL
    a: Unit
    b: Unit
    offline: Unit  # a unit without a role (the database's first unit)
    county_role: str
    conns: list

    def connect(self, role: str):
        psycopg = _psycopg()
        conn = psycopg.connect(_as(self.url, role), autocommit=True)
        self.conns.append(conn)
        return conn


@pytest.fixture
def shared(pg_url: str) -> Iterator[Shared]:
    """A server database with offices A and B (one dispute each, a profile each) and a county
    user; the models are bound to it as the administrator."""
    tag = uuid.uuid4().hex[:8]
    dbmod.open_database(pg_url)
    audit.set_user("管理员")
    made: list[str] = []
    conns: list = []
    try:
        offline = units.create_unit("离线乡", "乡镇")  # its packages come to the county
        a = server.add_office("石门街道", f"t{tag}_a", password="password-a").unit
        made.append(a.db_role)
        b = server.add_office("金兰山街道", f"t{tag}_b", kind="街道", password="password-b").unit
        made.append(b.db_role)
        county = server.add_county_user(f"t{tag}_county", password="password-c").role
        made.append(county)
        for unit, summary in ((a, "石门物业纠纷"), (b, "金兰山邻里纠纷")):
            records.create("dispute", dispute_data(summary=summary), unit=unit)
        yield Shared(pg_url, a, b, offline, county, conns)
    finally:
        for conn in conns:
            conn.close()
        dbmod.close_database()
        audit.set_user(None)
        psycopg = _psycopg()
        with psycopg.connect(pg_url, autocommit=True) as admin:
            for role in made:
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def _count(conn, sql: str, params: tuple = ()) -> int:
    return conn.execute(sql, params).fetchone()[0]


# --------------------------------------------------------------------------------------------
# PostgreSQL decides, whatever the office sends


def test_every_table_with_unit_id_has_forced_row_security(shared: Shared) -> None:
    status = {t.table: t for t in server.rls_status()}
    assert set(status) == UNIT_TABLES | {"unit", "setting"}
    for table, rights in status.items():
        assert rights.enabled and rights.forced, table
        assert {"lawdesk_admin", "lawdesk_county_read"} <= set(rights.policies), table
        assert any(p.startswith("lawdesk_office") for p in rights.policies), table


def test_an_office_sees_only_its_own_rows(shared: Shared) -> None:
    a = shared.connect(shared.a.db_role)
    assert _count(a, "SELECT count(*) FROM dispute") == 1
    assert a.execute("SELECT summary FROM dispute").fetchone()[0] == "石门物业纠纷"
    assert _count(a, "SELECT count(*) FROM dispute WHERE unit_id = %s", (shared.b.id,)) == 0
    for table in sorted(UNIT_TABLES):
        assert _count(a, f'SELECT count(*) FROM "{table}" WHERE unit_id IS DISTINCT FROM %s', (shared.a.id,)) == 0, table
    assert _count(a, "SELECT count(*) FROM audit_log") > 0  # its own entries
    # the unit table: only its own unit (so an office connection looks like an office database)
    assert a.execute("SELECT id, name FROM unit").fetchall() == [(shared.a.id, "石门街道")]


def test_an_office_cannot_change_or_delete_another_offices_rows(shared: Shared) -> None:
    a = shared.connect(shared.a.db_role)
    b_id = shared.b.id
    assert a.execute("UPDATE dispute SET summary = '改了' WHERE unit_id = %s", (b_id,)).rowcount == 0
    assert a.execute("UPDATE dispute SET summary = '改了' WHERE summary = '金兰山邻里纠纷'").rowcount == 0
    assert a.execute("DELETE FROM dispute WHERE unit_id = %s", (b_id,)).rowcount == 0
    assert a.execute("DELETE FROM unit_profile WHERE unit_id <> %s", (shared.a.id,)).rowcount == 0
    # B's row is untouched (seen by the administrator)
    model = RECORD_MODELS["dispute"]
    row = model.get(model.unit_id == b_id)
    assert row.summary == "金兰山邻里纠纷" and row.deleted_at is None


def test_an_office_cannot_insert_for_or_move_a_row_to_another_unit(shared: Shared) -> None:
    psycopg = _psycopg()
    a = shared.connect(shared.a.db_role)
    insert = ("INSERT INTO dispute (uuid, unit_id, received_date, summary, dispute_type, status, "
              "is_principal_led, created_at, updated_at) "
              "VALUES (%s, %s, '2022-04-01', '冒名', '邻里纠纷', '受理', false, now(), now())")  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        a.execute(insert, (str(uuid.uuid4()), shared.b.id))
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        a.execute("UPDATE dispute SET unit_id = %s", (shared.b.id,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        a.execute("INSERT INTO audit_log (at, \"user\", action, record_kind, summary, unit_id) "
                  "VALUES (now(), 'x', '新增', 'dispute', '冒名', NULL)")  # fmt: skip
    a.execute(insert, (str(uuid.uuid4()), shared.a.id))  # its own unit: allowed
    assert _count(a, "SELECT count(*) FROM dispute") == 2
    model = RECORD_MODELS["dispute"]
    assert model.select().where(model.unit_id == shared.b.id).count() == 1


def test_an_office_cannot_touch_units_the_audit_log_history_or_the_schema(shared: Shared) -> None:
    psycopg = _psycopg()
    a = shared.connect(shared.a.db_role)
    denied = psycopg.errors.InsufficientPrivilege
    for sql in (
        "INSERT INTO unit (uuid, name, kind, created_at, updated_at) VALUES ('x', '假单位', '街道', now(), now())",
        f"UPDATE unit SET db_role = 'x' WHERE id = {shared.a.id}",
        "DELETE FROM audit_log",
        "DELETE FROM schema_migration",
        "CREATE TABLE mine (id int)",
        "ALTER TABLE dispute DISABLE ROW LEVEL SECURITY",
        "INSERT INTO setting (key, value) VALUES ('report_profile', '{}')",  # database-wide key
        f"INSERT INTO setting (key, value) VALUES ('report_profile@{shared.b.uuid}', '{{}}')",
    ):
        with pytest.raises((denied, psycopg.errors.UndefinedTable)):
            a.execute(sql)
    a.execute(f"INSERT INTO setting (key, value) VALUES ('report_profile@{shared.a.uuid}', '{{}}')")
    assert _count(a, "SELECT count(*) FROM schema_migration") >= 6  # the version check reads it


def test_the_county_reads_every_office_and_writes_only_units_not_on_the_server(shared: Shared) -> None:
    psycopg = _psycopg()
    c = shared.connect(shared.county_role)
    assert _count(c, "SELECT count(*) FROM dispute") == 2
    assert _count(c, "SELECT count(*) FROM unit") == 3
    assert _count(c, "SELECT count(DISTINCT unit_id) FROM audit_log") == 2
    assert c.execute("UPDATE dispute SET summary = '县里改的'").rowcount == 0  # both offices are on the server
    assert c.execute("DELETE FROM dispute").rowcount == 0
    insert = ("INSERT INTO dispute (uuid, unit_id, received_date, summary, dispute_type, status, "
              "is_principal_led, created_at, updated_at) "
              "VALUES (%s, %s, '2022-04-01', '离线单位的', '邻里纠纷', '受理', false, now(), now())")  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute(insert, (str(uuid.uuid4()), shared.a.id))
    c.execute(insert, (str(uuid.uuid4()), shared.offline.id))  # e.g. an office's offline package
    c.execute("INSERT INTO audit_log (at, \"user\", action, record_kind, summary, unit_id) "
              "VALUES (now(), '县', '导入', 'dispute', '县级导入', NULL)")  # fmt: skip
    assert c.execute(f"UPDATE unit SET db_role = NULL WHERE id = {shared.a.id}").rowcount == 0
    c.execute("INSERT INTO unit (uuid, name, kind, created_at, updated_at) "
              "VALUES (%s, '离线的乡', '乡镇', now(), now())", (str(uuid.uuid4()),))  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("INSERT INTO unit (uuid, name, kind, db_role, created_at, updated_at) "
                  "VALUES (%s, '冒名', '乡镇', 'postgres', now(), now())", (str(uuid.uuid4()),))  # fmt: skip


# --------------------------------------------------------------------------------------------
# lawdesk itself, connected as an office or as the county


def test_lawdesk_used_as_an_office_writes_and_counts_only_its_own_rows(shared: Shared, tmp_path: Path) -> None:
    a, b = shared.a, shared.b
    for i in range(3):  # B has more records: A's figures must not include them
        records.create("dispute", dispute_data(summary=f"金兰山{i}号纠纷"), unit=b)
    expected_a = stats.compute(YEAR, a).values
    expected_b = stats.compute(YEAR, b).values
    assert expected_a != expected_b
    dbmod.close_database()

    dbmod.open_database(_as(shared.url, a.db_role))
    assert units.current_unit().uuid == a.uuid
    assert [u.id for u in units.list_units()] == [a.id]
    assert stats.compute(YEAR).values == expected_a
    assert set(stats.compute_by_unit(YEAR)) <= {a.id}

    rec = records.create("dispute", dispute_data(summary="石门新纠纷"))
    assert rec.unit_id == a.id
    records.update("dispute", rec.id, {"summary": "石门改过的纠纷"})
    records.delete("dispute", rec.id)
    records.restore("dispute", rec.id)
    gone = records.create("dispute", dispute_data(summary="要彻底删除的"))
    records.delete("dispute", gone.id)
    records.purge("dispute", gone.id)
    assert records.count("dispute") == 2
    settings.save_profile({"unit_name": "石门街道", "issuer_mark": "中共石门街道工作委员会文件", "doc_prefix": "石工",
                           "addressee": "县委全面依法治县委员会办公室", "party_organ": "中共石门街道工作委员会",
                           "government_organ": "石门街道办事处"})  # fmt: skip
    settings.put("report_options", {"note": "石门的"})
    assert settings.get("report_options") == {"note": "石门的"}
    settings.save_narrative(2022, "opening", "石门的开头")
    from lawdesk.services import annual_report

    result = annual_report.export_report(YEAR, tmp_path / "石门.docx", page_count="grid", draft=True)  # words unwritten
    assert result.docx_path.exists()
    dbmod.close_database()

    dbmod.open_database(shared.url)  # the administrator checks what was written, and by whom
    model = RECORD_MODELS["dispute"]
    assert model.select().where(model.unit_id == b.id).count() == 4
    assert [r.summary for r in model.select().where(model.unit_id == a.id).order_by(model.id)] == [
        "石门物业纠纷", "石门改过的纠纷"]
    assert stats.compute(YEAR, b).values == expected_b
    from lawdesk.models import AuditLog, ReportNarrative, Setting, UnitProfile

    assert {r.unit_id for r in AuditLog.select().where(AuditLog.user != "管理员")} == {a.id}
    assert UnitProfile.get(UnitProfile.unit_id == a.id).unit_name == "石门街道"
    assert ReportNarrative.get(ReportNarrative.section == "opening").unit_id == a.id
    assert Setting.get_or_none(Setting.key == "report_options") is None  # not the database-wide key
    assert Setting.get(Setting.key == f"report_options@{a.uuid}").value


def test_lawdesk_used_by_the_county_reads_every_office(shared: Shared) -> None:
    expected = stats.compute_by_unit(YEAR)
    dbmod.close_database()
    dbmod.open_database(_as(shared.url, shared.county_role))
    assert units.current_unit() is None
    assert len(units.list_units()) == 3
    assert stats.compute_by_unit(YEAR) == expected
    with pytest.raises(LawdeskError):  # the county names the unit it writes for
        records.create("dispute", dispute_data())
    assert records.create("dispute", dispute_data(), unit=shared.offline).unit_id == shared.offline.id
    from peewee import DatabaseError as PeeweeDatabaseError

    with pytest.raises(PeeweeDatabaseError):
        with database.atomic():
            records.create("dispute", dispute_data(), unit=shared.a)


# --------------------------------------------------------------------------------------------
# Adding offices and county users


def test_add_office_on_the_command_line(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    psycopg = _psycopg()
    code = f"t{uuid.uuid4().hex[:8]}"
    role = f"lawdesk_{code}"
    try:
        rc = cli.main(["--db", pg_url, "county", "add-office", "--name", "石门街道", "--code", code,
                       "--password", "s3cret-pass", "--host", "10.0.0.5:5433"])  # fmt: skip
        out = capsys.readouterr().out
        assert rc == cli.EXIT_OK, out
        assert f"postgresql://{role}:s3cret-pass@10.0.0.5:5433/" in out
        assert "已添加单位“石门街道”" in out
        with psycopg.connect(pg_url, autocommit=True) as admin:
            login, member = admin.execute(
                "SELECT rolcanlogin, pg_has_role(rolname, 'lawdesk_office', 'MEMBER') FROM pg_roles WHERE rolname = %s",
                (role,),
            ).fetchone()
            assert login and member
            assert admin.execute("SELECT name, kind, db_role FROM unit WHERE code = %s", (code,)).fetchone() == (
                "石门街道", "街道", role)
        # the same code again: refused in Chinese, nothing added
        rc = cli.main(["--db", pg_url, "county", "add-office", "--name", "又一个", "--code", code, "--password",
                       "another-pass"])  # fmt: skip
        err = capsys.readouterr().err
        assert rc == cli.EXIT_ERROR and "已是单位“石门街道”的账号" in err and "Traceback" not in err
        rc = cli.main(["--db", pg_url, "county", "add-office", "--name", "又一个", "--code", code, "--role",
                       f"{role}_2", "--password", "another-pass"])  # fmt: skip
        err = capsys.readouterr().err
        assert rc == cli.EXIT_ERROR and f"单位代码“{code}”已被使用" in err
        with psycopg.connect(pg_url, autocommit=True) as admin:
            assert admin.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (f"{role}_2",)).fetchone()[0] == 0
    finally:
        dbmod.close_database()
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_add_office_is_all_or_nothing_and_the_password_is_masked_when_kept(pg_url: str) -> None:
    psycopg = _psycopg()
    tag = uuid.uuid4().hex[:8]
    stranger, kept = f"t{tag}_stranger", f"t{tag}_kept"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{stranger}" LOGIN')
        admin.execute(f'CREATE ROLE "{kept}" LOGIN IN ROLE lawdesk_office')
    try:
        dbmod.open_database(pg_url)
        before = Unit.select().count()
        with pytest.raises(server.ServerModeError, match="不属于 lawdesk_office"):
            server.add_office("石门街道", f"t{tag}_a", role=stranger, password="password-1")
        assert Unit.select().count() == before  # the unit was rolled back with the role
        added = server.add_office("金兰山街道", f"t{tag}_b", role=kept, password=None)
        assert not added.password_set and f"{kept}:***@" in added.url and "***" in added.message
        with pytest.raises(ValidationError):
            server.add_office("又一个", f"t{tag}_c", role=kept, password="password-2")  # one unit per role
        with pytest.raises(ValidationError):
            server.add_office("短密码", f"t{tag}_d", password="short")
    finally:
        dbmod.close_database()
        with psycopg.connect(pg_url, autocommit=True) as admin:
            for role in (stranger, kept):
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_the_password_is_stored_as_a_scram_verifier_that_logs_in(shared: Shared) -> None:
    psycopg = _psycopg()
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(shared.url)
    row = shared.connect("postgres").execute(
        "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (shared.a.db_role,)
    ).fetchone()
    assert row[0].startswith("SCRAM-SHA-256$4096:") and "password-a" not in row[0]
    tcp = {"host": "127.0.0.1", "port": params["port"], "dbname": params["dbname"], "user": shared.a.db_role}
    with psycopg.connect(**tcp, password="password-a") as conn:  # over TCP the cluster asks for it
        assert conn.execute("SELECT count(*) FROM dispute").fetchone()[0] == 1
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(**tcp, password="wrong-password")


def test_add_county_user_and_connection_urls(shared: Shared) -> None:
    c = shared.connect("postgres")
    assert c.execute("SELECT pg_has_role(%s, 'lawdesk_county', 'MEMBER')", (shared.county_role,)).fetchone()[0]
    url = server.connection_url("lawdesk_x", "p@ss/w:rd", host="county.example")
    assert url.startswith("postgresql://lawdesk_x:p%40ss%2Fw%3Ard@county.example:")
    assert dbmod.mask_url(url).startswith("postgresql://lawdesk_x:***@county.example")
    assert server.connection_url("lawdesk_x", None).startswith("postgresql://lawdesk_x:***@/")
    with pytest.raises(ValidationError):
        server.add_county_user("Bad Name", password="password-x")
    with pytest.raises(ValidationError):
        server.add_county_user(shared.a.db_role, password="password-x")


def test_shared_mode_is_refused_on_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "office.db"
    assert cli.main(["--db", str(path), "init"]) == cli.EXIT_OK
    capsys.readouterr()
    for argv in (["county", "add-office", "--name", "石门街道", "--code", "shimen", "--password", "password-1"],
                 ["county", "add-county-user", "--name", "xian", "--password", "password-1"]):
        assert cli.main(["--db", str(path), *argv]) == cli.EXIT_ERROR
        err = capsys.readouterr().err
        assert "只能用于服务器数据库" in err and "Traceback" not in err
    dbmod.open_database(path)
    try:
        with pytest.raises(server.ServerModeError, match="只能用于服务器数据库"):
            server.add_office("石门街道", "shimen", password="password-1")
        assert units.list_units() == []  # nothing added (a new file has no unit of its own yet)
    finally:
        dbmod.close_database()


def test_a_database_owner_that_is_not_a_superuser_runs_the_migrations_and_adds_offices(pg_server) -> None:
    """The owner role is separate from the office roles: it migrates, adds offices and, being in
    lawdesk_admin, still sees every row although row security is forced on its own tables."""
    psycopg = _psycopg()
    tag = uuid.uuid4().hex[:8]
    owner, office = f"t{tag}_owner", f"lawdesk_t{tag}_o"
    pg_server.conn.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
    name = pg_server.create()
    pg_server.conn.execute(f'ALTER DATABASE "{name}" OWNER TO "{owner}"')
    url = _as(pg_server.url(name), owner)
    try:
        dbmod.open_database(url, create=True)
        with psycopg.connect(pg_server.url(name), autocommit=True) as admin:
            assert admin.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", (owner,)).fetchone() == (False,)
            assert admin.execute("SELECT pg_has_role(%s, 'lawdesk_admin', 'MEMBER')", (owner,)).fetchone() == (True,)
        unit = server.add_office("石门街道", f"t{tag}_o", password="password-o").unit
        records.create("dispute", dispute_data(), unit=unit)
        records.create("dispute", dispute_data(), unit=units.create_unit("离线乡", "乡镇"))
        assert records.count("dispute") == 2  # the owner sees both
        dbmod.close_database()
        dbmod.open_database(_as(pg_server.url(name), office))
        assert records.count("dispute") == 1
    finally:
        dbmod.close_database()
        pg_server.drop(name)
        for role in (office, owner):
            pg_server.conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_an_office_cannot_add_offices_or_county_users(shared: Shared, capsys: pytest.CaptureFixture[str]) -> None:
    dbmod.close_database()
    office_url = _as(shared.url, shared.a.db_role)
    for argv in (["county", "add-office", "--name", "冒名街道", "--code", f"{shared.a.code}_x", "--password", "password-x"],
                 ["county", "add-county-user", "--name", f"{shared.a.code}_cx", "--password", "password-x"]):
        assert cli.main(["--db", office_url, *argv]) == cli.EXIT_ERROR
        err = capsys.readouterr().err
        assert "没有在服务器上添加账号的权限" in err and "Traceback" not in err, err
    with shared.connect("postgres") as admin:
        assert admin.execute("SELECT count(*) FROM unit").fetchone()[0] == 3
        assert admin.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE %s",
                             (f"%{shared.a.code}_%x",)).fetchone()[0] == 0  # fmt: skip


# --------------------------------------------------------------------------------------------
# References stay within the unit (0009): every reference field, insert, update and a delete in
# the referenced office; sequences USAGE only; no TEMP

#: A valid record of every kind that has a reference field (所属社区 or 宣讲员).
REFERRING = {
    "study": {"date": "2022-03-01", "form": "集中学法", "topic": "宪法"},
    "lecture": {"date": "2022-03-01", "topic": "普法", "venue_type": "进机关"},
    "meeting": {"date": "2022-03-01", "kind": "法治建设专题会议", "title": "会议"},
    "supervision": {"date": "2022-03-01", "kind": "调研", "subject": "调研"},
    "dispute": dispute_data(),
    "patrol": {"date": "2022-03-01", "area": "老街"},
    "hotline": {"channel": "12345市长热线", "received_date": "2022-03-01", "due_date": "2022-03-05", "summary": "诉求"},
    "review": {"received_date": "2022-03-01", "title": "合同", "category": "行政规范性文件"},
    "adviser": {"date": "2022-03-01", "adviser": "律师", "kind": "列席会议", "summary": "列席"},
    "honor": {"date": "2022-03-01", "title": "先进", "holder": "司法所", "level": "省级"},
}
REFERENCE_FIELDS = [(kind, f.name, f.ref) for kind in REFERRING for f in spec_for(kind).all_fields
                    if f.kind == "ref"]  # fmt: skip


def _rosters(unit: Unit, tag: str) -> dict[str, int]:
    return {
        "community": records.create("community", {"name": f"{tag}社区"}, unit=unit).id,
        "lecturer": records.create("lecturer", {"name": f"{tag}宣讲员", "unit": "司法所", "appointed_on": "2021-01-01"},
                                   unit=unit).id,
    }  # fmt: skip


def _referring_row(kind: str, unit: Unit, own: dict[str, int]) -> int:
    data = dict(REFERRING[kind])
    for f in spec_for(kind).all_fields:
        if f.kind == "ref":
            data[f.name] = own[f.ref]
    return records.create(kind, data, unit=unit).id


def _columns_but_id(conn, table: str) -> list[str]:  # noqa: ANN001
    """The columns of ``table`` but id and uuid (to copy one of its rows with INSERT … SELECT)."""
    columns = [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name NOT IN "
        "('id', 'uuid') ORDER BY ordinal_position", (table,)).fetchall()]  # fmt: skip
    return columns


def test_no_reference_field_can_point_into_another_unit(shared: Shared) -> None:
    psycopg = _psycopg()
    a_own, b_own = _rosters(shared.a, "甲"), _rosters(shared.b, "乙")
    rows = {kind: _referring_row(kind, shared.a, a_own) for kind in REFERRING}
    a = shared.connect(shared.a.db_role)
    assert len(REFERENCE_FIELDS) == 11  # 所属社区 on ten record types, 宣讲员 on 宣讲
    for kind, name, ref in REFERENCE_FIELDS:
        table = RECORD_MODELS[kind]._meta.table_name  # noqa: SLF001
        column = f"{name}_id"
        foreign, nowhere = b_own[ref], 10_000_000
        # update: its own row pointed at B's roster row — refused, and exactly as for an id that
        # exists nowhere (nothing is learnt about B's ids)
        errors = []
        for target in (foreign, nowhere):
            with pytest.raises(psycopg.errors.ForeignKeyViolation) as info:
                a.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', (target, rows[kind]))
            errors.append(str(info.value).replace(str(target), "N"))
        assert errors[0] == errors[1], (kind, name)
        # insert: a new row of its own unit pointing at B's roster row — refused
        columns = _columns_but_id(a, table)
        listed = ", ".join(f'"{c}"' for c in columns)
        chosen = ", ".join("%s" if c == column else f'"{c}"' for c in columns)
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            a.execute(f'INSERT INTO "{table}" (uuid, {listed}) SELECT gen_random_uuid()::text, {chosen} '
                      f'FROM "{table}" WHERE id = %s', (foreign, rows[kind]))  # fmt: skip
        a.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', (a_own[ref], rows[kind]))  # its own: fine
    # the county (for an office on the server or one of its packages) cannot cross units either
    c = shared.connect(shared.county_role)
    offline_row = _referring_row("patrol", shared.offline, _rosters(shared.offline, "丙"))
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        c.execute("UPDATE patrol SET community_id = %s WHERE id = %s", (b_own["community"], offline_row))


def test_a_delete_in_the_referenced_office_changes_only_its_own_rows(shared: Shared) -> None:
    a_own, b_own = _rosters(shared.a, "甲"), _rosters(shared.b, "乙")
    a_rows = {kind: _referring_row(kind, shared.a, a_own) for kind in REFERRING}
    b_rows = {kind: _referring_row(kind, shared.b, b_own) for kind in REFERRING}
    before = {kind: RECORD_MODELS[kind].get_by_id(i).updated_at for kind, i in a_rows.items()}
    psycopg, a = _psycopg(), shared.connect(shared.a.db_role)
    spare = {kind: _referring_row(kind, shared.a, a_own) for kind in REFERRING}  # A tries to point these at B
    for kind, name, ref in REFERENCE_FIELDS:
        table, column = RECORD_MODELS[kind]._meta.table_name, f"{name}_id"  # noqa: SLF001
        with contextlib.suppress(psycopg.errors.ForeignKeyViolation):
            a.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', (b_own[ref], spare[kind]))
    b = shared.connect(shared.b.db_role)
    for roster in ("lecturer", "community"):  # B deletes its rosters for good (as a purge does)
        b.execute(f'DELETE FROM "{roster}" WHERE id = %s', (b_own[roster],))
        assert b.execute(f'DELETE FROM "{roster}" WHERE id = %s', (a_own[roster],)).rowcount == 0  # not A's
    for kind, name, _ref in REFERENCE_FIELDS:
        model = RECORD_MODELS[kind]
        assert getattr(model.get_by_id(b_rows[kind]), f"{name}_id") is None, (kind, name)  # B's own: cleared
        mine = model.get_by_id(a_rows[kind])
        assert getattr(mine, f"{name}_id") == a_own[_ref], (kind, name)  # A's: untouched
        assert mine.updated_at == before[kind]
        tried = model.get_by_id(spare[kind])  # B's delete never reaches into A's row
        assert getattr(tried, f"{name}_id") == a_own[_ref], (kind, name)


def test_lawdesk_purges_a_roster_its_records_refer_to(shared: Shared) -> None:
    dbmod.close_database()
    dbmod.open_database(_as(shared.url, shared.a.db_role))
    community = records.create("community", {"name": "甲社区"})
    patrol = records.create("patrol", {"date": "2022-03-01", "area": "老街", "community": "甲社区"})
    records.delete("community", community.id)
    records.purge("community", community.id)
    assert records.get("patrol", patrol.id).community_id is None


def test_sequences_give_usage_only_and_temp_is_revoked(shared: Shared) -> None:
    psycopg = _psycopg()
    admin = shared.connect("postgres")
    sequences = [r[0] for r in admin.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'S' AND n.nspname = current_schema() ORDER BY 1").fetchall()]  # fmt: skip
    assert "dispute_id_seq" in sequences and "tombstone_id_seq" in sequences
    groups = server.groups()
    for role in (groups.office, groups.county, shared.a.db_role, shared.county_role):
        for seq in sequences:
            select, usage = admin.execute("SELECT has_sequence_privilege(%s, %s, 'SELECT'), "
                                          "has_sequence_privilege(%s, %s, 'USAGE')", (role, seq, role, seq)).fetchone()
            assert (select, usage) == (False, True), (role, seq)
        assert admin.execute("SELECT has_database_privilege(%s, current_database(), 'TEMP')", (role,)).fetchone() == (
            False,), role  # fmt: skip
    a = shared.connect(shared.a.db_role)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("SELECT last_value FROM dispute_id_seq")  # how many rows every office added
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("CREATE TEMP TABLE unit (id int)")
    assert a.execute("SELECT nextval('patrol_id_seq')").fetchone()[0] > 0  # what an INSERT needs


def test_an_office_renames_its_own_unit_and_nothing_else(shared: Shared) -> None:
    psycopg = _psycopg()
    a = shared.connect(shared.a.db_role)
    assert a.execute("UPDATE unit SET name = '石门街道（改）' WHERE id = %s", (shared.b.id,)).rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("UPDATE unit SET db_role = NULL WHERE id = %s", (shared.a.id,))
    dbmod.close_database()
    dbmod.open_database(_as(shared.url, shared.a.db_role))
    settings.save_profile({"unit_name": "石门镇"})
    assert units.current_unit().name == "石门镇" and units.current_unit().kind == "乡镇"


def test_submissions_and_tombstones_are_each_offices_own(shared: Shared) -> None:
    psycopg = _psycopg()
    a = shared.connect(shared.a.db_role)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("INSERT INTO submission (period_start, period_end, source, at, \"user\", unit_id) "
                  "VALUES ('2022-01-01', '2022-12-31', '标记', now(), 'x', %s)", (shared.b.id,))  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("INSERT INTO tombstone (record_kind, uuid, purged_at, unit_id) VALUES ('patrol', %s, now(), %s)",
                  (str(uuid.uuid4()), shared.b.id))  # fmt: skip
    dbmod.close_database()
    dbmod.open_database(_as(shared.url, shared.a.db_role))
    from lawdesk.services import submissions

    assert submissions.mark_reported(YEAR)
    assert not submissions.mark_reported(YEAR)  # once
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("DELETE FROM submission")  # never taken back behind the county's back
    c = shared.connect(shared.county_role)
    assert c.execute("SELECT unit_id FROM submission").fetchall() == [(shared.a.id,)]


def test_a_county_with_its_own_role_prefix_is_closed_to_another_countys_roles(shared: Shared, pg_server) -> None:  # noqa: ANN001
    from lawdesk.services import county_setup

    psycopg = _psycopg()
    tag = uuid.uuid4().hex[:6]
    name = pg_server.create()
    prefix = f"p{tag}_"
    try:
        dbmod.close_database()
        done = county_setup.init_county(pg_server.url(name), "新县", role_prefix=prefix)
        assert done.role_prefix == prefix and server.groups().office == f"{prefix}office"
        added = server.add_office("石门街道", "shimen", password="password-s")
        assert added.role == f"{prefix}shimen"
        dbmod.close_database()
        for role in (shared.county_role, shared.a.db_role):  # the other county's users
            with pytest.raises(psycopg.OperationalError, match="permission denied"):
                psycopg.connect(_as(pg_server.url(name), role))
        with psycopg.connect(_as(pg_server.url(name), added.role)) as own:
            assert own.execute("SELECT name FROM unit").fetchall() == [("石门街道",)]
    finally:
        dbmod.close_database()
        pg_server.drop(name)
        for role in (f"{prefix}shimen", f"{prefix}office", f"{prefix}county", f"{prefix}admin"):
            pg_server.conn.execute(f'DROP ROLE IF EXISTS "{role}"')
