"""Issue 7: hostile or broken input never crashes, never leaks, never publishes a bad document.

Everything goes through the real entry point `skillwage_docs.app.cli.main([...])` against a copy
of contexts/ (the `contexts` fixture), with one self-contained agreement file, probe.yaml,
whose line numbers the expected messages name. Tests that name a bug number guard the fix of
a bug this suite found (the robustness report of issue 7).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import yaml

from skillwage_docs.app.cli import main
from skillwage_docs.base import lock as lock_module
from skillwage_docs.base.errors import InputError
from skillwage_docs.base.lock import LOCK_FILE, build_lock, locked_build
from skillwage_docs.base.publish import Action, check_name, safe_output_path, write_atomic
from skillwage_docs.base.yamlsource import MAX_BYTES, MAX_DEPTH, load_yaml, read_source
from skillwage_docs.inputs.loader import load_agreements

from .conftest import compose_for, only
from .fuzz.strategies import shown
from .readback import docx_text, html_text, pdf_text, squash

PROBE = """\
kind: 行业性
industry: 测试业
scope: 阳泉市行政区域内的测试企业。
term: {start: 2025-07-01, end: 2027-06-30}
signing_date: 2025-06-20
worker_party:
  name: 阳泉市测试业工会联合会
  chief_representative: 王建国
  representatives: 5
employer_party:
  name: 阳泉市测试业企业协会
  chief_representative: 李振华
  representatives: 5
skill_levels:
  - {level: 初级工, monthly: 2400, hourly: 25}
  - {level: 中级工, monthly: 2650, hourly: 28}
  - {level: 高级工, monthly: 2950, hourly: 31}
occupations:
  - name: 焊工
    monthly: {初级工: 2550, 中级工: 2850}
"""
FORMATS = ("docx", "html", "pdf")

Run = Callable[..., tuple[int, str, str]]


# ── helpers ────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def cli(contexts: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """`main(["--contexts", <copy>, *args])` → (exit code, stdout, stderr); never a traceback."""

    def _run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            main(["--contexts", str(contexts), *args])
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return _run


@pytest.fixture
def probe(contexts: Path) -> Callable[..., Path]:
    """Write contexts/yangquan/probe.yaml: PROBE, with `old` replaced by `new` (or raw bytes)."""

    def _write(old: str = "", new: str = "", *, raw: bytes | None = None) -> Path:
        path = contexts / "yangquan" / "probe.yaml"
        if raw is not None:
            path.write_bytes(raw)
            return path
        assert old in PROBE, old
        path.write_text(PROBE.replace(old, new, 1), encoding="utf-8")
        return path

    return _write


def errors(err: str) -> list[str]:
    """The failure lines the CLI printed (warnings about unconfirmed minimum wages aside)."""
    return [line for line in err.splitlines() if line.strip() and "未经核实" not in line]


def yaml_str(value: str) -> str:
    """`value` as a YAML scalar that reads back exactly (escaped where needed)."""
    text = yaml.safe_dump({"k": value}, allow_unicode="\x85" not in value, width=10**9)
    scalar = text[len("k: ") :].rstrip("\n")
    assert yaml.safe_load(f"k: {scalar}")["k"] == value
    return scalar


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a FIFO or an endless device opened as a context file)."""

    def _expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _published(out: Path) -> list[str]:
    folder = out / "yangquan"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# ── 1. bad data: one clear error with file, line and field; exit 2 or 1 ─────────────────────

