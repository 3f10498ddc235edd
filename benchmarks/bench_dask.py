"""The Dask executor beside the local process pool (issue 24 point 10): the same cold build
(contract and packet, HTML and PDF, blank texts, read-back on) of a synthetic corpus, once on
the local pool and once on a `distributed.LocalCluster` with as many worker processes, each
into a fresh folder; prints both wall times and their ratio. A real cluster adds the shared
storage's latency; what this measures is the scheduler's cost on one machine.

Run: .venv/bin/python benchmarks/bench_dask.py [--regions 4] [--jobs 2]   (needs [dask])
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from skillwage_docs.pipeline.build import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    from distributed import LocalCluster

    options = {"formats": ("html", "pdf"), "blank": True, "packet": True}
    with tempfile.TemporaryDirectory(prefix="skillwage-dask-") as tmp:
        contexts = make_corpus(Path(tmp) / "contexts", args.regions).absolute()
        start = time.perf_counter()
        local = build(contexts, out=Path(tmp) / "local", jobs=args.jobs, **options)
        pool = time.perf_counter() - start
        with LocalCluster(
            n_workers=args.jobs, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            address = "dask://" + cluster.scheduler_address.split("://", 1)[1]
            start = time.perf_counter()
            remote = build(contexts, out=Path(tmp) / "dask", executor=address, **options)
            dask = time.perf_counter() - start
    assert sorted(local.rebuilt) == sorted(remote.rebuilt)
    count = args.regions * 5
    print(f"{count} agreements, {len(local.rebuilt)} files, {args.jobs} workers")
    print(f"local process pool:   {pool:7.1f} s")
    print(f"Dask LocalCluster:    {dask:7.1f} s  → {dask / pool:.2f}x the local pool")


if __name__ == "__main__":
    main()
