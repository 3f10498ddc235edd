"""The `progress` output: each region's 工作进展情况报告 (`out/<region>/progress-report.docx`,
`.pdf`, `.html`, and its figures `.xlsx`), and, when the build covers several regions, one
summing them (`out/progress-report.*`), as a city sums its counties. Each file is read back:
a letter that lost its totals is not published."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ...base.errors import RenderError
from ...base.publish import safe_output_path, write_atomic
from ...formats import writer_for
from ...formats.verify import extract_text
from ...pipeline.records import AgreementRecord
from ..publication import OutputBuilder, OutputResult, Publication
from .figures import progress_rows
from .letter import Report, report_document, summed, with_names
from .xlsx import progress_xlsx

__all__ = ["FILE_STEM", "progress_builder", "region_report"]

FILE_STEM = "progress-report"
LETTER_FORMATS = ("docx", "html", "pdf")


def region_report(records: Sequence[AgreementRecord], today: date) -> Report:
    """A region's report, sent by the body that reviews its contracts to the first body it
    reports to (`liaison_report_to`), copied to the others."""
    first = records[0].agreement
    report_to = list(first.liaison_report_to) or ["上级人力资源社会保障部门"]
    return Report(
        area=first.region.name,
        rows=tuple(progress_rows(records, today)),
        sender=first.filing_authority,
        addressee=report_to[0],
        copies=tuple(report_to[1:]),
        today=today,
        cites_1185="晋人社厅函〔2024〕1185号" in first.region.local_basis,
    )


def _write(report: Report, names: dict[str, str], folder: Path, result: OutputResult) -> None:
    document = report_document(report, names)
    expected = f"共有技能人才最低工资集体合同{report.totals.agreements}份"
    for fmt in LETTER_FORMATS:
        data = writer_for(fmt).render(document)
        # Read back: the letter's first figure must survive the layout.
        if expected not in "".join(extract_text(fmt, data).split()):
            raise RenderError(f"工作进展情况报告 {fmt} 输出校验失败：缺少“{expected}”")
        path = folder / f"{FILE_STEM}.{fmt}"
        write_atomic(path, data)
        result.written.append(path)
    path = folder / f"{FILE_STEM}.xlsx"
    write_atomic(path, progress_xlsx(report.rows, document.title))
    result.written.append(path)


def write_progress(publication: Publication) -> OutputResult:
    result = OutputResult("progress")
    reports = []
    names: dict[str, str] = {}
    for region, records in publication.by_region():
        report = region_report(records, publication.today)
        reports.append(report)
        names.update(with_names(report, records))
        folder = safe_output_path(publication.out, region, f"{FILE_STEM}.pdf").parent
        _write(report, with_names(report, records), folder, result)
    if len(reports) > 1:
        area = "、".join(report.area for report in reports)
        _write(summed(reports, area), names, publication.out, result)
    return result


progress_builder = OutputBuilder("progress", "工作进展情况报告", write_progress)
