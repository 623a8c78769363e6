"""Writing and finding records: create, update, soft delete into the 回收站, restore, list.

Every write validates first (nothing is saved if anything is wrong) and lands in the audit log
in the same transaction. Lists are built in SQL (search, filters, sorting, paging) so a page
stays instant with 100,000 records. The GUI, the command line and the Excel import all write
through these functions; every new record row, a package's and the demo's too, is written by
``insert_cleaned``.

Scoping by unit (office): every function takes ``unit`` (a ``Unit``, its id or uuid). Reads and
lists cover that unit's records; ``unit=None`` means the current unit (``units.current_unit``:
in an office database, its own), and at the county (no current unit) every unit. Writes belong
to ``unit`` or the current unit; the county must name one. A record of another unit is “not
found”, and a reference (所属社区, 宣讲员) must point to a record of the same unit. New records
get a ``uuid`` and their unit; ``update`` and the 回收站 keep both.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import and_, or_

from peewee import JOIN, Expression, ModelSelect, fn

from lawdesk.connection import flush_deleted
from lawdesk.errors import ValidationError
from lawdesk.models import (
    RECORD_MODELS,
    RecordModel,
    database,
    insert_rows,
    model_for,
    new_uuid,
)
from lawdesk.schema import RecordSpec, spec_for
from lawdesk.services import attachments, audit, events, tombstones, units
from lawdesk.services.lookup import get, record_values, resolve_ref, title_of
from lawdesk.services.period import Period
from lawdesk.services.validation import FieldError, clean_record

DEFAULT_PAGE_SIZE = 50


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --------------------------------------------------------------------------------------------
# Writes


def _ref_resolver(unit_id: int) -> Callable[[str, object], int]:
    return lambda kind, value: resolve_ref(kind, value, unit_id)


def create(
    kind: str, data: Mapping[str, object], *, user: str | None = None, unit: units.UnitRef = None
) -> RecordModel:
    """Validate ``data`` and save a new ``kind`` record of ``unit`` (default: the current unit,
    which the county must name); raises ``ValidationError``."""
    spec = spec_for(kind)
    model = model_for(kind)
    with database.atomic():
        unit_id = units.write_unit_id(unit)
        values = clean_record(spec, data, resolve_ref=_ref_resolver(unit_id))
        (record_id,) = insert_cleaned(kind, [values], unit_id=unit_id)
        audit.log("新增", spec, record_id, title_of(spec, values), None, values, user=user, unit=unit_id)
        record = model.get_by_id(record_id)
    events.notify("records", table=kind, action="create", record_id=record_id)
    return record


def update(
    kind: str, record_id: int, data: Mapping[str, object], *, user: str | None = None, unit: units.UnitRef = None
) -> RecordModel:
    """Change the fields given in ``data``; the others keep their values (and the record its unit)."""
    spec = spec_for(kind)
    with database.atomic():
        record = get(kind, record_id, unit=unit)
        old = record_values(record)
        values = clean_record(spec, data, partial=True, existing=old, resolve_ref=_ref_resolver(record.unit_id))
        changed = {k: v for k, v in values.items() if _differs(old.get(k), v)}
        if not changed:
            return record
        columns = to_columns(spec, changed)
        columns["updated_at"] = _now()
        model = model_for(kind)
        model.update(**columns).where(model.id == record_id).execute()
        audit.log(
            "修改",
            spec,
            record_id,
            title_of(spec, values),
            {k: old.get(k) for k in changed},
            changed,
            user=user,
            unit=record.unit_id,
        )
    events.notify("records", table=kind, action="update", record_id=record_id)
    return get(kind, record_id, unit=record.unit_id)


def _differs(a: object, b: object) -> bool:
    numbers = Decimal | int | float
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return Decimal(str(a)) != Decimal(str(b))
    return a != b


def to_columns(spec: RecordSpec, values: Mapping[str, object]) -> dict[str, object]:
    """Field values (references as ids) as the model's columns (a reference ``x`` is ``x_id``)."""
    refs = _ref_fields(spec.kind)
    return {f"{name}_id" if name in refs else name: value for name, value in values.items()}


@functools.cache
def _ref_fields(kind: str) -> frozenset[str]:
    return frozenset(f.name for f in spec_for(kind).all_fields if f.kind == "ref")


