"""VITAS-style CSV exports: encoding and separator detection, a column mapping, Danish
dates, decimal commas, Danish labels and ``|``-separated lists.

A row becomes an agreement-shaped dict. A cell that cannot be read (a date that does not
exist, a word where a number belongs) makes the row a VP000 naming the row, the column
and the value; the next row is read as usual.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .. import safeyaml
from ..errors import PraktiktjekError
from ..fields import FIELD_KINDS, REQUIRED
from ..usererrors import nearest, os_reason, parse_place, sentence
from . import InputProblem, RawRecord

LabelKind = Literal["target_group", "purposes", "sector", "after", "timing", "bool"]
DEFAULT_MAPPING = Path(__file__).with_name("default_mapping.yaml")


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    columns: dict[str, str] | None = None
    labels: dict[LabelKind, dict[str, str | bool]] = {}
    separator: Literal[";", ",", "\t"] | None = None
    encoding: Literal["utf-8", "utf-8-sig", "cp1252", "windows-1252"] | None = None
    list_separator: str = "|"

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, cols: dict[str, str] | None) -> dict[str, str] | None:
        for column, target in (cols or {}).items():
            if target not in FIELD_KINDS:
                guess = nearest(target, FIELD_KINDS)
                raise ValueError(f"kolonnen «{column}» peger på et ukendt felt «{target}»"
                                 + (f" (mente du «{guess}»?)" if guess else ""))
        return cols


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]
    labels: dict[str, dict[str, Any]]
    separator: str | None = None
    encoding: str | None = None
    list_separator: str = "|"
    source: str = "built-in"


def _read_mapping_file(path: Path) -> Any:
    text = path.read_text("utf-8-sig")
    if path.suffix.lower() == ".toml":
        import tomllib

        return tomllib.loads(text)
    return safeyaml.load(text)


def load_mapping(path: Path | None) -> Mapping:
    """The built-in mapping, or it extended by a user file: the file's ``columns``
    replace the built-in columns; its ``labels`` are added to the built-in ones."""
    base = MappingFile.model_validate(_read_mapping_file(DEFAULT_MAPPING))
    labels: dict[str, dict[str, Any]] = {k: {n.casefold(): v for n, v in d.items()}
                                         for k, d in base.labels.items()}
    if path is None:
        return Mapping(dict(base.columns or {}), labels)
    try:
        raw = _read_mapping_file(path)
    except OSError as exc:
        raise PraktiktjekError(f"{path}: kan ikke læse kolonneafbildningen ({os_reason(exc)})") from None
    except UnicodeDecodeError:
        raise PraktiktjekError(f"{path}: kolonneafbildningen er ikke UTF-8-tekst") from None
    except Exception as exc:
        place = parse_place(str(exc))
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            place = f"linje {mark.line + 1}, kolonne {mark.column + 1}"
        if isinstance(exc, safeyaml.BadDate):
            raise PraktiktjekError(f"{path}: kolonneafbildningen har en dato, der ikke findes") from None
        kind = "TOML" if path.suffix.lower() == ".toml" else "YAML"
        raise PraktiktjekError(
            f"{path}: kolonneafbildningen er ikke gyldig {kind}{' i ' + place if place else ''}") from None
    if not isinstance(raw, dict):
        raise PraktiktjekError(f"{path}: en kolonneafbildning skal have nøglerne columns, labels, …")
    try:
        user = MappingFile.model_validate(raw)
    except ValidationError as exc:
        msgs = [f"{path}: {sentence(e, known_keys=MappingFile.model_fields)}"
                for e in exc.errors(include_url=False)]
        raise PraktiktjekError("\n".join(msgs)) from None
    for kind, extra in user.labels.items():
        labels.setdefault(kind, {}).update({n.casefold(): v for n, v in extra.items()})
    return Mapping(dict(user.columns) if user.columns is not None else dict(base.columns or {}),
                   labels, user.separator, user.encoding, user.list_separator, str(path))


# --------------------------------------------------------------------------- cells

_DATE = re.compile(r"^\s*(\d{1,2})[-./](\d{1,2})[-./](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class CellError(ValueError):
    pass


def parse_date(text: str) -> str:
    m = _ISO.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DATE.match(text)
        if not m:
            raise CellError("er ikke en dato (dd-mm-åååå, dd.mm.åååå eller åååå-mm-dd)")
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        raise CellError("er en dato, der ikke findes") from None


def parse_number(text: str) -> float:
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")  # 1.234,5 → 1234.5
    try:
        value = float(t)
    except ValueError:
        raise CellError("er ikke et tal") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("er ikke et endeligt tal")
    return value


@dataclass
class _Column:
    index: int
    name: str
    field: str
    kind: str


@dataclass
class Layout:
    """A header matched against a mapping: which column holds which field."""

    columns: list[_Column]
    present: frozenset[str]
    missing_required: list[str]
    unknown: list[str] = field(default_factory=list)


def layout(header: list[str], mapping: Mapping) -> Layout:
    cols = []
    by_name = {k.strip().casefold(): v for k, v in mapping.columns.items()}
    unknown = []
    for i, name in enumerate(header):
        target = by_name.get(name.strip().lstrip("\ufeff").casefold())
        if target is None:
            if name.strip():
                unknown.append(name)
            continue
        cols.append(_Column(i, name.strip(), target, FIELD_KINDS[target]))
    present = frozenset(c.field for c in cols)
    return Layout(cols, present, [r for r in REQUIRED if r not in present], unknown)


def _label(kind: str, value: str, mapping: Mapping) -> Any:
    return mapping.labels.get(kind, {}).get(value.strip().casefold(), value.strip())


def _cell(col: _Column, text: str, mapping: Mapping) -> Any:
    k = col.kind
    if k == "text":
        return text.strip()
    if k == "date":
        return parse_date(text)
    if k == "number":
        return parse_number(text)
    if k == "bool":
        v = _label("bool", text, mapping)
        if not isinstance(v, bool):
            raise CellError("er hverken ja eller nej")
        return v
    if k == "list":
        return [p.strip() for p in text.split(mapping.list_separator) if p.strip()]
    if k == "purposes":
        return [_label("purposes", p, mapping) for p in text.split(mapping.list_separator) if p.strip()]
    if k == "consent":
        v = _label("bool", text, mapping)
        if isinstance(v, bool):
            return v
        return parse_date(text)
    if k in ("target_group", "sector", "after", "timing"):
        return _label(k, text, mapping)
    raise AssertionError(k)  # pragma: no cover


def row_to_dict(row: list[str], lay: Layout, mapping: Mapping) -> tuple[dict[str, Any], InputProblem | None]:
    out: dict[str, Any] = {}
    ext: dict[str, Any] = {}
    oh: dict[str, Any] = {}
    for col in lay.columns:
        text = row[col.index] if col.index < len(row) else ""
        if not text.strip():
            continue  # an empty cell: not stated
        try:
            value = _cell(col, text, mapping)
        except CellError as exc:
            shown = text.strip()
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            pointer = "/" + col.field.replace(".", "/")
            return out, InputProblem(f"kolonne «{col.name}»: «{shown}» {exc}", pointer)
        path = col.field
        if path.startswith("extension."):
            ext[path.split(".", 1)[1]] = value
        elif path.startswith("ordinary_hours."):
            oh[path.split(".", 1)[1]] = value
        elif path == "history.difference":
            out["difference_from_earlier"] = value
        else:
            node = out
            parts = path.split(".")
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            node[parts[-1]] = value
    # An availability test only when the purposes say so or a justification is given.
    just = out.pop("availability_test", {}).get("justification")
    cats = out.get("purpose", {}).get("categories") or []
    out["availability_test"] = {"justification": just} if (just or "availability_test" in cats) else None
    out["ordinary_hours"] = oh or None
    if "end" in ext:
        out["extensions"] = [ext]
    elif "extension.end" in lay.present:
        out["extensions"] = []
    return out, None


# --------------------------------------------------------------------------- files


def decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        enc = "cp1252" if encoding == "windows-1252" else encoding
        return data.decode(enc, errors="replace"), enc
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff(first_line: str, forced: str | None) -> str:
    if forced:
        return forced
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda s: (counts[s], s == ";"))


def iter_rows(reader: Any, width: int) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """The data rows after the header: (line, row, None), or (line, None, what is wrong).

    Rows of only empty cells (Excel's trailing rows) are skipped. A row with more
    non-empty cells than the header has columns is a problem, not silently cut. Strict
    mode stops at a broken quote, after which nothing in the file can be trusted.
    """
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, None, f"rækken kan ikke læses som CSV ({exc}); resten af filen er ikke læst"
            return
        if not any(c.strip() for c in row):
            continue
        if len(row) > width and any(c.strip() for c in row[width:]):
            yield reader.line_num, None, f"rækken har {len(row)} felter, men overskriften har {width}"
            continue
        yield reader.line_num, row, None


@dataclass
class CsvSource:
    """One CSV file opened for reading: its layout and the rows still to come."""

    source: str
    layout: Layout
    mapping: Mapping
    encoding: str
    separator: str
    rows: Iterator[tuple[int, list[str] | None, str | None]]


def open_csv(data: bytes, source: str, mapping: Mapping) -> CsvSource | RawRecord:
    text, enc = decode(data, mapping.encoding)
    if not text.strip():
        return RawRecord(source, 1, problem=InputProblem("filen indeholder ingen aftaler (den er tom)"), unit="row")
    first = text.split("\n", 1)[0]
    sep = sniff(first, mapping.separator)
    # Not str.splitlines(): it also breaks at form feeds, \x1c–\x1e, \x85 and \u2028
    # inside cells. The csv module splits rows itself, as a file opened with newline="".
    import io

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        return RawRecord(source, 1, problem=InputProblem(f"overskriftsrækken kan ikke læses: {exc}"), unit="row")
    lay = layout(header, mapping)
    if not lay.columns:
        return RawRecord(source, 1, problem=InputProblem(
            "første række er ikke en kendt kolonneoverskrift (mangler filen overskrifter, "
            "eller skal der bruges --mapping?)"), unit="row")

    return CsvSource(source, lay, mapping, enc, sep, iter_rows(reader, len(header)))


def read_csv(data: bytes, source: str, mapping: Mapping) -> Iterator[RawRecord]:
    opened = open_csv(data, source, mapping)
    if isinstance(opened, RawRecord):
        yield opened
        return
    yield from records(opened)


def records(src: CsvSource) -> Iterator[RawRecord]:
    lay = src.layout
    for line, row, problem in src.rows:
        yield row_record(src.source, line, row, problem, lay, src.mapping)


def row_record(source: str, line: int, row: list[str] | None, problem: str | None,
               lay: Layout, mapping: Mapping) -> RawRecord:
    if row is None:
        return RawRecord(source, line, problem=InputProblem(problem or "ulæselig række"), unit="row")
    data, bad = row_to_dict(row, lay, mapping)
    if bad is None and lay.missing_required:
        cols = ", ".join(f"«{f}»" for f in lay.missing_required)
        bad = InputProblem(f"filen har ingen kolonne for {cols}", "/" + lay.missing_required[0].replace(".", "/"))
    return RawRecord(source, line, data=data, problem=bad, present=lay.present, unit="row")
