"""The register of a region's contracts and of those that overlap (issue 21 point 14): for the
人社局 reviewer and the county 指导员, each contract's scope, carve-outs, term and state on the
day, and for each pair that can bind the same worker, why, where, and which figure applies by
就高 level by level. Markdown (the build writes `register.md`, the site renders it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ...base.figures import cn_date, yuan
from ...inputs.procedure import timeline
from ...pipeline.records import AgreementRecord
from ...text.document import EXAMPLE_MARK
from ..filing_calendar import short_name
from ..prose import table_cell
from .overlap import Overlap, overlaps

__all__ = ["REGISTER_FILE", "register_markdown"]

REGISTER_FILE = "register.md"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(table_cell(cell) for cell in cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [_row(header), "|" + "---|" * len(header), *(_row(row) for row in rows)]


def _contracts(records: Sequence[AgreementRecord], today: date) -> list[str]:
    rows = []
    for record in records:
        a = record.agreement
        carve = "；".join(f"{c.part}（《{c.title}》）" for c in a.carve_outs) or "—"
        term = f"{cn_date(a.term.start)}至{cn_date(a.term.end)}"
        state = timeline(a).state(today).value
        rows.append((short_name(a), a.kind, "、".join(a.covered_areas), carve, term, state))
    return _table(
        ("合同", "类型", "适用地域", "划出的部分", "期限", f"{today.isoformat()}状态"), rows
    )


def _pair(number: int, pair: Overlap) -> list[str]:
    a, b = pair.first, pair.second
    lines = [
        f"### {number}. {short_name(a)} 与 {short_name(b)}",
        "",
        f"重叠：{pair.basis}；地域：{'、'.join(pair.areas)}。"
        + (f"{pair.carve_out}。" if pair.carve_out else "两份合同同时适用，逐项比较、就高执行。"),
        "",
    ]
    rows = []
    for level, mine, theirs in pair.levels():
        if mine is None or theirs is None:
            higher = "只有一份合同规定"
        elif mine == theirs:
            higher = "相同"
        else:
            higher = short_name(a) if mine > theirs else short_name(b)
        rows.append(
            (
                level.value,
                yuan(mine) if mine is not None else "—",
                yuan(theirs) if theirs is not None else "—",
                higher,
            )
        )
    lines += _table(
        ("技能等级", f"{short_name(a)}（元/月）", f"{short_name(b)}（元/月）", "较高"), rows
    )
    return lines


def register_markdown(records: Sequence[AgreementRecord], today: date) -> str:
    """The region's register as Markdown, dated `today`."""
    agreements = [record.agreement for record in records]
    region = agreements[0].region.name if agreements else ""
    found = overlaps(agreements)
    head = [f"# {region}技能人才最低工资集体合同登记表", ""]
    if agreements and all(a.example for a in agreements):
        head += [f"{EXAMPLE_MARK}：以下合同均为示例，单位、日期和数字均为虚构。", ""]
    head += [
        f"截至 {today.isoformat()}：{len(agreements)} 份合同，其中 {len(found)} 对可能同时适用于同一"
        "技能人才。行业性、区域性集体合同对本行业、本区域的用人单位和劳动者具有约束力"
        "（《中华人民共和国劳动合同法》第五十四条），同一技能人才同时适用两份合同的，按各合同"
        "“逐项比较，就高执行”的约定，取较高的标准；一份合同把某一部分划给另一份合同的，只在"
        "另一份合同有效且标准不低于本合同时适用另一份合同。",
        "",
        "## 一、合同一览",
        "",
        *_contracts(records, today),
        "",
        "## 二、同时适用的合同",
        "",
    ]
    if not found:
        head.append("没有可能同时适用于同一技能人才的合同。")
    uncertain = [pair for pair in found if not pair.certain]
    body: list[str] = []
    for number, pair in enumerate(found, 1):
        body += [*_pair(number, pair), ""]
    notes = [
        "说明：表中比较各技能等级的月最低工资（最低技能津贴形式按基本工资与津贴之和）；职业"
        "（工种）、井下岗位、岗位类别等标准和小时标准，按各合同的表格同样逐项比较。"
        "行业包含关系按《国民经济行业分类》（GB/T 4754—2017）门类确定。",
    ]
    if uncertain:
        notes.append(
            f"其中 {len(uncertain)} 对区域性合同只在同一县（区），是否地域重叠须按规划范围核实。"
        )
    return "\n".join([*head, *body, *notes]) + "\n"
