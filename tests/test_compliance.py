"""企业履约情况自查表 (issue 14 point 8): the form as XLSX and DOCX, and its import.

Every outcome goes through the CLI: a form is generated, filled here with openpyxl (values fixed
in the test), and imported. Exit 0: all paid at or above the floor; 1: an enterprise below it,
named with pay, floor and shortfall; 2: a malformed workbook, every problem located as
`FILE:Sheet!C7: 字段: message`.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docx.oxml.ns import qn
from openpyxl import load_workbook  # type: ignore[import-untyped]

from skillwage_docs.app.cli import main
from skillwage_docs.inputs.compliance.rows import credit_code_problem
from skillwage_docs.inputs.compliance.workbook import MAX_BYTES
from skillwage_docs.outputs.compliance.form import compliance_form

from .browser.tools import FONTS_CONF, need_executable
from .conftest import CONTEXTS

VALID_CODE = "91350100M000100Y43"  # the worked example of GB 32100-2015
# The minimum in force for 阳泉 (the highest class of its areas); its source document follows
# "来源：" and is the minimum-wage table's business, so the lines are compared up to there.
MINIMUM_TEXT = "山西省一类地区（阳泉市城区），2025年1月1日起执行，来源："


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def _entry(ctx: click.Context) -> None:
    main(list(ctx.args))


def run(*args: str) -> Run:
    result = CliRunner().invoke(
        _entry, ["--contexts", str(CONTEXTS), *args], catch_exceptions=False
    )
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The forms of four agreements, made by the CLI: by level (manufacturing, with
    occupations), allowance form (high-tech-zone), categories (equipment), underground (coal)."""
    out = tmp_path_factory.mktemp("forms")
    for slug in ("manufacturing", "high-tech-zone", "equipment", "coal"):
        result = run("compliance-form", "yangquan", "--agreement", slug, "--out", str(out))
        assert result.code == 0, result.stderr
        assert f"{slug}.compliance.xlsx" in result.stdout
    return out / "yangquan"


# B..J: enterprise, code, contact, start, end, schedule, level, count, pay; then K, L: how many
# were paid below the floor and their pay together (issue 20 point 7), when a row has them.
Row = Sequence[Any]
FIRST = 5  # the first data row of the form
H2 = (date(2025, 7, 1), date(2025, 12, 31))
GOOD: list[Row] = [
    ("阳泉市甲机械有限公司", VALID_CODE, "王丽 0353-2011234", *H2, None, "初级工", 12, 2400),
    ("阳泉市甲机械有限公司", None, None, None, None, "焊工", "中级工", 3, 2850),
    ("阳泉市甲机械有限公司", None, None, None, None, "焊工", "高级技师", 1, 3900),
    ("阳泉市乙制造有限公司", None, "李强 13800000000", *H2, None, "技师", 4, 3500),
    ("阳泉市乙制造有限公司", None, None, None, None, None, "高级技师", 0, None),
]


def fill(
    form: Path,
    rows: Sequence[Row],
    target: Path,
    *,
    cells: dict[str, Any] | None = None,
    edit: Callable[[Any], None] | None = None,
) -> Path:
    """A copy of `form` with `rows` from row 5 (columns B–J, or B–L), extra `cells` ("Sheet!A1": v)."""
    book = load_workbook(form)
    sheet = book["自查表"]
    for offset, row in enumerate(rows):
        for letter, value in zip("BCDEFGHIJKL"[: len(row)], row, strict=True):
            sheet[f"{letter}{FIRST + offset}"] = value
    for where, value in (cells or {}).items():
        name, cell = where.split("!")
        book[name][cell] = value
    if edit is not None:
        edit(book)
    book.save(target)
    return target


def check(path: Path, *extra: str) -> Run:
    return run("compliance", "yangquan", str(path), *extra)


# --- exit 0 and 1 -------------------------------------------------------------------------------


def test_all_paid_at_or_above_the_floor(forms: Path, tmp_path: Path) -> None:
    filled = fill(forms / "manufacturing.compliance.xlsx", GOOD, tmp_path / "good.xlsx")
    result = check(filled)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{filled}: 2 家企业、5 行、共 20 人，实发最低工资均不低于约定标准"
        "（自查期间 2025-07-01 至 2025-12-31）；合同：阳泉市制造业技能人才最低工资集体合同"
        "（yangquan/manufacturing）"
    ]


