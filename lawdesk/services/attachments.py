"""Evidence files (佐证材料: 照片, 签到表, 会议纪要) copied into the data folder, one folder per record.

A file is stored under a short name every desktop accepts (``stored_name_for``); the clerk's
own name, whatever Windows or Linux allows in it, is kept in the database (``original_name``).
On Windows a data folder so deep that a file's path (under its record, set aside, staged by a
restore, in a backup) would pass the 260-character limit refuses the file when it is added.

Purging a record, or removing one file, moves the files aside (into ``pending-delete`` in the
data folder) before the database commit and deletes them after it; a rollback puts them back.
A file open in another program (WPS, a viewer on Windows) cannot be moved: the removal is
refused, naming it, and nothing changes. A file that cannot be deleted after the commit stays
in ``pending-delete`` and is retried every time the database is opened, so no file is left
behind under a record that no longer exists.

A server (PostgreSQL) database has no data folder on this computer: adding a file is refused
with a Chinese message (``ServerDatabaseError``), and purging a record there moves no files.

Scoping by unit (office): a file belongs to the unit of its record. ``add``, ``list_for`` and
``remove`` take ``unit`` (a ``Unit``, id or uuid; None: the current unit, and at the county any
unit) and only touch files of that unit's records.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import uuid
from pathlib import Path, PurePath

from lawdesk import paths
from lawdesk.connection import current_path, is_server_database
from lawdesk.diagnose import os_error_text
from lawdesk.errors import LawdeskError
from lawdesk.filenames import portable_name
from lawdesk.models import Attachment, database
from lawdesk.schema import spec_for
from lawdesk.services import audit, backup, events, lookup, units
from lawdesk.services.evidence_swap import retrying

logger = logging.getLogger(__name__)

CATEGORIES = ("照片", "签到表", "会议纪要", "课件", "通知文件", "其他")
MAX_SIZE = 200 * 1024 * 1024


def _folder(kind: str, record_id: int) -> Path:
    return paths.attachments_dir(current_path()) / kind / str(record_id)


def record_folder(kind: str, record_id: int) -> Path | None:
    """The folder of a record's evidence files (``None`` on a server database: it keeps none)."""
    if is_server_database():
        return None
    return _folder(kind, record_id)


#: The readable part of a stored name (the clerk's own name is kept in the database).
STORED_STEM_CHARS = 24
_SAFE_SUFFIX = re.compile(r"\.[0-9A-Za-z]{1,10}")
#: The longest path Windows accepts without the ``\\?\`` prefix (MAX_PATH, 260 with its NUL).
WINDOWS_MAX_PATH = 259


def _suffix(name: str) -> str:
    suffix = PurePath(name).suffix
    return suffix if _SAFE_SUFFIX.fullmatch(suffix) else ""


def stored_name_for(original: str, *, stem_chars: int = STORED_STEM_CHARS) -> str:
    """The name an evidence file is stored under: a random token, a readable part of the
    clerk's name made portable (``filenames.portable_name``: no ``<>:"/\\|?*``, no reserved
    device name, no trailing dot or space, nothing that opens an alternate data stream) and
    its extension when that is plain letters and digits. Short whatever the clerk's name is;
    ``stem_chars=0`` leaves only the token and the extension."""
    token = uuid.uuid4().hex[:8]
    readable = portable_name(PurePath(original).stem, limit=stem_chars) if stem_chars > 0 else ""
    return f"{token}-{readable}{_suffix(original)}" if readable else f"{token}{_suffix(original)}"


def longest_paths(db_path: Path, kind: str, record_id: int, stored: str) -> list[str]:
    """Every path a stored evidence file will have: under its record, in ``pending-delete``,
    staged during a restore and inside a backup being built."""
    data = paths.data_dir(db_path)
    return [
        str(data / "attachments" / kind / str(record_id) / stored),
        str(data / "pending-delete" / f"{kind}-{record_id}-{'0' * 8}" / stored),
        str(data / f"attachments.restoring-{'9' * 10}" / kind / str(record_id) / stored),
        backup.deepest_file_path(db_path, _suffix(stored)),
    ]


def _fits_windows(db_path: Path, kind: str, record_id: int, stored: str) -> bool:
    if os.name != "nt":
        return True  # Linux desktops allow 4,096 bytes: the name is short whatever the folder
    return max(len(p) for p in longest_paths(db_path, kind, record_id, stored)) <= WINDOWS_MAX_PATH


