"""`what-if` on a projected national rise: every province's minimum +8 % from 2027-01-01.

Builds the synthetic corpus (benchmarks/make_corpus.py: regions drawn from the real province
files) and asks, for each province in it, what a union would after a rumoured rise:
`what-if --province CODE --rise 8% --from 2027-01-01` (the proposal derived from the standard in
force, hourly figures in proportion). Prints how many agreements break per province (at the
start date, or overtaken during the term) and the time; a province whose figure is unknown
("?") cannot be raised and is named.

Run: .venv/bin/python benchmarks/bench_what_if.py [--regions 300] [--rise 8]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from skillwage_docs.base.errors import InputError  # noqa: E402
from skillwage_docs.outputs.what_if import what_if_proposal  # noqa: E402

EFFECTIVE = date(2027, 1, 1)


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
        total_broken = total_checked = 0
        for code in sorted(provinces):
            # `what-if --province CODE --rise N% --from 2027-01-01`: the proposal derived from
            # the standard in force, hourly figures in proportion (issue 23 point 8)
            start = time.perf_counter()
            try:
                result = what_if_proposal(contexts, code, EFFECTIVE, rise=Decimal(args.rise) / 100)
            except InputError as err:  # a figure the table lacks ("?"): nothing to raise
                print(f"{code:<14}{'—':>11}  （{err.message[:40]}）")
                continue
            seconds = time.perf_counter() - start
            total_time += seconds
            checked = len(result.compliant) + len(result.non_compliant)
            broken = len(result.non_compliant)
            total_broken += broken
            total_checked += checked
            print(f"{code:<14}{checked:>11}{broken:>7}{broken / checked:>8.0%}{seconds:>8.2f}s")
        print(
            f"{'all':<14}{total_checked:>11}{total_broken:>7}{total_broken / max(1, total_checked):>8.0%}"
            f"{total_time:>8.2f}s  ({total_time / max(1, total_checked) * 1000:.1f} ms an agreement)"
        )


if __name__ == "__main__":
    main()
