"""What a progress report counts, from the build's records alone: each agreement's stage on the
day of the report, the enterprises and workers it covers, its lowest monthly figure against the
binding minimum (with the document that set it), whether it is a key liaison point, and what is
overdue on the filing calendar. Nothing is looked up or validated again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ...base.figures import cn_date
from ...inputs.agreement import wage_figures
from ...inputs.procedure import State, timeline
from ...pipeline.records import AgreementRecord
from ..calendar_events import Event
from ..filing_calendar import region_calendar

__all__ = ["STAGES", "ProgressRow", "Totals", "progress_rows", "totals"]

# The stages the report counts, in order (issue 21 point 16: 要约 sent, talks, signed, filed,
# in force, expired); 未启动: nothing on record by the day of the report.
STAGES = ("未启动", "已要约", "协商中", "已签订", "已报送审查", "已生效", "已到期")


@dataclass(frozen=True)
class ProgressRow:
    region: str
    region_name: str
    slug: str
    title: str
    kind: str  # 行业性 / 区域性
    subject: str  # the industry or the zone
    stage: str  # one of STAGES
    signed: date
    enterprises: int | None
    workers: int | None
    skilled: int | None
    lowest: Decimal
    minimum: Decimal
    minimum_source: str  # the document that set the minimum, or 未查到
    minimum_confirmed: bool
    key_point: bool
    overdue: tuple[str, ...]  # the calendar's overdue items, "label（date）"
    example: bool

    @property
    def ratio(self) -> Decimal:
        """The lowest figure as a multiple of the minimum, two decimals (1.12)."""
        return (self.lowest / self.minimum).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _stage(record: AgreementRecord, today: date) -> str:
    t = timeline(record.agreement)
    state = t.state(today)
    if state is State.已到期:
        return "已到期"
    if state is State.生效:
        return "已生效"
    if state in (State.审查中, State.有异议):
        return "已报送审查"
    if state is State.未报送:
        return "已签订"
    stage = t.stage(today)
    if stage is None:
        return "未启动"
    return "已要约" if stage.value == "要约" else "协商中"


def _lowest(record: AgreementRecord) -> Decimal:
    """The lowest monthly floor of the text (every table and the entry figure), not the senior
    staff pay the 特级/首席 figures were compared with, nor the base wage of the allowance form."""
    return min(
        amount
        for key, amount in wage_figures(record.agreement).items()
        if key.endswith("·月") and not key.startswith(("高级专技", "基本工资"))
    )


def _overdue(events: Sequence[Event]) -> tuple[str, ...]:
    """The calendar's overdue items, "报送审查备案期限2025年7月4日"."""
    return tuple(
        f"{e.label}{cn_date(e.on)}" if e.on else e.label for e in events if e.status == "overdue"
    )


def progress_rows(records: Sequence[AgreementRecord], today: date) -> list[ProgressRow]:
    """One row per agreement of the records, in order, as of `today`."""
    rows = []
    calendar = {(row.region, row.slug): row for row in region_calendar(records, today)}
    for record in records:
        a = record.agreement
        minimum = record.minimum
        document = minimum.data.get("document")
        rows.append(
            ProgressRow(
                region=record.region,
                region_name=a.region.name,
                slug=a.slug,
                title=a.display_title,
                kind=a.kind,
                subject=a.subject,
                stage=_stage(record, today),
                signed=a.signing_date,
                enterprises=a.covered_enterprises,
                workers=a.covered_workers,
                skilled=a.skilled_workers,
                lowest=_lowest(record),
                minimum=minimum.monthly,
                minimum_source=str(document) if document else "未查到",
                minimum_confirmed=minimum.confirmed,
                key_point=a.key_liaison_point,
                overdue=_overdue(calendar[(record.region, a.slug)].events),
                example=a.example,
            )
        )
    return rows


@dataclass(frozen=True)
class Totals:
    agreements: int
    by_kind: dict[str, int]
    by_stage: dict[str, int]
    enterprises: int  # of the agreements that record them
    workers: int
    skilled: int
    unrecorded: int  # agreements without a covered-enterprises count

    @property
    def signed(self) -> int:
        """Signed or further on."""
        return sum(self.by_stage[s] for s in STAGES[3:])


def totals(rows: Sequence[ProgressRow]) -> Totals:
    by_kind = {kind: sum(1 for r in rows if r.kind == kind) for kind in ("行业性", "区域性")}
    by_stage = {stage: sum(1 for r in rows if r.stage == stage) for stage in STAGES}
    return Totals(
        agreements=len(rows),
        by_kind=by_kind,
        by_stage=by_stage,
        enterprises=sum(r.enterprises or 0 for r in rows),
        workers=sum(r.workers or 0 for r in rows),
        skilled=sum(r.skilled or 0 for r in rows),
        unrecorded=sum(1 for r in rows if r.enterprises is None),
    )
