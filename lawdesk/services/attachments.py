"""Evidence files (佐证材料: 照片, 签到表, 会议纪要) copied into the data folder, one folder per record."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from lawdesk import paths
from lawdesk.db import current_path
from lawdesk.errors import LawdeskError
from lawdesk.models import Attachment, database
from lawdesk.schema import spec_for
from lawdesk.services import audit, events

CATEGORIES = ("照片", "签到表", "会议纪要", "课件", "通知文件", "其他")
MAX_SIZE = 200 * 1024 * 1024


def _folder(kind: str, record_id: int) -> Path:
    return paths.attachments_dir(current_path()) / kind / str(record_id)


def add(kind: str, record_id: int, source: Path, category: str = "其他") -> Attachment:
    """Copy ``source`` into the data folder and link it to the record."""
    from lawdesk.services import records

    spec = spec_for(kind)
    records.get(kind, record_id)
    source = Path(source)
    if not source.is_file():
        raise LawdeskError(f"找不到文件：{source}")
    if source.stat().st_size > MAX_SIZE:
        raise LawdeskError(f"文件“{source.name}”超过 200 MB，请压缩后再添加。")
    if category not in CATEGORIES:
        raise LawdeskError(f"材料类别应为：{'、'.join(CATEGORIES)}")
    folder = _folder(kind, record_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex[:8]}-{source.name}"
    target = folder / stored
    try:
        shutil.copy2(source, target)
    except OSError as exc:
        raise LawdeskError(f"复制文件“{source.name}”失败：{exc.strerror or exc}") from exc
    try:
        with database.atomic():
            att = Attachment.create(
                record_kind=kind,
                record_id=record_id,
                category=category,
                original_name=source.name,
                stored_name=stored,
                size=source.stat().st_size,
            )
            audit.log("添加材料", spec, record_id, f"{category} {source.name}", None, {"file": source.name})
    except Exception:
        target.unlink(missing_ok=True)  # no orphan file when the row could not be saved
        raise
    events.notify("records", table=kind, action="attachment", record_id=record_id)
    return att


def list_for(kind: str, record_id: int) -> list[Attachment]:
    return list(
        Attachment.select()
        .where((Attachment.record_kind == kind) & (Attachment.record_id == record_id))
        .order_by(Attachment.added_at, Attachment.id)
    )


def path_of(att: Attachment) -> Path:
    return _folder(att.record_kind, att.record_id) / att.stored_name


def remove(attachment_id: int) -> None:
    att = Attachment.get_or_none(Attachment.id == attachment_id)
    if att is None:
        return
    with database.atomic():
        att.delete_instance()
        audit.log(
            "删除材料", spec_for(att.record_kind), att.record_id, att.original_name, {"file": att.original_name}, None
        )
    path_of(att).unlink(missing_ok=True)
    events.notify("records", table=att.record_kind, action="attachment", record_id=att.record_id)


def remove_all(kind: str, record_id: int) -> list[Path]:
    """Delete the rows of a record's files; return the files to delete once the caller commits."""
    files = []
    for att in list_for(kind, record_id):
        files.append(path_of(att))
        att.delete_instance()
    return files