def test_one_yuan_below_a_floor_names_enterprise_level_pay_floor_shortfall(
    forms: Path, tmp_path: Path
) -> None:
    rows = [*GOOD]
    # two of the three were paid below 2850: 2849 and 2800, 5649 together
    rows[1] = ("阳泉市甲机械有限公司", None, None, None, None, "焊工", "中级工", 3, 2800, 2, 5649)
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "below.xlsx")
    result = check(filled)
    assert result.code == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{filled}:自查表!J6: 实发最低工资: 阳泉市甲机械有限公司 焊工·中级工（3人）"
        "实发最低 2800 元，低于约定标准 2850 元，应补差额 50 元/月；低于约定标准的 2 人应补差额"
        "合计 51 元/月",
        f"{filled}: 2 家企业中 1 家有技能人才实发工资低于约定标准（1 行），按月工资计应补差额合计 "
        "51 元/月，应补足差额；合同：阳泉市制造业技能人才最低工资集体合同（yangquan/manufacturing）",
    ]


def test_the_import_prints_the_yearly_check_the_inspection_paper_reads(
    forms: Path, tmp_path: Path, contexts: Path
) -> None:
    """Issue 21 point 10: `--record` sums the import per enterprise into the `inspections:`
    entry of `procedure`; pasted into the context, the union's 履约检查 report prints it."""
    rows = [*GOOD]
    rows[1] = ("阳泉市甲机械有限公司", None, None, None, None, "焊工", "中级工", 3, 2800, 2, 5649)
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "below.xlsx")
    result = check(filled, "--record", "--today", "2026-01-15")
    assert result.code == 1, result.stderr
    assert result.stdout == (
        "  inspections:\n"
        "  - year: 2025\n"
        "    'on': 2026-01-15\n"
        "    period: [2025-07-01, 2025-12-31]\n"
        "    enterprises: 2\n"
        "    workers: 20\n"
        "    underpaid:\n"
        "    - {enterprise: 阳泉市甲机械有限公司, workers: 2, owed: 51}\n"
        "    source: below.xlsx\n"
    )
    path = contexts / "yangquan" / "manufacturing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "procedure:\n" + result.stdout, encoding="utf-8")
    from skillwage_docs.inputs.loader import load_agreements
    from skillwage_docs.text.compose import compose

    from .conftest import minimum_of
    from .test_packet import text as flat

    (loaded,) = load_agreements(contexts, "yangquan", ["manufacturing"])
    agreement = loaded.agreement
    paper = flat(compose(agreement, minimum=minimum_of(agreement), kind="inspection"))
    assert "本次自查企业2家，自查表所列技能人才20人。" in paper
    assert "1家企业有技能人才实发工资低于本合同标准，共2人，按月计应补差额合计51元" in paper
    assert "（自查期间2025年7月1日至2025年12月31日）" in paper and "（below.xlsx）" in paper


def test_pay_at_or_below_the_statutory_minimum_names_it(forms: Path, tmp_path: Path) -> None:
    rows = [
        ("丙公司", None, "赵 0353-2000000", *H2, None, "初级工", 5, 2150, 5, 10750),
        ("丙公司", None, None, None, None, None, "中级工", 2, 2000, 2, 4000),
    ]
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "minimum.xlsx")
    result = check(filled)
    assert result.code == 1
    lines = [line.split("来源：")[0] + "来源：" for line in result.stdout.splitlines()[:2]]
    assert lines == [
        f"{filled}:自查表!J5: 实发最低工资: 丙公司 初级工（5人）实发最低 2150 元，低于约定标准 "
        "2400 元，应补差额 250 元/月；低于约定标准的 5 人应补差额合计 1250 元/月；且仅等于当地"
        f"最低工资标准 2150 元（{MINIMUM_TEXT}",
        f"{filled}:自查表!J6: 实发最低工资: 丙公司 中级工（2人）实发最低 2000 元，低于约定标准 "
        "2650 元，应补差额 650 元/月；低于约定标准的 2 人应补差额合计 1300 元/月；且低于当地"
        f"最低工资标准 2150 元（{MINIMUM_TEXT}",
    ]


def test_json_report(forms: Path, tmp_path: Path) -> None:
    import json

    rows = [("丁公司", None, "钱 0353-2000001", *H2, "数控车工", "技师", 2, 3590, 1, 3590)]
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "json.xlsx")
    result = check(filled, "--format", "json")
    assert result.code == 1
    data = json.loads(result.stdout)
    assert data["agreement"] == "yangquan/manufacturing" and data["ok"] is False
    assert data["enterprises"] == [
        {
            "name": "丁公司",
            "credit_code": None,
            "contact": "钱 0353-2000001",
            "period": ["2025-07-01", "2025-12-31"],
            "rows": 1,
            "headcount": 2,
        },
    ]
    (shortfall,) = data["shortfalls"]
    assert shortfall["location"] == f"{filled}:自查表!J5"
    assert (shortfall["schedule"], shortfall["level"]) == ("数控车工", "技师")
    assert (shortfall["lowest_pay"], shortfall["floor"], shortfall["shortfall"]) == (
        "3590",
        "3600",
        "10",
    )
    assert (shortfall["below"], shortfall["owed_total"], shortfall["unit"]) == (1, "10", "元/月")
    assert shortfall["below_minimum"] is False


# --- round trips: the allowance form, occupation, category and underground schedules ----------------