def _choose_stored_name(db_path: Path, kind: str, record_id: int, original: str) -> str:
    """A stored name whose every path fits Windows' limit: the readable part is shortened
    first; when even the token and extension do not fit, the data folder is too deep."""
    for chars in (STORED_STEM_CHARS, 12, 0):
        stored = stored_name_for(original, stem_chars=chars)
        if _fits_windows(db_path, kind, record_id, stored):
            return stored
    longest = max(len(p) for p in longest_paths(db_path, kind, record_id, stored))
    raise LawdeskError(
        f"文件“{original}”没有添加：台账的数据文件夹所在的位置太深（{paths.data_dir(db_path)}），"
        f"材料文件在其中的完整路径（最长 {longest} 个字符）会超过 Windows 允许的 260 个字符，以后的备份"
        "和恢复都会失败。请把台账数据库移到较浅的文件夹（例如 D:\\法治台账）后再添加。"
    )


def add(
    kind: str, record_id: int, source: Path, category: str = "其他", *, unit: units.UnitRef = None
) -> Attachment:
    """Copy ``source`` into the data folder and link it to the record (of ``unit``).

    The clerk's file name is kept in the database (``original_name``: shown, exported and
    packaged under it); the copy is stored under a short portable name (``stored_name_for``)
    that every desktop accepts and that keeps every later path within Windows' limit."""
    spec = spec_for(kind)
    record = lookup.get(kind, record_id, unit=unit)
    source = Path(source)
    if category not in CATEGORIES:
        raise LawdeskError(f"材料类别应为：{'、'.join(CATEGORIES)}")
    original = source.name[:255]
    try:
        if not source.is_file():
            raise LawdeskError(f"找不到文件：{source}（可能已被移动、删除，或 U 盘已拔出）")
        if source.stat().st_size > MAX_SIZE:
            raise LawdeskError(f"文件“{original}”超过 200 MB，请压缩后再添加。")
    except OSError as exc:
        raise LawdeskError(f"无法读取文件“{original}”：{os_error_text(exc)}。") from exc
    db_path = current_path()
    folder = _folder(kind, record_id)
    stored = _choose_stored_name(db_path, kind, record_id, original)
    target = folder / stored
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        size = target.stat().st_size
    except OSError as exc:
        _unlink_quietly(target)
        raise LawdeskError(f"文件“{original}”没有添加：{os_error_text(exc)}。台账没有改变。") from exc
    try:
        with database.atomic():
            att = Attachment.create(
                record_kind=kind,
                record_id=record_id,
                category=category,
                original_name=original,
                stored_name=stored,
                size=size,
                office=record.unit_id,
            )
            audit.log("添加材料", spec, record_id, f"{category} {original}", None, {"file": original},
                      unit=record.unit_id)  # fmt: skip
    except Exception:
        _unlink_quietly(target)  # no orphan file when the row could not be saved
        raise
    events.notify("records", table=kind, action="attachment", record_id=record_id)
    return att


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        logger.warning("could not remove %s", path)


def _scoped(where, unit: units.UnitRef):  # noqa: ANN001, ANN202 - peewee Expressions
    unit_id = units.scope_id(unit)
    return where if unit_id is None else where & (Attachment.unit_id == unit_id)


def list_for(kind: str, record_id: int, *, unit: units.UnitRef = None) -> list[Attachment]:
    """The files of a record (of ``unit``), oldest first."""
    where = (Attachment.record_kind == kind) & (Attachment.record_id == record_id)
    return list(Attachment.select().where(_scoped(where, unit)).order_by(Attachment.added_at, Attachment.id))


def path_of(att: Attachment) -> Path:
    return _folder(att.record_kind, att.record_id) / att.stored_name


def remove(attachment_id: int, *, unit: units.UnitRef = None) -> None:
    """Remove an evidence file and its row (of ``unit``).

    The file goes first: it is moved into ``pending-delete`` (retried briefly), and only then
    is the row deleted; a file open in another program (WPS, a viewer) refuses the removal with
    a Chinese message naming it, the row and file untouched. After the commit the moved file
    is deleted (one that cannot be yet is retried at the next open, as after a purge)."""
    att = Attachment.get_or_none(_scoped(Attachment.id == attachment_id, unit))
    if att is None:
        return
    moved = _move_file_aside(att)
    try:
        with database.atomic():
            att.delete_instance()
            audit.log(
                "删除材料", spec_for(att.record_kind), att.record_id, att.original_name,
                {"file": att.original_name}, None, unit=att.unit_id,
            )
    except BaseException:
        put_back(moved)
        raise
    discard(moved)
    events.notify("records", table=att.record_kind, action="attachment", record_id=att.record_id)


