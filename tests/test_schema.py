"""JSON Schema of the data files: generated from the models, committed under schemas/, and
true to the real files (an editor that checks a context against it agrees with the loader)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from skillwage_docs.app.cli import cli
from skillwage_docs.base.yamlsource import load_yaml
from skillwage_docs.inputs.schema import render_schemas, stale_schemas

from .conftest import CONTEXTS, ROOT

SCHEMAS = ROOT / "schemas"
NAMES = ["agreement.schema.json", "region.schema.json", "minimum-wage.schema.json"]
MODELINE = "# yaml-language-server: $schema=../../schemas/minimum-wage.schema.json"


def test_committed_schemas_match_the_models() -> None:
    stale = stale_schemas(SCHEMAS)
    assert stale == [], (
        f"schemas/ 与数据模型不一致：{'、'.join(stale)}；请运行 `skillwage-docs schema`"
        "（或 .venv/bin/skillwage-docs schema）重新生成并提交"
    )


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return data


def _plain(node: Any) -> Any:
    """YAML as an editor's language server sees it (YAML 1.2: a date is a string)."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return node.isoformat() if isinstance(node, date) else node


def _errors(name: str, data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(_schema(name))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_plain(data))]


def _load(path: Path) -> Any:
    # The project's loader, as editors read YAML 1.2: `on:` (procedure dates) is a key, where
    # PyYAML's YAML 1.1 reading would make it the boolean True.
    return load_yaml(path).data


@pytest.mark.parametrize("path", sorted((CONTEXTS / "minimum_wages").glob("*.yaml")), ids=str)
def test_every_minimum_wage_file_fits_its_schema_and_names_it(path: Path) -> None:
    assert _errors("minimum-wage.schema.json", _load(path)) == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE
    assert (path.parent / first.split("$schema=")[1]).resolve() == SCHEMAS / NAMES[2]


def test_region_and_agreement_files_fit_their_schemas() -> None:
    folder = CONTEXTS / "yangquan"
    assert _errors("region.schema.json", _load(folder / "region.yaml")) == []
    agreements = [p for p in sorted(folder.glob("*.yaml")) if p.name != "region.yaml"]
    assert len(agreements) >= 5
    for path in agreements:
        # an agreement file leaves out what region.yaml gives (region, parties, authorities)
        assert "region" not in _load(path)
        assert _errors("agreement.schema.json", _load(path)) == [], path


@pytest.mark.parametrize("path", sorted((CONTEXTS / "yangquan").glob("*.yaml")), ids=str)
def test_every_context_file_names_its_schema(path: Path) -> None:
    """Issue 11: editors complete and check keys. The modeline is the file's last line: the
    YAML language server reads it from any comment, and at the end it moves no line that an
    error message (file:line) or a test points at."""
    schema = "region.schema.json" if path.name == "region.yaml" else "agreement.schema.json"
    last = path.read_text(encoding="utf-8").splitlines()[-1]
    assert last == f"# yaml-language-server: $schema=../../schemas/{schema}"
    assert (path.parent / last.split("$schema=")[1]).resolve() == SCHEMAS / schema


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("agreement.schema.json", {"kind": "行业性", "indusrty": "x"}, "'indusrty' was unexpected"),
        ("agreement.schema.json", {"slug": "x"}, "'slug' was unexpected"),
        ("agreement.schema.json", {"base_wage": "2300元"}, "is not valid under any"),
        # a partial mapping is fine in an agreement file, a partial list item is not
        ("agreement.schema.json", {"skill_levels": [{"monthly": 2300}]}, "'level' is a required"),
        ("region.schema.json", {"filing_authority": "x"}, "'region' is a required property"),
        ("region.schema.json", {"region": {"code": "x"}}, "'name' is a required property"),
        (
            "minimum-wage.schema.json",
            {
                "province": "山西省",
                "province_code": "shanxi",
                "standards": [
                    {
                        "effective": "2025-01-01",
                        "effective_mark": "V",
                        "classes": [{"name": "一类", "monthly": 2150, "hourly": 23.2, "mark": "X"}],
                    }
                ],
            },
            "is not valid under any of the given schemas",
        ),
    ],
)
def test_the_schemas_refuse_what_the_loader_refuses(name: str, data: Any, expected: str) -> None:
    errors = _errors(name, data)
    assert any(expected in line for line in errors), errors


def test_an_agreement_file_may_override_part_of_a_mapping() -> None:
    assert (
        _errors(
            "agreement.schema.json", {"region": {"areas": ["盂县"]}, "term": {"end": "2027-06-30"}}
        )
        == []
    )


def test_descriptions_are_chinese_in_the_words_of_the_error_messages() -> None:
    agreement = _schema("agreement.schema.json")
    props = agreement["properties"]
    assert "行业性合同须填写 industry（行业）" in props["kind"]["description"]
    assert "金额应写为数字（如 2300），不要写成文本或带单位" in props["base_wage"]["description"]
    assert "应为日期，格式 YYYY-MM-DD" in props["signing_date"]["description"]
    wages = _schema("minimum-wage.schema.json")["definitions"]
    monthly = wages["WageClass"]["properties"]["monthly"]["description"]
    assert '未查到写 null 并标 "?"' in monthly
    assert "未知字段（拼写错误？）" in wages["Standard"]["description"]


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "schemas"
    result = runner.invoke(cli, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert runner.invoke(cli, ["schema", "--out", str(out), "--check"]).exit_code == 0
    (out / NAMES[0]).write_text("{}\n", encoding="utf-8")
    result = runner.invoke(cli, ["schema", "--out", str(out), "--check"])
    assert result.exit_code == 1
    assert "agreement.schema.json: 与数据模型不一致；请运行 skillwage-docs schema" in result.output
    assert render_schemas()[NAMES[0]] != "{}\n"
