"""Printing a report the honest way: the clerk chooses the printer and two-sided printing, and the
message says what was actually done.

GB/T 9704-2012 7.4 puts the 版记 on an even page: the report is laid out for two-sided printing
(``DUPLEX_NOTE``), so the choice matters and is never made silently.

- **Linux (UOS, Kylin)**: CUPS. The printers are ``lpstat``'s; the job goes to ``lp -d 打印机
  -o sides=two-sided-long-edge`` (or ``one-sided``), a .docx converted to PDF by LibreOffice
  first. The message names the printer, the sides and CUPS's job id, and says when the printer
  reports no two-sided unit (CUPS then prints one-sided without a word).
- **Windows**: the shell, as Explorer's 打印 does: ``os.startfile(file, "printto", 打印机)`` (or
  ``"print"`` for the default printer) hands the .docx to its program (WPS or Word), with COM
  initialised on the calling worker thread as ShellExecute requires. No shell verb can ask for
  two sides: that follows the printer's own default, and the message says so. To choose two
  sides for certain, the clerk opens the report in WPS (``"open"``) and prints from its dialog.
- **Either**: ``via_viewer`` opens the document in its program for its own print dialog.

Nothing here waits for paper: "已交给…打印" means the job was handed over, which is all any
program can know.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lawdesk.errors import LawdeskError

#: (No-break spaces: Tk wraps at spaces, and would put the Chinese sentence after them on a line
#: of its own.)
DUPLEX_NOTE = ("本报告按双面打印编排：版记在偶数页（GB/T\u00a09704-2012\u00a07.4）。请选择双面打印"
               "（长边翻页）；单面打印时最后会多出空白页。")  # fmt: skip
LP_TIMEOUT_S = 60
#: CUPS's answer to ``lp``: "request id is 打印机-12 (1 file(s))".
_JOB_ID = re.compile(r"request id is (\S+)")


@dataclass(frozen=True)
class Printers:
    """What the clerk can choose from on this computer."""

    names: list[str] = field(default_factory=list)
    default: str | None = None
    #: Whether lawdesk itself can ask for two sides (CUPS yes; the Windows shell no).
    sides_choosable: bool = False


@dataclass(frozen=True)
class PrintJob:
    path: Path
    printer: str | None = None  # None: the default printer
    two_sided: bool = True
    via_viewer: bool = False  # open the document for its program's own print dialog


def printers() -> Printers:
    """The printers of this computer, the default first (none found: an empty list)."""
    if sys.platform == "win32":
        names, default = _windows_printers()
        return Printers(_default_first(names, default), default, sides_choosable=False)
    names, default = _cups_printers()
    return Printers(_default_first(names, default), default, sides_choosable=True)


def _default_first(names: list[str], default: str | None) -> list[str]:
    return sorted(set(names), key=lambda n: (n != default, n))


def print_document(job: PrintJob) -> str:
    """Print (or open for printing) ``job.path``; the Chinese line saying what was done, or
    ``LawdeskError`` saying what could not be and what to do instead."""
    path = Path(job.path)
    if not path.is_file():
        raise LawdeskError(f"找不到要打印的文件：{path}")
    if job.via_viewer:
        return _open_for_printing(path)
    if sys.platform == "win32":
        return _print_windows(path, job)
    return _print_cups(path, job)


# --------------------------------------------------------------------------------------------
# Opening the document for its program's print dialog


def _open_for_printing(path: Path) -> str:
    try:
        if sys.platform == "win32":
            with _com_apartment():
                os.startfile(str(path), "open")  # type: ignore[attr-defined]
        else:
            opener = shutil.which("xdg-open")
            if opener is None:
                raise FileNotFoundError("xdg-open")
            subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise LawdeskError(f"无法打开“{path.name}”：这台电脑没有为它关联程序（如 WPS）。请在 WPS 中手动打开它再打印。") from exc
    return (f"已用关联的程序（如 WPS）打开“{path.name}”。请在其中按 Ctrl+P，选择打印机，"
            "勾选“双面打印”（长边翻页）后打印。")  # fmt: skip


# --------------------------------------------------------------------------------------------
# Windows: the shell's print verbs


def _print_windows(path: Path, job: PrintJob) -> str:
    try:
        with _com_apartment():
            if job.printer:
                os.startfile(str(path), "printto", f'"{job.printer}"')  # type: ignore[attr-defined]
            else:
                os.startfile(str(path), "print")  # type: ignore[attr-defined]
    except OSError as exc:
        raise LawdeskError(
            f"无法直接打印“{path.name}”：系统没有为 {path.suffix} 文件关联可以打印的程序"
            f"{'（或它不支持选择打印机）' if job.printer else ''}。请改用“在 WPS 中打开并打印”。"
        ) from exc
    where = f"打印机“{job.printer}”" if job.printer else "默认打印机"
    sides = ("单双面按这台打印机的默认设置，程序无法替您选择；" + ("如需确保双面，请改用“在 WPS 中打开并打印”。"
             if job.two_sided else "如需确保单面，请改用“在 WPS 中打开并打印”。"))  # fmt: skip
    return f"已把“{path.name}”交给它的关联程序（WPS 或 Word）打印到{where}。{sides}"


@contextlib.contextmanager
def _com_apartment() -> Iterator[None]:
    """COM initialised on this (worker) thread for ShellExecute, and uninitialised after."""
    ole32 = None
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import ctypes

        ole32 = ctypes.windll.ole32  # type: ignore[attr-defined]
    if ole32 is None:
        yield
        return
    result = ole32.CoInitializeEx(None, 0x2 | 0x4)  # COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE
    try:
        yield
    finally:
        if result in (0, 1):  # S_OK, S_FALSE: this call initialised it (again)
            ole32.CoUninitialize()


def _windows_printers() -> tuple[list[str], str | None]:
    """Installed and connected printers, and the default one (``winspool.drv`` through ctypes)."""
    try:
        import ctypes
        from ctypes import wintypes

        winspool = ctypes.WinDLL("winspool.drv")  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return [], None
    flags = 0x2 | 0x4  # PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS
    needed, count = wintypes.DWORD(), wintypes.DWORD()
    winspool.EnumPrintersW(flags, None, 4, None, 0, ctypes.byref(needed), ctypes.byref(count))
    names: list[str] = []
    if needed.value:

        class PrinterInfo4(ctypes.Structure):
            _fields_ = [("pPrinterName", wintypes.LPWSTR), ("pServerName", wintypes.LPWSTR),
                        ("Attributes", wintypes.DWORD)]  # fmt: skip

        buffer = ctypes.create_string_buffer(needed.value)
        if winspool.EnumPrintersW(flags, None, 4, buffer, needed, ctypes.byref(needed), ctypes.byref(count)):
            infos = ctypes.cast(buffer, ctypes.POINTER(PrinterInfo4))
            names = [infos[i].pPrinterName for i in range(count.value) if infos[i].pPrinterName]
    size = wintypes.DWORD(0)
    winspool.GetDefaultPrinterW(None, ctypes.byref(size))
    default = None
    if size.value:
        text = ctypes.create_unicode_buffer(size.value)
        if winspool.GetDefaultPrinterW(text, ctypes.byref(size)):
            default = text.value
    return names, default


# --------------------------------------------------------------------------------------------
# Linux: CUPS


def _cups(args: list[str]) -> subprocess.CompletedProcess[str] | None:
    exe = shutil.which(args[0])
    if exe is None:
        return None
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # CUPS's English answers, parsed below
    try:
        return subprocess.run([exe, *args[1:]], capture_output=True, text=True, timeout=LP_TIMEOUT_S, env=env,
                              check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None


def _cups_printers() -> tuple[list[str], str | None]:
    listed = _cups(["lpstat", "-e"])
    names = listed.stdout.split() if listed is not None and listed.returncode == 0 else []
    default = None
    answer = _cups(["lpstat", "-d"])
    if answer is not None and ":" in answer.stdout and "no system default" not in answer.stdout:
        default = answer.stdout.split(":", 1)[1].strip() or None
    return names, default


def duplex_supported(printer: str | None) -> bool | None:
    """Whether CUPS lists a two-sided option for ``printer`` (None: cannot tell)."""
    args = ["lpoptions", "-l"] + (["-p", printer] if printer else [])
    answer = _cups(args)
    if answer is None or answer.returncode != 0:
        return None
    for line in answer.stdout.splitlines():
        key = line.split("/", 1)[0].strip().lower()
        if key in ("duplex", "sides", "jcldupleks", "kmduplex", "epduplex"):
            values = line.split(":", 1)[1].split() if ":" in line else []
            return any(v.strip("*").lower() not in ("none", "off", "one-sided", "false") for v in values)
    return False


def _print_cups(path: Path, job: PrintJob) -> str:
    if shutil.which("lp") is None:
        raise LawdeskError("无法直接打印：没有找到打印命令（lp，即 CUPS 打印服务）。请改用“在 WPS 中打开并打印”。")
    with tempfile.TemporaryDirectory(prefix="lawdesk-print-") as tmp:
        document = path if path.suffix.lower() == ".pdf" else _as_pdf(path, Path(tmp))
        sides = "two-sided-long-edge" if job.two_sided else "one-sided"
        args = ["lp", *(["-d", job.printer] if job.printer else []), "-o", f"sides={sides}",
                "-t", path.stem, str(document)]  # fmt: skip
        done = _cups(args)
    if done is None:
        raise LawdeskError("打印失败：打印命令（lp）没有响应。请检查打印服务后重试，或改用“在 WPS 中打开并打印”。")
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["打印机不可用"]
        raise LawdeskError(f"打印失败（打印服务的答复：{reason[0]}）。请检查打印机后重试，或改用“在 WPS 中打开并打印”。")
    found = _JOB_ID.search(done.stdout)
    where = f"打印机“{job.printer}”" if job.printer else "默认打印机"
    text = f"已把“{path.name}”交给{where}打印（{'双面，长边翻页' if job.two_sided else '单面'}）"
    text += f"，任务号 {found.group(1)}。" if found else "。"
    if job.two_sided and duplex_supported(job.printer) is False:
        text += "注意：这台打印机没有报告双面打印功能，可能会按单面打印。"
    return text


def _as_pdf(path: Path, folder: Path) -> Path:
    from lawdesk.report.errors import ReportError
    from lawdesk.report.files import docx_to_pdf, find_soffice

    if find_soffice() is None:
        raise LawdeskError("无法直接打印 .docx：这台电脑没有 LibreOffice，无法先转成 PDF。请改用“在 WPS 中打开并打印”。")
    try:
        return docx_to_pdf(path, folder / f"{path.stem}.pdf")
    except ReportError as exc:
        raise LawdeskError(f"无法直接打印：{exc.message}") from exc
