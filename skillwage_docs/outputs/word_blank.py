"""A Word blank with removable notes (issue 21 point 17): an agreement's blank model text of one
kind as DOCX whose 填写说明 are Word comments anchored to the clause they explain
(formats/docx_comments.py), so a drafter deletes them all in one step. Written beside the
build's blanks, `OUT/<region>/<slug><suffix>.blank.comments.docx`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..base.errors import InputError
from ..base.publish import safe_output_path, write_atomic
from ..checks.validate import binding_minimum
from ..formats.docx import NOTES_AS_COMMENTS, DocxWriter
from ..inputs.loader import load_agreements
from ..inputs.minimum_wage import load_minimum_wages
from ..text.compose import compose
from ..text.kinds import CONTRACT, kind_named

__all__ = ["word_blank"]


def word_blank(contexts: Path, region: str, slug: str, *, kind: str = CONTRACT, out: Path) -> Path:
    """Write the blank DOCX of `kind` for `region/slug` with its notes as comments; its path."""
    spec = kind_named(kind)
    loaded = load_agreements(contexts, region, [slug])
    if not loaded:
        raise InputError(f"地区 {region} 没有合同 {slug}")
    agreement = loaded[0].agreement
    minimum = binding_minimum(agreement, load_minimum_wages(contexts / "minimum_wages"))
    document = compose(agreement, minimum=minimum, kind=spec.name, blank=True)
    document = replace(document, meta={**document.meta, "notes": NOTES_AS_COMMENTS})
    path = safe_output_path(out, region, f"{agreement.slug}{spec.suffix}.blank.comments.docx")
    write_atomic(path, DocxWriter().render(document))
    return path
