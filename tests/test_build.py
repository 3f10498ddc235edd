"""Incremental, parallel, atomic builds with a change report."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from skillwage_docs.base.errors import RenderError, ValidationFailed
from skillwage_docs.outputs.what_if import what_if
from skillwage_docs.pipeline import jobs as jobs_module
from skillwage_docs.pipeline.build import build
from skillwage_docs.pipeline.manifest import MANIFEST, Manifest


def _count(contexts: Path, region: str = "yangquan") -> int:
    return len([p for p in (contexts / region).glob("*.yaml") if p.name != "region.yaml"])


def _snapshot(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in ("REPORT.md", "report.json")
    }


@pytest.fixture
def pudong(contexts: Path) -> Path:
    """A second region in another province (上海), to prove a province change stays local."""
    folder = contexts / "pudong"
    folder.mkdir()
    region = (contexts / "yangquan" / "region.yaml").read_text(encoding="utf-8")
    region = region.replace("code: yangquan", "code: pudong").replace(
        "name: 阳泉市", "name: 浦东新区"
    )
    region = region.replace("province: 山西省", "province: 上海市")
    region = region.replace("province_code: shanxi", "province_code: shanghai")
    region = region.replace("[阳泉市城区, 阳泉市矿区, 阳泉市郊区, 平定县, 盂县]", "[浦东新区]")
    # a 上海 text cites no 山西 document (issue 20 point 11): no local basis until registered
    region = (
        region.split("  local_basis:")[0]
        + "filing_authority:"
        + region.split("filing_authority:")[1]
    )
    (folder / "region.yaml").write_text(region, encoding="utf-8")
    mining = (contexts / "yangquan" / "mining.yaml").read_text(encoding="utf-8")
    mining = mining.split("\ncarve_outs:")[0] + "\n"  # yangquan's coal contract is not here
    # 上海 2025-07-01: 2740 元/月, 25 元/小时 — lift every figure clear of it
    for old, new in (("2600", "2800"), ("2900", "3100"), ("3300", "3500")):
        mining = mining.replace(f"monthly: {old}", f"monthly: {new}")
    (folder / "mining.yaml").write_text(mining, encoding="utf-8")
    return folder


def test_second_build_renders_nothing(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    assert len(first.rebuilt) == _count(contexts) and not first.skipped
    before = _snapshot(out)
    second = build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    assert second.rebuilt == [] and len(second.skipped) == _count(contexts)
    assert _snapshot(out) == before
    assert "重新生成：0 个文件" in (out / "REPORT.md").read_text(encoding="utf-8")


def test_one_context_change_rebuilds_one_agreement_and_reports_figures(
    contexts: Path, edit: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "build"
    build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html", "pdf"])
    edit("yangquan/mining.yaml", "{level: 初级工, monthly: 2600", "{level: 初级工, monthly: 2650")
    result = build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html", "pdf"])
    assert sorted(result.rebuilt) == ["yangquan/mining.html", "yangquan/mining.pdf"]
    assert result.changes == {"yangquan/mining": [("初级工·月", "2600", "2650")]}
    report = (out / "REPORT.md").read_text(encoding="utf-8")
    assert "| yangquan/mining | 初级工·月 | 2600 | 2650 |" in report
    assert json.loads((out / "report.json").read_text())["changes"]["yangquan/mining"][0] == {
        "figure": "初级工·月",
        "old": "2600",
        "new": "2650",
    }


def test_region_file_change_rebuilds_the_region(
    contexts: Path, edit: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "build"
    build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    edit(
        "yangquan/region.yaml",
        "union_filing_body: 阳泉市总工会",
        "union_filing_body: 阳泉市总工会办公室",
    )
    result = build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    assert len(result.rebuilt) == _count(contexts)
    # the new region text is used, not a cached parse of the old file
    assert "阳泉市总工会办公室" in (out / "yangquan" / "mining.html").read_text(encoding="utf-8")


def test_minimum_wage_change_rebuilds_that_province_only(
    contexts: Path, pudong: Path, edit: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "build"
    first = build(contexts, packet=False, out=out, formats=["html"])
    assert "pudong/mining.html" in first.rebuilt
    edit("minimum_wages/shanghai.yaml", "# ", "# 修订：")
    result = build(contexts, packet=False, out=out, formats=["html"])
    assert result.rebuilt == ["pudong/mining.html"]
    assert len(result.skipped) == _count(contexts)


def test_minimum_wage_rise_fails_before_writing(
    contexts: Path, edit: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "build"
    build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    before = _snapshot(out)
    edit(
        "minimum_wages/shanxi.yaml",
        "{name: 一类, monthly: 2150, hourly: 23.2, full_time_hourly: 12.4",
        "{name: 一类, monthly: 2350, hourly: 23.2, full_time_hourly: 13.5",
    )
    with pytest.raises(ValidationFailed) as caught:
        build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    assert any("2300" in line and "2350" in line for line in caught.value.details)
    assert _snapshot(out) == before


def test_keep_going_builds_the_rest_and_reports_failures(
    contexts: Path, edit: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "build"
    edit(
        "yangquan/hospitality.yaml",
        "{level: 初级工, monthly: 2300",
        "{level: 初级工, monthly: 2100",
    )
    result = build(
        contexts, packet=False, out=out, regions=["yangquan"], formats=["html"], keep_going=True
    )
    assert list(result.failed) == ["yangquan/hospitality"]
    assert "yangquan/hospitality.html" not in result.rebuilt
    assert len(result.rebuilt) == _count(contexts) - 1
    assert "hospitality.yaml:" in (out / "REPORT.md").read_text(encoding="utf-8")


def test_render_failure_mid_build_leaves_everything_as_it_was(
    contexts: Path, edit: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    before = _snapshot(out)
    for name in ("mining", "construction", "hospitality"):
        edit(f"yangquan/{name}.yaml", "scope: ", "scope: 修订后，")
    real = jobs_module.render_job
    calls = {"n": 0}

    def flaky(job: jobs_module.RenderJob) -> jobs_module.JobOutcome:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RenderError("模拟引擎故障")
        return real(job)

    monkeypatch.setattr(jobs_module, "render_job", flaky)
    with pytest.raises(RenderError):
        build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"], jobs=1)
    assert _snapshot(out) == before  # outputs and manifest untouched
    assert not list(out.glob(".staging-*"))


def test_manifest_matches_files(contexts: Path, tmp_path: Path) -> None:
    import hashlib

    out = tmp_path / "build"
    build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html", "docx"])
    manifest = Manifest.load(out)
    assert len(manifest.agreements) == _count(contexts)
    for key, entry in manifest.agreements.items():
        region, slug = key.split("/")
        assert sorted(entry.targets) == ["docx", "html", "record"]
        for suffix, target in entry.targets.items():
            path = (
                out
                / region
                / (f".records/{slug}.json" if suffix == "record" else f"{slug}.{suffix}")
            )
            assert hashlib.sha256(path.read_bytes()).hexdigest() == target.sha256
    (out / MANIFEST).write_text("{broken", encoding="utf-8")
    rebuilt = build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"]).rebuilt
    assert len(rebuilt) == _count(contexts)


def test_deleted_output_is_rebuilt(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    (out / "yangquan" / "mining.html").unlink()
    assert build(
        contexts, packet=False, out=out, regions=["yangquan"], formats=["html"]
    ).rebuilt == ["yangquan/mining.html"]


@pytest.mark.slow
def test_parallel_output_is_byte_identical_to_serial(contexts: Path, tmp_path: Path) -> None:
    # More agreements than POOL_THRESHOLD, so the pool path is taken.
    for index in range(3):
        shutil.copy(
            contexts / "yangquan" / "mining.yaml", contexts / "yangquan" / f"extra{index}.yaml"
        )
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(contexts, packet=False, out=serial, regions=["yangquan"], jobs=1)
    result = build(contexts, packet=False, out=parallel, regions=["yangquan"], jobs=2)
    assert len(result.rebuilt) == 3 * _count(contexts)
    ours = _snapshot(parallel)
    assert ours.keys() == _snapshot(serial).keys()
    for name, data in _snapshot(serial).items():
        if name != MANIFEST:
            assert ours[name] == data, name


def test_what_if_names_agreements_a_new_minimum_would_break(contexts: Path, tmp_path: Path) -> None:
    proposed = tmp_path / "shanxi-2027.yaml"
    text = (contexts / "minimum_wages" / "shanxi.yaml").read_text(encoding="utf-8")
    proposed.write_text(
        text.replace(
            "{name: 一类, monthly: 2150, hourly: 23.2, full_time_hourly: 12.4",
            "{name: 一类, monthly: 2420, hourly: 23.2, full_time_hourly: 13.9",
        ),
        encoding="utf-8",
    )
    result = what_if(contexts, proposed)
    # 2300/2400 entry figures fall at or below 2420; mining and construction clear it
    assert "yangquan/hospitality" in result.non_compliant
    assert "yangquan/manufacturing" in result.non_compliant
    assert "yangquan/mining" in result.compliant
    assert len(result.warnings) == len(set(result.warnings))


def test_what_if_counts_a_standard_that_overtakes_figures_during_the_term(
    contexts: Path, tmp_path: Path
) -> None:
    """A new standard from 2026-07-01 leaves every start-date check green; what-if must still
    name the agreements it overtakes mid-term (a warning in an ordinary validate)."""
    text = (contexts / "minimum_wages" / "shanxi.yaml").read_text(encoding="utf-8")
    block = text[text.index("  - effective: 2025-01-01") :]
    later = (
        block.replace("effective: 2025-01-01", "effective: 2026-07-01")
        .replace("verified_through: 2025-05-29", "verified_through: 2026-07-01")
        .replace(
            "monthly: 2150, hourly: 23.2, full_time_hourly: 12.4", "monthly: 2450, hourly: 26.5"
        )
    )
    proposed = tmp_path / "shanxi-2026.yaml"
    proposed.write_text(text.rstrip("\n") + "\n" + later, encoding="utf-8")
    result = what_if(contexts, proposed)
    reasons = result.non_compliant["yangquan/manufacturing"]
    assert any("2026-07-01" in line for line in reasons), reasons


def test_what_if_for_a_province_no_agreement_uses_is_an_error(
    contexts: Path, tmp_path: Path
) -> None:
    from skillwage_docs.base.errors import InputError

    with pytest.raises(InputError, match="没有合同适用"):
        what_if(contexts, contexts / "minimum_wages" / "shanghai.yaml")


def test_fresh_outputs_are_validated_again_when_the_rules_change(
    contexts: Path, tmp_path: Path
) -> None:
    out = tmp_path / "build"
    first = build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    assert first.warnings  # the unconfirmed Shanxi rows
    again = build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"])
    assert again.rebuilt == [] and set(again.warnings) == set(first.warnings)
    before = _snapshot(out)
    # --strict turns those warnings into errors: fresh files must not hide that
    with pytest.raises(ValidationFailed):
        build(contexts, packet=False, out=out, regions=["yangquan"], formats=["html"], strict=True)
    assert _snapshot(out) == before


def test_a_changed_carve_out_target_revalidates_the_agreement_that_names_it(
    contexts: Path, tmp_path: Path
) -> None:
    """mining hands its coal enterprises to coal.yaml while coal's figures are not lower
    (issue 20 point 4): when coal's figures fall below mining's, mining's record must be
    validated again though mining.yaml itself did not change."""
    from skillwage_docs.pipeline.records import read_records

    out = tmp_path / "build"
    first = build(contexts, out=out, regions=["yangquan"], formats=(), keep_going=True)
    records_before = _record_inputs(out)
    (before,) = read_records(out, ["yangquan/mining"])
    assert not [f for f in before.findings if f.rule == "carve_outs"]
    coal = contexts / "yangquan" / "coal.yaml"
    coal.write_text(
        coal.read_text(encoding="utf-8").replace("monthly: 2700,", "monthly: 2550,"), "utf-8"
    )
    again = build(contexts, out=out, regions=["yangquan"], formats=(), keep_going=True)
    assert first.agreements == again.agreements
    (after,) = read_records(out, ["yangquan/mining"])
    (finding,) = [f for f in after.findings if f.rule == "carve_outs"]
    assert "2550" in finding.message and finding.file is not None
    assert finding.file.name == "mining.yaml"
    # an agreement without carve-outs is not planned again for another's edit
    records_after = _record_inputs(out)
    changed = {key for key in records_after if records_after[key] != records_before[key]}
    assert changed == {"yangquan/coal", "yangquan/mining"}


def _record_inputs(out: Path) -> dict[str, str]:
    manifest = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))
    return {key: item["targets"]["record"][0] for key, item in manifest["agreements"].items()}
