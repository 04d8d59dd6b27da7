"""An auditor's upload (/revision), streamed from the socket into a file in the request's
own private folder as it arrives: the export is never held in memory whole (it was held
2–3 times: the door's buffer, the joined body, the bytes read from the form), and a
client that disconnects mid-upload leaves a partial file that is removed at once.

The form has two parts that matter: ``lang`` (a short text) and ``file`` (the export).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import anyio.to_thread
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.exceptions import HTTPException
from starlette.requests import Request

#: the largest text part of the upload form (only ``lang`` is expected); the export itself
#: is bounded by the door's body limit for /revision
FIELD_LIMIT = 1024 * 1024
#: the most text parts, and file parts, the upload form may have
MAX_FIELDS = 10
MAX_FILES = 1


@dataclass
class Received:
    """What the upload form held: its text fields, the file's name as the client gave it
    (None: no file chosen), and where the file was written (None: not kept)."""

    fields: dict[str, str] = field(default_factory=dict)
    filename: str | None = None
    path: Path | None = None


def _too(what: str, n: int) -> HTTPException:
    # the form parser's own words, which the error pages tell in Danish or English
    return HTTPException(400, f"Too many {what}. Maximum number of {what} is {n}.")


async def receive_upload(request: Request, folder: Path, target: Callable[[str], str | None],
                         got: Received | None = None) -> Received:
    """Stream the multipart body of ``request``, writing its file part to ``folder`` under
    the name ``target(filename)`` gives (None: the file is read and dropped). Raises
    starlette's ClientDisconnect when the client goes, HTTPException(400) for a damaged
    or oversized form; whatever was written stays in ``folder`` for the caller to remove.
    ``got``: the caller's, to read the fields posted before a damaged part (its page's
    language, review 21 F8)."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    got = got if got is not None else Received()
    if ctype != b"multipart/form-data":
        async for _ in request.stream():  # nothing here is an upload; read it to its end
            pass
        return got
    boundary = params.get(b"boundary")
    if not boundary:
        raise HTTPException(400, "Missing boundary in multipart.")

    state: dict[str, object] = {}
    headers: dict[bytes, bytes] = {}
    header_name = bytearray()
    header_value = bytearray()
    text = bytearray()
    pending: list[bytes] = []
    counts = {"fields": 0, "files": 0}
    out: list[int] = []  # the open file's descriptor, while a file part is written

    def on_part_begin() -> None:
        headers.clear()
        text.clear()
        state.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_name.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        headers[bytes(header_name).lower()] = bytes(header_value)
        header_name.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        _, options = parse_options_header(headers.get(b"content-disposition", b""))
        if b"name" not in options:
            raise HTTPException(400, 'The Content-Disposition header field "name" must be provided.')
        state["name"] = options[b"name"].decode("utf-8", "replace")
        if b"filename" in options:
            counts["files"] += 1
            if counts["files"] > MAX_FILES:
                raise _too("files", MAX_FILES)
            filename = options[b"filename"].decode("utf-8", "replace")
            state["file"] = True
            if state["name"] == "file" and got.filename is None:
                got.filename = filename
                name = target(filename) if filename else None
                if name is not None:
                    got.path = folder / name
                    # private: the folder is the request's (mkdtemp, 0700), the file 0600
                    out.append(os.open(got.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        else:
            counts["fields"] += 1
            if counts["fields"] > MAX_FIELDS:
                raise _too("fields", MAX_FIELDS)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state.get("file"):
            if out:
                pending.append(data[start:end])
            return
        if len(text) + end - start > FIELD_LIMIT:
            raise HTTPException(400, f"Part exceeded maximum size of {FIELD_LIMIT // 1024}KB.")
        text.extend(data[start:end])

    def on_part_end() -> None:
        if not state.get("file"):
            got.fields.setdefault(str(state.get("name", "")), text.decode("utf-8", "replace"))
        else:
            state["closing"] = True

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished,
    })

    def write_all(fd: int, chunks: list[bytes]) -> None:
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]

    try:
        async for chunk in request.stream():
            try:
                parser.write(chunk)
            except HTTPException:
                raise
            except Exception as exc:  # python-multipart's FormParserError and its kin
                raise HTTPException(400, "Invalid multipart data.") from exc
            if out and pending:
                # off the event loop, as starlette writes its spooled files
                chunks = pending[:]
                pending.clear()
                await anyio.to_thread.run_sync(write_all, out[0], chunks)
            if out and state.get("closing"):
                os.close(out.pop())
        try:
            parser.finalize()
        except Exception as exc:
            raise HTTPException(400, "Invalid multipart data.") from exc
    finally:
        while out:
            os.close(out.pop())
    return got