def delete(kind: str, record_id: int, *, user: str | None = None, unit: units.UnitRef = None) -> None:
    """Move a record to the 回收站 (soft delete)."""
    spec = spec_for(kind)
    model = model_for(kind)
    with database.atomic():
        record = get(kind, record_id, unit=unit)
        values = record_values(record)
        model.update(deleted_at=_now()).where(model.id == record_id).execute()
        audit.log("删除", spec, record_id, title_of(spec, values), values, None, user=user, unit=record.unit_id)
    events.notify("records", table=kind, action="delete", record_id=record_id)


def restore(kind: str, record_id: int, *, user: str | None = None, unit: units.UnitRef = None) -> RecordModel:
    """Bring a record back from the 回收站."""
    spec = spec_for(kind)
    model = model_for(kind)
    with database.atomic():
        record = get(kind, record_id, include_deleted=True, unit=unit)
        if record.deleted_at is None:
            return record
        values = record_values(record)
        model.update(deleted_at=None, updated_at=_now()).where(model.id == record_id).execute()
        audit.log("恢复", spec, record_id, title_of(spec, values), None, values, user=user, unit=record.unit_id)
    events.notify("records", table=kind, action="restore", record_id=record_id)
    return get(kind, record_id, unit=record.unit_id)


@dataclass
class PurgeResult:
    """What a purge left to do: files that could not be deleted yet (retried on the next open)."""

    pending_files: list = field(default_factory=list)

    @property
    def message(self) -> str:
        if not self.pending_files:
            return "已彻底删除。"
        return (
            f"已彻底删除。有 {len(self.pending_files)} 个材料文件正被其他程序使用，暂时无法删除，"
            "已移到数据文件夹的“pending-delete”中，程序下次打开时会再次删除。"
        )


def purge(kind: str, record_id: int, *, user: str | None = None, unit: units.UnitRef = None) -> PurgeResult:
    """Delete a record from the 回收站 for good (only records already in the 回收站).

    Order (no orphan file, no half-purged record): the evidence files are moved aside inside
    the transaction, before the commit; a rollback puts them back; after the commit they are
    deleted, and one that cannot be deleted yet is retried on the next open. The record's
    personal data is redacted from its audit entries in the same transaction, its tombstone
    (kind, uuid, time) is kept for the next package, and the deleted bytes leave the database
    file and its write-ahead log before this returns.
    """
    spec = spec_for(kind)
    model = model_for(kind)
    moved: list = []
    try:
        with database.atomic():
            record = get(kind, record_id, include_deleted=True, unit=unit)
            if record.deleted_at is None:
                raise ValidationError({"id": "只能彻底删除回收站中的记录"}, {"id": "记录"})
            values = record_values(record)
            attachments.remove_rows(kind, record_id)
            model.delete().where(model.id == record_id).execute()
            tombstones.record(kind, record)  # the county purges it too (see services.tombstones)
            audit.redact_record(spec, record_id, values)
            audit.log("彻底删除", spec, record_id, title_of(spec, audit.redact_values(spec, values)),
                      audit.redact_values(spec, values), None, user=user, unit=record.unit_id)
            moved = attachments.move_aside(kind, record_id)  # last: nothing after it can fail
    except BaseException:
        attachments.put_back(moved)
        raise
    left = attachments.discard(moved, (attachments.record_folder(kind, record_id),))
    flush_deleted()  # the purged bytes leave the file and its -wal now, not at a later checkpoint
    events.notify("records", table=kind, action="purge", record_id=record_id)
    return PurgeResult(left)


# --------------------------------------------------------------------------------------------
# Lists


@dataclass
class ListQuery:
    """What a list page asks for. Every part is optional."""

    search: str = ""
    period: Period | None = None
    community_id: int | None = None
    equals: dict[str, object] = field(default_factory=dict)  # e.g. {"kind": "调研"}
    sort: str = ""  # a field name; default: the date field, newest first
    descending: bool = True
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    deleted: bool = False  # True: the records in the 回收站


@dataclass
class Page:
    rows: list[dict[str, object]]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def filtered_query(kind: str, q: ListQuery, *, unit: units.UnitRef = None) -> ModelSelect:
    """The records of ``kind`` of ``unit`` that match ``q`` (no sorting, no paging)."""
    spec = spec_for(kind)
    model = model_for(kind)
    conditions: list[Expression] = [
        model.deleted_at.is_null(False) if q.deleted else model.deleted_at.is_null()
    ]
    unit_id = units.scope_id(unit)
    if unit_id is not None:
        conditions.insert(0, model.unit_id == unit_id)
    if q.period is not None:
        day = getattr(model, spec.date_field)
        conditions.append(day.between(q.period.start, q.period.end))
    if q.community_id is not None and spec.common:
        conditions.append(model.community == q.community_id)
    for name, value in q.equals.items():
        spec.field(name)  # KeyError for an unknown field
        conditions.append(getattr(model, name) == value)
    conditions.extend(_search_conditions(spec, model, q.search))
    return model.select().where(reduce(and_, conditions))


