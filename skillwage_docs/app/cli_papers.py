"""The commands that write or read the papers around the contracts, from the build's records:
the site, the liaison table, the compliance forms and their import, the filing calendar."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from .cli_options import json_errors, out_option, today_option, warn
from .completion import complete_agreements, complete_regions

__all__ = [
    "calendar_command",
    "compliance_command",
    "compliance_form_command",
    "liaison_table_command",
    "serve_command",
    "site_command",
]


@click.command("site")
@click.argument("regions", nargs=-1, shell_complete=complete_regions)
@click.option("--all", "all_regions", is_flag=True, help="所有地区。")
@out_option("输出目录；网站写入 OUT/site/。")
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
    warn(sorted(set(result.build.warnings)))
    for key, lines in sorted(result.failed.items()):
        for line in lines:
            click.secho(f"{key}: {line}", fg="red", err=True)
    for line in result.summary():
        click.echo(line)
    if result.failed:
        sys.exit(1)


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="端口（只监听 127.0.0.1）。",
)
@out_option("输出目录（预览 OUT/site/）。")
def serve_command(port: int, out: Path) -> None:
    """在 http://127.0.0.1:PORT/ 预览 OUT/site/，按 Ctrl+C 结束。"""
    from ..outputs.site import SITE, serve

    serve(out / SITE, port, announce=click.echo)


@click.command("liaison-table")
@click.argument("region", shell_complete=complete_regions)
@out_option("输出目录：写入 OUT/<地区>/liaison-table.docx 和 .xlsx。")
@today_option("填报日期，YYYY-MM-DD（默认今天）。")
@click.pass_obj
def liaison_table_command(
    obj: dict[str, Any], /, region: str, out: Path, today: datetime | None
) -> None:
    """重点联系点情况表（晋人社厅函〔2024〕1185号附件2）：DOCX 和 XLSX。"""
    from ..outputs.liaison.table import write_liaison_table

    day = today.date() if today else None
    written, warnings = write_liaison_table(obj["contexts"], region, out, today=day)
    for path in written:
        click.echo(f"write     {path}")
    # Data warnings belong here, not on the form that gets stamped.
    warn(list(warnings))


@click.command("compliance-form")
@click.argument("region", shell_complete=complete_regions)
@click.option(
    "--agreement",
    default=None,
    shell_complete=complete_agreements,
    help="只生成这份合同（文件名）的自查表；默认生成地区的全部合同。",
)
@out_option("输出目录：写入 OUT/<地区>/<合同>.compliance.xlsx 和 .docx。")
@click.pass_obj
def compliance_form_command(
    obj: dict[str, Any], /, region: str, agreement: str | None, out: Path
) -> None:
    """企业履约情况自查表：XLSX（收集多家企业，可导入核对）和 DOCX（单家企业纸质填写）。"""
    from ..outputs.compliance.form import write_compliance_forms

    for path in write_compliance_forms(obj["contexts"], region, out, agreement=agreement):
        click.echo(f"write     {path}")


@click.command("compliance")
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
@json_errors("output")
def compliance_command(
    obj: dict[str, Any], /, region: str, workbook: Path, agreement: str | None, output: str
) -> None:
    """导入填好的企业履约情况自查表（.xlsx），列出实发工资低于约定标准的企业。

    全部达标退出码为 0；有企业低于标准为 1；工作簿有错误（逐格指出）为 2。
    """
    from ..inputs.compliance.check import check_compliance

    report = check_compliance(obj["contexts"], region, workbook, agreement=agreement)
    if output == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    if not report.ok:
        sys.exit(1)


@click.command("calendar")
@click.argument("region", shell_complete=complete_regions)
@out_option("输出目录：日历读取其中的生成记录（过期时先校验生成记录）。")
@today_option("以哪一天为准标出已过期限和 90 日内到期的事项，YYYY-MM-DD（默认今天）。")
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
@json_errors("output")
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
