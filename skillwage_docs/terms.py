"""The dates a contract's own text states about its effect and its renewal.

A collective contract takes effect only after it is filed (within 10 days of signing,
《集体合同规定》第四十二条) and the labour authority has let 15 days pass without objection
(《中华人民共和国劳动合同法》第五十四条), so it cannot apply before signing + 25 days unless it
says expressly that pay from an earlier agreed date is made up once it takes effect. Renewal is
negotiated before the last three months of the term (晋人社厅函〔2024〕1185号).
"""

from __future__ import annotations

from datetime import date, timedelta

from .figures import add_months
from .filing_calendar import FILING_DAYS, RENEGOTIATION_MONTHS, REVIEW_DAYS

__all__ = ["EFFECT_DAYS", "latest_effective", "renewal_deadline"]

EFFECT_DAYS = FILING_DAYS + REVIEW_DAYS


def latest_effective(signing: date) -> date:
    """The latest day a contract filed in time and not objected to is in force."""
    return signing + timedelta(days=EFFECT_DAYS)


def renewal_deadline(end: date) -> date:
    """The last day before the term's final three months, by which renewal talks start.

    A term ending 2028-06-30 runs to the end of that day; its last three months are
    2028-04-01 … 2028-06-30, so talks start no later than 2028-03-31."""
    return add_months(end + timedelta(days=1), -RENEGOTIATION_MONTHS) - timedelta(days=1)
