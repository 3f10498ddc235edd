"""`make proofs`: every page of every output as an image, a contact sheet per document, and
the measurable page checks (skillwage_docs/formats/pagecheck.py) with page counts per format.

    .venv/bin/python -m tests.visual.proofs [--region yangquan] [--out build/proofs] [--dpi 40]

Builds the region (filled and blank texts, all formats) as `skillwage-docs render` does, then
prints the DOCX through LibreOffice and the HTML through Chromium (A4 print, and screenshots at
1280 and 390 px wide), rasterises every PDF page with poppler, and writes under OUT:

    <name>.png            contact sheet: rows PDF / DOCX / HTML print, pages labelled n/N
    screens/<name>.<w>.png  the HTML as a reader scrolls it at width w
    pages/<fmt>/<name>-N.png  each page, for a closer look
    SUMMARY.md            page counts per format and every page-check finding

Exit 0 when every check passes, 1 when some finding is listed (all images are written either
way), 2 when an engine is missing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from skillwage_docs.base.errors import SkillwageError
from skillwage_docs.checks.validate import binding_minimum
from skillwage_docs.formats.pdf import font_dirs
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.inputs.minimum_wage import load_minimum_wages
from skillwage_docs.pipeline.build import build
from skillwage_docs.text.compose import compose
from skillwage_docs.text.document import Document
from skillwage_docs.text.kinds import KINDS
from tests.pages.pagecheck import check_page_counts, check_pdf, page_count
from tests.pages.spacing import BROWSER_LETTER_SPACED, LETTER_SPACED

from .engines import EngineMissing, chromium, docx_to_pdf, missing_tools, pdf_to_png

ROOT = Path(__file__).resolve().parents[2]
FORMATS = (
    ("pdf", "PDF（Typst）"),
    ("docx", "DOCX → LibreOffice"),
    ("html", "HTML → Chromium 打印"),
)
SCREEN_WIDTHS = (1280, 390)
GAP = 12
LABEL = 22


@dataclass
class Proof:
    """One document (an agreement, filled or blank) and what its three printings showed."""

    name: str  # manufacturing, manufacturing.blank
    document: Document
    pdfs: dict[str, Path] = field(default_factory=dict)  # format → the PDF as printed
    pages: dict[str, int] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Noto Sans CJK SC for the labels (the titles are Chinese), else Pillow's own face."""
    for folder in font_dirs():
        face = Path(folder) / "NotoSansCJK-Regular.ttc"
        if face.is_file():
            return ImageFont.truetype(str(face), size, index=2)  # SC in the collection
    return ImageFont.load_default(size=size)


