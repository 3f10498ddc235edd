"""`skillwage-docs watch REGION`: re-validate and re-render on every save, preview in a browser.

The loop waits on file events (watchfiles: inotify/FSEvents/ReadDirectoryChanges, no polling)
for the region's context files, the minimum-wage tables and the templates; each batch of saves
runs the incremental `build()` for HTML only into a preview folder, so only what changed is
rendered again. Errors — a figure at or below the minimum, a half-written file, a deleted one —
are printed with their file and line and shown on the page over the last good render; the
loop then waits for the next save. Ctrl+C (or `stop_event`) ends it cleanly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from threading import Thread
from typing import Any, Protocol

import click
import watchfiles

from ..base.errors import InputError, SkillwageError
from ..base.yamlsource import load_yaml
from ..formats import writer_for
from ..formats.html import layout_environment
from ..inputs.loader import agreement_files, discover_regions
from ..pipeline.build import MINIMUM_WAGES, build
from ..text.environment import TEMPLATES, clause_environment
from .preview import Preview, Run, make_preview_server

__all__ = ["PREVIEW_DIR", "Watch", "watch"]

PREVIEW_DIR = Path("build") / ".preview"
FORMATS = ("html",)  # the preview shows HTML; render/build make the rest
# How long the file watcher waits before it reports "nothing yet": the first such report
# means it is armed, so the first render starts only once no save can be missed.
ARMED_MS = 200
_IGNORED_SUFFIXES = (".tmp", ".swp", ".swx", "~", ".part", ".crdownload")


class StopEvent(Protocol):
    def is_set(self) -> bool: ...


def _forget_templates() -> None:
    """Templates and writers are loaded once per process (environment.py, writers.writer_for);
    after a template is saved the next render must read it again."""
    clause_environment.cache_clear()
    layout_environment.cache_clear()
    writer_for.cache_clear()


def _data(path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(path).data
    except SkillwageError:
        return {}
    return data if isinstance(data, dict) else {}


def _title(path: Path, region_name: str) -> str:
    """An agreement's title for the index page, read cheaply: no validation, that is the
    build's job (and a broken file is named by its file name)."""
    data = _data(path)
    if data.get("title"):
        return str(data["title"])
    if data.get("industry"):
        return f"{region_name}{data['industry']}技能人才最低工资集体合同"
    if data.get("zone"):
        return f"{data['zone']}技能人才最低工资集体合同"
    return path.stem


