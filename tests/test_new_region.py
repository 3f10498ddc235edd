"""A new user's path: the README's "Adding a region" followed literally, in a temporary folder,
for a region in another province (广东 东莞), then `make contracts` as the Makefile runs it."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from skillwage_docs.app.cli import main

from .conftest import CONTEXTS, ROOT

SECTION = "## Adding a region or an agreement"


def _readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    return readme[start : readme.index("\n## ", start + len(SECTION))]


def _readme_files() -> dict[str, str]:
    """Each YAML block of the section whose first line names its file (# contexts/…)."""
    files = {}
    for block in re.findall(r"```yaml\n(.*?)```", _readme_section(), re.S):
        first = block.splitlines()[0]
        if first.startswith("# contexts/"):
            files[first.removeprefix("# ")] = block
    return files


def _contracts_recipe(region: str, out: Path) -> list[list[str]]:
    """The skillwage-docs commands of the Makefile's `contracts` target, REGION and OUT set."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\ncontracts:") :].split("\n\n", 1)[0]
    commands = []
    for line in recipe.splitlines()[1:]:
        if not line.startswith("\t$(BIN)/skillwage-docs "):
            continue  # a continuation line: what runs after a failure (doctor)
        command = line.split("$(BIN)/skillwage-docs ", 1)[1].split("||", 1)[0]
        command = command.replace("$(REGION)", region).replace("$(OUT)", str(out))
        commands.append(shlex.split(command))
    return commands


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def _entry(ctx: click.Context) -> None:
    """Route through `main`, the real entry point, as test_cli does."""
    main(list(ctx.args))


def _run(contexts: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(_entry, ["--contexts", str(contexts), *args])
    return result.exit_code, result.output


def test_the_readme_shows_both_files() -> None:
    assert sorted(_readme_files()) == [
        "contexts/dongguan/manufacturing.yaml",
        "contexts/dongguan/region.yaml",
    ]


@pytest.mark.slow
def test_a_region_in_another_province_renders_on_the_first_try(tmp_path: Path) -> None:
    contexts = tmp_path / "contexts"
    shutil.copytree(CONTEXTS / "minimum_wages", contexts / "minimum_wages")
    for relative, text in _readme_files().items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    code, text = _run(contexts, "validate", "dongguan")
    assert code == 0, text
    assert "校验通过：1 份合同，0 个错误" in text
    out = tmp_path / "build"
    recipe = _contracts_recipe("dongguan", out)
    # one command, one plan: the outputs run over the same build (issue 24 point 4)
    assert [command[0] for command in recipe] == ["render"]
    said = {}
    for command in recipe:
        code, text = _run(contexts, *command)
        assert code == 0, (command, text)
        said[command[0]] = text
    folder = out / "dongguan"
    for suffix in ("docx", "html", "pdf", "blank.docx", "blank.html", "blank.pdf"):
        assert (folder / f"manufacturing.{suffix}").stat().st_size > 1000, suffix
    # the bargaining packet and the enterprises' self-check forms (issue 14)
    for suffix in ("poster.pdf", "brief.docx", "filing.html", "compliance.xlsx", "compliance.docx"):
        assert (folder / f"manufacturing.{suffix}").stat().st_size > 1000, suffix
    assert "| 东莞市制造业 " in (folder / "calendar.md").read_text(encoding="utf-8")
    # 东莞 has no 重点联系点: a note, not an error, and no form
    assert "地区 dongguan 没有重点联系点" in said["render"]
    assert not list(folder.glob("liaison-table.*"))
