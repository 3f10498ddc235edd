"""What the bargaining packet's documents print beyond the contract's own facts (issue 14).

Derived once per agreement and handed to the clause templates (templates/clauses/*.md.j2,
registered in `kinds.py`), so the templates stay declarative: who sends and who receives the
要约, each side's list of representatives, the verdict of each vote, each figure's ratio to the
binding minimum, the default topics and enclosures. Nothing here states a fact the context does
not hold: a missing value becomes a fill-in blank (`fill`), so an absent part of `procedure:`
prints a blank form, never an error and never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from markupsafe import Markup

from ..base.figures import cn_date, yuan
from ..inputs.agreement import Agreement, wage_figures
from ..inputs.approval import Vote, tally, vote
from ..inputs.bargaining import Delegation, Procedure, Representative, WagePrice
from ..inputs.minimum_wage import Applicable
from ..inputs.procedure import timeline
from ..inputs.terms import Party, SkillLevel
from .environment import BLANK, LINE, SIZE_CLOSE, SIZE_OPEN, Fixed, Sized

__all__ = [
    "BLANK_ROWS",
    "EMPLOYER",
    "PACKET_TOPICS",
    "WORKER",
    "Side",
    "Vote",
    "default_enclosures",
    "packet_context",
    "percent_of",
    "sides",
    "vote",
]

WORKER, EMPLOYER = "职工方", "企业方"
# The 要约's topics when the context names none: what a 技能人才最低工资 contract settles
# (人社厅发〔2024〕51号: 最低工资或者最低技能津贴, 分类分级, and the term every contract has).
PACKET_TOPICS = (
    "技能人才最低工资标准",
    "最低技能津贴",
    "技能人才分类分级（岗位类别、职业（工种）、技能等级）",
    "合同期限",
)
# Rows of a list form with nothing recorded (the note says rows may be added).
BLANK_ROWS = 5
# Items of a minutes section with nothing recorded: lines to write on.
BLANK_ITEMS = 3


def blank_token(size: int) -> Markup:
    """A fill-in line of `size` handwritten characters, in the filled document as well (a
    signature, or a value the context does not hold)."""
    return Markup(f"{BLANK}{SIZE_OPEN}{size}{SIZE_CLOSE}")


def _size(size: int | str) -> int:
    return LINE if size == "line" else int(size)


def _missing(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


@dataclass(frozen=True)
class Side:
    """One side of the table as the packet prints it."""

    label: str  # 职工方 / 企业方
    party: Party
    chosen_by: str  # 工会联合会选派 / 企业推举 / 行业协会指派 / 企业代表组织指派
    delegation: Delegation | None

    @property
    def members(self) -> list[Representative]:
        """The recorded list, 首席代表 first (第十九条: one per side)."""
        if self.delegation is None:
            return []
        members = self.delegation.members
        return [m for m in members if m.role == "首席代表"] + [
            m for m in members if m.role != "首席代表"
        ]

    @property
    def experts(self) -> list[Representative]:
        return [m for m in self.members if m.role == "外聘专家"]

    @property
    def chief(self) -> str:
        return self.party.chief_representative


def _chosen_by(agreement: Agreement, label: str, delegation: Delegation | None) -> str:
    if delegation is not None and delegation.chosen_by is not None:
        return delegation.chosen_by
    if label == WORKER:
        return "工会联合会选派"
    if agreement.employer_mandate == "推举":
        return "企业推举"
    return "行业协会指派" if agreement.kind == "行业性" else "企业代表组织指派"


def sides(agreement: Agreement, *, recorded: bool = True) -> tuple[Side, Side]:
    """Both sides; `recorded=False` leaves out the lists (the blank form shows none)."""
    lists = agreement.procedure.representatives
    worker = lists.worker if recorded else None
    employer = lists.employer if recorded else None
    return (
        Side(WORKER, agreement.worker_party, _chosen_by(agreement, WORKER, worker), worker),
        Side(
            EMPLOYER, agreement.employer_party, _chosen_by(agreement, EMPLOYER, employer), employer
        ),
    )


def percent_of(amount: Decimal, base: Decimal | None) -> str:
    """111.6%: an amount as a share of the legal minimum, one decimal."""
    if base is None or base == 0:
        return "—"
    share = (Decimal(amount) / Decimal(base) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{share}%"


def _monthly(price: WagePrice, amount: Decimal) -> Decimal:
    """A price as a monthly figure: a yearly one over twelve months, to the yuan."""
    if price.unit == "元/年":
        return (amount / 12).quantize(Decimal("1"), ROUND_HALF_UP)
    return amount


@dataclass(frozen=True)
class PriceRow:
    """A row of the brief's market table: the price (monthly) beside the agreed figure."""

    price: WagePrice
    low: Decimal
    median: Decimal
    converted: bool  # a yearly price, divided by twelve
    agreed: Decimal | None