# (id, old text of PROBE, new text, expected exit code, expected line, fragment of the message)
# fmt: off
BAD_DATA = [
    # malformed YAML
    ("yaml-unclosed-flow", "end: 2027-06-30}", "end: 2027-06-30", 2, None, "YAML 格式错误"),
    ("yaml-tab-indent", "  name: 阳泉市测试业工会联合会", "\tname: 阳泉市测试业工会联合会", 2, 7, "YAML"),
    ("yaml-colon-in-value", "scope: 阳泉市", "scope: 范围: 阳泉市", 2, 3, "冒号"),
    ("yaml-duplicate-key", "industry: 测试业", "industry: 测试业\nindustry: 另一行业", 2, 3, "键重复"),
    ("yaml-duplicate-anchor", "name: 阳泉市测试业工会联合会", "name: &a 甲\n  chief: &a 乙", 2, 8, "锚点"),
    ("yaml-undefined-alias", "name: 阳泉市测试业企业协会", "name: *nobody", 2, 11, "未定义的锚点"),
    ("yaml-two-documents", "kind: 行业性", "kind: 行业性\n---\nkind: 区域性", 2, None, "一个文件只能有一个"),
    ("yaml-unclosed-quote", "industry: 测试业", "industry: '测试业", 2, None, "YAML 格式错误"),
    ("yaml-top-level-list", "kind: 行业性", "- kind: 行业性", 2, None, "YAML"),
    # tags: Python objects, binary, sets, local tags, merge keys — refused, never built
    ("tag-python-apply", "industry: 测试业", "industry: !!python/object/apply:os.system [touch MARKER]", 2, 2, "标签"),
    ("tag-python-new", "industry: 测试业", "industry: !!python/object/new:subprocess.Popen [[touch, MARKER]]", 2, 2, "标签"),
    ("tag-python-name", "industry: 测试业", "industry: !!python/name:os.system", 2, 2, "标签"),
    ("tag-python-module", "industry: 测试业", "industry: !!python/module:os", 2, 2, "标签"),
    ("tag-verbatim", "industry: 测试业", "industry: !<tag:yaml.org,2002:python/object/apply:os.system> [touch MARKER]", 2, 2, "标签"),
    ("tag-binary", "industry: 测试业", "industry: !!binary 5rWL6K+V5Lia", 2, 2, "标签"),
    ("tag-set", "worker_party:", "worker_party: !!set", 2, 6, "标签"),
    ("tag-omap", "worker_party:", "worker_party: !!omap", 2, 6, "标签"),
    ("tag-local", "industry: 测试业", "industry: !env HOME", 2, 2, "标签"),
    ("tag-merge-key", "employer_party:\n", "employer_party:\n  <<: {name: x}\n", 2, 11, "不支持的键"),
    # wrong types
    ("type-name-number", "name: 阳泉市测试业工会联合会", "name: 12345", 2, 7, "应为文本"),
    ("type-name-null", "name: 阳泉市测试业工会联合会", "name: ~", 2, 7, "应为文本"),
    ("type-name-list", "name: 阳泉市测试业工会联合会", "name: [甲, 乙]", 2, 7, "应为文本"),
    ("type-representatives-text", "representatives: 5\nemployer", "representatives: 很多\nemployer", 2, 9, "应为整数"),
    ("type-representatives-few", "representatives: 5\nemployer", "representatives: 2\nemployer", 2, 9, "数值过小"),
    ("type-representatives-float", "representatives: 5\nemployer", "representatives: 5.5\nemployer", 2, 9, "应为整数"),
    ("type-levels-scalar", "skill_levels:\n", "skill_levels: 初级工 2400\nx:\n", 2, 14, "应为列表"),
    ("type-term-scalar", "term: {start: 2025-07-01, end: 2027-06-30}", "term: 2025-07-01", 2, 4, "应为键值映射"),
    ("type-kind-unknown", "kind: 行业性", "kind: 行业", 2, 1, "取值无效"),
    ("type-level-unknown", "level: 初级工, monthly: 2400", "level: 五级工, monthly: 2400", 2, 15, "取值无效"),
    # figures written as text, negative, absurd, ambiguous
    ("money-text-unit", "monthly: 2400, hourly: 25", 'monthly: "2,300元", hourly: 25', 2, 15, "金额应写为数字"),
    ("money-text-quoted", "monthly: 2400, hourly: 25", "monthly: '2400', hourly: 25", 2, 15, "金额应写为数字"),
    ("money-bool", "monthly: 2400, hourly: 25", "monthly: true, hourly: 25", 2, 15, "金额应写为数字"),
    ("money-negative", "monthly: 2400, hourly: 25", "monthly: -2400, hourly: 25", 2, 15, "必须大于 0"),
    ("money-zero", "monthly: 2400, hourly: 25", "monthly: 0, hourly: 25", 2, 15, "必须大于 0"),
    ("money-absurd", "monthly: 2400, hourly: 25", "monthly: 24000000, hourly: 25", 2, 15, "不合常理"),
    ("money-huge", "monthly: 2400, hourly: 25", "monthly: 1" + "0" * 60 + ", hourly: 25", 2, 15, "不合常理"),
    ("money-5000-digits", "monthly: 2400, hourly: 25", "monthly: " + "9" * 5000 + ", hourly: 25", 2, 15, "无效的值"),
    ("money-precision", "monthly: 2400, hourly: 25", "monthly: 2400.125, hourly: 25", 2, 15, "最多两位小数"),
    ("money-octal", "monthly: 2400, hourly: 25", "monthly: 02400, hourly: 25", 2, 15, "写法有歧义"),
    ("money-hex", "monthly: 2400, hourly: 25", "monthly: 0x960, hourly: 25", 2, 15, "写法有歧义"),
    ("money-base60", "monthly: 2400, hourly: 25", "monthly: 40:00, hourly: 25", 2, 15, "写法有歧义"),
    ("money-underscore", "monthly: 2400, hourly: 25", "monthly: 2_400, hourly: 25", 2, 15, "写法有歧义"),
    ("money-list", "monthly: 2400, hourly: 25", "monthly: [2400], hourly: 25", 2, 15, "应为数字"),
    ("money-nan", "monthly: 2400, hourly: 25", "monthly: .nan, hourly: 25", 2, 15, "monthly"),
    ("money-inf", "monthly: 2400, hourly: 25", "monthly: .inf, hourly: 25", 2, 15, "monthly"),
    # dates in other formats
    ("date-slashes", "signing_date: 2025-06-20", "signing_date: 2025/06/20", 2, 5, "YYYY-MM-DD"),
    ("date-chinese", "signing_date: 2025-06-20", "signing_date: 2025年6月20日", 2, 5, "YYYY-MM-DD"),
    ("date-us", "signing_date: 2025-06-20", "signing_date: 06/20/2025", 2, 5, "YYYY-MM-DD"),
    ("date-short", "signing_date: 2025-06-20", "signing_date: 2025-6-20", 2, 5, "YYYY-MM-DD"),
    ("date-integer", "signing_date: 2025-06-20", "signing_date: 20250620", 2, 5, "signing_date"),
    ("date-with-time", "signing_date: 2025-06-20", "signing_date: 2025-06-20 10:30:00", 2, 5, "signing_date"),
    ("date-impossible", "signing_date: 2025-06-20", "signing_date: 2025-02-30", 2, 5, "无效的值"),
    ("date-month-13", "signing_date: 2025-06-20", "signing_date: 2025-13-01", 2, 5, "无效的值"),
    # keys: typos, duplicates, the file-name-owned slug
    ("key-typo", "signing_date: 2025-06-20", "signing_date: 2025-06-20\ncoverd_workers: 100", 2, 6, "未知字段"),
    ("key-typo-nested", "  chief_representative: 王建国", "  chief_representative: 王建国\n  nmae: 甲", 2, 9, "未知字段"),
    ("key-slug", "kind: 行业性", "kind: 行业性\nslug: other", 2, 2, "由文件名决定"),
    # duplicate or missing skill levels
    ("levels-duplicate", "level: 中级工, monthly: 2650", "level: 初级工, monthly: 2650", 2, 14, "技能等级重复"),
    ("levels-empty", "skill_levels:\n", "skill_levels: []\nx:\n", 2, None, "skill_levels"),
    # validation failures (exit 1): well-formed input that breaks a rule
    ("rule-below-minimum", "monthly: 2400, hourly: 25", "monthly: 2000, hourly: 25", 1, 15, "不高于当地最低工资标准"),
    ("rule-equal-minimum", "monthly: 2400, hourly: 25", "monthly: 2150, hourly: 25", 1, 15, "不高于当地最低工资标准"),
    ("rule-hourly-below", "monthly: 2400, hourly: 25", "monthly: 2400, hourly: 20", 1, 15, "小时最低工资标准"),
    ("rule-falling-ladder", "monthly: 2950", "monthly: 2500", 1, 17, "不得越低"),
    ("rule-term-reversed", "end: 2027-06-30", "end: 2024-06-30", 1, 4, "终止日期"),
    ("rule-term-too-long", "end: 2027-06-30", "end: 2030-06-30", 1, 4, "超过 3 年"),
    ("rule-signed-late", "signing_date: 2025-06-20", "signing_date: 2025-08-20", 1, 5, "晚于合同起始日期"),
]
# fmt: on


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "fragment"),
    [case[1:] for case in BAD_DATA],
    ids=[case[0] for case in BAD_DATA],
)
def test_bad_data_gives_one_clear_error(
    cli: Run,
    probe: Callable[..., Path],
    contexts: Path,
    tmp_path: Path,
    old: str,
    new: str,
    code: int,
    line: int | None,
    fragment: str,
) -> None:
    probe(old, new)
    out = tmp_path / "build"
    got, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(out))
    assert got == code, err
    lines = errors(err)
    number = r"\d+" if line is None else str(line)
    where = rf"probe\.yaml:{number}: "
    hits = [text for text in lines if re.search(where, text)]
    assert hits, f"no line names {where}: {lines}"
    assert any(fragment in text for text in hits), lines
    # One problem, one line (plus the summary); every line short enough to read.
    assert len(lines) <= 3, lines
    assert all(len(text) < 400 for text in lines), [len(t) for t in lines]
    assert _published(out) == []
    assert not (contexts / "MARKER").exists() and not Path("MARKER").exists()


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"kind: \xe8\xa1\x8c\xff\xfe\n", "不是 UTF-8"),
        ("kind: 行业性\n".encode("utf-16"), "不是 UTF-8"),
        (b"kind: \x00\n", "不允许的字符 U+0000"),
        (b"kind: a\x07b\n", "不允许的字符 U+0007"),
        (b"just a scalar\n", "应为键值映射"),
    ],
    ids=["invalid-utf8", "utf16", "nul-byte", "bell", "top-level-scalar"],
)
def test_undecodable_or_odd_files_give_one_clear_error(
    cli: Run, probe: Callable[..., Path], raw: bytes, fragment: str
) -> None:
    probe(raw=raw)
    code, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert code == 2
    lines = errors(err)
    assert any("probe.yaml" in text and fragment in text for text in lines), lines


