"""Validation: every rule and hook on every agreement, all findings collected before anyone fails.

The central rule is cross-file: each figure of a context against the minimum-wage table. One
run lists every problem (the CLI exits 1 if any is an error); `strict` turns warnings into
errors, as mkdocs' `--strict` does. A lookup the table cannot answer is an input problem,
named at the agreement field that asked for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..base.errors import InputError, Problem
from ..base.yamlsource import Path_, dotted
from ..inputs.agreement import Agreement
from ..inputs.loader import LoadedAgreement
from ..inputs.minimum_wage import Applicable, MinimumWageTable
from .config import ProjectConfig, load_config
from .findings import Finding, Report
from .hooks import Hook, NamedHook, discover_hooks, named, run_hook
from .region import region_agreements
from .rule_context import RuleContext
from .rules import rules_for

__all__ = ["binding_minimum", "validate"]


def validate(
    loaded: Sequence[LoadedAgreement],
    table: MinimumWageTable,
    *,
    strict: bool = False,
    hooks: Sequence[Hook | NamedHook] | None = None,
    config: ProjectConfig | None = None,
    region: Sequence[LoadedAgreement] | None = None,
) -> Report:
    """Run every rule (and hook) on every agreement; collect all findings, then return.

    `hooks=None` discovers them (entry points and pyproject.toml); a list runs exactly those
    (a build discovers them once with `discover_hooks` and passes them to every call).
    `config=None` reads ./pyproject.toml. `region`: the agreements rules across agreements
    compare with (default: `loaded`; checks/region.py adds those a carve-out names). A
    province, date or area missing from the minimum-wage table is an input problem: all of them
    are gathered and raised as one `InputError`.
    """
    config = config if config is not None else load_config()
    report = Report(strict=strict)
    if hooks is None:
        found, problems = discover_hooks(config, forbidden=_contexts_roots(loaded, table))
        report.findings.extend(problems)
    else:
        found = [named(hook) for hook in hooks]
    missing: list[Problem] = []
    for item in loaded:
        try:
            ctx = _context(item, table, strict, config)
            ctx = replace(ctx, region=region_agreements(item, region or loaded))
        except InputError as err:
            missing.extend(err.problems)
            continue
        report.checked.append(item.agreement.slug)
        report.standards[item.agreement.slug] = ctx.applicable
        report.findings.extend(_check(ctx, found))
    if missing:
        raise InputError(f"{len(missing)} 处查不到适用的最低工资标准，未完成校验", details=missing)
    if strict:
        # --strict: warnings count as errors (mkdocs' strict mode).
        report.findings = [replace(f, severity="error") for f in report.findings]
    return report


def _check(ctx: RuleContext, hooks: Sequence[NamedHook]) -> Iterator[Finding]:
    """Every rule, then every hook, on one agreement; each finding names its rule."""
    slug = ctx.agreement.slug
    for rule in rules_for(ctx.agreement):
        yield from (
            replace(f, rule=f.rule or rule.__name__, agreement=f.agreement or slug)
            for f in rule(ctx)
        )
    for hook in hooks:
        yield from run_hook(hook, ctx)


def binding_minimum(agreement: Agreement, table: MinimumWageTable) -> Applicable:
    """The legal minimum an agreement must clear and its text describes (exclusions, hourly
    standard): the one in force when its term starts, at the highest class it covers."""
    region = agreement.region
    return table.in_force(region.province_code, agreement.covered_areas, agreement.term.start)


def _contexts_roots(loaded: Sequence[LoadedAgreement], table: MinimumWageTable) -> list[Path]:
    """contexts/ folders in play: `contexts/<region>/x.yaml` and `contexts/minimum_wages/`."""
    roots = {item.path.resolve().parent.parent for item in loaded}
    roots |= {item.region_path.resolve().parent.parent for item in loaded}
    roots.add(table.folder.resolve().parent)
    return sorted(roots)


def _context(
    item: LoadedAgreement, table: MinimumWageTable, strict: bool, config: ProjectConfig
) -> RuleContext:
    """Look up the minimums binding one agreement; each failure names the field to fix."""
    agreement = item.agreement
    region = agreement.region
    term = agreement.term
    areas_path = ("areas",) if agreement.areas is not None else ("region", "areas")
    with _blame(item, ("region", "province_code")):
        province = table.province(region.province_code)
    with _blame(item, ("region", "province")):
        if province.wages.province != region.province:
            raise InputError(
                province.problem(
                    "province",
                    message=f"最低工资表 {province.path.name} 是{province.wages.province}的，"
                    f"而合同的 region.province 为 {region.province}",
                )
            )
    with _blame(item, ("term", "start")):
        table.standard_on(region.province_code, term.start)
    with _blame(item, areas_path):
        applicable = table.in_force(region.province_code, agreement.covered_areas, term.start)
        later = table.later_changes(
            region.province_code, agreement.covered_areas, term.start, term.end
        )
    return RuleContext(item, applicable, tuple(later), strict, config)


@contextmanager
def _blame(item: LoadedAgreement, path: Path_) -> Iterator[None]:
    """Name a table error at the agreement field that led to the lookup, the table's own
    location kept inside it."""
    try:
        yield
    except InputError as err:
        file, line = item.source.where(path, item.path)
        blamed = Problem(file=file, line=line, field=dotted(path), cause=err.summary)
        raise InputError(blamed, details=err.problems if err.details else ()) from err
