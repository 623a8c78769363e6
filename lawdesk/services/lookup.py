"""Finding one record of a unit: by its id (``get``), a reference by the name or id the clerk
gave (``resolve_ref``), and the values it stores (``record_values``, ``title_of``).

Below the writes (``lawdesk.services.records``) and the evidence files
(``lawdesk.services.attachments``), which both need to find the record they are about. The
scoping rule is ``lawdesk.services.units``': ``unit=None`` is the current unit, and at the county
(no current unit) any unit; a record of another unit is “not found”.
"""

from __future__ import annotations

from collections.abc import Mapping

from lawdesk.errors import NotFoundError
from lawdesk.models import RecordModel, model_for
from lawdesk.schema import RecordSpec, spec_for
from lawdesk.services import units
from lawdesk.services.validation import FieldError
from lawdesk.services.validation import record_id as record_id_of


def resolve_ref(kind: str, value: object, unit: units.UnitRef = None) -> int:
    """The id of the live ``kind`` record of ``unit`` named or numbered ``value``; ``FieldError``
    otherwise."""
    model = model_for(kind)
    spec = spec_for(kind)
    if isinstance(value, RecordModel):
        value = value.id
    query = model.select(model.id).where(model.deleted_at.is_null())
    unit_id = units.scope_id(unit)
    if unit_id is not None:
        query = query.where(model.unit_id == unit_id)
    number = record_id_of(value)  # "²" is a name; 25 digits or 2**63: a Chinese error, no OverflowError
    if number is not None:
        row = query.where(model.id == number).first()
    else:
        name_field = getattr(model, spec.title_field)
        row = query.where(name_field == str(value).strip()).first()
    if row is None:
        raise FieldError(f"没有找到{spec.label}“{value}”，请先在“{spec.label}”中添加")
    return row.id


def record_values(record: RecordModel) -> dict[str, object]:
    """The field values of ``record`` as stored (refs as ids)."""
    return {f.name: _raw(record, f.name, f.kind) for f in record.spec.all_fields}


def _raw(record: RecordModel, name: str, kind: str) -> object:
    if kind == "ref":
        return getattr(record, f"{name}_id")
    return getattr(record, name)


def title_of(spec: RecordSpec, values: Mapping[str, object]) -> str:
    title = str(values.get(spec.title_field) or "")
    day = values.get(spec.date_field)
    return f"{day} {title}".strip() if day else title



def get(kind: str, record_id: int, *, include_deleted: bool = False, unit: units.UnitRef = None) -> RecordModel:
    """The ``kind`` record ``record_id`` of ``unit`` (default: the current unit; at the county:
    any unit); ``NotFoundError`` when there is none (or it is in the 回收站)."""
    model = model_for(kind)
    try:
        number = record_id_of(record_id)
    except FieldError:
        number = None
    record = None if number is None else model.get_or_none(model.id == number)
    unit_id = units.scope_id(unit)
    if record is not None and unit_id is not None and record.unit_id != unit_id:
        record = None
    if record is None or (record.deleted_at is not None and not include_deleted):
        shown = number if number is not None else ("超出范围" if isinstance(record_id, int) else str(record_id)[:30])
        raise NotFoundError(f"没有找到这条{spec_for(kind).label}记录（编号 {shown}），可能已被删除。")
    return record
