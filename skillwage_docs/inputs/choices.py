"""Clause choices of an agreement that carry more than a word (issue 20): how the draft is
approved, what a worker new to a skilled post is paid, when the 学徒工 figure applies, which
part of the sector another contract of the region takes over, and the rows of the 《技能岗位目录》.

Each is a small model the agreement holds (`agreement.py`); the text states what the data says
(templates/clauses/contract.md.j2) and a rule refuses data the text could not honour
(checks/rules_approval.py, rules_floors.py, rules_region.py).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from ..base.model import SLUG, Model, Money, Text

__all__ = [
    "APPROVAL_ROUTES",
    "THRESHOLDS",
    "Apprenticeship",
    "Approval",
    "CarveOut",
    "EntryPay",
    "Post",
    "approval_shorthand",
]

# The two routes a reviewer can check for a contract that binds every enterprise of its sector
# or region (《劳动合同法》第五十四条; no published rule lets "the enterprises that accept the
# draft" approve it for all the others).
APPROVAL_ROUTES = ("职工代表大会", "企业分别审议")
# The share of the covered workers the enterprises whose own vote passed must employ:
# 过半数 is strictly more than half, 三分之二以上 two thirds or more ("以上" includes the number).
THRESHOLDS = ("过半数", "三分之二以上")


def approval_shorthand(value: Any) -> Any:
    """`approval: 职工代表大会` stands for `{route: 职工代表大会}`. The old value 认可企业 had no
    published source and is refused with its own message (loader.CUSTOM_MESSAGES)."""
    if value == "认可企业":
        raise ValueError("approval_unsourced")
    if isinstance(value, str):
        return {"route": value}
    return value


class Approval(Model):
    """Who approves the draft before both 首席代表 sign it (参照《集体合同规定》第三十六条、
    第三十七条), in a way that can bind every enterprise of the sector or region:

    - `职工代表大会` (the default): a 行业（区域）职工代表大会 whose delegates the covered
      enterprises elect, one for every `workers_per_delegate` workers and at least one an
      enterprise (None: "in proportion to their workers", the ratio left unstated); at least two
      thirds present, more than half of all delegates in favour;
    - `企业分别审议`: each enterprise's 职工代表大会 or 职工大会 votes by 第三十六条's majorities,
      and the draft passes when the enterprises whose vote passed employ `threshold` of the
      covered workers (`covered_workers`). `procedure.assemblies` records each vote with the
      enterprise's workers; checks/rules_approval.py counts them against this threshold.
    """

    route: Literal["职工代表大会", "企业分别审议"] = "职工代表大会"
    workers_per_delegate: int | None = Field(default=None, ge=1, le=100_000)
    threshold: Literal["过半数", "三分之二以上"] = "过半数"

    @model_validator(mode="after")
    def _fits_route(self) -> Approval:
        if self.route == "企业分别审议" and self.workers_per_delegate is not None:
            raise ValueError("delegates_without_assembly")
        return self


class EntryPay(Model):
    """A figure for a worker new to a skilled post who holds no certificate yet: above the local
    minimum (checks/rules_floors.py) and paid from the first day, for at most `months`; then
    the lowest level's figure. Without it, that worker gets the lowest level's figure from the
    first day (1185号 and 52号: the skilled-worker minimum is higher than the local minimum)."""

    monthly: Money
    months: int = Field(ge=1, le=6)


class Apprenticeship(Model):
    """When the 学徒工 level's figure applies: only to an apprentice under a written training
    agreement of a named programme (e.g. 企业新型学徒制), for at most `months` (the 2021 guidance
    on 企业新型学徒制 sets a training period of 1–2 years [S]; checks/rules_floors.py caps it)."""

    programme: Text = "企业新型学徒制"
    months: int = Field(ge=1, le=36)


class CarveOut(Model):
    """A part of this contract's sector (or region) left to another contract of the same region,
    and only while that one is in force and not lower (checks/rules_region.py): `part` as the
    text names it (煤炭开采和洗选企业), `agreement` the other contract's file name in the region
    folder, `title` its title as the text prints it."""

    part: Text
    agreement: str = Field(pattern=SLUG.pattern)
    title: Text


class Post(Model):
    """A row of the 《技能岗位目录》 annex: the post as the enterprises name it, the occupation of
    《中华人民共和国职业分类大典》 it requires (its code comes from templates/clauses/
    occupations.yaml, with its source, or is printed as not found), and its post category where
    the schedule has categories."""

    name: Text
    occupation: Text
    category: Text | None = None