def test_empty_file_names_every_missing_field(cli: Run, probe: Callable[..., Path]) -> None:
    probe(raw=b"")
    code, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert code == 2
    lines = errors(err)
    assert any("kind: 缺少必填字段" in text for text in lines), lines
    assert all("probe.yaml" in text for text in lines[:-1])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("monthly: 2400, hourly: 25", "monthly: .nan, hourly: 25"),
        ("signing_date: 2025-06-20", "signing_date: 2025-06-20 10:30:00"),
        ("signing_date: 2025-06-20", "signing_date: 20250620"),
    ],
    ids=["nan", "datetime", "integer-date"],
)
def test_messages_are_chinese(cli: Run, probe: Callable[..., Path], old: str, new: str) -> None:
    probe(old, new)
    _, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert not re.search(r"[A-Za-z]{4,} [a-z]{2,} [a-z]{2,}", "\n".join(errors(err))), err


def test_integer_dates_are_refused(cli: Run, probe: Callable[..., Path]) -> None:
    probe("signing_date: 2025-06-20", "signing_date: 1750377600")
    code, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert code == 2, err


def test_a_huge_value_is_not_repeated_in_the_message(cli: Run, probe: Callable[..., Path]) -> None:
    probe("scope: 阳泉市行政区域内的测试企业。", "scope: " + "很" * 100_000)
    code, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert code == 2
    assert all(len(line) < 400 for line in errors(err)), max(map(len, errors(err)))


# ── 2. size, aliases and nesting: fail fast, bounded memory ────────────────────────────────


def _timed(run: Callable[[], tuple[int, str, str]]) -> tuple[int, str, float]:
    start = time.perf_counter()
    code, _, err = run()
    return code, err, time.perf_counter() - start


def test_billion_laughs_is_refused_fast(cli: Run, probe: Callable[..., Path]) -> None:
    bomb = "lol0: &l0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
        f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
    )
    probe(raw=(PROBE + bomb).encode())
    code, err, seconds = _timed(lambda: cli("validate", "yangquan", "--agreement", "probe"))
    assert code == 2 and seconds < 5
    assert any("probe.yaml" in line and "节点过多" in line for line in errors(err))


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 999, 5000])
def test_deep_nesting_is_refused(cli: Run, probe: Callable[..., Path], depth: int) -> None:
    """Below libyaml's own limit (1000) the recursive loader used to hit RecursionError."""
    probe(raw=(PROBE + "rules: " + "[" * depth + "]" * depth + "\n").encode())
    code, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert code == 2
    assert any("probe.yaml:21" in line and "嵌套过深" in line for line in errors(err)), err


def test_a_10_mb_context_fails_fast(cli: Run, probe: Callable[..., Path]) -> None:
    probe(raw=PROBE.encode() + b"scope2: " + b"x" * 10_000_000 + b"\n")
    code, err, seconds = _timed(lambda: cli("validate", "yangquan", "--agreement", "probe"))
    assert code == 2 and seconds < 2
    assert any("probe.yaml" in line and "文件过大" in line for line in errors(err))


def test_10000_skill_rows_fail_fast(cli: Run, probe: Callable[..., Path], tmp_path: Path) -> None:
    levels = ["初级工", "中级工", "高级工", "技师"]
    rows = "".join(f"  - {{level: {levels[i % 4]}, monthly: {3000 + i}}}\n" for i in range(10_000))
    probe(raw=PROBE.split("skill_levels:")[0].encode() + ("skill_levels:\n" + rows).encode())
    code, err, seconds = _timed(
        lambda: cli("render", "yangquan", "--agreement", "probe", "--out", str(tmp_path / "b"))
    )
    assert code == 2 and seconds < 10
    assert any("probe.yaml:14: skill_levels: 项目过多" in line for line in errors(err)), err


@pytest.mark.slow
def test_two_files_sharing_100000_keys_merge_in_linear_time(
    cli: Run, probe: Callable[..., Path], contexts: Path
) -> None:
    """Merging region.yaml into an agreement used to compare every key with every other."""
    for other in (contexts / "yangquan").glob("*.yaml"):
        if other.name != "region.yaml":
            other.unlink()
    keys = "".join(f"k{i}: 1\n" for i in range(60_000))
    region = contexts / "yangquan" / "region.yaml"
    region.write_text(region.read_text(encoding="utf-8") + keys, encoding="utf-8")
    probe(raw=(PROBE + keys).encode())
    code, err, seconds = _timed(lambda: cli("validate", "yangquan", "--agreement", "probe"))
    assert code == 2 and seconds < 30
    assert "未知字段" in err


