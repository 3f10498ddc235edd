"""The rows of the 《技能岗位目录》 annex (kind `posts`, templates/clauses/posts.md.j2): the posts
the parties listed (`Agreement.posts`) or, until they list them, the occupations the contract
sets figures for, each with its 《中华人民共和国职业分类大典》 code from the register
(text/occupations.py) or 未查到 (issue 20 point 8)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..inputs.agreement import Agreement
from ..inputs.minimum_wage import Applicable
from .occupations import Occupation, occupations
from .packet import packet_context

__all__ = ["NOT_FOUND", "PostRow", "post_rows", "posts_context"]

NOT_FOUND = "未查到"


@dataclass(frozen=True)
class PostRow:
    name: str  # 岗位
    occupation: str  # 《大典》职业
    code: str  # its code, or NOT_FOUND
    category: str  # 岗位类别, "" where the schedule has none
    found: Occupation | None


def post_rows(agreement: Agreement) -> list[PostRow]:
    register = occupations()
    listed = [(p.name, p.occupation, p.category or "") for p in agreement.posts]
    if not listed:
        listed = [(o.name, o.name, "") for o in agreement.occupations]
    rows = []
    for name, occupation, category in listed:
        found = register.find(occupation)
        code = found.code if found is not None and found.code else NOT_FOUND
        rows.append(PostRow(name, occupation, code, category, found))
    return rows


def posts_context(agreement: Agreement, minimum: Applicable, blank: bool) -> dict[str, Any]:
    """The packet's context (fill, blanks…) and the annex's rows and code sources."""
    rows = [] if blank else post_rows(agreement)
    sources = {
        row.occupation: row.found
        for row in rows
        if row.found is not None and row.found.code is not None
    }
    return {
        **packet_context(agreement, minimum, blank),
        "posts": rows,
        "listed": bool(agreement.posts),
        "code_sources": list(sources.values()),
        "edition": occupations().edition,
        "missing_codes": any(row.code == NOT_FOUND for row in rows),
    }
