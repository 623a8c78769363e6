"""The database tables (peewee models), built from the record descriptions in ``lawdesk.schema``.

Models hold no queries: reading and writing go through ``lawdesk.services`` (``insert_rows``
is only the mechanics of writing many rows at once, for the services). The database is
``lawdesk.connection.database``, a ``DatabaseProxy`` that ``lawdesk.db`` binds to whatever
database it opens (a file, or a county's PostgreSQL server). Only portable field types are used
(no SQLite-only SQL).

Units (offices): every record, the unit profile, the report narratives, the attachments and the
audit log carry ``unit_id``, the office (``Unit``) the row belongs to, and every record has a
``uuid`` that stays the same wherever the record travels (offline packages, the county server).
The foreign key is the attribute ``office`` (column and id accessor ``unit_id``) because the
宣讲员 record already has a data field named ``unit`` (the lecturer's 工作单位). Query with
``Model.unit_id == unit_id``; it works on every table.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib

# first, so that peewee is imported without its PostgreSQL driver (see lawdesk._peewee)
from lawdesk import _peewee  # noqa: F401

# isort: split
from peewee import (
    SQL,
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    Field,
    ForeignKeyField,
    IntegerField,
    Model,
    ModelIndex,
    NodeList,
    TextField,
    __exception_wrapper__,
)

from lawdesk.connection import current_unit_id, database
from lawdesk.schema import RECORD_SPECS, UNIT_PROFILE, FieldSpec, RecordSpec


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class NeverReusedAutoField(AutoField):
    """An id that is never handed out again, even after the row with the highest id is purged.

    On SQLite (whose AUTO type is INTEGER, the rowid) this adds AUTOINCREMENT; PostgreSQL's
    SERIAL and MySQL's AUTO_INCREMENT never reuse ids by themselves (portable models).
    """

    def ddl(self, ctx):  # type: ignore[no-untyped-def]
        node = super().ddl(ctx)
        field_types = ctx.state.field_types or {}
        if field_types.get("AUTO") == "INTEGER":
            return NodeList((node, SQL("AUTOINCREMENT")))
        return node


class BaseModel(Model):
    id = NeverReusedAutoField()

    class Meta:
        database = database
        legacy_table_names = False


def new_uuid() -> str:
    """A new random UUID as text (36 characters): the identity of a row across databases."""
    return str(uuidlib.uuid4())


class Unit(BaseModel):
    """An office (单位): a 街道/乡镇, or the county (县) in a county database."""

    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    name = CharField(max_length=100)
    kind = CharField(max_length=10, default="街道")  # 街道 | 乡镇 | 县
    code = CharField(max_length=30, null=True, unique=True)  # ascii, used in role names
    db_role = CharField(max_length=63, null=True)  # the office's PostgreSQL role (shared mode)
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)


def _unit_field(*, null: bool = False, index: bool = False, unique: bool = False) -> ForeignKeyField:
    return ForeignKeyField(
        Unit, column_name="unit_id", null=null, index=index, unique=unique, backref="+",
        default=current_unit_id,  # only for rows made without naming their unit: the services name it
    )  # fmt: skip


class RecordModel(BaseModel):
    """Base of every record type: identity, office, timestamps and the 回收站 mark."""

    uuid = CharField(max_length=36, unique=True, default=new_uuid)
    office = _unit_field()  # indexed together with deleted_at and the date field
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True, index=True)

    spec: RecordSpec  # set on each generated subclass


def _field_for(spec: RecordSpec, f: FieldSpec, models: dict[str, type[Model]]) -> Field:
    """The peewee field that stores ``f``."""
    null = not f.required
    # the roster's date keeps its own index; a work record's date is indexed only together with
    # deleted_at (and unit_id): a date-only index misled PostgreSQL (migration 0007)
    indexed = f.name == spec.date_field and spec.kind in ("community", "lecturer")
    if f.kind in ("text", "choice"):
        return CharField(max_length=f.max_length if f.kind == "text" else 60, null=null)
    if f.kind == "tags":
        return CharField(max_length=500, null=True)
    if f.kind == "longtext":
        return TextField(null=True)
    if f.kind == "date":
        return DateField(null=null, index=indexed)
    if f.kind == "int":
        return IntegerField(null=True)
    if f.kind == "decimal":
        return DecimalField(max_digits=10, decimal_places=2, null=True, auto_round=True)
    if f.kind == "bool":
        return BooleanField(default=bool(f.default))
    if f.kind == "ref":
        return ForeignKeyField(models[f.ref], null=True, on_delete="SET NULL", column_name=f"{f.name}_id")
    raise ValueError(f"unknown field kind {f.kind!r}")


def _build_record_model(spec: RecordSpec, models: dict[str, type[Model]]) -> type[RecordModel]:
    attrs: dict[str, object] = {f.name: _field_for(spec, f, models) for f in spec.all_fields}
    attrs["spec"] = spec
    attrs["__module__"] = __name__
    attrs["__doc__"] = f"{spec.label}：{spec.description}"
    indexes: tuple = ((("deleted_at", spec.date_field), False),)
    if spec.kind not in ("dispute", "hotline"):  # theirs carry the figures' columns: see below
        indexes += ((("office", "deleted_at", spec.date_field), False),)
    if spec.kind in ("community", "lecturer"):  # referenced as (unit_id, id): see migration 0009
        indexes += ((("office", "id"), True),)
    attrs["Meta"] = type("Meta", (), {"indexes": indexes})
    model = type(spec.model_name, (RecordModel,), attrs)
    if spec.kind in ("dispute", "hotline"):  # figures by the closing day, open cases (0007, 0009, 0016)
        table = model._meta.table_name  # noqa: SLF001
        also = ("received_date", "due_date") if spec.kind == "hotline" else ("received_date",)
        # an office's figures read these columns from its indexes alone (0016)
        counted = ("channel",) if spec.kind == "hotline" else ("status", "closed_date", "dispute_type", "mediator_org")
        closed = ("channel", "feedback") if spec.kind == "hotline" else ("status",)
        for name, columns in ((f"{table}_open_cases", ("deleted_at", "closed_date", *also, "office")),
                              (f"{table}_open_cases_by_unit", ("office", "deleted_at", "closed_date", *also, *closed)),
                              (f"{table}_figures_by_unit", ("office", "deleted_at", "received_date", *counted))):
            fields = [model._meta.combined[c] for c in columns]  # noqa: SLF001
            model._meta.indexes.append(ModelIndex(model, fields, name=name))  # noqa: SLF001
    return model


def _build_record_models() -> dict[str, type[RecordModel]]:
    models: dict[str, type[RecordModel]] = {}
    # Referenced types first (community and lecturer are referenced by others).
    ordered = sorted(RECORD_SPECS, key=lambda s: s.kind not in ("community", "lecturer"))
    for spec in ordered:
        models[spec.kind] = _build_record_model(spec, models)
    return models


RECORD_MODELS: dict[str, type[RecordModel]] = _build_record_models()
Community = RECORD_MODELS["community"]
Lecturer = RECORD_MODELS["lecturer"]
Meeting = RECORD_MODELS["meeting"]
StudySession = RECORD_MODELS["study"]
Lecture = RECORD_MODELS["lecture"]
SupervisionVisit = RECORD_MODELS["supervision"]
Patrol = RECORD_MODELS["patrol"]
Dispute = RECORD_MODELS["dispute"]
HotlineCase = RECORD_MODELS["hotline"]
LegalReview = RECORD_MODELS["review"]
LegalAdviserService = RECORD_MODELS["adviser"]
Honor = RECORD_MODELS["honor"]


def _build_unit_profile() -> type[BaseModel]:
    attrs: dict[str, object] = {"__module__": __name__}
    for f in UNIT_PROFILE.fields:
        if f.kind == "int":
            attrs[f.name] = IntegerField(default=f.default or 0)
        elif f.kind == "longtext":
            attrs[f.name] = TextField(null=True)
        else:
            attrs[f.name] = CharField(max_length=500 if f.kind == "tags" else f.max_length, null=True)
    attrs["updated_at"] = DateTimeField(default=_now)
    attrs["office"] = _unit_field(unique=True)
    attrs["__doc__"] = "单位设置：发文机关、文号、签发人、主送抄送等（每个单位一行）。"
    return type("UnitProfile", (BaseModel,), attrs)


UnitProfile = _build_unit_profile()


class Setting(BaseModel):
    """Key/value settings stored as JSON text (the report profile, the clerk's name …)."""

    key = CharField(max_length=100, unique=True)
    value = TextField()


class ReportNarrative(BaseModel):
    """The clerk's text of one report section for one year, with figure placeholders."""

    year = IntegerField()
    section = CharField(max_length=50)
    text = TextField()
    updated_at = DateTimeField(default=_now)
    office = _unit_field()

    class Meta:
        indexes = ((("office", "year", "section"), True),)


class Attachment(BaseModel):
    """An evidence file (照片, 签到表, 会议纪要) copied into the data folder for one record."""

    record_kind = CharField(max_length=30)
    record_id = IntegerField()
    category = CharField(max_length=30)
    original_name = CharField(max_length=255)
    stored_name = CharField(max_length=255)
    size = IntegerField(default=0)
    added_at = DateTimeField(default=_now)
    office = _unit_field(index=True)

    class Meta:
        indexes = ((("record_kind", "record_id"), False),)


class AuditLog(BaseModel):
    """Every write: who, when, which record, and the values before and after (JSON)."""

    at = DateTimeField(default=_now, index=True)
    user = CharField(max_length=50)
    action = CharField(max_length=20)
    record_kind = CharField(max_length=30)
    record_id = IntegerField(null=True)
    summary = CharField(max_length=300)
    old_values = TextField(null=True)
    new_values = TextField(null=True)
    office = _unit_field(null=True, index=True)  # None: written by the county, not an office


class Submission(BaseModel):
    """报送: an office has reported a period to the county — a package covering it arrived
    (``source`` 数据包, with the package's ``created_at``), or on a shared server the office's
    clerk marked it 已报送 (``source`` 标记). See ``lawdesk.services.submissions``."""

    period_start = DateField()
    period_end = DateField()
    source = CharField(max_length=10)
    package_created_at = DateTimeField(null=True)
    at = DateTimeField(default=_now)
    user = CharField(max_length=50)
    office = _unit_field()

    class Meta:
        indexes = ((("office", "period_start", "period_end"), False),)


class Tombstone(BaseModel):
    """A record purged for good (彻底删除): kind, uuid and when, with no other value of it.

    Packages carry an office's tombstones so the county purges the record too, and an older
    package that still holds the record does not bring it back (``lawdesk.services.tombstones``).
    """

    record_kind = CharField(max_length=30)
    uuid = CharField(max_length=36, unique=True)
    purged_at = DateTimeField(default=_now)
    office = _unit_field(index=True)


OTHER_MODELS: tuple[type[BaseModel], ...] = (
    Unit,
    UnitProfile,
    Setting,
    ReportNarrative,
    Attachment,
    AuditLog,
    Submission,
    Tombstone,
)
ALL_MODELS: tuple[type[BaseModel], ...] = tuple(RECORD_MODELS.values()) + OTHER_MODELS


def model_for(kind: str) -> type[RecordModel]:
    """The model of record type ``kind``."""
    try:
        return RECORD_MODELS[kind]
    except KeyError:
        raise KeyError(f"未知的记录类型：{kind}") from None


def insert_rows(model: type[Model], rows: list[dict[str, object]]) -> None:
    """INSERT ``rows`` (field or column name → value) with one prepared single-row statement run
    for every row (``executemany``: the driver sends the statement once — psycopg in pipeline
    mode). The one way many rows are written (records through ``services.records.insert_cleaned``,
    audit entries through ``services.audit.write_entries``).

    Much faster than ``insert_many``, whose SQL for many rows peewee composes value by value and
    psycopg parses anew each time (a 10,000-record package: ~12 s of client time on PostgreSQL).
    Portable: a plain INSERT with the engine's own placeholder; fields left out of a row get
    their model default, as ``insert_many`` would give them.
    """
    if not rows:
        return
    meta = model._meta  # noqa: SLF001 - peewee's field maps
    db = meta.database
    names = {name for row in rows for name in row}  # field names, or column names (community_id)
    fields = [f for f in meta.sorted_fields
              if not f.primary_key and (f.name in names or f.column_name in names or f.default is not None)]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([db.param] * len(fields))
    sql = f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({marks})'
    missing = object()

    def value(f: Field, row: dict[str, object]) -> object:
        given = row.get(f.name, row.get(f.column_name, missing))
        if given is missing:
            given = f.default() if callable(f.default) else f.default
        return f.db_value(given)

    params = [tuple(value(f, row) for f in fields) for row in rows]
    with __exception_wrapper__:
        db.cursor().executemany(sql, params)
