"""Outputs as builders over one build (as Sphinx's builders work over one environment).

The build publishes each agreement's files and record; an output builder then reads what the
build decided — `Publication`: the records it vouches for, its result — and writes its own
files under the same lock: the enterprises' self-check forms, the liaison table, the filing
calendar, the site. A builder never loads, validates, composes or renders an agreement.
Adding an output is one entry of `builders()` (a document kind is one entry of `text/kinds.py`,
a format one writer of `formats/`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from .publication import OutputBuilder, OutputResult, Publication

__all__ = [
    "DEFAULT_OUTPUTS",
    "OutputBuilder",
    "OutputResult",
    "Publication",
    "builder_named",
    "builders",
    "run_builders",
]


@cache
def builders() -> dict[str, OutputBuilder]:
    """The registry, by name. Imported on first use: each builder's module imports the writers
    it needs, and a command that asks for one output should not pay for the others'."""
    from .compliance.form import compliance_builder
    from .filing_calendar import calendar_builder
    from .guides.builder import guides_builder
    from .liaison.table import liaison_builder
    from .progress.builder import progress_builder
    from .site import site_builder

    return {
        builder.name: builder
        for builder in (
            compliance_builder,
            liaison_builder,
            calendar_builder,
            guides_builder,
            progress_builder,
            site_builder,
        )
    }


# What `render` (`make contracts`) writes beside the documents; the site is `make site`.
DEFAULT_OUTPUTS = ("compliance", "liaison", "calendar", "guides", "progress")


def builder_named(name: str) -> OutputBuilder:
    from ..base.errors import InputError

    known = builders()
    if name not in known:
        raise InputError(f"未知的输出 {name!r}（可选：{'、'.join(known)}）")
    return known[name]


def run_builders(publication: Publication, names: Sequence[str]) -> list[OutputResult]:
    """Each named builder over the publication, in order (the caller holds the build lock)."""
    return [builder_named(name).run(publication) for name in names]
