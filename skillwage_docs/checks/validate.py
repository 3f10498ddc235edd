"""Validation: every rule and hook on every agreement, all findings collected before anyone fails.

The central rule is cross-file: each figure of a context against the minimum-wage table. One
run lists every problem (the CLI exits 1 if any is an error); `strict` turns warnings into
errors, as mkdocs' `--strict` does. A lookup the table cannot answer is an input problem,
named at the agreement field that asked for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..base.errors import InputError
from ..base.yamlsource import Path_, dotted
from ..inputs.agreement import Agreement
from ..inputs.loader import LoadedAgreement
from ..inputs.minimum_wage import Applicable, MinimumWageTable
from ..text.document import Document
from .config import ProjectConfig, load_config
from .findings import Finding, Report
from .hooks import Hook, NamedHook, discover_hooks, named, run_hook
from .region import region_agreements
from .rule_context import RuleContext
from .rules import rules_for

__all__ = ["binding_minimum", "check", "finish", "rule_contexts", "validate"]


def validate(
    loaded: Sequence[LoadedAgreement],
    table: MinimumWageTable,
    *,
    strict: bool = False,
    hooks: Sequence[Hook | NamedHook] | None = None,
    config: ProjectConfig | None = None,
    documents: Mapping[str, Mapping[str, Document]] | None = None,
    region: Sequence[LoadedAgreement] | None = None,
) -> Report:
    """Run every rule (and hook) on every agreement; collect all findings, then return.

    `hooks=None` discovers them (entry points and pyproject.toml); a list runs exactly those
    (a build loads them once, `Checks`, and passes them to every call). `config=None` reads
    ./pyproject.toml. `documents`, per agreement slug: its composed documents by kind, which
    the rules that read the text (citations) take as they are; without them those rules
    compose the text themselves. `region`: the agreements rules across agreements compare with
    (default: `loaded`; checks/region.py adds those a carve-out names). A province, date or
    area missing from the minimum-wage table is an input problem: all of them are gathered
    and raised as one `InputError`.
    """
    config = config if config is not None else load_config()
    report = Report(strict=strict)
    if hooks is None:
        found, problems = discover_hooks(config, forbidden=_contexts_roots(loaded, table))
        report.findings.extend(problems)
    else:
        found = [named(hook) for hook in hooks]
    contexts = rule_contexts(loaded, table, strict=strict, config=config, region=region)
    for ctx in contexts:
        composed = (documents or {}).get(ctx.agreement.slug)
        check(replace(ctx, documents=composed) if composed else ctx, found, report)
    return finish(report)


def rule_contexts(
    loaded: Sequence[LoadedAgreement],
    table: MinimumWageTable,
    *,
    strict: bool = False,
    config: ProjectConfig | None = None,
    region: Sequence[LoadedAgreement] | None = None,
) -> list[RuleContext]:
    """What each agreement is checked against: the minimum binding it and those taking effect
    later in its term, each looked up once, and the other agreements of its region (those of
    `region`, default `loaded`, and any its carve-outs name); every lookup the table cannot
    answer is gathered and raised as one `InputError`, named at the field that asked for it."""
    config = config if config is not None else ProjectConfig()
    contexts, missing = [], []
    for item in loaded:
        try:
            ctx = _context(item, table, strict, config)
            contexts.append(replace(ctx, region=region_agreements(item, region or loaded)))
        except InputError as err:
            missing.extend(err.findings)
    if missing:
        raise InputError(f"{len(missing)} 处查不到适用的最低工资标准，未完成校验", details=missing)
    return contexts


def check(ctx: RuleContext, hooks: Sequence[NamedHook], report: Report) -> None:
    """Every rule and hook on one agreement, into `report` (with what it was checked against)."""
    slug = ctx.agreement.slug
    report.checked.append(slug)
    report.standards[slug] = ctx.applicable
    report.later[slug] = ctx.later
    report.findings.extend(_check(ctx, hooks))


def finish(report: Report) -> Report:
    if report.strict:
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
        blamed = Finding(file=file, line=line, field=dotted(path), cause=err.summary)
        raise InputError(blamed, details=err.findings if err.details else ()) from err
