"""The registry of built-in rules: which run on every agreement, and which a context may switch on.

The rules live by subject in `rules_wages` (figures against the minimum, schedule shape),
`rules_floors` (skilled posts above the minimum from day one, part-time, own contributions),
`rules_procedure` (term, sides, dates), `rules_approval` (the votes against the approval
route), `rules_papers` (the further papers' data: re-filing, elections, variations), `rules_region` (carve-outs across a region's agreements) and `rules_text` (citations,
other provinces' documents, unprintable characters);
`validate.validate` runs them. A hook is written like a rule: `RuleContext` in, `Finding`s out,
both importable from here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..inputs.agreement import Agreement
from .findings import Finding
from .rule_context import Rule, RuleContext
from .rules_approval import approval_recorded
from .rules_floors import (
    apprentices_defined,
    entry_pay,
    own_contributions,
    part_time_floor,
    skilled_posts,
)
from .rules_packet import PACKET_RULES
from .rules_papers import PAPER_RULES
from .rules_procedure import (
    assembly_before_signing,
    equal_representatives,
    filed_within_ten_days,
    procedure_in_order,
    reply_within_twenty_days,
    signing_before_start,
    term_length,
    term_start_before_effect,
)
from .rules_region import carve_outs
from .rules_text import cited_documents, invisible_characters, province_documents
from .rules_wages import (
    allowances,
    base_wage_above_minimum,
    category_floors,
    hourly_above_minimum,
    later_minimums,
    monthly_above_minimum,
    provisional_minimum,
    rising_with_level,
    senior_technicians_floor,
    unconfirmed_minimums,
)

__all__ = [
    "BUILTIN_RULES",
    "SWITCHABLE_RULES",
    "Finding",
    "Rule",
    "RuleContext",
    "all_rules",
    "rule_switches",
    "rules_for",
]

BUILTIN_RULES: tuple[Rule, ...] = (
    monthly_above_minimum,
    hourly_above_minimum,
    base_wage_above_minimum,
    later_minimums,
    rising_with_level,
    allowances,
    term_length,
    signing_before_start,
    reply_within_twenty_days,
    assembly_before_signing,
    procedure_in_order,
    filed_within_ten_days,
    term_start_before_effect,
    equal_representatives,
    senior_technicians_floor,
    cited_documents,
    provisional_minimum,
    unconfirmed_minimums,
    invisible_characters,
    # The bargaining packet's lists and votes (issue 14): rules_packet.py.
    *PACKET_RULES,
    # Issue 20: approval route, skilled-post floors, what counts as pay, carve-outs, provinces.
    approval_recorded,
    apprentices_defined,
    entry_pay,
    part_time_floor,
    own_contributions,
    skilled_posts,
    carve_outs,
    province_documents,
    # Issue 21: the further papers' data (re-filing, talks, elections, variations).
    *PAPER_RULES,
)
# Rules an agreement switches on with `rules: {name: true}`. The mandatory rules above cannot
# be switched off from a context: contexts come from other hands.
SWITCHABLE_RULES: Mapping[str, Rule] = {"category_floors": category_floors}


def rule_switches(ctx: RuleContext) -> Iterator[Finding]:
    """A misspelt switch would silently leave a rule off, so unknown names are errors."""
    known = "、".join(SWITCHABLE_RULES)
    for name in ctx.agreement.rules:
        if name not in SWITCHABLE_RULES:
            yield ctx.finding(("rules", name), f"未知的规则开关（可开启：{known}）")


def rules_for(agreement: Agreement) -> list[Rule]:
    """The rules one agreement runs, in order: switches checked first, then every mandatory
    rule, then the rules it switched on."""
    switched = [rule for name, rule in SWITCHABLE_RULES.items() if agreement.rules.get(name)]
    return [rule_switches, *BUILTIN_RULES, *switched]


def all_rules() -> dict[str, Rule]:
    """Every built-in rule by the name its findings carry (`Finding.rule`)."""
    rules = [rule_switches, *BUILTIN_RULES, *SWITCHABLE_RULES.values()]
    return {getattr(rule, "__name__", repr(rule)): rule for rule in rules}
