"""The 企业履约情况自查表 (enterprise compliance self-check form) of an agreement, XLSX and DOCX.

Each enterprise the agreement binds reports, per skill level (and occupation, post category or
underground post where the agreement sets those apart), how many skilled workers it has, the
lowest monthly pay it actually paid, the agreed floor beside it and the shortfall to make up.
The contract asks for this check: 职工方 and 企业方 inspect performance at least once a year
(the 履行与监督 chapter), and a 人社局 reviewing the agreement asks for it (issue 14).

- The XLSX is the collecting form: one row per enterprise × schedule × level, many enterprises
  in one workbook, so a union staffer can gather the rows enterprises send back and import them
  with `skillwage-docs compliance`. Floors and shortfalls are formulas over a locked sheet of the
  agreed floors; only the input cells are unlocked; level and schedule names are drop-down lists.
- The DOCX is the paper form for one enterprise: one pre-printed row per floor of the agreement,
  the floor printed, blanks for the headcount and the pay.

The form's columns and the agreement's floors are `compliance_model`; the two files
`compliance_xlsx` and `compliance_docx`.
"""

from __future__ import annotations

from ...base.publish import safe_output_path, write_atomic
from ...inputs.agreement import Agreement
from ...inputs.minimum_wage_model import Exclusions
from ..publication import OutputBuilder, OutputResult, Publication
from .docx import compliance_docx
from .xlsx import compliance_xlsx

__all__ = ["compliance_builder", "compliance_form"]


def compliance_form(
    agreement: Agreement, exclusions: Exclusions | None = None
) -> tuple[bytes, bytes]:
    """(XLSX, DOCX) of the agreement's 企业履约情况自查表; same agreement, same bytes.
    `exclusions`: what the binding minimum leaves out (the province's list, 行车 in Shanxi)."""
    return compliance_xlsx(agreement, exclusions), compliance_docx(agreement, exclusions)


def write_compliance_forms(publication: Publication) -> OutputResult:
    """`out/<region>/<slug>.compliance.xlsx` and `.docx` for every agreement the build passed,
    from its record, atomically.

    A form built on an agreement that failed validation would print floors the law does not
    allow: such an agreement gets no form (a build without `--keep-going` has stopped before
    any output runs). The binding minimum's exclusions (the province's list, 行车 in Shanxi)
    come from the record, as the build looked them up."""
    result = OutputResult("compliance")
    for record in publication.records:
        if not record.ok:
            result.notes.append(f"{record.key}：校验未通过，未生成自查表")
            continue
        xlsx, docx = compliance_form(record.agreement, record.minimum.exclusions)
        for data, extension in ((xlsx, "xlsx"), (docx, "docx")):
            path = safe_output_path(
                publication.out, record.region, f"{record.slug}.compliance.{extension}"
            )
            write_atomic(path, data)
            result.written.append(path)
    return result


compliance_builder = OutputBuilder("compliance", "企业履约情况自查表", write_compliance_forms)
