"""`skillwage-docs new agreement`: guided questions in Chinese, or the same answers as
options for scripts (`--no-input`).

Choices come from the data (a region's areas from its region.yaml, the minimum wage in force
from contexts/minimum_wages/); every answer is checked on the spot by the code `validate` runs
(scaffold.Checker: the loader and the rules on a draft of the file), so a refusal here is
validate's own line. Questions use click's prompts (`wizard_prompts`), which CliRunner drives
with `input=`; Ctrl+C (click.Abort) leaves nothing behind, since the file is written once, at
the end, atomically (`scaffold`). The region's questions are `wizard_region`, the wage
schedule's `wizard_schedule`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import click

from ...base.errors import InputError, ValidationFailed
from ...base.figures import add_months, yuan
from ...base.model import valid_slug
from ...base.yamlsource import load_yaml
from ...inputs.agreement import Region
from ...inputs.loader import REGION_FILE, discover_regions
from ...inputs.minimum_wage import Applicable, MinimumWageTable
from .prompts import (
    Answers,
    Asker,
    Refused,
    choose,
    first_of_next_month,
    parse_date,
    parse_text,
    pick,
    pick_many,
    show_choices,
)
from .region import MINIMUM_WAGES, unmapped
from .scaffold import AgreementDraft, Checker, Party, publish, render_agreement
from .schedule import PLACEHOLDER, Session, ask_schedule

__all__ = ["NATIONAL_INDUSTRIES", "new_agreement"]

# 人社厅发〔2024〕51号: bargaining starts with these five sectors , offered first.
NATIONAL_INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("制造业", "manufacturing"),
    ("建筑业", "construction"),
    ("采矿业", "mining"),
    ("住宿和餐饮业", "hospitality"),
    ("家政服务业", "housekeeping"),
)
KINDS = ("行业性", "区域性")
EXAMPLE_CHOICES = ("示例（虚构数据）", "真实合同")
PENDING = "（待定）"  # a chief representative not yet named, as contexts/yangquan writes it


def _region_of(contexts: Path, code: str) -> tuple[Path, Region]:
    regions = discover_regions(contexts)
    if code not in regions:
        known = "、".join(regions) or "（无）"
        raise InputError(
            f"找不到地区 {code!r}（已有：{known}）；新地区请先运行 skillwage-docs new region"
        )
    folder = regions[code]
    located = load_yaml(folder / REGION_FILE)
    data = located.data.get("region") if isinstance(located.data, dict) else None
    try:
        return folder, Region.model_validate(data)
    except Exception as err:  # pydantic's ValidationError: validate names each field
        raise InputError(
            f"{folder / REGION_FILE}: region 不完整或有误；请先运行 skillwage-docs validate {code}"
        ) from err


def _show_minimum(session: Session) -> Applicable | None:
    draft = session.draft
    region = session.region
    areas = draft.areas if draft.areas is not None else region.areas
    try:
        minimum = session.table.in_force(region.province_code, areas, draft.start)
    except InputError as err:
        click.secho(
            f"当地最低工资标准查不到，合同中的数字暂不能校验：{err.message}", fg="yellow", err=True
        )
        return None
    hourly = f"，非全日制 {yuan(minimum.hourly)} 元/小时" if minimum.hourly is not None else ""
    click.echo(
        f"当地最低工资标准（{draft.start.isoformat()}）：月 {yuan(minimum.monthly)} 元{hourly}"
    )
    click.echo(f"  {minimum.describe()}")
    for later in session.table.later_changes(region.province_code, areas, draft.start, draft.end):
        click.echo(
            f"  合同期内 {later.effective.isoformat()} 起执行新标准：月 {yuan(later.monthly)} 元"
            f"（{later.describe()}）"
        )
    for doubt in minimum.unconfirmed:
        click.secho(f"  ! 所用数据未经核实：{doubt}", fg="yellow", err=True)
    if minimum.provisional is not None:
        click.secho(f"  ! 临时校验：{minimum.provisional.summary()}", fg="yellow", err=True)
    click.echo(
        f"合同中的每个月工资都须高于 {yuan(minimum.monthly)} 元；等于或低于它的数字会被拒绝。"
    )
    return minimum


def new_agreement(
    contexts: Path,
    region_code: str,
    answers: Answers,
    *,
    no_input: bool = False,
    force: bool = False,
    today: date | None = None,
    echo: Callable[[str], None] = click.echo,
) -> Path:
    """Ask for (or take) a new agreement of a region, write contexts/<region>/<file>.yaml."""
    from ...inputs.minimum_wage import load_minimum_wages

    today = today or date.today()
    folder, region = _region_of(contexts, region_code)
    table = load_minimum_wages(contexts / MINIMUM_WAGES)
    asker = Asker(no_input)
    with Checker(table) as checker:
        return _ask_agreement(
            asker, answers, folder, region, table, checker, force=force, today=today, echo=echo
        )


def _ask_agreement(
    asker: Asker,
    answers: Answers,
    folder: Path,
    region: Region,
    table: MinimumWageTable,
    checker: Checker,
    *,
    force: bool,
    today: date,
    echo: Callable[[str], None],
) -> Path:
    """The questions in the order a negotiator thinks of them: what the contract covers, its
    term (then the minimum it must beat), the parties, the wage schedule."""
    draft = _ask_subject(asker, answers, folder, region, force=force, today=today)
    session = Session(folder, region, table, checker, draft)
    minimum = _ask_term(asker, answers, session, today)
    _ask_parties(asker, answers, session)
    ask_schedule(asker, answers, session)
    return _finish(session, minimum, interactive=not asker.no_input, force=force, echo=echo)


def _ask_subject(
    asker: Asker,
    answers: Answers,
    folder: Path,
    region: Region,
    *,
    force: bool,
    today: date,
) -> AgreementDraft:
    """Kind, industry or zone, file name, areas and scope; the term, parties and figures get
    placeholders the later questions replace."""
    kind, subject = _ask_kind(asker, answers)
    suggested = dict(NATIONAL_INDUSTRIES).get(subject) if kind == "行业性" else None
    slug = asker.ask(
        "--file",
        "合同文件名（小写英文字母、数字、- 或 _，不含 .yaml）",
        answers.get("slug"),
        _slug_parser(folder, force),
        default=suggested,
    )
    areas = _ask_areas(asker, answers, region)
    default_scope = (
        f"{region.name}行政区域内从事{subject}生产经营的各类企业，以及与上述企业建立劳动关系的技能人才。"
        if kind == "行业性"
        else f"{subject}范围内依法设立的各类企业，以及与上述企业建立劳动关系的技能人才。"
    )
    scope = asker.ask(
        "--scope", "适用范围", answers.get("scope"), parse_text("scope"), default=default_scope
    )
    start_default = first_of_next_month(today)
    placeholder_party = Party("（待定）", PENDING, 5)
    return AgreementDraft(
        slug=slug,
        kind=kind,
        subject=subject,
        scope=scope,
        start=start_default,
        end=add_months(start_default, 24) - timedelta(days=1),
        signed=min(today, start_default),
        example=True,
        worker=placeholder_party,
        employer=placeholder_party,
        areas=areas,
        tiers=[PLACEHOLDER],
    )


def _ask_kind(asker: Asker, answers: Answers) -> tuple[str, str]:
    """行业性 with its industry (the five of 人社厅发〔2024〕51号 offered first), or 区域性 with
    its zone."""
    interactive = not asker.no_input
    if interactive and answers.get("kind") is None:
        show_choices(KINDS)
    kind = asker.ask(
        "--kind",
        "合同类型（行业性：某一行业；区域性：园区、街道、乡镇）",
        answers.get("kind"),
        choose(KINDS, "合同类型"),
        default="行业性",
    )
    if kind == "行业性":
        industries = [name for name, _ in NATIONAL_INDUSTRIES]
        if interactive and answers.get("industry") is None:
            click.echo("行业（人社厅发〔2024〕51号先行开展的五个行业；其他行业直接输入名称）：")
            show_choices(industries, columns=5)
        subject = asker.ask(
            "--industry",
            "行业（编号或名称）",
            answers.get("industry"),
            lambda raw: pick(raw, industries) or parse_text("industry")(raw),
        )
    else:
        subject = asker.ask(
            "--zone", "区域（如 某某高新区、某某镇）", answers.get("zone"), parse_text("zone")
        )
    return kind, subject


def _slug_parser(folder: Path, force: bool) -> Callable[[str], str]:
    def parse_slug(raw: str) -> str:
        if not valid_slug(raw) or raw == "region":
            raise Refused(
                "文件名只能用小写英文字母、数字、- 和 _（如 manufacturing），且不能是 region"
            )
        target = folder / f"{raw}.yaml"
        if target.exists() and not force:
            raise Refused(f"{target} 已存在；换一个文件名，或加 --force 覆盖")
        return raw

    return parse_slug


def _ask_areas(asker: Asker, answers: Answers, region: Region) -> list[str] | None:
    """The region's areas this contract covers; None (all of them) when it has one."""
    areas: list[str] | None = None
    if len(region.areas) > 1 or answers.get("areas") is not None:
        if not asker.no_input and answers.get("areas") is None:
            click.echo(f"{region.name}的县（市、区）：")
            show_choices(region.areas)

        def parse_areas(raw: str) -> list[str] | None:
            if raw in ("", "全部"):
                return None
            chosen = pick_many(raw, region.areas)
            outside = [name for name in chosen if name not in region.areas]
            if outside:
                raise Refused(
                    f"{'、'.join(outside)} 不在{region.name}的 areas 中（{'、'.join(region.areas)}）"
                )
            return None if chosen == list(region.areas) else chosen

        areas = asker.ask(
            "--area",
            "本合同覆盖的县（市、区）（编号或名称；全部覆盖直接回车）",
            answers.get("areas"),
            parse_areas,
            default="全部",
        )
    return areas


