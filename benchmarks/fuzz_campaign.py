"""A long fuzz campaign: thousands of hostile agreement files through the real CLI entry point.

The same generators and oracle as tests/test_fuzz.py (tests/fuzz/), without its small CI
budget: each case is a generated agreement (valid, or carrying deliberate defects) or a valid
one broken at the byte level. Every case must end in a clear input error (exit 2), a clear
validation failure (exit 1), or three faithful documents (exit 0); anything else is a bug and
is saved as a reproducer. Prints, per class of input, how the cases ended.

Run: make fuzz   (or .venv/bin/python benchmarks/fuzz_campaign.py --examples 5000 --jobs 4)
Exit code: 0 when no case found a bug, 1 otherwise.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzz.oracle import Outcome, describe, judge, workspace  # noqa: E402
from tests.fuzz.strategies import Case, agreements, mutated_yaml  # noqa: E402

# The outcomes the oracle (tests/fuzz/oracle.py) counts as correct: a character no font can
# draw refused with its file and line (exit 3) is one of them since issue 13.
CORRECT = ("ok", "input", "validation", "unprintable")


@dataclass
class Tally:
    cases: int = 0
    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    by_class: Counter[tuple[str, str]] = field(default_factory=Counter)
    bugs: list[tuple[str, str, str]] = field(default_factory=list)  # kind, detail, reproducer

    def add(self, other: Tally) -> None:
        self.cases += other.cases
        self.seconds = max(self.seconds, other.seconds)
        self.outcomes.update(other.outcomes)
        self.by_class.update(other.by_class)
        self.bugs.extend(bug for bug in other.bugs if bug not in self.bugs)


def _campaign(args: tuple[int, int, float]) -> Tally:
    """Run `examples` cases with hypothesis seed `seed_value`; never stops at a bug."""
    examples, seed_value, mutated_share = args
    tally = Tally()
    start = time.perf_counter()
    share = min(max(mutated_share, 0.0), 1.0)
    cases = st.floats(0, 1, exclude_max=True).flatmap(
        lambda x: mutated_yaml() if x < share else agreements()
    )

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def one(case: Case) -> None:
        try:
            with workspace() as base:
                outcome = judge(case, base)
        except Exception as err:  # a crash of the pipeline itself is the worst finding
            outcome = Outcome(f"crash:{type(err).__name__}", "exception", traceback.format_exc())
        tally.cases += 1
        tally.outcomes[outcome.kind] += 1
        for name in sorted(case.classes) or ["(none)"]:
            tally.by_class[(name, outcome.kind)] += 1
        if outcome.kind not in CORRECT:
            bug = (outcome.kind, str(outcome.detail)[:2000], describe(case))
            if bug not in tally.bugs:  # hypothesis may draw the same case twice
                tally.bugs.append(bug)
        if tally.cases % 250 == 0:
            rate = tally.cases / (time.perf_counter() - start)
            print(f"  seed {seed_value}: {tally.cases}/{examples} ({rate:.1f}/s)", file=sys.stderr)

    one()
    tally.seconds = time.perf_counter() - start
    return tally


def _print(tally: Tally, wall: float) -> None:
    kinds = [k for k in CORRECT if tally.outcomes[k]] + sorted(
        k for k in tally.outcomes if k not in CORRECT
    )
    print(f"\n{tally.cases} cases in {wall:.0f} s ({tally.cases / max(wall, 1e-9):.1f} cases/s)\n")
    print("outcomes: " + ", ".join(f"{k} {tally.outcomes[k]}" for k in kinds))
    classes = sorted({name for name, _ in tally.by_class})
    width = max(len(name) for name in classes) if classes else 10
    print()
    print(f"{'class of input':<{width}}  " + "  ".join(f"{k:>10}" for k in kinds) + "       all")
    for name in classes:
        counts = [tally.by_class[(name, k)] for k in kinds]
        print(f"{name:<{width}}  " + "  ".join(f"{c:>10}" for c in counts) + f"  {sum(counts):>8}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="cases in all (default 2000)")
    parser.add_argument("--jobs", type=int, default=1, help="parallel processes (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="first hypothesis seed")
    parser.add_argument(
        "--mutated-share", type=float, default=0.3, help="share of byte-mutated files (0–1)"
    )
    parser.add_argument(
        "--save", type=Path, default=ROOT / "build" / "fuzz", help="where bug reproducers go"
    )
    options = parser.parse_args(argv)
    jobs = max(1, options.jobs)
    share = [
        options.examples // jobs + (1 if i < options.examples % jobs else 0) for i in range(jobs)
    ]
    tasks = [(n, options.seed + i, options.mutated_share) for i, n in enumerate(share) if n]
    print(f"fuzz campaign: {options.examples} cases, {len(tasks)} process(es)", file=sys.stderr)
    start = time.perf_counter()
    total = Tally()
    if len(tasks) == 1:
        total.add(_campaign(tasks[0]))
    else:
        with multiprocessing.get_context("spawn").Pool(len(tasks)) as pool:
            for part in pool.imap_unordered(_campaign, tasks):
                total.add(part)
    wall = time.perf_counter() - start
    _print(total, wall)
    if total.bugs:
        options.save.mkdir(parents=True, exist_ok=True)
        print(f"\n{len(total.bugs)} bug(s); reproducers in {options.save}:")
        for index, (kind, detail, reproducer) in enumerate(total.bugs):
            path = options.save / f"bug-{index:03d}-{kind.replace(':', '-')}.txt"
            path.write_text(f"{kind}\n{detail}\n\n{reproducer}\n", encoding="utf-8")
            if index < 10:
                print(f"  {path.name}: {detail.splitlines()[0] if detail else ''}"[:200])
        return 1
    print("\nno bugs found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
