"""`doctor`: what this machine has for each output, what is missing, and the command that installs it.

A default output is DOCX, HTML and PDF through Typst, each read back after rendering; if any of
them cannot be produced the diagnosis fails (CLI exit 1). WeasyPrint, LibreOffice, Chromium and
poppler's pdftoppm/pdffonts serve the fallback engine, proofs and tests: missing, they warn.

Each check tries the real thing where it is cheap (one agreement rendered in memory, the fonts'
character maps read) rather than trusting that a package is installed. Nothing is written.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from ..base.errors import RenderError, SkillwageError
from ..base.lock import LOCK_FILE
from ..formats.fonts import Face, cmap, font_faces, nearest
from ..inputs.loader import LoadedAgreement, discover_regions, load_agreements
from ..inputs.minimum_wage import Applicable
from ..text.document import Document

__all__ = ["PACKAGES", "Check", "Diagnosis", "diagnose", "document_characters", "font_faces"]

Status = Literal["ok", "warning", "error"]

# Debian package of each tool, as the Makefile's SYSTEM_PACKAGES and TEST_PACKAGES name them
# (a test keeps the two in step); the fonts' package is writers.pdf.FONT_PACKAGES.
PACKAGES: dict[str, tuple[str, ...]] = {
    "poppler": ("poppler-utils",),
    "pango": ("libpango-1.0-0", "libpangoft2-1.0-0"),
    "harfbuzz-subset": ("libharfbuzz-subset0",),
    "libreoffice": ("libreoffice-writer-nogui",),
    "chromium": ("chromium",),
}
PIP_SETUP = "make setup（或 pip install -e .）"
PIP_WEASYPRINT = "pip install 'skillwage-docs[weasyprint]'"
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_LIBREOFFICE_NAMES = ("soffice", "libreoffice")
# Weights the Typst layout sets: body text (400) and strong/bold headings (700).
_WEIGHTS = {400: "常规", 700: "粗体"}
_VERSION = re.compile(r"\d+(?:\.\d+)+")
_TIMEOUT = 30  # seconds for a `--version`; LibreOffice's first start can be slow


@dataclass(frozen=True)
class Check:
    """One thing checked: what it is for, what was found, and how to fix it when missing."""

    name: str
    status: Status
    detail: str
    needed_for: str
    packages: tuple[str, ...] = ()  # Debian packages that provide it
    pip: str = ""  # or what to install into the Python environment

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["packages"] = list(self.packages)
        return data


@dataclass
class Diagnosis:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every default output can be produced (warnings allowed)."""
        return all(check.status != "error" for check in self.checks)

    def missing_packages(self) -> list[str]:
        return list(
            dict.fromkeys(
                package
                for check in self.checks
                if check.status != "ok"
                for package in check.packages
            )
        )

    def install_commands(self) -> list[str]:
        """The one command per installer that adds everything missing."""
        commands = []
        packages = self.missing_packages()
        if packages:
            sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
            # Without recommends: texlive-lang-chinese (the 公文's FandolFang) would pull in a
            # TeX installation the fonts do not need.
            commands.append(
                f"{sudo}apt-get install -y --no-install-recommends {' '.join(packages)}"
            )
        commands += list(
            dict.fromkeys(check.pip for check in self.checks if check.status != "ok" and check.pip)
        )
        return commands

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checks": [check.to_json() for check in self.checks],
            "install": self.install_commands(),
        }


# --- the contract texts --------------------------------------------------------------------


@dataclass
class _Texts:
    """What the contexts folder yields: its check, and the composed documents per agreement."""

    check: Check
    documents: dict[str, list[Document]] = field(default_factory=dict)


