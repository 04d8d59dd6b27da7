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
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from . import door
from .errors import PraktiktjekError


def _shown(path: Path) -> str:
    return door.text(str(path))


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


def check_outputs(outputs: Iterable[tuple[str, Path]], inputs: Iterable[str]) -> None:
    """Refuse (exit 2) before the run: an output that is an input or inside an input
    folder, the same output named twice, or an output that cannot be written."""
    seen: dict[Path, str] = {}
    ins = [Path(p) for p in inputs if p != "-"]
    for option, out in outputs:
        name = _shown(out)
        for inp in ins:
            if _same_or_inside(out, inp):
                raise PraktiktjekError(
                    f"{option} {name}: uddata må ikke skrives over eller ind i inddata "
                    f"({_shown(inp)}); vælg en sti uden for inddata")
        key = out.resolve()
        if key in seen:
            raise PraktiktjekError(f"{option} {name}: samme fil er allerede valgt til {seen[key]}")
        seen[key] = option
        try:
            st = os.stat(out)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise PraktiktjekError(f"{option} {name}: kan ikke skrives ({exc.strerror or exc})") from None
        if st is not None:
            if stat.S_ISDIR(st.st_mode):
                raise PraktiktjekError(f"{option} {name}: er en mappe, ikke en fil")
            if not stat.S_ISREG(st.st_mode):
                raise PraktiktjekError(f"{option} {name}: er ikke en almindelig fil")
            if not os.access(out, os.W_OK):
                raise PraktiktjekError(f"{option} {name}: kan ikke skrives (ingen skriveadgang)")
        folder = out.parent if str(out.parent) else Path(".")
        if not folder.is_dir():
            raise PraktiktjekError(f"{option} {name}: mappen {_shown(folder)} findes ikke")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PraktiktjekError(f"{option} {name}: der kan ikke skrives i mappen {_shown(folder)}")


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
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise PraktiktjekError(f"{option} {_shown(path)}: kan ikke skrives ({exc.strerror or exc})") from None
        try:
            # Keep the permissions a plain open() would give (mkstemp makes 0600).
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        except OSError:
            pass
        fh = open(fd, "w", encoding=encoding, errors="replace", newline=newline)  # noqa: SIM115
        self._files.append((option, path, tmp, fh))
        return fh

    def commit(self) -> None:
        try:
            for _, _, _, fh in self._files:
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()
        except OSError as exc:
            self.discard()
            raise PraktiktjekError(f"uddata kan ikke skrives færdig ({exc.strerror or exc})") from None
        for option, path, tmp, _ in self._files:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                self.discard()
                raise PraktiktjekError(f"{option} {_shown(path)}: kan ikke skrives ({exc.strerror or exc})") from None
        self._files.clear()

    def discard(self) -> None:
        for _, _, tmp, fh in self._files:
            with contextlib.suppress(OSError):
                fh.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._files.clear()
