"""What a record must say to count in a figure, as requirements on the fields a clerk fills in.

A figure's condition written as ``Requires(OneOf("kind", …), Ticked("is_principal_led"))`` is
the same SQL condition as the hand-written expression, and it can also say in Chinese what it
asks for ("勾选了“主要负责人主持/带队”") and why a record misses it ("没有勾选“主要负责人主持/带队”"),
so the records-behind window can tell a clerk why her 党工委班子会 is not counted.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

from peewee import Expression

from lawdesk.schema import spec_for


@dataclass(frozen=True)
class OneOf:
    """The field holds one of ``values`` (a choice such as 会议类型, 学习形式, 渠道)."""

    field: str
    values: tuple[str, ...]

    def condition(self, model: type) -> Expression:
        column = getattr(model, self.field)
        return column == self.values[0] if len(self.values) == 1 else column.in_(self.values)

    def holds(self, value: object) -> bool:
        return value in self.values

    def text(self, kind: str) -> str:
        label = spec_for(kind).field(self.field).label
        if len(self.values) == 1:
            return f"“{label}”为“{self.values[0]}”"
        return f"“{label}”为{'、'.join(f'“{v}”' for v in self.values[:-1])}或“{self.values[-1]}”"

    def reason(self, kind: str, value: object) -> str:
        label = spec_for(kind).field(self.field).label
        return f"“{label}”是“{value}”" if value not in (None, "") else f"没有填写“{label}”"


@dataclass(frozen=True)
class Ticked:
    """A 是/否 field is ticked (是)."""

    field: str

    def condition(self, model: type) -> Expression:
        return getattr(model, self.field)

    def holds(self, value: object) -> bool:
        return bool(value)

    def text(self, kind: str) -> str:
        return f"勾选了“{spec_for(kind).field(self.field).label}”"

    def reason(self, kind: str, value: object) -> str:
        return f"没有勾选“{spec_for(kind).field(self.field).label}”"


@dataclass(frozen=True)
class Filled:
    """A field is filled in (a 宣传节点, …)."""

    field: str

    def condition(self, model: type) -> Expression:
        return getattr(model, self.field).is_null(False)

    def holds(self, value: object) -> bool:
        return value is not None

    def text(self, kind: str) -> str:
        return f"填写了“{spec_for(kind).field(self.field).label}”"

    def reason(self, kind: str, value: object) -> str:
        return f"没有填写“{spec_for(kind).field(self.field).label}”"


Requirement = OneOf | Ticked | Filled


class Requires:
    """A figure's condition (``FigureDef.where``) made of requirements that must all hold."""

    def __init__(self, *requirements: Requirement) -> None:
        self.requirements = requirements

    def __call__(self, model: type, _period: object) -> Expression:
        return functools.reduce(operator.and_, (r.condition(model) for r in self.requirements))

    def __repr__(self) -> str:
        return f"Requires{self.requirements!r}"
