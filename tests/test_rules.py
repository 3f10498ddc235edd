"""Validation rules: each has a failing and a passing case named after it
(`test_<rule>_fails…` or `test_<rule>_warns…`, and `test_<rule>_passes…`, checked by
`test_every_rule_has_a_failing_and_a_passing_case`); every failure names file:line, field,
figure, the minimum it broke and that minimum's source. Then the project config and hooks."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillwage_docs.base.errors import InputError
from skillwage_docs.base.figures import yuan
from skillwage_docs.checks import hooks
from skillwage_docs.checks.config import DEFAULT_CATEGORY_FLOORS, ProjectConfig, load_config
from skillwage_docs.checks.findings import Finding, Report
from skillwage_docs.checks.hooks import ENTRY_POINT_GROUP, Hook
from skillwage_docs.checks.rule_context import RuleContext
from skillwage_docs.checks.rules import all_rules
from skillwage_docs.checks.validate import validate
from skillwage_docs.inputs.loader import LoadedAgreement, load_agreements
from skillwage_docs.inputs.minimum_wage import load_minimum_wages

from .conftest import CONTEXTS

TABLE = load_minimum_wages(CONTEXTS / "minimum_wages")
REAL = load_agreements(CONTEXTS, "yangquan")
NO_HOOKS: list[Hook] = []

LATER_STANDARD = """
  - effective: 2026-09-01
    effective_mark: V
    document: 晋政发〔2026〕测试号
    url: https://example.org/test
    classes:
      - {name: 一类, monthly: 2600, hourly: 27, mark: V}
    areas_url: https://example.org/test
    areas:
      - {area: 阳泉市城区, class: 一类, mark: V}
      - {area: 阳泉市矿区, class: 一类, mark: V}
      - {area: 阳泉市郊区, class: 一类, mark: V}
      - {area: 平定县, class: 一类, mark: V}
      - {area: 盂县, class: 一类, mark: V}
