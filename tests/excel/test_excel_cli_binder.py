"""The Excel commands as the clerk runs them, and the inspection binder opened as an inspector would.

The command line runs in a subprocess (``python -m lawdesk``): no traceback ever, Chinese errors
and a non-zero exit for bad input. The binder is unzipped and its index .docx reopened.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest

from lawdesk.excel import binder
from lawdesk.schema import RECORD_SPECS
from lawdesk.services import attachments, ledger, records
from lawdesk.services.period import Period
from tests.test_cli import assert_chinese_error, demo_copy, demo_file, run  # noqa: F401 - fixtures

Y2022 = Period.year(2022)


def test_export_then_import_into_an_empty_database(demo_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "台账.xlsx"
    done = run("--db", str(demo_copy), "export", "--year", "2022", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "已导出2022年度台账" in done.stdout and out.exists()
    empty = tmp_path / "empty.db"
    assert run("--db", str(empty), "init").returncode == 0  # only an explicit init creates it
    checked = run("--db", str(empty), "import", str(out), "--check")
    assert checked.returncode == 0 and "只做了检查" in checked.stdout
    refused = run("--db", str(empty), "import", str(out))  # no 单位设置 yet: no office to file them under
    assert refused.returncode == 1 and "请先在“单位设置”中填写单位简称" in refused.stderr
    from lawdesk import db as dbmod
    from tests.conftest import name_the_office

    dbmod.open_database(empty)
    name_the_office("金兰山街道")
    dbmod.close_database()
    imported = run("--db", str(empty), "import", str(out))
    assert imported.returncode == 0, imported.stderr
    assert "已导入" in imported.stdout
    before = json.loads(run("--db", str(demo_copy), "stats", "--year", "2022", "--json").stdout)
    after = json.loads(run("--db", str(empty), "stats", "--year", "2022", "--json").stdout)
    assert after == before
    again = run("--db", str(empty), "import", str(out))
    assert again.returncode == 0 and "已导入 0 条记录" in again.stdout and "完全相同" in again.stdout


def test_import_errors_are_listed_with_a_non_zero_exit(demo_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "会议"
    ws.append(["日期", "会议类型", "会议名称/议题"])
    ws.append(["2022-13-01", "茶话会", "x"])
    wb.save(tmp_path / "bad.xlsx")
    result = run("--db", str(demo_copy), "import", str(tmp_path / "bad.xlsx"))
    err = assert_chinese_error(result) if "错误" in result.stderr else result.stderr
    assert result.returncode == 1
    assert "“会议”表第 2 行 A 列（日期）" in err and "第 2 行 B 列（会议类型）" in err
    assert "没有导入任何记录" in err


def test_import_of_a_non_excel_file(demo_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "照片.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    message = assert_chinese_error(run("--db", str(demo_copy), "import", str(path)), 1)
    assert "不是 Excel 工作簿" in message
    missing = assert_chinese_error(run("--db", str(demo_copy), "import", str(tmp_path / "无.xlsx")), 1)
    assert "找不到文件" in missing


def test_template_and_bad_out(demo_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    done = run("--db", str(demo_copy), "template", "--out", str(tmp_path / "模板.xlsx"))
    assert done.returncode == 0 and (tmp_path / "模板.xlsx").exists()
    assert_chinese_error(run("--db", str(demo_copy), "export", "--year", "2022", "--out", ""), 1)
    assert_chinese_error(run("--db", str(demo_copy), "export", "--year", "2022", "--out",
                             str(tmp_path / "没有的文件夹" / "a.xlsx")), 1)


# --------------------------------------------------------------------------------------------
# The binder


def _evidence(tmp_path: Path) -> list[tuple[str, int]]:
    source = tmp_path / "现场照片.JPG"
    source.write_bytes(b"\xff\xd8\xff photo")
    added = []
    for kind in ("meeting", "dispute", "patrol"):
        for row in records.list_records(kind, records.ListQuery(period=Y2022, page_size=2)).rows:
            attachments.add(kind, int(row["id"]), source, "照片")
            attachments.add(kind, int(row["id"]), source, "签到表")
            added.append((kind, int(row["id"])))
    return added


def _index_rows(document: docx.document.Document) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in document.tables for row in table.rows[1:]]


@pytest.mark.sqlite_only  # evidence files live beside an SQLite file
def test_binder_lists_every_exported_record_and_every_file_exists(demo_db, tmp_path: Path) -> None:
    _evidence(tmp_path)
    meeting = records.list_records("meeting", records.ListQuery(period=Y2022, page_size=1)).rows[0]
    records.update("meeting", int(meeting["id"]), {"title": '会议:纪要/第1期? "试行"'})  # unsafe on Windows
    result = binder.build_binder(Y2022, tmp_path / "迎检台账.zip")
    assert result.files == 12 and not result.missing_files
    with zipfile.ZipFile(result.path) as zf:
        names = zf.namelist()
        root = names[0].split("/")[0]
        assert root == "2022年度迎检台账"
        index = docx.Document(zf.open(f"{root}/{binder.INDEX_NAME}"))
        assert f"{root}/{binder.LEDGER_NAME}" in names
    rows = _index_rows(index)
    expected = sum(len(ledger.rows(s.kind, Y2022)) for s in RECORD_SPECS)
    assert len(rows) == expected == result.records
    titles = [r[2] for r in rows]
    for spec in RECORD_SPECS:
        for row in ledger.rows(spec.kind, Y2022):
            assert str(row[spec.title_field]) in titles
    listed_files = [name for r in rows for name in r[3].split("\n") if name not in ("—", "")]
    assert len(listed_files) == 12
    for name in listed_files:
        matches = [n for n in names if n.endswith(f"/佐证材料/{name}")]
        assert len(matches) == 1, name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_[^<>:\"/\\|?*]+_(照片|签到表)_\d\.jpg", name), name
    assert any("会议_纪要_第1期_ _试行_" in n for n in listed_files)
    # each kind of evidence keeps its name: a 签到表 and a 照片 of every record
    assert sum("_签到表_1.jpg" in n for n in listed_files) == sum("_照片_1.jpg" in n for n in listed_files) == 6
    # every record type has its 台账 in a section folder, named uniquely (Excel opens one name at a time)
    for spec in RECORD_SPECS:
        if ledger.rows(spec.kind, Y2022):
            assert any(re.search(rf"/{spec.label}/0\d_{spec.label}台账\.xlsx$", n) for n in names), spec.label
    ledgers = [n.rsplit("/", 1)[1] for n in names if n.endswith(".xlsx")]
    assert len(ledgers) == len(set(ledgers))
    counted = [r[4] for r in rows]
    from lawdesk.services import annual_report

    pages = annual_report.figure_pages(Y2022, ["warning_meetings"])
    # its own section: the page of the report and the figure
    assert any(c.split("\n")[0] == f"第{pages['warning_meetings']}页 召开警示教育大会" for c in counted)
    # a figure of another section is named with that section, after its page
    assert any(re.match(r"第\d+页 二（一）完善监督体制机制、化解矛盾纠纷、提升法治水平：", line)
               for c in counted for line in c.split("\n"))
    # 3号仿宋 throughout the tables
    run_ = index.tables[0].rows[1].cells[2].paragraphs[0].runs[0]
    assert run_.font.size.pt == 16
    assert "仿宋" in run_._r.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


@pytest.mark.sqlite_only  # evidence files live beside an SQLite file
def test_public_binder_masks_personal_data(demo_db, tmp_path: Path) -> None:
    _evidence(tmp_path)
    records.create("dispute", {"received_date": "2022-06-01", "summary": "张三丰与邻居漏水纠纷",
                               "dispute_type": "邻里纠纷", "status": "受理", "parties_names": "张三丰"})
    result = binder.build_binder(Y2022, tmp_path / "公开.zip", public=True)
    with zipfile.ZipFile(result.path) as zf:
        text = " ".join(zf.namelist())
        index = docx.Document(zf.open(next(n for n in zf.namelist() if n.endswith(binder.INDEX_NAME))))
        sheets = [zf.read(n) for n in zf.namelist() if n.endswith(".xlsx")]
    body = " ".join(" ".join(r) for r in _index_rows(index))
    assert "张三丰" not in body and "张**与邻居漏水纠纷" in body
    assert "/矛盾纠纷/佐证材料/" not in text  # evidence of disputes may show parties
    assert "/会议/佐证材料/" in text
    assert all("张三丰".encode() not in s for s in sheets)


@pytest.mark.parametrize("name", ["CON", "a<b>c", "点.", " 空格 ", "x" * 80])
def test_safe_names(name: str) -> None:
    safe = binder.safe_name(name)
    assert safe and not re.search(r'[<>:"/\\|?*]', safe) and not safe.endswith((".", " "))
    assert safe.upper() != "CON" and len(safe) <= binder.TITLE_CHARS
