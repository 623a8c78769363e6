"""打印报告: the clerk chooses the printer and one or two sides, or opens the report in WPS for its
own print dialog; the report page then prints on a worker thread and shows what was done.

The printers are looked up off the Tk thread (``lpstat`` may wait for a CUPS server); until they
come the list says so. Where lawdesk cannot ask for two sides itself (the Windows shell), the
sides are shown but not offered, with the reason and the way that can (WPS's own dialog).
"""

from __future__ import annotations

import tkinter
from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk import printing
from lawdesk.ui import common

DEFAULT_LABEL = "默认打印机"
SEARCHING = "正在查找打印机…"
TWO_SIDED = "双面打印（长边翻页）"
ONE_SIDED = "单面打印"
SHELL_SIDES_NOTE = "直接打印时，单双面按打印机自己的默认设置，程序无法替您选择；需要确保双面时，请点“在\u00a0WPS\u00a0中打开并打印”。"


class PrintDialog(ttk.Toplevel):
    """Choose how to print ``path``; ``on_print(job)`` is called with the choice (then it closes)."""

    def __init__(self, master: tkinter.Misc, path: Path, on_print: Callable[[printing.PrintJob], None],
                 *, find: Callable[[], printing.Printers] = printing.printers) -> None:  # fmt: skip
        super().__init__(title="打印报告", transient=master.winfo_toplevel(), minsize=(460, 300))
        self.path = Path(path)
        self.on_print_chosen = on_print
        self.found: printing.Printers | None = None
        self._build_ui()
        common.place_near(self, master, 560, 320)
        self.bind("<Escape>", lambda _e: self.on_cancel())
        self.protocol("WM_DELETE_WINDOW", self.on_cancel)
        self.print_button.focus_set()
        common.BackgroundTask(self, find, self._show_printers, self._no_printers).start()

    def _build_ui(self) -> None:
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        buttons = ttk.Frame(body)
        buttons.pack(side="bottom", fill="x", pady=(12, 0))
        self.cancel_button = ttk.Button(buttons, text="取消", bootstyle="secondary", command=self.on_cancel)
        self.cancel_button.pack(side="right")
        self.print_button = ttk.Button(buttons, text="打印", command=self.on_print)
        self.print_button.pack(side="right", padx=(0, 8))
        self.viewer_button = ttk.Button(buttons, text="在 WPS 中打开并打印", bootstyle="secondary-outline",
                                        command=self.on_viewer)  # fmt: skip
        self.viewer_button.pack(side="left")

        common.wrapping_label(body, f"文件：{self.path.name}").pack(anchor="w", fill="x")
        row = ttk.Frame(body)
        row.pack(fill="x", pady=(10, 4))
        ttk.Label(row, text="打印机").pack(side="left")
        self.printer_var = tkinter.StringVar(value=SEARCHING)
        self.printer_box = ttk.Combobox(row, textvariable=self.printer_var, state="disabled", values=[SEARCHING])
        self.printer_box.pack(side="left", fill="x", expand=True, padx=(8, 0))
        self.sides_var = tkinter.StringVar(value=TWO_SIDED)
        sides = ttk.Frame(body)
        sides.pack(fill="x", pady=(4, 0))
        self.two_sided_radio = ttk.Radiobutton(sides, text=TWO_SIDED, value=TWO_SIDED, variable=self.sides_var)
        self.two_sided_radio.pack(side="left")
        self.one_sided_radio = ttk.Radiobutton(sides, text=ONE_SIDED, value=ONE_SIDED, variable=self.sides_var)
        self.one_sided_radio.pack(side="left", padx=(16, 0))
        self.sides_note = common.wrapping_label(body, "", muted=True)
        self.sides_note.pack(anchor="w", fill="x", pady=(4, 0))
        self.duplex_note = common.wrapping_label(body, printing.DUPLEX_NOTE, muted=True)
        self.duplex_note.pack(anchor="w", fill="x", pady=(8, 0))

    # -- the printers, found off the Tk thread ------------------------------------------------

    def _show_printers(self, found: printing.Printers) -> None:
        if not self.winfo_exists():
            return
        self.found = found
        labels = [f"{n}（默认）" if n == found.default else n for n in found.names] or [DEFAULT_LABEL]
        self.printer_box.configure(values=labels, state="readonly")
        self.printer_var.set(labels[0])
        if not found.sides_choosable:
            for radio in (self.two_sided_radio, self.one_sided_radio):
                radio.configure(state="disabled")
            self.sides_note.configure(text=SHELL_SIDES_NOTE)

    def _no_printers(self, _exc: BaseException) -> None:
        self._show_printers(printing.Printers())

    def chosen_printer(self) -> str | None:
        label = self.printer_var.get()
        if self.found is None or label in (DEFAULT_LABEL, SEARCHING):
            return None
        return label.removesuffix("（默认）")

    # -- actions ------------------------------------------------------------------------------

    def on_print(self) -> None:
        self._chosen(printing.PrintJob(self.path, self.chosen_printer(), self.sides_var.get() == TWO_SIDED))

    def on_viewer(self) -> None:
        self._chosen(printing.PrintJob(self.path, via_viewer=True))

    def _chosen(self, job: printing.PrintJob) -> None:
        self.destroy()
        self.on_print_chosen(job)

    def on_cancel(self) -> None:
        self.destroy()
