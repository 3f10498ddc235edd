"""Import an existing Word model text as a first draft of a clause template (pandoc does the reading)."""

from __future__ import annotations

import re
from pathlib import Path

from ..base.errors import InputError

__all__ = ["import_docx", "to_clause_markup"]

_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+章\s*(.*)$")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇]+条\s*(.*)$")
_EMPHASIS = re.compile(r"\*\*|__")
_NUMBERED = re.compile(r"^\d+\.\s+")


def import_docx(source: Path) -> str:
    """Convert a .docx with pandoc (bundled by pypandoc-binary) and map its structure to clause markup."""
    import pypandoc

    try:
        markdown = pypandoc.convert_file(
            # --standalone keeps the Word "Title" paragraph, which pandoc moves to metadata
            str(source),
            "gfm",
            format="docx",
            extra_args=["--wrap=none", "--standalone"],
        )
    except (RuntimeError, OSError) as err:
        raise InputError(f"{source}: 无法读取 Word 文件（{err}）") from err
    return to_clause_markup(str(markdown))


def to_clause_markup(markdown: str) -> str:
    """Map chapters (第X章) to `##`, articles (第X条) to `###`; numbering is regenerated on render."""
    out = [
        "{#- Imported draft: replace party names, figures and dates with {{ agreement.… }} variables. -#}"
    ]
    title_done = False
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---" and "---" in (x.strip() for x in lines[1:]):
        end = next(i for i, x in enumerate(lines[1:], 1) if x.strip() == "---")
        for meta in lines[1:end]:
            key, _, value = meta.partition(":")
            if key.strip() == "title" and value.strip():
                out.append(f"# {value.strip().strip(chr(34))}")
                title_done = True
        lines = lines[end + 1 :]
    for raw in lines:
        line = _EMPHASIS.sub("", raw.strip()).lstrip("#").strip()
        line = _NUMBERED.sub("- ", line)  # Word's numbered list items become clause items
        if not line:
            continue
        # Keep literal braces inert: the draft is a Jinja template.
        line = line.replace("{", "{{ '{' }}")
        if not title_done:
            out.append(f"# {line}")
            title_done = True
        elif match := _CHAPTER.match(line):
            out.append(f"\n## {match.group(1)}")
        elif match := _ARTICLE.match(line):
            out.append(f"\n### {match.group(1)}")
        else:
            out.append(line)
    return "\n".join(out) + "\n"
