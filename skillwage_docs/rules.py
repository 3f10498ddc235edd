"""Validation: the rules every agreement must pass, plus hooks a project plugs in.

The central rule is cross-file: each figure of a context against the minimum-wage table.
Every rule runs on every agreement and all findings are collected before anyone fails, so one
run lists every problem (the CLI exits 1 if any is an error). `strict` turns warnings into
errors, as mkdocs' `--strict` does.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from decimal import ROUND_CEILING, Decimal
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from .agreement import Agreement, LoadedAgreement, SkillLevel
from .citations import citations_in, register
from .compose import SENIOR_LEVELS, render_clauses
from .errors import InputError
from .figures import add_months, yuan
from .minimum_wage import Applicable, MinimumWageTable
from .procedure import EFFECT_DAYS, FILING_DAYS, REPLY_DAYS, latest_effective, timeline
from .rules_packet import PACKET_RULES
from .yamlsource import Path_, dotted

__all__ = [
    "BUILTIN_RULES",
    "ENTRY_POINT_GROUP",
    "SWITCHABLE_RULES",
    "Finding",
    "Hook",
    "NamedHook",
    "ProjectConfig",
    "Report",
    "RuleContext",
    "binding_minimum",
    "discover_hooks",
    "load_config",
    "validate",
]

Severity = Literal["error", "warning"]
ENTRY_POINT_GROUP = "skillwage_docs.validators"
CONFIG_SECTION = "skillwage-docs"

# 《集体合同规定》第三十八条: a collective contract runs generally 1 to 3 years.
MAX_TERM_MONTHS = 36
MIN_TERM_MONTHS = 12

# 人社厅发〔2025〕52号 post categories and their reported floors as a share of the legal
# minimum [V2]; a project may override them in pyproject.toml.
DEFAULT_CATEGORY_FLOORS: Mapping[str, Decimal] = {
    "基础类": Decimal("1.05"),
    "重要类": Decimal("1.20"),
    "关键类": Decimal("1.50"),
    "核心类": Decimal("2.00"),
}

NOTICE_2024_51 = "人社厅发〔2024〕51号"
NOTICE_2025_52 = "人社厅发〔2025〕52号"
MIN_WAGE_RULES = "《最低工资规定》"
CONTRACT_RULES = "《集体合同规定》"


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What escape_markup drops or folds: named in a warning so the author can clean the source.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem, pointing at the file and line that holds the offending value."""

    severity: Severity
    location: str
    field: str
    figure: Decimal | None = None
    limit: Decimal | None = None
    source: str = ""
    message: str
    label: str = ""
    rule: str = ""
    agreement: str = ""

    def __post_init__(self) -> None:
        # Messages quote data (an occupation name): never a raw line break or terminal escape.
        for name in ("field", "label", "message"):
            object.__setattr__(self, name, _printable(getattr(self, name)))

    def line(self) -> str:
        """`file:line: field（label）: message`, the form editors and CI annotate."""
        label = f"（{self.label}）" if self.label else ""
        return f"{self.location}: {self.field}{label}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("figure", "limit"):
            data[key] = None if data[key] is None else yuan(data[key])
        return data


@dataclass(frozen=True)
class ProjectConfig:
    """`[tool.skillwage-docs]` of the project's pyproject.toml."""

    hooks: tuple[str, ...] = ()
    category_floors: Mapping[str, Decimal] = field(
        default_factory=lambda: dict(DEFAULT_CATEGORY_FLOORS)
    )
    path: Path | None = None

    @property
    def root(self) -> Path | None:
        return self.path.parent if self.path is not None else None

    def where(self, text: str) -> str:
        """`pyproject.toml:line` of the first line mentioning `text` (tomllib keeps no lines)."""
        if self.path is None:
            return "pyproject.toml"
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:  # pragma: no cover - it was readable a moment ago
            lines = []
        number = next((n for n, line in enumerate(lines, 1) if text in line), 1)
        return f"{self.path}:{number}"


def load_config(pyproject: Path | None = None) -> ProjectConfig:
    """Read `[tool.skillwage-docs]` (default: ./pyproject.toml); absent file or table → defaults."""
    path = pyproject if pyproject is not None else Path.cwd() / "pyproject.toml"
    if not path.is_file():
        return ProjectConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: 无法读取配置文件（{err}）") from err
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{path}: TOML 格式错误：{err}") from err
    section = data.get("tool", {}).get(CONFIG_SECTION, {})
    if not isinstance(section, dict):
        raise InputError(f"{path}: [tool.{CONFIG_SECTION}] 应为表")
    hooks = section.get("hooks", [])
    if not isinstance(hooks, list) or not all(isinstance(h, str) for h in hooks):
        raise InputError(f'{path}: tool.{CONFIG_SECTION}.hooks 应为字符串列表（如 "pkg.mod:func"）')
    floors = dict(DEFAULT_CATEGORY_FLOORS)
    raw_floors = section.get("category_floors", {})
    if not isinstance(raw_floors, dict):
        raise InputError(f"{path}: tool.{CONFIG_SECTION}.category_floors 应为表（类别 = 比例）")
    for name, ratio in raw_floors.items():
        # bool is an int in Python; `基础类 = true` is a slip, not a ratio.
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or ratio <= 0:
            raise InputError(
                f"{path}: tool.{CONFIG_SECTION}.category_floors.{name}: 应为正数比例（如 1.05）"
            )
        floors[name] = Decimal(str(ratio))  # via str: 1.05 stays 1.05, not a binary float
    return ProjectConfig(tuple(hooks), floors, path)


