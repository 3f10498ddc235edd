"""Every province, every county (issue 23): the division table, the new user's path from
`new region` to `make contracts` in 福建, 陕西, 湖北 (provisionally) and city-wide 杭州, the
县级 level of the texts (issue 20 point 12), what-if without YAML, and the slips refused.

Each test drives the real CLI (`main`) in a temporary project holding a copy of the
minimum-wage tables; expected lines are written out here and quote the committed tables.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from html import unescape
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from skillwage_docs.app.cli import main
from skillwage_docs.inputs.divisions import AreaNameError, divisions
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.text.compose import render_clauses

from .conftest import CONTEXTS, MINIMUM_WAGES, minimum_of
from .test_new_region import _contracts_recipe

Run = Callable[..., tuple[int, str]]

COUNTY_LINE = "本合同依照《中华人民共和国劳动合同法》第五十三条，在县级以下区域订立行业性集体合同。"
CITY_LINE = (
    "本合同在县级以上区域订立，是人社厅发〔2024〕51号所称在集体协商基础较好、条件较为成熟的地区"
    "探索开展县级以上行业性集体协商的实践。"
)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def _entry(ctx: click.Context) -> None:
    main(list(ctx.args))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the real minimum-wage tables and no region yet."""
    shutil.copytree(CONTEXTS / "minimum_wages", tmp_path / "contexts" / "minimum_wages")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run(project: Path) -> Run:
    def invoke(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(_entry, ["--contexts", "contexts", *args])
        return result.exit_code, result.output

    return invoke


# ── the division table ───────────────────────────────────────────────────────────────────────


def test_the_division_table_has_the_ministry_totals() -> None:
    # 民政部, end of 2024: 31 provincial, 333 prefecture-level, 2846 county-level divisions.
    rows = divisions().by_code.values()
    levels = [row.level for row in rows]
    assert (levels.count("省"), levels.count("地"), levels.count("县")) == (31, 333, 2846)
    found = divisions()
    for province, counties in (("福建省", 84), ("陕西省", 107), ("山西省", 117)):
        home = found.province(province)
        assert home is not None and len(found.counties(home.code)) == counties, province


@pytest.mark.parametrize(
    ("province", "name", "expected"),
    [
        ("山西", "孟县", "山西省的行政区划中没有“孟县”"),
        ("山西省", "城区", "山西省有 2 个“城区”（阳泉市城区、晋城市城区）：请写明所属的市"),
        ("江苏", "鼓楼区", "江苏省有 2 个“鼓楼区”（南京市鼓楼区、徐州市鼓楼区）"),
        ("山西", "阳泉高新区", "新区、开发区、园区不是行政区划，请写它所在的县（市、区）"),
    ],
)
def test_a_name_the_divisions_cannot_place_is_refused(
    province: str, name: str, expected: str
) -> None:
    found = divisions()
    home = found.province(province)
    assert home is not None
    with pytest.raises(AreaNameError) as caught:
        found.place(home, name)
    assert expected in str(caught.value)


def test_names_resolve_to_counties_cities_and_urban_districts() -> None:
    found = divisions()
    fujian, jiangsu, shanxi = (found.province(p) for p in ("福建", "江苏省", "shanxi"))
    assert shanxi is None  # the division table knows names, the minimum-wage table codes
    assert fujian is not None and jiangsu is not None
    assert found.place(fujian, "鼓楼区").division.code == "350102"  # unique in 福建
    urban = found.place(jiangsu, "徐州市区")
    assert [row.name for row in urban.counties] == [
        "鼓楼区",
        "云龙区",
        "贾汪区",
        "泉山区",
        "铜山区",
    ]
    hangzhou = found.place(found.province("浙江") or fujian, "杭州市")
    assert (hangzhou.kind, len(hangzhou.counties)) == ("city", 13)


def test_a_typo_in_a_minimum_wage_list_is_a_located_load_error(contexts: Path) -> None:
    from skillwage_docs.base.errors import InputError
    from skillwage_docs.inputs.minimum_wage import load_minimum_wages

    path = contexts / "minimum_wages" / "fujian.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{area: 罗源县,", "{area: 罗源, "), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_minimum_wages(contexts / "minimum_wages")
    [line] = [item for item in caught.value.lines() if "罗源" in item]
    number = next(n for n, row in enumerate(text.splitlines(), 1) if "{area: 罗源县," in row)
    assert line.startswith(f"{path}:{number}: standards[0].areas[")
    assert line.endswith(".area: 福建省的行政区划中没有“罗源”；是不是 罗源县？（县级名称照民政部的行政区划写，"
                         "重名的加市名，如 阳泉市城区；整个地级市写市名，如 杭州市）")  # fmt: skip


