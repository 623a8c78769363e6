"""Save a screenshot of every page of the window, as a new clerk would see them (for review).

Run on an X display (e.g. under xvfb-run) with ImageMagick's ``import`` installed:
    xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" .venv/bin/python scripts/screenshot_pages.py DB OUTDIR
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawdesk import db as dbmod  # noqa: E402
from lawdesk.app import _center, create_root  # noqa: E402
from lawdesk.ui.main_window import PAGE_CLASSES, MainWindow, record_key  # noqa: E402


def snap(root, out: Path) -> None:
    for _ in range(30):
        root.update()
    subprocess.run(["import", "-window", "root", str(out)], check=True)
    print(out)


def main() -> int:
    db_path, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    root = create_root()
    dbmod.open_database(db_path)
    window = MainWindow(root, db_path, first_run=False)
    window.pack(fill="both", expand=True)
    _center(root)
    root.deiconify()
    for key in PAGE_CLASSES:
        page = window.show_page(key)
        snap(root, out / f"page-{key}.png")
        if key == "home":
            page.notebook.select(1)
            for _ in range(40):
                root.update()
                root.after(50)
            snap(root, out / "page-home-charts.png")
        if key == "report":
            for tab, name in ((1, "export"), (2, "format")):
                page.notebook.select(tab)
                snap(root, out / f"page-report-{name}.png")
    for kind in ("dispute", "hotline", "lecture"):
        page = window.show_page(record_key(kind))
        snap(root, out / f"records-{kind}.png")
    form = page.on_add()
    snap(root, out / "form-new-lecture.png")
    form.on_save() if hasattr(form, "on_save") else None
    snap(root, out / "form-invalid.png")
    root.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