def test_allowance_form_floor_is_base_wage_plus_allowance(forms: Path, tmp_path: Path) -> None:
    form = forms / "high-tech-zone.compliance.xlsx"
    book = load_workbook(form)
    floors = book["约定标准"]
    # 基本工资 2250 + 中级工 allowance 300 (contexts/yangquan/high-tech-zone.yaml)
    assert [floors[f"{c}8"].value for c in "BCDE"] == [
        "（按等级标准）",
        "中级工",
        2550,
        "基本工资2250元＋最低技能津贴300元",
    ]
    assert "约定最低标准＝基本工资2250元＋该等级最低技能津贴" in book["自查表"]["A3"].value
    rows = [
        ("园区戊公司", VALID_CODE, "孙 0353-5000000", *H2, None, "初级工", 20, 2400),
        ("园区戊公司", None, None, None, None, None, "中级工", 6, 2549, 1, 2549),
    ]
    filled = fill(form, rows, tmp_path / "zone.xlsx")
    result = check(filled)
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        f"{filled}:自查表!J6: 实发最低工资: 园区戊公司 中级工（6人）实发最低 2549 元，"
        "低于约定标准 2550 元，应补差额 1 元/月；低于约定标准的 1 人应补差额合计 1 元/月"
    )
    rows[1] = ("园区戊公司", None, None, None, None, None, "中级工", 6, 2550)
    assert check(fill(form, rows, tmp_path / "zone-ok.xlsx")).code == 0


def test_category_and_underground_schedules(forms: Path, tmp_path: Path) -> None:
    # equipment.yaml: 知识技能型 中级工 2850; 技术技能型 has 初级工 2450
    rows = [
        ("己装备公司", None, "周 0353-3000000", *H2, "知识技能型", "中级工", 4, 2849, 1, 2849),
        ("己装备公司", None, None, None, None, "技术技能型", "初级工", 9, 2450),
    ]
    filled = fill(forms / "equipment.compliance.xlsx", rows, tmp_path / "equipment.xlsx")
    result = check(filled)
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        f"{filled}:自查表!J5: 实发最低工资: 己装备公司 知识技能型·中级工（4人）实发最低 2849 元，"
        "低于约定标准 2850 元，应补差额 1 元/月；低于约定标准的 1 人应补差额合计 1 元/月"
    )
    # coal.yaml: 井下 初级工 3300, 地面 初级工 2700
    rows = [
        ("庚煤业公司", None, "吴 0353-4000000", *H2, "井下岗位", "初级工", 40, 3299, 3, 9897),
        ("庚煤业公司", None, None, None, None, None, "初级工", 10, 2700),
    ]
    filled = fill(forms / "coal.compliance.xlsx", rows, tmp_path / "coal.xlsx")
    result = check(filled)
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        f"{filled}:自查表!J5: 实发最低工资: 庚煤业公司 井下岗位·初级工（40人）实发最低 3299 元，"
        "低于约定标准 3300 元，应补差额 1 元/月；低于约定标准的 3 人应补差额合计 3 元/月"
    )


def test_workbook_names_its_agreement_and_a_wrong_one_is_refused(
    forms: Path, tmp_path: Path
) -> None:
    filled = fill(forms / "manufacturing.compliance.xlsx", GOOD, tmp_path / "good.xlsx")
    assert check(filled, "--agreement", "manufacturing").code == 0
    result = check(filled, "--agreement", "coal")
    assert result.code == 2
    assert result.stderr.splitlines()[0] == (
        f"{filled}:约定标准!C3: 合同代码: 工作簿是 yangquan/manufacturing 的自查表，"
        "与 --agreement coal（yangquan/coal）不符"
    )


# --- exit 2: malformed workbooks, one located line each ------------------------------------------


