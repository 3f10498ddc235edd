"""What-if: which agreements a proposed minimum-wage table would break (writes nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from ..checks.checker import Checks
from ..checks.findings import Finding
from ..checks.summaries import AgreementSummary, summarise
from ..inputs.minimum_wage import MinimumWageTable, load_minimum_wages, load_province
from ..inputs.sources import MINIMUM_WAGES, SourceLoader, find_sources

__all__ = ["WhatIfResult", "what_if"]

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

    def to_json(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "compliant": self.compliant,
            "non_compliant": self.non_compliant,
            "warnings": self.warnings,
            "summary": {key: item.to_json() for key, item in self.summaries.items()},
            "warning_agreements": self.warned,
        }


def what_if(contexts: Path, minimum_wage_file: Path, *, strict: bool = False) -> WhatIfResult:
    """Validate every agreement of the province a proposed minimum-wage file describes,
    against that file instead of the current one. Writes nothing."""
    current = load_minimum_wages(contexts / MINIMUM_WAGES)
    proposed = load_province(minimum_wage_file)
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
        raise InputError(
            f"{minimum_wage_file}: 没有合同适用{proposed.wages.province}（province_code: {code}）"
        )
    result.warnings = list(result.warned)
    return result
