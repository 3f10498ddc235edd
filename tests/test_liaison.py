"""The 重点联系点情况表 (晋人社厅函〔2024〕1185号 附件2) as DOCX and XLSX (issues 5, 12, 13).

What the form says comes only from the record (no review outcome without one), it is addressed
to the four parties, data warnings stay off it, an example says so on every page, and no name,
phone number or date is broken across lines in Word's or LibreOffice's rendering.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from openpyxl import load_workbook  # type: ignore[import-untyped]

from skillwage_docs.base.errors import InputError
from skillwage_docs.outputs.liaison.layout import layout
from skillwage_docs.outputs.liaison.rows import COLUMNS, TITLE, liaison_rows, load_liaison_table
from skillwage_docs.outputs.liaison.table import liaison_table
from skillwage_docs.pipeline.records import AgreementRecord

from .browser.tools import FONTS_CONF, need_executable
from .conftest import CONTEXTS, records_of, run_output
from .test_shapes import TOWNSHIP

TODAY = date(2025, 7, 20)
HEADERS = [
    "序号", "地区", "联系点名称", "类型及所属行业", "选点理由", "覆盖企业数", "覆盖职工数",
    "其中技能人才数", "职工方", "企业方", "协商确定的标准", "当地最低工资标准",
    "最低档为最低工资的倍数", "签订时间", "合同期限", "所处阶段", "审查/备案情况", "联系人及电话",
]  # fmt: skip
FOUR_PARTIES = (
    "山西省人力资源和社会保障厅、山西省总工会、山西省企业联合会（山西省企业家协会）、"
    "山西省工商业联合会"
)
REVIEW = """procedure:
  review: {outcome: 无异议, on: 2025-07-10, record: 阳泉市人社局审查意见书（示例编号）}
