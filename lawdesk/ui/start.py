"""What the clerk chose before the main window (新建 / 打开 / 试用演示数据), without the dialog.

Start-up needs only these names when the database file exists; the welcome dialog
(``lawdesk.ui.dialogs.welcome``, which re-exports them) is imported only when it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

NEW, OPEN, DEMO = "new", "open", "demo"


@dataclass(frozen=True)
class StartChoice:
    """What the clerk chose before the main window: which file, and how."""

    action: str  # NEW, OPEN or DEMO
    path: Path
    operator: str = ""
