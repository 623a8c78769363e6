"""The unit profile (单位设置), key/value settings and the report narrative stored per year.

The unit profile is the current unit's row (``units.current_unit_id``; the first one when there
is no current unit). Key/value settings belong to the database, except on a shared server where
the connection is an office's: there they are the office's own, stored under the key
``unit:<unit uuid>:<key>`` (row-level security lets an office write only those, see migration
0006), and reading falls back to the database-wide key when the office has not set its own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from peewee import PostgresqlDatabase

from lawdesk.models import ReportNarrative, Setting, UnitProfile, database
from lawdesk.schema import UNIT_PROFILE
from lawdesk.services import audit, events, units
from lawdesk.services.validation import clean_record


def _profile_row() -> UnitProfile | None:
    query = UnitProfile.select().order_by(UnitProfile.id)
    unit_id = units.current_unit_id()
    if unit_id is not None:
        query = query.where(UnitProfile.unit_id == unit_id)
    return query.first()


def profile_values() -> dict[str, object]:
    """The unit profile as a dict (empty values when it was never filled in)."""
    row = _profile_row()
    return {f.name: (getattr(row, f.name) if row else f.default) for f in UNIT_PROFILE.fields}


def apply_operator() -> str:
    """Make the unit profile's 经办人 the user of the audit log (the login name when empty)."""
    audit.set_user(str(profile_values().get("operator") or ""))
    return audit.current_user()


def profile_is_complete() -> bool:
    values = profile_values()
    return all(values.get(f.name) not in (None, "") for f in UNIT_PROFILE.fields if f.required)


def save_profile(data: Mapping[str, object], *, user: str | None = None) -> dict[str, object]:
    """Validate and save the unit profile (fields not in ``data`` keep their values)."""
    old = profile_values()
    values = clean_record(UNIT_PROFILE, data, partial=True, existing=old)
    with database.atomic():
        row = _profile_row()
        if row is None:
            UnitProfile.create(office=units.write_unit_id(), **values)
        else:
            values_to_store = dict(values, updated_at=dt.datetime.now().replace(microsecond=0))
            UnitProfile.update(**values_to_store).where(UnitProfile.id == row.id).execute()
        changed = {k: v for k, v in values.items() if old.get(k) != v}
        if changed:
            audit.log(
                "修改", UNIT_PROFILE, 1, str(values.get("unit_name") or ""),
                {k: old.get(k) for k in changed}, changed, user=user,
            )  # fmt: skip
    apply_operator()
    events.notify("settings", table="unit_profile", action="update")
    return profile_values()


def _office_key(key: str) -> str | None:
    """The office's own key of ``key`` on a shared server (None: a database-wide setting)."""
    if not isinstance(database.obj, PostgresqlDatabase):
        return None
    unit = units.current_unit()
    if unit is None or not unit.db_role:
        return None
    return f"unit:{unit.uuid}:{key}"


def get(key: str, default: object = None) -> object:
    own = _office_key(key)
    row = Setting.get_or_none(Setting.key == own) if own else None
    if row is None:
        row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def put(key: str, value: object, *, user: str | None = None) -> None:
    old = get(key)
    if old == value:
        return
    text = json.dumps(value, ensure_ascii=False)
    stored = _office_key(key) or key
    with database.atomic():
        updated = Setting.update(value=text).where(Setting.key == stored).execute()
        if not updated:
            Setting.create(key=stored, value=text)
        audit.log("修改", "设置", None, key, {key: json.dumps(old, ensure_ascii=False)}, {key: text}, user=user)
    events.notify("settings", table="setting", action=key)


def narrative(year: int, section: str) -> str | None:
    row = ReportNarrative.get_or_none((ReportNarrative.year == year) & (ReportNarrative.section == section))
    return row.text if row else None


def narratives(year: int) -> dict[str, str]:
    query = ReportNarrative.select().where(ReportNarrative.year == year)
    return {row.section: row.text for row in query}


def save_narrative(year: int, section: str, text: str, *, user: str | None = None) -> None:
    """Store the clerk's text of one report section (figure placeholders stay placeholders)."""
    old = narrative(year, section)
    if old == text:
        return
    now = dt.datetime.now().replace(microsecond=0)
    with database.atomic():
        if old is None:
            ReportNarrative.create(year=year, section=section, text=text, updated_at=now)
        else:
            (
                ReportNarrative.update(text=text, updated_at=now)
                .where((ReportNarrative.year == year) & (ReportNarrative.section == section))
                .execute()
            )
        audit.log("修改", "年度报告", year, f"{year}年度 {section}", {"text": old}, {"text": text}, user=user)
    events.notify("narrative", table=section, action="update", record_id=year)


def reset_narrative(year: int, section: str, *, user: str | None = None) -> None:
    """Drop the clerk's text so the default template is used again."""
    old = narrative(year, section)
    if old is None:
        return
    with database.atomic():
        ReportNarrative.delete().where(
            (ReportNarrative.year == year) & (ReportNarrative.section == section)
        ).execute()
        audit.log("恢复默认", "年度报告", year, f"{year}年度 {section}", {"text": old}, None, user=user)
    events.notify("narrative", table=section, action="reset", record_id=year)
