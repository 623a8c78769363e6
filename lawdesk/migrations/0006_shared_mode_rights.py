"""Rights in shared mode (one PostgreSQL database for the whole county): row-level security.

On SQLite this migration does nothing: an office database is one office's file, and its rights
are the rights on the file. On PostgreSQL every office of the county connects with its own login
role, and PostgreSQL itself (not the program) decides which rows that role may see and write:

- group roles (NOLOGIN, made here when missing; cluster-wide, so made once per server):
  ``lawdesk_office`` (every office's login role is a member), ``lawdesk_county`` (the county's
  login roles) and ``lawdesk_admin`` (the administrators: the role that runs this migration is
  made a member unless it is a superuser, who bypasses row security anyway). Making them needs
  CREATEROLE (or a superuser); an administrator without it makes the three roles beforehand;
- every table with ``unit_id`` (the 12 record tables, unit_profile, report_narrative,
  attachment, audit_log) has row level security ENABLEd and FORCEd (the table owner is bound
  too) with these policies:

  * ``lawdesk_office``: USING and WITH CHECK ``unit_id = (SELECT id FROM unit WHERE db_role =
    current_user)``: an office sees, changes and deletes only its own rows, cannot insert a row
    for another unit and cannot move a row to another unit;
  * ``lawdesk_county_read``: the county reads every row;
  * ``lawdesk_county_insert/update/delete``: the county writes only rows of units that are not
    on the server (``db_role IS NULL``: the county's own unit of kind 县 — its profile,
    narratives, report — and offices whose data comes in offline packages, ``county import``),
    never the rows of an office that writes its own data on the server; audit entries of the
    county itself (``unit_id IS NULL``) too;
  * ``lawdesk_admin``: everything.

- ``unit``: an office reads only its own row (so an office connection looks like an office
  database: one unit, no county page); the county reads every unit and adds or changes units
  that are not on the server; only the administrators add office units and their roles
  (``lawdesk county add-office``, which gives each role to one unit only; were two units given
  the same role by hand, the policies' sub-select fails and that role sees nothing);
- ``setting`` (no unit_id): the settings of an office's report are stored under the key
  ``<key>@<unit uuid>`` (``lawdesk.services.settings``), the others (no ``@``) belong to the
  database; an office reads the database-wide keys and its own, and writes only its own; the
  county reads every key and writes the database-wide keys and those of units not on the server;
- ``schema_migration``: readable by members (the version check at opening);
- the audit log is append-only for members: SELECT, INSERT and UPDATE (a purge redacts the
  purged record's personal data from its entries), no DELETE;
- grants: members get exactly the privileges above on the tables and USAGE on the sequences;
  there are no default privileges, so a table added by a later migration stays closed to members
  until that migration grants it (and gives it policies if it has unit_id).

The group roles are cluster-wide: a county that shares its PostgreSQL server with another gives
its own a prefix (``lawdesk county init --role-prefix xian_``: ``xian_office``, ``xian_county``,
``xian_admin``), passed to this migration as the connection's ``lawdesk.role_prefix`` setting;
without one they are ``lawdesk_office`` … as before. Later migrations read the names back from
these policies.

Existence leaks stay possible through unique constraints (a uuid used by another office's row
is refused), as everywhere with row-level security; uuids are random, so nothing is learned.
"""

import re

from peewee import SqliteDatabase

# frozen copies (migrations never import the models)
RECORD_TABLES = (
    "community", "lecturer", "meeting", "study_session", "lecture", "supervision_visit", "patrol",
    "dispute", "hotline_case", "legal_review", "legal_adviser_service", "honor",
)
UNIT_TABLES = RECORD_TABLES + ("unit_profile", "report_narrative", "attachment", "audit_log")
OFFICE, COUNTY, ADMIN = "lawdesk_office", "lawdesk_county", "lawdesk_admin"
GROUPS = (OFFICE, COUNTY, ADMIN)
_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

OWN_UNIT = "(SELECT u.id FROM unit u WHERE u.db_role = current_user)"
OWN_UUID = "(SELECT u.uuid FROM unit u WHERE u.db_role = current_user)"
OFFLINE_UNITS = "(SELECT u.id FROM unit u WHERE u.db_role IS NULL)"
OFFLINE_UUIDS = "(SELECT u.uuid FROM unit u WHERE u.db_role IS NULL)"
UUID_SUFFIX_LEN = 1 + 36  # "@" and the unit uuid


