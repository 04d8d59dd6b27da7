"""Waivers: accept a known deviation with a recorded reason until it expires.

A waiver file (default ``praktiktjek-waivers.yaml``) lists entries with ``rule``,
``agreement`` (an id or a glob), optional ``pointer``, a required ``reason``, optional
``approved_by`` and a required ``expires`` date (the last day it applies). A waived
finding does not fail the gate but is still counted and shown. An expired waiver no longer
applies and the output says so (VP021); a waiver that matched nothing is reported as
unused (VP020). A malformed file is a usage error naming the entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
import glob
import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from . import door, safeyaml
from .checks import Hit
from .engine import INPUT_RULE, Engine, Result
from .errors import PraktiktjekError, TextError
from .readers import display_path
from .usererrors import as_written, sentence, sentence_en

DEFAULT_FILE = "praktiktjek-waivers.yaml"
UNUSED_RULE = "VP020"
EXPIRED_RULE = "VP021"


def _not_blank(value: str) -> str:
    """Text of only blank characters (model.BLANK_RE: white space and characters that
    show nothing) is empty: refused as ``""`` is, not a reason nobody can read. Judged on
    what the output door lets through, so that a control character (removed by the door)
    is not a reason either: the waived finding would read «[dispenseret: ]» (review 11,
    finding 14)."""
    from .model import BLANK_RE

    if BLANK_RE.match(door.clean(value)):
        raise TextError("må ikke være tom (der står kun mellemrum eller tegn, der ikke ses)",
                        "must not be empty (it holds only spaces or characters that do not show)")
    return value


def _as_file(value: str) -> str:
    """A ``file`` glob named the way the run names files (relative to the waiver file's
    folder, forward slashes, no ``./`` or doubled ``/``): ``./a.json`` is ``a.json``."""
    return posixpath.normpath(value)


def _glob(value: str) -> str:
    """A glob that can match something: fnmatch reads a ``[`` without its ``]`` as the
    letter «[» and a class like ``[z-a]`` as matching no character, so such a waiver
    would sit in the file and never apply, without a word (review 14b, F6). Judged on
    what the door shows (an escape sequence's «[» is no bracket anyone wrote)."""
    pattern = door.clean(value)
    i, n = 0, len(pattern)
    while i < n:
        if pattern[i] != "[":
            i += 1
            continue
        j = i + 1
        if j < n and pattern[j] == "!":
            j += 1
        if j < n and pattern[j] == "]":
            j += 1
        while j < n and pattern[j] != "]":
            j += 1
        if j >= n:
            raise TextError(f"mønsteret «{pattern}» har en «[» uden «]» (en tegnklasse, der ikke er lukket); "
                            "luk den med «]», eller skriv «[[]» for tegnet «[»",
                            f"the pattern «{pattern}» has a «[» without «]» (a character class left open); "
                            "close it with «]», or write «[[]» for the character «[»")
        part = pattern[i:j + 1]
        if "(?!)" in fnmatch.translate(part):
            raise TextError(f"mønsteret «{pattern}»: «{part}» passer på intet tegn (et interval som z-a "
                            "går baglæns)",
                            f"the pattern «{pattern}»: «{part}» matches no character (a range like z-a "
                            "runs backwards)")
        i = j + 1
    return value


def _pointer(value: str) -> str:
    """A JSON pointer, as findings name their field: ``/end``, ``/extensions/0/end`` (or
    ``""`` for the whole agreement). ``end`` would match no finding, and the waiver be
    reported unused with no hint why (review 14b, F6)."""
    if value and not value.startswith("/"):
        raise TextError(f"feltstien skal begynde med «/», fx «/{value.strip()}» (står «{value}»)",
                        f"the pointer must start with «/», e.g. «/{value.strip()}» (it says «{value}»)")
    return value


_Said = Annotated[str, AfterValidator(_not_blank)]
#: an agreement id or glob: trimmed, as an id is compared trimmed (``"AAL-1 "`` is ``AAL-1``)
_Pattern = Annotated[str, AfterValidator(_not_blank), AfterValidator(str.strip),
                    AfterValidator(_glob)]
_FilePattern = Annotated[str, AfterValidator(_not_blank), AfterValidator(_as_file),
                        AfterValidator(_glob)]
_Pointer = Annotated[str, AfterValidator(_pointer)]


class WaiverEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(min_length=1)
    agreement: _Pattern = Field(min_length=1, description="agreement id or glob, e.g. AAL-2021-*")
    file: _FilePattern | None = Field(None, min_length=1, description=(
        "only in files matching this glob, relative to the waiver file's folder, e.g. aftaler/2021/*.json"))
    pointer: _Pointer | None = None
    reason: _Said
    approved_by: _Said | None = None
    expires: dt.date


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    waivers: list[WaiverEntry]


@dataclass
class Waiver:
    entry: WaiverEntry
    rule: str
    index: int
    line: int | None
    source: str
    used: int = 0
    expired_hits: int = 0
    #: ``entry.file`` as the run names files (see :func:`_file_glob`), set when applied
    file_glob: str | None = None
    #: the output door for this run (clean, then mask unless --show-cpr)
    mask: Callable[[str], str] = field(default=door.masker(False))

    @property
    def label(self) -> str:
        return door.text(f"#{self.index + 1} ({self.entry.rule} {self.entry.agreement})", self.mask)

    @property
    def reason(self) -> str:
        return door.text(self.entry.reason, self.mask)

    def as_dict(self) -> dict[str, Any]:
        e, m = self.entry, self.mask
        return {"rule": door.text(e.rule, m), "agreement": door.text(e.agreement, m),
                "file": door.opt(e.file, m), "pointer": door.opt(e.pointer, m),
                "reason": door.text(e.reason, m), "approved_by": door.opt(e.approved_by, m),
                "expires": e.expires.isoformat(), "source": door.text(f"{self.source}:{self.line}", m)}


@dataclass
class WaiverSet:
    path: Path
    waivers: list[Waiver] = field(default_factory=list)


def _entry_lines(text: str) -> list[int | None]:
    """The line of each entry, so that findings about a waiver point at it."""
    import yaml

    try:
        node = safeyaml.compose(text)
    except yaml.YAMLError:
        return []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == "waivers":
                node = v
                break
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def load_waivers(path: Path, engine: Engine) -> WaiverSet:
    import yaml

    where = display_path(path)
    from .readers.bounded import read_small_text

    text = read_small_text(path, "dispensationsfilen")
    try:
        raw = safeyaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        place = f" i linje {mark.line + 1}, kolonne {mark.column + 1}" if mark is not None else ""
        place_en = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise PraktiktjekError(f"{where}{at}: dispensationsfilen er ikke gyldig YAML{place}",
                               en=f"{where}{at}: the waiver file is not valid YAML{place_en}") from None
    except safeyaml.DuplicateKey as exc:
        raise PraktiktjekError(f"{where}:{exc.line}: dispensationsfilen: {exc}",
                               en=f"{where}:{exc.line}: the waiver file: {exc.en}") from None
    except safeyaml.AliasBomb as exc:  # valid YAML, refused for its expansion (review 16, F2)
        raise PraktiktjekError(f"{where}:{exc.line}: dispensationsfilen: {exc}",
                               en=f"{where}:{exc.line}: the waiver file: {exc.en}") from None
    except safeyaml.BadDate as exc:
        at = f":{exc.line}" if exc.line else ""
        raise PraktiktjekError(f"{where}{at}: dispensationsfilen har en dato, der ikke findes: {exc}",
                               en=f"{where}{at}: the waiver file has a date that does not exist: {exc.en}") from None
    if raw is None:
        raw = []
    listed = isinstance(raw, list)  # the entries at the top of the file, without «waivers:»
    if listed:
        raw = {"waivers": raw}
    try:
        parsed = _File.model_validate(raw)
    except ValidationError as exc:
        lines = _entry_lines(text)
        msgs, msgs_en = [], []
        # `reason: yes` is quoted as written, not as YAML's «true» (review 14b, F5); a file
        # that lists its entries at the top has no «waivers» key to find them under
        errors = as_written(exc.errors(include_url=False), text, skip=1 if listed else 0)
        for err in errors:
            loc = list(err["loc"])
            prefix = prefix_en = where
            known: tuple[str, ...] = ("waivers",)
            if len(loc) >= 2 and loc[0] == "waivers" and isinstance(loc[1], int):
                i = loc[1]
                at = f":{lines[i]}" if i < len(lines) else ""
                rule = ""
                with contextlib.suppress(AttributeError, KeyError, IndexError, TypeError):
                    rule = f" (regel {raw['waivers'][i].get('rule', '?')})"
                prefix = f"{where}{at}: dispensation nr. {i + 1}{rule}"
                prefix_en = f"{where}{at}: waiver no. {i + 1}{rule.replace('(regel ', '(rule ')}"
                loc = loc[2:]
                known = tuple(WaiverEntry.model_fields)
            msgs.append(f"{prefix}: {sentence(err, loc, known)}")
            msgs_en.append(f"{prefix_en}: {sentence_en(err, loc, known)}")
        raise PraktiktjekError("\n".join(msgs), en="\n".join(msgs_en)) from None
    entry_lines = _entry_lines(text)
    ws = WaiverSet(path)
    for i, e in enumerate(parsed.waivers):
        rid = engine.rs.resolve_id(e.rule)
        line = entry_lines[i] if i < len(entry_lines) else None
        if rid is None:
            raise PraktiktjekError(
                f"{where}:{line}: dispensation nr. {i + 1}: feltet «rule» nævner en ukendt regel «{e.rule}» "
                "(se `praktiktjek rules`)",
                en=f"{where}:{line}: waiver no. {i + 1}: rule: unknown rule «{e.rule}» (see `praktiktjek rules`)")
        if rid == INPUT_RULE:
            raise PraktiktjekError(
                f"{where}:{line}: dispensation nr. {i + 1}: feltet «rule»: {INPUT_RULE} kan ikke "
                "dispenseres; en ulæselig post skal rettes",
                en=f"{where}:{line}: waiver no. {i + 1}: rule: {INPUT_RULE} cannot be waived; "
                   "an unreadable record must be fixed")
        ws.waivers.append(Waiver(e, rid, i, line, where, mask=engine.mask))
    return ws


def _agreement_id(r: Result) -> str | None:
    # Match on the real id (a waiver names the id as the municipality writes it), trimmed as
    # the waiver's pattern is.
    aid = r.real_id if r.real_id is not None else r.agreement_id
    return aid.strip() if aid is not None else None


def _relative(path: Path, base: Path) -> str:
    """``path`` as the waiver file names files: relative to its folder, forward slashes."""
    p = Path(os.path.abspath(path))
    try:
        return p.relative_to(base).as_posix()
    except ValueError:
        return p.as_posix()


def _file_glob(pattern: str, base: Path) -> str:
    """A waiver's ``file`` as the run names files (review 19, F11): an absolute path or one
    that goes through ``..`` named a file of the run and matched nothing, silently
    (neither applied nor reported unused). It is joined to the waiver file's folder and
    named as :func:`_relative` names that file: relative when inside it, else absolute
    (the folder's own glob characters escaped)."""
    if not (posixpath.isabs(pattern) or pattern == ".." or pattern.startswith("../")):
        return pattern
    root = base.as_posix()
    full = posixpath.normpath(posixpath.join(root, pattern))
    if full.startswith(root.rstrip("/") + "/"):
        return full[len(root.rstrip("/")) + 1:]
    common = posixpath.commonpath([root, full])
    return glob.escape(common) + full[len(common):]


def _file_matches(name: str, pattern: str) -> bool:
    """fnmatch's ``*`` spans folders, so ``**/a.json`` needed a folder before ``a.json``;
    as in .gitignore it also names ``a.json`` at the top (review 19, F11)."""
    return fnmatch.fnmatchcase(name, pattern) or (
        pattern.startswith("**/") and fnmatch.fnmatchcase(name, pattern[3:]))


def _in_scope(w: Waiver, files: set[str], ids: list[str]) -> bool:
    """Whether this run could have used the waiver: its ``file`` glob matches a file
    checked in this run, or (without ``file``) its agreement pattern matches an agreement
    checked in this run. pre-commit passes only the staged files, so a waiver for another
    file is not "unused" there (issue #10)."""
    if w.entry.file is not None:
        return any(_file_matches(f, w.file_glob or w.entry.file) for f in files)
    return any(fnmatch.fnmatchcase(i, w.entry.agreement) for i in ids)


def apply_waivers(results: list[Result], ws: WaiverSet, engine: Engine,
                  today: dt.date | None = None, checked: Iterable[Path] | None = None) -> Result | None:
    """Mark waived findings, add VP021 for expired waivers that would have matched, and
    return a result for the waiver file holding VP020 for every unused waiver that this
    run could have used (see :func:`_in_scope`). ``checked`` are the files this run read
    (default: every file a result names)."""
    today = today or dt.date.today()
    rules = engine.rs.rules
    base = Path(os.path.abspath(ws.path)).parent
    sources = {r.source for r in results if r.is_record} if checked is None else set()
    files = {_relative(Path(p), base) for p in (checked if checked is not None else sources)}
    names: dict[str, str] = {}
    ids: list[str] = []
    for w in ws.waivers:
        if w.entry.file is not None:
            w.file_glob = _file_glob(w.entry.file, base)
    for r in results:
        aid = _agreement_id(r)
        if aid is None:
            continue
        ids.append(aid)
        where = names.get(r.source)
        if where is None:
            where = names[r.source] = _relative(Path(r.source), base)
        extra = []
        for f in r.findings:
            for w in ws.waivers:
                if w.rule != f.rule or not fnmatch.fnmatchcase(aid, w.entry.agreement):
                    continue
                if w.entry.file is not None and not _file_matches(where, w.file_glob or w.entry.file):
                    continue
                if w.entry.pointer is not None and w.entry.pointer != f.pointer:
                    continue
                if w.entry.expires < today:
                    w.expired_hits += 1
                    if EXPIRED_RULE in rules and EXPIRED_RULE not in engine.disabled:
                        hit = Hit(f.pointer, {"waiver": w.label, "waived_rule": w.rule,
                                              "expires": w.entry.expires})
                        x = engine.finding(rules[EXPIRED_RULE], hit, None, None)
                        x.line, x.column = f.line, f.column
                        extra.append(x)
                    continue
                f.waiver = w
                w.used += 1
                break
        r.findings.extend(extra)
    unused = [w for w in ws.waivers if w.used == 0 and w.expired_hits == 0 and _in_scope(w, files, ids)]
    holder = Result(display_path(ws.path), None, None, None, is_record=False)
    for w in unused:
        # an expired waiver that matched nothing is said to have expired (VP021: renew or
        # delete it), not to be unused, which reads as a typo (review 14b, F4)
        rid = EXPIRED_RULE if w.entry.expires < today else UNUSED_RULE
        if rid not in rules or rid in engine.disabled:
            continue
        facts: dict[str, object] = {"waiver": w.label, "waived_rule": w.rule}
        if rid == EXPIRED_RULE:
            facts["expires"] = w.entry.expires
        f = engine.finding(rules[rid], Hit("", facts), None, None)
        f.line, f.column = w.line, 1 if w.line else None
        holder.findings.append(f)
    return holder if holder.findings else None
