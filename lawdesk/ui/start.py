"""What the clerk chose before the main window (新建 / 打开 / 试用演示数据), without the dialog.

Start-up needs only these names when the database file exists; the welcome dialog
(``lawdesk.ui.dialogs.welcome``, which re-exports them) is imported only when it is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

NEW, OPEN, DEMO = "new", "open", "demo"


class StartChoice(NamedTuple):
    """What the clerk chose before the main window: which file, and how (a named tuple: made
    at every start, it costs a tenth of a frozen dataclass to define)."""

    action: str  # NEW, OPEN or DEMO
    path: Path
    operator: str = ""
