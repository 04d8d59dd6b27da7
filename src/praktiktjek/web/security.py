"""The server's door: Host check, body limit before parsing, security headers, and a
log line per request that carries method, path, status and time — never a body, a
query string or a header value."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]
ASGIApp = Callable[[Scope, Receive, Send], Any]

log = logging.getLogger("praktiktjek.web")

CSP = ("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
       "object-src 'none'")
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cache-control", b"no-store"),
)

PROBLEMS = {
    "host": {
        "da": ("Ukendt værtsnavn", "Host-headeren nævner ikke en adresse, som denne server svarer på."),
        "en": ("Unknown host", "The Host header does not name an address this server answers to."),
    },
    "too_large": {
        "da": ("Forespørgslen er for stor", "Indholdet fylder mere end grænsen på {limit} byte og er ikke læst."),
        "en": ("Request too large", "The body is larger than the limit of {limit} bytes and has not been read."),
    },
}


def lang_of(scope: Mapping[str, Any]) -> str:
    qs = scope.get("query_string", b"").decode("latin-1")
    if "lang=en" in qs.split("&"):
        return "en"
    for k, v in scope.get("headers", []):
        if k == b"accept-language" and v[:2].lower() == b"en":
            return "en"
    return "da"


#: how much of an over-size body is read to find the page's language and the file's name
HEAD = 64 * 1024
_LANG_FIELD = re.compile(rb'(?:name="lang"\r?\n(?:[^\r\n]+\r?\n)*\r?\n|(?:^|&)lang=)(da|en)\b')
_FILE_NAME = re.compile(rb'name="file"; filename="([^"\r\n]{1,400})"')


def body_hints(head: bytes) -> tuple[str | None, str | None]:
    """The language the page's form sent (its «lang» field) and the uploaded file's name, as
    far as the first part of a body tells them; (None, None) when it does not."""
    m = _LANG_FIELD.search(head)
    f = _FILE_NAME.search(head)
    name = f[1].decode("utf-8", "replace") if f else None
    return (m[1].decode() if m else None), name


def problem_body(kind: str, status: int, lang: str, **kw: Any) -> bytes:
    title, detail = PROBLEMS[kind][lang]
    return json.dumps({"type": f"urn:praktiktjek:problem:{kind}", "title": title, "status": status,
                       "detail": detail.format(**kw)}, ensure_ascii=False).encode()


def is_api(path: str) -> bool:
    """A path of the API, which answers problem documents; every other path is a page's,
    which answers pages (review 19, F9/F17)."""
    return path.startswith("/api/") or path in ("/healthz", "/openapi.json")


class BodyTooLarge(Exception):
    """A streamed body passed its limit: the door answers 413."""


class Door:
    """Pure ASGI middleware (no per-request objects beyond what it needs). A body is read
    whole, up to its limit, before the app sees it; on a path in ``stream`` (the auditor's
    upload) it is counted as the app reads it instead, and never held in memory whole."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str], body_limit: int,
                 limits: dict[str, int] | None = None, stream: Iterable[str] = (),
                 too_large_page: Callable[[str, str, int, str | None], bytes] | None = None,
                 error_page: Callable[[str, str], bytes] | None = None) -> None:
        self.app = app
        self.hosts = {h.lower() for h in allowed_hosts}
        self.body_limit = body_limit
        self.limits = limits or {}
        self.stream = set(stream)
        #: (path, language, limit, uploaded file's name) → the HTML page a page route answers
        #: an over-size body with (review 19, F9); the API keeps its problem document
        self.too_large_page = too_large_page
        #: (language, message) → the HTML page a page route answers the door's other refusals
        #: with (a Host the server does not answer to: review 19, F17)
        self.error_page = error_page

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, lang: str, limit: int,
                         head: bytes) -> None:
        """413: a problem document for the API, a page in the page's language for a page."""
        path = scope.get("path", "")
        if self.too_large_page is None or is_api(path):
            await self._problem(send, 413, problem_body("too_large", 413, lang, limit=limit))
            return
        # the page's language and the file's name are in the body's first part: read a little
        # of it (never the whole), as the form sends its «lang» field first
        size = len(head)
        more = True
        while size < HEAD and more:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                break
            head += msg.get("body", b"")
            size = len(head)
            more = msg.get("more_body", False)
        page_lang, name = body_hints(head[:HEAD])
        qs = scope.get("query_string", b"").decode("latin-1").split("&")
        lang = page_lang or ("en" if "lang=en" in qs else "da")
        body = self.too_large_page(path, lang, limit, name)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                                (b"content-security-policy", CSP.encode()), *HEADERS]})
        await send({"type": "http.response.body", "body": body})

    async def _refuse(self, scope: Scope, send: Send, status: int, kind: str, lang: str) -> None:
        """A refusal of the door's own: a problem document for the API, a page for a page."""
        if self.error_page is None or is_api(scope.get("path", "")):
            await self._problem(send, status, problem_body(kind, status, lang))
            return
        title, detail = PROBLEMS[kind][lang]
        body = self.error_page(lang, f"{title}: {detail}")
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                                (b"content-security-policy", CSP.encode()), *HEADERS]})
        await send({"type": "http.response.body", "body": body})

    async def _problem(self, send: Send, status: int, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/problem+json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"content-security-policy", CSP.encode()), *HEADERS]})
        await send({"type": "http.response.body", "body": body})

    def _host_ok(self, scope: Scope) -> bool:
        if "*" in self.hosts:
            return True
        for k, v in scope.get("headers", []):
            if k == b"host":
                host = v.decode("latin-1").lower()
                if host.startswith("["):  # [::1]:8000
                    host = host.split("]")[0] + "]"
                else:
                    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
                return host in self.hosts
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "")
        if method == "HEAD":
            # HEAD is answered as GET without the body, on every route (RFC 9110 §9.3.2; review
            # 19, F17: every page answered 405, which link checkers and uptime monitors read as down)
            scope = {**scope, "method": "GET"}
            send = _headers_only(send)
        started = time.perf_counter()
        status_box = [500]
        path = scope.get("path", "")
        #: the client disconnected before any answer began: the log says 499, as nginx does
        gone = [False]
        started_answer = [False]

        async def send_wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_box[0] = message["status"]
                started_answer[0] = True
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [h for h in HEADERS if h[0] not in names]
                message = {**message, "headers": headers}
            await send(message)

        try:
            lang = lang_of(scope)
            if not self._host_ok(scope):
                status_box[0] = 400
                await self._refuse(scope, send, 400, "host", lang)
                return
            limit = self.limits.get(path, self.body_limit)
            length = None
            for k, v in scope.get("headers", []):
                if k == b"content-length":
                    try:
                        length = int(v)
                    except ValueError:
                        length = None
            if length is not None and length > limit:
                status_box[0] = 413
                await self._too_large(scope, receive, send, lang, limit, b"")
                return
            if scope.get("method") in ("POST", "PUT", "PATCH") and path in self.stream:
                counted = [0]
                #: the body's first part: the page's language and the file's name are in it
                first: list[bytes] = []

                async def metered() -> Message:
                    msg: Message = await receive()
                    if msg["type"] == "http.disconnect":
                        gone[0] = True
                    chunk = msg.get("body", b"")
                    if counted[0] < HEAD:
                        first.append(chunk[:HEAD - counted[0]])
                    counted[0] += len(chunk)
                    if counted[0] > limit:
                        raise BodyTooLarge
                    return msg

                try:
                    await self.app(scope, metered, send_wrapped)
                except BodyTooLarge:
                    if started_answer[0]:
                        raise
                    status_box[0] = 413
                    # a page as for a body whose length was announced (review 19, F9: an upload
                    # sent without Content-Length got the API's problem document)
                    await self._too_large(scope, receive, send, lang, limit, b"".join(first))
            elif scope.get("method") in ("POST", "PUT", "PATCH"):
                # Read the body here, up to the limit, before any parser sees a byte of it.
                chunks: list[bytes] = []
                size = 0
                while True:
                    msg = await receive()
                    if msg["type"] == "http.disconnect":
                        gone[0] = True
                        return
                    chunk = msg.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        status_box[0] = 413
                        await self._too_large(scope, receive, send, lang, limit, b"".join([*chunks, chunk])[:HEAD])
                        return
                    chunks.append(chunk)
                    if not msg.get("more_body", False):
                        break
                body = b"".join(chunks)
                done = [False]

                async def replay() -> Message:
                    if not done[0]:
                        done[0] = True
                        return {"type": "http.request", "body": body, "more_body": False}
                    msg: Message = await receive()
                    return msg

                await self.app(scope, replay, send_wrapped)
            else:
                await self.app(scope, receive, send_wrapped)
        finally:
            from ..door import text as door_text  # a newline in a path must not forge a log line

            status = 499 if gone[0] and not started_answer[0] else status_box[0]
            log.info("%s %s %d %.1f ms", door_text(method), door_text(path), status,
                     (time.perf_counter() - started) * 1000)


def _headers_only(send: Send) -> Send:
    """``send`` for a HEAD request: the GET answer's status and headers, never a byte of its body."""

    async def head_send(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return head_send
