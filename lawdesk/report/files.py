"""Saving and converting reports: atomic .docx save, PDF through LibreOffice.

Files are written through a temporary file in the target folder and ``os.replace``; they end up
with the user's normal permissions (0666 less the umask, like any program's output), not the
0600 of the temporary file. An existing read-only target is refused, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from docx.document import Document

from lawdesk.report.errors import PdfConversionFailed, PdfUnavailable, ReportError, ReportFileLocked


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def new_file_mode() -> int:
    """Permission bits a newly created file gets from this user: 0666 less the umask."""
    return 0o666 & ~_umask()


def refuse_read_only(target: Path) -> None:
    """Raise ``ReportError`` when ``target`` exists and is read-only (never replace it)."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ReportError(f"无法访问文件“{target.name}”：{exc.strerror or exc}") from exc
    if not stat.S_ISREG(mode):
        raise ReportError(f"“{target.name}”不是普通文件，不能用报告覆盖它，请换一个文件名。")
    if not mode & stat.S_IWUSR:
        raise ReportError(
            f"文件“{target.name}”是只读文件，没有覆盖它。请换一个文件名，或先取消该文件的只读属性。"
        )


def set_output_mode(fd: int, target: Path) -> None:
    """Give the file open on ``fd`` the mode its output ``target`` should end with: the old
    file's, else the user's default (0666 less the umask), not the temp file's 0600.

    Only on POSIX: Windows has no permission bits but the read-only flag (which a new temp file
    never has), and Python 3.11 for Windows has no ``os.fchmod`` and no ``os.chmod`` of a
    descriptor, so nothing is done there.
    """
    if os.name != "posix" or not hasattr(os, "fchmod"):
        return
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = new_file_mode()
    with contextlib.suppress(OSError):
        os.fchmod(fd, mode)


def save_docx_atomic(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write ``doc`` to ``path`` via a temp file in the same folder + fsync + ``os.replace``.

    The previous file stays intact on any failure. A target held open by WPS/Word raises
    ``ReportFileLocked``.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    refuse_read_only(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise ReportError(f"没有权限在文件夹“{folder}”中保存文件，请换一个位置。") from exc
    except OSError as exc:
        raise ReportError(f"无法在文件夹“{folder}”中保存文件：{exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            doc.save(fh)
            fh.flush()
            set_output_mode(fh.fileno(), target)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except PermissionError as exc:
        raise ReportFileLocked(f"文件“{target.name}”正被 WPS 或 Word 打开，请关闭后重试。") from exc
    except OSError as exc:
        raise ReportError(f"保存文件“{target.name}”失败：{exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    _fsync_dir(folder)
    return target


_WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (PATH first, then the usual install folders)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = list(_WINDOWS_SOFFICE) if os.name == "nt" else [
        "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ]  # fmt: skip
    return next((c for c in candidates if Path(c).is_file()), None)


#: PDF export that keeps the blank page a section starting on an even page adds (LibreOffice
#: 7.4 and later read filter options written as JSON; older ones are asked plainly).
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def _convert(exe: str, source: Path, out_dir: Path, profile_dir: Path, target: str, timeout: float) -> None:
    cmd = [
        exe, f"-env:UserInstallation={profile_dir.as_uri()}", "--headless", "--norestore",
        "--nolockcheck", "--convert-to", target, "--outdir", str(out_dir), str(source),
    ]  # fmt: skip
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    subprocess.run(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, timeout=timeout, check=False, creationflags=flags,
    )  # fmt: skip


PDF_UNAVAILABLE_MESSAGE = (
    "未找到 LibreOffice（soffice），无法导出 PDF；"
    "请安装 LibreOffice，或在 WPS/Word 中打开 .docx 后另存为 PDF。"
)


def docx_to_pdf(
    docx_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str],
    *,
    timeout: float = 180.0,
    soffice: str | None = None,
) -> Path:
    """Convert with ``soffice --headless`` in a private profile; returns ``pdf_path``."""
    exe = soffice or find_soffice()
    if not exe or not (Path(exe).is_file() or shutil.which(exe)):
        raise PdfUnavailable(PDF_UNAVAILABLE_MESSAGE)
    source = Path(docx_path).resolve()
    target = Path(pdf_path)
    refuse_read_only(target)
    with tempfile.TemporaryDirectory(prefix="lawdesk-pdf-") as tmp:
        profile_dir = Path(tmp) / "profile"
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        produced = out_dir / f"{source.stem}.pdf"
        try:
            _convert(exe, source, out_dir, profile_dir, PDF_FILTER, timeout)
            if not produced.is_file():  # a LibreOffice before 7.4
                _convert(exe, source, out_dir, profile_dir, "pdf", timeout)
        except FileNotFoundError as exc:
            raise PdfUnavailable(PDF_UNAVAILABLE_MESSAGE) from exc
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionFailed(
                f"LibreOffice 转换超时（超过 {int(timeout)} 秒），请稍后重试，"
                "或在 WPS/Word 中打开 .docx 后另存为 PDF。"
            ) from exc
        if not produced.is_file() or produced.stat().st_size == 0:
            raise PdfConversionFailed(
                "LibreOffice 未能生成 PDF，请在 WPS/Word 中打开 .docx 后另存为 PDF。"
            )
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp",
                                        dir=target.parent or Path("."))  # fmt: skip
        try:
            with os.fdopen(fd, "wb") as fh, open(produced, "rb") as src:
                shutil.copyfileobj(src, fh)
                fh.flush()
                set_output_mode(fh.fileno(), target)
                os.fsync(fh.fileno())
            os.replace(tmp_name, target)
        except PermissionError as exc:
            raise ReportFileLocked(f"文件“{target.name}”正被其他程序打开，请关闭后重试。") from exc
        finally:
            with contextlib.suppress(OSError):
                Path(tmp_name).unlink(missing_ok=True)
    return target
