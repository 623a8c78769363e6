"""Fonts for Chinese text: the bundled chart font for matplotlib and a Tk family for the UI.

Charts use the bundled ``assets/fonts/LawdeskSansSC-Regular.otf`` (a renamed GB 2312 subset of
Noto Sans CJK SC, built by ``scripts/make_chart_font.py``), registered with matplotlib's global
font manager, so they look the same on every machine and never fall back to Japanese glyph forms
or tofu boxes. The Tk UI cannot load a font file portably, so it uses an installed CJK family.

This module must stay cheap to import: matplotlib is imported only inside
:func:`register_chart_font`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lawdesk import paths

if TYPE_CHECKING:
    import tkinter

    from matplotlib.font_manager import FontEntry, FontManager

CHART_FONT_FILE = "LawdeskSansSC-Regular.otf"
CHART_FONT_FAMILY = "Lawdesk Sans SC"
LATIN_FALLBACK = "DejaVu Sans"

# Installed Tk families for Chinese UI text, best first.
UI_FONT_PREFERENCES: tuple[str, ...] = (
    # Windows
    "Microsoft YaHei",
    "微软雅黑",
    "Microsoft YaHei UI",
    # Linux (UOS, Kylin, Debian/Ubuntu)
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "思源黑体",
    "WenQuanYi Micro Hei",
    "文泉驿微米黑",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    # Older Windows
    "SimHei",
    "黑体",
)
UI_FONT_FALLBACK = "TkDefaultFont"

_registered_family: str | None = None


def chart_font_path() -> Path:
    """The bundled chart font, from the source tree or from a PyInstaller bundle."""
    return paths.asset("fonts", CHART_FONT_FILE)


def register_chart_font() -> str:
    """Make matplotlib use the bundled font for all text; returns its family name.

    Safe to call many times: the file is added to the global font manager once, and the
    rcParams are (re)applied on every call, so a later ``rcdefaults()`` cannot undo it.
    """
    global _registered_family
    import matplotlib

    if _registered_family is None:
        _registered_family = _add_font_file(chart_font_path())
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [_registered_family, LATIN_FALLBACK]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return _registered_family


def _add_font_file(path: Path) -> str:
    """Add ``path`` to matplotlib's global font manager (once) and return its family name."""
    from matplotlib import font_manager

    if not path.is_file():
        raise FileNotFoundError(f"bundled chart font is missing: {path}")
    manager = font_manager.fontManager
    entry = _font_entry(manager, path)
    if entry is None:
        manager.addfont(str(path))
        entry = _font_entry(manager, path)
    if entry is None:  # pragma: no cover - addfont raises on unreadable files
        raise RuntimeError(f"matplotlib did not register {path}")
    return entry.name


def _font_entry(manager: FontManager, path: Path) -> FontEntry | None:
    target = path.resolve()
    for entry in manager.ttflist:
        if Path(entry.fname).resolve() == target:
            return entry
    return None


def ui_font_family(root: tkinter.Misc) -> str:
    """The first installed family of :data:`UI_FONT_PREFERENCES`, else ``"TkDefaultFont"``."""
    from tkinter import font as tkfont

    installed = set(tkfont.families(root))
    for family in UI_FONT_PREFERENCES:
        if family in installed:
            return family
    return UI_FONT_FALLBACK
