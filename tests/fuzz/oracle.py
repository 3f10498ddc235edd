"""Run one generated agreement through the real CLI entry point and judge the outcome.

The invariant (issue 7): hostile or broken input ends in exactly one of
- exit 2 (InputError) or exit 1 (ValidationFailed) with clear `file:line: field: message`
  lines, no traceback, and nothing published; or
- exit 0 with a DOCX, an HTML and a PDF that are well-formed, whose every wage figure is above
  the legal minimum, whose text contains every injected string literally, and whose structure
  (chapters, signature columns) is the template's, not the data's.
Where the generator knows which of these to expect, the exit code must match it too.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from skillwage_docs.app.cli import main
from skillwage_docs.base.figures import yuan
from skillwage_docs.inputs.agreement import wage_figures
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.inputs.minimum_wage import load_minimum_wages

from ..readback import docx_text, html_text, pdf_text, squash
from .strategies import MINIMUM_HOURLY, MINIMUM_MONTHLY, Case, shown

__all__ = ["Outcome", "judge", "run_cli", "workspace"]

ROOT = Path(__file__).resolve().parents[2]
CONTEXTS = ROOT / "contexts"
AGREEMENT = "fuzz"
TEMPLATE = ROOT / "templates" / "clauses" / "contract.md.j2"
# The chapter titles the clause template can produce: anything else was forged by data.
CHAPTERS = frozenset(
    line[3:].strip()
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines()
    if line.startswith("## ") and "{" not in line
)
SIGNATURE_COLUMNS = 2
# A line the CLI prints for a failure: `file:line: …`, or the one-line summary.
_CLEAR = re.compile(
    r"^(\S[^:]*\.yaml(:\d+)?: \S.*|\d+ (处输入错误|份合同校验未通过).*|PDF 字体缺少 \d+ 个字符.*)$"
)
LONG_WORDS_WRAP = True
# Text a PDF extractor gives back faithfully: ASCII, CJK, fullwidth and CJK punctuation.
_PDF_FAITHFUL = re.compile(r"[\x21-\x7e\u3001-\u303f\u4e00-\u9fff\uff01-\uff5e]*")


@dataclass(frozen=True)
class Outcome:
    """`kind` is ok / input / validation for a correct run, or names the bug found."""

    kind: str
    code: int | str
    detail: str = ""

    @property
    def bug(self) -> bool:
        return self.kind not in ("ok", "input", "validation", "unprintable")


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """`skillwage_docs.app.cli.main(args)` → (exit code, stdout, stderr). Other exceptions escape.

    Hypothesis cannot use pytest's function-scoped `capsys`, so the streams are redirected
    here; click resolves sys.stderr at each call, so this captures what a terminal would see.
    """
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(args)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return code, out.getvalue(), err.getvalue()


@contextmanager
def workspace() -> Iterator[Path]:
    """A private contexts/ with the real yangquan region and minimum-wage tables only."""
    with tempfile.TemporaryDirectory(prefix="skillwage-fuzz-") as folder:
        base = Path(folder)
        shutil.copytree(CONTEXTS / "minimum_wages", base / "contexts" / "minimum_wages")
        (base / "contexts" / "yangquan").mkdir()
        shutil.copy(CONTEXTS / "yangquan" / "region.yaml", base / "contexts" / "yangquan")
        yield base


def _visible(text: str) -> str:
    """What must survive into every format: every character escape_markup keeps, whitespace
    aside (tabs become spaces, ends are stripped, lines wrap)."""
    return squash(shown(text))


def _clear_failure(stderr: str, own_line: bool) -> str | None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "exit code without a message"
    if "Traceback" in stderr:
        return "traceback"
    unclear = [line for line in lines if not _CLEAR.match(line)]
    if unclear:
        return f"unclear line {unclear[0][:200]!r}"
    # A generated defect sits in fuzz.yaml, so some line must point into it; a byte mutation
    # may instead break a lookup elsewhere (a year the minimum-wage table lacks).
    pattern = rf"{AGREEMENT}\.yaml:\d+: " if own_line else r"\.yaml(:\d+)?: "
    if not any(re.search(pattern, line) for line in lines):
        return f"no line names the file and line ({pattern})"
    return None


def judge(case: Case, base: Path) -> Outcome:
    """Write `case` as contexts/yangquan/fuzz.yaml under `base`, render, and check."""
    contexts, out = base / "contexts", base / "build"
    path = contexts / "yangquan" / f"{AGREEMENT}.yaml"
    path.write_bytes(case.text if isinstance(case.text, bytes) else case.text.encode("utf-8"))
    code, _, stderr = run_cli(
        ["--contexts", str(contexts), "render", "yangquan", "--out", str(out), "--force"]
    )
    expected = case.expected
    published = sorted(p.name for p in (out / "yangquan").glob("*")) if out.is_dir() else []
    if code in (1, 2):
        kind = "input" if code == 2 else "validation"
        problem = _clear_failure(stderr, own_line=expected is not None)
        if problem:
            return Outcome("unclear-error", code, problem)
        if published:
            return Outcome("published-on-failure", code, ", ".join(published))
        if expected is not None and code != expected:
            return Outcome("wrong-exit-code", code, f"expected {expected}; {stderr[-400:]}")
        return Outcome(kind, code)
    if code == 3 and "PDF 字体无法排印" in stderr:
        # Issue 13: a character no font can draw (emoji, CJK Ext-B) is refused, never printed
        # as an empty box: correct only as `fuzz.yaml:line: field: …` naming the character,
        # with nothing published.
        problem = _clear_failure(stderr, own_line=True)
        if problem or not re.search(r"fuzz\.yaml:\d+: [^:]+: PDF 字体无法排印[“（]", stderr):
            return Outcome("unclear-error", code, problem or stderr[-400:])
        if published:
            return Outcome("published-on-failure", code, ", ".join(published))
        return Outcome("unprintable", code)
    if code != 0:
        return Outcome("bad-exit-code", code, stderr[-600:])
    if expected not in (None, 0):
        why = case.input_defects + case.rule_defects
        return Outcome("accepted-bad-input", code, "; ".join(why))
    return _check_documents(case, out / "yangquan", base) or _check_figures(contexts)


def _check_figures(contexts: Path) -> Outcome:
    """Every figure of the published agreement against the table's minimum, computed here
    rather than by the rules under test (covers byte mutations, whose figures are unknown)."""
    agreement = load_agreements(contexts, "yangquan")[0].agreement
    table = load_minimum_wages(contexts / "minimum_wages")
    minimum = table.in_force(
        agreement.region.province_code, agreement.covered_areas, agreement.term.start
    )
    for name, value in wage_figures(agreement).items():
        if name.endswith("·月") and value <= minimum.monthly:
            return Outcome("published-below-minimum", 0, f"{name} {value} ≤ {minimum.monthly}")
        if name.endswith("·小时") and minimum.hourly is not None and value <= minimum.hourly:
            return Outcome("published-below-minimum", 0, f"{name} {value} ≤ {minimum.hourly}")
    return Outcome("ok", 0)


def _check_documents(case: Case, folder: Path, base: Path) -> Outcome | None:
    try:
        html = (folder / f"{AGREEMENT}.html").read_bytes()
        docx = (folder / f"{AGREEMENT}.docx").read_bytes()
        pdf = (folder / f"{AGREEMENT}.pdf").read_bytes()
    except OSError as err:
        return Outcome("missing-output", 0, str(err))
    if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-64:]:
        return Outcome("broken-pdf", 0)
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            if archive.testzip() is not None:
                return Outcome("broken-docx", 0)
        texts = {"html": html_text(html), "docx": docx_text(docx), "pdf": pdf_text(pdf, base)}
    except Exception as err:  # a reader choking on our output is the finding
        return Outcome("unreadable-output", 0, f"{type(err).__name__}: {err}")
    page = html.decode("utf-8")
    if "<script" in page.lower() or "<img" in page.lower():
        return Outcome("html-injection", 0)
    chapters = re.findall(r'<h2><span class="chapter-no">[^<]*</span>([^<]*)</h2>', page)
    forged = [title for title in chapters if title.strip() not in CHAPTERS]
    if forged:
        return Outcome("forged-structure", 0, f"chapters {forged}")
    columns = page.count('class="signature-column"')
    if columns != SIGNATURE_COLUMNS:
        return Outcome("forged-structure", 0, f"{columns} signature columns")
    squashed = {fmt: squash(text) for fmt, text in texts.items()}
    for name, value in case.literals.items():
        wanted = _visible(value)
        for fmt in ("html", "docx"):
            if wanted not in squashed[fmt]:
                return Outcome("text-not-literal", 0, f"{fmt} {name}={value!r}")
        # Table cells wrap inside their column, and pdftotext -layout interleaves the columns
        # line by line: only text set in running paragraphs reads back contiguously.
        in_table = name.startswith(("occupations", "categories"))
        # Bug 13 of the robustness report: a Latin run too long for the line (in the 22 pt
        # title, about 35 characters) does not wrap in the PDF and is cut at the page edge.
        # Set LONG_WORDS_WRAP once the Typst layout breaks them.
        too_long = not LONG_WORDS_WRAP and re.search(r"[\x21-\x7e]{16,}", value)
        faithful = _PDF_FAITHFUL.fullmatch(wanted) and not too_long
        if not in_table and faithful and wanted not in squashed["pdf"]:
            return Outcome("text-not-literal", 0, f"pdf {name}={value!r}")
    low = [v for v in case.monthly if v <= MINIMUM_MONTHLY]
    low += [v for v in case.hourly if v <= MINIMUM_HOURLY]
    if low:
        return Outcome("published-below-minimum", 0, ", ".join(map(str, low)))
    for figure in (*case.monthly, *case.hourly):
        if yuan(figure) not in squashed["html"]:
            return Outcome("figure-missing", 0, yuan(figure))
    return None


def describe(case: Case) -> str:
    """The case as a reader needs it to reproduce: classes and the file text."""
    text = case.text if isinstance(case.text, str) else case.text.decode("utf-8", "replace")
    shown = "".join(
        ch if ch.isprintable() or ch == "\n" else f"\\u{ord(ch):04x}" for ch in text[:3000]
    )
    return f"classes: {sorted(case.classes)}\n{shown}"