class Watch:
    """A preview server bound on 127.0.0.1 and the loop that keeps its pages current."""

    def __init__(
        self,
        contexts: Path,
        region: str,
        *,
        out: Path = PREVIEW_DIR,
        agreements: Sequence[str] | None = None,
        port: int = 8000,
        echo: Callable[[str], None] = click.echo,
        echo_error: Callable[[str], None] | None = None,
    ) -> None:
        found = discover_regions(contexts)
        if region not in found:
            known = "、".join(found) or "（无）"
            raise InputError(f"找不到地区 {region!r}（已有：{known}）")
        self.contexts = contexts
        self.region = region
        self.out = out
        self.agreements = list(agreements) if agreements else None
        self.echo = echo
        self.echo_error = echo_error or (lambda line: click.secho(line, fg="red", err=True))
        self.preview = Preview(folder=out / region, region=region)
        self.server = make_preview_server(self.preview, port)  # binds now: a busy port fails early
        self.port: int = self.server.server_address[1]
        self._serving: Thread | None = None
        self._runs = 0
        self._warned: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    # ── one run ──────────────────────────────────────────────────────────────────────────────

    def _region_folder(self) -> Path:
        return self.contexts / self.region

    def _agreements(self) -> tuple[tuple[str, str], ...]:
        folder = self._region_folder()
        if not folder.is_dir():
            return ()
        region = _data(folder / "region.yaml").get("region")
        name = str(region.get("name", "")) if isinstance(region, dict) else ""
        self.preview.name = name
        return tuple((path.stem, _title(path, name)) for path in agreement_files(folder))

    def rebuild(self, changed: Iterable[Path] = ()) -> Run:
        """Validate and render what changed; record the outcome for the terminal and page."""
        changed = list(changed)
        templates = any(_inside(path, TEMPLATES) for path in changed)
        if templates:
            _forget_templates()
        started = time.perf_counter()
        errors: list[str] = []
        warnings: list[str] = []
        rebuilt: list[str] = []
        failed: list[str] = []
        try:
            result = build(
                self.contexts,
                out=self.out,
                regions=[self.region],
                agreements=self.agreements,
                formats=FORMATS,
                blank=False,
                packet=False,  # the preview is the contract's page: no packet on every save
                keep_going=True,  # one broken agreement must not hide the others' changes
                force=templates,  # the build's template fingerprint is read once per process
                # In-process: HTML for a whole region takes ~0.5 s here, a process pool ~3 s
                # to start (spawn); a save usually re-renders one agreement.
                jobs=1,
            )
        except SkillwageError as err:
            # The problems, without the build's summary ("…未生成任何文件"): the page says
            # itself that it shows the last good render.
            errors = err.details or [err.message]
        except OSError as err:  # e.g. the preview folder became unwritable
            errors = [f"{err.filename or self.out}: {err.strerror or err}"]
        else:
            errors = [f.render() for key in sorted(result.failed) for f in result.failed[key]]
            failed = [key.split("/", 1)[1] for key in result.failed]
            warnings = sorted(result.warning_lines())
            rebuilt = list(result.rebuilt)
        seconds = time.perf_counter() - started
        self._runs += 1
        run = Run(
            number=self._runs,
            errors=tuple(errors),
            warnings=tuple(warnings),
            rebuilt=tuple(rebuilt),
            agreements=self._agreements(),
            failed=tuple(failed),
            seconds=seconds,
            at=time.strftime("%H:%M:%S"),
        )
        previous = self.preview.latest
        visible = (
            bool(rebuilt)
            or run.errors != previous.errors
            or run.agreements != previous.agreements
            or run.number == 1
        )
        self.preview.record(run, visible=visible)
        self._report(run, changed)
        return run

    def _report(self, run: Run, changed: Sequence[Path]) -> None:
        saved = "、".join(sorted({p.name for p in changed if p.exists()}))
        deleted = "、".join(sorted({p.name for p in changed if not p.exists()}))
        cause = (f"{saved} 已保存；" if saved else "") + (f"{deleted} 已删除；" if deleted else "")
        if run.errors:
            self.echo_error(
                f"{run.at} {cause}发现 {len(run.errors)} 处问题（{run.seconds:.2f} 秒），页面显示上一次成功生成的版本："
            )
            for line in run.errors:
                self.echo_error(f"  {line}")
        elif run.rebuilt:
            names = "、".join(target.removeprefix(f"{self.region}/") for target in run.rebuilt)
            self.echo(f"{run.at} {cause}已更新 {names}（{run.seconds:.2f} 秒）")
        else:
            self.echo(f"{run.at} {cause}无变化（{run.seconds:.2f} 秒）")
        if run.warnings and run.warnings != self._warned:
            for line in run.warnings:
                click.secho(f"  警告 {line}", fg="yellow", err=True)
        self._warned = run.warnings

    # ── the loop ─────────────────────────────────────────────────────────────────────────────

    def _watched(self, path: Path) -> bool:
        name = path.name
        if name.startswith(".") or name.endswith(_IGNORED_SUFFIXES):
            return False  # editors' swap files, write_atomic's temporary files
        if _inside(path, TEMPLATES):
            return True
        if _inside(path, self.out):
            return False
        if path.suffix not in (".yaml", ".yml"):
            return False
        return path.parent.name in (self.region, MINIMUM_WAGES) and _inside(path, self.contexts)

    def run(self, stop_event: StopEvent | None = None) -> None:
        """Serve and watch until Ctrl+C or `stop_event`; the server is closed either way."""
        try:
            self._serving = Thread(target=self.server.serve_forever, name="preview", daemon=True)
            self._serving.start()
            self.echo(f"预览：{self.url}（保存文件即重新校验、更新页面；按 Ctrl+C 结束）")
            armed = False
            for changes in watchfiles.watch(
                self.contexts,
                TEMPLATES,
                watch_filter=lambda _change, path: self._watched(Path(path)),
                stop_event=stop_event,
                rust_timeout=ARMED_MS,
                yield_on_timeout=True,
            ):
                if not armed:  # the watcher is set up: render now, and no later save is missed
                    armed = True
                    self.rebuild()
                elif changes:
                    self.rebuild(Path(path) for _change, path in changes)
        except KeyboardInterrupt:
            pass
        finally:
            self.close()
            self.echo("预览已停止")

    def close(self) -> None:
        """Stop the event streams and the server (idempotent; safe before `run`)."""
        self.preview.stop()
        if self._serving is not None:
            self.server.shutdown()  # waits for serve_forever to return
            self._serving.join(timeout=10)
            self._serving = None
        self.server.server_close()


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def watch(contexts: Path, region: str, **options: Any) -> None:
    """Build the watch and run it until Ctrl+C (the CLI's one call)."""
    Watch(contexts, region, **options).run()