# ── the data of 2026-12 ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("province", "area", "on", "expected"),
    [
        ("fujian", "闽侯县", "2025-06-01", ("2195", "第二档", "V")),
        ("fujian", "宁化县", "2025-06-01", ("1895", "第四档", "V")),
        ("shaanxi", "凤县", "2026-03-01", ("2250", "二类区", "S")),  # 2023's list, inherited
        ("shaanxi", "凤县", "2023-06-01", ("2050", "二类区", "S")),
        ("shanxi", "寿阳县", "2025-07-01", ("2050", "二类", "S")),
        ("guangdong", "天河区", "2025-06-01", ("2500", "广州市", "S")),  # a county → its city
        ("guangdong", "电白区", "2025-06-01", ("1750", "四类", "V")),  # 茂名 [V]
        ("jiangsu", "铜山区", "2026-03-01", ("2180", "三类", "S")),  # 徐州市区 less 铜山区
        ("jiangsu", "云龙区", "2026-03-01", ("2430", "二类", "S")),
        ("zhejiang", "南湖区", "2026-03-01", ("2430", "第二档", "S")),  # 嘉兴's own notice
        ("sichuan", "金堂县", "2025-07-01", ("2200", "第二档", "S")),  # 成府规〔2025〕4号
        ("hebei", "路北区", "2025-01-01", ("2200", "第一档", "S")),  # 唐山市区
        ("hebei", "井陉矿区", "2025-01-01", ("1800", "第三档", "S")),  # 石家庄市区 less it
        ("anhui", "叶集区", "2024-01-01", ("1870", "第三档", "S")),  # named apart from 六安市区
        ("anhui", "湾沚区", "2024-01-01", ("1930", "第二档", "S")),  # in 芜湖市区
    ],
)
def test_new_areas_carry_their_class_and_mark(
    province: str, area: str, on: str, expected: tuple[str, str, str]
) -> None:
    from datetime import date

    found = MINIMUM_WAGES.in_force(province, [area], date.fromisoformat(on))
    assert (str(found.monthly), found.monthly_class, (found.area_marks or {})[area]) == expected
    assert found.provisional is None


def test_city_notices_are_named_as_the_source_of_their_rows() -> None:
    from datetime import date

    found = MINIMUM_WAGES.in_force("sichuan", ["金堂县"], date(2025, 7, 1))
    assert "金堂县属第二档（2025-01-01 起执行的标准，成府规〔2025〕4号；[S] 转载，未核实）" in [
        d.what for d in found.unconfirmed
    ]


def test_zhejiang_2026_and_anhui_2025_are_entered() -> None:
    from datetime import date

    zhejiang = MINIMUM_WAGES.in_force("zhejiang", ["嘉兴市"], date(2026, 3, 1))
    assert (str(zhejiang.monthly), str(zhejiang.hourly), zhejiang.source) == (
        "2430",
        "23",
        "浙政发〔2025〕23号",
    )
    anhui = MINIMUM_WAGES.in_force("anhui", ["合肥市"], date(2025, 11, 1))
    assert (str(anhui.monthly), anhui.hourly, anhui.provisional is not None) == ("2320", None, True)
    assert "安徽省最低工资标准的起始日期 2025-10-01（[?] 未查到）" in " ".join(
        d.what for d in anhui.unconfirmed
    )


# ── the path for a new user, through the real CLI ────────────────────────────────────────────


