"""What every agreement model shares: the skill levels (新八级工), a bargaining party, a
contact with a phone. Below both the agreement (`agreement.py`) and the record of its
bargaining (`bargaining.py`), which each use them."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import Field, field_validator

from ..base.model import Model, Text

__all__ = ["Contact", "Party", "SkillLevel"]

_PHONE = re.compile(r"[0-9+()\- ]+")


class SkillLevel(StrEnum):
    """新八级工 levels, low to high; order matters for the rising-wage rule."""

    学徒工 = "学徒工"
    初级工 = "初级工"
    中级工 = "中级工"
    高级工 = "高级工"
    技师 = "技师"
    高级技师 = "高级技师"
    特级技师 = "特级技师"
    首席技师 = "首席技师"

    @property
    def rank(self) -> int:
        return list(SkillLevel).index(self)

    @property
    def old_grade(self) -> str:
        """The 国家职业资格 grade still printed on certificates (五级 … 一级)."""
        return _OLD_GRADES.get(self, "")


_OLD_GRADES = {
    SkillLevel.初级工: "五级",
    SkillLevel.中级工: "四级",
    SkillLevel.高级工: "三级",
    SkillLevel.技师: "二级",
    SkillLevel.高级技师: "一级",
}


class Party(Model):
    """One side of the bargaining table (《集体合同规定》第十九条: at least 3 representatives)."""

    name: Text
    chief_representative: Text
    representatives: int = Field(ge=3, le=99)


class Contact(Model):
    """联系人及电话 of a key liaison point (晋人社厅函〔2024〕1185号 附件2)."""

    name: Text
    # Text, never a number: YAML reads 03532021234 as an octal integer.
    phone: str = Field(min_length=5, max_length=40)

    @field_validator("phone")
    @classmethod
    def _phone_chars(cls, value: str) -> str:
        # Digits and the usual separators only (0353-2021234, 138 0000 0000, +86 …); the
        # generic pattern message speaks of file names, so this check has its own.
        if not _PHONE.fullmatch(value):
            raise ValueError("bad_phone")
        return value
