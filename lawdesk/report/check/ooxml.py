"""WordprocessingML names and the few helpers every check module uses to read XML."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def _wattr(el: etree._Element | None, name: str) -> str | None:
    return None if el is None else el.get(_w(name))


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


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
