"""Which field a clerk's column header means, and which record type a sheet holds.

Headers are compared by ``header_key`` (``normalize.key``: full-width, brackets, spaces, case;
without "*" and short bracketed units such as "(人)"). A header means a field when it is, in this
order of confidence:

1. the field's label or name, or one of its ``aliases`` (``lawdesk.schema``);
2. the same with 时间 read as 日期 (培训时间, 办结时间) or the other way round;
3. one part of an "A/B" label (获奖单位/个人, 事由/主题) or header;
4. a word of the record type's name followed by one of the above (巡逻日期, 会议地点, 巡逻人数:
   ``RecordSpec.aliases``).

``decide_kind`` weighs the headers of each candidate header row with the words of the sheet's
name, its title rows and the file's name: a 治安巡逻 sheet called Sheet1 under the title
“2022年治安巡逻登记表” is a 治安巡逻 sheet, whatever headers it shares with 学法培训.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lawdesk import normalize
from lawdesk.schema import RECORD_SPECS, FieldSpec, RecordSpec, spec_for

#: The hidden column of an export that carries each record's identity (its uuid).
IDENTITY = "__identity__"
IDENTITY_HEADER = "记录标识（请勿修改）"
MASKED_IDENTITY_HEADER = "记录标识（已隐去个人信息，不能导入）"
_UNIT = re.compile(r"\([^()]{0,8}\)")
_SPLIT = re.compile(r"[/、或及]")
#: Words in front of a field's header that name the activity rather than the field (活动日期).
_GENERIC_PREFIXES = ("活动", "开展", "具体", "本次", "工作", "是否")
#: Confidence of a match (higher is surer).
EXACT, SWAPPED, PART, PREFIXED = 4, 3, 2, 1


def header_key(text: str) -> str:
    """The comparison key of a header: ``normalize.key`` without "*", "※" and ":"."""
    return normalize.key(text).replace("*", "").replace("※", "").rstrip(":：")


def _bare(key: str) -> str:
    """``key`` without short bracketed parts: 发放资料(份) → 发放资料, 所属村(社区) → 所属村."""
    return _UNIT.sub("", key)


@functools.cache
def _index(kind: str) -> dict[str, str]:
    """Header key → field name of a record type: labels and names, aliases, then label parts."""
    spec = spec_for(kind)
    index: dict[str, str] = {}

    def add(text: str, name: str) -> None:
        key = header_key(text)
        if key:
            index.setdefault(key, name)
            index.setdefault(_bare(key) or key, name)

    for f in spec.all_fields:
        add(f.label, f.name)
        index.setdefault(f.name.casefold(), f.name)
    for f in spec.all_fields:
        for alias in f.aliases:
            add(alias, f.name)
    for f in spec.all_fields:
        if "/" in f.label:
            for part in f.label.split("/"):
                add(part, f.name)
    return index


@functools.cache
def _prefixes(kind: str) -> tuple[str, ...]:
    words = {header_key(w) for w in spec_for(kind).aliases} | set(_GENERIC_PREFIXES)
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


def _swapped(key: str) -> list[str]:
    out = []
    if "时间" in key:
        out.append(key.replace("时间", "日期"))
    if "日期" in key:
        out.append(key.replace("日期", "时间"))
    return out


def _lookup(index: dict[str, str], key: str) -> str | None:
    return index.get(key) or index.get(_bare(key))


def match_header(spec: RecordSpec, text: object) -> tuple[str, int] | None:
    """(field name, confidence) that header ``text`` means for ``spec``, or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    return _match(spec.kind, text)


#: Longer texts are data, not headers (the longest label or alias has 12 characters).
MAX_HEADER_KEY = 24


@functools.lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return header_key(text)


@functools.lru_cache(maxsize=8192)
def _match(kind: str, text: str) -> tuple[str, int] | None:
    spec = spec_for(kind)
    key = _key(text)
    if len(key) > MAX_HEADER_KEY:
        return None
    if key in _IDENTITY_KEYS:
        return IDENTITY, EXACT
    index = _index(spec.kind)
    found = _lookup(index, key)
    if found:
        return found, EXACT
    for other in _swapped(key):
        if found := _lookup(index, other):
            return found, SWAPPED
    parts = [p for p in _SPLIT.split(_bare(key)) if p]
    if len(parts) > 1:
        for part in parts:
            for candidate in (part, *_swapped(part)):
                if found := _lookup(index, candidate):
                    return found, PART
    for prefix in _prefixes(spec.kind):
        if key.startswith(prefix) and len(key) > len(prefix):
            rest = key[len(prefix):]
            for candidate in (rest, *_swapped(rest)):
                if found := _lookup(index, candidate):
                    return found, PREFIXED
    return None


_IDENTITY_KEYS = frozenset({header_key(IDENTITY_HEADER), header_key(MASKED_IDENTITY_HEADER)})


def field_for_header(spec: RecordSpec, text: str) -> FieldSpec | None:
    """The field a column header means, or None."""
    found = match_header(spec, text)
    if found is None or found[0] == IDENTITY:
        return None
    return spec.field(found[0])


