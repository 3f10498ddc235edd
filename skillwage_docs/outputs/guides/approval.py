"""The decision guide for the approval route (issue 21 point 15): how the draft of a sector or
regional contract is approved so that it can bind every enterprise of the sector or region
(《劳动合同法》第五十四条; domain.md §2: the 行业（区域）职工代表大会, or each enterprise's own vote
with a stated threshold), how to choose between them, and the route each contract of the region
took with what its record shows. Markdown (the build writes `approval-guide.md`)."""

from __future__ import annotations

from collections.abc import Sequence

from ...inputs.approval import tally
from ...pipeline.records import AgreementRecord
from ...text.document import EXAMPLE_MARK
from ..filing_calendar import short_name
from ..prose import table_cell

__all__ = ["APPROVAL_FILE", "approval_markdown"]

APPROVAL_FILE = "approval-guide.md"

_GUIDE = "\n".join(
    (
        (
            "合同草案须经审议通过，由双方首席代表签字（参照《集体合同规定》第三十六条、第三十"
            "七条）。行业性、区域性集体合同对本行业、本区域的全部用人单位和劳动者具有约束力（"
            "《中华人民共和国劳动合同法》第五十四条），审议的机构须能代表全体职工，审查部门能"
            "够核对。下面两种方式有依据可查；只由“认可草案的企业”审议，没有依据，也不能约束"
            "其他企业，不要采用。"
        ),
        "",
        "## 一、行业（区域）职工代表大会",
        "",
        (
            "- 代表由本行业（本区域）各企业的职工大会或者职工代表大会选举产生，按职工人数的"
            "比例（如每100名职工一名，职工不足该数的企业一名），写入合同（`approv"
            "al: {route: 职工代表大会, workers_per_delegate:"
            " 100}`）。"
        ),
        (
            "- 大会须有全体代表三分之二以上出席，经全体代表半数以上同意，草案方获通过（参照"
            "《集体合同规定》第三十六条）。"
        ),
        "- 报送审查的材料：大会决议、代表产生情况（各企业的选举记录）、计票结果。",
        (
            "- 宜用于：覆盖企业多（一个园区、一个乡镇上百家），小企业多、许多企业没有职工代"
            "表大会的。"
        ),
        "",
        "## 二、各企业分别审议",
        "",
        (
            "- 每家企业的职工代表大会或者职工大会审议，三分之二以上出席、全体半数以上同意，"
            "为该企业通过；审议通过的企业的职工人数合计超过覆盖职工总数的半数（合同也可以约定"
            "三分之二以上），草案方获通过（`approval: {route: 企业分别审议"
            ", threshold: 过半数}`）。"
        ),
        ("- 报送审查的材料：每家企业的决议、各企业表决情况登记表和通过审议的企业职工人数统计。"),
        "- 宜用于：覆盖企业少（几家到几十家），多数企业已建立职工代表大会的。",
        "",
        "## 三、怎样选择",
        "",
        (
            "- 先数一数覆盖的企业和职工：企业多而分散的，召开一次职工代表大会比几十家企业逐"
            "一审议容易组织，也容易核对。"
        ),
        (
            "- 企业少、职工集中在几家大企业的，各企业分别审议；门槛至少“过半数”，希望更稳"
            "妥的约定“三分之二以上”。"
        ),
        (
            "- 无论哪种方式，审议的时间、人数和表决结果都要记录在案（协商文书中的审议会议文"
            "书），报送审查时一并提供。"
        ),
        "",
    )
)


def approval_markdown(records: Sequence[AgreementRecord]) -> str:
    agreements = [record.agreement for record in records]
    region = agreements[0].region.name if agreements else ""
    lines = [f"# 审议方式选择指引（{region}）", ""]
    if agreements and all(a.example for a in agreements):
        lines += [f"{EXAMPLE_MARK}：第四部分的合同均为示例，数字为虚构。", ""]
    lines += [_GUIDE, "## 四、本地区合同的审议方式", ""]
    header = ("合同", "覆盖企业", "覆盖职工", "审议方式", "比例或门槛", "记录的结果")
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for a in agreements:
        approval = a.approval
        if approval.route == "职工代表大会":
            rule = (
                f"每{approval.workers_per_delegate}名职工一名代表"
                if approval.workers_per_delegate
                else "按职工人数的比例"
            )
        else:
            rule = f"通过的企业职工人数合计{approval.threshold}"
        t = tally(a)
        if approval.route == "企业分别审议" and t.enterprise_votes:
            shown = f"{len(t.enterprise_votes)}家审议，{len(t.passed)}家通过"
            if t.share is not None:
                shown += f"，占{t.share}%"
        elif t.assembly_votes:
            vote = t.assembly_votes[0]
            counts = [
                f"{label}{count}人"
                for label, count in (
                    ("出席", vote.assembly.present),
                    ("同意", vote.assembly.in_favour),
                )
                if count is not None
            ]
            verdict = {True: "通过", False: "未通过", None: "表决人数未录入"}[vote.passed]
            shown = "，".join([*counts, verdict])
        else:
            shown = "未录入"
        cells = (
            short_name(a),
            str(a.covered_enterprises or "—"),
            str(a.covered_workers or "—"),
            approval.route,
            rule,
            shown,
        )
        lines.append("| " + " | ".join(table_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"
