"""What the commands share: JSON errors, warnings, option parsing, the build options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..base.findings import Finding
from ..outputs.builders import DEFAULT_OUTPUTS
from ..outputs.publication import OutputResult
from ..pipeline.buildreport import BuildResult
from .completion import complete_agreements

__all__ = [
    "agreement_option",
    "build_options",
    "format_option",
    "json_requested",
    "out_option",
    "output_file_option",
    "parse_formats",
    "parse_outputs",
    "print_build",
    "print_output",
    "reset_json_request",
    "strict_option",
    "today_option",
    "warn",
]



# Whether the running command was asked for JSON (`--format json`): `main` then prints a
# failure as JSON on stdout too, whichever command and wherever it failed.
_JSON_REQUESTED = False


def json_requested() -> bool:
    return _JSON_REQUESTED


def reset_json_request() -> None:
    global _JSON_REQUESTED
    _JSON_REQUESTED = False


def warn(lines: Sequence[str | Finding]) -> None:
    """Warnings go to stderr in every command (results to stdout), each line once."""
    for line in dict.fromkeys(str(item) for item in lines):
        click.secho(line, fg="yellow", err=True)


def print_build(result: BuildResult, out: Path) -> None:
    """A build's result as the terminal shows it: warnings and failures on stderr, the files
    on stdout with their verb (create, update, identical), then what changed."""
    warn(sorted(result.warning_lines()))
    for target in result.rebuilt:
        click.echo(f"{result.actions.get(target, 'create'):<9} {out / target}")
    for key, reasons in sorted(result.failed.items()):
        for reason in reasons:
            click.secho(reason.render(), fg="red", err=True)
        click.secho(f"failed    {key}", fg="red", err=True)
    if not result.rebuilt and not result.failed:
        click.echo(f"全部 {len(result.skipped)} 个文件均为最新，无需重新生成")
    for key, rows in sorted(result.changes.items()):
        for name, old, new in rows:
            click.echo(f"changed   {key}: {name} {old or '—'} → {new or '—'}")


def print_output(result: OutputResult) -> None:
    """What an output builder wrote (stdout) and its notes and warnings (stderr)."""
    for path in result.written:
        click.echo(f"write     {path}")
    for path in result.removed:
        click.echo(f"remove    {path}")
    warn([*result.notes, *result.warnings])


def parse_outputs(value: str) -> list[str]:
    """--outputs: the outputs run over the build (`none` for the documents alone)."""
    from ..outputs.builders import builders

    names = [part.strip() for part in value.split(",") if part.strip()]
    if names == ["none"]:
        return []
    unknown = [name for name in names if name not in builders()]
    if unknown:
        raise click.BadParameter(
            f"未知输出 {'、'.join(unknown)}；可选 {','.join(builders())}，或 none"
        )
    return list(dict.fromkeys(names))


def parse_formats(value: str) -> list[str]:
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
    global _JSON_REQUESTED
    if value in ("text", "json"):
        _JSON_REQUESTED = value == "json"
        return value
    if all(part.strip() in ("docx", "html", "pdf") for part in value.split(",") if part.strip()):
        raise click.BadParameter(
            f"--format 只选输出的格式 text 或 json；要生成的文件格式请用 --file-formats {value}"
        )
    raise click.BadParameter(f"{value!r} 不是 text 或 json")


def format_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--format text|json: what the command prints (its result, or its failure), the same
    option in every command; the parameter is `output`."""
    return click.option(
        "--format",
        "output",
        default="text",
        show_default=True,
        callback=_output_format,
        help="结果的输出格式：text 或 json（失败时也输出 JSON，含文件和行号）。",
    )(function)


def strict_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--strict", is_flag=True, help="把警告当作错误。")(function)


def agreement_option(help: str) -> Callable[[Callable[..., Any]], Any]:
    """--agreement, repeatable: an agreement by file name or by its industry (zone) name; the
    parameter is `agreements`."""
    return click.option(
        "--agreement",
        "agreements",
        multiple=True,
        shell_complete=complete_agreements,
        help=help,
    )


def output_file_option(help: str, *, required: bool = False) -> Callable[[Callable[..., Any]], Any]:
    """-o/--output FILE, the one file a command writes; the parameter is `output_file`."""
    return click.option(
        "-o",
        "--output",
        "output_file",
        type=click.Path(dir_okay=False, path_type=Path),
        required=required,
        default=None,
        help=help,
    )


def out_option(help: str, default: Path = Path("build")) -> Callable[[Callable[..., Any]], Any]:
    """--out, the folder a command writes to (or reads the build from); `help` says which."""
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=True,
        help=help,
    )


def today_option(help: str) -> Callable[[Callable[..., Any]], Any]:
    """--today, the date a paper is dated or a calendar counts from; `help` says which."""
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help=help,
    )


def build_options(function: Callable[..., Any]) -> Callable[..., Any]:
    # long: the build commands' options as one list, in the order --help shows them
    options = [
        agreement_option("只处理指定合同（文件名或行业、区域名），可重复。"),
        click.option(
            "--file-formats",
            "formats",
            default="docx,html,pdf",
            show_default=True,
            help="生成的文件格式，逗号分隔。",
        ),
        out_option("输出目录。"),
        click.option(
            "--pdf-engine",
            type=click.Choice(["typst", "weasyprint"]),
            default="typst",
            show_default=True,
        ),
        strict_option,
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
            "--outputs",
            default=",".join(DEFAULT_OUTPUTS),
            show_default=True,
            help="生成文书之后一并写出的输出，逗号分隔：compliance（自查表）、liaison（重点联系点"
            "情况表）、calendar（备案日历）、guides（登记表和审议方式指引）、progress（工作进展情况"
            "报告）、site（网站）；none 为不写。",
        ),
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
            "--executor",
            default=None,
            metavar="dask://主机:端口",
            help="在 Dask 集群上运行渲染任务（contexts 和输出目录须在各节点共享的存储上；"
            "须安装 skillwage-docs[dask]）；默认本机进程池。",
        ),
        click.option(
            "--keep-going",
            is_flag=True,
            help="有合同校验未通过时，仍生成其余合同（默认：一份不过，全部不写）。",
        ),
        format_option,
    ]
    for option in reversed(options):
        function = option(function)
    return function
