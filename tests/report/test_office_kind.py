"""An office names itself and its organs by its kind (街道, 镇, 乡); the choices follow; an office
that wrote its texts along the old default outline keeps that outline (migration 0013)."""

from __future__ import annotations

import json

import pytest

from lawdesk import db as dbmod
from lawdesk.models import ReportNarrative, Setting
from lawdesk.report import organs
from lawdesk.schema import SPECS_BY_KIND, choices_for
from lawdesk.services import annual_report, settings, units


@pytest.mark.parametrize(
    ("profile", "kind"),
    [
        ({"government_organ": "新县金兰山街道办事处"}, "街道"),
        ({"government_organ": "新县城关镇人民政府"}, "镇"),
        ({"government_organ": "新县河口乡人民政府"}, "乡"),
        ({"government_organ": "新县团结民族乡人民政府"}, "乡"),
        ({"unit_name": "白石镇"}, "镇"),
        ({"unit_kind": "乡", "government_organ": "新县城关镇人民政府"}, "乡"),  # the office's own choice wins
        ({}, None),
    ],
)
def test_the_kind_of_an_office_comes_from_its_own_profile(profile, kind) -> None:
    assert organs.office_kind(profile) == kind


def test_a_county_is_led_by_its_own_bodies_and_an_office_by_whom_it_reports_to() -> None:
    assert organs.leading_bodies({"addressee": "县委、县政府："}) == "县委、县政府"
    assert organs.leading_bodies({"addressee": "市委依法治市办", "county_name": "新县"}, county=True) == "县委、县政府"
    assert organs.leading_bodies({"county_name": "东城区"}, county=True) == "区委、区政府"
    assert organs.leading_bodies({"leading_bodies": "县委、县政府、县人大", "addressee": "x"}, county=True) == (
        "县委、县政府、县人大")


def test_choices_that_name_an_organ_follow_the_kind_or_take_the_offices_own_word() -> None:
    mediator = SPECS_BY_KIND["dispute"].field("mediator_org")
    assert mediator.kind == "text"  # the office's own committee, whatever it is called
    town = choices_for(mediator, "镇")
    assert town[:3] == ("镇人民调解委员会", "村调委会", "社区调委会") and "街道人民调解委员会" not in town
    assert "街道人民调解委员会" in choices_for(mediator, "街道") and "乡人民调解委员会" in choices_for(mediator, "乡")
    meeting = SPECS_BY_KIND["meeting"].field("kind")
    assert "党工委班子会" not in choices_for(meeting, "镇") and "党委班子会" in choices_for(meeting, "镇")
    assert "党委班子会" not in choices_for(meeting, "街道")
    assert {"党工委班子会", "党委班子会"} <= set(choices_for(meeting, None))  # a county holds every kind
    form = SPECS_BY_KIND["study"].field("form")
    assert choices_for(form, "乡")[0] == "村干部法治教育培训" and "社区干部法治教育培训" not in choices_for(form, "乡")


def test_a_town_records_its_own_committee_and_its_party_committee_meeting(db) -> None:
    from lawdesk.services import records, stats
    from lawdesk.services.period import Period

    records.create("dispute", {"received_date": "2024-03-01", "summary": "邻里", "dispute_type": "邻里纠纷",
                               "status": "调解成功", "closed_date": "2024-03-02",
                               "mediator_org": "白石镇人民调解委员会"})  # fmt: skip
    records.create("meeting", {"date": "2024-03-05", "kind": "党委班子会", "title": "研究法治", "is_principal_led": True})
    figures = stats.compute(Period.year(2024))
    assert figures.lists["mediator_orgs"] == ["白石镇人民调解委员会"]
    assert figures["leadership_meetings"] == 1


def _migration():
    namespace: dict[str, object] = {}
    path = dbmod.MIGRATIONS_DIR / "0013_office_kind_and_own_outline.py"
    exec(compile(path.read_text(encoding="utf-8"), path.name, "exec"), namespace)
    return namespace


def test_an_office_that_wrote_along_the_old_default_outline_keeps_it(db) -> None:
    (unit,) = units.list_units()
    assert "s2_1" not in {n.key for n in annual_report.report_outline().walk()}  # the new default
    ReportNarrative.create(office=unit.id, year=2023, section="s2_1", text="本单位写的监督体制。")
    _migration()["keep_outlines"](dbmod.database.obj)
    outline = annual_report.report_outline()
    assert [n.key for n in outline.walk()][:4] == ["s1", "s2", "s2_1", "s2_2"]
    assert outline.find("s2_1").title.startswith("完善监督体制机制")
    assert annual_report.section_text(2024, "s2_1").text == "本单位写的监督体制。"  # carried to the next year
    # an office that had chosen its own outline keeps it; running again changes nothing
    settings.put(annual_report.OUTLINE_KEY, {"name": "x", "nodes": [{"key": "a1", "title": "甲", "level": 1}]})
    _migration()["keep_outlines"](dbmod.database.obj)
    stored = Setting.get(Setting.key == f"{annual_report.OUTLINE_KEY}@{unit.uuid}")
    assert json.loads(stored.value)["nodes"][0]["key"] == "a1"


def test_an_office_that_never_wrote_gets_the_new_default(db) -> None:
    _migration()["keep_outlines"](dbmod.database.obj)
    assert [n.key for n in annual_report.report_outline().walk()] == ["s1", "s2", "m1", "m2", "m3", "m4", "m5", "s3", "s4"]


def test_a_free_text_field_reads_a_known_spelling_as_its_common_value_and_keeps_the_offices_own() -> None:
    from lawdesk.services.validation import clean_value

    form = SPECS_BY_KIND["study"].field("form")
    assert clean_value(form, "讲座", None) == "专题讲座"
    assert clean_value(form, "青松夜校", None) == "青松夜校"  # the office's own training brand
    assert clean_value(form, "村干部法治教育培训", None) == "村干部法治教育培训"
