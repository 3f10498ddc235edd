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

from pathlib import Path

from ...base.errors import ValidationFailed
from ...base.publish import safe_output_path, write_atomic
from ...inputs.agreement import Agreement
from ...inputs.loader import load_agreements
from ...inputs.minimum_wage_model import Exclusions
from .docx import compliance_docx
from .xlsx import compliance_xlsx

__all__ = ["compliance_form", "write_compliance_forms"]


def compliance_form(
    agreement: Agreement, exclusions: Exclusions | None = None
) -> tuple[bytes, bytes]:
    """(XLSX, DOCX) of the agreement's 企业履约情况自查表; same agreement, same bytes.
    `exclusions`: what the binding minimum leaves out (the province's list, 行车 in Shanxi)."""
    return compliance_xlsx(agreement, exclusions), compliance_docx(agreement, exclusions)


def write_compliance_forms(
    contexts: Path, region: str, out: Path, *, agreement: str | None = None
) -> list[Path]:
    """Write `out/<region>/<slug>.compliance.xlsx` and `.docx` for each agreement of the region
    (or the one named) that passes validation, atomically; the paths written.

    A form built on an agreement that fails validation would print floors the law does not
    allow, so such an agreement is refused (exit 1) and nothing is written.
    """
    from ...checks.validate import validate
    from ...inputs.minimum_wage import load_minimum_wages
    from ...inputs.sources import MINIMUM_WAGES

    loaded = load_agreements(contexts, region, [agreement] if agreement else None)
    report = validate(loaded, load_minimum_wages(contexts / MINIMUM_WAGES))
    if not report.ok:
        lines = [f.line() for f in report.errors]
        raise ValidationFailed(f"{len(lines)} 处校验错误，未生成自查表", details=lines)
    written = []
    for item in loaded:
        minimum = report.standards[item.agreement.slug]
        xlsx, docx = compliance_form(item.agreement, minimum.exclusions)
        for data, extension in ((xlsx, "xlsx"), (docx, "docx")):
            path = safe_output_path(out, region, f"{item.agreement.slug}.compliance.{extension}")
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            written.append(path)
    return written
