"""Drafts of a new region or agreement: commented YAML, checked by the real loader and rules.

`skillwage-docs new` (wizard.py) fills a draft from questions or options; this module turns it
into the YAML a person would write by hand, with a Chinese comment on every key, and runs it
through exactly what `validate` runs (`load_agreement` + `rules.validate`), so the wizard's
refusals and validate's messages cannot drift apart. A check writes the draft into a private
temporary folder; nothing reaches contexts/ until `publish` writes the finished text atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ...base.errors import InputError
from ...base.figures import yuan
from ...base.findings import Finding
from ...base.problems import validation_problems
from ...base.publish import Action, write_atomic
from ...base.yamlsource import Located, load_yaml
from ...checks.checker import Checks
from ...checks.config import ProjectConfig
from ...checks.findings import Report
from ...inputs.agreement import Region
from ...inputs.loader import CUSTOM_MESSAGES, REGION_FILE, load_agreement, load_region
from ...inputs.minimum_wage import Applicable, MinimumWageTable
from ...inputs.terms import SkillLevel

__all__ = [
    "AgreementDraft",
    "Checker",
    "Party",
    "RegionDraft",
    "Row",
    "Tier",
    "publish",
    "render_agreement",
    "render_region",
    "schema_line",
]

SCHEMA_DIR = "schemas"  # where `skillwage-docs schema` writes, relative to the project


@dataclass
class RegionDraft:
    code: str
    name: str
    province: str
    province_code: str
    areas: list[str]
    local_basis: list[str] = field(default_factory=list)
    filing_authority: str = ""
    union_filing_body: str = ""


@dataclass
class Party:
    name: str
    chief: str
    representatives: int


@dataclass
class Tier:
    """One skill level of the schedule: the monthly minimum and its optional companions."""

    level: SkillLevel
    monthly: Decimal
    hourly: Decimal | None = None
    allowance: Decimal | None = None


@dataclass
class Row:
    """One occupation (工种) or post category (岗位类别) × level."""

    name: str
    monthly: dict[SkillLevel, Decimal]
    urgent: bool = False  # 紧缺急需职业（工种）, 人社厅发〔2024〕51号


@dataclass
class AgreementDraft:
    slug: str
    kind: str  # 行业性 | 区域性
    subject: str  # the industry, or the zone
    scope: str
    start: date
    end: date
    signed: date
    example: bool
    worker: Party
    employer: Party
    areas: list[str] | None = None  # None: the region's areas
    allowance_form: bool = False
    base_wage: Decimal | None = None
    tiers: list[Tier] = field(default_factory=list)
    occupations: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)
    category_floors: bool = False


# ── YAML text ────────────────────────────────────────────────────────────────────────────────


def _scalar(value: Any) -> str:
    """A value as YAML that reads back as itself in block and flow context alike (quoted when
    a plain scalar would be read otherwise: a colon, a comma, a leading quote, `true`…)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = yaml.safe_dump(
        [str(value)], allow_unicode=True, default_flow_style=True, width=1_000_000
    ).strip()
    return text[1:-1]  # drop the flow list's brackets


def _flow(values: Sequence[Any]) -> str:
    return "[" + ", ".join(_scalar(value) for value in values) + "]"


