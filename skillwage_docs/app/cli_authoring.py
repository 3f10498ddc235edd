"""The commands for writing contexts: new region or agreement (the wizard), import a Word
draft, the JSON schemas editors check against, and watch (edit and see)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .cli_options import agreement_option, out_option, output_file_option
from .completion import complete_regions

__all__ = ["import_command", "new_group", "schema_command", "watch_command"]


@click.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@output_file_option("写出的条款模板草稿（.md.j2）。", required=True)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
def import_command(source: Path, output_file: Path, force: bool) -> None:
    """把现有的示范文本（.docx、.odt；.doc 须装有 LibreOffice）转换为条款标记的初稿。

    初稿开头的说明列出须人工核对的地方（空白改为变量、表格、签字栏）。"""
    from ..base.errors import InputError
    from ..base.publish import write_atomic
    from ..inputs.importer import import_model_text

    if output_file.exists() and not force:
        raise InputError(f"{output_file} 已存在；加 --force 覆盖（建议写到 drafts/ 下再人工合并）")
    draft = import_model_text(source)
    click.echo(f"{write_atomic(output_file, draft.encode('utf-8')):<9} {output_file}")


@click.command("schema")
@out_option("写入目录。", Path("schemas"))
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


@click.group("new")
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
    from .wizard.prompts import Answers
    from .wizard.region import new_region

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
    from .wizard.agreement import new_agreement
    from .wizard.prompts import Answers

    new_agreement(obj["contexts"], region, Answers(values), no_input=no_input, force=force)


@click.command("watch")
@click.argument("region", shell_complete=complete_regions)
@agreement_option("只预览指定合同（文件名或行业、区域名），可重复。")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="端口（只监听 127.0.0.1；0 为任一空闲端口）。",
)
@out_option("预览文件目录（HTML）。", Path("build") / ".preview")
@click.pass_obj
def watch_command(
    obj: dict[str, Any], /, region: str, agreements: tuple[str, ...], port: int, out: Path
) -> None:
    """边改边看：保存合同、最低工资表或模板时重新校验并生成 HTML，在浏览器中自动刷新。"""
    from .watch import watch

    watch(obj["contexts"], region, agreements=agreements or None, port=port, out=out)
