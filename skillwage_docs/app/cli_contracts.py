"""The commands about the contracts themselves: list, validate, render, build, what-if, the
minimum wage in force, and doctor (can this machine build them)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from .cli_options import (
    agreement_option,
    build_options,
    format_option,
    out_option,
    parse_formats,
    parse_outputs,
    print_build,
    print_output,
    strict_option,
    warn,
)
from .completion import complete_regions

__all__ = [
    "build_command",
    "doctor_command",
    "list_command",
    "minimum_wage_command",
    "render_command",
    "validate_command",
    "what_if_command",
]

PROGRESS_THRESHOLD = 4  # documents; fewer finish before a bar would be readable


@click.command("list")
@format_option
@click.pass_obj
def list_command(obj: dict[str, Any], output: str) -> None:
    """列出已有的地区及其合同。"""
    from ..inputs.catalog import catalog

    regions = catalog(obj["contexts"])
    if output == "json":
        listed = {region: dict(entries) for region, entries in regions.items()}
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    for region, entries in regions.items():
        click.echo(region)
        for slug, title in entries:
            click.echo(f"  {slug:<20} {title}")


@click.command("validate")
@click.argument("region", shell_complete=complete_regions)
@agreement_option("只校验指定合同（文件名或行业、区域名），可重复。")
@strict_option
@format_option
@click.pass_obj
def validate_command(
    obj: dict[str, Any], region: str, agreements: tuple[str, ...], strict: bool, output: str
) -> None:
    """校验地区的全部合同：工资须高于当地最低工资标准等（合同和全套文书的文本一并核对）。"""
    from ..checks.checker import Checks
    from ..inputs.loader import load_agreements
    from ..text.kinds import KINDS

    loaded = load_agreements(obj["contexts"], region, agreements or None)
    checks = Checks.load(obj["contexts"], strict=strict)
    report = checks.validate(loaded, kinds=list(KINDS))
    if output == "json":
        click.echo(json.dumps(report.to_json(Path.cwd()), ensure_ascii=False, indent=2))
    else:
        from .console import print_report

        print_report(report, [item.agreement.slug for item in loaded])
    if not report.ok:
        sys.exit(1)


def _run_build(obj: dict[str, Any], regions: list[str] | None, **options: Any) -> None:
    from ..outputs.make import make

    output = options.pop("output")
    formats = parse_formats(options.pop("formats"))
    outputs = parse_outputs(options.pop("outputs"))
    state: dict[str, Any] = {}

    def on_plan(count: int) -> None:
        if count * len(formats) >= PROGRESS_THRESHOLD and output == "text":
            state["bar"] = click.progressbar(
                length=count, label="生成中", file=sys.stderr, show_pos=True
            ).__enter__()

    def progress(_key: str) -> None:
        if "bar" in state:
            state["bar"].update(1)

    try:
        made = make(
            obj["contexts"],
            regions=regions,
            outputs=outputs,
            agreements=options.pop("agreements") or None,
            formats=formats,
            progress=progress,
            on_plan=on_plan,
            **options,
        )
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
    if output == "json":
        click.echo(json.dumps(made.to_json(Path.cwd()), ensure_ascii=False, indent=2))
    else:
        print_build(made.build, options["out"])
        for result in made.outputs:
            print_output(result)
    if not made.ok:
        sys.exit(1)


@click.command("render")
@click.argument("region", shell_complete=complete_regions)
@build_options
@click.pass_obj
def render_command(obj: dict[str, Any], /, region: str, **options: Any) -> None:
    """校验后生成一个地区的合同文本到 OUT/<地区>/（只重新生成有变化的文件）。"""
    _run_build(obj, [region], **options)


@click.command("build")
@click.argument("regions", nargs=-1, shell_complete=complete_regions)
@click.option("--all", "all_regions", is_flag=True, help="所有地区。")
@build_options
@click.pass_obj
def build_command(
    obj: dict[str, Any], /, regions: tuple[str, ...], all_regions: bool, **options: Any
) -> None:
    """批量生成：多个地区或全部地区，增量、并行，并写出 OUT/REPORT.md。"""
    if not regions and not all_regions:
        raise click.UsageError("请指定地区，或使用 --all")
    _run_build(obj, None if all_regions else list(regions), **options)


@click.command("what-if")
@click.option(
    "--minimum-wage-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="拟议的新最低工资表（与 contexts/minimum_wages/*.yaml 同格式）。",
)
@click.option("--province", default=None, help="不写 YAML：省份（如 山西、山西省、shanxi）。")
@click.option("--rise", default=None, help="各类别月标准上调的百分比，如 8%（小时标准同比例）。")
@click.option(
    "--monthly",
    multiple=True,
    help="某一类别的新月标准，如 一类=2400；未列出的类别按同一比例上调。可重复。",
)
@click.option(
    "--from",
    "start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="拟议标准的起始日期 YYYY-MM-DD（与 --province 同用）。",
)
@strict_option
@click.option("--details", is_flag=True, help="在汇总之后逐项列出每个不合规的数字。")
@format_option
@click.pass_obj
def what_if_command(
    obj: dict[str, Any],
    minimum_wage_file: Path | None,
    province: str | None,
    rise: str | None,
    monthly: tuple[str, ...],
    start: datetime | None,
    strict: bool,
    details: bool,
    output: str,
) -> None:
    """假设最低工资标准调整：汇总将不再合规的合同及须上调多少（不写任何文件）。

    给出拟议的表（--minimum-wage-file），或不写 YAML：--province 山西 --rise 8% --from 2027-01-01
    （或 --monthly 一类=2400）。有合同不合规时退出码为 1，便于脚本判断。
    """
    from ..outputs.what_if import what_if, what_if_proposal
    from ..outputs.what_if_proposal import parse_monthly, parse_rise

    if (minimum_wage_file is None) == (province is None):
        raise click.UsageError(
            "请给出 --minimum-wage-file，或 --province 与 --rise/--monthly、--from"
        )
    if minimum_wage_file is not None:
        result = what_if(obj["contexts"], minimum_wage_file, strict=strict)
    else:
        if start is None:
            raise click.UsageError("使用 --province 时须给出 --from（拟议标准的起始日期）")
        result = what_if_proposal(
            obj["contexts"],
            province or "",
            start.date(),
            rise=parse_rise(rise) if rise is not None else None,
            monthly=parse_monthly(monthly),
            strict=strict,
        )
    if output == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        from .console import print_what_if

        print_what_if(result, details=details)
    if result.non_compliant:
        sys.exit(1)


@click.command("doctor")
@out_option("输出目录（检查其中的生成锁）。")
@format_option
@click.pass_obj
def doctor_command(obj: dict[str, Any], out: Path, output: str) -> None:
    """检查本机能否生成各种格式：数据、字体字形、Typst、poppler、WeasyPrint、LibreOffice、Chromium、生成锁。

    默认输出（DOCX、HTML、Typst PDF）有一项不能生成时退出码为 1；只缺可选软件时为 0。
    """
    from .doctor import diagnose

    diagnosis = diagnose(obj["contexts"], out)
    if output == "json":
        click.echo(json.dumps(diagnosis.to_json(), ensure_ascii=False, indent=2))
    else:
        from .console import print_diagnosis

        print_diagnosis(diagnosis)
    if not diagnosis.ok:
        sys.exit(1)


@click.command("minimum-wage")
@click.argument("query", metavar="REGION|PROVINCE")
@click.option(
    "--on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="查询哪一天适用的标准，YYYY-MM-DD（默认今天）。",
)
@format_option
@click.pass_obj
def minimum_wage_command(
    obj: dict[str, Any], /, query: str, on: datetime | None, output: str
) -> None:
    """当地最低工资标准：各县区的类别和数字、最高标准、文件和来源、核实情况、下一次已知调整。"""
    from ..outputs.minimum_wage_report import minimum_wage_report

    day = on.date() if on else datetime.now().date()
    report = minimum_wage_report(obj["contexts"], query, day)
    if output == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    warn(report.warnings)
    for line in report.lines():
        click.echo(line)