"""


def check(contexts: Path, *, strict: bool = False, config: ProjectConfig | None = None) -> Report:
    loaded = load_agreements(contexts, "yangquan")
    table = load_minimum_wages(contexts / "minimum_wages")
    return validate(loaded, table, strict=strict, hooks=NO_HOOKS, config=config or ProjectConfig())


def run_cli(contexts: Path, *args: str) -> tuple[int, str]:
    """`skillwage-docs --contexts … args` through the real entry point (`cli.main`)."""
    from click.testing import CliRunner

    from .test_cli import _entry

    result = CliRunner().invoke(
        _entry, ["--contexts", str(contexts), *args], catch_exceptions=False
    )
    return result.exit_code, result.output


def by_rule(report: Report, rule: str, slug: str | None = None) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule and (slug is None or f.agreement == slug)]


def text_at(location: str) -> str:
    file, line = location.rsplit(":", 1)
    path = Path(file) if Path(file).is_absolute() else CONTEXTS.parent / file
    return path.read_text(encoding="utf-8").splitlines()[int(line) - 1]


def assert_names_everything(finding: Finding, on_line: str) -> None:
    """A failure line carries file:line, field, figure, limit and source."""
    line = finding.render()
    assert line.startswith(f"{finding.location()}: {finding.field}")
    assert on_line in text_at(finding.location())
    assert finding.figure is not None and finding.limit is not None and finding.source
    assert yuan(finding.figure) in finding.message
    assert yuan(finding.limit) in finding.message


# --- the registry: every rule has its pair of cases -----------------------------------------

# Every built-in rule by the name its findings carry. A new rule fails this list until it is
# added here and has a failing and a passing case below.
RULES = (
    "rule_switches",
    "monthly_above_minimum",
    "hourly_above_minimum",
    "base_wage_above_minimum",
    "later_minimums",
    "rising_with_level",
    "allowances",
    "term_length",
    "signing_before_start",
    "reply_within_twenty_days",
    "assembly_before_signing",
    "procedure_in_order",
    "filed_within_ten_days",
    "term_start_before_effect",
    "equal_representatives",
    "senior_technicians_floor",
    "cited_documents",
    "provisional_minimum",
    "unconfirmed_minimums",
    "invisible_characters",
    "delegation_matches_party",
    "delegations_equal",
    "delegation_at_least_three",
    "outside_experts_third",
    "nobody_on_both_sides",
    "assembly_votes",
    "approval_recorded",
    "apprentices_defined",
    "entry_pay",
    "part_time_floor",
    "own_contributions",
    "skilled_posts",
    "carve_outs",
    "province_documents",
    "papers_in_order",
    "elected_delegates",
    "variation_figures",
    "category_floors",
)


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    assert list(all_rules()) == list(RULES)
    tests = [name for name in globals() if name.startswith("test_")]
    cases = {"failing": ("fails", "warns"), "passing": ("passes",)}
    lacking = [
        f"{rule}: no {kind} case (test_{rule}_{'/'.join(verbs)}…)"
        for rule in RULES
        for kind, verbs in cases.items()
        if not any(name.startswith(f"test_{rule}_{verb}") for name in tests for verb in verbs)
    ]
    assert lacking == []


# --- the real contexts ------------------------------------------------------------------------


def test_real_contexts_pass_with_warnings_on_unconfirmed_data() -> None:
    report = validate(REAL, TABLE, hooks=NO_HOOKS, config=ProjectConfig())
    assert report.ok, report.lines()
    assert report.checked == [x.agreement.slug for x in REAL]
    assert {f.rule for f in report.findings} == {"unconfirmed_minimums"}
    assert all(f.severity == "warning" for f in report.findings)
    # each agreement gets its own copies; the printed list shows each line once
    printed = [f.render() for f in report.warnings]
    assert len(printed) == len(set(printed)) == len({f.render() for f in report.findings})
    shared = [
        f for f in report.findings if f.location().startswith("contexts/yangquan/region.yaml")
    ]
    assert len({f.agreement for f in shared}) > 1
    assert len(shared) > len({f.render() for f in shared})
    named = [f.message for f in report.warnings]
    # 晋政办发〔2024〕58号's figures are [V]; the 阳泉 area list is [S] (annex not read).
    assert any("阳泉市城区属一类（2025-01-01 起执行的标准；[S] 转载，未核实）" in m for m in named)
    assert not any("最低工资 2150 元" in m for m in named)
    assert report.standards["mining"].monthly == 2150


def test_strict_turns_warnings_into_errors() -> None:
    report = validate(REAL, TABLE, strict=True, hooks=NO_HOOKS, config=ProjectConfig())
    assert not report.ok and report.warnings == [] and report.strict


# --- figures above the minimum ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "label"),
    [
        (
            "hospitality.yaml",
            "{level: 初级工, monthly: 2300",
            "{level: 初级工, monthly: 2150",
            "skill_levels[0].monthly",
            "初级工",
        ),
        (
            "manufacturing.yaml",
            "monthly: {初级工: 2550, 中级工: 2850",
            "monthly: {初级工: 2100, 中级工: 2850",
            "occupations[0].monthly.初级工",
            "焊工·初级工",
        ),
        (
            "mining.yaml",
            "skill_levels:",
            "categories:\n  - category: 技术技能型\n    monthly: {初级工: 2150.00}\nskill_levels:",
            "categories[0].monthly.初级工",
            "技术技能型·初级工",
        ),
    ],
)
def test_monthly_above_minimum_fails_at_or_below_the_minimum(
    contexts: Path, edit: Callable[..., Path], file: str, old: str, new: str, field: str, label: str
) -> None:
    edit(f"yangquan/{file}", old, new)
    errors = check(contexts).errors
    assert [(f.rule, f.field, f.label) for f in errors] == [("monthly_above_minimum", field, label)]
    finding = errors[0]
    assert finding.location().rsplit(":", 1)[0].endswith(file)
    assert_names_everything(finding, new.split("\n")[-1] if "categories" not in new else "2150")
    assert finding.limit == 2150
    assert "不高于当地最低工资标准 2150 元（山西省一类地区（阳泉市城区），2025年1月1日起执行" in (
        finding.message
    )
    assert "来源：晋政办发〔2024〕58号" in finding.message


def test_monthly_above_minimum_passes_a_cent_above(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/hospitality.yaml", "初级工, monthly: 2300", "初级工, monthly: 2150.01")
    assert check(contexts).ok


def test_finding_line_format() -> None:
    finding = Finding(
        severity="error",
        file=Path("contexts/yangquan/x.yaml"),
        line=23,
        field="skill_levels[1].monthly",
        label="初级工",
        figure=Decimal(2150),
        limit=Decimal(2150),
        source="来源文件",
        message="2150 元不高于当地最低工资标准 2150 元（山西省一类地区，2025年1月1日起执行，"
        "来源：…）",
    )
    assert finding.render() == (
        "contexts/yangquan/x.yaml:23: skill_levels[1].monthly（初级工）: 2150 元不高于当地最低工资"
        "标准 2150 元（山西省一类地区，2025年1月1日起执行，来源：…）"
    )
    assert json.loads(json.dumps(finding.to_json()))["figure"] == "2150"


def test_hourly_above_minimum_fails_at_the_hourly_minimum(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # 晋政办发〔2024〕58号: 一类 part-time hourly 23.2 元
    edit("yangquan/hospitality.yaml", "monthly: 2300, hourly: 24}", "monthly: 2300, hourly: 23.2}")
    errors = check(contexts).errors
    assert [(f.rule, f.field) for f in errors] == [
        ("hourly_above_minimum", "skill_levels[0].hourly")
    ]
    assert_names_everything(errors[0], "hourly: 23.2")
    assert "23.2 元/小时不高于当地小时最低工资标准 23.2 元/小时" in errors[0].message


def test_hourly_above_minimum_passes_above_it(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("yangquan/hospitality.yaml", "monthly: 2300, hourly: 24}", "monthly: 2300, hourly: 23.3}")
    assert check(contexts).ok


def test_hourly_above_minimum_fails_when_the_minimum_is_unknown(contexts: Path) -> None:
    # A table figure marked "?" (未查到) is never guessed: the hourly column cannot pass.
    path = contexts / "minimum_wages" / "shanxi.yaml"
    text = path.read_text("utf-8").replace(
        "{name: 一类, monthly: 2150, hourly: 23.2, full_time_hourly: 12.4, mark: V}",
        '{name: 一类, monthly: 2150, hourly: null, full_time_hourly: 12.4, mark: {monthly: V, hourly: "?"}}',
    )
    path.write_text(text, "utf-8")
    report = check(contexts)
    found = by_rule(report, "hourly_above_minimum", "mining")
    assert [(f.severity, f.field) for f in found] == [("error", "skill_levels[0].hourly")]
    assert "山西省 2025-01-01 起执行标准的一类小时最低工资未查到 [?]" in found[0].message
    assert "小时工资无法校验" in found[0].message
    row = re.findall(r"（([^（）]+\.yaml:\d+)）", found[0].message)[-1]
    assert "hourly: null" in text_at(row)


def test_base_wage_above_minimum_fails_at_the_minimum(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/housekeeping.yaml", "base_wage: 2200", "base_wage: 2150")
    errors = check(contexts).errors
    assert [(f.rule, f.field) for f in errors] == [("base_wage_above_minimum", "base_wage")]
    assert_names_everything(errors[0], "base_wage: 2150")
    assert "不含技能津贴的基本工资 2150 元" in errors[0].message


def test_base_wage_above_minimum_passes_a_yuan_above(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/housekeeping.yaml", "base_wage: 2200", "base_wage: 2151")
    assert check(contexts).ok


# --- a standard taking effect during the term ---------------------------------------------------


def test_later_minimums_warns_when_a_later_standard_catches_up(contexts: Path) -> None:
    path = contexts / "minimum_wages" / "shanxi.yaml"
    path.write_text(path.read_text("utf-8") + LATER_STANDARD, "utf-8")
    report = check(contexts)
    assert report.ok
    found = by_rule(report, "later_minimums", "manufacturing")
    first = next(f for f in found if f.field == "skill_levels[0].monthly")
    assert first.severity == "warning" and first.limit == 2600 and first.figure == 2250
    assert_names_everything(first, "monthly: 2250")
    assert "合同期内 2026-09-01 起执行的最低工资标准 2600 元" in first.message
    assert "来源：晋政发〔2026〕测试号" in first.message
    assert any(f.field == "skill_levels[0].hourly" for f in found)  # 24 ≤ 27
    # hospitality ends 2026-06-30, before the new standard
    assert by_rule(report, "later_minimums", "hospitality") == []
    strict = check(contexts, strict=True)
    assert any(f.rule == "later_minimums" for f in strict.errors)


def test_later_minimums_passes_without_a_later_standard() -> None:
    report = validate(REAL, TABLE, hooks=NO_HOOKS, config=ProjectConfig())
    assert by_rule(report, "later_minimums") == []


# --- figures rise with level ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "figure", "limit"),
    [
        (
            "mining.yaml",
            "{level: 中级工, monthly: 2900",
            "{level: 中级工, monthly: 2500",
            "skill_levels[1].monthly",
            2500,
            2600,
        ),
        (
            "mining.yaml",
            "monthly: 3300, hourly: 35",
            "monthly: 3300, hourly: 30",
            "skill_levels[2].hourly",
            30,
            31,
        ),
        (
            "manufacturing.yaml",
            "高级工: 3200, 技师: 3700}",
            "高级工: 3200, 技师: 3000}",
            "occupations[0].monthly.技师",
            3000,
            3200,
        ),
        (
            "housekeeping.yaml",
            "hourly: 31, allowance: 700",
            "hourly: 31, allowance: 400",
            "skill_levels[3].allowance",
            400,
            450,
        ),
    ],
)
def test_rising_with_level_fails_on_a_dip(
    contexts: Path,
    edit: Callable[..., Path],
    file: str,
    old: str,
    new: str,
    field: str,
    figure: int,
    limit: int,
) -> None:
    edit(f"yangquan/{file}", old, new)
    found = by_rule(check(contexts), "rising_with_level")
    assert [(f.field, f.figure, f.limit) for f in found] == [
        (field, Decimal(figure), Decimal(limit))
    ]
    assert_names_everything(found[0], new.split(",")[-1].strip(" }"))
    assert "技能等级越高，标准不得越低" in found[0].message
    assert found[0].source == "人社厅发〔2025〕52号"


def test_rising_with_level_passes_equal_figures(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("yangquan/mining.yaml", "{level: 中级工, monthly: 2900", "{level: 中级工, monthly: 2600")
    assert by_rule(check(contexts), "rising_with_level") == []


def test_rising_with_level_fails_once_per_dip_against_the_highest_lower_level(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "{level: 中级工, monthly: 2900", "{level: 中级工, monthly: 3500")
    found = by_rule(check(contexts), "rising_with_level")
    assert [(f.field, f.limit) for f in found] == [("skill_levels[2].monthly", Decimal(3500))]


# --- allowances -----------------------------------------------------------------------------


def _replace(item: LoadedAgreement, **changes: object) -> LoadedAgreement:
    return dataclasses.replace(item, agreement=item.agreement.model_copy(update=changes))


def _run(item: LoadedAgreement) -> Report:
    return validate([item], TABLE, hooks=NO_HOOKS, config=ProjectConfig())


def test_allowances_fails_on_a_negative_allowance() -> None:
    # The model refuses ≤ 0 at load time; the rule guards data built in code (hooks, imports).
    housekeeping = next(x for x in REAL if x.agreement.slug == "housekeeping")
    rows = list(housekeeping.agreement.skill_levels)
    rows[0] = rows[0].model_copy(update={"allowance": Decimal(-50)})
    found = by_rule(_run(_replace(housekeeping, skill_levels=rows)), "allowances")
    assert [(f.severity, f.field, f.figure) for f in found] == [
        ("error", "skill_levels[0].allowance", Decimal(-50))
    ]
    assert "allowance: 100" in text_at(found[0].location())


def test_allowances_passes_an_allowance_on_every_level() -> None:
    housekeeping = next(x for x in REAL if x.agreement.slug == "housekeeping")
    assert housekeeping.agreement.wage_form == "最低技能津贴"
    assert by_rule(_run(housekeeping), "allowances") == []


def test_allowances_warns_when_a_level_under_the_allowance_form_has_none(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/housekeeping.yaml", "hourly: 24, allowance: 100}", "hourly: 24}")
    found = by_rule(check(contexts), "allowances")
    assert [(f.severity, f.field, f.label) for f in found] == [
        ("warning", "skill_levels[0]", "初级工")
    ]


# --- term and dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "severity", "expected"),
    [
        ("{start: 2025-07-01, end: 2025-07-01}", "error", "终止日期不晚于起始日期"),
        ("{start: 2025-07-01, end: 2024-07-01}", "error", "终止日期不晚于起始日期"),
        ("{start: 2025-07-01, end: 2028-07-01}", "error", "超过 3 年"),
        ("{start: 2025-07-01, end: 2026-05-31}", "warning", "不足 1 年"),
    ],
)
def test_term_length_fails_outside_one_to_three_years(
    contexts: Path, edit: Callable[..., Path], term: str, severity: str, expected: str
) -> None:
    edit("yangquan/mining.yaml", "{start: 2025-07-01, end: 2028-06-30}", term)
    found = by_rule(check(contexts), "term_length")
    assert [(f.severity, f.field) for f in found] == [(severity, "term.end")]
    assert expected in found[0].message and "第三十八条" in found[0].source
    assert "term:" in text_at(found[0].location())


def test_term_length_passes_exactly_one_and_three_years() -> None:
    # mining runs exactly 3 years, hospitality exactly 1.
    report = validate(REAL, TABLE, hooks=NO_HOOKS, config=ProjectConfig())
    assert by_rule(report, "term_length") == []


def test_signing_before_start_fails_the_day_after_the_start(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "signing_date: 2025-06-18", "signing_date: 2025-07-02")
    found = by_rule(check(contexts), "signing_before_start")
    assert [f.field for f in found] == ["signing_date"]
    assert "签订日期 2025-07-02 晚于合同起始日期 2025-07-01" in found[0].message
    assert "signing_date: 2025-07-02" in text_at(found[0].location())


def test_signing_before_start_passes_on_the_start_day(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "signing_date: 2025-06-18", "signing_date: 2025-07-01")
    assert by_rule(check(contexts), "signing_before_start") == []


# --- the recorded procedure: dates in order -------------------------------------------------
# high-tech-zone.yaml records 要约 2025-04-10 (received 04-11), 应约 04-25, meetings 05-13 and
# 05-27, 审议 06-12; signed 06-19, filed 06-27. hospitality.yaml: 要约 04-21 (receipt not
# recorded), 应约 05-08; never filed.


def test_reply_within_twenty_days_fails_on_day_twenty_one(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/high-tech-zone.yaml", "reply: 2025-04-25", "reply: 2025-05-02")
    found = by_rule(check(contexts), "reply_within_twenty_days")
    assert [(f.severity, f.field, f.agreement) for f in found] == [
        ("error", "procedure.reply", "high-tech-zone")
    ]
    assert "距收到要约（2025-04-11）21 日，超过二十日" in found[0].message
    assert "第三十二条" in found[0].source and "reply: 2025-05-02" in text_at(found[0].location())


def test_reply_within_twenty_days_passes_on_day_twenty(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/high-tech-zone.yaml", "reply: 2025-04-25", "reply: 2025-05-01")
    assert by_rule(check(contexts), "reply_within_twenty_days") == []


def test_reply_within_twenty_days_warns_when_counted_from_the_offer_only(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/hospitality.yaml", "reply: 2025-05-08", "reply: 2025-05-12")
    (found,) = by_rule(check(contexts), "reply_within_twenty_days")
    assert found.severity == "warning" and "procedure.offer.received_on" in found.message


def test_assembly_before_signing_fails_the_day_after(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/high-tech-zone.yaml", "- {on: 2025-06-12,", "- {on: 2025-06-20,")
    found = by_rule(check(contexts), "assembly_before_signing")
    assert [(f.severity, f.field) for f in found] == [("error", "procedure.assemblies[0].on")]
    assert "晚于签订日期 2025-06-19" in found[0].message
    assert "第三十六条、第三十七条" in found[0].source


def test_assembly_before_signing_passes_on_the_signing_day(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/high-tech-zone.yaml", "- {on: 2025-06-12,", "- {on: 2025-06-19,")
    assert by_rule(check(contexts), "assembly_before_signing") == []


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "expected"),
    [
        ("high-tech-zone.yaml", "reply: 2025-04-25", "reply: 2025-04-05", "procedure.reply",
         "应约日期 2025-04-05 早于要约日期 2025-04-10"),
        ("high-tech-zone.yaml", "received_on: 2025-04-11", "received_on: 2025-04-09",
         "procedure.offer.received_on", "收到要约日期 2025-04-09 早于要约日期 2025-04-10"),
        ("high-tech-zone.yaml", "- {on: 2025-06-12,", "- {on: 2025-05-10,",
         "procedure.assemblies[0].on", "审议日期 2025-05-10 早于第一次协商会议 2025-05-13"),
        ("hospitality.yaml", "meetings: [2025-05-20, 2025-06-05]", "meetings: [2025-06-27]",
         "procedure.meetings[0]", "协商会议日期 2025-06-27 晚于签订日期 2025-06-26"),
        ("high-tech-zone.yaml", "procedure:\n", "procedure:\n  effective: 2025-06-20\n",
         "procedure.effective", "生效日期 2025-06-20 早于报送日期 2025-06-27"),
        ("hospitality.yaml", "procedure:\n",
         "procedure:\n  review: {outcome: 无异议, on: 2025-07-20, record: 示例}\n",
         "procedure.review.on", "记录了审查结果，但没有报送日期（filing.filed_on）"),
        ("high-tech-zone.yaml", "procedure:\n",
         "procedure:\n  effective: 2025-07-12\n  published: 2025-07-01\n",
         "procedure.published", "公布日期 2025-07-01 早于生效日期 2025-07-12"),
    ],
)  # fmt: skip
def test_procedure_in_order_fails_on_a_step_out_of_order(
    contexts: Path,
    edit: Callable[..., Path],
    file: str,
    old: str,
    new: str,
    field: str,
    expected: str,
) -> None:
    edit(f"yangquan/{file}", old, new)
    found = by_rule(check(contexts), "procedure_in_order")
    assert any(f.field == field and expected in f.message for f in found), [
        f.render() for f in found
    ]
    assert all(f.severity == "error" for f in found if f.field == field)


def test_procedure_in_order_passes_a_full_record(contexts: Path, edit: Callable[..., Path]) -> None:
    edit(
        "yangquan/high-tech-zone.yaml",
        "procedure:\n",
        "procedure:\n  review: {outcome: 无异议, on: 2025-07-10, record: 示例}\n"
        "  effective: 2025-07-12\n  published: 2025-07-20\n",
    )
    report = check(contexts)
    assert by_rule(report, "procedure_in_order") == [] and report.ok, report.lines()


def test_filed_within_ten_days_warns_on_day_eleven(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/manufacturing.yaml", "filed_on: 2025-06-27", "filed_on: 2025-07-01")
    (found,) = by_rule(check(contexts), "filed_within_ten_days")
    assert (found.severity, found.field) == ("warning", "filing.filed_on")
    assert "第 11 日，超过十日" in found.message and "第四十二条" in found.source


def test_filed_within_ten_days_passes_on_day_ten(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("yangquan/manufacturing.yaml", "filed_on: 2025-06-27", "filed_on: 2025-06-30")
    assert by_rule(check(contexts), "filed_within_ten_days") == []


# --- 52号 category floors (switchable) ------------------------------------------------------

CATEGORIES = """rules: {category_floors: true}
categories:
  - category: 基础类
    monthly: {初级工: 2257.5, 中级工: 2600}
  - category: 重要类
    monthly: {初级工: 2570, 中级工: 2700}
