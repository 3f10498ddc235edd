"""Per-document time of our pipeline beside the bare engines, as a ratio, in one run.

Each round renders a different agreement (a synthetic corpus from make_corpus.py), since
Typst's memoisation makes a repeated document several times cheaper than a new one.

bare  = the engine alone on prepared input, reused across calls:
        docxtpl render + save of our Word template; Jinja over our HTML layout template;
        a reused Typst compiler on the prepared JSON.
ours  = compose (clause template → Document) + our writer for that format, as a build runs it.

Run: make bench   (or .venv/bin/python benchmarks/bench_render.py --rounds 60)
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from skillwage_docs.checks.validate import binding_minimum  # noqa: E402
from skillwage_docs.formats import writer_for  # noqa: E402
from skillwage_docs.inputs.loader import load_agreements  # noqa: E402
from skillwage_docs.inputs.minimum_wage import Applicable, load_minimum_wages  # noqa: E402
from skillwage_docs.text.compose import compose  # noqa: E402
from skillwage_docs.text.document import Document  # noqa: E402
from skillwage_docs.text.environment import TEMPLATES  # noqa: E402


def median_ms(function: Callable[[int], object], rounds: int) -> float:
    function(0)  # warm-up: template compilation, font loading
    times = []
    for index in range(rounds):
        start = time.perf_counter()
        function(index)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def distinct_agreements(count: int) -> list[tuple[Any, Applicable]]:
    """`count` different agreements, each with the legal minimum binding it (which the text
    describes): the Yangquan set, figures nudged per synthetic region."""
    import tempfile

    from make_corpus import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "contexts", count // 5 + 1)
        table = load_minimum_wages(corpus / "minimum_wages")
        regions = sorted(p.name for p in corpus.iterdir() if (p / "region.yaml").is_file())
        loaded = [item.agreement for r in regions for item in load_agreements(corpus, r)]
    return [(agreement, binding_minimum(agreement, table)) for agreement in loaded[:count]]


def compose_pair(pair: tuple[Any, Applicable]) -> Document:
    agreement, minimum = pair
    return compose(agreement, minimum=minimum)


def engines(
    agreements: list[tuple[Any, Applicable]],
) -> tuple[dict[str, Callable[[int], object]], dict[str, Callable[[int], object]]]:
    """(bare, ours): per format, a function rendering document i of `agreements`."""
    documents = [compose_pair(pair) for pair in agreements]
    count = len(agreements)
    # ── bare engines ──
    import jinja2
    import jinja2.sandbox
    import typst
    from docxtpl import DocxTemplate

    from skillwage_docs.formats.docx import _environment
    from skillwage_docs.formats.pdf import TypstWriter, document_json, font_dirs
    from skillwage_docs.formats.view import document_view

    docx_template = DocxTemplate(str(TEMPLATES / "layouts" / "contract.docx"))
    # docxtpl as documented: a plain sandboxed environment with the filters our template needs
    # (our writer adds a compiled-template cache on top, which is why it can beat this).
    docx_env = jinja2.sandbox.ImmutableSandboxedEnvironment(autoescape=True)
    docx_env.filters.update(_environment().filters)
    docx_env.tests.update(_environment().tests)
    docx_env.globals.update(_environment().globals)
    docx_env.finalize = _environment().finalize

    # The template lays out the writers' view of a document (writers/view.py): prepared input.
    views = [document_view(d) for d in documents]

    def bare_docx(i: int) -> object:
        docx_template.render({"document": views[i % count]}, jinja_env=docx_env, autoescape=True)
        buffer = io.BytesIO()
        docx_template.save(buffer)
        return buffer

    # HTML: Jinja over our layout template (its filters are the layout), as bench_build.py.
    from skillwage_docs.formats.html import HtmlWriter, layout_environment

    layout = layout_environment().get_template(HtmlWriter.template_name)

    def bare_html(i: int) -> object:
        return layout.render(document=documents[i % count])

    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=font_dirs()
    )
    compiler = typst.Compiler(
        str(TypstWriter.layout), root=str(TypstWriter.layout.parent), font_paths=fonts
    )
    payloads = [document_json(d) for d in documents]

    def bare_pdf(i: int) -> object:
        return compiler.compile(format="pdf", sys_inputs={"document": payloads[i % count]})

    bare = {"docx": bare_docx, "html": bare_html, "pdf": bare_pdf}

    # ── ours ──
    def ours(fmt: str) -> Callable[[int], object]:
        writer = writer_for(fmt)
        return lambda i: writer.render(compose_pair(agreements[i % count]))

    return bare, {fmt: ours(fmt) for fmt in ("docx", "html", "pdf")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    agreements = distinct_agreements(args.rounds + 1)
    count = len(agreements)
    bare, ours = engines(agreements)
    compose_ms = median_ms(lambda i: compose_pair(agreements[i % count]), args.rounds)

    print(f"{args.rounds} different contracts, median per render, one core\n")
    print(f"{'format':<8}{'bare engine':>14}{'ours':>12}{'ratio':>9}")
    total_bare = total_ours = 0.0
    for fmt in ("docx", "html", "pdf"):
        b = median_ms(bare[fmt], args.rounds)
        o = median_ms(ours[fmt], args.rounds)
        total_bare += b
        total_ours += o
        print(f"{fmt:<8}{b:>11.1f} ms{o:>9.1f} ms{o / b:>8.2f}x")
    print(
        f"{'all 3':<8}{total_bare:>11.1f} ms{total_ours:>9.1f} ms{total_ours / total_bare:>8.2f}x"
    )
    print(f"\ncompose alone (clause template → Document): {compose_ms:.2f} ms")


if __name__ == "__main__":
    main()
