"""Shared parts of the checker: severities, font families, ``Finding``, the opened ``Doc``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report import headings
from lawdesk.report.check.ooxml import PKG_REL_NS, _int, _runs, _text, _w
from lawdesk.report.check.package import _Package
from lawdesk.report.check.resolve import _Styles
from lawdesk.report.profile import ReportProfile

ERROR = "错误"
WARNING = "警告"
INFO = "提示"
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}



FANGSONG = {"仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "华文仿宋",
            "方正仿宋_GBK", "方正仿宋简体"}  # fmt: skip
KAITI = {"楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "STKaiti", "华文楷体", "方正楷体_GBK",
         "方正楷体简体"}  # fmt: skip
HEITI = {"黑体", "SimHei", "STHeiti", "Heiti SC", "方正黑体_GBK", "方正黑体简体"}
XIAOBIAOSONG = {"方正小标宋简体", "方正小标宋_GBK", "方正小标宋", "华文中宋", "STZhongsong",
                "宋体", "SimSun"}  # fmt: skip
SONG = {"宋体", "SimSun", "STSong", "华文宋体", "新宋体", "NSimSun"}

LEVEL_PATTERNS = headings.STRICT_LEVELS
HALF_WIDTH_LEVEL = headings.HALF_WIDTH_BRACKETS
DOC_NUMBER_RE = re.compile(g.DOC_NUMBER_PATTERN)
DATE_RE = re.compile(g.DATE_PATTERN)
LOOSE_DATE_RE = re.compile(r"^[0-9〇零一二三四五六七八九十○]{2,4}年[0-9〇零一二三四五六七八九十○]{1,3}月"
                           r"[0-9〇零一二三四五六七八九十○]{1,3}日$")  # fmt: skip
AMBIGUOUS_PUNCT = set("“”‘’—…·")
FOOTER_RE = re.compile(r"^\u2014 ?\{PAGE\} ?\u2014$")



@dataclass(frozen=True)
class Finding:
    """One checker result."""

    severity: str
    code: str
    message: str
    where: str = ""












def _where(index: int, text: str) -> str:
    excerpt = text.strip().replace("\t", " ")
    excerpt = excerpt[:16] + ("…" if len(excerpt) > 16 else "")
    return f"第{index + 1}段「{excerpt}」" if excerpt else f"第{index + 1}段（空段）"


@dataclass
class _Para:
    index: int
    el: etree._Element
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class _Collector:
    """Collects findings; repeated problems of one kind are merged with a count."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], list] = {}

    def add(self, severity: str, code: str, message: str, where: str = "") -> None:
        key = (severity, code, message)
        if key in self._items:
            self._items[key][1] += 1
        else:
            self._items[key] = [where, 1]

    def findings(self) -> list[Finding]:
        out = []
        for (severity, code, message), (where, count) in self._items.items():
            if count > 1:
                where = f"{where} 等 {count} 处"
            out.append(Finding(severity, code, message, where))
        out.sort(key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), _code_key(f.code)))
        return out


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(x) if x.isdigit() else 0 for x in code.split("."))


class Doc:
    """One opened document under check: its parts, resolved styles, paragraphs and findings."""

    def __init__(self, pkg: _Package, profile: ReportProfile | None) -> None:
        self.pkg = pkg
        self.profile = profile
        self.pitch = profile.line_pitch_twips if profile else g.LINE_PITCH_TWIPS
        self.out = _Collector()
        self.doc = pkg.xml("word/document.xml")
        self.styles = _Styles(pkg.xml("word/styles.xml"))
        self.body = self.doc.find(_w("body"))
        self.items = list(self.body) if self.body is not None else []
        self.paras = [
            _Para(i, el, _text(el)) for i, el in enumerate(self.items) if el.tag == _w("p")
        ]

    def add(self, severity: str, code: str, message: str, where: str = "") -> None:
        self.out.add(severity, code, message, where)

    def font_ok(self, font: str | None, family: set[str], expected: str | None) -> str | None:
        """None if fine, else the severity of the mismatch."""
        if font is None or font not in family:
            return ERROR
        if expected and font != expected:
            return WARNING
        return None

    def pitch_severity(self, line: int | None) -> str | None:
        if line == self.pitch:
            return None
        if line in (g.LINE_PITCH_TWIPS, g.LINE_PITCH_28PT_TWIPS) and self.profile is None:
            return WARNING
        return ERROR

    def rel_targets(self) -> dict[str, str]:
        if not hasattr(self, "_rels"):
            rels = self.pkg.xml("word/_rels/document.xml.rels")
            self._rels = {}
            if rels is not None:
                for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
                    target = rel.get("Target", "")
                    if rel.get("TargetMode") == "External":
                        continue
                    path = target.lstrip("/") if target.startswith("/") else f"word/{target}"
                    self._rels[rel.get("Id", "")] = path
        return self._rels

    def _table_paras(self) -> list[_Para]:
        out = []
        for i, el in enumerate(self.items):
            if el.tag == _w("tbl"):
                out += [_Para(i, p, _text(p)) for p in el.iter(_w("p"))]
        return out

    def _is_mark(self, p: etree._Element) -> bool:
        """A red paragraph of at least 2号, or of the size that fits a long organ name (such as
        中共新县委员会全面依法治县委员会办公室文件) across the 版心 (GB/T 9704 fixes no size)."""
        from lawdesk.report.writer.base import mark_size_pt

        runs = _runs(p)
        if not runs or not all((self.styles.r_attr(r, p, "color") or "").upper() == g.RED for r in runs):
            return False
        size = _int(self.styles.r_attr(runs[0], p, "sz"), 0)
        return size >= min(g.SIZE_ERHAO, int(mark_size_pt(_text(p).strip()) * 2))

    def _is_title_line(self, p: _Para) -> bool:
        runs = _runs(p.el)
        if not runs or self._is_mark(p.el):
            return False
        size = _int(self.styles.r_attr(runs[0], p.el, "sz"), 0)
        return size >= 40 and self.styles.p_attr(p.el, "jc", "val") == "center"
