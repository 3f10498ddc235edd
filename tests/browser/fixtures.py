"""One published site for the slow tests (browser, validator), built once per session.

The site goes through two publications, as in real use: every contract of yangquan is
published, then one contract's wage figures rise (its redline page appears) and another
falls below the minimum wage (its page lists the findings, without text or files).
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.outputs.make import build_site
from skillwage_docs.outputs.site import SiteResult
from skillwage_docs.outputs.sitepages import redline

from ..conftest import compose_for

ROOT = Path(__file__).resolve().parents[2]
CONTEXTS = ROOT / "contexts"
REGION = "yangquan"
CHANGED = "manufacturing"  # figures raised between the two publications
FAILED = "mining"  # made to fail validation in the second


@dataclass(frozen=True)
class Published:
    contexts: Path
    out: Path
    result: SiteResult
    standalone_redline: Path  # redline()'s own page, styles inlined

    @property
    def site(self) -> Path:
        return self.result.root

    def pages(self) -> list[str]:
        """Every HTML page of the site, relative to its root, index first."""
        return [str(page.relative_to(self.site)) for page in self.result.pages]


def edit_levels(path: Path, change: dict[int, int]) -> None:
    """Set skill_levels[i].monthly (YAML round trip: comments are lost, data is not)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for index, monthly in change.items():
        data["skill_levels"][index]["monthly"] = monthly
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def raise_levels(path: Path, amount: int) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit_levels(
        path, {i: row["monthly"] + amount for i, row in enumerate(data["skill_levels"][:2])}
    )


@functools.cache
def published_site(base: Path) -> Published:
    root = base / "published"
    contexts = root / "contexts"
    shutil.copytree(CONTEXTS, contexts)
    out = root / "build"
    build_site(out, contexts=contexts, regions=[REGION], jobs=2)
    before = {
        item.agreement.slug: compose_for(item.agreement)
        for item in load_agreements(contexts, REGION)
    }
    raise_levels(contexts / REGION / f"{CHANGED}.yaml", 50)
    edit_levels(contexts / REGION / f"{FAILED}.yaml", {0: 1000})
    result = build_site(out, contexts=contexts, regions=[REGION], jobs=2)
    after = next(
        compose_for(item.agreement) for item in load_agreements(contexts, REGION, [CHANGED])
    )
    standalone = root / "standalone-redline.html"
    standalone.write_text(redline(before[CHANGED], after), encoding="utf-8")
    return Published(contexts, out, result, standalone)
