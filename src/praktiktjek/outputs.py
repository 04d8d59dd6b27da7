"""Output files appear whole or not at all, and never over an input (issue #9).

Every output file of a run (``check -o``, ``audit --findings``, ``audit --report``) is
written to a temporary file beside its target and renamed into place only when the
whole run has succeeded, all of them together at the end; on any failure, SIGINT or
SIGTERM the temporary files are removed and yesterday's files are untouched.

Before a run reads a single record, each output path is checked: its folder must exist
and be writable, it must not be a folder or a special file, and it must be neither one
of the inputs nor inside an input folder (the run would truncate or read its own output).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from . import door
from .errors import PraktiktjekError


def _shown(path: Path) -> str:
    return door.text(str(path))


def _at(option: str, name: str) -> str:
    """The option and its value as the user wrote them: «--report r.html», and
    «--output sarif=x.sarif» without a space after «=» (review 15, F10)."""
    return f"{option}{name}" if option.endswith("=") else f"{option} {name}"


#: why a write failed, by errno: (Danish, English); the system's own text is English
_WRITE_WHY: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("der er ikke mere plads på disken", "there is no space left on the disk"),
    errno.EDQUOT: ("din diskkvote er brugt op", "your disk quota is used up"),
    errno.EFBIG: ("filen bliver større, end systemet tillader", "the file would be larger than the system allows"),
    errno.EACCES: ("ingen skriveadgang", "no permission to write"),
    errno.EPERM: ("ingen skriveadgang", "no permission to write"),
    errno.EROFS: ("filsystemet er skrivebeskyttet", "the file system is read-only"),
    errno.EIO: ("disken melder fejl ved skrivning", "the disk reports an error while writing"),
    errno.ENOENT: ("mappen findes ikke længere", "the folder no longer exists"),
    errno.ENOTDIR: ("mappen findes ikke længere", "the folder no longer exists"),
    errno.ENAMETOOLONG: ("filnavnet er for langt", "the file name is too long"),
    errno.EISDIR: ("det er en mappe, ikke en fil", "it is a folder, not a file"),
}

#: errors only a write gives (an OSError with one of these came from writing)
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def write_why(exc: OSError) -> tuple[str, str]:
    """Why a write failed, in Danish and English words (no system text, no path)."""
    if exc.errno in _WRITE_WHY:
        return _WRITE_WHY[exc.errno]
    return (f"systemet afviser skrivningen (fejl nr. {exc.errno})" if exc.errno else "systemet afviser skrivningen",
            f"the system refuses the write (error {exc.errno})" if exc.errno else "the system refuses the write")


def write_failed(what: str, exc: OSError, what_en: str | None = None) -> PraktiktjekError:
    """The usage error (exit 2) of a failed write to ``what`` (an option and file name,
    «stdout», …; ``what_en`` where English names it otherwise), naming the cause in words
    of the run's language."""
    da, en = write_why(exc)
    return PraktiktjekError(f"{what}: kan ikke skrives: {da}", en=f"{what_en or what}: cannot be written: {en}")


class WriteGuard(io.TextIOWrapper):
    """An output file that names itself when a write fails: the OSError (disk full, file
    too large, …) becomes :func:`write_failed` for ``what``."""

    what = ""

    def write(self, s: str) -> int:
        try:
            return super().write(s)
        except OSError as exc:
            raise write_failed(self.what, exc) from None

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            raise write_failed(self.what, exc) from None


def _same_or_inside(out: Path, inp: Path) -> bool:
    try:
        out_r, inp_r = out.resolve(), inp.resolve()
    except (OSError, RuntimeError):
        return False
    if out_r == inp_r:
        return True
    try:
        if out.exists() and inp.exists() and os.path.samefile(out, inp):
            return True
    except OSError:
        pass
    return inp_r in out_r.parents and inp.is_dir()


Identity = tuple[int, int]

#: what a run may read besides records: rule packs, waivers, mappings, configuration
_OTHER_SUFFIXES = (".yaml", ".yml", ".toml")


def _failed_in_folder(option: str, path: Path, exc: OSError) -> PraktiktjekError:
    """A failed write of a file beside ``path`` (its temporary file, or the rename into
    place): «mappen findes ikke længere» only when the folder is gone. A folder that is
    there but takes no new file (``/proc``: ``-o sarif=/proc/version``) says so, naming
    the folder: the file is replaced by a new one written beside it (review 21 cli, F8)."""
    folder = path.parent if str(path.parent) else Path(".")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR) and folder.is_dir():
        at, shown = _at(option, _shown(path)), _shown(folder)
        return PraktiktjekError(
            f"{at}: kan ikke skrives: mappen {shown} tager ikke imod nye filer, så filen kan ikke erstattes "
            "(den skrives som en ny fil ved siden af og flyttes på plads)",
            en=f"{at}: cannot be written: the folder {shown} takes no new files, so the file cannot be replaced "
               "(it is written as a new file beside it and moved into place)")
    return write_failed(f"{_at(option, _shown(path))}", exc)


