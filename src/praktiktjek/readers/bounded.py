"""Bounded reading (issue #9): no input is read whole before a limit applies.

* Records are read a line at a time with ``readline(limit)``: a line longer than the
  record limit is skipped in chunks (its size and quote count are kept, its bytes are
  not), so a 500 MB line or ``/dev/zero`` costs a megabyte of memory, not gigabytes.
* Only regular files are read (a FIFO, a device such as ``/dev/zero``, a socket is
  refused with a message); standard input is the one exception, and it is spooled to an
  anonymous temporary file that has no name in any directory, up to
  :func:`stdin_limit` bytes (beyond it the copy is dropped and the input is one
  unreadable record, VP000).
* Configuration, rule packs, waivers and column mappings are small: they are read up to
  :data:`SMALL_FILE_LIMIT` bytes and refused beyond it.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from ..errors import PraktiktjekError

#: configuration, rule files, waiver files, column mappings
SMALL_FILE_LIMIT = 8 * 1024 * 1024
_CHUNK = 1 << 20
#: what the line reader reads at a time, and the pieces a line too long to hold is
#: followed in: small, so that skipping a 20 MB line holds well under 4 MB (the buffer,
#: the next read and one piece)
_READ = 1 << 18
_PIECE = 1 << 16


class NotRegular(OSError):
    """The path is a folder, a device, a FIFO or a socket (``en``: said in English)."""

    def __init__(self, message: str, en: str | None = None) -> None:
        super().__init__(message)
        self.en = en or message


_KIND_EN = {"en mappe": "a folder", "en FIFO (navngivet rør)": "a FIFO (named pipe)",
            "en enhed (device)": "a device", "en socket": "a socket", "ikke en almindelig fil": "not a regular file"}


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "en mappe"
    if stat.S_ISFIFO(mode):
        return "en FIFO (navngivet rør)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhed (device)"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "ikke en almindelig fil"


def open_regular(path: Path, stdin_ok: bool = True) -> IO[bytes]:
    """Open a regular file for reading without blocking on a FIFO; anything else raises
    :class:`NotRegular` with a Danish description. ``stdin_ok``: the message offers ``-``
    (standard input) only where the caller takes it (inputs, not --config or --mapping)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            alt = " (eller - for stdin)" if stdin_ok else ""
            alt_en = " (or - for stdin)" if stdin_ok else ""
            kind = _kind(st.st_mode)
            raise NotRegular(f"er {kind}; kun almindelige filer{alt} læses",
                             en=f"is {_KIND_EN.get(kind, kind)}; only regular files{alt_en} are read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def why_path(exc: OSError, path: Path) -> str:
    """:func:`why`, naming a dangling link by its own name (the source is shown by the
    name the link points at, which does not exist)."""
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        return f"«{path.as_posix()}» er et link til en fil, der ikke findes"
    try:
        st = os.stat(path)
    except OSError:
        return why(exc)
    if not stat.S_ISREG(st.st_mode):  # a socket cannot even be opened (ENXIO): say what it is
        return f"er {_kind(st.st_mode)}; kun almindelige filer (eller - for stdin) læses"
    return why(exc)


def reasons(exc: OSError) -> tuple[str, str]:
    """An OSError in (Danish, English) words (a path is never part of it); the system's
    own text (English) is never shown in a Danish run."""
    from ..usererrors import os_reasons

    if isinstance(exc, NotRegular):
        return str(exc), getattr(exc, "en", None) or str(exc)
    if isinstance(exc, FileNotFoundError):
        return "filen findes ikke", "the file does not exist"
    if isinstance(exc, PermissionError):
        return "filen kan ikke læses (ingen læseadgang)", "the file cannot be read (no read access)"
    if isinstance(exc, IsADirectoryError):
        return "er en mappe", "is a folder"
    da, en = os_reasons(exc)
    return f"filen kan ikke læses ({da})", f"the file cannot be read ({exc.strerror or en})"


def why(exc: OSError) -> str:
    """:func:`reasons` in Danish."""
    return reasons(exc)[0]


def why_en(exc: OSError) -> str:
    """:func:`reasons` in English (--lang en)."""
    return reasons(exc)[1]


#: the English names of the small files a run reads (``what`` of read_small_text, trusted)
WHAT_EN = {"konfigurationen": "the configuration", "konfigurationsfilen": "the configuration file",
           "kolonneafbildningen": "the column mapping", "regelfilen": "the rule file",
           "dispensationsfilen": "the waiver file"}


def read_limited(fh: IO[bytes], limit: int) -> bytes | None:
    """At most ``limit`` bytes; None when there are more."""
    data = fh.read(limit + 1)
    return None if len(data) > limit else data


def read_small_text(path: Path, what: str, limit: int = SMALL_FILE_LIMIT) -> str:
    """A configuration-sized text file, UTF-8 (with or without BOM), or a clear
    PraktiktjekError naming the file and what is wrong."""
    from .. import door

    where = door.text(str(path))
    what_en = WHAT_EN.get(what, what)
    try:
        with open_regular(path, stdin_ok=False) as fh:
            data = read_limited(fh, limit)
    except OSError as exc:
        raise PraktiktjekError(f"{where}: kan ikke læse {what}: {why(exc)}",
                               en=f"{where}: cannot read {what_en}: {why_en(exc)}") from None
    if data is None:
        raise PraktiktjekError(f"{where}: {what} fylder mere end {limit} byte og læses ikke",
                               en=f"{where}: {what_en} holds more than {limit} bytes and is not read")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PraktiktjekError(
            f"{where}:{line}: {what} er ikke gyldig UTF-8-tekst (byte 0x{data[exc.start]:02x}); "
            "er det en binær fil?",
            en=f"{where}:{line}: {what_en} is not valid UTF-8 text (byte 0x{data[exc.start]:02x}); "
               "is it a binary file?") from None


class _Universal:
    """``readline(limit)`` of a binary stream on which a line ends where Python's universal
    newlines (and its csv module) end one: in LF, in CRLF, or in a lone CR — each line on
    its own, so a file whose lines end in a mix of them is read a row a line (review 14b,
    F1: a lone CR in a CRLF export glued two agreements into one unreadable row; F2: a
    header ending CR CR LF made the whole export one). A line keeps its end; :attr:`end`
    is the length of the last line's end (0: the limit or the end of the stream cut it).
    Every byte is looked at once (the next CR and LF are remembered), so a file of CRs
    only costs what a file of LFs does."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.buf, self.pos, self.end, self.eof = b"", 0, 0, False
        self._lf = self._cr = -1  # the next LF / CR at or after pos (len(buf): none); -1: not known

    def _more(self) -> bool:
        if self.eof:
            return False
        more = self.fh.read(_READ)
        if not more:
            self.eof = True
            return False
        rest, self.buf = self.buf[self.pos:], b""  # the old buffer is let go before the new is built
        self.buf, self.pos, self._lf, self._cr = rest + more, 0, -1, -1
        return True

    def _cut(self, limit: int) -> bytes:
        line, self.pos, self.end = self.buf[self.pos:self.pos + limit], self.pos + limit, 0
        return line

    def readline(self, limit: int = -1) -> bytes:
        while True:
            buf, pos, n = self.buf, self.pos, len(self.buf)
            lf, cr = self._lf, self._cr
            if lf < pos:
                lf = buf.find(b"\n", pos)
                self._lf = lf = n if lf < 0 else lf
            if cr < pos:
                cr = buf.find(b"\r", pos)
                self._cr = cr = n if cr < 0 else cr
            if lf == n and cr == n:  # no line end in what is held
                if 0 <= limit <= n - pos:
                    return self._cut(limit)
                if self._more():
                    continue
                line, self.pos, self.end = buf[pos:], n, 0
                return line
            if cr < lf:
                if cr + 1 == n and not self.eof:  # is the CR's next byte an LF?
                    if 0 <= limit <= cr - pos:
                        return self._cut(limit)
                    if self._more():
                        continue
                stop = cr + 2 if cr + 1 == lf < n else cr + 1
                at = cr
            else:
                stop, at = lf + 1, lf
            if 0 <= limit < stop - pos - (stop - at == 2):  # a CRLF counts as one byte, as an LF
                return self._cut(limit)
            line, self.pos, self.end = buf[pos:stop], stop, stop - at
            return line


def lines(fh: IO[bytes], max_bytes: int, piece: Callable[[bytes], None] | None = None
          ) -> Iterator[tuple[int, bytes | None, int, int]]:
    """(line number, the line without its end or None when it is longer than
    ``max_bytes``, its size in bytes, its number of double quotes). A line ends in LF,
    CRLF or a lone CR, each where it stands (:class:`_Universal`), so the line numbers are
    those an editor shows. ``piece`` is given each piece of a line that is too long, in
    order, before the line is yielded (a CSV reader follows its quotes)."""
    for n, body, size, quotes, _ in lines_ended(fh, max_bytes, piece):
        yield n, body, size, quotes


def lines_ended(fh: IO[bytes], max_bytes: int, piece: Callable[[bytes], None] | None = None
                ) -> Iterator[tuple[int, bytes | None, int, int, bytes]]:
    """:func:`lines`, each with the bytes that ended it (b"\\n", b"\\r\\n", b"\\r", or b""
    for the last line of a file without a final line end): a CSV record that goes on over
    a line end inside a quoted cell keeps that line end as it was written."""
    src = _Universal(fh)
    n = 0
    while True:
        line = src.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        end = src.end
        if end or len(line) <= max_bytes:
            body = line[:-end] if end else line
            yield n, body, len(body), body.count(b'"'), line[len(line) - end:]
            continue
        size, quotes, term = len(line), line.count(b'"'), b""
        if piece is not None:
            piece(line)
        while True:
            more = src.readline(_PIECE)
            if not more:
                break
            end = src.end
            body = more[:-end] if end else more
            if piece is not None:
                piece(body)
            size += len(body)
            quotes += body.count(b'"')
            if end:
                term = more[len(more) - end:]
                break
        yield n, None, size, quotes, term


def stdin_limit(max_bytes: int) -> int:
    """The most standard input that is copied: a thousand records at the record limit
    (1 GB by default). A regular file is bounded by its own size; a pipe is not
    (``cat /dev/zero | praktiktjek check -`` would fill the temporary directory)."""
    return 1000 * max_bytes


def stdin_too_large(limit: int) -> str:
    """Why standard input is not read, in Danish."""
    return (f"standardinput (-) fylder mere end {limit} byte (1000 × --max-record-bytes) og læses "
            "ikke; gem det i en fil og kontrollér filen, eller hæv --max-record-bytes")


def spool_stdin(limit: int, stream: IO[bytes] | None = None) -> IO[bytes] | None:
    """Standard input in an anonymous temporary file (no name in any directory, so
    nothing with personal data is left behind on any exit, even kill -9); None when it
    holds more than ``limit`` bytes: then the copy is closed (and gone) at once, and at
    most ``limit`` + 1 MiB bytes were ever read."""
    src = stream if stream is not None else sys.stdin.buffer
    spool = tempfile.TemporaryFile(prefix="praktiktjek-")  # noqa: SIM115
    size = 0
    try:
        while True:
            chunk = src.read(min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                spool.close()
                return None
            spool.write(chunk)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool


def utf16_head(head: bytes) -> bool:
    """The first bytes of a UTF-16 file: a BOM FF FE / FE FF, or a NUL in every other byte
    of text. No supported encoding reads such a file, so it is named as what it is
    (review 7, finding 12), not read as lines of stray bytes (review 17, F3)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] == b"\x00\x00\xfe\xff":  # UTF-32 BE too
        return True
    pairs = head[: min(len(head), 64) // 2 * 2]
    return len(pairs) >= 4 and (pairs[1::2].count(0) == len(pairs) // 2 or pairs[0::2].count(0) == len(pairs) // 2)


def wide_name(head: bytes) -> str:
    """The name of the encoding of a file :func:`utf16_head` refuses: «UTF-32» for a UTF-32
    BOM (FF FE 00 00, 00 00 FE FF) or three NULs in every four bytes of text, else
    «UTF-16» (packs3: a UTF-32 file was called UTF-16)."""
    if head[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "UTF-32"
    quads = head[: min(len(head), 64) // 4 * 4]
    if len(quads) >= 8:
        for at in ((1, 2, 3), (0, 1, 2)):  # little-endian, big-endian
            if all(quads[i + k] == 0 for i in range(0, len(quads), 4) for k in at):
                return "UTF-32"
    return "UTF-16"


def _peek(fh: IO[bytes]) -> bytes | None:
    """The first 64 bytes from a seekable stream's position, which is rewound; None if it
    cannot be read."""
    try:
        pos = fh.tell()
        head = fh.read(64)
        fh.seek(pos)
    except (OSError, ValueError):
        return None
    return head


def wide_encoding(fh: IO[bytes]) -> str:
    """:func:`wide_name` of a seekable stream, which is rewound."""
    head = _peek(fh)
    return "UTF-16" if head is None else wide_name(head)


def is_utf16(fh: IO[bytes]) -> bool:
    """:func:`utf16_head` of a seekable stream, which is rewound; False if it cannot be read."""
    head = _peek(fh)
    return head is not None and utf16_head(head)
