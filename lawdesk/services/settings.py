"""The unit profile (单位设置), key/value settings and the report narrative stored per year.

Scoping by unit (office): the unit profile and the narratives belong to a unit (one profile per
unit; one text per unit, year and section). Settings are per database, except those of an
office's report (``UNIT_KEYS``: the report's 版式 profile, wording options, outline and the
chosen suggestions of a year), which are stored per unit under ``<key>@<unit uuid>``: the county
regenerates each office's report with the office's own choices. Every function takes ``unit``
(a ``Unit``, id or uuid); ``unit=None`` is the current unit. At the county (no current unit)
reading an office's profile, narrative or report setting gives nothing (empty values, the
default) and writing one needs a unit to be named.

Naming the unit: a new database has no unit. Its first 单位设置 with a 单位简称 makes the office's
unit under that name (``units.create_unit``, kind 乡镇 for a name ending in 乡 or 镇); what is
saved before (the operator's name asked at the first start) waits under ``PENDING_KEY`` and goes
into that first profile. Changing an office's 单位简称 later renames its unit (``units.rename_unit``,
audited), so packages and the county use the name the office gives itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from lawdesk.models import ReportNarrative, Setting, Unit, UnitProfile, database
from lawdesk.schema import UNIT_PROFILE, FieldSpec, SettingsSpec
from lawdesk.services import audit, events, units
from lawdesk.services.validation import clean_record

#: Settings of an office's documents, stored per unit (the others are per database): the annual
#: report's, the half-year summary's and the 述法报告's (``services.words``).
UNIT_KEYS = frozenset({"report_profile", "report_options", "report_outline", "half_year_outline",
                       "half_year_options", "shufa_outline", "shufa_people"})  # fmt: skip
UNIT_KEY_PREFIXES = ("report_suggestions_", "half_year_suggestions_")
#: 单位设置 saved while the database has no unit yet (no 单位简称 given), as JSON.
PENDING_KEY = "unit_profile_pending"


#: The county's 单位设置: the same columns as an office's (one row per unit), named for the county.
#: A county report has one 发文机关 (``party_organ``); ``government_organ`` is for a joint one.
COUNTY_PROFILE = SettingsSpec(
    label="县级单位设置",
    fields=tuple(
        {
            "unit_name": FieldSpec("unit_name", "单位简称", required=True, max_length=30, help="如：新县依法治县办"),
            "party_organ": FieldSpec("party_organ", "发文机关全称", required=True, max_length=60,
                                     help="如：中共新县委员会全面依法治县委员会办公室"),
            "government_organ": FieldSpec("government_organ", "联合发文机关全称", max_length=60,
                                          help="单独行文时留空"),
            "addressee": FieldSpec("addressee", "主送机关", required=True, max_length=100,
                                   help="如：中共新县委员会全面依法治县委员会"),
            "leading_bodies": FieldSpec("leading_bodies", "领导机关", max_length=60,
                                        help="全县报告“在……的坚强领导下”所写的机关，如：县委、县政府；"
                                             "空着时按县名写（新县：县委、县政府）"),
        }.get(f.name, f)
        for f in UNIT_PROFILE.fields
    ),
)


def is_unit_key(key: str) -> bool:
    """Whether setting ``key`` belongs to an office (stored per unit) rather than the database."""
    return key in UNIT_KEYS or key.startswith(UNIT_KEY_PREFIXES)


def _profile_row(unit_id: int | None) -> UnitProfile | None:
    if unit_id is None:
        return None
    return UnitProfile.get_or_none(UnitProfile.unit_id == unit_id)


def profile_values(unit: units.UnitRef = None) -> dict[str, object]:
    """The unit profile of ``unit`` as a dict (empty values when it was never filled in; in a
    database without a unit yet, what was saved so far)."""
    unit_id = units.scope_id(unit)
    row = _profile_row(unit_id)
    values = {f.name: (getattr(row, f.name) if row else f.default) for f in UNIT_PROFILE.fields}
    if unit is None and unit_id is None and not units.has_units():
        values.update(_pending())
    return values


def _pending() -> dict[str, object]:
    row = Setting.get_or_none(Setting.key == PENDING_KEY)
    try:
        data = json.loads(row.value) if row is not None else {}
    except ValueError:
        data = {}
    names = {f.name for f in UNIT_PROFILE.fields}
    return {k: v for k, v in data.items() if k in names} if isinstance(data, dict) else {}


def _save_first_profile(data: Mapping[str, object], *, user: str | None) -> dict[str, object]:
    """单位设置 of a database without a unit: with a 单位简称 it makes the office's unit and its
    profile (with what was saved before); without one it is kept until then."""
    defaults = {f.name: f.default for f in UNIT_PROFILE.fields}
    values = clean_record(UNIT_PROFILE, {**_pending(), **data}, partial=True, existing=defaults)
    name = str(values.get("unit_name") or "").strip()
    user = user or _named_operator(values)  # the 经办人 of this very profile signs the unit it makes
    with database.atomic():
        if not name:
            text = json.dumps({k: v for k, v in values.items() if v != defaults.get(k)}, ensure_ascii=False)
            if not Setting.update(value=text).where(Setting.key == PENDING_KEY).execute():
                Setting.create(key=PENDING_KEY, value=text)
        else:
            unit = units.create_unit(name, units.kind_for_name(name))
            audit.log("新增", units.UNIT_LABEL, unit.id, f"{unit.name}（{unit.kind}）", None,
                      {"name": unit.name, "kind": unit.kind}, user=user, unit=unit.id)  # fmt: skip
            row = UnitProfile.create(office=unit.id, **values)
            audit.log("修改", UNIT_PROFILE, row.id, name, None, values, user=user, unit=unit.id)
            Setting.delete().where(Setting.key == PENDING_KEY).execute()
    apply_operator()
    events.notify("settings", table="unit_profile", action="update")
    return profile_values()


def _named_operator(values: Mapping[str, object]) -> str | None:
    """The 经办人 a unit profile names (None when it names nobody)."""
    return str(values.get("operator") or "").strip() or None


def apply_operator(unit: units.UnitRef = None) -> str:
    """Make the unit profile's 经办人 the user of the audit log (the login name when empty)."""
    audit.set_user(str(profile_values(unit).get("operator") or ""))
    return audit.current_user()


