"""Where lawdesk keeps its files: the database, its data folder, bundled assets.

Other modules write ``from lawdesk import paths`` and call these functions, so tests can
redirect them. When frozen by PyInstaller, the program's root is the folder of the executable
and bundled assets are read from ``sys._MEIPASS``.

The database lives beside the program when that folder is writable (portable use: the whole
folder on a USB stick), otherwise (installed under ``C:\\Program Files``) in
the user's data folder given by ``platformdirs``. A database already beside the program is
always used — unless it sits in a synced or shared folder (OneDrive, WPS 云盘, a network drive,
see ``lawdesk.syncfolders``) and the clerk moved it to the user's data folder; a new database
never goes into such a folder by default. ``location_text`` says which, for the status bar
and 关于, with a warning for a synced or shared folder.

The database may instead be on a server (a ``postgresql://`` URL in ``--db`` or ``LAWDESK_DB``):
then it has no file and no backups or evidence folder here; its "data folder" is a folder in the
user's data folder that holds only the log. Wherever a URL is shown its password is masked.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

DB_ENV = "LAWDESK_DB"
DEFAULT_DB_NAME = "lawdesk.db"
DEMO_FILE_NAME = "演示数据.db"  # the demo database, beside the clerk's (``lawdesk.demo``)
COUNTY_DEMO_FILE_NAME = "演示数据-县.db"  # the county demo's


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def app_root() -> Path:
    """The program's root: beside the executable once frozen, the repository otherwise."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resource_root() -> Path:
    """Where bundled read-only resources (assets/) are found."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", app_root()))
    return app_root()


def asset(*parts: str) -> Path:
    return resource_root().joinpath("assets", *parts)


APP_DIR_NAME = "lawdesk"


def folder_is_writable(folder: Path) -> bool:
    """Really try to create (and remove) a file in ``folder`` (ACLs make ``os.access`` unreliable)."""
    import uuid  # (and the platform module it loads) only when a folder is tested

    probe = Path(folder) / f".lawdesk-write-test-{uuid.uuid4().hex[:8]}"
    try:
        with probe.open("xb"):
            pass
        probe.unlink()
        return True
    except OSError:
        return False


def user_data_folder() -> Path:
    """The user's data folder for lawdesk (``%LOCALAPPDATA%\\lawdesk``, ``~/.local/share/lawdesk``)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def in_user_data_folder(db_path: Path) -> bool:
    """True when the resolved file ``db_path`` lies directly in the user's data folder.

    That folder always ends in ``APP_DIR_NAME`` (platformdirs appends the program's name), so a
    file in a folder of any other name is told apart without importing platformdirs."""
    if db_path.parent.name.casefold() != APP_DIR_NAME.casefold():
        return False
    return db_path.parent == user_data_folder().resolve()


SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(target: object) -> bool:
    """True when ``target`` is a PostgreSQL URL (``postgresql://…`` or ``postgres://…``); here,
    not beside the database code, so that finding the database does not import peewee."""
    return isinstance(target, str) and target.strip().lower().startswith(SERVER_SCHEMES)


_URL_PASSWORD = re.compile(r"^(?P<head>[a-z]+://[^/@?#:]*):(?P<pw>[^@/?#]*)@", re.I)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<pw>[^&#]*)", re.I)


def mask_url(url: str) -> str:
    """``url`` with its password (in the user part or ``?password=``) replaced by ``***``."""
    url = _URL_PASSWORD.sub(lambda m: f"{m['head']}:***@", url.strip(), count=1)
    return _QUERY_PASSWORD.sub(lambda m: f"{m['head']}***", url)


def display_target(target: Path | str) -> str:
    """How a database is named to the clerk: a resolved file path, or the masked URL."""
    if is_server_url(target):
        return mask_url(str(target))
    return str(Path(target).resolve())


def as_target(target: Path | str) -> Path | str:
    """A URL stays a string (``Path`` would fold its ``//``); anything else becomes a ``Path``."""
    if is_server_url(target):
        return str(target).strip()
    return Path(target)


def is_demo_path(path: Path | str) -> bool:
    """True for the demo's own file or the county demo's (the demo never goes into a clerk's
    database)."""
    return not is_server_url(path) and Path(path).name in (DEMO_FILE_NAME, COUNTY_DEMO_FILE_NAME)


def default_db_path() -> Path | str:
    """``LAWDESK_DB`` if set (a file, or a server URL kept as a string); else ``lawdesk.db``
    beside the program when it is there (unless it is in a synced or shared folder and the
    clerk moved it to the user's data folder: then that one) or when the folder is writable and
    neither synced nor shared; else ``lawdesk.db`` in the user's data folder."""
    from lawdesk.syncfolders import risk_of

    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return env if is_server_url(env) else Path(env).expanduser()
    beside = app_root() / DEFAULT_DB_NAME
    if beside.exists():
        if risk_of(beside) is not None and (moved := user_data_folder() / DEFAULT_DB_NAME).exists():
            return moved  # moved out of OneDrive / a network drive (services.relocate)
        return beside
    if folder_is_writable(app_root()) and risk_of(app_root()) is None:
        return beside
    folder = user_data_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DEFAULT_DB_NAME


def location_text(db_path: Path | str) -> str:
    """Where the data is, in Chinese, for the status bar and 关于."""
    if is_server_url(db_path):
        return (f"数据保存在服务器数据库：{mask_url(str(db_path))}（备份由服务器管理员负责；"
                f"本机只保存日志，在 {data_dir(db_path)}）")
    db_path = Path(db_path).resolve()
    if db_path.parent == app_root().resolve():
        where = "程序所在文件夹（便携使用）"
    elif in_user_data_folder(db_path):
        where = "用户数据文件夹"
    else:
        where = "指定的位置"
    text = f"数据保存在{where}：{db_path}（备份和材料文件在 {data_dir(db_path)}）"
    return f"{text}\n{risk.warning()}" if (risk := sync_risk(db_path)) else text


def sync_risk(db_path: Path | str):  # noqa: ANN201 - a SyncRisk or None
    """The sync or network risk of a database file (``None`` for a server database)."""
    if is_server_url(db_path):
        return None
    from lawdesk.syncfolders import risk_of

    return risk_of(db_path)


def data_dir(db_path: Path | str) -> Path:
    """The data folder that belongs to a database: backups, evidence files, logs (a server
    database's: a folder in the user's data folder, for the log only)."""
    if is_server_url(db_path):
        return user_data_folder() / "server-data"
    db_path = Path(db_path)
    return db_path.resolve().parent / f"{db_path.stem}-data"


def backups_dir(db_path: Path) -> Path:
    return data_dir(db_path) / "backups"


def attachments_dir(db_path: Path) -> Path:
    return data_dir(db_path) / "attachments"


def logs_dir(db_path: Path) -> Path:
    return data_dir(db_path) / "logs"


def short_location(db_path: Path | str) -> str:
    """One line for the status bar: which kind of folder, and the file."""
    if is_server_url(db_path):
        return f"服务器数据库：{mask_url(str(db_path))}"
    db_path = Path(db_path).resolve()
    if db_path.parent == app_root().resolve():
        where = "程序所在文件夹"
    elif in_user_data_folder(db_path):
        where = "用户数据文件夹"
    else:
        where = "数据库"
    return f"{where}：{db_path}"
