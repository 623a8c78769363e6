"""A county from nothing, as a county clerk sets it up (``lawdesk.services.county_setup``).

Three offices start from an empty folder: each database is made by ``init``, named by its first
单位设置 and filled through the services the forms call (a 街道 with a full year, a 镇 in its first
year with three records, a 乡 with no honours and no reviews). Each exports its package; the
county is made by ``county init`` (a file, or the PostgreSQL test server), imports them, and its
roll-up must equal every office's own figures; its report names each office as its 单位设置 does.
Then the same county on a shared server: ``county init --role-prefix`` run by an administrator
who is not a superuser, offices added with their roles, each office entering its own records and
marking its year 已报送.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import docx
import pytest

from lawdesk import cli, server
from lawdesk import db as dbmod
from lawdesk.errors import LawdeskError
from lawdesk.models import Unit
from lawdesk.services import (
    county,
    county_setup,
    drafting,
    records,
    settings,
    stats,
    submissions,
    units,
)
from lawdesk.services.period import Period

YEAR = Period.year(2024)
COUNTY_ARGS = ["--name", "新县", "--organ", "中共新县委员会全面依法治县委员会办公室",
               "--addressee", "中共新县委员会全面依法治县委员会", "--doc-prefix", "新法治办",
               "--signers", "周志华"]  # fmt: skip


def _profile(name: str, party: str, government: str, prefix: str) -> dict[str, object]:
    return {"unit_name": name, "county_name": "新县", "party_organ": party, "government_organ": government,
            "issuer_mark": f"{party}文件", "doc_prefix": prefix, "addressee": "县委、县政府",
            "operator": f"{name[:2]}文书", "signers": f"{name[:2]}书记"}  # fmt: skip


OFFICES = {
    "石门街道": _profile("石门街道", "中共新县石门街道工作委员会", "新县石门街道办事处", "石文"),
    "青山镇": _profile("青山镇", "中共新县青山镇委员会", "新县青山镇人民政府", "青政文"),
    "河西乡": _profile("河西乡", "中共新县河西乡委员会", "新县河西乡人民政府", "河政文"),
}


def _day(month: int, i: int = 0) -> str:
    return f"2024-{month:02d}-{i % 27 + 1:02d}"


def _enter_the_year(name: str) -> None:
    """What each office's clerk enters in the forms (the services the forms call)."""
    if name == "青山镇":  # a 镇 in its first year: three records
        records.create("meeting", {"date": _day(3), "kind": "法治建设专题会议", "title": "首次专题会议",
                                   "is_principal_led": True, "on_rule_of_law": True})  # fmt: skip
        records.create("patrol", {"date": _day(5), "area": "集镇", "persons": 4})
        records.create("study", {"date": _day(6), "form": "集中学法", "topic": "宪法"})
        return
    records.create("community", {"name": f"{name[:2]}社区", "police_officer": "民警甲", "mediators": 3})
    records.create("lecturer", {"name": f"{name[:2]}宣讲员", "unit": "司法所", "appointed_on": "2023-01-01"})
    for i in range(6 if name == "石门街道" else 2):
        records.create("patrol", {"date": _day(4, i), "area": "老街", "persons": 5 + i, "community": f"{name[:2]}社区"})
        records.create("lecture", {"date": _day(7, i), "topic": "普法", "venue_type": "进社区", "audience": 40,
                                   "lecturer": f"{name[:2]}宣讲员"})  # fmt: skip
    for i in range(3):
        records.create("dispute", {"received_date": _day(2, i), "summary": f"纠纷{i}", "dispute_type": "邻里纠纷",
                                   "status": "调解成功", "closed_date": _day(3, i)})  # fmt: skip
    records.create("hotline", {"channel": "12345市长热线", "received_date": _day(8), "due_date": _day(8, 5),
                               "closed_date": _day(8, 3), "summary": "诉求", "feedback": "满意"})  # fmt: skip
    if name == "石门街道":  # the 乡 has no honours and no reviews
        records.create("review", {"received_date": _day(6), "title": "合同", "category": "行政机关合同",
                                  "opinion_letter": True})  # fmt: skip
        records.create("honor", {"date": _day(10), "title": "省级五星规范化司法所", "holder": "石门司法所", "level": "省级"})


