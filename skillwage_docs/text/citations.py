"""The register of documents the contract texts cite, and finding citations in a text.

A contract cannot rest on a document issued after it was signed (人社厅发〔2025〕52号 is dated
2025-11-05: a text signed before then must not cite it). Every law, regulation and notice the
clause template or a context cites is listed in `templates/clauses/citations.yaml` with its
issue date; the template asks `citable()` before citing a recent one, and the rule
`cited_documents` checks every number and registered title in the rendered text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from ..base.errors import InputError
from ..base.findings import Finding
from ..base.model import Model, Text
from ..base.problems import validation_problems
from ..base.yamlsource import load_yaml
from .environment import TEMPLATES

__all__ = [
    "REGISTER",
    "Citation",
    "CitedDocument",
    "Register",
    "citations_in",
    "join_citations",
    "legal_basis",
    "load_register",
    "register",
]

REGISTER = TEMPLATES / "clauses" / "citations.yaml"

# A document number as Chinese notices write it: 人社厅发〔2024〕51号, 晋人社厅函〔2024〕1185号,
# and the numbered orders: 劳动和社会保障部令第22号, 省政府令第218号, 国务院令第724号.
_NUMBER_TAIL = re.compile(r"〔\d{4}〕\d+号|令第\d+号")
_CONTEXT_CHARS = 10


class CitedDocument(Model):
    """One cited document. `issued` is the issue (or publication) date; where it was not found,
    `exact: false` makes it the latest date the document can have (“不晚于”)."""

    number: Text | None = None
    title: Text | None = None
    issuer: Text | None = None
    issued: date
    exact: bool = True
    mark: Literal["V", "V2", "S", "?"]
    source: Text
    # The province whose document it is (山西省); None for a national one. A text for a region
    # in another province must not cite it (rule province_documents).
    province: Text | None = None

    @property
    def name(self) -> str:
        return self.number or f"《{self.title}》"

    def citation(self) -> str:
        """How the text cites it: 《标题》（文号）, or the number alone where no title was found."""
        if self.title and self.number:
            return f"《{self.title}》（{self.number}）"
        return self.number or f"《{self.title}》"

    def issued_text(self) -> str:
        return ("不晚于" if not self.exact else "") + self.issued.isoformat()


class _RegisterFile(Model):
    documents: list[CitedDocument] = Field(min_length=1, max_length=500)


@dataclass(frozen=True)
class Register:
    documents: tuple[CitedDocument, ...]
    path: Path

    def find(self, key: str) -> CitedDocument | None:
        """By number (人社厅发〔2025〕52号) or title, with or without 《》."""
        key = key.strip().removeprefix("《").removesuffix("》")
        for document in self.documents:
            if key in (document.number, document.title):
                return document
        return None

    def cite(self, key: str) -> str:
        """A registered number as 《标题》（文号）; anything else (a title with 《》, an article
        such as 《最低工资规定》第十二条, an unregistered number) exactly as written."""
        document = self.find(key)
        if document is None or key.strip().startswith("《"):
            return key
        return document.citation()

    def citable(self, key: str, on: date) -> bool:
        """Whether a text signed on `on` may cite the document: it is registered and was
        certainly issued by then (an unknown exact date counts only if its bound is earlier)."""
        document = self.find(key)
        return document is not None and document.issued <= on


@dataclass(frozen=True)
class Citation:
    """A document found in a text: `document` is None for a number the register lacks."""

    text: str
    document: CitedDocument | None


def citations_in(text: str, register: Register) -> Iterator[Citation]:
    """Every document number in `text` (registered or not) and every registered title, each
    once, in order of first appearance."""
    found: dict[str, tuple[int, Citation]] = {}
    numbered = sorted(
        (d for d in register.documents if d.number), key=lambda d: -len(d.number or "")
    )
    for match in _NUMBER_TAIL.finditer(text):
        end = match.end()
        hit = next(
            (
                d
                for d in numbered
                if d.number and text[max(0, end - len(d.number)) : end] == d.number
            ),
            None,
        )
        if hit is not None and hit.number is not None:
            found.setdefault(hit.number, (end - len(hit.number), Citation(hit.number, hit)))
        else:
            start = max(0, match.start() - _CONTEXT_CHARS)
            shown = re.sub(r"^.*[，。；：、（）《》\s]", "", text[start : match.start()])
            number = shown + match.group()
            found.setdefault(number, (match.start(), Citation(number, None)))
    for document in register.documents:
        if document.title is None or (document.number and document.number in found):
            continue
        position = text.find(f"《{document.title}》")
        if position >= 0:
            found.setdefault(document.title, (position, Citation(document.name, document)))
    yield from (citation for _, citation in sorted(found.values(), key=lambda pair: pair[0]))


def load_register(path: Path = REGISTER) -> Register:
    located = load_yaml(path)
    try:
        data = _RegisterFile.model_validate(located.data)
    except ValidationError as err:
        problems = validation_problems(err, located, path)
        summary = Finding(file=path, message=f"{len(problems)} 处错误")
        raise InputError(summary, details=problems) from err
    for index, document in enumerate(data.documents):
        if document.number is None and document.title is None:
            file, line = located.where(("documents", index), path)
            raise InputError(
                Finding(
                    file=file,
                    line=line,
                    field=f"documents[{index}]",
                    message="须填写 number 或 title",
                )
            )
    return Register(tuple(data.documents), path)


@cache
def register() -> Register:
    """The project's register, read once per process."""
    return load_register()


def join_citations(items: Sequence[str]) -> str:
    """《A》《B》、晋人社厅函〔2024〕1185号: titles follow each other, a bare number gets 、."""
    out = ""
    for item in items:
        if out and not (out.endswith("》") and item.startswith("《")):
            out += "、"
        out += item
    return out


def legal_basis(national: Sequence[str], local: Sequence[str], *, blank: bool) -> dict[str, str]:
    """The legal basis of 第一条: the national statutes and the region's titled documents as
    《标题》; documents known only by number (晋人社厅函〔2024〕1185号) follow as their issuers'
    有关文件 with the numbers, so no bare number stands among the titles (issue 20 point 9).
    The blank names no issuer (a bureau's name is the filled text's), only 地方…有关文件."""
    documents = register()
    titled: list[str] = []
    issuers: list[str] = []
    numbers: list[str] = []
    for item in local:
        document = documents.find(item)
        if document is not None and document.title is None and document.number:
            numbers.append(document.number)
            if document.issuer and document.issuer not in issuers:
                issuers.append(document.issuer)
        else:
            titled.append(documents.cite(item))
    return {
        "legal_basis": join_citations([*national, *titled]),
        "local_notices": (
            f"{'地方人力资源社会保障部门' if blank else '、'.join(issuers)}的有关文件"
            f"（{'、'.join(numbers)}）"
            if numbers
            else ""
        ),
    }
