"""Compose: render the clause text (Jinja) for one agreement and parse it into a `Document`.

The clause markup is a small line-based subset of Markdown, documented in
templates/README.md; it is parsed here once, so every format gets identical text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from jinja2 import TemplateError

from ..base.errors import RenderError
from ..base.figures import chinese_number
from ..inputs.agreement import Agreement
from ..inputs.minimum_wage import Applicable
from ..inputs.procedure import filing_dates, latest_effective, renewal_deadline
from ..inputs.terms import SkillLevel
from .citations import join_citations, legal_basis, register
from .document import (
    ATTACHMENT,
    COPY_TO,
    OFFICIAL,
    SUBTITLE,
    Article,
    Block,
    Chapter,
    Document,
    Figure,
    Paragraph,
    SignatureColumn,
    Span,
    Table,
)
from .environment import (
    BLANK,
    REF_CLOSE,
    REF_OPEN,
    SIZE_CLOSE,
    SIZE_OPEN,
    clause_environment,
    plain_text,
)
from .kinds import CONTRACT, kind_named
from .packet import ContextFunction

__all__ = ["CLAUSE_TEMPLATE", "compose", "parse_clauses", "render_clauses"]

CLAUSE_TEMPLATE = "contract.md.j2"


_INLINE = re.compile(rf"\\(.)|\*\*|{BLANK}(?:{SIZE_OPEN}(\d+){SIZE_CLOSE})?")
_REF = re.compile(rf"{REF_OPEN}([A-Za-z0-9_-]+){REF_CLOSE}")
_TABLE_KEY = re.compile(r"[A-Za-z0-9_-]+")

# 人社厅发〔2025〕52号 post categories, and the 人社厅发〔2024〕51号 ones: a schedule whose
# categories all come from one list gets that notice's wording.
CATEGORIES_52 = ("基础类", "重要类", "关键类", "核心类")
CATEGORIES_51 = ("技术技能型", "知识技能型", "复合技能型")
# Sectors whose contracts carry the underground (井下) rule even without separate figures.
UNDERGROUND_INDUSTRIES = ("采矿业", "煤炭开采和洗选业")
# Sectors whose contracts carry the 农民工 real-name and wage-account clause
# (《保障农民工工资支付条例》第二十六条、第二十八条).
CONSTRUCTION_INDUSTRIES = ("建筑业",)
# Levels 人社厅发〔2025〕52号 ties to senior 专技/管理 pay instead of a percentage.
SENIOR_LEVELS = (SkillLevel.特级技师, SkillLevel.首席技师)
# Every text rests on these; the region adds its own (local_basis).
NATIONAL_BASIS = (
    "《中华人民共和国劳动法》",
    "《中华人民共和国劳动合同法》",
    "《中华人民共和国工会法》",
    "《集体合同规定》",
    "《最低工资规定》",
)
MINIMUM_WAGE_ARTICLE = "《最低工资规定》第十二条"


def render_clauses(
    agreement: Agreement,
    *,
    minimum: Applicable,
    template: str = CLAUSE_TEMPLATE,
    blank: bool = False,
    context: ContextFunction | None = None,
) -> str:
    """The clause markup for one agreement (Jinja output, before parsing).

    `minimum` is the legal minimum binding the agreement (its exclusions and whether it
    includes the worker's own contributions are part of the text). `blank=True` renders the
    fill-in-the-blank model text (示范文本) from the same template: every value becomes a blank
    token and the 填写说明 notes appear.
    """
    env = clause_environment()
    try:
        markup = env.get_template(template).render(
            agreement=agreement,
            levels=list(SkillLevel),
            blank=blank,
            minimum=minimum,
            **_derived(agreement, minimum, blank),
            # A packet kind's own facts (kinds.py).
            **(context(agreement, minimum, blank) if context is not None else {}),
        )
    except TemplateError as err:
        # Syntax errors carry the template file and line; runtime errors (e.g. undefined) do not.
        line = getattr(err, "lineno", None)
        where = f"{getattr(err, 'filename', None) or template}:{line}" if line else template
        raise RenderError(f"条款模板 {where}: {err}（合同 {agreement.slug}）") from err
    return markup




def _derived(agreement: Agreement, minimum: Applicable, blank: bool) -> dict[str, Any]:
    """Facts the text needs that are derived, not stored, so the template stays declarative."""
    # long: one flat dict the clause template reads, its names side by side
    levels = agreement.levels_sorted()
    used_levels: list[SkillLevel] = []
    for table in (agreement.categories, agreement.occupations):
        for row in table:
            for level in row.monthly:
                if level not in used_levels:
                    used_levels.append(level)
    used_levels.sort(key=lambda level: level.rank)
    names = [row.category for row in agreement.categories]
    scheme = ""
    if names and all(name in CATEGORIES_52 for name in names):
        scheme = "52"
    elif names and all(name in CATEGORIES_51 for name in names):
        scheme = "51"
    # The filing deadline (《集体合同规定》第四十二条) and the renegotiation start
    # (晋人社厅函〔2024〕1185号) come from the filing calendar, so text and calendar agree.
    dates = filing_dates(agreement)
    underground_rows = [row for row in levels if row.underground is not None]
    documents = register()
    signing = agreement.signing_date
    local = agreement.region.local_basis
    exclusions = minimum.exclusions
    basis = [*exclusions.basis]
    if not any(item.startswith("《最低工资规定》") for item in basis):
        basis.insert(0, MINIMUM_WAGE_ARTICLE)
    senior = any(row.level in SENIOR_LEVELS for row in levels) or any(
        level in SENIOR_LEVELS for level in used_levels
    )
    return {
        "rows": levels,
        "has_hourly": any(row.hourly is not None for row in levels),
        "has_allowance": any(row.allowance is not None for row in levels),
        "matrix_levels": used_levels,
        "category_scheme": scheme,
        "category_gaps": any(
            level not in row.monthly for row in agreement.categories for level in used_levels
        ),
        "has_shortage": any(row.kind == "紧缺急需" for row in agreement.occupations),
        "underground_rows": underground_rows,
        # 《最低工资规定》第十二条第二项: the 井下 allowance never counts toward a minimum.
        "underground_rules": bool(underground_rows) or agreement.industry in UNDERGROUND_INDUSTRIES,
        "single_area": len(agreement.covered_areas) == 1,
        "filing_deadline": dates.filing_deadline,
        # 晋人社厅函〔2024〕1185号: renewal talks start before the last three months.
        "renewal_deadline": renewal_deadline(agreement.term.end),
        # 《劳动合同法》第五十四条: the term can only run from the effective date unless the
        # text says pay from an earlier start is made up (back_pay).
        "starts_after_effect": agreement.term.start >= latest_effective(signing),
        # 《劳动合同法》第五十三条 places sector contracts at county level or below; a sector
        # contract whose areas lie above it (a whole city such as 杭州市, or several counties),
        # by the administrative divisions, is 人社厅发〔2024〕51号's 探索 at county level and above.
        # A regional contract is bargained in its 园区、街道或乡镇, whatever county holds it.
        "above_county": agreement.kind == "行业性" and agreement.above_county,
        "construction": agreement.industry in CONSTRUCTION_INDUSTRIES,
        "senior_levels": senior,
        "entry_level": next((row for row in levels if row.level != SkillLevel.学徒工), levels[0]),
        # A level above the table's highest is paid at least the highest (issue 20 point 7).
        "top_level": levels[-1],
        "below_top": levels[-1].level != SkillLevel.首席技师,
        "has_apprentice": any(row.level == SkillLevel.学徒工 for row in levels),
        **legal_basis(NATIONAL_BASIS, local, blank=blank),
        "contract_act": next((documents.cite(b) for b in local if "集体合同条例" in b), ""),
        "exclusion_basis": join_citations([documents.cite(b) for b in basis]),
        "exclusion_items": exclusions.items,
        # Whether the figures include the worker's own social insurance and housing fund: the
        # parties' choice, else the province's rule, else unknown (rule own_contributions).
        "contributions": (
            "excluded_by_parties"
            if agreement.exclude_contributions and exclusions.contributions_included is not False
            else {True: "included", False: "excluded", None: "unknown"}[
                exclusions.contributions_included
            ]
        ),
        "province": minimum.province,
        "cite": documents.cite,
        # The blank model text is filled in and signed later, so it may cite what exists now;
        # a filled text only what was issued by its signing date (rule cited_documents).
        "citable": lambda key: blank or documents.citable(key, signing),
        "cites_1185": "晋人社厅函〔2024〕1185号" in local,
    }


def compose(
    agreement: Agreement,
    *,
    minimum: Applicable,
    template: str | None = None,
    blank: bool = False,
    kind: str = CONTRACT,
) -> Document:
    """The document of one agreement under the legal minimum `minimum` that binds it
    (`validate.binding_minimum`); `blank=True` gives the fill-in-the-blank model text. `kind`
    picks the document from the registry (`kinds.KINDS`): the contract, or a paper of the
    bargaining packet; `template` overrides the kind's clause template."""
    spec = kind_named(kind)
    template = template or spec.template
    markup = render_clauses(
        agreement, minimum=minimum, template=template, blank=blank, context=spec.context
    )
    meta = {
        "slug": agreement.slug,
        "region": agreement.region.code,
        "date": agreement.signing_date.isoformat(),
        "kind": spec.name,
    }
    if spec.official:
        meta["layout"] = OFFICIAL
    if blank:
        meta["variant"] = "blank"
    elif agreement.example:
        # Invented names, dates and figures (issue 12 point 1): writers print 示例（虚构数据） in
        # the title area. The blank text holds none of them, so it carries no mark.
        meta["example"] = "true"
    # The issuing union (PDF/DOCX author): the signing union, or for the model text the union
    # body that publishes it.
    meta["author"] = plain_text(
        agreement.union_filing_body if blank else agreement.worker_party.name
    )
    try:
        return parse_clauses(markup, meta=meta)
    except ValueError as err:
        raise RenderError(f"条款模板 {template}: {err}（合同 {agreement.slug}）") from err


def spans(text: str) -> tuple[Span, ...]:
    """Split inline markup: `**bold**`, backslash escapes and fill-in blanks."""
    out: list[Span] = []
    buffer: list[str] = []
    bold = False
    position = 0
    for match in _INLINE.finditer(text):
        buffer.append(text[position : match.start()])
        position = match.end()
        if match.group(1) is not None:
            buffer.append(match.group(1))
            continue
        if buffer and "".join(buffer):
            out.append(Span("".join(buffer), bold=bold))
        buffer = []
        if match.group(0).startswith(BLANK):
            size = int(match.group(2)) if match.group(2) else 0
            out.append(Span("", bold=bold, blank=True, size=size))
            continue
        bold = not bold
    buffer.append(text[position:])
    if "".join(buffer):
        out.append(Span("".join(buffer), bold=bold))
    return tuple(out)


def _unescape(text: str) -> str:
    return "".join(span.text for span in spans(text))


def _cells(line: str) -> list[str]:
    """Split a `| a | b |` row on unescaped bars (escapes stay for `spans` to resolve)."""
    cells: list[str] = []
    current: list[str] = []
    chars = iter(line.strip())
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    cells.append("".join(current).strip())
    if line.strip().startswith("|"):
        cells = cells[1:]
    if cells and not cells[-1]:
        cells = cells[:-1]
    return [_unescape(cell) for cell in cells]


@dataclass
class _Builder:
    title: str = ""
    preamble: list[Block] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    appendices: list[Block] = field(default_factory=list)
    signature: list[SignatureColumn] = field(default_factory=list)
    chapter_title: str | None = None
    articles: list[Article] = field(default_factory=list)
    blocks: list[Block] | None = None
    article_count: int = 0
    in_appendix: bool = False
    table_rows: list[list[str]] = field(default_factory=list)
    caption: str = ""
    widths: tuple[int, ...] = ()

    def target(self) -> list[Block]:
        if self.in_appendix:
            return self.appendices
        if self.blocks is not None:
            return self.blocks
        if self.chapter_title is not None:
            raise ValueError("章标题之后、第一条之前不能有正文")
        return self.preamble

    def close_article(self) -> None:
        self.close_table()
        if self.blocks is not None:
            self.articles.append(
                Article(
                    self.article_count,
                    f"第{chinese_number(self.article_count)}条",
                    tuple(self.blocks),
                )
            )
            self.blocks = None

    def close_chapter(self) -> None:
        self.close_article()
        if self.chapter_title is not None:
            number = len(self.chapters) + 1
            self.chapters.append(
                Chapter(
                    number,
                    f"第{chinese_number(number)}章",
                    self.chapter_title,
                    tuple(self.articles),
                )
            )
            self.chapter_title = None
            self.articles = []

    def figure_data(self, line: str) -> None:
        """`@bar 标签 金额`, `@market 标签 金额`, `@minimum 金额`: what the `@figure` above
        them draws (the label may hold spaces: the amount is the last word)."""
        target = self.target()
        if not target or not isinstance(target[-1], Figure):
            raise ValueError(f"{line.split()[0]} 须紧跟在 @figure 之后")
        figure = target[-1]
        directive, _, rest = line.partition(" ")
        label, _, amount = rest.strip().rpartition(" ")
        if not re.fullmatch(r"\d+(?:\.\d{1,2})?", amount):
            raise ValueError(f"图的数据须以金额结尾：{line}")
        label = _unescape(label.strip())
        if directive == "@minimum":
            figure = replace(figure, minimum=amount)
        elif not label:
            raise ValueError(f"图的数据缺少标签：{line}")
        elif directive == "@bar":
            figure = replace(figure, bars=(*figure.bars, (label, amount)))
        else:
            figure = replace(figure, market=(*figure.market, (label, amount)))
        target[-1] = figure

    def close_table(self) -> None:
        if not self.table_rows:
            return
        header, *rows = self.table_rows
        if any(len(row) != len(header) for row in rows):
            raise ValueError(f"表格“{self.caption}”各行列数不一致")
        self.target().append(
            Table(self.caption, tuple(header), tuple(map(tuple, rows)), self.widths)
        )
        self.table_rows, self.caption, self.widths = [], "", ()


def _number_tables(markup: str) -> str:
    """Give each `@table key 标题` its caption 表N and each `@figure key 标题` its caption 图N,
    in order of appearance, and resolve the `|table_ref` tokens, so numbers stay consecutive
    whichever optional tables and figures are present."""
    labels: dict[str, str] = {}
    counts = {"@table ": 0, "@figure ": 0}
    lines = []
    for raw in markup.splitlines():
        line = raw.strip()
        directive = next((d for d in counts if line.startswith(d)), None)
        if directive is not None:
            key, _, title = line[len(directive) :].strip().partition(" ")
            if not _TABLE_KEY.fullmatch(key) or not title.strip():
                raise ValueError(f"{directive.strip()} 格式应为“{directive}键 标题”：{line}")
            if key in labels:
                raise ValueError(f"表格（图）键 {key} 重复")
            counts[directive] += 1
            labels[key] = f"{'表' if directive == '@table ' else '图'}{counts[directive]}"
            if directive == "@table ":
                raw = f"@caption {labels[key]}\u3000{title.strip()}"
            else:
                raw = f"@figure {key} {labels[key]}\u3000{title.strip()}"
        lines.append(raw)

    def resolve(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in labels:
            raise ValueError(f"引用了不存在的表格（图） {key}（未出现在本文书中）")
        return labels[key]

    return _REF.sub(resolve, "\n".join(lines))


def parse_clauses(markup: str, *, meta: dict[str, str] | None = None) -> Document:
    # long: one pass over the markup's lines; each branch is one line kind, read top to bottom
    b = _Builder()
    for raw in _number_tables(markup).splitlines():
        line = raw.strip()
        if not line:
            b.close_table()
            continue
        if line.startswith("|"):
            if not re.fullmatch(r"\|[\s:|-]+\|", line):
                b.table_rows.append(_cells(line))
            continue
        b.close_table()
        if line.startswith("# "):
            b.title = _unescape(line[2:].strip())
        elif line.startswith("## "):
            b.close_chapter()
            b.chapter_title = _unescape(line[3:].strip())
        elif line.startswith("###"):
            if b.chapter_title is None:
                raise ValueError("条款（###）必须位于某一章（##）之下")
            b.close_article()
            b.article_count += 1
            b.blocks = []
            rest = line[3:].strip()
            if rest:
                b.blocks.append(Paragraph(spans(rest)))
        elif line.startswith("@caption "):
            b.caption = _unescape(line[len("@caption ") :].strip())
        elif line.startswith("@widths "):
            b.widths = tuple(int(x) for x in line.split()[1:])
        elif line.startswith("@figure "):
            # A chart the writers draw from the agreement's data (its key), numbered 图N.
            key, _, caption = line[len("@figure ") :].partition(" ")
            b.target().append(Figure(key, _unescape(caption.strip())))
        elif line.startswith(("@bar ", "@minimum ", "@market ")):
            b.figure_data(line)
        elif line == "@appendix":
            b.close_chapter()
            b.in_appendix = True
        elif line.startswith("@attachment "):
            # An attachment (附件) of a paper: after the signature block, on a page of its own,
            # headed 附件N (the layout numbers it from the 附件 list that names it).
            b.close_chapter()
            b.in_appendix = True
            b.target().append(Paragraph(spans(line[len("@attachment ") :].strip()), ATTACHMENT))
        elif line.startswith("@cc "):
            # 抄送: printed in the 版记 at the foot of the last page (GB/T 9704 7.4.2).
            b.target().append(Paragraph(spans(line[len("@cc ") :].strip()), COPY_TO))
        elif line.startswith("@subtitle "):
            # A line under the title, such as a 决议's （2025年6月18日……通过） (题注).
            b.target().append(Paragraph(spans(line[len("@subtitle ") :].strip()), SUBTITLE))
        elif line.startswith("@sign "):
            pairs = []
            for cell in _cells(line[len("@sign ") :]):
                label, _, value = cell.partition("：")
                pairs.append((label + ("：" if _ else ""), value))
            b.signature.append(SignatureColumn(tuple(pairs)))
        elif line.startswith("@"):
            raise ValueError(f"未知指令：{line.split()[0]}")
        elif line.startswith("- "):
            b.target().append(Paragraph(spans(line[2:].strip()), style="item"))
        elif line.startswith("> "):
            b.target().append(Paragraph(spans(line[2:].strip()), style="note"))
        elif line.startswith("+ "):
            b.target().append(Paragraph(spans(line[2:].strip()), style="party"))
        else:
            b.target().append(Paragraph(spans(line)))
    b.close_chapter()
    b.close_table()
    if not b.title:
        raise ValueError("条款模板缺少标题（# ）")
    return Document(
        title=b.title,
        preamble=tuple(b.preamble),
        chapters=tuple(b.chapters),
        signature=tuple(b.signature),
        appendices=tuple(b.appendices),
        meta=dict(meta or {}),
    )