def _ask_term(asker: Asker, answers: Answers, session: Session, today: date) -> Applicable | None:
    """Start, end, signing date and example-or-real; the minimum in force on the start is
    shown (and returned) between them, before any figure is asked."""
    interactive = not asker.no_input
    d = session.draft
    start_default = d.start
    start = session.ask_checked(
        asker,
        "--start",
        "合同起始日期（YYYY-MM-DD）",
        answers.get("start"),
        parse_date,
        "term.start",
        lambda v: replace(session.draft, start=v),
        default=start_default.isoformat(),
    )
    session.draft = d = replace(d, start=start, signed=min(d.signed, start))
    end = session.ask_checked(
        asker,
        "--end",
        "合同终止日期（一般为 1 至 3 年）",
        answers.get("end"),
        parse_date,
        "term.end",
        lambda v: replace(session.draft, end=v),
        default=(add_months(start, 24) - timedelta(days=1)).isoformat(),
    )
    session.draft = d = replace(d, end=end)
    minimum = _show_minimum(session) if interactive else None
    signed = session.ask_checked(
        asker,
        "--signed",
        "签订日期（不晚于起始日期）",
        answers.get("signed"),
        parse_date,
        "signing_date",
        lambda v: replace(session.draft, signed=v),
        default=min(today, start).isoformat(),
    )
    session.draft = d = replace(d, signed=signed)
    if interactive and answers.get("example") is None:
        show_choices(EXAMPLE_CHOICES)
    example_given = answers.get("example")
    example = (
        asker.ask(
            "--example/--real",
            "这是示例还是真实合同？（示例的每个输出都标注“示例（虚构数据）”）",
            None if example_given is None else EXAMPLE_CHOICES[0 if example_given else 1],
            choose(EXAMPLE_CHOICES, "回答"),
        )
        == EXAMPLE_CHOICES[0]
    )
    session.draft = replace(d, example=example)
    return minimum