"""
# Words the layout must never break: names, phone numbers, dates, places, body names.
WHOLE = (
    "梁晓峰", "0353-5088617", "李文静", "0353-3035812", "武海燕", "闫卫东", "刘晓梅", "陈海涛",
    "2025.06.19", "2025.06.26", "2025.07.01", "2027.06.30", "阳泉市", "阳泉高新区",
    "工会联合会", "企业联合会",
)  # fmt: skip


@pytest.fixture(scope="module")
def files(yangquan_records: list[AgreementRecord]) -> tuple[bytes, bytes]:
    return liaison_table(yangquan_records, today=TODAY)


def _body_text(docx: bytes) -> str:
    document = open_docx(io.BytesIO(docx))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_columns_follow_the_designed_form() -> None:
    assert [column.title for column in COLUMNS] == HEADERS


def test_rows_are_the_marked_liaison_points(yangquan_records: list[AgreementRecord]) -> None:
    rows = liaison_rows(yangquan_records, today=TODAY)
    assert [(r.slug, r.kind) for r in rows] == [
        ("high-tech-zone", "区域性"),
        ("hospitality", "行业性"),
    ]
    zone, hotels = rows
    assert zone.texts()[:8] == [
        "1", "阳泉市\n城区、矿区、郊区", "阳泉高新区", "区域性\n区域内各行业",
        "人社厅发〔2024〕51号提出在工业园区、产业园区开展区域性协商；"
        "一份区域性合同覆盖园区内各行业企业的技能人才。",
        "112", "14500", "6100",
    ]  # fmt: skip
    assert zone.standard_lines == (
        "最低技能津贴150—1200元，共5个等级",
        "基本工资2250元，合计2400—3450元",
    )
    assert hotels.standard_lines[0] == "最低工资2300—3600元，共5个等级"
    assert zone.minimum == Decimal(2150) and zone.minimum_class == "一类"
    assert zone.texts()[11] == "2150元（一类）"  # no unconfirmed-data mark on the form
    # the floor's ratio to the minimum: lowest agreed monthly figure ÷ binding minimum
    assert (zone.lowest, zone.ratio) == (Decimal(2400), Decimal("1.12"))  # 2400 ÷ 2150
    assert (hotels.lowest, hotels.ratio) == (Decimal(2300), Decimal("1.07"))  # 2300 ÷ 2150
    assert zone.texts()[8] == "阳泉高新区工会联合会\n首席代表：武海燕"
    assert zone.texts()[-1] == "梁晓峰\n0353-5088617"
    # stage reached on the record: filed → 审查; signed, never filed → 签订
    assert (zone.stage_text, hotels.stage_text) == ("审查", "签订")


def test_no_outcome_is_stated_without_a_record(yangquan_records: list[AgreementRecord]) -> None:
    zone, hotels = liaison_rows(yangquan_records, today=TODAY)
    # filed 2025-06-27, 15 days gone, nothing recorded: the period ran out, nothing more
    assert zone.filing_lines == (
        "2025.06.27报送审查、备案",
        "审查期限2025.07.12届满，未录入审查结果",
    )
    assert hotels.filing_lines == ("尚未报送审查、备案", "报送期限2025.07.06")
    for year in (2025, 2026, 2030):
        for row in liaison_rows(yangquan_records, today=date(year, 12, 31)):
            assert not any(word in "".join(row.filing_lines) for word in ("无异议", "生效"))
            assert row.stage_text != "生效"


def test_filing_state_follows_today(yangquan_records: list[AgreementRecord]) -> None:
    early = liaison_rows(yangquan_records, today=date(2025, 7, 1))
    assert early[0].filing_lines[1] == "审查中（2025.07.12期满）"
    before = liaison_rows(yangquan_records, today=date(2025, 6, 20))
    assert before[0].stage_text == "签订" and before[0].filing_lines[0] == "尚未报送审查、备案"
    # before signing, on the recorded procedure: 要约 2025-04-10, meetings from 2025-05-13
    assert liaison_rows(yangquan_records, today=date(2025, 4, 20))[0].stage_text == "要约"
    assert liaison_rows(yangquan_records, today=date(2025, 5, 20))[0].stage_text == "协商"


def test_a_recorded_review_is_stated_with_its_record(contexts: Path) -> None:
    path = contexts / "yangquan" / "high-tech-zone.yaml"
    text = path.read_text(encoding="utf-8").replace("procedure:\n", REVIEW.rstrip("\n") + "\n", 1)
    path.write_text(text, encoding="utf-8")
    zone = liaison_rows(records_of(contexts, contexts.parent / "build"), today=TODAY)[0]
    assert zone.filing_lines[1] == "2025.07.10审查无异议（阳泉市人社局审查意见书（示例编号））"
    assert zone.stage_text == "生效"


def test_an_outcome_without_its_record_is_refused(contexts: Path) -> None:
    path = contexts / "yangquan" / "high-tech-zone.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "filing: {filed_on: 2025-06-27}", "filing: {filed_on: 2025-06-27, outcome: 无异议}"
        ),
        "utf-8",
    )
    with pytest.raises(InputError) as caught:
        liaison_table(records_of(contexts, contexts.parent / "build"), today=TODAY)
    assert any(
        "high-tech-zone.yaml:" in line and "filing" in line and "procedure.review" in line
        for line in caught.value.details
    ), caught.value.details
    review = "  review: {outcome: 无异议, on: 2025-07-10}\n"
    path.write_text(text.replace("procedure:\n", "procedure:\n" + review, 1), "utf-8")
    with pytest.raises(InputError) as caught:
        liaison_table(records_of(contexts, contexts.parent / "build"), today=TODAY)
    assert any("procedure.review.record: 缺少必填字段" in line for line in caught.value.details)


def test_the_form_is_addressed_to_the_four_parties(files: tuple[bytes, bytes]) -> None:
    docx, xlsx = files
    paragraphs = [p.text for p in open_docx(io.BytesIO(docx)).paragraphs]
    assert f"报送：{FOUR_PARTIES}" in paragraphs
    assert TITLE in paragraphs
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert f"报送：{FOUR_PARTIES}" in [row[0].value for row in sheet.iter_rows(max_row=6)]


def test_by_role_when_the_region_names_no_addressees(contexts: Path) -> None:
    path = contexts / "yangquan" / "region.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("liaison_report_to:")], encoding="utf-8")
    table = load_liaison_table(records_of(contexts, contexts.parent / "build"), today=TODAY)
    assert table.report_to == (
        "省级人力资源社会保障部门", "省总工会", "省企业联合会（企业家协会）", "省工商业联合会",
    )  # fmt: skip


def test_an_example_table_says_so_on_every_page(files: tuple[bytes, bytes]) -> None:
    docx, xlsx = files
    document = open_docx(io.BytesIO(docx))
    assert "示例（虚构数据）" in document.sections[0].header.paragraphs[0].text
    assert any(
        p.text.startswith("示例（虚构数据）：本表由示例合同生成") for p in document.paragraphs
    )
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A3"].value.startswith("示例（虚构数据）：")
    assert sheet.oddHeader.center.text == "示例（虚构数据）"


def test_a_real_table_carries_no_mark_and_mixed_rows_are_marked(contexts: Path) -> None:
    for name in ("high-tech-zone.yaml", "hospitality.yaml"):
        path = contexts / "yangquan" / name
        path.write_text(path.read_text(encoding="utf-8") + "example: false\n", encoding="utf-8")
    docx, xlsx = liaison_table(records_of(contexts, contexts.parent / "build"), today=TODAY)
    assert "示例" not in _body_text(docx)
    assert "示例" not in open_docx(io.BytesIO(docx)).sections[0].header.paragraphs[0].text
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert not any("示例" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert not sheet.oddHeader.center.text
    path = contexts / "yangquan" / "hospitality.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("example: false\n", ""), "utf-8")
    table = load_liaison_table(records_of(contexts, contexts.parent / "build"), today=TODAY)
    assert table.mixed and [row.marked for row in table.rows] == [False, True]
    assert table.rows[1].texts()[2].endswith("\n（示例）")


def test_data_warnings_go_to_the_cli_not_the_form(
    files: tuple[bytes, bytes], yangquan_records: list[AgreementRecord]
) -> None:
    table = load_liaison_table(yangquan_records, today=TODAY)
    lines = [finding.render() for finding in table.warnings]
    assert any("未经核实" in line and "shanxi.yaml:" in line for line in lines)
    # each doubtful row once, naming both points
    assert len(lines) == len(set(lines))
    assert all("阳泉高新区、阳泉市住宿和餐饮业" in line for line in lines)
    text = _body_text(files[0])
    assert "核实" not in text and "*" not in text
    cells = [
        str(c.value) for row in load_workbook(io.BytesIO(files[1])).active.iter_rows() for c in row
    ]
    assert not any("核实" in cell or "*" in cell for cell in cells)


def test_docx_is_a_landscape_table_with_east_asian_fonts(files: tuple[bytes, bytes]) -> None:
    document = open_docx(io.BytesIO(files[0]))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width > section.page_height
    (table,) = document.tables
    assert ["".join(c.text.split("\n")) for c in table.rows[0].cells] == HEADERS
    assert len(table.rows) == 3
    header_props = table.rows[0]._tr.trPr
    assert header_props is not None and header_props.find(qn("w:tblHeader")) is not None
    for row in table.rows:
        for cell in row.cells:
            for run in (r for p in cell.paragraphs for r in p.runs):
                assert run._element.rPr.rFonts.get(qn("w:eastAsia")) in ("宋体", "黑体")


def test_column_widths_come_from_the_content(yangquan_records: list[AgreementRecord]) -> None:
    table = load_liaison_table(yangquan_records, today=TODAY)
    plan = layout(table)
    widths = dict(zip((c.key for c in COLUMNS), plan.widths_mm, strict=True))
    assert abs(sum(plan.widths_mm) - (297 - 2 * 12)) < 0.5  # the measure, filled
    assert plan.size >= 8
    # a phone number needs more room than a stage name; the reason text gets the most
    assert widths["contact"] > widths["stage"] * 2
    assert widths["reason"] == max(widths.values())
    # every designed word stays on one line of the layout
    lines = [line for row in plan.body for cell in row for line in cell]
    for word in WHOLE:
        assert any(word in line for line in lines), word


def test_xlsx_dates_are_one_kind_and_counts_are_numbers(files: tuple[bytes, bytes]) -> None:
    sheet = load_workbook(io.BytesIO(files[1])).active
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "序号")
    assert ["".join(str(c.value).split("\n")) for c in sheet[header_row]] == HEADERS
    zone = [c.value for c in sheet[header_row + 1]]
    assert zone[0] == 1 and zone[5] == 112 and zone[6] == 14500 and zone[7] == 6100
    assert zone[12] == pytest.approx(1.12)
    assert zone[13] == "2025.06.19" and zone[14] == "2025.07.01至\n2027.06.30"
    for row in sheet.iter_rows():
        assert not any(isinstance(cell.value, datetime | date) for cell in row)
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.page_setup.orientation == "landscape"


def _converted_text(tmp_path: Path, source: Path) -> str:
    soffice = need_executable("soffice", "libreoffice-writer-nogui libreoffice-calc-nogui")
    pdftotext = need_executable("pdftotext", "poppler-utils")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=240, env=env,
    )  # fmt: skip
    pdf = tmp_path / f"{source.stem}.pdf"
    assert pdf.is_file(), f"LibreOffice did not convert {source.name}"
    return subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_libreoffice_breaks_no_name_number_or_date(
    files: tuple[bytes, bytes], tmp_path: Path, extension: str
) -> None:
    source = tmp_path / f"liaison-table.{extension}"
    source.write_bytes(files[0] if extension == "docx" else files[1])
    text = _converted_text(tmp_path, source)
    # LibreOffice puts a space between CJK and Latin text; nothing else may part a word
    lines = [
        re.sub(r"(?<=[\u4e00-\u9fff]) (?=\d)|(?<=\d) (?=[\u4e00-\u9fff])", "", line)
        for line in text.splitlines()
    ]
    for word in WHOLE:
        assert any(word in line for line in lines), word
    assert "技能人才工资区域性行业性集体协商重点联系点情况表" in text.replace(" ", "")
    assert "示例（虚构数据）" in text


def test_outputs_are_reproducible(
    files: tuple[bytes, bytes], yangquan_records: list[AgreementRecord]
) -> None:
    assert liaison_table(yangquan_records, today=TODAY) == files


def test_a_region_without_liaison_points_gets_a_note_not_a_form(contexts: Path) -> None:
    out = contexts.parent / "build"
    written = run_output(contexts, "yangquan", "liaison", out, today=TODAY).written
    assert [p.name for p in written] == ["liaison-table.docx", "liaison-table.xlsx"]
    for name in ("hospitality.yaml", "high-tech-zone.yaml"):
        path = contexts / "yangquan" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("key_liaison_point: true", ""), "utf-8"
        )
    assert liaison_table(records_of(contexts, out), today=TODAY) is None
    result = run_output(contexts, "yangquan", "liaison", out, today=TODAY)
    assert result.written == []
    assert result.notes == [
        "地区 yangquan 没有重点联系点（在联系点的合同文件中写 key_liaison_point: true），"
        "未生成重点联系点情况表",
    ]
    assert [p.name for p in result.removed] == ["liaison-table.docx", "liaison-table.xlsx"]
    # a form left by an earlier point would name a point that is no longer one
    assert not list((out / "yangquan").glob("liaison-table.*"))


def test_a_single_county_point_shows_its_county(contexts: Path) -> None:
    (contexts / "yangquan" / "township.yaml").write_text(TOWNSHIP, encoding="utf-8")
    table = load_liaison_table(records_of(contexts, contexts.parent / "build"), today=TODAY)
    township = next(r for r in table.rows if r.slug == "township")
    assert township.texts()[1] == "阳泉市\n盂县"
    assert township.minimum_class == "二类"  # 盂县 is 二类 since 2021
    assert township.filing_lines[0] == "尚未报送审查、备案"
    assert township.texts()[-1] == "" and township.reason is None
    assert [r.number for r in table.rows] == [1, 2, 3]
    # what is missing is said on the CLI, not guessed on the form
    lines = [finding.render() for finding in table.warnings]
    assert any("township.yaml:" in line and "liaison_reason" in line for line in lines)
    assert any("township.yaml:" in line and "contact" in line for line in lines)
    assert township.texts()[4] == "（未填写）"


def test_write_liaison_table(tmp_path: Path, yangquan_records: list[AgreementRecord]) -> None:
    result = run_output(CONTEXTS, "yangquan", "liaison", tmp_path / "build", today=TODAY)
    assert [p.relative_to(tmp_path).as_posix() for p in result.written] == [
        "build/yangquan/liaison-table.docx",
        "build/yangquan/liaison-table.xlsx",
    ]
    assert result.written[0].read_bytes() == liaison_table(yangquan_records, today=TODAY)[0]
    assert result.warnings and all(f.severity == "warning" for f in result.warnings)
    with pytest.raises(InputError):
        run_output(CONTEXTS, "../etc", "liaison", tmp_path, today=TODAY)