def contact_sheet(rows: list[tuple[str, list[Path]]], title: str, target: Path) -> Path:
    """Rows of page thumbnails, each row headed by its format, each page labelled n/N."""
    images = [[Image.open(p).convert("RGB") for p in pngs] for _, pngs in rows]
    cell_w = max((im.width for row in images for im in row), default=100)
    cell_h = max((im.height for row in images for im in row), default=100)
    head = 180
    width = head + max((len(row) for row in images), default=1) * (cell_w + GAP) + GAP
    height = LABEL * 2 + len(rows) * (cell_h + LABEL + GAP) + GAP
    sheet = Image.new("RGB", (width, height), (200, 200, 200))
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP, GAP), title, fill=(0, 0, 0), font=_font(18))
    y = LABEL * 2
    for (label, _), row in zip(rows, images, strict=True):
        draw.text((GAP, y + cell_h // 2), label, fill=(0, 0, 0), font=_font(15))
        for index, image in enumerate(row):
            x = head + index * (cell_w + GAP)
            sheet.paste(image, (x, y))
            caption = f"{index + 1}/{len(row)}"
            draw.text(
                (x + cell_w // 2 - 12, y + cell_h + 3), caption, fill=(0, 0, 0), font=_font(14)
            )
        y += cell_h + LABEL + GAP
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, optimize=True)
    return target


def _documents(contexts: Path, region: str) -> list[Proof]:
    """Every document kind of every agreement, filled and blank (issue 22: the packet's papers
    were never proofed), named as the build names its files (`<slug><suffix>[.blank]`)."""
    proofs = []
    table = load_minimum_wages(contexts / "minimum_wages")
    for item in load_agreements(contexts, region):
        slug, minimum = item.agreement.slug, binding_minimum(item.agreement, table)
        for kind in KINDS.values():
            for blank in (False, True) if kind.blank else (False,):
                document = compose(item.agreement, minimum=minimum, blank=blank, kind=kind.name)
                name = f"{slug}{kind.suffix}{'.blank' if blank else ''}"
                proofs.append(Proof(name, document))
    return proofs


def make_proofs(contexts: Path, region: str, out: Path, dpi: int) -> list[Proof]:
    outputs = out / "outputs"
    build(contexts, out=outputs, regions=[region], blank=True, jobs=1)
    source = outputs / region
    proofs = _documents(contexts, region)
    print(f"LibreOffice：打印 {len(proofs)} 份 DOCX …", flush=True)
    docx_pdfs = docx_to_pdf(
        [source / f"{p.name}.docx" for p in proofs], out / "docx-pdf", out / "profiles" / "lo"
    )
    print(f"Chromium：打印 {len(proofs)} 份 HTML，截屏 {SCREEN_WIDTHS} …", flush=True)
    with chromium(out / "profiles" / "chromium") as browser:
        for proof, docx_pdf in zip(proofs, docx_pdfs, strict=True):
            html = source / f"{proof.name}.html"
            proof.pdfs = {
                "pdf": source / f"{proof.name}.pdf",
                "docx": docx_pdf,
                "html": browser.print_pdf(html, out / "html-pdf" / f"{proof.name}.pdf"),
            }
            for width in SCREEN_WIDTHS:
                browser.screenshot(html, out / "screens" / f"{proof.name}.{width}.png", width)
    print("poppler：逐页成图，检查 …", flush=True)
    for proof in proofs:
        rows = []
        for fmt, label in FORMATS:
            pdf = proof.pdfs[fmt]
            pngs = pdf_to_png(pdf, out / "pages" / fmt / proof.name, dpi=dpi)
            proof.pages[fmt] = page_count(pdf)
            limit = BROWSER_LETTER_SPACED if fmt == "html" else LETTER_SPACED
            proof.findings += [f"[{fmt}] {f}" for f in check_pdf(pdf, proof.document, limit)]
            rows.append((label, pngs))
        proof.findings += check_page_counts(proof.pages["pdf"], proof.pages["docx"], proof.name)
        contact_sheet(rows, f"{proof.name} — {proof.document.title}", out / f"{proof.name}.png")
    return proofs


def summary(proofs: list[Proof], out: Path) -> str:
    lines = [
        "# Proofs",
        "",
        "Page counts per format (DOCX as LibreOffice prints it, HTML as Chromium prints it to A4)",
        "and the findings of skillwage_docs/formats/pagecheck.py. Contact sheets: `<name>.png`.",
        "",
        "| document | PDF | DOCX | HTML | findings |",
        "|---|---|---|---|---|",
    ]
    for p in proofs:
        pages = " | ".join(str(p.pages.get(fmt, "?")) for fmt, _ in FORMATS)
        lines.append(f"| {p.name} | {pages} | {len(p.findings) or '—'} |")
    findings = [f for p in proofs for f in p.findings]
    lines += ["", f"## Findings ({len(findings)})", ""]
    lines += [f"- {finding}" for finding in findings] or ["None."]
    text = "\n".join(lines) + "\n"
    (out / "SUMMARY.md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contexts", type=Path, default=ROOT / "contexts")
    parser.add_argument("--region", default="yangquan")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "proofs")
    parser.add_argument("--dpi", type=int, default=40, help="contact-sheet resolution")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(f"缺少：{'；'.join(missing)}", file=sys.stderr)
        return 2
    try:
        proofs = make_proofs(args.contexts, args.region, args.out, args.dpi)
    except SkillwageError as err:
        print("\n".join(err.lines()), file=sys.stderr)
        return err.exit_code
    except EngineMissing as err:
        print(err, file=sys.stderr)
        return 2
    print(summary(proofs, args.out))
    print(f"接触印样：{args.out}/<name>.png")
    return 1 if any(p.findings for p in proofs) else 0


if __name__ == "__main__":
    sys.exit(main())