def _ask_parties(asker: Asker, answers: Answers, session: Session) -> None:
    """The two parties, their chief representatives and the number on each side."""
    d = session.draft
    kind, subject = d.kind, d.subject
    where = session.region.name if kind == "行业性" else subject
    worker_name = asker.ask(
        "--worker-party",
        "职工方名称",
        answers.get("worker_party"),
        parse_text("worker_party.name"),
        default=f"{where}{subject}工会联合会" if kind == "行业性" else f"{subject}工会联合会",
    )
    worker_chief = asker.ask(
        "--worker-chief",
        "职工方首席代表（尚未确定可回车）",
        answers.get("worker_chief"),
        parse_text("worker_party.chief_representative"),
        default=PENDING,
    )
    employer_name = asker.ask(
        "--employer-party",
        "企业方名称",
        answers.get("employer_party"),
        parse_text("employer_party.name"),
        default=f"{where}{subject}企业协会" if kind == "行业性" else f"{subject}企业联合会",
    )
    employer_chief = asker.ask(
        "--employer-chief",
        "企业方首席代表（尚未确定可回车）",
        answers.get("employer_chief"),
        parse_text("employer_party.chief_representative"),
        default=PENDING,
    )

    def representatives(raw: str) -> int:
        if not raw.isdigit():
            raise Refused("worker_party.representatives: 应为整数")
        return int(raw)

    count = session.ask_checked(
        asker,
        "--representatives",
        "每方协商代表人数（不少于 3 人，双方相等）",
        answers.get("representatives"),
        representatives,
        "worker_party.representatives",
        lambda v: replace(
            session.draft,
            worker=Party(worker_name, worker_chief, v),
            employer=Party(employer_name, employer_chief, v),
        ),
        default="5",
    )
    session.draft = replace(
        d,
        worker=Party(worker_name, worker_chief, count),
        employer=Party(employer_name, employer_chief, count),
    )


