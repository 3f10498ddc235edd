"""Sources: the agreement files of the chosen regions, their content digests, loading on demand."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from ..base.model import valid_slug
from ..base.yamlsource import read_source
from .loader import LoadedAgreement, agreement_files, discover_regions, load_agreement, load_region

__all__ = [
    "MINIMUM_WAGES",
    "AgreementSource",
    "SourceLoader",
    "check_regions",
    "find_sources",
    "sha",
]

# contexts/minimum_wages/<province>.yaml: the one folder under contexts/ that is not a region.
MINIMUM_WAGES = "minimum_wages"


def sha(*chunks: bytes) -> str:
    """A digest of several byte strings, each length-prefixed so no two splits collide."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class AgreementSource:
    """One agreement file with its region file: the unit that is loaded, validated, composed."""

    region: str
    slug: str
    path: Path
    region_path: Path
    digest: str  # region file + agreement file bytes
    region_digest: str
    # The other agreement files of the region, when this one hands part of its scope to them
    # (`carve_outs:`, checks/region.py): its validation reads them, so its record is stale when
    # one of them changes. "" for an agreement without carve-outs, the usual case.
    related_digest: str = ""

    @property
    def key(self) -> str:
        return f"{self.region}/{self.slug}"


def _check_region(region: str, found: dict[str, Path]) -> None:
    if not valid_slug(region):
        raise InputError(
            f"地区代码 {region!r} 无效：只能用小写英文字母、数字、- 和 _，且不能是 Windows 保留名"
        )
    if region not in found:
        known = "、".join(found) or "（无）"
        raise InputError(f"找不到地区 {region!r}（已有：{known}）")


def check_regions(contexts: Path, regions: Sequence[str] | None) -> dict[str, Path]:
    """The folders of `regions` (all when None), or `InputError` naming a bad or unknown one."""
    found = discover_regions(contexts)
    chosen = list(found) if regions is None else list(dict.fromkeys(regions))
    for region in chosen:
        _check_region(region, found)
    return {region: found[region] for region in chosen}


def find_sources(contexts: Path, regions: Sequence[str] | None) -> list[AgreementSource]:
    """Every agreement file of `regions` (all when None), in region then file order."""
    sources = []
    for region, folder in check_regions(contexts, regions).items():
        region_path = folder / "region.yaml"
        region_bytes = read_source(region_path)
        region_digest = sha(region_bytes)
        files = {path: read_source(path) for path in agreement_files(folder)}
        for path, data in files.items():
            if not valid_slug(path.stem):
                raise InputError(
                    f"{path}: 文件名只能用小写英文字母、数字、- 和 _（如 manufacturing.yaml）"
                )
            digest = sha(region_bytes, data)
            # A byte test, not a parse: the plan reads no YAML (a no-op build hashes only).
            related = (
                sha(*(f"{p.name}\0".encode() + b for p, b in files.items() if p != path))
                if _CARVE_OUTS in data
                else ""
            )
            sources.append(
                AgreementSource(region, path.stem, path, region_path, digest, region_digest, related)
            )
    return sources


_CARVE_OUTS = b"carve_outs"


class SourceLoader:
    """Parses agreement files on demand, each version of a region file once."""

    def __init__(self) -> None:
        self._regions: dict[tuple[Path, str], Any] = {}

    def region(self, source: AgreementSource) -> Any:
        """The parsed region file (its `Located` data), cached by content digest."""
        key = (source.region_path, source.region_digest)
        if key not in self._regions:
            self._regions = {key: load_region(source.path.parent)}  # one region at a time
        return self._regions[key]

    def __call__(self, source: AgreementSource) -> LoadedAgreement:
        return load_agreement(source.path, self.region(source), source.region_path)
