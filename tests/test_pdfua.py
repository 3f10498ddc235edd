"""Issue 22, point 15: the PDFs are tagged for PDF/UA-1, tables with header cells (/TH).

`pdfua` (PyPI, on pikepdf) checks the machine-checkable subset of PDF/UA-1 (the Matterhorn
Protocol's automatable failure conditions) and WCAG 2.1 for PDF. What it cannot check, and
veraPDF (a Java application not installable on these machines) would, is listed in
templates/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillwage_docs.formats import writer_for
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.text.compose import compose
from skillwage_docs.text.kinds import KINDS

from .conftest import CONTEXTS, minimum_of

pdfua = pytest.importorskip("pdfua", reason="pip install -e '.[dev]'")


def _roles(path: Path) -> dict[str, int]:
    import pikepdf

    counts: dict[str, int] = {}
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    counts[str(node.S)] = counts.get(str(node.S), 0) + 1
                if "/K" in node:
                    stack.append(node.K)
    return counts


def test_every_paper_passes_the_pdfua_checks(tmp_path: Path) -> None:
    agreement = load_agreements(CONTEXTS, "yangquan", ["manufacturing"])[0].agreement
    writer = writer_for("pdf")
    findings = []
    for kind in KINDS:
        for blank in (False, True):
            document = compose(agreement, minimum=minimum_of(agreement), blank=blank, kind=kind)
            pdf = tmp_path / f"{kind}{'.blank' if blank else ''}.pdf"
            pdf.write_bytes(writer.render(document))
            report = pdfua.validate(str(pdf))
            findings += [f"{pdf.name}: {f.rule_id} {f.message}" for f in report.findings]
    assert findings == []


def test_table_header_cells_are_tagged_th(tmp_path: Path) -> None:
    """The contract's three schedules: a header row of /TH cells in a /THead, then /TD."""
    agreement = load_agreements(CONTEXTS, "yangquan", ["manufacturing"])[0].agreement
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(writer_for("pdf").render(compose(agreement, minimum=minimum_of(agreement))))
    roles = _roles(pdf)
    assert roles["/Table"] == roles["/THead"] == 3
    assert roles["/TH"] >= 3 * 3 and roles["/TD"] > roles["/TH"]