def _office(folder: Path, name: str) -> tuple[Path, dict[str, object], dict[str, list[str]]]:
    """An office's database from nothing; its package of 2024 and its own figures."""
    path = folder / f"{name}.db"
    assert cli.main(["--db", str(path), "init"]) == cli.EXIT_OK
    dbmod.open_database(path)
    try:
        assert units.list_units() == []  # no placeholder: the office is named by its 单位设置
        settings.save_profile(OFFICES[name])
        _enter_the_year(name)
        _write_own_words()  # its opening, 不足 and 计划: the package carries them to the county
        own = stats.compute(YEAR)
    finally:
        dbmod.close_database()
    package = folder / f"{name}-2024.ldpkg"
    assert cli.main(["--db", str(path), "package", "--year", "2024", "--out", str(package)]) == cli.EXIT_OK
    return package, own.values, own.lists


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _write_own_words() -> None:
    """What the clerk (an office's, or the county's) writes in the editor before the report can
    be signed: the export gate refuses a report that still asks for the unit's own words."""
    document = drafting.for_database()
    asked = document.prompt_items(YEAR)
    assert asked, "a new unit's report asks for its own words"
    for item in asked:
        document.save_text(2024, item.section, f"（一）{item.section_name[:6]}方面，按季度整理台账、督促落实。")
    assert document.prompt_items(YEAR) == []


def _write_the_countys_words() -> None:
    _write_own_words()