def profile_is_complete(unit: units.UnitRef = None) -> bool:
    """Whether every required field of ``unit``'s 单位设置 is filled (the county unit's by the
    county's rules: one 发文机关, no 办事处)."""
    values = profile_values(unit)
    spec = UNIT_PROFILE
    target = units.get_unit(unit) if unit is not None else units.current_unit()
    if target is not None and target.kind == units.COUNTY_KIND:
        spec = COUNTY_PROFILE
    return all(values.get(f.name) not in (None, "") for f in spec.fields if f.required)


def save_profile(data: Mapping[str, object], *, user: str | None = None, unit: units.UnitRef = None) -> dict[str, object]:
    """Validate and save the unit profile of ``unit`` (fields not in ``data`` keep their values).

    In a database without a unit, the first 单位设置 with a 单位简称 names the office's unit; a
    changed 单位简称 renames it (see the module docstring)."""
    if unit is None and units.current_unit_id() is None and not units.has_units():
        return _save_first_profile(data, user=user)
    unit_id = units.write_unit_id(unit)
    old = profile_values(unit_id)
    values = clean_record(UNIT_PROFILE, data, partial=True, existing=old)
    with database.atomic():
        row = _profile_row(unit_id)
        if row is None:
            row = UnitProfile.create(office=unit_id, **values)
        else:
            values_to_store = dict(values, updated_at=dt.datetime.now().replace(microsecond=0))
            UnitProfile.update(**values_to_store).where(UnitProfile.id == row.id).execute()
        changed = {k: v for k, v in values.items() if old.get(k) != v}
        # the operator named in this very change signs it and the rename it makes (not the
        # login name before it)
        signer = user or (_named_operator(values) if unit_id == units.current_unit_id() else None)
        if changed:
            audit.log(
                "修改", UNIT_PROFILE, row.id, str(values.get("unit_name") or ""),
                {k: old.get(k) for k in changed}, changed, user=signer, unit=unit_id,
            )  # fmt: skip
        if "unit_name" in changed:
            units.rename_unit(unit_id, str(values.get("unit_name") or ""), user=signer)
    if unit_id == units.current_unit_id():
        apply_operator(unit_id)
    events.notify("settings", table="unit_profile", action="update")
    return profile_values(unit_id)


def _stored_key(key: str, unit: units.UnitRef, *, writing: bool) -> str | None:
    """The row key of setting ``key``: itself, or ``key@<uuid>`` for an office's report setting
    (None: an office setting read at the county without naming a unit)."""
    if not is_unit_key(key):
        return key
    unit_id = units.write_unit_id(unit, what="设置报告") if writing else units.scope_id(unit)
    if unit_id is None:
        return None
    unit_uuid = unit.uuid if isinstance(unit, Unit) else Unit.get_by_id(unit_id).uuid
    return f"{key}@{unit_uuid}"