skill_levels:"""


def test_category_floors_fails_below_the_52_ratio(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "skill_levels:", CATEGORIES)
    found = by_rule(check(contexts), "category_floors")
    # 基础类 at exactly 105% of 2150 (2257.5) passes; 重要类 2570 is below 120% (2580).
    assert [(f.field, f.figure, f.limit) for f in found] == [
        ("categories[1].monthly.初级工", Decimal(2570), Decimal(2580))
    ]
    assert_names_everything(found[0], "初级工: 2570")
    assert "当地最低工资标准 2150 元的 120%" in found[0].message


def test_category_floors_passes_when_switched_off(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "skill_levels:", CATEGORIES.replace("true", "false"))
    assert by_rule(check(contexts), "category_floors") == []


def test_category_floors_passes_with_the_project_configs_ratios(
    contexts: Path, edit: Callable[..., Path], tmp_path: Path
) -> None:
    edit("yangquan/mining.yaml", "skill_levels:", CATEGORIES)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.skillwage-docs.category_floors]\n"重要类" = 1.1\n', "utf-8")
    config = load_config(pyproject)
    assert config.category_floors["重要类"] == Decimal("1.1")
    assert config.category_floors["基础类"] == Decimal("1.05")  # defaults kept
    assert by_rule(check(contexts, config=config), "category_floors") == []


def test_category_floors_warns_on_an_unknown_category(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "skill_levels:", CATEGORIES.replace("重要类", "技术技能型"))
    found = by_rule(check(contexts), "category_floors")
    assert [(f.severity, f.field) for f in found] == [("warning", "categories[1].category")]


def test_rule_switches_fails_on_an_unknown_switch(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "skill_levels:", "rules: {categroy_floors: true}\nskill_levels:")
    found = by_rule(check(contexts), "rule_switches")
    assert [f.field for f in found] == ["rules.categroy_floors"]
    assert "未知的规则开关" in found[0].message


def test_rule_switches_passes_a_known_switch(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("yangquan/mining.yaml", "skill_levels:", "rules: {category_floors: false}\nskill_levels:")
    assert by_rule(check(contexts), "rule_switches") == []


# --- the project config: [tool.skillwage-docs] of pyproject.toml ------------------------------

BAD_CONFIGS = {
    "misspelt key": (
        '[project]\nname = "x"\n\n[tool.skillwage-docs]\nhook = ["examples.entry_level_floor:check"]\n',
        "pyproject.toml:5: tool.skillwage-docs.hook: 未知设置（拼写错误？可设置：hooks、category_floors）",
    ),
    "hooks not a list": (
        "[tool.skillwage-docs]\nhooks = 'x:y'\n",
        'pyproject.toml:2: tool.skillwage-docs.hooks: 应为字符串列表（如 "pkg.mod:func"）',
    ),
    "hook spec without a colon": (
        '[tool.skillwage-docs]\nhooks = [\n  "examples.entry_level_floor:check",\n  "no_colon",\n]\n',
        "pyproject.toml:4: tool.skillwage-docs.hooks[1]: 格式应为 “包.模块:函数”",
    ),
    "negative ratio": (
        '[tool.skillwage-docs.category_floors]\n"基础类" = -1\n',
        "pyproject.toml:2: tool.skillwage-docs.category_floors.基础类: 应为正数比例（如 1.05）",
    ),
    "boolean ratio": (
        '[tool.skillwage-docs]\ncategory_floors = {"基础类" = true}\n',
        "pyproject.toml:2: tool.skillwage-docs.category_floors.基础类: 应为正数比例（如 1.05）",
    ),
    "floors not a table": (
        "[tool.skillwage-docs]\ncategory_floors = 1.05\n",
        "pyproject.toml:2: tool.skillwage-docs.category_floors: 应为表（类别 = 比例）",
    ),
    "section not a table": (
        '[tool]\nskillwage-docs = "on"\n',
        "pyproject.toml:2: tool.skillwage-docs: 应为表",
    ),
    "broken TOML": (
        "[tool.skillwage-docs\n",
        "pyproject.toml:1: TOML 格式错误：Expected ']' at the end of a table declaration "
        "(at line 1, column 21)",
    ),
}


@pytest.mark.parametrize(("text", "expected"), BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_bad_project_config_is_one_line_at_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(text, "utf-8")
    with pytest.raises(InputError) as caught:
        load_config(tmp_path / "pyproject.toml")
    assert caught.value.exit_code == 2
    assert caught.value.lines(tmp_path) == [expected]


def test_every_config_problem_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.skillwage-docs]\nhook = []\ncategory_floors = {"基础类" = 0}\n', "utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_config(tmp_path / "pyproject.toml")
    assert caught.value.lines(tmp_path) == [
        "pyproject.toml:3: tool.skillwage-docs.category_floors.基础类: 应为正数比例（如 1.05）",
        "pyproject.toml:2: tool.skillwage-docs.hook: 未知设置（拼写错误？可设置：hooks、category_floors）",
        "pyproject.toml: 2 处配置错误",
    ]


def test_absent_config_gives_the_52_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "pyproject.toml")
    assert dict(config.category_floors) == {
        "基础类": Decimal("1.05"),
        "重要类": Decimal("1.20"),
        "关键类": Decimal("1.50"),
        "核心类": Decimal("2.00"),
    }
    assert dict(DEFAULT_CATEGORY_FLOORS) == dict(config.category_floors)
    assert config.hooks == ()


def test_a_project_without_the_table_gets_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    config = load_config(tmp_path / "pyproject.toml")
    assert config.hooks == () and config.category_floors["核心类"] == Decimal("2.00")


CLI_CONFIGS = {
    "misspelt key": (
        '[tool.skillwage-docs]\nhook = ["examples.entry_level_floor:check"]\n',
        "pyproject.toml:2: tool.skillwage-docs.hook: 未知设置（拼写错误？可设置：hooks、category_floors）",
    ),
    "wrong type": (
        '[tool.skillwage-docs.category_floors]\n"重要类" = "1.2"\n',
        "pyproject.toml:2: tool.skillwage-docs.category_floors.重要类: 应为正数比例（如 1.05）",
    ),
    "unknown hook": (
        '[tool.skillwage-docs]\nhooks = ["no_such_module_xyz:check"]\n',
        "pyproject.toml:2: tool.skillwage-docs.hooks[0]: 无法加载校验钩子 no_such_module_xyz:check："
        "找不到模块 no_such_module_xyz",
    ),
}


@pytest.mark.parametrize(("text", "expected"), CLI_CONFIGS.values(), ids=CLI_CONFIGS.keys())
def test_bad_project_config_through_the_cli(
    contexts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    """One located line on stderr, nothing on stdout, exit 2: the project's own file is wrong."""
    from click.testing import CliRunner

    from .test_cli import _entry

    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(text, "utf-8")
    monkeypatch.chdir(project)  # the project's pyproject.toml is the one in the working dir
    result = CliRunner().invoke(_entry, ["--contexts", str(contexts), "validate", "yangquan"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [expected]
    assert result.stdout == ""


# --- the two sides ------------------------------------------------------------------------------


def test_equal_representatives_fails_on_unequal_sides(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # 《集体合同规定》第十九条: the two sides have the same number of representatives.
    edit(
        "yangquan/mining.yaml",
        "chief_representative: 曹建军\n  representatives: 7",
        "chief_representative: 曹建军\n  representatives: 5",
    )
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "mining")
    assert code == 1
    (line,) = [x for x in out.splitlines() if "人数应当相等" in x]
    assert line.endswith(
        "mining.yaml:18: employer_party.representatives: 双方协商代表人数应当相等："
        "职工方 7 人，企业方 5 人"
    )
    (found,) = by_rule(check(contexts), "equal_representatives")
    assert (found.severity, found.agreement) == ("error", "mining")
    assert found.source == "《集体合同规定》第十九条"
    assert "representatives: 5" in text_at(found.location())


def test_equal_representatives_passes_equal_sides(contexts: Path) -> None:
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "mining")
    assert code == 0 and "人数应当相等" not in out
    assert by_rule(check(contexts), "equal_representatives") == []


# --- text no format can print -----------------------------------------------------------------


def test_invisible_characters_warns_on_a_bidi_override(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # U+202E (right-to-left override) pasted from another program: every writer drops it.
    edit(
        "yangquan/mining.yaml",
        "name: 阳泉市采矿业工会联合会",
        'name: "阳泉市采矿业\\u202e工会联合会"',
    )
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "mining")
    assert code == 0
    (line,) = [x for x in out.splitlines() if "不可见的控制字符" in x]
    assert line.endswith(
        "mining.yaml:12: worker_party.name: 含有不可见的控制字符 U+202E，生成时已删除或替换为空格"
        "（可能是从其他程序粘贴而来）"
    )
    code, _ = run_cli(contexts, "validate", "yangquan", "--agreement", "mining", "--strict")
    assert code == 1
    (found,) = by_rule(check(contexts), "invisible_characters")
    assert (found.severity, found.field) == ("warning", "worker_party.name")


def test_invisible_characters_passes_clean_text(contexts: Path) -> None:
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "mining")
    assert code == 0 and "不可见" not in out
    assert by_rule(check(contexts), "invisible_characters") == []