def errors(result: Run) -> list[str]:
    assert result.code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"自查表!J4": "实发工资"},
            "自查表!J4: 表头: 应为“实发最低工资（元）”（实际为“实发工资”）",
        ),
        (
            {"自查表!J5": "2,400元"},
            "自查表!J5: 实发最低工资: 应为数字（实际为文本“2,400元”；金额只填数字，不带单位或逗号）",
        ),
        ({"自查表!I5": -3}, "自查表!I5: 人数: 不能为负数（实际为 -3）"),
        ({"自查表!I5": 2.5}, "自查表!I5: 人数: 应为整数（实际为 2.5）"),
        (
            {"自查表!H5": "八级工"},
            "自查表!H5: 技能等级: 不是技能等级“八级工”（可选：学徒工、初级工、中级工、高级工、技师、高级技师）",
        ),
        (
            {"自查表!H5": "特级技师"},
            "自查表!H5: 技能等级: 本合同没有“特级技师”的标准（可选：学徒工、初级工、中级工、高级工、技师、高级技师）",
        ),
        (
            {"自查表!G5": "车工"},
            "自查表!G5: 工种/类别: 本合同没有“车工”的标准（可选：焊工、数控车工、电工、尚未取得证书、非全日制（元/小时）；按等级标准执行的留空）",
        ),
        (
            {"自查表!M5": 2300},
            "自查表!M5: 约定最低标准: 与合同约定不符（表中为 2300，合同约定初级工 2400 元）：此栏由公式计算，不能修改",
        ),
        (
            {"约定标准!D8": 2300},
            "约定标准!D8: 月标准: 与合同约定不符（表中为 2300，合同约定（按等级标准）·初级工 2400 元）",
        ),
        (
            {"自查表!C5": "91350100M000100Y44"},
            "自查表!C5: 统一社会信用代码: 校验位不符（GB 32100-2015），请核对是否抄错",
        ),
        (
            {"自查表!C5": 913501001000100},
            "自查表!C5: 统一社会信用代码: 被当成了数字（会丢失位数）：请把单元格设为“文本”格式后重新填写",
        ),
        (
            {"自查表!E5": "2025.7.1"},
            "自查表!E5: 自查期间起: 应为日期，如 2025-12-31（实际为文本“2025.7.1”）",
        ),
        (
            {"自查表!E5": date(2025, 6, 1)},
            "自查表!E5: 自查期间起: 自查期间应在合同期限 2025-07-01 至 2027-06-30 内（实际 2025-06-01 至 2025-12-31）",
        ),
        ({"自查表!F5": date(2025, 6, 30)}, "自查表!F5: 自查期间止: 早于自查期间起 2025-07-01"),
        ({"自查表!J5": None}, "自查表!J5: 实发最低工资: 不能为空（人数大于 0）"),
        ({"自查表!D6": "另一人 0353-1"}, "自查表!D6: 联系人及电话: 与第5行（同一企业）不一致"),
        (
            {"自查表!G7": "焊工", "自查表!H7": "中级工"},
            "自查表!H7: 技能等级: 与第6行重复（同一企业、同一工种/类别和等级只填一行，填其中最低的工资）",
        ),
        ({"自查表!D8": None}, "自查表!D8: 联系人及电话: 企业“阳泉市乙制造有限公司”各行都没有填写"),
    ],
    ids=[
        "header",
        "text-number",
        "negative-count",
        "fraction-count",
        "not-a-level",
        "level-not-agreed",
        "unknown-occupation",
        "floor-cell-edited",
        "floors-sheet-edited",
        "credit-check-digit",
        "credit-as-number",
        "date-as-text",
        "period-before-term",
        "period-reversed",
        "pay-missing",
        "contact-differs",
        "duplicate-row",
        "contact-missing",
    ],
)
def test_malformed_cell_is_located(
    forms: Path, tmp_path: Path, cells: dict[str, Any], expected: str
) -> None:
    filled = fill(forms / "manufacturing.compliance.xlsx", GOOD, tmp_path / "bad.xlsx", cells=cells)
    lines = errors(check(filled))
    assert lines == [f"{filled}:{expected}", f"{filled}: 1 处错误，未核对履约情况"]


def test_every_problem_is_collected_before_failing(forms: Path, tmp_path: Path) -> None:
    cells = {"自查表!J5": "2400元", "自查表!I8": -1, "约定标准!D9": 1}
    filled = fill(forms / "manufacturing.compliance.xlsx", GOOD, tmp_path / "bad.xlsx", cells=cells)
    assert errors(check(filled)) == [
        f"{filled}:约定标准!D9: 月标准: 与合同约定不符（表中为 1，合同约定（按等级标准）·中级工 2650 元）",
        f"{filled}:自查表!J5: 实发最低工资: 应为数字（实际为文本“2400元”；金额只填数字，不带单位或逗号）",
        f"{filled}:自查表!I8: 人数: 不能为负数（实际为 -1）",
        f"{filled}: 3 处错误，未核对履约情况",
    ]


def test_wrong_or_missing_sheet(forms: Path, tmp_path: Path) -> None:
    def rename(book: Any) -> None:
        book["自查表"].title = "Sheet1"

    filled = fill(forms / "manufacturing.compliance.xlsx", GOOD, tmp_path / "s.xlsx", edit=rename)
    assert errors(check(filled)) == [
        f"{filled}: 工作表: 缺少工作表“自查表”（现有：“Sheet1”、“约定标准”）：请用 skillwage-docs "
        "compliance-form 生成的自查表填写，不要改工作表名",
        f"{filled}: 1 处错误，未核对履约情况",
    ]

    def drop(book: Any) -> None:
        del book["约定标准"]

    filled = fill(forms / "manufacturing.compliance.xlsx", GOOD, tmp_path / "d.xlsx", edit=drop)
    assert errors(check(filled))[0] == (
        f"{filled}: 工作表: 缺少工作表“约定标准”（现有：“自查表”）：请用 skillwage-docs "
        "compliance-form 生成的自查表填写，不要改工作表名"
    )


