"""The claims model: every sentence of a report's body and what stands behind it.

A signed report says nothing nobody stands behind. Each sentence of the body is one of:

- **data** (``DATA``): it prints a value of the office's records of the period — a figure, or a
  named specific (a training form, a law, a partner, a dispute type …) — and it vanishes when that
  data is empty (the narrative grammar's optional spans do that);
- **the office's own words** (``OFFICE``): written by its clerk for this year, or carried from the
  office's own text of an earlier year, or taken from its 单位设置;
- **a prompt** (``PROMPT``): ``〔请填写：…〕`` where neither exists. A report holding a prompt is a
  draft: the export gate refuses to sign it.

Headings come from the outline (``HEADING``); the 公文 formula that closes an opening ("现将有关
工作情况报告如下：") says nothing about the work (``FORMULA``). ``TEMPLATE`` marks a sentence of the program's own
default text that prints no data: the defaults are written so that there is none (the tests walk
every default and fail on one).

How the composition knows: while filling a text, each value printed is wrapped in invisible
marks naming its placeholder (``mark``); after the body is assembled and numbered, ``extract``
cuts each paragraph into sentences (at 。！？； outside a value and outside a prompt), reads the
marks of each sentence and removes them. Pure text functions, no database.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from lawdesk.report import headings
from lawdesk.report.context import BodyParagraph

DATA = "data"
OFFICE = "office"
PROMPT = "prompt"
HEADING = "heading"
FORMULA = "formula"
TEMPLATE = "template"

PROMPT_OPEN = "〔请填写："
PROMPT_CLOSE = "〕"
_PROMPT = re.compile(r"〔请填写：([^〔〕]*)〕")

VALUE_OPEN = "\ue010"  # followed by one character naming the placeholder (``_KEY_BASE`` + index)
VALUE_CLOSE = "\ue011"
_KEY_BASE = 0xE100
_MARKS = re.compile(f"{VALUE_OPEN}.|{VALUE_CLOSE}", re.DOTALL)
ENDS = "。！？；"
CLOSERS = "”’）》〕"


def prompt(text: str) -> str:
    """``〔请填写：text〕``."""
    return f"{PROMPT_OPEN}{text}{PROMPT_CLOSE}"


def prompts_in(text: str) -> list[str]:
    """What each prompt of ``text`` asks for (the words after 请填写：)."""
    return [m.group(1) for m in _PROMPT.finditer(text)]


def has_prompt(text: str) -> bool:
    return PROMPT_OPEN in text


@dataclass(frozen=True)
class Claim:
    """One sentence of the body and its backing."""

    section: str  # the text it comes from ("preamble", a node's key, "closing"); the node for a heading
    paragraph: int  # index of its body paragraph
    text: str  # the sentence as printed
    kind: str  # DATA | OFFICE | PROMPT | HEADING | TEMPLATE
    keys: tuple[str, ...] = ()  # the placeholders whose values it prints, in order
    year: int | None = None  # the year of the office's text it comes from (None: not an office text)

    @property
    def is_prompt(self) -> bool:
        return self.kind == PROMPT


class Marker:
    """Wraps each printed value in marks naming its placeholder (one per composition)."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, key: str, text: str) -> str:
        if not text:
            return text
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self.keys)
            self.keys.append(key)
        return f"{VALUE_OPEN}{chr(_KEY_BASE + i)}{text}{VALUE_CLOSE}"

    def tag(self, key: str) -> str:
        """A mark that prints nothing: the sentence it stands in is backed by ``key``."""
        return self(key, "\u200b")

    def key_of(self, ch: str) -> str:
        return self.keys[ord(ch) - _KEY_BASE]


_TAGS = f"(?:{VALUE_OPEN}.\u200b{VALUE_CLOSE})+"
_TAG_BEFORE_ITEM = re.compile(f"(^|(?<=[；。]))({_TAGS})({headings.ITEM})", re.MULTILINE | re.DOTALL)


def tags_after_items(text: str) -> str:
    """Marks that print nothing (a condition's) moved behind the item number they precede
    ("一是", "（一）", "1."), so the program still finds and renumbers the item."""
    return _TAG_BEFORE_ITEM.sub(lambda m: m.group(1) + m.group(3) + m.group(2), text)


def strip_marks(text: str) -> str:
    return _MARKS.sub("", text).replace("\u200b", "")


