"""The audit log (操作日志): every write, with who, when, which record and old/new values.

Personal data (fields marked ``personal`` in ``lawdesk.schema``: 当事人, 身份证号, 联系电话)
is redacted from a record's entries when the record is purged (彻底删除), keeping who, when
and what kind of change. ``mask_text`` masks phone and ID numbers for display on the 操作日志.

Scoping by unit (office): every entry carries the unit whose data it changed (``unit``, the unit or
its id; default the current unit; ``None`` for an entry the county writes without a unit).
``entries(unit=None)`` lists the current unit's entries, and at the county (no current unit)
every entry. The writers name the unit by its id (they have resolved it already), so the log
sits under ``lawdesk.services.units``, which logs its own changes here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from lawdesk.connection import current_unit_id
from lawdesk.models import AuditLog, Unit, insert_rows
from lawdesk.schema import SPECS_BY_KIND, RecordSpec, SettingsSpec

REDACTED = "（已彻底删除）"


def _unit_id(unit: Unit | int | None) -> int | None:
    """The unit an entry belongs to or a listing covers: ``unit``, else the current unit."""
    if unit is None:
        return current_unit_id()
    return unit.id if isinstance(unit, Unit) else unit

_current_user: str | None = None


def set_user(name: str | None) -> None:
    """Name the clerk whose writes follow (defaults to the operating-system login)."""
    global _current_user
    _current_user = (name or "").strip() or None


#: Marks a login name that signs an entry because no operator's name was given (经办人).
LOGIN_MARK = "（登录名）"


def current_user() -> str:
    """The operator's name (the unit profile's 经办人), else the computer's login name marked
    as such ("root（登录名）"), so the 操作日志 never passes a login name off as a person's."""
    if _current_user:
        return _current_user
    try:
        import getpass  # only when no operator is set

        return f"{getpass.getuser()}{LOGIN_MARK}"
    except Exception:  # noqa: BLE001 - no login name on some systems
        return "未知用户"


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        # normalized: PostgreSQL reads NUMERIC(10,2) back as 1.50, SQLite as 1.5
        return str(value.normalize())
    return value


def to_json(values: Mapping[str, object] | None) -> str | None:
    if values is None:
        return None
    return json.dumps({k: _jsonable(v) for k, v in values.items()}, ensure_ascii=False)


def log(
    action: str,
    spec: RecordSpec | SettingsSpec | str,
    record_id: int | None,
    title: str,
    old: Mapping[str, object] | None,
    new: Mapping[str, object] | None,
    *,
    user: str | None = None,
    unit: Unit | int | None = None,
) -> AuditLog:
    """Append one entry of ``unit`` (default: the current unit; none at the county). Call inside
    the transaction of the change it records."""
    kind = spec if isinstance(spec, str) else getattr(spec, "kind", "settings")
    label = spec if isinstance(spec, str) else spec.label
    summary = f"{action}{label}：{title}"[:300]
    return AuditLog.create(
        user=(user or current_user())[:50],
        action=action,
        record_kind=kind,
        record_id=record_id,
        summary=summary,
        old_values=to_json(old),
        new_values=to_json(new),
        office=_unit_id(unit),
    )


def write_entries(entries: list[dict[str, object]]) -> None:
    """Append many entries made by ``entry`` at once (call inside the change's transaction)."""
    insert_rows(AuditLog, entries)


@dataclass
class AuditPage:
    rows: list[AuditLog]
    total: int


def entries(
    search: str = "",
    *,
    record_kind: str | None = None,
    record_id: int | None = None,
    page: int = 1,
    page_size: int = 100,
    unit: Unit | int | None = None,
) -> AuditPage:
    """Entries of ``unit`` newest first, optionally searched (summary, user, values) or for one record."""
    query = AuditLog.select()
    unit_id = _unit_id(unit)
    if unit_id is not None:
        query = query.where(AuditLog.unit_id == unit_id)
    for word in search.split():
        query = query.where(
            AuditLog.summary.contains(word)
            | AuditLog.user.contains(word)
            | AuditLog.old_values.contains(word)
            | AuditLog.new_values.contains(word)
        )
    if record_kind:
        query = query.where(AuditLog.record_kind == record_kind)
    if record_id is not None:
        query = query.where(AuditLog.record_id == record_id)
    total = query.count()
    rows = list(query.order_by(AuditLog.id.desc()).paginate(max(1, page), page_size))
    return AuditPage(rows, total)


# --------------------------------------------------------------------------------------------
# Personal data


def personal_fields(spec: RecordSpec) -> list[str]:
    return [f.name for f in spec.all_fields if f.personal]


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