# --- unconfirmed minimum-wage rows ----------------------------------------------------------


def test_unconfirmed_minimums_warns_naming_each_row(contexts: Path) -> None:
    found = by_rule(check(contexts), "unconfirmed_minimums", "mining")
    assert {f.severity for f in found} == {"warning"}
    rows = [re.findall(r"（([^（）]+\.yaml:\d+)）", f.message)[-1] for f in found]
    lines = [text_at(row) for row in rows]
    assert any("area: 阳泉市城区" in line for line in lines)
    # the term starts 2025-07-01, before the file's check date (checked_through: 2026-02-28)
    assert not any("checked_through" in line for line in lines)


def test_provisional_minimum_warns_for_a_county_the_list_does_not_place(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # 万荣县 fell in the cut tail of 58号's list as re-posted: checked against 一类, 2150 元.
    edit("yangquan/mining.yaml", "kind: 行业性", "kind: 行业性\nareas: [万荣县]")
    report = check(contexts)
    [finding] = by_rule(report, "provisional_minimum", "mining")
    assert finding.severity == "warning" and finding.field == "areas"
    assert finding.message.startswith(
        "临时校验：万荣县所属的类别在最低工资表中未查到，暂按山西省最高的一类（月 2150 元）临时校验；"
        "类别查到后请补入 shanxi.yaml 的 areas"
    )
    assert report.standards["mining"].monthly == 2150


def test_provisional_minimum_passes_a_placed_county(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "kind: 行业性", "kind: 行业性\nareas: [昔阳县]")
    report = check(contexts)
    assert by_rule(report, "provisional_minimum", "mining") == []
    assert report.standards["mining"].monthly == 2050  # 昔阳县 is 二类


def test_unconfirmed_minimums_passes_fully_confirmed_rows(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # The 2025 standard is [V]; once the 阳泉市城区 mapping is confirmed too, an agreement for
    # that district starting before the last check date (2025-05-29) relies on nothing unsure.
    edit(
        "minimum_wages/shanxi.yaml",
        "      - {area: 阳泉市城区, class: 一类, mark: S}\n      - {area: 阳泉市矿区, class: 一类, mark: S}\n      - {area: 阳泉市郊区, class: 一类, mark: S}\n      - {area: 潞州区",
        "      - {area: 阳泉市城区, class: 一类, mark: V}\n      - {area: 阳泉市矿区, class: 一类, mark: S}\n      - {area: 阳泉市郊区, class: 一类, mark: S}\n      - {area: 潞州区",
    )
    edit(
        "yangquan/mining.yaml",
        "term: {start: 2025-07-01, end: 2028-06-30}\nsigning_date: 2025-06-18",
        "areas: [阳泉市城区]\nterm: {start: 2025-05-01, end: 2028-04-30}\nsigning_date: 2025-04-18",
    )
    report = check(contexts)
    assert by_rule(report, "unconfirmed_minimums", "mining") == []
    assert report.standards["mining"].monthly == 2150


# --- what the table cannot answer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "expected"),
    [
        (
            "region.yaml",
            "平定县, 盂县]",
            "平定县, 盂县, 阳泉高新区]",
            "region.yaml:9: region.areas",
            "山西省的行政区划中没有“阳泉高新区”",
        ),
        (
            "mining.yaml",
            "kind: 行业性",
            "kind: 行业性\nareas: [孟县]",
            "mining.yaml:5: areas",
            "山西省的行政区划中没有“孟县”",
        ),
        (
            "region.yaml",
            "province_code: shanxi",
            "province_code: shanxii",
            "region.yaml:7: region.province_code",
            "没有省份 'shanxii'",
        ),
        (
            "region.yaml",
            "province: 山西省",
            "province: 江苏省",
            "region.yaml:6: region.province",
            "是山西省的，而合同的 region.province 为 江苏省",
        ),
        (
            "mining.yaml",
            "{start: 2025-07-01, end: 2028-06-30}",
            "{start: 2013-07-01, end: 2016-06-30}",
            "mining.yaml:7: term.start",
            "最早的标准自 2014-04-01 起执行，没有 2013-07-01 适用的标准",
        ),
    ],
)
def test_lookup_failures_are_input_errors_naming_the_agreement_field(
    contexts: Path,
    edit: Callable[..., Path],
    file: str,
    old: str,
    new: str,
    where: str,
    expected: str,
) -> None:
    edit(f"yangquan/{file}", old, new)
    with pytest.raises(InputError) as caught:
        check(contexts)
    text = "\n".join(caught.value.lines())
    assert where.split(":")[0] in text
    line = next(line for line in caught.value.lines() if expected in line)
    assert f"{where}:" in line.replace(str(contexts / "yangquan") + "/", "")
    assert "查不到适用的最低工资标准" in caught.value.message


# --- collection and output ------------------------------------------------------------------


def test_all_findings_of_all_agreements_are_collected(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/hospitality.yaml", "初级工, monthly: 2300", "初级工, monthly: 2000")
    edit("yangquan/construction.yaml", "signing_date: 2025-06-24", "signing_date: 2025-08-01")
    edit("yangquan/construction.yaml", "中级工, monthly: 2750", "中级工, monthly: 2100")
    report = check(contexts)
    assert not report.ok
    got = {(f.agreement, f.rule) for f in report.errors}
    assert got == {
        ("hospitality", "monthly_above_minimum"),
        ("construction", "signing_before_start"),
        ("construction", "monthly_above_minimum"),
        ("construction", "rising_with_level"),
    }
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert data["ok"] is False and data["error_count"] == 4
    assert data["agreements"]["mining"]["minimum"]["monthly"] == "2150"
    assert {f["agreement"] for f in data["findings"] if f["severity"] == "error"} == {
        "hospitality",
        "construction",
    }
    assert len(report.for_agreement("hospitality")) > 1


# --- hooks ----------------------------------------------------------------------------------


def _flag_round_numbers(ctx: RuleContext) -> Iterator[Finding]:
    """A sample project rule: figures ending in 00 look unnegotiated."""
    for index, row in enumerate(ctx.agreement.skill_levels):
        if row.monthly % 100 == 0:
            yield ctx.finding(
                ("skill_levels", index, "monthly"),
                f"{row.monthly} 元是整百数",
                severity="warning",
                label=row.level.value,
            )


def _boom(ctx: RuleContext) -> list[Finding]:
    raise RuntimeError("hook bug")


def test_hooks_passed_in_run_and_are_named() -> None:
    mining = next(x for x in REAL if x.agreement.slug == "mining")
    report = validate([mining], TABLE, hooks=[_flag_round_numbers], config=ProjectConfig())
    found = by_rule(report, "tests.test_rules:_flag_round_numbers")
    # mining's figures are all whole hundreds: one finding per level, in order
    assert [f.field for f in found] == [f"skill_levels[{i}].monthly" for i in range(5)]
    assert {f.severity for f in found} == {"warning"}


def test_a_hook_that_raises_is_an_error_finding_not_a_traceback() -> None:
    report = validate(REAL[:2], TABLE, hooks=[_boom, _flag_round_numbers], config=ProjectConfig())
    broken = by_rule(report, "tests.test_rules:_boom")
    assert len(broken) == 2 and all(f.severity == "error" for f in broken)
    assert "校验钩子 tests.test_rules:_boom 出错：RuntimeError: hook bug" in broken[0].message
    assert by_rule(report, "tests.test_rules:_flag_round_numbers")  # the other hook still ran


def test_a_hook_returning_junk_is_an_error() -> None:
    def junk(ctx: RuleContext) -> list[object]:
        return ["oops"]

    report = validate(REAL[:1], TABLE, hooks=[junk], config=ProjectConfig())  # type: ignore[list-item]
    assert any("应为 Finding" in f.message for f in report.errors)


@pytest.fixture
def hook_module(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A hook module in a project directory (not on sys.path), unique per test."""
    name = "project_hooks_" + re.sub(r"\W", "_", request.node.name)
    (tmp_path / f"{name}.py").write_text(
        "from skillwage_docs.checks.rules import RuleContext\n\n"
        "def no_apprentices(ctx: RuleContext):\n"
        "    for i, row in enumerate(ctx.agreement.skill_levels):\n"
        "        if row.level == '学徒工':\n"
        "            yield ctx.finding(('skill_levels', i, 'level'), '本地不设学徒工等级')\n",
        "utf-8",
    )
    yield name
    sys.modules.pop(name, None)


def test_hook_registered_in_pyproject(
    tmp_path: Path, hook_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.skillwage-docs]\nhooks = ["{hook_module}:no_apprentices"]\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)  # the project's pyproject.toml is the one in the working dir
    report = validate(REAL, TABLE)
    found = by_rule(report, f"{hook_module}:no_apprentices")
    assert [(f.agreement, f.field) for f in found] == [
        ("manufacturing", "skill_levels[0].level"),
        ("pingding-refractory", "skill_levels[0].level"),
    ]
    assert not report.ok
    assert str(tmp_path) not in sys.path  # the project dir was on the path only while importing


def test_hook_registered_as_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    point = EntryPoint("round", "tests.test_rules:_flag_round_numbers", ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        hooks, "entry_points", lambda group: [point] if group == ENTRY_POINT_GROUP else []
    )
    report = validate(REAL[:1], TABLE, config=ProjectConfig())
    assert by_rule(report, "round = tests.test_rules:_flag_round_numbers")


def test_broken_entry_point_is_an_error_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    point = EntryPoint("gone", "no_such_module_xyz:f", ENTRY_POINT_GROUP)
    monkeypatch.setattr(hooks, "entry_points", lambda group: [point])
    report = validate(REAL[:1], TABLE, config=ProjectConfig())
    assert any("无法加载校验钩子 gone = no_such_module_xyz:f" in f.message for f in report.errors)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("no_such_module_xyz:f", "找不到模块 no_such_module_xyz"),
        (
            "json:no_such_function",
            "AttributeError: module 'json' has no attribute 'no_such_function'",
        ),
        ("json:__doc__", "json:__doc__ 不是函数"),
    ],
)
def test_a_hook_pyproject_names_that_cannot_load_is_an_input_error_at_its_line(
    tmp_path: Path, spec: str, expected: str
) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[tool.skillwage-docs]\nhooks = [\n  "{spec}",\n]\n', "utf-8")
    with pytest.raises(InputError) as caught:
        validate(REAL[:1], TABLE, config=load_config(pyproject))
    (problem,) = caught.value.findings
    assert (problem.file, problem.line, problem.field) == (
        pyproject,
        3,
        "tool.skillwage-docs.hooks[0]",
    )
    assert problem.message == f"无法加载校验钩子 {spec}：{expected}"


def test_hooks_are_never_loaded_from_the_contexts_folder(
    tmp_path: Path, contexts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "executed"
    (contexts / "evil.py").write_text(
        f"open({str(marker)!r}, 'w').close()\ndef run(ctx):\n    return []\n", "utf-8"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.skillwage-docs]\nhooks = ["contexts.evil:run", "evil:run"]\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(contexts))  # even when the folder is importable
    loaded = load_agreements(contexts, "yangquan")
    with pytest.raises(InputError) as caught:
        validate(loaded, load_minimum_wages(contexts / "minimum_wages"))
    refused = caught.value.findings
    assert [problem.field for problem in refused] == [
        "tool.skillwage-docs.hooks[0]",
        "tool.skillwage-docs.hooks[1]",
    ]
    assert all("位于 contexts 目录内，拒绝加载" in problem.message for problem in refused)
    summary = caught.value.lines(tmp_path)[-1]
    assert summary == "pyproject.toml:1: tool.skillwage-docs: 校验钩子无法加载"
    assert not marker.exists()


# --- property: a figure at or below the minimum is always caught --------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_figure_at_or_below_the_minimum_is_an_error(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(REAL), label="agreement")
    agreement = item.agreement
    minimum = TABLE.in_force("shanxi", agreement.covered_areas, agreement.term.start).monthly
    amount = data.draw(
        st.decimals(min_value=Decimal("0.01"), max_value=minimum, places=2), label="figure"
    )
    schedules = ["skill_levels"] + (["occupations"] if agreement.occupations else [])
    schedule = data.draw(st.sampled_from(schedules), label="schedule")
    if schedule == "skill_levels":
        index = data.draw(st.integers(0, len(agreement.skill_levels) - 1), label="level")
        rows = list(agreement.skill_levels)
        rows[index] = rows[index].model_copy(update={"monthly": amount})
        changed = _replace(item, skill_levels=rows)
        field = f"skill_levels[{index}].monthly"
    else:
        index = data.draw(st.integers(0, len(agreement.occupations) - 1), label="occupation")
        occupation = agreement.occupations[index]
        level = data.draw(st.sampled_from(sorted(occupation.monthly)), label="level")
        occupations = list(agreement.occupations)
        occupations[index] = occupation.model_copy(
            update={"monthly": {**occupation.monthly, level: amount}}
        )
        changed = _replace(item, occupations=occupations)
        field = f"occupations[{index}].monthly.{level.value}"
    report = validate([changed], TABLE, hooks=NO_HOOKS, config=ProjectConfig())
    assert not report.ok
    hits = [f for f in report.errors if f.rule == "monthly_above_minimum" and f.field == field]
    assert len(hits) == 1 and hits[0].figure == amount and hits[0].limit == minimum


# --- issue 12: effect, citations, senior technicians ------------------------------------------


def test_term_start_before_effect_passes_with_back_pay(contexts: Path) -> None:
    """mining.yaml starts before signing + 25 days but promises back pay (back_pay: true)."""
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "mining")
    assert code == 0 and "生效前不能执行" not in out
    assert by_rule(check(contexts), "term_start_before_effect") == []


def test_term_start_before_effect_warns_without_back_pay(
    contexts: Path, edit: Callable[[str, str, str], Path]
) -> None:
    """A term starting before signing + 25 days (10 filing + 15 review, 《劳动合同法》第五十四条)
    without the back-pay clause is a warning (an error under --strict)."""
    edit("yangquan/mining.yaml", "back_pay: true\n", "")
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "mining")
    assert code == 0
    line = next(x for x in out.splitlines() if "生效前不能执行" in x)
    assert "mining.yaml:" in line and "term.start" in line
    assert "2025-07-01 早于签订日期 2025-06-18 加报送审查的 25 日（2025-07-13）" in line
    assert "back_pay: true" in line
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "mining", "--strict")
    assert code == 1 and "生效前不能执行" in out
    report = check(contexts)
    (finding,) = by_rule(report, "term_start_before_effect")
    assert finding.agreement == "mining" and finding.severity == "warning"
    assert "term: {start: 2025-07-01" in text_at(finding.location())


def test_term_start_before_effect_passes_a_start_on_signing_plus_25_days(
    contexts: Path, edit: Callable[[str, str, str], Path]
) -> None:
    edit("yangquan/mining.yaml", "back_pay: true\n", "")
    edit("yangquan/mining.yaml", "start: 2025-07-01", "start: 2025-07-13")
    assert by_rule(check(contexts), "term_start_before_effect") == []


def test_cited_documents_passes_documents_issued_before_signing(contexts: Path) -> None:
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "new-materials")
    assert code == 0 and "尚未印发" not in out
    assert by_rule(check(contexts), "cited_documents", "new-materials") == []


def test_cited_documents_fails_on_a_document_issued_after_signing(
    contexts: Path, edit: Callable[[str, str, str], Path]
) -> None:
    """A text may not cite a document issued after its signing date; the register
    (templates/clauses/citations.yaml) holds each cited document's date."""
    # Signed before 阳人社函〔2024〕254号 (2024-11-21), which region.yaml cites as a basis.
    edit("yangquan/hospitality.yaml", "signing_date: 2025-06-26", "signing_date: 2024-11-01")
    edit(
        "yangquan/hospitality.yaml",
        "{start: 2025-07-01, end: 2026-06-30}",
        "{start: 2025-01-01, end: 2025-12-31}",
    )
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "hospitality")
    assert code == 1
    lines = [x for x in out.splitlines() if "尚未印发" in x]
    assert any(
        "region.local_basis[2]" in x and "阳人社函〔2024〕254号（2024-11-21 印发）" in x
        for x in lines
    )
    # 晋政办发〔2024〕58号 (2024-12-25) grounds the exclusions clause: blamed on the signing date.
    assert any("signing_date" in x and "晋政办发〔2024〕58号" in x for x in lines)
    report = check(contexts)
    found = by_rule(report, "cited_documents", "hospitality")
    assert {f.severity for f in found if "尚未印发" in f.message} == {"error"}
    # 晋人社厅函〔2024〕1185号 has only a "not later than" date: a warning, not an error.
    assert any(f.severity == "warning" and "1185号" in f.message for f in found)
    assert by_rule(report, "cited_documents", "manufacturing") == []


def test_cited_documents_passes_a_text_signed_before_52_which_does_not_cite_it(
    contexts: Path, edit: Callable[[str, str, str], Path]
) -> None:
    """The template asks the register before citing 人社厅发〔2025〕52号 (2025-11-05): signed
    the day before, the text does not cite it and the rule has nothing to report."""
    from skillwage_docs.checks.validate import binding_minimum
    from skillwage_docs.inputs.loader import load_agreements as load
    from skillwage_docs.text.compose import render_clauses

    edit("yangquan/new-materials.yaml", "signing_date: 2026-03-20", "signing_date: 2025-11-04")
    edit("yangquan/new-materials.yaml", "{start: 2026-05-01", "{start: 2025-12-01")
    report = check(contexts)
    assert by_rule(report, "cited_documents", "new-materials") == []
    [loaded] = load(contexts, "yangquan", ["new-materials"])
    table = load_minimum_wages(contexts / "minimum_wages")
    agreement = loaded.agreement
    assert "52号" not in render_clauses(agreement, minimum=binding_minimum(agreement, table))
    blank = render_clauses(agreement, minimum=binding_minimum(agreement, table), blank=True)
    assert "参照《技能人才最低工资分类参考指引》（人社厅发〔2025〕52号）" in blank


def test_senior_technicians_floor_passes_at_or_above_the_low_end(contexts: Path) -> None:
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "new-materials")
    assert code == 0 and "低位数" not in out
    assert by_rule(check(contexts), "senior_technicians_floor", "new-materials") == []


def test_senior_technicians_floor_fails_below_the_low_end(
    contexts: Path, edit: Callable[[str, str, str], Path]
) -> None:
    """人社厅发〔2025〕52号: 特级技师、首席技师 not below the low end of senior 专技/管理 pay
    (senior_pay_low), an input figure rather than a percentage."""
    edit("yangquan/new-materials.yaml", "amount: 5000", "amount: 5900")
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "new-materials")
    assert code == 1
    bad = [x for x in out.splitlines() if "低于高级专业技术人员或管理人员工资低位数 5900 元" in x]
    assert len(bad) == 2  # 特级技师 5000 in the levels table, 5800 in 核心类
    report = check(contexts)
    found = by_rule(report, "senior_technicians_floor", "new-materials")
    first = next(f for f in found if f.field == "skill_levels[5].monthly")
    assert_names_everything(first, "monthly: 5000")
    assert first.limit == 5900 and first.source == "人社厅发〔2025〕52号"


