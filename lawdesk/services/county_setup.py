"""A county from nothing: its database, its own unit (kind 县) and its 单位设置.

``init_county(target, "新县")`` (``lawdesk county init --name 新县``, and 新建县级数据库 in the
welcome dialog) makes a new database file (or sets up an empty server database), or opens an
existing one, then adds the county unit named ``name`` and its profile (单位简称 and 所属县 the
name; 发文机关全称, 发文机关标志, 发文字号代字 and 主送机关 when given — the county report needs
them, the 单位设置 page asks for whatever is still missing). Run again on the same database it
changes nothing and says so. An office's own ledger is refused (it would stop being one
office's database), as is a second county.

On a server the role prefix (``role_prefix``, e.g. ``xian_``) gives this county its own group and
office roles (``xian_office``, ``xian_county``, ``xian_admin``, ``xian_<code>``; see
``lawdesk.server``): role names are shared by every database of a PostgreSQL server. It is
chosen once, when the database's tables are made (migration 0006 reads it from the connection),
and refused afterwards.

Then the offices: offline, each office's package is imported (``lawdesk county import``); on the
server, each office gets a role (``lawdesk county add-office``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lawdesk.errors import LawdeskError
from lawdesk.models import Setting, Unit, database
from lawdesk.paths import display_target, is_server_url
from lawdesk.services import county, units

#: Where the county's profile has room for its name (单位简称 holds 30 characters).
MAX_NAME = 30
#: Shown at the end of every set-up: what the clerk does next.
NEXT_STEPS = (
    "  · 导入各乡镇（街道）报送的数据包：lawdesk --db {db} county import 数据包.ldpkg …\n"
    "    （共用服务器时改为给各单位建账号：lawdesk --db {db} county add-office --name 石门街道 --code shimen）；\n"
    "  · 生成全县报告：lawdesk --db {db} county report --year 年份 --out 全县报告.docx"
)
PROFILE_STEP = "  · 在程序的“单位设置”中补全县级单位的{missing}；\n"


@dataclass(frozen=True)
class CountySetup:
    """What ``init_county`` did."""

    unit: Unit
    created: bool  # False: the database was this county's already
    target: str  # the database as shown to the clerk (a URL's password masked)
    role_prefix: str | None = None
    missing: tuple[str, ...] = ()  # labels of the profile fields the county report still needs

    def message(self, db_argument: str = "县级数据库") -> str:
        head = (f"已建立县级单位“{self.unit.name}”：{self.target}" if self.created
                else f"“{self.unit.name}”的县级数据库已经建立，没有改动：{self.target}")  # fmt: skip
        lines = [head]
        if self.role_prefix:
            lines.append(f"本县的服务器账号前缀为 {self.role_prefix}（各单位账号为 {self.role_prefix}单位代码）。")
        steps = NEXT_STEPS.format(db=db_argument)
        if self.missing:
            lines.append(f"县级单位设置还缺少：{'、'.join(self.missing)}（生成全县报告前须补全）。")
            steps = PROFILE_STEP.format(missing="、".join(self.missing)) + steps
        lines.append("下一步：\n" + steps)
        return "\n".join(lines)


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise LawdeskError("请用 --name 给出县（区）的名称，例如 --name 新县。")
    if len(name) > MAX_NAME:
        raise LawdeskError(f"县（区）的名称不能超过{MAX_NAME}个字。")
    return name


def with_prefix(url: str, prefix: str) -> str:
    """``url`` telling the server the county's role prefix for this connection (0006 reads it)."""
    from lawdesk import server

    option = quote(f"-c {server.PREFIX_SETTING}={prefix}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


def _open_server(url: str, role_prefix: str | None) -> str | None:
    """Open (making its tables if it is empty) the county's server database; the prefix in force."""
    from lawdesk import server
    from lawdesk.db import HISTORY_TABLE, close_database, connect_server, open_database

    prefix = server.check_prefix(role_prefix) if role_prefix else None
    raw = connect_server(url)
    try:
        made = HISTORY_TABLE in raw.get_tables()
    finally:
        raw.close()
    if made or prefix is None:
        open_database(url, create=not made)
        current = server.groups().prefix
        if prefix is not None and prefix != current:
            raise LawdeskError(f"这个服务器数据库已经建立，账号前缀是 {current}，不能再改为 {prefix}。"
                               "账号前缀只能在新建县级数据库时给出。")  # fmt: skip
        return current if current != server.ROLE_PREFIX else None
    open_database(with_prefix(url, prefix), create=True)  # the migrations make the prefixed roles
    close_database()
    open_database(url)
    return prefix


def _refuse_an_office_database() -> None:
    """A database whose own unit is an office's ledger (one office, not imported) is no county."""
    own = units.current_unit()
    if own is None or own.kind == units.COUNTY_KIND:
        return
    imported = Setting.select().where(Setting.key == f"package_created_at@{own.uuid}").exists()
    if not imported:
        raise LawdeskError(
            f"这个数据库是“{own.name}”的台账，不能改作县级数据库。请另选一个新文件（例如 县级台账.db）再建立县级数据库。"
        )


def _profile(name: str, organ: str | None, addressee: str | None, doc_prefix: str | None,
             signers: str | None = None) -> dict[str, object]:
    values: dict[str, object] = {"unit_name": name, "county_name": name}
    if organ:
        values.update(party_organ=organ.strip(), issuer_mark=f"{organ.strip()}文件", print_organ=organ.strip())
    if addressee:
        values["addressee"] = addressee.strip()
    if doc_prefix:
        values["doc_prefix"] = doc_prefix.strip()
    if signers and signers.strip():
        values["signers"] = signers.strip()
    return values


def init_county(
    target: Path | str,
    name: str,
    *,
    role_prefix: str | None = None,
    organ: str | None = None,
    addressee: str | None = None,
    doc_prefix: str | None = None,
    signers: str | None = None,
    user: str | None = None,
) -> CountySetup:
    """Set up the county ``name`` in the database at ``target`` (see the module docstring)."""
    from lawdesk.db import open_database
    from lawdesk.services import county_report, settings

    name = check_name(name)
    if is_server_url(target):
        role_prefix = _open_server(str(target), role_prefix)
    else:
        if role_prefix:
            raise LawdeskError("--role-prefix 只用于服务器数据库（各县共用一台 PostgreSQL 服务器时区分各县的账号）。")
        open_database(Path(target), create=True)
    _refuse_an_office_database()
    existing = units.county_unit()
    if existing is not None and existing.name != name:
        raise LawdeskError(f"这个数据库已是“{existing.name}”的县级数据库，不能再建立“{name}”。")
    with database.atomic():
        unit = existing or county.ensure_county_unit(name)
        stored = settings.profile_values(unit)
        wanted = _profile(name, organ, addressee, doc_prefix, signers)
        changes = {k: v for k, v in wanted.items() if not stored.get(k)}  # never overwrite the clerk's
        if changes:
            county_report.save_unit_profile(unit, changes, user=user)
    profile = settings.profile_values(unit)
    missing = tuple(f.label for f in county_report.COUNTY_PROFILE.fields if f.required and not profile.get(f.name))
    if not profile.get("signers"):
        missing += ("签发人（报送版的版头要标注）",)
    return CountySetup(unit, existing is None, display_target(target), role_prefix, missing)