def _redact_json(text: str | None, names: list[str], secrets: list[str]) -> str | None:
    if not text:
        return text
    try:
        values = json.loads(text)
    except ValueError:
        return _scrub(text, secrets)
    if not isinstance(values, dict):
        return _scrub(text, secrets)
    out = {}
    for key, value in values.items():
        if key in names and value not in (None, ""):
            out[key] = REDACTED
        elif isinstance(value, str):
            out[key] = _scrub(value, secrets)
        else:
            out[key] = value
    return json.dumps(out, ensure_ascii=False)


def _secrets(spec: RecordSpec, values: Mapping[str, object]) -> list[str]:
    """The personal values of a record (and the names in them), longest first."""
    secrets: set[str] = set()
    for name in personal_fields(spec):
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            secrets.add(value.strip())
            secrets.update(part for part in re.split(r"[、，,；;\s]+", value) if len(part) >= 2)
    return sorted(secrets, key=len, reverse=True)


def redact_values(spec: RecordSpec, values: Mapping[str, object]) -> dict[str, object]:
    """``values`` without personal data (for the purge's own entry): personal fields replaced by
    ``REDACTED``, their values scrubbed from the other text fields."""
    names = personal_fields(spec)
    secrets = _secrets(spec, values)
    out: dict[str, object] = {}
    for key, value in values.items():
        if key in names and value not in (None, ""):
            out[key] = REDACTED
        elif isinstance(value, str):
            out[key] = _scrub(value, secrets)
        else:
            out[key] = value
    return out


def redact_record(spec: RecordSpec, record_id: int, values: Mapping[str, object]) -> int:
    """Remove a purged record's personal data from its audit entries; return entries changed.

    The personal fields' values are replaced wherever they appear in the record's entries (old
    and new values, the summary); who, when, the action and the record kind stay. Call inside
    the purge's transaction.
    """
    names = personal_fields(spec)
    ordered = _secrets(spec, values)
    # every value a personal field ever had (an earlier phone number, a corrected name)
    rows = list(AuditLog.select().where((AuditLog.record_kind == spec.kind) & (AuditLog.record_id == record_id)))
    for row in rows:
        for text in (row.old_values, row.new_values):
            try:
                decoded = json.loads(text) if text else {}
            except ValueError:
                continue
            if isinstance(decoded, dict):
                ordered.extend(_secrets(spec, decoded))
    ordered = sorted(set(ordered), key=len, reverse=True)
    changed = 0
    for row in rows:
        old = _redact_json(row.old_values, names, ordered)
        new = _redact_json(row.new_values, names, ordered)
        summary = _scrub(row.summary, ordered)
        if (old, new, summary) != (row.old_values, row.new_values, row.summary):
            AuditLog.update(old_values=old, new_values=new, summary=summary).where(AuditLog.id == row.id).execute()
            changed += 1
    return changed


_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)")


def mask_text(text: str | None) -> str:
    """Mask ID numbers (110101********1234), mobile (138****5678) and landline numbers."""
    if not text:
        return text or ""
    text = _ID_NUMBER.sub(lambda m: m[1] + "********" + m[3], text)
    text = _MOBILE.sub(lambda m: m[1] + "****" + m[3], text)
    return _LANDLINE.sub(lambda m: m[1] + "*" * len(m[2]) + m[3], text)


def mask_value(kind: str, name: str, value: object) -> object:
    """A value as the 操作日志 shows it: phone and ID numbers masked; other personal fields too."""
    if not isinstance(value, str):
        return value
    spec = SPECS_BY_KIND.get(kind)
    masked = mask_text(value)
    if spec is not None and masked == value and value != REDACTED:
        personal = {f.name for f in spec.all_fields if f.personal and f.kind == "text"}
        if name in personal and any(ch.isdigit() for ch in value) and len(value) > 4:
            return value[:3] + "*" * (len(value) - 5) + value[-2:]  # an unusual phone/ID format
    return masked
def entry(
    action: str,
    spec: RecordSpec | SettingsSpec,
    record_id: int | None,
    title: str,
    old: Mapping[str, object] | None,
    new: Mapping[str, object] | None,
    *,
    user: str | None = None,
    at: dt.datetime | None = None,
    unit: Unit | int | None = None,
) -> dict[str, object]:
    """The columns of one entry, as ``log`` writes it (for writing many entries at once)."""
    return {
        "office": _unit_id(unit),
        "at": at or dt.datetime.now().replace(microsecond=0),
        "user": (user or current_user())[:50],
        "action": action,
        "record_kind": getattr(spec, "kind", "settings"),
        "record_id": record_id,
        "summary": f"{action}{spec.label}：{title}"[:300],
        "old_values": to_json(old),
        "new_values": to_json(new),
    }
