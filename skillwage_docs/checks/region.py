"""The other agreements of a region that a rule across agreements compares with (issue 20
point 4: a carve-out hands part of a sector to another contract of the same region).

`validate` receives the agreements of a run; a carve-out may name one the run did not load (a
build validates one agreement per job, `render --agreement` one agreement), so the agreements a
carve-out names are read from the agreement's own folder when they are not among them. A file
that is missing or does not load is left out: the rule then names the carve-out it cannot check.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..base.errors import InputError
from ..inputs.loader import REGION_FILE, LoadedAgreement, load_agreement, load_region

__all__ = ["region_agreements"]


def region_agreements(
    item: LoadedAgreement, pool: Sequence[LoadedAgreement]
) -> tuple[LoadedAgreement, ...]:
    """The agreements of `item`'s region in `pool` (itself left out), and those its carve-outs
    name that `pool` lacks, loaded from its folder."""
    agreement = item.agreement
    code = agreement.region.code
    others = [
        x for x in pool if x.agreement.region.code == code and x.agreement.slug != agreement.slug
    ]
    known = {x.agreement.slug for x in others}
    wanted = [c.agreement for c in agreement.carve_outs if c.agreement not in known]
    folder = item.path.parent
    for slug in dict.fromkeys(wanted):
        path = folder / f"{slug}.yaml"
        if slug == agreement.slug or not path.is_file():
            continue
        try:
            others.append(load_agreement(path, load_region(folder), folder / REGION_FILE))
        except InputError:
            continue  # its own problems are reported when it is validated itself
    return tuple(others)
