"""Read-back compliance checker for GB/T 9704-2012 reports (spec gbt9704.md §4).

``check_docx(path)`` opens a .docx that may come from anywhere (the user's own drafts too), so
the ZIP is read defensively (member count, sizes, compression ratio, no DTDs) before any XML is
parsed. It returns ``Finding`` rows — severity 错误/警告/提示, the checklist item as ``code``
("4.12"), a Chinese message and where it was found. ``format_findings`` renders them as text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.docx_writer import PPR_SEQ, RPR_SEQ, text_width_twips
from lawdesk.report.profile import ReportProfile

ERROR = "错误"
WARNING = "警告"
INFO = "提示"
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

# ZIP limits for untrusted input (gongwen-lint style preflight), item 39
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200

FANGSONG = {"仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "华文仿宋",
            "方正仿宋_GBK", "方正仿宋简体"}  # fmt: skip
KAITI = {"楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "STKaiti", "华文楷体", "方正楷体_GBK",
         "方正楷体简体"}  # fmt: skip
HEITI = {"黑体", "SimHei", "STHeiti", "Heiti SC", "方正黑体_GBK", "方正黑体简体"}
XIAOBIAOSONG = {"方正小标宋简体", "方正小标宋_GBK", "方正小标宋", "华文中宋", "STZhongsong",
                "宋体", "SimSun"}  # fmt: skip
SONG = {"宋体", "SimSun", "STSong", "华文宋体", "新宋体", "NSimSun"}

LEVEL_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^\d+\.(?!\d)")),
    (4, re.compile(r"^（\d+）")),
)
HALF_WIDTH_LEVEL = re.compile(r"^\((?:[一二三四五六七八九十]+|\d+)\)")
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


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def _wattr(el: etree._Element | None, name: str) -> str | None:
    return None if el is None else el.get(_w(name))


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


# ============================================================== safe package reading


def _parse_xml(data: bytes, name: str) -> etree._Element:
    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in head:
        raise _Refused(f"“{name}”中含有 DTD/实体声明，出于安全考虑拒绝读取。")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise _Refused(f"“{name}”不是有效的 XML：{exc}") from exc


class _Package:
    """The parts of a .docx the checker needs, read within limits."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise _Refused(f"找不到文件“{path.name}”。")
        if not zipfile.is_zipfile(path):
            raise _Refused(f"“{path.name}”不是 .docx 文件（不是有效的 Word 文档压缩包）。")
        self._zip = zipfile.ZipFile(path)
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _Refused(f"“{path.name}”包含的部件过多（{len(infos)} 个），拒绝读取。")
        total = 0
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts:
                raise _Refused(f"“{path.name}”含有非法路径“{info.filename}”，拒绝读取。")
            if info.file_size > MAX_MEMBER_BYTES:
                raise _Refused(f"“{path.name}”中的“{info.filename}”过大，拒绝读取。")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
                raise _Refused(f"“{path.name}”的压缩比异常（疑似压缩炸弹），拒绝读取。")
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _Refused(f"“{path.name}”解压后过大，拒绝读取。")
        self.names = {i.filename for i in infos}
        if "word/document.xml" not in self.names:
            raise _Refused(f"“{path.name}”不是 .docx 文件（缺少 word/document.xml）。")

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.names:
            return None
        with self._zip.open(name) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
        if len(data) > MAX_MEMBER_BYTES:
            raise _Refused(f"“{name}”过大，拒绝读取。")
        return _parse_xml(data, name)

    def close(self) -> None:
        self._zip.close()


# ============================================================== style resolution


