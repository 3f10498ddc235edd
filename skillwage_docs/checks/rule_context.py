"""What a rule or hook sees — one agreement and the minimum wages that bind it — and what it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..base.yamlsource import Path_, dotted
from ..inputs.agreement import Agreement
from ..inputs.loader import LoadedAgreement
from ..inputs.minimum_wage import Applicable
from ..text.compose import compose
from ..text.document import Document
from ..text.kinds import CONTRACT
from .config import ProjectConfig
from .findings import Finding, Severity

__all__ = [
    "CONTRACT_RULES",
    "MIN_WAGE_RULES",
    "NOTICE_2024_51",
    "NOTICE_2025_52",
    "Rule",
    "RuleContext",
]

# The documents the built-in rules cite most often.
NOTICE_2024_51 = "人社厅发〔2024〕51号"
NOTICE_2025_52 = "人社厅发〔2025〕52号"
MIN_WAGE_RULES = "《最低工资规定》"
CONTRACT_RULES = "《集体合同规定》"


@dataclass(frozen=True)
class RuleContext:
    """What a rule (or hook) sees: one agreement, the minimum wages that bind it, the other
    agreements of its region that the run knows of and, for the rules that read the text, its
    composed documents by kind (`text/kinds.py`)."""

    loaded: LoadedAgreement
    applicable: Applicable
    later: tuple[Applicable, ...] = ()
    strict: bool = False
    config: ProjectConfig = field(default_factory=ProjectConfig)
    # The other agreements of the same region a rule across agreements compares with
    # (rules_region.py): those of the run, and those a carve-out names (checks/region.py).
    region: tuple[LoadedAgreement, ...] = ()
    # Composed before the rules run (a build composes each document once, for the rules and
    # the writers alike); None: a rule that needs the text composes the contract itself.
    documents: Mapping[str, Document] | None = None

    def texts(self) -> Mapping[str, Document]:
        """The composed documents (filled) by kind: those given, or the contract composed now."""
        if self.documents is not None:
            return self.documents
        return {CONTRACT: compose(self.agreement, minimum=self.applicable)}

    @property
    def agreement(self) -> Agreement:
        return self.loaded.agreement

    @property
    def areas_path(self) -> Path_:
        """Where the covered areas were written (the agreement's own list, or the region's)."""
        return ("areas",) if self.agreement.areas is not None else ("region", "areas")

    def finding(
        self,
        path: Path_,
        message: str,
        *,
        severity: Severity = "error",
        label: str = "",
        figure: Decimal | None = None,
        limit: Decimal | None = None,
        source: str = "",
    ) -> Finding:
        """A finding on the field at `path`, located at the line that wrote it."""
        file, line = self.loaded.source.where(path, self.loaded.path)
        return Finding(
            severity=severity,
            file=Path(file),
            line=line,
            field=dotted(path),
            label=label,
            figure=figure,
            limit=limit,
            source=source,
            message=message,
            agreement=self.agreement.slug,
        )


Rule = Callable[[RuleContext], Iterable[Finding]]