def test_a_county_from_an_empty_folder_to_its_report(engine: str, request: pytest.FixtureRequest, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    made = {name: _office(tmp_path, name) for name in OFFICES}
    target = request.getfixturevalue("pg_url") if engine == "postgres" else str(tmp_path / "新县.db")
    assert cli.main(["--db", target, "county", "init", *COUNTY_ARGS]) == cli.EXIT_OK
    assert "已建立县级单位“新县”" in capsys.readouterr().out
    packages = [str(p) for p, _v, _l in made.values()]
    assert cli.main(["--db", target, "county", "import", *packages]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert all(f"{name}2024年度已报送" in out for name in OFFICES), out

    dbmod.open_database(target)
    try:
        assert [u.name for u in county.offices()] == list(OFFICES)
        assert [u.kind for u in county.offices()] == ["街道", "乡镇", "乡镇"]
        rolled = county.rollup(YEAR)
        assert rolled.missing == [] and rolled.leftovers == []
        for row in rolled.rows:
            _package, values, lists = made[row.name]
            assert row.figures.values == values, row.name
            assert row.figures.lists == lists, row.name
        assert rolled.total["patrols"] == 6 + 1 + 2
        for name, profile in OFFICES.items():  # each office's own 单位设置 came with its package
            unit = Unit.get(Unit.name == name)
            assert settings.profile_values(unit)["government_organ"] == profile["government_organ"]
        _write_the_countys_words()
    finally:
        dbmod.close_database()

    report = tmp_path / "新县-2024.docx"
    assert cli.main(["--db", target, "county", "report", "--year", "2024", "--out", str(report),
                     "--date", "2025-01-10"]) == cli.EXIT_OK  # fmt: skip
    text = _text(report)
    for name in OFFICES:
        assert name in text, name
    assert "本单位" not in text and "中共新县委员会全面依法治县委员会办公室" in text

    reports_dir = tmp_path / "各单位报告"
    assert cli.main(["--db", target, "county", "office-reports", "--year", "2024", "--out-dir", str(reports_dir),
                     "--date", "2025-01-10"]) == cli.EXIT_OK  # fmt: skip
    assert len(list(reports_dir.glob("*.docx"))) == 3


def test_county_init_refuses_an_offices_ledger_and_a_second_county(empty_db, tmp_path: Path) -> None:  # noqa: ANN001
    target = dbmod.current_target()
    settings.save_profile({"unit_name": "石门街道"})
    records.create("patrol", {"date": "2024-05-01", "area": "老街"})
    with pytest.raises(LawdeskError, match="“石门街道”的台账，不能改作县级数据库"):
        county_setup.init_county(target, "新县")
    dbmod.close_database()
    other = tmp_path / "县.db"
    first = county_setup.init_county(other, "新县", organ="中共新县委员会全面依法治县委员会办公室")
    assert first.created and "主送机关" in first.missing and "发文机关全称" not in first.missing
    assert settings.profile_values(first.unit)["issuer_mark"] == "中共新县委员会全面依法治县委员会办公室文件"
    again = county_setup.init_county(other, "新县")
    assert not again.created and again.unit.id == first.unit.id and "没有改动" in again.message()
    with pytest.raises(LawdeskError, match="已是“新县”的县级数据库"):
        county_setup.init_county(other, "旧县")
    with pytest.raises(LawdeskError, match="只用于服务器数据库"):
        county_setup.init_county(tmp_path / "另一个.db", "新县", role_prefix="xian_")


# --------------------------------------------------------------------------------------------
# The same county on a shared server, set up by an administrator who is not a superuser


def _as(url: str, user: str) -> str:
    from urllib.parse import urlencode

    from psycopg.conninfo import conninfo_to_dict

    params = dict(conninfo_to_dict(url))
    dbname = params.pop("dbname")
    params.pop("password", None)
    params["user"] = user
    return f"postgresql:///{dbname}?{urlencode(params)}"


@pytest.mark.postgres
def test_a_county_on_a_shared_server_set_up_by_a_non_root_administrator(pg_server, tmp_path: Path,
                                                                        capsys) -> None:  # noqa: ANN001
    tag = uuid.uuid4().hex[:6]
    admin, prefix = f"t{tag}_admin", f"x{tag}_"
    pg_server.conn.execute(f'CREATE ROLE "{admin}" LOGIN CREATEROLE CREATEDB')
    name = pg_server.create()
    pg_server.conn.execute(f'ALTER DATABASE "{name}" OWNER TO "{admin}"')
    url = _as(pg_server.url(name), admin)
    roles = [f"{prefix}office", f"{prefix}county", f"{prefix}admin"]
    try:
        assert cli.main(["--db", url, "county", "init", *COUNTY_ARGS, "--role-prefix", prefix]) == cli.EXIT_OK
        assert f"账号前缀为 {prefix}" in capsys.readouterr().out
        codes = {"石门街道": "shimen", "青山镇": "qingshan", "河西乡": "hexi"}
        for office, code in codes.items():
            kind = "街道" if office.endswith("街道") else "乡镇"
            given = "石门" if office == "石门街道" else office  # its own 单位设置 will name it
            assert cli.main(["--db", url, "county", "add-office", "--name", given, "--code", code, "--kind", kind,
                             "--password", "password-1"]) == cli.EXIT_OK  # fmt: skip
            roles.append(f"{prefix}{code}")
        assert cli.main(["--db", url, "county", "add-county-user", "--name", f"{prefix}sfj",
                         "--password", "password-2"]) == cli.EXIT_OK  # fmt: skip
        roles.append(f"{prefix}sfj")
        with pg_server.conn.cursor() as cur:
            members = cur.execute(
                "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member "
                "JOIN pg_roles g ON g.oid = a.roleid WHERE g.rolname = %s ORDER BY 1", (f"{prefix}office",)
            ).fetchall()
            assert [m[0] for m in members] == sorted(f"{prefix}{c}" for c in codes.values())
            assert cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", (admin,)).fetchone() == (False,)
        capsys.readouterr()

        own: dict[str, dict[str, object]] = {}
        for office, code in codes.items():  # each office enters its own year and marks it 已报送
            dbmod.open_database(_as(pg_server.url(name), f"{prefix}{code}"))
            try:
                settings.save_profile(OFFICES[office])
                _enter_the_year(office)
                own[office] = stats.compute(YEAR).values
                if office != "河西乡":
                    assert submissions.mark_reported(YEAR)
            finally:
                dbmod.close_database()

        dbmod.open_database(_as(pg_server.url(name), f"{prefix}sfj"))
        try:
            assert units.current_unit() is None  # the county user is the county
            assert [u.name for u in county.offices()] == list(OFFICES)  # 石门 renamed itself 石门街道
            rolled = county.rollup(YEAR)
            assert [u.name for u in rolled.missing] == ["河西乡"]
            assert [r.name for r in rolled.leftovers] == ["河西乡"]  # shown apart, not in the total
            for row in rolled.reported_rows:
                assert row.figures.values == own[row.name], row.name
            assert rolled.total["patrols"] == 6 + 1
        finally:
            dbmod.close_database()
        assert cli.main(["--db", _as(pg_server.url(name), f"{prefix}hexi"), "mark-reported",
                         "--year", "2024"]) == cli.EXIT_OK  # fmt: skip
        assert "已标记河西乡2024年度已报送" in capsys.readouterr().out
        dbmod.open_database(_as(pg_server.url(name), f"{prefix}sfj"))
        try:
            _write_the_countys_words()  # the county user writes the county's own words
        finally:
            dbmod.close_database()
        report = tmp_path / "新县-2024.docx"
        assert cli.main(["--db", _as(pg_server.url(name), f"{prefix}sfj"), "county", "report", "--year", "2024",
                         "--out", str(report), "--date", "2025-01-10"]) == cli.EXIT_OK  # fmt: skip
        text = _text(report)
        assert all(office in text for office in OFFICES) and "本单位" not in text
    finally:
        dbmod.close_database()
        pg_server.drop(name)
        for role in reversed(roles):
            pg_server.conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        pg_server.conn.execute(f'DROP ROLE IF EXISTS "{admin}"')


@pytest.mark.postgres
def test_the_role_prefix_is_chosen_once(pg_url: str) -> None:
    with pytest.raises(LawdeskError, match="账号前缀是 lawdesk_，不能再改"):
        county_setup.init_county(pg_url, "新县", role_prefix="xian_")
    assert server.check_prefix("xian") == "xian_"
    with pytest.raises(LawdeskError):
        server.check_prefix("Xi An")

