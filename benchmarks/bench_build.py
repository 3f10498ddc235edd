"""Bulk regeneration at scale: cold build, no-op rebuild, one province's minimum wage changed.

Generates a synthetic corpus (benchmarks/make_corpus.py: N regions × 5 agreements, drawn from
the real minimum-wage files) and builds it as `make contracts` does: the contract and the
bargaining packet's papers, filled and blank, in all three formats, on all cores, with the
read-back check on. Beside it, in the same run, the bare engines (docxtpl, Jinja, Typst on
prepared input, one reused engine each) render the same documents the build rendered — every
filled document and each distinct blank once — and the cold build is printed as a ratio to
their time divided by the number of workers. Then the no-op rebuild, a rebuild after a province's
table changed (the province of the first region), and peak memory (the parent, and the largest worker).

Run: .venv/bin/python benchmarks/bench_build.py [--regions 40] [--jobs 2] [--sample 6]
     (`--regions 1 --sample 1` is the smoke test CI runs: tests/test_benchmarks.py)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from skillwage_docs.checks.validate import binding_minimum  # noqa: E402
from skillwage_docs.inputs.loader import load_agreements  # noqa: E402
from skillwage_docs.inputs.minimum_wage import load_minimum_wages  # noqa: E402
from skillwage_docs.pipeline.build import BuildResult, build  # noqa: E402
from skillwage_docs.pipeline.jobs import blank_document  # noqa: E402
from skillwage_docs.pipeline.targets import file_targets  # noqa: E402
from skillwage_docs.text.compose import compose  # noqa: E402
from skillwage_docs.text.document import Document  # noqa: E402
from skillwage_docs.text.kinds import KINDS  # noqa: E402

T = TypeVar("T")
FORMATS = ("docx", "html", "pdf")


def peak_mb(who: int) -> float:
    """Peak resident memory in MB: this process (the build's parent) or its largest child."""
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the build's workers), user and
    system: unlike wall time, barely moved by what else the shared machine is doing."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, function: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    print(f"{label:<60}{seconds:>9.2f} s", flush=True)
    return seconds, result


def rendered_documents(contexts: Path) -> dict[str, list[Document]]:
    """kind (and "kind.blank") → the documents a cold build renders: each agreement's filled
    documents, and each distinct blank text once (the build renders it once and links it)."""
    table = load_minimum_wages(contexts / "minimum_wages")
    regions = sorted(p.name for p in contexts.iterdir() if (p / "region.yaml").is_file())
    documents: dict[str, list[Document]] = {}
    blanks: dict[str, dict[str, Document]] = {}
    for region in regions:
        for item in load_agreements(contexts, region):
            minimum = binding_minimum(item.agreement, table)
            for kind in KINDS.values():
                filled = compose(item.agreement, minimum=minimum, kind=kind.name)
                documents.setdefault(kind.name, []).append(filled)
                if kind.blank:  # as the build tells its blank texts apart
                    blank, digest = blank_document(item, minimum, kind.name)
                    blanks.setdefault(kind.name, {}).setdefault(digest, blank)
    for kind, distinct in blanks.items():
        documents[f"{kind}.blank"] = list(distinct.values())
    return documents


def bare_engines() -> dict[str, Callable[[Document], object]]:
    """Each engine alone on prepared input (the writers' layout view), reused across calls."""
    import io

    import jinja2
    import jinja2.sandbox
    import typst
    from docxtpl import DocxTemplate

    from skillwage_docs.formats.docx import _environment
    from skillwage_docs.formats.pdf import TypstWriter, document_json, font_dirs
    from skillwage_docs.formats.view import document_view
    from skillwage_docs.text.environment import TEMPLATES

    docx_template = DocxTemplate(str(TEMPLATES / "layouts" / "contract.docx"))
    docx_env = jinja2.sandbox.ImmutableSandboxedEnvironment(autoescape=True)
    ours = _environment()
    docx_env.filters.update(ours.filters)
    docx_env.tests.update(ours.tests)
    docx_env.globals.update(ours.globals)
    docx_env.finalize = ours.finalize

    def docx(document: Document) -> object:
        docx_template.render({"document": document_view(document)}, jinja_env=docx_env)
        buffer = io.BytesIO()
        docx_template.save(buffer)
        return buffer

    # HTML: Jinja over the same layout template (its filters are the layout), nothing else.
    from skillwage_docs.formats.html import HtmlWriter, layout_environment

    layout = layout_environment().get_template(HtmlWriter.template_name)

    def html(document: Document) -> object:
        return layout.render(document=document)

    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=font_dirs()
    )
    compiler = typst.Compiler(
        str(TypstWriter.layout), root=str(TypstWriter.layout.parent), font_paths=fonts
    )

    def pdf(document: Document) -> object:
        return compiler.compile(format="pdf", sys_inputs={"document": document_json(document)})

    return {"docx": docx, "html": html, "pdf": pdf}


