"""The project's settings, `[tool.skillwage-docs]` of pyproject.toml, checked like a context file.

A misspelt key is an error, not a silently ignored setting (a `hook = […]` that never runs
would pass every agreement it was meant to stop). Every problem is one line
`pyproject.toml:line: tool.skillwage-docs.key: message`. tomllib keeps no positions and no
well-kept TOML parser for Python does (tomlkit preserves formatting but has no line numbers,
python-poetry/tomlkit#55), so `_positions` finds each key's line with a small scan of the file,
as the YAML loader records them while parsing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from ..base.errors import InputError
from ..base.findings import Finding
from ..base.problems import CUSTOM, validation_problems
from ..base.yamlsource import Located, Path_, dotted

__all__ = ["CONFIG_SECTION", "DEFAULT_CATEGORY_FLOORS", "ProjectConfig", "load_config"]

CONFIG_SECTION = "skillwage-docs"
_SECTION: tuple[str, str] = ("tool", CONFIG_SECTION)
_HOOK_SPEC = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*")

# 人社厅发〔2025〕52号 post categories and their reported floors as a share of the legal
# minimum [V2]; a project may override them in pyproject.toml.
DEFAULT_CATEGORY_FLOORS: Mapping[str, Decimal] = {
    "基础类": Decimal("1.05"),
    "重要类": Decimal("1.20"),
    "关键类": Decimal("1.50"),
    "核心类": Decimal("2.00"),
}

_MESSAGES: Mapping[str, str] = {
    **CUSTOM,
    "extra_forbidden": "未知设置（拼写错误？可设置：hooks、category_floors）",
    "hooks_not_list": '应为字符串列表（如 "pkg.mod:func"）',
    "hook_spec": "格式应为 “包.模块:函数”",
    "floors_not_table": "应为表（类别 = 比例）",
    "bad_ratio": "应为正数比例（如 1.05）",
}


def _string_list(value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("hooks_not_list")
    return value


def _hook_spec(value: str) -> str:
    if not _HOOK_SPEC.fullmatch(value):
        raise ValueError("hook_spec")
    return value


def _table(value: Any) -> Any:
    if not isinstance(value, dict):
        raise ValueError("floors_not_table")
    return value


def _ratio(value: Any) -> Decimal:
    # bool is an int in Python; `基础类 = true` is a slip, not a ratio.
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("bad_ratio")
    return Decimal(str(value))  # via str: 1.05 stays 1.05, not a binary float


HookSpec = Annotated[str, AfterValidator(_hook_spec)]
Ratio = Annotated[Decimal, BeforeValidator(_ratio)]


class ProjectConfig(BaseModel):
    """`[tool.skillwage-docs]` of the project's pyproject.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Validation hooks, "package.module:function", imported from the project directory.
    hooks: Annotated[tuple[HookSpec, ...], BeforeValidator(_string_list)] = ()
    # 52号 category floors; a table here overrides some categories and keeps the others.
    category_floors: Annotated[dict[str, Ratio], BeforeValidator(_table)] = Field(
        default_factory=lambda: dict(DEFAULT_CATEGORY_FLOORS)
    )
    # Where the settings were read: not settable from the file itself.
    _path: Path | None = PrivateAttr(default=None)
    _source: Located | None = PrivateAttr(default=None)

    @field_validator("category_floors")
    @classmethod
    def _keep_defaults(cls, floors: dict[str, Decimal]) -> dict[str, Decimal]:
        return {**DEFAULT_CATEGORY_FLOORS, **floors}

    def _read_from(self, path: Path, source: Located) -> ProjectConfig:
        self._path, self._source = path, source
        return self

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def root(self) -> Path | None:
        """The project directory, against which hook modules are imported."""
        return self._path.parent if self._path is not None else None

    def at(self, *key: str | int) -> Finding:
        """An empty problem at the line where `tool.skillwage-docs.<key>` was written."""
        path = (*_SECTION, *key)
        if self._path is None or self._source is None:
            return Finding(file=Path("pyproject.toml"), field=dotted(path))
        file, line = self._source.where(path, self._path)
        return Finding(file=file, line=line, field=dotted(path))