def _search_conditions(spec: RecordSpec, model: type[RecordModel], text: str) -> list[Expression]:
    words = [w for w in text.replace("　", " ").split() if w]
    out = []
    for word in words:
        per_field = [getattr(model, name).contains(word) for name in spec.search_fields]
        out.append(reduce(or_, per_field))
    return out


def list_records(kind: str, q: ListQuery | None = None, *, unit: units.UnitRef = None) -> Page:
    """One page of ``unit``'s ``kind`` records as display rows: field values plus names of references."""
    q = q or ListQuery()
    spec = spec_for(kind)
    model = model_for(kind)
    base = filtered_query(kind, q, unit=unit)
    total = base.count()
    sort_name = q.sort or spec.date_field
    sort_field = getattr(model, sort_name if sort_name in _sortable(spec) else spec.date_field)
    order = [sort_field.desc() if q.descending else sort_field.asc()]
    order.append(model.id.desc() if q.descending else model.id.asc())
    page_size = max(1, min(q.page_size, 500))
    page = max(1, q.page)
    query = _with_reference_names(spec, model, base).order_by(*order).paginate(page, page_size)
    rows = list(query.dicts())
    return Page(rows=rows, total=total, page=page, page_size=page_size)


def _sortable(spec: RecordSpec) -> set[str]:
    return {f.name for f in spec.all_fields if f.kind not in ("longtext", "tags")} | {
        "id",
        "updated_at",
        "created_at",
        "deleted_at",
    }


def _with_reference_names(spec: RecordSpec, model: type[RecordModel], query: ModelSelect) -> ModelSelect:
    """Add ``<field>_name`` columns for reference fields (the community's or lecturer's name)."""
    selected = [model]
    for f in spec.all_fields:
        if f.kind != "ref":
            continue
        target = RECORD_MODELS[f.ref]
        alias = target.alias(f"ref_{f.name}")
        name_col = getattr(alias, spec_for(f.ref).title_field)
        query = query.join_from(model, alias, JOIN.LEFT_OUTER, on=(getattr(model, f.name) == alias.id))
        selected.append(name_col.alias(f"{f.name}_name"))
    return query.select(*selected)


def display_rows(kind: str, query: ModelSelect, limit: int) -> list[dict[str, object]]:
    """Rows (as ``list_records`` gives them) of an arbitrary query over ``kind`` records."""
    spec = spec_for(kind)
    model = model_for(kind)
    return list(_with_reference_names(spec, model, query).limit(limit).dicts())


def count(kind: str, q: ListQuery | None = None, *, unit: units.UnitRef = None) -> int:
    return filtered_query(kind, q or ListQuery(), unit=unit).count()


def choices_for_ref(kind: str, *, unit: units.UnitRef = None) -> list[tuple[int, str]]:
    """(id, name) of the live records of ``unit`` a reference field may point to, for drop-downs."""
    model = model_for(kind)
    name = getattr(model, spec_for(kind).title_field)
    where = model.deleted_at.is_null()
    unit_id = units.scope_id(unit)
    if unit_id is not None:
        where = (model.unit_id == unit_id) & where
    query = model.select(model.id, name).where(where).order_by(name)
    return [(r.id, getattr(r, spec_for(kind).title_field)) for r in query]


@dataclass
class BinEntry:
    kind: str
    label: str
    record_id: int
    title: str
    deleted_at: dt.datetime


def recycle_bin(search: str = "", *, unit: units.UnitRef = None) -> list[BinEntry]:
    """Everything of ``unit`` in the 回收站, newest deletion first."""
    entries: list[BinEntry] = []
    for kind, model in RECORD_MODELS.items():
        spec = spec_for(kind)
        q = ListQuery(search=search, deleted=True)
        for record in filtered_query(kind, q, unit=unit).order_by(model.deleted_at.desc()):
            title = title_of(spec, record_values(record))
            entries.append(BinEntry(kind, spec.label, record.id, title, record.deleted_at))
    entries.sort(key=lambda e: e.deleted_at, reverse=True)
    return entries


# --------------------------------------------------------------------------------------------
# Import (the Excel 台账): many records of one kind, validated and audited one by one


