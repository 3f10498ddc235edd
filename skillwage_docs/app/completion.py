"""Shell completion of region codes and agreement names, read from the contexts folder.

Enable with `eval "$(_SKILLWAGE_DOCS_COMPLETE=bash_source skillwage-docs)"` (zsh_source,
fish_source for those shells); click completes the commands and options itself. Completion runs
on every Tab, so it lists folders and file names only: no YAML is parsed, nothing validated.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

__all__ = ["complete_agreements", "complete_regions"]

REGION_FILE = "region.yaml"  # agreement.REGION_FILE, not imported: pydantic costs a Tab 0.3 s


def _contexts(ctx: click.Context) -> Path:
    """The --contexts given before the command, else the default."""
    value = ctx.find_root().params.get("contexts")
    return Path(value) if value else Path("contexts")


def _regions(contexts: Path) -> dict[str, Path]:
    try:
        folders = sorted(contexts.iterdir())
    except OSError:  # no contexts folder here: nothing to offer, never an error on Tab
        return {}
    return {folder.name: folder for folder in folders if (folder / REGION_FILE).is_file()}


def _given(ctx: click.Context) -> list[str]:
    """The regions already on the command line (`region`, or `regions` for build/site)."""
    single: Any = ctx.params.get("region")
    several: Any = ctx.params.get("regions") or ()
    if isinstance(single, str):
        return [single]
    if several:
        return [str(name) for name in several]
    # Completing an option's value, click stops parsing at that option (it lacks its value)
    # before assigning the positional arguments: the regions typed so far are left in ctx.args.
    return [str(arg) for arg in ctx.args]


def complete_regions(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Region codes (folders of contexts/ holding a region.yaml), minus those already given."""
    taken = set(_given(ctx))
    return [
        CompletionItem(name)
        for name in _regions(_contexts(ctx))
        if name.startswith(incomplete) and name not in taken
    ]


def _agreements(folders: Iterable[Path]) -> list[str]:
    names: dict[str, None] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            if path.name != REGION_FILE:
                names[path.stem] = None
    return list(names)


def complete_agreements(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Agreement names (file names) of the regions given, or of every region if none is yet."""
    regions = _regions(_contexts(ctx))
    given = [regions[name] for name in _given(ctx) if name in regions]
    already = set(ctx.params.get(param.name or "") or ())
    return [
        CompletionItem(name)
        for name in _agreements(given or regions.values())
        if name.startswith(incomplete) and name not in already
    ]
