"""Import the model text a union already has (.docx, .odt; .doc through LibreOffice) as a first
draft in clause markup (templates/README.md): title, cover lines, chapters, articles, items,
tables, blanks and the signature block.

pandoc (bundled by pypandoc-binary, a core dependency) reads the file into its document tree
(JSON), so the draft is built from structure rather than from Markdown text: an underlined run of
spaces, a run of underscores or a space between two Chinese characters (Word drops underlined
spaces, leaving one) becomes a sized blank, never a raw `<u>` tag or `\\_\\_\\_`. The draft opens
with a note listing what the import could not decide and a person must check.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import InputError

__all__ = ["READERS", "import_docx", "import_model_text", "to_clause_markup"]

# What pandoc reads, by suffix; .doc (Word 97–2003) only through LibreOffice.
READERS = {".docx": "docx", ".odt": "odt"}

_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+章\s*(.*)$")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇]+条\s*(.*)$")
_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_NUMBERED = re.compile(r"^\d+[.、．]\s*")
_COVER = re.compile(r"^(职工方|企业方|甲方|乙方|覆盖企业|行业|区域|适用范围)[：:]")
_SIGN = re.compile(r"（盖章）|（签字）|（签名）|[（(]签章[）)]")
_DATE_LINE = re.compile(r"^[\s　]*年[\s　]*月[\s　]*日")
_UNDERSCORES = re.compile(r"_{3,}|＿{2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_GAP = re.compile(r"[ \u3000]{2,}")
_DATE = re.compile(r"年[ \u3000]*月[ \u3000]*日")
# A run of spaces inside a line (not at its start): a blank whose underline the reader lost
# (an .odt's underlined full-width spaces, Word's underlined spaces).
_INNER_GAP = re.compile(r"(?<=\S)[ \u3000]{2,}(?=\S)|(?<=\S)[ \u3000]{2,}$")
BLANK_TEXT = "（待填）"


@dataclass
class _Draft:
    """Counts kept while reading the tree."""

    blanks: int = 0
    guessed: int = 0  # blanks inferred from a lone space between Chinese characters


def import_model_text(source: Path) -> str:
    """A .docx, .odt or .doc as a clause-markup draft; a .doc needs LibreOffice."""
    suffix = source.suffix.lower()
    if suffix == ".doc":
        return _from_doc(source)
    if suffix not in READERS:
        raise InputError(
            f"{source}: 只能导入 .docx、.odt 或 .doc（.doc 须装有 LibreOffice）；"
            "其他格式请先在 Word 或 WPS 中另存为 .docx"
        )
    return _convert(source, READERS[suffix])


def import_docx(source: Path) -> str:
    """Kept for callers of the first version: a .docx (or .odt) as a clause-markup draft."""
    return import_model_text(source)


def _from_doc(source: Path) -> str:
    """Word 97–2003 (.doc): pandoc cannot read it; LibreOffice converts it when installed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise InputError(
            f"{source}: .doc 是旧版 Word 格式，本工具读不了。请在 Word 或 WPS 中打开它，"
            "“另存为” Word 文档（.docx）后再导入；或安装 LibreOffice，由它自动转换"
        )
    with tempfile.TemporaryDirectory(prefix="skillwage-doc-") as folder:
        profile = Path(folder) / "profile"  # its own profile: runs beside an open LibreOffice
        command = [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=180)
        except (OSError, subprocess.SubprocessError) as err:
            raise InputError(
                f"{source}: LibreOffice 未能把 .doc 转换为 .docx（{err}）；"
                "请在 Word 或 WPS 中另存为 .docx 后再导入"
            ) from err
        converted = Path(folder) / f"{source.stem}.docx"
        if not converted.is_file():
            raise InputError(
                f"{source}: LibreOffice 没有生成 .docx；请在 Word 或 WPS 中另存为 .docx"
            )
        return _convert(converted, "docx", shown=source)


