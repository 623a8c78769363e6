"""#21's proof over offices invented here: a 镇 and a 乡 (the demo office is in test_half_year and
test_shufa), each writing its 半年总结 for the first half of 2022 — every figure equal to
``lawdesk stats --start 2022-01-01 --end 2022-06-30`` — and the 述法报告 of its two leaders, every
count equal to a query over the records that name that leader; each document clean for the
linter, the proofreader and ``check``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from lawdesk import cli
from lawdesk import db as dbmod
from lawdesk.services import annual_report, gate, half_year, records, settings, shufa, stats
from lawdesk.services.period import Period
from lawdesk.services.report_settings import ReportOptions
from tests.document_checks import assert_body_written, assert_clean, assert_figures_equal, printed
from tests.report.test_claims import _profile
from tests.services.test_shufa import _check_counts

H1 = Period.first_half(2022)
YEAR = Period.year(2022)


def shiqiao_town() -> tuple[str, str]:
    """石桥镇: two leaders named every way clerks name them, work in both halves of 2021 and 2022."""
    settings.save_profile(_profile("石桥镇", "中共新县石桥镇委员会", "新县石桥镇人民政府", "石政文",
                                   principal_leaders="赵刚、钱敏", unit_kind="镇"))  # fmt: skip
    add = records.create
    for year in (2021, 2022):
        for month in (1, 3, 5, 8, 10):
            add("meeting", {"date": f"{year}-{month:02d}-10", "kind": "党委班子会", "title": "研究法治建设",
                            "chair": "镇党委书记赵刚" if month % 2 else "钱敏", "is_principal_led": True})
            add("patrol", {"date": f"{year}-{month:02d}-12", "area": "集镇", "leader": "钱敏", "persons": 6})
            add("study", {"date": f"{year}-{month:02d}-15", "form": "集中学法", "topic": "民法典", "laws_studied": "民法典",
                          "speaker": "赵刚", "participants": 20})
            add("supervision", {"date": f"{year}-{month:02d}-18", "kind": "督查", "subject": "安全生产督查",
                                "leader": "赵刚、钱敏", "problem_field": "安全生产", "problems_found": 2,
                                "problems_solved": 1, "is_principal_led": True})
            add("dispute", {"received_date": f"{year}-{month:02d}-20", "summary": "宅基地", "dispute_type": "房屋宅基地",
                            "status": "调解成功", "closed_date": f"{year}-{month:02d}-25",
                            "mediator_org": "镇人民调解委员会", "leader": "钱敏"})
        add("review", {"received_date": f"{year}-04-02", "title": "合同", "category": "行政机关合同", "leader": "镇长钱敏"})
        add("lecture", {"date": f"{year}-06-26", "topic": "禁毒", "venue_type": "进学校", "audience": 300,
                        "special_day": "6·26国际禁毒日", "leader": "赵刚"})
    return "赵刚", "钱敏"


def hexi_township() -> tuple[str, str]:
    """河西乡: a small ledger; one leader leads little; no reviews, no honours."""
    settings.save_profile(_profile("河西乡", "中共新县河西乡委员会", "新县河西乡人民政府", "河西政文",
                                   principal_leaders="孙强、李梅"))  # fmt: skip
    add = records.create
    add("community", {"name": "河西村", "mediators": 3})
    add("meeting", {"date": "2022-02-08", "kind": "法治建设专题会议", "title": "部署", "chair": "孙强"})
    add("meeting", {"date": "2022-03-08", "kind": "理论学习中心组学习", "title": "学习", "chair": "孙强"})
    add("study", {"date": "2022-04-08", "form": "村干部法治教育培训", "topic": "调解", "leader": "李梅", "participants": 25})
    add("lecture", {"date": "2022-05-08", "topic": "反诈", "venue_type": "进乡村", "audience": 80, "leader": "李梅"})
    add("hotline", {"channel": "县交办件", "received_date": "2022-05-10", "due_date": "2022-05-20",
                    "closed_date": "2022-05-15", "summary": "诉求", "feedback": "满意", "leader": "孙强"})
    add("patrol", {"date": "2022-09-01", "area": "村道"})  # the second half: not in the summary
    return "孙强", "李梅"


OFFICES: dict[str, Callable[[], tuple[str, str]]] = {"石桥镇": shiqiao_town, "河西乡": hexi_township}


def _write_everything_asked(build: Callable[[], object], save: Callable[[str], None]) -> None:
    for item in gate.prompt_items(build().text.claims, {}):
        save(item.section)


@pytest.mark.parametrize("office", list(OFFICES))
def test_an_invented_office_writes_both_documents(office: str, db_path: Path, tmp_path: Path, capsys) -> None:
    dbmod.open_database(db_path, create=True)
    leaders_ = OFFICES[office]()
    dbmod.close_database()
    assert cli.main(["--db", str(db_path), "stats", "--start", "2022-01-01", "--end", "2022-06-30", "--json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    dbmod.open_database(db_path, backup=False)
    try:
        # 半年总结: every figure as ``stats`` gives it
        _write_everything_asked(lambda: half_year.build_half_year(H1),
                                lambda key: half_year.save_text(2022, key, "本单位这方面的工作情况。"))  # fmt: skip
        built = half_year.build_half_year(H1, issue_date=dt.date(2022, 7, 5))
        assert built.text.prompts == []
        rates = {f.key for f in stats.FIGURES if f.is_rate}
        values = {k: v for k, v in from_cli.items() if k in stats.FIGURES_BY_KEY}
        expected = printed(values, rates, ReportOptions.load().fill_options)
        assert assert_figures_equal(built.text.claims, expected, annual_report.record_placeholders()) >= 3
        assert "治安巡逻" not in "".join(c.text for c in built.text.claims) or office == "石桥镇"
        result = half_year.export_half_year(H1, tmp_path / f"{office}-半年.docx", issue_date=dt.date(2022, 7, 5),
                                            page_count="grid")  # fmt: skip
        assert_body_written(result.docx_path, built.text)
        assert_clean(result.docx_path, built.text)
        # 述法报告 of its two leaders: each count a query over the leader's own records
        for person in leaders_:
            _write_everything_asked(lambda p=person: shufa.build_shufa(YEAR, p),
                                    lambda key, p=person: shufa.save_text(2022, p, key, "本人履职尽责。"))  # fmt: skip
            built = shufa.build_shufa(YEAR, person, issue_date=dt.date(2023, 1, 10))
            assert built.text.prompts == []
            assert _check_counts(person, YEAR, built) >= 2
            result = shufa.export_shufa(YEAR, person, tmp_path / f"{office}-{person}.docx",
                                        issue_date=dt.date(2023, 1, 10), page_count="grid")  # fmt: skip
            assert_clean(result.docx_path, built.text)
    finally:
        dbmod.close_database()
