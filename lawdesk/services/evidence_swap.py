"""The evidence folder's side of a restore: it follows the database, all at once, or not at all.

A restore stages the backup's evidence files in ``attachments.restoring-<pid>`` inside the data
folder, then:

1. ``set_aside`` notes the plan in ``restore-pending.json`` and renames the live ``attachments``
   folder to ``attachments.old-…`` — *before* the database is touched. On Windows a file open in
   WPS (or a viewer) makes that rename fail; it is retried briefly, and if the file stays open
   the restore stops there with a Chinese message naming the file: nothing has changed yet.
2. the caller replaces the database; on failure ``put_back`` undoes step 1;
3. ``complete`` records that the database is replaced and renames the staged folder into place
   (retried briefly: an antivirus scanner may be reading a new file), then removes the old one.

A restore is never put off silently: it is done on the spot, or refused while nothing has
changed. If the program is killed in between, ``finish`` (at the next open) completes or undoes
it from the note, and never deletes evidence: files found in a live folder made meanwhile are
kept (moved into the folder that takes its place). The note names folders inside the data
folder only (a note naming anything else is ignored).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from lawdesk import paths, safe_write
from lawdesk.dbfile import read_only_uri
from lawdesk.diagnose import os_error_text
from lawdesk.errors import LawdeskError
from lawdesk.models import Attachment

logger = logging.getLogger(__name__)

T = TypeVar("T")

MARKER = "restore-pending.json"
STAGED_PREFIX = "attachments.restoring-"
OLD_PREFIX = "attachments.old-"
_NOTE_NAME = re.compile(r"attachments\.(restoring|old)-[0-9A-Za-z-]{1,60}")
#: Pauses between attempts at a rename another program blocks (about 1.5 s in all).
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)


class EvidenceInUseError(LawdeskError):
    """An evidence file is open in another program, so its folder cannot be swapped now."""

    def __init__(self, message: str, file: Path | None) -> None:
        super().__init__(message)
        self.file = file


def marker_path(db_path: Path) -> Path:
    return paths.data_dir(db_path) / MARKER


def retrying(action: Callable[[], T], delays: tuple[float, ...] = RETRY_DELAYS) -> T:
    """``action()``, tried again after each pause of ``delays`` while it raises ``OSError``
    (a file held for a moment by an antivirus scan or a sync client)."""
    for delay in delays:
        try:
            return action()
        except OSError as exc:
            logger.info("retrying in %.2f s: %s", delay, exc)
            time.sleep(delay)
    return action()


def file_in_use(folder: Path) -> Path | None:
    """The first file under ``folder`` that cannot be renamed (held open by another program)."""
    if not folder.is_dir():
        return None
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        probe = file.with_name(f"{file.name}.{uuid.uuid4().hex[:6]}.probe")
        try:
            os.rename(file, probe)
        except OSError:
            return file
        try:
            os.rename(probe, file)
        except OSError:
            logger.exception("could not rename %s back", probe)
    return None


def in_use_error(db_path: Path, folder: Path, exc: OSError, *, changed: bool) -> EvidenceInUseError:
    """The message for a folder that could not be renamed: which file is open, if one is."""
    held = file_in_use(folder)
    name = _shown_name(db_path, held) if held is not None else None
    what = f"材料文件“{name}”正被其他程序（如 WPS、看图软件）打开" if name else f"材料文件夹无法改名（{os_error_text(exc)}）"
    if changed:
        tail = "数据库已经恢复，材料文件会在您关闭它之后、下次打开程序时放回。"
    else:
        tail = "恢复没有进行，当前的数据和材料文件都没有改变。请关闭它后再恢复。"
    return EvidenceInUseError(f"{what}。{tail}", held)


def _shown_name(db_path: Path, file: Path) -> str:
    """The clerk's name of a stored evidence file (its row's ``original_name``) when known."""
    try:
        row = Attachment.get_or_none(Attachment.stored_name == file.name)
        if row is not None:
            return f"{row.original_name}"
    except Exception:  # noqa: BLE001 - the file's own name is good enough
        logger.debug("no row for %s", file)
    return file.name


def _write_note(db_path: Path, note: dict) -> None:
    safe_write.write_own_file(marker_path(db_path), json.dumps(note, ensure_ascii=False).encode("utf-8"))


def _audit_mark_of(db_file: Path) -> list:
    con = sqlite3.connect(read_only_uri(db_file), uri=True)
    try:
        return list(con.execute("SELECT max(id), count(*) FROM audit_log").fetchone())
    finally:
        con.close()


def set_aside(db_path: Path, staged: Path, db_file: Path) -> Path | None:
    """Step 1: note the plan, then move the live evidence folder aside; return where it went
    (``None``: there was none). ``EvidenceInUseError`` (nothing changed) when a file in it is
    open in another program."""
    data = paths.data_dir(db_path)
    live = paths.attachments_dir(db_path)
    old = data / f"{OLD_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}"
    note = {"staged": staged.name, "old": old.name, "audit": _audit_mark_of(db_file)}
    _write_note(db_path, note)
    if not live.exists():
        return None
    try:
        retrying(lambda: live.rename(old))
    except OSError as exc:
        marker_path(db_path).unlink(missing_ok=True)
        raise in_use_error(db_path, live, exc, changed=False) from exc
    return old


def put_back(db_path: Path, old: Path | None) -> None:
    """Undo ``set_aside`` (the database could not be replaced)."""
    live = paths.attachments_dir(db_path)
    if old is not None and old.exists() and not live.exists():
        retrying(lambda: old.rename(live))
    marker_path(db_path).unlink(missing_ok=True)


def complete(db_path: Path, staged: Path, old: Path | None) -> None:
    """Step 3, after the database was replaced: the staged files become the evidence folder."""
    try:
        note = json.loads(marker_path(db_path).read_text(encoding="utf-8"))
        _write_note(db_path, {**note, "replaced": True})
    except (OSError, ValueError):
        logger.exception("could not update the restore note")
    _into_place(db_path, staged)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    marker_path(db_path).unlink(missing_ok=True)


def _into_place(db_path: Path, staged: Path) -> None:
    """Rename ``staged`` to the evidence folder; a live folder made meanwhile gives its files
    to ``staged`` first (never deleted)."""
    live = paths.attachments_dir(db_path)
    if live.exists():
        _merge_into(live, staged)
    try:
        retrying(lambda: staged.rename(live))
    except OSError as exc:
        raise in_use_error(db_path, live if live.exists() else staged, exc, changed=True) from exc


def _merge_into(source: Path, target: Path) -> None:
    """Move every file of ``source`` that ``target`` lacks into ``target``; then remove the
    emptied folders of ``source`` (a file that cannot move stays, and the rename then fails)."""
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        dest = target / file.relative_to(source)
        if dest.exists():
            logger.warning("kept %s: %s exists", file, dest)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(file, dest)
        logger.warning("kept evidence added during an unfinished restore: %s", dest)
    for folder in sorted((p for p in source.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        _rmdir_quietly(folder)
    _rmdir_quietly(source)


def _rmdir_quietly(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def _read_note(db_path: Path) -> dict | None:
    """The note of an unfinished restore, or ``None`` (none, or one naming folders outside the
    data folder: ignored and removed)."""
    marker = marker_path(db_path)
    if not marker.is_file():
        return None
    try:
        note = json.loads(marker.read_text(encoding="utf-8"))
        names = [note["staged"], note.get("old") or f"{OLD_PREFIX}none"]
        if not all(isinstance(n, str) and _NOTE_NAME.fullmatch(n) for n in names):
            raise ValueError(f"unexpected folder names in the restore note: {names!r}")
        if not isinstance(note.get("audit"), list):
            raise ValueError("no audit mark in the restore note")
    except (OSError, ValueError, KeyError, TypeError):
        logger.exception("ignoring a malformed restore note %s", marker)
        marker.unlink(missing_ok=True)
        return None
    return note


def finish(db_path: Path) -> None:
    """At open, after a restore killed half-way: complete it if the database was replaced,
    else undo it. Raises ``EvidenceInUseError`` when a folder cannot be renamed even now."""
    note = _read_note(db_path)
    if note is None:
        return
    data = paths.data_dir(db_path)
    staged = data / note["staged"]
    old = data / note["old"] if note.get("old") else None
    live = paths.attachments_dir(db_path)
    set_aside_done = old is None or old.exists() or not live.exists()
    try:  # the database is replaced only after the live folder was set aside
        replaced = bool(note.get("replaced")) or (set_aside_done and _audit_mark_of(db_path) == note["audit"])
    except (OSError, sqlite3.Error):
        logger.exception("could not read the database to finish a restore")
        return
    if replaced:
        if staged.is_dir():
            _into_place(db_path, staged)
            logger.warning("finished an interrupted restore of evidence files from %s", staged)
        if old is not None and old.exists():
            shutil.rmtree(old, ignore_errors=True)
    else:
        if old is not None and old.exists():
            if live.exists():
                _merge_into(live, old)
            try:
                retrying(lambda: old.rename(live))
            except OSError as exc:
                raise in_use_error(db_path, old, exc, changed=False) from exc
        shutil.rmtree(staged, ignore_errors=True)
    marker_path(db_path).unlink(missing_ok=True)