@dataclass(frozen=True)
class RuleContext:
    """What a rule (or hook) sees: one agreement and the minimum wages that bind it."""

    loaded: LoadedAgreement
    applicable: Applicable
    later: tuple[Applicable, ...] = ()
    strict: bool = False
    config: ProjectConfig = field(default_factory=ProjectConfig)

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
        return Finding(
            severity=severity,
            location=self.loaded.where(*path),
            field=dotted(path),
            label=label,
            figure=figure,
            limit=limit,
            source=source,
            message=message,
            agreement=self.agreement.slug,
        )


Rule = Callable[[RuleContext], Iterable[Finding]]
Hook = Rule


@dataclass(frozen=True)
class _Figure:
    path: Path_
    label: str
    amount: Decimal


def _monthly_figures(agreement: Agreement) -> Iterator[_Figure]:
    """Every monthly amount of every schedule: by level, by category, by occupation."""
    for index, row in enumerate(agreement.skill_levels):
        yield _Figure(("skill_levels", index, "monthly"), row.level.value, row.monthly)
        if row.underground is not None:
            # 井下 figures exclude the 井下 allowance (《最低工资规定》第十二条) and must clear
            # the minimum on their own.
            yield _Figure(
                ("skill_levels", index, "underground"), f"{row.level.value}·井下", row.underground
            )
    for index, category in enumerate(agreement.categories):
        for level, amount in category.monthly.items():
            path = ("categories", index, "monthly", level.value)
            yield _Figure(path, f"{category.category}·{level.value}", amount)
    for index, occupation in enumerate(agreement.occupations):
        for level, amount in occupation.monthly.items():
            path = ("occupations", index, "monthly", level.value)
            yield _Figure(path, f"{occupation.name}·{level.value}", amount)


def _hourly_figures(agreement: Agreement) -> Iterator[_Figure]:
    for index, row in enumerate(agreement.skill_levels):
        if row.hourly is not None:
            yield _Figure(("skill_levels", index, "hourly"), row.level.value, row.hourly)


def _base_wage(agreement: Agreement) -> _Figure | None:
    if agreement.wage_form == "最低技能津贴" and agreement.base_wage is not None:
        return _Figure(("base_wage",), "", agreement.base_wage)
    return None


# --- built-in rules -------------------------------------------------------------------------


def monthly_above_minimum(ctx: RuleContext) -> Iterator[Finding]:
    """Every monthly figure strictly above the local monthly minimum.

    人社厅发〔2024〕51号 and 晋人社厅函〔2024〕1185号: the skilled-worker minimum is set
    *higher than* (高于) the local 最低工资标准, so equal is a failure.
    """
    std = ctx.applicable
    for fig in _monthly_figures(ctx.agreement):
        if fig.amount <= std.monthly:
            yield ctx.finding(
                fig.path,
                f"{yuan(fig.amount)} 元不高于当地最低工资标准 {yuan(std.monthly)} 元"
                f"（{std.describe()}）",
                label=fig.label,
                figure=fig.amount,
                limit=std.monthly,
                source=std.source_text,
            )


def hourly_above_minimum(ctx: RuleContext) -> Iterator[Finding]:
    """Every hourly figure strictly above the hourly minimum (《最低工资规定》第五条: the
    hourly standard applies to part-time work; 51号 asks for *higher than* the standard)."""
    std = ctx.applicable
    figures = list(_hourly_figures(ctx.agreement))
    if figures and std.hourly is None:
        # Not a silent pass, nor a guess: the table marks the figure "?" (未查到), so the
        # hourly column cannot be checked until someone enters the province's figure.
        unknown = std.hourly_unknown
        what = unknown.what if unknown else f"{std.province}的小时最低工资未查到"
        yield ctx.finding(
            figures[0].path,
            f"{what}，合同中的小时工资无法校验；请先按省里的正式文件在最低工资表中补充"
            f"（{unknown.where if unknown else std.where}）",
            label=figures[0].label,
            source=std.source_text,
        )
        return
    for fig in figures:
        if std.hourly is not None and fig.amount <= std.hourly:
            yield ctx.finding(
                fig.path,
                f"{yuan(fig.amount)} 元/小时不高于当地小时最低工资标准 {yuan(std.hourly)} 元/小时"
                f"（{std.describe(hourly=True)}）",
                label=fig.label,
                figure=fig.amount,
                limit=std.hourly,
                source=std.source_text,
            )


def base_wage_above_minimum(ctx: RuleContext) -> Iterator[Finding]:
    """Under the 最低技能津贴 form the wage *without* the allowance must itself clear the minimum.

    人社厅发〔2025〕52号 (guidance): pay with the allowance removed is not below the legal
    minimum. It asks only for ≥; this project asks for 高于 as 晋人社厅函〔2024〕1185号 does for
    the agreed standard.
    """
    fig = _base_wage(ctx.agreement)
    std = ctx.applicable
    if fig is not None and fig.amount <= std.monthly:
        yield ctx.finding(
            fig.path,
            f"不含技能津贴的基本工资 {yuan(fig.amount)} 元不高于当地最低工资标准 "
            f"{yuan(std.monthly)} 元（{std.describe()}）",
            label=fig.label,
            figure=fig.amount,
            limit=std.monthly,
            source=std.source_text,
        )


