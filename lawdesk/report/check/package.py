"""Reading an untrusted .docx within limits (check item 4.39): member count, sizes, ratio, no DTD."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

# ZIP limits for untrusted input, check item 4.39
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
