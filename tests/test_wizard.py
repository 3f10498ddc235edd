"""`skillwage-docs new region|agreement`: driven through its prompts (CliRunner input) and its
options (--no-input), through `main`, so exit codes and messages are the real ones.

The project is a temporary folder with a copy of contexts/ and the generated schemas/, and the tests run in
it (as a person runs the tool in the project folder), so paths read contexts/dongguan/….
Expected lines are written out here; they quote the committed 广东 and 山西 tables.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from skillwage_docs.app.cli import main
from skillwage_docs.inputs.schema import render_schemas

from .conftest import CONTEXTS

Run = Callable[..., tuple[int, str]]

DONGGUAN_REGION = "dongguan\n广东\n东莞市\n\n\n\n\n"  # code, province, area, then defaults
# kind (default 行业性), industry 1 = 制造业, file name, scope (defaults), term, signing date,
# 2 = 真实合同, parties (defaults), representatives, schedule 1 (levels), levels (default);
# then each level's monthly and hourly figures (东莞 sets a part-time hourly minimum, so every
# level is asked one: issue 20 point 7), one monthly figure at the minimum and one falling.
AGREEMENT_HEAD = "\n1\n\n\n2026-12-01\n2028-11-30\n2026-11-20\n2\n\n\n\n\n\n1\n\n"
AT_MINIMUM = (
    "skill_levels[0].monthly（初级工）: 2080 元不高于当地最低工资标准 2080 元"
    "（广东省二类地区（东莞市），2025年3月1日起执行，来源：粤府函〔2025〕23号）"
)
FALLING = (
    "skill_levels[1].monthly（中级工）: 月最低工资 2150 元低于较低等级初级工的 2200 元："
    "技能等级越高，标准不得越低（人社厅发〔2025〕52号：按技能等级逐级上浮）"
)
MINIMUM_SHOWN = "当地最低工资标准（2026-12-01）：月 2080 元，非全日制 19.8 元/小时"


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def _entry(ctx: click.Context) -> None:
    main(list(ctx.args))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder: contexts/ and schemas/ copied, the working directory, its own temp."""
    shutil.copytree(CONTEXTS, tmp_path / "contexts")
    (tmp_path / "schemas").mkdir()
    for name, text in render_schemas().items():  # what `skillwage-docs schema` writes
        (tmp_path / "schemas" / name).write_text(text, encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    return tmp_path


@pytest.fixture
def run(project: Path) -> Run:
    def _run(*args: str, input: Any = None) -> tuple[int, str]:
        result = CliRunner().invoke(_entry, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.output

    return _run


def _region(run: Run) -> None:
    code, out = run("new", "region", input=DONGGUAN_REGION)
    assert code == 0, out


def _plain(node: Any) -> Any:
    """YAML as an editor's language server reads it (a date is a string)."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return node.isoformat() if hasattr(node, "isoformat") else node


def _schema_valid(path: Path, schema: str) -> None:
    """The file names its schema in its first line, and the schema accepts it."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schemas/{schema}"
    target = json.loads((path.parent / "../../schemas" / schema).read_text(encoding="utf-8"))
    data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.Draft7Validator(target).validate(data)


# ── the path of a new user: a county agreement in another province ─────────────────────────


def test_new_region_in_guangdong_from_the_city_list(run: Run, project: Path) -> None:
    code, out = run("new", "region", input=DONGGUAN_REGION)
    assert code == 0, out
    assert "东莞市（二类）" in out  # the province's list, with each city's class
    path = project / "contexts" / "dongguan" / "region.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data == {
        "region": {
            "code": "dongguan",
            "name": "东莞市",
            "province": "广东省",
            "province_code": "guangdong",
            "areas": ["东莞市"],
        },
        "filing_authority": "东莞市人力资源和社会保障局",
        "union_filing_body": "东莞市总工会",
    }
    _schema_valid(path, "region.schema.json")
    assert "下一步：skillwage-docs new agreement dongguan" in out


def test_new_agreement_refuses_a_figure_at_the_minimum_then_takes_the_correction(
    run: Run, project: Path
) -> None:
    _region(run)
    figures = "2080\n2200\n22\n2150\n2400\n24\n2700\n27\n3100\n31\n3600\n36\n"
    code, out = run("new", "agreement", "dongguan", input=AGREEMENT_HEAD + figures)
    assert code == 0, out
    assert MINIMUM_SHOWN in out
    assert "当地有非全日制用工小时最低工资标准：每个等级都须约定非全日制小时最低工资。" in out
    # refused on the spot with validate's own words, then asked again
    assert f"✗ {AT_MINIMUM}" in out
    assert f"✗ {FALLING}" in out
    assert out.count("初级工 月最低工资（元/月）") == 2
    path = project / "contexts" / "dongguan" / "manufacturing.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["kind"] == "行业性" and data["industry"] == "制造业"
    assert data["example"] is False
    assert [row["monthly"] for row in data["skill_levels"]] == [2200, 2400, 2700, 3100, 3600]
    assert [row["hourly"] for row in data["skill_levels"]] == [22, 24, 27, 31, 36]
    assert "procedure" not in data  # left as a commented stub
    assert "# procedure:" in path.read_text(encoding="utf-8")
    _schema_valid(path, "agreement.schema.json")
    # what was written passes validate, with nothing but the table's unconfirmed marks
    code, out = run("validate", "dongguan")
    assert code == 0, out
    assert "校验通过：1 份合同，0 个错误" in out


def test_every_key_written_carries_a_chinese_comment(run: Run, project: Path) -> None:
    _region(run)
    figures = "2200\n22\n2400\n24\n2700\n27\n3100\n31\n3600\n36\n"
    code, out = run("new", "agreement", "dongguan", input=AGREEMENT_HEAD + figures)
    assert code == 0, out
    lines = (project / "contexts/dongguan/manufacturing.yaml").read_text("utf-8").splitlines()
    for number, line in enumerate(lines):
        top_level = line and not line.startswith((" ", "#", "-")) and ":" in line
        if top_level and not line.startswith(("worker_party", "employer_party")):
            before = lines[number - 1]
            assert before.startswith("#") and any("\u4e00" <= ch <= "\u9fff" for ch in before), line


def test_an_area_name_is_checked_against_the_divisions(run: Run, project: Path) -> None:
    # 孟县 (a typo for 盂县) and 城区 (阳泉 and 晋城 both have one) are refused, then asked again.
    answers = "jinzhong\n山西\n孟县\n城区\n盂县\n\n\n\n\n"
    code, out = run("new", "region", input=answers)
    assert code == 0, out
    assert "山西省的行政区划中没有“孟县”" in out
    assert "山西省有 2 个“城区”（阳泉市城区、晋城市城区）：请写明所属的市，如 阳泉市城区" in out
    text = (project / "contexts/jinzhong/region.yaml").read_text(encoding="utf-8")
    assert "  areas: [盂县]" in text


def test_a_city_offers_its_real_counties(run: Run, project: Path) -> None:
    # 阳泉市 chosen, then two of its five counties by number (城区、矿区、郊区、平定县、盂县).
    answers = "yq2\n山西省\n阳泉市\n4 5\n阳泉东部\n\n\n\n"
    code, out = run("new", "region", input=answers)
    assert code == 0, out
    assert "阳泉市的县（市、区）：" in out
    assert "  1 城区" in out and "  5 盂县" in out
    text = (project / "contexts/yq2/region.yaml").read_text(encoding="utf-8")
    assert "  areas: [平定县, 盂县]" in text
    # 城区 chosen alone is written 阳泉市城区 (晋城 has one too); Enter keeps the whole city.
    code, out = run("new", "region", input="yq3\nshanxi\n阳泉\n1\n\n\n\n\n")
    assert code == 0, out
    assert "  areas: [阳泉市城区]" in (project / "contexts/yq3/region.yaml").read_text("utf-8")
    code, out = run("new", "region", input="yq4\n山西\n阳泉市\n\n\n\n\n\n")
    assert code == 0, out
    assert "  areas: [阳泉市]" in (project / "contexts/yq4/region.yaml").read_text("utf-8")


def test_a_county_of_unknown_class_is_checked_provisionally_against_the_highest(
    run: Run, project: Path
) -> None:
    # 浙江 2026: 余姚市's class is not in the table; the highest class is 2660 元.
    code, out = run(
        "new", "region", "--no-input", "--code", "yuyao", "--province", "浙江", "--area", "余姚市"
    )
    assert code == 0, out
    assert (
        "临时校验：余姚市所属的类别在最低工资表中未查到，暂按浙江省最高的第一档（月 2660 元）临时校验"
    ) in out
    args = [
        "new", "agreement", "yuyao", "--no-input", "--industry", "制造业", "--real",
        "--start", "2026-12-01", "--signed", "2026-11-20",
    ]  # fmt: skip
    code, out = run(*args, "--level", "初级工=2600")
    assert code == 1, out
    assert "2600 元不高于当地最低工资标准 2660 元（浙江省第一档（余姚市）" in out
    code, out = run(*args, "--level", "初级工=2700", "--hourly", "初级工=30")
    assert code == 0, out
    assert (project / "contexts/yuyao/manufacturing.yaml").is_file()
    code, out = run("validate", "yuyao")
    assert code == 0, out
    assert "临时校验：余姚市所属的类别在最低工资表中未查到" in out
    assert (
        "contexts/minimum_wages/zhejiang.yaml：2026-01-01 起执行的标准，加在这份 areas 列表的末尾"
    ) in out
    assert "      - {area: 余姚市, class: 待填（第一档/第二档/第三档）, mark: S}" in out


# ── options for scripts ───────────────────────────────────────────────────────────────────────


def test_no_input_writes_from_options(run: Run, project: Path) -> None:
    code, out = run(
        "new", "region", "--no-input", "--code", "dongguan", "--province", "guangdong",
        "--area", "东莞市",
    )  # fmt: skip
    assert code == 0, out
    code, out = run(
        "new", "agreement", "dongguan", "--no-input", "--industry", "建筑业", "--example",
        "--start", "2026-12-01", "--end", "2027-11-30", "--signed", "2026-11-25",
        "--worker-party", "东莞市建筑业工会联合会: 职工方", "--worker-chief", "张伟",
        "--level", "初级工=2300", "--level", "中级工=2500", "--hourly", "初级工=21",
        "--hourly", "中级工=23",
        "--occupation", "钢筋工:初级工=2400,中级工=2650", "--urgent", "钢筋工",
    )  # fmt: skip
    assert code == 0, out
    path = project / "contexts/dongguan/construction.yaml"  # the sector's default file name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["worker_party"]["name"] == "东莞市建筑业工会联合会: 职工方"  # quoted, read back
    assert data["skill_levels"] == [
        {"level": "初级工", "monthly": 2300, "hourly": 21},
        {"level": "中级工", "monthly": 2500, "hourly": 23},
    ]
    assert data["occupations"] == [
        {"name": "钢筋工", "kind": "紧缺急需", "monthly": {"初级工": 2400, "中级工": 2650}}
    ]
    assert data["example"] is True
    code, out = run("validate", "dongguan")
    assert code == 0, out


def test_an_unregistered_provincial_regulation_is_refused_before_anything_is_written(
    run: Run, project: Path
) -> None:
    """Issue 20 point 11: a province's own regulation enters the text only once it is in the
    citations register with its source; until then the agreement is refused, naming it."""
    code, out = run(
        "new", "region", "--no-input", "--code", "dongguan", "--province", "guangdong",
        "--area", "东莞市", "--basis", "《广东省集体合同条例》",
    )  # fmt: skip
    assert code == 0, out
    region = yaml.safe_load((project / "contexts/dongguan/region.yaml").read_text("utf-8"))
    assert region["region"]["local_basis"] == ["《广东省集体合同条例》"]
    code, out = run(
        "new", "agreement", "dongguan", "--no-input", "--industry", "建筑业", "--example",
        "--start", "2026-12-01", "--end", "2027-11-30", "--signed", "2026-11-25",
        "--level", "初级工=2300", "--hourly", "初级工=21",
    )  # fmt: skip
    assert code == 1, out
    assert "region.local_basis[0]: 依据文件 《广东省集体合同条例》 不在引用文件登记表" in out
    assert not (project / "contexts/dongguan/construction.yaml").exists()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["region", "--no-input", "--province", "广东", "--area", "东莞市"], "--code"),
        (["region", "--no-input", "--code", "dongguan", "--area", "东莞市"], "--province"),
        (["agreement", "yangquan", "--no-input", "--industry", "制造业", "--file", "x1",
          "--level", "初级工=2400"], "--example/--real"),
        (["agreement", "yangquan", "--no-input", "--example", "--file", "x1",
          "--level", "初级工=2400"], "--industry"),
        (["agreement", "yangquan", "--no-input", "--example", "--industry", "制造业",
          "--file", "x1"], "--level"),
    ],
)  # fmt: skip
def test_no_input_names_the_missing_option(run: Run, args: list[str], option: str) -> None:
    code, out = run("new", *args)
    assert code == 2, out
    assert f"使用 --no-input 时须给出 {option}" in out