def test_empty_form(forms: Path, tmp_path: Path) -> None:
    filled = fill(forms / "manufacturing.compliance.xlsx", [], tmp_path / "empty.xlsx")
    assert errors(check(filled)) == [
        f"{filled}:自查表: 没有填写任何数据行",
        f"{filled}: 1 处错误，未核对履约情况",
    ]


def test_files_that_are_not_a_workbook(forms: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.xlsx"
    assert errors(check(missing)) == [f"{missing}: 无法读取文件（No such file or directory）"]
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert errors(check(folder)) == [f"{folder}: 不是普通文件，拒绝读取"]
    text = tmp_path / "text.xlsx"
    text.write_text("企业名称,人数\n甲,3\n", encoding="utf-8")
    assert errors(check(text)) == [
        f"{text}: 不是 XLSX 工作簿（文件不是 zip 格式）：请用自查表模板填写"
    ]
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert errors(check(old)) == [
        f"{old}: 是旧版 Excel（.xls）文件或加了密码的工作簿：请用 Excel 或 WPS 另存为 .xlsx（不设打开密码）"
    ]
    word = tmp_path / "word.xlsx"
    shutil.copy(forms / "manufacturing.compliance.docx", word)
    assert errors(check(word)) == [
        f"{word}: 不是 XLSX 工作簿（缺少 xl/workbook.xml；Word 或其他 zip 文件？）"
    ]
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    (line,) = errors(check(broken))
    assert line.startswith(f"{broken}: 工作簿已损坏，无法读取（")


def test_huge_files_are_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with big.open("wb") as stream:
        stream.write(b"PK")
        stream.truncate(MAX_BYTES + 1)  # sparse: no disk or time spent
    assert errors(check(big)) == [
        f"{big}: 文件过大（{MAX_BYTES + 1} 字节，上限 {MAX_BYTES}），拒绝处理"
    ]
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 101_000_000)
    assert bomb.stat().st_size < MAX_BYTES
    (line,) = errors(check(bomb))
    assert line.startswith(f"{bomb}: 工作簿解压后过大（101000011 字节，上限 100000000）")


def test_formulas_are_never_evaluated_and_links_never_followed(forms: Path, tmp_path: Path) -> None:
    """A formula typed into an input cell has no cached value for a reader that does not
    evaluate: it reads as empty, never as whatever the formula would fetch."""
    cells = {
        "自查表!J5": "='file:///etc/[passwd]Sheet1'!A1",
        "自查表!J6": '=WEBSERVICE("http://127.0.0.1:9/")',
    }
    filled = fill(forms / "manufacturing.compliance.xlsx", GOOD, tmp_path / "f.xlsx", cells=cells)
    assert errors(check(filled)) == [
        f"{filled}:自查表!J5: 实发最低工资: 不能为空（人数大于 0）",
        f"{filled}:自查表!J6: 实发最低工资: 不能为空（人数大于 0）",
        f"{filled}: 2 处错误，未核对履约情况",
    ]


def test_credit_code_check_digit() -> None:
    assert credit_code_problem(VALID_CODE) is None
    assert credit_code_problem("91110108551385082Q") is None  # a published company's code
    assert (
        credit_code_problem("91110108551385082R") == "校验位不符（GB 32100-2015），请核对是否抄错"
    )
    assert credit_code_problem("9111010855138508") == "应为 18 位（实际 16 位）"
    assert credit_code_problem("91110108551385082I") is not None


# --- the form itself --------------------------------------------------------------------------------


