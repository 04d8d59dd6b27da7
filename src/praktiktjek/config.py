"""Configuration from ``praktiktjek.toml`` or ``[tool.praktiktjek]`` in ``pyproject.toml``.

Looked for in the working directory and its parents (up to a ``.git`` folder); the first
``praktiktjek.toml``, or ``pyproject.toml`` with a ``[tool.praktiktjek]`` table, wins.
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
from .usererrors import os_reason, parse_place, sentence

FORMATS = ("text", "json", "sarif", "junit", "github")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    rules: list[str] = Field(default_factory=list, description="extra rule packs")
    disable: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(None, alias="fail-on")
    lang: Literal["da", "en"] | None = None
    waivers: str | None = None
    format: Literal["text", "json", "sarif", "junit", "github"] | None = None
    strict_dates: bool | None = Field(None, alias="strict-dates")

    #: the file it came from (not a key)
    source: Path | None = Field(None, exclude=True)

    def path(self, value: str) -> Path:
        p = Path(value)
        if self.source is not None and not p.is_absolute():
            return self.source.parent / p
        return p


def _read(path: Path) -> dict[str, object] | None:
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except OSError as exc:
        raise PraktiktjekError(f"{path}: kan ikke læse konfigurationen ({os_reason(exc)})") from None
    except UnicodeDecodeError:
        raise PraktiktjekError(f"{path}: konfigurationen er ikke UTF-8-tekst") from None
    except tomllib.TOMLDecodeError as exc:
        place = parse_place(str(exc))
        raise PraktiktjekError(
            f"{path}: konfigurationen er ikke gyldig TOML{' i ' + place if place else ''}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        section = tool.get("praktiktjek") if isinstance(tool, dict) else None
        return section if isinstance(section, dict) else None
    section = data.get("tool", {}).get("praktiktjek") if isinstance(data.get("tool"), dict) else None
    return section if isinstance(section, dict) else data


def find(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "praktiktjek.toml"
        if candidate.is_file():
            return candidate
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                if _read(py) is not None:
                    return py
            except PraktiktjekError:
                pass
        if (folder / ".git").exists():
            break
    return None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = _read(path)
    if data is None:
        raise PraktiktjekError(f"{path}: ingen [tool.praktiktjek]-sektion")
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        known = [f.alias or name for name, f in Config.model_fields.items() if name != "source"]
        msgs = [f"{path}: {sentence(e, known_keys=known)}" for e in exc.errors(include_url=False)]
        raise PraktiktjekError("\n".join(msgs)) from None
    cfg.source = path
    return cfg