def test_a_figure_given_at_the_minimum_fails_like_validate_and_writes_nothing(
    run: Run, project: Path
) -> None:
    _region(run)
    code, out = run(
        "new", "agreement", "dongguan", "--no-input", "--industry", "制造业", "--real",
        "--start", "2026-12-01", "--signed", "2026-11-20",
        "--level", "初级工=2080", "--level", "中级工=2300",
    )  # fmt: skip
    assert code == 1, out
    assert f"contexts/dongguan/manufacturing.yaml:37: {AT_MINIMUM}" in out
    assert not (project / "contexts/dongguan/manufacturing.yaml").exists()


def test_allowance_form_refuses_a_base_wage_at_the_minimum(run: Run, project: Path) -> None:
    _region(run)
    head = AGREEMENT_HEAD.removesuffix("1\n\n") + "5\n"  # schedule 5: 最低技能津贴
    answers = head + "2080\n2100\n初级工 中级工\n2200\n22\n100\n2300\n23\n200\n"
    code, out = run("new", "agreement", "dongguan", input=answers)
    assert code == 0, out
    assert "✗ base_wage: 不含技能津贴的基本工资 2080 元不高于当地最低工资标准 2080 元" in out
    data = yaml.safe_load((project / "contexts/dongguan/manufacturing.yaml").read_text("utf-8"))
    assert data["wage_form"] == "最低技能津贴" and data["base_wage"] == 2100
    assert data["skill_levels"][1] == {
        "level": "中级工",
        "monthly": 2300,
        "hourly": 23,
        "allowance": 200,
    }


