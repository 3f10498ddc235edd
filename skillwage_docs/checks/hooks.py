"""Validation hooks a project plugs in: found, imported outside `contexts/`, and run so they cannot crash a run.

A hook is a function like a built-in rule (`RuleContext` → `Finding`s), named in the
entry-point group `skillwage_docs.validators` of an installed package or in
`[tool.skillwage-docs] hooks` of the project's pyproject.toml (as mkdocs takes plugins and a
local `hooks:` file).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from .config import ProjectConfig
from .findings import Finding
from .rule_context import Rule, RuleContext

__all__ = ["ENTRY_POINT_GROUP", "Hook", "NamedHook", "discover_hooks", "named", "run_hook"]

ENTRY_POINT_GROUP = "skillwage_docs.validators"
Hook = Rule


@dataclass(frozen=True)
class NamedHook:
    name: str
    function: Hook


def named(hook: Hook | NamedHook) -> NamedHook:
    """A hook with the name its findings carry: `module:qualname` unless it has one."""
    if isinstance(hook, NamedHook):
        return hook
    module = getattr(hook, "__module__", "?")
    return NamedHook(f"{module}:{getattr(hook, '__qualname__', repr(hook))}", hook)


def discover_hooks(
    config: ProjectConfig, *, forbidden: Sequence[Path] = ()
) -> tuple[list[NamedHook], list[Finding]]:
    """Hooks from the `skillwage_docs.validators` entry points and from `[tool.skillwage-docs]
    hooks`, never from inside a `forbidden` folder (contexts/).

    An installed entry point that fails to load becomes an error finding, not a traceback. A
    hook the project's own pyproject.toml names and that cannot load is a mistake in that
    file: all of them are raised as one `InputError`, each at its line (exit 2).
    """
    hooks, findings = _entry_point_hooks()
    roots = [path.resolve() for path in forbidden]
    problems: list[Finding] = []
    for index, spec in enumerate(config.hooks):
        try:
            hooks.append(NamedHook(spec, _import_hook(spec, config.root, roots)))
        except Exception as err:  # any failure in foreign code is reported, not raised
            at = config.at("hooks", index)
            problems.append(replace(at, message=f"无法加载校验钩子 {spec}：{_describe(err)}"))
    if len(problems) == 1:
        raise InputError(problems[0])
    if problems:
        raise InputError(replace(config.at(), message="校验钩子无法加载"), details=problems)
    return hooks, findings


def _entry_point_hooks() -> tuple[list[NamedHook], list[Finding]]:
    hooks: list[NamedHook] = []
    findings: list[Finding] = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        name = f"{point.name} = {point.value}"
        try:
            function = point.load()
            if not callable(function):
                raise ValueError("不是函数")
        except Exception as err:  # as above: a broken plugin is a finding
            dist = point.dist.name if point.dist is not None else "?"
            findings.append(
                Finding(
                    severity="error",
                    place=f"{dist}（入口点 {ENTRY_POINT_GROUP}）",
                    field="hooks",
                    message=f"无法加载校验钩子 {name}：{_describe(err)}",
                    rule=name,
                )
            )
            continue
        hooks.append(NamedHook(name, function))
    return hooks, findings


@contextmanager
def _importable_from(directory: Path | None) -> Iterator[None]:
    """Let `pkg.module` resolve against the project directory while importing, as pytest does
    for its rootdir; removed afterwards so later imports are unaffected."""
    entry = str(directory) if directory is not None else None
    added = entry is not None and entry not in sys.path
    if added and entry is not None:
        sys.path.insert(0, entry)
    try:
        yield
    finally:
        if added and entry in sys.path:
            sys.path.remove(entry)


def _inside(location: str | None, roots: Sequence[Path]) -> bool:
    if not location:
        return False
    resolved = Path(location).resolve()
    return any(resolved == root or root in resolved.parents for root in roots)


def _import_hook(spec: str, root: Path | None, forbidden: Sequence[Path]) -> Hook:
    module_name, _, attribute = spec.partition(":")  # the shape was checked with the config
    with _importable_from(root):
        # Checked before anything executes: contexts are data from other hands and must
        # never supply code (find_spec of a top-level name imports nothing).
        top = importlib.util.find_spec(module_name.split(".")[0])
        if top is None:
            raise ValueError(f"找不到模块 {module_name}")
        places = [top.origin, *(top.submodule_search_locations or [])]
        if any(_inside(place, forbidden) for place in places):
            raise ValueError(
                "模块位于 contexts 目录内，拒绝加载（contexts 只放数据，不执行其中的代码）"
            )
        module = importlib.import_module(module_name)
    target: Any = module
    for part in attribute.split("."):
        target = getattr(target, part)
    if not callable(target):
        raise ValueError(f"{spec} 不是函数")
    return target  # type: ignore[no-any-return]


def _describe(err: Exception) -> str:
    return str(err) if isinstance(err, ValueError) and str(err) else f"{type(err).__name__}: {err}"


def run_hook(hook: NamedHook, ctx: RuleContext) -> list[Finding]:
    """A hook's findings, each naming the hook; a hook that raises or returns something other
    than findings is one error finding against the agreement, and the run goes on."""
    try:
        results = list(hook.function(ctx))
        for item in results:
            if not isinstance(item, Finding):
                raise TypeError(f"返回了 {type(item).__name__}，应为 Finding")
    except Exception as err:  # foreign code: report it against the agreement, keep going
        file, line = ctx.loaded.source.where((), ctx.loaded.path)
        return [
            Finding(
                severity="error",
                file=Path(file),
                line=line,
                field="hooks",
                message=f"校验钩子 {hook.name} 出错：{type(err).__name__}: {err}",
                rule=hook.name,
                agreement=ctx.agreement.slug,
            )
        ]
    return [
        replace(item, rule=item.rule or hook.name, agreement=item.agreement or ctx.agreement.slug)
        for item in results
    ]