def load_config(pyproject: Path | None = None) -> ProjectConfig:
    """Read `[tool.skillwage-docs]` (default: ./pyproject.toml); absent file or table → defaults.

    Every problem of the table is reported at once, each on its own line (`InputError`).
    """
    path = pyproject if pyproject is not None else Path.cwd() / "pyproject.toml"
    if not path.is_file():
        return ProjectConfig()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(Finding(file=path, message=f"无法读取配置文件（{err}）")) from err
    except tomllib.TOMLDecodeError as err:
        # tomllib states the line only inside its message: "… (at line 3, column 9)".
        found = re.search(r"at line (\d+)", str(err))
        line = int(found.group(1)) if found else None
        raise InputError(Finding(file=path, line=line, message=f"TOML 格式错误：{err}")) from err
    located = Located(data=data, positions=dict(_positions(text, path)))
    section = _section(data, located, path)
    try:
        config = ProjectConfig.model_validate(section)
    except ValidationError as err:
        problems = validation_problems(err, located, path, prefix=_SECTION, custom=_MESSAGES)
        if len(problems) == 1:
            raise InputError(problems[0]) from err
        summary = Finding(file=path, message=f"{len(problems)} 处配置错误")
        raise InputError(summary, details=problems) from err
    return config._read_from(path, located)


def _section(data: dict[str, Any], located: Located, path: Path) -> dict[str, Any]:
    """The `[tool.skillwage-docs]` table, or {} when the file has none."""
    section = data
    for depth, key in enumerate(_SECTION, 1):
        node = section.get(key, {})
        if not isinstance(node, dict):
            file, line = located.where(_SECTION[:depth], path)
            where = dotted(_SECTION[:depth])
            raise InputError(Finding(file=file, line=line, field=where, message="应为表"))
        section = node
    return section


# --- where each key was written ---------------------------------------------------------------

_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED_KEY = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_TABLE = re.compile(rf"^\s*\[\s*({_DOTTED_KEY})\s*\]")
_ARRAY_TABLE = re.compile(rf"^\s*\[\[\s*({_DOTTED_KEY})\s*\]\]")
_ASSIGN = re.compile(rf"^\s*({_DOTTED_KEY})\s*=\s*(.*)$")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"((?:[^"\\]|\\.)*)"|'([^']*)'""")
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'""")


def _keys(dotted: str) -> tuple[str, ...]:
    return tuple(
        match.group(1) if match.group(1) is not None else (match.group(2) or match.group(0))
        for match in _PART.finditer(dotted)
    )


def _positions(text: str, file: Path) -> Iterator[tuple[Path_, tuple[Path, int]]]:
    """(key path, (file, line)) for each table header, each `key =` and each string item of
    an array: enough to point at a setting. Anything this scan cannot place (an array of
    tables, a key inside an inline table) falls back to the deepest key above it."""
    yield (), (file, 1)
    table: Path_ = ()
    array: Path_ | None = None  # the key whose multi-line array we are inside, and its items
    items = 0
    quoted = False  # inside a multi-line string, where nothing is a key
    for number, line in enumerate(text.splitlines(), 1):
        opens = (line.count('"""') + line.count("'''")) % 2 == 1
        if quoted:
            quoted = not opens  # the line that closes it holds no key either
            continue
        quoted = opens  # `key = """…` still names its key on this line
        if array is not None:
            for _ in _STRING.finditer(line.split("#", 1)[0]):
                yield (*array, items), (file, number)
                items += 1
            if "]" in line.split("#", 1)[0]:
                array = None
            continue
        array_table = _ARRAY_TABLE.match(line)
        if array_table:  # its keys are not placed: -1 matches no index a setting has
            table = (*_keys(array_table.group(1)), -1)
            continue
        header = _TABLE.match(line)
        if header:
            table = _keys(header.group(1))
            yield table, (file, number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            key = (*table, *_keys(assign.group(1)))
            yield key, (file, number)
            value = assign.group(2).split("#", 1)[0]
            if value.startswith("["):
                strings = list(_STRING.finditer(value))
                yield from (((*key, i), (file, number)) for i in range(len(strings)))
                if "]" not in value:
                    array, items = key, len(strings)