def bare_seconds(documents: dict[str, list[Document]], sample: int) -> tuple[float, float, int]:
    """Wall and CPU seconds the bare engines take for every document (a median over up to
    `sample` of each kind, times the kind's count), and the count of documents."""
    engines = bare_engines()
    total = cpu_total = 0.0
    count = 0
    for fmt, engine in engines.items():
        engine(next(iter(documents.values()))[0])  # warm-up: template compilation, fonts
        for docs in documents.values():
            step = max(1, len(docs) // sample)
            times, cpu = [], []
            for document in docs[::step][:sample]:
                start, start_cpu = time.perf_counter(), time.process_time()
                engine(document)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            total += statistics.median(times) * len(docs)
            cpu_total += statistics.median(cpu) * len(docs)
            count += len(docs) if fmt == "pdf" else 0  # the same documents in each format
    return total, cpu_total, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=6, help="documents per kind, bare time")
    parser.add_argument(
        "--no-verify", dest="verify", action="store_false", help="skip reading outputs back"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="skillwage-bench-") as tmp:
        contexts = make_corpus(Path(tmp) / "contexts", args.regions)
        out = Path(tmp) / "build"
        count = args.regions * 5
        per_agreement = len(file_targets(FORMATS, True, True))
        checked = "read back and checked" if args.verify else "no read-back check"
        print(
            f"corpus: {args.regions} regions × 5 = {count} agreements; contract and packet, "
            f"filled and blank, 3 formats ({per_agreement} files each); {args.jobs} workers; "
            f"{checked}\n",
            flush=True,
        )

        def run() -> BuildResult:
            return build(
                contexts, out=out, jobs=args.jobs, verify=args.verify, blank=True, packet=True
            )

        cpu_before = cpu_seconds()
        cold, result = timed(f"cold build ({count * per_agreement} files)", run)
        cold_cpu = cpu_seconds() - cpu_before
        assert len(result.rebuilt) == count * per_agreement, len(result.rebuilt)
        distinct, blank_renders = result.blank_texts, result.blanks_rendered
        parent_cold = peak_mb(resource.RUSAGE_SELF)
        worker = peak_mb(resource.RUSAGE_CHILDREN)
        noop, again = timed("no-op rebuild", run)
        assert not again.rebuilt
        # the province of the corpus's first region: its table edited, its agreements rebuilt
        first = (contexts / "r0000" / "region.yaml").read_text(encoding="utf-8")
        code = first.split("province_code: ", 1)[1].split()[0]
        table = contexts / "minimum_wages" / f"{code}.yaml"
        table.write_text(table.read_text(encoding="utf-8") + "\n# 修订\n", encoding="utf-8")
        changed, after = timed(f"rebuild after {code}'s table changed", run)
        documents = rendered_documents(contexts)

    bare, bare_cpu, renders = bare_seconds(documents, args.sample)
    bare_wall = bare / args.jobs
    print(f"  → {len(after.rebuilt)} files rebuilt after {code}'s change\n")
    print(f"documents rendered:   {renders} per format ({distinct} distinct blank texts; "
          f"{blank_renders} blank files rendered, the rest linked)")  # fmt: skip
    print(f"bare engines:         {bare:.1f} s on one core → {bare_wall:.1f} s on {args.jobs}")
    print(f"cold build:           {cold:.1f} s → {cold / bare_wall:.2f}x the bare engines (wall)")
    print(
        f"cold build, CPU:      {cold_cpu:.1f} s against the bare engines' {bare_cpu:.1f} s"
        f" → {cold_cpu / bare_cpu:.2f}x (CPU time: what a busy machine moves least)"
    )
    print(f"no-op rebuild:        {noop:.2f} s for {count} agreements")
    print(f"one province changed: {changed:.1f} s")
    print(f"peak memory:          parent {parent_cold:.0f} MB, largest worker {worker:.0f} MB")


if __name__ == "__main__":
    main()