def test_form_is_locked_except_the_input_cells(forms: Path) -> None:
    book = load_workbook(forms / "manufacturing.compliance.xlsx")
    sheet = book["自查表"]
    assert sheet.protection.sheet and book["约定标准"].protection.sheet
    assert [sheet.cell(row=4, column=c).value for c in range(1, 17)] == [
        "序号",
        "企业名称",
        "统一社会信用代码",
        "联系人及电话",
        "自查期间起",
        "自查期间止",
        "工种（职业）/岗位类别",
        "技能等级",
        "人数",
        "实发最低工资（元）",
        "其中低于约定标准的人数",
        "低于标准者实发合计（元）",
        "约定最低标准（元）",
        "最低者应补差额（元）",
        "应补差额合计（元）",
        "备注",
    ]
    unlocked = [
        letter for letter in "ABCDEFGHIJKLMNOP" if not sheet[f"{letter}5"].protection.locked
    ]
    assert unlocked == ["B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "P"]
    assert sheet["M5"].value.startswith('=IF($H5=""')
    assert sheet["N5"].value == '=IF(OR($J5="",NOT(ISNUMBER($M5))),"",MAX(0,$M5-$J5))'
    # issue 20 point 7: every underpaid worker's shortfall, floor × their number − their pay
    assert sheet["O5"].value == '=IF(OR($K5="",NOT(ISNUMBER($M5))),"",MAX(0,$M5*$K5-N($L5)))'
    assert sheet["C5"].number_format == "@"  # the credit code stays text
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["H5:H204"] == '"学徒工,初级工,中级工,高级工,技师,高级技师"'
    assert lists["G5:G204"] == "='约定标准'!$G$7:$G$11"
    assert [book["约定标准"][f"G{r}"].value for r in range(7, 12)] == [
        "焊工",
        "数控车工",
        "电工",
        "尚未取得证书",
        "非全日制（元/小时）",
    ]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$4:$4"


def test_uncertified_and_part_time_workers_have_rows_of_their_own(forms: Path) -> None:
    """Issue 20 point 7: even an agreement without occupations or categories (高新区) has the
    schedules 尚未取得证书 (初级工's total, 2250 + 150) and 非全日制 (each level's hourly figure)."""
    book = load_workbook(forms / "high-tech-zone.compliance.xlsx")
    sheet = book["自查表"]
    assert not sheet["G5"].protection.locked
    floors = book["约定标准"]
    rows = [[floors[f"{c}{r}"].value for c in "BCDE"] for r in range(7, 18)]
    assert rows[5] == ["尚未取得证书", "初级工", 2400, "自上岗之日起按初级工标准"]
    assert rows[6] == ["非全日制（元/小时）", "初级工", 25, "非全日制用工小时最低工资"]
    assert floors["D6"].value == "约定标准（元）"
    # the note lists what the province leaves out: 行车 (晋政办发〔2024〕58号)
    note = sheet["A3"].value
    assert "中班、夜班、高温、低温、井下、有毒有害和行车等特殊工作环境和条件下的津贴" in note
    assert "绩效、季度奖、年终奖不分摊到各月，膳食、住宿等实物不计入" in note
    assert (
        "填入“尚未取得证书”的行" in note and "填入“非全日制（元/小时）”的行，工资按小时填写" in note
    )


def test_form_bytes_are_reproducible() -> None:
    from skillwage_docs.inputs.loader import load_agreements

    agreement = load_agreements(CONTEXTS, "yangquan", ["coal"])[0].agreement
    assert compliance_form(agreement) == compliance_form(agreement)


def test_form_of_an_invalid_agreement_is_refused(contexts: Path, tmp_path: Path) -> None:
    path = contexts / "yangquan" / "mining.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("monthly: 2600", "monthly: 2000", 1), encoding="utf-8")
    result = CliRunner().invoke(
        _entry,
        [
            "--contexts",
            str(contexts),
            "compliance-form",
            "yangquan",
            "--agreement",
            "mining",
            "--out",
            str(tmp_path / "out"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "校验未通过，未生成任何文件" in result.stderr
    # the build stopped before any output ran: no form, no region folder (only its lock)
    assert not list((tmp_path / "out").rglob("*.compliance.*"))
    assert not (tmp_path / "out" / "yangquan").exists()


def test_docx_is_a_word_table_with_east_asian_fonts(forms: Path) -> None:
    document = open_docx(str(forms / "manufacturing.compliance.docx"))
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (7560310, 10692130)  # A4 portrait
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["示例（虚构数据）", "企业履约情况自查表"]  # yangquan's data is invented
    info, table = document.tables
    assert info.rows[0].cells[0].text == "企业名称（盖章）"
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "工种（职业）/岗位类别",
        "技能等级",
        "约定最低标准\n（元）",
        "人数",
        "实发最低工资\n（元）",
        "低于标准\n人数",
        "低于标准者\n实发合计（元）",
        "应补差额\n合计（元）",
        "备注",
    ]
    # 6 levels + 焊工 4 + 数控车工 4 + 电工 4 + 尚未取得证书 1 + 非全日制 6
    # (contexts/yangquan/manufacturing.yaml)
    assert len(table.rows) == 1 + 25
    assert [c.text for c in table.rows[19].cells[:4]] == ["19", "尚未取得证书", "初级工", "2400"]
    assert [c.text for c in table.rows[20].cells[:4]] == [
        "20",
        "非全日制（元/小时）",
        "学徒工",
        "24",
    ]
    assert [c.text for c in table.rows[8].cells[:4]] == ["8", "焊工", "中级工", "2850"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.style.name == "Table Grid"
    for row in table.rows:
        for run in (r for cell in row.cells for p in cell.paragraphs for r in p.runs):
            assert run._element.rPr.rFonts.get(qn("w:eastAsia")) in ("宋体", "黑体")


def test_docx_rows_for_the_uncertified_and_part_time_workers(forms: Path) -> None:
    _, table = open_docx(str(forms / "high-tech-zone.compliance.docx")).tables
    assert [c.text for c in table.rows[0].cells][:3] == [
        "序号",
        "工种（职业）/岗位类别",
        "技能等级",
    ]
    assert [c.text for c in table.rows[2].cells[:4]] == ["2", "（按等级标准）", "中级工", "2550"]
    assert [c.text for c in table.rows[6].cells[:4]] == ["6", "尚未取得证书", "初级工", "2400"]


# --- what LibreOffice makes of them ---------------------------------------------------------------


def _soffice(tmp_path: Path, target: str, out: Path, *sources: Path) -> None:
    soffice = need_executable("soffice", "libreoffice-calc-nogui libreoffice-writer-nogui")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    done = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_libreoffice_computes_the_same_floors_and_shortfalls(forms: Path, tmp_path: Path) -> None:
    """Recalculated by LibreOffice, the formulas give the agreement's floors (and the import,
    which now sees cached values, agrees with them); a schedule not in the agreement shows text."""
    rows = [
        *GOOD,
        ("阳泉市乙制造有限公司", None, None, None, None, "焊工", "中级工", 2, 2800, 2, 5649),
        ("阳泉市乙制造有限公司", None, None, None, None, "电焊工", "中级工", 1, 2849),
    ]
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "filled.xlsx")
    _soffice(tmp_path, "xlsx", tmp_path / "lo", filled)
    recalculated = tmp_path / "lo" / "filled.xlsx"
    sheet = load_workbook(recalculated, data_only=True)["自查表"]
    floors = [sheet[f"M{r}"].value for r in range(5, 12)]
    shortfalls = [sheet[f"N{r}"].value for r in range(5, 12)]
    owed = [sheet[f"O{r}"].value for r in range(5, 12)]
    assert floors == [2400, 2850, 3900, 3400, 3900, 2850, "无此工种/类别"]
    assert shortfalls == [0, 0, 0, 0, None, 50, None]  # "" is stored as no value
    # issue 20 point 7: two paid 5649 together against 2 × 2850: 51 to make up
    assert owed == [None, None, None, None, None, 51, None]
    # the unknown occupation is the one problem, at its cell
    assert errors(check(recalculated)) == [
        f"{recalculated}:自查表!G11: 工种/类别: 本合同没有“电焊工”的标准（可选：焊工、数控车工、电工、尚未取得证书、非全日制（元/小时）；按等级标准执行的留空）",
        f"{recalculated}: 1 处错误，未核对履约情况",
    ]
    del rows[-1]
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "filled.xlsx")
    _soffice(tmp_path, "xlsx", tmp_path / "lo", filled)
    result = check(recalculated)
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        f"{recalculated}:自查表!J10: 实发最低工资: 阳泉市乙制造有限公司 焊工·中级工（2人）"
        "实发最低 2800 元，低于约定标准 2850 元，应补差额 50 元/月；低于约定标准的 2 人应补差额合计"
        " 51 元/月"
    )


@pytest.mark.slow
def test_libreoffice_prints_both_forms(forms: Path, tmp_path: Path) -> None:
    need_executable("pdftotext", "poppler-utils")
    out = tmp_path / "pdf"
    _soffice(tmp_path, "pdf", out / "docx", forms / "manufacturing.compliance.docx")
    _soffice(tmp_path, "pdf", out / "xlsx", forms / "manufacturing.compliance.xlsx")
    for pdf in (
        out / "docx" / "manufacturing.compliance.pdf",
        out / "xlsx" / "manufacturing.compliance.pdf",
    ):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "企业履约情况自查表" in text and "实发最低工资" in text, pdf
    docx_text = subprocess.run(
        ["pdftotext", str(out / "docx" / "manufacturing.compliance.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "2850" in docx_text and "焊工" in docx_text


def test_xml_entities_in_a_sheet_are_refused(forms: Path, tmp_path: Path) -> None:
    """A billion-laughs sheet: defusedxml (openpyxl uses it when installed) refuses entity
    declarations, and the refusal is one located line, not a hang or a traceback."""
    filled = fill(forms / "manufacturing.compliance.xlsx", GOOD, tmp_path / "good.xlsx")
    bomb = tmp_path / "laughs.xlsx"
    entities = "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10 if i else "lol"}">' for i in range(9)
    )
    with zipfile.ZipFile(filled) as source, zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = data.decode("utf-8").split("?>", 1)[-1]  # with or without a declaration
                data = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>{body}'.encode()
                data = data.replace(b"<v>12</v>", b"<v>&l8;</v>", 1)
            target.writestr(info, data)
    (line,) = errors(check(bomb))
    assert line.startswith(f"{bomb}: 工作簿已损坏，无法读取（EntitiesForbidden"), line


EXAMPLE_MARK = "示例（虚构数据）"  # the words the contract writers print (issue 12 point 1)


def test_example_forms_say_so_in_title_and_page_header_and_real_ones_do_not() -> None:
    # A form built from invented data must never pass for one to fill in and stamp.
    from skillwage_docs.inputs.loader import load_agreements

    example = load_agreements(CONTEXTS, "yangquan", ["manufacturing"])[0].agreement
    assert example.example
    real = example.model_copy(update={"example": False})
    for agreement, marked in ((example, True), (real, False)):
        xlsx, docx = compliance_form(agreement)
        book = load_workbook(io.BytesIO(xlsx))
        form, floors_sheet = book["自查表"], book["约定标准"]
        title = str(form["A1"].value)
        assert title.startswith("企业履约情况自查表")
        assert (EXAMPLE_MARK in title) is marked
        assert (EXAMPLE_MARK in str(floors_sheet["B1"].value)) is marked
        for sheet in (form, floors_sheet):
            assert (sheet.oddHeader.center.text == EXAMPLE_MARK) is marked
        heading = [p.text for p in open_docx(io.BytesIO(docx)).paragraphs[:3]]
        assert (heading[0] == EXAMPLE_MARK) is marked
        assert heading[1 if marked else 0] == "企业履约情况自查表"


def test_an_example_form_still_imports(forms: Path, tmp_path: Path) -> None:
    # The mark sits in the title rows, which the import does not read: the columns stay put.
    form = forms / "manufacturing.compliance.xlsx"
    assert EXAMPLE_MARK in str(load_workbook(form)["自查表"]["A1"].value)
    result = check(fill(form, GOOD, tmp_path / "ok.xlsx"))
    assert result.code == 0, result.stderr


# --- issue 20 point 7: every underpaid worker, uncertified and part-time rows ---------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            (),
            "自查表!K5: 低于标准人数: 实发最低工资 2399 元低于约定标准 2400 元：须填写其中低于约定"
            "标准的人数和这些人实发工资的合计",
        ),
        ((13, 31200), "自查表!K5: 低于标准人数: 多于该行人数（12 人）"),
        (
            (2, 4000),
            "自查表!L5: 低于标准者实发合计: 4000 元与 2 人不符：每人不低于实发最低工资 2399 元、"
            "低于约定标准 2400 元，合计应在 4798 元至 4800 元（不含）之间",
        ),
        ((2, None), "自查表!L5: 低于标准者实发合计: 不能为空（低于标准的有 2 人）"),
    ],
    ids=["count-missing", "count-over-headcount", "total-inconsistent", "total-missing"],
)
def test_an_underpaid_row_says_how_many_and_their_pay(
    forms: Path, tmp_path: Path, extra: tuple[Any, ...], expected: str
) -> None:
    rows = [
        (
            "阳泉市甲机械有限公司",
            VALID_CODE,
            "王丽 0353-2011234",
            *H2,
            None,
            "初级工",
            12,
            2399,
            *extra,
        )
    ]
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "under.xlsx")
    assert errors(check(filled))[0] == f"{filled}:{expected}"


