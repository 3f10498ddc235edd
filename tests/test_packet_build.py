"""Issue 14: the bargaining packet as a product — built by the build, read back, drawn, listed.

Expectations are fixed here: the file names the build must publish, the figures of
contexts/yangquan/yuxian-construction.yaml and high-tech-zone.yaml, the titles of the papers.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from skillwage_docs.base.errors import ValidationFailed
from skillwage_docs.formats import writer_for
from skillwage_docs.formats.figures import figure_chart
from skillwage_docs.formats.html import HtmlWriter
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.outputs.make import build_site
from skillwage_docs.pipeline import plan
from skillwage_docs.pipeline.build import build
from skillwage_docs.text.compose import compose
from skillwage_docs.text.document import Document, Figure
from skillwage_docs.text.environment import TEMPLATES
from tests.pages.pagecheck import check_one_page, check_pdf, page_count

from .browser.tools import FONTS_CONF, need_executable
from .conftest import CONTEXTS, minimum_of, only
from .readback import squash

pytestmark = (
    pytest.mark.slow
)  # many documents, a real reader or a subprocess: make test, not make test-fast

SLUG = "yuxian-construction"
# The papers' file stems in procedure order (kinds.py states the naming; fixed here).
STEMS = (
    "",
    ".posts",  # the contract's annex 《技能岗位目录》 (issue 20 point 8)
    ".representatives",
    ".mandate",  # issue 21 from here on, and the three guides at the end
    ".selection",
    ".roster",
    ".offer",
    ".reply",
    ".information",
    ".brief",
    ".minutes",
    ".mediation",
    ".consultation",
    ".delegates",
    ".assembly",
    ".resolution",
    ".filing",
    ".resubmission",
    ".notice",
    ".poster",
    ".receipt",
    ".report",
    ".inspection",
    ".wageround",
    ".variation",
    ".termination",
    ".timetable",
    ".review",
    ".enforcement",
)
TITLES = [
    "技能岗位目录",
    "协商代表名单及首席代表授权书",
    "企业方协商代表推举书（授权委托书）",
    "职工方协商代表选派决定",
    "协商代表公示和履职保护告知书",
    "集体协商要约书",
    "集体协商应约书",
    "集体协商资料提供函和保密承诺书",
    "协商参考资料",
    "协商会议纪要",
    "集体协商争议协调处理申请书",
    "合同草案征求意见公告",
    "职工代表大会代表产生情况",
    "审议会议文书（通知、签到表、表决票、表决情况登记表）",
    "职工代表大会（职工大会）审议决议",
    "报送审查材料",
    "审查意见答复和重新报送函",
    "公布通知",
    "工资标准公示",
    "送达回执和公示确认书",
    "企业执行情况年度报告表",
    "年度履约检查情况报告",
    "年度技能人才工资集体协商要约书",
    "集体合同变更协议书",
    "集体合同解除协议书",
    "集体协商工作时间表",
    "集体合同审查要点",
    "技能人才工资维权指引",
]
FORMATS = ("docx", "html", "pdf")


def _packet_document(slug: str, kind: str, *, blank: bool = False) -> Document:
    agreement = next(
        item.agreement
        for item in load_agreements(CONTEXTS, "yangquan")
        if item.agreement.slug == slug
    )
    return compose(agreement, minimum=minimum_of(agreement), kind=kind, blank=blank)


def _all_blocks(document: Document) -> list[object]:
    return [
        *document.preamble,
        *(b for c in document.chapters for a in c.articles for b in a.blocks),
        *document.appendices,
    ]


def _clear_plan_caches() -> None:
    for cached in (plan._clauses, plan.format_fingerprint, plan._fingerprint):
        cached.cache_clear()


def test_every_paper_is_built_a_second_build_is_a_no_op_and_a_template_edit_rebuilds_its_kind(
    contexts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    first = build(contexts, out=out, regions=["yangquan"], agreements=[SLUG], blank=True, jobs=1)
    expected = {
        f"{SLUG}{stem}{variant}.{fmt}"
        for stem in STEMS
        for variant in ("", ".blank")
        for fmt in FORMATS
    }
    published = {path.name for path in (out / "yangquan").iterdir() if path.is_file()}
    assert expected <= published
    # 29 documents (the contract and 28 papers), filled and blank, in three formats
    assert len(first.rebuilt) == 174 and not first.failed
    # the record lists the papers for the outputs (records.py), in procedure order
    record = json.loads((out / "yangquan" / ".records" / f"{SLUG}.json").read_bytes())
    assert [paper["title"] for paper in record["packet"]] == TITLES
    assert record["packet"][-1] == {
        "kind": "enforcement",
        "title": "技能人才工资维权指引",
        "suffix": ".enforcement",
    }

    assert (
        build(
            contexts, out=out, regions=["yangquan"], agreements=[SLUG], blank=True, jobs=1
        ).rebuilt
        == []
    )

    # Only the poster's clause template changes: only the six poster targets are rebuilt.
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    poster = copy / "clauses" / "poster.md.j2"
    poster.write_text(poster.read_text(encoding="utf-8") + "\n{#- edited -#}\n", encoding="utf-8")
    monkeypatch.setattr(plan, "TEMPLATES", copy)
    _clear_plan_caches()
    try:
        third = build(
            contexts, out=out, regions=["yangquan"], agreements=[SLUG], blank=True, jobs=1
        )
    finally:
        _clear_plan_caches()
    assert sorted(third.rebuilt) == sorted(
        f"yangquan/{SLUG}.poster{variant}.{fmt}" for variant in ("", ".blank") for fmt in FORMATS
    )


def test_no_packet_builds_the_contractonly(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = build(
        contexts, out=out, regions=["yangquan"], agreements=[SLUG], formats=["html"], packet=False
    )
    assert result.rebuilt == [f"yangquan/{SLUG}.html"]
    record = json.loads((out / "yangquan" / ".records" / f"{SLUG}.json").read_bytes())
    assert record["packet"] == []


@pytest.mark.parametrize(
    ("kind", "cell", "title"),
    [("poster", b"<td>3900</td>", "工资标准公示"), ("brief", b"<td>3450</td>", "协商参考资料")],
)
def test_a_layout_that_drops_a_figure_of_the_poster_or_brief_fails_the_build(
    contexts: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    cell: bytes,
    title: str,
) -> None:
    """yuxian-construction: 高级技师 3900 (the poster's table), 技师 3450 (the brief's)."""
    real = HtmlWriter.render

    def buggy(self: HtmlWriter, document: Document) -> bytes:
        data = real(self, document)
        if document.meta.get("kind") == kind:
            assert cell in data  # the bug really removes a printed figure
            return data.replace(cell, b"<td></td>")
        return data

    monkeypatch.setattr(HtmlWriter, "render", buggy)
    out = tmp_path / "build"
    with pytest.raises(ValidationFailed) as caught:
        build(contexts, out=out, regions=["yangquan"], agreements=[SLUG], formats=["html"], jobs=1)
    lines = [line for line in caught.value.details if "输出校验失败" in line]
    figure = cell[4:-5].decode()
    assert lines and all(f"《{title}》" in line and figure in line for line in lines)
    assert all(line.startswith(str(contexts / "yangquan" / f"{SLUG}.yaml")) for line in lines)
    assert not (out / "yangquan").exists()  # nothing published


def test_the_chart_is_the_same_image_in_every_format_and_never_drawn_in_the_blank() -> None:
    document = _packet_document("high-tech-zone", "brief")
    docx = writer_for("docx").render(document)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        xml = archive.read("word/document.xml").decode("utf-8")
        assert len(media) == 1 and media[0].endswith(".png")
        png = archive.read(media[0])
    assert "<w:drawing>" in xml and png.startswith(b"\x89PNG")
    html = writer_for("html").render(document).decode("utf-8")
    (uri,) = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    svg = base64.b64decode(uri)
    assert b"<svg" in svg
    # one drawing: the DOCX's PNG and the HTML's SVG are the two renderings of the same chart
    (figure,) = [b for b in _all_blocks(document) if isinstance(b, Figure)]
    chart = figure_chart(figure)
    assert chart is not None and chart.png == png and chart.svg == svg
    assert 'alt="图1\u3000拟定技能人才月最低工资标准与当地最低工资标准、工资指导价位低位数"' in html
    # PDF: the page captioned 图1 carries the drawing as vector content (a form XObject).
    reader = PdfReader(io.BytesIO(writer_for("pdf").render(document)))
    (page,) = [p for p in reader.pages if "图1" in squash(p.extract_text())]
    assert "/XObject" in page["/Resources"] or len(page.get_contents().get_data()) > 20000

    blank = _packet_document("high-tech-zone", "brief", blank=True)
    with zipfile.ZipFile(io.BytesIO(writer_for("docx").render(blank))) as archive:
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]
        assert "<w:drawing>" not in archive.read("word/document.xml").decode("utf-8")
    blank_html = writer_for("html").render(blank).decode("utf-8")
    assert "data:image/svg" not in blank_html and 'class="chart-frame"' in blank_html
    assert "图1\u3000" in blank_html  # the caption keeps the figure's number


def test_the_poster_fits_one_pdf_page_for_every_yangquan_agreement(tmp_path: Path) -> None:
    writer = writer_for("pdf")
    findings: list[str] = []
    for item in load_agreements(CONTEXTS, "yangquan"):
        for blank in (False, True):
            document = compose(
                item.agreement, minimum=minimum_of(item.agreement), kind="poster", blank=blank
            )
            pdf = tmp_path / f"{item.agreement.slug}{'.blank' if blank else ''}.poster.pdf"
            pdf.write_bytes(writer.render(document))
            findings += check_pdf(pdf, document)
    assert findings == []
    assert check_one_page(2) == ["公示应为一页，实际 2 页"]  # the check can fail


def test_the_poster_fits_one_page_in_word_and_in_the_browser(tmp_path: Path) -> None:
    """Every 阳泉 poster, filled and blank, as LibreOffice prints the DOCX and Chromium the HTML."""
    soffice = need_executable("soffice", "libreoffice-writer-nogui")
    chromium = need_executable("chromium", "chromium")
    sources = []
    for item in load_agreements(CONTEXTS, "yangquan"):
        slug = item.agreement.slug
        for blank in (False, True):
            document = _packet_document(slug, "poster", blank=blank)
            stem = tmp_path / f"{slug}{'.blank' if blank else ''}.poster"
            Path(f"{stem}.docx").write_bytes(writer_for("docx").render(document))
            Path(f"{stem}.html").write_bytes(writer_for("html").render(document))
            sources.append(stem)
    converted = tmp_path / "converted"
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            *(str(Path(f"{stem}.docx")) for stem in sources),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env=env,
    )
    for stem in sources:
        assert page_count(converted / f"{stem.name}.pdf") == 1, f"{stem.name}.docx"
        printed = tmp_path / f"{stem.name}.browser.pdf"
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={tmp_path / 'chromium'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={printed}",
                Path(f"{stem}.html").as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        assert page_count(printed) == 1, f"{stem.name}.html"


def test_the_site_lists_the_packet_with_its_downloads(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_site(out, contexts=only(contexts, SLUG), regions=["yangquan"], jobs=1)
    page = (out / "site" / "yangquan" / f"{SLUG}.html").read_text(encoding="utf-8")
    # the papers, and apart from them the three guides (issue 21)
    assert "集体协商全套文书（25 份）" in page and "工作指引（3 份）" in page
    for title in TITLES:
        assert f'<span class="paper-title">{title}</span>' in page
    for name in (f"{SLUG}.poster.pdf", f"{SLUG}.poster.docx", f"{SLUG}.brief.blank.pdf"):
        assert f'href="{name}"' in page
        # a copy of the published, read-back file (never re-rendered for the site)
        assert (out / "site" / "yangquan" / name).read_bytes() == (
            out / "yangquan" / name
        ).read_bytes()
