"""Printing that is honest (lawdesk/printing.py): the clerk's printer and sides reach the system,
and the message says what was done — on Windows through the shell (played by the ``windows``
fixture, whose ``os.startfile`` records its calls), on Linux through a fake CUPS ``lp`` on PATH.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lawdesk import printing
from lawdesk.errors import LawdeskError
from lawdesk.printing import PrintJob

OLD_MESSAGE = "已发送到默认打印机"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "关于2022年度法治政府建设工作情况的报告.docx"
    path.write_bytes(b"PK\x03\x04 a report")
    return path


# --------------------------------------------------------------------------------------------
# Windows


def test_windows_prints_to_the_chosen_printer_through_the_shell(windows, report: Path) -> None:
    message = printing.print_document(PrintJob(report, printer="办公室 HP LaserJet", two_sided=True))
    (call,) = windows.started
    assert (call.path, call.operation, call.arguments) == (str(report), "printto", '"办公室 HP LaserJet"')
    assert "打印机“办公室 HP LaserJet”" in message and OLD_MESSAGE not in message
    assert "默认设置" in message and "在 WPS 中打开并打印" in message  # duplex: said, not promised


def test_windows_default_printer_uses_the_print_verb(windows, report: Path) -> None:
    message = printing.print_document(PrintJob(report))
    assert [(c.operation, c.arguments) for c in windows.started] == [("print", None)]
    assert "默认打印机" in message and "单双面按这台打印机的默认设置" in message


def test_windows_opens_the_report_in_wps_for_its_own_print_dialog(windows, report: Path) -> None:
    message = printing.print_document(PrintJob(report, via_viewer=True))
    assert [c.operation for c in windows.started] == ["open"]
    assert "Ctrl+P" in message and "双面打印" in message


def test_windows_without_a_program_for_docx_says_what_to_do(windows, report: Path, monkeypatch) -> None:
    def no_association(*_args: object) -> None:
        raise OSError(22, "没有应用程序与此操作的指定文件有关联。")

    monkeypatch.setattr(printing.os, "startfile", no_association)
    with pytest.raises(LawdeskError, match="在 WPS 中打开并打印"):
        printing.print_document(PrintJob(report, printer="HP"))


def test_windows_initialises_com_on_the_worker_thread_that_prints(windows, report: Path, monkeypatch) -> None:
    seen: list[tuple[str, str]] = []

    @contextlib.contextmanager
    def apartment() -> Iterator[None]:
        seen.append(("COM on", threading.current_thread().name))
        yield
        seen.append(("COM off", threading.current_thread().name))

    monkeypatch.setattr(printing, "_com_apartment", apartment)
    worker = threading.Thread(target=printing.print_document, args=(PrintJob(report, printer="HP"),), name="worker")
    worker.start()
    worker.join(10)
    (call,) = windows.started
    assert call.thread == "worker"
    assert seen == [("COM on", "worker"), ("COM off", "worker")]


def test_windows_offers_no_side_choice_it_cannot_keep(windows) -> None:
    assert printing.printers().sides_choosable is False  # the shell cannot ask for two sides


# --------------------------------------------------------------------------------------------
# Linux: a fake CUPS


@pytest.fixture
def cups(tmp_path: Path, monkeypatch) -> Path:
    """``lp``, ``lpstat`` and ``lpoptions`` on PATH that log their arguments to ``calls.log``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    scripts = {
        "lp": 'if [ -n "$LP_FAIL" ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi\n'
              'echo "request id is ${LP_DEST:-Canon}-7 (1 file(s))"',
        "lpstat": 'case "$1" in -e) printf "HP_LaserJet\\nCanon\\n";; -d) echo "system default destination: Canon";; esac',
        "lpoptions": 'if [ -n "$NO_DUPLEX" ]; then echo "PageSize/Media Size: *A4 Letter"; '
                     'else echo "Duplex/2-Sided Printing: *None DuplexNoTumble DuplexTumble"; fi',
    }  # fmt: skip
    for name, body in scripts.items():
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n{body}\n')
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "报告.pdf"
    path.write_bytes(b"%PDF-1.7 a report")
    return path


def test_linux_lists_the_printers_default_first(cups: Path) -> None:
    found = printing.printers()
    assert found.names == ["Canon", "HP_LaserJet"] and found.default == "Canon" and found.sides_choosable


def test_linux_prints_two_sided_on_the_chosen_printer(cups: Path, pdf: Path, monkeypatch) -> None:
    monkeypatch.setenv("LP_DEST", "HP_LaserJet")
    message = printing.print_document(PrintJob(pdf, printer="HP_LaserJet", two_sided=True))
    lp = next(line for line in cups.read_text().splitlines() if line.startswith("lp "))
    assert "-d HP_LaserJet" in lp and "-o sides=two-sided-long-edge" in lp and str(pdf) in lp
    assert "打印机“HP_LaserJet”" in message and "双面，长边翻页" in message and "HP_LaserJet-7" in message
    assert OLD_MESSAGE not in message and "没有报告双面" not in message


def test_linux_one_sided_when_the_clerk_says_so(cups: Path, pdf: Path) -> None:
    message = printing.print_document(PrintJob(pdf, two_sided=False))
    lp = next(line for line in cups.read_text().splitlines() if line.startswith("lp "))
    assert "-o sides=one-sided" in lp and "-d" not in lp.split()
    assert "默认打印机" in message and "单面" in message


def test_linux_warns_when_the_printer_reports_no_two_sided_unit(cups: Path, pdf: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_DUPLEX", "1")
    message = printing.print_document(PrintJob(pdf, printer="Canon"))
    assert "没有报告双面打印功能" in message


def test_linux_a_refused_job_says_what_cups_answered(cups: Path, pdf: Path, monkeypatch) -> None:
    monkeypatch.setenv("LP_FAIL", "1")
    with pytest.raises(LawdeskError) as info:
        printing.print_document(PrintJob(pdf, printer="不存在"))
    assert "打印失败" in info.value.message and "does not exist" in info.value.message


def test_linux_without_cups_says_what_to_do(pdf: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(LawdeskError, match="在 WPS 中打开并打印"):
        printing.print_document(PrintJob(pdf))


@pytest.mark.skipif(printing.shutil.which("soffice") is None, reason="needs LibreOffice")
def test_linux_prints_a_docx_as_pdf(cups: Path, tmp_path: Path) -> None:
    from docx import Document

    from lawdesk.report.files import save_docx_atomic

    path = save_docx_atomic(Document(), tmp_path / "报告.docx")
    printing.print_document(PrintJob(path, printer="Canon"))
    lp = next(line for line in cups.read_text().splitlines() if line.startswith("lp "))
    assert lp.rstrip().endswith("报告.pdf")
