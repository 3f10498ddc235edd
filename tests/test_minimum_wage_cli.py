"""`skillwage-docs minimum-wage` and the table's self-checks, through the command line: what a
union's staff member sees, and one `file:line: field: message` line (exit 2, nothing written)
for each kind of bad table."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .test_cli import cli  # noqa: F401 - the fixture routing through skillwage_docs.app.cli.main
from .test_shapes import TOWNSHIP

Run = Callable[..., tuple[int, str]]
DOC_2025 = "晋政办发〔2024〕58号"
LINE = re.compile(r"^\S+\.yaml:\d+: [^:]+: .+$")


def test_yangquan_per_area_and_the_highest(cli: Run) -> None:  # noqa: F811
    code, out = cli("minimum-wage", "yangquan", "--on", "2025-07-01")
    assert code == 0, out
    assert f"文件：{DOC_2025}《山西省人民政府办公厅关于调整我省最低工资标准的通知》" in out
    assert "2025-01-01 起执行（起始日期 [V] 已核实）" in out
    for area in ("阳泉市城区", "阳泉市矿区", "阳泉市郊区"):
        assert f"  {area}：一类（类别依据 [S]），月 2150 元 [V]，非全日制 23.2 元/小时 [V]" in out
    for area in ("平定县", "盂县"):
        assert f"  {area}：二类（类别依据 [S]），月 2050 元 [V]，非全日制 22.1 元/小时 [V]" in out
    assert "覆盖各县区的合同须高于其中最高的标准：月 2150 元（一类，阳泉市城区）" in out
    assert "来源：http://www.shanxi.gov.cn/" in out
    assert "下一次已知调整：表中没有" in out
    # the unconfirmed rows used are named with their line
    assert re.search(r"未核实：阳泉市城区属一类.*shanxi\.yaml:\d+", out)


def test_yangquan_as_json(cli: Run) -> None:  # noqa: F811
    code, out = cli("minimum-wage", "yangquan", "--on", "2025-07-01", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["kind"] == "region" and data["province_code"] == "shanxi"
    assert data["standard"]["document"] == DOC_2025
    assert data["standard"]["effective_mark"] == "V"
    assert {a["area"]: (a["class"], a["monthly"]) for a in data["areas"]} == {
        "阳泉市城区": ("一类", "2150"),
        "阳泉市矿区": ("一类", "2150"),
        "阳泉市郊区": ("一类", "2150"),
        "平定县": ("二类", "2050"),
        "盂县": ("二类", "2050"),
    }
    assert (data["binding"]["monthly"], data["binding"]["hourly"]) == ("2150", "23.2")
    assert data["next_change"] is None


def test_a_province_with_its_next_known_change(cli: Run) -> None:  # noqa: F811
    code, out = cli("minimum-wage", "jiangsu", "--on", "2025-06-01")
    assert code == 0, out
    assert "  一类，月 2490 元 [S]，非全日制 24 元/小时 [S]" in out
    assert "下一次已知调整：2026-01-01 起执行" in out
    assert "一类 2660 元、二类 2430 元、三类 2180 元" in out


def test_unknown_figures_are_shown_as_unknown(cli: Run) -> None:  # noqa: F811
    # 江西 2025-12-01: only the draft's figures were seen, so every figure is "?".
    code, out = cli("minimum-wage", "jiangxi", "--on", "2026-03-01")
    assert code == 0, out
    assert "  一类，月 未查到 [?]，非全日制 未查到 [?]" in out
    assert re.search(r"未查到：三类月最低工资 \[\?\]（\S*minimum_wages/jiangxi\.yaml:\d+）", out)
    # The row before it: monthly figures [S], hourly not found.
    code, out = cli("minimum-wage", "jiangxi", "--on", "2025-06-01")
    assert "  二类，月 1870 元 [S]，非全日制 未查到 [?]" in out


def test_a_table_older_than_two_years_warns_naming_the_file(cli: Run) -> None:  # noqa: F811
    code, out = cli("minimum-wage", "tianjin", "--on", "2027-09-02")
    assert code == 0
    assert "天津市表中最新的最低工资标准自 2025-09-01 起执行，到 2027-09-02 已超过两年" in out
    assert "请核实 tianjin.yaml" in out
    code, out = cli("minimum-wage", "tianjin", "--on", "2027-09-01")
    assert code == 0 and "超过两年" not in out


def test_a_county_agreement_is_checked_against_its_class(cli: Run, contexts: Path) -> None:  # noqa: F811
    path = contexts / "yangquan" / "township.yaml"
    path.write_text(
        TOWNSHIP.replace("monthly: 2300, hourly: 24}", "monthly: 2050, hourly: 24}"),
        encoding="utf-8",
    )
    code, out = cli("validate", "yangquan", "--agreement", "township")
    assert code == 1
    assert "2050 元不高于当地最低工资标准 2050 元（山西省二类地区（盂县），2025年1月1日起执行" in out
    path.write_text(
        TOWNSHIP.replace("monthly: 2300, hourly: 24}", "monthly: 2060, hourly: 24}"),
        encoding="utf-8",
    )
    code, out = cli("validate", "yangquan", "--agreement", "township", "--format", "json")
    assert code == 0, out
    minimum = json.loads(out)["agreements"]["township"]["minimum"]
    assert (minimum["monthly"], minimum["monthly_class"]) == ("2050", "二类")


def test_an_unknown_region_or_province(cli: Run) -> None:  # noqa: F811
    code, out = cli("minimum-wage", "atlantis")
    assert code == 2
    assert "找不到地区或省份 'atlantis'" in out and "shanxi" in out


# --- bad tables: one line each, exit 2, nothing written ----------------------------------------

ROW = "{name: 一类, monthly: 2150, hourly: 23.2, full_time_hourly: 12.4, mark: V}"
BAD = {
    "figure as text": (
        "minimum_wages/shanxi.yaml",
        ROW,
        ROW.replace("monthly: 2150", 'monthly: "2150元"'),
        "shanxi.yaml",
        "standards[5].classes[0].monthly: 金额应写为数字（如 2300），不要写成文本或带单位",
    ),
    "class missing from a mapping": (
        "minimum_wages/shanxi.yaml",
        "{area: 盂县, class: 二类, mark: S}",
        "{area: 盂县, class: 五类, mark: S}",
        "shanxi.yaml",
        "standards[3].areas[4].class: 类别 五类 不在 classes 中（有：一类、二类、三类）",
    ),
    "overlapping standards": (
        "minimum_wages/shanxi.yaml",
        "    document: 晋政办发〔2023〕9号",
        "    until: 2025-03-31\n    document: 晋政办发〔2023〕9号",
        "shanxi.yaml",
        "standards[4].until: 截止日期应早于下一标准的起始日期 2025-01-01（两条标准重叠）",
    ),
    "dates not increasing": (
        "minimum_wages/shanxi.yaml",
        "- effective: 2023-01-01",
        "- effective: 2021-01-01",
        "shanxi.yaml",
        "standards[4].effective: 起始日期应晚于上一条标准（standards[3]，2021-10-01）",
    ),
    "classes out of order": (
        "minimum_wages/guangdong.yaml",
        "      - {name: 二类, monthly: 2080",
        "      - {name: 五类, monthly: 1700, hourly: 17.0, mark: S}\n      - {name: 二类, monthly: 2080",
        "guangdong.yaml",
        "standards[0].classes[3].name: 类别应按省里的顺序排列（最高一类在前）：二类 排在 五类 之后",
    ),
    "hourly implausible against monthly": (
        "minimum_wages/jiangsu.yaml",
        "{name: 三类, monthly: 2180, hourly: 21,",
        "{name: 三类, monthly: 2180, hourly: 2.1,",
        "jiangsu.yaml",
        "standards[1].classes[2].hourly: 非全日制小时最低工资 2.1 元与月最低工资 2180 元不相称",
    ),
    "confirmed row without a source": (
        "minimum_wages/tianjin.yaml",
        "    url: https://rsj.tjbh.gov.cn/contents/9764/294716.html\n",
        "",
        "tianjin.yaml",
        "standards[0].effective_mark: 标为 V（已核实）的行须注明来源地址 url",
    ),
    "area named twice": (
        "minimum_wages/guangdong.yaml",
        "{area: 云浮市, class: 四类, mark: S}",
        "{area: 揭阳市, class: 四类, mark: S}",
        "guangdong.yaml",
        "standards[0].areas[20].area: 地区 揭阳市 重复",
    ),
    "unknown province code in a region": (
        "yangquan/region.yaml",
        "province_code: shanxi",
        "province_code: shanxii",
        "region.yaml",
        "region.province_code: 最低工资表中没有省份 'shanxii'",
    ),
    "date outside every standard": (
        "yangquan/mining.yaml",
        "term: {start: 2025-07-01, end: 2028-06-30}",
        "term: {start: 2013-07-01, end: 2016-06-30}",
        "mining.yaml",
        "最低工资表最早的标准自 2014-04-01 起执行，没有 2013-07-01 适用的标准",
    ),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    cli: Run,  # noqa: F811
    edit: Callable[..., Path],
    tmp_path: Path,
    case: str,
) -> None:
    file, old, new, named, expected = BAD[case]
    edit(file, old, new)
    out = tmp_path / "build"
    code, text = cli("render", "yangquan", "--out", str(out), "--file-formats", "html")
    assert code == 2, text
    lines = [line for line in text.splitlines() if named in line]
    assert len(lines) == 1, text
    assert expected in lines[0]
    # `file:line: field: message`, the line holding the bad value (or the field that led there)
    problem = lines[0][lines[0].index("contexts/") if "contexts/" in lines[0] else 0 :]
    assert LINE.match(problem.split(" ", 1)[0] + " " + problem.split(" ", 1)[1]), lines[0]
    assert "Traceback" not in text
    assert not out.exists() or not any(out.rglob("*.html"))
