"""A redline comparison (`redline.compare`) marked up as HTML: headings, articles and tables,
old text in <del>, new in <ins>; `sitepages.redline` makes it a standalone page and the site
embeds the same."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from .redline import CAPTION, Comparison, LineDiff, Segment, UnitDiff

__all__ = ["render_units"]


def _markup(segments: Sequence[Segment]) -> Markup:
    parts = []
    for segment in segments:
        text = escape(segment.text)
        if segment.kind == "delete":
            parts.append(Markup("<del>{}</del>").format(text))
        elif segment.kind == "insert":
            parts.append(Markup("<ins>{}</ins>").format(text))
        else:
            parts.append(text)
    return Markup("").join(parts)


def _label_markup(unit: UnitDiff) -> Markup:
    if unit.old_label == unit.new_label or not unit.old_label or not unit.new_label:
        return Markup("{}").format(unit.label)
    return Markup("<del>{}</del><ins>{}</ins>").format(unit.old_label, unit.new_label)


def _table(rows: list[LineDiff], caption: LineDiff | None = None) -> Markup:
    out = [Markup('<table class="schedule redline-table">')]
    if caption is not None:
        out.append(
            Markup('<caption class="line-{}">{}</caption>').format(
                caption.kind, _markup(caption.segments)
            )
        )
    header, *body = rows
    out.append(Markup('<thead><tr class="{}">').format(f"line-{header.kind}"))
    out.extend(Markup('<th scope="col">{}</th>').format(_markup(cell)) for cell in header.cells)
    out.append(Markup("</tr></thead>"))
    if body:
        out.append(Markup("<tbody>"))
        for row in body:
            out.append(Markup('<tr class="{}">').format(f"line-{row.kind}"))
            for index, cell in enumerate(row.cells):
                tag = "th" if index == 0 else "td"
                scope = Markup(' scope="row"') if index == 0 else Markup("")
                out.append(Markup("<{}{}>{}</{}>").format(tag, scope, _markup(cell), tag))
            out.append(Markup("</tr>"))
        out.append(Markup("</tbody>"))
    out.append(Markup("</table>"))
    return Markup("").join(out)


def _is_caption(line: LineDiff, following: LineDiff | None) -> bool:
    """A paragraph such as 表1　… right before a table's rows is that table's caption."""
    text = "".join(segment.text for segment in line.segments)
    return following is not None and following.row and bool(CAPTION.match(text))


def _blocks(unit: UnitDiff) -> Markup:
    out: list[Markup] = []
    rows: list[LineDiff] = []
    caption: list[LineDiff] = []
    label_pending = unit.unit_kind == "article"
    style = "body" if unit.unit_kind in ("article", "text") else "party"

    def label() -> Markup:
        return Markup('<p class="body"><span class="article-no">{}</span></p>').format(
            _label_markup(unit)
        )

    def flush_rows() -> None:
        if rows:
            out.append(_table(rows, caption[0] if caption else None))
            rows.clear()
            caption.clear()

    lines = unit.lines
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if line.row:
            if label_pending:
                out.append(label())
                label_pending = False
            rows.append(line)
            continue
        flush_rows()
        if not label_pending and _is_caption(line, following):
            caption.append(line)
            continue
        prefix = Markup("")
        if label_pending:
            prefix = Markup('<span class="article-no">{}</span>\u3000').format(_label_markup(unit))
            label_pending = False
        out.append(
            Markup('<p class="{} line-{}">{}{}</p>').format(
                style, line.kind, prefix, _markup(line.segments)
            )
        )
    flush_rows()
    if label_pending:  # an article without any line
        out.append(label())
    return Markup("").join(out)


def render_units(
    comparison: Comparison,
    *,
    only_changes: bool = False,
    anchor: Callable[[int], str] | None = None,
) -> Markup:
    """The comparison's body as HTML: headings, articles, tables with <del>/<ins> marks.

    Each changed unit carries `id="change-N"` (N counts changed units from 1) for the summary
    links; `only_changes` leaves out the unchanged units."""
    anchor = anchor or (lambda n: f"change-{n}")
    out: list[Markup] = []
    number = 0
    for unit in comparison.units:
        changed = unit.kind != "equal"
        if only_changes and not changed:
            continue
        ident = Markup("")
        if changed:
            number += 1
            ident = Markup(' id="{}"').format(anchor(number))
        css = f"unit unit-{unit.unit_kind} unit-{unit.kind}"
        if unit.unit_kind == "title":
            text = unit.lines[0].segments if unit.lines else ()
            # The page has its own <h1>; the contract's title is set like one.
            out.append(Markup('<p class="{} doc-title"{}>{}</p>').format(css, ident, _markup(text)))
        elif unit.unit_kind == "chapter":
            text = unit.lines[0].segments if unit.lines else ()
            out.append(Markup('<h2 class="{}"{}>{}</h2>').format(css, ident, _markup(text)))
        else:
            out.append(Markup('<div class="{}"{}>{}</div>').format(css, ident, _blocks(unit)))
    return Markup("\n").join(out)
