"""`what-if` on a projected national rise: every province's minimum +8 % from 2026-01-01.

Builds the synthetic corpus (benchmarks/make_corpus.py: regions drawn from the real province
files), writes for each province in it a proposed file — the real file plus a standard from
2026-01-01 with every known figure × 1.08 (monthly to the yuan, hourly to 0.1 元; "?" stays
"?") — and runs `what_if` on each, as a union would after a rumoured rise. Prints how many
agreements break per province (at the start date, or overtaken during the term) and the time.

Run: .venv/bin/python benchmarks/bench_what_if.py [--regions 300] [--rise 8]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from skillwage_docs.outputs.what_if import what_if  # noqa: E402

EFFECTIVE = "2026-01-01"


def _scaled(value: Any, factor: Decimal, step: str) -> Any:
    if value is None:
        return None
    return float((Decimal(str(value)) * factor).quantize(Decimal(step), rounding=ROUND_HALF_UP))


def proposed_file(real: Path, target: Path, rise_percent: int) -> Path:
    """The real province file plus a projected standard: the latest one's figures × (1 + rise)."""
    data = yaml.safe_load(real.read_text(encoding="utf-8"))
    latest = data["standards"][-1]
    factor = 1 + Decimal(rise_percent) / 100
    classes = []
    for row in latest["classes"]:
        classes.append(
            {
                "name": row["name"],
                **({"tier": row["tier"]} if "tier" in row else {}),
                "monthly": _scaled(row["monthly"], factor, "1"),
                "hourly": _scaled(row["hourly"], factor, "0.1"),
                "mark": {
                    "monthly": "S" if row["monthly"] is not None else "?",
                    "hourly": "S" if row["hourly"] is not None else "?",
                },
            }
        )
    projected: dict[str, Any] = {
        "effective": EFFECTIVE,
        "effective_mark": "S",
        "seen_in": f"基准测试：假设全国最低工资上调 {rise_percent}%（不是数据）",
        "classes": classes,
    }
    if latest.get("areas"):
        projected["areas_url"] = latest.get("areas_url") or "https://example.org/projection"
        projected["areas"] = latest["areas"]
    data["standards"].append(projected)
    target.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--rise", type=int, default=8, help="percent")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skillwage-whatif-") as tmp:
        contexts = make_corpus(Path(tmp) / "contexts", args.regions)
        provinces = Counter(
            yaml.safe_load((folder / "region.yaml").read_text(encoding="utf-8"))["region"][
                "province_code"
            ]
            for folder in contexts.iterdir()
            if (folder / "region.yaml").is_file()
        )
        count = args.regions * 5
        print(
            f"corpus: {args.regions} regions × 5 = {count} agreements in {len(provinces)} "
            f"provinces; projected rise {args.rise} % from {EFFECTIVE}\n"
        )
        print(f"{'province':<14}{'agreements':>11}{'break':>7}{'share':>8}{'time':>9}")
        total_time = 0.0
        total_broken = 0
        for code in sorted(provinces):
            real = contexts / "minimum_wages" / f"{code}.yaml"
            proposed = proposed_file(real, Path(tmp) / f"{code}-proposed.yaml", args.rise)
            start = time.perf_counter()
            result = what_if(contexts, proposed)
            seconds = time.perf_counter() - start
            total_time += seconds
            checked = len(result.compliant) + len(result.non_compliant)
            broken = len(result.non_compliant)
            total_broken += broken
            print(f"{code:<14}{checked:>11}{broken:>7}{broken / checked:>8.0%}{seconds:>8.2f}s")
        print(
            f"{'all':<14}{count:>11}{total_broken:>7}{total_broken / count:>8.0%}"
            f"{total_time:>8.2f}s  ({total_time / count * 1000:.1f} ms an agreement)"
        )


if __name__ == "__main__":
    main()
