"""Issue 21 point 16: the 工作进展情况报告 up the chain, from the build's records — a region's, and
one summing several regions as a city sums its counties — as a letter (DOCX, PDF, HTML) with
its figures as XLSX.

Expectations from the 13 阳泉 example contexts on 2026-12-07: 11 sector and 2 regional
contracts; coal (filed, review recorded) and 盂县 (re-filed, answered) in force; manufacturing,
equipment and 高新区 filed; the other eight signed, never filed; two key liaison points
(高新区, hospitality)."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook  # type: ignore[import-untyped]

from skillwage_docs.formats.verify import extract_text
from skillwage_docs.outputs.progress.builder import region_report
from skillwage_docs.outputs.progress.figures import progress_rows, totals
from skillwage_docs.outputs.progress.letter import report_document, with_names
from skillwage_docs.pipeline.records import AgreementRecord

from .conftest import run_output
from .test_packet import tables, text

TODAY = date(2026, 12, 7)


def test_the_report_counts_the_agreements_by_kind_and_stage(
    yangquan_records: list[AgreementRecord],
) -> None:
    rows = progress_rows(yangquan_records, TODAY)
    t = totals(rows)
    assert t.agreements == 13 and t.by_kind == {"行业性": 11, "区域性": 2}
    assert {stage: n for stage, n in t.by_stage.items() if n} == {
        "已签订": 8,
        "已报送审查": 3,
        "已生效": 2,
    }
    assert (t.enterprises, t.workers, t.skilled) == (1108, 165900, 75200)
    by_slug = {row.slug: row for row in rows}
    coal = by_slug["coal"]
    # 2700 a month (初级工) against 山西省一类 2150 (晋政办发〔2024〕58号)
    assert (coal.lowest, coal.minimum, coal.ratio) == (
        Decimal("2700"),
        Decimal("2150"),
        Decimal("1.26"),
    )
    assert coal.minimum_source == "晋政办发〔2024〕58号" and not coal.minimum_confirmed
    assert by_slug["yuxian-construction"].stage == "已生效"
    # the 高新区's lowest floor is its 初级工 total, not its 2250 base wage
    assert by_slug["high-tech-zone"].lowest == Decimal("2400")
    assert by_slug["construction"].overdue == ("报送审查备案期限2025年7月4日",)
    # before anything was signed or offered
    early = {row.slug: row.stage for row in progress_rows(yangquan_records, date(2025, 3, 1))}
    assert early["coal"] == "未启动" and early["high-tech-zone"] == "未启动"
    assert {row.slug: row.stage for row in progress_rows(yangquan_records, date(2025, 4, 15))}[
        "high-tech-zone"
    ] == "已要约"


def test_the_letter_goes_to_the_province_with_the_liaison_table_attached(
    yangquan_records: list[AgreementRecord],
) -> None:
    report = region_report(yangquan_records, TODAY)
    assert report.sender == "阳泉市人力资源和社会保障局"
    assert report.addressee == "山西省人力资源和社会保障厅"
    assert report.copies == (
        "山西省总工会",
        "山西省企业联合会（山西省企业家协会）",
        "山西省工商业联合会",
    )
    document = report_document(report, with_names(report, yangquan_records))
    flat = text(document, blank="＿")
    assert document.title == "关于阳泉市技能人才工资集体协商工作进展情况的报告"
    assert document.meta["example"] == "true"
    assert (
        "现将截至2026年12月7日阳泉市技能人才工资区域性行业性集体协商的工作进展情况报告如下。"
        in flat
    )
    assert (
        "共有技能人才最低工资集体合同13份，其中行业性11份、区域性2份。已签订8份，已报送审查3份，已生效2份。"
        in flat
    )
    assert "各合同覆盖企业1108家、职工165900人，其中技能人才75200人" in flat
    (progress,) = tables(document)
    assert progress.rows[0] == (
        "1",
        "阳泉市煤炭开采和洗选业",
        "行业性",
        "已生效",
        "31",
        "52600",
        "2700",
        "1.26",
    )
    assert "为当地月最低工资标准的1.05倍至1.26倍" in flat
    assert (
        "阳泉高新区（区域性，已报送审查）、阳泉市住宿和餐饮业（行业性，已签订），情况见附件1"
        in flat
    )
    assert "（二）阳泉市建筑业：报送审查备案期限2025年7月4日；" in flat
    assert (
        "附件：1. 技能人才工资区域性行业性集体协商重点联系点情况表；2. 工作进展情况统计表（电子表格）"
        in flat
    )
    assert "抄送：山西省总工会，山西省企业联合会（山西省企业家协会），山西省工商业联合会" in flat


def _county(contexts: Path) -> None:
    """盂县 as a region of its own (a county reporting to its city), its contract moved there."""
    folder = contexts / "yuxian"
    folder.mkdir()
    region = (contexts / "yangquan" / "region.yaml").read_text(encoding="utf-8")
    region = region.replace("code: yangquan", "code: yuxian").replace("name: 阳泉市", "name: 盂县")
    region = region.replace("[阳泉市城区, 阳泉市矿区, 阳泉市郊区, 平定县, 盂县]", "[盂县]")
    head, _, _ = region.partition("liaison_report_to:")
    region = head + "liaison_report_to: [阳泉市人力资源和社会保障局, 阳泉市总工会]\n"
    (folder / "region.yaml").write_text(region, encoding="utf-8")
    shutil.move(
        contexts / "yangquan" / "yuxian-construction.yaml", folder / "yuxian-construction.yaml"
    )


def test_a_city_sums_its_counties_and_each_file_is_published(
    contexts: Path, tmp_path: Path
) -> None:
    _county(contexts)
    out = tmp_path / "build"
    result = run_output(contexts, "yangquan", "progress", out, today=TODAY)
    assert sorted(p.name for p in result.written) == [
        "progress-report.docx", "progress-report.html", "progress-report.pdf", "progress-report.xlsx",
    ]  # fmt: skip
    from skillwage_docs.outputs.make import make

    made = make(
        contexts,
        out=out,
        regions=["yangquan", "yuxian"],
        outputs=("progress",),
        formats=(),
        keep_going=True,
        today=TODAY,
    )
    written = {str(p.relative_to(out)) for p in made.output("progress").written}
    assert {
        "yuxian/progress-report.pdf",
        "yangquan/progress-report.pdf",
        "progress-report.pdf",
    } <= written
    county = extract_text("pdf", (out / "yuxian" / "progress-report.pdf").read_bytes())
    assert "阳泉市人力资源和社会保障局" in county and "共有技能人才最低工资集体合同1份" in "".join(
        county.split()
    )
    summed = "".join(extract_text("docx", (out / "progress-report.docx").read_bytes()).split())
    assert "关于阳泉市、盂县技能人才工资集体协商工作进展情况的报告" in summed
    assert "共有技能人才最低工资集体合同13份" in summed
    # the per-region table: 阳泉市 12 contracts, 盂县 1 (in force)
    assert "各地区情况" in summed and "盂县" in summed
    sheet = load_workbook(out / "progress-report.xlsx").active
    assert sheet["A1"].value.startswith("示例（虚构数据）")
    header = [cell.value for cell in sheet[2]]
    assert header[:5] == ["地区", "合同", "类型", "行业（区域）", "所处阶段"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert len(values) == 13 and values[-1][0] == "盂县" and values[-1][4] == "已生效"
    assert (values[0][9] == 2700 and values[0][11] == Decimal("1.26")) or values[0][11] == 1.26
