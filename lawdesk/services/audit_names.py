"""The 操作日志 in the clerk's words: the internal names that entries carry (a setting's key such as
``report_profile``, a report section's key such as ``preamble`` or ``s2_1``) shown as the names
the program shows elsewhere (报告版式, 开头, “二、…”).

The names are put in when an entry is shown, not when it is written, so entries already in a
database read the same way. A key this module does not know is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lawdesk.services import annual_report

#: Settings by key (an office's report settings and the database's own).
SETTING_NAMES: Mapping[str, str] = {
    annual_report.PROFILE_KEY: "报告版式",
    annual_report.OPTIONS_KEY: "报告写法选项",
    annual_report.OUTLINE_KEY: "报告提纲",
}
_SUGGESTIONS = re.compile(r"^report_suggestions_(\d{4})$")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:@[0-9a-fA-F-]+)?")
#: The record kinds whose entries name settings and report sections in their summaries.
SETTING_KIND, REPORT_KIND = "设置", "年度报告"


def setting_name(key: str) -> str:
    """The Chinese name of setting ``key`` (``key@<unit uuid>`` as stored too)."""
    key = key.split("@", 1)[0]
    found = _SUGGESTIONS.match(key)
    if found:
        return f"{found[1]}年度报告采用的问题与打算"
    return SETTING_NAMES.get(key, key)


def section_names() -> dict[str, str]:
    """Report sections by key: 开头, 结尾 and each numbered heading of the current outline."""
    names = {"preamble": "开头", "closing": "结尾"}
    try:
        for section in annual_report.sections():
            names.setdefault(section.key, section.title.strip())
    except Exception:  # noqa: BLE001 - a damaged outline must not hide the log
        pass
    return names


def readable(kind: str, text: str, sections: Mapping[str, str] | None = None) -> str:
    """``text`` of an entry of ``kind`` with the internal names in it replaced."""
    if kind == SETTING_KIND:
        return _NAME.sub(lambda m: setting_name(m[0]), text)
    if kind == REPORT_KIND:
        names = section_names() if sections is None else sections
        return _NAME.sub(lambda m: names.get(m[0], m[0]), text)
    return text
