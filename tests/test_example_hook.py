"""The README's example hook, enabled through pyproject.toml, fails an agreement via the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skillwage_docs.app.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_example_hook_from_project_config(
    contexts: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "examples", project / "examples")
    (project / "pyproject.toml").write_text(
        '[tool.skillwage-docs]\nhooks = ["examples.entry_level_floor:check"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(project)
    with pytest.raises(SystemExit) as exit_info:
        main(["--contexts", str(contexts), "validate", "yangquan", "--agreement", "hospitality"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err  # findings go to stderr in every command; stdout has the summary
    # 住宿和餐饮业 初级工 2300 < 1.2 × 2150 = 2580
    assert "hospitality.yaml:" in err and "1.2 倍" in err and "2580" in err
