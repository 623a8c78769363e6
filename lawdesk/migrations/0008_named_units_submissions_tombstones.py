"""Units named by their offices; 报送 (submissions) and tombstones of purged records.

- **No placeholder unit.** Until now a new database was given an unnamed unit 本单位 (0005), which
  then travelled in packages and showed at the county as an office of that name. From now on a
  new database has no unit until its first 单位设置 names it (``lawdesk.services.settings``). An
  existing 本单位 that is not the county:

  * gets the office's name when its unit profile gives one (单位简称, else the short name read
    from the 办事处/党工委 names, as 0005 did), kind 乡镇 for a name ending in 乡 or 镇;
  * is dropped when nothing belongs to it (no record, profile, narrative, attachment or report
    setting); its audit entries, if any, keep their history as the database's (unit NULL);
  * otherwise stays 本单位: a package of it is refused until its 单位设置 names it.

  A new database runs 0005 (which makes the placeholder) and then this (which drops it).

- ``submission`` (报送): an office has reported a period — a package covering it arrived, or on a
  shared server its clerk marked the year 已报送. Until now the county counted an office as
  having reported a year when any of its records was dated in it; for the offices whose
  packages were imported before this upgrade (the county keeps ``package_created_at@<uuid>``)
  that old rule is written down once as their submissions (source 数据包, user 升级), since
  which period each old package covered was not kept. Offices without a package get none.

- ``tombstone``: a record purged for good (kind, uuid, when), carried by packages so the county
  purges it too.

Portable: the same statements on SQLite and PostgreSQL (row security for the new tables is
0009's, on PostgreSQL only).
"""
import datetime
import re

from peewee import SQL, AutoField, CharField, DateField, DateTimeField, ForeignKeyField, Model, NodeList, Table

PLACEHOLDER = "本单位"
COUNTY_KIND = "县"
# table -> date field (frozen copy; migrations never import the models)
RECORD_TABLES = {
    "community": "established_on", "lecturer": "appointed_on", "meeting": "date",
    "study_session": "date", "lecture": "date", "supervision_visit": "date", "patrol": "date",
    "dispute": "received_date", "hotline_case": "received_date", "legal_review": "received_date",
    "legal_adviser_service": "date", "honor": "date",
}
ROSTERS = ("community", "lecturer")
PACKAGE_KEY = "package_created_at@"


class NeverReusedAutoField(AutoField):
    """Frozen copy of the models' id: AUTOINCREMENT on SQLite, SERIAL elsewhere (see 0003)."""

    def ddl(self, ctx):
        node = super().ddl(ctx)
        if (ctx.state.field_types or {}).get("AUTO") == "INTEGER":
            return NodeList((node, SQL("AUTOINCREMENT")))
        return node


def _tables(db):
    class Unit(Model):
        id = NeverReusedAutoField()

        class Meta:
            database = db
            table_name = "unit"

    class Submission(Model):
        id = NeverReusedAutoField()
        period_start = DateField()
        period_end = DateField()
        source = CharField(max_length=10)
        package_created_at = DateTimeField(null=True)
        at = DateTimeField()
        user = CharField(max_length=50)
        office = ForeignKeyField(Unit, column_name="unit_id", index=False)

        class Meta:
            database = db
            table_name = "submission"
            indexes = ((("office", "period_start", "period_end"), False),)

    class Tombstone(Model):
        id = NeverReusedAutoField()
        record_kind = CharField(max_length=30)
        uuid = CharField(max_length=36, unique=True)
        purged_at = DateTimeField()
        office = ForeignKeyField(Unit, column_name="unit_id", index=True)

        class Meta:
            database = db
            table_name = "tombstone"

    return Submission, Tombstone


# --------------------------------------------------------------------------------------------
# The placeholder unit


def office_name(profile):
    """The office's short name from its unit profile (a dict), or None (frozen from 0005)."""
    short = str(profile.get("unit_name") or "").strip()
    if short and short != PLACEHOLDER:
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
    return None


def office_kind(name, kind):
    if name.endswith(("乡", "镇")):
        return "乡镇"
    return "街道" if name.endswith("街道") else kind


def _exists(db, table, where, params):
    return db.execute_sql(f'SELECT 1 FROM "{table}" WHERE {where} LIMIT 1', params).fetchone() is not None


def _used(db, unit_id, unit_uuid):
    p = db.param
    for table in (*RECORD_TABLES, "unit_profile", "report_narrative", "attachment"):
        if _exists(db, table, f"unit_id = {p}", (unit_id,)):
            return True
    return _exists(db, "setting", f"key LIKE {p}", (f"%@{unit_uuid}",))


def _name_the_placeholders(db):
    p = db.param
    now = datetime.datetime.now().replace(microsecond=0)
    rows = db.execute_sql(f"SELECT id, uuid, kind FROM unit WHERE name = {p} AND kind <> {p}",
                          (PLACEHOLDER, COUNTY_KIND)).fetchall()
    columns = ("unit_name", "county_name", "party_organ", "government_organ")
    for unit_id, unit_uuid, kind in rows:
        found = db.execute_sql(f"SELECT {', '.join(columns)} FROM unit_profile WHERE unit_id = {p}",
                               (unit_id,)).fetchone()
        name = office_name(dict(zip(columns, found))) if found else None
        if name:
            db.execute_sql(f"UPDATE unit SET name = {p}, kind = {p}, updated_at = {p} WHERE id = {p}",
                           (name, office_kind(name, kind), now, unit_id))
        elif not _used(db, unit_id, unit_uuid):
            db.execute_sql(f"UPDATE audit_log SET unit_id = NULL WHERE unit_id = {p}", (unit_id,))
            db.execute_sql(f"DELETE FROM unit WHERE id = {p}", (unit_id,))


# --------------------------------------------------------------------------------------------
# Submissions of the offices whose packages came before this upgrade


def _years_with_records(db, unit_id):
    years = set()
    for table, column in RECORD_TABLES.items():
        if table in ROSTERS:
            continue
        t = Table(table, ("unit_id", column, "deleted_at")).bind(db)
        day = getattr(t, column)
        query = t.select(day).where((t.unit_id == unit_id) & t.deleted_at.is_null()).distinct()
        for (value,) in db.execute(query.tuples()).fetchall():
            if value is not None:
                years.add(int(str(value)[:4]))
    return sorted(years)


def _backfill_submissions(db):
    p = db.param
    now = datetime.datetime.now().replace(microsecond=0)
    keys = db.execute_sql(f"SELECT key, value FROM setting WHERE key LIKE {p}", (PACKAGE_KEY + "%",)).fetchall()
    for key, value in keys:
        found = db.execute_sql(f"SELECT id FROM unit WHERE uuid = {p}", (key[len(PACKAGE_KEY):],)).fetchone()
        if found is None:
            continue
        stamp = None
        try:
            stamp = datetime.datetime.fromisoformat(str(value).strip('"'))
        except ValueError:
            pass
        for year in _years_with_records(db, found[0]):
            db.execute_sql(
                "INSERT INTO submission (period_start, period_end, source, package_created_at, at, \"user\", unit_id) "
                f"VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})",
                (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "数据包", stamp, now, "升级", found[0]),
            )


def up(migrator, db):
    db.create_tables(_tables(db))
    _name_the_placeholders(db)
    _backfill_submissions(db)


def down(migrator, db):
    db.drop_tables(_tables(db))
