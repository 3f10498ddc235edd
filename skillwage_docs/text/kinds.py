"""The document kinds: each a clause template plus the data it reads (issue 14: "a new document
kind should be a clause template plus data, not new machinery").

The one list the build, the site and the read-back check iterate: a kind's name, its clause
template (templates/clauses/), its Chinese title, the suffix of its output files
(`<slug><suffix>.pdf`, `<slug><suffix>.blank.pdf`) and whether it has a blank variant. The
contract's context comes from `compose`; the packet kinds add `packet.packet_context`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..base.errors import InputError
from .guides import guides_context
from .packet import ContextFunction, packet_context
from .papers import papers_context
from .posts import posts_context

__all__ = ["CONTRACT", "KINDS", "PACKET", "PACKET_MACROS", "Kind", "kind_named"]


@dataclass(frozen=True)
class Kind:
    name: str  # the key: compose(kind=…), build targets
    template: str  # templates/clauses/<template>
    title: str  # how the site and the filing checklist name it
    suffix: str  # output files: <slug><suffix>.<ext>, blank: <slug><suffix>.blank.<ext>
    blank: bool = True  # has a blank (fill-in) variant
    context: ContextFunction | None = None  # template facts beyond the contract's
    # What the read-back check (formats/verify.py) expects in the filled file: every wage
    # figure of the agreement (`prints_figures`) but the keys in `omits`, and each level's
    # figure beside its 人民币大写 (`prints_pairs`). Any 大写 amount printed is checked in all.
    prints_figures: bool = False
    prints_pairs: bool = False
    omits: tuple[str, ...] = ()
    # A paper to an authority, laid out as a 公文 (GB/T 9704: 仿宋 三号 on a 28 × 22 grid, the
    # 落款 over the 成文日期, 附件 on pages of their own, a 版记; templates/README.md).
    official: bool = False
    # A guide for those who run or review the procedure (issue 21: the timetable, the review
    # points, the worker's enforcement sheet), listed apart from the papers on the site.
    guide: bool = False

    @property
    def sources(self) -> tuple[str, ...]:
        """Every clause template the kind reads (for rebuilds and the blank check)."""
        if self.context is None:
            return (self.template,)
        return (self.template, PACKET_MACROS)


CONTRACT = "contract"
# The macros every packet template imports.
PACKET_MACROS = "packet-macros.md.j2"

_PAPERS: tuple[Kind, ...] = (
    Kind(CONTRACT, "contract.md.j2", "集体合同", "", prints_figures=True, prints_pairs=True),
    # The contract's annex 1 (issue 20 point 8): the skilled posts and their 大典 codes.
    Kind("posts", "posts.md.j2", "技能岗位目录", ".posts", context=posts_context),
    # The packet, in the order of the procedure (人社厅发〔2024〕51号: 协商代表产生、要约应约、
    # 协商会议、合同订立、职代会审议、公示报送).
    Kind(
        "representatives",
        "representatives.md.j2",
        "协商代表名单及首席代表授权书",
        ".representatives",
        context=packet_context,
    ),
    # Issue 21 point 1: the employer side's mandate and the enterprises that gave it.
    Kind(
        "mandate",
        "mandate.md.j2",
        "企业方协商代表推举书（授权委托书）",
        ".mandate",
        context=papers_context,
    ),
    # Issue 21 point 2: how the union federation chose the worker side's representatives.
    Kind(
        "selection",
        "selection.md.j2",
        "职工方协商代表选派决定",
        ".selection",
        context=papers_context,
    ),
    # Issue 21 point 3: the representatives made public, and their employers told of their
    # protection (《集体合同规定》第二十八条).
    Kind(
        "roster",
        "roster.md.j2",
        "协商代表公示和履职保护告知书",
        ".roster",
        context=papers_context,
    ),
    Kind("offer", "offer.md.j2", "集体协商要约书", ".offer", context=packet_context),
    Kind("reply", "reply.md.j2", "集体协商应约书", ".reply", context=packet_context),
    # Issue 21 point 4: the data the talks need, with a confidentiality undertaking.
    Kind(
        "information",
        "information.md.j2",
        "集体协商资料提供函和保密承诺书",
        ".information",
        context=papers_context,
    ),
    Kind(
        "brief",
        "brief.md.j2",
        "协商参考资料",
        ".brief",
        context=packet_context,
        prints_figures=True,
    ),
    Kind("minutes", "minutes.md.j2", "协商会议纪要", ".minutes", context=packet_context),
    # Issue 21 point 8: a deadlock taken to the labour authority in writing (第四十九条).
    Kind(
        "mediation",
        "mediation.md.j2",
        "集体协商争议协调处理申请书",
        ".mediation",
        context=papers_context,
    ),
    # Issue 21 point 5: the draft published to the workers for comment before the assembly.
    Kind(
        "consultation",
        "consultation.md.j2",
        "合同草案征求意见公告",
        ".consultation",
        context=papers_context,
    ),
    # Issue 21 point 2: the approving body's delegates (or each enterprise's assembly).
    Kind(
        "delegates",
        "delegates.md.j2",
        "职工代表大会代表产生情况",
        ".delegates",
        context=papers_context,
    ),
    # Issue 21 point 6: the assembly's notice, sign-in sheet, ballot and vote register.
    Kind(
        "assembly",
        "assembly.md.j2",
        "审议会议文书（通知、签到表、表决票、表决情况登记表）",
        ".assembly",
        context=papers_context,
    ),
    Kind(
        "resolution",
        "resolution.md.j2",
        "职工代表大会（职工大会）审议决议",
        ".resolution",
        context=packet_context,
        official=True,
    ),
    Kind(
        "filing",
        "filing.md.j2",
        "报送审查材料",
        ".filing",
        context=packet_context,
        official=True,
    ),
    # Issue 21 point 7: the answer to a 审查意见书 and the re-filing.
    Kind(
        "resubmission",
        "resubmission.md.j2",
        "审查意见答复和重新报送函",
        ".resubmission",
        context=papers_context,
    ),
    Kind("notice", "notice.md.j2", "公布通知", ".notice", context=packet_context, official=True),
    # The poster prints what enterprises must pay: not the senior staff pay the 特级/首席
    # figures were compared with (人社厅发〔2025〕52号), which the brief prints.
    Kind(
        "poster",
        "poster.md.j2",
        "工资标准公示",
        ".poster",
        context=packet_context,
        prints_figures=True,
        omits=("高级专技管理人员工资低位数·月",),
    ),
    # Issue 21 point 10: after effect — receipts and publication, yearly reports and checks,
    # the yearly wage round.
    Kind(
        "receipt",
        "receipt.md.j2",
        "送达回执和公示确认书",
        ".receipt",
        context=papers_context,
    ),
    Kind(
        "report",
        "report.md.j2",
        "企业执行情况年度报告表",
        ".report",
        context=papers_context,
    ),
    Kind(
        "inspection",
        "inspection.md.j2",
        "年度履约检查情况报告",
        ".inspection",
        context=papers_context,
    ),
    Kind(
        "wageround",
        "wageround.md.j2",
        "年度技能人才工资集体协商要约书",
        ".wageround",
        context=papers_context,
    ),
    # Issue 21 point 9: variation and dissolution, by the same procedure.
    Kind(
        "variation",
        "variation.md.j2",
        "集体合同变更协议书",
        ".variation",
        context=papers_context,
    ),
    Kind(
        "termination",
        "termination.md.j2",
        "集体合同解除协议书",
        ".termination",
        context=papers_context,
    ),
)

_GUIDES = (
    # Issue 21 point 12: the timetable counted back from the target (the calendar's dates).
    Kind(
        "timetable",
        "timetable.md.j2",
        "集体协商工作时间表",
        ".timetable",
        context=guides_context,
        guide=True,
    ),
    # Issue 21 point 13: what the 人社局 reviewer checks, mapped to 第四十四条.
    Kind(
        "review",
        "review.md.j2",
        "集体合同审查要点",
        ".review",
        context=guides_context,
        guide=True,
    ),
    # Issue 21 point 15: what a worker paid below the contract can do.
    Kind(
        "enforcement",
        "enforcement.md.j2",
        "技能人才工资维权指引",
        ".enforcement",
        context=guides_context,
        guide=True,
    ),
)
_ALL = (*_PAPERS, *_GUIDES)

KINDS: Mapping[str, Kind] = {kind.name: kind for kind in _ALL}
# The bargaining packet: every kind but the contract, in procedure order.
PACKET: tuple[Kind, ...] = tuple(kind for kind in _ALL if kind.name != CONTRACT)


def kind_named(name: str) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise InputError(f"未知的文书种类 {name!r}（可选：{'、'.join(KINDS)}）")
    return kind