def schema_line(target_dir: Path, name: str) -> str:
    """`# yaml-language-server: $schema=…` pointing at schemas/<name> of the project, relative
    to the file, as the minimum-wage files do (editors resolve it from the file's folder)."""
    schemas = Path.cwd() / SCHEMA_DIR / name
    relative = os.path.relpath(schemas, target_dir.resolve())
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def render_region(draft: RegionDraft, target_dir: Path) -> str:
    lines = [
        schema_line(target_dir, "region.schema.json"),
        f"# {draft.name}：本地区各合同共用的事实（由 skillwage-docs new region 生成）。",
        "# 同目录下的每个合同文件继承本文件，并可覆盖其中任何字段。",
        "region:",
        "  # 地区代码：与目录名一致，只能用小写英文字母、数字、- 和 _。",
        f"  code: {_scalar(draft.code)}",
        "  # 地区名称：用于合同标题（如 “某市制造业技能人才最低工资集体合同”）和条款。",
        f"  name: {_scalar(draft.name)}",
        f"  # 省份：与最低工资表 contexts/minimum_wages/{draft.province_code}.yaml 一致。",
        f"  province: {_scalar(draft.province)}",
        f"  province_code: {_scalar(draft.province_code)}",
        "  # 覆盖的县（市、区）或整个地级市，名称照民政部的行政区划写（省内重名的加市名，如",
        "  # 阳泉市城区；整个市写市名，如 杭州市）。合同中的工资须高于其中最高一类的最低工资",
        "  # 标准（人社厅发〔2024〕51号：高于当地最低工资标准）。",
        f"  areas: {_flow(draft.areas)}",
    ]
    if draft.local_basis:
        lines += [
            "  # 法律依据中引用的省、市文件。",
            "  local_basis:",
            *(f"    - {_scalar(item)}" for item in draft.local_basis),
        ]
    else:
        lines += [
            "  # 法律依据中引用的省、市文件（可选），例如：",
            "  # local_basis:",
            "  #   - 《某省企业集体合同条例》",
        ]
    lines += [
        "",
        "# 报送审查的劳动保障行政部门（《集体合同规定》第四十二条：签订后十日内报送）。",
        f"filing_authority: {_scalar(draft.filing_authority)}",
        "# 备案的工会。",
        f"union_filing_body: {_scalar(draft.union_filing_body)}",
        "",
        "# 重点联系点情况表的报送单位（可选；人社厅发〔2024〕51号联合发文的四方在省级的对应机构），",
        "# 例如：",
        "# liaison_report_to:",
        f"#   - {draft.province}人力资源和社会保障厅",
        f"#   - {draft.province}总工会",
        "",
    ]
    return "\n".join(lines)


def _minimum_comment(minimum: Applicable | None, start: date) -> list[str]:
    if minimum is None:
        return [
            f"# 当地最低工资标准（{start.isoformat()}）：最低工资表中查不到，数字未能校验；",
            "# 请先在最低工资表中补充县区划分，再运行 validate。",
        ]
    hourly = f"、非全日制 {yuan(minimum.hourly)} 元/小时" if minimum.hourly is not None else ""
    return [
        f"# 当地最低工资标准（合同起始日 {start.isoformat()}）：月 {yuan(minimum.monthly)} 元{hourly}",
        f"# （{minimum.describe()}）。",
        "# 每个数字须高于它（人社厅发〔2024〕51号），且技能等级越高不得越低（人社厅发〔2025〕52号）。",
    ]


def _tier_line(tier: Tier) -> str:
    parts = [f"level: {tier.level.value}", f"monthly: {_scalar(tier.monthly)}"]
    if tier.hourly is not None:
        parts.append(f"hourly: {_scalar(tier.hourly)}")
    if tier.allowance is not None:
        parts.append(f"allowance: {_scalar(tier.allowance)}")
    return "  - {" + ", ".join(parts) + "}"


def _monthly_map(monthly: dict[SkillLevel, Decimal]) -> str:
    ordered = sorted(monthly.items(), key=lambda pair: pair[0].rank)
    return "{" + ", ".join(f"{level.value}: {_scalar(amount)}" for level, amount in ordered) + "}"


def _party(key: str, words: str, party: Party) -> list[str]:
    return [
        f"{key}:  # {words}",
        f"  name: {_scalar(party.name)}",
        "  # 首席代表：尚未确定时写（待定）。",
        f"  chief_representative: {_scalar(party.chief)}",
        f"  representatives: {party.representatives}",
    ]


