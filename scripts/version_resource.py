"""The Windows version resource of ``lawdesk.exe`` and ``lawdesk-cli.exe`` (文件属性 → 详细信息:
版本, 产品名称, 说明), made from ``lawdesk.__version__`` at each build so it never goes stale.

``build.spec`` writes one PyInstaller version file per program into the build folder and passes it
as ``EXE(version=…)`` on Windows (PyInstaller ignores version resources elsewhere). The file is
PyInstaller's text form of ``VSVersionInfo`` (it ``eval``s it): written here as text because the
classes themselves need ``pefile``, which only Windows builds install.
"""

from __future__ import annotations

import re
from pathlib import Path

PRODUCT = "法治建设台账"
COMPANY = "法治建设台账"
COPYRIGHT = "法治建设台账 开发者"
#: zh-CN (0x0804), Unicode (1200): the language of the strings below.
LANGUAGE, CODEPAGE = 0x0804, 1200


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"0.1.0"`` → ``(0, 1, 0, 0)``: four numbers below 65536, as the resource holds them."""
    numbers = [min(int(n), 65535) for n in re.findall(r"\d+", version)[:4]]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_file_text(version: str, exe_name: str, description: str) -> str:
    numbers = version_tuple(version)
    dotted = ".".join(map(str, numbers))
    strings = {
        "CompanyName": COMPANY, "FileDescription": description, "FileVersion": dotted,
        "InternalName": exe_name.removesuffix(".exe"), "LegalCopyright": COPYRIGHT,
        "OriginalFilename": exe_name, "ProductName": PRODUCT, "ProductVersion": version,
    }  # fmt: skip
    table = ",\n        ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# -*- coding: utf-8 -*-
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('{LANGUAGE:04X}{CODEPAGE:04X}', [
        {table}])]),
    VarFileInfo([VarStruct('Translation', [{LANGUAGE}, {CODEPAGE}])]),
  ]
)
"""


def write_version_file(folder: Path, version: str, exe_name: str, description: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"version-{exe_name.removesuffix('.exe')}.txt"
    path.write_text(version_file_text(version, exe_name, description), encoding="utf-8")
    return path
