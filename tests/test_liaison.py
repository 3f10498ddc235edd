"""The 重点联系点情况表 (晋人社厅函〔2024〕1185号 附件2) as DOCX and XLSX (issue 5)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from openpyxl import load_workbook  # type: ignore[import-untyped]

from skillwage_docs.errors import InputError
from skillwage_docs.liaison import COLUMNS, TITLE, liaison_rows, liaison_table

from .conftest import CONTEXTS
from .test_shapes import TOWNSHIP

TODAY = date(2025, 7, 20)
HEADERS = [header for header, _ in COLUMNS]


@pytest.fixture(scope="module")
def files() -> tuple[bytes, bytes]:
    return liaison_table(CONTEXTS, "yangquan", today=TODAY)


def test_columns_follow_the_designed_form() -> None:
    assert HEADERS == [
        "序号", "地区", "联系点名称", "类型", "所属行业", "覆盖企业数", "覆盖职工数",
        "其中技能人才数", "职工方", "企业方", "协商确定的标准", "当地最低工资标准",
        "签订时间", "合同期限", "审查/备案情况", "联系人及电话",
    ]  # fmt: skip


def test_rows_are_the_marked_liaison_points() -> None:
    rows = liaison_rows(CONTEXTS, "yangquan", today=TODAY)
    assert [(r.slug, r.kind) for r in rows] == [("coal", "行业性"), ("high-tech-zone", "区域性")]
    coal, zone = rows
    assert coal.texts()[:8] == [
        "1", "阳泉市", "阳泉市煤炭开采和洗选业", "行业性", "煤炭开采和洗选业", "31", "52600", "27800",
    ]  # fmt: skip
    assert coal.standard == ("最低工资2700—4600元（共5个等级）", "井下岗位3300—5500元")
    assert coal.local_minimum == Decimal(2150)
    assert coal.local_minimum_text.startswith("2150元（一类）")
    assert coal.filing == ("2025.06.24报送审查、备案", "审查无异议，已生效")
    assert coal.contact == "韩丽君 0353-2021536"
    assert zone.industry == "区域内各行业"
    assert zone.standard[0] == "最低技能津贴150—1200元（共5个等级）"
    assert zone.standard[1] == "基本工资2250元，合计2400—3450元"
    # filed 2025-06-27, no outcome recorded, 15 days passed: in force by law (劳动合同法第五十四条)
    assert zone.filing[1] == "审查期满未提出异议，已生效"


def test_filing_state_follows_today() -> None:
    early = liaison_rows(CONTEXTS, "yangquan", today=date(2025, 7, 1))
    assert early[1].filing[1] == "审查中（2025.07.12期满）"


def test_docx_is_a_landscape_table_with_east_asian_fonts(files: tuple[bytes, bytes]) -> None:
    document = open_docx(io.BytesIO(files[0]))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width > section.page_height
    assert TITLE in [p.text for p in document.paragraphs]
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == HEADERS
    assert len(table.rows) == 3
    assert table.rows[1].cells[10].text == "最低工资2700—4600元（共5个等级）\n井下岗位3300—5500元"
    header_props = table.rows[0]._tr.trPr
    assert header_props is not None and header_props.find(qn("w:tblHeader")) is not None
    for row in table.rows:
        for cell in row.cells:
            for run in (r for p in cell.paragraphs for r in p.runs):
                assert run._element.rPr.rFonts.get(qn("w:eastAsia")) in ("宋体", "黑体")
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(widths) == len(COLUMNS) and widths[10] > widths[0] * 4


def test_xlsx_has_typed_cells(files: tuple[bytes, bytes]) -> None:
    sheet = load_workbook(io.BytesIO(files[1])).active
    assert sheet["A2"].value == TITLE
    assert [c.value for c in sheet[4]] == HEADERS
    coal = [c.value for c in sheet[5]]
    assert coal[0] == 1 and coal[5] == 31 and coal[6] == 52600 and coal[7] == 27800
    assert coal[12] == datetime(2025, 6, 16)
    assert coal[2] == "阳泉市煤炭开采和洗选业"
    assert sheet.freeze_panes == "A5"
    assert sheet.page_setup.orientation == "landscape"


def test_outputs_are_reproducible(files: tuple[bytes, bytes]) -> None:
    assert liaison_table(CONTEXTS, "yangquan", today=TODAY) == files


def test_a_region_without_liaison_points_is_an_input_error(contexts: Path, edit: object) -> None:
    for name in ("coal.yaml", "high-tech-zone.yaml"):
        path = contexts / "yangquan" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("key_liaison_point: true", ""), "utf-8"
        )
    with pytest.raises(InputError, match="key_liaison_point"):
        liaison_table(contexts, "yangquan", today=TODAY)


def test_a_single_district_point_shows_its_district(contexts: Path) -> None:
    (contexts / "yangquan" / "township.yaml").write_text(TOWNSHIP, encoding="utf-8")
    rows = liaison_rows(contexts, "yangquan", today=TODAY)
    township = next(r for r in rows if r.slug == "township")
    assert township.area == "阳泉市（盂县）"
    # 盂县 is 二类 (2050 元); the * marks the [S] area mapping
    assert township.local_minimum_text == "2050元（二类）*"
    assert township.filing[0] == "尚未报送审查、备案"
    assert township.contact == ""
    assert [r.number for r in rows] == [1, 2, 3]


def test_write_liaison_table(tmp_path: Path) -> None:
    from skillwage_docs.liaison import write_liaison_table

    written = write_liaison_table(CONTEXTS, "yangquan", tmp_path / "build", today=TODAY)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "build/yangquan/liaison-table.docx",
        "build/yangquan/liaison-table.xlsx",
    ]
    assert written[0].read_bytes() == liaison_table(CONTEXTS, "yangquan", today=TODAY)[0]
    with pytest.raises(InputError):
        write_liaison_table(CONTEXTS, "../etc", tmp_path, today=TODAY)
