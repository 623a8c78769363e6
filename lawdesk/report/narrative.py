"""The narrative grammar: report text that cannot break when a figure is zero.

A section's text is stored with its figures as placeholders (by key) and shown to the clerk
with Chinese names. Filling it with the figures of a period never leaves a dangling 、, a bare
"督促进度。" or a "0次": what may vanish is marked, and everything else stays.

Grammar (stored form; the editor shows the same text with 【中文名】 for ``{key}``)::

    text        := paragraph ("\\n" paragraph)*
    paragraph   := (literal | placeholder | span)*
    placeholder := "{" ["?"] key [":" mode] "}"      e.g. {patrols}  {problem_fields:等}  {?lectures}
    mode        := "等" | "和"                         how a list is joined (default 和)
    span        := "［" paragraph "］"                  an optional span (full-width brackets)

- **Placeholders.** ``{patrols}`` is replaced by the figure (``26``), rounded as the options say
  ("100余"). A list is joined the Chinese way: ``和`` gives "A、B和C", ``等`` gives "A、B、C等";
  items that carry their own marks (《…》, “…”) stand side by side without 、 (GB/T 15834—2011
  4.5.3.5: no 顿号 between titles or quotations), and a list cut short always ends in 等.
  In the editor a placeholder is one token ``【开展治安巡逻次数】`` (``【…：等】`` for a mode).
  ``{?key}`` (shown ``【如有：开展普法宣讲场数】``) writes nothing: it is a condition, so a span
  can name a figure it needs without printing it.
- **Optional spans.** ``［开展治安巡逻{patrols}次］`` appears only when every placeholder written
  directly in it has a value (not 0, not empty). A span without placeholders of its own appears
  when at least one span inside it appears. When a span drops, the separator that follows it
  (、，；：) goes with it; a span dropped before 。 takes the separator before it instead
  ("宣讲员3人，［累计宣讲{lectures}场］。" → "宣讲员3人。"); a sentence left empty goes, and a
  paragraph left empty goes.
- **Bare placeholders.** A sentence (up to 。！？) holding a placeholder outside any span whose
  figure is missing is left out whole, so a clerk's "全年开展治安巡逻{patrols}次。" never reads
  "0次".
- **Enumerations.** Items written 一是/二是/三是 (at the start of a paragraph or after ；or 。),
  （一）（二）, 1. 2. and （1）（2） at the start of a paragraph are numbered by the program: whatever
  numbers the text holds, they are renumbered in order when the report is put together, so an
  item that drops leaves no gap. A run of 一是 continues across paragraphs up to the next
  heading; （一） counts within a level-1 section, 1. within a level-2 one. Numbers are
  Chinese numerals (``cn2an``): （十一）, not （11）.
- **Headings** come from the outline (``report/outline.py``) and never drop.

Pure text functions, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import cn2an

from lawdesk.report import headings

SPAN_OPEN, SPAN_CLOSE = "［", "］"
TOKEN_OPEN, TOKEN_CLOSE = "【", "】"
MODES = ("等", "和")
PLACEHOLDER = re.compile(r"\{(\?)?([A-Za-z_][A-Za-z0-9_]*)(?::(等|和))?\}")
TOKEN = re.compile(r"【(如有：)?([^【】\n：]+)(?:：(等|和))?】")
CONDITION_WORD = "如有"
SEPARATORS = "、，；："
_RANK = {ch: i for i, ch in enumerate(SEPARATORS)}  # 、 < ， < ； < ：
ENDS = "。！？"
CLOSERS = "”’）》"
_DROPPED, _DROPPED_OWN = "\x00", "\x01"  # where a span dropped (second: with its own punctuation)

#: Enumeration markers the program renumbers (``report/headings.py``).
SHI_ITEM = headings.SHI_ITEM
PAREN_ITEM = headings.LEVEL_2
NUMBER_ITEM = headings.LEVEL_4
DIGIT_ITEM = headings.LEVEL_3


@dataclass(frozen=True)
class Items:
    """A list value: its items, and whether it was cut short (then it always ends in 等)."""

    items: tuple[str, ...]
    more: bool = False


Value = str | Items | None


def cn_number(n: int) -> str:
    """1 → 一, 11 → 十一, 20 → 二十 (the kept library, not a hand table)."""
    return cn2an.an2cn(n)


def _marked(item: str) -> bool:
    return (item.startswith("《") and item.endswith("》")) or (item.startswith("“") and item.endswith("”"))


def join_items(items: Iterable[str], mode: str = "和", more: bool = False) -> str:
    """["A", "B", "C"] → "A、B和C" (和) or "A、B、C等" (等); 《A》《B》 stand side by side."""
    parts = [i for i in items if i]
    if not parts:
        return ""
    if all(_marked(p) for p in parts):
        text = "".join(parts)
        return text + "等" if mode == "等" or more else text
    if mode == "等" or more:
        return "、".join(parts) + "等"
    if len(parts) == 1:
        return parts[0]
    return "、".join(parts[:-1]) + "和" + parts[-1]


# ------------------------------------------------------------------------------ parsing


@dataclass
class _Span:
    children: list[object] = field(default_factory=list)  # str | tuple[key, mode] | _Span


def parse(text: str) -> list[object]:
    """The paragraph as literals, placeholders ``(key, mode)`` and spans; unbalanced ］ is literal."""
    root = _Span()
    stack = [root]
    pos = 0
    buf = ""
    while pos < len(text):
        ch = text[pos]
        if ch == "{":
            m = PLACEHOLDER.match(text, pos)
            if m:
                if buf:
                    stack[-1].children.append(buf)
                    buf = ""
                stack[-1].children.append((m.group(2), "?" if m.group(1) else (m.group(3) or "")))
                pos = m.end()
                continue
        if ch == SPAN_OPEN:
            if buf:
                stack[-1].children.append(buf)
                buf = ""
            span = _Span()
            stack[-1].children.append(span)
            stack.append(span)
            pos += 1
            continue
        if ch == SPAN_CLOSE and len(stack) > 1:
            if buf:
                stack[-1].children.append(buf)
                buf = ""
            stack.pop()
            pos += 1
            continue
        buf += ch
        pos += 1
    if buf:
        stack[-1].children.append(buf)
    while len(stack) > 1:  # an unclosed ［ stays visible so the linter reports it
        span = stack.pop()
        stack[-1].children.remove(span)
        stack[-1].children.append(SPAN_OPEN)
        stack[-1].children.extend(span.children)
    return root.children


def placeholder_keys(text: str) -> list[str]:
    return [m.group(2) for m in PLACEHOLDER.finditer(text)]


def unknown_placeholders(text: str, known: Mapping[str, object]) -> list[str]:
    return sorted({name for name in placeholder_keys(text) if name not in known})


# ------------------------------------------------------------------------------ filling


def _value_text(value: Value, mode: str) -> str:
    if isinstance(value, Items):
        return join_items(value.items, mode or "和", value.more)
    return str(value)


def _present(value: object) -> bool:
    if isinstance(value, Items):
        return bool([i for i in value.items if i])
    return value is not None and value != ""


#: Wraps a printed value (placeholder key, text) in the claims model's marks; None: plain text.
Mark = Callable[[str, str], str] | None


def _render(nodes: list[object], values: Mapping[str, Value], mark: Mark = None) -> tuple[str, bool]:
    """Render ``nodes``; the flag says whether any span among them appeared."""
    out: list[str] = []
    any_span = False
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, tuple):
            key, mode = node
            if mode == "?":  # a condition prints nothing; marked, it says the sentence rests on ``key``
                out.append(("" if mark is None else mark(key, "\u200b")) if key in values else "{?" + key + "}")
            elif key in values:
                text = _value_text(values[key], mode)
                out.append(mark(key, text) if mark is not None else text)
            else:
                out.append("{" + key + (":" + mode if mode else "") + "}")
        else:
            text, kept = _render_span(node, values, mark)
            any_span = any_span or kept
            out.append(text)
    return "".join(out), any_span


def _render_span(span: _Span, values: Mapping[str, Value], mark: Mark = None) -> tuple[str, bool]:
    own = [n for n in span.children if isinstance(n, tuple)]
    if any(key in values and not _present(values[key]) for key, _mode in own):
        return _dropped(span), False
    text, inner = _render(span.children, values, mark)
    has_spans = any(isinstance(n, _Span) for n in span.children)
    if not own and has_spans and not inner:
        return _dropped(span), False
    return text, True


def _dropped(span: _Span) -> str:
    """The mark a dropped span leaves: bare, or carrying its own punctuation (see _close_gaps)."""
    literals = [n for n in span.children if isinstance(n, str) and n.strip()]
    first = literals[0].strip()[:1] if literals and isinstance(span.children[0], str) else ""
    last = literals[-1].strip()[-1:] if literals and isinstance(span.children[-1], str) else ""
    if first in SEPARATORS or (last and last in SEPARATORS + ENDS):
        return _DROPPED_OWN
    return _DROPPED


def _close_gaps(text: str) -> str:
    """Remove the marks of dropped spans, mending the punctuation around each (see the grammar).

    A bare span (no punctuation of its own at its edges) takes the separator after it, or the
    one before it when it stood before 。; a span that carried its own punctuation leaves its
    neighbours alone. Either way a paragraph never ends on a separator and never holds "。。".
    """
    while True:
        i = next((k for k, ch in enumerate(text) if ch in (_DROPPED, _DROPPED_OWN)), -1)
        if i < 0:
            return text
        bare = text[i] == _DROPPED
        before, after = text[:i], text[i + 1 :]
        while after[:1] in (_DROPPED, _DROPPED_OWN) and after:
            bare = bare and after[0] == _DROPPED
            after = after[1:]
        prev, nxt = before[-1:], after[:1]
        if not nxt:
            if prev and prev in SEPARATORS:
                before = before[:-1] + "。"
        elif nxt in SEPARATORS and bare:
            if prev and prev in SEPARATORS and _RANK[prev] < _RANK[nxt]:
                before = before[:-1]  # "A、［B］，C" → "A，C": the weaker mark before goes
            else:
                after = after[1:]
        elif nxt in SEPARATORS and (not prev or prev in ENDS + SEPARATORS):
            after = after[1:]
        elif nxt in ENDS:
            if prev and prev in SEPARATORS:
                before = before[:-1]
            elif not prev or prev in ENDS:
                after = after[1:]
        text = before + after


_EMPTY_SENTENCE = re.compile(r"(^|(?<=[。！？]))[，、；：]*[。！？]")


def _sentences(nodes: list[object]) -> list[list[object]]:
    """Top-level nodes cut into sentences at 。！？ (a span is never cut)."""
    out: list[list[object]] = [[]]
    for node in nodes:
        if not isinstance(node, str):
            out[-1].append(node)
            continue
        for piece in re.split(f"(?<=[{ENDS}])", node):
            if piece:
                out[-1].append(piece)
                if piece[-1] in ENDS:
                    out.append([])
    return [s for s in out if s]


def fill_paragraph(paragraph: str, values: Mapping[str, Value], mark: Mark = None) -> str:
    parts: list[str] = []
    for sentence in _sentences(parse(paragraph)):
        bare = [n for n in sentence if isinstance(n, tuple)]
        if any(key in values and not _present(values[key]) for key, _mode in bare):
            parts.append(_DROPPED_OWN)  # a figure outside any span is missing: the sentence goes
        else:
            parts.append(_render(sentence, values, mark)[0])
    text = _close_gaps("".join(parts))
    return _EMPTY_SENTENCE.sub("", text).strip()


def fill(text: str, values: Mapping[str, Value], mark: Mark = None) -> str:
    """Fill every paragraph of ``text`` (paragraphs are lines); empty results are dropped.

    ``mark`` (the claims model's) wraps each printed value so that the sentence printing it can
    be traced to its placeholder."""
    lines = (fill_paragraph(line.strip(), values, mark) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# ------------------------------------------------------------------------------ enumerations


class Numbering:
    """Renumbers 一是 / （一） / 1. markers in document order; headings reset the runs."""

    def __init__(self) -> None:
        self.shi = 0
        self.paren = 0
        self.digit = 0
        self.four = 0

    def level1(self) -> None:
        self.shi = self.paren = self.digit = self.four = 0

    def level2(self) -> None:
        self.shi = self.digit = self.four = 0

    def level3(self) -> None:
        self.shi = self.four = 0

    def paren_marker(self) -> str:
        self.paren += 1
        self.shi = self.digit = self.four = 0
        return f"（{cn_number(self.paren)}）"

    def digit_marker(self) -> str:
        self.digit += 1
        self.shi = self.four = 0
        return f"{self.digit}."

    def number_marker(self) -> str:
        self.four += 1
        self.shi = 0
        return f"（{self.four}）"

    def shi_items(self, text: str) -> str:
        def repl(_m: re.Match[str]) -> str:
            self.shi += 1
            return f"{cn_number(self.shi)}是"

        return SHI_ITEM.sub(repl, text)

    def paragraph(self, text: str) -> str:
        """Renumber one body paragraph: its leading （一）/1. marker and its 一是 items."""
        m = PAREN_ITEM.match(text)
        if m:
            text = self.paren_marker() + text[m.end() :]
        else:
            m = DIGIT_ITEM.match(text)
            if m:
                text = self.digit_marker() + text[m.end() :]
            elif m := NUMBER_ITEM.match(text):
                text = self.number_marker() + text[m.end() :]
        return self.shi_items(text)


# ------------------------------------------------------------------------------ display form


def to_display(text: str, names: Mapping[str, str]) -> str:
    """Stored text → what the clerk sees: ``{patrols}`` → ``【开展治安巡逻次数】``."""

    def repl(m: re.Match[str]) -> str:
        name = names.get(m.group(2))
        if name is None:
            return m.group(0)
        condition = CONDITION_WORD + "：" if m.group(1) else ""
        return f"{TOKEN_OPEN}{condition}{name}{'：' + m.group(3) if m.group(3) else ''}{TOKEN_CLOSE}"

    return PLACEHOLDER.sub(repl, text)


def from_display(text: str, names: Mapping[str, str]) -> str:
    """What the clerk sees → stored text; an unknown 【名称】 stays as typed (the linter names it)."""
    keys = {name: key for key, name in names.items()}

    def repl(m: re.Match[str]) -> str:
        key = keys.get(m.group(2))
        if key is None:
            return m.group(0)
        return "{" + ("?" if m.group(1) else "") + key + (":" + m.group(3) if m.group(3) else "") + "}"

    return TOKEN.sub(repl, text)


# ------------------------------------------------------------------------------ old form


_OLD_SPLIT = re.compile(r"([，、；：。！？])")


#: Sentences of the first template whose clause dropping went wrong, in their new form.
OLD_PHRASES: tuple[tuple[str, str], ...] = (
    ("主持召开专题会议、班子会、推进会{leadership_meetings}次，", "［主持召开专题会议、班子会、推进会{leadership_meetings}次，］"),
    ("督促进度，深入现场调研{field_research}次，带队开展督查{supervisions_led}次，解决{problem_fields}等法治领域问题{problems_solved}个。",
     "［督促进度，［深入现场调研{field_research}次］，［带队开展督查{supervisions_led}次］，"
     "［解决［{problem_fields:等}］法治领域问题{problems_solved}个］。］"),
    ("政策联宣，开展治安巡逻{patrols}次、排查化解矛盾纠纷{disputes_resolved}起。",
     "政策联宣［，［开展治安巡逻{patrols}次］、［排查化解矛盾纠纷{disputes_resolved}起］］。"),
    ("征求司法部门意见建议，全年开展合法性审查{legal_reviews}件，出具法律意见书{review_letters}份；",
     "征求司法部门意见建议［，全年开展合法性审查{legal_reviews}件］［，出具法律意见书{review_letters}份］；"),
    ("街道聘请{legal_adviser_firm}主任担任法律顾问，提供相关文件、合同，并听取法律顾问的意见。",
     "［街道聘请{legal_adviser_firm}主任担任法律顾问，相关文件、合同均听取法律顾问的意见。］"),
    ("，共办结“12345”市长热线{hotline_closed}件、县交办件{county_assigned_closed}件，按期办结率{on_time_rate}%，"
     "群众满意率{satisfaction_rate}%。",
     "［，共办结［“12345”市长热线{hotline_closed}件］、［县交办件{county_assigned_closed}件］］"
     "［，按期办结率{on_time_rate}%］［，群众满意率{satisfaction_rate}%］。"),
    ("共配备普法宣讲员{lecturers}人，累计宣讲{lectures}场。", "［共配备普法宣讲员{lecturers}人］［，累计宣讲{lectures}场］。"),
    ("“第一种形态”，召开警示教育大会{warning_meetings}次。", "“第一种形态”［，召开警示教育大会{warning_meetings}次］。"),
)  # fmt: skip
LIST_KEYS = ("problem_fields", "partner_units", "coverage_items", "lecture_laws_titles", "special_days_quoted")
_MASK = "\ue000"


def is_old_form(text: str) -> bool:
    """Old narratives had placeholders but no optional spans (clauses were dropped by a regex)."""
    return bool(PLACEHOLDER.search(text)) and SPAN_OPEN not in text


def convert_old_form(text: str) -> str:
    """Old-form text → the grammar: each clause holding a placeholder becomes an optional span.

    The old rule dropped "the text between two of ，、；：" that held a missing figure, and the
    whole sentence when nothing was left; wrapping each such clause in ［］ (and a sentence made
    only of such clauses in an outer ［］) keeps that meaning, and the grammar mends the
    punctuation around it. Two old habits are mended on the way: the honours sentence carried
    its own ；, so it took the next item's lead-in with it (now ``［{honor_titles_sentence}；］``),
    and "{problem_fields}等" becomes ``{problem_fields:等}``.
    """
    if not is_old_form(text):
        return text
    for old, new in OLD_PHRASES:
        text = text.replace(old, new)
    text = text.replace("{honor_titles_sentence}", SPAN_OPEN + "{honor_titles_sentence}；" + SPAN_CLOSE)
    for key in LIST_KEYS:
        text = text.replace("{" + key + "}等", "{" + key + ":等}")
    return "\n".join(_convert_line(line) for line in text.splitlines())


def _convert_line(line: str) -> str:
    spans: list[str] = []

    def mask(m: re.Match[str]) -> str:
        spans.append(m.group(0))
        return f"{_MASK}{len(spans) - 1}{_MASK}"

    innermost = re.compile(f"{SPAN_OPEN}[^{SPAN_OPEN}{SPAN_CLOSE}]*{SPAN_CLOSE}")
    while innermost.search(line):
        line = innermost.sub(mask, line)
    pieces = _OLD_SPLIT.split(line)
    out: list[str] = []
    sentence: list[str] = []

    def flush(end: str) -> None:
        clauses = sentence[0::2]
        literal = any(not PLACEHOLDER.search(c) and c.replace(_MASK, "").strip() and _MASK not in c
                      for c in clauses)
        body = "".join(_wrap(c) if i % 2 == 0 else c for i, c in enumerate(sentence))
        if not literal and any(PLACEHOLDER.search(c) for c in clauses):
            out.append(f"{SPAN_OPEN}{body}{end}{SPAN_CLOSE}")
        else:
            out.append(body + end)
        sentence.clear()

    for k in range(0, len(pieces), 2):
        clause = pieces[k]
        delim = pieces[k + 1] if k + 1 < len(pieces) else ""
        sentence.append(clause)
        if delim in ENDS and delim:
            flush(delim)
        elif delim:
            sentence.append(delim)
    if any(p.strip() for p in sentence):
        flush("")
    text = "".join(out)
    masked = re.compile(f"{_MASK}(\\d+){_MASK}")
    while masked.search(text):
        text = masked.sub(lambda m: spans[int(m.group(1))], text)
    return text


def _wrap(clause: str) -> str:
    return f"{SPAN_OPEN}{clause}{SPAN_CLOSE}" if PLACEHOLDER.search(clause) else clause


#: "三、存在的不足" → "存在的不足": the program numbers headings itself.
strip_heading_number = headings.strip_number
