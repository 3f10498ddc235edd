"""The live preview of `skillwage-docs watch`: served on 127.0.0.1 only, reloading itself.

Pages are the HTML files the build wrote into the preview folder, served as they are with
two things added on the way out (never into the files): an error banner when the latest run
failed — the last good render stays visible beneath it — and a small script that listens on
a server-sent-events stream and reloads the page when a newer run has finished.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..base.errors import InputError
from ..base.model import valid_slug

__all__ = ["EVENTS", "Preview", "Run", "make_preview_server"]

EVENTS = "/__preview/events"
BANNER_ID = "skillwage-preview-errors"
KEEPALIVE_SECONDS = 15.0  # a comment line now and then: proxies and browsers keep the stream
# `file:line: rest` — the location is shown apart so the eye finds the file to open.
_LOCATED = re.compile(r"^(?P<at>\S+?:\d+): (?P<rest>.*)$", re.DOTALL)
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """One re-validation and re-render, as the terminal and the page report it."""

    number: int
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    rebuilt: tuple[str, ...] = ()
    agreements: tuple[tuple[str, str], ...] = ()  # (file name, title) of the region's files
    failed: tuple[str, ...] = ()  # file names of agreements that did not validate
    seconds: float = 0.0
    at: str = ""  # HH:MM:SS

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    """What the server shows, shared by the watch loop (writer) and request threads (readers)."""

    folder: Path  # the build's <out>/<region>/
    region: str
    name: str = ""
    generation: int = 0  # bumped when what a page shows may have changed: pages reload
    latest: Run = field(default_factory=lambda: Run(0))
    stopping: bool = False
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def record(self, run: Run, *, visible: bool) -> None:
        with self._changed:
            self.latest = run
            if visible:
                self.generation += 1
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()

    def wait_until(self, condition: Callable[[Run], bool], timeout: float) -> Run:
        """Block until a run satisfies `condition` (tests, and anyone scripting the watch);
        `TimeoutError` after `timeout` seconds or when the watch stops first."""
        with self._changed:
            if not self._changed.wait_for(
                lambda: self.stopping or condition(self.latest), timeout=timeout
            ):
                raise TimeoutError(f"no run satisfied the condition within {timeout} s")
            if not condition(self.latest):
                raise TimeoutError("the watch stopped before a run satisfied the condition")
            return self.latest

    def next_generation(self, seen: int | None, timeout: float) -> int | None:
        """The generation once it differs from `seen`; None when stopping; `seen` on timeout."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.stopping or self.generation != seen, timeout=timeout
            )
            if self.stopping:
                return None
            return self.generation


# ── pages ────────────────────────────────────────────────────────────────────────────────────


def _script(generation: int) -> str:
    # Reload when the server reports a newer generation than the one this page was served
    # with (also on the first message: a run may have finished between load and connect);
    # the scroll position survives the reload, restored by this script rather than the
    # browser, whose scroll anchoring would shift the page when a banner appears or goes.
    return f"""<script>
(function () {{
  var shown = "{generation}", key = "skillwage-preview-scroll";
  history.scrollRestoration = "manual";
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {{ sessionStorage.removeItem(key); window.scrollTo(0, Number(saved)); }}
  var source = new EventSource("{EVENTS}");
  source.onmessage = function (event) {{
    if (event.data === shown) return;
    source.close();
    sessionStorage.setItem(key, String(window.scrollY));
    window.location.reload();
  }};
}})();
</script>"""


_BANNER_STYLE = (
    "position:sticky;top:0;z-index:2147483647;margin:0;padding:0.75em 1em;"
    "max-height:45vh;overflow:auto;background:#fff1f0;color:#5c0011;"
    "border-bottom:3px solid #cf1322;font:14px/1.5 system-ui,'Noto Sans CJK SC',sans-serif;"
    "box-shadow:0 2px 6px rgba(0,0,0,.2)"
)
_NOTICE_STYLE = _BANNER_STYLE.replace("#fff1f0", "#fffbe6").replace("#cf1322", "#d48806")


def _line(text: str) -> str:
    match = _LOCATED.match(text)
    if match is None:
        return f"<li>{html.escape(text)}</li>"
    return (
        f"<li><code>{html.escape(match.group('at'))}</code> {html.escape(match.group('rest'))}</li>"
    )


def banner(run: Run, notice: str = "") -> str:
    """The error banner over the last good render ('' when there is nothing to say)."""
    if run.errors:
        head = (
            f"<strong>发现 {len(run.errors)} 处问题（{html.escape(run.at)}）</strong>："
            "下面显示的是上一次成功生成的版本；修改并保存后自动更新。"
        )
        items = "".join(_line(line) for line in run.errors)
        return (
            f'<div id="{BANNER_ID}" role="alert" style="{_BANNER_STYLE}"><p style="margin:0">'
            f'{head}</p><ul style="margin:0.4em 0 0;padding-left:1.2em">{items}</ul></div>'
        )
    if notice:
        return (
            f'<div id="{BANNER_ID}" role="status" style="{_NOTICE_STYLE}">'
            f"{html.escape(notice)}</div>"
        )
    return ""