def later_minimums(ctx: RuleContext) -> Iterator[Finding]:
    """A standard taking effect during the term that would catch up with a figure.

    The contract stays lawful only if it is adjusted then (晋人社厅函〔2024〕1185号 requires
    the agreed minimum to stay above the local one); a warning, an error under --strict.
    """
    figures = list(_monthly_figures(ctx.agreement))
    base = _base_wage(ctx.agreement)
    if base is not None:
        figures.append(base)
    for later in ctx.later:
        since = later.effective.isoformat()
        for fig in figures:
            if fig.amount <= later.monthly:
                yield ctx.finding(
                    fig.path,
                    f"{yuan(fig.amount)} 元不高于合同期内 {since} 起执行的最低工资标准 "
                    f"{yuan(later.monthly)} 元（{later.describe()}）；届时须上调",
                    severity="warning",
                    label=fig.label,
                    figure=fig.amount,
                    limit=later.monthly,
                    source=later.source_text,
                )
        if later.hourly is None:
            continue
        for fig in _hourly_figures(ctx.agreement):
            if fig.amount <= later.hourly:
                yield ctx.finding(
                    fig.path,
                    f"{yuan(fig.amount)} 元/小时不高于合同期内 {since} 起执行的小时最低工资标准 "
                    f"{yuan(later.hourly)} 元/小时（{later.describe(hourly=True)}）；届时须上调",
                    severity="warning",
                    label=fig.label,
                    figure=fig.amount,
                    limit=later.hourly,
                    source=later.source_text,
                )


def rising_with_level(ctx: RuleContext) -> Iterator[Finding]:
    """No schedule may pay a higher level less than a lower one.

    人社厅发〔2025〕52号: minimums rise 按技能等级逐级上浮; domain.md §3. Each level is
    compared with the highest figure of all lower levels, so one dip is reported once.
    """
    agreement = ctx.agreement
    rows = sorted(enumerate(agreement.skill_levels), key=lambda pair: pair[1].level.rank)
    columns = (
        ("monthly", "月最低工资"),
        ("hourly", "小时工资"),
        ("allowance", "技能津贴"),
        ("underground", "井下岗位月最低工资"),
    )
    for column, name in columns:
        ladder: list[tuple[Path_, str, Decimal]] = [
            (("skill_levels", index, column), row.level.value, getattr(row, column))
            for index, row in rows
            if getattr(row, column) is not None
        ]
        yield from _dips(ctx, ladder, name)
    for table, title in (("categories", "category"), ("occupations", "name")):
        for index, row in enumerate(getattr(agreement, table)):
            ladder = [
                ((table, index, "monthly", level.value), level.value, amount)
                for level, amount in sorted(row.monthly.items(), key=lambda kv: kv[0].rank)
            ]
            yield from _dips(ctx, ladder, f"{getattr(row, title)}月最低工资")


def _dips(
    ctx: RuleContext, ladder: Sequence[tuple[Path_, str, Decimal]], name: str
) -> Iterator[Finding]:
    best: tuple[str, Decimal] | None = None
    for path, level, amount in ladder:
        if best is not None and amount < best[1]:
            yield ctx.finding(
                path,
                f"{name} {yuan(amount)} 元低于较低等级{best[0]}的 {yuan(best[1])} 元："
                f"技能等级越高，标准不得越低（{NOTICE_2025_52}：按技能等级逐级上浮）",
                label=level,
                figure=amount,
                limit=best[1],
                source=NOTICE_2025_52,
            )
        if best is None or amount > best[1]:
            best = (level, amount)


