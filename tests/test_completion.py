"""Shell completion (issue 15 point 5): commands, region codes and agreement names.

Driven through click's completion API and, once, through the environment variables a shell
sets, on a contexts folder made here (so the names expected are this file's own).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from skillwage_docs.app.cli import cli, main

PROG = "skillwage-docs"
VAR = "_SKILLWAGE_DOCS_COMPLETE"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """alpha (coal, construction), beta (catering), and folders that are not regions."""
    contexts = tmp_path / "contexts"
    for region, agreements in (("alpha", ("coal", "construction")), ("beta", ("catering",))):
        (contexts / region).mkdir(parents=True)
        (contexts / region / "region.yaml").write_text("region: {}\n", encoding="utf-8")
        for name in agreements:
            (contexts / region / f"{name}.yaml").write_text("kind: 行业性\n", encoding="utf-8")
    (contexts / "minimum_wages").mkdir()
    (contexts / "minimum_wages" / "shanxi.yaml").write_text("province: 山西省\n", encoding="utf-8")
    (contexts / "drafts").mkdir()  # no region.yaml: not a region
    return contexts


def offered(contexts: Path, args: list[str], incomplete: str) -> list[str]:
    completion = ShellComplete(cli, {}, PROG, VAR)
    items = completion.get_completions(["--contexts", str(contexts), *args], incomplete)
    return [item.value for item in items]


def test_commands_are_completed() -> None:
    completion = ShellComplete(cli, {}, PROG, VAR)
    assert [item.value for item in completion.get_completions([], "d")] == ["doctor"]
    assert [item.value for item in completion.get_completions([], "w")] == [
        "watch",
        "what-if",
        "word-blank",
    ]
    assert [item.value for item in completion.get_completions([], "n")] == ["new"]


@pytest.mark.parametrize("command", ["validate", "render", "liaison-table", "calendar"])
def test_region_argument_offers_region_folders(tree: Path, command: str) -> None:
    assert offered(tree, [command], "") == ["alpha", "beta"]
    assert offered(tree, [command], "b") == ["beta"]


def test_several_regions_offer_those_not_yet_given(tree: Path) -> None:
    assert offered(tree, ["build", "alpha"], "") == ["beta"]
    assert offered(tree, ["site", "beta"], "") == ["alpha"]


def test_industry_offers_the_agreements_of_the_region_given(tree: Path) -> None:
    assert offered(tree, ["render", "alpha", "--agreement"], "") == ["coal", "construction"]
    assert offered(tree, ["render", "alpha", "--agreement"], "con") == ["construction"]
    assert offered(tree, ["validate", "beta", "--agreement"], "") == ["catering"]
    # no region yet: every region's agreements; one already chosen is not offered again
    assert offered(tree, ["render", "--agreement"], "c") == ["coal", "construction", "catering"]
    assert offered(tree, ["render", "alpha", "--agreement", "coal", "--agreement"], "") == [
        "construction"
    ]


def test_no_contexts_folder_offers_nothing(tmp_path: Path) -> None:
    assert offered(tmp_path / "nowhere", ["validate"], "") == []


def test_completion_through_the_shell_variables(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What bash does on Tab: the words so far in COMP_WORDS, the cursor's word in COMP_CWORD."""
    monkeypatch.setenv(VAR, "bash_complete")
    monkeypatch.setenv("COMP_WORDS", f"{PROG} --contexts {tree} render alpha --agreement c")
    monkeypatch.setenv("COMP_CWORD", "6")
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.splitlines() == ["plain,coal", "plain,construction"]


def test_the_readme_line_prints_a_bash_completion_script(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(VAR, "bash_source")
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 0
    script = capsys.readouterr().out
    assert f"{VAR}=bash_complete" in script and "complete -o nosort -F" in script
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f'eval "$({VAR}=bash_source {PROG})"' in readme