def _groups(db):
    """(office, county, admin) group roles: ``lawdesk_…``, or the county's role prefix's."""
    row = db.execute_sql("SELECT current_setting('lawdesk.role_prefix', true)").fetchone()
    prefix = (row[0] if row else None) or "lawdesk_"
    if not _PREFIX.match(prefix):
        raise ValueError(f"role prefix {prefix!r}: lowercase ascii letters, digits and _ only")
    return tuple(f"{prefix}{role[len('lawdesk_'):]}" for role in GROUPS)


def _create_groups(db, groups):
    for role in groups:
        db.execute_sql(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; END IF; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "  # made meanwhile by another session
            "END $$"
        )
    row = db.execute_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    if row is not None and not row[0]:
        db.execute_sql(f"GRANT {groups[2]} TO current_user")


def _policies(db, table, county_writable, groups):
    _office, COUNTY, ADMIN = groups  # noqa: N806 - the statements below name the groups so
    run = db.execute_sql
    run(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    run(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    run(f'CREATE POLICY lawdesk_admin ON "{table}" TO {ADMIN} USING (true) WITH CHECK (true)')
    run(f'CREATE POLICY lawdesk_county_read ON "{table}" FOR SELECT TO {COUNTY} USING (true)')
    run(f'CREATE POLICY lawdesk_county_insert ON "{table}" FOR INSERT TO {COUNTY} WITH CHECK ({county_writable})')
    run(f'CREATE POLICY lawdesk_county_update ON "{table}" FOR UPDATE TO {COUNTY} '
        f"USING ({county_writable}) WITH CHECK ({county_writable})")  # fmt: skip
    run(f'CREATE POLICY lawdesk_county_delete ON "{table}" FOR DELETE TO {COUNTY} USING ({county_writable})')


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        return
    run = db.execute_sql
    groups = _groups(db)
    OFFICE, COUNTY, ADMIN = groups  # noqa: N806 - as the module's constants name them
    _create_groups(db, groups)
    members = f"{OFFICE}, {COUNTY}"

    for table in UNIT_TABLES:
        writable = f"unit_id IN {OFFLINE_UNITS}"
        if table == "audit_log":
            writable = f"(unit_id IS NULL OR {writable})"
        _policies(db, table, writable, groups)
        own = f"unit_id = {OWN_UNIT}"
        run(f'CREATE POLICY lawdesk_office ON "{table}" TO {OFFICE} USING ({own}) WITH CHECK ({own})')
        rights = "SELECT, INSERT, UPDATE" if table == "audit_log" else "SELECT, INSERT, UPDATE, DELETE"
        run(f'GRANT {rights} ON "{table}" TO {members}')

    _policies(db, "unit", "db_role IS NULL", groups)
    run(f"CREATE POLICY lawdesk_office ON unit FOR SELECT TO {OFFICE} USING (db_role = current_user)")
    run(f"GRANT SELECT ON unit TO {OFFICE}")
    run(f"GRANT SELECT, INSERT, UPDATE ON unit TO {COUNTY}")

    office_key = f"right(key, {UUID_SUFFIX_LEN}) = '@' || {OWN_UUID}"
    shared_key = "strpos(key, '@') = 0"
    county_key = (f"({shared_key} OR (right(key, 36) IN {OFFLINE_UUIDS} "
                  f"AND left(right(key, {UUID_SUFFIX_LEN}), 1) = '@'))")  # fmt: skip
    _policies(db, "setting", county_key, groups)
    run(f"CREATE POLICY lawdesk_office_read ON setting FOR SELECT TO {OFFICE} USING ({shared_key} OR {office_key})")
    run(f"CREATE POLICY lawdesk_office_insert ON setting FOR INSERT TO {OFFICE} WITH CHECK ({office_key})")
    run(f"CREATE POLICY lawdesk_office_update ON setting FOR UPDATE TO {OFFICE} "
        f"USING ({office_key}) WITH CHECK ({office_key})")  # fmt: skip
    run(f"CREATE POLICY lawdesk_office_delete ON setting FOR DELETE TO {OFFICE} USING ({office_key})")
    run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON setting TO {members}")

    run(f"GRANT SELECT ON schema_migration TO {members}")
    run(f"GRANT USAGE ON SCHEMA public TO {members}, {ADMIN}")
    run("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {members}")
    run(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {ADMIN}")
    run(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {ADMIN}")


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        return
    run = db.execute_sql
    for table in UNIT_TABLES + ("unit", "setting"):
        names = [r[0] for r in run("SELECT policyname FROM pg_policies WHERE schemaname = current_schema() "
                                   "AND tablename = %s", (table,)).fetchall()]  # fmt: skip
        for name in names:
            run(f'DROP POLICY "{name}" ON "{table}"')
        run(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        run(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
    for role in GROUPS:
        run(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
        run(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}")
        run(f"REVOKE ALL ON SCHEMA public FROM {role}")
