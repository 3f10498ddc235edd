"""The build is the only source of truth (issue 10): its records, what reads them, the public job."""

from __future__ import annotations

import json
import re
import shutil
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from skillwage_docs.base.errors import InputError
from skillwage_docs.base.lock import build_lock
from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.outputs import filing_calendar, liaison, site
from skillwage_docs.outputs.filing_calendar import format_calendar
from skillwage_docs.outputs.make import build_site
from skillwage_docs.outputs.redline import plain_text
from skillwage_docs.pipeline import jobs
from skillwage_docs.pipeline.build import build, build_in_lock
from skillwage_docs.pipeline.records import read_records

from .conftest import ROOT, only, run_output

RECORD_KEYS = [
    "agreement",
    "document",
    "figures",
    "findings",
    "key",
    "later",
    "minimum",
    "ok",
    "packet",
    "version",
    "where",
]


def _record(out: Path, key: str) -> dict[str, object]:
    region, slug = key.split("/")
    data: dict[str, object] = json.loads(
        (out / region / ".records" / f"{slug}.json").read_bytes(), parse_float=Decimal
    )
    return data


def test_a_record_holds_what_every_later_output_needs(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(contexts, out=out, regions=["yangquan"], formats=["html"], jobs=1)
    raw = _record(out, "yangquan/manufacturing")
    assert sorted(raw) == RECORD_KEYS
    assert raw["key"] == "yangquan/manufacturing" and raw["ok"] is True
    # the validated agreement, as JSON the model accepts again: no YAML is read to rebuild it
    agreement = Agreement.model_validate(raw["agreement"])
    assert agreement.slug == "manufacturing" and agreement.region.name == "阳泉市"
    levels = {row.level: row.monthly for row in agreement.skill_levels}
    assert (levels["学徒工"], levels["初级工"]) == (Decimal("2250"), Decimal("2400"))
    # the binding minimum, as validation found it (晋政办发〔2024〕58号, 一类)
    minimum = raw["minimum"]
    assert isinstance(minimum, dict)
    assert (minimum["province"], minimum["monthly"], minimum["monthly_class"]) == (
        "山西省",
        "2150",
        "一类",
    )
    assert minimum["description"].startswith("山西省一类地区（")
    assert raw["later"] == []
    # structured findings: the unconfirmed rows, by rule, with file and line
    findings = raw["findings"]
    assert isinstance(findings, list) and findings
    assert {f["severity"] for f in findings} == {"warning"}
    assert all(re.search(r"\.yaml:\d+$", f["location"]) for f in findings)
    assert "unconfirmed_minimums" in {f["rule"] for f in findings}
    assert raw["figures"]["初级工·月"] == "2400"  # type: ignore[index]
    (record,) = read_records(out, ["yangquan/manufacturing"])
    assert record.document is not None
    text = plain_text(record.document)
    assert text.startswith("阳泉市制造业技能人才最低工资集体合同\n")
    assert "第一章\u3000总则" in text
    assert record.where("key_liaison_point").startswith(str(contexts / "yangquan"))


def test_a_refused_agreement_is_recorded_with_its_findings_and_no_text(
    contexts: Path, tmp_path: Path
) -> None:
    path = contexts / "yangquan" / "hospitality.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("{level: 初级工, monthly: 2300", "{level: 初级工, monthly: 2100"), "utf-8"
    )
    out = tmp_path / "build"
    result = build(
        contexts, out=out, regions=["yangquan"], formats=["html"], keep_going=True, jobs=1
    )
    assert list(result.failed) == ["yangquan/hospitality"]
    assert not (out / "yangquan" / "hospitality.html").exists()
    (record,) = read_records(out, ["yangquan/hospitality"])
    assert not record.ok and record.document is None
    (error,) = [f for f in record.errors if f.rule == "monthly_above_minimum"]
    assert (error.figure, error.limit) == (Decimal("2100"), Decimal("2150"))
    assert error.field == "skill_levels[0].monthly"
    # the place is kept as data too, so the site and the table can point at the line
    assert error.file is not None and error.file.name == "hospitality.yaml"
    assert error.line is not None and error.location().endswith(f":{error.line}")


@pytest.mark.slow
def test_site_table_and_calendar_never_load_validate_compose_or_render(
    contexts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    build(contexts, out=out, regions=["yangquan"], blank=True, packet=False, jobs=2)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a consumer of the build did the build's work again")

    import skillwage_docs.checks.checker as checker_module
    import skillwage_docs.checks.validate as validate_module
    import skillwage_docs.formats as writers_module
    import skillwage_docs.inputs.loader as loader_module
    import skillwage_docs.inputs.minimum_wage as minimum_wage_module
    import skillwage_docs.inputs.sources as sources_module
    import skillwage_docs.text.compose as compose_module

    for module, name in [
        (validate_module, "validate"),
        (compose_module, "compose"),
        (writers_module, "writer_for"),
        (loader_module, "load_agreement"),
        (loader_module, "load_agreements"),
        (minimum_wage_module, "load_minimum_wages"),
        (sources_module, "load_agreement"),
        (checker_module, "load_minimum_wages"),
        (jobs, "Checks"),
        (jobs, "compose"),
        (jobs, "writer_for"),
    ]:
        monkeypatch.setattr(module, name, refuse)
    for consumer in (site, liaison, filing_calendar):
        for name in ("validate", "compose", "writer_for", "load_agreements", "load_minimum_wages"):
            assert not hasattr(consumer, name), (consumer.__name__, name)

    result = build_site(out, contexts=contexts, regions=["yangquan"], packet=False, jobs=1)
    assert not result.failed and len(result.entries) == 13
    assert "第一章" in (out / "site" / "yangquan" / "manufacturing.html").read_text("utf-8")
    day = date(2025, 7, 20)
    written = run_output(contexts, "yangquan", "liaison", out, today=day, packet=False).written
    assert [p.name for p in written] == ["liaison-table.docx", "liaison-table.xlsx"]
    rows = run_output(contexts, "yangquan", "calendar", out, today=day, packet=False).data["yangquan"]
    assert "| 阳泉市制造业 " in format_calendar(rows, day)


def test_the_site_holds_the_build_lock_while_it_writes(
    contexts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    refused: list[str] = []
    real = site._write_site

    def write_while_another_builds(*args: object) -> site.SiteResult:
        def other() -> None:
            try:
                build(contexts, out=out, regions=["yangquan"], formats=["html"])
            except InputError as err:
                refused.append(err.message)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(site, "_write_site", write_while_another_builds)
    only(contexts, "mining")
    build_site(out, contexts=contexts, regions=["yangquan"], formats=("html",), packet=False)
    assert len(refused) == 1 and "另一个生成任务" in refused[0]


def test_building_for_a_consumer_needs_the_lock(contexts: Path, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="build_lock"):
        build_in_lock(contexts, out=tmp_path / "build", regions=["yangquan"], formats=())
    with build_lock(tmp_path / "build"):
        result = build_in_lock(contexts, out=tmp_path / "build", regions=["yangquan"], formats=())
    assert result.rebuilt == [] and len(result.agreements) == 13
    assert len(list((tmp_path / "build" / "yangquan" / ".records").glob("*.json"))) == 13
    assert not [p for p in (tmp_path / "build" / "yangquan").iterdir() if p.is_file()]


@pytest.mark.slow
def test_identical_blank_texts_are_rendered_once_and_linked(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = build(contexts, out=out, regions=["yangquan"], formats=["html"], blank=True, jobs=1)
    # the same sector's agreement twice more, under other file names: the same blank text
    for name in ("mining-copy", "mining-copy2"):
        shutil.copy(contexts / "yangquan" / "mining.yaml", contexts / "yangquan" / f"{name}.yaml")
    second = build(
        contexts, out=out, regions=["yangquan"], formats=["html"], blank=True, force=True, jobs=1
    )
    assert second.blank_texts == first.blank_texts  # no new distinct text
    assert second.blanks_rendered == second.blank_texts  # each rendered once
    folder = out / "yangquan"
    copies = [folder / f"{name}.blank.html" for name in ("mining", "mining-copy", "mining-copy2")]
    assert len({path.stat().st_ino for path in copies}) == 1
    assert copies[0].read_bytes() == copies[2].read_bytes()
    assert "mining-copy" not in copies[0].read_text(encoding="utf-8")


def _scaling_out_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Scaling out") :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README: Scaling out shows no Python"
    return match.group(1)


@pytest.mark.slow
def test_the_public_job_runs_in_a_pool_exactly_as_the_readme_shows(
    contexts: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(contexts.parent)  # the example's relative paths: contexts/, staging/
    exec(compile(_scaling_out_example(), "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 13
    assert "yangquan/manufacturing ['blank.html', 'html', 'record']" in lines
    staged = contexts.parent / "staging" / "yangquan"
    assert (staged / "manufacturing.html").is_file()
    assert (staged / ".records" / "manufacturing.json").is_file()