@pytest.mark.slow
def test_the_largest_valid_agreement_renders_in_bounded_time_and_memory(
    contexts: Path, probe: Callable[..., Path], tmp_path: Path
) -> None:
    """500 occupations (the model's maximum) × 6 levels: all three formats, in a child process
    so its peak memory can be read."""
    levels = ["初级工", "中级工", "高级工", "技师", "高级技师", "特级技师"]
    occupations = "".join(
        f"  - name: 工种{i}\n    monthly: {{{', '.join(f'{lv}: {3000 + 100 * k}' for k, lv in enumerate(levels))}}}\n"
        for i in range(500)
    )
    probe(raw=PROBE.split("occupations:")[0].encode() + ("occupations:\n" + occupations).encode())
    script = (
        "import sys\n"
        "from skillwage_docs.app.cli import main\n"
        "code = 0\ntry:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
        # VmHWM, the peak of this program's own memory: ru_maxrss keeps across exec the peak of
        # the process it was forked from (pytest itself, 1.5 GB late in a whole run)
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
        "print('MAXRSS', peak)\n"
        "sys.exit(code)\n"
    )
    out = tmp_path / "build"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "--contexts",
            str(contexts),
            "render",
            "yangquan",
            "--agreement",
            "probe",
            "--out",
            str(out),
            # the contract in three formats is what grows with the table; the packet's 28
            # papers and the outputs would only lengthen the run
            "--no-blank",
            "--no-packet",
            "--outputs",
            "none",
        ],
        capture_output=True,
        text=True,
        # the time bound is a hang guard, not a speed test (a shared 2-core machine is noisy;
        # the speed is measured in benchmarks/)
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.split("MAXRSS")[1]) / 1024
    assert peak_mb < 1500, peak_mb
    assert {"probe.docx", "probe.html", "probe.pdf"} <= set(_published(out))


# ── 3. files that are not files ────────────────────────────────────────────────────────────


def _directory(path: Path) -> None:
    path.mkdir()


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "does-not-exist.yaml")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")


ODD_FILES = [
    ("directory", _directory),
    ("dangling-link", _dangling),
    ("fifo", _fifo),
    ("dev-zero", _device),
]


@pytest.mark.parametrize("make", [m for _, m in ODD_FILES], ids=[n for n, _ in ODD_FILES])
def test_validate_refuses_a_context_that_is_not_a_plain_file(
    cli: Run, contexts: Path, make: Callable[[Path], None]
) -> None:
    make(contexts / "yangquan" / "odd.yaml")
    with deadline(5):
        code, _, err = cli("validate", "yangquan")
    assert code == 2
    assert any("odd.yaml" in line for line in errors(err)), err


@pytest.mark.parametrize(
    "make", [_directory, _dangling, _fifo], ids=["directory", "dangling-link", "fifo"]
)
def test_render_refuses_a_context_that_is_not_a_plain_file(
    cli: Run, contexts: Path, tmp_path: Path, make: Callable[[Path], None]
) -> None:
    make(contexts / "yangquan" / "odd.yaml")
    with deadline(5):
        code, _, err = cli("render", "yangquan", "--out", str(tmp_path / "b"), "--jobs", "1")
    assert code == 2
    assert any("odd.yaml" in line for line in errors(err)), err


def test_read_source_reads_at_most_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="文件过大"):
        read_source(path)
    path.write_bytes(b"a: 1\n")
    assert read_source(path) == b"a: 1\n"


# ── 4. paths: nothing escapes build/, nothing is unusable on another disk ───────────────────


@pytest.mark.parametrize(
    "region",
    [
        "../etc",
        "/etc",
        "..",
        ".",
        "",
        ".hidden",
        "a/b",
        "a\\b",
        "CON",
        "Yangquan",
        "con.txt",
        "ｙａｎｇｑｕａｎ",
        "yangquan\x00",
        "-",
    ],
)
def test_region_arguments_that_are_not_slugs_are_refused(
    cli: Run, tmp_path: Path, region: str
) -> None:
    out = tmp_path / "build"
    code, _, err = cli("render", "--out", str(out), "--", region)
    assert code == 2, err
    assert errors(err) and _published(out) == []


@pytest.mark.parametrize(
    "name", [".hidden.yaml", "CON.yaml", "Mining.yaml", "a b.yaml", "矿业.yaml"]
)
def test_agreement_file_names_that_are_not_slugs_are_refused(
    cli: Run, contexts: Path, tmp_path: Path, name: str
) -> None:
    (contexts / "yangquan" / name).write_text(PROBE, encoding="utf-8")
    code, _, err = cli("render", "yangquan", "--out", str(tmp_path / "b"))
    assert code == 2
    assert any(name in line and "文件名" in line for line in errors(err)), err


@pytest.mark.parametrize("name", ["nul", "con", "prn", "com1", "lpt9"])
def test_reserved_device_names_are_refused(
    cli: Run, contexts: Path, tmp_path: Path, name: str
) -> None:
    """Refused before anything is written: a refusal at rename time would already have moved
    the outputs of the agreements sorted before it (coal, construction …) into place."""
    (contexts / "yangquan" / f"{name}.yaml").write_text(PROBE, encoding="utf-8")
    out = tmp_path / "b"
    code, _, err = cli(
        "render", "yangquan", "--out", str(out), "--file-formats", "html", "--jobs", "1"
    )
    assert code == 2, err
    assert name in err and _published(out) == []


def test_an_output_folder_linked_outside_the_build_is_refused(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    probe()
    out, elsewhere = tmp_path / "build", tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "yangquan").symlink_to(elsewhere)
    code, _, err = cli(
        "render", "yangquan", "--agreement", "probe", "--out", str(out), "--file-formats", "html"
    )
    assert code == 2 and "超出输出目录" in err
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("below", ["file", "proc"])
def test_an_unusable_output_folder_is_an_input_error(
    contexts: Path,
    probe: Callable[..., Path],
    tmp_path: Path,
    below: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    probe()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = blocker / "build" if below == "file" else Path("/proc/skillwage-no-such-dir")
    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "--contexts",
                str(contexts),
                "render",
                "yangquan",
                "--agreement",
                "probe",
                "--out",
                str(out),
                "--file-formats",
                "html",
            ]
        )
    assert exit_.value.code == 2
    assert str(out) in capsys.readouterr().err


