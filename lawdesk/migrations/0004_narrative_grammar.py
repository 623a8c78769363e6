"""Convert the stored report narratives to the narrative grammar (optional spans ［…］).

Narratives saved before this version relied on a regex that dropped the clause holding a zero
figure. Each stored body text is rewritten so that it means the same under the grammar of
``lawdesk.report.narrative`` (every clause holding a placeholder becomes an optional span), with
the sentences of the first template whose dropping went wrong replaced by their mended form.
Headings (``*.heading``) keep their text: the outline numbers them now, and a stored heading is
read without its number. Only text changes; no table or column does.
"""

from peewee import Table

from lawdesk.report.narrative import convert_old_form, is_old_form

DATA_ONLY = True  # no schema change: the column checks skip it


def _table(db):
    return Table("report_narrative", ("id", "section", "text")).bind(db)


def up(migrator, db):
    table = _table(db)
    rows = list(table.select(table.id, table.section, table.text).dicts())
    with db.atomic():
        for row in rows:
            if row["section"].endswith(".heading") or not is_old_form(row["text"] or ""):
                continue
            table.update(text=convert_old_form(row["text"])).where(table.id == row["id"]).execute()


def down(migrator, db):
    """The grammar is a superset in meaning; going back keeps the text (the old program shows ［］)."""