def _agreement(run: Run, code: str, *levels: str) -> tuple[int, str]:
    args = ["new", "agreement", code, "--no-input", "--industry", "制造业", "--real",
            "--start", "2027-01-01", "--signed", "2026-11-20"]  # fmt: skip
    for level in levels:
        # every level an hourly figure where the province sets an hourly minimum (rule
        # part_time_floor): 40 clears each province's of these flows
        args += ["--level", level, "--hourly", f"{level.split('=')[0]}=40"]
    return run(*args)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("province", "area", "minimum", "provisional", "county_level"),
    [
        ("福建", "闽侯县", "2195", False, True),
        ("陕西省", "凤县", "2250", False, True),
        ("hubei", "黄梅县", "2400", True, True),
        ("浙江", "杭州市", "2660", True, False),
    ],
)
def test_new_region_to_contracts_without_hand_edits(
    run: Run,
    project: Path,
    province: str,
    area: str,
    minimum: str,
    provisional: bool,
    county_level: bool,
) -> None:
    code, out = run("new", "region", "--no-input", "--code", "place", "--province", province,
                    "--area", area)  # fmt: skip
    assert code == 0, out
    # a figure at the minimum is refused, above it written
    code, out = _agreement(run, "place", f"初级工={minimum}")
    assert code == 1 and f"{minimum} 元不高于当地最低工资标准 {minimum} 元" in out, out
    code, out = _agreement(run, "place", f"初级工={int(minimum) + 100}")
    assert code == 0, out
    code, out = run("validate", "place")
    assert code == 0 and "校验通过：1 份合同，0 个错误" in out, out
    assert ("临时校验：" in out) is provisional
    assert ("- {area: " in out) is provisional  # the rows to paste
    for command in _contracts_recipe("place", project / "build"):  # `make contracts`
        code, out = run(*command)
        assert code == 0, (command, out)
    for suffix in ("docx", "html", "pdf", "blank.pdf", "compliance.xlsx"):
        assert (project / "build" / "place" / f"manufacturing.{suffix}").stat().st_size > 1000
    page = (project / "build" / "place" / "manufacturing.html").read_text(encoding="utf-8")
    html = unescape(re.sub(r"<[^>]+>", "", page))
    assert (COUNTY_LINE in html) is county_level
    assert (CITY_LINE in html) is not county_level


# ── 县级以下 / 县级以上 (issue 20 point 12) ───────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("areas", "expected"),
    [
        (["盂县"], COUNTY_LINE),  # one county
        (["阳泉市"], CITY_LINE),  # a prefecture-level city, one area
        (["平定县", "盂县"], CITY_LINE),  # two counties: no single county holds them
        (["阳泉市城区", "阳泉市城区"], COUNTY_LINE),  # the same county twice is one county
    ],
)
def test_the_county_sentence_follows_the_administrative_level(
    areas: list[str], expected: str
) -> None:
    [loaded] = load_agreements(CONTEXTS, "yangquan", ["manufacturing"])
    agreement = loaded.agreement.model_copy(update={"areas": areas})
    text = render_clauses(agreement, minimum=minimum_of(agreement))
    other = CITY_LINE if expected == COUNTY_LINE else COUNTY_LINE
    assert expected in text and other not in text


# ── province names, what-if, slips ───────────────────────────────────────────────────────────


@pytest.mark.parametrize("typed", ["浙江", "浙江省", "zhejiang"])
def test_province_names_as_typed(run: Run, typed: str) -> None:
    code, out = run("minimum-wage", typed, "--on", "2026-03-01")
    assert code == 0, out
    assert "浙江省 2026-03-01 适用的最低工资标准\n" in out
    code, out = run("new", "region", "--no-input", "--code", f"z{len(typed)}", "--province",
                    typed, "--area", "嘉兴市")  # fmt: skip
    assert code == 0, out


