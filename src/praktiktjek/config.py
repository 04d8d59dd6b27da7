"""Configuration from ``praktiktjek.toml`` or ``[tool.praktiktjek]`` in ``pyproject.toml``.

Looked for in the working directory and its parents, but never above the repository
root (a folder with ``.git``) or the user's home folder; outside both, only in the
working directory itself. The first ``praktiktjek.toml``, or ``pyproject.toml`` with a
``[tool.praktiktjek]`` table, wins. A file found this way must belong to the user and
must not be writable by everyone (as git's ``safe.directory``), else the run stops
(exit 2): a file planted in a shared folder must never switch rules off. The file in
force is announced on stderr. ``--config`` names a file explicitly and skips the search.
Paths in it are relative to the file. Flags given on the command line override it.
Unknown keys are an error (exit 2). CPR unmasking is deliberately not configurable: only
an explicit ``--show-cpr`` lifts it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import PraktiktjekError
from .usererrors import parse_place, parse_place_en, sentence, sentence_en

FORMATS = ("text", "json", "sarif", "junit", "github")


class Config(BaseModel):
    # strict: a value of the wrong type is an error naming the key, never coerced
    # (`strict-dates = "false"` would read as true-ish text made a bool; review 7, finding 12)
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)

    rules: list[str] = Field(default_factory=list, description="extra rule packs")
    disable: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(None, alias="fail-on")
    lang: Literal["da", "en"] | None = None
    waivers: str | None = None
    format: Literal["text", "json", "sarif", "junit", "github"] | None = None
    strict_dates: bool | None = Field(None, alias="strict-dates")

    #: the file it came from (not a key)
    source: Path | None = Field(None, exclude=True, strict=False)

    def path(self, value: str) -> Path:
        p = Path(value)
        if self.source is not None and not p.is_absolute():
            return self.source.parent / p
        return p


def _read(path: Path) -> dict[str, object] | None:
    from .readers.bounded import read_small_text

    text = read_small_text(path, "konfigurationen")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        place, place_en = parse_place(str(exc)), parse_place_en(str(exc))
        raise PraktiktjekError(
            f"{path}: konfigurationen er ikke gyldig TOML{' i ' + place if place else ''}",
            en=f"{path}: the configuration is not valid TOML{' at ' + place_en if place_en else ''}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        section = tool.get("praktiktjek") if isinstance(tool, dict) else None
        return section if isinstance(section, dict) else None
    section = data.get("tool", {}).get("praktiktjek") if isinstance(data.get("tool"), dict) else None
    return section if isinstance(section, dict) else data


def _folders(here: Path) -> list[Path]:
    """Where to look: from ``here`` up to the repository root or the home folder,
    whichever comes first; only ``here`` when neither is above it."""
    try:
        home: Path | None = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        home = None
    out: list[Path] = []
    for folder in (here, *here.parents):
        out.append(folder)
        if (folder / ".git").exists() or folder == home:
            return out
    return [here]


def trusted(path: Path, what: str = "konfigurationsfilen", option: str = "--config") -> None:
    """Refuse a found file (config, default waivers) that is not the user's own or that
    anyone may write: a file planted in a shared folder must not switch the gate green."""
    import os
    import stat

    from . import door

    try:
        st = path.stat()
    except OSError:
        return  # reading it reports the problem
    getuid = getattr(os, "getuid", None)
    from .readers.bounded import WHAT_EN

    what_en = WHAT_EN.get(what, what)
    if getuid is not None and st.st_uid != getuid():
        raise PraktiktjekError(
            f"{door.text(str(path))}: {what} tilhører en anden bruger, så den bruges ikke; "
            f"angiv den med {option}, hvis du stoler på den",
            en=f"{door.text(str(path))}: {what_en} belongs to another user, so it is not used; "
               f"give it with {option} if you trust it")
    if st.st_mode & stat.S_IWOTH:
        raise PraktiktjekError(
            f"{door.text(str(path))}: {what} kan ændres af alle, så den bruges ikke; "
            f"fjern skriveadgangen for andre (chmod o-w) eller angiv den med {option}",
            en=f"{door.text(str(path))}: {what_en} can be changed by anyone, so it is not used; "
               f"remove write access for others (chmod o-w) or give it with {option}")


def find(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in _folders(here):
        candidate = folder / "praktiktjek.toml"
        if candidate.is_file():
            trusted(candidate)
            return candidate
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                section = _read(py)
            except PraktiktjekError:
                section = None  # someone else's broken pyproject.toml is not ours to judge
            if section is not None:
                trusted(py)
                return py
    return None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = _read(path)
    if data is None:
        raise PraktiktjekError(f"{path}: ingen [tool.praktiktjek]-sektion",
                               en=f"{path}: no [tool.praktiktjek] section")
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        known = [f.alias or name for name, f in Config.model_fields.items() if name != "source"]
        errors = exc.errors(include_url=False)
        msgs = [f"{path}: {sentence(e, known_keys=known)}" for e in errors]
        msgs_en = [f"{path}: {sentence_en(e, known_keys=known)}" for e in errors]
        raise PraktiktjekError("\n".join(msgs), en="\n".join(msgs_en)) from None
    _no_empty_paths(path, cfg)
    cfg.source = path
    return cfg


def _no_empty_paths(path: Path, cfg: Config) -> None:
    """An empty path in the file is refused as on the command line (review 13, F2):
    joined to the file's folder, ``""`` would be that folder, and ``rules = [""]`` would
    load every *.yaml beside the file (CI files, mkdocs.yaml) as rule packs."""
    empty = [f"rules[{i}]" for i, r in enumerate(cfg.rules) if r == ""]
    if cfg.waivers == "":
        empty.append("waivers")
    if empty:
        keys = ", ".join(empty)
        raise PraktiktjekError(
            f"{path}: {keys}: tom sti; skriv . for konfigurationsfilens mappe, eller fjern nøglen",
            en=f"{path}: {keys}: empty path; write . for the configuration file's folder, or remove the key")