def get(key: str, default: object = None, *, unit: units.UnitRef = None) -> object:
    """The value of setting ``key`` (of ``unit`` for an office's report setting), or ``default``."""
    key = _stored_key(key, unit, writing=False)
    if key is None:
        return default
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def put(key: str, value: object, *, user: str | None = None, unit: units.UnitRef = None) -> None:
    """Store setting ``key`` (an office's report setting for ``unit``, default the current unit)."""
    old = get(key, unit=unit)
    if old == value:
        return
    stored = _stored_key(key, unit, writing=True)
    text = json.dumps(value, ensure_ascii=False)
    with database.atomic():
        updated = Setting.update(value=text).where(Setting.key == stored).execute()
        if not updated:
            Setting.create(key=stored, value=text)
        audit.log("修改", "设置", None, key, {key: json.dumps(old, ensure_ascii=False)}, {key: text}, user=user,
                  unit=units.scope_id(unit))  # fmt: skip
    events.notify("settings", table="setting", action=key)


def _narrative_where(unit_id: int, year: int, section: str | None = None):  # noqa: ANN202 - a peewee Expression
    where = (ReportNarrative.unit_id == unit_id) & (ReportNarrative.year == year)
    return where & (ReportNarrative.section == section) if section is not None else where


def narrative(year: int, section: str, *, unit: units.UnitRef = None) -> str | None:
    """The clerk's stored text of one section of ``unit``'s report for ``year`` (None: the default)."""
    unit_id = units.scope_id(unit)
    if unit_id is None:
        return None
    row = ReportNarrative.get_or_none(_narrative_where(unit_id, year, section))
    return row.text if row else None


def narratives(year: int, *, unit: units.UnitRef = None) -> dict[str, str]:
    """Every stored section text of ``unit``'s report for ``year``."""
    unit_id = units.scope_id(unit)
    if unit_id is None:
        return {}
    query = ReportNarrative.select().where(_narrative_where(unit_id, year))
    return {row.section: row.text for row in query}


def narratives_up_to(year: int, *, unit: units.UnitRef = None) -> dict[str, tuple[int, str]]:
    """Each section's latest text stored for ``year`` or an earlier year: section → (its year, text).

    An office's own words carry on from its last year until its clerk writes this year's."""
    unit_id = units.scope_id(unit)
    if unit_id is None:
        return {}
    query = (
        ReportNarrative.select(ReportNarrative.year, ReportNarrative.section, ReportNarrative.text)
        .where((ReportNarrative.unit_id == unit_id) & (ReportNarrative.year <= year))
        .order_by(ReportNarrative.year.desc())
        .tuples()
    )
    out: dict[str, tuple[int, str]] = {}
    for row_year, section, text in query:
        out.setdefault(section, (row_year, text))
    return out


def save_narrative(year: int, section: str, text: str, *, user: str | None = None, unit: units.UnitRef = None) -> None:
    """Store the clerk's text of one report section (figure placeholders stay placeholders)."""
    unit_id = units.write_unit_id(unit, what="修改报告文字")
    old = narrative(year, section, unit=unit_id)
    if old == text:
        return
    now = dt.datetime.now().replace(microsecond=0)
    with database.atomic():
        if old is None:
            ReportNarrative.create(year=year, section=section, text=text, updated_at=now, office=unit_id)
        else:
            ReportNarrative.update(text=text, updated_at=now).where(_narrative_where(unit_id, year, section)).execute()
        audit.log("修改", "年度报告", year, f"{year}年度 {section}", {"text": old}, {"text": text}, user=user,
                  unit=unit_id)  # fmt: skip
    events.notify("narrative", table=section, action="update", record_id=year)


def reset_narrative(year: int, section: str, *, user: str | None = None, unit: units.UnitRef = None) -> None:
    """Drop the clerk's text so the default template is used again."""
    unit_id = units.write_unit_id(unit, what="修改报告文字")
    old = narrative(year, section, unit=unit_id)
    if old is None:
        return
    with database.atomic():
        ReportNarrative.delete().where(_narrative_where(unit_id, year, section)).execute()
        audit.log("恢复默认", "年度报告", year, f"{year}年度 {section}", {"text": old}, None, user=user,
                  unit=unit_id)  # fmt: skip
    events.notify("narrative", table=section, action="reset", record_id=year)
