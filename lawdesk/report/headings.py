"""The numbers of a report's headings and items, written once: 一、 （一） 1. （1） and 一是.

GB/T 9704-2012 7.3.3 numbers the levels of a body "一、", "（一）", "1.", "（1）"; reports also
enumerate within a paragraph with "一是……；二是……". Every part of the program that reads or
writes these numbers — the narrative grammar that renumbers them, the assembly that finds a
paragraph's level, the claims model that moves marks behind them, the linter that checks they
run on, the checker that reads a document back — takes its patterns from here, so they agree on
one set of numerals and one set of brackets.

The program's own patterns accept half-width brackets and the full-width dot too (a clerk types
them; the program writes the full-width form); ``STRICT_LEVELS`` are the forms the standard
writes, for the checker.
"""

from __future__ import annotations

import re

#: The Chinese numerals a heading or item number is written with (十一, 二十, 一百, 〇 …).
CN_NUMERALS = "一二三四五六七八九十百零〇"
_CN = f"[{CN_NUMERALS}]+"

#: "一、" (level 1): group 1 is the numeral.
LEVEL_1 = re.compile(rf"^({_CN})、")
#: "（一）" (level 2): group 1 is the numeral.
LEVEL_2 = re.compile(rf"^[（(]({_CN})[）)]")
#: "1." (level 3): group 1 is the number.
LEVEL_3 = re.compile(r"^(\d+)[.．](?!\d)")
#: "（1）" (level 4): group 1 is the number.
LEVEL_4 = re.compile(r"^[（(](\d+)[）)]")

#: An item "一是" where an enumeration may start: a paragraph's start, or after ；/。 (group 2: the numeral).
SHI_ITEM = re.compile(rf"(^|(?<=[；。]))({_CN})是")
#: "一是" after any mark, followed by words (the linter's reading: group 1 the mark, group 2 the numeral).
SHI_ANYWHERE = re.compile(rf"(^|[；。，、：])({_CN})是(?=[\u4e00-\u9fff“《（])")

#: An item number as a pattern to embed: "（一）", "（1）", "1." or "一是".
ITEM = rf"[（(](?:{_CN}|\d+)[）)]|\d+[.．](?!\d)|{_CN}是"

#: A heading number a clerk may type before a title ("三、", "（二）", "2.", "2、").
TYPED_NUMBER = re.compile(rf"^\s*(?:{_CN}、|[（(](?:{_CN}|\d+)[）)]|\d+[.．、](?!\d))\s*")

#: The levels as GB/T 9704-2012 7.3.3 writes them: full-width brackets, the half-width dot.
STRICT_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, LEVEL_1),
    (2, re.compile(rf"^（{_CN}）")),
    (3, re.compile(r"^\d+\.(?!\d)")),
    (4, re.compile(r"^（\d+）")),
)
#: A level-2 or level-4 number in half-width brackets (the checker flags it).
HALF_WIDTH_BRACKETS = re.compile(rf"^\((?:{_CN}|\d+)\)")


def level_of(line: str) -> int:
    """The heading level a paragraph's number gives it (1–4), 0 for none."""
    for level, pattern in ((1, LEVEL_1), (2, LEVEL_2), (3, LEVEL_3), (4, LEVEL_4)):
        if pattern.match(line):
            return level
    return 0


def strip_number(title: str) -> str:
    """"三、存在的不足" → "存在的不足": the program numbers headings itself."""
    return TYPED_NUMBER.sub("", title, count=1).strip()
