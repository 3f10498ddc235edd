"""A region's guide pages on the site (issue 21): the register of overlapping contracts and the
approval route guide (the Markdown the `guides` output writes, rendered), and the progress report
the `progress` output published (copied, never rendered again), linked from the index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..pipeline.records import AgreementRecord
from .guides.approval import approval_markdown
from .guides.register import register_markdown
from .progress.builder import FILE_STEM
from .prose import markdown_html
from .publication import Publication
from .sitepages import render_page

__all__ = ["RegionGuide", "region_guides"]


@dataclass(frozen=True)
class RegionGuide:
    title: str
    href: str  # relative to the site's root


def region_guides(
    write: Callable[[str, bytes], None],
    publication: Publication,
    code: str,
    name: str,
    records: list[AgreementRecord],
) -> list[RegionGuide]:
    """Write the region's guide pages through `write(relative, data)`; the links for its index."""
    crumbs_home = (name, f"../index.html#region-{code}")
    pages = (
        ("register.html", f"{name}集体合同登记表", register_markdown(records, publication.today)),
        ("approval-guide.html", "审议方式选择指引", approval_markdown(records)),
    )
    links = []
    for file, title, text in pages:
        page = render_page(
            "guide-page.html.j2",
            title=title,
            body=markdown_html(text),
            crumbs=[crumbs_home, (title, None)],
        )
        write(f"{code}/{file}", page)
        links.append(RegionGuide(title, f"{code}/{file}"))
    published = (
        (f"{FILE_STEM}.pdf", "工作进展情况报告（PDF）"),
        (f"{FILE_STEM}.docx", "Word"),
        (f"{FILE_STEM}.xlsx", "统计表"),
        # its 附件1, the 重点联系点情况表, when the region has a key liaison point
        ("liaison-table.docx", "重点联系点情况表"),
    )
    for name, label in published:
        source: Path = publication.out / code / name
        if source.is_file():
            write(f"{code}/{source.name}", source.read_bytes())
            links.append(RegionGuide(label, f"{code}/{source.name}"))
    return links
