"""Units (offices) and UUIDs: the ``unit`` table, ``unit_id`` and ``uuid`` on the rows.

A county database holds the records of several offices (街道/乡镇), and records travel between
databases (offline packages, the county server), so:

- a new table ``unit`` (id, uuid, name, kind, code, db_role, created_at, updated_at);
- every record table gets ``uuid`` (unique, not null) and ``unit_id`` (the office, not null,
  indexed together with ``deleted_at`` and the record's date field);
- ``unit_profile`` (unique ``unit_id``), ``report_narrative`` (unique per unit, year and
  section instead of per year and section), ``attachment`` get ``unit_id`` (not null) and
  ``audit_log`` gets ``unit_id`` (null: an entry written by the county, not by an office).

An existing database becomes the database of one unit, named from its unit profile (单位简称,
else the office's short name read from the 办事处/党工委 names, else 本单位), kind 街道 (乡镇
when the name ends in 乡 or 镇). Every existing row gets that unit and its own UUID (uuid4,
generated here, portable: no database function). A database without a unit gets one too: an
office database always has its own unit.

The settings of the office's report (its 版式 profile, wording options, outline, the chosen
suggestions of each year) become settings of that unit, stored as ``<key>@<unit uuid>``.

Columns are added nullable through the migrator, filled, then made NOT NULL: on PostgreSQL with
``ALTER COLUMN … SET NOT NULL`` (the migrator), on SQLite (which cannot add NOT NULL to a
column) by rebuilding each table once, the documented way (new table, copy, drop, rename,
indexes) with foreign keys off (the runner turns them off around a migration on SQLite) and
each table's AUTOINCREMENT counter kept (ids are never reused, see 0003).
"""
import datetime
import re
import uuid

from peewee import (
    SQL, AutoField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, NodeList,
    SqliteDatabase, Table,
)

# table -> date field (frozen copy; migrations never import the models)
RECORD_TABLES = {
    "community": "established_on", "lecturer": "appointed_on", "meeting": "date",
    "study_session": "date", "lecture": "date", "supervision_visit": "date", "patrol": "date",
    "dispute": "received_date", "hotline_case": "received_date", "legal_review": "received_date",
    "legal_adviser_service": "date", "honor": "date",
}
NOT_NULL_UNIT_TABLES = ("unit_profile", "report_narrative", "attachment")
# settings of the office's report, stored per unit from now on as "<key>@<unit uuid>"
UNIT_SETTING_KEYS = ("report_profile", "report_options", "report_outline")
UNIT_SETTING_PREFIXES = ("report_suggestions_",)
DEFAULT_NAME = "本单位"


class NeverReusedAutoField(AutoField):
    """Frozen copy of the models' id: AUTOINCREMENT on SQLite, SERIAL elsewhere (see 0003)."""

    def ddl(self, ctx):
        node = super().ddl(ctx)
        if (ctx.state.field_types or {}).get("AUTO") == "INTEGER":
            return NodeList((node, SQL("AUTOINCREMENT")))
        return node