def test_senior_technicians_floor_warns_without_the_low_end(contexts: Path) -> None:
    # Without the input figure the rule cannot check: a warning naming the field to fill.
    path = contexts / "yangquan" / "new-materials.yaml"
    path.write_text(
        re.sub(r"senior_pay_low:\n(  .*\n)+", "", path.read_text("utf-8")), encoding="utf-8"
    )
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "new-materials")
    assert code == 0 and "没有填写 senior_pay_low" in out
    (missing,) = by_rule(check(contexts), "senior_technicians_floor", "new-materials")
    assert missing.severity == "warning" and missing.field == "skill_levels[5].monthly"


# --- the bargaining packet: representatives' lists and votes (rules_packet.py, issue 14) ---------
# yuxian-construction.yaml lists three a side (赵建军 chief, 刘洋, the outside expert 陈静 — one
# third exactly; 王志远 chief, 杨帆, 黄磊) and three accepting enterprises; 甲 45/40/36,
# 乙 86/70/61, 丙 30/24/20 (all / present / in favour). high-tech-zone.yaml lists five a side
# and an authorisation of 武海燕.
YUXIAN = "yangquan/yuxian-construction.yaml"


def packet_case(
    contexts: Path, edit: Callable[[str, str, str], Path], rule: str, *edits: tuple[str, str]
) -> tuple[list[Finding], int, list[str]]:
    """Apply `edits` to the 盂县 context; the rule's findings, and the CLI's exit code and the
    lines it printed for that file."""
    for old, new in edits:
        edit(YUXIAN, old, new)
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "yuxian-construction")
    lines = [line for line in out.splitlines() if "yuxian-construction.yaml:" in line]
    return by_rule(check(contexts), rule, "yuxian-construction"), code, lines


