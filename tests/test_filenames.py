"""File names that travel between Windows, UOS and Kylin (lawdesk/filenames.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawdesk.filenames import MAX_NAME_BYTES, portable_name, refusal


@pytest.mark.parametrize(
    "name",
    ["会议 10:30.jpg", "a<b.png", 'x"y.doc', "a|b", "问?.txt", "*.jpg", "..\\evil", "C:\\x", "x:stream",
     "CON", "nul.txt", "com1.jpg", "LPT9", "结尾点.", "结尾空格 ", "", "..", "甲" * 90, "tab\there"],
)
def test_names_windows_or_linux_refuse(name: str) -> None:
    assert refusal(name)


@pytest.mark.parametrize("name", ["签到表.jpg", "2022年会议纪要（定稿）.docx", "photo 1.PNG", "CONSOLE.txt", "甲" * 85])
def test_names_every_desktop_accepts(name: str) -> None:
    assert refusal(name) is None


@given(st.text(max_size=300))
def test_portable_name_is_always_accepted(text: str) -> None:
    made = portable_name(text, limit=300)
    assert refusal(made) is None
    assert len(made.encode("utf-8")) <= MAX_NAME_BYTES


def test_portable_name_keeps_readable_words() -> None:
    assert portable_name("会议 10:30") == "会议 10_30"
    assert portable_name("CON") == "_CON"
    assert portable_name("  ") == "无标题"
