"""Shared mode: one PostgreSQL database for the county, one login role per office.

Rights are enforced by PostgreSQL itself (row-level security, set up by migration
``0006_shared_mode_rights`` when the server database is made or upgraded): an office's login
role is a member of ``lawdesk_office`` and sees and writes only the rows of the unit whose
``db_role`` is that role; a county login role (member of ``lawdesk_county``) reads every row.

This module is the administrator's side, run as the role that owns the database (it ran the
migrations; a member of ``lawdesk_admin``) or a superuser, with CREATEROLE:

- ``add_office(name, code, ...)``: the unit (``units.create_unit`` with its ``db_role``) and its
  LOGIN role, in one transaction (role DDL is transactional in PostgreSQL: nothing is left
  half-made);
- ``add_county_user(name, ...)``: a LOGIN role of the county;
- ``connection_url(...)``: the address to give the office (its password only when just set);
- ``rls_status()``: which tables carry ``unit_id`` and whether row security is forced on them.

Role names are cluster-wide: two counties on one PostgreSQL server would share ``lawdesk_office``
and ``lawdesk_county`` (and a county user of one could connect to the other's database). A county
made with a role prefix (``lawdesk county init --role-prefix xian_``, see
``lawdesk.services.county_setup``) has its own groups (``xian_office``, ``xian_county``,
``xian_admin``) and office roles (``xian_<code>``). ``groups()`` reads them from the database's
own policies, so nothing else needs to remember the prefix.

Passwords are sent to the server as SCRAM-SHA-256 verifiers (never as clear text, so they do
not end up in the server's statement log) and never logged here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import PostgresqlDatabase

from lawdesk.connection import is_server_database
from lawdesk.errors import LawdeskError, ValidationError
from lawdesk.models import Unit, database

OFFICE_GROUP = "lawdesk_office"
COUNTY_GROUP = "lawdesk_county"
ADMIN_GROUP = "lawdesk_admin"
ROLE_PREFIX = "lawdesk_"
_ROLE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: The connection setting that tells migration 0006 the county's role prefix (see there).
PREFIX_SETTING = "lawdesk.role_prefix"
SQLITE_REFUSAL = (
    "县级共享模式（各单位在同一个服务器数据库中录入，权限由服务器按单位控制）只能用于服务器数据库。"
    "当前打开的是本机数据库文件。请用 --db postgresql://管理员@服务器:端口/数据库名 指定服务器数据库；"
    "没有服务器的县，各单位请用离线数据包（lawdesk package）报送。"
)


class ServerModeError(LawdeskError):
    """Shared mode was asked of an SQLite database, or the server refused an administrator's step."""


@dataclass(frozen=True)
class AddedRole:
    """A login role that was added (or taken over) and the address to give its user."""

    role: str
    unit: Unit | None
    url: str  # with the password when it was just set, else with *** in its place
    password_set: bool
    message: str


@dataclass(frozen=True)
class Groups:
    """The group roles of this county's database: offices, county users, administrators."""

    office: str = OFFICE_GROUP
    county: str = COUNTY_GROUP
    admin: str = ADMIN_GROUP

    @property
    def prefix(self) -> str:
        """The role prefix (``lawdesk_``, or the county's own): office roles are prefix + code."""
        return self.office[: -len("office")]

    @property
    def reserved(self) -> tuple[str, ...]:
        return (self.office, self.county, self.admin, OFFICE_GROUP, COUNTY_GROUP, ADMIN_GROUP)


def groups(db: PostgresqlDatabase | None = None) -> Groups:
    """The groups the database's policies name (0006 made them, with or without a prefix)."""
    db = db or require_server()
    rows = db.execute_sql(
        "SELECT p.polname, r.rolname FROM pg_policy p, unnest(p.polroles) AS g(oid) "
        "JOIN pg_roles r ON r.oid = g.oid WHERE p.polrelid = to_regclass('unit')"
    ).fetchall()
    found = dict(rows)
    return Groups(found.get("lawdesk_office", OFFICE_GROUP), found.get("lawdesk_county_read", COUNTY_GROUP),
                  found.get("lawdesk_admin", ADMIN_GROUP))  # fmt: skip


def check_prefix(prefix: str) -> str:
    """A role prefix as given (``xian_``; a missing trailing ``_`` is added), or a Chinese error."""
    prefix = (prefix or "").strip()
    if prefix and not prefix.endswith("_"):
        prefix += "_"
    if not _PREFIX.match(prefix) or prefix.startswith("pg_"):
        raise ValidationError(
            {"role_prefix": "账号前缀只能用小写英文字母、数字和下划线，以字母开头，不超过40个字符（如 xian_）"},
            {"role_prefix": "账号前缀"},
        )
    return prefix


