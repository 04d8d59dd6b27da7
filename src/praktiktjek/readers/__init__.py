"""Readers: bytes → raw records, each with its source (file, line) and a locator that
maps JSON pointers back to line and column. A record that cannot be read carries an
:class:`InputProblem` instead of data; nothing is dropped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

#: A single record larger than this is reported (VP000) and not loaded.
DEFAULT_MAX_RECORD_BYTES = 1_000_000


class Locates(Protocol):
    def locate(self, pointer: str) -> tuple[int, int] | None: ...
    def end(self, pointer: str) -> tuple[int, int] | None: ...
    def written(self, pointer: str) -> str | None: ...


@dataclass(slots=True)
class InputProblem:
    """Why a record could not be read: the field (a JSON pointer) and what is wrong."""

    detail: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    #: the same in English, where the maker wrote it (else input_en translates ``detail``)
    detail_en: str | None = None
    #: what to write instead (Danish, English), where the maker knows it
    fix: tuple[str, str] | None = None
    #: texts in ``detail`` and ``fix`` that are a company's CVR or P-number as written,
    #: never masked (contract.problem)
    keep: tuple[str, ...] = ()


#: record units whose findings are all on the record's line: a CSV row, and a JSON Lines
#: record in an audit (one record a line; the audit maps no finding to a column)
LINE_UNITS = frozenset({"row", "jsonl"})


@dataclass(slots=True)
class RawRecord:
    source: str
    line: int | None
    data: Any = None
    problem: InputProblem | None = None
    locator: Locates | None = None
    #: the fields the source can carry (a CSV export's mapped columns); None: every field
    present: frozenset[str] | None = None
    #: how the source counts records: "line" (JSON, JSON Lines) or "row" (CSV)
    unit: str = "line"
    #: (pointer, name, known field it likely means) of the fields the source holds that
    #: format v1 does not know, when the reader knows them (a CSV's unmapped headers);
    #: None: the engine finds them in ``data``
    unknown: list[tuple[str, str, str | None]] | None = None
    #: a record filled in the web form: a field's pointer → its (Danish, English) label,
    #: so that a VP000 names the field as the form does (review 15, F7); None: a file
    form_labels: Callable[[str], tuple[str, str] | None] | None = None
    #: a number's JSON text at a pointer, as the file wrote it (an audit drops ``locator``
    #: but keeps this, so that a VP000 shows 1e-400 as written; review 17, F12)
    written: Callable[[str], str | None] | None = None
    #: a CSV row: a field's pointer → the header of the column it was read from, so that a
    #: VP000 names the column and «cellen er tom» (review 19, F6); None: a JSON record
    columns: Callable[[str], str | None] | None = None


def display_path(path: Path) -> str:
    """Paths relative to the working directory when below it, with forward slashes."""
    import os

    full = path.resolve()
    if path.is_symlink() and not full.exists():
        # a dangling link is named by itself, not by the target that does not exist
        # (review 19, audit F9): its folder resolved, its own name kept
        full = Path(os.path.abspath(path)).parent.resolve() / path.name
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv")


def _identity(path: Path) -> tuple[int, int] | None:
    import os

    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


#: ``twice``'s name for standard input that is a file given by name too
_STDIN_IS_A_GIVEN_FILE = "-\0same"
#: ``twice``'s prefix for standard input given again (``- -``, ``- /dev/stdin``), + its name
_STDIN_AGAIN = "-\0again\0"


def _stdin_pipe() -> tuple[int, int] | None:
    """(device, inode) of standard input when it is a pipe or a socket (``cat a.json |``):
    /dev/stdin, /dev/fd/0 and /proc/self/fd/0 name that pipe, and a pipe can be read once."""
    import os
    import stat
    import sys

    try:
        st = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode) else None


def _stdin_identity() -> tuple[int, int] | None:
    """(device, inode) of standard input when it is a regular file (a redirect), else None."""
    import os
    import stat
    import sys

    try:
        st = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def expand(paths: Iterable[str], suffixes: tuple[str, ...] = SUFFIXES,
           twice: list[Path] | None = None) -> Iterator[str | Path]:
    """Files as given; directories walked recursively in sorted order for ``suffixes``.
    A file reached twice (a folder and a file in it, a link to it) is read once, where it
    is first reached: two reads would count its records twice (issue #9, M7); ``twice``
    receives the names left out.

    ``*.expected.json`` files beside examples are test fixtures, not agreements.
    """
    seen: set[tuple[int, int]] = set()

    def first(f: Path) -> bool:
        ident = _identity(f)
        if ident is None:
            return True  # reading it reports why it cannot be read
        if ident in seen:
            if twice is not None:
                twice.append(f)
            return False
        seen.add(ident)
        return True

    stdin_given = False
    pipe = _stdin_pipe()
    for p in paths:
        if p != "-" and pipe is not None and not _is_dir(Path(p)) and _identity(Path(p)) == pipe:
            # /dev/stdin (or /dev/fd/0) while standard input is a pipe: standard input by
            # another name — read once, as «-» is; given again, it is told, not read empty
            # (it was a VP000 «er en FIFO», or the pipe read a second time)
            if stdin_given:
                if twice is not None:
                    twice.append(Path(_STDIN_AGAIN + p))
            else:
                stdin_given = True
                yield "-"
            continue
        if p == "-":  # standard input can be read once, like any file given twice
            # ... and a file redirected to it (`check a.json - < a.json`) is that file:
            # read once, where it is first reached, as a file given twice is
            ident = _stdin_identity()
            if stdin_given:
                if twice is not None:
                    twice.append(Path(_STDIN_AGAIN + "-"))
            elif ident is not None and ident in seen:
                if twice is not None:
                    twice.append(Path(_STDIN_IS_A_GIVEN_FILE))
            else:
                if ident is not None:
                    seen.add(ident)
                yield p
            stdin_given = True
            continue
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except OSError:  # a name too long, a loop of links: reading it reports why
            is_dir = False
        if is_dir:
            # Every entry with a suffix we read but a folder: a FIFO, a socket or a dangling
            # link named *.json is read too, so that it is reported (a VP000 naming it, as
            # when given by name), never silently skipped (review 7, finding 9).
            found = sorted(
                f for f in path.rglob("*")
                if f.suffix.lower() in suffixes and not _is_dir(f)
                and not f.name.endswith(".expected.json")
            )
            yield from (f for f in found if first(f))
        elif first(path):
            yield path


def say_twice(paths: Iterable[str], mask: Callable[[str], str]) -> None:
    """On stderr: each file given more than once, which is read only once."""
    from .. import door, notices

    twice: list[Path] = []
    for _ in expand(paths, twice=twice):
        pass
    for f in twice:
        if str(f) == _STDIN_IS_A_GIVEN_FILE:
            notices.say("stdin_is_file")
            continue
        if str(f).startswith(_STDIN_AGAIN):
            notices.say("stdin_again", path=door.shown_path(door.path_text(str(f)[len(_STDIN_AGAIN):], mask)))
            continue
        notices.say("twice", path=door.shown_path(door.path_text(display_path(f), mask)))


def require_inputs(paths: Iterable[str], allow_empty: bool = False,
                   suffixes: tuple[str, ...] = SUFFIXES) -> None:
    """A path that does not exist is a usage error, not an agreement (exit 2), and so is a
    run that would check nothing (an empty directory, a glob that matched nothing), unless
    ``allow_empty``: "nothing checked" must never read as "nothing wrong"."""
    from ..errors import PraktiktjekError

    paths = list(paths)
    for p in paths:
        if p == "":  # an empty shell variable; Path("") would be the working folder (review 11, finding 17)
            raise PraktiktjekError("tom sti (en tom variabel?); skriv . for den aktuelle mappe",
                                   en="empty path (an empty variable?); write . for the current folder")
        if p != "-" and not Path(p).exists():
            from .. import door

            shown = door.text(p)  # one line: a newline in the name must not begin a line of stderr
            raise PraktiktjekError(f"{shown}: filen eller mappen findes ikke", en=f"{shown}: no such file or folder")
    if not allow_empty and next(iter(expand(paths, suffixes)), None) is None:
        shown = ", ".join(paths) or "(ingen stier)"
        kinds = ", ".join(f"*{s}" for s in suffixes)
        raise PraktiktjekError(
            f"{shown}: ingen aftaler at kontrollere (ingen filer af typen {kinds}); "
            "brug --allow-empty, hvis en tom kørsel er i orden",
            en=f"{', '.join(paths) or '(no paths)'}: no agreements to check (no files of type {kinds}); "
               "use --allow-empty if an empty run is fine")


class Reader(Protocol):
    def __call__(self, data: bytes, source: str) -> Iterator[RawRecord]: ...
