"""The unit profile (单位设置), key/value settings and the report narrative stored per year."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from lawdesk.models import ReportNarrative, Setting, UnitProfile, database
from lawdesk.schema import UNIT_PROFILE
from lawdesk.services import audit, events
from lawdesk.services.validation import clean_record


def profile_values() -> dict[str, object]:
    """The unit profile as a dict (empty values when it was never filled in)."""
    row = UnitProfile.get_or_none(UnitProfile.id == 1)
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
        if UnitProfile.get_or_none(UnitProfile.id == 1) is None:
            UnitProfile.create(id=1, **values)
        else:
            values_to_store = dict(values, updated_at=dt.datetime.now().replace(microsecond=0))
            UnitProfile.update(**values_to_store).where(UnitProfile.id == 1).execute()
        changed = {k: v for k, v in values.items() if old.get(k) != v}
        if changed:
            audit.log(
                "修改", UNIT_PROFILE, 1, str(values.get("unit_name") or ""),
                {k: old.get(k) for k in changed}, changed, user=user,
            )  # fmt: skip
    apply_operator()
    events.notify("settings", table="unit_profile", action="update")
    return profile_values()


def get(key: str, default: object = None) -> object:
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
    with database.atomic():
        updated = Setting.update(value=text).where(Setting.key == key).execute()
        if not updated:
            Setting.create(key=key, value=text)
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
