"""The `guides` output: `out/<region>/register.md` (the register of overlapping contracts) and
`out/<region>/approval-guide.md` (the approval route guide) of each region of the build."""

from __future__ import annotations

from ...base.publish import safe_output_path, write_atomic
from ..publication import OutputBuilder, OutputResult, Publication
from .approval import APPROVAL_FILE, approval_markdown
from .register import REGISTER_FILE, register_markdown

__all__ = ["guides_builder"]


def write_guides(publication: Publication) -> OutputResult:
    result = OutputResult("guides")
    for region, records in publication.by_region():
        for name, text in (
            (REGISTER_FILE, register_markdown(records, publication.today)),
            (APPROVAL_FILE, approval_markdown(records)),
        ):
            path = safe_output_path(publication.out, region, name)
            write_atomic(path, text.encode("utf-8"))
            result.written.append(path)
    return result


guides_builder = OutputBuilder("guides", "登记表和审议方式指引", write_guides)
