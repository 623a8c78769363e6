"""The audit log (操作日志): every write, with who, when, which record and old/new values."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from lawdesk.models import AuditLog
from lawdesk.schema import RecordSpec, SettingsSpec

_current_user: str | None = None


def set_user(name: str | None) -> None:
    """Name the clerk whose writes follow (defaults to the operating-system login)."""
    global _current_user
    _current_user = (name or "").strip() or None


def current_user() -> str:
    if _current_user:
        return _current_user
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some systems
        return "未知用户"


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
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
) -> AuditLog:
    """Append one entry. Call inside the transaction of the change it records."""
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
    )


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
) -> AuditPage:
    """Entries newest first, optionally searched (summary, user, values) or for one record."""
    query = AuditLog.select()
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
) -> dict[str, object]:
    """The columns of one entry, as ``log`` writes it (for writing many entries at once)."""
    return {
        "at": at or dt.datetime.now().replace(microsecond=0),
        "user": (user or current_user())[:50],
        "action": action,
        "record_kind": getattr(spec, "kind", "settings"),
        "record_id": record_id,
        "summary": f"{action}{spec.label}：{title}"[:300],
        "old_values": to_json(old),
        "new_values": to_json(new),
    }
