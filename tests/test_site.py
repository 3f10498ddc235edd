"""The static site and the redline, without a browser: files, links, status, history.

(test_browser.py loads the same site in Chromium; test_readers.py validates its HTML.)
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from threading import Thread

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillwage_docs.base.errors import InputError
from skillwage_docs.base.figures import yuan
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.outputs.make import build_site
from skillwage_docs.outputs.redline import (
    Segment,
    _segments,
    compare,
    parse_text,
    plain_text,
)
from skillwage_docs.outputs.site import SITE, SiteResult, make_server
from skillwage_docs.outputs.sitepages import redline
from skillwage_docs.text.document import Article, Chapter, Document, Paragraph, Span

from .browser.fixtures import edit_levels, raise_levels
from .conftest import CONTEXTS, compose_for, only

REGION = "yangquan"


# ── helpers ──────────────────────────────────────────────────────────────────────────────────


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    """yangquan published once from the real contexts: every contract and blank text in each
    format the site links (the packet's papers on the site: test_packet_build.py)."""
    out = tmp_path_factory.mktemp("site") / "build"
    return build_site(out, contexts=CONTEXTS, regions=[REGION], packet=False, jobs=2)


# ── the site ─────────────────────────────────────────────────────────────────────────────────


def test_layout_of_the_site(site: SiteResult) -> None:
    root = site.root
    assert root.name == SITE
    assert (root / "index.html").is_file()
    for asset in ("contract.css", "site.css", "icon.svg"):
        assert (root / "assets" / asset).is_file()
    for entry in site.entries:
        assert entry.ok, entry.errors
        for ext in ("html", "pdf", "docx", "txt"):
            path = root / REGION / f"{entry.slug}.{ext}"
            assert path.is_file(), path
            assert path.stat().st_mode & 0o777 == 0o644
        assert not (root / REGION / f"{entry.slug}.redline.html").exists()  # first publication


def test_downloads_are_the_build_files(site: SiteResult) -> None:
    build_dir = site.root.parent / REGION
    for entry in site.entries:
        for fmt in ("pdf", "docx"):
            copy = site.root / REGION / f"{entry.slug}.{fmt}"
            assert copy.read_bytes() == (build_dir / f"{entry.slug}.{fmt}").read_bytes()


def test_every_link_and_anchor_resolves_inside_the_site(site: SiteResult) -> None:
    pages = site.pages
    assert len(pages) == 1 + len(site.entries)
    for page in pages:
        for link in _parse(page).links:
            assert not re.match(r"^([a-z]+:)?//", link), (page, link)  # no other host
            if link.startswith("data:"):
                continue
            target, _, anchor = link.partition("#")
            path = (page.parent / target).resolve() if target else page
            assert path.is_file(), (page, link)
            assert path.is_relative_to(site.root.resolve()), (page, link)
            if anchor and path.suffix == ".html":
                assert anchor in _parse(path).ids, (page, link)


def test_no_external_resources_anywhere(site: SiteResult) -> None:
    for path in [*site.pages, *site.root.glob("assets/*")]:
        text = path.read_text(encoding="utf-8")
        text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, not a request
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), path
        assert "@import" not in text and "url(" not in text, path


def test_index_lists_every_contract_with_status_and_minimum(site: SiteResult) -> None:
    index = _text(site.root / "index.html")
    assert index.count('class="agreement agreement-ok"') == len(site.entries)
    assert index.count('<span class="badge badge-ok">校验通过</span>') == len(site.entries)
    assert "badge-failed" not in index
    for entry in site.entries:
        assert f'href="{entry.page}"' in index
        assert f'href="{REGION}/{entry.slug}.pdf"' in index
        assert f'href="{REGION}/{entry.slug}.docx"' in index
        assert entry.minimum is not None
        assert f"月 {yuan(entry.minimum.monthly)} 元" in index
        assert entry.lowest is not None and f"月 {yuan(entry.lowest.monthly)} 元" in index
        assert entry.margin is not None and entry.margin > 0


