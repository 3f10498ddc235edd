"""Generate a synthetic corpus: N regions × 5 agreements, drawn from the real minimum-wage files.

Each region is a copy of contexts/yangquan placed in an area the real table can answer for on
the agreements' start date (2025-07-01): a class of a province that lists its areas (山西's
一类/二类/三类 counties, 广东's cities in five classes, 福建's four tiers …), or a real county of
any other province, checked against its highest class (provisionally where it has several).
Provinces whose binding figure is "?" cannot validate an agreement and are left out. Each
region's figures are lifted clear of its own minimum and nudged per region, so no two
agreements are byte-identical (a real corpus has no duplicates for caches to hit).
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "contexts"
INDUSTRIES = ("manufacturing", "construction", "mining", "hospitality", "housekeeping")
START = date(2025, 7, 1)  # the term start of every agreement above
# What contexts/yangquan's figures were written to clear: 一类 of 晋政办发〔2024〕58号.
BASE_MONTHLY = Decimal(2150)
BASE_HOURLY = Decimal("23.2")
YANGQUAN_AREAS = "[阳泉市城区, 阳泉市矿区, 阳泉市郊区, 平定县, 盂县]"


@dataclass(frozen=True)
class Place:
    province_code: str
    province: str
    class_name: str
    areas: tuple[str, ...]
    monthly: Decimal
    hourly: Decimal


def places(contexts: Path = SOURCE, on: date = START) -> list[Place]:
    """Every (province, class) the real table answers for on `on`, with up to three areas."""
    import sys

    sys.path.insert(0, str(ROOT))
    from skillwage_docs.base.errors import InputError
    from skillwage_docs.inputs.divisions import divisions
    from skillwage_docs.inputs.minimum_wage import load_minimum_wages
    from skillwage_docs.inputs.minimum_wage_areas import area_rows

    table = load_minimum_wages(contexts / "minimum_wages")
    found: list[Place] = []
    for code in sorted(table.provinces):
        try:
            index, standard = table.standard_on(code, on)
        except InputError:
            continue  # no standard in force yet on the start date
        rows = area_rows(table.province(code).wages, index)
        if rows is None:
            # No list (or one class): a real county of the province, checked against the
            # highest class (provisionally where the province has several).
            home = divisions().province(table.province(code).wages.province)
            first = divisions().counties(home.code)[0].name if home else "?"
            groups = {standard.classes[0].name: [first]}
        else:
            groups = {}
            for item in rows:
                if not item.row.zone:
                    groups.setdefault(item.row.class_name, []).append(item.row.area)
        for class_name, areas in groups.items():
            chosen = tuple(areas[:3])
            try:
                std = table.in_force(code, list(chosen), on)
            except InputError:
                continue  # a "?" figure: the table cannot answer, so no agreement can pass
            if std.hourly is None:
                continue
            name = table.province(code).wages.province
            found.append(Place(code, name, class_name, chosen, std.monthly, std.hourly))
    return found


def make_corpus(target: Path, regions: int) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(SOURCE / "minimum_wages", target / "minimum_wages")
    region_text = (SOURCE / "yangquan" / "region.yaml").read_text(encoding="utf-8")
    agreements = {
        name: (SOURCE / "yangquan" / f"{name}.yaml").read_text(encoding="utf-8")
        for name in INDUSTRIES
    }
    drawn = places()
    for index in range(regions):
        place = drawn[index % len(drawn)]
        code = f"r{index:04d}"
        folder = target / code
        folder.mkdir()
        text = region_text.replace("code: yangquan", f"code: {code}")
        text = text.replace("name: 阳泉市", f"name: 合成{index}市")
        text = text.replace("province: 山西省", f"province: {place.province}")
        text = text.replace("province_code: shanxi", f"province_code: {place.province_code}")
        text = text.replace(YANGQUAN_AREAS, f"[{', '.join(place.areas)}]")
        if place.province_code != "shanxi":
            # 山西's regulation and its notices are cited in Shanxi texts only (the rule
            # province_documents): elsewhere a text rests on the national documents.
            text = _SHANXI_BASIS.sub("", text)
        (folder / "region.yaml").write_text(text, encoding="utf-8")
        # lift every figure as far above this place's minimum as it was above 阳泉's
        bump = max(0, math.ceil(place.monthly - BASE_MONTHLY)) + index % 7 * 10
        hourly_bump = max(0, math.ceil(place.hourly - BASE_HOURLY))
        for name, body in agreements.items():

            def lift(match: re.Match[str], extra: int = bump) -> str:
                return f"{match.group(1)}{int(match.group(2)) + extra}"

            body = re.sub(r"(monthly: |base_wage: |: )(\d{4})(?=[,}\s])", lift, body)
            if hourly_bump:

                def raise_hourly(match: re.Match[str], extra: int = hourly_bump) -> str:
                    return f"hourly: {int(match.group(1)) + extra}"

                body = re.sub(r"hourly: (\d+)", raise_hourly, body)
            # A carve-out names another contract of 阳泉 (coal) that a synthetic region lacks.
            body = _CARVE_OUTS.sub("", body)
            (folder / f"{name}.yaml").write_text(body, encoding="utf-8")
    return target


_SHANXI_BASIS = re.compile(r"  local_basis:\n(?:    - .*\n)+|  (?:# .*\n  )?skill_assessment_basis: .*\n")
_CARVE_OUTS = re.compile(r"(?:#[^\n]*\n)?carve_outs:\n(?:  .*\n)+")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--regions", type=int, default=300)
    args = parser.parse_args()
    make_corpus(args.target, args.regions)
    print(f"{args.regions} regions × {len(INDUSTRIES)} agreements → {args.target}")
    for place in places():
        print(
            f"  {place.province} {place.class_name}: {'、'.join(place.areas)} "
            f"({place.monthly} 元, {place.hourly} 元/小时)"
        )