def _move_file_aside(att: Attachment) -> list[tuple[Path, Path]]:
    """Move one evidence file into ``pending-delete`` (``[]``: it has no file here)."""
    if is_server_database():
        return []
    source = path_of(att)
    if not source.exists():
        return []
    target = pending_dir(current_path()) / f"{att.record_kind}-{att.record_id}-{uuid.uuid4().hex[:8]}" / source.name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        retrying(lambda: os.replace(source, target))
    except OSError as exc:
        _remove_empty_dirs(target.parent)
        raise LawdeskError(
            f"材料文件“{att.original_name}”没有移除：{os_error_text(exc)}。请关闭打开它的程序后再试，台账没有改变。"
        ) from exc
    return [(source, target)]


def pending_dir(db_path: Path) -> Path:
    return paths.data_dir(db_path) / "pending-delete"


def move_aside(kind: str, record_id: int) -> list[tuple[Path, Path]]:
    """Move a record's files into ``pending-delete``; return (original, moved) pairs.

    Call inside the purge's transaction, before its commit. If any file cannot be moved the ones
    already moved are put back and a ``LawdeskError`` naming the file is raised (nothing purged).
    """
    if is_server_database():
        return []
    folder = _folder(kind, record_id)
    if not folder.is_dir():
        return []
    trash = pending_dir(current_path()) / f"{kind}-{record_id}-{uuid.uuid4().hex[:8]}"
    moved: list[tuple[Path, Path]] = []
    for source in sorted(p for p in folder.rglob("*") if p.is_file()):
        target = trash / source.relative_to(folder)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        except OSError as exc:
            put_back(moved)
            raise LawdeskError(
                f"材料文件“{source.name}”正被其他程序使用或无法移动（{exc.strerror or exc}），"
                "记录没有删除。请关闭打开它的程序后再试。"
            ) from exc
        moved.append((source, target))
    return moved


def put_back(moved: list[tuple[Path, Path]]) -> None:
    """Undo ``move_aside`` (the purge was rolled back)."""
    for source, target in reversed(moved):
        try:
            source.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, source)
        except OSError:
            logger.exception("could not put back %s", source)


def discard(moved: list[tuple[Path, Path]], folders: tuple[Path | None, ...] = ()) -> list[Path]:
    """Delete moved-aside files after the commit; return those that could not be deleted yet."""
    folders = tuple(f for f in folders if f is not None)
    if not moved and not folders:
        return []
    left = []
    for _source, target in moved:
        try:
            target.unlink(missing_ok=True)
        except OSError:
            logger.warning("could not delete %s yet; will retry", target)
            left.append(target)
    trash = pending_dir(current_path())
    for folder in {*folders, *(trash / t.relative_to(trash).parts[0] for _s, t in moved)}:
        _remove_empty_dirs(folder)
    return left


def _remove_empty_dirs(folder: Path) -> None:
    if not folder.is_dir():
        return
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            sub.rmdir()
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        pass


def _still_referenced(trash_folder: str, file: Path) -> tuple[str, int] | None:
    """(kind, record id) when ``file`` still belongs to a record: a purge killed before its commit."""
    kind, _, rest = trash_folder.partition("-")
    record_id = rest.split("-", 1)[0]
    if not record_id.isdigit():
        return None
    row = Attachment.get_or_none(
        (Attachment.record_kind == kind) & (Attachment.record_id == int(record_id))
        & (Attachment.stored_name == file.name)
    )
    return (kind, int(record_id)) if row is not None else None


def retry_pending_deletes(db_path: Path) -> list[Path]:
    """Try again to delete files of purged records; return those still there.

    A file whose row still exists (the program was killed after moving it aside but before the
    purge committed, so the purge rolled back) is put back under its record, never deleted.
    """
    trash = pending_dir(db_path)
    if not trash.is_dir():
        return []
    left = []
    for file in sorted(p for p in trash.rglob("*") if p.is_file()):
        owner = _still_referenced(file.relative_to(trash).parts[0], file)
        try:
            if owner is not None:
                back = paths.attachments_dir(db_path) / owner[0] / str(owner[1]) / file.name
                back.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, back)
                logger.warning("put back %s: its purge did not commit", back)
            else:
                file.unlink()
        except OSError:
            left.append(file)
    for sub in trash.iterdir():
        if sub.is_dir():
            _remove_empty_dirs(sub)
    if left:
        logger.warning("%d files of purged records still cannot be deleted", len(left))
    return left


def remove_rows(kind: str, record_id: int) -> int:
    """Delete the rows of a record's files (inside the purge's transaction)."""
    return Attachment.delete().where((Attachment.record_kind == kind) & (Attachment.record_id == record_id)).execute()