def render_agreement(
    draft: AgreementDraft,
    region: Region,
    minimum: Applicable | None,
    target_dir: Path,
) -> str:
    """The agreement file: what differs from region.yaml, each key with a comment."""
    industry = draft.kind == "行业性"
    title = f"{region.name}{draft.subject}" if industry else draft.subject
    lines = [
        schema_line(target_dir, "agreement.schema.json"),
        f"# {title}技能人才最低工资集体合同（由 skillwage-docs new agreement 生成）。",
        f"# 继承同目录的 {REGION_FILE}（地区、省份、县区、报送机关），这里只写本合同自己的内容。",
        f"# 改动后运行 skillwage-docs validate {region.code}，或用 skillwage-docs watch "
        f"{region.code} 在浏览器中边改边看。",
        "",
        "# 合同类型：行业性（某一行业）或 区域性（工业园区、产业园区、街道、乡镇）。",
        f"kind: {draft.kind}",
    ]
    if industry:
        lines += ["# 行业（行业性合同必填）。", f"industry: {_scalar(draft.subject)}"]
    else:
        lines += [
            "# 区域（区域性合同必填），如 某某高新区、某某镇。",
            f"zone: {_scalar(draft.subject)}",
        ]
    lines += ["# 适用范围：哪些企业和技能人才受本合同约束。", f"scope: {_scalar(draft.scope)}"]
    if draft.areas is not None:
        lines += [
            "# 本合同覆盖的县（市、区）：只是地区的一部分时才写；不写则为 region.yaml 的 areas。",
            f"areas: {_flow(draft.areas)}",
        ]
    lines += [
        "# 合同期限（《集体合同规定》第三十八条：一般为 1 至 3 年）。",
        f"term: {{start: {_scalar(draft.start)}, end: {_scalar(draft.end)}}}",
        "# 签订日期：不晚于合同起始日期；签订后十日内报送审查（第四十二条）。",
        f"signing_date: {_scalar(draft.signed)}",
        "# 是否为示例：true 为虚构的示例数据，生成的每个文件都标注“示例（虚构数据）”；",
        "# false 为真实合同。",
        f"example: {_scalar(draft.example)}",
        "",
        "# 协商双方：各方代表不少于 3 人，双方人数相等（《集体合同规定》第十九条）。",
        *_party("worker_party", "职工方", draft.worker),
        *_party("employer_party", "企业方", draft.employer),
        "",
    ]
    lines += _minimum_comment(minimum, draft.start)
    lines += _schedule_lines(draft)
    lines += _optional_lines(draft)
    return "\n".join(lines)


def _schedule_lines(draft: AgreementDraft) -> list[str]:
    """The wage schedule: the allowance form's base, each level, occupations or categories."""
    lines: list[str] = []
    if draft.allowance_form:
        lines += [
            "# 形式：最低技能津贴（人社厅发〔2024〕51号）——不含津贴的基本工资 base_wage 须高于",
            "# 当地最低工资标准，各技能等级另加 allowance（最低技能津贴，元/月）。",
            "wage_form: 最低技能津贴",
            f"base_wage: {_scalar(draft.base_wage)}",
        ]
    lines += [
        "# 各技能等级的月最低工资 monthly（元/月）；hourly 为非全日制小时最低工资（元/小时）。",
        "skill_levels:",
        *(_tier_line(tier) for tier in draft.tiers),
    ]
    if draft.occupations:
        lines += [
            "# 分职业（工种）：kind 为 通用 或 紧缺急需（人社厅发〔2024〕51号），monthly 为各等级的",
            "# 月最低工资（元/月）。",
            "occupations:",
        ]
        for row in draft.occupations:
            lines.append(f"  - name: {_scalar(row.name)}")
            if row.urgent:
                lines.append("    kind: 紧缺急需")
            lines.append(f"    monthly: {_monthly_map(row.monthly)}")
    if draft.categories:
        lines += [
            "# 分类分级：岗位类别 × 技能等级的月最低工资（元/月）。",
            "categories:",
        ]
        for row in draft.categories:
            lines += [
                f"  - category: {_scalar(row.name)}",
                f"    monthly: {_monthly_map(row.monthly)}",
            ]
    if draft.category_floors:
        lines += [
            "# 按人社厅发〔2025〕52号的比例下限校验各岗位类别：基础类、重要类、关键类、核心类分别不低于",
            "# 当地最低工资标准的 105%、120%、150%、200%（比例可在 pyproject.toml 中调整）。",
            "rules: {category_floors: true}",
        ]
    return lines


def _optional_lines(draft: AgreementDraft) -> list[str]:
    """What an author may add later, commented out: counts, filing, the bargaining record."""
    return [
        "",
        "# 以下为可选内容，去掉行首的 # 即可启用。",
        "# 覆盖企业数、职工数、其中技能人才数（重点联系点情况表使用）：",
        "# covered_enterprises: 100",
        "# covered_workers: 10000",
        "# skilled_workers: 4000",
        "# 报送审查的日期（签订后十日内，《集体合同规定》第四十二条）：",
        f"# filing: {{filed_on: {draft.signed.isoformat()}}}",
        "# 协商经过：要约、应约（收到要约后二十日内，第三十二条）、协商会议、职工代表大会审议",
        "# （第三十六条）、审查结果、生效、公布；只写已经发生、有记录的步骤。例如：",
        "# procedure:",
        "#   offer: {on: 2025-04-10, by: 职工方}",
        "#   reply: 2025-04-25",
        "#   meetings: [2025-05-13]",
        "#   assemblies:",
        "#     - {on: 2025-06-12, body: 某某职工代表大会}",
        "",
    ]


