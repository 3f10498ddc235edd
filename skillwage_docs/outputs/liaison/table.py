"""The 重点联系点情况表 (晋人社厅函〔2024〕1185号 附件2) as DOCX and XLSX.

Each city picks 1–2 key liaison points for 技能人才工资 collective bargaining and reports them
on this form to the four parties of the notice; an agreement marks itself with
`key_liaison_point: true`. The notice does not publish the columns: they are designed here
plus what issue 12 asks (选点理由, 县, 所处阶段, the floor's ratio to the minimum). The local
minimum wage is the one the build's validation found binding (its record, `records.py`), so
form and validation agree; nothing here loads, validates or looks up a table itself.

The form gets stamped and sent: it states only what the contexts record. A review outcome is
printed only from a recorded `procedure.review` (which cannot exist without its record), data
warnings go to the CLI (`LiaisonTable.warnings`), and a table built from example contexts says
so at its head and on every page.

Layout: every cell is made of words that must not break (a person's name, a phone number, a
date, 阳泉市, 工会联合会); column widths come from those words and the room left over, and the
lines are broken here, the same in DOCX and XLSX, so neither program breaks a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ...base.publish import safe_output_path, write_atomic
from ...pipeline.records import AgreementRecord
from ..publication import OutputBuilder, OutputResult, Publication
from .docx import liaison_docx
from .layout import layout
from .rows import load_liaison_table
from .xlsx import liaison_xlsx

__all__ = ["FILE_STEM", "liaison_builder", "liaison_table", "no_point_note"]

FILE_STEM = "liaison-table"  # OUT/<region>/liaison-table.docx and .xlsx


def liaison_table(
    records: Sequence[AgreementRecord], *, today: date | None = None
) -> tuple[bytes, bytes] | None:
    """(DOCX, XLSX) of the region's 重点联系点情况表, dated `today` (default: today); None when
    the region has no key liaison point."""
    table = load_liaison_table(records, today=today)
    if table is None:
        return None
    plan = layout(table)
    return liaison_docx(table, plan), liaison_xlsx(table, plan)


def no_point_note(region: str) -> str:
    return (
        f"地区 {region} 没有重点联系点（在联系点的合同文件中写 key_liaison_point: true），"
        "未生成重点联系点情况表"
    )


def write_liaison_tables(publication: Publication) -> OutputResult:
    """`out/<region>/liaison-table.docx` and `.xlsx` (the 重点联系点情况表) of each region of
    the build, from its records, dated `publication.today`. Data warnings go to the terminal,
    never onto the form that gets stamped.

    A region without a key liaison point gets no form, a note instead, and loses a form an
    earlier point left behind: it is not an error (most regions have none)."""
    result = OutputResult("liaison")
    for region, records in publication.by_region():
        table = load_liaison_table(records, today=publication.today)
        paths = [
            safe_output_path(publication.out, region, f"{FILE_STEM}.{ext}")
            for ext in ("docx", "xlsx")
        ]
        if table is None:
            for path in paths:
                if path.exists():
                    path.unlink()
                    result.removed.append(path)
            result.notes.append(no_point_note(region))
            continue
        plan = layout(table)
        files = (liaison_docx(table, plan), liaison_xlsx(table, plan))
        for data, path in zip(files, paths, strict=True):
            write_atomic(path, data)
            result.written.append(path)
        result.warnings.extend(table.warnings)
    return result


liaison_builder = OutputBuilder("liaison", "重点联系点情况表", write_liaison_tables)
