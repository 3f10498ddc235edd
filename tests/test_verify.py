"""The rendered-output check: a wrong figure in any format is caught before publishing."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillwage_docs.base.errors import ValidationFailed
from skillwage_docs.formats import writer_for
from skillwage_docs.formats.verify import check_figures
from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.pipeline.build import build
from skillwage_docs.text.document import Document

from .conftest import compose_for


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_correct_output_passes(
    fmt: str, manufacturing: Agreement, manufacturing_document: Document
) -> None:
    data = writer_for(fmt).render(manufacturing_document)
    assert check_figures(manufacturing, fmt, data) == []


def test_wrong_digit_in_the_schedule_is_caught(
    manufacturing: Agreement, manufacturing_document: Document
) -> None:
    page = writer_for("html").render(manufacturing_document)
    tampered = page.replace(b"<td>2400</td>", b"<td>2040</td>", 1)
    assert tampered != page
    problems = check_figures(manufacturing, "html", tampered)
    assert any("初级工" in p and "2400" in p for p in problems)


def test_uppercase_that_does_not_match_any_figure_is_caught(
    manufacturing: Agreement, manufacturing_document: Document
) -> None:
    page = writer_for("html").render(manufacturing_document)
    tampered = page.replace("贰仟肆佰元整".encode(), "贰仟壹佰元整".encode(), 1)
    problems = check_figures(manufacturing, "html", tampered)
    assert any("贰仟壹佰元整" in p and "2100" in p for p in problems)
    assert any("2400贰仟肆佰元整" in p for p in problems)


def test_a_layout_that_drops_a_figure_fails_the_build(
    contexts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer bug (here: the hourly column lost) stops the build; nothing is written."""
    from skillwage_docs.formats.html import HtmlWriter

    real = HtmlWriter.render

    def buggy(self: HtmlWriter, document: Document) -> bytes:
        return real(self, document).replace(b"<td>25</td>", b"<td></td>")

    monkeypatch.setattr(HtmlWriter, "render", buggy)
    out = tmp_path / "build"
    with pytest.raises(ValidationFailed) as caught:
        build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"], jobs=1)
    assert any("输出校验失败" in line and "25" in line for line in caught.value.details)
    assert not (out / "yangquan").exists()
    # and --no-verify lets a deliberate override through
    result = build(
        contexts,
        packet=False,
        out=out,
        regions=["yangquan"],
        formats=["html"],
        jobs=1,
        verify=False,
    )
    assert len(result.rebuilt) == len(load_agreements(contexts, "yangquan"))


def test_blank_texts_build_and_carry_no_figures(contexts: Path, tmp_path: Path) -> None:
    from skillwage_docs.formats.verify import check_blank

    out = tmp_path / "build"
    result = build(
        contexts, packet=False, out=out, regions=["yangquan"], formats=["html"], blank=True, jobs=1
    )
    assert "yangquan/mining.blank.html" in result.rebuilt
    mining = next(
        x.agreement for x in load_agreements(contexts, "yangquan") if x.agreement.slug == "mining"
    )
    page = writer_for("html").render(compose_for(mining, blank=True))
    assert check_blank(mining, "html", page) == []
    leaked = page.replace("大写金额".encode(), "大写金额 2600".encode(), 1)
    assert any("2600" in p for p in check_blank(mining, "html", leaked))
