"""Which of the report's fonts this PC has, which font prints instead, and how wide it sets text.

A GB/T 9704 report names 仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体 and 宋体 (5.2.2, 7.2.4,
7.3.1, 7.3.3, 7.5); few PCs have all of them. At export the clerk is told, in Chinese, which font
is missing, what prints in its place and what that changes ("红头不是小标宋体").

Where the fonts are looked for:

- Windows: the font files of ``%WINDIR%\\Fonts`` and of the per-user folder
  ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``, named by their own name tables (read with
  fontTools, which matplotlib already needs). Word and WPS print a missing font with the first
  installed *alternate name* the document gives for it (``w:altName`` in the font table; the
  writer puts ``ALTERNATES`` there), else with the system's default Chinese font.
- elsewhere (UOS, Kylin, other Linux): fontconfig (``fc-list``, ``fc-match``), which also
  decides what LibreOffice and WPS for Linux print instead.

The same lookup gives the page estimate (``paging``) the advance widths of the font that sets the
digits and Latin letters (``latin_advances``). Answers are cached per process and kept as long as
the font folders are unchanged.
"""

from __future__ import annotations

import functools
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
#: The characters a report sets in the Latin font: ASCII, and marks next to digits (“12345”).
LATIN_CHARS = "".join(map(chr, range(0x20, 0x7F))) + "·×÷“”‘’—…"
FC_TIMEOUT = 10.0

#: What each role of the report's fonts is for, and what a substitute changes (in Chinese).
ROLES: dict[str, tuple[str, str, str]] = {
    # profile field: (what it sets, the style it must have, the style's name in a message)
    "body_font": ("正文、发文字号和版记", "仿宋", "仿宋体"),
    "kai_font": ("二级标题和签发人姓名", "楷", "楷体"),
    "hei_font": ("一级标题和“附件”二字", "黑", "黑体"),
    "title_font": ("红头（发文机关标志）和标题", "小标宋", "小标宋体"),
    "song_font": ("页码", "宋", "宋体"),
}

#: Installed fonts that print the same style when the named one is missing, best first.
ALTERNATES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋", "FangSong", "华文仿宋", "STFangsong", "方正仿宋_GBK", "方正仿宋简体"),
    "仿宋": ("仿宋_GB2312", "FangSong", "华文仿宋", "STFangsong", "方正仿宋_GBK"),
    "楷体_GB2312": ("楷体", "KaiTi", "华文楷体", "STKaiti", "方正楷体_GBK", "方正楷体简体"),
    "楷体": ("楷体_GB2312", "KaiTi", "华文楷体", "STKaiti", "方正楷体_GBK"),
    "黑体": ("SimHei", "方正黑体_GBK", "方正黑体简体", "华文黑体", "STHeiti", "微软雅黑", "Microsoft YaHei"),
    "方正小标宋简体": ("方正小标宋_GBK", "方正小标宋", "华文中宋", "STZhongsong", "宋体", "SimSun"),
    "方正小标宋_GBK": ("方正小标宋简体", "方正小标宋", "华文中宋", "STZhongsong", "宋体", "SimSun"),
    "宋体": ("SimSun", "NSimSun", "新宋体", "华文宋体", "STSong"),
}


@dataclass(frozen=True)
class Face:
    """An installed font: the family it is known by, its file and its face in a collection."""

    family: str
    path: Path
    index: int = 0


@dataclass(frozen=True)
class FontNote:
    """One font of the report that this PC does not have, and what prints instead."""

    role: str  # ReportProfile field
    wanted: str
    substitute: str | None  # family name; None: not known (the system's default)
    same_style: bool  # the substitute has the wanted style (仿宋 for 仿宋_GB2312 …)

    @property
    def message(self) -> str:
        sets, _style, style_name = ROLES[self.role]
        head = f"“{self.wanted}”本机未安装，{sets}"
        if self.substitute is None:
            return f"{head}将由系统默认的中文字体印出，不再是{style_name}。"
        if self.same_style:
            return f"{head}将以“{self.substitute}”印出，仍是{style_name}，个别字的字形可能略有不同。"
        looks = STYLE_NAMES.get(style_of(self.substitute) or "", "另一种字体")
        return f"{head}将以“{self.substitute}”（{looks}）印出，不再是{style_name}。"


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


