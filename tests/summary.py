"""The README's line on the test suite, generated like its table of provinces.

A whole-suite run (`make test`: no `-k`, `-m` or file arguments) records how many tests ran,
how many of them `make test-fast` runs, and how long it took, in `build/test-run.json`
(`conftest.pytest_sessionfinish`). `python -m tests.summary README.md` writes that record into
the README between its markers; `test_the_readme_states_the_test_count` fails when the count
there is not the count collected now.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "build" / "test-run.json"
START = "<!-- tests:start (python -m tests.summary README.md, after make test) -->"
END = "<!-- tests:end -->"


def record_run(session: Any, seconds: float) -> None:
    """Keep a whole-suite run's counts (the caller checked it was one)."""
    items = list(session.items)
    fast = sum(1 for item in items if item.get_closest_marker("slow") is None)
    data = {
        "tests": len(items),
        "fast": fast,
        "seconds": round(seconds),
        "failed": session.testsfailed,
        "date": datetime.now().date().isoformat(),
    }
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def whole_suite(config: Any) -> bool:
    """A run of the whole suite: no selection by keyword, marker or file."""
    option = config.option
    chosen = {Path(a).resolve() for a in config.args if not a.startswith("-")}
    default = {(ROOT / path).resolve() for path in config.getini("testpaths")}
    selected = bool(option.keyword or option.markexpr or option.collectonly)
    return not selected and chosen in (set(), default)


def block(data: dict[str, Any]) -> str:
    minutes = data["seconds"] / 60
    failed = f" ({data['failed']} failed)" if data["failed"] else ""
    return (
        f"{START}\n"
        f"{data['tests']:,} tests ({data['fast']:,} of them in `make test-fast`); the last "
        f"whole run, {data['date']}, took {minutes:.0f} minutes on this project's 2-core "
        f"machine{failed}.\n"
        f"{END}"
    )


def update(readme: Path) -> None:
    data = json.loads(RECORD.read_text(encoding="utf-8"))
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(head + block(data) + tail, encoding="utf-8")


if __name__ == "__main__":
    update(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "README.md")