def _identity(st: os.stat_result) -> Identity:
    return (st.st_dev, st.st_ino)


def _file_identity(path: str | Path) -> Identity | None:
    try:
        st = os.stat(path)  # follows a link: the file that is really read or written
    except (OSError, ValueError):
        return None
    return _identity(st) if stat.S_ISREG(st.st_mode) else None


def _fd_identity(fd: int) -> Identity | None:
    try:
        st = os.fstat(fd)
    except OSError:
        return None
    return _identity(st) if stat.S_ISREG(st.st_mode) else None


def input_identities(inputs: Iterable[str]) -> dict[Identity, str]:
    """Every file a run reads, by what it really is (st_dev, st_ino), with its name: the
    files given, the files a folder walk reaches (a link inside a folder counts as the
    file it points to, wherever that is), and stdin when ``-`` is a redirected file."""
    from .readers import SUFFIXES, expand

    found: dict[Identity, str] = {}
    for p in inputs:
        if p == "-":
            ident = _fd_identity(0)
            if ident is not None:
                found.setdefault(ident, "stdin")
            continue
        for f in expand([p], SUFFIXES + _OTHER_SUFFIXES):
            ident = _file_identity(f)
            if ident is not None:
                found.setdefault(ident, str(f))
    return found


def check_outputs(outputs: Iterable[tuple[str, Path]], inputs: Iterable[str], *, stdout: bool = True) -> None:
    """Refuse (exit 2) before the run: an output that is an input (also by a link, a
    link in an input folder, or stdin) or inside an input folder, the same output named
    twice, an output that cannot be written, and (``stdout``) a stdout redirected into
    an input (the run would read its own output without end)."""
    seen: dict[Path, str] = {}
    inputs = list(inputs)
    outputs = list(outputs)
    ins = [Path(p) for p in inputs if p != "-"]
    out_ident = _fd_identity(1) if stdout else None
    # the walk is needed only when something could be written over an input
    real = input_identities(inputs) if outputs or out_ident is not None else {}
    if out_ident is not None and out_ident in real:
        same = _shown(Path(real[out_ident]))
        raise PraktiktjekError(f"stdout er den samme fil som inddata ({same}); send uddata til en anden fil",
                               en=f"stdout is the same file as an input ({same}); send the output elsewhere")
    for option, out in outputs:
        name = _shown(out)
        ident = _file_identity(out)
        if ident is not None and ident in real:
            same = _shown(Path(real[ident]))
            raise PraktiktjekError(
                f"{_at(option, name)}: uddata må ikke skrives over inddata ({same}); vælg en sti uden for inddata",
                en=f"{_at(option, name)}: output must not be written over an input ({same}); "
                   "choose a path outside the inputs")
        for inp in ins:
            if _same_or_inside(out, inp):
                raise PraktiktjekError(
                    f"{_at(option, name)}: uddata må ikke skrives over eller ind i inddata "
                    f"({_shown(inp)}); vælg en sti uden for inddata",
                    en=f"{_at(option, name)}: output must not be written over or into an input "
                       f"({_shown(inp)}); choose a path outside the inputs")
        key = out.resolve()
        if key in seen:
            raise PraktiktjekError(f"{_at(option, name)}: samme fil er allerede valgt til {seen[key]}",
                                   en=f"{_at(option, name)}: the same file is already chosen for {seen[key]}")
        seen[key] = _at(option, name)
        st = _stat_or_none(option, name, out)
        if st is not None:
            if stat.S_ISDIR(st.st_mode):
                raise PraktiktjekError(f"{_at(option, name)}: er en mappe, ikke en fil",
                                       en=f"{_at(option, name)}: is a folder, not a file")
            if not stat.S_ISREG(st.st_mode):
                raise PraktiktjekError(f"{_at(option, name)}: er ikke en almindelig fil",
                                       en=f"{_at(option, name)}: is not a regular file")
            if not os.access(out, os.W_OK):
                raise PraktiktjekError(f"{_at(option, name)}: kan ikke skrives (ingen skriveadgang)",
                                       en=f"{_at(option, name)}: cannot be written (no permission to write)")
        folder = out.parent if str(out.parent) else Path(".")
        if not folder.is_dir():
            raise PraktiktjekError(f"{_at(option, name)}: mappen {_shown(folder)} findes ikke",
                                   en=f"{_at(option, name)}: the folder {_shown(folder)} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PraktiktjekError(f"{_at(option, name)}: der kan ikke skrives i mappen {_shown(folder)}",
                                   en=f"{_at(option, name)}: the folder {_shown(folder)} cannot be written in")


def _stat_or_none(option: str, name: str, out: Path) -> os.stat_result | None:
    """The output's stat, None when it does not exist yet; any other failure is named."""
    try:
        return os.stat(out)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise write_failed(f"{_at(option, name)}", exc) from None


