"""Loading contexts: inheritance, typing, and errors that name file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from skillwage_docs.base.errors import InputError
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.inputs.terms import SkillLevel

NATIONAL_FIVE = {"制造业", "建筑业", "采矿业", "住宿和餐饮业", "家政服务业"}


def test_yangquan_ships_the_five_industries_of_the_national_notice(yangquan: list) -> None:
    # 人社厅发〔2024〕51号 names these five sectors first.
    assert {item.agreement.industry for item in yangquan} >= NATIONAL_FIVE


def test_industry_inherits_region_and_overrides(yangquan: list) -> None:
    mining = next(x for x in yangquan if x.agreement.slug == "mining")
    assert mining.agreement.region.name == "阳泉市"
    assert mining.agreement.filing_authority == "阳泉市人力资源和社会保障局"  # inherited
    assert mining.agreement.worker_party.name == "阳泉市采矿业工会联合会"  # overridden
    assert mining.where("filing_authority").startswith("contexts/yangquan/region.yaml:")
    assert mining.where("worker_party", "name").startswith("contexts/yangquan/mining.yaml:")


def test_figures_are_decimals_in_level_order(yangquan: list) -> None:
    for item in yangquan:
        levels = item.agreement.levels_sorted()
        assert all(isinstance(row.monthly, Decimal) for row in levels)
        assert [row.level.rank for row in levels] == sorted(row.level.rank for row in levels)
    assert SkillLevel.学徒工.rank < SkillLevel.首席技师.rank


def _error(contexts: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_agreements(contexts, "yangquan")
    return "\n".join(caught.value.lines())


@pytest.mark.parametrize(
    ("old", "new", "expected", "on_line"),
    [
        (
            "monthly: 2600,",
            'monthly: "2,600元",',
            "skill_levels[0].monthly: 金额应写为数字",
            "2,600元",
        ),
        ("monthly: 2600,", "monthly: -5,", "skill_levels[0].monthly: 必须大于 0", "-5"),
        ("signing_date: 2025-06-18", "signing_date: 18/06/2025", "signing_date: 应为日期", "18/06"),
        ("kind: 行业性", "kind: 行业\n", "kind: 取值无效", "kind: 行业"),
        (
            "  representatives: 7\nemployer",
            "  representatives: 7\n  represntative: 1\nemployer",
            "worker_party.represntative: 未知字段",
            "represntative: 1",
        ),
        (
            "{level: 中级工, monthly: 2900",
            "{level: 初级工, monthly: 2900",
            "技能等级重复",
            "skill_levels:",
        ),
        ("{level: 中级工,", "{level: 中级, ", "skill_levels[1].level: 取值无效", "中级, "),
    ],
)
def test_bad_input_names_file_line_and_field(
    contexts: Path, edit: Callable[..., Path], old: str, new: str, expected: str, on_line: str
) -> None:
    path = edit("yangquan/mining.yaml", old, new)
    message = _error(contexts)
    assert expected in message
    # the line named is the line holding the bad value
    line = int(message.split("mining.yaml:")[1].split(":")[0])
    assert on_line in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_missing_field_is_reported(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("yangquan/mining.yaml", "signing_date: 2025-06-18\n", "")
    assert "mining.yaml:" in (message := _error(contexts))
    assert "signing_date: 缺少必填字段" in message


def test_malformed_yaml_and_duplicate_keys(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("yangquan/mining.yaml", "kind: 行业性", "kind: [行业性")
    assert "YAML 格式错误" in _error(contexts)
    edit("yangquan/mining.yaml", "kind: [行业性", "kind: 行业性\nkind: 区域性")
    message = _error(contexts)
    assert "mining.yaml:5: kind: 键重复" in message


def test_python_tags_are_refused(contexts: Path, edit: Callable[..., Path]) -> None:
    # Context files are data: a tag that would build a Python object must not load.
    edit("yangquan/mining.yaml", "industry: 采矿业", "industry: !!python/object/apply:os.getcwd []")
    assert "mining.yaml:" in _error(contexts)


def test_all_errors_of_a_region_are_collected(contexts: Path, edit: Callable[..., Path]) -> None:
    edit("yangquan/mining.yaml", "signing_date: 2025-06-18", "signing_date: soon")
    edit("yangquan/construction.yaml", "kind: 行业性", "kind: 其他")
    message = _error(contexts)
    assert "mining.yaml" in message and "construction.yaml" in message


def test_unknown_region_and_unsafe_names(contexts: Path) -> None:
    with pytest.raises(InputError, match="找不到地区"):
        load_agreements(contexts, "atlantis")
    for name in ("../etc", "/abs", "a\0b", "Yang Quan"):
        with pytest.raises(InputError, match="无效"):
            load_agreements(contexts, name)


def test_agreement_file_name_must_be_a_slug(contexts: Path) -> None:
    (contexts / "yangquan" / "Bad Name.yaml").write_text("kind: 行业性\n", encoding="utf-8")
    assert "文件名只能用小写英文字母" in _error(contexts)
