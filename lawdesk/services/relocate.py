"""Moving the database out of a synced or shared folder into the user's local data folder.

OneDrive, WPS 云盘 and network drives are no place for a database (see ``lawdesk.syncfolders``).
``move_to_local`` copies the open database and its evidence files into the user's data folder
(``%LOCALAPPDATA%\\lawdesk``) through a verified backup — the same path a restore takes — so
its backups are kept there too from then on. The old database is left where it was, untouched;
the program opens the local copy from then on (``paths.default_db_path``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from lawdesk import paths
from lawdesk.errors import LawdeskError

logger = logging.getLogger(__name__)


def local_target(db_path: Path) -> Path:
    """Where ``move_to_local`` puts the database ``db_path``: the user's data folder, under the
    same name (the program's own ``lawdesk.db`` is then found there at every start)."""
    return paths.user_data_folder() / Path(db_path).name


def move_to_local(db_path: Path) -> Path:
    """Copy the open database ``db_path`` and its evidence files into the user's data folder;
    return the new database file (not opened). Refused with a Chinese message when one is
    there already, when the database is already local, or when a file could not be copied."""
    from lawdesk.connection import database
    from lawdesk.dbfile import inspect_sqlite_file
    from lawdesk.services import backup

    db_path = Path(db_path)
    target = local_target(db_path)
    if target.resolve() == db_path.resolve():
        raise LawdeskError("数据库已经在本机的数据文件夹中。")
    target.parent.mkdir(parents=True, exist_ok=True)
    if inspect_sqlite_file(target).state not in ("missing", "empty"):
        raise LawdeskError(f"本机的数据文件夹中已经有一个台账数据库（{target}），没有移动。"
                           "请先打开它看一看，确认不需要后再移动。")
    snapshot = backup.make_backup(database.obj, db_path, backup.MANUAL)
    if problems := backup.backup_problems(snapshot):
        raise LawdeskError(f"没有移动：{problems}")
    backup.recover_to_path(target, snapshot)  # verified, evidence files with it
    logger.warning("database copied from %s to %s", db_path, target)
    return target