@pytest.mark.parametrize(
    "part",
    [
        "",
        ".",
        "..",
        "../x",
        "/abs",
        "a/b",
        "a\\b",
        "a\x00b",
        "a\nb",
        ".hidden",
        "x.",
        "x ",
        "con",
        "NUL",
        "Aux.html",
        "com1",
        "lpt9.pdf",
        "conin$",
        "a:b",
        "a*b",
        "a?b",
        'a"b',
        "a<b",
        "x" * 256,
    ],
)
def test_safe_output_path_refuses_escaping_or_unportable_names(tmp_path: Path, part: str) -> None:
    with pytest.raises(InputError, match="无效"):
        safe_output_path(tmp_path, "yangquan", part)


@pytest.mark.parametrize(
    "part",
    [
        "mining.html",
        "high-tech-zone.pdf",
        "a_b.docx",
        "console.html",
        "nullable.pdf",
        "com10.html",
        "行业.html",
    ],
)
def test_safe_output_path_accepts_ordinary_names(tmp_path: Path, part: str) -> None:
    assert safe_output_path(tmp_path, "yangquan", part) == tmp_path / "yangquan" / part
    assert check_name(part) == part


# ── 5. template safety: context strings are data in every format ───────────────────────────

INJECTIONS = {
    "jinja-expression": "{{ 7*7 }}{{ config }}",
    "jinja-statement": "{% include '/etc/passwd' %}{% for x in range(3) %}x{% endfor %}",
    "jinja-sandbox-escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    "{{ cycler.__init__.__globals__.os.environ }}",
    "docxtpl": "{_{ x }_}{%p if 1 %}{{r x }}{%tr endfor %}",
    "typst": '#read("/etc/passwd") #eval("1+1") $x^2$ #set page(width: 1pt) ] [ @a <b> `c`',
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)>&amp;&lt;",
    "xml": "</w:t></w:r><w:r><w:t>]]><!-- \"双\" 'single' &#0;",
    "markup-chapter": "## 伪造章",
    "markup-article": "### 伪造条",
    "markup-table": "| 伪 | 造 |",
    "markup-sign": "@sign 伪造方：x | 首席代表：",
    "markup-inline": "**粗体** \\* \\| \\\\",
    "markup-lines": "- 列表 > 注 + 甲方 @appendix @caption 表9",
    # Characters no embedded face draws (👨‍👩‍👧, CJK Ext-B) are refused: see the test below.
    "unicode": "مرحبا שלום \u202e反转\u202c 零\u200b宽 😀 e\u0301 Ａ",
    "shell": "${SKILLWAGE_SECRET} $(id) `id` %s {0} ../../etc/passwd",
}
# Where the payload goes: preamble and signature (party name), an article (scope), a table
# cell (occupation), the title line (industry), a representative.
TARGETS = [
    ("name: 阳泉市测试业工会联合会", "name: {}"),
    ("scope: 阳泉市行政区域内的测试企业。", "scope: {}"),
    ("  - name: 焊工", "  - name: {}"),
    ("industry: 测试业", "industry: {}"),
    ("chief_representative: 李振华", "chief_representative: {}"),
]
_PDF_FAITHFUL = re.compile(r"[\x21-\x7e\u3001-\u303f\u4e00-\u9fff\uff01-\uff5e]*")


def _structure(contexts: Path) -> tuple[object, ...]:
    [loaded] = load_agreements(contexts, "yangquan", ["probe"])
    document = compose_for(loaded.agreement)
    return (
        [chapter.title for chapter in document.chapters],
        len(document.articles()),
        len(document.signature),
        len(document.appendices),
        [
            len(block.rows)
            for a in document.articles()
            for block in a.blocks
            if hasattr(block, "rows")
        ],
    )


@pytest.fixture
def baseline(contexts: Path, probe: Callable[..., Path]) -> tuple[object, ...]:
    probe()
    return _structure(contexts)


@pytest.mark.parametrize("payload", list(INJECTIONS.values()), ids=list(INJECTIONS))
def test_injected_text_is_rendered_literally_in_every_format(
    cli: Run,
    contexts: Path,
    probe: Callable[..., Path],
    tmp_path: Path,
    baseline: tuple[object, ...],
    monkeypatch: pytest.MonkeyPatch,
    payload: str,
) -> None:
    secret = "s3cr3t-" + os.urandom(4).hex()
    monkeypatch.setenv("SKILLWAGE_SECRET", secret)
    text = PROBE
    for old, new in TARGETS:
        text = text.replace(old, new.format(yaml_str(payload)), 1)
    probe(raw=text.encode())
    out = tmp_path / "build"
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(out))
    assert code == 0, err
    assert _structure(contexts) == baseline  # no chapter, article, row or signature was forged
    data = {fmt: (out / "yangquan" / f"probe.{fmt}").read_bytes() for fmt in FORMATS}
    page = data["html"].decode("utf-8")
    assert "<script" not in page and "<img" not in page
    assert page.count('class="signature-column"') == 2
    with zipfile.ZipFile(io.BytesIO(data["docx"])) as archive:
        document_xml = archive.read("word/document.xml").decode("utf-8")
    assert "</w:t></w:r><w:r><w:t>]]>" not in document_xml  # XML specials are escaped
    readable = {
        "html": squash(html_text(data["html"])),
        "docx": squash(docx_text(data["docx"])),
        "pdf": squash(pdf_text(data["pdf"], tmp_path)),
    }
    wanted = squash(shown(payload))  # what escape_markup keeps (bidi controls dropped once fixed)
    assert wanted in readable["html"] and wanted in readable["docx"]
    if _PDF_FAITHFUL.fullmatch(wanted):
        assert wanted in readable["pdf"]
    for fmt, blob in data.items():
        assert secret.encode() not in blob, fmt
        assert b"root:x:0:0" not in blob, fmt


