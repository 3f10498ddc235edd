"""What regions and agreements exist under contexts/, without validating them."""

from __future__ import annotations

from pathlib import Path

from ..base.errors import InputError
from .loader import agreement_files, discover_regions, load_agreements

__all__ = ["catalog"]


def catalog(contexts: Path) -> dict[str, list[tuple[str, str]]]:
    """Region → [(agreement slug, title)]; a region that fails to load lists its files only."""
    result: dict[str, list[tuple[str, str]]] = {}
    for region, folder in discover_regions(contexts).items():
        try:
            result[region] = [
                (item.agreement.slug, item.agreement.display_title)
                for item in load_agreements(contexts, region)
            ]
        except InputError:
            result[region] = [
                (path.stem, "（数据有误，请运行 validate）") for path in agreement_files(folder)
            ]
    return result
