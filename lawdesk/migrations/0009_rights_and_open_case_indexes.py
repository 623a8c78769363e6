"""References stay within their unit; sequences USAGE only; no TEMP; row security of 0008's tables;
the cases still open at a period's end read from an index.

On both engines:

- a unique index on ``(unit_id, id)`` of the two referenced rosters (community, lecturer), so a
  reference can name its unit as well as its row;
- the closing-day indexes of disputes and hotline cases (0007) carry the receiving day too (and
  a hotline case's due day), then the unit (``<table>_open_cases``, ``<table>_open_cases_by_unit``): the figures of the cases still open at the end
  of a period (received by then, closed later or not yet) are counted in two index ranges,
  ``closed_date IS NULL`` and ``closed_date > end`` (``services.stats``), read from the index
  alone — every year's open cases, not the rows of one year (benchmarks/county_bench.py: 270 →
  45 ms for the disputes of 20 offices' 2,000,000 records).

On PostgreSQL (a shared server, where row-level security decides who sees what; an SQLite file
is one office's, and the services keep references within a unit there):

- **References within the unit.** A foreign key is checked by PostgreSQL without row security, so
  an office could point its own lecture at another office's 宣讲员 (learning which ids exist),
  and that office's deletion of the 宣讲员 then changed the first office's row (``ON DELETE SET
  NULL``). Every reference (所属社区 on ten record tables, 宣讲员 on 宣讲) now references
  ``(unit_id, id)`` — ``FOREIGN KEY (unit_id, community_id) REFERENCES community (unit_id, id)``
  — so it can only name a row of the writer's own unit (whose ``unit_id`` row security already
  fixes), and the answer is the same whether another unit has that id or not. ``ON DELETE SET
  NULL`` goes: a ``BEFORE DELETE`` trigger on the roster clears the references of the same unit
  under the deleting role's own rights (it never reaches another unit's row; a trigger rather
  than ``SET NULL (column)``, which needs PostgreSQL 15). References that already pointed into
  another unit (never made by lawdesk) are cleared first; the constraint could not hold them.
- **Sequences: USAGE only.** SELECT on a sequence showed ``last_value``: how many rows every
  office together ever added. ``nextval`` (USAGE) is all an INSERT needs.
- **No TEMP for PUBLIC** on this database: members cannot make temporary tables or functions
  (``pg_temp`` comes first in the search path).
- **An office renames its own unit.** Its 单位简称 names its unit (0008): an office may change
  the ``name`` and ``kind`` (and ``updated_at``) of its own unit row, nothing else of it and no
  other row (a column grant and an UPDATE policy on ``db_role = current_user``).
- ``submission`` and ``tombstone`` (0008) get row security like every table with ``unit_id``
  (0006): an office sees and adds only its own rows; the county reads every row and writes those
  of units not on the server (the offices whose packages it imports); members may SELECT and
  INSERT (a submission or a tombstone is never changed afterwards), the administrators
  everything.

The group roles are the ones 0006 gave this database's policies (``lawdesk_office`` …, or those
of the county's role prefix, ``lawdesk county init --role-prefix``), read from ``pg_policy``.
"""

from peewee import SqliteDatabase

ROSTERS = ("community", "lecturer")
# table -> (reference column, referenced table) (frozen copy; migrations never import the models)
REFERENCES = [
    (table, "community_id", "community")
    for table in ("study_session", "lecture", "meeting", "supervision_visit", "dispute", "patrol",
                  "hotline_case", "legal_review", "legal_adviser_service", "honor")
] + [("lecture", "lecturer_id", "lecturer")]
NEW_TABLES = ("submission", "tombstone")
# the indexes of 0007 and what replaces them (frozen copy of the models' indexes)
OPEN_CASE_INDEXES = {
    "dispute": ("received_date",),
    "hotline_case": ("received_date", "due_date"),
}
OFFLINE_UNITS = "(SELECT u.id FROM unit u WHERE u.db_role IS NULL)"
OWN_UNIT = "(SELECT u.id FROM unit u WHERE u.db_role = current_user)"


def _groups(db):
    """{policy name: group role} of the unit table's policies (made by 0006)."""
    rows = db.execute_sql(
        "SELECT p.polname, r.rolname FROM pg_policy p, unnest(p.polroles) AS g(oid) "
        "JOIN pg_roles r ON r.oid = g.oid WHERE p.polrelid = 'unit'::regclass"
    ).fetchall()
    found = dict(rows)
    defaults = {"lawdesk_office": "lawdesk_office", "lawdesk_county_read": "lawdesk_county",
                "lawdesk_admin": "lawdesk_admin"}
    return tuple(found.get(policy, role) for policy, role in defaults.items())


def _constraint_on(db, table, column):
    rows = db.execute_sql(
        "SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
        "AND a.attnum = ANY (c.conkey) WHERE c.contype = 'f' AND c.conrelid = %s::regclass AND a.attname = %s",
        (f'"{table}"', column),
    ).fetchall()
    return [r[0] for r in rows]


