"""Ids are never reused (SQLite AUTOINCREMENT); a dispute's 身份证号 and 联系电话 (personal data).

Without AUTOINCREMENT SQLite hands out max(id)+1, so purging the record with the highest id
freed that id and the next record inherited the purged one's audit history and evidence
folder. SQLite cannot add AUTOINCREMENT to a table, so each table is rebuilt the documented
way (new table, copy, drop, rename, indexes), with foreign keys off (the migrator turns them
off around this migration; dropping ``community`` must not SET NULL its references). Each
record table's counter starts above every id its audit log and evidence files have ever named,
so ids freed before this upgrade are not handed out again either.

On PostgreSQL (a county's shared server) SERIAL/identity columns never reuse ids: only the
new columns are added.
"""
import re

from peewee import CharField, SqliteDatabase

# table -> record kind in the audit log (frozen copy; migrations never import the models)
RECORD_TABLES = {
    "community": "community", "lecturer": "lecturer", "meeting": "meeting",
    "study_session": "study", "lecture": "lecture", "supervision_visit": "supervision",
    "patrol": "patrol", "dispute": "dispute", "hotline_case": "hotline",
    "legal_review": "review", "legal_adviser_service": "adviser", "honor": "honor",
}
_ID_COLUMN = re.compile(r'("id"\s+INTEGER\s+NOT\s+NULL\s+PRIMARY\s+KEY)(?!\s+AUTOINCREMENT)', re.I)


def _rebuild_with_autoincrement(db, table):
    sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()[0]
    if "AUTOINCREMENT" in sql.upper() or not _ID_COLUMN.search(sql):
        return
    new = f"_new_{table}"
    create = _ID_COLUMN.sub(r"\1 AUTOINCREMENT", sql, count=1)
    create = re.sub(r'^CREATE TABLE\s+"?' + re.escape(table) + '"?', f'CREATE TABLE "{new}"', create, count=1)
    indexes = [r[0] for r in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name=? AND sql IS NOT NULL", (table,))]
    db.execute_sql(create)
    db.execute_sql(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
    db.execute_sql(f'DROP TABLE "{table}"')
    db.execute_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for index in indexes:
        db.execute_sql(index)


def _highest_id_ever(db, table, kind):
    found = [db.execute_sql(f'SELECT max(id) FROM "{table}"').fetchone()[0]]
    found.append(db.execute_sql("SELECT max(record_id) FROM audit_log WHERE record_kind=?", (kind,)).fetchone()[0])
    found.append(db.execute_sql("SELECT max(record_id) FROM attachment WHERE record_kind=?", (kind,)).fetchone()[0])
    return max((n for n in found if n is not None), default=0)


def _seed_counter(db, table, value):
    if not value:
        return
    row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name=?", (table,)).fetchone()
    if row is None:
        db.execute_sql("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", (table, value))
    elif row[0] < value:
        db.execute_sql("UPDATE sqlite_sequence SET seq=? WHERE name=?", (value, table))


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        tables = [r[0] for r in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'schema_migration' ORDER BY name")]
        for table in tables:
            _rebuild_with_autoincrement(db, table)
        for table, kind in RECORD_TABLES.items():
            if table in tables:
                _seed_counter(db, table, _highest_id_ever(db, table, kind))
        problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed after rebuilding tables: {problems[:5]}")
    migrator.migrate(
        migrator.add_column("dispute", "party_id_number", CharField(max_length=18, null=True)),
        migrator.add_column("dispute", "party_phone", CharField(max_length=30, null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("dispute", "party_id_number"),
        migrator.drop_column("dispute", "party_phone"),
    )