def _contract_figure(agreement: Agreement, price: WagePrice) -> Decimal | None:
    """The agreed monthly figure a market price compares with: the occupation's own row at
    the price's level, else the level's figure; None when the price names no level the
    contract sets."""
    if price.level is None:
        return None
    for occupation in agreement.occupations:
        if occupation.name == price.occupation and price.level in occupation.monthly:
            return occupation.monthly[price.level]
    for row in agreement.skill_levels:
        if row.level == price.level:
            return row.monthly
    return None


def default_enclosures(agreement: Agreement, *, blank: bool = False) -> list[str]:
    """The papers a 人社部门 reviewing the filing asks for: the text in three copies
    (《集体合同规定》第四十二条) and what shows each point it reviews (第四十四条: 主体资格、
    协商程序、内容). The blank form lists them as its own wording, both ways of approval."""
    field = "行业" if agreement.kind == "行业性" else "区域"
    if blank:
        approval = (
            "行业（区域）职工代表大会审议通过本合同草案的决议和代表产生情况，或者各企业职工代表大会"
            "（职工大会）的决议、表决情况汇总和通过审议的企业职工人数统计"
        )
    elif agreement.approval.route == "职工代表大会":
        approval = f"{field}职工代表大会审议通过本合同草案的决议和代表产生情况"
    else:
        approval = (
            "各企业职工代表大会（职工大会）审议本合同草案的决议、表决情况汇总和通过审议的企业"
            "职工人数统计"
        )
    text = "集体合同文本一式三份" if blank else f"《{agreement.display_title}》文本一式三份"
    # 主体资格 is what a reviewer checks first (issue 21 point 1, 2): who gave the employer side
    # its mandate, and how the union federation chose the worker side.
    if blank:
        mandate = "企业方协商代表推举书（或者授权委托书）和参加推举（委托）的企业名单"
    elif agreement.employer_mandate == "推举":
        mandate = "企业方协商代表推举书和参加推举的企业名单"
    else:
        mandate = "企业方协商代表授权委托书和委托企业名单"
    items = [
        text,
        "集体协商情况说明",
        "双方协商代表名单和首席代表授权书",
        f"{mandate}，职工方协商代表选派决定",
        "集体协商要约书和应约书",
        "集体协商会议纪要",
        "合同草案征求意见的公告和意见汇总",
        approval,
        "本合同适用企业名单",
        "双方依法成立的证明材料（复印件）",
    ]
    return [Fixed(item) for item in items] if blank else items


def _lines(items: Iterable[str]) -> list[str]:
    """Recorded text items without their own end punctuation (the list adds ；and 。); the
    form's own wording (`Fixed`) stays fixed."""
    out: list[str] = []
    for item in items:
        text = item.rstrip("。；;，,. ")
        if text:
            out.append(Fixed(text) if isinstance(item, Fixed) else text)
    return out


def _ranked(monthly: Mapping[SkillLevel, Decimal]) -> list[tuple[SkillLevel, Decimal]]:
    """A row's figures by level, low to high (a mapping keeps the order it was written in)."""
    return sorted(monthly.items(), key=lambda item: item[0].rank)


def _chart_market(agreement: Agreement, prices: Sequence[PriceRow]) -> list[tuple[str, Decimal]]:
    """The market low ends the brief's chart draws (monthly): a level's one price as a mark on
    that level's bar; a price with no level, or one of several at a level, as a line labelled
    with its occupation, so no price is drawn over another."""
    levels = {row.level for row in agreement.skill_levels}
    at_level: dict[Any, int] = {}
    for row in prices:
        at_level[row.price.level] = at_level.get(row.price.level, 0) + 1
    out: list[tuple[str, Decimal]] = []
    for row in prices:
        level = row.price.level
        if level is not None and level in levels and at_level[level] == 1:
            out.append((str(level), row.low))
        else:
            out.append((f"{row.price.occupation}（{level or '不分等级'}）", row.low))
    return out


def _ratio_range(agreement: Agreement, ratio: Callable[[Decimal], str]) -> tuple[str, str]:
    """The lowest and highest monthly floor of the text as shares of the minimum: every table
    (levels, 井下, occupations, categories) and the entry figure, not the senior staff pay the
    特级/首席 figures were compared with."""
    amounts = [
        amount
        for key, amount in wage_figures(agreement).items()
        if key.endswith("·月") and not key.startswith(("高级专技", "基本工资"))
    ]
    return ratio(min(amounts)), ratio(max(amounts))


