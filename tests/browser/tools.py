"""The real readers the slow tests drive, where they live, and what to do when one is missing.

A developer without a tool sees the test skipped with the package that brings it; in CI
(CI=true, as .ci/run runs) a missing tool is a failure, so a green CI means it really ran.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = [
    "AXE",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "FONTS_CONF",
    "NODE_MODULES",
    "VNU",
    "in_ci",
    "need_executable",
    "need_java",
    "require",
]

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
NPM_INSTALL = "npm ci --prefix tests/browser"
FONTS_CONF = ROOT / "templates" / "layouts" / "fonts.conf"
CHROMIUM = Path(os.environ.get("SKILLWAGE_CHROMIUM", "/usr/bin/chromium"))
# Playwright adds --headless and takes the profile folder as user_data_dir.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(available: bool, what: str, how: str) -> None:
    """Skip (on a developer's machine) or fail (in CI) when `what` is not available."""
    if available:
        return
    message = f"{what} is not available; install it with: {how}"
    if in_ci():
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def need_executable(name: str, package: str) -> str:
    path = shutil.which(name)
    require(path is not None, name, f"apt-get install {package}")
    assert path is not None
    return path


@functools.cache
def _java_works(java: str) -> bool:
    try:
        return subprocess.run([java, "-version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def need_java() -> str:
    java = need_executable("java", "default-jre-headless")
    require(_java_works(java), "a working java", "apt-get install default-jre-headless")
    return java
