"""Every rendered file, read back by the tools its readers use.

PDFs through poppler (fonts embedded, text with every article and figure, A4, page count,
Chinese line breaking), DOCX through LibreOffice (opens and converts) and python-docx
(styles, the wage table), HTML through the Nu Html Checker. The yangquan region is rendered
once per session into a temporary build folder.

A missing tool skips the test with the package to install; with CI=true it fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from skillwage_docs.base.figures import money_upper, yuan
from skillwage_docs.inputs.agreement import Agreement, wage_figures
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.pipeline.build import build
from skillwage_docs.text.document import Document, Table

from .browser.fixtures import Published, published_site
from .browser.tools import FONTS_CONF, NPM_INSTALL, VNU, need_executable, need_java, require
from .conftest import compose_for
from .readback import squash

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CONTEXTS = ROOT / "contexts"
REGION = "yangquan"
A4 = (595.28, 841.89)  # points
# 行首禁则 / 行尾禁则 (GB/T 15834 practice, as Typst and browsers apply them for zh).
NO_LINE_START = set("。，、；：？！）」』》〉】〕〗”’…‥·")
NO_LINE_END = set("（「『《〈【〔〖“‘")
CJK = r"[\u3400-\u9fff\uf900-\ufaff]"


@dataclass(frozen=True)
class Contract:
    agreement: Agreement
    document: Document
    folder: Path

    @property
    def slug(self) -> str:
        return self.agreement.slug

    def file(self, fmt: str) -> Path:
        return self.folder / f"{self.slug}.{fmt}"


@pytest.fixture(scope="session")
def contracts(tmp_path_factory: pytest.TempPathFactory) -> list[Contract]:
    out = tmp_path_factory.mktemp("readers") / "build"
    result = build(CONTEXTS, out=out, regions=[REGION], jobs=2)
    assert not result.failed
    return [
        Contract(item.agreement, compose_for(item.agreement), out / REGION)
        for item in load_agreements(CONTEXTS, REGION)
    ]


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published_site(tmp_path_factory.getbasetemp())


def _run(*command: str, timeout: float = 120, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


# ── PDF: poppler ─────────────────────────────────────────────────────────────────────────────


def _pdffonts(path: Path) -> list[dict[str, str]]:
    out = _run("pdffonts", str(path))
    assert out.returncode == 0, out.stderr
    rows = []
    for line in out.stdout.splitlines()[2:]:
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def _pdftotext(path: Path, *options: str) -> str:
    out = _run("pdftotext", *options, str(path), "-")
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_every_pdf_embeds_all_its_fonts(contracts: list[Contract]) -> None:
    need_executable("pdffonts", "poppler-utils")
    for contract in contracts:
        fonts = _pdffonts(contract.file("pdf"))
        assert fonts, contract.slug
        assert all(font["emb"] == "yes" for font in fonts), (contract.slug, fonts)
        assert all(font["uni"] == "yes" for font in fonts), (contract.slug, fonts)  # copyable
        names = {font["name"].split("+")[-1] for font in fonts}
        assert any("NotoSerifCJK" in name for name in names), names
        assert any("NotoSansCJK" in name for name in names), names  # headings, labels


def test_every_pdf_has_every_article_and_figure_as_text(contracts: list[Contract]) -> None:
    need_executable("pdftotext", "poppler-utils")
    for contract in contracts:
        text = squash("".join(line for _, line in _lines(contract.file("pdf"))))
        assert squash(contract.document.title) in text
        for article in contract.document.articles():
            assert article.label in text, (contract.slug, article.label)
        for chapter in contract.document.chapters:
            assert squash(chapter.label + chapter.title) in text, (contract.slug, chapter.title)
        for name, value in wage_figures(contract.agreement).items():
            assert yuan(value) in text, (contract.slug, name, yuan(value))
        for row in contract.agreement.skill_levels:
            assert money_upper(row.monthly) in text, (contract.slug, row.level)


def test_every_pdf_is_a4_and_numbers_its_pages(contracts: list[Contract]) -> None:
    need_executable("pdfinfo", "poppler-utils")
    for contract in contracts:
        path = contract.file("pdf")
        info = _run("pdfinfo", str(path)).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
        assert 3 <= pages <= 20, (contract.slug, pages)
        sizes = _run("pdfinfo", "-f", "1", "-l", str(pages), str(path)).stdout
        found = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", sizes)
        assert len(found) == pages
        for width, height in found:
            assert abs(float(width) - A4[0]) < 0.5 and abs(float(height) - A4[1]) < 0.5
        reader = PdfReader(path)
        assert len(reader.pages) == pages
        last = squash(_pdftotext(path, "-f", str(pages), "-l", str(pages)))
        assert f"第{pages}页共{pages}页" in last, contract.slug


def _lines(path: Path) -> list[tuple[int, str]]:
    """The PDF's text lines as a reader sees them: words grouped by page and baseline.

    `pdftotext -layout` splits a line where Typst compresses adjacent punctuation (）、) and
    would report a line starting with 、 that is not there; the word boxes do not. Figures are
    set in the Latin face (templates/README.md), whose boxes end up to a few points from the
    Chinese ones on the same baseline: words within LINE_SLACK points are one line."""
    html = _pdftotext(path, "-bbox")
    pages: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
    page = 0
    for match in re.finditer(
        r"<page |<word xMin=\"([\d.]+)\" yMin=\"[\d.]+\" xMax=\"[\d.]+\" "
        r"yMax=\"([\d.]+)\">([^<]*)</word>",
        html,
    ):
        if match.group(0) == "<page ":
            page += 1
            continue
        x, bottom, word = float(match.group(1)), float(match.group(2)), match.group(3)
        pages[page].append((bottom, x, word))
    out = []
    for number, words in sorted(pages.items()):
        lines: list[list[tuple[float, float, str]]] = []
        for word in sorted(words):
            if lines and word[0] - lines[-1][0][0] <= LINE_SLACK:
                lines[-1].append(word)
            else:
                lines.append([word])
        for line in lines:
            text = "".join(w for _, _, w in sorted(line, key=lambda item: item[1]))
            out.append((number, _unescape(text)))
    return out


LINE_SLACK = 4.0  # points; the tightest pitch (a table row) is 18


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def test_pdf_chinese_line_breaking(contracts: list[Contract]) -> None:
    """No line starts with closing punctuation or ends with opening punctuation (Typst's
    `lang: "zh"` line breaking), checked on every line of every contract."""
    need_executable("pdftotext", "poppler-utils")
    checked = 0
    for contract in contracts:
        lines = _lines(contract.file("pdf"))
        assert len(lines) > 50
        for page, line in lines:
            text = line.strip()
            if not text:
                continue
            checked += 1
            assert text[0] not in NO_LINE_START, (contract.slug, page, text)
            assert text[-1] not in NO_LINE_END, (contract.slug, page, text)
    assert checked > 500


def _header_above_rows(lines: list[tuple[int, str]], table: Table) -> dict[int, bool]:
    """For each page showing rows of `table`: is its header row printed above them?"""
    rows = {squash("".join(row)) for row in table.rows}
    head = squash(table.header[0])
    first_row: dict[int, int] = {}
    for index, (page, line) in enumerate(lines):
        if squash(line) in rows:
            first_row.setdefault(page, index)
    return {
        page: any(head in squash(line) for p, line in lines[max(0, index - 4) : index] if p == page)
        for page, index in first_row.items()
    }


def test_pdf_tables_repeat_their_header_row_on_every_page(
    contracts: list[Contract], tmp_path: Path
) -> None:
    need_executable("pdftotext", "poppler-utils")
    from dataclasses import replace

    from skillwage_docs.formats import writer_for

    for contract in contracts:
        lines = _lines(contract.file("pdf"))
        for table in _wage_tables(contract.document):
            pages = _header_above_rows(lines, table)
            assert pages, (contract.slug, table.caption)
            assert all(pages.values()), (contract.slug, table.caption, pages)
    # A table long enough to cross two page breaks, for certain.
    document = contracts[0].document
    first = _wage_tables(document)[0]
    long = replace(first, rows=tuple(first.rows[i % len(first.rows)] for i in range(70)))
    chapters = list(document.chapters)
    article = chapters[0].articles[0]
    chapters[0] = replace(chapters[0], articles=(replace(article, blocks=(*article.blocks, long)),))
    path = tmp_path / "long.pdf"
    path.write_bytes(writer_for("pdf").render(replace(document, chapters=tuple(chapters))))
    pages = _header_above_rows(_lines(path), long)
    assert len(pages) >= 3 and all(pages.values()), pages


def test_pdf_text_uses_full_width_punctuation(contracts: list[Contract]) -> None:
    """Chinese text takes full-width ，。；：？！（）; half-width ones next to a Chinese
    character are a slip (figures such as 24.5 keep their ASCII point)."""
    need_executable("pdftotext", "poppler-utils")
    for contract in contracts:
        text = squash(_pdftotext(contract.file("pdf")))
        slips = re.findall(rf"{CJK}[,;:?!()]|[,;:?!()]{CJK}", text)
        assert not slips, (contract.slug, slips[:10])


# ── DOCX: LibreOffice and python-docx ────────────────────────────────────────────────────────


def test_libreoffice_opens_and_converts_every_docx(
    contracts: list[Contract], tmp_path: Path
) -> None:
    soffice = need_executable("soffice", "libreoffice-writer-nogui")
    need_executable("pdftotext", "poppler-utils")
    out = tmp_path / "converted"
    sources = [str(contract.file("docx")) for contract in contracts]
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    result = _run(
        soffice,
        "--headless",
        "--norestore",
        "--nologo",
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *sources,
        timeout=240,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    for contract in contracts:
        pdf = out / f"{contract.slug}.pdf"
        assert pdf.is_file(), (contract.slug, result.stdout, result.stderr)
        text = squash(_pdftotext(pdf))
        assert squash(contract.document.title) in text
        for article in contract.document.articles():
            assert article.label in text, (contract.slug, article.label)
        pages = len(PdfReader(pdf).pages)
        assert f"第1页共{pages}页" in text, contract.slug  # PAGE / NUMPAGES fields work
        names = {font["name"] for font in _pdffonts(pdf)} if shutil.which("pdffonts") else set()
        assert not names or any("CJK" in name for name in names), names  # fonts.conf mapping


def _wage_tables(document: Document) -> list[Table]:
    blocks = [block for article in document.articles() for block in article.blocks]
    return [block for block in blocks if isinstance(block, Table)]


def test_python_docx_reads_styles_and_wage_table(contracts: list[Contract]) -> None:
    from docx import Document as open_docx

    for contract in contracts:
        docx = open_docx(str(contract.file("docx")))
        styles = {style.name for style in docx.styles}
        assert {
            "Normal",
            "Title",
            "Heading 1",
            "条款正文",
            "条号",
            "列项",
            "表题",
            "表头",
            "表格文字",
            "合同表格",
        } <= styles, (contract.slug, styles)
        paragraphs = docx.paragraphs
        if contract.document.meta.get("example") == "true":  # 示例（虚构数据） above the title
            mark = paragraphs.pop(0)
            assert (mark.style.name, mark.text) == ("示例标记", "示例（虚构数据）")
        assert paragraphs[0].style.name == "Title"
        # one paragraph, broken into lines at word boundaries (issue 13; test_docx.py)
        assert paragraphs[0].text.replace("\n", "") == contract.document.title
        headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
        assert headings == [f"{c.label}\u3000{c.title}" for c in contract.document.chapters]
        labels = [run.text for p in paragraphs for run in p.runs if run.style.name == "条号"]
        assert labels == [article.label for article in contract.document.articles()]

        model = _wage_tables(contract.document)
        tables = [t for t in docx.tables if t.style.name == "合同表格"]
        assert len(tables) == len(model), contract.slug
        for table, expected in zip(tables, model, strict=True):
            # (a header cell may break before its unit （元）: the layout's line break)
            cells = [[cell.text.replace("\n", "") for cell in row.cells] for row in table.rows]
            assert cells == [list(expected.header), *map(list, expected.rows)]
            rows = table._tbl.xpath("./w:tr")
            assert rows[0].xpath("./w:trPr/w:tblHeader"), "header row must repeat"
            assert all(row.xpath("./w:trPr/w:cantSplit") for row in rows)
            assert table._tbl.xpath("./w:tblPr/w:tblBorders/w:insideH/@w:val") == ["single"]
        levels = [row.level for row in contract.agreement.levels_sorted()]
        first = [[cell.text for cell in row.cells] for row in tables[0].rows][1:]
        assert [row[0].split("（")[0] for row in first] == levels
        assert [row[1] for row in first] == [
            yuan(row.monthly) for row in contract.agreement.levels_sorted()
        ]


# ── HTML: the Nu Html Checker ────────────────────────────────────────────────────────────────


def test_every_html_page_is_valid_html5(contracts: list[Contract], published: Published) -> None:
    """vnu.jar (Nu Html Checker, npm vnu-jar) on every page: the standalone contract pages,
    the site (index, contracts, the withheld contract, the redline), redline()'s own page,
    and the site's stylesheets. No error and no warning."""
    java = need_java()
    require(VNU.is_file(), "vnu.jar (npm package vnu-jar)", NPM_INSTALL)
    pages = [contract.file("html") for contract in contracts]
    pages += [published.site / page for page in published.pages()]
    pages.append(published.standalone_redline)
    stylesheets = sorted((published.site / "assets").glob("*.css"))
    result = _run(
        java,
        "-jar",
        str(VNU),
        "--format",
        "json",
        "--exit-zero-always",
        "--also-check-css",
        *map(str, pages + stylesheets),
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    problems = [
        f"{message.get('url', '')}:{message.get('lastLine', '')}: {message['message']}"
        for message in report["messages"]
        if message["type"] != "info" or message.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)
    assert len(pages) >= len(contracts) * 2 + 3
