"""Issue 22, point 14: every DOCX the tool writes is valid against the OOXML schema.

Checked with openxml-audit (PyPI), a pure-Python port of the Open XML SDK's validation: the
Office 2019 schemas element by element (order, allowed children, attribute types) and the SDK's
semantic rules (unique style ids, relationship targets). Word opens a file that breaks them
with a repair prompt or drops what it does not understand; LibreOffice is more forgiving, so
printing through it proves nothing. Before this test every DOCX carried two schema errors
(a 填写说明 style's border and the 落款 style's tab stops after their spacing).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from skillwage_docs.formats import writer_for
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.outputs.compliance.docx import compliance_docx
from skillwage_docs.text.compose import compose
from skillwage_docs.text.kinds import KINDS

from .conftest import CONTEXTS, minimum_of

openxml_audit = pytest.importorskip("openxml_audit", reason="pip install -e '.[dev]'")

# A sector agreement (a 公文 filing with its attachment and 版记) and a county one with a
# construction schedule: between them every block the layouts know.
SLUGS = ("manufacturing", "yuxian-construction")


def _problems(data: bytes, tmp: Path) -> list[str]:
    path = tmp / "check.docx"
    path.write_bytes(data)
    result = openxml_audit.OpenXmlValidator().validate(str(path))
    return [str(error) for error in result.errors]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_paper_filled_and_blank_is_valid(slug: str, tmp_path: Path) -> None:
    agreement = load_agreements(CONTEXTS, "yangquan", [slug])[0].agreement
    writer = writer_for("docx")
    problems = []
    for kind in KINDS:
        for blank in (False, True):
            document = compose(agreement, minimum=minimum_of(agreement), blank=blank, kind=kind)
            name = f"{slug}.{kind}{'.blank' if blank else ''}.docx"
            problems += [f"{name}: {p}" for p in _problems(writer.render(document), tmp_path)]
    assert problems == []


def test_the_self_check_form_is_valid(tmp_path: Path) -> None:
    agreement = load_agreements(CONTEXTS, "yangquan", ["manufacturing"])[0].agreement
    assert _problems(compliance_docx(agreement), tmp_path) == []


def test_the_validator_reports_a_broken_file(tmp_path: Path) -> None:
    """The check can fail: a style whose tab stops follow its spacing (the 落款 style before this
    issue) is reported."""
    import zipfile

    agreement = load_agreements(CONTEXTS, "yangquan", ["manufacturing"])[0].agreement
    source = writer_for("docx").render(compose(agreement, minimum=minimum_of(agreement)))
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(broken, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/styles.xml":
                start, end = data.index(b"<w:tabs>"), data.index(b"</w:tabs>") + len(b"</w:tabs>")
                tabs, data = data[start:end], data[:start] + data[end:]
                data = data.replace(b'<w:jc w:val="left"/>', tabs + b'<w:jc w:val="left"/>', 1)
            new.writestr(info, data)
    assert any("tabs" in p for p in _problems(broken.getvalue(), tmp_path))
