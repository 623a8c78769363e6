"""Build the bundled chart font assets/fonts/LawdeskSansSC-Regular.otf.

The charts need one Simplified-Chinese font file that matplotlib can load on every machine
(see docs: ecosystem finding 6). This script takes the **SC face** of Noto Sans CJK Regular from
the Debian ``fonts-noto-cjk`` collection (face 0 is JP and would give Japanese glyph forms),
subsets it to ASCII, common punctuation and symbols, all of GB 2312 (6,763 hanzi plus its
symbol rows) and every non-ASCII character found in the app's source, renames the family to
"Lawdesk Sans SC" (a modified OFL font must not keep the original name) and writes a single-face
CFF OpenType file, plus the licence text (OFL.txt).

Usage::

    python scripts/make_chart_font.py [--source NotoSansCJK-Regular.ttc] [--extra-text 字]
                                      [--extra-file words.txt]

Re-run it when new Chinese text outside GB 2312 appears in the app. The output is reproducible
(the head table's timestamps are kept from the source font).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "assets" / "fonts"
OUT_FONT = OUT_DIR / "LawdeskSansSC-Regular.otf"
OUT_LICENSE = OUT_DIR / "OFL.txt"

DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
SC_FAMILY = "Noto Sans CJK SC"

FAMILY = "Lawdesk Sans SC"
STYLE = "Regular"
PS_NAME = "LawdeskSansSC-Regular"
VERSION = "1.000"

# Unicode blocks kept whole (only what the source font actually has ends up in the subset).
EXTRA_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement: · × ÷ ° ± §
    (0x2000, 0x206F),  # general punctuation: — – ‘ ’ “ ” … ‰ ※
    (0x2100, 0x214F),  # letterlike: ℃ № ℉
    (0x2150, 0x218F),  # number forms: Ⅰ–Ⅻ ⅰ–ⅻ
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①–⑳ ⑴ ⒈
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ ● ○ ◆
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」【】〔〕
    (0x3200, 0x32FF),  # enclosed CJK: ㈠–㈩
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half- and full-width forms: ，！：；？（）
)

# Layout features kept. 'locl' is left out on purpose: without it no language tag can switch
# the glyphs to JP/KR/TC forms, so text always renders with the SC shapes of this face.
LAYOUT_FEATURES = ["ccmp", "kern", "liga", "calt", "clig", "rlig", "mark", "mkmk", "palt"]

SOURCE_SCAN_GLOBS = ("lawdesk/**/*.py", "assets/**/*.json", "assets/**/*.txt")

OFL_HEADER = """\
Lawdesk Sans SC is a modified version (subset, renamed) of Noto Sans CJK SC Regular.

Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.
Noto is a trademark of Google Inc.

This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below, and is also available with a FAQ at:
https://openfontlicense.org

"""


def gb2312_chars(first_row: int = 1, last_row: int = 87) -> set[str]:
    """Characters of GB 2312 rows ``first_row``..``last_row``, found by decoding every code.

    Rows 1-9 are symbols, 16-55 the level-1 hanzi (3,755), 56-87 the level-2 hanzi (3,008).
    """
    chars: set[str] = set()
    for lead in range(0xA0 + first_row, 0xA0 + last_row + 1):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def range_chars(ranges: Iterable[tuple[int, int]]) -> set[str]:
    """The assigned (not ``Cn``) characters of the given code point ranges."""
    chars = {chr(cp) for first, last in ranges for cp in range(first, last + 1)}
    return {ch for ch in chars if unicodedata.category(ch) != "Cn"}


def app_chars(root: Path = ROOT) -> set[str]:
    """Non-ASCII characters used in the app's source files and text assets."""
    chars: set[str] = set()
    for pattern in SOURCE_SCAN_GLOBS:
        for path in root.glob(pattern):
            text = path.read_text(encoding="utf-8", errors="ignore")
            chars.update(ch for ch in text if ord(ch) > 0x7F and ch.isprintable())
    return chars