def require_server() -> PostgresqlDatabase:
    if not is_server_database():
        raise ServerModeError(SQLITE_REFUSAL)
    return database.obj


def scram_verifier(password: str, *, iterations: int = 4096, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802 / RFC 7677)."""
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def new_password() -> str:
    """A random password of 16 letters and digits (easy to read out on the phone)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _role_exists(db: PostgresqlDatabase, role: str) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None


def _is_member(db: PostgresqlDatabase, role: str, group: str) -> bool:
    row = db.execute_sql(
        "SELECT pg_has_role(%s, %s, 'MEMBER')", (role, group)
    ).fetchone()
    return bool(row and row[0])


def _check_groups(db: PostgresqlDatabase) -> Groups:
    found = groups(db)
    missing = [g for g in (found.office, found.county) if not _role_exists(db, g)]
    if missing:
        raise ServerModeError(
            f"服务器上没有数据库角色 {'、'.join(missing)}：这个数据库还没有完成共享模式的升级。"
            "请用数据库的所有者重新打开一次（程序会自动升级），或联系服务器管理员。"
        )
    return found


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise ValidationError({"password": "密码至少要8个字符"}, {"password": "密码"})
    if len(password) > 100:
        raise ValidationError({"password": "密码不能超过100个字符"}, {"password": "密码"})


def _check_role_name(role: str, found: Groups) -> None:
    if not _ROLE.match(role):
        raise ValidationError(
            {"role": "数据库角色名只能用小写英文字母、数字和下划线，以字母开头，不超过63个字符"}, {"role": "角色名"}
        )
    if role in found.reserved or role.startswith("pg_"):
        raise ValidationError({"role": f"“{role}”是保留的角色名，请换一个"}, {"role": "角色名"})


def _prepare_database(db: PostgresqlDatabase, found: Groups) -> None:
    """Members may connect to this database; nobody else (the owner and superusers always can),
    and nobody makes temporary tables in it (see migration 0009)."""
    name = _ident(db.execute_sql("SELECT current_database()").fetchone()[0])
    db.execute_sql(f"GRANT CONNECT ON DATABASE {name} TO {_ident(found.office)}, {_ident(found.county)}, "
                   f"{_ident(found.admin)}")  # fmt: skip
    db.execute_sql(f"REVOKE CONNECT, TEMPORARY ON DATABASE {name} FROM PUBLIC")


def _login_role(db: PostgresqlDatabase, role: str, group: str, password: str | None) -> bool:
    """Make ``role`` a LOGIN member of ``group`` (or take over an existing member); True when
    its password was set now."""
    if _role_exists(db, role):
        if not _is_member(db, role, group):
            raise ServerModeError(
                f"服务器上已有数据库角色“{role}”，但它不属于 {group}，不能用作本程序的账号。请用 --role 换一个角色名。"
            )
        if password is not None:
            db.execute_sql(f"ALTER ROLE {_ident(role)} WITH LOGIN PASSWORD {_literal(scram_verifier(password))}")
        return password is not None
    if password is None:
        raise ServerModeError("请给出新账号的密码（--password），或在提示时输入。")
    db.execute_sql(
        f"CREATE ROLE {_ident(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT "
        f"PASSWORD {_literal(scram_verifier(password))} IN ROLE {_ident(group)}"
    )
    return True


def _server_error(exc: Exception) -> ServerModeError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "permission denied" in text or "must have" in text or "privilege" in text:
        return ServerModeError(
            "当前账号没有在服务器上添加账号的权限（需要数据库所有者或管理员账号，并有 CREATEROLE 权限）。"
            f"服务器的回答：{text}"
        )
    return ServerModeError(f"服务器拒绝了这一步：{text}")


