"""Every committed write announces itself on the one change signal (services/events)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from builders import dispute_data

from lawdesk.errors import ValidationError
from lawdesk.services import backup, events, records, settings


@pytest.fixture
def changes(db) -> Iterator[list[events.Change]]:  # noqa: ANN001
    seen: list[events.Change] = []
    unsubscribe = events.subscribe(seen.append)
    yield seen
    unsubscribe()


def test_record_life_cycle_notifies_each_step(changes: list[events.Change]) -> None:
    record = records.create("dispute", dispute_data())
    records.update("dispute", record.id, {"summary": "楼上漏水"})
    records.delete("dispute", record.id)
    records.restore("dispute", record.id)
    records.delete("dispute", record.id)
    records.purge("dispute", record.id)
    assert [(c.kind, c.table, c.action, c.record_id) for c in changes] == [
        ("records", "dispute", action, record.id)
        for action in ("create", "update", "delete", "restore", "delete", "purge")
    ]


def test_failed_or_empty_writes_do_not_notify(changes: list[events.Change]) -> None:
    with pytest.raises(ValidationError):
        records.create("dispute", dispute_data(received_date="2022-13-45"))
    record = records.create("dispute", dispute_data())
    changes.clear()
    records.update("dispute", record.id, {"summary": "邻里漏水纠纷"})  # nothing changed
    assert changes == []


def test_settings_and_narrative_notify(changes: list[events.Change]) -> None:
    settings.save_profile({"unit_name": "龙潭街道"})
    settings.put("some_option", 3)
    settings.save_narrative(2022, "intro", "正文")
    settings.reset_narrative(2022, "intro")
    assert [c.kind for c in changes] == ["settings", "settings", "narrative", "narrative"]


def test_backup_restore_notifies_a_database_change(changes: list[events.Change]) -> None:
    copy = backup.backup_open_database(backup.MANUAL)
    records.create("dispute", dispute_data())
    changes.clear()
    backup.restore_open_database(copy)
    assert [c.kind for c in changes] == ["database"]
    assert records.count("dispute") == 0