def wanted_chars(extra_text: str = "") -> set[str]:
    chars = range_chars(EXTRA_RANGES) | gb2312_chars() | app_chars()
    chars.update(ch for ch in extra_text if ch.isprintable())
    return chars


def load_sc_face(source: Path) -> TTFont:
    """The "Noto Sans CJK SC" face of a collection (or the font itself if it is not a .ttc)."""
    if source.suffix.lower() not in {".ttc", ".otc"}:
        return TTFont(source)
    collection = TTCollection(source, lazy=True)
    for index, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == SC_FAMILY:
            return TTFont(source, fontNumber=index, recalcTimestamp=False)
    raise SystemExit(f"no {SC_FAMILY!r} face in {source}")


def subset_font(font: TTFont, chars: set[str]) -> set[str]:
    """Subset ``font`` in place to ``chars``; returns the characters the font does not have."""
    cmap = font.getBestCmap()
    present = {ch for ch in chars if ord(ch) in cmap}
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in present))
    subsetter.subset(font)
    return chars - present


def rename_font(font: TTFont) -> None:
    """Give the subset its own names in the name table and the CFF table."""
    name = font["name"]
    description = (
        "Lawdesk Sans SC: a subset of Noto Sans CJK SC Regular (GB 2312 and the characters of "
        "the lawdesk app), renamed as the SIL OFL 1.1 requires for modified versions."
    )
    new_names = {
        1: FAMILY,
        2: STYLE,
        3: f"{VERSION};LAWDESK;{PS_NAME}",
        4: f"{FAMILY} {STYLE}",
        5: f"Version {VERSION}; subset of Noto Sans CJK SC 2.004",
        6: PS_NAME,
        10: description,
    }
    name.names = [rec for rec in name.names if rec.nameID not in {*new_names, 16, 17, 21, 22}]
    for name_id, value in new_names.items():
        name.setName(value, name_id, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [PS_NAME]
    top = cff.topDictIndex[0]
    top.FullName = f"{FAMILY} {STYLE}"
    top.FamilyName = FAMILY
    for fd in getattr(top, "FDArray", None) or []:
        if hasattr(fd, "FontName"):
            fd.FontName = PS_NAME


def write_license(path: Path = OUT_LICENSE) -> None:
    """OFL.txt: the font's copyright notice and the OFL 1.1 text from the Debian package."""
    text = DEBIAN_COPYRIGHT.read_text(encoding="utf-8")
    match = re.search(r"^License: SIL-1\.1\n((?: .*\n)+)", text, flags=re.MULTILINE)
    if not match:
        raise SystemExit(f"SIL OFL 1.1 text not found in {DEBIAN_COPYRIGHT}")
    lines = [line[1:] for line in match.group(1).splitlines()]
    body = "\n".join("" if line == "." else line for line in lines)
    path.write_text(OFL_HEADER + body.strip("\n") + "\n", encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=OUT_FONT)
    parser.add_argument("--extra-text", default="", help="more characters to keep")
    parser.add_argument("--extra-file", type=Path, action="append", default=[])
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    extra = args.extra_text + "".join(p.read_text(encoding="utf-8") for p in args.extra_file)
    chars = wanted_chars(extra)
    font = load_sc_face(args.source)
    missing = subset_font(font, chars)
    rename_font(font)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    font.save(args.output)
    write_license(args.output.parent / OUT_LICENSE.name)
    kept = len(font.getBestCmap())
    notable = sorted(ch for ch in missing if ord(ch) >= 0x3000 or ch in gb2312_chars())
    size_mb = args.output.stat().st_size / 1e6
    print(f"{args.output}: {kept} characters, {font['maxp'].numGlyphs} glyphs, {size_mb:.2f} MB")
    if notable:
        print(f"not in the source font ({len(notable)}): {''.join(notable)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
