"""The exe's version resource (scripts/version_resource.py): made from lawdesk.__version__ at each
build, in the text form PyInstaller reads on Windows (evaluated here with stand-in classes: the
real ones need pefile, which only Windows builds install)."""

from __future__ import annotations

import ast
from pathlib import Path

from lawdesk import __version__
from scripts.version_resource import version_file_text, version_tuple, write_version_file

NAMES = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo", "VarStruct")


class _Made:
    def __init__(self, name: str, *args: object, **kwargs: object) -> None:
        self.name, self.args, self.kwargs = name, args, kwargs


def _evaluate(text: str) -> _Made:
    ast.parse(text)  # valid Python, as PyInstaller eval()s it
    return eval(text, {n: (lambda *a, n=n, **k: _Made(n, *a, **k)) for n in NAMES})  # noqa: S307


def test_the_version_numbers_come_from_the_program() -> None:
    assert version_tuple("0.1.0") == (0, 1, 0, 0) and version_tuple("2.10.3.7.9") == (2, 10, 3, 7)
    info = _evaluate(version_file_text(__version__, "lawdesk-cli.exe", "法治建设台账（命令行）"))
    assert info.name == "VSVersionInfo"
    fixed = info.kwargs["ffi"]
    assert fixed.kwargs["filevers"] == fixed.kwargs["prodvers"] == version_tuple(__version__)
    string_file, var_file = info.kwargs["kids"]
    (table,) = string_file.args[0]
    code, structs = table.args
    strings = {s.args[0]: s.args[1] for s in structs}
    assert code == "080404B0"
    assert strings["ProductVersion"] == __version__ and strings["FileVersion"].startswith(__version__)
    assert strings["OriginalFilename"] == "lawdesk-cli.exe" and strings["ProductName"] == "法治建设台账"
    assert strings["FileDescription"] == "法治建设台账（命令行）"
    assert var_file.args[0][0].args == ("Translation", [0x0804, 1200])


def test_the_file_is_written_in_utf_8_with_its_cookie(tmp_path: Path) -> None:
    path = write_version_file(tmp_path / "build", __version__, "lawdesk.exe", "法治建设台账")
    raw = path.read_bytes()
    assert raw.startswith(b"# -*- coding: utf-8 -*-") and "法治建设台账".encode() in raw
