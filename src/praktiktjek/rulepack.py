"""Load rule files (YAML) into validated, date-aware rules.

A rule file may hold any of these sections: ``pack`` (name, id prefix, reviewed
period), ``acts`` (laws and their dated versions), ``target_groups`` (duration classes),
``example_base`` (the clean agreement that rule examples patch) and ``rules``. A pack is
a directory of such files or a single file. Everything is validated strictly when it
loads; any problem raises :class:`RulePackError` naming the file, the rule and the field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import safeyaml
from .checks import ENGINE_FACTS, REGISTRY, CheckKind
from .errors import RulePackError, TextError


def web_url(url: str | None) -> str | None:
    """``url`` where it may be written as a link (http or https), else None: each writer
    of a link asks, whatever the loader let through (a pack cached by an older version)."""
    return url if url is not None and is_web_url(url) else None


def is_web_url(url: str) -> bool:
    """An absolute http(s) address with a host and nothing a browser would strip or
    reinterpret (blanks, control characters, backslashes): the only links we write."""
    from urllib.parse import urlsplit

    if any(c.isspace() or ord(c) < 0x20 or c in "\x7f\\" for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) \
        and url.lower().startswith(f"{parts.scheme}://")


#: where a problem is, in Danish and English: ("fil: regel X", "file: rule X")
Where = tuple[str, str]


def _error(where: Where, da: str, en: str) -> RulePackError:
    """A rule-pack error naming file, rule and key, in Danish (English for --lang en)."""
    return RulePackError(f"{where[0]}: {da}", en=f"{where[1]}: {en}")


#: the most problems one pack error lists; the rest are counted (review 16, F9: a 3,000-rule
#: pack with a bad id format printed 3,000 lines)
MAX_ERROR_LINES = 20


def _errors(lines: list[tuple[str, str]]) -> RulePackError:
    if len(lines) > MAX_ERROR_LINES:
        rest = len(lines) - MAX_ERROR_LINES
        lines = [*lines[:MAX_ERROR_LINES],
                 (f"… og {rest:,} fejl mere".replace(",", "."),
                  f"… and {rest:,} more {'problem' if rest == 1 else 'problems'}")]
    return RulePackError("\n".join(da for da, _ in lines), en="\n".join(en for _, en in lines))


def _pydantic_lines(where: Where, errors: Iterable[Any], prefix: str = "", suffix: Where = ("", "")) \
        -> list[tuple[str, str]]:
    """Each pydantic error as (Danish, English), naming the key: our own Danish sentence
    (usererrors), and pydantic's English or our validator's English form."""
    from .usererrors import problem

    out = []
    for e in errors:
        key = prefix + _loc(e["loc"])
        err = (e.get("ctx") or {}).get("error")
        if isinstance(err, TextError):
            da_what, en_what = str(err), err.en
        else:
            da_what, en_what = problem(e), e["msg"]
        if e["type"] == "extra_forbidden":
            out.append((f"{where[0]}: nøglen «{key}»{suffix[0]} {da_what}",
                        f"{where[1]}: {key}{suffix[1]}: {en_what}"))
        elif key:
            sep = ": " if e["type"] == "value_error" else " "
            out.append((f"{where[0]}: {'' if sep == ': ' else 'feltet '}«{key}»{suffix[0]}{sep}{da_what}",
                        f"{where[1]}: {key}{suffix[1]}: {en_what}"))
        else:
            out.append((f"{where[0]}: filen {da_what}", f"{where[1]}: (file): {en_what}"))
    return out

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}
ActKind = Literal["law", "executive_order", "guidance", "practice", "local_policy"]
ConfidenceLevel = Literal["verified", "inferred", "secondary", "guidance", "practice", "technical"]

#: The kinds of act a local pack may define: local policy is cited as local policy, never
#: dressed up as law (review 16, F1). National acts are cited only by the national pack.
LOCAL_ACT_KINDS: tuple[str, ...] = ("local_policy",)
#: The confidence levels a local rule may carry. The others name a national source the
#: rule claims to rest on: *verified* (the legal text was read), *inferred* (a reading of
#: the law), *guidance* (STAR's guidance); a municipality's own policy is none of them.
LOCAL_CONFIDENCE: tuple[str, ...] = ("practice", "secondary", "technical")
#: prefixes a local pack may not take: every one that begins with VP reads as national
NATIONAL_PREFIX = "VP"


class _Strict(BaseModel):
    # defer_build: a cached rule pack is unpickled without ever validating, so the
    # validators need not be built at import (a measurable part of start-up).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(_Strict):
    """A text in Danish and English. Danish is the default language of every output."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class TermText(_Strict):
    """A term's wording; unlike a message it may be empty (a clause that is left out)."""

    da: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class ActVersion(_Strict):
    number: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    url: str | None = None
    inferred: bool = Field(False, description="the in-force dates are inferred, not read")
    amended_by: str | None = None
    amended_by_url: str | None = None
    dates: Text | None = Field(
        None, description="what RULES.md says of this version's in-force dates: which date is "
        "inferred (start, end) or taken from a secondary source, and an amending act's second "
        "in-force date; `explain` shows it instead of a blanket «ikrafttræden udledt» (review 15, F3)")
    numbering: Text | None = Field(
        None, description="the paragraph numbers RULES.md gives are not verified in this version "
        "(an older act that numbered differently, or a numbering RULES.md lists as an open "
        "question): said after a paragraph cited against it, which is then marked inferred — "
        "unless the citation is written for this version (it ends within it)")

    @field_validator("url", "amended_by_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        """Only an http(s) address: a report, SARIF and the job summary make it a link,
        and ``javascript:`` or ``data:`` there would run in the reader's browser."""
        if value is not None and not is_web_url(value):
            raise TextError("skal være en webadresse, der begynder med https:// eller http://",
                            "must be a web address beginning with https:// or http://")
        return value


class Act(_Strict):
    short: str
    title: str
    kind: ActKind
    versions: list[ActVersion] = Field(min_length=1)
    #: the act (or guidance on it) whose text the change at the pack's ``reviewed_until``
    #: rewrites (RULES.md: the 2027 main act replaces LAB and BAB): its citations for a start
    #: from then are marked not verified. An act the change leaves alone (forvaltningsloven,
    #: the GDPR) and a report of past practice are not.
    changes_at_review_end: bool = False

    def version_at(self, day: dt.date) -> ActVersion | None:
        for v in self.versions:
            if (v.valid_from is None or v.valid_from <= day) and (
                v.valid_to is None or day <= v.valid_to
            ):
                return v
        return None


class CitationPart(_Strict):
    text: str = Field(min_length=1, description="copied exactly from RULES.md")
    da: str | None = Field(None, min_length=1,
                           description="a faithful Danish form of `text`, where it has English words")
    act: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    when: str | None = Field(None, description="only when the check tags its hit with this")

    def get(self, lang: str) -> str:
        """The citation as shown in ``lang``: the Danish form when there is one."""
        return self.da if lang == "da" and self.da else self.text

    def in_force(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Confidence(_Strict):
    level: ConfidenceLevel
    #: Danish and English (the national pack); a local pack may write one plain text
    note: Text | str | None = None

    def text(self, lang: str) -> str | None:
        return self.note.get(lang) if isinstance(self.note, Text) else self.note


class Example(_Strict):
    description: str
    patch: dict[str, Any]


class Examples(_Strict):
    passing: list[Example] = Field(alias="pass", min_length=1)
    failing: list[Example] = Field(alias="fail", min_length=1)


class BatchSpec(_Strict):
    """How a rule reaches across records in a batch audit (the audit implements the kind)."""

    kind: Literal["export_history", "workplace_load", "shared_text"]
    params: dict[str, Any] = {}
    needs: list[str] = Field([], description="fields the export must carry for the batch step")


class SharedTextParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_citizens: int = Field(ge=2)


BATCH_PARAMS: dict[str, type[BaseModel] | None] = {
    "export_history": None, "workplace_load": None, "shared_text": SharedTextParams,
}


_RULE_ID = re.compile(r"[A-Z]{2,8}[0-9]{3}")
_PREFIX = re.compile(r"[A-Z]{2,8}")


class RuleSpec(_Strict):
    id: str

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        """The allowed form said in the message (review 16, F9), not «ugyldig værdi»."""
        if not _RULE_ID.fullmatch(value):
            raise TextError("skal være pakkens præfiks efterfulgt af tre cifre, fx KERT001 "
                            f"(højst 999 regler pr. pakke); står «{value}»",
                            "must be the pack's prefix followed by three digits, e.g. KERT001 "
                            f"(at most 999 rules per pack); got '{value}'")
        return value

    aliases: list[str] = []
    severity: Severity
    title: Text
    message: Text
    fix: Text
    terms: dict[str, TermText] = {}
    citations: list[CitationPart] = []
    confidence: Confidence
    check: str
    params: dict[str, Any] = {}
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    rationale: Text
    legal_text: str | None = Field(None, description="the words of the law the rule rests on")
    examples: Examples | None = None
    needs: list[str] = Field([], description="fields an export must carry, beyond the check kind's")
    batch: BatchSpec | None = None


class PackMeta(_Strict):
    name: str
    prefix: str
    version: str | None = Field(None, description="the pack's own version (a local pack), named in every output")

    @field_validator("prefix")
    @classmethod
    def _prefix_form(cls, value: str) -> str:
        if not _PREFIX.fullmatch(value):
            raise TextError(f"skal være 2–8 store bogstaver A–Z, fx KERT; står «{value}»",
                            f"must be 2–8 capital letters A–Z, e.g. KERT; got '{value}'")
        return value
    title: Text
    reviewed_from: dt.date | None = None
    reviewed_until: dt.date | None = None


class TargetGroup(_Strict):
    label: Text
    plural: Text
    lab_6: str | None = None
    duration_class: Literal["four_week", "thirteen_week"]
    extended_class: Literal["thirteen_week"] | None = None
    job_ready: bool


class RuleFile(_Strict):
    pack: PackMeta | None = None
    acts: dict[str, Act] = {}
    target_groups: dict[str, TargetGroup] = {}
    terms: dict[str, TermText] = {}
    example_base: dict[str, Any] | None = None
    rules: list[RuleSpec] = []

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[RuleSpec]) -> list[RuleSpec]:
        seen: set[str] = set()
        for r in rules:
            if r.id in seen:
                raise TextError(f"reglen {r.id} er defineret to gange", f"rule {r.id} is defined twice")
            seen.add(r.id)
        return rules


# --------------------------------------------------------------------------- compiled


@dataclass(frozen=True, slots=True)
class ParamSlice:
    valid_from: dt.date | None
    valid_to: dt.date | None
    params: BaseModel

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Rule:
    spec: RuleSpec
    kind: CheckKind
    slices: tuple[ParamSlice, ...]
    pack: str
    source: str
    batch_params: BaseModel | None = None

    @property
    def needs(self) -> tuple[str, ...]:
        """Every field an export must carry for this rule (check kind, rule, batch step)."""
        extra = self.spec.batch.needs if self.spec.batch else []
        return tuple(dict.fromkeys([*sorted(self.kind.needs), *self.spec.needs, *extra]))

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def severity(self) -> str:
        return self.spec.severity

    def in_force(self, day: dt.date) -> bool:
        s = self.spec
        return (s.valid_from is None or s.valid_from <= day) and (
            s.valid_to is None or day <= s.valid_to
        )

    def params_at(self, day: dt.date) -> BaseModel:
        for sl in self.slices:
            if sl.covers(day):
                return sl.params
        raise AssertionError("dated parameters are checked to cover every day")  # pragma: no cover


@dataclass
class RuleSet:
    """Every loaded pack merged: the rules plus the shared definitions they refer to."""

    rules: dict[str, Rule] = field(default_factory=dict)
    acts: dict[str, Act] = field(default_factory=dict)
    target_groups: dict[str, TargetGroup] = field(default_factory=dict)
    terms: dict[str, TermText] = field(default_factory=dict)
    packs: list[PackMeta] = field(default_factory=list)
    #: each pack's path as given (``--rules``, the configuration), by pack name
    pack_files: dict[str, str] = field(default_factory=dict)
    example_base: dict[str, Any] | None = None
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def national(self) -> PackMeta | None:
        return next((p for p in self.packs if p.prefix == "VP"), None)

    def resolve_id(self, rule_id: str) -> str | None:
        rid = rule_id.strip().upper()
        if rid in self.rules:
            return rid
        return self.aliases.get(rid)


# --------------------------------------------------------------------------- loading


def _yaml_load(path: Path) -> Any:
    import yaml

    from .errors import PraktiktjekError
    from .readers.bounded import read_small_text

    try:
        text = read_small_text(path, "regelfilen")
    except PraktiktjekError as exc:
        raise RulePackError(str(exc), en=exc.en) from None
    try:
        return _sanitise(safeyaml.load(text))
    except yaml.YAMLError as exc:
        where = place = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f":{mark.line + 1}:{mark.column + 1}"
            place = f" (linje {mark.line + 1}, kolonne {mark.column + 1})"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RulePackError(f"{path}{where}: er ikke en gyldig regelfil: ikke gyldig YAML{place}",
                            en=f"{path}{where}: not a valid rule file: {problem}") from None
    except safeyaml.DuplicateKey as exc:
        raise RulePackError(f"{path}:{exc.line}: {exc}", en=f"{path}:{exc.line}: {exc.en}") from None
    except safeyaml.AliasBomb as exc:  # valid YAML, refused for its expansion (review 16, F2)
        raise RulePackError(f"{path}:{exc.line}: er ikke en gyldig regelfil: {exc}",
                            en=f"{path}:{exc.line}: not a valid rule file: {exc.en}") from None
    except safeyaml.BadDate as exc:
        raise RulePackError(f"{path}: er ikke en gyldig regelfil: en dato, der ikke findes ({exc})",
                            en=f"{path}: not a valid rule file: a date that does not exist ({exc.en})") from None


#: parameters are compared with agreement data (a list of CVR numbers): cleaned, not masked
_DATA_KEYS = frozenset({"params"})
#: company identifiers in example agreements are never masked (as in findings)
_COMPANY_IDS = frozenset({"cvr", "p_number", "cvrs"})


def _sanitise(value: Any, mask: bool = True) -> Any:
    """Every text of a rule file through the door once, when it loads: control
    characters out and CPR numbers masked in titles, messages, citations, notes and
    example agreements (they reach every output format, ``explain`` included); CVR and
    P-numbers and parameters are only cleaned, so that they stay what they are."""
    from . import door

    if isinstance(value, str):
        return door.text(value, keep_newlines=True) if mask else door.clean(value, keep_newlines=True)
    if isinstance(value, dict):
        return {_sanitise(k, mask): _sanitise(v, mask and k not in _DATA_KEYS and k not in _COMPANY_IDS)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_sanitise(v, mask) for v in value]
    return value


def _loc(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(path: Path, exc: ValidationError, raw: Any) -> RulePackError:
    from .usererrors import as_written

    lines = []
    errors = exc.errors(include_url=False)
    if any(e.get("input") is None or isinstance(e.get("input"), bool) for e in errors):
        # `severity: off` is quoted as written, not as YAML's «false» (review 16, F2)
        errors = as_written(errors, _text_of(path))
    for err in errors:
        loc = list(err["loc"])
        where = (str(path), str(path))
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            try:
                rid = raw["rules"][loc[1]].get("id", f"#{loc[1] + 1}")
            except (KeyError, IndexError, TypeError, AttributeError):
                rid = f"#{loc[1] + 1}"
            where = (f"{path}: regel {rid}", f"{path}: rule {rid}")
            loc = loc[2:]
        lines += _pydantic_lines(where, [{**err, "loc": tuple(loc)}])
    return _errors(lines)


def _text_of(path: Path) -> str | None:
    """The rule file's text once more, for an error message only (None if it is gone)."""
    from .errors import PraktiktjekError
    from .readers.bounded import read_small_text

    try:
        return read_small_text(path, "regelfilen")
    except (PraktiktjekError, OSError, UnicodeDecodeError):
        return None


def _pack_files(path: Path) -> list[Path]:
    try:
        return _pack_files_of(path)
    except OSError as exc:
        from .readers.bounded import why

        raise RulePackError(f"{path}: {why(exc)}", en=f"{path}: {exc.strerror or type(exc).__name__}") from None


def _pack_files_of(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        if not files:
            raise RulePackError(f"{path}: ingen regelfiler (*.yaml) i mappen",
                                en=f"{path}: no rule files (*.yaml) in this directory")
        return files
    if path.exists():  # a file; a device or FIFO is refused by the reader, with its name
        return [path]
    from . import door

    shown = door.text(str(path))  # one line: a newline in the name must not begin a line of stderr
    raise RulePackError(f"{shown}: regelfilen eller mappen findes ikke", en=f"{shown}: no such rule file or directory")


def _is_dated(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"dated"}


def _dated_periods(where: Where, name: str, value: Any) -> list[tuple[dt.date | None, dt.date | None, Any]]:
    entries = value["dated"]
    key = f"params.{name}.dated"
    if not isinstance(entries, list) or not entries:
        raise _error(where, f"nøglen «{key}» skal være en liste, der ikke er tom", f"{key}: must be a non-empty list")
    out: list[tuple[dt.date | None, dt.date | None, Any]] = []
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or "value" not in e or set(e) - {"valid_from", "valid_to", "value"}:
            raise _error(where, f"nøglen «{key}[{i}]» skal have «value» og kan have «valid_from» og "
                         "«valid_to», intet andet",
                         f"{key}[{i}]: needs 'value' and optional 'valid_from'/'valid_to', nothing else")
        vf, vt = e.get("valid_from"), e.get("valid_to")
        for k, d in (("valid_from", vf), ("valid_to", vt)):
            if d is not None and not isinstance(d, dt.date):
                raise _error(where, f"nøglen «{key}[{i}].{k}» skal være en dato skrevet ÅÅÅÅ-MM-DD",
                             f"{key}[{i}].{k}: must be a date")
        out.append((vf, vt, e["value"]))
    # The periods must cover every day, in order, without gaps or overlaps.
    if out[0][0] is not None or out[-1][1] is not None:
        raise _error(where, f"nøglen «{key}»: den første periode må ikke have valid_from og den sidste "
                     "ikke valid_to, så hver dato har en værdi",
                     f"{key}: the first period must have no valid_from and the last no valid_to, "
                     "so that every date has a value")
    for (_, prev_to, _), (nxt_from, _, _) in itertools.pairwise(out):
        if prev_to is None or nxt_from is None or nxt_from != prev_to + dt.timedelta(days=1):
            raise _error(where, f"nøglen «{key}»: perioderne skal følge hinanden dag for dag "
                         f"(en periode slutter {prev_to}, den næste begynder {nxt_from})",
                         f"{key}: periods must follow each other day by day "
                         f"(a period ends {prev_to}, the next starts {nxt_from})")
    return out


def _compile_params(where: Where, spec: RuleSpec, kind: CheckKind,
                    place: tuple[Path, int] | None = None) -> tuple[ParamSlice, ...]:
    """The rule's parameters for each period; ``place``: the rule file and the rule's index
    in it, so that an error quotes a true/false or null value as the file writes it."""
    dated = {k: _dated_periods(where, k, v) for k, v in spec.params.items() if _is_dated(v)}
    starts: set[dt.date] = set()
    for periods in dated.values():
        starts.update(p[0] for p in periods if p[0] is not None)
    bounds = sorted(starts)
    edges: list[tuple[dt.date | None, dt.date | None]] = []
    prev: dt.date | None = None
    for b in bounds:
        edges.append((prev, b - dt.timedelta(days=1)))
        prev = b
    edges.append((prev, None))
    slices = []
    for lo, _hi in edges:
        probe = lo or dt.date.min
        values: dict[str, Any] = {}
        #: each parameter's place in the rule's ``params`` (a dated one: the period's value)
        file_loc: dict[str, tuple[str | int, ...]] = {}
        for k, v in spec.params.items():
            if k in dated:
                j, values[k] = next(
                    (j, val)
                    for j, (vf, vt, val) in enumerate(dated[k])
                    if (vf is None or vf <= probe) and (vt is None or probe <= vt)
                )
                file_loc[k] = (k, "dated", j, "value")
            else:
                values[k] = v
                file_loc[k] = (k,)
        try:
            params = kind.params.model_validate(values)
        except ValidationError as exc:
            period = (("", "") if not dated
                      else (" (den første periodes værdier)", " (the first period's values)") if lo is None
                      else (f" (værdierne fra {lo})", f" (values from {lo})"))  # never «fra None»
            errors = exc.errors(include_url=False)
            if place is not None:
                errors = _params_as_written(errors, place, file_loc)
            raise _errors(_pydantic_lines(where, errors, "params.", period)) from None
        slices.append(ParamSlice(lo, _hi, params))
    return tuple(slices)


def _params_as_written(errors: list[Any], place: tuple[Path, int],
                       file_loc: dict[str, tuple[str | int, ...]]) -> list[Any]:
    """Parameter errors whose true/false or null value is quoted as the rule file writes
    it (``yes``, ``off``, ``True``), not as YAML read it (review: «true»/«false» in a
    Danish message the user never wrote), as :func:`_describe` does for the other keys."""
    from .usererrors import as_written

    if not any(e.get("input") is None or isinstance(e.get("input"), bool) for e in errors):
        return errors
    path, index = place
    text = _text_of(path)
    out = []
    for e in errors:
        loc = tuple(e.get("loc", ()))
        head = file_loc.get(str(loc[0])) if loc else None
        if head is None:
            out.append(e)
            continue
        (got,) = as_written([{**e, "loc": ("rules", index, "params", *head, *loc[1:])}], text)
        out.append({**e, "input": got["input"]})
    return out


def _template_fields(template: str) -> set[str]:
    """The placeholders of a message template. Only plain ``{name}`` is allowed: a
    format spec (``{after:d}``, ``{after:>99999999999999999999}``) would fail or eat
    memory at every run, a conversion or attribute (``{after.__class__}``) would show
    Python internals; all are refused when the pack loads (ValueError)."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier():
            raise TextError(f"{{{name}}}: en pladsholder skal være et navn, fx {{after}}",
                            f"{{{name}}}: a placeholder must be a name, e.g. {{after}}")
        if spec or conversion:
            raise TextError(f"{{{name}…}}: formatangivelser og konverteringer (: og !) bruges ikke",
                            f"{{{name}…}}: format specs and conversions (: and !) are not used")
        names.add(name)
    return names


def _check_templates(where: Where, spec: RuleSpec, kind: CheckKind, pack_terms: dict[str, TermText]) -> None:
    allowed = kind.facts | ENGINE_FACTS
    texts: list[tuple[str, Text | TermText]] = [("message", spec.message), ("fix", spec.fix)]
    texts += [(f"terms.{k}", t) for k, t in spec.terms.items()]
    for label, text in texts:
        for lang in ("da", "en"):
            try:
                names = _template_fields(text.get(lang))
            except TextError as exc:
                raise _error(where, f"nøglen «{label}.{lang}»: ugyldig skabelon: {exc}",
                             f"{label}.{lang}: bad template: {exc.en}") from None
            unknown = names - allowed
            if unknown:
                raise _error(where, f"nøglen «{label}.{lang}»: ukendt pladsholder {_braces(unknown)}; "
                             f"kontroltypen «{spec.check}» giver {_braces(allowed)}",
                             f"{label}.{lang}: unknown placeholder(s) {sorted(unknown)}; "
                             f"check kind '{spec.check}' provides {sorted(allowed)}")
    for term in kind.terms:
        if term not in spec.terms and term not in pack_terms:
            raise _error(where, f"nøglen «terms.{term}» mangler; kontroltypen «{spec.check}» skal bruge den",
                         f"terms.{term}: check kind '{spec.check}' needs this term")


def _braces(names: Iterable[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names))


def _batch_params(where: Where, spec: RuleSpec) -> BaseModel | None:
    from .fields import known

    for i, need in enumerate([*spec.needs, *(spec.batch.needs if spec.batch else [])]):
        if not known(need):
            raise _error(where, f"nøglen «needs[{i}]»: ukendt felt «{need}»", f"needs[{i}]: unknown field '{need}'")
    if spec.batch is None:
        return None
    model = BATCH_PARAMS[spec.batch.kind]
    if model is None:
        if spec.batch.params:
            raise _error(where, f"nøglen «batch.params»: typen «{spec.batch.kind}» tager ingen parametre",
                         f"batch.params: the kind '{spec.batch.kind}' takes none")
        return None
    try:
        return model.model_validate(spec.batch.params)
    except ValidationError as exc:
        raise _errors(_pydantic_lines(where, exc.errors(include_url=False), "batch.params.")) from None


def load_rules(paths: Iterable[Path], *, national: Path | None = None) -> RuleSet:
    """Load the national pack (if given) and then each extra pack, strictly."""
    rs = RuleSet()
    pending: list[tuple[Path, RuleFile, str]] = []
    sources: list[tuple[Path, bool]] = []
    if national is not None:
        sources.append((national, True))
    sources += [(Path(p), False) for p in paths]
    for src, is_national in sources:
        files = _pack_files(src)
        parsed = []
        for f in files:
            raw = _yaml_load(f)
            if raw is None:
                raw = {}
            if not isinstance(raw, dict):
                raise RulePackError(f"{f}: en regelfil skal være en tabel med «pack», «rules» …",
                                    en=f"{f}: a rule file must be a mapping with 'pack', 'rules', …")
            try:
                parsed.append((f, RuleFile.model_validate(raw)))
            except ValidationError as exc:
                raise _describe(f, exc, raw) from None
        metas = [(f, rf.pack) for f, rf in parsed if rf.pack is not None]
        if len(metas) != 1:
            raise RulePackError(
                f"{src}: en regelpakke skal have præcis ét afsnit «pack» (der er {len(metas)})",
                en=f"{src}: a rule pack needs exactly one 'pack' section (found {len(metas)})")
        meta = metas[0][1]
        if meta.prefix.upper().startswith(NATIONAL_PREFIX) and not is_national:
            at = _line_of(metas[0][0], ("pack", "prefix"))
            raise RulePackError(
                f"{metas[0][0]}{at}: nøglen «pack.prefix»: præfikset {meta.prefix} er forbeholdt den nationale "
                "pakke (ethvert præfiks, der begynder med VP, læses som nationalt); vælg 2–8 store bogstaver "
                "A–Z, der ikke begynder med VP, fx KERT",
                en=f"{metas[0][0]}{at}: the prefix {meta.prefix} is reserved for the national pack (any prefix "
                   "beginning with VP reads as national); choose 2–8 capital letters A–Z not beginning with VP, "
                   "e.g. KERT")
        rs.packs.append(meta)
        rs.pack_files[meta.name] = str(src)
        for f, rf in parsed:
            for name, act in rf.acts.items():
                if name in rs.acts:
                    raise RulePackError(f"{f}: nøglen «acts.{name}»: er allerede defineret i en anden regelfil",
                                        en=f"{f}: acts.{name}: already defined by another rule file")
                rs.acts[name] = act
            for name, tg in rf.target_groups.items():
                if name in rs.target_groups:
                    raise RulePackError(f"{f}: nøglen «target_groups.{name}»: er allerede defineret",
                                        en=f"{f}: target_groups.{name}: already defined")
                rs.target_groups[name] = tg
            if not is_national:
                # a local pack adds; it never rewords the national messages (a shared term)
                # nor changes the agreement `template` and every rule's examples are built on
                for name in rf.terms:
                    if name in rs.terms:
                        raise RulePackError(
                            f"{f}{_line_of(f, ('terms', name))}: nøglen «terms.{name}»: er allerede defineret af "
                            "den nationale pakke, hvis tekster en lokal pakke ikke må ændre; giv udtrykket et "
                            "andet navn, eller skriv det under reglens egne «terms»",
                            en=f"{f}{_line_of(f, ('terms', name))}: terms.{name}: already defined (by the national "
                               "pack, whose texts a local pack may not change); give the term another name, or "
                               "write it under the rule's own 'terms'")
                if rf.example_base is not None:
                    raise RulePackError(
                        f"{f}{_line_of(f, ('example_base',))}: nøglen «example_base»: en lokal pakke bruger den "
                        "nationale pakkes grundaftale (den ændrer ellers `praktiktjek template` og alle reglers "
                        "eksempler); slet nøglen",
                        en=f"{f}{_line_of(f, ('example_base',))}: example_base: a local pack uses the national "
                           "pack's base agreement (it would otherwise change `praktiktjek template` and every "
                           "rule's examples); delete the key")
            rs.terms.update(rf.terms)
            if rf.example_base is not None:
                rs.example_base = rf.example_base
            pending.append((f, rf, meta.name))
            for spec in rf.rules:
                if not spec.id.startswith(meta.prefix):
                    raise _error((f"{f}: regel {spec.id}", f"{f}: rule {spec.id}"),
                                 f"nøglen «id» skal begynde med pakkens præfiks {meta.prefix}, "
                                 f"efterfulgt af tre cifre, fx {meta.prefix}001",
                                 f"id must start with the pack prefix {meta.prefix}, followed by three "
                                 f"digits, e.g. {meta.prefix}001")
        if not is_national:
            _local_only(parsed, rs.acts)
            for _, rf in parsed:
                rf.rules[:] = [spec.model_copy(update={"citations": [_marked_local(c) for c in spec.citations]})
                               for spec in rf.rules]
    for f, rf, meta_name in pending:
        for index, spec in enumerate(rf.rules):
            where = (f"{f}: regel {spec.id}", f"{f}: rule {spec.id}")
            kind = REGISTRY.get(spec.check)
            if kind is None:
                known = ", ".join(sorted(REGISTRY))
                raise _error(where, f"nøglen «check»: ukendt kontroltype «{spec.check}» (kendte: {known})",
                             f"check: unknown check kind '{spec.check}' (known: {known})")
            for i, c in enumerate(spec.citations):
                if c.act not in rs.acts:
                    raise _error(where, f"nøglen «citations[{i}].act»: ukendt lov «{c.act}»",
                                 f"citations[{i}].act: unknown act '{c.act}'")
            if spec.id in rs.rules:
                raise _error(where, f"nøglen «id»: reglen er allerede defineret i {rs.rules[spec.id].source}",
                             f"id: already defined in {rs.rules[spec.id].source}")
            _check_templates(where, spec, kind, rs.terms)
            slices = _compile_params(where, spec, kind, (f, index))
            batch_params = _batch_params(where, spec)
            rs.rules[spec.id] = Rule(spec, kind, slices, meta_name, str(f), batch_params)
            for alias in spec.aliases:
                rs.aliases[alias.upper()] = spec.id
    return rs


def _line_of(path: Path, keys: Sequence[str | int]) -> str:
    """``:LINE`` of the entry at ``keys`` in the rule file, or "" (only on the way to an
    error: the file is composed again, for its marks)."""
    import yaml

    from .readers.bounded import read_small_text

    try:
        node = safeyaml.compose(read_small_text(path, "regelfilen"))
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                node = next(v for k, v in node.value if k.value == key)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key]
            else:
                return ""
        return f":{node.start_mark.line + 1}"
    except Exception:  # only a line number is lost
        return ""


def _either(words: Sequence[str]) -> str:
    """«a», «b» eller «c»"""
    quoted = [f"«{w}»" for w in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} eller {quoted[-1]}"


#: how a local pack's citation begins in every output, whatever its own text says (review 18, F2)
LOCAL_MARK = {"da": "Lokal retningslinje", "en": "Local policy"}


def _marked_local(c: CitationPart) -> CitationPart:
    """A local rule's citation, marked as local policy in both languages: its free text could
    otherwise read as law («Lov om en aktiv beskæftigelsesindsats § 42, stk. 1»)."""
    def mark(text: str, lang: str) -> str:
        starts = tuple(m.casefold() for m in (LOCAL_MARK.values() if lang == "en" else (LOCAL_MARK["da"],)))
        return text if text.casefold().startswith(starts) else f"{LOCAL_MARK[lang]}: {text}"

    return c.model_copy(update={"text": mark(c.text, "en"), "da": mark(c.get("da"), "da")})


def _local_only(parsed: list[tuple[Path, RuleFile]], acts: dict[str, Act]) -> None:
    """A local pack is local policy, never dressed up as law (review 16, F1): its acts are
    of a local kind, its rules cite only the acts the pack itself defines, and none claims
    a confidence that rests on a national source. Each problem names file, line and key."""
    own = {name for _, rf in parsed for name in rf.acts}
    kinds = _either(LOCAL_ACT_KINDS)
    levels = _either(LOCAL_CONFIDENCE)
    own_list = ", ".join(f"«{a}»" for a in sorted(own)) or "ingen"
    own_list_en = ", ".join(sorted(own)) or "none"
    lines: list[tuple[str, str]] = []
    for f, rf in parsed:
        for name, act in rf.acts.items():
            if act.kind not in LOCAL_ACT_KINDS:
                at = _line_of(f, ("acts", name, "kind"))
                lines.append((
                    f"{f}{at}: nøglen «acts.{name}.kind»: en lokal regelpakkes love skal være af typen {kinds} "
                    f"(står «{act.kind}»); lokal politik citeres som lokal politik, aldrig som lov",
                    f"{f}{at}: acts.{name}.kind: a local pack's acts must be of kind {' or '.join(LOCAL_ACT_KINDS)} "
                    f"(got '{act.kind}'); local policy is cited as local policy, never as law"))
        for r, spec in enumerate(rf.rules):
            for i, c in enumerate(spec.citations):
                if c.act in own:
                    continue
                at = _line_of(f, ("rules", r, "citations", i, "act"))
                what = (f"«{c.act}» er en lov fra den nationale regelpakke" if c.act in acts
                        else f"ukendt lov «{c.act}»")
                what_en = (f"'{c.act}' is an act of the national pack" if c.act in acts
                           else f"unknown act '{c.act}'")
                lines.append((
                    f"{f}{at}: regel {spec.id}: nøglen «citations[{i}].act»: {what}; en lokal regelpakke må kun "
                    f"citere love, den selv definerer under «acts» (her: {own_list})",
                    f"{f}{at}: rule {spec.id}: citations[{i}].act: {what_en}; a local pack may only cite "
                    f"acts it defines itself under 'acts' (here: {own_list_en})"))
            if spec.confidence.level not in LOCAL_CONFIDENCE:
                at = _line_of(f, ("rules", r, "confidence", "level"))
                lines.append((
                    f"{f}{at}: regel {spec.id}: nøglen «confidence.level»: en lokal regels sikkerhed kan være "
                    f"{levels} (står «{spec.confidence.level}»; det niveau hviler på en national kilde, loven "
                    "eller STARs vejledning, og bruges kun af den nationale pakke)",
                    f"{f}{at}: rule {spec.id}: confidence.level: a local rule's confidence may be "
                    f"{' or '.join(LOCAL_CONFIDENCE)} (got '{spec.confidence.level}'; that level rests on a "
                    "national source, the law or STAR's guidance, and only the national pack uses it)"))
    if lines:
        raise _errors(lines)


def iter_rules(rs: RuleSet) -> Iterator[Rule]:
    return iter(sorted(rs.rules.values(), key=lambda r: r.id))
