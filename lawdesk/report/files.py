"""Saving and converting reports: the .docx saved through ``lawdesk.safe_write``, PDF through LibreOffice.

``lawdesk.safe_write`` writes every output file the same way (a temporary file beside the
target, fsync, the user's normal permissions, ``os.replace``; read-only targets and inputs
refused); its errors reach the report's callers as ``ReportError`` (``ReportFileLocked`` for a
file open in WPS or Word).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docx.document import Document

from lawdesk import safe_write
from lawdesk.report.errors import PdfConversionFailed, PdfUnavailable, ReportError, ReportFileLocked


@contextmanager
def _as_report_errors() -> Iterator[None]:
    try:
        yield
    except safe_write.OutputLocked as exc:
        raise ReportFileLocked(exc.message) from exc
    except safe_write.OutputError as exc:
        raise ReportError(exc.message) from exc


def save_docx_atomic(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write ``doc`` to ``path`` safely (``lawdesk.safe_write``): the previous file stays intact
    on any failure; a target held open by WPS/Word raises ``ReportFileLocked``."""
    with _as_report_errors():
        return safe_write.write_with(path, doc.save)


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
    with _as_report_errors():
        target = safe_write.check_target(pdf_path)
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
        with _as_report_errors():
            safe_write.copy_file(produced, target)
    return target
