"""The site's search index (outputs/search.py, Pagefind) for the all-China corpus.

Builds the synthetic corpus (benchmarks/make_corpus.py: regions in every province the table can
answer for), its records (validation and composition, no file rendered), then the Pagefind
bundle as `skillwage-docs site` writes it: one record per contract with its filters. Prints the
records' count, the index build time and the bundle's size (all files, and what a browser
fetches for one search: the entry, the wasm, the filters and one index chunk on average).

Run: .venv/bin/python benchmarks/bench_search.py [--regions 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from skillwage_docs.outputs.make import make  # noqa: E402
from skillwage_docs.outputs.search import _build_bundle, search_records  # noqa: E402
from skillwage_docs.pipeline.records import read_records  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        contexts = make_corpus(Path(tmp) / "contexts", args.regions)
        out = Path(tmp) / "build"
        regions = sorted(p.name for p in contexts.iterdir() if (p / "region.yaml").is_file())
        started = time.perf_counter()
        # the records only (validation and composition), as the site reads them
        made = make(contexts, out=out, regions=regions, outputs=(), formats=(), keep_going=True)
        records = read_records(out, made.build.agreements)
        composed = time.perf_counter() - started
        found = search_records(records, date(2026, 1, 1))
        root = out / "site"
        root.mkdir(parents=True)
        started = time.perf_counter()
        size = _build_bundle(root, found)
        indexed = time.perf_counter() - started
        bundle = root / "pagefind"
        chunks = list((bundle / "index").glob("*"))
        filters = list((bundle / "filter").glob("*"))
        fixed = sum(
            p.stat().st_size
            for p in bundle.iterdir()
            if p.is_file() and (p.suffix in (".pf_meta", ".pagefind") or p.name == "pagefind.js")
        )
        per_search = fixed + sum(p.stat().st_size for p in filters)
        per_search += sum(p.stat().st_size for p in chunks) // max(1, len(chunks))
        provinces = {r.filters["省份"][0] for r in found}
        print(
            f"{len(found)} contracts in {len(provinces)} provinces ({len(records)} records, "
            f"composed in {composed:.0f} s)\n"
            f"index built in {indexed:.1f} s; bundle {size / 1024 / 1024:.1f} MB in "
            f"{sum(1 for p in bundle.rglob('*') if p.is_file())} files "
            f"({len(chunks)} index chunks, {len(filters)} filter files); "
            f"a first search fetches about {per_search / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
