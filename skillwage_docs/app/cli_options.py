"""What the commands share: JSON errors, warnings, option parsing, the build options."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from ..base.errors import SkillwageError
from .completion import complete_agreements

__all__ = [
    "build_options",
    "json_errors",
    "out_option",
    "output_format",
    "parse_formats",
    "today_option",
    "warn",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def json_errors(option: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
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


def warn(lines: list[str]) -> None:
    for line in lines:
        click.secho(line, fg="yellow", err=True)


def parse_formats(value: str) -> list[str]:
    from ..formats import FORMATS

    formats = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"未知格式 {'、'.join(unknown) or '（空）'}；可选 {','.join(FORMATS)}"
        )
    return list(dict.fromkeys(formats))


def output_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """--format is what a command prints (text or json), in every command; the files a build
    writes are --file-formats. An old `--format docx,pdf` gets told so, not a bare refusal."""
    if value in ("text", "json"):
        return value
    if all(part.strip() in ("docx", "html", "pdf") for part in value.split(",") if part.strip()):
        raise click.BadParameter(
            f"--format 只选输出的格式 text 或 json；要生成的文件格式请用 --file-formats {value}"
        )
    raise click.BadParameter(f"{value!r} 不是 text 或 json")


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
        out_option("输出目录。"),
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
            callback=output_format,
            help="结果的输出格式：text 或 json。",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function
