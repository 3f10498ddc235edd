"""Issue 24 points 2 and 3: the checks are loaded once (`Checks`), and the rules read the
documents the build composed — the contract and every paper — composed once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from skillwage_docs.base.errors import InputError
from skillwage_docs.checks.checker import Checks
from skillwage_docs.checks.validate import validate
from skillwage_docs.inputs.loader import LoadedAgreement
from skillwage_docs.inputs.sources import find_sources
from skillwage_docs.pipeline import jobs
from skillwage_docs.pipeline.jobs import RenderJob, render_job
from skillwage_docs.text.document import Document, Paragraph, Span
from skillwage_docs.text.kinds import CONTRACT, PACKET

from .conftest import CONTEXTS, MINIMUM_WAGES


def test_checks_give_the_same_report_as_validate(yangquan: list[LoadedAgreement]) -> None:
    checks = Checks.load(CONTEXTS)
    ours = checks.validate(yangquan)
    theirs = validate(yangquan, MINIMUM_WAGES, hooks=list(checks.hooks), config=checks.config)
    assert [f.render() for f in ours.findings] == [f.render() for f in theirs.findings]
    assert ours.checked == [item.agreement.slug for item in yangquan]
    # the later minimums are looked up once, with the binding one, for rules and record alike
    assert set(ours.later) == set(ours.standards) == set(ours.checked)


def test_the_digest_follows_strict_and_nothing_else() -> None:
    plain, strict = Checks.load(CONTEXTS), Checks.load(CONTEXTS, strict=True)
    assert plain.digest == Checks.load(CONTEXTS).digest
    assert plain.digest != strict.digest


def test_a_table_that_cannot_answer_is_an_input_error(
    yangquan: list[LoadedAgreement],
) -> None:
    first = yangquan[0]
    term = first.agreement.term.model_copy(update={"start": date(1999, 1, 1)})
    early = first.agreement.model_copy(update={"term": term})
    with pytest.raises(InputError) as caught:
        Checks.load(CONTEXTS).contexts_of([replace(first, agreement=early)])
    assert caught.value.findings[0].field == "term.start"


def _citing(number: str) -> Document:
    return Document(
        title="协商情况通报",
        preamble=(Paragraph((Span(f"依照{number}，通报如下。"),)),),
        chapters=(),
        signature=(),
    )


def test_the_citation_rule_reads_every_composed_paper(yangquan: list[LoadedAgreement]) -> None:
    """A paper of the packet is checked like the contract: a number cited there that was
    issued after the signing date (人社厅发〔2025〕52号, dated 2025-11-05) is an error."""
    checks = Checks.load(CONTEXTS)
    loaded = next(item for item in yangquan if item.agreement.signing_date < date(2025, 11, 5))
    (ctx,) = checks.contexts_of([loaded])
    contract = ctx.texts()[CONTRACT]
    clean = checks.check([replace(ctx, documents={CONTRACT: contract})])
    assert not [f for f in clean.findings if f.rule == "cited_documents" and f.is_error]
    papers = {CONTRACT: contract, PACKET[0].name: _citing("人社厅发〔2025〕52号")}
    report = checks.check([replace(ctx, documents=papers)])
    (error,) = [f for f in report.errors if f.rule == "cited_documents"]
    assert "人社厅发〔2025〕52号" in error.message and "尚未印发" in error.message


def test_a_build_job_composes_each_filled_document_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, bool]] = []
    real = jobs.compose

    def counting(agreement, *, minimum, blank=False, kind=CONTRACT, template=None):  # type: ignore[no-untyped-def]
        calls.append((kind, blank))
        return real(agreement, minimum=minimum, blank=blank, kind=kind, template=template)

    def refuse(*args: object, **kwargs: object) -> Document:
        raise AssertionError("a rule composed the text again")

    monkeypatch.setattr(jobs, "compose", counting)
    monkeypatch.setattr("skillwage_docs.checks.rule_context.compose", refuse)
    (source,) = [s for s in find_sources(CONTEXTS, ["yangquan"]) if s.slug == "mining"]
    job = RenderJob(source, targets=(), staging=tmp_path, contexts=CONTEXTS)
    outcome = render_job(job)
    assert not outcome.errors and not outcome.problems, outcome
    assert sorted(calls) == sorted([(CONTRACT, False), *((k.name, False) for k in PACKET)])