@dataclass
class Sentence:
    text: str
    keys: list[str] = field(default_factory=list)


def cut(text: str) -> list[str]:
    """``text`` cut after each 。！？； (with the closing marks that follow) outside a value and
    outside a prompt; the marks stay in the pieces."""
    pieces: list[str] = []
    start = 0
    in_value = in_prompt = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        i += 1
        if ch == VALUE_OPEN:
            in_value = True
            i += 1
        elif ch == VALUE_CLOSE:
            in_value = False
        elif ch == "〔":
            in_prompt = True
        elif ch == "〕":
            in_prompt = False
        elif ch in ENDS and not in_value and not in_prompt:
            while i < n and text[i] in CLOSERS:
                i += 1
            pieces.append(text[start:i])
            start = i
    if start < n:
        pieces.append(text[start:])
    return pieces


def sentences(text: str, marker: Marker | None = None) -> list[Sentence]:
    """``text`` as sentences (see ``cut``), each with the placeholders printed in it, marks removed."""
    out = []
    for piece in cut(text):
        keys = [marker.key_of(m.group(0)[1]) for m in _MARKS.finditer(piece) if len(m.group(0)) == 2] if marker else []
        out.append(Sentence(strip_marks(piece), list(dict.fromkeys(keys))))
    return out


@dataclass(frozen=True)
class Origin:
    """Where one body paragraph's words come from."""

    section: str  # the text's key; for an outline heading, the node's key
    year: int | None  # the office's text's year; None for the program's default text
    outline_heading: bool = False  # the paragraph's ``heading`` is the outline's title


#: The formula that hands over to the body of a 报告 (GB/T 9704 leaves its wording to the writer).
_FORMULA = re.compile(r"^现将[^。；]{0,40}(?:报告|汇报)如下[：:]$")


def classify(sentence: Sentence, origin: Origin, record_keys: Collection[str], office_keys: Collection[str]) -> str:
    if has_prompt(sentence.text):
        return PROMPT
    if _FORMULA.match(sentence.text.strip()):
        return FORMULA
    if any(k in record_keys for k in sentence.keys):
        return DATA
    if origin.year is not None or any(k in office_keys for k in sentence.keys):
        return OFFICE  # the clerk's text, or words from the office's own 单位设置
    return TEMPLATE


def extract(
    paragraphs: Sequence[tuple[BodyParagraph, Origin]], marker: Marker, record_keys: Collection[str],
    office_keys: Collection[str] = (),
) -> tuple[list[BodyParagraph], list[Claim]]:
    """The body with the marks removed, and the claim of every sentence in it (``record_keys``:
    placeholders printing the records' data; ``office_keys``: the office's own 单位设置)."""
    body: list[BodyParagraph] = []
    claims: list[Claim] = []
    for index, (para, origin) in enumerate(paragraphs):
        parts: list[tuple[str, Origin, bool]] = []
        if para.heading and origin.outline_heading:
            parts.append((para.heading, origin, True))
            parts.append((para.text, origin, False))
        else:
            parts.append((para.heading + para.text, origin, False))
        for text, where, is_heading in parts:
            for sentence in sentences(text, marker):
                if not sentence.text.strip():
                    continue
                if is_heading:
                    claims.append(Claim(where.section, index, sentence.text, HEADING, tuple(sentence.keys)))
                    continue
                kind = classify(sentence, where, record_keys, office_keys)
                claims.append(Claim(where.section, index, sentence.text, kind, tuple(sentence.keys),
                                    where.year if kind != TEMPLATE else None))  # fmt: skip
        body.append(replace(para, heading=strip_marks(para.heading), text=strip_marks(para.text)))
    return body, claims


def open_prompts(claims: Sequence[Claim]) -> list[Claim]:
    return [c for c in claims if c.kind == PROMPT]


def backing_label(claim: Claim, records: int | None = None) -> str:
    """How the editor names a sentence's backing: "26 条记录", "本单位填写", "待填写"."""
    if claim.kind == PROMPT:
        return "待填写"
    if claim.kind == DATA:
        return f"{records} 条记录" if records is not None else "台账数据"
    if claim.kind == OFFICE:
        return "本单位填写"
    if claim.kind == HEADING:
        return "提纲标题"
    if claim.kind == FORMULA:
        return "公文用语"
    return "程序文字"