def inject(page: str, generation: int, top: str) -> str:
    """`page` with `top` right after <body> and the reload script before </body>."""
    opening = _BODY_OPEN.search(page)
    if opening is not None and top:
        page = page[: opening.end()] + top + page[opening.end() :]
    elif top:
        page = top + page
    closings = list(_BODY_CLOSE.finditer(page))
    closing = closings[-1] if closings else None
    script = _script(generation)
    if closing is None:
        return page + script
    return page[: closing.start()] + script + page[closing.start() :]


def _shell(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>"
        "<body style=\"margin:0;font:16px/1.6 system-ui,'Noto Sans CJK SC',sans-serif\">"
        f'<main style="max-width:48em;margin:0 auto;padding:1em">{body}</main></body></html>'
    )


def index_page(preview: Preview) -> str:
    run = preview.latest
    rows = []
    for slug, title in run.agreements:
        state = "校验未通过" if slug in run.failed else "已更新"
        if not (preview.folder / f"{slug}.html").is_file():
            state = "尚未生成" if slug not in run.failed else state
        rows.append(
            f'<li><a href="{html.escape(slug)}.html">{html.escape(title)}</a> '
            f"<small>（{html.escape(slug)}.yaml，{state}）</small></li>"
        )
    listing = "".join(rows) or "<li>本地区还没有合同文件</li>"
    status = f"上次更新：{html.escape(run.at)}（{run.seconds:.2f} 秒）" if run.at else "生成中…"
    body = (
        f"<h1>预览：{html.escape(preview.name or preview.region)}</h1>"
        f"<p><small>{status}。保存 contexts/{html.escape(preview.region)}/ 下的文件、"
        "最低工资表或模板后，本页和合同页自动更新。</small></p>"
        f"<ul>{listing}</ul>"
    )
    page = _shell(f"预览：{preview.name or preview.region}", body)
    return inject(page, preview.generation, banner(run))


def contract_page(preview: Preview, slug: str) -> str | None:
    """The last good render of one agreement, with the banner; None for an unknown name."""
    run = preview.latest
    known = dict(run.agreements)
    path = preview.folder / f"{slug}.html"
    try:
        page = path.read_text(encoding="utf-8")
    except OSError:
        if slug not in known:
            return None
        page = _shell(
            known[slug],
            f"<h1>{html.escape(known[slug])}</h1><p>尚未生成：请先修正上面列出的问题。</p>",
        )
    notice = (
        ""
        if slug in known
        else f"{slug}.yaml 已不在 contexts/{preview.region}/ 中（已删除或改名）：显示的是最后一次生成的版本。"
    )
    return inject(page, preview.generation, banner(run, notice))


# ── server ───────────────────────────────────────────────────────────────────────────────────


class _Handler(BaseHTTPRequestHandler):
    server: _PreviewServer

    def log_message(self, format: str, *args: Any) -> None:  # the terminal shows runs instead
        pass

    def do_GET(self) -> None:
        preview = self.server.preview
        # DNS rebinding: a page elsewhere must not read the preview through a name it controls.
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost"):
            self._send(403, "text/plain; charset=utf-8", "只接受 127.0.0.1 的访问".encode())
            return
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            self._events(preview)
            return
        if path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", index_page(preview).encode())
            return
        name = path.removeprefix("/").removesuffix(".html")
        page = contract_page(preview, name) if path.endswith(".html") and valid_slug(name) else None
        if page is None:
            self._send(404, "text/plain; charset=utf-8", "没有这一页".encode())
            return
        self._send(200, "text/html; charset=utf-8", page.encode())

    def _send(self, status: int, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self, preview: Preview) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent: int | None = None
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                generation = preview.next_generation(sent, KEEPALIVE_SECONDS)
                if generation is None:
                    return
                if generation == sent:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    self.wfile.write(f"data: {generation}\n\n".encode())
                    sent = generation
                self.wfile.flush()
        except OSError:  # the page went away (reload, tab closed)
            return


class _PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Preview, port: int) -> None:
        self.preview = preview
        super().__init__(("127.0.0.1", port), _Handler)


def make_preview_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    """A server for `preview` on 127.0.0.1 only (port 0: any free port)."""
    try:
        return _PreviewServer(preview, port)
    except OSError as err:
        raise InputError(f"无法在 127.0.0.1:{port} 上启动预览：{err.strerror or err}") from err