def test_packet_rules_pass_on_the_recorded_lists_and_votes(contexts: Path) -> None:
    report = check(contexts)
    assert [f.render() for f in report.findings if f.rule in PACKET_RULE_NAMES] == []
    code, out = run_cli(contexts, "validate", "yangquan")
    assert (
        code == 0 and "procedure.representatives" not in out and "procedure.assemblies" not in out
    )


PACKET_RULE_NAMES = (
    "delegation_matches_party",
    "delegations_equal",
    "delegation_at_least_three",
    "outside_experts_third",
    "nobody_on_both_sides",
    "assembly_votes",
)


def recorded_passes(contexts: Path, rule: str) -> None:
    """The recorded 盂县 and 高新区 papers pass `rule` — and do hold the lists it reads, so the
    pass is not for want of data."""
    for slug in ("yuxian-construction", "high-tech-zone"):
        (loaded,) = [
            item for item in load_agreements(contexts, "yangquan") if item.agreement.slug == slug
        ]
        representatives = loaded.agreement.procedure.representatives
        assert representatives is not None and representatives.worker.members
        assert by_rule(check(contexts), rule, slug) == []


def test_delegation_matches_party_passes_the_recorded_lists(contexts: Path) -> None:
    recorded_passes(contexts, "delegation_matches_party")


def test_delegations_equal_passes_three_and_three(contexts: Path) -> None:
    recorded_passes(contexts, "delegations_equal")


def test_delegation_at_least_three_passes_three_a_side(contexts: Path) -> None:
    recorded_passes(contexts, "delegation_at_least_three")


def test_outside_experts_third_passes_one_in_three(contexts: Path) -> None:
    # 盂县's worker side: 陈静, one outside expert of three — the boundary 第二十三条 allows
    recorded_passes(contexts, "outside_experts_third")


def test_nobody_on_both_sides_passes_two_distinct_lists(contexts: Path) -> None:
    recorded_passes(contexts, "nobody_on_both_sides")


@pytest.mark.parametrize(
    ("old", "new", "field", "expected"),
    [
        ("{name: 赵建军, post:", "{name: 赵建国, post:",
         "procedure.representatives.worker.members[0].name",
         "职工方名单的首席代表“赵建国”与 worker_party.chief_representative（“赵建军”）不一致"),
        ("      chosen_by: 企业推举", "      chosen_by: 行业协会指派",
         "procedure.representatives.employer.chosen_by",
         "企业方协商代表的产生方式写为“行业协会指派”，但合同写明企业方协商代表企业推举产生"),
        ("{name: 刘洋, post: 山西盂城建设集团有限公司工会主席}",
         "{name: 刘洋, post: 山西盂城建设集团有限公司工会主席, role: 首席代表}",
         "procedure.representatives.worker.members", "应有且只有一名首席代表（role: 首席代表），实际 2 名"),
    ],
)  # fmt: skip
def test_delegation_matches_party_fails_on_a_list_against_the_party(
    contexts: Path, edit: Callable[..., Path], old: str, new: str, field: str, expected: str
) -> None:
    found, code, lines = packet_case(contexts, edit, "delegation_matches_party", (old, new))
    assert [(f.severity, f.field) for f in found] == [("error", field)]
    assert expected in found[0].message and "第十九条" in found[0].source
    assert code == 1 and any(f"{field}: " in line and expected in line for line in lines), lines


