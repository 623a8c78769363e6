"""The records a period's 台账 holds: what the Excel export and the inspection binder write.

A year's 台账 holds every live record dated in the period **and** every record a figure of the
period counts although it is dated elsewhere (a hotline case received in December and closed in
January counts as 办结 in January's year; a dispute received last year and still open counts as
open at the end of this one). The selection reuses the figures' own conditions
(``stats.records_behind``), so importing an exported 台账 into an empty database gives the same
figures. The rosters (社区, 普法宣讲员) are master data and are always held whole. Records in the
回收站 are never held.

Scoping by unit (office): a 台账 holds one unit's records. Every function takes ``unit`` (a
``Unit``, id or uuid); ``unit=None`` is the current unit (and at the county, every unit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from pathlib import Path

from lawdesk.models import RECORD_MODELS, Attachment
from lawdesk.schema import RecordSpec, spec_for
from lawdesk.services import stats, units
from lawdesk.services.period import Period

#: Upper bound of rows fetched per record type (far above a street office's year).
MAX_ROWS = 1_000_000


def period_query(kind: str, period: Period, unit: units.UnitRef = None):  # noqa: ANN201 - a peewee ModelSelect
    """The live ``kind`` records of ``unit`` the period's 台账 holds, oldest first."""
    spec = spec_for(kind)
    model = RECORD_MODELS[kind]
    unit_id = units.scope_id(unit)
    live = model.deleted_at.is_null()
    if unit_id is not None:
        live = (model.unit_id == unit_id) & live
    if not spec.common:
        condition = live
    else:
        day = getattr(model, spec.date_field)
        parts = [day.between(period.start, period.end)]
        for fig in figures_of(kind):
            _kind, counted = stats.records_behind(fig.key, period, unit_id)
            parts.append(model.id.in_(counted.select(model.id).order_by()))
        condition = live & reduce(or_, parts)
    order = getattr(model, spec.date_field)
    return model.select().where(condition).order_by(order.asc(nulls="first"), model.id.asc())


def figures_of(kind: str) -> list[stats.FigureDef]:
    """The counted (not derived) figures over ``kind`` records, in report order."""
    return [f for f in stats.FIGURES if f.kind == kind and not f.is_derived]


def rows(kind: str, period: Period, unit: units.UnitRef = None) -> list[dict[str, object]]:
    """Display rows (field values, ``<ref>_name`` for references) of the period's ``kind`` records."""
    from lawdesk.services import records

    return records.display_rows(kind, period_query(kind, period, unit), MAX_ROWS)


# --------------------------------------------------------------------------------------------
# Where the report counts a record (the binder's index)


@dataclass(frozen=True)
class Counted:
    """A figure of the report that counts one record."""

    key: str
    label: str
    section: str


def counted_by(kind: str, period: Period, unit: units.UnitRef = None) -> dict[int, list[Counted]]:
    """record id → the figures of ``period`` that count it (most specific first)."""
    out: dict[int, list[Counted]] = {}
    specific = sorted(figures_of(kind), key=lambda f: f.where is None)
    unit_id = units.scope_id(unit)
    for fig in specific:
        _kind, query = stats.records_behind(fig.key, period, unit_id)
        model = RECORD_MODELS[kind]
        for (record_id,) in query.select(model.id).order_by().tuples():
            out.setdefault(record_id, []).append(Counted(fig.key, fig.label, fig.section))
    return out


def home_section(spec: RecordSpec) -> str:
    """The report section where most of a record type's figures are (for records no figure counts)."""
    sections = [f.section for f in figures_of(spec.kind)]
    return max(dict.fromkeys(sections), key=sections.count) if sections else ""


@dataclass(frozen=True)
class EvidenceFile:
    record_id: int
    category: str
    original_name: str
    stored_name: str
    added_at: dt.datetime
    path: Path  # where the file is kept (``attachments.path_of``)


def evidence(
    kind: str, record_ids: set[int] | None = None, unit: units.UnitRef = None
) -> dict[int, list[EvidenceFile]]:
    """record id → its evidence files (oldest first), for the records of ``kind`` of ``unit``."""
    from lawdesk.services import attachments

    where = Attachment.record_kind == kind
    unit_id = units.scope_id(unit)
    if unit_id is not None:
        where &= Attachment.unit_id == unit_id
    query = Attachment.select().where(where).order_by(Attachment.record_id, Attachment.added_at, Attachment.id)
    out: dict[int, list[EvidenceFile]] = {}
    for att in query:
        if record_ids is not None and att.record_id not in record_ids:
            continue
        out.setdefault(att.record_id, []).append(
            EvidenceFile(att.record_id, att.category, att.original_name, att.stored_name, att.added_at,
                         attachments.path_of(att))
        )
    return out
