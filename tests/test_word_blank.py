"""Issue 21 point 17: a Word blank whose 填写说明 are comments anchored to the clause they explain
(formats/docx_comments.py), so a drafter removes them all in one step."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
from click.testing import CliRunner

from skillwage_docs.formats import writer_for
from skillwage_docs.formats.docx import NOTES_AS_COMMENTS
from skillwage_docs.text.document import Document, Paragraph

from .conftest import compose_for
from .test_cli import _entry
from .test_packet import REAL, blocks, packet


def _notes(document: Document) -> list[str]:
    return [b.text for b in blocks(document) if isinstance(b, Paragraph) and b.style == "note"]


def _with_comments(document: Document) -> bytes:
    return writer_for("docx").render(
        replace(document, meta={**document.meta, "notes": NOTES_AS_COMMENTS})
    )


def test_each_note_becomes_a_comment_on_the_clause_before_it() -> None:
    blank = compose_for(REAL["manufacturing"], blank=True)
    notes = _notes(blank)
    assert len(notes) >= 10  # the contract's blank carries its 填写说明
    data = _with_comments(blank)
    opened = docx.Document(io.BytesIO(data))
    comments = list(opened.comments)
    assert [comment.text for comment in comments] == notes
    assert all(comment.author == "阳泉市总工会" for comment in comments)
    body = [p for p in opened.paragraphs if p.style is not None and p.style.name == "填写说明"]
    assert body == []  # gone from the body: nothing left to delete paragraph by paragraph
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    # each anchored to a paragraph of the text: the range opens and closes around its runs
    assert xml.count("<w:commentRangeStart") == len(notes) == xml.count("<w:commentRangeEnd")
    first = re.search(r'<w:commentRangeStart w:id="0"/>(.*?)<w:commentRangeEnd w:id="0"/>', xml)
    assert first is not None and "本示范文本" not in first.group(1)
    # no clock in the file: the same blank gives the same bytes
    assert _with_comments(blank) == data


def test_without_the_option_the_notes_stay_in_the_body() -> None:
    blank = packet(REAL["yuxian-construction"], "filing", blank=True)
    opened = docx.Document(io.BytesIO(writer_for("docx").render(blank)))
    assert list(opened.comments) == []
    assert any(p.style is not None and p.style.name == "填写说明" for p in opened.paragraphs)


def test_the_command_writes_a_papers_word_blank(contexts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = CliRunner().invoke(
        _entry,
        ["--contexts", str(contexts), "word-blank", "yangquan", "yuxian-construction",
         "--kind", "resubmission", "--out", str(out)],
        catch_exceptions=False,
    )  # fmt: skip
    path = out / "yangquan" / "yuxian-construction.resubmission.blank.comments.docx"
    assert result.exit_code == 0 and result.output.strip() == str(path)
    (comment,) = docx.Document(str(path)).comments
    assert comment.text.startswith(
        "填写说明：审查部门提出异议的，双方就《审查意见书》所列事项逐项重新协商"
    )
    refused = CliRunner().invoke(
        _entry, ["--contexts", str(contexts), "word-blank", "yangquan", "mining", "--kind", "memo"]
    )
    assert refused.exit_code == 2 and "未知的文书种类 'memo'" in refused.output
