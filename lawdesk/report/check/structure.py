"""Finds the parts of the document (版头, title, 主送, body, 附件说明, 署名, 附注, 版记) and hands each to its clause module."""

from __future__ import annotations

from lawdesk.report.check.common import ERROR, INFO, LOOSE_DATE_RE, WARNING, Doc, _Para, _where
from lawdesk.report.check.elements import (
    check_addressee,
    check_attachment_list,
    check_byline,
    check_date_alone,
    check_joint_signature,
    check_note,
    check_signature,
    check_title,
    is_byline,
)
from lawdesk.report.check.imprint import check_imprint
from lawdesk.report.check.masthead import check_masthead
from lawdesk.report.check.ooxml import _w
from lawdesk.report.check.paragraphs import check_body
from lawdesk.report.check.text import check_text


def check_structure(d: Doc) -> None:
    paras = d.paras
    title_start = next((k for k, p in enumerate(paras) if d._is_title_line(p)), None)
    if title_start is None:
        d.add(ERROR, "4.27", "找不到标题（2 号小标宋、居中的段落）。")
        return
    title_end = title_start
    while title_end + 1 < len(paras) and d._is_title_line(paras[title_end + 1]):
        title_end += 1
    head = paras[:title_start]
    rest = paras[title_end + 1 :]
    if rest and is_byline(d, rest[0]) and not any(d._is_mark(p.el) for p in head):
        check_title(d, paras[title_start : title_end + 1])
        check_personal(d, rest[0], rest[1:])
        return
    if any(d._is_mark(p.el) for p in head):
        check_masthead(d, head, paras[title_start])
    else:
        d.add(INFO, "4.22", "未检测到版头（发文机关标志、发文字号、签发人），按公开版处理。")
    check_title(d, paras[title_start : title_end + 1])
    blanks = 0
    while blanks < len(rest) and rest[blanks].blank:
        blanks += 1
    if blanks >= len(rest):
        d.add(ERROR, "4.28", "标题后没有主送机关和正文。")
        return
    addressee = rest[blanks]
    if blanks != 1:
        d.add(
            WARNING,
            "4.28",
            f"主送机关应在标题下空一行，实际空 {blanks} 行。",
            _where(addressee.index, addressee.text),
        )
    check_addressee(d, addressee, "".join(p.text for p in paras[title_start : title_end + 1]))
    after = rest[blanks + 1 :]
    date_k = next((k for k, p in enumerate(after) if LOOSE_DATE_RE.match(p.text.strip())), None)
    if date_k is None and _joint_signature(d, after):
        return
    if date_k is None:
        d.add(ERROR, "4.30", "找不到成文日期（如“2023年1月9日”）。")
        check_body(d, [p for p in after if not p.blank])
        check_text(d, [p for p in after if not p.blank])
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
    check_body(d, [p for p in body if not p.blank])
    check_text(d, [p for p in body if not p.blank])
    if att_k is not None:
        check_attachment_list(d, main[att_k:])
    check_signature(d, signature, date, blanks_before)
    tail = after[date_k + 1 :]
    if tail and not tail[0].blank and tail[0].text.strip().startswith(("（", "(")):
        check_note(d, tail[0])
    check_imprint(d, date.index)


def check_personal(d: Doc, byline: _Para, after: list[_Para]) -> None:
    """A personal report (a leader's 述法报告): the post and name under the title stand for the
    署名; no 版头, no 主送, no 版记 — the body, then the date alone."""
    check_byline(d, byline)
    blanks = 0
    while blanks < len(after) and after[blanks].blank:
        blanks += 1
    if blanks != 1 and blanks < len(after):
        d.add(WARNING, "4.27", f"标题下的职务和姓名之后应空一行再排正文，实际空 {blanks} 行。",
              _where(after[blanks].index, after[blanks].text))  # fmt: skip
    dates = [k for k, p in enumerate(after) if LOOSE_DATE_RE.match(p.text.strip())]
    if not dates:
        d.add(ERROR, "4.30", "找不到成文日期（如“2023年1月9日”）。")
        body = [p for p in after if not p.blank]
    else:
        date_k = dates[-1]
        end = date_k
        while end > 0 and after[end - 1].blank:
            end -= 1
        body = [p for p in after[:end] if not p.blank]
        check_date_alone(d, after[date_k], after[end:date_k])
    check_body(d, body)
    check_text(d, body)


def _joint_signature(d: Doc, after: list[_Para]) -> bool:
    """The 署名 as a table of organs side by side (joint sealed, 7.3.5.1): check around it."""
    start = after[0].index if after else 0
    for index, el in enumerate(d.items):
        if index < start or el.tag != _w("tbl") or el.find(f"{_w('tblPr')}/{_w('tblpPr')}") is not None:
            continue
        before = [p for p in after if p.index < index]
        blank_k = len(before)
        while blank_k > 0 and before[blank_k - 1].blank:
            blank_k -= 1
        date = check_joint_signature(d, el, index, before[blank_k:])
        if date is None:
            continue
        main = before[:blank_k]
        att_k = next((k for k, p in enumerate(main) if p.text.strip().startswith("附件：")), None)
        body = [p for p in (main if att_k is None else main[:att_k]) if not p.blank]
        check_body(d, body)
        check_text(d, body)
        if att_k is not None:
            check_attachment_list(d, main[att_k:])
        tail = [p for p in after if p.index > index]
        if tail and not tail[0].blank and tail[0].text.strip().startswith(("（", "(")):
            check_note(d, tail[0])
        check_imprint(d, index)
        return True
    return False
