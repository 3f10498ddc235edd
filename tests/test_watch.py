"""`skillwage-docs watch`: real file changes in a temporary copy of contexts/, real HTTP.

Synchronisation is by events only: the watch records every run in `Preview`, and a test
blocks in `wait_until` (a condition variable) until the run it expects has happened; the
timeouts are failure guards, never waits. Files are saved as editors do (written aside, then
renamed over the old one), except where a half-written file is the point.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from skillwage_docs.app.preview import BANNER_ID, EVENTS, Run
from skillwage_docs.app.watch import Watch
from skillwage_docs.text.environment import TEMPLATES

GUARD = 120.0  # seconds: only ever reached when something is broken
REGION = "yangquan"
OLD_FIGURE = "贰仟肆佰元整"  # manufacturing 初级工 2400
NEW_FIGURE = "贰仟肆佰壹拾元整"  # … saved as 2410
AT_MINIMUM = (
    "skill_levels[0].monthly（学徒工）: 2020 元不高于当地最低工资标准 2150 元"
    "（山西省一类地区（阳泉市城区），2025年1月1日起执行，来源：晋政办发〔2024〕58号）"
)


@dataclass
class Watching:
    watch: Watch
    contexts: Path
    lines: list[str] = field(default_factory=list)

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.watch.port, timeout=GUARD)
        headers = {"Host": host} if host else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        connection.close()
        return response.status, body

    def after(self, run: Run, condition: object = None) -> Run:
        """The first run after `run` (that also satisfies `condition`, if given)."""
        check = condition if callable(condition) else (lambda _run: True)
        return self.watch.preview.wait_until(
            lambda latest: latest.number > run.number and check(latest), GUARD
        )

    @property
    def latest(self) -> Run:
        return self.watch.preview.latest


def _agreement_files(contexts: Path) -> list[Path]:
    return [p for p in (contexts / REGION).glob("*.yaml") if p.name != "region.yaml"]


def save(path: Path, text: str) -> None:
    """As editors save: the new text beside the file, then renamed over it."""
    aside = path.with_name(f".{path.name}.saving.tmp")
    aside.write_text(text, encoding="utf-8")
    os.replace(aside, path)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    save(path, text.replace(old, new, 1))


@pytest.fixture
def watching(contexts: Path, tmp_path: Path) -> Iterator[Watching]:
    lines: list[str] = []
    watch = Watch(
        contexts,
        REGION,
        out=tmp_path / "preview",
        port=0,
        echo=lines.append,
        echo_error=lines.append,
    )
    stop = threading.Event()
    thread = threading.Thread(target=watch.run, kwargs={"stop_event": stop}, daemon=True)
    thread.start()
    state = Watching(watch, contexts, lines)
    first = watch.preview.wait_until(lambda run: run.number >= 1, GUARD)
    assert first.ok, first.errors
    # every agreement file of the region, HTML only
    assert len(first.rebuilt) == len(_agreement_files(contexts))
    try:
        yield state
    finally:
        stop.set()
        thread.join(GUARD)
    assert not thread.is_alive()
    assert lines[-1] == "预览已停止"


def test_a_save_re_renders_only_that_agreement(watching: Watching) -> None:
    status, page = watching.get("/manufacturing.html")
    assert status == 200 and OLD_FIGURE in page
    before = watching.latest
    replace_in(
        watching.contexts / REGION / "manufacturing.yaml", "monthly: 2400,", "monthly: 2410,"
    )
    run = watching.after(before)
    assert run.ok and run.rebuilt == ("yangquan/manufacturing.html",)
    status, page = watching.get("/manufacturing.html")
    assert NEW_FIGURE in page and OLD_FIGURE not in page
    assert BANNER_ID not in page
    assert any(
        "manufacturing.yaml 已保存；已更新 manufacturing.html" in line for line in watching.lines
    )


def test_a_figure_at_the_minimum_is_shown_over_the_last_good_render(watching: Watching) -> None:
    path = watching.contexts / REGION / "manufacturing.yaml"
    before = watching.latest
    replace_in(path, "{level: 学徒工, monthly: 2250", "{level: 学徒工, monthly: 2020")
    run = watching.after(before)
    line = f"{path}:22: {AT_MINIMUM}"
    assert run.errors == (line,)
    assert run.failed == ("manufacturing",)
    status, page = watching.get("/manufacturing.html")
    assert status == 200
    assert f"<code>{path}:22</code> {AT_MINIMUM}" in page  # the banner, located
    assert OLD_FIGURE in page  # the last good render, beneath it
    assert f"  {line}" in watching.lines  # and the terminal


def test_a_half_written_file_is_reported_then_the_next_save_recovers(watching: Watching) -> None:
    path = watching.contexts / REGION / "manufacturing.yaml"
    whole = path.read_text(encoding="utf-8")
    cut = whole.index("chief_representative: 李振华") + len("chief_repre")
    before = watching.latest
    path.write_text(whole[:cut], encoding="utf-8")  # the save stopped half-way
    broken = watching.after(before, lambda run: not run.ok)
    assert broken.errors[0] == (
        f"{path}:17: YAML 格式错误：while scanning a simple key；could not find expected ':'"
    )
    status, page = watching.get("/manufacturing.html")
    assert status == 200 and f"<code>{path}:17</code>" in page and OLD_FIGURE in page
    save(path, whole.replace("monthly: 2400,", "monthly: 2410,", 1))
    fixed = watching.after(broken, lambda run: run.ok)
    assert "yangquan/manufacturing.html" in fixed.rebuilt
    status, page = watching.get("/manufacturing.html")
    assert status == 200 and BANNER_ID not in page and NEW_FIGURE in page


def test_deleted_files_are_reported_and_the_watch_goes_on(watching: Watching) -> None:
    folder = watching.contexts / REGION
    before = watching.latest
    (folder / "housekeeping.yaml").unlink()
    gone = watching.after(before, lambda run: "housekeeping" not in dict(run.agreements))
    assert gone.ok
    status, index = watching.get("/")
    assert status == 200 and "manufacturing.html" in index and "housekeeping.html" not in index
    assert "<h1>预览：阳泉市</h1>" in index
    assert '<a href="manufacturing.html">阳泉市制造业技能人才最低工资集体合同</a>' in index
    status, page = watching.get("/housekeeping.html")  # its last render, with a notice
    assert status == 200 and "housekeeping.yaml 已不在 contexts/yangquan/ 中" in page
    region = (folder / "region.yaml").read_text(encoding="utf-8")
    (folder / "region.yaml").unlink()
    lost = watching.after(gone, lambda run: not run.ok)
    assert lost.errors == ("找不到地区 'yangquan'（已有：（无））",)
    save(folder / "region.yaml", region)
    back = watching.after(lost, lambda run: run.ok)
    assert "housekeeping" not in dict(back.agreements)


def test_a_minimum_wage_change_revalidates_the_region(watching: Watching) -> None:
    table = watching.contexts / "minimum_wages" / "shanxi.yaml"
    before = watching.latest
    replace_in(
        table,
        "{name: 一类, monthly: 2150, hourly: 23.2, full_time_hourly: 12.4, mark: V}",
        "{name: 一类, monthly: 2300, hourly: 23.2, full_time_hourly: 13.2, mark: V}",
    )
    run = watching.after(before, lambda run: not run.ok)
    path = watching.contexts / REGION / "manufacturing.yaml"
    assert (
        f"{path}:22: skill_levels[0].monthly（学徒工）: 2250 元不高于当地最低工资标准 2300 元"
        in ("\n".join(run.errors))
    )


def test_a_template_change_re_renders_every_agreement(watching: Watching) -> None:
    # Templates are the repository's own: a save there is simulated by its event, and the
    # rebuild must not trust the fingerprints it computed at start.
    run = watching.watch.rebuild([TEMPLATES / "clauses" / "contract.md.j2"])
    assert run.ok and len(run.rebuilt) == len(_agreement_files(watching.contexts))


def test_the_preview_answers_only_on_loopback(watching: Watching) -> None:
    assert watching.watch.server.server_address[0] == "127.0.0.1"
    assert watching.watch.url.startswith("http://127.0.0.1:")
    status, _ = watching.get("/", host="attacker.example")  # DNS rebinding
    assert status == 403
    status, _ = watching.get("/../../region.yaml")
    assert status == 404


def test_the_event_stream_announces_each_new_render(watching: Watching) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", watching.watch.port, timeout=GUARD)
    connection.request("GET", EVENTS)
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream; charset=utf-8"

    def next_data() -> str:
        while True:
            line = response.readline().decode("utf-8").strip()
            if line.startswith("data: "):
                return line.removeprefix("data: ")

    first = int(next_data())
    replace_in(watching.contexts / REGION / "mining.yaml", "monthly: 2", "monthly: 3")
    assert int(next_data()) == first + 1
    connection.close()


def test_ctrl_c_stops_the_watch_cleanly(contexts: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "skillwage_docs.app.cli", "--contexts", str(contexts), "watch",
         REGION, "--agreement", "mining", "--port", "0", "--out", str(tmp_path / "preview")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell runs a background job with SIGINT ignored, and the child would inherit that:
        # the watch gets Ctrl+C's default, as in a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert process.stdout is not None
    seen = []
    for line in process.stdout:  # blocks until the first render is reported
        seen.append(line)
        if "已更新" in line:
            break
    process.send_signal(signal.SIGINT)
    try:
        rest, errors = process.communicate(timeout=GUARD)
    finally:  # a watch that did not stop is killed and its pipes closed, not left to later tests
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, errors
    assert seen[0].startswith("预览：http://127.0.0.1:")
    assert rest.splitlines()[-1] == "预览已停止"
    assert "Traceback" not in errors
