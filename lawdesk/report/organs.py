"""How an office names itself and its organs: 街道, 镇 or 乡, from its own 单位设置.

A 街道 has a 党工委 and a 办事处 (主任), 社区 and 社区干部; a 镇 a 镇党委 and a 镇人民政府 (镇长),
村 and 社区; a 乡 a 乡党委 and a 乡人民政府 (乡长), 村. The kind is the office's choice (单位类别);
when it is left empty it is read from the office's own organ names ("…街道办事处", "…镇人民政府",
"…乡人民政府"), then from its name. Pure functions, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

STREET, TOWN, TOWNSHIP = "街道", "镇", "乡"
KINDS = (STREET, TOWN, TOWNSHIP)


@dataclass(frozen=True)
class KindWords:
    """The words a report uses for an office of one kind."""

    kind: str  # 街道 | 镇 | 乡: how the office calls itself in its text ("街道将立足实际")
    party_committee: str  # 党工委 | 党委
    grassroots: str  # 社区 | 村（社区） | 村: the units under the office


WORDS = {
    STREET: KindWords(STREET, "党工委", "社区"),
    TOWN: KindWords(TOWN, "党委", "村（社区）"),
    TOWNSHIP: KindWords(TOWNSHIP, "党委", "村"),
}


def office_kind(profile: Mapping[str, object]) -> str | None:
    """街道, 镇 or 乡 for an office's 单位设置; None when nothing tells."""
    chosen = str(profile.get("unit_kind") or "").strip()
    if chosen in KINDS:
        return chosen
    government = str(profile.get("government_organ") or "").strip()
    if government.endswith("办事处"):
        return STREET
    for kind in (TOWN, TOWNSHIP):
        if government.endswith(f"{kind}人民政府"):
            return kind
    name = str(profile.get("unit_name") or "").strip()
    for kind in KINDS:
        if name.endswith(kind):
            return kind
    return None


def words_for(profile: Mapping[str, object]) -> KindWords:
    """The kind's words; a 街道's when nothing tells the kind (the report's first users)."""
    return WORDS[office_kind(profile) or STREET]


def coverage_label(item: str, words: KindWords) -> str:
    """"一社区一警" for a 街道 is "一村（社区）一警" for a 镇 and "一村一警" for a 乡."""
    return f"“一{words.grassroots}一{item}”"


def leading_bodies(profile: Mapping[str, object], *, county: bool = False) -> str:
    """Who leads the office or the county ("在县委、县政府的坚强领导下"): its 领导机关 as written
    in its 单位设置. An office that left it empty is led by the bodies it reports to (its 主送机关,
    "县委、县政府"); a county never by its 主送机关 (the 市委依法治市办 it reports to does not lead
    it): by its own 县委、县政府 ("区委、区政府" for a 区, named from its own name)."""
    own = str(profile.get("leading_bodies") or "").strip().rstrip("：:")
    if own:
        return own
    if not county:
        return str(profile.get("addressee") or "").strip().rstrip("：:") or "上级党委、政府"
    name = str(profile.get("county_name") or profile.get("unit_name") or "").strip()
    level = name[-1:] if name[-1:] in ("县", "区", "市", "旗") else "县"
    return f"{level}委、{level}政府"