# ── checks ───────────────────────────────────────────────────────────────────────────────────


class Checker:
    """Runs drafts through the loader and the rules, as `validate` would, in a private folder.

    Used as a context manager: the folder is removed on exit, Ctrl+C included.
    """

    def __init__(self, table: MinimumWageTable, config: ProjectConfig | None = None) -> None:
        self.table = table
        self.checks = Checks.load(table.folder.parent, config=config, table=table)
        if self.checks.hook_findings:
            raise InputError("校验钩子无法加载", details=self.checks.hook_findings)
        self._folder: Path | None = None

    def __enter__(self) -> Checker:
        self._folder = Path(tempfile.mkdtemp(prefix="skillwage-new-"))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _write(self, name: str, text: str) -> Path:
        if self._folder is None:
            raise RuntimeError("Checker used outside its with-block")
        path = self._folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def region(self, text: str) -> Region:
        """Load a drafted region.yaml's `region` block; problems as `InputError` lines."""
        path = self._write(REGION_FILE, text)
        located = load_yaml(path)
        data = located.data.get("region") if isinstance(located.data, dict) else None
        inner = Located(
            data=data,
            positions={
                key[1:]: at for key, at in located.positions.items() if key[:1] == ("region",)
            },
        )
        try:
            return Region.model_validate(data)
        except ValidationError as err:
            problems = [
                replace(problem, field=f"region.{problem.field}" if problem.field else "region")
                for problem in validation_problems(err, inner, path, custom=CUSTOM_MESSAGES)
            ]
            raise InputError(f"{path}: {len(problems)} 处错误", details=problems) from err

    def agreement(
        self, text: str, slug: str, region_dir: Path, *, strict: bool = False
    ) -> tuple[Report | None, list[Finding]]:
        """Validate a drafted agreement beside the real region file.

        Returns the report (None when the file or the table lookup failed) and every finding,
        with validate's own wording; one in the private draft file loses its location (the
        draft is not where the user will find the file), any other keeps its own.
        """
        path = self._write(f"{slug}.yaml", text)
        draft = _as_located(path)
        try:
            loaded = load_agreement(path, load_region(region_dir), region_dir / REGION_FILE)
            report = replace(self.checks, strict=strict).validate([loaded])
        except InputError as err:
            return None, [_unlocated(f, draft) for f in err.findings]
        return report, [_unlocated(f, draft) for f in (*report.errors, *report.warnings)]

    def final_lines(
        self, text: str, slug: str, region_dir: Path, target: Path
    ) -> tuple[list[str], list[str], bool]:
        """(error lines, warning lines, table lookup failed) of the finished file, located at
        `target` as `validate` will print them once it is written."""
        path = self._write(f"{slug}.yaml", text)
        draft, shown = _as_located(path), _shown(target)
        try:
            loaded = load_agreement(path, load_region(region_dir), region_dir / REGION_FILE)
            report = self.checks.validate([loaded])
        except InputError as err:
            return [_moved(f, draft, shown).render() for f in err.findings], [], True
        errors = [_moved(f, draft, shown).render() for f in report.errors]
        warnings = [_moved(f, draft, shown).render() for f in report.warnings]
        return errors, warnings, False


def _as_located(path: Path) -> Path:
    """The file as the loader names it in its findings."""
    return Path(load_yaml(path).positions[()][0])


def _unlocated(finding: Finding, draft: Path) -> Finding:
    """The finding without its place in the private draft file (any other place kept)."""
    if finding.cause is not None:
        return replace(finding, cause=_unlocated(finding.cause, draft))
    return replace(finding, file=None, line=None) if finding.file == draft else finding


def _moved(finding: Finding, draft: Path, target: Path) -> Finding:
    """The finding as located in the written file instead of the private draft."""
    if finding.cause is not None:
        finding = replace(finding, cause=_moved(finding.cause, draft, target))
    return replace(finding, file=target) if finding.file == draft else finding


def _shown(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (OSError, ValueError):
        return path


def publish(path: Path, text: str, *, force: bool) -> Action:
    """Write the finished file in one atomic step; an existing file only with `force`."""
    if path.exists() and not force:
        raise InputError(f"{_shown(path)} 已存在；加 --force 覆盖")
    return write_atomic(path, text.encode("utf-8"))