def test_categories_of_notice_52_refuse_a_figure_under_the_floor(run: Run, project: Path) -> None:
    _region(run)
    head = AGREEMENT_HEAD.removesuffix("1\n\n") + "4\n初级工 中级工\n"
    # levels, floors on (default), 基础类 only: 初级工 2150 is under 105 % of 2080 (2184)
    answers = head + "2200\n22\n2400\n24\n\n基础类\n2150\n2200\n2450\n"
    code, out = run("new", "agreement", "dongguan", input=answers)
    assert code == 0, out
    assert "✗ categories[0].monthly.初级工（基础类·初级工）: 2150 元低于基础类下限 2184 元" in out
    data = yaml.safe_load((project / "contexts/dongguan/manufacturing.yaml").read_text("utf-8"))
    assert data["categories"] == [
        {"category": "基础类", "monthly": {"初级工": 2200, "中级工": 2450}}
    ]
    assert data["rules"] == {"category_floors": True}
    code, out = run("validate", "dongguan")
    assert code == 0, out


# ── never overwrite, never half-write ─────────────────────────────────────────────────────────


def test_an_existing_agreement_is_not_overwritten_without_force(run: Run, project: Path) -> None:
    path = project / "contexts/yangquan/manufacturing.yaml"
    before = path.read_bytes()
    args = ["new", "agreement", "yangquan", "--no-input", "--industry", "制造业", "--example",
            "--start", "2026-12-01", "--signed", "2026-11-20", "--level", "初级工=2500",
            "--hourly", "初级工=26"]  # fmt: skip
    code, out = run(*args)
    assert code == 2, out
    assert "contexts/yangquan/manufacturing.yaml 已存在；换一个文件名，或加 --force 覆盖" in out
    assert path.read_bytes() == before
    code, out = run(*args, "--force")
    assert code == 0, out
    assert yaml.safe_load(path.read_text("utf-8"))["skill_levels"] == [
        {"level": "初级工", "monthly": 2500, "hourly": 26}
    ]


