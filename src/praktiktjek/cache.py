"""A cache of compiled rule packs, so that a fresh process need not parse YAML and
validate every rule again (the largest part of start-up after imports).

The key covers the package version and every rule file's path, size and modification
time; any change rebuilds. Entries are pickles, read back with an unpickler that only
admits praktiktjek's own classes and a few standard types, so a tampered cache file
cannot run code. Any problem with the cache simply means no cache. Set
PRAKTIKTJEK_NO_CACHE=1 to switch it off.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from . import __version__
from .readers.bounded import SMALL_FILE_LIMIT, open_regular, read_limited

T = TypeVar("T")

_ALLOWED_MODULES = ("praktiktjek.",)
_ALLOWED = {
    ("datetime", "date"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("builtins", "getattr"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
    ("builtins", "dict"),
    ("pydantic.main", "BaseModel"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if module.startswith(_ALLOWED_MODULES) or (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the rule cache")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "praktiktjek"


def _files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
        else:
            out.append(p)
    return out


def key_for(paths: Sequence[Path]) -> str | None:
    """Version, every rule file by its content (a same-size edit that keeps the old
    modification time must not serve the old rules), and our own sources (a changed class
    must not meet a pickle of its old self) by path, size and modification time."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    # The packs as named, each with what it is: an empty folder or a missing path must
    # never share a key with "no pack" (the cache must never change a verdict).
    try:
        for p in paths:
            kind = "dir" if p.is_dir() else "file" if p.is_file() else "missing"
            if kind == "missing":
                return None  # nothing to cache: loading reports it
            h.update(f"pack|{p.resolve()}|{kind}\n".encode())
        for f in _files(paths):
            h.update(f"{f.resolve()}|".encode())
            with open_regular(f) as fh:
                content = read_limited(fh, SMALL_FILE_LIMIT)
            if content is None:
                return None  # too large to be a pack: loading reports it
            h.update(hashlib.sha256(content).digest())
        for f in sorted(package.rglob("*.py")):
            st = f.stat()
            h.update(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return h.hexdigest()[:32]


def cached(paths: Sequence[Path], build: Callable[[], T]) -> T:
    """Return the compiled value for these rule files, from the cache when it is fresh."""
    if os.environ.get("PRAKTIKTJEK_NO_CACHE"):
        return build()
    key = key_for(paths)
    if key is None:
        return build()
    path = cache_dir() / f"rules-{key}.pickle"
    try:
        value: T = _Unpickler(io.BytesIO(path.read_bytes())).load()
        return value
    except Exception:
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        pass
    return value