def test_delegation_matches_party_fails_on_an_authorisation_to_another(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/high-tech-zone.yaml", "grantee: 武海燕", "grantee: 王芳")
    (found,) = by_rule(check(contexts), "delegation_matches_party", "high-tech-zone")
    assert found.field == "procedure.representatives.worker.authorisation.grantee"
    assert "授权书的被授权人“王芳”不是职工方首席代表“武海燕”" in found.message
    assert "grantee: 王芳" in text_at(found.location())


def test_delegations_equal_fails_on_three_against_four(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    extra = "        - {name: 黄磊, post: 盂县恒达建筑安装有限公司人力资源部经理}\n"
    found, code, lines = packet_case(
        contexts,
        edit,
        "delegations_equal",
        (extra, extra + "        - {name: 吴刚, post: 盂县宏泰路桥工程有限公司经理}\n"),
    )
    assert [(f.severity, f.field) for f in found] == [
        ("error", "procedure.representatives.employer.members")
    ]
    assert "职工方名单 3 人，企业方名单 4 人" in found[0].message
    assert code == 1 and any("职工方名单 3 人，企业方名单 4 人" in line for line in lines)
    # the list now also disagrees with employer_party.representatives (3)
    assert by_rule(check(contexts), "delegation_matches_party", "yuxian-construction")


def test_delegation_at_least_three_fails_on_two(contexts: Path, edit: Callable[..., Path]) -> None:
    found, code, lines = packet_case(
        contexts,
        edit,
        "delegation_at_least_three",
        ("        - {name: 黄磊, post: 盂县恒达建筑安装有限公司人力资源部经理}\n", ""),
    )
    assert [(f.severity, f.field) for f in found] == [
        ("error", "procedure.representatives.employer.members")
    ]
    assert "企业方名单只有 2 人，每方协商代表至少三人" in found[0].message
    assert code == 1 and any("企业方名单只有 2 人" in line for line in lines)


def test_outside_experts_third_fails_on_two_of_three(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # one of three is the most (第二十三条); the recorded list sits on that boundary and passes
    assert by_rule(check(contexts), "outside_experts_third") == []
    found, code, lines = packet_case(
        contexts,
        edit,
        "outside_experts_third",
        (
            "{name: 刘洋, post: 山西盂城建设集团有限公司工会主席}",
            "{name: 刘洋, post: 山西盂城建设集团有限公司工会主席, role: 外聘专家}",
        ),
    )
    assert [(f.severity, f.field) for f in found] == [
        ("error", "procedure.representatives.worker.members")
    ]
    assert "职工方外聘专家 2 人，超过本方协商代表 3 人的三分之一" in found[0].message
    assert "第二十三条" in found[0].source
    assert code == 1 and any("外聘专家 2 人" in line for line in lines)


@pytest.mark.parametrize(
    ("post", "severity", "code"),
    [
        ("山西盂城建设集团有限公司工会主席", "error", 1),
        ("盂县恒达建筑安装有限公司人力资源部经理", "warning", 0),
    ],
)
def test_nobody_on_both_sides_fails_on_one_person_on_both(
    contexts: Path, edit: Callable[..., Path], post: str, severity: str, code: int
) -> None:
    found, exit_code, lines = packet_case(
        contexts,
        edit,
        "nobody_on_both_sides",
        (
            "{name: 黄磊, post: 盂县恒达建筑安装有限公司人力资源部经理}",
            f"{{name: 刘洋, post: {post}}}",
        ),
    )
    assert [(f.severity, f.field) for f in found] == [
        (severity, "procedure.representatives.employer.members[2].name")
    ]
    assert "“刘洋”同时列在职工方和企业方的协商代表名单中" in found[0].message
    assert "第二十四条" in found[0].source
    assert exit_code == code and any("“刘洋”同时列在" in line for line in lines)


ZONE = "yangquan/high-tech-zone.yaml"
ZONE_VOTE = "present: 167, in_favour: 152, against: 9, abstained: 6}"


def zone_case(
    contexts: Path, edit: Callable[[str, str, str], Path], rule: str, *edits: tuple[str, str]
) -> tuple[list[Finding], int, list[str]]:
    """As packet_case, on the 高新区 context: its 区域职工代表大会 (the assembly route)."""
    for old, new in edits:
        edit(ZONE, old, new)
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "high-tech-zone")
    lines = [line for line in out.splitlines() if "high-tech-zone.yaml:" in line]
    return by_rule(check(contexts), rule, "high-tech-zone"), code, lines


@pytest.mark.parametrize(
    ("counts", "field", "severity", "expected"),
    [
        ("present: 123, in_favour: 100, against: 9, abstained: 6}", "procedure.assemblies[0].present",
         "error", "阳泉高新区职工代表大会出席 123 人，不足全体职工代表 186 人的三分之二"),
        ("present: 167, in_favour: 92, against: 60, abstained: 6}", "procedure.assemblies[0].in_favour",
         "error", "阳泉高新区职工代表大会同意 92 人，未达到全体职工代表 186 人的半数，草案未获通过"),
        ("present: 167, in_favour: 93, against: 60, abstained: 6}", "procedure.assemblies[0].in_favour",
         "warning", "恰为全体职工代表 186 人的半数"),
    ],
)  # fmt: skip
def test_assembly_votes_fails_short_of_the_quorum_or_the_majority(
    contexts: Path,
    edit: Callable[..., Path],
    counts: str,
    field: str,
    severity: str,
    expected: str,
) -> None:
    found, code, lines = zone_case(contexts, edit, "assembly_votes", (ZONE_VOTE, counts))
    assert [(f.severity, f.field) for f in found] == [(severity, field)]
    assert expected in found[0].message and "第三十六条" in found[0].source
    assert code == (1 if severity == "error" else 0)
    assert any(f"{field}: " in line and expected in line for line in lines), lines


def test_assembly_votes_passes_at_two_thirds_present_and_more_than_half_in_favour(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # 124 of 186 present is two thirds exactly (第三十六条: 三分之二以上), 94 of 186 in favour
    found, code, lines = zone_case(
        contexts, edit, "assembly_votes", (ZONE_VOTE, "present: 124, in_favour: 94}")
    )
    assert found == [] and code == 0
    assert not [line for line in lines if "procedure.assemblies" in line]
    # under the enterprise route one enterprise's failed vote is a counted outcome, not an error
    # (盂县: 瑞丰 37 of 58 present)
    assert by_rule(check(contexts), "assembly_votes", "yuxian-construction") == []


# --- issue 20: approval, skilled-post floors, pay, carve-outs, provinces ------------------------

YUXIAN_FIRST = "workers: 1260, delegates: 63"


def test_approval_recorded_passes_the_recorded_votes(contexts: Path) -> None:
    """盂县: enterprises employing 3016 of 5200 covered workers passed (over half); 高新区: 186
    delegates elected at one for every 100 workers (at least 145) from 112 enterprises."""
    report = check(contexts)
    assert by_rule(report, "approval_recorded") == []
    assert report.ok


def test_approval_recorded_fails_when_the_passing_enterprises_employ_too_few(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    found, code, lines = packet_case(
        contexts, edit, "approval_recorded", (YUXIAN_FIRST, "workers: 260, delegates: 63")
    )
    assert [(f.severity, f.field) for f in found] == [("error", "procedure.assemblies")]
    assert found[0].message == (
        "审议通过的企业 5 家，职工合计 2016 人，占覆盖职工 5200 人的 38.8%，未达到合同写明的"
        "“超过半数”：草案未获通过，不能签订"
    )
    assert code == 1 and any("未达到合同写明的“超过半数”" in line for line in lines)


def test_approval_recorded_fails_on_a_threshold_of_two_thirds(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # 3016 of 5200 is 58.0 %: over half, short of two thirds (3467)
    found, _, _ = packet_case(
        contexts, edit, "approval_recorded", ("threshold: 过半数}", "threshold: 三分之二以上}")
    )
    assert [f.severity for f in found] == ["error"]
    assert "占覆盖职工 5200 人的 58.0%，未达到合同写明的“三分之二以上”" in found[0].message


def test_approval_recorded_fails_on_an_enterprise_without_its_workers(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    found, code, _ = packet_case(
        contexts, edit, "approval_recorded", (YUXIAN_FIRST, "delegates: 63")
    )
    assert [(f.severity, f.field) for f in found] == [("error", "procedure.assemblies[0]")]
    assert "山西盂城建设集团有限公司没有职工人数（workers）" in found[0].message
    assert code == 1


def test_approval_recorded_fails_on_an_enterprise_vote_under_the_assembly_route(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    found, code, _ = zone_case(
        contexts,
        edit,
        "approval_recorded",
        (
            "body: 阳泉高新区职工代表大会, enterprises: 112,",
            "enterprise: 阳泉华锐电子科技有限公司,",
        ),
    )
    assert [(f.severity, f.field) for f in found] == [
        ("error", "procedure.assemblies[0].enterprise")
    ]
    assert (
        "合同写明草案由区域职工代表大会审议（approval），而这里记录的是阳泉华锐电子科技有限公司的审议"
        in (found[0].message)
    )
    assert code == 1


def test_approval_recorded_warns_on_fewer_delegates_than_the_ratio_gives(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    # one for every 100 of about 14500 workers: at least 145 delegates, not 120
    found, code, _ = zone_case(
        contexts,
        edit,
        "approval_recorded",
        (
            "delegates: 186, present: 167, in_favour: 152",
            "delegates: 120, present: 106, in_favour: 91",
        ),
    )
    assert [(f.severity, f.field) for f in found] == [
        ("warning", "procedure.assemblies[0].delegates")
    ]
    assert "区域职工代表大会代表 120 人，少于合同写明的选举比例应有的人数" in found[0].message
    assert "至少 145 人" in found[0].message
    assert code == 0


def test_the_unsourced_approval_value_is_refused_with_its_own_message(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/coal.yaml", "approval: {route: 职工代表大会, workers_per_delegate: 200}",
         "approval: 认可企业")  # fmt: skip
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "coal")
    assert code == 2
    assert "coal.yaml:" in out and "approval: “认可企业”（只由认可草案的企业审议）没有依据" in out


def test_apprentices_defined_passes_a_defined_apprenticeship(contexts: Path) -> None:
    # manufacturing and 平定县 have a 学徒工 row and a written 企业新型学徒制 of 18 and 12 months
    assert by_rule(check(contexts), "apprentices_defined") == []


def test_apprentices_defined_fails_on_an_apprentice_row_without_a_programme(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit(
        "yangquan/manufacturing.yaml",
        "apprenticeship: {programme: 企业新型学徒制, months: 18}\n",
        "",
    )
    (found,) = by_rule(check(contexts), "apprentices_defined", "manufacturing")
    assert (found.severity, found.field, found.label) == (
        "error",
        "skill_levels[0].level",
        "学徒工",
    )
    assert "有学徒工标准，但没有写明学徒的范围" in found.message
    assert "level: 学徒工" in text_at(found.location())


def test_apprentices_defined_fails_on_a_period_over_two_years(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit(
        "yangquan/manufacturing.yaml",
        "programme: 企业新型学徒制, months: 18}",
        "programme: 企业新型学徒制, months: 30}",
    )
    (found,) = by_rule(check(contexts), "apprentices_defined", "manufacturing")
    assert (found.severity, found.field) == ("error", "apprenticeship.months")
    assert "学徒培养期 30 个月，超过 24 个月" in found.message


def test_entry_pay_passes_an_entry_figure_between_the_minimum_and_the_lowest_level(
    contexts: Path,
) -> None:
    # 荫营镇: 2250 for three months, above the minimum (2150) and below 初级工 (2300)
    report = check(contexts)
    assert by_rule(report, "entry_pay") == []
    assert by_rule(report, "monthly_above_minimum", "yinying-town") == []


def test_entry_pay_warns_on_an_entry_figure_at_the_lowest_level(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit(
        "yangquan/yinying-town.yaml",
        "entry: {monthly: 2250, months: 3}",
        "entry: {monthly: 2300, months: 3}",
    )
    (found,) = by_rule(check(contexts), "entry_pay", "yinying-town")
    assert (found.severity, found.field) == ("warning", "entry.monthly")
    assert "入职标准 2300 元不低于初级工标准 2300 元" in found.message


def test_an_entry_figure_at_the_minimum_is_refused(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    """Issue 20 point 2: no skilled post at the statutory minimum, not even for months."""
    edit(
        "yangquan/yinying-town.yaml",
        "entry: {monthly: 2250, months: 3}",
        "entry: {monthly: 2150, months: 3}",
    )
    (found,) = by_rule(check(contexts), "monthly_above_minimum", "yinying-town")
    assert (found.field, found.label, found.figure, found.limit) == (
        "entry.monthly",
        "入职",
        Decimal("2150"),
        Decimal("2150"),
    )
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "yinying-town")
    assert code == 1 and "entry.monthly（入职）: 2150 元不高于当地最低工资标准 2150 元" in out


def test_the_retired_uncertified_period_is_refused_at_its_key(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/yinying-town.yaml", "entry: {monthly: 2250, months: 3}", "uncertified_months: 6")
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "yinying-town")
    assert code == 2
    line = next(x for x in out.splitlines() if "uncertified_months" in x)
    assert "yinying-town.yaml:" in line and "uncertified_months: uncertified_months 已取消" in line
    assert "entry: {monthly: 高于当地最低工资的数额, months: 不超过6}" in line


def test_part_time_floor_passes_hourly_figures_at_every_level(contexts: Path) -> None:
    assert by_rule(check(contexts), "part_time_floor") == []


def test_part_time_floor_fails_on_a_level_without_an_hourly_figure(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit(
        "yangquan/equipment.yaml",
        "{level: 技师, monthly: 3500, hourly: 37}",
        "{level: 技师, monthly: 3500}",
    )
    (found,) = by_rule(check(contexts), "part_time_floor", "equipment")
    assert (found.severity, found.field, found.label) == ("error", "skill_levels[3].hourly", "技师")
    assert found.message.startswith("当地有非全日制用工小时最低工资标准 23.2 元/小时")
    assert "level: 技师" in text_at(found.location())


def test_own_contributions_passes_where_the_province_says(contexts: Path) -> None:
    # 晋政办发〔2024〕58号: inside the Shanxi minimum
    assert by_rule(check(contexts), "own_contributions") == []


def test_own_contributions_warns_where_neither_the_province_nor_the_parties_say(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("minimum_wages/shanxi.yaml", "      contributions_included: true\n", "")
    report = check(contexts)
    found = by_rule(report, "own_contributions")
    assert {f.agreement for f in found} == {x.agreement.slug for x in REAL}
    assert all(f.severity == "warning" for f in found)
    assert "山西省最低工资表没有写明最低工资是否包含劳动者个人缴纳的社会保险费和住房公积金" in (
        found[0].message
    )
    edit(
        "yangquan/mining.yaml", "back_pay: true\n", "back_pay: true\nexclude_contributions: true\n"
    )
    assert "mining" not in {f.agreement for f in by_rule(check(contexts), "own_contributions")}


def test_skilled_posts_passes_posts_in_the_schedules_categories(contexts: Path) -> None:
    assert by_rule(check(contexts), "skilled_posts") == []


def test_skilled_posts_fails_on_a_category_the_schedule_lacks(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit(
        "yangquan/equipment.yaml",
        "occupation: 电工, category: 复合技能型",
        "occupation: 电工, category: 核心类",
    )
    (found,) = by_rule(check(contexts), "skilled_posts", "equipment")
    assert (found.severity, found.field) == ("error", "posts[2].category")
    assert "岗位“电气装配调试岗”的类别“核心类”不是本合同的岗位类别" in found.message


def test_carve_outs_passes_coal_in_force_and_higher(contexts: Path) -> None:
    """mining hands coal over: coal took effect 2025-06-24 (filed 06-09, no objection), before
    mining's start 2025-07-01, and pays more at every level."""
    assert by_rule(check(contexts), "carve_outs") == []
    # the same from a single-agreement run: the named contract is read from the folder
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "mining")
    assert code == 0 and "carve_outs[" not in out


CARVE_EQUIPMENT = """carve_outs:
  - part: 装备制造企业
    agreement: equipment
    title: 阳泉市装备制造业技能人才最低工资集体合同
"""


def test_carve_outs_fails_on_a_contract_lower_and_not_yet_in_force(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    """Issue 20 point 4: manufacturing carving out equipment would lower 高级技师 (equipment 4000,
    manufacturing 3900 + 800 allowance) and leave a gap (equipment filed 2025-07-03: in force
    on 2025-07-18 at the earliest, manufacturing starts 2025-07-01)."""
    edit("yangquan/manufacturing.yaml", "apprenticeship:", CARVE_EQUIPMENT + "apprenticeship:")
    found = by_rule(check(contexts), "carve_outs", "manufacturing")
    messages = [f.message for f in found]
    assert all(f.severity == "error" and f.field == "carve_outs[0].agreement" for f in found)
    assert any(
        "在本合同起始日 2025-07-01 尚未生效（最早 2025-07-18 生效）" in m for m in messages
    ), messages
    assert any(
        "的高级技师月标准 4000 元低于本合同的 4700 元：划出会降低装备制造企业技能人才的保底标准"
        in m
        for m in messages
    ), messages
    assert any("的学徒工标准没有标准，而本合同为 2250 元" in m for m in messages), messages
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", "manufacturing")
    assert code == 1 and "carve_outs[0].agreement" in out


def test_carve_outs_fails_on_a_contract_the_region_lacks(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit("yangquan/mining.yaml", "    agreement: coal\n", "    agreement: coke\n")
    (found,) = by_rule(check(contexts), "carve_outs", "mining")
    assert found.field == "carve_outs[0].agreement"
    assert "本地区没有这份合同（yangquan/coke.yaml 不存在或无法读取）" in found.message


def test_province_documents_passes_shanxi_documents_in_a_shanxi_text(contexts: Path) -> None:
    assert by_rule(check(contexts), "province_documents") == []


def test_province_documents_fails_on_another_provinces_document(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    """Issue 20 point 11: a 广东 text citing 《山西省企业集体合同条例》 is refused."""
    edit("yangquan/yinying-town.yaml", "areas: [阳泉市郊区]",
         "areas: [东莞市]\nregion:\n  code: yangquan\n  name: 东莞市\n  province: 广东省\n"
         "  province_code: guangdong\n  areas: [东莞市]\n  local_basis: [《山西省企业集体合同条例》]\n"
         "  skill_assessment_basis: null")  # fmt: skip
    edit("yangquan/yinying-town.yaml", "entry: {monthly: 2250, months: 3}", "")
    found = by_rule(check(contexts), "province_documents", "yinying-town")
    assert [f.field for f in found] == ["region.local_basis[0]"]
    assert (
        "合同文本引用了山西省的文件 《山西省企业集体合同条例》，而本合同在广东省"
        in found[0].message
    )


def test_province_documents_fails_on_an_unregistered_local_basis(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    edit(
        "yangquan/region.yaml",
        "    - 阳人社函〔2024〕254号\n",
        "    - 阳人社函〔2024〕254号\n    - 《阳泉市集体合同办法》\n",
    )
    found = by_rule(check(contexts), "province_documents")
    assert found and all(f.field == "region.local_basis[3]" for f in found)
    assert (
        "依据文件 《阳泉市集体合同办法》 不在引用文件登记表（citations.yaml）中" in found[0].message
    )


# --- issue 21: the further papers' data (rules_papers.py) ----------------------------------------
# yuxian-construction.yaml: filed 2026-04-28, objected to 2026-05-08, signed again 05-12, re-filed
# 05-13, answered 05-26; a deadlock taken to the authority 2026-03-13 (要约 02-20, signing 04-22);
# a dissolution agreed 2026-11-27 (term to 2028-05-31). high-tech-zone.yaml: representatives made
# public 2025-04-21, first meeting 05-13, draft out for comment 05-29 to 06-04, assembly 06-12;
# six elections at one delegate for every 100 workers (1240 workers → 13); a variation to
# 2500…3550 a month against 山西省一类 2150.


def test_papers_in_order_passes_the_recorded_steps(contexts: Path) -> None:
    report = check(contexts)
    assert by_rule(report, "papers_in_order") == []
    assert report.ok


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "severity", "expected"),
    [
        (YUXIAN, "signed_on: 2026-05-12\n    refiled_on: 2026-05-13",
         "signed_on: 2026-05-06\n    refiled_on: 2026-05-07", "procedure.resubmission.refiled_on", "error",
         "重新报送早于审查意见书（2026-05-07 早于 2026-05-08）"),
        (YUXIAN, "signed_on: 2026-05-12", "signed_on: 2026-05-01",
         "procedure.resubmission.refiled_on", "warning",
         "重新报送（2026-05-13）在重新签订后第 12 日，超过十日"),
        (YUXIAN, "on: 2026-05-26, record:", "on: 2026-05-10, record:", "procedure.review.on",
         "error", "审查结果早于重新报送日期"),
        (YUXIAN, "    on: 2026-03-13\n", "    on: 2026-04-30\n", "procedure.dispute.on", "error",
         "协调处理申请晚于签订"),
        (ZONE, "    until: 2025-06-04\n", "    until: 2025-06-14\n",
         "procedure.consultation.until", "error", "审议早于征求意见期满（2025-06-12 早于 2025-06-14）"),
        (ZONE, "    on: 2025-04-21\n    until: 2025-04-27", "    on: 2025-05-14\n    until: 2025-05-20",
         "procedure.roster.on", "warning",
         "协商代表公示（2025-05-14）晚于第一次协商会议（2025-05-13）"),
        (YUXIAN, "      on: 2026-11-27\n", "      on: 2028-06-02\n", "procedure.variations[0].on",
         "error", "解除协议晚于合同期满"),
    ],
)  # fmt: skip
def test_papers_in_order_fails_on_a_step_out_of_order(
    contexts: Path,
    edit: Callable[..., Path],
    file: str,
    old: str,
    new: str,
    field: str,
    severity: str,
    expected: str,
) -> None:
    edit(file, old, new)
    slug = Path(file).stem
    found = by_rule(check(contexts), "papers_in_order", slug)
    assert [(f.severity, f.field) for f in found] == [(severity, field)], found
    assert expected in found[0].message
    code, out = run_cli(contexts, "validate", "yangquan", "--agreement", slug)
    assert code == (1 if severity == "error" else 0)
    assert any(f"{slug}.yaml:" in line and f"{field}: " in line for line in out.splitlines())


ZONE_ELECTION = "workers: 1240, delegates: 13,"


def test_elected_delegates_passes_the_recorded_elections(contexts: Path) -> None:
    assert by_rule(check(contexts), "elected_delegates") == []


def test_elected_delegates_warns_on_an_enterprise_short_of_its_ratio(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    found, code, lines = zone_case(
        contexts, edit, "elected_delegates", (ZONE_ELECTION, "workers: 1240, delegates: 12,")
    )
    assert [(f.severity, f.field) for f in found] == [
        ("warning", "procedure.elections[0].delegates")
    ]
    assert (
        "阳泉晋东重型装备有限公司职工 1240 人，按每 100 名职工一名应选代表 13 人，只选出 12 人"
        in (found[0].message)
    )
    assert code == 0 and any("procedure.elections[0].delegates: " in line for line in lines)


def test_elected_delegates_fails_when_more_are_elected_than_the_assembly_has(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    found, code, _ = zone_case(
        contexts, edit, "elected_delegates", (ZONE_ELECTION, "workers: 1240, delegates: 180,")
    )
    assert [(f.severity, f.field) for f in found] == [("error", "procedure.elections")]
    assert "各企业选出代表合计 206 人，多于大会全体代表 186 人" in found[0].message
    assert code == 1


ZONE_VARIED = "levels: {初级工: 2500, 中级工: 2650,"


def test_variation_figures_passes_the_recorded_variation(contexts: Path) -> None:
    assert by_rule(check(contexts), "variation_figures") == []


@pytest.mark.parametrize(
    ("new", "field", "expected"),
    [
        ("levels: {初级工: 2150, 中级工: 2650,", "procedure.variations[0].levels.初级工",
         "变更后初级工月最低工资 2150 元不高于当地月最低工资标准 2150 元"),
        ("levels: {初级工: 2500, 中级工: 2450,", "procedure.variations[0].levels.中级工",
         "变更后中级工月最低工资 2450 元低于初级工的 2500 元"),
    ],
)  # fmt: skip
def test_variation_figures_fails_at_the_minimum_or_falling_with_the_level(
    contexts: Path, edit: Callable[..., Path], new: str, field: str, expected: str
) -> None:
    found, code, lines = zone_case(contexts, edit, "variation_figures", (ZONE_VARIED, new))
    assert [(f.severity, f.field) for f in found] == [("error", field)]
    assert expected in found[0].message and code == 1
    assert any(field in line and expected in line for line in lines), lines


def test_cited_documents_passes_the_numbers_of_the_answers_on_record(
    contexts: Path, edit: Callable[..., Path]
) -> None:
    """The 审查意见书 numbers (盂人社集审〔2026〕1号, 2号) are records the papers print, not a
    basis to date against the signing; a number written elsewhere is still a citation."""
    # `validate` composes every paper, whose texts the rule reads (the resubmission letter prints
    # both numbers)
    _, out = run_cli(contexts, "validate", "yangquan", "--agreement", "yuxian-construction")
    assert "引用了 盂人社集审" not in out
    edit(YUXIAN, "      - 补充各企业职工人数", "      - 依照盂人社发〔2026〕9号补充各企业职工人数")
    _, out = run_cli(contexts, "validate", "yangquan", "--agreement", "yuxian-construction")
    (line,) = [line for line in out.splitlines() if "盂人社发〔2026〕9号" in line]
    assert "盂人社发〔2026〕9号，但引用文件登记表（citations.yaml）没有它的发文日期" in line