def import_many(
    kind: str,
    rows: list[Mapping[str, object]],
    *,
    user: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    unit: units.UnitRef = None,
    cleaned: bool = False,
) -> list[int]:
    """Validate and save ``rows`` as new ``kind`` records of ``unit`` (default: the current unit)
    in one transaction; their ids. References name records of the same unit.

    Every record is checked by ``clean_record`` like a form's save and gets its own audit entry
    ("导入"). Any invalid row raises ``ValidationError`` and rolls the whole call back; a caller
    importing several kinds wraps the calls in one ``database.atomic()``. Rows are inserted in
    chunks (10,000 rows in well under a second). With ``cleaned`` the rows are ``clean_record``'s
    own output for this kind (the Excel import has just checked every cell): only their
    references are resolved again (a referenced record may have gone since).
    """
    spec = spec_for(kind)
    ids: list[int] = []
    now = _now()
    who = (user or audit.current_user())[:50]
    known: dict[tuple[str, object], int] = {}

    unit_id = units.write_unit_id(unit)

    def resolve_once(ref_kind: str, value: object) -> int:  # one query per distinct name
        key = (ref_kind, value if isinstance(value, int | str) else repr(value))
        if key not in known:
            known[key] = resolve_ref(ref_kind, value, unit_id)
        return known[key]

    refs = {f.name: f.ref for f in spec.all_fields if f.kind == "ref"}
    with database.atomic():
        for start in range(0, len(rows), IMPORT_CHUNK):
            batch = rows[start : start + IMPORT_CHUNK]
            if cleaned:
                chunk = [_resolved(refs, data, resolve_once) for data in batch]
            else:
                chunk = [clean_record(spec, data, resolve_ref=resolve_once) for data in batch]
            ids.extend(insert_cleaned(kind, chunk, unit_id=unit_id, action="导入", user=who, at=now))
            if on_progress is not None:
                on_progress(len(chunk))
    return ids


IMPORT_CHUNK = 500


def _resolved(refs: Mapping[str, str], values: Mapping[str, object], resolve: Callable[[str, object], int]) -> dict[str, object]:
    """Cleaned ``values`` with each reference (a name or an id) resolved to the id it names now."""
    out = dict(values)
    for name, ref_kind in refs.items():
        if out.get(name) is not None:
            try:
                out[name] = resolve(ref_kind, out[name])
            except FieldError as exc:
                raise ValidationError({name: str(exc)}, {name: spec_for(ref_kind).label}) from exc
    return out


# --------------------------------------------------------------------------------------------
# The one way a new record row is written


def insert_cleaned(
    kind: str,
    cleaned: Sequence[Mapping[str, object]],
    *,
    unit_id: int,
    stamps: Sequence[Mapping[str, object]] | None = None,
    action: str | None = None,
    user: str | None = None,
    at: dt.datetime | None = None,
) -> list[int]:
    """Insert new ``kind`` records of the unit ``unit_id``; their ids, in the order of ``cleaned``.

    The one way a record row is written: a form's 新增 (``create``), the Excel import
    (``import_many``), a package at the county (``services.packages``) and the demo data all
    come here. ``cleaned`` holds ``clean_record``'s values for this kind (references as ids):
    nothing is validated again. Each record gets a new ``uuid`` and ``at`` (default: now) as its
    times, unless ``stamps`` gives the row's own (a package's ``uuid``, ``created_at``,
    ``updated_at``, ``deleted_at``). With ``action`` (导入) every record gets its audit entry of
    ``user``; a caller that logs otherwise (a form's one entry, a package's entries, the demo's
    one line) leaves it out. Call inside the write's transaction: inside it nobody else inserts into the table
    on SQLite, and on a server the rows are found again by their uuids.
    """
    spec = spec_for(kind)
    model = model_for(kind)
    now = at or _now()
    rows = []
    for n, values in enumerate(cleaned):
        row = dict(to_columns(spec, values), created_at=now, updated_at=now, office=unit_id, uuid=new_uuid())
        if stamps is not None:
            row.update(stamps[n])
        rows.append(row)
    before = model.select(fn.MAX(model.id)).scalar() or 0
    insert_rows(model, rows)
    by_uuid = dict(model.select(model.uuid, model.id).where(model.id > before).tuples())
    try:
        ids = [by_uuid[row["uuid"]] for row in rows]
    except KeyError:
        raise RuntimeError("inserted records were not found again") from None  # rolls the write back
    if action is not None:
        who = (user or audit.current_user())[:50]
        audit.write_entries([
            audit.entry(action, spec, rid, title_of(spec, values), None, values, user=who, at=now, unit=unit_id)
            for rid, values in zip(ids, cleaned, strict=True)
        ])
    return ids
