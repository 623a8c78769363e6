"""Effective paragraph and run properties: direct formatting → style chain → docDefaults."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from lawdesk.report.check.ooxml import _w, _wattr


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