def test_a_row_paid_at_the_floor_has_nobody_below(forms: Path, tmp_path: Path) -> None:
    rows = [
        ("阳泉市甲机械有限公司", None, "王丽 0353-2011234", *H2, None, "初级工", 12, 2400, 1, 2300)
    ]
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "at.xlsx")
    assert errors(check(filled))[0] == (
        f"{filled}:自查表!K5: 低于标准人数: 实发最低工资 2400 元不低于约定标准 2400 元，低于标准的"
        "人数应为 0"
    )


def test_uncertified_and_part_time_rows_are_checked_against_their_floors(
    forms: Path, tmp_path: Path
) -> None:
    """An uncertified worker is owed 初级工's 2400 from the first day; a part-time worker the
    hourly figure of the level (初级工 25 元/小时), and the hourly legal minimum (23.2) is the
    one compared."""
    rows = [
        ("辛公司", None, "郑 0353-2000002", *H2, "尚未取得证书", "初级工", 6, 2300, 4, 9300),
        ("辛公司", None, None, None, None, "非全日制（元/小时）", "初级工", 3, 23, 3, 70),
    ]
    filled = fill(forms / "manufacturing.compliance.xlsx", rows, tmp_path / "new.xlsx")
    result = check(filled)
    assert result.code == 1, result.stderr
    first, second = result.stdout.splitlines()[:2]
    assert first == (
        f"{filled}:自查表!J5: 实发最低工资: 辛公司 尚未取得证书·初级工（6人）实发最低 2300 元，"
        "低于约定标准 2400 元，应补差额 100 元/月；低于约定标准的 4 人应补差额合计 300 元/月"
    )
    assert second.startswith(
        f"{filled}:自查表!J6: 实发最低工资: 辛公司 非全日制（元/小时）·初级工（3人）实发最低 23 "
        "元/小时，低于约定标准 25 元/小时，应补差额 2 元/小时；低于约定标准的 3 人应补差额合计 "
        "5 元/小时；且低于当地最低工资标准 23.2 元/小时（"
    )
    assert "按月工资计应补差额合计 300 元/月" in result.stdout
