"""Units (单位): the offices whose records a database holds, and the one it writes as.

An office database (SQLite, the usual case) holds one unit, its own: every record, the unit
profile, the narratives, the attachments and the audit entries belong to it. A county database
holds several units (offices imported from packages, or the offices of a shared server).

``current_unit()`` is the office this database connection writes as (its id,
``current_unit_id``, is the connection's: ``lawdesk.connection``, where every row's default unit
comes from):

- a database with a single unit: that unit;
- on a shared PostgreSQL server: the unit whose ``db_role`` is the connection's role
  (``current_user``); the county role (a member of ``lawdesk_county``) has none;
- otherwise (several units and no role of an office): ``None`` — the county, which reads every
  unit and names the unit it writes for.

A database has no unit until its first 单位设置 names it (``settings.save_profile`` calls
``create_unit`` with the 单位简称; ``init`` makes none), and an office's unit is renamed when its
单位简称 changes (``rename_unit``, audited): packages and the county know each office by the
name its clerk gave it. ``PLACEHOLDER_NAME`` (本单位) is what databases made before that were
given; a unit of that name cannot be exported (``require_real_name``).

The scoping rule every service follows: a ``unit`` argument (a ``Unit``, its id or its uuid)
limits reading and writing to that unit; ``unit=None`` means the current unit, and when there is
none (the county) reading covers every unit while writing needs a unit to be named.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from types import SimpleNamespace

from lawdesk.connection import current_unit_id, database, forget_current_unit, is_server_database
from lawdesk.errors import LawdeskError, NotFoundError, ValidationError
from lawdesk.models import Unit
from lawdesk.services import audit

UnitRef = Unit | int | str | None

KINDS = ("街道", "乡镇", "县")
COUNTY_KIND = "县"  # the county itself, in a county database
#: How an entry about a unit is labelled in the 操作日志 (record kind ``unit``).
UNIT_LABEL = SimpleNamespace(kind="unit", label="单位")
#: The name older versions gave a new database's own unit before anyone named it.
PLACEHOLDER_NAME = "本单位"
NO_UNIT_MESSAGE = "还没有填写单位设置。请先在“单位设置”中填写单位简称（如：金兰山街道）并保存，再登记记录。"
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")

def clear_cache() -> None:
    """Forget the current unit (after units were added or changed outside ``create_unit``)."""
    forget_current_unit()


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def current_unit() -> Unit | None:
    """The office this database connection writes as (see the module docstring), or ``None``."""
    unit_id = current_unit_id()
    return None if unit_id is None else Unit.get_or_none(Unit.id == unit_id)


def list_units() -> list[Unit]:
    """Every unit of the database, in the order they were added."""
    return list(Unit.select().order_by(Unit.id))


def get_unit(ref: Unit | int | str) -> Unit:
    """The unit given as a ``Unit``, an id or a uuid (text); ``NotFoundError`` if there is none."""
    if isinstance(ref, Unit):
        return ref
    unit = None
    if isinstance(ref, int) and not isinstance(ref, bool):
        if not -(2**63) <= ref < 2**63:
            raise NotFoundError("没有找到这个单位（编号超出范围）。")
        unit = Unit.get_or_none(Unit.id == ref)
    elif isinstance(ref, str):
        text = ref.strip()
        unit = Unit.get_or_none(Unit.uuid == text.lower())
        if unit is None and text.isascii() and text.isdigit() and len(text) < 19:  # "²" is no id; < 2**63
            unit = Unit.get_or_none(Unit.id == int(text))
    if unit is None:
        raise NotFoundError(f"没有找到单位“{ref}”。")
    return unit


def unit_id_of(ref: UnitRef) -> int | None:
    """The id of the unit ``ref``; ``None`` stays ``None`` (it does not mean the current unit)."""
    if ref is None:
        return None
    if isinstance(ref, Unit):
        return ref.id
    if isinstance(ref, int) and not isinstance(ref, bool):
        return ref
    return get_unit(ref).id


def scope_id(unit: UnitRef = None) -> int | None:
    """The unit a read covers: ``unit`` if given, else the current unit, else ``None`` (all units)."""
    return unit_id_of(unit) if unit is not None else current_unit_id()


def no_unit_message(what: str = "登记记录") -> str:
    """What a database without any unit says when the clerk tries to ``what`` (生成报告 …)."""
    return NO_UNIT_MESSAGE.replace("再登记记录", f"再{what}")


def write_unit_id(unit: UnitRef = None, *, what: str = "登记记录") -> int:
    """The unit a write belongs to: ``unit`` if given, else the current unit; the county must name
    one, and a database without any unit must be named in 单位设置 first (before ``what``)."""
    unit_id = scope_id(unit)
    if unit_id is None:
        if not has_units():
            raise LawdeskError(no_unit_message(what))
        raise LawdeskError("县级数据库包含多个单位，请先选择要录入或修改的单位。")
    return unit_id


def has_units() -> bool:
    """Whether the database has any unit yet (a new one has none until 单位设置 names it)."""
    return Unit.select(Unit.id).exists()


def kind_for_name(name: str, kind: str = "街道") -> str:
    """An office's kind read from its name: 乡镇 for “…乡”/“…镇”, 街道 for “…街道”, else ``kind``."""
    name = (name or "").strip()
    if name.endswith(("乡", "镇")):
        return "乡镇"
    if name.endswith("街道"):
        return "街道"
    return kind