def is_windows() -> bool:
    return os.name == "nt" or sys.platform == "win32"


# ============================================================== Windows: the font folders


def windows_font_folders() -> list[Path]:
    """``%WINDIR%\\Fonts`` and the per-user ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``."""
    folders = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        folders.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [f for f in folders if f.is_dir()]


def _names_in(path: Path) -> list[Face]:
    """The faces of one font file with every family and full name they carry (all languages)."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        with open(path, "rb") as fh:  # closed even when fontTools refuses the file
            if path.suffix.lower() in (".ttc", ".otc"):
                collection = TTCollection(fh, lazy=True)
                return [f for i, font in enumerate(collection.fonts) for f in _face_names(font, path, i)]
            return _face_names(TTFont(fh, lazy=True), path, 0)
    except (OSError, ImportError, TTLibError, ValueError, AssertionError, IndexError, KeyError, struct.error):
        return []


def _face_names(font: object, path: Path, index: int) -> list[Face]:
    from fontTools.ttLib import TTLibError

    try:
        table = font["name"]  # type: ignore[index]
    except (KeyError, ImportError, TTLibError, ValueError, AssertionError, IndexError, struct.error):
        return []
    names = []
    for record in table.names:
        if record.nameID in (1, 4, 16) and record.platformID in (0, 3):
            try:
                names.append(record.toUnicode().strip())
            except (UnicodeDecodeError, ValueError):
                continue
    return [Face(n, path, index) for n in dict.fromkeys(names) if n]


@functools.lru_cache(maxsize=4)
def _windows_index(folders: tuple[tuple[str, int], ...]) -> dict[str, Face]:
    index: dict[str, Face] = {}
    for folder, _mtime in folders:
        for path in sorted(Path(folder).iterdir()):
            if path.suffix.lower() in FONT_SUFFIXES:
                for face in _names_in(path):
                    index.setdefault(_key(face.family), face)
    return index


def _folder_stamp(folders: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    out = []
    for folder in folders:
        try:
            out.append((str(folder), folder.stat().st_mtime_ns))
        except OSError:
            continue
    return tuple(out)


# ============================================================== fontconfig


def _fc(args: list[str]) -> str:
    exe = shutil.which(args[0])
    if exe is None:
        return ""
    try:
        done = subprocess.run([exe, *args[1:]], capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=FC_TIMEOUT, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


@functools.lru_cache(maxsize=1)
def _fontconfig_index() -> dict[str, Face]:
    index: dict[str, Face] = {}
    for line in _fc(["fc-list", "--format", "%{family}\t%{file}\t%{index}\n"]).splitlines():
        families, _, rest = line.partition("\t")
        file, _, number = rest.partition("\t")
        if not file:
            continue
        for family in families.split(","):
            if family.strip():
                face = Face(family.strip(), Path(file), int(number or 0) if number.isdigit() else 0)
                index.setdefault(_key(family), face)
    return index


@functools.lru_cache(maxsize=32)
def _fontconfig_match(pattern: str) -> Face | None:
    out = _fc(["fc-match", "--format", "%{family[0]}\t%{file}\t%{index}", pattern])
    family, _, rest = out.partition("\t")
    file, _, number = rest.partition("\t")
    if not family or not file:
        return None
    return Face(family.strip(), Path(file), int(number) if number.isdigit() else 0)


# ============================================================== the questions


def installed() -> Mapping[str, Face]:
    """Every installed font family (folded name → face) this PC's word processors can use."""
    if is_windows():
        return _windows_index(_folder_stamp(windows_font_folders()))
    return _fontconfig_index()


def find(name: str) -> Face | None:
    """The installed font called ``name`` (any of its names, any language), or None."""
    return installed().get(_key(name))


def substitute(name: str) -> Face | None:
    """What prints Chinese text set in ``name`` when ``name`` is not installed (None: unknown).

    Windows: the first installed alternate of ``ALTERNATES`` (the document names them for Word
    and WPS). Elsewhere: fontconfig's choice for Chinese text, as LibreOffice and WPS make it.
    """
    if is_windows():
        fonts = installed()
        return next((fonts[_key(a)] for a in ALTERNATES.get(name, ()) if _key(a) in fonts), None)
    return _fontconfig_match(f"{name}:lang=zh-cn")