def _references(db):
    run = db.execute_sql
    for roster in ROSTERS:
        run(f'''CREATE OR REPLACE FUNCTION "lawdesk_clear_{roster}_references"() RETURNS trigger
            LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, public AS $$
            BEGIN
              {"".join(
                  f'UPDATE public."{t}" SET "{c}" = NULL WHERE unit_id = OLD.unit_id AND "{c}" = OLD.id; '
                  for t, c, r in REFERENCES if r == roster)}
              RETURN OLD;
            END $$''')
        run(f'REVOKE ALL ON FUNCTION "lawdesk_clear_{roster}_references"() FROM PUBLIC')
        run(f'CREATE TRIGGER "lawdesk_clear_references" BEFORE DELETE ON "{roster}" '
            f'FOR EACH ROW EXECUTE FUNCTION "lawdesk_clear_{roster}_references"()')
    for table, column, roster in REFERENCES:
        run(f'UPDATE "{table}" t SET "{column}" = NULL WHERE "{column}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM "{roster}" r WHERE r.id = t."{column}" AND r.unit_id = t.unit_id)')
        for name in _constraint_on(db, table, column):
            run(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        run(f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_{column}_same_unit" FOREIGN KEY (unit_id, "{column}") '
            f'REFERENCES "{roster}" (unit_id, id)')


def _policies(db, table, office, county, admin):
    run = db.execute_sql
    writable = f"unit_id IN {OFFLINE_UNITS}"
    own = f"unit_id = {OWN_UNIT}"
    run(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    run(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    run(f'CREATE POLICY lawdesk_admin ON "{table}" TO "{admin}" USING (true) WITH CHECK (true)')
    run(f'CREATE POLICY lawdesk_county_read ON "{table}" FOR SELECT TO "{county}" USING (true)')
    run(f'CREATE POLICY lawdesk_county_insert ON "{table}" FOR INSERT TO "{county}" WITH CHECK ({writable})')
    run(f'CREATE POLICY lawdesk_office ON "{table}" TO "{office}" USING ({own}) WITH CHECK ({own})')
    run(f'GRANT SELECT, INSERT ON "{table}" TO "{office}", "{county}"')
    run(f'GRANT ALL ON "{table}" TO "{admin}"')
    run(f'GRANT USAGE ON SEQUENCE "{table}_id_seq" TO "{office}", "{county}"')
    run(f'GRANT ALL ON SEQUENCE "{table}_id_seq" TO "{admin}"')


def _open_case_indexes(migrator, db, *, up):
    """0007's two closing-day indexes of each table, or the two that replace them (named: the
    columns would make a name longer than PostgreSQL's 63 characters)."""
    for table, also in OPEN_CASE_INDEXES.items():
        old = [("deleted_at", "closed_date"), ("unit_id", "deleted_at", "closed_date")]
        if up:
            migrator.migrate(*[migrator.drop_index(table, f"{table}_{'_'.join(c)}") for c in old])
            for name, columns in ((f"{table}_open_cases", ("deleted_at", "closed_date", *also, "unit_id")),
                                  (f"{table}_open_cases_by_unit", ("unit_id", "deleted_at", "closed_date", *also))):
                quoted = ", ".join(f'"{c}"' for c in columns)
                db.execute_sql(f'CREATE INDEX "{name}" ON "{table}" ({quoted})')
        else:
            for name in (f"{table}_open_cases", f"{table}_open_cases_by_unit"):
                db.execute_sql(f'DROP INDEX "{name}"')
            migrator.migrate(*[migrator.add_index(table, c, False) for c in old])


def up(migrator, db):
    migrator.migrate(*[migrator.add_index(t, ("unit_id", "id"), True) for t in ROSTERS])
    _open_case_indexes(migrator, db, up=True)
    if isinstance(db, SqliteDatabase):
        return
    office, county, admin = _groups(db)
    _references(db)
    for table in NEW_TABLES:
        _policies(db, table, office, county, admin)
    db.execute_sql(f'CREATE POLICY lawdesk_office_rename ON unit FOR UPDATE TO "{office}" '
                   "USING (db_role = current_user) WITH CHECK (db_role = current_user)")
    db.execute_sql(f'GRANT UPDATE (name, kind, updated_at) ON unit TO "{office}"')
    db.execute_sql(f'REVOKE SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public FROM "{office}", "{county}"')
    row = db.execute_sql("SELECT current_database()").fetchone()
    if row is not None:
        db.execute_sql(f'REVOKE TEMPORARY ON DATABASE "{row[0]}" FROM PUBLIC')
        db.execute_sql(f'REVOKE TEMPORARY ON DATABASE "{row[0]}" FROM "{office}", "{county}"')


def down(migrator, db):
    if not isinstance(db, SqliteDatabase):
        office, county, _admin = _groups(db)
        run = db.execute_sql
        name = run("SELECT current_database()").fetchone()[0]
        run(f'GRANT TEMPORARY ON DATABASE "{name}" TO PUBLIC')
        run(f'GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO "{office}", "{county}"')
        run(f'REVOKE UPDATE (name, kind, updated_at) ON unit FROM "{office}"')
        run("DROP POLICY lawdesk_office_rename ON unit")
        for table in NEW_TABLES:
            for (policy,) in run("SELECT polname FROM pg_policy WHERE polrelid = %s::regclass", (table,)).fetchall():
                run(f'DROP POLICY "{policy}" ON "{table}"')
        for table, column, roster in REFERENCES:
            run(f'ALTER TABLE "{table}" DROP CONSTRAINT "{table}_{column}_same_unit"')
            run(f'ALTER TABLE "{table}" ADD FOREIGN KEY ("{column}") REFERENCES "{roster}" (id) ON DELETE SET NULL')
        for roster in ROSTERS:
            run(f'DROP TRIGGER "lawdesk_clear_references" ON "{roster}"')
            run(f'DROP FUNCTION "lawdesk_clear_{roster}_references"()')
    _open_case_indexes(migrator, db, up=False)
    migrator.migrate(*[migrator.drop_index(t, f"{t}_unit_id_id") for t in ROSTERS])
