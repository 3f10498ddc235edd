"""`Checks`: what validation checks against, loaded once — the minimum-wage tables, the
project's configuration and its hooks — and handed to every validation of a run (the build's
jobs, what-if, the wizard, doctor, `validate`).

It replaces the "config + hooks + raise if a hook cannot load" sequence each of those wrote
for itself. The tables load on first use: a no-op build only needs `digest`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..base.errors import ValidationFailed
from ..base.findings import Finding
from ..inputs.loader import LoadedAgreement
from ..inputs.minimum_wage import MinimumWageTable, load_minimum_wages
from ..inputs.sources import MINIMUM_WAGES, sha
from ..text.compose import compose
from ..text.document import Document
from .config import ProjectConfig, load_config
from .findings import Report
from .hooks import NamedHook, discover_hooks
from .rule_context import RuleContext
from .validate import check, finish, rule_contexts

__all__ = ["Checks"]


@dataclass(frozen=True)
class Checks:
    """The tables, configuration and hooks of one run; `strict` counts warnings as errors."""

    contexts: Path
    config: ProjectConfig
    hooks: tuple[NamedHook, ...]
    # Entry points that failed to load: error findings in every report (never a traceback).
    hook_findings: tuple[Finding, ...] = ()
    strict: bool = False
    given_table: MinimumWageTable | None = field(default=None, repr=False)

    @classmethod
    def load(
        cls,
        contexts: Path,
        *,
        strict: bool = False,
        config: ProjectConfig | None = None,
        table: MinimumWageTable | None = None,
    ) -> Checks:
        """The project's checks for `contexts/`. A hook the project names and that cannot
        load stops the run before any work (exit 1), each at its line of pyproject.toml;
        hooks are never imported from inside `contexts/` (data from other hands)."""
        config = config if config is not None else load_config()
        hooks, broken = discover_hooks(config, forbidden=[contexts])
        return cls(contexts, config, tuple(hooks), tuple(broken), strict, table)

    @cached_property
    def table(self) -> MinimumWageTable:
        if self.given_table is not None:
            return self.given_table
        return load_minimum_wages(self.contexts / MINIMUM_WAGES)

    @property
    def digest(self) -> str:
        """What validation depends on beyond the input files: --strict, the hooks and the
        ratios configured (a change re-validates every agreement, `plan.py`)."""
        floors = sorted((name, str(ratio)) for name, ratio in self.config.category_floors.items())
        return sha(
            str(self.strict).encode(),
            repr((self.config.hooks, floors)).encode(),
            *(hook.name.encode() for hook in self.hooks),
        )

    def require_hooks(self) -> None:
        """Refuse the run when an installed hook failed to load (a build must not publish what
        a hook it was told to run never saw)."""
        if self.hook_findings:
            raise ValidationFailed("校验钩子无法加载", details=self.hook_findings)

    def contexts_of(self, loaded: Sequence[LoadedAgreement]) -> list[RuleContext]:
        """Each agreement with the minimums binding it, looked up once (`InputError` naming
        the field when the table cannot answer)."""
        return rule_contexts(loaded, self.table, strict=self.strict, config=self.config)

    def check(self, contexts: Sequence[RuleContext]) -> Report:
        """Every rule and hook on each context (with its composed documents, if given)."""
        report = Report(strict=self.strict, findings=list(self.hook_findings))
        for ctx in contexts:
            check(ctx, self.hooks, report)
        return finish(report)

    def validate(
        self,
        loaded: Sequence[LoadedAgreement],
        documents: Mapping[str, Mapping[str, Document]] | None = None,
        *,
        kinds: Sequence[str] = (),
    ) -> Report:
        """Look up, then check every agreement. `documents` by slug, as `validate` takes; or
        `kinds`: compose these document kinds (the contract, the packet's papers) for the rules
        that read the text, as a build does (without either, they read the contract alone)."""
        contexts = self.contexts_of(loaded)
        given = dict(documents or {})
        for ctx in contexts:
            if kinds and ctx.agreement.slug not in given:
                given[ctx.agreement.slug] = {
                    kind: compose(ctx.agreement, minimum=ctx.applicable, kind=kind)
                    for kind in kinds
                }
        return self.check(
            [replace(ctx, documents=given.get(ctx.agreement.slug)) for ctx in contexts]
        )