def latin_face(name: str) -> Face | None:
    """The font that sets the digits and Latin letters of text in ``name`` on this PC."""
    face = find(name)
    if face is not None:
        return face
    if is_windows():
        return substitute(name)
    return _fontconfig_match(name)


#: Words in a family name that tell its style, checked in this order.
STYLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("小标宋", ("小标宋", "xiaobiaosong")),
    ("仿宋", ("仿宋", "fangsong")),
    ("楷", ("楷", "kai")),
    ("黑", ("黑", "hei", "sans", "gothic", "雅黑", "yahei")),
    ("宋", ("宋", "song", "serif", "ming", "明朝")),
)
STYLE_NAMES = {"小标宋": "小标宋体", "仿宋": "仿宋体", "楷": "楷体", "黑": "黑体类字形", "宋": "宋体类字形"}


def style_of(family: str) -> str | None:
    """The style a family name tells (仿宋, 楷, 黑, 宋, 小标宋), or None."""
    folded = _key(family)
    return next((style for style, words in STYLE_WORDS if any(w in folded for w in words)), None)


def check_fonts(fonts: Mapping[str, str]) -> list[FontNote]:
    """A note for each font of ``fonts`` (profile field → font name) this PC does not have."""
    notes = []
    for role, name in fonts.items():
        if role not in ROLES or not name or find(name) is not None:
            continue
        face = latin_face(name) if role == "song_font" else substitute(name)  # 页码: digits only
        family = face.family if face is not None else None
        notes.append(FontNote(role, name, family, family is not None and style_of(family) == ROLES[role][1]))
    return notes


def profile_fonts(profile: object) -> dict[str, str]:
    """The font of each role of a ``ReportProfile``."""
    return {role: str(getattr(profile, role)) for role in ROLES}


def font_notes(profile: object) -> list[str]:
    """The Chinese lines an export shows for the missing fonts of ``profile`` (one per font)."""
    notes = check_fonts(profile_fonts(profile))
    out = [n.message for n in notes]
    if notes:
        out.append("要按原样印出，请在这台电脑上安装缺少的字体，或在“报告格式”中改用本机已有的字体；"
                   "在别的电脑上打印时，以那台电脑上的字体为准。")
    return out


def alternate_names(profile: object) -> dict[str, str]:
    """For each font of ``profile``: the alternate a PC without it should print with (the first
    of ``ALTERNATES`` installed here, else the first of them). Word reads one name only."""
    out = {}
    for name in profile_fonts(profile).values():
        choices = ALTERNATES.get(name, ())
        installed_choice = next((a for a in choices if find(a) is not None), None)
        if installed_choice or choices:
            out[name] = installed_choice or choices[0]
    return out


def clear_caches() -> None:
    """Forget what was found (a font was installed while the program runs, or a test)."""
    _windows_index.cache_clear()
    _fontconfig_index.cache_clear()
    _fontconfig_match.cache_clear()
    latin_advances.cache_clear()


# ============================================================== advance widths


@functools.lru_cache(maxsize=16)
def latin_advances(name: str) -> Mapping[str, float] | None:
    """Advance width (in em) of each of ``LATIN_CHARS`` in the font that sets the Latin text of
    ``name`` on this PC, or None when no such font file is known."""
    face = latin_face(name)
    if face is None:
        return None
    return _advances(str(face.path), face.index)


@functools.lru_cache(maxsize=16)
def _advances(path: str, index: int) -> Mapping[str, float] | None:
    from fontTools.ttLib import TTFont, TTLibError

    collection = path.lower().endswith((".ttc", ".otc"))
    try:
        with open(path, "rb") as fh:  # closed even when fontTools refuses the file
            font = TTFont(fh, lazy=True, fontNumber=index if collection else -1)
            units = font["head"].unitsPerEm
            cmap = font.getBestCmap() or {}
            metrics = font["hmtx"].metrics
            out = {}
            for ch in LATIN_CHARS:
                glyph = cmap.get(ord(ch))
                if glyph is not None and glyph in metrics:
                    out[ch] = metrics[glyph][0] / units
            return out
    except (OSError, ImportError, TTLibError, KeyError, ValueError, AssertionError, IndexError, struct.error):
        return None