def _contexts(contexts: Path) -> _Texts:
    """Load and validate every region, then compose each valid agreement (full and blank)."""
    from ..checks.checker import Checks
    from ..text.compose import compose

    need = "默认：全部输出"
    try:
        regions = discover_regions(contexts)
        if not regions:
            raise SkillwageError(f"{contexts}: 没有地区目录（contexts/<地区>/region.yaml）")
        checks = Checks.load(contexts)
        checks.table  # noqa: B018 - loaded now, so a broken table is this line's error
    except SkillwageError as err:
        hint = "（在项目目录中运行，或用 --contexts 指定）" if not contexts.is_dir() else ""
        return _Texts(Check("合同数据", "error", err.message + hint, need))
    problems = [f.render() for f in checks.hook_findings]
    loaded: list[tuple[str, LoadedAgreement, Applicable]] = []
    warnings = 0
    for region in regions:
        try:
            items = load_agreements(contexts, region)
            report = checks.validate(items)
        except SkillwageError as err:
            first = f"（首个：{err.details[0]}）" if err.details else ""
            problems.append(f"{region}: {err.message}{first}")
            continue
        warnings += len(report.warnings)
        if not report.ok:
            problems.append(
                f"{region}: {len(report.errors)} 个错误（skillwage-docs validate {region} 逐项列出）"
            )
        failing = {f.agreement for f in report.errors}
        loaded += [
            (region, x, report.standards[x.agreement.slug])
            for x in items
            if x.agreement.slug not in failing and x.agreement.slug in report.standards
        ]
    texts = _Texts(Check("合同数据", "ok", "", need))
    for region, item, minimum in loaded:
        key = f"{region}/{item.agreement.slug}"
        try:
            texts.documents[key] = [
                compose(item.agreement, minimum=minimum),
                compose(item.agreement, minimum=minimum, blank=True),
            ]
        except SkillwageError as err:
            problems.append(f"{key}: {err.message}")
    count = f"{len(regions)} 个地区，{len(loaded)} 份合同通过校验"
    count += f"（{warnings} 个警告）" if warnings else ""
    if problems:
        texts.check = Check("合同数据", "error", f"{count}；" + "；".join(problems), need)
    else:
        texts.check = Check("合同数据", "ok", f"{contexts}：{count}", need)
    return texts


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            if item.name != "meta":  # data about the document, never printed
                yield from _strings(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def document_characters(documents: dict[str, list[Document]]) -> dict[str, str]:
    """Every printable character of the composed texts → the first agreement that uses it."""
    used: dict[str, str] = {}
    for key, docs in documents.items():
        for text in _strings(docs):
            for char in text:
                if char >= " ":
                    used.setdefault(char, key)
    return used


def _layout_characters() -> set[str]:
    """Non-ASCII characters the Typst layout prints itself (page numbers: 第…页 共…页)."""
    from ..formats.pdf import TypstWriter

    code = re.sub(r"//[^\n]*", "", TypstWriter.layout.read_text(encoding="utf-8"))
    return {char for char in code if ord(char) > 0x7F and char.isprintable()}


# --- fonts ---------------------------------------------------------------------------------


def _describe_char(char: str, where: str) -> str:
    return f"{char}（U+{ord(char):04X}，见 {where}）"


def _fonts(used: dict[str, str]) -> Check:
    """Each family the PDF layout requires, at the weights it uses, against every character."""
    from ..formats.pdf import CJK_FAMILIES, FONT_PACKAGES, REQUIRED_FAMILIES, font_dirs

    need = "默认：PDF（Typst）"
    packages = FONT_PACKAGES
    dirs = font_dirs()
    where = "、".join(dirs) or "无"
    try:
        faces = font_faces(dirs)
    except ImportError:
        return Check(
            "字体字形", "warning", "未安装 fontTools，无法逐字检查字形", need, pip=PIP_SETUP
        )
    problems: list[str] = []
    checked: dict[str, list[str]] = {}
    gaps: dict[tuple[str, ...], list[str]] = {}  # the same gap in several faces is one line
    covers: dict[Face, set[int]] = {}
    for family in sorted(REQUIRED_FAMILIES):
        members = [face for face in faces if face.named(family)]
        if not members:
            problems.append(f"缺少字体 {family}")
            continue
        if family not in CJK_FAMILIES:  # figures and Latin letters only (templates/README.md)
            checked[family] = [face.file for face in members[:1]]
            continue
        for weight, name in _WEIGHTS.items():
            face = nearest(members, weight)
            assert face is not None
            covered = covers.setdefault(face, cmap(face))
            missing = tuple(char for char in used if ord(char) not in covered)
            if missing:
                gaps.setdefault(missing, []).append(f"{family} {name}（{face.file}）")
            checked.setdefault(family, []).append(f"{name} {face.file}")
    for missing, labels in gaps.items():
        listed = "、".join(_describe_char(c, used[c]) for c in missing[:10])
        more = f"等 {len(missing)} 个" if len(missing) > 10 else ""
        problems.append(f"{'、'.join(labels)}缺少字形：{listed}{more}")
    if problems:
        detail = "；".join(problems) + f"（字体目录：{where}；可用 SKILLWAGE_FONT_DIRS 指定）"
        return Check("字体字形", "error", detail, need, packages)
    fonts = "；".join(f"{family}（{'、'.join(files)}）" for family, files in checked.items())
    detail = f"{fonts}：含合同文本用到的全部 {len(used)} 个字符（字体目录：{where}）"
    return Check("字体字形", "ok", detail, need, packages)


# --- engines and tools ---------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _tool_version(command: Sequence[str]) -> str:
    """The first version number a `--version` prints (stdout or stderr), or ""."""
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    match = _VERSION.search(done.stdout + "\n" + done.stderr)
    return match.group() if match else ""


def _which(names: Iterable[str]) -> str | None:
    return next((path for name in names if (path := shutil.which(name))), None)


def _render(fmt: str, document: Document | None, make: Callable[[], Any]) -> tuple[str, str]:
    """Render one document in memory: ("", "…ms") when it works, (problem, "") when not."""
    if document is None:
        return "", "未试生成（没有通过校验的合同）"
    started = time.perf_counter()
    try:
        data = make().render(document)
    except Exception as err:  # an engine's own failure is the finding, whatever its type
        message = err.message if isinstance(err, SkillwageError) else f"{type(err).__name__}: {err}"
        return f"试生成 {fmt} 失败：{message}", ""
    if not isinstance(data, bytes) or not data:
        return f"试生成 {fmt} 没有输出", ""
    took = (time.perf_counter() - started) * 1000
    return "", f"试生成 {document.meta.get('slug', '')}.{fmt} 通过（{took:.0f} ms）"


def _docx(document: Document | None) -> Check:
    from ..formats.docx import DocxWriter

    versions = f"docxtpl {_version('docxtpl')}，python-docx {_version('python-docx')}"
    problem, done = _render("docx", document, DocxWriter)
    if problem:
        return Check("DOCX", "error", f"{versions}；{problem}", "默认：DOCX", pip=PIP_SETUP)
    return Check("DOCX", "ok", f"{versions}；{done}", "默认：DOCX")


def _html(document: Document | None) -> Check:
    from ..formats.html import HtmlWriter

    versions = f"Jinja2 {_version('jinja2')}"
    problem, done = _render("html", document, HtmlWriter)
    if problem:
        return Check("HTML", "error", f"{versions}；{problem}", "默认：HTML", pip=PIP_SETUP)
    return Check("HTML", "ok", f"{versions}；{done}", "默认：HTML")


def _typst(document: Document | None) -> Check:
    need = "默认：PDF（Typst）"
    version = _version("typst")
    if not version:
        return Check("Typst", "error", "未安装 Python 包 typst", need, pip=PIP_SETUP)
    from ..formats.pdf import FONT_PACKAGES, TypstWriter

    # A fresh writer, not writers.writer_for's cached one: it must see today's font folders.
    try:
        make = TypstWriter()
    except RenderError:  # the writer's own font check; the fonts line says what is missing
        detail = f"typst {version}；找不到 PDF 所需的字体（见“字体字形”）"
        return Check("Typst", "error", detail, need, FONT_PACKAGES)
    problem, done = _render("pdf", document, lambda: make)
    if problem:
        return Check("Typst", "error", f"typst {version}；{problem}", need, FONT_PACKAGES)
    return Check("Typst", "ok", f"typst {version}；{done}", need)


def _poppler() -> Check:
    """pdftoppm, pdffonts and pdftotext make the proofs and run the tests' PDF checks; the
    build reads PDFs back in process (PDFium, verify.py), so poppler is never required."""
    found = {name: shutil.which(name) for name in ("pdftotext", "pdftoppm", "pdffonts")}
    missing = [name for name, path in found.items() if path is None]
    version = ""
    present = next((path for path in found.values() if path), None)
    if present:
        version = _tool_version([present, "-v"])
    have = f"poppler {version}" if version else "poppler"
    need = "可选：校样图（make proofs）与测试中的 PDF 检查"
    if not missing:
        return Check("poppler", "ok", f"{have}：pdftotext、pdftoppm、pdffonts", need)
    lacking = f"缺少 {'、'.join(missing)}：无法生成校样图和检查 PDF 字体（生成与读回核对不受影响）"
    return Check("poppler", "warning", lacking, need, PACKAGES["poppler"])


def _library_version(name: str, symbol: str) -> str:
    path = ctypes.util.find_library(name)
    if path is None:
        return ""
    try:
        function = getattr(ctypes.CDLL(path), symbol)
    except (OSError, AttributeError):
        return "?"
    function.restype = ctypes.c_char_p
    value = function()
    return value.decode() if isinstance(value, bytes) else "?"


def _weasyprint() -> Check:
    need = "可选：PDF 备用引擎 --pdf-engine weasyprint"
    pango = _library_version("pango-1.0", "pango_version_string")
    subset = ctypes.util.find_library("harfbuzz-subset")
    missing: list[str] = []
    packages: list[str] = []
    if not pango:
        missing.append("Pango")
        packages += PACKAGES["pango"]
    if subset is None:
        missing.append("HarfBuzz 子集库")
        packages += PACKAGES["harfbuzz-subset"]
    version = _version("weasyprint")
    pip = "" if version else PIP_WEASYPRINT
    if not version:
        missing.insert(0, "Python 包 weasyprint")
    elif not missing:
        try:
            import weasyprint  # noqa: F401  (loads Pango through cffi: the real test)
        except Exception as err:  # OSError from dlopen, or whatever cffi raises
            missing.append(f"无法加载（{type(err).__name__}: {err}）")
    found = f"WeasyPrint {version or '—'}，Pango {pango or '—'}"
    found += f"，HarfBuzz {_library_version('harfbuzz', 'hb_version_string') or '—'}"
    if missing:
        detail = f"{found}；缺少 {'、'.join(missing)}"
        return Check("WeasyPrint", "warning", detail, need, tuple(packages), pip)
    return Check("WeasyPrint", "ok", f"{found}（含子集库）", need)


def _program(name: str, names: Sequence[str], package: str, need: str, override: str = "") -> Check:
    """An executable found on PATH (or at the path the `override` variable names)."""
    path = os.environ.get(override) if override else None
    path = path or _which(names)
    if path is None:
        detail = f"找不到 {'、'.join(names)}（PATH 中没有）"
        return Check(name, "warning", detail, need, PACKAGES[package])
    version = _tool_version([path, "--version"])
    return Check(name, "ok", f"{name} {version or '版本未知'}（{path}）", need)


# --- the build lock ------------------------------------------------------------------------


def _lock(out: Path) -> Check:
    """Is `out/.lock` held now? (flock dies with its process, so a lock is never stale; what can
    be left behind is the staging folder of a killed build, which the next build removes.)"""
    need = f"生成到 {out}"
    path = out / LOCK_FILE
    staging = sorted(p.name for p in out.glob(".staging-*")) if out.is_dir() else []
    leftover = f"；{len(staging)} 个中断的生成留下的暂存目录，下次生成时自动清理" if staging else ""
    if not path.is_file():
        return Check("生成锁", "ok", f"{path} 不存在（尚未在此生成过）{leftover}", need)
    if sys.platform == "win32":  # pragma: no cover - the project runs on Debian
        return Check("生成锁", "ok", f"{path} 存在（此平台不检查是否被占用）", need)
    import fcntl

    holder = ""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as err:
        return Check("生成锁", "warning", f"{path} 无法读取（{err.strerror}）", need)
    try:
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        # A shared, non-blocking probe released at once: a build starting in this instant
        # could see it held, the same as for any other running build.
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        who = f"（{holder}）" if holder else ""
        # Its staging folders are the running build's own, not leftovers.
        detail = f"{path} 正被另一个生成任务{who}占用：现在生成会立即停止，请等它结束"
        return Check("生成锁", "warning", detail, need)
    finally:
        os.close(fd)
    last = f"；上次由{holder} 持有，已随其结束释放" if holder else ""
    return Check("生成锁", "ok", f"{path} 空闲{last}{leftover}", need)


# --- the run -------------------------------------------------------------------------------


def diagnose(contexts: Path, out: Path) -> Diagnosis:
    """Check everything each output needs on this machine; renders in memory, writes nothing."""
    texts = _contexts(contexts)
    first = next((docs[0] for docs in texts.documents.values()), None)
    used = document_characters(texts.documents)
    for char in sorted(_layout_characters()):
        used.setdefault(char, "PDF 版式 contract.typ")
    checks = [
        texts.check,
        _docx(first),
        _html(first),
        _typst(first),
        _fonts(used),
        _poppler(),
        _weasyprint(),
        _program("LibreOffice", _LIBREOFFICE_NAMES, "libreoffice", "可选：DOCX 校样与测试"),
        _program(
            "Chromium",
            _CHROMIUM_NAMES,
            "chromium",
            "可选：HTML 校样与浏览器测试",
            override="SKILLWAGE_CHROMIUM",  # the browser tests' own setting
        ),
        _lock(out),
    ]
    return Diagnosis(checks)
