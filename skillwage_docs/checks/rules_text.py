"""Rules on the text itself: what it cites, and characters no format can print.

`cited_documents` is the one rule that reads the composed documents (`RuleContext.texts`):
a citation is judged where it is printed, the template or the region's legal basis.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..base.yamlsource import Path_
from ..text.citations import Citation, Register, citations_in, register
from .findings import Finding
from .rule_context import RuleContext

__all__ = ["cited_documents", "invisible_characters", "province_documents"]

# What escape_markup drops or folds: named in a warning so the author can clean the source.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), (*path, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def invisible_characters(ctx: RuleContext) -> Iterator[Finding]:
    """Control and bidi-override characters are dropped from every format (escape_markup);
    name each field holding one, since it is usually a paste from another program."""
    for path, text in _strings(ctx.agreement, ()):
        hit = _INVISIBLE.search(text)
        if hit:
            yield ctx.finding(
                path,
                f"含有不可见的控制字符 U+{ord(hit.group()):04X}，生成时已删除或替换为空格"
                "（可能是从其他程序粘贴而来）",
                severity="warning",
            )


def cited_documents(ctx: RuleContext) -> Iterator[Finding]:
    """A text may cite only documents issued by its signing date (人社厅发〔2025〕52号, dated
    2025-11-05, cannot ground a contract signed before it). Every document number and every
    registered title in the filled texts — the contract and each paper of the packet the build
    composed — is looked up in the register (templates/clauses/citations.yaml): issued after
    signing is an error; a number the register lacks, or a date known only as "not later
    than" a day after signing, is a warning. A citation several texts make is named once."""
    agreement = ctx.agreement
    documents = register()
    signing = agreement.signing_date
    local = agreement.region.local_basis
    for citation in _cited(ctx, documents):
        # A citation written in the region's legal basis is fixed there; anything else comes
        # from the template or the minimum-wage table and is judged against the signing date.
        index = next((i for i, item in enumerate(local) if citation.text in item), None)
        path: Path_ = ("region", "local_basis", index) if index is not None else ("signing_date",)
        document = citation.document
        if document is None:
            yield ctx.finding(
                path,
                f"合同文本引用了 {citation.text}，但引用文件登记表（{documents.path.name}）"
                "没有它的发文日期，无法核对签订时是否已经印发；请登记",
                severity="warning",
                source=documents.path.name,
            )
        elif document.issued > signing:
            issued = document.issued_text()
            if document.exact:
                yield ctx.finding(
                    path,
                    f"合同文本引用了 {document.name}（{issued} 印发），而签订日期为 "
                    f"{signing.isoformat()}：不能引用签订时尚未印发的文件",
                    source=document.source,
                )
            else:
                yield ctx.finding(
                    path,
                    f"合同文本引用了 {document.name}，其发文日期只知道{issued}，晚于签订日期 "
                    f"{signing.isoformat()}，无法确认签订时已经印发",
                    severity="warning",
                    source=document.source,
                )


def _records(ctx: RuleContext) -> str:
    """The record strings of the authority's answers (a 审查意见书's own number, 盂人社集审
    〔2026〕1号): the parties' papers print them as what they received, not as a basis they rest
    on, so they are no citation to date against the signing."""
    procedure = ctx.agreement.procedure
    answers = [procedure.review]
    if procedure.resubmission is not None:
        answers.append(procedure.resubmission.objection)
    return "\n".join(answer.record for answer in answers if answer is not None)


def _cited(ctx: RuleContext, documents: Register) -> list[Citation]:
    """Every citation of the composed texts (the contract and each paper), each once; the
    numbers of the answers on record are not citations (`_records`)."""
    records = _records(ctx)
    cited: dict[str, Citation] = {}
    for text in ctx.texts().values():
        for citation in citations_in(text.text(), documents):
            if citation.document is None and citation.text in records:
                continue
            cited.setdefault(citation.text, citation)
    return list(cited.values())


def province_documents(ctx: RuleContext) -> Iterator[Finding]:
    """A text rests on the national documents and its own province's: a document of another
    province (《山西省企业集体合同条例》, 晋人社厅函〔2024〕1185号 in a 广东 text) is an error,
    wherever it comes from (the template, the region's legal basis, the minimum-wage table).
    A document the region's legal basis names must be in the register, with its source and its
    province (templates/clauses/citations.yaml): a provincial regulation enters the text only
    once someone has found it (issue 20 point 11)."""
    agreement = ctx.agreement
    documents = register()
    province = agreement.region.province
    local = agreement.region.local_basis
    for index, item in enumerate(local):
        if documents.find(item) is None:
            yield ctx.finding(
                ("region", "local_basis", index),
                f"依据文件 {item} 不在引用文件登记表（{documents.path.name}）中：请连同出处、"
                "发文日期和所属省份登记后再引用；没有出处的，合同只依据全国性文件",
                source=documents.path.name,
            )
    for citation in _cited(ctx, documents):
        document = citation.document
        if document is None or document.province is None or document.province == province:
            continue
        where = next((i for i, item in enumerate(local) if citation.text in item), None)
        path: Path_ = (
            ("region", "local_basis", where) if where is not None else ("region", "province")
        )
        yield ctx.finding(
            path,
            f"合同文本引用了{document.province}的文件 {document.name}，而本合同在{province}："
            f"{province}的合同只能引用全国性文件和{province}的文件",
            source=document.source,
        )
