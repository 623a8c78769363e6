"""Tombstones: a record purged for good (彻底删除) at an office is purged at the county too.

When a record is purged (``records.purge``) its kind, uuid and the time are kept (``record``):
nothing else of it, so a tombstone holds no personal data. Every package of the office carries
its tombstones (``package_member``: ``tombstones.json``, [{kind, uuid, purged_at}], hashed like
every member) — all of them, not only those since the last package, so a package that never
reached the county loses nothing; purges are rare and a tombstone is a line.

At the county (``Purges``, inside the import's transaction) each tombstone of the package's unit
is applied: the county's copy of the record is purged as the office purged it — its evidence
rows and files, its personal data in the audit entries, the row — with an audit entry (彻底删除,
by the importing user), and the tombstone is kept, so an older package still holding the record
does not bring it back (``without_purged``). Files are moved aside in the transaction and
deleted after its commit, or put back if it rolls back (as ``records.purge`` does). A tombstone
naming another unit's record refuses the whole package. The roll-up then equals the office's
own figures again.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from lawdesk.models import RECORD_MODELS, RecordModel, Tombstone, Unit
from lawdesk.schema import spec_for
from lawdesk.services import attachments, audit
from lawdesk.services.lookup import record_values

MEMBER = "tombstones.json"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def record(kind: str, purged: RecordModel) -> None:
    """Keep the tombstone of ``purged`` (call inside the purge's transaction)."""
    if not Tombstone.select().where(Tombstone.uuid == purged.uuid).exists():
        Tombstone.create(record_kind=kind, uuid=purged.uuid, purged_at=_now(), office=purged.unit_id)


def package_member(unit: Unit) -> list[dict[str, str]]:
    """Every tombstone of ``unit``, oldest first, as a package carries them."""
    query = Tombstone.select().where(Tombstone.unit_id == unit.id).order_by(Tombstone.purged_at, Tombstone.id)
    return [{"kind": t.record_kind, "uuid": t.uuid, "purged_at": _text(t.purged_at)} for t in query]


def _text(value: object) -> str:
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)


def check(raw: object) -> list[dict[str, str]]:
    """The tombstones of a package's member, checked; ``ValueError`` (Chinese reason) if malformed."""
    if not isinstance(raw, list):
        raise ValueError("中的彻底删除清单格式不对")
    out = []
    for item in raw:
        if not isinstance(item, dict) or item.get("kind") not in RECORD_MODELS:
            raise ValueError("中的彻底删除清单有不认识的记录类型")
        try:
            uuid = str(uuidlib.UUID(str(item.get("uuid"))))
            purged_at = dt.datetime.fromisoformat(str(item.get("purged_at"))).replace(tzinfo=None, microsecond=0)
        except ValueError:
            raise ValueError("中的彻底删除清单有一项标识或时间不对") from None
        out.append({"kind": str(item["kind"]), "uuid": uuid, "purged_at": purged_at.isoformat(sep=" ")})
    return out


def purged_uuids(unit: Unit) -> set[str]:
    """The uuids of ``unit``'s records purged for good (here or at the office)."""
    return {u for (u,) in Tombstone.select(Tombstone.uuid).where(Tombstone.unit_id == unit.id).tuples()}


def without_purged(rows: list[dict], purged: set[str]) -> list[dict]:
    """A package's records of one kind without those purged for good."""
    return [row for row in rows if row.get("uuid") not in purged] if purged else rows


class Purges:
    """Applies a package's tombstones at the county, in the import's transaction."""

    def __init__(self, unit: Unit, *, user: str, now: dt.datetime) -> None:
        self.unit = unit
        self.user = user
        self.now = now
        self.moved: list[tuple[Path, Path]] = []
        self.folders: list[Path | None] = []
        self.purged = 0

    def apply(self, items: Iterable[Mapping[str, str]], refuse: type[Exception], package: str) -> int:
        """Purge the unit's records that the tombstones name; keep the tombstones. ``refuse``
        (the package error) for a tombstone of another unit's record. Returns records purged."""
        for item in items:
            kind, uuid = item["kind"], item["uuid"]
            model = RECORD_MODELS[kind]
            found = model.get_or_none(model.uuid == uuid)
            if found is not None and found.unit_id != self.unit.id:
                raise refuse(f"数据包“{package}”要彻底删除的一条{spec_for(kind).label}记录在本数据库中属于另一个单位，"
                             "整个数据包没有导入。请核对数据包的来源。")  # fmt: skip
            if found is not None:
                self._purge(kind, found)
            if not Tombstone.select().where(Tombstone.uuid == uuid).exists():
                purged_at = dt.datetime.fromisoformat(item["purged_at"])
                Tombstone.create(record_kind=kind, uuid=uuid, purged_at=purged_at, office=self.unit.id)
        return self.purged

    def _purge(self, kind: str, found: RecordModel) -> None:
        spec = spec_for(kind)
        model = RECORD_MODELS[kind]
        values = record_values(found)
        attachments.remove_rows(kind, found.id)
        model.delete().where(model.id == found.id).execute()
        audit.redact_record(spec, found.id, values)
        safe = audit.redact_values(spec, values)
        title = " ".join(str(v) for v in (safe.get(spec.date_field), safe.get(spec.title_field)) if v)
        audit.log("彻底删除", spec, found.id, f"{title}（{self.unit.name}已彻底删除）", safe, None, user=self.user,
                  unit=self.unit.id)  # fmt: skip
        self.moved.extend(attachments.move_aside(kind, found.id))
        self.folders.append(attachments.record_folder(kind, found.id))
        self.purged += 1

    def committed(self) -> None:
        """After the import's commit: delete the purged records' files."""
        if self.moved or any(self.folders):
            attachments.discard(self.moved, tuple(self.folders))

    def rolled_back(self) -> None:
        """The import rolled back: the files go back under their records."""
        attachments.put_back(self.moved)
