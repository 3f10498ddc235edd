"""`make`: one build and the outputs over it, under one lock — what `make contracts` runs.

The build plans, validates, renders and publishes the documents (`pipeline/build.py`); the
output builders (`builders.py`) then write the forms, tables, calendar and site from its
records, while the lock is still held, so no other build can change the records between.
One plan, however many outputs: a command that asks for a single output (the calendar, the
liaison table) is the same call with that output and, when it needs no file, no format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..base.lock import build_lock
from ..inputs.sources import check_regions
from ..pipeline.build import build_in_lock
from ..pipeline.buildreport import BuildResult
from ..pipeline.records import read_records
from .builders import DEFAULT_OUTPUTS, builder_named, run_builders
from .publication import OutputResult, Publication
from .site import SiteResult, check_site_regions

__all__ = ["Made", "build_site", "make"]


@dataclass
class Made:
    build: BuildResult
    outputs: list[OutputResult] = field(default_factory=list)

    def output(self, name: str) -> OutputResult:
        return next(result for result in self.outputs if result.name == name)

    @property
    def ok(self) -> bool:
        return self.build.ok

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        """The build's report with each output's files, notes and warnings."""
        data = self.build.to_json(root)
        data["outputs"] = {result.name: result.to_json(root) for result in self.outputs}
        return data


def make(
    contexts: Path,
    *,
    out: Path,
    regions: Sequence[str] | None,
    outputs: Sequence[str] = DEFAULT_OUTPUTS,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    **build_options: Any,
) -> Made:
    """Build `regions` (all when None) into `out/`, then run each named output over the
    records, all under the build lock. `build_options` are `build`'s (formats, blank,
    packet, strict, keep_going, jobs…)."""
    builders = [builder_named(name) for name in outputs]  # an unknown name: before any work
    chosen = list(check_regions(contexts, regions))  # before the lock: a typo creates no folder
    with build_lock(out):
        result = build_in_lock(
            contexts, out=out, regions=chosen, progress=progress, on_plan=on_plan, **build_options
        )
        publication = Publication(
            contexts=contexts,
            out=out,
            regions=tuple(chosen),
            records=tuple(read_records(out, result.agreements)),
            result=result,
            today=today if today is not None else date.today(),
        )
        made = run_builders(publication, [builder.name for builder in builders])
    return Made(result, made)


def build_site(
    out: Path,
    *,
    contexts: Path = Path("contexts"),
    regions: Sequence[str] | None = None,
    strict: bool = False,
    blank: bool = True,
    **build_options: Any,
) -> SiteResult:
    """`make` with the site (and the progress reports it links, issue 21): every format and,
    by default, the blank texts, keeping going past a refused contract (its page names its
    findings); the site's result."""
    check_site_regions(contexts, regions)
    made = make(
        contexts,
        out=out,
        regions=regions,
        outputs=("progress", "site"),
        strict=strict,
        keep_going=True,
        blank=blank,
        **build_options,
    )
    site: SiteResult = made.output("site").data
    return site
