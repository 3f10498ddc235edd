"""What-if: which agreements a proposed minimum-wage table would break (writes nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from ..checks.checker import Checks
from ..checks.findings import Finding
from ..checks.summaries import AgreementSummary, summarise
from ..inputs.minimum_wage import (
    MinimumWageTable,
    ProvinceTable,
    load_minimum_wages,
    load_province,
)
from ..inputs.sources import MINIMUM_WAGES, SourceLoader, find_sources
from .what_if_proposal import propose

__all__ = ["WhatIfResult", "what_if", "what_if_proposal", "what_if_table"]

# Under a proposed table, a standard that overtakes a figure during the term is exactly what
# the question is about: it counts as a breach here, not as the usual warning.
_BREACH_RULES = {"later_minimums"}


@dataclass
class WhatIfResult:
    """Which agreements a proposed minimum-wage table would break."""

    province: str
    compliant: list[str] = field(default_factory=list)
    non_compliant: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # For the readable report (summaries.py): the structured breaches and summary of every
    # agreement checked, and which agreements each warning line concerns.
    breaches: dict[str, list[Finding]] = field(default_factory=dict)
    summaries: dict[str, AgreementSummary] = field(default_factory=dict)
    warned: dict[str, list[str]] = field(default_factory=dict)
    # How a proposal given by options was derived, one line per class (empty for a file).
    proposal: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "compliant": self.compliant,
            "non_compliant": self.non_compliant,
            "warnings": self.warnings,
            "summary": {key: item.to_json() for key, item in self.summaries.items()},
            "warning_agreements": self.warned,
            "proposal": self.proposal,
        }


def what_if(contexts: Path, minimum_wage_file: Path, *, strict: bool = False) -> WhatIfResult:
    """Validate every agreement of the province a proposed minimum-wage file describes,
    against that file instead of the current one. Writes nothing."""
    current = load_minimum_wages(contexts / MINIMUM_WAGES)
    proposed = load_province(minimum_wage_file)
    return what_if_table(contexts, current, proposed, minimum_wage_file, strict=strict)


def what_if_proposal(
    contexts: Path,
    province: str,
    start: date,
    *,
    rise: Decimal | None = None,
    monthly: Mapping[str, Decimal] | None = None,
    strict: bool = False,
) -> WhatIfResult:
    """`what-if --province shanxi --rise 8% --from 2027-01-01`: the proposal derived from the
    standard in force (what_if_proposal.py), then the same question. Writes nothing."""
    current = load_minimum_wages(contexts / MINIMUM_WAGES)
    proposal = propose(current, province, start, rise=rise, monthly=monthly)
    result = what_if_table(contexts, current, proposal.table, proposal.table.path, strict=strict)
    result.proposal = list(proposal.lines)
    return result


def what_if_table(
    contexts: Path,
    current: MinimumWageTable,
    proposed: ProvinceTable,
    where: Path,
    *,
    strict: bool = False,
) -> WhatIfResult:
    """Every agreement of `proposed`'s province validated against it instead of the table."""
    code = proposed.wages.province_code
    table = MinimumWageTable({**current.provinces, code: proposed}, current.folder)
    result = WhatIfResult(province=proposed.wages.province)
    load = SourceLoader()
    checks = Checks.load(contexts, strict=strict, table=table)
    checks.require_hooks()
    for source in find_sources(contexts, None):
        loaded = load(source)
        if loaded.agreement.region.province_code != code:
            continue
        report = checks.validate([loaded])
        breaches = report.errors + [f for f in report.warnings if f.rule in _BREACH_RULES]
        for finding in report.warnings:  # ordered, each region-level line once
            if finding.rule not in _BREACH_RULES:
                result.warned.setdefault(finding.render(), []).append(source.key)
        if breaches:
            result.non_compliant[source.key] = [f.render() for f in breaches]
        else:
            result.compliant.append(source.key)
        result.breaches[source.key] = breaches
        start = report.standards[loaded.agreement.slug]
        result.summaries[source.key] = summarise(source.key, loaded, breaches, start, table)
    if not result.compliant and not result.non_compliant:
        raise InputError(f"{where}: 没有合同适用{proposed.wages.province}（province_code: {code}）")
    result.warnings = list(result.warned)
    return result
