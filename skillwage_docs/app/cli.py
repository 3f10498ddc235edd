"""Command line: parses options, makes one library call, turns exceptions into exit codes."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from .. import __version__
from ..base.errors import SkillwageError
from .completion import complete_agreements, complete_regions

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
PROGRESS_THRESHOLD = 4  # documents; fewer finish before a bar would be readable


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _fail(lines: list[str], code: int) -> None:
    for line in lines:
        click.secho(line, fg="red", err=True)
    sys.exit(code)


def _json_errors(option: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """A command asked for JSON (`option` = "json") prints its failure as JSON on stdout too,
    shaped like a validation report, so a script reads one shape whether the input loaded or
    not; `main` still prints the lines on stderr and exits with the error's code."""

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(function)
        def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return function(*args, **kwargs)
            except SkillwageError as err:
                if kwargs.get(option) == "json":
                    click.echo(json.dumps(err.to_json(), ensure_ascii=False, indent=2))
                raise

        return wrapper

    return decorate


def _warn(lines: list[str]) -> None:
    for line in lines:
        click.secho(line, fg="yellow", err=True)


def _parse_formats(value: str) -> list[str]:
    from ..formats import FORMATS

    formats = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"未知格式 {'、'.join(unknown) or '（空）'}；可选 {','.join(FORMATS)}"
        )
    return list(dict.fromkeys(formats))


def _output_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """--format is what a command prints (text or json), in every command; the files a build
    writes are --file-formats. An old `--format docx,pdf` gets told so, not a bare refusal."""
    if value in ("text", "json"):
        return value
    if all(part.strip() in ("docx", "html", "pdf") for part in value.split(",") if part.strip()):
        raise click.BadParameter(
            f"--format 只选输出的格式 text 或 json；要生成的文件格式请用 --file-formats {value}"
        )
    raise click.BadParameter(f"{value!r} 不是 text 或 json")


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="skillwage-docs")
@click.option(
    "--contexts",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("contexts"),
    show_default=True,
    help="合同数据目录（contexts/<地区>/*.yaml）。",
)
@click.pass_context
def cli(ctx: click.Context, contexts: Path) -> None:
    """技能人才最低工资集体合同示范文本：校验并生成 DOCX、PDF、HTML。"""
    ctx.obj = {"contexts": contexts}


@cli.command("list")
@click.pass_obj
def list_command(obj: dict[str, Any]) -> None:
    """列出已有的地区及其合同。"""
    from ..inputs.catalog import catalog

    for region, entries in catalog(obj["contexts"]).items():
        click.echo(region)
        for slug, title in entries:
            click.echo(f"  {slug:<20} {title}")


@cli.command("validate")
@click.argument("region", shell_complete=complete_regions)
@click.option(
    "--industry",
    "industries",
    multiple=True,
    shell_complete=complete_agreements,
    help="只校验指定合同（文件名或行业名），可重复。",
)
@click.option("--strict", is_flag=True, help="把警告当作错误。")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
@_json_errors("output")
def validate_command(
    obj: dict[str, Any], region: str, industries: tuple[str, ...], strict: bool, output: str
) -> None:
    """校验地区的全部合同：工资须高于当地最低工资标准等。"""
    from ..checks.validate import validate
    from ..inputs.agreement import load_agreements
    from ..inputs.minimum_wage import load_minimum_wages
    from ..pipeline.build import MINIMUM_WAGES

    loaded = load_agreements(obj["contexts"], region, industries or None)
    table = load_minimum_wages(obj["contexts"] / MINIMUM_WAGES)
    report = validate(loaded, table, strict=strict)
    if output == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        from .console import print_report

        print_report(report, [item.agreement.slug for item in loaded])
    if not report.ok:
        sys.exit(1)


