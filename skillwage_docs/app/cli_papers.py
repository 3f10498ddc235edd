"""The commands that write or read the papers around the contracts, from the build's records:
the site, the liaison table, the compliance forms and their import, the filing calendar."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from .cli_options import (
    agreement_option,
    format_option,
    out_option,
    output_file_option,
    print_output,
    strict_option,
    today_option,
    warn,
)
from .completion import complete_regions

__all__ = [
    "calendar_command",
    "compliance_command",
    "compliance_form_command",
    "liaison_table_command",
    "serve_command",
    "site_command",
    "word_blank_command",
]


@click.command("site")
@click.argument("regions", nargs=-1, shell_complete=complete_regions)
@click.option("--all", "all_regions", is_flag=True, help="所有地区。")
@out_option("输出目录；网站写入 OUT/site/。")
@strict_option
@format_option
@click.pass_obj
def site_command(
    obj: dict[str, Any],
    /,
    regions: tuple[str, ...],
    all_regions: bool,
    out: Path,
    strict: bool,
    output: str,
) -> None:
    """生成静态网站 OUT/site/：索引页、每份合同一页（附 PDF、DOCX 下载）、修订对照页。"""
    if not regions and not all_regions:
        raise click.UsageError("请指定地区，或使用 --all")
    from ..outputs.make import make
    from ..outputs.site import check_site_regions

    chosen = None if all_regions else list(regions)
    check_site_regions(obj["contexts"], chosen)
    made = make(
        obj["contexts"],
        out=out,
        regions=chosen,
        outputs=("site",),
        strict=strict,
        keep_going=True,  # a refused contract gets a page naming its findings
        blank=True,
    )
    site = made.output("site")
    if output == "json":
        click.echo(json.dumps(made.to_json(Path.cwd()), ensure_ascii=False, indent=2))
    else:
        warn(sorted(made.build.warning_lines()))
        for key, lines in sorted(site.data.failed.items()):
            for line in lines:
                click.secho(f"{key}: {line}", fg="red", err=True)
        for line in site.data.summary():
            click.echo(line)
    if site.data.failed:
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
@format_option
@click.pass_obj
def liaison_table_command(
    obj: dict[str, Any], /, region: str, out: Path, today: datetime | None, output: str
) -> None:
    """重点联系点情况表（晋人社厅函〔2024〕1185号附件2）：DOCX 和 XLSX。"""
    # A refused contract stays on the form, with a warning that its figures are not approved.
    day = today.date() if today else None
    _one_output(obj, region, "liaison", out, output, today=day, keep_going=True)


@click.command("compliance-form")
@click.argument("region", shell_complete=complete_regions)
@agreement_option("只生成这些合同（文件名或行业、区域名）的自查表，可重复；默认地区的全部合同。")
@out_option("输出目录：写入 OUT/<地区>/<合同>.compliance.xlsx 和 .docx。")
@format_option
@click.pass_obj
def compliance_form_command(
    obj: dict[str, Any], /, region: str, agreements: tuple[str, ...], out: Path, output: str
) -> None:
    """企业履约情况自查表：XLSX（收集多家企业，可导入核对）和 DOCX（单家企业纸质填写）。"""
    _one_output(obj, region, "compliance", out, output, agreements=agreements or None)


def _one_output(
    obj: dict[str, Any], region: str, name: str, out: Path, output: str, **options: Any
) -> Any:
    """One output over the region's records: the build brings them up to date first
    (validation and composition only: no document is rendered), under the same lock."""
    from ..outputs.make import make

    made = make(obj["contexts"], out=out, regions=[region], outputs=(name,), formats=(), **options)
    result = made.output(name)
    if output == "json":
        click.echo(json.dumps(made.to_json(Path.cwd()), ensure_ascii=False, indent=2))
    else:
        warn(sorted(made.build.warning_lines()))
        print_output(result)
    return result


@click.command("compliance")
@click.argument("region", shell_complete=complete_regions)
@click.argument("workbook", type=click.Path(path_type=Path))
@agreement_option("按这份合同（文件名）核对；默认用工作簿“约定标准”表中的合同代码。")
@click.option(
    "--record",
    is_flag=True,
    help="打印年度履约检查记录（procedure.inspections），粘贴到合同文件后生成履约检查情况报告。",
)
@today_option("检查日期，YYYY-MM-DD（默认今天；用于 --record）。")
@format_option
@click.pass_obj
def compliance_command(
    obj: dict[str, Any],
    /,
    region: str,
    workbook: Path,
    agreements: tuple[str, ...],
    record: bool,
    today: datetime | None,
    output: str,
) -> None:
    """导入填好的企业履约情况自查表（.xlsx），列出实发工资低于约定标准的企业。

    全部达标退出码为 0；有企业低于标准为 1；工作簿有错误（逐格指出）为 2。
    """
    from ..inputs.compliance.check import check_compliance

    if len(agreements) > 1:
        raise click.BadParameter("只能按一份合同核对一个工作簿", param_hint="--agreement")
    agreement = agreements[0] if agreements else None
    report = check_compliance(obj["contexts"], region, workbook, agreement=agreement)
    if record:
        from ..inputs.compliance.record import inspection_record, inspection_yaml

        day = today.date() if today else date.today()
        click.echo(inspection_yaml(inspection_record(report, day)), nl=False)
    elif output == "json":
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
@format_option
@output_file_option("写入文件（原子写入）而不是打印。")
@click.pass_obj
def calendar_command(
    obj: dict[str, Any],
    /,
    region: str,
    out: Path,
    today: datetime | None,
    output: str,
    output_file: Path | None,
) -> None:
    """备案日历：签订、报送审查备案期限、审查期满、启动续订协商、到期。

    同时写出 OUT/<地区>/calendar.md（在生成锁内写入）。"""
    from ..outputs.filing_calendar import render_calendar
    from ..outputs.make import make

    day = today.date() if today else date.today()
    # The records, brought up to date (a contract that fails validation is listed too).
    made = make(
        obj["contexts"],
        out=out,
        regions=[region],
        outputs=("calendar",),
        formats=(),
        keep_going=True,
        today=day,
    )
    text = render_calendar(made.output("calendar").data[region], day, fmt=output)
    if output_file is None:
        click.echo(text, nl=False)
    else:
        from ..base.publish import write_atomic

        click.echo(f"{write_atomic(output_file, text.encode('utf-8')):<9} {output_file}")


@click.command("word-blank")
@click.argument("region", shell_complete=complete_regions)
@click.argument("agreement")
@click.option(
    "--kind",
    default="contract",
    show_default=True,
    help="文书种类（contract 为合同本身；offer、reply、filing 等为协商文书）。",
)
@out_option("输出目录：写入 OUT/<地区>/<合同><文书>.blank.comments.docx。")
@click.pass_obj
def word_blank_command(
    obj: dict[str, Any], /, region: str, agreement: str, kind: str, out: Path
) -> None:
    """空白示范文本的 Word 版，填写说明作为批注：审阅 › 删除 › 删除文档中的所有批注，一次删净。"""
    from ..outputs.word_blank import word_blank

    click.echo(str(word_blank(obj["contexts"], region, agreement, kind=kind, out=out)))