def _unit_model(db):
    class Unit(Model):
        id = NeverReusedAutoField()
        uuid = CharField(max_length=36, unique=True)
        name = CharField(max_length=100)
        kind = CharField(max_length=10)
        code = CharField(max_length=30, null=True, unique=True)
        db_role = CharField(max_length=63, null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            database = db
            table_name = "unit"

    return Unit


def office_name(profile):
    """The unit's short name from a unit profile row (a dict), or ``本单位``.

    单位简称 when filled in; else the 办事处 (or 党工委) name without 中共, the county in front
    and the organ at the end (“新县金兰山街道办事处” → 金兰山街道), when what is left is the
    name of a 街道, 乡 or 镇.
    """
    profile = profile or {}
    short = str(profile.get("unit_name") or "").strip()
    if short:
        return short[:100]
    county = re.sub(r"\s+", "", str(profile.get("county_name") or ""))
    for key, suffixes in (("government_organ", ("人民政府", "办事处")), ("party_organ", ("工作委员会", "党工委", "委员会"))):
        text = re.sub(r"\s+", "", str(profile.get(key) or ""))
        if text.startswith("中共"):
            text = text[2:]
        for suffix in suffixes:
            if text.endswith(suffix):
                text = text[: -len(suffix)]
                break
        if county and text.startswith(county):
            text = text[len(county):]
        else:
            text = re.sub(r"^[\u4e00-\u9fff]{1,5}?[县区市](?=[\u4e00-\u9fff]{2,}$)", "", text)
        if re.fullmatch(r"[\u4e00-\u9fff]{1,20}(?:街道|乡|镇)", text) and len(text) >= 2:
            return text
    return DEFAULT_NAME


def office_kind(name):
    return "乡镇" if name.endswith(("乡", "镇")) else "街道"


def _ensure_unit(db, unit):
    """The id of the database's own unit, made from the unit profile when there is none."""
    row = db.execute(unit.select(unit.id).order_by(unit.id).limit(1).tuples()).fetchone()
    if row is not None:
        return row[0]
    columns = ("unit_name", "county_name", "party_organ", "government_organ")
    profile = Table("unit_profile", ("id",) + columns).bind(db)
    found = db.execute(
        profile.select(*[getattr(profile, c) for c in columns]).order_by(profile.id).limit(1).tuples()
    ).fetchone()
    values = dict(zip(columns, found)) if found else {}
    name = office_name(values)
    now = datetime.datetime.now().replace(microsecond=0)
    db.execute(unit.insert(uuid=str(uuid.uuid4()), name=name, kind=office_kind(name), created_at=now,
                           updated_at=now))
    row = db.execute(unit.select(unit.id).order_by(unit.id).limit(1).tuples()).fetchone()
    return row[0] if row else None


def _fill(db, table, unit_id, with_uuid):
    t = Table(table, ("id", "uuid", "unit_id")).bind(db)
    if unit_id is not None:
        db.execute(t.update(unit_id=unit_id).where(t.unit_id.is_null()))
    if with_uuid:
        ids = [r[0] for r in db.execute(t.select(t.id).where(t.uuid.is_null()).tuples()).fetchall()]
        sql = f'UPDATE "{table}" SET "uuid" = {db.param} WHERE "id" = {db.param}'
        for start in range(0, len(ids), 1000):
            db.cursor().executemany(sql, [(str(uuid.uuid4()), rid) for rid in ids[start : start + 1000]])


def _settings_of_the_unit(db, unit, unit_id):
    """The office's report settings become the settings of its unit."""
    row = db.execute(unit.select(unit.uuid).where(unit.id == unit_id).tuples()).fetchone()
    if row is None:
        return
    setting = Table("setting", ("id", "key")).bind(db)
    for rid, key in db.execute(setting.select(setting.id, setting.key).tuples()).fetchall():
        if "@" not in key and (key in UNIT_SETTING_KEYS or key.startswith(UNIT_SETTING_PREFIXES)):
            db.execute(setting.update(key=f"{key}@{row[0]}").where(setting.id == rid))


def _unit_column(migrator, db, unit, table, *, null=False):
    """Add ``unit_id`` (nullable for now) referencing ``unit``; no duplicate constraint anywhere."""
    if isinstance(db, SqliteDatabase):  # SQLite adds the REFERENCES clause with the column
        field = ForeignKeyField(unit, field=unit.id, null=True, index=False, column_name="unit_id")
        return [migrator.add_column(table, "unit_id", field)]
    return [
        migrator.add_column(table, "unit_id", IntegerField(null=True)),
        migrator.add_foreign_key_constraint(table, "unit_id", "unit", "id"),
    ]


# --------------------------------------------------------------------------------------------
# SQLite: NOT NULL by rebuilding the table once


def _sqlite_make_not_null(db, table, columns):
    sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()[0]
    create = sql
    for column in columns:
        pattern = re.compile(r'("%s"\s+(?:VARCHAR\(\d+\)|INTEGER)(?:\s+REFERENCES\s+"\w+"\s*\("\w+"\))?)(?!\s+NOT NULL)'
                             % re.escape(column), re.I)
        create, n = pattern.subn(r"\1 NOT NULL", create, count=1)
        if n != 1:
            raise RuntimeError(f"cannot find column {table}.{column} to make it NOT NULL")
    new = f"_new_{table}"
    create = re.sub(r'^CREATE TABLE\s+"?' + re.escape(table) + '"?', f'CREATE TABLE "{new}"', create, count=1)
    indexes = [r[0] for r in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name=? AND sql IS NOT NULL", (table,))]
    has_sequence = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='sqlite_sequence'").fetchone() is not None
    seq = None
    if has_sequence:
        row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name=?", (table,)).fetchone()
        seq = row[0] if row else None
    db.execute_sql(create)
    db.execute_sql(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
    db.execute_sql(f'DROP TABLE "{table}"')
    db.execute_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for index in indexes:
        db.execute_sql(index)
    if seq is not None:  # the counter of ids ever handed out, not only the highest id left
        db.execute_sql("UPDATE sqlite_sequence SET seq=? WHERE name=? AND seq<?", (seq, table, seq))
        if db.execute_sql("SELECT 1 FROM sqlite_sequence WHERE name=?", (table,)).fetchone() is None:
            db.execute_sql("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", (table, seq))


def _not_null(migrator, db, table, columns):
    if isinstance(db, SqliteDatabase):
        _sqlite_make_not_null(db, table, columns)
    else:
        migrator.migrate(*[migrator.add_not_null(table, column) for column in columns])


# --------------------------------------------------------------------------------------------


def up(migrator, db):
    sqlite = isinstance(db, SqliteDatabase)
    had_statistics = sqlite and "sqlite_stat1" in db.get_tables()
    unit = _unit_model(db)
    db.create_tables([unit])
    unit_id = _ensure_unit(db, unit)

    for table in RECORD_TABLES:
        migrator.migrate(
            migrator.add_column(table, "uuid", CharField(max_length=36, null=True)),
            *_unit_column(migrator, db, unit, table),
        )
    for table in NOT_NULL_UNIT_TABLES + ("audit_log",):
        migrator.migrate(*_unit_column(migrator, db, unit, table))

    for table in RECORD_TABLES:
        _fill(db, table, unit_id, with_uuid=True)
    for table in NOT_NULL_UNIT_TABLES + ("audit_log",):
        _fill(db, table, unit_id, with_uuid=False)
    if unit_id is not None:
        _settings_of_the_unit(db, unit, unit_id)

    for table in RECORD_TABLES:
        _not_null(migrator, db, table, ("uuid", "unit_id"))
    for table in NOT_NULL_UNIT_TABLES:
        _not_null(migrator, db, table, ("unit_id",))

    operations = []
    for table, date_field in RECORD_TABLES.items():
        operations.append(migrator.add_index(table, ("uuid",), True))
        operations.append(migrator.add_index(table, ("unit_id", "deleted_at", date_field), False))
    operations.append(migrator.add_index("unit_profile", ("unit_id",), True))
    for index in db.get_indexes("report_narrative"):  # unique per year and section: per unit now
        if index.unique and list(index.columns) == ["year", "section"]:
            operations.append(migrator.drop_index("report_narrative", index.name))
    operations.append(migrator.add_index("report_narrative", ("unit_id", "year", "section"), True))
    operations.append(migrator.add_index("attachment", ("unit_id",), False))
    operations.append(migrator.add_index("audit_log", ("unit_id",), False))
    migrator.migrate(*operations)

    if sqlite:
        problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed after adding units: {problems[:5]}")
        if had_statistics:  # the rebuilt tables lost their planner statistics: gather them again
            db.execute_sql("ANALYZE")


def down(migrator, db):
    setting = Table("setting", ("id", "key")).bind(db)
    for rid, key in db.execute(setting.select(setting.id, setting.key).tuples()).fetchall():
        plain = key.split("@", 1)[0]
        if plain != key and (plain in UNIT_SETTING_KEYS or plain.startswith(UNIT_SETTING_PREFIXES)):
            db.execute(setting.update(key=plain).where(setting.id == rid))  # one unit's settings
    sqlite = isinstance(db, SqliteDatabase)
    extra = {"legacy": True} if sqlite else {}  # SQLite cannot drop a column that references

    operations = [
        migrator.drop_index("report_narrative", "report_narrative_unit_id_year_section"),
        migrator.add_index("report_narrative", ("year", "section"), True),
        migrator.drop_index("unit_profile", "unit_profile_unit_id"),
        migrator.drop_index("attachment", "attachment_unit_id"),
        migrator.drop_index("audit_log", "audit_log_unit_id"),
    ]
    for table, date_field in RECORD_TABLES.items():
        operations.append(migrator.drop_index(table, f"{table}_uuid"))
        operations.append(migrator.drop_index(table, f"{table}_unit_id_deleted_at_{date_field}"))
        operations.append(migrator.drop_column(table, "uuid"))
        operations.append(migrator.drop_column(table, "unit_id", **extra))
    for table in NOT_NULL_UNIT_TABLES + ("audit_log",):
        operations.append(migrator.drop_column(table, "unit_id", **extra))
    operations.append(migrator.drop_table("unit"))
    migrator.migrate(*operations)
