"""Bulk regeneration at scale: cold build, no-op rebuild, one province's minimum wage changed.

Generates a synthetic corpus (benchmarks/make_corpus.py: N regions × 5 agreements, drawn from
the real minimum-wage files), builds it in all three formats with the blank model texts, on all
cores with the read-back check on, and prints our wall time beside the bare engines' time for
the same renders (measured in this run, one core, divided by the number of workers) as a ratio,
plus the parent's peak memory and how many distinct blank texts the corpus has.

Run: .venv/bin/python benchmarks/bench_build.py [--regions 2850] [--jobs 2] [--no-verify]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_render import distinct_agreements, engines, median_ms  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

from skillwage_docs.pipeline.build import BuildResult, build  # noqa: E402

T = TypeVar("T")
FORMATS = ("docx", "html", "pdf")


def parent_peak_mb() -> float:
    """Peak resident memory of this process (the build's parent), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed(label: str, function: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    print(f"{label:<52}{seconds:>9.2f} s", flush=True)
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=2850)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=15, help="renders per format, bare time")
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
            f"corpus: {args.regions} regions × 5 = {count} agreements, 3 formats + blanks; "
            f"{args.jobs} workers; {checked}\n",
            flush=True,
        )

        def run() -> BuildResult:
            return build(contexts, out=out, jobs=args.jobs, verify=args.verify, blank=True)

        cold, result = timed(f"cold build ({count} × 3 formats + 3 blanks)", run)
        assert len(result.rebuilt) == count * 6, len(result.rebuilt)
        blanks, blank_renders = result.blank_texts, result.blanks_rendered
        memory_cold = parent_peak_mb()
        noop, result = timed("no-op rebuild", run)
        assert not result.rebuilt
        guangdong = contexts / "minimum_wages" / "guangdong.yaml"
        guangdong.write_text(guangdong.read_text(encoding="utf-8") + "\n# 修订\n", encoding="utf-8")
        changed, result = timed("rebuild after 广东's table changed", run)
        rebuilt = len(result.rebuilt)
        memory = parent_peak_mb()
        worker = worker_peak_mb()

    sample = distinct_agreements(args.rounds + 1)
    bare, _ours = engines(sample)
    per_doc = {fmt: median_ms(bare[fmt], args.rounds) for fmt in FORMATS}
    engine_ms = sum(per_doc.values())
    renders = count + blanks  # documents we render: every filled text, each distinct blank once
    bare_cold = engine_ms * renders / 1000 / args.jobs
    bare_all = engine_ms * 2 * count / 1000 / args.jobs

    print(f"  → {rebuilt} files rebuilt ({rebuilt // 6} agreements, 广东 only)\n")
    print(
        f"distinct blank texts:       {blanks} ({blank_renders} blank files rendered, the rest linked)"
    )
    print(
        "bare engines per document:  "
        + " + ".join(f"{fmt} {ms:.1f}" for fmt, ms in per_doc.items())
        + f" = {engine_ms:.1f} ms (one core)"
    )
    print(f"ours per agreement:         {cold / count * args.jobs * 1000:.1f} ms a core, all in")
    print(
        f"cold build vs bare engines: {cold:.1f} s vs {bare_cold:.1f} s "
        f"({renders} documents × 3 formats on {args.jobs} cores) → {cold / bare_cold:.2f}x"
    )
    print(f"  (every blank rendered, as without content addressing: bare {bare_all:.1f} s)")
    print(f"no-op rebuild:              {noop:.2f} s for {count} agreements")
    print(f"one province changed:       {changed:.1f} s")
    print(
        f"peak memory:                parent {memory:.0f} MB (after the cold build {memory_cold:.0f} MB), largest worker {worker:.0f} MB"
    )


if __name__ == "__main__":
    main()
