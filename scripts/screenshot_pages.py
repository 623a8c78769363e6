"""Save a screenshot of every page, form and dialog of the window, as a new clerk would see them.

Run on an X display with ImageMagick's ``import`` installed, best with a window manager so the
title bar and borders take their space, e.g. with the project's screenshot tool or::

    xvfb-run -a -s "-screen 0 1024x768x24 -dpi 96" .venv/bin/python scripts/screenshot_pages.py DB OUTDIR

DB should hold the demo data (``python -m lawdesk --db x.db demo`` writes 演示数据.db beside x.db).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawdesk import db as dbmod  # noqa: E402
from lawdesk.app import create_root, fit_window  # noqa: E402
from lawdesk.schema import RECORD_SPECS  # noqa: E402
from lawdesk.services import stats  # noqa: E402
from lawdesk.ui.main_window import PAGE_CLASSES, MainWindow  # noqa: E402
from lawdesk.ui.pages.base import PageId, record_key  # noqa: E402


def snap(root, out: Path) -> None:  # noqa: ANN001
    for _ in range(30):
        root.update()
        root.after(10)
    subprocess.run(["import", "-window", "root", str(out)], check=True)
    print(out)


def main() -> int:
    db_path, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    root = create_root()
    dbmod.open_database(db_path, backup=False)
    window = MainWindow(root, db_path, first_run=False)
    window.pack(fill="both", expand=True)
    fit_window(root)
    root.deiconify()
    for key in PAGE_CLASSES:
        page = window.show_page(key)
        snap(root, out / f"page-{key}.png")
        if key == PageId.HOME:
            page.notebook.select(1)
            for _ in range(60):
                root.update()
                root.after(50)
            snap(root, out / "page-home-charts.png")
            page.notebook.select(0)
            behind = page.on_figure_clicked(stats.REFERENCE_KEYS[0])
            snap(root, out / "dialog-records-behind.png")
            form = behind.tree.selection_set(behind.tree.get_children()[0]) or behind.on_open()
            snap(root, out / "form-from-records-behind.png")
            form.destroy()
            behind.destroy()
        if key == PageId.REPORT:
            for tab, name in ((1, "export"), (2, "format")):
                page.notebook.select(tab)
                snap(root, out / f"page-report-{name}.png")
    for spec in RECORD_SPECS:
        page = window.show_page(record_key(spec.kind))
        snap(root, out / f"records-{spec.kind}.png")
        form = page.on_add()
        snap(root, out / f"form-new-{spec.kind}.png")
        if spec.kind == "lecture":
            form.on_save()
            snap(root, out / "form-invalid.png")
        form.destroy()
    page = window.show_page(record_key("dispute"))
    page.period_var.set("自定义…")
    page.on_period_selected()
    page.start_var.set("2022-13-45")
    page.on_filter_changed()
    snap(root, out / "records-bad-period.png")
    welcome = window.show_welcome()
    snap(root, out / "dialog-welcome.png")
    welcome.destroy()
    root.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
