"""Property-based fuzzing of the whole pipeline (issue 7).

Random and adversarial agreement files (tests/fuzz/strategies.py) go through the real CLI
entry point; tests/fuzz/oracle.py checks that each ends in a clear input or validation error,
or in three well-formed documents with every figure above the minimum and every injected
string shown literally. Example counts are kept small for CI (about 20 s in all);
`make fuzz` (benchmarks/fuzz_campaign.py) runs thousands.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from skillwage_docs.base.errors import InputError
from skillwage_docs.base.publish import safe_output_path
from skillwage_docs.base.yamlsource import load_yaml
from skillwage_docs.text.compose import parse_clauses
from skillwage_docs.text.document import Paragraph, Table
from skillwage_docs.text.environment import escape_markup

from .fuzz.oracle import describe, judge, workspace
from .fuzz.strategies import Case, agreements, mutated_yaml, shown, texts

pytestmark = (
    pytest.mark.slow
)  # many documents, a real reader or a subprocess: make test, not make test-fast

PIPELINE = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PIPELINE
@given(case=agreements())
def test_generated_agreements_give_a_clear_error_or_a_faithful_document(case: Case) -> None:
    with workspace() as base:
        outcome = judge(case, base)
    event(f"outcome: {outcome.kind}")
    assert not outcome.bug, (
        f"{outcome.kind} (exit {outcome.code}): {outcome.detail}\n{describe(case)}"
    )


@settings(PIPELINE, max_examples=100)
@given(case=mutated_yaml())
def test_broken_yaml_gives_a_clear_error_or_a_faithful_document(case: Case) -> None:
    with workspace() as base:
        outcome = judge(case, base)
    event(f"outcome: {outcome.kind}")
    assert not outcome.bug, (
        f"{outcome.kind} (exit {outcome.code}): {outcome.detail}\n{describe(case)}"
    )


@QUICK
@given(raw=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
@example(raw=b"a: !!python/object/apply:os.system [touch /tmp/pwned]")
@example(raw=b"a: &a [*a]")
@example(raw=b"\xff\xfe" + "a: 1".encode("utf-16-le"))
@example(raw=b"[" * 990 + b"]" * 990)
def test_the_loader_raises_only_input_errors(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("yaml") / "any.yaml"
    path.write_bytes(raw)
    try:
        load_yaml(path)
    except InputError as err:
        assert "any.yaml" in err.message and len(err.message) < 400


@QUICK
@given(value=texts())
def test_escaped_values_stay_text_in_the_clause_markup(value: str) -> None:
    """Wherever a value lands on a line — title, article, table cell, signature — the parsed
    document shows it literally and gains no structure from it."""
    escaped = escape_markup(value)
    markup = (
        f"# 标题{escaped}\n## 总则\n### 第一句{escaped}\n| {escaped} | 表头 |\n|---|---|\n"
        f"| {escaped} | 2300 |\n@sign 职工方：{escaped} | 日期：\n"
    )
    document = parse_clauses(markup)
    assert [chapter.title for chapter in document.chapters] == ["总则"]
    assert len(document.articles()) == 1 and len(document.signature) == 1
    [article] = document.articles()
    paragraph, table = article.blocks
    assert isinstance(paragraph, Paragraph) and isinstance(table, Table)
    text = shown(value)
    assert document.title == "标题" + text.rstrip()
    assert paragraph.text == "第一句" + text.rstrip()
    assert table.header == (text.strip(), "表头") and table.rows == ((text.strip(), "2300"),)
    assert document.signature[0].lines[0] == ("职工方：", text.rstrip())


@settings(QUICK, max_examples=100)
@given(value=texts(), separator=st.sampled_from(list("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")))
def test_no_line_boundary_forges_a_chapter(value: str, separator: str) -> None:
    markup = f"# 标题\n## 总则\n### 条文{escape_markup(value + separator + '## 伪造章')}\n"
    document = parse_clauses(markup)
    assert [chapter.title for chapter in document.chapters] == ["总则"]


@QUICK
@given(name=st.text(max_size=30))
@example(name="..")
@example(name="nul.html")
@example(name="\x00")
def test_output_paths_never_leave_the_output_folder(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    out = tmp_path_factory.mktemp("out")
    try:
        target = safe_output_path(out, "yangquan", name)
    except InputError:
        return
    assert target.parent == out / "yangquan" and target.name == name
    assert target.resolve().is_relative_to(out.resolve())
    reserved = ("con", "nul", "aux", "prn")
    assert not name.startswith(".") and name.split(".")[0].lower() not in reserved
