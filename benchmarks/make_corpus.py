"""Generate a synthetic corpus: N regions × 5 agreements, half in Shanxi, half in Jiangsu.

Each region is a copy of contexts/yangquan with its own code and figures nudged per region,
so no two agreements are byte-identical (a real corpus has no duplicates for caches to hit).
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "contexts"
INDUSTRIES = ("manufacturing", "construction", "mining", "hospitality", "housekeeping")


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
    for index in range(regions):
        code = f"r{index:04d}"
        folder = target / code
        folder.mkdir()
        text = region_text.replace("code: yangquan", f"code: {code}")
        text = text.replace("name: 阳泉市", f"name: 合成{index}市")
        bump = 0
        if index % 2:  # Jiangsu: minimum 2490, so lift every figure by 400
            text = text.replace("province: 山西省", "province: 江苏省")
            text = text.replace("province_code: shanxi", "province_code: jiangsu")
            text = text.replace("[阳泉市城区, 阳泉市矿区, 阳泉市郊区, 平定县, 盂县]", "[苏州市]")
            bump = 400
        (folder / "region.yaml").write_text(text, encoding="utf-8")
        for name, body in agreements.items():
            extra = bump + index % 7 * 10

            def lift(match: re.Match[str], extra: int = extra) -> str:
                return f"{match.group(1)}{int(match.group(2)) + extra}"

            body = re.sub(r"(monthly: |base_wage: |: )(\d{4})(?=[,}\s])", lift, body)
            if bump:  # Jiangsu's hourly minimum is 24
                body = re.sub(r"hourly: (\d+)", lambda m: f"hourly: {int(m.group(1)) + 5}", body)
            (folder / f"{name}.yaml").write_text(body, encoding="utf-8")
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--regions", type=int, default=300)
    args = parser.parse_args()
    make_corpus(args.target, args.regions)
    print(f"{args.regions} regions × {len(INDUSTRIES)} agreements → {args.target}")