def test_contract_page_holds_the_contract(site: SiteResult) -> None:
    for item in load_agreements(CONTEXTS, REGION):
        document = compose_for(item.agreement)
        page = _text(site.root / REGION / f"{item.agreement.slug}.html")
        assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
        assert '<link rel="stylesheet" href="../assets/contract.css">' in page
        # The title in the lines the layout broke it into (GB/T 9704 7.3.1, issue 13).
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page)
        assert h1 is not None and h1.group(1).startswith('<span class="title-line">')
        assert re.sub(r"<[^>]+>", "", h1.group(1)) == document.title
        for article in document.articles():
            assert f'<span class="article-no">{article.label}</span>\u3000' in page
        assert f'href="{item.agreement.slug}.pdf"' in page


def test_second_run_changes_nothing(site: SiteResult) -> None:
    again = build_site(site.root.parent, contexts=CONTEXTS, regions=[REGION], packet=False)
    assert again.written == [] and again.removed == [] and again.changed == []
    assert again.build.rebuilt == []


def test_figure_change_publishes_a_redline(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    small = {"formats": ("html",), "packet": False, "jobs": 1}  # the redline reads the text
    build_site(out, contexts=only(contexts, "manufacturing"), regions=[REGION], **small)
    raise_levels(contexts / REGION / "manufacturing.yaml", 50)
    result = build_site(out, contexts=contexts, regions=[REGION], **small)
    assert result.changed == [f"{REGION}/manufacturing"]
    folder = out / SITE / REGION
    page = _text(folder / "manufacturing.redline.html")
    assert "<del>2250</del><ins>2300</ins>" in page
    assert "<del>贰仟贰佰伍拾元整</del><ins>贰仟叁佰元整</ins>" in page
    assert 'href="manufacturing.redline.html"' in _text(folder / "manufacturing.html")
    assert 'href="yangquan/manufacturing.redline.html"' in _text(out / SITE / "index.html")
    assert (folder / "manufacturing.prev.txt").is_file()
    # nothing changes after: the redline stays (the last change), not marked as new
    again = build_site(out, contexts=contexts, regions=[REGION], **small)
    assert again.changed == [] and (folder / "manufacturing.redline.html").is_file()


def test_failed_contract_is_listed_but_not_published(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    small = {"formats": ("pdf", "docx"), "jobs": 1}  # the files the site offers for download
    # coal stays: mining hands its coal mines to it (carve_outs), and refuses a missing one
    build_site(out, contexts=only(contexts, "mining", "coal"), regions=[REGION], **small)
    folder = out / SITE / REGION
    assert (folder / "mining.pdf").is_file()
    edit_levels(contexts / REGION / "mining.yaml", {0: 1000})
    result = build_site(out, contexts=contexts, regions=[REGION], **small)
    assert list(result.failed) == [f"{REGION}/mining"]
    assert any("1000" in line for line in result.failed[f"{REGION}/mining"])
    # findings name contexts/…, not this machine's absolute paths
    assert all(line.startswith("contexts/") for line in result.failed[f"{REGION}/mining"])
    assert str(tmp_path) not in _text(out / SITE / REGION / "mining.html")
    assert {f"{REGION}/mining.pdf", f"{REGION}/mining.docx"} <= set(result.removed)
    assert {f"{REGION}/mining.blank.pdf", f"{REGION}/mining.blank.docx"} <= set(result.removed)
    assert not (folder / "mining.pdf").exists() and not (folder / "mining.docx").exists()
    assert (folder / "mining.txt").is_file()  # kept: the next redline compares against it
    page = _text(folder / "mining.html")
    assert "校验未通过" in page and '<ul class="errors">' in page and "第一条" not in page
    index = _text(out / SITE / "index.html")
    assert 'class="agreement agreement-failed"' in index and "1 份校验未通过" in index
    # its 4 contract downloads and the 112 of its annex, its packet's 24 papers and the 3
    # guides (issues 14, 20 and 21) leave the site
    assert f"{REGION}/mining.poster.pdf" in result.removed
    assert f"{REGION}/mining.posts.pdf" in result.removed
    assert f"{REGION}/mining.review.blank.docx" in result.removed
    assert result.summary()[-1].endswith("删除 116 个）")


def test_region_called_site_is_refused(contexts: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="网站目录"):
        build_site(tmp_path, contexts=contexts, regions=[SITE])


def test_preview_server_binds_loopback_only(site: SiteResult) -> None:
    server = make_server(site.root, 0, quiet=True)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert "技能人才最低工资" in response.read().decode("utf-8")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{REGION}/mining.docx") as response:
            assert response.headers["Content-Type"].startswith("application/vnd.openxml")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/../../etc/passwd")
    finally:
        server.shutdown()
        server.server_close()


def test_preview_without_a_site_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="skillwage-docs site"):
        make_server(tmp_path, 0)


# ── the redline ──────────────────────────────────────────────────────────────────────────────


def _document(*articles: str, title: str = "测试合同") -> Document:
    chapter = Chapter(
        1,
        "第一章",
        "总则",
        tuple(
            Article(n, f"第{'一二三四五六七八九十'[n - 1]}条", (Paragraph((Span(text),)),))
            for n, text in enumerate(articles, 1)
        ),
    )
    return Document(title=title, preamble=(), chapters=(chapter,), signature=())


def test_plain_text_round_trip(manufacturing_document: Document) -> None:
    text = plain_text(manufacturing_document)
    units = parse_text(text)
    articles = [unit for unit in units if unit.kind == "article"]
    assert [u.label for u in articles] == [a.label for a in manufacturing_document.articles()]
    assert [u.label for u in units if u.kind == "chapter"] == [
        c.label for c in manufacturing_document.chapters
    ]
    assert units[0].kind == "title" and units[0].lines == (manufacturing_document.title,)
    assert any(line.startswith("\t技能等级\t") for u in articles for line in u.lines)
    assert {u.kind for u in units} >= {"title", "preamble", "chapter", "article", "signature"}
    assert compare(text, manufacturing_document).identical


def test_identical_versions(manufacturing_document: Document) -> None:
    page = redline(manufacturing_document, plain_text(manufacturing_document))
    assert "没有修改" in page and "<del>" not in page.split("</p>", 3)[-1]


def test_changed_figure_is_one_deleted_and_one_inserted_token(
    manufacturing_document: Document,
) -> None:
    old = plain_text(manufacturing_document)
    new = old.replace("\t学徒工\t2250\t贰仟贰佰伍拾元整", "\t学徒工\t2300\t贰仟叁佰元整")
    comparison = compare(old, new)
    assert [unit.name for unit in comparison.changed] == ["第十二条"]
    page = redline(old, new)
    assert "<del>2250</del><ins>2300</ins>" in page
    assert "<del>贰仟贰佰伍拾元整</del><ins>贰仟叁佰元整</ins>" in page
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert '<link rel="stylesheet"' not in page  # standalone: styles inlined
    assert 'href="#change-1">第十二条</a>' in page and 'id="change-1"' in page


def test_inserted_article_does_not_cascade() -> None:
    old = _document("甲条文字不变。", "乙条文字不变。", "丙条工资为2300元。")
    new = _document(
        "甲条文字不变。", "新增一条关于技能津贴的规定。", "乙条文字不变。", "丙条工资为2400元。"
    )
    comparison = compare(old, new)
    kinds = [(unit.kind, unit.old_label, unit.new_label) for unit in comparison.units[2:]]
    assert kinds == [
        ("equal", "第一条", "第一条"),
        ("insert", "", "第二条"),
        ("change", "第二条", "第三条"),  # renumbered only
        ("change", "第三条", "第四条"),  # renumbered and a new figure
    ]
    page = redline(old, new)
    assert "<del>第二条</del><ins>第三条</ins>" in page
    assert "<ins>新增一条关于技能津贴的规定。</ins>" in page
    assert "<del>2300</del><ins>2400</ins>" in page


def test_deleted_article_and_paragraph() -> None:
    old = _document("甲。", "乙条将被删除。")
    new = _document("甲。")
    page = redline(old, new)
    assert "<del>乙条将被删除。</del>" in page and "（删除）" in page


def test_articles_keep_their_label_partner_when_rewritten() -> None:
    old = _document("企业应当按月支付工资。", "本合同自签订之日起生效。")
    new = _document("企业应当按月足额支付工资，不得克扣。", "本合同自签订之日起生效。")
    comparison = compare(old, new)
    changed = comparison.changed
    assert [(u.old_label, u.new_label) for u in changed] == [("第一条", "第一条")]


def test_hostile_text_is_escaped() -> None:
    old = _document("<script>alert(1)</script>")
    new = _document("<script>alert(2)</script> & <b>")
    page = redline(old, new)
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; &lt;b&gt;" in page


def test_title_change_is_shown() -> None:
    page = redline(_document("甲。", title="旧标题合同"), _document("甲。", title="新标题合同"))
    assert "<del>旧</del><ins>新</ins>" in page and "原标题：旧标题合同" in page


_TEXT = st.text(alphabet="技能人才工资元整贰仟叁佰0123456789。，（）ab ", max_size=40)


@given(_TEXT, _TEXT)
def test_segments_rebuild_both_versions(old: str, new: str) -> None:
    segments = _segments(old, new)
    assert "".join(s.text for s in segments if s.kind != "insert") == old
    assert "".join(s.text for s in segments if s.kind != "delete") == new
    assert all(isinstance(s, Segment) and s.text for s in segments)
    if old == new:
        assert all(s.kind == "equal" for s in segments)


_OLD = st.lists(st.sampled_from(["甲条。", "乙条：2300元。", "丙条。", "丁条（一）。"]), max_size=6)
_NEW = st.lists(st.sampled_from(["甲条。", "乙条：2400元。", "丙条。", "戊条。"]), max_size=6)


@given(_OLD, _NEW)
def test_comparison_keeps_every_article(old: list[str], new: list[str]) -> None:
    comparison = compare(_document(*old), _document(*new))
    articles = [u for u in comparison.units if u.unit_kind == "article"]
    assert sum(u.kind != "insert" for u in articles) == len(old)
    assert sum(u.kind != "delete" for u in articles) == len(new)


def test_two_regions_then_one(contexts: Path, tmp_path: Path) -> None:
    second = contexts / "yq2"
    second.mkdir()
    region = (contexts / REGION / "region.yaml").read_text(encoding="utf-8")
    region = region.replace(f"code: {REGION}", "code: yq2").replace(
        "name: 阳泉市", "name: 阳泉二区"
    )
    (second / "region.yaml").write_text(region, encoding="utf-8")
    for slug in ("manufacturing", "mining"):
        text = (contexts / REGION / f"{slug}.yaml").read_text(encoding="utf-8")
        # mining hands coal over to yangquan's coal contract, which yq2 does not have
        (second / f"{slug}.yaml").write_text(text.split("\ncarve_outs:")[0] + "\n", "utf-8")
    only(contexts, "manufacturing", "mining", "coal")
    out = tmp_path / "build"
    small = {"formats": ("pdf",), "packet": False, "blank": False, "jobs": 1}
    both = build_site(out, contexts=contexts, **small)
    assert [region.code for region in both.regions] == ["yangquan", "yq2"]
    index = _text(out / SITE / "index.html")
    assert '<nav class="toc" aria-label="地区">' in index and 'href="#region-yq2"' in index
    assert 'id="region-yq2"' in index and "阳泉二区" in index
    one = build_site(out, contexts=contexts, regions=[REGION], **small)
    assert "yq2/manufacturing.html" in one.removed and "yq2/mining.pdf" in one.removed
    assert (out / SITE / "yq2" / "manufacturing.txt").is_file()  # history is kept
    assert "阳泉二区" not in _text(out / SITE / "index.html")


def test_blank_model_texts_are_published_beside_each_contract(
    contexts: Path, tmp_path: Path
) -> None:
    # 晋人社厅函〔2024〕1185号: the union publishes the 示范文本 itself
    out = tmp_path / "build"
    small = {"formats": ("pdf", "docx"), "packet": False, "jobs": 1}
    build_site(out, contexts=only(contexts, "manufacturing"), regions=[REGION], **small)
    folder = out / SITE / REGION
    assert (folder / "manufacturing.blank.pdf").is_file()
    assert (folder / "manufacturing.blank.docx").is_file()
    page = _text(folder / "manufacturing.html")
    assert 'href="manufacturing.blank.pdf"' in page and "空白示范文本" in page


def test_examples_are_marked_on_every_card_and_page(site: SiteResult) -> None:
    """Issue 12 point 1: a contract built from invented data never passes for a signed one."""
    import dataclasses

    from skillwage_docs.outputs.site import SiteRegion
    from skillwage_docs.outputs.sitepages import render_page as _page

    badge = '<span class="badge badge-example">示例（虚构数据）</span>'
    index = _text(site.root / "index.html")
    assert all(entry.example for entry in site.entries)
    assert index.count(badge) == len(site.entries)
    for entry in site.entries:
        page = _text(site.root / entry.page)
        assert badge in page
        assert '<p class="example-notice"><strong>示例（虚构数据）</strong>' in page
    real = [dataclasses.replace(entry, example=False) for entry in site.entries]
    region = site.regions[0]
    html = _page(
        "index.html.j2",
        regions=[SiteRegion(region.code, region.name, region.province, tuple(real))],
        root="",
    ).decode("utf-8")
    assert "示例（虚构数据）" not in html


def test_each_region_has_its_calendar_page(site: SiteResult) -> None:
    """Issue 24 point 6: the calendar.md the build writes, as a page of the site (Markdown)."""
    page = _text(site.root / REGION / "calendar.html")
    assert "<table>" in page and "<th>合同</th>" in page and "<td>阳泉市制造业</td>" in page
    assert "<h1>阳泉市备案日历</h1>" in page
    assert 'href="yangquan/calendar.html"' in _text(site.root / "index.html")


def test_the_calendar_page_shows_data_as_text(contexts: Path, tmp_path: Path) -> None:
    """An agreement's name is data from other hands: Markdown must not turn it into markup."""
    path = contexts / REGION / "manufacturing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'title: "<b>加粗</b>|制造业"\n', encoding="utf-8")
    out = tmp_path / "build"
    small = {"formats": ("html",), "packet": False, "blank": False, "jobs": 1}
    build_site(out, contexts=only(contexts, "manufacturing"), regions=[REGION], **small)
    page = _text(out / SITE / REGION / "calendar.html")
    assert "&lt;b&gt;加粗&lt;/b&gt;|制造业" in page and "<b>加粗" not in page


def test_the_region_links_its_register_approval_guide_and_progress_report(
    site: SiteResult,
) -> None:
    """Issue 21 points 14–16: the guides over a region's records, on the site."""
    index = _text(site.root / "index.html")
    for link in (
        'href="yangquan/register.html">阳泉市集体合同登记表</a>',
        'href="yangquan/approval-guide.html">审议方式选择指引</a>',
        'href="yangquan/progress-report.pdf">工作进展情况报告（PDF）</a>',
        'href="yangquan/progress-report.xlsx">统计表</a>',
    ):
        assert link in index
    register = _text(site.root / REGION / "register.html")
    assert "<h1>阳泉市技能人才最低工资集体合同登记表</h1>" in register
    # 盂县's sector contract meets the city's in 盂县; the higher figure is named level by level
    assert "阳泉市建筑业 与 盂县建筑业" in register
    assert "<td>初级工</td>\n<td>2450</td>\n<td>2350</td>\n<td>阳泉市建筑业</td>" in register
    guide = _text(site.root / REGION / "approval-guide.html")
    assert "<td>盂县建筑业</td>" in guide and "6家审议，5家通过，占58.0%" in guide
    assert (site.root / REGION / "progress-report.pdf").read_bytes() == (
        site.root.parent / REGION / "progress-report.pdf"
    ).read_bytes()
