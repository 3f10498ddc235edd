"""The approval of a draft, counted: each recorded vote against 《集体合同规定》第三十六条's
majorities, and the votes together against the route and threshold the contract states
(`Agreement.approval`, choices.Approval).

One place for the count, so the contract text, the resolution, the 情况说明 of the filing
letter and the rule that checks the record (checks/rules_approval.py) cannot disagree. Nothing
is assumed: a missing count leaves the verdict unknown (None), never passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .agreement import Agreement
from .bargaining import Assembly

__all__ = ["Tally", "Vote", "tally", "threshold_met", "vote"]


@dataclass(frozen=True)
class Vote:
    """One 审议 against 《集体合同规定》第三十六条: at least two thirds present, and at least half
    of all representatives (or staff) in favour. "以上" includes the number itself
    (《中华人民共和国民法典》第一千二百五十九条), so exactly two thirds present, or exactly half in
    favour, meets the article; None where a count is missing."""

    assembly: Assembly
    quorum: bool | None
    majority: bool | None

    @property
    def passed(self) -> bool | None:
        if self.quorum is False or self.majority is False:
            return False
        if self.quorum is None or self.majority is None:
            return None
        return True

    @property
    def people(self) -> str:
        """职工代表 or 职工: whom the counts count."""
        return "职工代表" if self.assembly.form == "职工代表大会" else "职工"


def vote(assembly: Assembly) -> Vote:
    total, present, favour = assembly.delegates, assembly.present, assembly.in_favour
    quorum = None if total is None or present is None else present * 3 >= total * 2
    majority = None if total is None or favour is None else favour * 2 >= total
    return Vote(assembly, quorum, majority)


def threshold_met(threshold: str, part: int, whole: int) -> bool:
    """过半数: strictly more than half; 三分之二以上: two thirds or more."""
    if threshold == "过半数":
        return part * 2 > whole
    return part * 3 >= whole * 2


@dataclass(frozen=True)
class Tally:
    """The recorded votes of one agreement under its approval route.

    `enterprise_votes` are the votes of single enterprises (企业分别审议), `assembly_votes` those
    of a 行业（区域）职工代表大会. For the enterprise route `workers_passed` sums the workers of
    the enterprises whose vote passed (None when one of them has no headcount on record), and
    `met` says whether that clears the threshold of `covered_workers` (None: cannot be said).
    """

    route: str
    threshold: str
    assembly_votes: tuple[Vote, ...]
    enterprise_votes: tuple[Vote, ...]
    covered_workers: int | None
    workers_passed: int | None

    @property
    def passed(self) -> tuple[Vote, ...]:
        return tuple(v for v in self.enterprise_votes if v.passed is True)

    @property
    def share(self) -> Decimal | None:
        """The workers of the passing enterprises as a percentage of the covered workers."""
        if self.workers_passed is None or not self.covered_workers:
            return None
        share = Decimal(self.workers_passed) * 100 / Decimal(self.covered_workers)
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        if self.route != "企业分别审议":
            return None
        if self.workers_passed is None or self.covered_workers is None:
            return None
        return threshold_met(self.threshold, self.workers_passed, self.covered_workers)


def tally(agreement: Agreement) -> Tally:
    assemblies = agreement.procedure.assemblies
    votes = [vote(a) for a in assemblies]
    by_enterprise = tuple(v for v in votes if v.assembly.enterprise is not None)
    passed = [v for v in by_enterprise if v.passed is True]
    heads = [v.assembly.headcount for v in passed]
    workers = None if any(h is None for h in heads) else sum(h for h in heads if h is not None)
    return Tally(
        route=agreement.approval.route,
        threshold=agreement.approval.threshold,
        assembly_votes=tuple(v for v in votes if v.assembly.enterprise is None),
        enterprise_votes=by_enterprise,
        covered_workers=agreement.covered_workers,
        workers_passed=workers,
    )
