"""The office's kind and leading bodies in 单位设置; an office keeps the outline its words were written for.

- ``unit_profile`` gains ``unit_kind`` (单位类别: 街道, 镇 or 乡 — the report names the office and its
  organs by it) and ``leading_bodies`` (领导机关: "在县委、县政府的坚强领导下").
- The program's default outline is no longer another office's (its subsection headings were that
  office's own words). An office that has saved report texts but never saved an outline wrote
  them along the old default outline: that outline is stored as the office's own, so its texts
  stay under the headings they were written for. The copy below is frozen (migrations never
  import the program's modules).
"""

import json

from peewee import CharField, Table

OUTLINE_KEY = "report_outline@{uuid}"
OLD_DEFAULT_OUTLINE = {
    "name": "参考报告的四部分",
    "serial": 0,
    "nodes": [
        {"key": "s1", "level": 1, "role": "duty",
         "title": "{year}年度党政主要负责人履行推进法治政府建设第一责任人职责，加强法治政府建设的有关情况。"},
        {"key": "s2", "level": 1, "role": "measures", "title": "{year}年度推进法治政府建设的主要举措和成效。",
         "children": [
             {"key": "s2_1", "level": 2, "title": "完善监督体制机制，强化对权力的制约监督。依法有效化解社会矛盾纠纷。"
                                                 "大力提升机关工作人员法治思维和法治水平。"},
             {"key": "s2_2", "level": 2, "title": "推进依法执政。持续推动全面从严治党向纵深发展，严格执行党内法规制度，"
                                                 "为全面推进法治政府建设做好根本保障。"},
             {"key": "s2_3", "level": 2, "title": "推进科学立法健全制度机制，推进基层治理规范化程序化法治化。"},
             {"key": "s2_4", "level": 2, "title": "推进法治政府、法治社会建设。"},
         ]},
        {"key": "s3", "level": 1, "role": "shortcomings", "title": "{year}年度推进法治政府建设存在的不足。"},
        {"key": "s4", "level": 1, "role": "plans", "title": "{next_year}年度改进措施及工作计划。"},
    ],
}


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("unit_profile", "unit_kind", CharField(max_length=10, null=True)),
        migrator.add_column("unit_profile", "leading_bodies", CharField(max_length=60, null=True)),
    )
    keep_outlines(db)


def keep_outlines(db):
    """Store the old default outline for every office that saved texts along it."""
    unit = Table("unit", ("id", "uuid", "kind"))
    narrative = Table("report_narrative", ("id", "unit_id"))
    setting = Table("setting", ("id", "key", "value"))
    writers = {r[0] for r in db.execute(narrative.select(narrative.unit_id).distinct().tuples()).fetchall()}
    keys = {r[0] for r in db.execute(setting.select(setting.key).tuples()).fetchall()}
    value = json.dumps(OLD_DEFAULT_OUTLINE, ensure_ascii=False)
    for unit_id, uuid, kind in db.execute(unit.select(unit.id, unit.uuid, unit.kind).tuples()).fetchall():
        key = OUTLINE_KEY.format(uuid=uuid)
        if unit_id in writers and kind != "县" and key not in keys:
            db.execute(setting.insert(key=key, value=value))


def down(migrator, db):
    """The columns go; a stored outline stays (it is the office's, whatever the program's default)."""
    migrator.migrate(
        migrator.drop_column("unit_profile", "unit_kind"),
        migrator.drop_column("unit_profile", "leading_bodies"),
    )