def test_characters_no_font_draws_are_refused_naming_each_field(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    """Issue 13: a PDF never prints an empty box. Emoji no embedded face has and CJK Ext-B
    (U+20000…) stop the build with exit 3 and one `file:line: field:` line per field holding
    them, naming each character; nothing is published (the fix: common characters, or a face
    added through SKILLWAGE_FONT_DIRS)."""
    text = PROBE
    for old, new in TARGETS:
        text = text.replace(old, new.format(yaml_str("👨\u200d👩\u200d👧 𠀀𪚥𰀀")), 1)
    probe(raw=text.encode())
    out = tmp_path / "build"
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(out))
    assert code == 3, err
    named = (
        "PDF 字体无法排印“👧”（U+1F467）、“👨”（U+1F468）、“👩”（U+1F469）、“𠀀”（U+20000）、"
        "“𪚥”（U+2A6A5）、“𰀀”（U+30000）：请改用常用汉字"
    )
    lines = errors(err)
    for where in (
        "probe.yaml:2: industry",
        "probe.yaml:3: scope",
        "probe.yaml:7: worker_party.name",
        "probe.yaml:12: employer_party.chief_representative",
        "probe.yaml:19: occupations[0].name",
    ):
        assert any(line.endswith(f"{where}: {named}") for line in lines), (where, lines)
    assert lines[-1].startswith("PDF 字体缺少 6 个字符的字形，未生成任何文件"), lines
    assert "Traceback" not in err
    assert not (out / "yangquan").is_dir() or not any((out / "yangquan").iterdir())


@pytest.mark.parametrize(
    "separator",
    ["\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"],
    ids=["cr", "vt", "ff", "fs", "nel", "line-separator", "paragraph-separator"],
)
def test_no_line_boundary_in_a_value_forges_structure(
    cli: Run,
    contexts: Path,
    probe: Callable[..., Path],
    tmp_path: Path,
    baseline: tuple[object, ...],
    separator: str,
) -> None:
    value = f"甲方{separator}## 伪造章{separator}### 伪造条{separator}@sign 伪造：x"
    probe("name: 阳泉市测试业工会联合会", f"name: {yaml_str(value)}")
    out = tmp_path / "build"
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(out))
    assert code == 0, err
    assert _structure(contexts) == baseline
    page = (out / "yangquan" / "probe.html").read_text(encoding="utf-8")
    assert "伪造章" in page


def test_control_characters_are_dropped_with_a_warning(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    probe("name: 阳泉市测试业工会联合会", 'name: "阳泉市\\x01测试业\\x1b[31m工会\\x7f联合会"')
    out = tmp_path / "build"
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(out))
    assert code == 0, err
    html = (out / "yangquan" / "probe.html").read_bytes()
    with zipfile.ZipFile(out / "yangquan" / "probe.docx") as archive:
        document_xml = archive.read("word/document.xml")
    for fmt, blob in (("html", html), ("docx", document_xml)):
        assert not re.search(rb"[\x01\x1b\x7f]", blob), fmt
    pdf = pdf_text((out / "yangquan" / "probe.pdf").read_bytes(), tmp_path)
    assert "阳泉市测试业[31m工会联合会" in squash(pdf)
    assert re.search(r"probe\.yaml:7: worker_party\.name: .*控制字符", err), err


# ── 6. no loss: atomic writes, interrupted builds, concurrent builds ─────────────────────────


