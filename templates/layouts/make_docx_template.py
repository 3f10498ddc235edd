"""Build templates/layouts/contract.docx, the docxtpl Word template used by `DocxWriter`.

Run with the project venv (it rewrites the .docx next to this script, byte-identically
for the same script and library versions):

    .venv/bin/python templates/layouts/make_docx_template.py

The template is generated rather than edited in Word so that every Jinja tag sits in a
single run (Word splits hand-typed tags across runs, docxtpl #85) and the styles carry
the East Asian fonts explicitly (python-docx never writes `w:eastAsia`, python-docx #346).
Open the result in Word to see the layout: each tag is a visible paragraph, row or cell.

Layout only: the contract wording comes from the `Document` model; this file holds
none of it. The writer supplies the filters and tests the tags use:
`runs` (a Paragraph's spans as Word runs), `signature_rows` (signature columns as table
rows), and the tests `table` and `lead_paragraph` (a paragraph that carries the 第X条 label).

Typography: templates/README.md (one spec for the three formats). Fonts by role, named as
Word/WPS users have them: title 方正小标宋简体 二号 (falls back to 宋体 bold), chapter
headings 黑体 三号, body 宋体 四号 with a two-character first-line indent on an exact 28 pt
line, 填写说明 楷体 小四, tables 五号; Latin text and figures in Times New Roman.
templates/layouts/fonts.conf maps these names to the free faces the PDF uses.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from skillwage_docs.base.publish import deterministic_zip

OUT = Path(__file__).resolve().with_name("contract.docx")
FIXED_DATE = datetime(1980, 1, 1, tzinfo=UTC)


def mm(value: float) -> int:
    """Millimetres to twips (1/1440 inch)."""
    return round(value * 1440 / 25.4)


# --- geometry: A4, GB/T 9704 margins (版心 156 mm × 225 mm) -----------------------------
PAGE_W, PAGE_H = 11906, 16838
TOP, BOTTOM, LEFT, RIGHT = mm(37), mm(35), mm(28), mm(26)
FOOTER = mm(28)  # page number 7 mm below the text block
HEADER = mm(15)
TEXT_W = PAGE_W - LEFT - RIGHT

# --- fonts and sizes (half-points) --------------------------------------------------------
LATIN = "Times New Roman"
XIAOBIAOSONG, HEITI, SONGTI, KAITI = "方正小标宋简体", "黑体", "宋体", "楷体"
FANGSONG = "仿宋_GB2312"  # a 公文's body (GB/T 9704); FangSong where it is missing
SIZE_TITLE = 44  # 二号 22 pt
SIZE_HEADING = 32  # 三号 16 pt
SIZE_BODY = 28  # 四号 14 pt
SIZE_SMALL = 24  # 小四 12 pt
SIZE_TABLE = 21  # 五号 10.5 pt
SIZE_FOOTER = 21  # 五号 10.5 pt
LINE_BODY = 560  # exact 28 pt
LINE_TITLE = 720  # exact 36 pt
LINE_NOTE = 380  # exact 19 pt
LINE_TABLE = 360  # exact 18 pt
LINE_OFFICIAL = 579  # a 公文's 22 lines in the 225 mm text block: 28.95 pt
CHAR = SIZE_BODY * 10  # one body character in twips: the default tab stop, so tabs make blanks
SEAL = mm(42)  # room for a round seal of 42 mm
SIGNATURE_GUTTER = 560
INDENT_2_CHARS = 'w:firstLineChars="200" w:firstLine="{}"'

W = nsdecls("w")

# --- styles ------------------------------------------------------------------------------


def rfonts(east_asia: str) -> str:
    """Latin letters and figures in Times New Roman, Chinese in `east_asia`. `w:hint="eastAsia"`:
    characters Unicode leaves to context (“” ‘’ · — …) are set in the Chinese face, full width;
    without it Word set the quotes of every paragraph in Times New Roman (issue 22)."""
    return (
        f'<w:rFonts w:ascii="{LATIN}" w:eastAsia="{east_asia}" w:hAnsi="{LATIN}" w:cs="{LATIN}"'
        ' w:hint="eastAsia"/>'
    )


def rpr(east_asia: str, size: int, extra: str = "", color: str = "") -> str:
    """Run properties in schema order: rFonts, b…, color, kern, sz, szCs, lang."""
    colour = f'<w:color w:val="{color}"/>' if color else ""
    return (
        f"<w:rPr>{rfonts(east_asia)}{extra}{colour}"
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
    )


def spacing(line: int, before: int = 0, after: int = 0, rule: str = "exact") -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>'


def paragraph_style(
    style_id: str,
    name: str,
    ppr: str,
    run: str,
    *,
    based_on: str = "Normal",
    next_style: str = "",
    aliases: str = "",
    priority: int = 10,
    builtin: bool = False,
) -> str:
    custom = "" if builtin else ' w:customStyle="1"'
    parts = [f'<w:style w:type="paragraph"{custom} w:styleId="{style_id}"><w:name w:val="{name}"/>']
    if aliases:
        parts.append(f'<w:aliases w:val="{aliases}"/>')
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    parts.append(f'<w:uiPriority w:val="{priority}"/><w:qFormat/>')
    parts.append(f"<w:pPr>{ppr}</w:pPr>{run}</w:style>")
    return "".join(parts)


def styles_xml() -> str:
    body_indent = f"<w:ind {INDENT_2_CHARS.format(2 * SIZE_BODY * 10)}/>"
    small_indent = f"<w:ind {INDENT_2_CHARS.format(2 * SIZE_SMALL * 10)}/>"
    no_indent = '<w:ind w:left="0" w:firstLine="0"/>'
    annex_indent = f'<w:ind w:left="{5 * CHAR}" w:firstLine="0"/>'
    keep = "<w:keepNext/><w:keepLines/>"
    styles = [
        # Defaults: Times New Roman for Latin, 仿宋 for Chinese, zh-CN; no theme fonts.
        "<w:docDefaults><w:rPrDefault>",
        rpr(SONGTI, SIZE_BODY, '<w:kern w:val="2"/>'),
        "</w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>",
        '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0"'
        ' w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"/>',
        # Built-in styles Word knows by name (localised in its UI: 正文, 标题, 标题 1 …).
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/><w:pPr><w:widowControl/><w:overflowPunct w:val="0"/>'
        '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:jc w:val="both"/></w:pPr>'
        + rpr(SONGTI, SIZE_BODY)
        + "</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        paragraph_style(
            "Title",
            "Title",
            f'<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="560" w:line="{LINE_TITLE}"'
            ' w:lineRule="exact"/><w:ind w:left="0" w:firstLine="0"/><w:jc w:val="center"/>'
            '<w:outlineLvl w:val="9"/>',
            # 方正小标宋 is a heavy face of its own: never bolded (issue 22; bold smeared a
            # synthetic bold where it is missing and doubled it where it exists).
            rpr(XIAOBIAOSONG, SIZE_TITLE),
            next_style="Party",
            aliases="合同标题",
            builtin=True,
        ),
        paragraph_style(
            "Heading1",
            "heading 1",
            f"{keep}{spacing(LINE_BODY, before=280, after=0)}{no_indent}"
            '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            rpr(HEITI, SIZE_HEADING),
            next_style="ArticleBody",
            aliases="章标题",
            priority=9,
            builtin=True,
        ),
        paragraph_style(
            "Heading2",
            "heading 2",
            f"{keep}{spacing(LINE_BODY, before=140, after=0)}{body_indent}"
            '<w:outlineLvl w:val="1"/>',
            rpr(HEITI, SIZE_BODY),
            next_style="ArticleBody",
            aliases="节标题",
            priority=9,
            builtin=True,
        ),
        # Contract styles (custom, Chinese names shown in Word's style gallery).
        paragraph_style(
            "ArticleBody",
            "条款正文",
            f'{spacing(LINE_BODY)}{body_indent}<w:jc w:val="both"/>',
            rpr(SONGTI, SIZE_BODY),
        ),
        paragraph_style(
            "ListItem",
            "列项",
            f'{spacing(LINE_BODY)}{body_indent}<w:jc w:val="both"/>',
            rpr(SONGTI, SIZE_BODY),
            based_on="ArticleBody",
        ),
        paragraph_style(
            "FillNote",
            "填写说明",
            # CT_PPr order: pBdr before spacing, ind, jc (the OOXML schema; tests validate it)
            '<w:pBdr><w:left w:val="single" w:sz="12" w:space="6" w:color="969696"/></w:pBdr>'
            f'{spacing(LINE_NOTE, before=180, after=180)}{small_indent}<w:jc w:val="both"/>',
            rpr(KAITI, SIZE_SMALL, color="404040"),
            based_on="ArticleBody",
        ),
        # The same roles, kept with the next block: a lead-in ("……下表所列标准：") with its
        # table, the last paragraph of the last article with the signature block.
        # Not keepLines: a long lead-in may break, only its last lines (widow control) go with
        # what follows, so the page before it stays full (issue 22).
        paragraph_style(
            "ArticleBodyKeep",
            "条款正文（与下段同页）",
            "<w:keepNext/>",
            rpr(SONGTI, SIZE_BODY),
            based_on="ArticleBody",
        ),
        paragraph_style(
            "ListItemKeep",
            "列项（与下段同页）",
            "<w:keepNext/>",
            rpr(SONGTI, SIZE_BODY),
            based_on="ListItem",
        ),
        paragraph_style(
            "ExampleMark",
            "示例标记",
            f'{keep}{spacing(LINE_BODY, after=120)}{no_indent}<w:jc w:val="center"/>',
            rpr(HEITI, SIZE_SMALL, color="B22222"),
        ),
        # GB/T 9704 7.3.5.3: 附件：1. ……, each further attachment aligned under the first.
        paragraph_style(
            "AnnexHead",
            "附件说明",
            f'{keep}{spacing(LINE_BODY, before=280)}{body_indent}<w:jc w:val="left"/>',
            rpr(SONGTI, SIZE_BODY),
        ),
        paragraph_style(
            "AnnexItem",
            "附件名称",
            f'{keep}{spacing(LINE_BODY)}{annex_indent}<w:jc w:val="left"/>',
            rpr(SONGTI, SIZE_BODY),
        ),
        paragraph_style(
            "Party",
            "当事方",
            f'{spacing(LINE_BODY)}{no_indent}<w:jc w:val="left"/>',
            rpr(SONGTI, SIZE_BODY),
        ),
        paragraph_style(
            "TableCaption",
            "表题",
            f'{keep}{spacing(LINE_BODY, before=0, after=0)}{no_indent}<w:jc w:val="center"/>',
            rpr(HEITI, SIZE_SMALL),
            next_style="TableText",
        ),
        # A figure (the brief's chart, placed by the writer) and its caption 图N below it.
        paragraph_style(
            "Figure",
            "图",
            f'{keep}{spacing(240, before=140, rule="auto")}{no_indent}<w:jc w:val="center"/>',
            rpr(SONGTI, SIZE_BODY),
        ),
        paragraph_style(
            "FigureCaption",
            "图题",
            f'{spacing(LINE_BODY, before=60, after=280)}{no_indent}<w:jc w:val="center"/>',
            rpr(HEITI, SIZE_SMALL),
        ),
        # keepNext on every cell paragraph keeps a short table on one page (with its caption);
        # Word still breaks a table longer than a page, repeating the header row.
        paragraph_style(
            "TableText",
            "表格文字",
            f'<w:keepNext/><w:snapToGrid w:val="0"/>{spacing(LINE_TABLE)}{no_indent}'
            '<w:jc w:val="center"/>',
            rpr(SONGTI, SIZE_TABLE),
        ),
        paragraph_style(
            "TableHeader",
            "表头",
            f'<w:keepNext/><w:snapToGrid w:val="0"/>{spacing(LINE_TABLE)}{no_indent}'
            '<w:jc w:val="center"/>',
            rpr(HEITI, SIZE_TABLE),  # 黑体 has one weight: no synthetic bold
            based_on="TableText",
        ),
        paragraph_style(
            "TableGap",
            "表后空行",
            f'<w:snapToGrid w:val="0"/>{spacing(LINE_BODY)}{no_indent}',
            rpr(SONGTI, SIZE_SMALL),
        ),
        paragraph_style(
            "Signature",
            "落款",
            "<w:keepNext/><w:keepLines/>"
            f'<w:tabs><w:tab w:val="right" w:pos="{(TEXT_W - SIGNATURE_GUTTER) // 2 - 113}"/></w:tabs>'
            f'{spacing(LINE_BODY)}{no_indent}<w:jc w:val="left"/>',
            rpr(SONGTI, SIZE_BODY),
        ),
        paragraph_style(
            "Footer",
            "footer",
            f'<w:snapToGrid w:val="0"/>{spacing(240, rule="auto")}{no_indent}'
            '<w:jc w:val="center"/>',
            rpr(SONGTI, SIZE_FOOTER),
            priority=99,
            builtin=True,
        ),
        # A 公文's furniture (templates/README.md: 公文); the writer sets the body styles to 仿宋
        # 三号 on the 28 × 22 grid for a 公文 (formats/docx_official.py).
        paragraph_style(
            "Subtitle",
            "题注",
            f'{spacing(LINE_BODY)}{no_indent}<w:jc w:val="center"/>',
            rpr(KAITI, SIZE_BODY),
        ),
        paragraph_style(
            "SignoffNames",
            "发文机关署名",
            f"{keep}{spacing(LINE_OFFICIAL, before=2 * LINE_OFFICIAL)}{no_indent}",
            rpr(FANGSONG, SIZE_HEADING),
        ),
        paragraph_style(
            "SignoffDate",
            "成文日期",
            f'{spacing(LINE_OFFICIAL, after=LINE_OFFICIAL)}<w:ind w:left="0" w:right="{4 * 320}"'
            ' w:firstLine="0"/><w:jc w:val="right"/>',
            rpr(FANGSONG, SIZE_HEADING),
        ),
        paragraph_style(
            "AttachmentLabel",
            "附件标识",
            f"<w:keepNext/><w:pageBreakBefore/>{spacing(LINE_OFFICIAL)}{no_indent}",
            rpr(HEITI, SIZE_HEADING),
        ),
        paragraph_style(
            "AttachmentTitle",
            "附件标题",
            f"<w:keepNext/>{spacing(LINE_TITLE, before=LINE_OFFICIAL, after=LINE_OFFICIAL)}"
            f'{no_indent}<w:jc w:val="center"/>',
            rpr(XIAOBIAOSONG, SIZE_TITLE),
        ),
        paragraph_style(
            "Imprint",
            "版记",
            f'<w:framePr w:w="{TEXT_W}" w:wrap="around" w:vAnchor="margin" w:hAnchor="margin"'
            ' w:xAlign="center" w:yAlign="bottom"/>'
            f'<w:pBdr><w:top w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
            '<w:bottom w:val="single" w:sz="8" w:space="4" w:color="000000"/></w:pBdr>'
            f'{spacing(LINE_BODY)}<w:ind w:left="280" w:right="280" w:firstLine="0"/>'
            '<w:jc w:val="left"/>',
            rpr(FANGSONG, SIZE_BODY),
        ),
        # 第X条: the article number run, 黑体 like the headings.
        '<w:style w:type="character" w:customStyle="1" w:styleId="ArticleLabel">'
        '<w:name w:val="条号"/><w:basedOn w:val="DefaultParagraphFont"/>'
        f'<w:uiPriority w:val="10"/><w:qFormat/><w:rPr>{rfonts(HEITI)}</w:rPr></w:style>',
        '<w:style w:type="character" w:customStyle="1" w:styleId="ExampleMarkChar">'
        '<w:name w:val="示例标记文字"/><w:basedOn w:val="DefaultParagraphFont"/>'
        '<w:uiPriority w:val="10"/><w:rPr><w:color w:val="B22222"/>'
        '<w:bdr w:val="single" w:sz="6" w:space="2" w:color="B22222"/></w:rPr></w:style>',
        # Tables: the wage schedules ruled on all sides, the signature block without rules.
        '<w:style w:type="table" w:customStyle="1" w:styleId="ContractTable">'
        '<w:name w:val="合同表格"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        f"<w:pPr>{no_indent}</w:pPr><w:tblPr>{borders('single')}</w:tblPr></w:style>",
        '<w:style w:type="table" w:customStyle="1" w:styleId="SignatureTable">'
        '<w:name w:val="落款表格"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        f"<w:pPr>{no_indent}</w:pPr><w:tblPr>{borders('nil')}</w:tblPr></w:style>",
    ]
    return f"<w:styles {W}>{''.join(styles)}</w:styles>"


def borders(kind: str) -> str:
    attrs = (
        'w:val="single" w:sz="4" w:space="0" w:color="000000"'
        if kind == "single"
        else ('w:val="nil"')
    )
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    return "<w:tblBorders>" + "".join(f"<w:{side} {attrs}/>" for side in sides) + "</w:tblBorders>"


# --- fonts table: tells Word/WPS what the Chinese font names are when one is missing ----------
FONT_TABLE = f"""<w:fonts {W}>
<w:font w:name="{LATIN}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>\
<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="{XIAOBIAOSONG}"><w:altName w:val="{SONGTI}"/><w:panose1 w:val="02010600030101010101"/>\
<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="{KAITI}"><w:altName w:val="KaiTi"/><w:panose1 w:val="02010609060101010101"/>\
<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="{SONGTI}"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/>\
<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="{HEITI}"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/>\
<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="{FANGSONG}"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609030101010101"/>\
<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/>\
<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
</w:fonts>"""

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><TotalTime>0</TotalTime>"
    "<Application>skillwage-docs</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "</Properties>"
)

# --- body: docxtpl tags, each in one run ------------------------------------------------------


def text_run(text: str, style: str = "") -> str:
    """One run; `text` is layout text or a single Jinja tag (never split across runs)."""
    props = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:r>{props}<w:t xml:space="preserve">{safe}</w:t></w:r>'


def para(style: str, *runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'


def tag(statement: str) -> str:
    """A paragraph-level control tag: docxtpl drops the whole paragraph around it."""
    return para("ArticleBody", text_run(f"{{%p {statement} %}}"))


def cell(content: str, width: int, *, span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}<w:vAlign w:val="center"/>'
        f"</w:tcPr>{content}</w:tc>"
    )


def row(cells: str, *, header: bool = False, height: int = 0) -> str:
    props = "<w:cantSplit/>"
    if height:
        props += f'<w:trHeight w:val="{height}"/>'
    if header:
        props += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def loop_table(
    style: str,
    cell_margins: str,
    *,
    header: tuple[str, str] | None,
    rows: tuple[str, str],
    row_cells: str,
    cell_para: str,
    row_height: int,
) -> str:
    """A table whose rows come from `{%tr for %}` and whose columns from `{%tc for %}`.

    The template has three grid columns (the tc-for cell, the content cell, the tc-endfor
    cell) so Word shows it as a valid table; docxtpl drops the tag cells and the writer
    sets the real grid and cell widths per rendered table.
    """
    third = TEXT_W // 3
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in (third, TEXT_W - 2 * third, third))

    def tag_cell(text: str) -> str:
        return cell(para(cell_para, text_run(text)), third)

    def looped_row(source: str, variable: str, content_style: str, is_header: bool) -> str:
        return row(
            tag_cell(f"{{%tc for {variable} in {source} %}}")
            + cell(para(content_style, *content_runs(variable, content_style)), TEXT_W - 2 * third)
            + tag_cell("{%tc endfor %}"),
            header=is_header,
            height=row_height,
        )

    parts = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{TEXT_W}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblInd w:w="0" w:type="dxa"/>'
        f"{borders('single' if style == 'ContractTable' else 'nil')}"
        f'<w:tblLayout w:type="fixed"/>{cell_margins}'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr>',
        f"<w:tblGrid>{grid}</w:tblGrid>",
    ]
    if header is not None:
        source, style_name = header
        parts.append(looped_row(source, "cell", style_name, True))
    row_var, row_source = rows
    parts.append(
        row(
            cell(
                para(cell_para, text_run(f"{{%tr for {row_var} in {row_source} %}}")),
                TEXT_W,
                span=3,
            )
        )
    )
    parts.append(looped_row(row_var, "cell", row_cells, False))
    parts.append(row(cell(para(cell_para, text_run("{%tr endfor %}")), TEXT_W, span=3)))
    parts.append("</w:tbl>")
    return "".join(parts)


def content_runs(variable: str, style: str) -> list[str]:
    if style == "Signature":  # a view cell: label, name or signature line (writer's filter)
        return [text_run(f"{{{{r {variable}|signature_cell }}}}")]
    if style == "TableHeader":  # header lines, broken only where the layout says
        return [text_run(f"{{{{r {variable}|lines }}}}")]
    return [text_run(f"{{{{ {variable} }}}}")]


WAGE_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
)
SIGNATURE_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
)

PARAGRAPH_STYLES = (
    ("item", "ListItem"),
    ("note", "FillNote"),
    ("party", "Party"),
    ("figure", "FigureCaption"),  # the writer places the drawing above it
)


def styled_para(style_expression: str, *runs: str) -> str:
    """A paragraph whose style the writer picks per block (`block|pstyle`: keep-with-next)."""
    style = f"{{{{ {style_expression} }}}}"
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'


def blocks(source: str, *, labelled: bool) -> list[str]:
    """Lay out each block of `source` (view blocks, writers/view.py): a table (caption, rules,
    repeated header), the 附件 list, or a paragraph.

    `labelled`: blocks of an article, whose first body paragraph opens with 第X条.
    """
    out = [
        tag(f"for block in {source}"),
        tag("if block.kind == 'table'"),
        tag("if block.caption"),
        para("TableCaption", text_run("{{ block.caption }}")),
        tag("endif"),
        loop_table(
            "ContractTable",
            WAGE_CELL_MARGINS,
            header=("block.layout.header", "TableHeader"),
            rows=("row", "block.rows"),
            row_cells="TableText",
            cell_para="TableText",
            row_height=454,
        ),
        para("TableGap"),  # keeps consecutive tables apart and gives the table air below
        tag("elif block.kind == 'annex'"),
        para("AnnexHead", text_run("{{ block.head }}"), text_run("{{ block.names[0] }}")),
        tag("for name in block.names[1:]"),
        para("AnnexItem", text_run("{{ name }}")),
        tag("endfor"),
    ]
    for style, style_id in PARAGRAPH_STYLES:
        out += [
            tag(f"elif block.style == '{style}'"),
            styled_para(
                f"block|pstyle('{style_id}')",
                text_run("{{r block|runs(document.poster, document.official) }}"),
            ),
        ]
    body_runs = [text_run("{{r block|runs(document.poster, document.official) }}")]
    if labelled:
        body_runs = [
            text_run("{%r if loop.first %}"),
            text_run("{{ article.label }}", "ArticleLabel"),
            text_run("\u3000"),
            text_run("{%r endif %}"),
            *body_runs,
        ]
    out += [
        tag("else"),
        styled_para("block|pstyle('ArticleBody')", *body_runs),
        tag("endif"),
        tag("endfor"),
    ]
    return out


def body_xml() -> list[str]:
    return [
        tag("if document.example"),
        para("ExampleMark", text_run("{{ document.example }}", "ExampleMarkChar")),
        tag("endif"),
        para("Title", text_run("{{r document.title_lines|lines }}")),
        *blocks("document.preamble", labelled=False),
        tag("for chapter in document.chapters"),
        para(
            "Heading1",
            text_run("{{ chapter.label }}"),
            text_run("\u3000"),
            text_run("{{ chapter.title }}"),
        ),
        tag("for article in chapter.articles"),
        # An article that does not open with a body paragraph still shows its number.
        tag("if not article.blocks or article.blocks[0] is not lead_paragraph"),
        para("ArticleBody", text_run("{{ article.label }}", "ArticleLabel")),
        tag("endif"),
        *blocks("article.blocks", labelled=True),
        tag("endfor"),
        tag("endfor"),
        # A 公文 (templates/README.md: 公文): the 附件说明, then the 落款 — the names on centre
        # tabs over their seals (the writer sets the tabs), the 成文日期 four characters in.
        tag("if document.official"),
        *blocks("document.annex", labelled=False),
        tag("if document.signoff.names"),
        para("SignoffNames", text_run("{{r document.signoff.names|signoff_names }}")),
        para("SignoffDate", text_run("{{ document.signoff.date }}")),
        tag("endif"),
        tag("elif document.signature_rows"),  # a table needs at least one row
        para("Signature"),
        loop_table(
            "SignatureTable",
            SIGNATURE_CELL_MARGINS,
            header=None,
            rows=("line", "document.signature_rows"),
            row_cells="Signature",
            cell_para="Signature",
            row_height=0,
        ),
        tag("endif"),
        *blocks("document.appendices", labelled=False),
        # 附件 on pages of their own (the label's style breaks the page), then the 版记.
        tag("for part in document.attachments"),
        para("AttachmentLabel", text_run("{{ part.label }}")),
        para("AttachmentTitle", text_run("{{ part.title }}")),
        *blocks("part.blocks", labelled=False),
        tag("endfor"),
        tag("if document.copies"),
        imprint_paragraph(),
        tag("endif"),
    ]


def imprint_paragraph() -> str:
    """The 版记 (GB/T 9704 7.4): 抄送 between two 0.35 mm rules, one character in from each
    side, in a frame at the foot of the last page (its lower rule on the text block's edge)."""
    return para(
        "Imprint",
        text_run("抄送："),
        text_run("{{r document.copies|copies }}"),
        text_run("。"),
    )


def field(instruction: str) -> str:
    """A complex field (begin/instr/separate/result/end) Word and LibreOffice recompute."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def footer_xml() -> list[str]:
    """The page number: 第 X 页 共 Y 页 centred; a 公文's "— X —" (GB/T 9704 7.5: 四号, one
    character in) on the right of odd pages (the even pages' footer is `even_footer_xml`)."""
    return [
        f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{text_run("{%p if document.official %}")}</w:p>',
        official_number_xml("right"),
        f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{text_run("{%p else %}")}</w:p>',
        f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        f"{text_run('第 ')}{field('PAGE')}{text_run(' 页 共 ')}{field('NUMPAGES')}"
        f"{text_run(' 页')}</w:p>",
        f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{text_run("{%p endif %}")}</w:p>',
    ]


def header_xml() -> list[str]:
    mark = (
        '<w:rPr><w:rFonts w:eastAsia="黑体" w:hint="eastAsia"/><w:color w:val="B22222"/>'
        '<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
    )
    ppr = '<w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr>'
    return [
        f"<w:p {W}>{ppr}{text_run('{%p if document.example %}')}</w:p>",
        f'<w:p {W}>{ppr}<w:r>{mark}<w:t xml:space="preserve">{{{{ document.example }}}}</w:t></w:r></w:p>',
        f"<w:p {W}>{ppr}{text_run('{%p endif %}')}</w:p>",
    ]


def official_number_xml(side: str) -> str:
    """ "— X —" in 四号 on `side`, one 三号 character in (even pages: the left)."""
    size = '<w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>'
    field_runs = field("PAGE").replace("<w:r>", f"<w:r>{size}")
    return (
        f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/><w:ind w:{side}="320"/>'
        f'<w:jc w:val="{side}"/></w:pPr>'
        f'<w:r>{size}<w:t xml:space="preserve">— </w:t></w:r>{field_runs}'
        f'<w:r>{size}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


# --- assembly -------------------------------------------------------------------------------

DROP_RELS = (
    RT.CUSTOM_XML,
    RT.NUMBERING,
    RT.WEB_SETTINGS,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)


def build() -> bytes:
    document = docx.Document()
    part = document.part

    # Lean package: no stylesWithEffects (430 kB), numbering, customXml, webSettings,
    # thumbnail; every render re-reads the template, so size is speed.
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in DROP_RELS:
            del part.rels[rel_id]
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode("utf-8")

    styles = document.styles.element
    for child in list(styles):
        styles.remove(child)
    for child in list(parse_xml(styles_xml())):
        styles.append(child)

    font_table = part.part_related_by(RT.FONT_TABLE)
    font_table._blob = FONT_TABLE.encode("utf-8")

    settings = document.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")
    settings.find(qn("w:defaultTabStop")).set(qn("w:val"), str(CHAR))
    # 标点不挤压: full-width punctuation keeps its em, as in the PDF and the HTML.
    settings.find(qn("w:characterSpacingControl")).set(qn("w:val"), "doNotCompress")
    for name in ("w:savePreviewPicture", "w:attachedTemplate"):
        for element in settings.findall(qn(name)):
            settings.remove(element)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")

    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.top_margin, section.bottom_margin = Twips(TOP), Twips(BOTTOM)
    section.left_margin, section.right_margin = Twips(LEFT), Twips(RIGHT)
    section.header_distance, section.footer_distance = Twips(HEADER), Twips(FOOTER)
    section.gutter = Twips(0)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is not None:
        sect_pr.remove(grid)
    sect_pr.append(parse_xml(f'<w:docGrid {W} w:linePitch="312"/>'))

    footer = section.footer
    footer.is_linked_to_previous = False
    ftr = footer._element
    for child in list(ftr):
        ftr.remove(child)
    for paragraph in footer_xml():
        ftr.append(parse_xml(paragraph))
    # The example mark on every page (issue 22: a page printed alone must not look signed),
    # small and red at the right of the header; nothing for a real contract.
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        for child in list(header._element):
            header._element.remove(child)
        for paragraph in header_xml():
            header._element.append(parse_xml(paragraph))
    # A 公文's even pages (the writer turns on odd and even footers for a 公文 only).
    even = section.even_page_footer
    even.is_linked_to_previous = False
    for child in list(even._element):
        even._element.remove(child)
    even._element.append(parse_xml(official_number_xml("left")))

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for element in list(parse_xml(f"<w:body {W}>{''.join(body_xml())}</w:body>")):
        sect_pr.addprevious(element)

    core = document.core_properties
    core.author = ""
    core.comments = ""
    core.keywords = ""
    core.last_modified_by = ""
    core.title = ""
    core.subject = ""
    core.category = ""
    core.language = "zh-CN"
    core.revision = 1
    core.created = core.modified = FIXED_DATE.replace(tzinfo=None)

    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue(), compresslevel=None)


def main() -> None:
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