def _convert(source: Path, reader: str, *, shown: Path | None = None) -> str:
    import pypandoc

    try:
        tree = json.loads(pypandoc.convert_file(str(source), "json", format=reader))
    except (RuntimeError, OSError, ValueError) as err:
        raise InputError(f"{shown or source}: 无法读取文件（{err}）") from err
    title = _inline_text(tree.get("meta", {}).get("title", {}).get("c", []), _Draft())
    return to_clause_markup(_blocks(tree.get("blocks", [])), title=title.strip() or None)


# ── pandoc's tree → lines ───────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Line:
    text: str
    table: list[list[str]] | None = None


def _blocks(blocks: Iterable[dict[str, Any]]) -> list[_Line]:
    draft = _Draft()
    return list(_walk(blocks, draft))


def _walk(blocks: Iterable[dict[str, Any]], draft: _Draft) -> Iterator[_Line]:
    for block in blocks:
        kind, content = block.get("t"), block.get("c", [])
        if kind in ("Para", "Plain", "Header"):
            inlines = content[2] if kind == "Header" else content
            yield _Line(_inline_text(inlines, draft))
        elif kind in ("BulletList", "OrderedList"):
            items = content[1] if kind == "OrderedList" else content
            for item in items:
                yield from _walk(item, draft)
        elif kind in ("BlockQuote", "Div"):
            yield from _walk(content if kind == "BlockQuote" else content[1], draft)
        elif kind == "LineBlock":
            for inlines in content:
                yield _Line(_inline_text(inlines, draft))
        elif kind == "Table":
            yield _Line("", _table_rows(content, draft))


def _table_rows(content: list[Any], draft: _Draft) -> list[list[str]]:
    """Header rows, then each body's rows, each cell's text (a merged cell once)."""
    _, _, _, head, bodies, _ = content
    rows = [row for row in head[1]]
    for body in bodies:
        rows += body[2] + body[3]
    out = []
    for row in rows:
        cells = []
        for cell in row[1]:
            text = " ".join(line.text for line in _walk(cell[4], draft)).strip()
            cells.append(text)
        out.append(cells)
    return out