def _finish(
    session: Session,
    minimum: Applicable | None,
    *,
    interactive: bool,
    force: bool,
    echo: Callable[[str], None],
) -> Path:
    """Check the whole file as validate will, then write it in one atomic step."""
    draft, region, folder = session.draft, session.region, session.folder
    target = folder / f"{draft.slug}.yaml"
    if minimum is None and not interactive:
        minimum = _binding_or_none(session)
    text = render_agreement(draft, region, minimum, folder)
    errors, warnings, lookup_failed = session.checker.final_lines(text, draft.slug, folder, target)
    if errors and not (lookup_failed and _unmapped_region(session.table, region, draft)):
        if lookup_failed:
            raise InputError(
                f"{len(errors)} 处查不到适用的最低工资标准，未写入 {target}", details=errors
            )
        raise ValidationFailed(f"{len(errors)} 处校验未通过，未写入 {target}", details=errors)
    action = publish(target, text, force=force)
    unconfirmed = [line for line in warnings if "所用最低工资数据未经核实" in line]
    if interactive and unconfirmed:  # listed above, with the minimum
        warnings = [line for line in warnings if line not in unconfirmed]
        click.secho(
            f"validate 还会提示 {len(unconfirmed)} 条“所用最低工资数据未经核实”（见上）。",
            fg="yellow",
            err=True,
        )
    for line in (*warnings, *errors):  # errors here: the table has no area list yet
        click.secho(line, fg="yellow", err=True)
    binding = minimum or _binding_or_none(session)
    if binding is not None and binding.provisional is not None:
        provisional = binding.provisional
        click.secho(
            f"{provisional.province}的地区划分缺少 {'、'.join(provisional.areas)}：查到类别后，"
            "把下面几行补入最低工资表（class 改为所属类别，注明来源）：",
            fg="yellow",
            err=True,
        )
        click.echo(provisional.block(), err=True)
    echo(f"{action.value:<9} {target}")
    echo(f"下一步：skillwage-docs watch {region.code}   # 在浏览器中预览，保存即更新")
    return target


def _binding_or_none(session: Session) -> Applicable | None:
    region, draft = session.region, session.draft
    areas = draft.areas if draft.areas is not None else region.areas
    try:
        return session.table.in_force(region.province_code, areas, draft.start)
    except InputError:
        return None


def _unmapped_region(table: MinimumWageTable, region: Region, draft: AgreementDraft) -> bool:
    """The province has classes but no area list: the file is written, validate will ask."""
    try:
        province = table.province(region.province_code)
        _, standard = table.standard_on(region.province_code, draft.start)
    except InputError:
        return False
    return province is not None and unmapped(standard)
