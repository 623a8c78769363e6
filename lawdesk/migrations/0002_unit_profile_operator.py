"""Add the 经办人 (operator) to the unit profile: the name the audit log records for writes."""

from peewee import CharField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("unit_profile", "operator", CharField(max_length=30, null=True))
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("unit_profile", "operator"))