def packet_context(agreement: Agreement, minimum: Applicable, blank: bool) -> dict[str, Any]:
    """The template context every packet kind adds to the contract's (`compose._derived`)."""
    # long: one flat dict the packet templates read, its names side by side (as compose._derived)
    # The blank form holds nothing recorded: every part of `procedure:` reads as absent.
    procedure = agreement.procedure if not blank else Procedure()
    worker, employer = sides(agreement, recorded=not blank)
    offer = procedure.offer
    offer_by = offer.by if offer is not None and offer.by is not None else WORKER
    sender, receiver = (worker, employer) if offer_by == WORKER else (employer, worker)
    times = timeline(agreement.model_copy(update={"procedure": procedure}))
    submission = procedure.submission
    by = submission.by if submission is not None else EMPLOYER
    # Who files: one side, or None when both sides file jointly (the model text allows it).
    filer = {WORKER: worker, EMPLOYER: employer}.get(by)

    def fill(value: Any, size: int | str = 6) -> Any:
        """The value (a blank in the blank form), or a blank where the context has none."""
        if _missing(value):
            return blank_token(_size(size))
        return Sized(value, _size(size))

    def fill_date(day: date | None) -> Any:
        """A date, or the form's 年 月 日 with room to write."""
        if day is None or blank:
            return Markup(f"{blank_token(4)}年{blank_token(2)}月{blank_token(2)}日")
        return Sized(cn_date(day), 10)

    def fill_yuan(amount: Decimal | None, size: int = 6) -> Any:
        return fill(None if amount is None else yuan(amount), size)

    def fill_count(number: int | None, size: int = 3) -> Any:
        return fill(None if number is None else str(number), size)

    def sign(size: int = 8) -> Markup:
        """A signature line: handwritten in both variants."""
        return blank_token(size)

    def ratio(amount: Decimal | None, hourly: bool = False) -> str:
        if amount is None:
            return ""
        return percent_of(amount, minimum.hourly if hourly else minimum.monthly)

    market = procedure.market
    prices = [
        PriceRow(
            price,
            _monthly(price, price.low),
            _monthly(price, price.median),
            price.unit == "元/年",
            _contract_figure(agreement, price),
        )
        for price in (market.wage_prices if market is not None else [])
    ]
    price_sources = list(dict.fromkeys(row.price.source for row in prices))
    return {
        "chart_market": _chart_market(agreement, prices),
        "worker": worker,
        "employer": employer,
        "sides": (worker, employer),
        "experts": [(side, member) for side in (worker, employer) for member in side.experts],
        "sender": sender,
        "receiver": receiver,
        "filer": filer,
        "offer": offer,
        "reply": procedure.reply,
        # The default topics are the form's own wording: the blank form prints them too.
        "topics": (
            list(offer.topics)
            if offer is not None and offer.topics
            else [Fixed(topic) for topic in PACKET_TOPICS]
        ),
        "meetings": procedure.meetings,
        "votes": [vote(assembly) for assembly in procedure.assemblies],
        "sector_assembly": agreement.approval.route == "职工代表大会",
        "tally": tally(agreement.model_copy(update={"procedure": procedure})),
        # The 情况说明's range runs over every floor the text sets (each table, 井下 too).
        "ratio_range": _ratio_range(agreement, ratio),
        "submission": submission,
        "enclosures": (
            list(submission.enclosures)
            if submission is not None and submission.enclosures
            else default_enclosures(agreement, blank=blank)
        ),
        "publication": procedure.publication,
        "published": procedure.published,
        "effective": times.effective,
        "effective_recorded": times.effective_recorded,
        "review": procedure.review,
        "filed_on": times.filed_on,
        "market": market,
        "prices": prices,
        "price_sources": price_sources,
        "minimum_monthly": minimum.monthly,
        "minimum_hourly": minimum.hourly,
        "minimum_source": minimum.describe(),
        "ratio": ratio,
        "fill": fill,
        "fill_date": fill_date,
        "fill_yuan": fill_yuan,
        "fill_count": fill_count,
        "sign": sign,
        "blank_rows": BLANK_ROWS,
        "blank_items": BLANK_ITEMS,
        "lines": _lines,
        "ranked": _ranked,
    }


ContextFunction = Callable[[Agreement, Applicable, bool], dict[str, Any]]
