"""JSON Schema of the data files, generated from the pydantic models, for editors.

`skillwage-docs schema` writes `schemas/*.schema.json`; a YAML file names its schema in its
first line (`# yaml-language-server: $schema=../../schemas/minimum-wage.schema.json`) and an
editor with a YAML language server completes and checks its keys. Descriptions are Chinese and
reuse the words of the loader's error messages, so what the editor says on hover is what the
tool says on failure. The models stay the one definition: a drift test regenerates the schemas
and compares them with the committed files.

Inheritance: an agreement file is merged onto its region.yaml (mappings key by key, lists
replaced), so either file may leave out anything the other gives. Their schemas therefore
require nothing at the top and in the mappings reached through mappings only (region,
worker_party, term …); a list item (one skill level, one occupation) is written whole.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from ..base.problems import MESSAGES as _MESSAGES
from ..base.publish import write_atomic
from .agreement import Agreement
from .loader import CUSTOM_MESSAGES as _CUSTOM
from .minimum_wage_model import ProvinceWages

__all__ = ["REGENERATE", "SCHEMA_DIR", "render_schemas", "stale_schemas", "write_schemas"]

SCHEMA_DIR = Path("schemas")
REGENERATE = "skillwage-docs schema"
DRAFT = "http://json-schema.org/draft-07/schema#"  # what YAML language servers read

# Field descriptions of the agreement models, keyed "Model.field". Kept here rather than in
# agreement.py so the models' file stays a list of fields; a field without an entry still gets
# the words of its type (money, date, file-name slug) below.
DESCRIPTIONS: Mapping[str, str] = {
    "Agreement.region": "地区的共同事实，通常写在 region.yaml",
    "Agreement.kind": (
        f"合同类型：行业性或区域性。{_CUSTOM['kind_needs_industry']}；{_CUSTOM['kind_needs_zone']}"
    ),
    "Agreement.industry": "行业（行业性合同必填），如 煤炭开采和洗选业",
    "Agreement.zone": "区域（区域性合同必填），如 阳泉高新区、盂县秀水镇",
    "Agreement.title": "合同标题；不填时由地区和行业生成",
    "Agreement.scope": "适用范围：哪些企业和技能人才",
    "Agreement.areas": "合同覆盖的县（市、区）；不填时为 region.areas。须高于其中最高一类的最低工资标准",
    "Agreement.wage_form": "形式：最低工资，或最低技能津贴（人社厅发〔2024〕51号）",
    "Agreement.base_wage": _CUSTOM["allowance_needs_base"],
    "Agreement.skill_levels": "各技能等级的最低工资，每个等级一行（技能等级重复 会报错）",
    "Agreement.categories": "分类分级：岗位类别 × 技能等级",
    "Agreement.occupations": "分工种：工种 × 技能等级",
    "Agreement.term": "合同期限（《集体合同规定》第三十八条：一般为 1 至 3 年）",
    "Agreement.signing_date": "签订日期",
    "Agreement.worker_party": "职工方",
    "Agreement.employer_party": "企业方",
    "Agreement.filing_authority": "报送审查的劳动保障行政部门",
    "Agreement.union_filing_body": "备案的工会",
    "Agreement.covered_enterprises": "覆盖企业数",
    "Agreement.covered_workers": "覆盖职工数",
    "Agreement.skilled_workers": "其中技能人才数",
    "Agreement.key_liaison_point": "是否为重点联系点（晋人社厅函〔2024〕1185号）",
    "Agreement.contact": "联系人及电话（重点联系点情况表）",
    "Agreement.filing": "报送审查、备案情况",
    "Agreement.rules": "开关可选的校验规则，如 category_floors: true",
    "Region.code": "地区代码，与 contexts 下的目录名一致",
    "Region.name": "地区名称，如 阳泉市",
    "Region.province": "省份全称，与最低工资表一致，如 山西省",
    "Region.province_code": "省份代码（拼音），即 contexts/minimum_wages/<代码>.yaml，如 shanxi",
    "Region.areas": "县（市、区），名称与最低工资表的 areas 完全一致",
    "Region.local_basis": "法律依据中引用的省、市文件",
    "Party.name": "一方的名称",
    "Party.chief_representative": "首席代表",
    "Party.representatives": "代表人数，不少于 3 人，双方相等（《集体合同规定》第十九条）",
    "Term.start": "起始日期",
    "Term.end": "终止日期",
    "LevelWage.level": "技能等级（新八级工）",
    "LevelWage.monthly": "月最低工资（元），须高于当地最低工资标准",
    "LevelWage.hourly": "非全日制小时最低工资（元/小时），须高于当地小时最低工资标准",
    "LevelWage.allowance": "最低技能津贴（元/月）",
    "LevelWage.underground": "井下岗位月最低工资（元），不含井下津贴",
    "CategoryWage.category": "岗位类别，如 基础类、重要类、关键类、核心类（人社厅发〔2025〕52号）",
    "CategoryWage.monthly": "各技能等级的月最低工资（元）",
    "OccupationWage.name": "工种名称",
    "OccupationWage.kind": "通用 或 紧缺急需",
    "OccupationWage.monthly": "各技能等级的月最低工资（元）",
    "Contact.name": "联系人",
    "Contact.phone": _CUSTOM["bad_phone"],
    "Filing.filed_on": f"报送日期；{_CUSTOM['filed_before_signing']}",
    "Filing.outcome": "审查结果：审查中、无异议、有异议",
    "Filing.note": "说明",
}
_MONEY = _CUSTOM["money_as_text"]
_DATE = _CUSTOM["date_as_number"]
_SLUG = _MESSAGES["string_pattern_mismatch"]
_UNKNOWN_KEY = _MESSAGES["extra_forbidden"]


_NUMBER_KEYS = {
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
    "ge": "minimum",
    "le": "maximum",
}
# Chinese words for each table of keys (the models' docstrings are English, for developers).
MODEL_WORDS: Mapping[str, str] = {
    "AreaClass": "一个县（市、区）属于哪一类",
    "CategoryWage": "一个岗位类别各技能等级的月最低工资",
    "Contact": "联系人及电话",
    "Exclusions": "不计入最低工资的项目（剔除项）",
    "FigureMarks": "各数字分开写的核实等级",
    "Filing": "报送审查、备案情况",
    "LevelWage": "一个技能等级的最低工资",
    "OccupationWage": "一个工种各技能等级的月最低工资",
    "Party": "协商一方",
    "Region": "地区",
    "SpecialMinimum": "按人员规定的专项最低工资",
    "Standard": "一次调整后的最低工资标准（自起始日期起执行）",
    "Term": "合同期限",
    "WageClass": "一个类别（一类、第二档，或单列的城市）的最低工资",
}


class _Generator(GenerateJsonSchema):
    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        # A figure is a YAML number; the loader refuses "2300" or "2300元" written as text.
        return {"type": "number"}


def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    raw = model.model_json_schema(by_alias=True, schema_generator=_Generator)
    converted: dict[str, Any] = _draft7(raw)
    return converted


def _draft7(node: Any) -> Any:
    """pydantic writes 2020-12 ($defs) and a money field's constraints under their Python
    names; YAML language servers read draft-07."""
    if isinstance(node, list):
        return [_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {("definitions" if k == "$defs" else k): _draft7(v) for k, v in node.items()}
    if isinstance(out.get("$ref"), str):
        out["$ref"] = out["$ref"].replace("#/$defs/", "#/definitions/")
    if out.get("type") == "number":
        out.pop("max_digits", None)
        out.pop("decimal_places", None)
        for key, target in _NUMBER_KEYS.items():
            if key in out:
                out[target] = out.pop(key)
    return out


def _lone_refs(node: Any) -> Any:
    """In draft-07 keywords beside a $ref are ignored: move the $ref into allOf so the
    description beside it is shown."""
    if isinstance(node, list):
        return [_lone_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _lone_refs(v) for k, v in node.items()}
    if "$ref" in out and len(out) > 1:
        out["allOf"] = [{"$ref": out.pop("$ref")}]
    return out


def _kinds(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") == "number":
            yield "money"
        if node.get("format") == "date":
            yield "date"
        if node.get("pattern", "").startswith("^[a-z0-9]"):
            yield "slug"
        for value in node.values():
            yield from _kinds(value)
    elif isinstance(node, list):
        for item in node:
            yield from _kinds(item)


def _describe(schema: dict[str, Any], model_names: Mapping[str, str]) -> None:
    """Chinese descriptions on every property: the field's own words, then its type's rule."""
    tables = [(schema.get("title", ""), schema)]
    tables += list(schema.get("definitions", {}).items())
    for name, table in tables:
        owner = model_names.get(name, name)
        for field, prop in table.get("properties", {}).items():
            words = [prop.get("description") or DESCRIPTIONS.get(f"{owner}.{field}", "")]
            kinds = set(_kinds(prop))
            if "money" in kinds and "应写为数字" not in words[0] and "人数" not in words[0]:
                words.append(_MONEY)
            if "date" in kinds and "YYYY-MM-DD" not in words[0]:
                words.append(_DATE)
            if "slug" in kinds:
                words.append(_SLUG)
            text = "；".join(word for word in words if word)
            if text:
                prop["description"] = text
            prop.pop("title", None)
        if table.get("additionalProperties") is False:
            what = MODEL_WORDS.get(owner, "")
            table["description"] = f"{what}。只能写下列键，其他键报“{_UNKNOWN_KEY}”".lstrip("。")


def _partial(schema: dict[str, Any], keep_region: bool) -> dict[str, Any]:
    """The schema of a file merged onto another: nothing required in mappings reached through
    mappings only. `keep_region`: region.yaml states the region block whole."""
    out = copy.deepcopy(schema)
    defs: dict[str, Any] = out.setdefault("definitions", {})
    out["properties"].pop("slug", None)  # 由文件名决定，不能在文件中填写
    out.pop("required", None)
    if keep_region:
        out["required"] = ["region"]

    def loosen(prop: dict[str, Any], skip: bool) -> None:
        refs = [prop, *prop.get("allOf", []), *prop.get("anyOf", [])]
        for holder in refs:
            ref = holder.get("$ref", "")
            if not ref.startswith("#/definitions/") or skip:
                continue
            name = ref.rsplit("/", 1)[1]
            partial = f"{name}_部分"
            if partial not in defs:
                defs[partial] = copy.deepcopy(defs[name])
                defs[partial].pop("required", None)
                for inner in defs[partial].get("properties", {}).values():
                    loosen(inner, False)
            holder["$ref"] = f"#/definitions/{partial}"

    for field, prop in out["properties"].items():
        loosen(prop, skip=keep_region and field == "region")
    return out


def render_schemas() -> dict[str, str]:
    """File name → JSON text of every schema, exactly as committed under schemas/."""
    names = {"技能人才最低工资集体合同": "Agreement", "省份最低工资标准表": "ProvinceWages"}
    agreement = _model_schema(Agreement)
    agreement["title"] = "技能人才最低工资集体合同"
    province = _model_schema(ProvinceWages)
    province["title"] = "省份最低工资标准表"
    for schema in (agreement, province):
        _describe(schema, names)
    schemas = {
        "agreement.schema.json": {
            **_partial(agreement, keep_region=False),
            "title": "合同文件 contexts/<地区>/<合同>.yaml（继承 region.yaml，可只写不同的键）",
        },
        "region.schema.json": {
            **_partial(agreement, keep_region=True),
            "title": "地区文件 contexts/<地区>/region.yaml（各合同共用的事实）",
        },
        "minimum-wage.schema.json": {
            **province,
            "title": "最低工资标准表 contexts/minimum_wages/<省份代码>.yaml",
        },
    }
    return {
        name: json.dumps(_lone_refs({"$schema": DRAFT, **schema}), ensure_ascii=False, indent=2)
        + "\n"
        for name, schema in schemas.items()
    }


def write_schemas(folder: Path = SCHEMA_DIR) -> list[tuple[str, Path]]:
    """Write every schema (atomically); returns (create/update/unchanged, path) per file."""
    folder.mkdir(parents=True, exist_ok=True)
    done: list[tuple[str, Path]] = []
    for name, text in render_schemas().items():
        path = folder / name
        action = write_atomic(path, text.encode("utf-8"))
        done.append((action.value, path))
    return done


def stale_schemas(folder: Path = SCHEMA_DIR) -> list[str]:
    """Names of committed schemas that differ from the models (or are missing)."""
    stale = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