def test_what_if_from_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CONTEXTS.parent)
    result = CliRunner().invoke(
        _entry, ["what-if", "--province", "shanxi", "--rise", "8%", "--from", "2027-01-01"]
    )
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[:4] == [
        "拟议的山西省最低工资标准（假设，不是正式文件）：",
        "  一类：月 2150 → 2322 元（+8.0%），非全日制 23.2 → 25.1 元/小时（同比例）",
        "  二类：月 2050 → 2214 元（+8.0%），非全日制 22.1 → 23.9 元/小时（同比例）",
        "  三类：月 1950 → 2106 元（+8.0%），非全日制 20.9 → 22.6 元/小时（同比例）",
    ]
    result = CliRunner().invoke(
        _entry,
        ["what-if", "--province", "山西", "--monthly", "一类=2400", "--from", "2027-01-01",
         "--format", "json"],
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert data["proposal"][1] == (
        "二类：月 2050 → 2288 元（+11.6%），非全日制 22.1 → 24.7 元/小时（同比例）"
    )
    proposals = [w for w in data["warnings"] if "拟议的山西省最低工资标准" in w]
    # one warning for the proposal per agreement location, none per proposed figure
    assert proposals and not any(
        "2322 元（[S]" in w or "2400 元（[S]" in w for w in data["warnings"]
    )


def test_an_hourly_figure_that_is_a_monthly_one_is_refused(run: Run, project: Path) -> None:
    run("new", "region", "--no-input", "--code", "minhou", "--province", "福建", "--area", "闽侯县")
    code, out = _agreement(run, "minhou", "初级工=2300")
    assert code == 0, out
    path = project / "contexts" / "minhou" / "manufacturing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("hourly: 40}", "hourly: 2900}"), "utf-8")
    assert "hourly: 2900}" in path.read_text(encoding="utf-8")
    code, out = run("validate", "minhou")
    assert code == 1
    assert (
        "skill_levels[0].hourly（初级工）: 2900 元/小时不像小时工资：高于合理上限 230 元/小时"
        "（当地小时最低工资标准的 10 倍）；是不是把月工资写进了 hourly？"
    ) in out


def test_an_amount_with_a_thousands_comma_is_explained_as_an_amount(
    run: Run, project: Path
) -> None:
    run("new", "region", "--no-input", "--code", "minhou", "--province", "福建", "--area", "闽侯县")
    _agreement(run, "minhou", "初级工=2300")
    path = project / "contexts" / "minhou" / "manufacturing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("monthly: 2300,", "monthly: 2,700元,"), "utf-8")
    code, out = run("validate", "minhou")
    assert code == 2
    number = next(n for n, row in enumerate(text.splitlines(), 1) if "monthly: 2300," in row)
    assert (
        f"contexts/minhou/manufacturing.yaml:{number}: skill_levels[0].monthly: 金额 2,700元 的写法"
        "有误：在 {…} 里，逗号用来分隔字段，它被读成了 monthly: 2 和一个名为 700元 的未知字段。"
        "金额写数字，不加千位逗号，也不加“元”：monthly: 2700"
    ) in out


def test_a_region_folder_with_an_invalid_name_says_what_to_rename_it_to(
    run: Run, project: Path
) -> None:
    run(
        "new",
        "region",
        "--no-input",
        "--code",
        "hangzhou",
        "--province",
        "浙江",
        "--area",
        "杭州市",
    )
    (project / "contexts" / "hangzhou").rename(project / "contexts" / "杭州")
    code, out = run("validate", "杭州")
    assert code == 2
    assert (
        "contexts/杭州: 地区目录名 '杭州' 不是有效的地区代码（地区代码用作命令的参数和生成文件的"
        "目录名，只能用小写英文字母、数字、- 和 _）：请把目录改名为 contexts/hangzhou"
        "（region.yaml 中的 code: hangzhou）"
    ) in out
    code, out = run("build", "--all", "--out", "build")
    assert code == 2 and "请把目录改名为 contexts/hangzhou" in out


def test_a_proposal_from_a_standard_with_unknown_hourly_figures() -> None:
    """安徽 2025's hourly figures are "?": the proposal keeps them unknown instead of failing
    (a pydantic traceback came out of `what-if --province 安徽` before)."""
    from datetime import date
    from decimal import Decimal

    from skillwage_docs.inputs.minimum_wage import load_minimum_wages
    from skillwage_docs.outputs.what_if_proposal import propose

    table = load_minimum_wages(CONTEXTS / "minimum_wages")
    proposal = propose(table, "安徽", date(2027, 1, 1), rise=Decimal("0.08"))
    assert proposal.lines[0] == "第一档：月 2320 → 2506 元（+8.0%）"
    first = proposal.standard.classes[0]
    assert first.hourly is None and first.mark.hourly == "?"
