"""A real-looking ten-year 学法台账: one sheet per year 2013–2022, its headers changing over time.

- 2013–2015: no title, four plain headers (日期, 内容, 地点, 参加人数), no 学习形式 column (the clerk
  gives one value for the whole sheet), dates as 2013.3.5, numbers as 30人;
- 2016–2018: a title row, 序号, 培训时间, 讲座 for 专题讲座, 1.5小时, a 合计 row, pre-numbered empty rows;
- 2019–2022: a merged title, a two-row header (授课情况: 主讲人/学时, 参学情况: 对象/人数), dates as
  3月5日 under “2019年”, 网上学法, 机关干部, a merged 学习形式 over two rows, a struck-out (hidden)
  row in 2020 and a 填表人/审核人 footer.

``build(path)`` writes it with openpyxl; ``EXPECTED`` is what an import must give.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

YEARS = tuple(range(2013, 2023))
#: records per year once imported (the hidden 2020 row left out)
EXPECTED = {year: 6 for year in YEARS}
TOPICS = ("宪法", "民法典", "行政处罚法", "安全生产法", "信访工作条例", "土地管理法")


def build(path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for year in YEARS:
        ws = wb.create_sheet(f"{year}年")
        if year <= 2015:
            _early(ws, year)
        elif year <= 2018:
            _middle(ws, year)
        else:
            _late(ws, year)
    wb.save(path)
    return path


def _early(ws, year: int) -> None:  # noqa: ANN001 - an openpyxl worksheet
    ws.append(["日期", "内容", "地点", "参加人数"])
    for n, topic in enumerate(TOPICS, start=1):
        ws.append([f"{year}.{n * 2}.{n + 4}", f"学习《{topic}》", "三楼会议室", f"{20 + n}人"])


def _middle(ws, year: int) -> None:  # noqa: ANN001
    ws.append([f"{year}年度学法培训登记表"])
    ws.merge_cells("A1:H1")
    ws.append(["序号", "培训时间", "学习形式", "培训内容", "主讲人", "参训人数", "学时", "备注"])
    for n, topic in enumerate(TOPICS, start=1):
        form = "讲座" if n % 2 else "集中学法"
        ws.append([n, dt.date(year, n * 2, 10), form, f"{topic}专题培训", "司法所长", f"{30 + n}人", "1.5小时",
                   "无" if n == 1 else None])
    for n in range(7, 10):
        ws.append([n])
    ws.append(["合计", None, None, None, None, 6 * 30 + 21, 9])


def _late(ws, year: int) -> None:  # noqa: ANN001
    ws.append([f"金兰山街道{year}年学法用法情况台账"])
    ws.merge_cells("A1:H1")
    ws.append(["序号", "学习时间", "学习形式", "学习内容", "授课情况", None, "参学情况", None])
    ws.append([None, None, None, None, "主讲人", "学时", "对象", "人数"])
    for ref in ("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:H2"):
        ws.merge_cells(ref)
    forms = ("网上学法", "集中学法", "集中学法", "会前学法", "第一议题", "专题讲座")
    row = 4
    for n, topic in enumerate(TOPICS, start=1):
        ws.append([n, f"{n * 2}月{n + 5}日", forms[n - 1], f"学习{topic}", "党工委书记", 2, "机关干部", f"{40 + n}"])
        row += 1
        if year == 2020 and n == 3:  # struck out, hidden
            ws.append([None, f"{n * 2}月{n + 6}日", "集中学法", "作废：重复登记", "党工委书记", 2, "机关干部", 40])
            ws.row_dimensions[row].hidden = True
            row += 1
    if year == 2021:  # 学习形式 merged over the 2nd and 3rd records
        ws["C6"] = None
        ws.merge_cells("C5:C6")
    ws.append([])
    ws.append(["填表人：王五", None, None, "审核人：赵六", None, None, f"{year + 1}年1月5日"])