def _build_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--industry",
            "industries",
            multiple=True,
            shell_complete=complete_agreements,
            help="只处理指定合同（文件名或行业名），可重复。",
        ),
        click.option(
            "--file-formats",
            "formats",
            default="docx,html,pdf",
            show_default=True,
            help="生成的文件格式，逗号分隔。",
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path("build"),
            show_default=True,
            help="输出目录。",
        ),
        click.option(
            "--pdf-engine",
            type=click.Choice(["typst", "weasyprint"]),
            default="typst",
            show_default=True,
        ),
        click.option("--strict", is_flag=True, help="把警告当作错误。"),
        click.option(
            "--blank/--no-blank",
            default=True,
            show_default=True,
            help="同时生成空白示范文本（<合同>.blank.<格式>）。",
        ),
        click.option(
            "--packet/--no-packet",
            default=True,
            show_default=True,
            help="同时生成集体协商全套文书（<合同>.poster.<格式> 等）。",
        ),
        click.option("--force", is_flag=True, help="忽略清单，全部重新生成。"),
        click.option(
            "--verify/--no-verify",
            default=True,
            show_default=True,
            help="生成后读回文件，核对每个数字及其大写金额。",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=None,
            help="并行进程数（默认：CPU 核数）。",
        ),
        click.option(
            "--keep-going",
            is_flag=True,
            help="有合同校验未通过时，仍生成其余合同（默认：一份不过，全部不写）。",
        ),
        click.option(
            "--format",
            "output",
            default="text",
            show_default=True,
            callback=_output_format,
            help="结果的输出格式：text 或 json。",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _run_build(obj: dict[str, Any], regions: list[str] | None, **options: Any) -> None:
    from ..pipeline.build import build

    output = options.pop("output")
    formats = _parse_formats(options.pop("formats"))
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
        result = build(
            obj["contexts"],
            regions=regions,
            industries=options.pop("industries") or None,
            formats=formats,
            progress=progress,
            on_plan=on_plan,
            **options,
        )
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
    if output == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _warn(sorted(set(result.warnings)))
        for target in result.rebuilt:
            click.echo(f"{result.actions.get(target, 'create'):<9} {options['out'] / target}")
        for key, reasons in sorted(result.failed.items()):
            for reason in reasons:
                click.secho(reason, fg="red", err=True)
            click.secho(f"failed    {key}", fg="red", err=True)
        if not result.rebuilt and not result.failed:
            click.echo(f"全部 {len(result.skipped)} 个文件均为最新，无需重新生成")
        for key, rows in sorted(result.changes.items()):
            for name, old, new in rows:
                click.echo(f"changed   {key}: {name} {old or '—'} → {new or '—'}")
    if result.failed:
        sys.exit(1)


@cli.command("render")
@click.argument("region", shell_complete=complete_regions)
@_build_options
@click.pass_obj
@_json_errors("report_format")
def render_command(obj: dict[str, Any], /, region: str, **options: Any) -> None:
    """校验后生成一个地区的合同文本到 OUT/<地区>/（只重新生成有变化的文件）。"""
    _run_build(obj, [region], **options)


@cli.command("build")
@click.argument("regions", nargs=-1, shell_complete=complete_regions)
@click.option("--all", "all_regions", is_flag=True, help="所有地区。")
@_build_options
@click.pass_obj
@_json_errors("report_format")
def build_command(
    obj: dict[str, Any], /, regions: tuple[str, ...], all_regions: bool, **options: Any
) -> None:
    """批量生成：多个地区或全部地区，增量、并行，并写出 OUT/REPORT.md。"""
    if not regions and not all_regions:
        raise click.UsageError("请指定地区，或使用 --all")
    _run_build(obj, None if all_regions else list(regions), **options)


@cli.command("what-if")
@click.option(
    "--minimum-wage-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="拟议的新最低工资表（与 contexts/minimum_wages/*.yaml 同格式）。",
)
@click.option("--strict", is_flag=True, help="把警告当作错误。")
@click.option("--details", is_flag=True, help="在汇总之后逐项列出每个不合规的数字。")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
@_json_errors("output")
def what_if_command(
    obj: dict[str, Any], minimum_wage_file: Path, strict: bool, details: bool, output: str
) -> None:
    """假设最低工资标准调整为新表：汇总将不再合规的合同及须上调多少（不写任何文件）。

    有合同不合规时退出码为 1，便于脚本判断。
    """
    from ..outputs.what_if import what_if

    result = what_if(obj["contexts"], minimum_wage_file, strict=strict)
    if output == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        from .console import print_what_if

        print_what_if(result, details=details)
    if result.non_compliant:
        sys.exit(1)


@cli.command("doctor")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="输出目录（检查其中的生成锁）。",
)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
@_json_errors("output")
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


@cli.command("site")
@click.argument("regions", nargs=-1, shell_complete=complete_regions)
@click.option("--all", "all_regions", is_flag=True, help="所有地区。")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="输出目录；网站写入 OUT/site/。",
)
@click.option("--strict", is_flag=True, help="把警告当作错误。")
@click.pass_obj
def site_command(
    obj: dict[str, Any], /, regions: tuple[str, ...], all_regions: bool, out: Path, strict: bool
) -> None:
    """生成静态网站 OUT/site/：索引页、每份合同一页（附 PDF、DOCX 下载）、修订对照页。"""
    if not regions and not all_regions:
        raise click.UsageError("请指定地区，或使用 --all")
    from ..outputs.site import build_site

    result = build_site(
        out, contexts=obj["contexts"], regions=None if all_regions else list(regions), strict=strict
    )
    _warn(sorted(set(result.build.warnings)))
    for key, lines in sorted(result.failed.items()):
        for line in lines:
            click.secho(f"{key}: {line}", fg="red", err=True)
    for line in result.summary():
        click.echo(line)
    if result.failed:
        sys.exit(1)


@cli.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="端口（只监听 127.0.0.1）。",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="输出目录（预览 OUT/site/）。",
)
def serve_command(port: int, out: Path) -> None:
    """在 http://127.0.0.1:PORT/ 预览 OUT/site/，按 Ctrl+C 结束。"""
    from ..outputs.site import SITE, serve

    serve(out / SITE, port, announce=click.echo)


@cli.command("liaison-table")
@click.argument("region", shell_complete=complete_regions)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="输出目录：写入 OUT/<地区>/liaison-table.docx 和 .xlsx。",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="填报日期，YYYY-MM-DD（默认今天）。",
)
@click.pass_obj
def liaison_table_command(
    obj: dict[str, Any], /, region: str, out: Path, today: datetime | None
) -> None:
    """重点联系点情况表（晋人社厅函〔2024〕1185号附件2）：DOCX 和 XLSX。"""
    from ..outputs.liaison import write_liaison_table

    day = today.date() if today else None
    written, warnings = write_liaison_table(obj["contexts"], region, out, today=day)
    for path in written:
        click.echo(f"write     {path}")
    # Data warnings belong here, not on the form that gets stamped.
    _warn(list(warnings))


@cli.command("compliance-form")
@click.argument("region", shell_complete=complete_regions)
@click.option(
    "--agreement",
    default=None,
    shell_complete=complete_agreements,
    help="只生成这份合同（文件名）的自查表；默认生成地区的全部合同。",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="输出目录：写入 OUT/<地区>/<合同>.compliance.xlsx 和 .docx。",
)
@click.pass_obj
def compliance_form_command(
    obj: dict[str, Any], /, region: str, agreement: str | None, out: Path
) -> None:
    """企业履约情况自查表：XLSX（收集多家企业，可导入核对）和 DOCX（单家企业纸质填写）。"""
    from ..outputs.compliance_form import write_compliance_forms

    for path in write_compliance_forms(obj["contexts"], region, out, agreement=agreement):
        click.echo(f"write     {path}")


@cli.command("compliance")
@click.argument("region", shell_complete=complete_regions)
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option(
    "--agreement",
    default=None,
    shell_complete=complete_agreements,
    help="按这份合同（文件名）核对；默认用工作簿“约定标准”表中的合同代码。",
)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
@_json_errors("output")
def compliance_command(
    obj: dict[str, Any], /, region: str, workbook: Path, agreement: str | None, output: str
) -> None:
    """导入填好的企业履约情况自查表（.xlsx），列出实发工资低于约定标准的企业。

    全部达标退出码为 0；有企业低于标准为 1；工作簿有错误（逐格指出）为 2。
    """
    from ..outputs.compliance import check_compliance

    report = check_compliance(obj["contexts"], region, workbook, agreement=agreement)
    if output == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    if not report.ok:
        sys.exit(1)


@cli.command("calendar")
@click.argument("region", shell_complete=complete_regions)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="输出目录：日历读取其中的生成记录（过期时先校验生成记录）。",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="以哪一天为准标出已过期限和 90 日内到期的事项，YYYY-MM-DD（默认今天）。",
)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="写入文件（原子写入）而不是打印。",
)
@click.pass_obj
@_json_errors("output")
def calendar_command(
    obj: dict[str, Any],
    /,
    region: str,
    out: Path,
    today: datetime | None,
    output: str,
    output_file: Path | None,
) -> None:
    """备案日历：签订、报送审查备案期限、审查期满、启动续订协商、到期。"""
    from ..outputs.filing_calendar import render_calendar

    day = today.date() if today else None
    text = render_calendar(obj["contexts"], region, out=out, today=day, fmt=output)
    if output_file is None:
        click.echo(text, nl=False)
    else:
        from ..base.publish import write_atomic

        click.echo(f"{write_atomic(output_file, text.encode('utf-8')):<9} {output_file}")


@cli.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
def import_command(source: Path, output: Path, force: bool) -> None:
    """把现有 Word 示范文本（.docx）转换为条款模板的初稿（需人工替换变量）。"""
    from ..base.errors import InputError
    from ..base.publish import write_atomic
    from ..inputs.importer import import_docx

    if output.exists() and not force:
        raise InputError(f"{output} 已存在；加 --force 覆盖（建议写到 drafts/ 下再人工合并）")
    draft = import_docx(source)
    click.echo(f"{write_atomic(output, draft.encode('utf-8')):<9} {output}")


@cli.command("minimum-wage")
@click.argument("query", metavar="REGION|PROVINCE")
@click.option(
    "--on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="查询哪一天适用的标准，YYYY-MM-DD（默认今天）。",
)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_obj
@_json_errors("output")
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
    _warn(report.warnings)
    for line in report.lines():
        click.echo(line)


@cli.command("schema")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="写入目录。",
)
@click.option("--check", is_flag=True, help="只比较不写入：与数据模型不一致时退出码 1。")
def schema_command(out: Path, check: bool) -> None:
    """从数据模型生成 JSON Schema（合同、地区、最低工资文件），供编辑器补全和检查键名。"""
    from ..inputs.schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(out)
        for name in stale:
            click.secho(
                f"{out / name}: 与数据模型不一致；请运行 skillwage-docs schema", fg="red", err=True
            )
        if stale:
            sys.exit(1)
        return
    for action, path in write_schemas(out):
        click.echo(f"{action:<9} {path}")


@cli.group("new")
def new_group() -> None:
    """新建地区或合同：逐项提问（中文），选项和默认值取自数据；也可全部用选项给出（--no-input）。"""


_NO_INPUT = click.option(
    "--no-input", is_flag=True, help="不提问：未给出的项用默认值，必填项缺少时报错（退出码 2）。"
)
_FORCE = click.option("--force", is_flag=True, help="覆盖已存在的文件。")


@new_group.command("region")
@click.option("--code", help="地区代码（目录名，如 dongguan）。")
@click.option("--province", help="省份：名称（广东省）、简称（广东）或代码（guangdong）。")
@click.option("--area", "areas", multiple=True, help="覆盖的县（市、区），可重复。")
@click.option("--name", help="地区名称（如 东莞市；只有一个县区时默认为它）。")
@click.option("--basis", multiple=True, help="法律依据中引用的省、市文件，可重复。")
@click.option(
    "--filing-authority", help="报送审查的劳动保障行政部门（默认：<地区>人力资源和社会保障局）。"
)
@click.option("--union-filing-body", help="备案的工会（默认：<地区>总工会）。")
@_NO_INPUT
@_FORCE
@click.pass_obj
def new_region_command(obj: dict[str, Any], /, no_input: bool, force: bool, **values: Any) -> None:
    """新建地区：写出 contexts/<地区代码>/region.yaml（带中文注释）。"""
    from .wizard import Answers, new_region

    new_region(obj["contexts"], Answers(values), no_input=no_input, force=force)


@new_group.command("agreement")
@click.argument("region", shell_complete=complete_regions)
@click.option("--kind", type=click.Choice(["行业性", "区域性"]), help="合同类型。")
@click.option("--industry", help="行业（行业性合同），如 制造业。")
@click.option("--zone", help="区域（区域性合同），如 某某高新区。")
@click.option("--file", "slug", help="合同文件名（不含 .yaml），如 manufacturing。")
@click.option("--area", "areas", multiple=True, help="只覆盖地区的部分县区时，逐个给出。")
@click.option("--scope", help="适用范围。")
@click.option("--start", help="合同起始日期 YYYY-MM-DD（默认下月 1 日）。")
@click.option("--end", help="合同终止日期 YYYY-MM-DD（默认两年）。")
@click.option("--signed", help="签订日期 YYYY-MM-DD（默认今天）。")
@click.option("--example/--real", default=None, help="示例（虚构数据）或真实合同（必答）。")
@click.option("--worker-party", help="职工方名称。")
@click.option("--worker-chief", help="职工方首席代表。")
@click.option("--employer-party", help="企业方名称。")
@click.option("--employer-chief", help="企业方首席代表。")
@click.option("--representatives", help="每方协商代表人数（默认 5）。")
@click.option(
    "--schedule",
    type=click.Choice(["levels", "occupations", "categories-51", "categories-52", "allowance"]),
    help="工资表形式（默认按给出的选项推断）。",
)
@click.option("--level", "levels", multiple=True, help="等级=月最低工资，如 初级工=2400，可重复。")
@click.option("--hourly", multiple=True, help="等级=非全日制小时工资，如 初级工=25，可重复。")
@click.option("--allowance", "allowances", multiple=True, help="等级=最低技能津贴，可重复。")
@click.option("--base-wage", help="不含津贴的基本工资（最低技能津贴形式）。")
@click.option(
    "--occupation",
    "occupations",
    multiple=True,
    help="工种:等级=金额,…，如 焊工:初级工=2550,中级工=2850。",
)
@click.option("--urgent", multiple=True, help="紧缺急需的工种名称，可重复。")
@click.option(
    "--category", "categories", multiple=True, help="岗位类别:等级=金额,…，如 基础类:初级工=2450。"
)
@click.option(
    "--category-floors/--no-category-floors",
    default=None,
    help="按人社厅发〔2025〕52号的比例下限校验岗位类别（52号类别默认开启）。",
)
@_NO_INPUT
@_FORCE
@click.pass_obj
def new_agreement_command(
    obj: dict[str, Any], /, region: str, no_input: bool, force: bool, **values: Any
) -> None:
    """为地区新建一份合同：逐项提问，数字当场与当地最低工资标准比较，写出带注释的 YAML。"""
    from .wizard import Answers, new_agreement

    new_agreement(obj["contexts"], region, Answers(values), no_input=no_input, force=force)


@cli.command("watch")
@click.argument("region", shell_complete=complete_regions)
@click.option(
    "--industry",
    "industries",
    multiple=True,
    shell_complete=complete_agreements,
    help="只预览指定合同（文件名或行业名），可重复。",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="端口（只监听 127.0.0.1；0 为任一空闲端口）。",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build") / ".preview",
    show_default=True,
    help="预览文件目录（HTML）。",
)
@click.pass_obj
def watch_command(
    obj: dict[str, Any], /, region: str, industries: tuple[str, ...], port: int, out: Path
) -> None:
    """边改边看：保存合同、最低工资表或模板时重新校验并生成 HTML，在浏览器中自动刷新。"""
    from .watch import watch

    watch(obj["contexts"], region, industries=industries or None, port=port, out=out)


def main(argv: list[str] | None = None) -> None:
    """Entry point: the one place errors become messages and exit codes."""
    try:
        cli.main(args=argv, prog_name="skillwage-docs", standalone_mode=False)
    except SkillwageError as err:
        # Problems are data: files inside the working directory are named relative to it.
        _fail(err.lines(Path.cwd()), err.exit_code)
    except OSError as err:  # an unwritable --out, a full disk: the user's to fix, not a traceback
        where = f"{err.filename}: " if err.filename else ""
        _fail([f"{where}{err.strerror or err}"], 2)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)  # click's own: 2 for usage errors, as documented
    except click.Abort:
        _fail(["已中止"], 130)
    except KeyboardInterrupt:
        _fail(["已中断；已生成的文件保持不变"], 130)


if __name__ == "__main__":  # python -m skillwage_docs.app.cli
    main()
