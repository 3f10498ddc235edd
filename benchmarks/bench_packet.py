"""What the bargaining packet adds to a cold build (issue 14).

Builds the 阳泉 contexts cold, as `make contracts REGION=yangquan` does (all three formats, the
blank model texts, the read-back check on), once without the packet (`--no-packet`) and once
with it, each into a fresh folder, and prints both wall times, their ratio and the file counts.

Run: .venv/bin/python benchmarks/bench_packet.py [--contexts contexts] [--region yangquan] [--jobs 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skillwage_docs.pipeline.build import build  # noqa: E402


def cold(contexts: Path, region: str, jobs: int, packet: bool) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "build"
        start = time.perf_counter()
        build(contexts, out=out, regions=[region], blank=True, packet=packet, jobs=jobs)
        seconds = time.perf_counter() - start
        files = sum(1 for path in (out / region).iterdir() if path.is_file())
    return seconds, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contexts", type=Path, default=ROOT / "contexts")
    parser.add_argument("--region", default="yangquan")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    bare, bare_files = cold(args.contexts, args.region, args.jobs, packet=False)
    full, full_files = cold(args.contexts, args.region, args.jobs, packet=True)
    print(f"cold build {args.region}, {args.jobs} workers, docx+html+pdf, blank, read-back on")
    print(f"  contract only (--no-packet): {bare:6.1f} s  {bare_files:4d} files")
    print(f"  with the packet (default):   {full:6.1f} s  {full_files:4d} files")
    print(f"  ratio {full / bare:.1f}×, the packet adds {full - bare:.1f} s")


if __name__ == "__main__":
    main()