def check_append(option: str, out: Path, inputs: Iterable[str]) -> None:
    """A file a run adds to (GitHub's step summary): a regular file or none yet, in a
    folder that exists, and none of the inputs; a FIFO would hang the run."""
    name = _shown(out)
    real = input_identities(inputs)
    st = _stat_or_none(option, name, out)
    if st is not None:
        if _identity(st) in real:
            shown = _shown(Path(real[_identity(st)]))
            raise PraktiktjekError(f"{_at(option, name)}: uddata må ikke skrives i inddata ({shown})",
                                   en=f"{_at(option, name)}: output must not be written into an input ({shown})")
        if stat.S_ISDIR(st.st_mode):
            raise PraktiktjekError(f"{_at(option, name)}: er en mappe, ikke en fil",
                                   en=f"{_at(option, name)}: is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise PraktiktjekError(f"{_at(option, name)}: er ikke en almindelig fil",
                                   en=f"{_at(option, name)}: is not a regular file")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise PraktiktjekError(f"{_at(option, name)}: mappen {_shown(folder)} findes ikke",
                               en=f"{_at(option, name)}: the folder {_shown(folder)} does not exist")


#: a step summary larger than this is not GitHub's (it takes 1 MiB a step)
MAX_APPEND_BASE = 16 * 1024 * 1024


def append_whole(option: str, path: Path, text: str) -> None:
    """Add ``text`` to ``path`` whole or not at all: the old content and the new are
    written to a temporary file that replaces the old one (its mode kept). Checked by
    :func:`check_append` before the run; a path that changed since is refused."""
    from .readers.bounded import open_regular

    old = b""
    try:
        with open_regular(path) as before:
            old = before.read(MAX_APPEND_BASE + 1)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise PraktiktjekError(f"{_at(option, _shown(path))}: kan ikke læses ({exc.strerror or exc})",
                               en=f"{_at(option, _shown(path))}: cannot be read ({exc.strerror or exc})") from None
    if len(old) > MAX_APPEND_BASE:
        raise PraktiktjekError(f"{_at(option, _shown(path))}: filen er for stor til at føje til",
                               en=f"{_at(option, _shown(path))}: the file is too large to add to")
    with Outputs() as files:
        out = files.open(option, path)
        out.buffer.write(old)  # type: ignore[attr-defined]
        out.buffer.write(text.encode("utf-8", "replace"))  # type: ignore[attr-defined]
        files.commit()


def _permissions(fd: int, path: Path) -> None:
    """The temporary file gets what the replaced file had: its mode, and its owner and
    group where we may set them (a 0600 report stays 0600); a new file gets what a plain
    open() would give under the umask (mkstemp makes 0600)."""
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        with contextlib.suppress(OSError):
            os.fchown(fd, st.st_uid, st.st_gid)
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, st.st_gid)
        with contextlib.suppress(OSError):
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
        return
    with contextlib.suppress(OSError):
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)


class Outputs:
    """The output files of one run. ``open`` gives a temporary file beside the target;
    ``commit`` renames them all into place; ``discard`` (also on leaving a ``with``
    block by an exception) removes them."""

    def __init__(self) -> None:
        self._files: list[tuple[str, Path, str, IO[str]]] = []

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is not None:
            self.discard()

    def open(self, option: str, path: Path, encoding: str = "utf-8", newline: str | None = None) -> IO[str]:
        folder = path.parent if str(path.parent) else Path(".")
        try:
            # A short name of fixed length: any name the file system takes for the target
            # (up to NAME_MAX, 255 bytes, in any script) leaves room for the temporary one.
            fd, tmp = tempfile.mkstemp(prefix=".praktiktjek-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise _failed_in_folder(option, path, exc) from None
        _permissions(fd, path)
        fh = WriteGuard(open(fd, "wb"), encoding=encoding, errors="replace", newline=newline)  # noqa: SIM115
        fh.what = f"{_at(option, _shown(path))}"
        self._files.append((option, path, tmp, fh))
        return fh

    def commit(self, first: Callable[[], object] | None = None) -> None:
        """Rename every file into place. ``first`` (writing the document to stdout) runs
        after the files are written whole and before any is renamed: when it fails (a full
        disk, a closed pipe) no file is committed and yesterday's stay (review 19, F4)."""
        for option, path, _, fh in self._files:
            try:
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()
            except (OSError, PraktiktjekError) as exc:
                self.discard()
                if isinstance(exc, PraktiktjekError):
                    raise
                raise write_failed(f"{_at(option, _shown(path))}", exc) from None
        if first is not None:
            try:
                first()
            except BaseException:
                self.discard()
                raise
        for option, path, tmp, _ in self._files:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                self.discard()
                raise _failed_in_folder(option, path, exc) from None
        self._files.clear()

    def discard(self) -> None:
        for _, _, tmp, fh in self._files:
            with contextlib.suppress(OSError, PraktiktjekError):  # a full disk: the file goes anyway
                fh.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._files.clear()