def allowances(ctx: RuleContext) -> Iterator[Finding]:
    """Skill allowances are never negative; under the allowance form every level names one.

    人社厅发〔2024〕51号: the alternative form 分等级确定最低技能津贴 — an allowance per level.
    """
    agreement = ctx.agreement
    for index, row in enumerate(agreement.skill_levels):
        path = ("skill_levels", index, "allowance")
        if row.allowance is not None and row.allowance < 0:
            yield ctx.finding(
                path,
                f"技能津贴 {yuan(row.allowance)} 元为负数",
                label=row.level.value,
                figure=row.allowance,
                limit=Decimal(0),
                source=NOTICE_2024_51,
            )
        elif row.allowance is None and agreement.wage_form == "最低技能津贴":
            yield ctx.finding(
                ("skill_levels", index),
                f"最低技能津贴形式下未填写该等级的技能津贴 allowance"
                f"（{NOTICE_2024_51}：分等级确定）",
                severity="warning",
                label=row.level.value,
                source=NOTICE_2024_51,
            )


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), (*path, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def invisible_characters(ctx: RuleContext) -> Iterator[Finding]:
    """Control and bidi-override characters are dropped from every format (escape_markup);
    name each field holding one, since it is usually a paste from another program."""
    for path, text in _strings(ctx.agreement, ()):
        hit = _INVISIBLE.search(text)
        if hit:
            yield ctx.finding(
                path,
                f"含有不可见的控制字符 U+{ord(hit.group()):04X}，生成时已删除或替换为空格"
                "（可能是从其他程序粘贴而来）",
                severity="warning",
            )


def term_length(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第三十八条: a term of generally 1 to 3 years, ending after it starts."""
    term = ctx.agreement.term
    span = f"{term.start.isoformat()} 至 {term.end.isoformat()}"
    rule = f"{CONTRACT_RULES}第三十八条：期限一般为 1 至 3 年"
    if term.end <= term.start:
        yield ctx.finding(("term", "end"), f"合同期限 {span}：终止日期不晚于起始日期", source=rule)
    elif term.end >= add_months(term.start, MAX_TERM_MONTHS):
        yield ctx.finding(("term", "end"), f"合同期限 {span} 超过 3 年（{rule}）", source=rule)
    elif term.end + timedelta(days=1) < add_months(term.start, MIN_TERM_MONTHS):
        yield ctx.finding(
            ("term", "end"), f"合同期限 {span} 不足 1 年（{rule}）", severity="warning", source=rule
        )


def equal_representatives(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第十九条: each side has the same number of representatives (the text
    says 人数相等, so unequal sides would make the contract contradict its own cover)."""
    worker, employer = ctx.agreement.worker_party, ctx.agreement.employer_party
    if worker.representatives != employer.representatives:
        yield ctx.finding(
            ("employer_party", "representatives"),
            f"双方协商代表人数应当相等：职工方 {worker.representatives} 人，"
            f"企业方 {employer.representatives} 人",
            source=f"{CONTRACT_RULES}第十九条",
        )


def signing_before_start(ctx: RuleContext) -> Iterator[Finding]:
    """The contract is signed before its term starts: it takes effect only after signing,
    filing (《集体合同规定》第四十二条) and the 15-day review (《劳动合同法》第五十四条)."""
    agreement = ctx.agreement
    if agreement.signing_date > agreement.term.start:
        yield ctx.finding(
            ("signing_date",),
            f"签订日期 {agreement.signing_date.isoformat()} 晚于合同起始日期 "
            f"{agreement.term.start.isoformat()}",
            source=f"{CONTRACT_RULES}第四十二条",
        )


def reply_within_twenty_days(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第三十二条: the side that receives a written 要约 answers in writing within
    20 days. Counted from `procedure.offer.received_on`; when only the offer's date is recorded
    a later answer is a warning (the offer may have arrived later)."""
    procedure = ctx.agreement.procedure
    offer, reply = procedure.offer, procedure.reply
    if offer is None or reply is None or reply.on < offer.on:
        return  # nothing to count, or out of order (procedure_in_order says so)
    start = offer.received_on or offer.on
    days = (reply.on - start).days
    if days <= REPLY_DAYS:
        return
    source = f"{CONTRACT_RULES}第三十二条"
    if offer.received_on is not None:
        yield ctx.finding(
            ("procedure", "reply"),
            f"应约日期 {reply.on.isoformat()} 距收到要约（{start.isoformat()}）{days} 日，"
            f"超过二十日（{source}：收到要约后二十日内书面回应）",
            source=source,
        )
    else:
        yield ctx.finding(
            ("procedure", "reply"),
            f"应约日期 {reply.on.isoformat()} 距要约日期 {start.isoformat()} {days} 日，超过二十日"
            f"（{source}）；如对方收到要约晚于要约日期，请填写 procedure.offer.received_on",
            severity="warning",
            source=source,
        )


def assembly_before_signing(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第三十六条、第三十七条: the draft goes to the 职工代表大会 or 职工大会
    first; only the text it approved is signed by both 首席代表."""
    agreement = ctx.agreement
    for index, assembly in enumerate(agreement.procedure.assemblies):
        if assembly.on > agreement.signing_date:
            body = f"（{assembly.body}）" if assembly.body else ""
            yield ctx.finding(
                ("procedure", "assemblies", index, "on"),
                f"职工代表大会（职工大会）审议日期 {assembly.on.isoformat()}{body} 晚于签订日期 "
                f"{agreement.signing_date.isoformat()}：合同草案应先经审议通过，再由双方首席代表签字",
                source=f"{CONTRACT_RULES}第三十六条、第三十七条",
            )


def procedure_in_order(ctx: RuleContext) -> Iterator[Finding]:
    """The recorded steps come in the order the procedure sets (人社厅发〔2024〕51号: 要约应约、
    协商会议、合同订立、职代会审议、公示报送): 要约 → 应约 → 协商会议 → 签订 → 报送 → 审查结果
    → 生效 → 公布 (《集体合同规定》第三十二条、第四十二条、第四十五条、第四十七条、第四十八条).
    The 审议 before signing is `assembly_before_signing`."""
    agreement = ctx.agreement
    procedure = agreement.procedure
    filed = agreement.filing.filed_on if agreement.filing is not None else None
    # (path, date, step) pairs that must not come before the earlier one.
    steps: list[tuple[Path_, Any, str]] = []
    if procedure.offer is not None:
        steps.append((("procedure", "offer"), procedure.offer.on, "要约"))
        received = procedure.offer.received_on
        if received is not None and received < procedure.offer.on:
            yield ctx.finding(
                ("procedure", "offer", "received_on"),
                f"收到要约日期 {received.isoformat()} 早于要约日期 {procedure.offer.on.isoformat()}",
                source=f"{CONTRACT_RULES}第三十二条",
            )
    if procedure.reply is not None:
        steps.append((("procedure", "reply"), procedure.reply.on, "应约"))
    first_meeting = min((m.on for m in procedure.meetings), default=None)
    for index, meeting in enumerate(procedure.meetings):
        if meeting.on == first_meeting:
            steps.append((("procedure", "meetings", index), meeting.on, "协商会议"))
            break
    for path, day, label in steps:
        if day > agreement.signing_date:
            yield ctx.finding(
                path,
                f"{label}日期 {day.isoformat()} 晚于签订日期 {agreement.signing_date.isoformat()}",
                source=NOTICE_2024_51,
            )
    for index in range(1, len(steps)):
        (_, early, early_label), (path, late, label) = steps[index - 1], steps[index]
        if late < early:
            yield ctx.finding(
                path,
                f"{label}日期 {late.isoformat()} 早于{early_label}日期 {early.isoformat()}",
                source=f"{CONTRACT_RULES}第三十二条",
            )
    for index, assembly in enumerate(procedure.assemblies):
        if first_meeting is not None and assembly.on < first_meeting:
            yield ctx.finding(
                ("procedure", "assemblies", index, "on"),
                f"审议日期 {assembly.on.isoformat()} 早于第一次协商会议 {first_meeting.isoformat()}："
                "审议的是协商形成的合同草案",
                source=f"{CONTRACT_RULES}第三十六条",
            )
    after: list[tuple[Path_, Any, str, str]] = []
    if procedure.review is not None:
        after.append((("procedure", "review", "on"), procedure.review.on, "审查结果", "第四十五条"))
    if procedure.effective is not None:
        after.append((("procedure", "effective"), procedure.effective, "生效", "第四十七条"))
    for path, day, label, article in after:
        if filed is None:
            yield ctx.finding(
                path,
                f"记录了{label}，但没有报送日期（filing.filed_on）：合同须先报送审查",
                source=f"{CONTRACT_RULES}第四十二条、{article}",
            )
        elif day < filed:
            yield ctx.finding(
                path,
                f"{label}日期 {day.isoformat()} 早于报送日期 {filed.isoformat()}",
                source=f"{CONTRACT_RULES}{article}",
            )
    review, effective = procedure.review, timeline(agreement).effective
    if review is not None and review.outcome == "有异议" and procedure.effective is not None:
        yield ctx.finding(
            ("procedure", "effective"),
            "审查有异议的合同，须就异议事项重新协商、签订并报送审查后才能生效",
            severity="warning",
            source=f"{CONTRACT_RULES}第四十六条",
        )
    if procedure.published is not None:
        if effective is None:
            yield ctx.finding(
                ("procedure", "published"),
                "记录了公布日期，但没有生效的记录（procedure.effective，或审查无异议的 "
                "procedure.review）：合同生效后才公布",
                severity="warning",
                source=f"{CONTRACT_RULES}第四十八条",
            )
        elif procedure.published < effective:
            yield ctx.finding(
                ("procedure", "published"),
                f"公布日期 {procedure.published.isoformat()} 早于生效日期 {effective.isoformat()}"
                "：生效的合同才向全体职工公布",
                source=f"{CONTRACT_RULES}第四十八条",
            )


def filed_within_ten_days(ctx: RuleContext) -> Iterator[Finding]:
    """《集体合同规定》第四十二条: the contract is sent for review within 10 days of signing.
    A late filing does not void the contract, so this is a warning."""
    agreement = ctx.agreement
    if agreement.filing is None:
        return
    days = (agreement.filing.filed_on - agreement.signing_date).days
    if days > FILING_DAYS:
        yield ctx.finding(
            ("filing", "filed_on"),
            f"报送日期 {agreement.filing.filed_on.isoformat()} 在签订（"
            f"{agreement.signing_date.isoformat()}）后第 {days} 日，超过十日",
            severity="warning",
            source=f"{CONTRACT_RULES}第四十二条",
        )


def term_start_before_effect(ctx: RuleContext) -> Iterator[Finding]:
    """A contract applies only once in force: filed within 10 days of signing (《集体合同规定》
    第四十二条) and not objected to within 15 days (《中华人民共和国劳动合同法》第五十四条). A term
    starting before signing + 25 days says more than the contract can do, unless the text
    promises to make up pay from the start (`back_pay`). A warning: the parties may have filed
    at once and heard back early."""
    agreement = ctx.agreement
    start, signing = agreement.term.start, agreement.signing_date
    effective = latest_effective(signing)
    if agreement.back_pay or start < signing or start >= effective:
        return  # a start before signing is signing_before_start's error
    yield ctx.finding(
        ("term", "start"),
        f"合同起始日期 {start.isoformat()} 早于签订日期 {signing.isoformat()} 加报送审查的 "
        f"{EFFECT_DAYS} 日（{effective.isoformat()}），合同生效前不能执行：请把起始日期推迟到 "
        f"{effective.isoformat()} 或以后，或者设 back_pay: true，在文本中约定生效后补发自起始日期起"
        "的工资差额",
        severity="warning",
        source="《中华人民共和国劳动合同法》第五十四条",
    )


def cited_documents(ctx: RuleContext) -> Iterator[Finding]:
    """A text may cite only documents issued by its signing date (人社厅发〔2025〕52号, dated
    2025-11-05, cannot ground a contract signed before it). Every document number and every
    registered title in the filled text is looked up in the register
    (templates/clauses/citations.yaml): issued after signing is an error; a number the register
    lacks, or a date known only as "not later than" a day after signing, is a warning."""
    agreement = ctx.agreement
    documents = register()
    text = render_clauses(agreement, minimum=ctx.applicable)
    signing = agreement.signing_date
    local = agreement.region.local_basis
    for citation in citations_in(text, documents):
        # A citation written in the region's legal basis is fixed there; anything else comes
        # from the template or the minimum-wage table and is judged against the signing date.
        index = next((i for i, item in enumerate(local) if citation.text in item), None)
        path: Path_ = ("region", "local_basis", index) if index is not None else ("signing_date",)
        document = citation.document
        if document is None:
            yield ctx.finding(
                path,
                f"合同文本引用了 {citation.text}，但引用文件登记表（{documents.path.name}）"
                "没有它的发文日期，无法核对签订时是否已经印发；请登记",
                severity="warning",
                source=documents.path.name,
            )
        elif document.issued > signing:
            issued = document.issued_text()
            if document.exact:
                yield ctx.finding(
                    path,
                    f"合同文本引用了 {document.name}（{issued} 印发），而签订日期为 "
                    f"{signing.isoformat()}：不能引用签订时尚未印发的文件",
                    source=document.source,
                )
            else:
                yield ctx.finding(
                    path,
                    f"合同文本引用了 {document.name}，其发文日期只知道{issued}，晚于签订日期 "
                    f"{signing.isoformat()}，无法确认签订时已经印发",
                    severity="warning",
                    source=document.source,
                )


def _senior_figures(agreement: Agreement) -> Iterator[tuple[Path_, str, Decimal]]:
    for index, row in enumerate(agreement.skill_levels):
        if row.level in SENIOR_LEVELS:
            yield ("skill_levels", index, "monthly"), row.level.value, row.monthly
    for table, title in (("categories", "category"), ("occupations", "name")):
        for index, item in enumerate(getattr(agreement, table)):
            for level, amount in item.monthly.items():
                if level in SENIOR_LEVELS:
                    label = f"{getattr(item, title)}·{level.value}"
                    yield (table, index, "monthly", level.value), label, amount


def senior_technicians_floor(ctx: RuleContext) -> Iterator[Finding]:
    """人社厅发〔2025〕52号: 特级技师 and 首席技师 are not below the low end (低位数) of senior
    专业技术/管理 staff pay in the area or sector — an input figure (`senior_pay_low`), not a
    percentage of the legal minimum. Missing input is a warning; a figure below it an error."""
    agreement = ctx.agreement
    figures = list(_senior_figures(agreement))
    if not figures:
        return
    low = agreement.senior_pay_low
    source = NOTICE_2025_52
    if low is None:
        path, label, _ = figures[0]
        yield ctx.finding(
            path,
            f"合同有{SkillLevel.特级技师.value}或{SkillLevel.首席技师.value}的标准，但没有填写 "
            "senior_pay_low（本行业、本区域高级专业技术人员或管理人员工资低位数及其来源），"
            "无法按其校验",
            severity="warning",
            label=label,
            source=source,
        )
        return
    for path, label, amount in figures:
        if amount < low.amount:
            yield ctx.finding(
                path,
                f"{yuan(amount)} 元低于高级专业技术人员或管理人员工资低位数 {yuan(low.amount)} 元"
                f"（senior_pay_low，来源：{low.source}）",
                label=label,
                figure=amount,
                limit=low.amount,
                source=source,
            )


def unconfirmed_minimums(ctx: RuleContext) -> Iterator[Finding]:
    """Name every unconfirmed minimum-wage row a check relied on, so staff can confirm it
    against the provincial notice (domain.md §4: the tool warns and names the row)."""
    seen: set[tuple[str, str]] = set()
    for std in (ctx.applicable, *ctx.later):
        for doubt in std.unconfirmed:
            if (doubt.where, doubt.what) in seen:
                continue
            seen.add((doubt.where, doubt.what))
            yield ctx.finding(
                ctx.areas_path,
                f"所用最低工资数据未经核实：{doubt.what}（{doubt.where}）；"
                f"请对照{std.province}人力资源和社会保障厅的正式文件核实",
                severity="warning",
                source=std.source_text,
            )


def category_floors(ctx: RuleContext) -> Iterator[Finding]:
    """Switchable: 人社厅发〔2025〕52号 category floors as a share of the legal minimum.

    Applies to `categories` rows named after a configured category (基础类/重要类/关键类/
    核心类 by default); ratios come from `[tool.skillwage-docs.category_floors]`.
    """
    agreement = ctx.agreement
    floors = ctx.config.category_floors
    std = ctx.applicable
    if not agreement.categories:
        yield ctx.finding(
            ("rules", "category_floors"),
            f"已开启 category_floors，但合同没有 categories（{NOTICE_2025_52}的岗位类别）",
            severity="warning",
            source=NOTICE_2025_52,
        )
    for index, row in enumerate(agreement.categories):
        ratio = floors.get(row.category)
        if ratio is None:
            yield ctx.finding(
                ("categories", index, "category"),
                f"类别“{row.category}”不是已配置的岗位类别（{'、'.join(floors)}），"
                f"未按{NOTICE_2025_52}的比例校验",
                severity="warning",
                source=NOTICE_2025_52,
            )
            continue
        limit = (std.monthly * ratio).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
        percent = yuan(ratio * 100)
        for level, amount in row.monthly.items():
            if amount < limit:
                yield ctx.finding(
                    ("categories", index, "monthly", level.value),
                    f"{yuan(amount)} 元低于{row.category}下限 {yuan(limit)} 元（当地最低工资标准 "
                    f"{yuan(std.monthly)} 元的 {percent}%，{NOTICE_2025_52}；{std.describe()}）",
                    label=f"{row.category}·{level.value}",
                    figure=amount,
                    limit=limit,
                    source=NOTICE_2025_52,
                )


BUILTIN_RULES: tuple[Rule, ...] = (
    monthly_above_minimum,
    hourly_above_minimum,
    base_wage_above_minimum,
    later_minimums,
    rising_with_level,
    allowances,
    term_length,
    signing_before_start,
    reply_within_twenty_days,
    assembly_before_signing,
    procedure_in_order,
    filed_within_ten_days,
    term_start_before_effect,
    equal_representatives,
    senior_technicians_floor,
    cited_documents,
    unconfirmed_minimums,
    invisible_characters,
    # The bargaining packet's lists and votes (issue 14): rules_packet.py.
    *PACKET_RULES,
)
# Rules an agreement switches on with `rules: {name: true}`. The mandatory rules above cannot
# be switched off from a context: contexts come from other hands.
SWITCHABLE_RULES: Mapping[str, Rule] = {"category_floors": category_floors}


def rule_switches(ctx: RuleContext) -> Iterator[Finding]:
    """A misspelt switch would silently leave a rule off, so unknown names are errors."""
    known = "、".join(SWITCHABLE_RULES)
    for name in ctx.agreement.rules:
        if name not in SWITCHABLE_RULES:
            yield ctx.finding(("rules", name), f"未知的规则开关（可开启：{known}）")


def _rules_for(agreement: Agreement) -> list[Rule]:
    switched = [rule for name, rule in SWITCHABLE_RULES.items() if agreement.rules.get(name)]
    return [rule_switches, *BUILTIN_RULES, *switched]


# --- hooks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedHook:
    name: str
    function: Hook


def _hook_name(function: Callable[..., Any]) -> str:
    module = getattr(function, "__module__", "?")
    return f"{module}:{getattr(function, '__qualname__', repr(function))}"


@contextmanager
def _importable_from(directory: Path | None) -> Iterator[None]:
    """Let `pkg.module` resolve against the project directory while importing, as pytest does
    for its rootdir; removed afterwards so later imports are unaffected."""
    entry = str(directory) if directory is not None else None
    added = entry is not None and entry not in sys.path
    if added and entry is not None:
        sys.path.insert(0, entry)
    try:
        yield
    finally:
        if added and entry in sys.path:
            sys.path.remove(entry)


def _inside(location: str | None, roots: Sequence[Path]) -> bool:
    if not location:
        return False
    resolved = Path(location).resolve()
    return any(resolved == root or root in resolved.parents for root in roots)


def _import_hook(spec: str, config: ProjectConfig, forbidden: Sequence[Path]) -> Hook:
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError("格式应为 “包.模块:函数”")
    with _importable_from(config.root):
        # Checked before anything executes: contexts are data from other hands and must
        # never supply code (find_spec of a top-level name imports nothing).
        top = importlib.util.find_spec(module_name.split(".")[0])
        if top is None:
            raise ValueError(f"找不到模块 {module_name}")
        places = [top.origin, *(top.submodule_search_locations or [])]
        if any(_inside(place, forbidden) for place in places):
            raise ValueError(
                "模块位于 contexts 目录内，拒绝加载（contexts 只放数据，不执行其中的代码）"
            )
        module = importlib.import_module(module_name)
    target: Any = module
    for part in attribute.split("."):
        target = getattr(target, part)
    if not callable(target):
        raise ValueError(f"{spec} 不是函数")
    return target  # type: ignore[no-any-return]


def discover_hooks(
    config: ProjectConfig, *, forbidden: Sequence[Path] = ()
) -> tuple[list[NamedHook], list[Finding]]:
    """Hooks from the `skillwage_docs.validators` entry points and from `[tool.skillwage-docs]
    hooks`; a hook that fails to load becomes an error finding, not a traceback."""
    hooks: list[NamedHook] = []
    problems: list[Finding] = []
    roots = [path.resolve() for path in forbidden]
    for point in entry_points(group=ENTRY_POINT_GROUP):
        name = f"{point.name} = {point.value}"
        try:
            function = point.load()
            if not callable(function):
                raise ValueError("不是函数")
        except Exception as err:  # any failure in foreign code is reported, not raised
            dist = point.dist.name if point.dist is not None else "?"
            problems.append(_hook_problem(f"{dist}（入口点 {ENTRY_POINT_GROUP}）", name, err))
            continue
        hooks.append(NamedHook(name, function))
    for spec in config.hooks:
        try:
            hooks.append(NamedHook(spec, _import_hook(spec, config, roots)))
        except Exception as err:  # as above: a broken hook is a finding
            problems.append(_hook_problem(config.where(spec), spec, err))
    return hooks, problems


def _hook_problem(location: str, name: str, err: Exception) -> Finding:
    return Finding(
        severity="error",
        location=location,
        field="hooks",
        message=f"无法加载校验钩子 {name}：{_describe(err)}",
        rule=name,
    )


def _describe(err: Exception) -> str:
    return str(err) if isinstance(err, ValueError) and str(err) else f"{type(err).__name__}: {err}"


def _run_hook(hook: NamedHook, ctx: RuleContext) -> list[Finding]:
    try:
        results = list(hook.function(ctx))
        for item in results:
            if not isinstance(item, Finding):
                raise TypeError(f"返回了 {type(item).__name__}，应为 Finding")
    except Exception as err:  # foreign code: report it against the agreement, keep going
        return [
            Finding(
                severity="error",
                location=ctx.loaded.where(),
                field="hooks",
                message=f"校验钩子 {hook.name} 出错：{type(err).__name__}: {err}",
                rule=hook.name,
                agreement=ctx.agreement.slug,
            )
        ]
    return [
        replace(item, rule=item.rule or hook.name, agreement=item.agreement or ctx.agreement.slug)
        for item in results
    ]


# --- the run --------------------------------------------------------------------------------


@dataclass
class Report:
    """Every finding of every agreement checked."""

    strict: bool = False
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    standards: dict[str, Applicable] = field(default_factory=dict)

    # errors/warnings are what gets printed: a finding on a field several agreements inherit
    # from region.yaml is the same line for each of them, so it is listed once (the first
    # agreement's copy); `findings` and `for_agreement` keep every copy.
    @property
    def errors(self) -> list[Finding]:
        return _unique(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> list[Finding]:
        return _unique(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def for_agreement(self, slug: str) -> list[Finding]:
        return [f for f in self.findings if f.agreement == slug]

    def lines(self) -> list[str]:
        """Errors first, then warnings, one line each as printed."""
        return [f.line() for f in (*self.errors, *self.warnings)]

    def to_json(self) -> dict[str, Any]:
        """`findings` lists every copy, each naming its agreement; the counts are of lines."""
        return {
            "ok": self.ok,
            "strict": self.strict,
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "agreements": {
                slug: {"minimum": self.standards[slug].to_json()} for slug in self.checked
            },
            "findings": [f.to_json() for f in self.findings],
        }


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.line(), finding)
    return list(first.values())


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
                f"{province.where('province')}: 最低工资表 {province.path.name} 是"
                f"{province.wages.province}的，而合同的 region.province 为 {region.province}"
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
    """Prefix a table error with the agreement field that led to the lookup."""
    try:
        yield
    except InputError as err:
        prefix = f"{item.where(*path)}: {dotted(path)}"
        raise InputError(f"{prefix}: {err.message}", details=err.details) from err


def validate(
    loaded: Sequence[LoadedAgreement],
    table: MinimumWageTable,
    *,
    strict: bool = False,
    hooks: Sequence[Hook | NamedHook] | None = None,
    config: ProjectConfig | None = None,
) -> Report:
    """Run every rule (and hook) on every agreement; collect all findings, then return.

    `hooks=None` discovers them (entry points and pyproject.toml); a list runs exactly those
    (a build discovers them once with `discover_hooks` and passes them to every call).
    `config=None` reads ./pyproject.toml. A province, date or area missing from the minimum-wage
    table is an input problem: all of them are gathered and raised as one `InputError`.
    """
    config = config if config is not None else load_config()
    report = Report(strict=strict)
    if hooks is None:
        named, problems = discover_hooks(config, forbidden=_contexts_roots(loaded, table))
        report.findings.extend(problems)
    else:
        named = [
            hook if isinstance(hook, NamedHook) else NamedHook(_hook_name(hook), hook)
            for hook in hooks
        ]
    missing: list[str] = []
    for item in loaded:
        try:
            ctx = _context(item, table, strict, config)
        except InputError as err:
            missing.extend(err.lines())
            continue
        slug = item.agreement.slug
        report.checked.append(slug)
        report.standards[slug] = ctx.applicable
        for rule in _rules_for(item.agreement):
            report.findings.extend(
                replace(f, rule=f.rule or rule.__name__, agreement=f.agreement or slug)
                for f in rule(ctx)
            )
        for hook in named:
            report.findings.extend(_run_hook(hook, ctx))
    if missing:
        raise InputError(f"{len(missing)} 处查不到适用的最低工资标准，未完成校验", details=missing)
    if strict:
        # --strict: warnings count as errors (mkdocs' strict mode).
        report.findings = [replace(f, severity="error") for f in report.findings]
    return report
