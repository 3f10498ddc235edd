"""The approved page images and how a new rendering is compared with them (issue 13).

A few pages only — the first page, the page holding 表1, the page holding the signature
block, of one filled and one blank text as PDF, and the first and signature pages of the DOCX
as LibreOffice prints it — found by their content, not their number, so a clause rewritten
upstream moves no target. Each page is rendered in grey at DPI and compared pixel by pixel:

    a pixel differs when its grey level moves by more than THRESHOLD (of 255), and a page
    passes when at most TOLERANCE of its pixels differ (and its size is the same).

At 50 dpi one changed ideograph of body text is ~40 such pixels (0.017 % of an A4 page), a
line moved by one pitch several thousand, so the tolerance absorbs anti-aliasing drift between
poppler or FreeType versions and one-character edits, and catches anything a typesetter
would see. Approving a change (after looking at the diff images) is one command:

    make approve-proofs        (.venv/bin/python -m tests.visual.approve)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

from skillwage_docs.checks.validate import binding_minimum
from skillwage_docs.formats import writer_for
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.inputs.minimum_wage import load_minimum_wages
from skillwage_docs.text.compose import compose
from skillwage_docs.text.document import Document, Table
from skillwage_docs.text.kinds import CONTRACT, KINDS
from tests.pages.pagecheck import pdf_lines

from .engines import docx_to_pdf, page_holding, pdf_to_png

ROOT = Path(__file__).resolve().parents[2]
CONTEXTS = ROOT / "contexts"
REFERENCES = Path(__file__).resolve().parent / "references"
DIFFS = ROOT / "build" / "visual-diff"
REGION = "yangquan"
SLUG = "manufacturing"
DPI = 50
THRESHOLD = 48
TOLERANCE = 0.0025  # 0.25 % of the page's pixels
APPROVE = "make approve-proofs"


@dataclass(frozen=True)
class Target:
    blank: bool
    fmt: str  # "pdf" (Typst) or "docx" (printed by LibreOffice)
    page: str  # "first", "table", "signature"
    kind: str = CONTRACT  # a document kind (text/kinds.py)

    @property
    def stem(self) -> str:
        kind = "" if self.kind == CONTRACT else f".{self.kind}"
        return f"{SLUG}{kind}{'.blank' if self.blank else ''}"

    @property
    def name(self) -> str:
        return f"{self.stem}.{self.fmt}.{self.page}"

    @property
    def title(self) -> str:
        what = {"first": "首页", "table": "表1所在页", "signature": "签字页"}[self.page]
        return f"{self.stem}.{self.fmt} {what}"


# The contract's key pages, and the first page of every other kind (issue 22: the papers were
# never proofed), as the PDF sets them.
TARGETS = (
    *(
        Target(blank, "pdf", page)
        for blank in (False, True)
        for page in ("first", "table", "signature")
    ),
    Target(False, "docx", "first"),
    Target(False, "docx", "signature"),
    *(Target(False, "pdf", "first", kind) for kind in KINDS if kind != CONTRACT),
)


@dataclass(frozen=True)
class Rendered:
    target: Target
    png: Path | None  # None: the page was not found
    page: int | None
    problem: str = ""


def manufacturing_documents(kind: str = CONTRACT) -> dict[bool, Document]:
    agreement = load_agreements(CONTEXTS, REGION, [SLUG])[0].agreement
    minimum = binding_minimum(agreement, load_minimum_wages(CONTEXTS / "minimum_wages"))
    return {
        blank: compose(agreement, minimum=minimum, blank=blank, kind=kind)
        for blank in (False, True)
    }


def _anchor(document: Document, page: str) -> tuple[str, bool] | None:
    """The printed text that starts a line on the wanted page, and whether to take its last
    occurrence: 表1's caption title (poppler splits 表1 from it at the U+3000), or the first
    signature label (the block is never split)."""
    if page == "table":
        tables = [b for a in document.articles() for b in a.blocks if isinstance(b, Table)]
        return (tables[0].caption.split("\u3000")[-1], False) if tables else None
    if page == "signature" and document.signature and document.signature[0].lines:
        return document.signature[0].lines[0][0], True
    return None


def render(work: Path) -> list[Rendered]:
    """Every target rendered into `work` as a grey PNG at DPI."""
    documents = manufacturing_documents()
    pdfs: dict[tuple[bool, str], Path] = {}
    for blank, document in documents.items():
        pdf = work / f"{SLUG}{'.blank' if blank else ''}.pdf"
        pdf.write_bytes(writer_for("pdf").render(document))
        pdfs[blank, "pdf"] = pdf
    if any(t.fmt == "docx" for t in TARGETS):
        docx = work / "docx" / f"{SLUG}.docx"
        docx.parent.mkdir(parents=True, exist_ok=True)
        docx.write_bytes(writer_for("docx").render(documents[False]))
        pdfs[False, "docx"] = docx_to_pdf([docx], work / "docx-pdf", work / "lo-profile")[0]
    for target in TARGETS:
        if target.kind != CONTRACT and (target.blank, target.kind) not in pdfs:
            pdf = work / f"{target.stem}.pdf"
            pdf.write_bytes(
                writer_for("pdf").render(manufacturing_documents(target.kind)[target.blank])
            )
            pdfs[target.blank, target.kind] = pdf
    out = []
    for target in TARGETS:
        pdf = pdfs[target.blank, target.kind if target.kind != CONTRACT else target.fmt]
        page: int | None = 1
        if target.page != "first":
            anchor = _anchor(documents[target.blank], target.page)
            page = None
            if anchor is not None:
                page = page_holding(pdf_lines(pdf), anchor[0], last=anchor[1])
            if page is None:
                out.append(Rendered(target, None, None, f"{target.title}：找不到该页（{anchor}）"))
                continue
        png = pdf_to_png(pdf, work / "png" / target.name, dpi=DPI, page=page, gray=True)[0]
        out.append(Rendered(target, png, page))
    return out


def difference(actual: Path, reference: Path) -> tuple[float, Image.Image | None]:
    """The share of pixels whose grey level moved by more than THRESHOLD, and an image
    (reference | actual | differing pixels in red over the reference) when it is not zero."""
    new, old = Image.open(actual).convert("L"), Image.open(reference).convert("L")
    if new.size != old.size:
        return 1.0, _side_by_side(old, new, None)
    mask = ImageChops.difference(new, old).point(lambda level: 255 if level > THRESHOLD else 0)
    changed = mask.histogram()[255] / (new.width * new.height)
    return changed, (_side_by_side(old, new, mask) if changed else None)


def _side_by_side(old: Image.Image, new: Image.Image, mask: Image.Image | None) -> Image.Image:
    marked = old.convert("RGB")
    if mask is not None:
        marked.paste((220, 0, 0), mask=mask)
    width, height = old.width + new.width + marked.width + 20, max(old.height, new.height)
    sheet = Image.new("RGB", (width, height), (128, 128, 128))
    for x, image in ((0, old), (old.width + 10, new), (old.width + new.width + 20, marked)):
        sheet.paste(image.convert("RGB"), (x, 0))
    return sheet


def compare(rendered: list[Rendered]) -> list[str]:
    """One line per page that differs from its approved image; a diff image for each."""
    problems = []
    for item in rendered:
        if item.png is None:
            problems.append(item.problem)
            continue
        reference = REFERENCES / f"{item.target.name}.png"
        where = f"{item.target.title}（第{item.page}页）"
        if not reference.is_file():
            problems.append(f"{where}：没有参考图 {reference.name}；看过后运行 {APPROVE}")
            continue
        share, image = difference(item.png, reference)
        if share <= TOLERANCE:
            continue
        DIFFS.mkdir(parents=True, exist_ok=True)
        diff = DIFFS / f"{item.target.name}.png"
        assert image is not None
        image.save(diff)
        problems.append(
            f"{where}：{share:.2%} 的像素灰度变化超过 {THRESHOLD}/255（允许 {TOLERANCE:.2%}）；"
            f"对比图（参考｜现在｜差异）{diff.relative_to(ROOT)}；确认无误后运行 {APPROVE}"
        )
    return problems


def approve(rendered: list[Rendered]) -> list[str]:
    """Make the rendered pages the references (and drop references no target uses)."""
    missing = [item.problem for item in rendered if item.png is None]
    if missing:
        raise SystemExit("\n".join(missing))
    REFERENCES.mkdir(parents=True, exist_ok=True)
    wanted = {f"{item.target.name}.png" for item in rendered}
    for old in REFERENCES.glob("*.png"):
        if old.name not in wanted:
            old.unlink()
    written = []
    for item in rendered:
        assert item.png is not None
        # 16 grey levels (an error of at most 8, far under THRESHOLD): a third of the bytes.
        grey = Image.open(item.png).convert("L").point(lambda level: round(level / 17) * 17)
        grey.save(REFERENCES / f"{item.target.name}.png", optimize=True)
        written.append(
            f"{item.target.title}：第{item.page}页 → {REFERENCES.name}/{item.target.name}.png"
        )
    return written
