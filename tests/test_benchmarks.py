"""Every benchmark runs, on a tiny input (issue 24 point 8): bench_build.py once failed on a
count assertion that predated the packet and nobody noticed. Each script is run as its README
command is, and what it prints is checked for the figures it exists to give; timings are
printed, never asserted (the machines are shared)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .browser.tools import require
from .conftest import CONTEXTS, ROOT

pytestmark = (
    pytest.mark.slow
)  # many documents, a real reader or a subprocess: make test, not make test-fast

BENCHMARKS = ROOT / "benchmarks"


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_every_benchmark_has_a_smoke_test() -> None:
    scripts = {path.name for path in BENCHMARKS.glob("*.py")} - {"make_corpus.py"}
    assert scripts == set(SMOKE), sorted(scripts ^ set(SMOKE))


def _build(tmp: Path) -> None:
    out = _run("bench_build.py", "--regions", "1", "--jobs", "1", "--sample", "1")
    assert re.search(r"cold build:\s+[\d.]+ s → [\d.]+x the bare engines", out), out
    assert re.search(r"cold build, CPU: .* → [\d.]+x", out), out
    assert "5 agreements" in out and "no-op rebuild:" in out and "largest worker" in out


def _render(tmp: Path) -> None:
    out = _run("bench_render.py", "--rounds", "2")
    assert re.search(r"^all 3 .*x$", out, re.M), out


def _what_if(tmp: Path) -> None:
    out = _run("bench_what_if.py", "--regions", "1")
    assert re.search(r"^all\s+5\s+\d+\s+\d+%.* ms an agreement\)$", out, re.M), out


def _fuzz(tmp: Path) -> None:
    out = _run("fuzz_campaign.py", "--examples", "6")
    assert out.strip(), "the campaign printed its outcome per class"


def _packet(tmp: Path) -> None:
    contexts = tmp / "contexts"
    shutil.copytree(CONTEXTS, contexts)
    for path in (contexts / "yangquan").glob("*.yaml"):
        if path.stem not in ("region", "mining", "coal"):  # mining hands coal to coal.yaml
            path.unlink()
    out = _run("bench_packet.py", "--contexts", str(contexts), "--jobs", "1")
    assert re.search(r"ratio [\d.]+×, the packet adds", out), out


def _search(tmp: Path) -> None:
    out = _run("bench_search.py", "--regions", "1")
    assert re.search(r"index built in [\d.]+ s; bundle [\d.]+ MB", out), out


def _dask(tmp: Path) -> None:
    require(importlib.util.find_spec("distributed") is not None, "Dask", "make test-tools")
    out = _run("bench_dask.py", "--regions", "1", "--jobs", "2")
    assert re.search(r"Dask LocalCluster: +[\d.]+ s  → [\d.]+x the local pool", out), out


SMOKE = {
    "bench_dask.py": _dask,
    "bench_search.py": _search,
    "bench_build.py": _build,
    "bench_render.py": _render,
    "bench_what_if.py": _what_if,
    "fuzz_campaign.py": _fuzz,
    "bench_packet.py": _packet,
}


@pytest.mark.parametrize("script", sorted(SMOKE))
def test_the_benchmark_runs_on_a_tiny_input(script: str, tmp_path: Path) -> None:
    SMOKE[script](tmp_path)
