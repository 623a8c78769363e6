"""Where a save dialog starts: the folder last used for that kind of file, else a folder of its
own under the user's 文档 (documents) folder — 文档/法治建设台账/报告 for reports.

Never the program's folder (what a dialog without a start folder shows, so Enter saved the
official report beside the program) and never a guessed ``~/Desktop``: the documents folder is
the one the system names (``platformdirs``: on Windows the known folder, which follows a
redirection to OneDrive or ``D:\\``; on UOS and Kylin the XDG ``文档`` folder).

The last folder is remembered **per user on this computer**, for each kind of file, in a small
JSON file in the user's settings folder (``platformdirs.user_config_dir``): folders are this
computer's, so they are not stored in the database (which may be opened on another PC, or be
shared by several clerks). A remembered folder that is gone (a USB stick taken out) is skipped.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from lawdesk import safe_write

logger = logging.getLogger(__name__)

#: The folder under 文档 that holds lawdesk's own folders.
LAWDESK_FOLDER = "法治建设台账"
MEMORY_FILE = "save-folders.json"


@dataclass(frozen=True)
class FileKind:
    """A kind of file the clerk saves, and the folder of its own under 文档/法治建设台账."""

    key: str
    folder: str


REPORT = FileKind("report", "报告")  # the annual report (.docx, .pdf), the county's report
EXCEL = FileKind("excel", "Excel台账")  # ledgers, templates
PACKAGE = FileKind("package", "数据包")  # .ldpkg packages for the county
BINDER = FileKind("binder", "迎检台账")  # the inspection binder (.zip)
KINDS = {k.key: k for k in (REPORT, EXCEL, PACKAGE, BINDER)}
_BY_EXTENSION = {".docx": REPORT, ".pdf": REPORT, ".xlsx": EXCEL, ".xlsm": EXCEL, ".csv": EXCEL,
                 ".ldpkg": PACKAGE, ".zip": BINDER}


def kind_for_extension(extension: str) -> FileKind:
    """The kind of a file by its extension (a report for one not listed)."""
    return _BY_EXTENSION.get(extension.lower(), REPORT)


def documents_folder() -> Path:
    """The user's documents folder as the system names it (home when it cannot say)."""
    import platformdirs

    try:
        return Path(platformdirs.user_documents_dir())
    except (OSError, ValueError, RuntimeError) as exc:  # no known folder: a bare account
        logger.warning("no documents folder: %r", exc)
        return Path.home()


def memory_file() -> Path:
    """The JSON file that remembers the last folder of each kind."""
    import platformdirs

    return Path(platformdirs.user_config_dir("lawdesk", appauthor=False)) / MEMORY_FILE


def _remembered() -> dict[str, str]:
    try:
        data = json.loads(memory_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(data, dict) else {}


def default_folder(kind: FileKind) -> Path:
    """文档/法治建设台账/<kind's folder>, made when missing (文档 itself when that fails)."""
    documents = documents_folder()
    folder = documents / LAWDESK_FOLDER / kind.folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        logger.warning("cannot make %s: %r", folder, exc)
        return documents if documents.is_dir() else Path.home()
    return folder


def start_folder(kind: FileKind) -> Path:
    """The folder a save dialog for ``kind`` starts in: the last one used, else the default."""
    last = _remembered().get(kind.key)
    if last and Path(last).is_dir():
        return Path(last)
    return default_folder(kind)


def remember(kind: FileKind, chosen: Path) -> None:
    """Remember the folder of the file just chosen (a failure to write is only logged)."""
    data = _remembered()
    data[kind.key] = str(Path(chosen).parent)
    target = memory_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        safe_write.write_bytes(target, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except (OSError, safe_write.OutputError) as exc:
        logger.warning("cannot remember the save folder in %s: %r", target, exc)


def ask_save_path(parent: object, kind: FileKind, *, title: str, filename: str, extension: str,
                  type_name: str) -> Path | None:
    """The save dialog, started in ``start_folder(kind)``; the chosen folder is remembered.

    None when the clerk cancels."""
    from ttkbootstrap import filedialog

    name = filedialog.asksaveasfilename(
        parent=parent, title=title, initialfile=filename, defaultextension=extension,
        initialdir=str(start_folder(kind)), filetypes=[(type_name, f"*{extension}")])
    if not name:
        return None
    path = Path(name)
    remember(kind, path)
    return path