def has_real_name(unit: Unit) -> bool:
    """False for a unit still called 本单位 (or nothing): it has not been named by its office."""
    name = str(unit.name or "").strip()
    return bool(name) and name != PLACEHOLDER_NAME


def require_real_name(unit: Unit, what: str = "数据包") -> None:
    """Refuse (Chinese message) to send out a unit that its office has not named yet."""
    if not has_real_name(unit):
        raise LawdeskError(
            f"单位还没有名称（现在叫“{unit.name or ''}”），不能生成{what}：县里会把它当成一个名叫"
            f"“{unit.name or ''}”的单位。请先在“单位设置”中填写单位简称（如：金兰山街道）并保存，再生成{what}。"
        )


def rename_unit(unit: UnitRef, name: str, *, user: str | None = None) -> bool:
    """Rename office ``unit`` to its new 单位简称 (its kind follows a name ending in 乡/镇/街道);
    audited. The county unit keeps its own name. True when something changed."""
    target = get_unit(unit) if unit is not None else None
    name = (name or "").strip()[:100]
    if target is None or not name or target.kind == COUNTY_KIND:
        return False
    kind = kind_for_name(name, str(target.kind))
    if (target.name, target.kind) == (name, kind):
        return False
    old = {"name": target.name, "kind": target.kind}
    with database.atomic():
        Unit.update(name=name, kind=kind, updated_at=_now()).where(Unit.id == target.id).execute()
        audit.log("修改", UNIT_LABEL, target.id, f"{name}（{kind}）", old, {"name": name, "kind": kind}, user=user,
                  unit=target.id)  # fmt: skip
    clear_cache()
    return True


def create_unit(
    name: str,
    kind: str = "街道",
    *,
    code: str | None = None,
    db_role: str | None = None,
    uuid: str | None = None,
) -> Unit:
    """Add a unit (an office or the county). ``uuid`` keeps the identity of a unit imported from
    a package; ``code`` (lowercase ascii, unique) names its server role."""
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写单位名称"
    elif len(name) > 100:
        errors["name"] = "单位名称不能超过100个字"
    if kind not in KINDS:
        errors["kind"] = f"单位类型只能是{'、'.join(KINDS)}"
    code = (code or "").strip() or None
    if code is not None and not _CODE.match(code):
        errors["code"] = "单位代码只能用小写英文字母、数字和下划线，以字母开头，不超过30个字符"
    elif code is not None and Unit.get_or_none(Unit.code == code) is not None:
        errors["code"] = f"单位代码“{code}”已被使用"
    if uuid is not None:
        try:
            uuid = str(uuidlib.UUID(str(uuid)))
        except ValueError:
            errors["uuid"] = "单位标识格式不对"
        else:
            if Unit.get_or_none(Unit.uuid == uuid) is not None:
                errors["uuid"] = "这个单位已经存在"
    if errors:
        labels = {"name": "单位名称", "kind": "单位类型", "code": "单位代码", "uuid": "单位标识"}
        raise ValidationError(errors, labels)
    now = _now()
    values: dict[str, object] = {"name": name, "kind": kind, "code": code, "db_role": db_role,
                                 "created_at": now, "updated_at": now}  # fmt: skip
    if uuid is not None:
        values["uuid"] = uuid
    with database.atomic():
        unit = Unit.create(**values)
    clear_cache()
    return unit


def writable_units() -> list[Unit]:
    """The units this connection may enter records for: the current unit; at the county every
    unit, the county's own first (on a shared server only those not on the server: an office
    there writes its own rows, the server refuses the county's)."""
    current = current_unit()
    if current is not None:
        return [current]
    query = Unit.select()
    if is_server_database():
        query = query.where(Unit.db_role.is_null())
    return sorted(query, key=lambda u: (u.kind != COUNTY_KIND, u.id))


def county_unit() -> Unit | None:
    """The county unit (kind 县) of the database, or None."""
    return Unit.select().where(Unit.kind == COUNTY_KIND).order_by(Unit.id).first()


def profile_unit() -> Unit | None:
    """The unit whose profile names this database (title, 经办人): the current unit, or at the
    county (no current unit) the county unit."""
    current = current_unit()
    return current if current is not None else county_unit()


def is_county_database() -> bool:
    """True when the database holds offices to roll up: several units, or a county unit."""
    return Unit.select().count() > 1 or county_unit() is not None