def test_write_atomic_reports_what_it_did(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.txt"
    assert write_atomic(path, b"one") is Action.CREATE
    assert write_atomic(path, b"one") is Action.IDENTICAL
    assert write_atomic(path, b"two") is Action.UPDATE
    assert path.read_bytes() == b"two"
    assert [p.name for p in path.parent.iterdir()] == ["a.txt"]


def test_write_atomic_keeps_permissions_and_honours_the_umask(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    write_atomic(fresh, b"x")
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0o600
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_atomic(kept, b"new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def broken(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(InputError, match="无法写入"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_directory_in_the_way_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").mkdir()
    with pytest.raises(InputError, match=r"a\.txt"):
        write_atomic(tmp_path / "a.txt", b"x")


def _command(contexts: Path, out: Path, *extra: str) -> list[str]:
    """The real CLI in a process of its own. HTML only and no outputs over the build: these
    tests are about how files are published, which is the same for every format, and each
    run of the three formats cost a minute (issue 24 point 7: a suite of at most 10 minutes)."""
    return [
        sys.executable,
        "-c",
        "from skillwage_docs.app.cli import main; main()",
        "--contexts",
        str(contexts),
        "render",
        "yangquan",
        "--out",
        str(out),
        "--file-formats",
        "html",
        "--outputs",
        "none",
        *extra,
    ]


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The published files and the records beside them (what the site and tables read)."""
    files = [p for p in sorted(folder.iterdir()) if not p.name.startswith(".")]
    records = sorted((folder / ".records").glob("*.json"))
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files + records}


def _manifest_targets(out: Path) -> dict[Path, list[object]]:
    """Every target the manifest records: its path → [inputs, sha256, size, mtime_ns]
    (format 3: per agreement, per suffix; "record" is the agreement's .records/<slug>.json)."""
    manifest = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 3
    found = {}
    for key, entry in manifest["agreements"].items():
        region, slug = key.split("/")
        for suffix, target in entry["targets"].items():
            name = f".records/{slug}.json" if suffix == "record" else f"{slug}.{suffix}"
            found[out / region / name] = target
    return found


def _manifest_never_vouches_for_a_wrong_file(out: Path) -> None:
    """Every manifest record either matches its file, or its recorded stat no longer matches
    (so the next build sees the file as stale and rebuilds it)."""
    for path, (_, digest, size, mtime) in _manifest_targets(out).items():
        assert path.is_file(), path
        info = path.stat()
        same_stat = [size, mtime] == [info.st_size, info.st_mtime_ns]
        matches = hashlib.sha256(path.read_bytes()).hexdigest() == digest
        assert matches or not same_stat, f"manifest vouches for a different {path}"


# Where the kill -9 test stops a build (build._crash_point): after planning, while rendering
# (after the first and the fifth agreement came back), while publishing (after the first, a
# middle and the last-but-one file) and after the manifest, before the staging folder is gone.
# The last point leaves a staging folder behind and a manifest that makes the next build a
# no-op: that no-op must still clear it.
CRASH_POINTS = (
    "planned",
    "rendered:1",
    "rendered:5",
    "published:1",
    "published:30",
    "published:59",
    "manifest",
)


@pytest.mark.slow
def test_kill_9_mid_build_leaves_old_or_new_files_and_a_consistent_manifest(
    contexts: Path, tmp_path: Path
) -> None:
    out, reference = tmp_path / "build", tmp_path / "reference"
    # six agreements: rendered:5 falls inside the build, and six jobs take the process pool
    only(contexts, "manufacturing", "mining", "coal", "hospitality", "construction", "equipment")
    subprocess.run(_command(contexts, out, "-j", "2"), check=True, capture_output=True)
    old = _snapshot(out / "yangquan")
    for path in (contexts / "yangquan").glob("*.yaml"):
        if path.name != "region.yaml":
            path.write_text(
                path.read_text(encoding="utf-8").replace("scope: ", "scope: 修订：", 1),
                encoding="utf-8",
            )
    subprocess.run(_command(contexts, reference, "-j", "2"), check=True, capture_output=True)
    new = _snapshot(reference / "yangquan")
    assert new.keys() == old.keys() and any(new[k] != old[k] for k in new)
    assert len(new) > 59  # published:59 falls inside the build
    for point in CRASH_POINTS:
        child = subprocess.Popen(
            _command(contexts, out, "-j", "2", "--force"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "SKILLWAGE_DOCS_CRASH_AT": point},
        )
        assert child.wait() == -signal.SIGKILL, f"the build did not reach {point}"
        with suppress(ProcessLookupError):  # its render workers are ours too: end them
            os.killpg(child.pid, signal.SIGKILL)
        now = _snapshot(out / "yangquan")
        assert now.keys() == old.keys(), sorted(now)
        torn = [name for name, data in now.items() if data not in (old[name], new[name])]
        assert torn == [], f"half-written or foreign files after a kill at {point}: {torn}"
        _manifest_never_vouches_for_a_wrong_file(out)
    assert list(out.glob(".staging-*")), "the kill after the manifest leaves its staging folder"
    done = subprocess.run(_command(contexts, out, "-j", "2"), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _snapshot(out / "yangquan") == new
    for path, (_, digest, _, _) in _manifest_targets(out).items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not list(out.glob(".staging-*"))


def test_a_second_lock_on_the_same_folder_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with build_lock(out) as path:
        assert path == out / LOCK_FILE
        assert f"进程 {os.getpid()}@{socket.gethostname()}" in path.read_text(encoding="utf-8")
        refused = r"另一个生成任务（进程 \d+@.*）正在使用 .*请稍后再试"
        with pytest.raises(InputError, match=refused), build_lock(out):
            pass  # pragma: no cover
    with build_lock(out):  # released on exit
        pass
    assert (out / LOCK_FILE).exists()  # never deleted: deleting would race a third build


def test_the_lock_can_wait_with_a_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    held, release, left = threading.Event(), threading.Event(), threading.Event()

    def holder() -> None:
        with build_lock(out):
            held.set()
            release.wait()
        left.set()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(60)
        start = time.monotonic()
        with pytest.raises(InputError, match=r"已等待 0\.3 秒"), build_lock(out, timeout=0.3):
            pass  # pragma: no cover
        # A lower bound only: it waited rather than refusing at once, however busy the machine.
        assert time.monotonic() - start >= 0.3

        # The holder leaves while we wait: the first poll of a contested lock releases it, so
        # the wait is exercised without a timer.
        real_sleep = time.sleep

        def poll(seconds: float) -> None:
            release.set()
            left.wait(60)
            real_sleep(seconds)

        monkeypatch.setattr(lock_module.time, "sleep", poll)
        with build_lock(out, timeout=60):
            assert release.is_set()  # we did wait for it
    finally:
        release.set()
        thread.join()


def test_the_lock_dies_with_its_holder(tmp_path: Path) -> None:
    out = tmp_path / "build"
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom skillwage_docs.base.lock import build_lock\n"
        "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match=f"进程 {holder.pid}"), build_lock(out):
            pass  # pragma: no cover
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    with build_lock(out):  # kill -9 released it: no stale lock to clean up
        pass


def test_locked_build_passes_arguments_through(tmp_path: Path) -> None:
    @locked_build
    def fake_build(contexts: Path, *, out: Path, flag: bool = False) -> tuple[Path, bool, bool]:
        return contexts, flag, (out / LOCK_FILE).exists()

    assert fake_build(Path("c"), out=tmp_path / "o", flag=True) == (Path("c"), True, True)
    with build_lock(tmp_path / "o"), pytest.raises(InputError):
        fake_build(Path("c"), out=tmp_path / "o")


def _build_is_locked(contexts: Path, out: Path) -> bool:
    from skillwage_docs.pipeline.build import build

    with build_lock(out):
        try:
            build(contexts, out=out, regions=["yangquan"], agreements=["probe"], formats=["html"])
        except InputError as err:
            return "另一个生成任务" in err.message
    return False


def test_a_build_into_a_locked_folder_stops_with_a_clear_message(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    probe()
    out = tmp_path / "build"
    with build_lock(out):
        code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(out))
    assert code == 2
    assert "另一个生成任务" in err and "请稍后再试" in err
    assert _published(out) == []


@pytest.mark.slow
def test_concurrent_builds_never_corrupt_each_other(
    contexts: Path, probe: Callable[..., Path], tmp_path: Path
) -> None:
    only(contexts, "manufacturing", "mining", "coal")  # mining hands coal's firms to coal.yaml
    probe()
    out = tmp_path / "build"
    assert _build_is_locked(contexts, out), "build.build must hold the build lock"
    for _ in range(3):
        children = [
            subprocess.Popen(
                _command(contexts, out, "-j", "2", "--force"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = []
        for child in children:
            _, err = child.communicate(timeout=300)
            results.append((child.returncode, err))
        for code, err in results:
            assert "Traceback" not in err
            assert code == 0 or (code == 2 and "另一个生成任务" in err), err
        assert any(code == 0 for code, _ in results)
        _manifest_never_vouches_for_a_wrong_file(out)
        for path, (_, digest, _, _) in _manifest_targets(out).items():
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
        assert not list(out.glob(".staging-*"))


# ── 7. bugs found in files this suite does not own (regression tests for the fixes) ──────


def test_amounts_with_fen_but_no_jiao_publish(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    probe("monthly: 2400, hourly: 25", "monthly: 2400.05, hourly: 25")
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(tmp_path / "b"))
    assert code == 0, err


def test_a_base_wage_with_fen_reads_back_in_the_html(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    """Found by the fuzz campaign: "2150.01元" in running text was kept whole as "01元" only,
    so the HTML split the figure into "2150." and "01元" and the read-back missed it."""
    allowance_form = """kind: 行业性
industry: 测试业
scope: 测试范围内的企业
term: {start: 2025-01-01, end: 2027-09-30}
signing_date: 2024-12-25
back_pay: true
wage_form: 最低技能津贴
base_wage: 2150.01
skill_levels:
  - {level: 初级工, monthly: 2150.04, hourly: 23.24, allowance: 1}
"""
    probe(raw=allowance_form.encode("utf-8"))
    out = tmp_path / "b"
    code, _, err = cli(
        "render", "yangquan", "--agreement", "probe", "--file-formats", "html", "--out", str(out)
    )
    assert code == 0, err
    html = (out / "yangquan" / "probe.html").read_text(encoding="utf-8")
    assert '<span class="nobreak">2150.01元</span>' in html


def test_a_wide_occupation_table_with_decimals_publishes(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    levels = ["学徒工", "初级工", "中级工", "高级工", "技师", "高级技师", "特级技师", "首席技师"]
    wide = ", ".join(f"{level}: {2500.5 + 100 * k}" for k, level in enumerate(levels))
    probe("monthly: {初级工: 2550, 中级工: 2850}", f"monthly: {{{wide}}}")
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(tmp_path / "b"))
    assert code == 0, err


def test_loader_reports_file_and_line_for_every_refusal(tmp_path: Path) -> None:
    """A direct check of yamlsource: each refusal is an InputError naming file:line."""
    cases = {
        "a: !!python/object/apply:os.system [x]\n": "case.yaml:1: a: 不支持的 YAML 标签",
        "a:\n  b: 017\n": "case.yaml:2: a.b: 数字 '017' 写法有歧义",
        "a: [1, 2\n": "case.yaml:2: YAML 格式错误",
        "a: 1\na: 2\n": "case.yaml:2: a: 键重复",
        "a:\n  "
        + "[" * (MAX_DEPTH + 2)
        + "]" * (MAX_DEPTH + 2)
        + "\n": "case.yaml:2: a[0][0][0]…: 嵌套过深",
    }
    for text, fragment in cases.items():
        path = tmp_path / "case.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_yaml(path)
        assert fragment in caught.value.message, caught.value.message


def test_messages_never_carry_raw_terminal_escapes(cli: Run, probe: Callable[..., Path]) -> None:
    """A key is printed in the message; an ESC in it must not reach the terminal raw."""
    probe("signing_date: 2025-06-20", 'signing_date: 2025-06-20\n"\\e]0;标题\\a红": 1')
    code, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert code == 2
    assert "\x1b" not in err and "\x07" not in err
    assert any("probe.yaml:6: " in line and "未知字段" in line for line in errors(err)), err


def test_a_bidi_override_in_a_value_does_not_reverse_the_text_after_it(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    path = probe(
        "chief_representative: 王建国\n  representatives: 5",
        'chief_representative: "王建国\\u202E"\n  representatives: 15',
    )
    # 《集体合同规定》第十九条: both sides equal, so the employer side gets 15 too
    text = path.read_text(encoding="utf-8")
    head, _, tail = text.rpartition("representatives: 5")
    path.write_text(head + "representatives: 15" + tail, encoding="utf-8")
    out = tmp_path / "build"
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(out))
    assert code == 0, err
    text = squash(pdf_text((out / "yangquan" / "probe.pdf").read_bytes(), tmp_path))
    assert "王建国，协商代表15人" in text


def test_validation_messages_stay_one_line_without_control_characters(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    probe(
        "  - name: 焊工\n    monthly: {初级工: 2550",
        '  - name: "焊\\n工\\e]0;x\\a"\n    monthly: {初级工: 2000',
    )
    for command in (["validate"], ["render", "--out", str(tmp_path / "b")]):
        code, out, err = cli(*command, "yangquan", "--agreement", "probe")
        assert code == 1
        assert "\x1b" not in out + err and "\x07" not in out + err
        lines = errors(err) or [line for line in out.splitlines() if "probe.yaml" in line]
        assert any("probe.yaml:20: " in line for line in lines)
        assert not any(line.startswith("工") for line in (out + err).splitlines()), out + err


def test_a_long_unbroken_title_stays_on_the_page(
    cli: Run, probe: Callable[..., Path], tmp_path: Path
) -> None:
    title = "Skillwage_Minimum_Wage_Collective_Agreement_For_Manufacturing_2025"
    probe("industry: 测试业", f"industry: 测试业\ntitle: {title}")
    out = tmp_path / "build"
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(out))
    assert code == 0, err
    assert title in squash(pdf_text((out / "yangquan" / "probe.pdf").read_bytes(), tmp_path))


def test_an_unknown_key_with_brackets_is_named(cli: Run, probe: Callable[..., Path]) -> None:
    probe("signing_date: 2025-06-20", "signing_date: 2025-06-20\nareas[0]: 阳泉市城区")
    code, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert code == 2
    assert any("probe.yaml:6: areas[0]: 未知字段" in line for line in errors(err)), err


@pytest.mark.parametrize("value", ['"\\x1c"', '"\\u200b"', '"\\u200b\\u2060"'])
def test_invisible_only_text_is_blank(cli: Run, probe: Callable[..., Path], value: str) -> None:
    probe("name: 阳泉市测试业工会联合会", f"name: {value}")
    code, _, err = cli("validate", "yangquan", "--agreement", "probe")
    assert code == 2
    assert any("probe.yaml:7: worker_party.name: " in line for line in errors(err)), err


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "{level: 中级工, monthly: 2650, hourly: 28}",
            "{level: 中级工, monthly: 2650, hourly: 28, allowance: 254}",
        ),
        ("name: 阳泉市测试业工会联合会", "name: 工会"),
    ],
    ids=["allowance-254", "party-named-工会"],
)
def test_the_blank_text_check_ignores_the_fixed_wording(
    cli: Run, probe: Callable[..., Path], tmp_path: Path, old: str, new: str
) -> None:
    probe(old, new)
    code, _, err = cli("render", "yangquan", "--agreement", "probe", "--out", str(tmp_path / "b"))
    assert code == 0, err
