"""Shared fixtures: a copy of the real contexts per test, so tests may edit YAML freely."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from skillwage_docs.checks.validate import binding_minimum
from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.inputs.loader import LoadedAgreement, load_agreements
from skillwage_docs.inputs.minimum_wage import Applicable, load_minimum_wages
from skillwage_docs.outputs.make import make
from skillwage_docs.outputs.publication import OutputResult
from skillwage_docs.pipeline.records import AgreementRecord, read_records
from skillwage_docs.text.compose import compose, render_clauses
from skillwage_docs.text.document import Document

from . import summary

ROOT = Path(__file__).resolve().parent.parent
_STARTED = time.perf_counter()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A whole-suite run records its counts and duration for the README (tests/summary.py)."""
    if summary.whole_suite(session.config) and session.testscollected:
        summary.record_run(session, time.perf_counter() - _STARTED)
CONTEXTS = ROOT / "contexts"
MINIMUM_WAGES = load_minimum_wages(CONTEXTS / "minimum_wages")


def minimum_of(agreement: Agreement) -> Applicable:
    """The legal minimum binding an agreement of the real contexts (its text describes it)."""
    return binding_minimum(agreement, MINIMUM_WAGES)


def compose_for(agreement: Agreement, *, blank: bool = False) -> Document:
    """compose() under the minimum that binds the agreement, as a build calls it."""
    return compose(agreement, minimum=minimum_of(agreement), blank=blank)


def render_for(agreement: Agreement, *, blank: bool = False) -> str:
    return render_clauses(agreement, minimum=minimum_of(agreement), blank=blank)


def records_of(contexts: Path, out: Path, region: str = "yangquan") -> list[AgreementRecord]:
    """A region's records as the site, liaison table and calendar read them (built first: the
    records only, validated and composed, no file rendered)."""
    made = make(contexts, out=out, regions=[region], outputs=(), formats=(), keep_going=True)
    return list(read_records(out, made.build.agreements))


def only(contexts: Path, *slugs: str) -> Path:
    """The copied contexts with only `slugs` left in yangquan: a build or a site covers a
    whole region, and most tests need one or two of its agreements, not thirteen."""
    for path in (contexts / "yangquan").glob("*.yaml"):
        if path.stem != "region" and path.stem not in slugs:
            path.unlink()
    return contexts


def run_output(
    contexts: Path, region: str, name: str, out: Path, *, today: date | None = None, **options: Any
) -> OutputResult:
    """One output over a region's records, as its command runs it (records built first)."""
    made = make(
        contexts,
        out=out,
        regions=[region],
        outputs=(name,),
        formats=(),
        keep_going=True,
        today=today,
        **options,
    )
    return made.output(name)


@pytest.fixture(scope="session")
def yangquan_records(tmp_path_factory: pytest.TempPathFactory) -> list[AgreementRecord]:
    """The records of the real contexts' 阳泉 agreements."""
    return records_of(CONTEXTS, tmp_path_factory.mktemp("records"))


@pytest.fixture
def contexts(tmp_path: Path) -> Path:
    """A private copy of contexts/ (all regions and minimum-wage tables)."""
    target = tmp_path / "contexts"
    shutil.copytree(CONTEXTS, target)
    return target


@pytest.fixture
def edit(contexts: Path) -> Callable[[str, str, str], Path]:
    """Replace text in a context file: edit("yangquan/mining.yaml", old, new)."""

    def _edit(relative: str, old: str, new: str) -> Path:
        path = contexts / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return _edit


@pytest.fixture(scope="session")
def yangquan() -> list[LoadedAgreement]:
    return load_agreements(CONTEXTS, "yangquan")


@pytest.fixture(scope="session")
def manufacturing(yangquan: list[LoadedAgreement]) -> Agreement:
    return next(x.agreement for x in yangquan if x.agreement.slug == "manufacturing")


@pytest.fixture(scope="session")
def manufacturing_document(manufacturing: Agreement) -> Document:
    return compose_for(manufacturing)
