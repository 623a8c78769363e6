"""打印报告 driven as a clerk would: the report page's 打印 asks which printer and how many sides,
prints on a worker thread through (a fake) CUPS, and shows what was done; where the system cannot
be asked for two sides, the choice is not offered and the dialog says why."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from lawdesk import printing
from lawdesk.ui.dialogs.print_dialog import SHELL_SIDES_NOTE, TWO_SIDED, PrintDialog
from lawdesk.ui.pages.report import export as report_page
from tests.ui.conftest import pump


@pytest.fixture
def fake_cups(tmp_path: Path, monkeypatch) -> Path:  # noqa: ANN001
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "lp.log"
    scripts = {
        "lp": f'echo "$*" >> "{log}"\necho "request id is HP_LaserJet-12 (1 file(s))"',
        "lpstat": 'case "$1" in -e) printf "HP_LaserJet\\nCanon\\n";; -d) echo "system default destination: Canon";; esac',
        "lpoptions": 'echo "Duplex/2-Sided Printing: *None DuplexNoTumble"',
    }
    for name, body in scripts.items():
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


def test_the_clerk_chooses_printer_and_sides_and_reads_what_happened(demo_window, root, tmp_path, monkeypatch,  # noqa: ANN001
                                                                       fake_cups: Path) -> None:  # fmt: skip
    page = demo_window.show_page("report")
    page.set_year(2022)
    out = tmp_path / "报告.docx"
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **_kw: str(out))
    page.export_view.on_export()
    pump(root)
    dialog = page.export_view.on_print()
    pump(root)
    assert isinstance(dialog, PrintDialog)
    assert list(dialog.printer_box.cget("values")) == ["Canon（默认）", "HP_LaserJet"]
    assert dialog.sides_var.get() == TWO_SIDED and "版记在偶数页" in dialog.duplex_note.cget("text")
    dialog.printer_var.set("HP_LaserJet")
    dialog.print_button.invoke()
    pump(root)
    lp = fake_cups.read_text()
    assert "-d HP_LaserJet" in lp and "sides=two-sided-long-edge" in lp
    text = page.export_view.result_label.cget("text")
    assert "打印机“HP_LaserJet”" in text and "双面" in text and "HP_LaserJet-12" in text
    assert not dialog.winfo_exists()


def test_sides_the_system_cannot_be_asked_for_are_not_offered(root, tmp_path) -> None:  # noqa: ANN001
    chosen: list[printing.PrintJob] = []
    report = tmp_path / "报告.docx"
    report.write_bytes(b"PK")
    dialog = PrintDialog(root, report, chosen.append,
                         find=lambda: printing.Printers(["办公室 HP"], "办公室 HP", sides_choosable=False))
    pump(root)
    assert str(dialog.two_sided_radio.cget("state")) == "disabled"
    assert dialog.sides_note.cget("text") == SHELL_SIDES_NOTE
    dialog.viewer_button.invoke()
    assert chosen == [printing.PrintJob(report, via_viewer=True)]


def test_no_printer_found_still_offers_the_default(root, tmp_path) -> None:  # noqa: ANN001
    chosen: list[printing.PrintJob] = []
    dialog = PrintDialog(root, tmp_path / "a.pdf", chosen.append, find=printing.Printers)
    pump(root)
    assert dialog.printer_var.get() == "默认打印机"
    dialog.sides_var.set("单面打印")
    dialog.print_button.invoke()
    assert chosen == [printing.PrintJob(tmp_path / "a.pdf", None, two_sided=False)]
