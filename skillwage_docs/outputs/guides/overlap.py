"""Which contracts of a region bind the same workers, and which figure applies by 就高.

《劳动合同法》第五十四条 makes a sector or regional contract bind every employer and worker of
its sector or region, so two can bind the same worker: a regional contract (every sector of its
zone) and a sector contract covering the zone's area; two sector contracts of one industry in
areas that meet; a sector and a sub-sector of it (《国民经济行业分类》 GB/T 4754—2017 门类). Each
text says how they meet (contract.md.j2: 逐项比较，就高执行), unless it hands a part to the other
(`carve_outs`). Two regional contracts in the same county may or may not share ground: named as
such, for the reader to check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from ...inputs.agreement import Agreement
from ...inputs.terms import SkillLevel

__all__ = ["SUB_SECTORS", "Overlap", "overlaps"]

# Industries a broader one contains, by GB/T 4754—2017 门类: 煤炭开采和洗选业 is 门类 B 采矿业's
# 大类 06; 耐火材料 (3089), 装备制造 (大类 33–40) and the 新材料 manufacturers are 门类 C 制造业.
SUB_SECTORS: dict[str, frozenset[str]] = {
    "采矿业": frozenset({"煤炭开采和洗选业"}),
    "制造业": frozenset({"装备制造业", "耐火材料制造业", "新材料产业"}),
}


@dataclass(frozen=True)
class Overlap:
    first: Agreement
    second: Agreement
    basis: str  # why they meet
    areas: tuple[str, ...]  # where
    carve_out: str  # the part one hands to the other ("" none)
    certain: bool  # False: two zones in one county, to be checked on the map

    def levels(self) -> list[tuple[SkillLevel, Decimal | None, Decimal | None]]:
        """Each level either sets, with both monthly figures (None where one sets none)."""
        mine = {row.level: row.monthly for row in self.first.skill_levels}
        theirs = {row.level: row.monthly for row in self.second.skill_levels}
        levels = sorted(set(mine) | set(theirs), key=lambda level: level.rank)
        return [(level, mine.get(level), theirs.get(level)) for level in levels]


def _basis(a: Agreement, b: Agreement) -> tuple[str, bool] | None:
    if a.kind == "区域性" and b.kind == "区域性":
        return "两份区域性合同在同一县（区），区域是否重叠须按规划范围核实", False
    if a.kind == "区域性" or b.kind == "区域性":
        zone, sector = (a, b) if a.kind == "区域性" else (b, a)
        return (
            f"区域性合同覆盖{zone.zone}内各行业，其中的{sector.industry}企业同时适用两份合同",
            True,
        )
    if a.industry == b.industry:
        return f"同一行业（{a.industry}）", True
    for broad, subs in SUB_SECTORS.items():
        if (a.industry == broad and b.industry in subs) or (
            b.industry == broad and a.industry in subs
        ):
            sub = b.industry if a.industry == broad else a.industry
            return f"{sub}企业属于{broad}（《国民经济行业分类》门类）", True
    return None


def _carve_out(a: Agreement, b: Agreement) -> str:
    for giver, taker in ((a, b), (b, a)):
        for carve in giver.carve_outs:
            if carve.agreement == taker.slug:
                return (
                    f"《{giver.display_title}》把{carve.part}划给《{taker.display_title}》，"
                    "只在后者有效且不低于前者时适用后者"
                )
    return ""


def overlaps(agreements: Sequence[Agreement]) -> list[Overlap]:
    """Every pair of the region's agreements that can bind the same worker, in file order."""
    found = []
    for a, b in combinations(agreements, 2):
        shared = tuple(area for area in a.covered_areas if area in b.covered_areas)
        if not shared:
            continue
        basis = _basis(a, b)
        if basis is None:
            continue
        found.append(Overlap(a, b, basis[0], shared, _carve_out(a, b), basis[1]))
    return found
