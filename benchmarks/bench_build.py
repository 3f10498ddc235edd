"""Bulk regeneration at scale: cold build, no-op rebuild, one province's minimum wage changed.

Generates a synthetic corpus (benchmarks/make_corpus.py: N regions × 5 agreements, drawn from
the real minimum-wage files: 广东, 上海, 山西, 新疆, 西藏), builds it in all three formats on all cores, and prints our wall
time beside the bare engines' time for the same documents (measured in this run, one core,
divided by the number of workers) as a ratio, plus peak memory.

Run: .venv/bin/python benchmarks/bench_build.py [--regions 300] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_render import distinct_agreements, engines, median_ms  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

from skillwage_docs.build import build  # noqa: E402


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of the largest worker, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def timed(label: str, function: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:<44}{seconds:>9.2f} s")
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--rounds", type=int, default=15, help="renders per format for the bare time"
    )
    parser.add_argument(
        "--no-verify", dest="verify", action="store_false", help="skip reading outputs back"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="skillwage-bench-") as tmp:
        contexts = make_corpus(Path(tmp) / "contexts", args.regions)
        out = Path(tmp) / "build"
        count = args.regions * 5
        checked = "outputs read back and checked" if args.verify else "no read-back check"
        print(
            f"corpus: {args.regions} regions × 5 = {count} agreements; {args.jobs} workers; {checked}\n"
        )

        cold, result = timed(
            f"cold build ({count} × docx+html+pdf)",
            lambda: build(contexts, out=out, jobs=args.jobs, verify=args.verify),
        )
        assert len(result.rebuilt) == count * 3, len(result.rebuilt)  # type: ignore[attr-defined]
        noop, result = timed(
            "no-op rebuild", lambda: build(contexts, out=out, jobs=args.jobs, verify=args.verify)
        )
        assert not result.rebuilt  # type: ignore[attr-defined]
        guangdong = contexts / "minimum_wages" / "guangdong.yaml"
        guangdong.write_text(guangdong.read_text(encoding="utf-8") + "\n# 修订\n", encoding="utf-8")
        _changed, result = timed(
            "rebuild after Guangdong's table changed",
            lambda: build(contexts, out=out, jobs=args.jobs, verify=args.verify),
        )
        rebuilt = len(result.rebuilt)  # type: ignore[attr-defined]
        own, worker = peak_mb()

        sample = distinct_agreements(args.rounds + 1)
        bare, _ours = engines(sample)
        per_doc_bare = {fmt: median_ms(bare[fmt], args.rounds) for fmt in bare}
        engine_ms = sum(per_doc_bare.values())
        bare_cold = engine_ms * count / 1000 / args.jobs

    print(f"  → {rebuilt} files rebuilt ({rebuilt // 3} agreements, Guangdong only)\n")
    print(f"per agreement, 3 formats:   ours {cold / count * args.jobs * 1000:6.1f} ms a core")
    print(
        "                            bare engines "
        + " + ".join(f"{fmt} {ms:.1f}" for fmt, ms in per_doc_bare.items())
        + f" = {engine_ms:.1f} ms"
    )
    print(
        f"cold build vs bare engines: {cold:.1f} s vs {bare_cold:.1f} s → {cold / bare_cold:.2f}x"
    )
    print(
        f"throughput:                 {count / cold:.0f} agreements/s, {3 * count / cold:.0f} files/s"
    )
    print(f"no-op rebuild:              {noop * 1000:.0f} ms for {count} agreements")
    print(f"peak memory:                parent {own:.0f} MB, largest worker {worker:.0f} MB")


if __name__ == "__main__":
    main()