class _Styles:
    """Effective paragraph/run properties: direct → style chain → default style → docDefaults."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.doc_rpr = self.doc_ppr = None
        if root is None:
            return
        for st in root.iter(_w("style")):
            sid = st.get(_w("styleId"))
            if sid:
                self.by_id[sid] = st
            if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true"):
                self.default_para = sid
        dd = root.find(_w("docDefaults"))
        if dd is not None:
            self.doc_rpr = dd.find(f"{_w('rPrDefault')}/{_w('rPr')}")
            self.doc_ppr = dd.find(f"{_w('pPrDefault')}/{_w('pPr')}")

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            st = self.by_id[style_id]
            yield st
            based = st.find(_w("basedOn"))
            style_id = _wattr(based, "val")

    def _para_style(self, p: etree._Element) -> str | None:
        ppr = p.find(_w("pPr"))
        ps = ppr.find(_w("pStyle")) if ppr is not None else None
        return _wattr(ps, "val") or self.default_para

    def ppr_levels(self, p: etree._Element) -> list[etree._Element]:
        levels = []
        if p.find(_w("pPr")) is not None:
            levels.append(p.find(_w("pPr")))
        levels += [s.find(_w("pPr")) for s in self.chain(self._para_style(p))]
        levels.append(self.doc_ppr)
        return [lv for lv in levels if lv is not None]

    def rpr_levels(self, r: etree._Element, p: etree._Element) -> list[etree._Element]:
        levels = []
        rpr = r.find(_w("rPr"))
        if rpr is not None:
            levels.append(rpr)
            rs = rpr.find(_w("rStyle"))
            levels += [s.find(_w("rPr")) for s in self.chain(_wattr(rs, "val"))]
        levels += [s.find(_w("rPr")) for s in self.chain(self._para_style(p))]
        levels.append(self.doc_rpr)
        return [lv for lv in levels if lv is not None]

    def p_attr(self, p: etree._Element, child: str, attr: str) -> str | None:
        for lv in self.ppr_levels(p):
            el = lv.find(_w(child))
            if el is not None and el.get(_w(attr)) is not None:
                return el.get(_w(attr))
        return None

    def p_flag(self, p: etree._Element, child: str) -> bool:
        for lv in self.ppr_levels(p):
            el = lv.find(_w(child))
            if el is not None:
                return _wattr(el, "val") not in ("0", "false", "off")
        return False

    def r_attr(self, r: etree._Element, p: etree._Element, child: str, attr: str = "val"):
        for lv in self.rpr_levels(r, p):
            el = lv.find(_w(child))
            if el is not None and el.get(_w(attr)) is not None:
                return el.get(_w(attr))
        return None

    def r_flag(self, r: etree._Element, p: etree._Element, child: str) -> bool:
        for lv in self.rpr_levels(r, p):
            el = lv.find(_w(child))
            if el is not None:
                return _wattr(el, "val") not in ("0", "false", "off")
        return False

    def east_asia(self, r: etree._Element, p: etree._Element) -> tuple[str | None, bool]:
        """(font, themed): the effective East Asian font and whether a theme attribute wins."""
        for lv in self.rpr_levels(r, p):
            rf = lv.find(_w("rFonts"))
            if rf is None:
                continue
            if rf.get(_w("eastAsiaTheme")):
                return rf.get(_w("eastAsiaTheme")), True
            if rf.get(_w("eastAsia")):
                return rf.get(_w("eastAsia")), False
        return None, False


# ============================================================== paragraph helpers


def _text(el: etree._Element) -> str:
    out = []
    for node in el.iter(_w("t"), _w("tab"), _w("br"), _w("instrText")):
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.tag == _w("tab"):
            if node.getparent() is not None and node.getparent().tag == _w("r"):
                out.append("\t")
        elif node.tag == _w("br"):
            out.append("\n")
    return "".join(out)


def _runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(_w("r")) if _text(r)]


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


# ============================================================== the checker


class _Checker:
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

    # ---------------------------------------------------------- helpers
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

    # ---------------------------------------------------------- package level
    def run(self) -> list[Finding]:
        self.check_sections()
        self.check_settings()
        self.check_styles()
        self.check_theme()
        self.check_order()
        self.check_colours()
        self.check_structure()
        return self.out.findings()

    def check_sections(self) -> None:
        sects = list(self.doc.iter(_w("sectPr")))
        if not sects:
            self.add(ERROR, "4.1", "文档缺少节属性（sectPr），无法确定页面设置。")
            return
        for n, sect in enumerate(sects, start=1):
            where = f"第{n}节" if len(sects) > 1 else ""
            self.check_page(sect, where)
            self.check_footers(sect, where)

    def check_page(self, sect: etree._Element, where: str) -> None:
        sz, mar = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
        w, h = _int(_wattr(sz, "w"), 0), _int(_wattr(sz, "h"), 0)
        tol = g.PAGE_SIZE_TOLERANCE_TWIPS
        if (
            abs(w - g.PAGE_WIDTH_TWIPS) > tol
            or abs(h - g.PAGE_HEIGHT_TWIPS) > tol
            or _wattr(sz, "orient") == "landscape"
        ):
            self.add(ERROR, "4.1", f"纸张应为 A4 纵向（210×297 mm），实际为 {w}×{h} 缇。", where)
        top, left = _int(_wattr(mar, "top"), 0), _int(_wattr(mar, "left"), 0)
        right, bottom = _int(_wattr(mar, "right"), 0), _int(_wattr(mar, "bottom"), 0)
        mt = g.MARGIN_TOLERANCE_TWIPS
        if abs(top - g.MARGIN_TOP_TWIPS) > mt:
            self.add(ERROR, "4.2", f"天头（上边距）应为 37 mm（2098 缇），实际为 {top} 缇。", where)
        if abs(left - g.MARGIN_LEFT_TWIPS) > mt:
            self.add(
                ERROR, "4.2", f"订口（左边距）应为 28 mm（1587 缇），实际为 {left} 缇。", where
            )
        bw, bh = w - left - right, h - top - bottom
        bt = g.BODY_SIZE_TOLERANCE_TWIPS
        if abs(bw - g.BODY_WIDTH_TWIPS) > bt or abs(bh - g.BODY_HEIGHT_TWIPS) > bt:
            self.add(
                ERROR, "4.3",
                f"版心应为 156×225 mm（8845×12756 缇），实际为 {bw}×{bh} 缇"
                "（下边距应为 35 mm，右边距应为 26 mm）。", where,
            )  # fmt: skip
        footer = _int(_wattr(mar, "footer"), 0)
        if not g.FOOTER_DISTANCE_MIN_TWIPS <= footer <= g.FOOTER_DISTANCE_MAX_TWIPS:
            self.add(
                WARNING, "4.4",
                f"页脚距边界约应为 24.7 mm（1400 缇），使页码一字线距版心下边缘 7 mm；实际为 {footer} 缇。",
                where,
            )  # fmt: skip
        grid = sect.find(_w("docGrid"))
        gtype, gpitch = _wattr(grid, "type"), _int(_wattr(grid, "linePitch"))
        if gtype not in ("lines", "linesAndChars") or gpitch != self.pitch:
            self.add(
                WARNING, "4.5",
                f"文档网格应为“只指定行网格”且行距 {self.pitch} 缇（每页 22 行）；"
                f"实际为 type={gtype or '无'}、linePitch={gpitch}。", where,
            )  # fmt: skip
        if sect.find(_w("titlePg")) is not None and _wattr(sect.find(_w("titlePg")), "val") not in (
            "0", "false",
        ):  # fmt: skip
            self.add(
                ERROR, "4.6", "通用格式首页也应显示页码，不应设置“首页不同”（titlePg）。", where
            )

    def _footer_part(
        self, sect: etree._Element, kind: str
    ) -> tuple[str | None, etree._Element | None]:
        for ref in sect.findall(_w("footerReference")):
            if _wattr(ref, "type") == kind:
                rid = ref.get(f"{{{R_NS}}}id")
                target = self.rel_targets().get(rid or "")
                if target:
                    return target, self.pkg.xml(target)
        return None, None

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

    def check_footers(self, sect: etree._Element, where: str) -> None:
        for kind, odd in (("default", True), ("even", False)):
            name, root = self._footer_part(sect, kind)
            label = "奇数页（默认）页脚" if odd else "偶数页页脚"
            if root is None:
                self.add(ERROR, "4.6", f"缺少{label}（footerReference type={kind}）。", where)
                continue
            self.check_footer(root, odd, label, name or "")

    def check_footer(self, root: etree._Element, odd: bool, label: str, name: str) -> None:
        paras = [p for p in root.iter(_w("p")) if _text(p).strip() or p.find(f".//{_w('fldChar')}") is not None
                 or p.find(f".//{_w('fldSimple')}") is not None]  # fmt: skip
        if not paras:
            self.add(ERROR, "4.13", f"{label}中没有页码。", name)
            return
        p = paras[0]
        text = self._footer_text(p)
        if not FOOTER_RE.match(text.strip()):
            self.add(
                ERROR, "4.13",
                f"{label}页码应为“— 页码 —”（两侧为一字线 U+2014，中间为 PAGE 域），实际为“{text}”。", name,
            )  # fmt: skip
        jc = self.styles.p_attr(p, "jc", "val")
        ind_l = _int(
            self.styles.p_attr(p, "ind", "left") or self.styles.p_attr(p, "ind", "start"), 0
        )
        ind_r = _int(
            self.styles.p_attr(p, "ind", "right") or self.styles.p_attr(p, "ind", "end"), 0
        )
        tol = g.INDENT_TOLERANCE_TWIPS
        ok = (jc == "right" and abs(ind_r - g.PAGE_NUMBER_INDENT_TWIPS) <= tol) if odd else (
            jc in ("left", "start", None) and abs(ind_l - g.PAGE_NUMBER_INDENT_TWIPS) <= tol
        )  # fmt: skip
        if not ok:
            want = "右对齐并右缩进一字（280 缇）" if odd else "左对齐并左缩进一字（280 缇）"
            self.add(
                ERROR, "4.12", f"{label}页码应{want}（单页码居右空一字，双页码居左空一字）。", name
            )
        for r in _runs(p):
            size = _int(self.styles.r_attr(r, p, "sz"))
            font, _ = self.styles.east_asia(r, p)
            ascii_font = self.styles.r_attr(r, p, "rFonts", "ascii")
            if size != g.PAGE_NUMBER_SIZE or font not in SONG or ascii_font not in SONG:
                self.add(WARNING, "4.14", f"{label}页码应为 4 号（14 磅）宋体。", name)
                break
            if self.styles.r_flag(r, p, "b"):
                self.add(WARNING, "4.14", f"{label}页码不应加粗。", name)
                break

    @staticmethod
    def _footer_text(p: etree._Element) -> str:
        out, in_field = [], False
        for node in p.iter(_w("t"), _w("fldChar"), _w("instrText"), _w("fldSimple")):
            if node.tag == _w("fldSimple"):
                if "PAGE" in (node.get(_w("instr")) or ""):
                    out.append("{PAGE}")
                continue
            if node.tag == _w("fldChar"):
                kind = _wattr(node, "fldCharType")
                if kind == "begin":
                    in_field = True
                elif kind == "end":
                    in_field = False
            elif node.tag == _w("instrText"):
                if in_field and "PAGE" in (node.text or ""):
                    out.append("{PAGE}")
            elif not in_field and node.getparent().getparent() is not None:
                if node.getparent().getparent().tag == _w("fldSimple"):
                    continue
                out.append(node.text or "")
        return "".join(out)

    def check_settings(self) -> None:
        settings = self.pkg.xml("word/settings.xml")
        eo = settings.find(_w("evenAndOddHeaders")) if settings is not None else None
        if eo is None or _wattr(eo, "val") in ("0", "false", "off"):
            self.add(
                ERROR,
                "4.7",
                "未启用“奇偶页不同”（settings.xml 缺少 evenAndOddHeaders），偶数页页码不会居左。",
            )
        lang = settings.find(_w("themeFontLang")) if settings is not None else None
        if lang is None:
            self.add(INFO, "4.8", "settings.xml 未设置 themeFontLang（建议 eastAsia=zh-CN）。")
        elif _wattr(lang, "eastAsia") != "zh-CN":
            self.add(
                WARNING, "4.8",
                f"主题字体语言为“{_wattr(lang, 'eastAsia')}”，应为 zh-CN，否则中文可能回退为日文字体。",
            )  # fmt: skip

    def check_styles(self) -> None:
        st = self.styles
        lang = st.doc_rpr.find(_w("lang")) if st.doc_rpr is not None else None
        if _wattr(lang, "eastAsia") != "zh-CN":
            self.add(WARNING, "4.9", "文档默认语言（docDefaults）的东亚语言应为 zh-CN。")
        normal_id = st.default_para or "Normal"
        normal = st.by_id.get(normal_id)
        for label, rpr in (("文档默认格式", st.doc_rpr), ("正文（Normal）样式", normal.find(_w("rPr")) if normal is not None else None)):  # fmt: skip
            rf = rpr.find(_w("rFonts")) if rpr is not None else None
            if rf is not None and any(rf.get(_w(a)) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")):  # fmt: skip
                self.add(WARNING, "4.9", f"{label}使用了主题字体属性（*Theme），会覆盖显式字体名。")
        if normal is None:
            self.add(WARNING, "4.10", "找不到正文（Normal）样式。")
            return
        fake_p = etree.Element(_w("p"))
        fake_r = etree.SubElement(fake_p, _w("r"))
        size = _int(st.r_attr(fake_r, fake_p, "sz"))
        font, _ = st.east_asia(fake_r, fake_p)
        expected = self.profile.body_font if self.profile else None
        problems = []
        if size != g.SIZE_SANHAO:
            problems.append(f"字号应为 3 号（sz=32），实际 sz={size}")
        if self.font_ok(font, FANGSONG, expected):
            problems.append(f"中文字体应为仿宋，实际为“{font}”")
        line = _int(st.p_attr(fake_p, "spacing", "line"))
        rule = st.p_attr(fake_p, "spacing", "lineRule")
        if line != self.pitch or rule != "exact":
            problems.append(f"行距应为固定值 {self.pitch} 缇，实际为 {line}（{rule or 'auto'}）")
        before = _int(st.p_attr(fake_p, "spacing", "before"), 0)
        after = _int(st.p_attr(fake_p, "spacing", "after"), 0)
        if before or after:
            problems.append(f"段前段后应为 0，实际为 {before}/{after}")
        for msg in problems:
            self.add(WARNING, "4.10", f"正文（Normal）样式：{msg}。")

    def check_theme(self) -> None:
        names = sorted(
            n for n in self.pkg.names if n.startswith("word/theme/") and n.endswith(".xml")
        )
        for name in names:
            root = self.pkg.xml(name)
            for kind in ("majorFont", "minorFont"):
                for font in root.iter(f"{{{A_NS}}}{kind}"):
                    ea = font.find(f"{{{A_NS}}}ea")
                    face = ea.get("typeface", "") if ea is not None else ""
                    if re.search(r"ＭＳ|MS Mincho|MS Gothic|明朝|ゴシック|游", face):
                        self.add(
                            WARNING,
                            "4.36",
                            f"主题东亚字体为“{face}”（日文字体），中文可能显示为日文字形。",
                            name,
                        )
                    for child in font:
                        face = child.get("typeface", "")
                        if re.search(r"ＭＳ|Mincho|Gothic|明朝|ゴシック", face):
                            self.add(INFO, "4.36", f"主题中仍有日文字体“{face}”。", name)
                        elif face in ("Calibri", "等线", "Cambria", "Calibri Light", "等线 Light"):
                            self.add(
                                INFO,
                                "4.36",
                                f"主题中仍有“{face}”字体，WPS 可能提示缺失字体。",
                                name,
                            )

    def check_order(self) -> None:
        parts = [
            ("word/document.xml", self.doc),
            ("word/styles.xml", self.pkg.xml("word/styles.xml")),
        ]
        parts += [
            (n, self.pkg.xml(n))
            for n in sorted(self.pkg.names)
            if re.match(r"word/footer\d*\.xml$", n)
        ]
        for name, root in parts:
            if root is None:
                continue
            for tag, seq in (("pPr", PPR_SEQ), ("rPr", RPR_SEQ)):
                for el in root.iter(_w(tag)):
                    idx = [seq.index(etree.QName(c).localname) for c in el
                           if isinstance(c.tag, str) and c.tag.startswith(f"{{{W_NS}}}")
                           and etree.QName(c).localname in seq]  # fmt: skip
                    if idx != sorted(idx):
                        self.add(
                            ERROR,
                            "4.38",
                            f"w:{tag} 子元素顺序不符合 OOXML 架构，Word 可能提示修复。",
                            name,
                        )
                        break

    # ---------------------------------------------------------- colours
    def check_colours(self) -> None:
        for para in self.paras + self._table_paras():
            red_ok = self._is_mark(para.el)
            for r in para.el.iter(_w("r")):
                text = _text(r)
                if not text.strip():
                    continue
                color = self.styles.r_attr(r, para.el, "color")
                if color not in (None, "auto", "000000") and not (
                    color.upper() == g.RED and (red_ok or text.strip() == "★")
                ):
                    self.add(
                        ERROR,
                        "4.19",
                        f"除发文机关标志和★外，文字应为黑色（发现颜色 {color}）。",
                        _where(para.index, para.text),
                    )
                if self.styles.r_flag(r, para.el, "i") or (
                    self.styles.r_attr(r, para.el, "u") not in (None, "none")
                ):
                    self.add(
                        WARNING,
                        "4.19",
                        "公文正文不应使用斜体或下划线。",
                        _where(para.index, para.text),
                    )
                if r.find(f"{_w('rPr')}/{_w('highlight')}") is not None:
                    self.add(
                        WARNING,
                        "4.19",
                        "公文正文不应使用突出显示（底色）。",
                        _where(para.index, para.text),
                    )
                if set(text) & AMBIGUOUS_PUNCT:
                    hint = self.styles.r_attr(r, para.el, "rFonts", "hint")
                    ascii_font = self.styles.r_attr(r, para.el, "rFonts", "ascii")
                    ea, _ = self.styles.east_asia(r, para.el)
                    if hint != "eastAsia" and ascii_font != ea:
                        self.add(
                            WARNING,
                            "4.18",
                            "含引号、破折号、省略号的文字应设置 hint=eastAsia，否则会显示为西文字体。",
                            _where(para.index, para.text),
                        )

    def _table_paras(self) -> list[_Para]:
        out = []
        for i, el in enumerate(self.items):
            if el.tag == _w("tbl"):
                out += [_Para(i, p, _text(p)) for p in el.iter(_w("p"))]
        return out

    def _is_mark(self, p: etree._Element) -> bool:
        runs = _runs(p)
        return (
            bool(runs)
            and all((self.styles.r_attr(r, p, "color") or "").upper() == g.RED for r in runs)
            and _int(self.styles.r_attr(runs[0], p, "sz"), 0) >= g.SIZE_ERHAO
        )

    # ---------------------------------------------------------- structure
    def check_structure(self) -> None:
        paras = self.paras
        title_start = next((k for k, p in enumerate(paras) if self._is_title_line(p)), None)
        if title_start is None:
            self.add(ERROR, "4.27", "找不到标题（2 号小标宋、居中的段落）。")
            return
        title_end = title_start
        while title_end + 1 < len(paras) and self._is_title_line(paras[title_end + 1]):
            title_end += 1
        head = paras[:title_start]
        if any(self._is_mark(p.el) for p in head):
            self.check_masthead(head, paras[title_start])
        else:
            self.add(INFO, "4.22", "未检测到版头（发文机关标志、发文字号、签发人），按公开版处理。")
        self.check_title(paras[title_start : title_end + 1])
        rest = paras[title_end + 1 :]
        blanks = 0
        while blanks < len(rest) and rest[blanks].blank:
            blanks += 1
        if blanks >= len(rest):
            self.add(ERROR, "4.28", "标题后没有主送机关和正文。")
            return
        addressee = rest[blanks]
        if blanks != 1:
            self.add(
                WARNING,
                "4.28",
                f"主送机关应在标题下空一行，实际空 {blanks} 行。",
                _where(addressee.index, addressee.text),
            )
        self.check_addressee(addressee)
        after = rest[blanks + 1 :]
        date_k = next((k for k, p in enumerate(after) if LOOSE_DATE_RE.match(p.text.strip())), None)
        if date_k is None:
            self.add(ERROR, "4.30", "找不到成文日期（如“2023年1月9日”）。")
            self.check_body([p for p in after if not p.blank])
            return
        date = after[date_k]
        sig_start = date_k
        while (
            sig_start > 0
            and not after[sig_start - 1].blank
            and not after[sig_start - 1].text.startswith("附件：")
        ):
            sig_start -= 1
        # a signature block is short: at most a few organ lines
        if date_k - sig_start > 4:
            sig_start = date_k
        signature = after[sig_start:date_k]
        blank_k = sig_start
        while blank_k > 0 and after[blank_k - 1].blank:
            blank_k -= 1
        blanks_before = after[blank_k:sig_start]
        main = after[:blank_k]
        att_k = next((k for k, p in enumerate(main) if p.text.strip().startswith("附件：")), None)
        body = main if att_k is None else main[:att_k]
        self.check_body([p for p in body if not p.blank])
        self.check_text([p for p in body if not p.blank])  # issue 7: report/lint.py, report/proofread.py
        if att_k is not None:
            self.check_attachment_list(main[att_k:])
        self.check_signature(signature, date, blanks_before)
        tail = after[date_k + 1 :]
        if tail and not tail[0].blank and tail[0].text.strip().startswith(("（", "(")):
            self.check_note(tail[0])
        self.check_imprint(date.index)

    def _is_title_line(self, p: _Para) -> bool:
        runs = _runs(p.el)
        if not runs or self._is_mark(p.el):
            return False
        size = _int(self.styles.r_attr(runs[0], p.el, "sz"), 0)
        return size >= 40 and self.styles.p_attr(p.el, "jc", "val") == "center"

    # ---------------------------------------------------------- 版头
    def check_masthead(self, head: list[_Para], title: _Para) -> None:
        marks = [p for p in head if self._is_mark(p.el)]
        mark = marks[0]
        if self.styles.p_attr(mark.el, "jc", "val") != "center":
            self.add(ERROR, "4.22", "发文机关标志应居中排布。", _where(mark.index, mark.text))
        runs = _runs(mark.el)
        font, _ = self.styles.east_asia(runs[0], mark.el)
        if (
            self.font_ok(font, XIAOBIAOSONG, self.profile.title_font if self.profile else None)
            == ERROR
        ):
            self.add(
                ERROR,
                "4.22",
                f"发文机关标志应使用小标宋体，实际为“{font}”。",
                _where(mark.index, mark.text),
            )
        size_pt = _int(self.styles.r_attr(runs[0], mark.el, "sz"), 0) / 2
        scale = _int(self.styles.r_attr(runs[0], mark.el, "w"), 100) / 100
        width = sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in mark.text.strip()) * size_pt * scale
        if width > g.BODY_WIDTH_PT + 1:
            self.add(
                ERROR,
                "4.22",
                f"发文机关标志过宽（约 {width:.0f} 磅），超出版心宽度，应缩小字号使其排在一行。",
                _where(mark.index, mark.text),
            )
        spacer = sum(
            _int(self.styles.p_attr(p.el, "spacing", "line"), 0) / 20
            for p in head
            if p.index < mark.index
        )
        expected = g.MARK_TOP_FROM_BODY_TOP_PT - g.MARK_TOP_BEARING * size_pt
        if abs(spacer - expected) > 6:
            self.add(
                WARNING,
                "4.23",
                f"发文机关标志上边缘应距版心上边缘 35 mm（前置空行约 {expected:.0f} 磅），实际约 {spacer:.0f} 磅。",
                _where(mark.index, mark.text),
            )
        after_mark = [p for p in head if p.index > mark.index]
        blanks = 0
        while blanks < len(after_mark) and after_mark[blanks].blank:
            blanks += 1
        rows = [p for p in after_mark[blanks:] if not p.blank]
        if not rows:
            self.add(ERROR, "4.24", "找不到发文字号。")
            return
        if blanks != g.DOC_NUMBER_BLANK_LINES:
            self.add(
                ERROR,
                "4.24",
                f"发文字号应在发文机关标志下空二行，实际空 {blanks} 行。",
                _where(rows[0].index, rows[0].text),
            )
        number_row = rows[-1]
        number = number_row.text.split("\t")[0].strip()
        if not DOC_NUMBER_RE.match(number):
            self.add(
                ERROR,
                "4.24",
                f"发文字号“{number}”格式不对：应为“机关代字〔年份〕序号号”，用六角括号〔〕，不加“第”，序号不编虚位。",
                _where(number_row.index, number_row.text),
            )
        self.check_signers(rows, number_row)
        self.check_red_rule(number_row, title)

    def check_signers(self, rows: list[_Para], number_row: _Para) -> None:
        label_row = next((p for p in rows if "签发人" in p.text), None)
        if label_row is None:
            self.add(
                ERROR,
                "4.25",
                "上行文应标注签发人（“签发人：”加姓名），与发文字号同行。",
                _where(number_row.index, number_row.text),
            )
            return
        if "签发人：" not in label_row.text:
            self.add(
                ERROR,
                "4.25",
                "“签发人”后应加全角冒号“：”。",
                _where(label_row.index, label_row.text),
            )
        first = _int(self.styles.p_attr(number_row.el, "ind", "firstLine"), 0) + _int(
            self.styles.p_attr(number_row.el, "ind", "left"), 0
        )
        if abs(first - g.DOC_NUMBER_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
            self.add(
                ERROR,
                "4.25",
                "上行文的发文字号应居左空一字（首行缩进 320 缇）。",
                _where(number_row.index, number_row.text),
            )
        expected_kai = self.profile.kai_font if self.profile else None
        expected_fs = self.profile.body_font if self.profile else None
        seen_label = False
        for p in rows:
            for r in _runs(p.el):
                text = _text(r).replace("\t", "")
                if not text.strip():
                    continue
                font, _ = self.styles.east_asia(r, p.el)
                size = _int(self.styles.r_attr(r, p.el, "sz"))
                if "签发人" in text:
                    seen_label = True
                    if self.font_ok(font, FANGSONG, expected_fs) == ERROR or size != g.SIZE_SANHAO:
                        self.add(
                            ERROR,
                            "4.25",
                            f"“签发人：”应为 3 号仿宋，实际为“{font}”。",
                            _where(p.index, p.text),
                        )
                    rest = text.split("：", 1)[-1].strip()
                    if rest:
                        self.add(
                            ERROR,
                            "4.25",
                            "签发人姓名应单独用 3 号楷体，不应与“签发人：”同一字体。",
                            _where(p.index, p.text),
                        )
                elif seen_label or p is not number_row or "〔" not in text:
                    if DOC_NUMBER_RE.match(text.strip()) or "〔" in text:
                        continue
                    if self.font_ok(font, KAITI, expected_kai) == ERROR or size != g.SIZE_SANHAO:
                        self.add(
                            ERROR,
                            "4.25",
                            f"签发人姓名应为 3 号楷体，实际为“{font}”。",
                            _where(p.index, p.text),
                        )

    def check_red_rule(self, number_row: _Para, title: _Para) -> None:
        ppr = number_row.el.find(_w("pPr"))
        bottom = ppr.find(f"{_w('pBdr')}/{_w('bottom')}") if ppr is not None else None
        if bottom is not None:
            color = (_wattr(bottom, "color") or "").upper()
            size = _int(_wattr(bottom, "sz"), 0)
            space = _int(_wattr(bottom, "space"), 0)
            if color != g.RED or size < 4 or _wattr(bottom, "val") in (None, "nil", "none"):
                self.add(
                    ERROR,
                    "4.26",
                    "版头分隔线应为红色实线（线宽 ≥ 0.5 磅）。",
                    _where(number_row.index, number_row.text),
                )
            if abs(space - g.RED_RULE_SPACE_PT) > 3:
                self.add(
                    ERROR,
                    "4.26",
                    f"红色分隔线应在发文字号之下 4 mm（w:space≈11 磅），实际为 {space} 磅。",
                    _where(number_row.index, number_row.text),
                )
            left = _int(self.styles.p_attr(number_row.el, "ind", "left"), 0)
            right = _int(self.styles.p_attr(number_row.el, "ind", "right"), 0)
            if left or right:
                self.add(
                    ERROR,
                    "4.26",
                    "红色分隔线应与版心等宽（发文字号段落左右缩进应为 0）。",
                    _where(number_row.index, number_row.text),
                )
            return
        # party variant: a borderless table with red bottom rules and a red ★
        tables = [
            el for el in self.items[number_row.index + 1 : title.index] if el.tag == _w("tbl")
        ]
        for tbl in tables:
            reds = [
                b for b in tbl.iter(_w("bottom")) if (_wattr(b, "color") or "").upper() == g.RED
            ]
            if reds:
                width = _int(_wattr(tbl.find(f"{_w('tblPr')}/{_w('tblW')}"), "w"), 0)
                if abs(width - g.BODY_WIDTH_TWIPS) > g.BODY_SIZE_TOLERANCE_TWIPS:
                    self.add(
                        ERROR,
                        "4.26",
                        f"红色分隔线应与版心等宽（8845 缇），实际 {width} 缇。",
                        _where(number_row.index, number_row.text),
                    )
                if "★" in _text(tbl):
                    self.add(INFO, "4.26", "红色分隔线中间有★（党的机关公文惯例）。")
                return
        self.add(
            ERROR, "4.26", "发文字号之下缺少红色分隔线。", _where(number_row.index, number_row.text)
        )

    # ---------------------------------------------------------- 主体
    def check_title(self, lines: list[_Para]) -> None:
        depth = 0
        expected = self.profile.title_font if self.profile else None
        for p in lines:
            text = p.text.strip()
            runs = _runs(p.el)
            for r in runs:
                font, _ = self.styles.east_asia(r, p.el)
                size = _int(self.styles.r_attr(r, p.el, "sz"))
                if size != g.SIZE_ERHAO:
                    self.add(
                        ERROR,
                        "4.27",
                        f"标题应为 2 号字（22 磅），实际 sz={size}。",
                        _where(p.index, p.text),
                    )
                if self.font_ok(font, XIAOBIAOSONG, expected) == ERROR:
                    self.add(
                        ERROR,
                        "4.27",
                        f"标题应使用小标宋体，实际为“{font}”。",
                        _where(p.index, p.text),
                    )
                if self.styles.r_flag(r, p.el, "b"):
                    self.add(
                        WARNING,
                        "4.27",
                        "标题不应加粗（小标宋本身已是粗体字形）。",
                        _where(p.index, p.text),
                    )
            if text_width_twips(text, g.SIZE_ERHAO, 0) > g.BODY_WIDTH_TWIPS:
                self.add(ERROR, "4.27", "标题行超出版心宽度，应分行排布。", _where(p.index, p.text))
            depth += text.count("《") - text.count("》")
            if depth != 0 and p is not lines[-1]:
                self.add(
                    ERROR, "4.27", "标题回行不应拆开书名号《》内的名称。", _where(p.index, p.text)
                )
        last = lines[-1].text.strip()
        if last and last[-1] in "。，；：、.,;:":
            self.add(ERROR, "4.27", "标题末尾不应有标点符号。", _where(lines[-1].index, last))

    def check_addressee(self, p: _Para) -> None:
        text = p.text.strip()
        where = _where(p.index, p.text)
        if not text.endswith("："):
            self.add(ERROR, "4.28", "主送机关最后应标全角冒号“：”。", where)
        first = _int(self.styles.p_attr(p.el, "ind", "firstLine"), 0) + _int(
            self.styles.p_attr(p.el, "ind", "left"), 0
        )
        if first:
            self.add(ERROR, "4.28", "主送机关应居左顶格（无缩进）。", where)
        if "县委" not in text or not ("县政府" in text or "县人民政府" in text):
            self.add(INFO, "4.28", "年度法治政府建设报告一般主送县委、县政府。", where)

    def check_body(self, body: list[_Para]) -> None:
        body_font = self.profile.body_font if self.profile else None
        for p in body:
            where = _where(p.index, p.text)
            st = self.styles
            line = _int(st.p_attr(p.el, "spacing", "line"))
            rule = st.p_attr(p.el, "spacing", "lineRule")
            severity = self.pitch_severity(line) if rule == "exact" else ERROR
            if severity:
                self.add(
                    severity,
                    "4.15",
                    f"正文行距应为固定值 {self.pitch} 缇（28.95 磅），实际为 {line}（{rule or 'auto'}）。",
                    where,
                )
            if _int(st.p_attr(p.el, "spacing", "before"), 0) or _int(
                st.p_attr(p.el, "spacing", "after"), 0
            ):
                self.add(ERROR, "4.15", "正文段前、段后间距应为 0。", where)
            first = _int(st.p_attr(p.el, "ind", "firstLine"))
            chars = _int(st.p_attr(p.el, "ind", "firstLineChars"))
            ok_first = (
                first is not None
                and abs(first - g.BODY_FIRST_LINE_TWIPS) <= g.INDENT_TOLERANCE_TWIPS
            ) or chars == 200
            if not ok_first:
                self.add(ERROR, "4.16", "正文每个自然段应首行缩进二字（640 缇）。", where)
            if _int(st.p_attr(p.el, "ind", "left"), 0) or _int(st.p_attr(p.el, "ind", "right"), 0):
                self.add(ERROR, "4.16", "正文左右缩进应为 0（回行顶格）。", where)
            if st.p_attr(p.el, "jc", "val") not in ("both", "distribute"):
                self.add(ERROR, "4.16", "正文应两端对齐。", where)
            self.check_body_fonts(p, body_font, where)

    def check_text(self, body: list[_Para]) -> None:
        """The body's words: the text linter (T codes, 错误) and proofreading (P codes, 警告)."""
        from lawdesk.report.lint import text_findings

        for issue in text_findings([p.text.strip() for p in body]):
            self.add(issue.severity, issue.code, issue.message, issue.where)

    def check_body_fonts(self, p: _Para, body_font: str | None, where: str) -> None:
        runs = _runs(p.el)
        if not runs:
            return
        text = p.text.strip()
        level = next((lv for lv, rx in LEVEL_PATTERNS if rx.match(text)), 0)
        if HALF_WIDTH_LEVEL.match(text):
            self.add(WARNING, "4.20", "层次序号应使用全角括号（），不用半角 ()。", where)
        fonts = []
        for r in runs:
            font, themed = self.styles.east_asia(r, p.el)
            if themed or font is None:
                self.add(
                    ERROR,
                    "4.17",
                    "文字的中文字体来自主题（或未设置 w:eastAsia），各软件显示会不一致。",
                    where,
                )
            fonts.append(font)
        head_font = fonts[0]
        if level == 1:
            if head_font not in HEITI:
                self.add(WARNING, "4.20", f"一级标题“一、”应使用黑体，实际为“{head_font}”。", where)
            elif self.styles.r_flag(runs[0], p.el, "b"):
                self.add(WARNING, "4.20", "一级标题（黑体）不应加粗。", where)
        elif level == 2 and head_font not in KAITI:
            self.add(WARNING, "4.20", f"二级标题“（一）”应使用楷体，实际为“{head_font}”。", where)
        elif level in (3, 4) and head_font not in FANGSONG:
            self.add(WARNING, "4.20", f"三、四级标题应使用仿宋，实际为“{head_font}”。", where)
        for r, font in zip(runs, fonts, strict=True):
            if r is runs[0] and level in (1, 2):
                continue
            if font in HEITI | KAITI and level in (1, 2):
                continue
            sev = self.font_ok(font, FANGSONG, body_font)
            if sev and font is not None:
                self.add(sev, "4.17", f"正文应使用仿宋，实际为“{font}”。", where)
                break
            size = _int(self.styles.r_attr(r, p.el, "sz"))
            if size != g.SIZE_SANHAO:
                self.add(ERROR, "4.17", f"正文应为 3 号字（16 磅），实际 sz={size}。", where)
                break
        standalone = level in (1, 2) and all(f in HEITI | KAITI for f in fonts)
        keep = self.styles.p_flag(p.el, "keepNext")
        if standalone and not keep:
            self.add(WARNING, "4.21", "独占一段的一、二级标题应设置“与下段同页”。", where)
        if level in (1, 2) and not standalone and keep:
            self.add(
                WARNING,
                "4.21",
                "标题与正文同段时不应设置“与下段同页”（会把正文推到下一页）。",
                where,
            )

    def check_attachment_list(self, paras: list[_Para]) -> None:
        first = paras[0]
        indent = (
            _int(self.styles.p_attr(first.el, "ind", "left"), 0)
            - _int(self.styles.p_attr(first.el, "ind", "hanging"), 0)
            + _int(self.styles.p_attr(first.el, "ind", "firstLine"), 0)
        )
        if abs(indent - g.BODY_FIRST_LINE_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
            self.add(WARNING, "4.29", "附件说明应左空二字编排。", _where(first.index, first.text))
        for p in paras:
            if p.text.strip() and p.text.strip()[-1] in "。；;，,":
                self.add(WARNING, "4.29", "附件名称后不加标点符号。", _where(p.index, p.text))

    def check_signature(self, signature: list[_Para], date: _Para, blanks: list[_Para]) -> None:
        text = date.text.strip()
        where = _where(date.index, date.text)
        if not DATE_RE.match(text):
            self.add(
                ERROR,
                "4.30",
                f"成文日期“{text}”格式不对：应用阿拉伯数字标全年月日，月、日不编虚位（如“2023年1月9日”）。",
                where,
            )
        jc = self.styles.p_attr(date.el, "jc", "val")
        right = _int(self.styles.p_attr(date.el, "ind", "right"), 0)
        if jc != "right" or abs(right - g.DATE_RIGHT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
            self.add(ERROR, "4.31", "成文日期应右空四字（右对齐，右缩进 1280 缇）。", where)
        if not signature:
            self.add(ERROR, "4.31", "成文日期之上缺少发文机关署名。", where)
        date_w = text_width_twips(text)
        for p in signature:
            sig_w = text_width_twips(p.text.strip())
            expected = g.DATE_RIGHT_INDENT_TWIPS + (date_w - sig_w) / 2
            actual = _int(self.styles.p_attr(p.el, "ind", "right"), 0)
            if (
                self.styles.p_attr(p.el, "jc", "val") != "right"
                or abs(actual - max(expected, 0)) > g.CHAR_SANHAO_TWIPS
            ):
                self.add(
                    ERROR, "4.31", "发文机关署名应以成文日期为准居中编排。", _where(p.index, p.text)
                )
        if len(blanks) > 3:
            self.add(
                WARNING,
                "4.31",
                f"署名前空行过多（{len(blanks)} 行），印章顶端应距正文一行之内。",
                where,
            )
        if any(not self.styles.p_flag(p.el, "keepNext") for p in blanks + signature):
            self.add(
                WARNING, "4.31", "署名及其前面的空行应设置“与下段同页”，避免署名单独成页。", where
            )

    def check_note(self, p: _Para) -> None:
        text = p.text.strip()
        where = _where(p.index, p.text)
        if not re.match(r"^（.+）$", text):
            self.add(WARNING, "4.32", "附注应加全角圆括号，如“（此件公开发布）”。", where)
        indent = _int(self.styles.p_attr(p.el, "ind", "left"), 0) + _int(
            self.styles.p_attr(p.el, "ind", "firstLine"), 0
        )
        if abs(indent - g.NOTE_LEFT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS:
            self.add(WARNING, "4.32", "附注应居左空二字编排。", where)

    # ---------------------------------------------------------- 版记
    def check_imprint(self, date_index: int) -> None:
        tables = [(i, el) for i, el in enumerate(self.items) if el.tag == _w("tbl") and i > date_index
                  and ("抄送" in _text(el) or _text(el).strip().endswith("印发"))]  # fmt: skip
        if not tables:
            self.add(INFO, "4.33", "未检测到版记（抄送、印发机关和印发日期），按公开版处理。")
            return
        index, tbl = tables[-1]
        where = f"版记（第{index + 1}项）"
        paras = [p for p in tbl.iter(_w("p")) if _text(p).strip()]
        for p in paras:
            for r in _runs(p):
                font, _ = self.styles.east_asia(r, p)
                if _int(self.styles.r_attr(r, p, "sz")) != g.IMPRINT_SIZE or font not in FANGSONG:
                    self.add(ERROR, "4.33", "版记应使用 4 号仿宋（14 磅）。", where)
                    break
        copy = next((p for p in paras if _text(p).strip().startswith("抄送")), None)
        if copy is not None:
            text = _text(copy).strip()
            if not text.startswith("抄送："):
                self.add(ERROR, "4.33", "“抄送”后应加全角冒号“：”。", where)
            if not text.endswith("。"):
                self.add(ERROR, "4.33", "最后一个抄送机关名称后应标句号“。”。", where)
            left = _int(self.styles.p_attr(copy, "ind", "left"), 0) - _int(
                self.styles.p_attr(copy, "ind", "hanging"), 0
            )
            right = _int(self.styles.p_attr(copy, "ind", "right"), 0)
            if (
                abs(left - g.IMPRINT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS
                or abs(right - g.IMPRINT_INDENT_TWIPS) > g.INDENT_TOLERANCE_TWIPS
            ):
                self.add(ERROR, "4.33", "抄送机关应左右各空一字编排（缩进 280 缇）。", where)
        issue = next((p for p in paras if _text(p).strip().endswith("印发")), None)
        if issue is None:
            self.add(ERROR, "4.33", "版记缺少印发机关和印发日期（以“印发”结尾）。", where)
        else:
            m = re.search(r"(\S+)印发$", _text(issue).strip())
            date = m.group(1) if m else ""
            if not DATE_RE.match(date):
                self.add(
                    ERROR,
                    "4.33",
                    f"印发日期“{date}”格式不对：应为“2023年1月9日”式，不编虚位。",
                    where,
                )
        self.check_imprint_rules(tbl, bool(copy is not None), where)
        tail = [el for el in self.items[index + 1 :] if el.tag != _w("sectPr")]
        if any(el.tag == _w("tbl") or _text(el).strip() for el in tail):
            self.add(WARNING, "4.35", "版记应是公文的最后内容（位于最后一面）。", where)

    def check_imprint_rules(self, tbl: etree._Element, has_copy: bool, where: str) -> None:
        tbl_pr = tbl.find(_w("tblPr"))
        borders = tbl_pr.find(_w("tblBorders")) if tbl_pr is not None else None
        for side, label in (("top", "首条"), ("bottom", "末条")):
            b = borders.find(_w(side)) if borders is not None else None
            size = _int(_wattr(b, "sz"), 0)
            if b is None or _wattr(b, "val") in ("nil", "none") or size < g.IMPRINT_THICK_EIGHTHS:
                self.add(ERROR, "4.34", f"版记{label}分隔线应为粗线（0.35 mm，sz≥8）。", where)
            elif (_wattr(b, "color") or "auto").upper() not in ("AUTO", "000000"):
                self.add(ERROR, "4.34", f"版记{label}分隔线应为黑色。", where)
        if has_copy:
            thin = [b for b in tbl.iter(_w("top")) if b.getparent().tag == _w("tcBorders")]
            thin += [b for b in (borders.findall(_w("insideH")) if borders is not None else [])
                     if _wattr(b, "val") not in ("nil", "none")]  # fmt: skip
            if not thin:
                self.add(ERROR, "4.34", "抄送与印发机关之间应有细分隔线（0.25 mm）。", where)
            elif any(_int(_wattr(b, "sz"), 0) != g.IMPRINT_THIN_EIGHTHS for b in thin):
                self.add(WARNING, "4.34", "版记中间分隔线推荐为细线（0.25 mm，sz=6）。", where)
        width = _int(_wattr(tbl_pr.find(_w("tblW")) if tbl_pr is not None else None, "w"), 0)
        if abs(width - g.BODY_WIDTH_TWIPS) > g.BODY_SIZE_TOLERANCE_TWIPS:
            self.add(ERROR, "4.34", f"版记分隔线应与版心等宽（8845 缇），实际 {width} 缇。", where)
        pos = tbl_pr.find(_w("tblpPr")) if tbl_pr is not None else None
        anchored = (
            pos is not None
            and _wattr(pos, "vertAnchor") in ("margin", "page")
            and (_wattr(pos, "tblpYSpec") == "bottom" or _wattr(pos, "tblpY") is not None)
        )
        if not anchored:
            self.add(
                WARNING,
                "4.35",
                "版记应固定在最后一面版心底部（末条分隔线与版心下边缘重合）。",
                where,
            )


# ============================================================== public API


def check_docx(path: str | Path, profile: ReportProfile | None = None) -> list[Finding]:
    """Check one .docx against GB/T 9704-2012; never raises for a bad file (returns 错误)."""
    path = Path(path)
    try:
        pkg = _Package(path)
    except _Refused as exc:
        return [Finding(ERROR, "4.39", exc.message, path.name)]
    except (OSError, zipfile.BadZipFile) as exc:
        return [Finding(ERROR, "4.39", f"无法读取“{path.name}”：{exc}", path.name)]
    try:
        return _Checker(pkg, profile).run()
    except _Refused as exc:
        return [Finding(ERROR, "4.39", exc.message, path.name)]
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        return [Finding(ERROR, "4.39", f"“{path.name}”已损坏，无法读取：{exc}", path.name)]
    finally:
        pkg.close()


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def format_findings(findings: list[Finding]) -> str:
    """Chinese plain-text report, one line per finding, with a summary line first."""
    counts = count_by_severity(findings)
    if not findings:
        return "格式检查通过：未发现问题。"
    head = f"格式检查结果：错误 {counts[ERROR]} 项，警告 {counts[WARNING]} 项，提示 {counts[INFO]} 项。"
    lines = [head]
    for f in findings:
        where = f"（{f.where}）" if f.where else ""
        lines.append(f"【{f.severity}】{f.code} {f.message}{where}")
    return "\n".join(lines)
