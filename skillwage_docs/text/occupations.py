"""The register of 《中华人民共和国职业分类大典》 occupation codes the 《技能岗位目录》 annex prints
(templates/clauses/occupations.yaml): a code enters the annex only with its source; an
occupation whose code was not found is printed as 未查到, never guessed (issue 20 point 8)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from ..base.errors import InputError
from ..base.findings import Finding
from ..base.model import Model, Text
from ..base.problems import validation_problems
from ..base.yamlsource import load_yaml
from .environment import TEMPLATES

__all__ = ["OCCUPATIONS", "Occupation", "OccupationRegister", "load_occupations", "occupations"]

OCCUPATIONS = TEMPLATES / "clauses" / "occupations.yaml"
# 大类-中类-小类-细类, as the 2015 and 2022 editions number an occupation (6-18-02-04).
_CODE = re.compile(r"[1-8]-\d{2}-\d{2}-\d{2}")


class Occupation(Model):
    name: Text
    code: str | None = Field(default=None, pattern=_CODE.pattern)
    mark: Literal["V", "S", "?"]
    source: Text

    @model_validator(mode="after")
    def _code_has_source(self) -> Occupation:
        # A code without a source would be a guess; a "?" with a code a contradiction.
        if (self.code is None) != (self.mark == "?"):
            raise ValueError('code 为空时 mark 须为 "?"，有 code 时 mark 须为 V 或 S')
        return self


class _File(Model):
    edition: Text
    occupations: list[Occupation] = Field(min_length=1, max_length=2000)


@dataclass(frozen=True)
class OccupationRegister:
    edition: str
    by_name: dict[str, Occupation]
    path: Path

    def find(self, name: str) -> Occupation | None:
        return self.by_name.get(name.strip())


def load_occupations(path: Path = OCCUPATIONS) -> OccupationRegister:
    located = load_yaml(path)
    try:
        data = _File.model_validate(located.data)
    except ValidationError as err:
        problems = validation_problems(err, located, path)
        raise InputError(
            Finding(file=path, message=f"{len(problems)} 处错误"), details=problems
        ) from err
    by_name: dict[str, Occupation] = {}
    for index, item in enumerate(data.occupations):
        if item.name in by_name:
            file, line = located.where(("occupations", index), path)
            raise InputError(
                Finding(file=file, line=line, field=f"occupations[{index}]", message="职业重复")
            )
        by_name[item.name] = item
    return OccupationRegister(data.edition, by_name, path)


@cache
def occupations() -> OccupationRegister:
    """The project's register, read once per process."""
    return load_occupations()