def _inline_text(inlines: Iterable[dict[str, Any]], draft: _Draft) -> str:
    parts: list[str] = []
    items = list(inlines)
    for index, inline in enumerate(items):
        kind, content = inline.get("t"), inline.get("c", "")
        if kind == "Str":
            parts.append(_UNDERSCORES.sub(lambda m: _blank(len(m.group()) // 2, draft), content))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            before = parts[-1][-1:] if parts and parts[-1] else ""
            after = _first_text(items[index + 1 :])
            if kind == "Space" and _CJK.match(before) and _CJK.match(after) and not _label(parts):
                draft.guessed += 1
                parts.append(_blank(4, draft))
            else:
                parts.append(" ")
        elif kind == "Underline":
            text = _inline_text(content, draft)
            if not text.strip(" \u3000"):
                parts.append(_blank(max(2, len(text)), draft))
            else:
                parts.append(text)
        elif kind in ("Strong", "Emph", "Span", "SmallCaps", "Strikeout"):
            parts.append(_inline_text(content[-1] if kind == "Span" else content, draft))
        elif kind == "Quoted":
            parts.append("“" + _inline_text(content[1], draft) + "”")
    return "".join(parts)


def _first_text(items: list[dict[str, Any]]) -> str:
    for inline in items:
        if inline.get("t") == "Str":
            return str(inline["c"])[:1]
        if inline.get("t") != "Space":
            return ""
    return ""


def _label(parts: list[str]) -> bool:
    """The space after 第X章 / 第X条 separates the label from the text: not a blank."""
    return bool(re.fullmatch(r"第[一二三四五六七八九十百零〇]+[章条]", "".join(parts).strip()))


def _blank(size: int, draft: _Draft) -> str:
    draft.blanks += 1
    return f'{{{{ "{BLANK_TEXT}"|size({min(max(size, 2), 30)}) }}}}'


# ── lines → clause markup ───────────────────────────────────────────────────────────────────


def to_clause_markup(lines: Iterable[_Line | str] | str, *, title: str | None = None) -> str:
    """Title `#`, cover lines `+`, chapters `##`, articles `###`, items `-`, tables, the
    signature block `@sign`; every other line a paragraph of the current article."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    out: list[str] = []
    title_done = title is not None
    if title is not None:
        out.append(f"# {title}")
    started = False  # past the cover block: the first chapter or article
    signs: list[list[str]] = []
    counts = {"chapters": 0, "articles": 0, "tables": 0, "blanks": 0, "signs": 0}
    for item in lines:
        line = item if isinstance(item, _Line) else _Line(item)
        if line.table is not None:
            out += ["", *_table_markup(line.table), ""]
            counts["tables"] += 1
            continue
        raw = line.text.strip()
        if not raw:
            continue
        if _SIGN.search(raw) or (signs and _DATE_LINE.match(raw)):
            signs.append(_sign_parts(raw))
            continue
        text = _escape(_INNER_GAP.sub(lambda m: _blank(len(m.group()), _Draft()), raw))
        if not title_done:
            out.append(f"# {text}")
            title_done = True
        elif match := _CHAPTER.match(text):
            out.append(f"\n## {match.group(1)}")
            counts["chapters"] += 1
            started = True
        elif match := _ARTICLE.match(text):
            out.append(f"\n### {match.group(1)}")
            counts["articles"] += 1
            started = True
        elif not started and _COVER.match(text):
            out.append(f"+ {text}")
        elif _ITEM.match(text) or _NUMBERED.match(text):
            out.append(f"- {_NUMBERED.sub('', text)}")
        else:
            out.append(text)
    sign_lines = _sign_markup(signs)
    counts["signs"] = len(sign_lines)
    counts["blanks"] = sum(line.count(BLANK_TEXT) for line in out)
    return "\n".join([_note(counts), *out, *([""] if sign_lines else []), *sign_lines]) + "\n"


def _escape(text: str) -> str:
    """Keep literal braces inert (the draft is a Jinja template) but not our own blanks."""
    pieces = re.split(r"(\{\{ \"" + BLANK_TEXT + r"\"\|size\(\d+\) \}\})", text)
    return "".join(
        piece if index % 2 else piece.replace("{", "{{ '{' }}")
        for index, piece in enumerate(pieces)
    )


def _table_markup(rows: list[list[str]]) -> list[str]:
    out = []
    for number, row in enumerate(rows):
        cells = [_escape(cell).replace("|", "\\|") for cell in row]
        out.append("| " + " | ".join(cells) + " |")
        if number == 0:
            out.append("|" + "---|" * len(row))
    return out


def _sign_parts(text: str) -> list[str]:
    """One line of the signature block split into its columns: each 年 月 日 one part."""
    text = _DATE.sub("日期：", text)
    return [part for part in _GAP.split(text) if part.strip(" \u3000")]


def _sign_markup(rows: list[list[str]]) -> list[str]:
    """Signature lines set side by side (职工方（盖章）：  企业方（盖章）：) → one `@sign`
    column per party, its lines joined with `|`; a date line gives each column 日期：."""
    if not rows:
        return []
    width = max(len(row) for row in rows)
    columns: list[list[str]] = [[] for _ in range(width)]
    for row in rows:
        for position, part in enumerate(row):
            columns[position].append(part.strip(" \u3000"))
    return [f"@sign {' | '.join(column)}" for column in columns if column]


def _note(counts: dict[str, int]) -> str:
    return (
        "{#- 导入的初稿（skillwage-docs import）：请人工核对后再并入条款模板。\n"
        f"    识别出 {counts['chapters']} 章、{counts['articles']} 条、{counts['tables']} 张表、"
        f"{counts['blanks']} 处空白、{counts['signs']} 栏签字。\n"
        f'    - 每处空白写成 {{{{ "{BLANK_TEXT}"|size(n) }}}}：改为合同的变量，如 '
        '{{ worker.name|size(20) }}、{{ a.scope|size("line") }}；原文中两个汉字之间的单个空格\n'
        "      也当作空白（Word 会丢掉带下划线的空格），请逐一核对。\n"
        "    - 表格：第一行作表头；合并单元格只保留一次文字，请对照原文。\n"
        "    - （一）（二）各项、第X章、第X条由条款标记重新编号；条文引用的法律条号请逐条核对。\n"
        "    - 签字栏按原文并排的各方拆成 @sign 栏，请核对各方的名称和日期。 -#}"
    )
