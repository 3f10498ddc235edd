"""Read rendered files back and check their figures against the agreement.

A template or writer bug must not publish a wrong figure: after rendering, every figure
of the agreement has to appear in the text a reader's tool extracts, and every amount
written in 人民币大写 has to convert back to one of the agreement's figures
(人社厅发〔2024〕51号: the published standard is what enterprises must pay).
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from functools import cache
from html.parser import HTMLParser

import cn2an

from ..base.figures import chinese_number, money_upper, yuan
from ..inputs.agreement import Agreement, wage_figures
from ..text.environment import TEMPLATES

__all__ = ["check_blank", "check_figures", "extract_text"]

_UPPER = re.compile(
    r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+元(?:[零壹贰叁肆伍陆柒捌玖]角)?(?:零?[零壹贰叁肆伍陆柒捌玖]分)?整?"
)
_XML_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_FOOTER = re.compile(r"第\s*\d+\s*页\s*共\s*\d+\s*页")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_CN_DIGITS = {char: n for n, char in enumerate("零壹贰叁肆伍陆柒捌玖")}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _pdf_text(data: bytes) -> str:
    """The PDF's text as PDFium extracts it, in process (no subprocess per document: poppler's
    pdftotext cost 110–150 ms a contract on a busy machine, more than Typst rendering it)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(data)
    try:
        parts = []
        for page in document:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        document.close()
    return "\n".join(parts)


def extract_text(fmt: str, data: bytes) -> str:
    """The document's text as a reader's tool sees it; cells and lines separated by spaces."""
    if fmt == "html":
        parser = _HtmlText()
        parser.feed(data.decode("utf-8"))
        text = " ".join(parser.parts)
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
        text = " ".join(match.decode("utf-8") for match in _XML_TEXT.findall(xml))
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    elif fmt == "pdf":
        text = _FOOTER.sub(" ", _pdf_text(data))
    else:
        raise ValueError(fmt)
    return text


def _upper_value(written: str) -> Decimal:
    """人民币大写 → amount. cn2an reads …元伍角 and …元伍角伍分 but not …元零伍分 (fen without
    jiao), which its own an2cn writes for 2300.05."""
    match = re.fullmatch(r"(.+元)零([壹贰叁肆伍陆柒捌玖])分", written)
    if match is None:
        return Decimal(str(cn2an.cn2an(written, "smart")))
    whole = Decimal(str(cn2an.cn2an(match.group(1), "smart")))
    return whole + Decimal(_CN_DIGITS[match.group(2)]) / 100


_CLAUSES = TEMPLATES / "clauses"


@cache
def _fixed_wording(templates: tuple[str, ...], stamp: tuple[tuple[int, int], ...]) -> str:
    """The clause templates' own words and the numbering compose adds (第十条, 第三章, 表2):
    the same for every agreement, so built once per version of the templates (`stamp`: their
    sizes and mtimes) rather than for each of the thousands of agreements a build checks."""
    numbers = [chinese_number(n) for n in range(1, 100)]
    parts = [
        *((_CLAUSES / name).read_text(encoding="utf-8") for name in templates),
        *(f"第{n}条第{n}章" for n in numbers),
        *(f"表{n}" for n in range(1, 100)),
    ]
    return re.sub(r"\s+", "", "".join(parts))


def _stamps(templates: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    infos = [(_CLAUSES / name).stat() for name in templates]
    return tuple((info.st_size, info.st_mtime_ns) for info in infos)


def _kept_wording(agreement: Agreement, templates: tuple[str, ...] = ("contract.md.j2",)) -> str:
    """What the blank text shows by design: the clause template's own words, the numbering
    compose adds (第十条, 第三章, 表2) and the facts it keeps (|fixed): industry, statutes,
    occupations, categories."""
    parts = [
        agreement.industry or "",
        *agreement.region.local_basis,
        *(item.name for item in agreement.occupations),
        *(item.category for item in agreement.categories),
    ]
    return _fixed_wording(templates, _stamps(templates)) + re.sub(r"\s+", "", "".join(parts))


def check_figures(
    agreement: Agreement,
    fmt: str,
    data: bytes,
    *,
    figures: bool = True,
    pairs: bool = True,
    omit: tuple[str, ...] = (),
) -> list[str]:
    """Problems found in the rendered file; empty when every figure reads back correctly.

    `figures`: the file prints every wage figure (`wage_figures`) but those keyed in `omit`;
    `pairs`: it prints each level's monthly figure beside its 大写 form (the contract's
    schedule). Whatever it prints, every 大写 amount in it must be one of the agreement's
    figures (a packet paper that prints no schedule is checked for that alone)."""
    text = extract_text(fmt, data)
    squashed = re.sub(r"\s+", "", text)
    # Whole numbers only: "25" must be a number of its own, not the end of "2025".
    numbers = set(_NUMBER.findall(text))
    expected = wage_figures(agreement)
    problems = [
        f"{fmt.upper()} 中找不到 {name} 的数字 {yuan(value)}"
        for name, value in expected.items()
        if figures and name not in omit and yuan(value) not in numbers
    ]
    # The schedule prints each level's monthly figure beside its 大写 form: check the pair.
    for row in agreement.levels_sorted() if pairs else ():
        pair = yuan(row.monthly) + money_upper(row.monthly)
        if pair not in squashed:
            problems.append(f"{fmt.upper()} 的标准表中找不到 {row.level} 的 {pair}")
    amounts = {Decimal(str(value)).normalize() for value in expected.values()}
    for written in sorted(set(_UPPER.findall(squashed))):
        value = _upper_value(written).normalize()
        if value not in amounts:
            problems.append(
                f"{fmt.upper()} 中的大写金额“{written}”（{yuan(value)}）不是合同中的任何数字"
            )
    return problems


def check_blank(
    agreement: Agreement,
    fmt: str,
    data: bytes,
    *,
    text: str | None = None,
    templates: tuple[str, ...] = (),
) -> list[str]:
    """A blank model text (示范文本) must carry none of the agreement's figures or names.

    `text`: the file's `extract_text`, when the caller has it already (a blank shared by many
    agreements is read back once and checked against each of them). `templates`: the clause
    templates it was made from (default the contract's; a packet kind passes its own and the
    macros it imports, issue 14)."""
    text = extract_text(fmt, data) if text is None else text
    numbers = set(_NUMBER.findall(text))
    kept = _kept_wording(agreement, templates or ("contract.md.j2",))
    wording = set(_NUMBER.findall(kept))  # 〔2024〕254号: the wording's own numbers
    problems = [
        f"{fmt.upper()} 空白示范文本中出现了 {name} 的数字 {yuan(value)}"
        for name, value in wage_figures(agreement).items()
        # small numbers (hours, 24) also occur in statute references; check the wage figures
        if value >= 100 and yuan(value) in numbers and yuan(value) not in wording
    ]
    squashed = re.sub(r"\s+", "", text)
    for party in (agreement.worker_party, agreement.employer_party):
        if party.name in squashed and party.name not in kept:
            problems.append(f"{fmt.upper()} 空白示范文本中出现了当事方名称“{party.name}”")
    return problems