def add_office(
    name: str,
    code: str,
    *,
    kind: str = "街道",
    password: str | None = None,
    role: str | None = None,
    host: str | None = None,
) -> AddedRole:
    """Add an office: its unit and its LOGIN role ``<prefix><code>`` (``lawdesk_shimen``; member of
    the office group, ``lawdesk_office``).

    ``password`` None: the role must exist already (taken over, password unchanged). ``host``
    (``server`` or ``server:port``) is the address the office uses, when it differs from the
    administrator's.
    """
    from lawdesk.services import units

    db = require_server()
    found = _check_groups(db)
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": "请用 --code 给出单位代码（小写英文字母，如 shimen）"}, {"code": "单位代码"})
    role = (role or f"{found.prefix}{code}").strip()
    _check_role_name(role, found)
    if password is not None:
        _check_password(password)
    taken = Unit.get_or_none(Unit.db_role == role)
    if taken is not None:
        raise ValidationError({"role": f"数据库角色“{role}”已是单位“{taken.name}”的账号"}, {"role": "角色名"})
    try:
        with database.atomic():
            unit = units.create_unit(name, kind, code=code, db_role=role)
            password_set = _login_role(db, role, found.office, password)
            _prepare_database(db, found)
    except PeeweeDatabaseError as exc:
        units.clear_cache()
        raise _server_error(exc) from exc
    units.clear_cache()
    url = connection_url(role, password if password_set else None, host=host)
    if password_set:
        state, hint = "账号已建立", "请把下面的连接地址交给该单位（地址中含有密码，只交给该单位）："
    else:
        state, hint = "已使用服务器上已有的账号（密码未改动）", "连接地址（密码以 *** 代替，请另行告知该单位）："
    message = (
        f"已添加单位“{unit.name}”（{unit.kind}，代码 {unit.code}），{state}：{role}。\n{hint}\n{url}\n"
        "该单位用这个地址打开程序（lawdesk --db 地址），只能看到和修改本单位的数据。"
    )
    return AddedRole(role, unit, url, password_set, message)


def add_county_user(name: str, *, password: str | None = None, host: str | None = None) -> AddedRole:
    """Add a LOGIN role of the county (member of lawdesk_county): reads every office's data."""
    db = require_server()
    found = _check_groups(db)
    role = (name or "").strip()
    if not role:
        raise ValidationError({"role": "请用 --name 给出县级账号名（小写英文字母，如 xian_sfj）"}, {"role": "账号名"})
    _check_role_name(role, found)
    if password is not None:
        _check_password(password)
    if Unit.get_or_none(Unit.db_role == role) is not None:
        raise ValidationError({"role": f"“{role}”已是一个单位的账号，不能再作县级账号"}, {"role": "账号名"})
    try:
        with database.atomic():
            password_set = _login_role(db, role, found.county, password)
            _prepare_database(db, found)
    except PeeweeDatabaseError as exc:
        raise _server_error(exc) from exc
    url = connection_url(role, password if password_set else None, host=host)
    state = "账号已建立" if password_set else "已使用服务器上已有的账号（密码未改动，地址中以 *** 代替）"
    message = (
        f"县级{state}：{role}。这个账号能查看全县各单位的数据，"
        f"能导入离线数据包和编写县级报告，不能修改在服务器上录入的单位的数据。\n连接地址：\n{url}"
    )
    return AddedRole(role, None, url, password_set, message)


def connection_url(role: str, password: str | None, *, host: str | None = None) -> str:
    """The URL an office (or the county) opens: this server and database, ``role`` as the user;
    the password when given, else ``***``. ``host`` (``name`` or ``name:port``) replaces the
    administrator's host (a socket folder is of no use to another computer)."""
    from psycopg.conninfo import conninfo_to_dict

    from lawdesk.connection import current_target

    params = dict(conninfo_to_dict(str(current_target())))
    dbname = str(params.get("dbname") or "")
    port = str(params.get("port") or "")
    server = str(params.get("host") or "")
    if host:
        server, _, given_port = host.strip().partition(":")
        port = given_port or port
    secret = quote(password, safe="") if password is not None else "***"
    if server and not server.startswith("/"):
        address = server + (f":{port}" if port else "")
        return f"postgresql://{quote(role, safe='')}:{secret}@{address}/{quote(dbname, safe='')}"
    query = {"host": server, "port": port} if server else {"port": port}
    text = urlencode({k: v for k, v in query.items() if v}, safe="/")
    return f"postgresql://{quote(role, safe='')}:{secret}@/{quote(dbname, safe='')}" + (f"?{text}" if text else "")


@dataclass(frozen=True)
class TableRights:
    table: str
    enabled: bool
    forced: bool
    policies: tuple[str, ...]


def rls_status() -> list[TableRights]:
    """Every table of the schema that has a ``unit_id`` column (plus unit and setting), with its
    row-security state and policy names."""
    db = require_server()
    rows = db.execute_sql(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
        "  COALESCE((SELECT array_agg(p.polname ORDER BY p.polname) FROM pg_policy p WHERE p.polrelid = c.oid), '{}') "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND (c.relname IN ('unit', 'setting') OR EXISTS ("
        "  SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'unit_id' AND NOT a.attisdropped)) "
        "ORDER BY c.relname"
    ).fetchall()
    return [TableRights(r[0], bool(r[1]), bool(r[2]), tuple(r[3])) for r in rows]