def match_columns(spec: RecordSpec, headers: list[str]) -> list[str | None]:
    """Per column the field it holds: the surest header takes a field, then the leftmost."""
    found = [match_header(spec, h) for h in headers]
    order = sorted((i for i, m in enumerate(found) if m), key=lambda i: (-found[i][1], i))  # type: ignore[index]
    out: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for i in order:
        name = found[i][0]  # type: ignore[index]
        if name not in taken:
            taken.add(name)
            out[i] = name
    return out


def score(spec: RecordSpec, headers: list[str]) -> int:
    """How many distinct fields of ``spec`` the headers name (the identity column not counted)."""
    return len({m for m in match_columns(spec, headers) if m and m != IDENTITY})


# --------------------------------------------------------------------------------------------
# Record type from names


def named_kinds(text: str) -> dict[str, int]:
    """Record types whose label or ledger names occur in ``text`` → length of the longest one."""
    key = normalize.key(text)
    out: dict[str, int] = {}
    for spec in RECORD_SPECS:
        for word in (spec.label, *spec.aliases):
            w = normalize.key(word)
            if w and w in key:
                out[spec.kind] = max(out.get(spec.kind, 0), len(w))
    # a longer name contains a shorter one of another type (普法宣讲员 ⊃ 普法宣讲): keep the longer
    if out:
        best = max(out.values())
        out = {k: n for k, n in out.items() if n >= min(best, 2) and not _shadowed(k, out, key)}
    return out


def _shadowed(kind: str, found: dict[str, int], key: str) -> bool:
    """Whether every name of ``kind`` in ``key`` lies inside a longer name of another found type."""
    spec = spec_for(kind)
    mine = [normalize.key(w) for w in (spec.label, *spec.aliases) if normalize.key(w) in key]
    for other in found:
        if other == kind:
            continue
        theirs = [normalize.key(w) for w in (spec_for(other).label, *spec_for(other).aliases)
                  if normalize.key(w) in key]
        if mine and all(any(m in t and m != t for t in theirs) for m in mine):
            return True
    return False


@dataclass(frozen=True)
class Decision:
    kind: str | None
    header_rows: tuple[int, ...]  # 1-based
    headers: list[str]
    score: int  # fields the headers name
    reason: str  # Chinese: why this type


def cell_text(value: object) -> str:
    """A header cell's text ("" for empty cells and for values too long to be a header)."""
    if value is None or not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text if len(text) <= 40 else ""


def decide_kind(top: list[tuple[object, ...]], sheet_name: str, file_name: str) -> Decision:
    """The record type, header rows and headers of a sheet from its first rows and names.

    Every row of ``top`` is tried as the header, alone and combined with the row below (a two-row
    header whose upper cells are merged: the lower cell names the column, else the upper). Each
    record type is scored by the fields its headers name, plus 4 when the sheet's name or a title
    row above the header names it and 3 when the file's name does (a name outweighs a few generic
    headers such as 日期、内容、备注); a header needs two fields, or one when the type is named. Ties
    go to the named type, then a single header row and the earliest.
    """
    width = max((len(r) for r in top), default=0)
    lines = [[cell_text(v) for v in r] + [""] * (width - len(r)) for r in top]
    by_sheet = named_kinds(sheet_name)
    by_file = named_kinds(file_name)
    best_rank: tuple[int, int, int, int, int] | None = None
    best = Decision(None, (), [], 0, "")
    best_row = -1
    for i, one in enumerate(lines):
        if best_row >= 0 and i > best_row + 2 and best.score >= 2:
            break  # rows below a header that names two fields are its data
        if sum(1 for text in one if text) < (1 if i + 1 < len(lines) else 2):
            continue
        candidates = [((i + 1,), one)]
        if i + 1 < len(lines):
            candidates.append(((i + 1, i + 2), [b or a for a, b in zip(one, lines[i + 1], strict=True)]))
        title = " ".join(" ".join(str(v) for v in r if v) for r in top[:i] if r)
        by_title = named_kinds(title)
        for rows, headers in candidates:
            for spec in RECORD_SPECS:
                fields = score(spec, headers)
                named = spec.kind in by_sheet or spec.kind in by_title
                bonus = (4 if named else 0) + (3 if spec.kind in by_file else 0)
                if fields < (1 if bonus else 2):
                    continue
                rank = (fields + bonus, bonus, fields, -len(rows), -i)
                if best_rank is None or rank > best_rank:
                    why = ("工作表名称" if spec.kind in by_sheet else "标题行" if spec.kind in by_title
                           else "文件名" if spec.kind in by_file else "")
                    reason = f"按表头和{why}识别" if why else "按表头识别"
                    best_rank, best = rank, Decision(spec.kind, rows, headers, fields, reason)
                    best_row = i
    return best


def guess_header_row(top: list[tuple[object, ...]]) -> int | None:
    """For a sheet no record type fits: the row most like a header (most short texts), 1-based."""
    best, best_count = None, 1
    for i, row in enumerate(top):
        count = sum(1 for v in row if isinstance(v, str) and cell_text(v))
        if count > best_count:
            best, best_count = i + 1, count
    return best


_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def year_in(text: str) -> int | None:
    """The one year (2000–2099) a title, sheet or file name speaks of (None: none or several)."""
    years = {int(y) for y in _YEAR.findall(normalize.key(text))}
    return years.pop() if len(years) == 1 else None