def test_an_existing_region_is_not_overwritten_without_force(run: Run, project: Path) -> None:
    before = (project / "contexts/yangquan/region.yaml").read_bytes()
    code, out = run("new", "region", input="yangquan\nyangquan2\n山西\n盂县\n\n\n\n\n")
    assert code == 0, out
    assert "contexts/yangquan/region.yaml 已存在；换一个地区代码，或加 --force 覆盖" in out
    assert (project / "contexts/yangquan/region.yaml").read_bytes() == before
    assert (project / "contexts/yangquan2/region.yaml").is_file()


class _CtrlC(io.BytesIO):
    """Typed answers, then Ctrl+C at the next prompt (KeyboardInterrupt where input() would
    have blocked), as a terminal delivers it."""

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        if not data and size != 0:
            raise KeyboardInterrupt
        return data

    def read1(self, size: int = -1) -> bytes:
        data = super().read1(size)
        if not data and size != 0:
            raise KeyboardInterrupt
        return data


@pytest.mark.parametrize("interrupt", ["ctrl-c", "end of input"])
def test_interrupting_new_leaves_no_file(run: Run, project: Path, interrupt: str) -> None:
    _region(run)
    typed = AGREEMENT_HEAD + "2200\n2400\n"  # stopped at the third figure
    stream: Any = _CtrlC(typed.encode()) if interrupt == "ctrl-c" else typed
    code, out = run("new", "agreement", "dongguan", input=stream)
    assert code == 130, out
    assert "已中止" in out
    assert sorted(p.name for p in (project / "contexts/dongguan").iterdir()) == ["region.yaml"]
    assert list((project / "tmp").iterdir()) == []  # the drafts' private folder is gone too
