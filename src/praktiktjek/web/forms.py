"""The caseworker's form, generated from the agreement's JSON Schema.

Every input is named by the JSON pointer of the field it fills (``/citizen/id``,
``/extensions/0/end``), so that a finding's pointer leads straight to its input. Labels,
help texts and the choices of coded fields come from the schema's metadata (``title``,
``description``, ``x-title-da``, ``x-description-da``, ``enum``, ``x-enum-labels``);
only the order of the sections — the order a caseworker thinks in — is written here.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..door import across, clean, person_id
from ..door import text as door_text
from ..jsonpos import misread
from ..model import CVR_PATTERN, FORMAT_V1, P_NUMBER_PATTERN, json_schema
from ..privacy import mask_cpr

Labels = dict[str, str]

#: (section id, Danish and English heading, the agreement's top-level properties in it)
SECTIONS: tuple[tuple[str, Labels, tuple[str, ...]], ...] = (
    ("borger", {"da": "Borger", "en": "Citizen"}, ("id", "municipality", "target_group", "citizen", "accommodations")),
    ("virksomhed", {"da": "Virksomhed", "en": "Company"}, ("company", "position")),
    ("periode", {"da": "Periode og omfang", "en": "Period and hours"},
     ("start", "end", "hours_per_week", "mentor_hours_per_week", "availability_test")),
    ("formaal", {"da": "Formål", "en": "Purpose"}, ("purpose", "after_internship")),
    ("loentimer", {"da": "Løntimer", "en": "Paid hours"}, ("ordinary_hours",)),
    ("forlaengelser", {"da": "Forlængelser", "en": "Extensions"}, ("extensions",)),
    ("tidligere", {"da": "Tidligere forløb", "en": "Earlier internships"}, ("history", "difference_from_earlier")),
    ("aftalt", {"da": "Aftalt af", "en": "Agreed by"}, ("agreed_by",)),
)
#: Not an input: every saved file says which format it is.
HIDDEN = frozenset({"format"})
#: The page's row cap: the most rows a repeated group (earlier internships, extensions)
#: may have in a posted form, numbered from 0. Every row below it is checked — a form
#: never drops a row without a word (review 17, F2); a row number outside it is refused
#: with a message (``FormSpec.to_agreement``). The form parser's field limit is derived
#: from it (``FormSpec.max_fields``), and a form with this many full rows in every group
#: is well within the body limit (1 MB), so the three bounds agree: 1,000 rows, not
#: ~125 as the parser's default 1,000 fields allowed (web5).
MAX_ROWS = 1_000
#: fields a form may have besides the agreement's own (lang, the opened file's format, …)
OTHER_FIELDS = 20

_YES = {"ja", "yes", "true", "sand"}
_NO = {"nej", "no", "false", "falsk"}


@dataclass
class Field:
    """One input. ``pointer`` has ``*`` where a repeated group's row number goes."""

    pointer: str
    kind: str  # text, textarea, date, number, bool, list, choice, choices, consent
    label: Labels
    help: Labels
    required: bool = False
    options: list[tuple[str, Labels]] = field(default_factory=list)

    def name(self, row: int | None = None) -> str:
        return self.pointer.replace("*", str(row)) if row is not None else self.pointer


@dataclass
class Group:
    """A repeated group (extensions, earlier internships): a list of objects."""

    pointer: str
    label: Labels
    help: Labels
    fields: list[Field]


@dataclass
class Section:
    id: str
    label: Labels
    items: list[Field | Group]


def input_id(pointer: str) -> str:
    """The HTML id of the input for ``pointer`` (letters, digits, - and _ only)."""
    return "f" + re.sub(r"[^A-Za-z0-9_]", "-", pointer)


def _label(node: Mapping[str, Any], key: str) -> Labels:
    title = node.get("title") or key.replace("_", " ").capitalize()
    return {"da": str(node.get("x-title-da") or title), "en": str(title)}


def _help(node: Mapping[str, Any]) -> Labels:
    en = str(node.get("description") or "")
    return {"da": str(node.get("x-description-da") or en), "en": en}


def _options(node: Mapping[str, Any], outer: Mapping[str, Any] | None = None) -> list[tuple[str, Labels]]:
    """The codes of a coded field with their labels (which may sit on the field while
    the codes sit in its ``anyOf`` variant)."""
    labels = node.get("x-enum-labels") or (outer or {}).get("x-enum-labels") or {}
    codes = node.get("enum") or list(labels.get("da", {}))
    return [(str(c), {"da": str(labels.get("da", {}).get(c, c)), "en": str(labels.get("en", {}).get(c, c))})
            for c in codes if c is not None]


class FormSpec:
    """The form for one schema: sections of fields, and look-ups by pointer."""

    def __init__(self, schema: Mapping[str, Any] | None = None,
                 fallback_options: Mapping[str, list[tuple[str, Labels]]] | None = None) -> None:
        self.schema = dict(schema or json_schema())
        self.defs: Mapping[str, Any] = self.schema.get("$defs", {})
        self.fallback = dict(fallback_options or {})
        props: Mapping[str, Any] = self.schema.get("properties", {})
        required = set(self.schema.get("required", []))
        placed = {k for _, _, keys in SECTIONS for k in keys} | HIDDEN
        self.sections: list[Section] = []
        for sid, label, keys in SECTIONS:
            items: list[Field | Group] = []
            # A property the table does not name yet is shown too, in "Periode og omfang".
            extra = [k for k in props if k not in placed] if sid == "periode" else []
            for key in [*keys, *extra]:
                if key in props:
                    items += self._items(f"/{key}", key, props[key], key in required)
            self.sections.append(Section(sid, label, items))
        self.fields: dict[str, Field] = {}
        self.groups: dict[str, Group] = {}
        for s in self.sections:
            for it in s.items:
                if isinstance(it, Group):
                    self.groups[it.pointer] = it
                    for f in it.fields:
                        self.fields[f.pointer] = f
                else:
                    self.fields[it.pointer] = it
        per_row = sum(max(1, len(f.options)) for g in self.groups.values() for f in g.fields)
        single = sum(max(1, len(f.options)) for f in self.fields.values() if "*" not in f.pointer)
        #: the most fields a posted form may have: every field with every choice ticked,
        #: and ``MAX_ROWS`` rows in every repeated group (the form parser's limit)
        self.max_fields = single + MAX_ROWS * per_row + OTHER_FIELDS

    # -- schema walk

    def _resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return {**self.defs[ref.rsplit("/", 1)[1]], **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def _variants(self, node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        node = self._resolve(node)
        alts = node.get("anyOf") or node.get("oneOf")
        if not alts:
            return [node]
        return [self._resolve(a) for a in alts if a.get("type") != "null"]

    def _items(self, pointer: str, key: str, node: Mapping[str, Any], required: bool) -> list[Field | Group]:
        node = self._resolve(node)
        variants = self._variants(node)
        label, help_ = _label(node, key), _help(node)
        types = [v.get("type") for v in variants]
        if len(variants) == 1 and types[0] == "object" and "properties" in variants[0]:
            obj = variants[0]
            req = set(obj.get("required", []))
            out: list[Field | Group] = []
            for k, sub in obj["properties"].items():
                out += self._items(f"{pointer}/{k}", k, sub, k in req)
            # the parent's name is part of each child's label ("Virksomhed: CVR")
            for it in out:
                if isinstance(it, Field):
                    it.label = {lang: f"{label[lang]}: {it.label[lang]}" if _generic(it.label[lang]) else it.label[lang]
                                for lang in ("da", "en")}
            return out
        if len(variants) == 1 and types[0] == "array":
            items = self._resolve(variants[0].get("items", {}))
            if items.get("type") == "object" or "properties" in items:
                req = set(items.get("required", []))
                fields: list[Field] = []
                for k, sub in items.get("properties", {}).items():
                    for f in self._items(f"{pointer}/*/{k}", k, sub, k in req):
                        if isinstance(f, Field):
                            fields.append(f)
                return [Group(pointer, label, help_, fields)]
            opts = (_options(items, node) or _options(node) or _options(variants[0], node)
                    or self.fallback.get(pointer, []))
            return [Field(pointer, "choices" if opts else "list", label, help_, required, opts)]
        opts = [o for v in variants for o in _options(v, node)] or _options(node) or self.fallback.get(pointer, [])
        if opts:
            kind = "choice"
        elif set(types) >= {"boolean", "string"}:
            kind = "consent"
        elif "boolean" in types:
            kind = "bool"
        elif any(v.get("format") == "date" for v in variants) and types == ["string"]:
            kind = "date"
        elif set(types) & {"number", "integer"}:
            kind = "number"
        elif key in ("description", "justification", "assessment", "special_need", "needs", "difference",
                     "difference_from_earlier") or "description" in key:
            kind = "textarea"
        else:
            kind = "text"
        return [Field(pointer, kind, label, help_, required, opts)]

    # -- pointers

    def pattern(self, pointer: str) -> str:
        return re.sub(r"/\d+(?=/|$)", "/*", pointer)

    def field_for(self, name: str) -> Field | None:
        return self.fields.get(self.pattern(name))

    def label_of(self, pointer: str) -> tuple[str, str] | None:
        """The (Danish, English) label of the input for ``pointer``, a repeated group's
        row counted from 1 («Forlængelser nr. 2: Slutdato»), as a message names the field
        to the person filling the form (review 15, F7); None if the form has none."""
        if pointer in self.groups:
            g = self.groups[pointer]
            return g.label["da"], g.label["en"]
        f = self.field_for(pointer)
        if f is None:
            return None
        group = next((g for g in self.groups.values() if f.pointer.startswith(g.pointer + "/*/")), None)
        if group is None:
            return f.label["da"], f.label["en"]
        row = pointer.strip("/").split("/")[group.pointer.count("/")]
        n = int(row) + 1 if row.isdigit() else row
        return (f"{group.label['da']} nr. {n}: {f.label['da']}", f"{group.label['en']} no. {n}: {f.label['en']}")

    def anchor(self, pointer: str, rendered: Iterable[str]) -> str | None:
        """The input (or row, or group) a finding's pointer belongs to: the pointer
        itself, else its nearest parent that the form shows."""
        shown = set(rendered)
        p = pointer
        while p:
            if p in shown:
                return p
            p = p.rsplit("/", 1)[0]
        return None

    # -- form data ↔ agreement

    def to_agreement(self, pairs: Iterable[tuple[str, str]],
                     refused: list[tuple[str, str]] | None = None) -> dict[str, Any]:
        """Form fields → an agreement dict (format v1, or the format the opened file named
        in the hidden field ``/format``). An empty field is left out; a number that does
        not read stays text, so that the check names the field. A repeated group's row
        whose number is not one the form can have (negative, not a number, from
        ``MAX_ROWS`` on) is not dropped in silence: its (Danish, English) reason is added
        to ``refused``, and the caller shows no result for the form (review 17, F2)."""
        values: dict[str, list[str]] = {}
        for name, value in pairs:
            if name.startswith("/"):
                values.setdefault(name, []).append(value)
        self._repeated(values, refused)
        out: dict[str, Any] = {"format": FORMAT_V1}
        fmt = values.pop("/format", None)
        if fmt and fmt[-1].strip():
            # the opened file's format travels with the form and is checked as written
            # (review 17, F1): a file of another format is not silently made v1
            out["format"] = fmt[-1].strip()
        rows: dict[str, dict[int, dict[str, Any]]] = {}
        for name, vals in values.items():
            f = self.field_for(name)
            if f is None:
                group = next((g for g in self.groups if name.startswith(g + "/")), None)
                if group is not None and refused is not None:  # «/history/-1/cvr», «/history/x/cvr»
                    index = name[len(group) + 1:].split("/")[0]
                    if not index.isdigit():
                        refused.append(self._bad_row(group, index))
                continue
            value = _convert(f, vals)
            if value is None:
                continue
            parts = name.strip("/").split("/")
            group = next((g for g in self.groups if f.pointer.startswith(g + "/*/")), None)
            if group is not None:
                depth = group.count("/")
                index = parts[depth] if len(parts) > depth else ""
                number = row_number(index)
                if number is None:
                    if refused is not None:
                        refused.append(self._bad_row(group, index))
                    continue
                row = number
                target = rows.setdefault(group, {}).setdefault(row, {})
                _set(target, parts[depth + 1:], value)
            else:
                _set(out, parts, value)
        for group, by_row in rows.items():
            items = [by_row[i] for i in sorted(by_row)]
            if items:
                _set(out, group.strip("/").split("/"), items)
        return out

    def merge(self, base: dict[str, Any], pairs: Iterable[tuple[str, str]], lang: str = "da",
              refused: list[tuple[str, str]] | None = None) -> dict[str, Any]:
        """The opened document ``base`` (as the page carried it, ``masked``) edited by the
        posted form: a field whose posted text is what the form showed for it is left as the
        document holds it — a value the form cannot show (a category it has no box for, a
        date not written ÅÅÅÅ-MM-DD, a field it has no input for, a list written as an
        object, a number in a text field) is kept, never erased nor made text (review 19,
        F5/F6/F10; form4 leftover); a changed field is read as
        ``to_agreement`` reads it, an emptied one removed. A row keeps its own unshown
        fields; a blank new row adds nothing."""
        values: dict[str, list[str]] = {}
        for name, value in pairs:
            if name.startswith("/") and name != "/format":
                values.setdefault(name, []).append(value.replace("\r\n", "\n"))
        self._repeated(values, refused)
        shown, _ = self.to_values(base, lang=lang)
        # «same»: the posted text is what the form showed. Such a field is still read as the
        # form reads it («30» → 30, as the script saves it), unless that would erase or
        # reshape the value, or make text of a value that is none (42, true in a text field:
        # form4 leftover) — then the document's value stays, and its finding with it
        out = copy.deepcopy(base)

        def posted(name: str) -> Any:
            return values.get(name, [])

        def same(f: Field, name: str) -> bool:
            was = shown.get(name)
            got = posted(name)
            if f.kind == "choices":
                had = was if isinstance(was, list) else [was] if isinstance(was, str) and was else []
                return sorted(v.strip() for v in got if v.strip()) == sorted(had)
            return (got[-1] if got else "").strip() == (was if isinstance(was, str) else "").strip()

        def write(target: dict[str, Any], f: Field, name: str, parts: list[str]) -> None:
            value = _convert(f, posted(name) or [""])
            found, old = _lookup(target, parts)
            made_text = isinstance(value, str | list) and old is not None and not isinstance(old, str | dict | list)
            if found and same(f, name) and (value is None or f.kind == "choices" or made_text
                                            or (isinstance(old, dict | list) and value != old)):
                return  # untouched, and the form's reading would erase, reshape or retype it: kept
            if value is None:
                _delete(target, parts)
            else:
                _set(target, parts, value)

        for pointer, f in self.fields.items():
            if "*" not in pointer:
                write(out, f, pointer, pointer.strip("/").split("/"))
        for gp, g in self.groups.items():
            parts = gp.strip("/").split("/")
            before = _get(base, gp)
            old = before if isinstance(before, list) else []
            numbers: set[int] = set(range(len(old)))
            for name in values:
                if not name.startswith(gp + "/"):
                    continue
                index = name[len(gp) + 1:].split("/")[0]
                number = row_number(index)
                if number is not None:
                    numbers.add(number)
                elif refused is not None:
                    refused.append(self._bad_row(gp, index))
            items: list[Any] = []
            for i in sorted(numbers):
                changed = [f for f in g.fields if not same(f, f.name(i))]
                if i < len(old) and not changed and not isinstance(old[i], dict):
                    items.append(copy.deepcopy(old[i]))  # a row the form cannot show, as written
                    continue
                item = copy.deepcopy(old[i]) if i < len(old) and isinstance(old[i], dict) else {}
                for f in g.fields:
                    write(item, f, f.name(i), f.pointer[len(gp) + 3:].split("/"))
                if item or (i < len(old) and not changed):
                    items.append(item)
            if items:
                _set(out, parts, items)
            elif (isinstance(before, list) and not before) or (before is not None and not isinstance(before, list)):
                pass  # an empty list, or a value the rows cannot show (an object), stays as written
            else:
                _delete(out, parts)
        return out

    def masked(self, data: Any, key: str = "", pointer: str = "") -> Any:
        """The opened document as the page may carry it in a hidden field: every text
        masked as the form masks its value (a well-formed CVR or P-number as written, the
        citizen's id as ``person_id``), so that no response holds a CPR number."""
        if isinstance(data, dict):
            return {_masked_text(k): self.masked(v, k, f"{pointer}/{k}") for k, v in data.items()}
        if isinstance(data, list):
            return [self.masked(v, key, f"{pointer}/{i}") for i, v in enumerate(data)]
        if pointer == "/citizen/id" and isinstance(data, str | int) and not isinstance(data, bool):
            shown = person_id(_text(data))
            return data if shown == _text(data) else shown
        if isinstance(data, str):
            if key in _COMPANY_ID_PATTERNS and _COMPANY_ID_PATTERNS[key].search(data):
                return data
            return _masked_text(data)
        return data

    def _repeated(self, values: Mapping[str, list[str]], refused: list[tuple[str, str]] | None) -> None:
        """A field the form posts once, posted more than once (a crafted post: the form never
        sends one name twice, except a box of a multiple choice), is refused naming the
        field, never read as its last value in silence (review 19, F12)."""
        if refused is None:
            return
        for name, vals in values.items():
            f = self.field_for(name)
            if len(vals) < 2 or (f is not None and f.kind == "choices"):
                continue
            label = self.label_of(name) if f is not None else ("Format", "Format") if name == "/format" else None
            if label is None:
                continue  # a name the form has no field for is not read at all
            da, en = f"«{label[0]}»", f"«{label[1]}»"
            refused.append((f"formularen har feltet {da} {len(vals)} gange, men et felt kan kun have én værdi, "
                            "så formularen er ikke kontrolleret",
                            f"the form has the field {en} {len(vals)} times, but a field can have only one value, "
                            "so the form has not been checked"))

    def _bad_row(self, group: str, index: str) -> tuple[str, str]:
        g = self.groups[group]
        from ..door import cut

        # cut as the door cuts (never inside a CPR number), then masked (review 21 cli F7:
        # a cut at 20 characters left a birth date and two serial digits)
        shown = mask_cpr(cut(index, 20))
        if index.isascii() and index.isdigit() and len(index) > 1 and index[0] == "0":
            return (f"formularen har en række med nummeret «{shown}» under «{g.label['da']}»; et rækkenummer "
                    f"skrives uden foranstillet nul (fra 0 til {MAX_ROWS - 1}), så formularen er ikke kontrolleret",
                    f"the form has a row numbered «{shown}» under «{g.label['en']}»; a row number is written "
                    f"without a leading zero (from 0 to {MAX_ROWS - 1}), so the form has not been checked")
        return (f"formularen har en række med nummeret «{shown}» under «{g.label['da']}»; en række skal have "
                f"et nummer fra 0 til {MAX_ROWS - 1}, så formularen er ikke kontrolleret",
                f"the form has a row numbered «{shown}» under «{g.label['en']}»; a row must have a number "
                f"from 0 to {MAX_ROWS - 1}, so the form has not been checked")

    def to_values(self, data: Any, mask: bool = True,
                  lang: str = "da") -> tuple[dict[str, str | list[str]], dict[str, int]]:
        """An agreement (as read from JSON) → input values by name, and the number of
        rows of each repeated group. CPR numbers are masked unless ``mask`` is False; a
        number is written with the language's decimal mark (``31079,25813`` typed in
        Danish comes back so, review 11 finding 6)."""
        values: dict[str, str | list[str]] = {}
        counts: dict[str, int] = {}
        if not isinstance(data, dict):
            return values, counts

        def show(v: Any, key: str = "") -> str:
            text = _text(v, lang)
            if key == "/citizen/id":  # the citizen's id: a CPR number Excel wrote as a number too
                return person_id(text) if mask else text
            # a company's CVR or P-number, written as the contract says, is not personal data
            # and is never masked (as in findings: engine.COMPANY_IDS) — a masked P-number in
            # the form came back as VP000 when the caseworker pressed «Kontrollér» (review 10)
            if key in _COMPANY_ID_PATTERNS and _COMPANY_ID_PATTERNS[key].search(text):
                return text
            return _masked_text(text) if mask else text

        def lines(v: list[Any]) -> str:
            # a list's items, each masked alone, one a line: side by side they must not read
            # as one CPR number («lager 230487» / «1357 kasse», review 8, finding 13)
            items = [show(x) for x in v]
            joined = "\n".join(items)
            return across(joined, items) if mask else joined

        fmt = data.get("format")
        if isinstance(fmt, str) and fmt != FORMAT_V1:
            values["/format"] = show(fmt)  # the hidden field: the check reads the format as written
        for pointer, f in self.fields.items():
            if "*" in pointer:
                continue
            v = _get(data, pointer)
            if v is None:
                continue
            values[pointer] = [show(x) for x in v] if f.kind == "choices" and isinstance(v, list) else (
                lines(v) if isinstance(v, list) and f.kind == "list" else show(v, pointer if pointer == "/citizen/id"
                                                          else pointer.rsplit("/", 1)[-1]))
        for gp, g in self.groups.items():
            items = _get(data, gp)
            if not isinstance(items, list):
                continue
            counts[gp] = len(items)  # every row is shown, and so posted back (review 17, F2)
            for i, item in enumerate(items):
                for f in g.fields:
                    sub = f.pointer[len(gp) + 3:]
                    v = _get(item, "/" + sub)
                    if v is None:
                        continue
                    values[f.name(i)] = (lines(v) if isinstance(v, list) and f.kind == "list"
                                         else [show(x) for x in v] if isinstance(v, list) and f.kind == "choices"
                                         else show(v, sub.rsplit("/", 1)[-1]))
        return values, counts


#: the company identifiers a form shows as written when they have the contract's form
_COMPANY_ID_PATTERNS = {"cvr": re.compile(CVR_PATTERN), "p_number": re.compile(P_NUMBER_PATTERN)}


def row_number(index: str) -> int | None:
    """A repeated group's row number as the form writes it — ASCII digits, no leading zero
    («01» is no number the form makes, and read as 1 it merged two rows in silence: review 19,
    F12), below ``MAX_ROWS`` — or None."""
    if index.isascii() and index.isdigit() and len(index) <= 5 and (index == "0" or index[0] != "0"):
        n = int(index)
        return n if n < MAX_ROWS else None
    return None


def _generic(label: str) -> bool:
    """Labels that need their parent's name to mean anything ("Id", "Cvr", "Name")."""
    return label.lower() in {"id", "cvr", "p number", "name", "functions", "title", "hours per week",
                             "cvr-nummer", "p-nummer", "navn", "funktioner", "titel", "timer pr. uge", "begrundelse",
                             "justification"}


def _masked_text(value: str) -> str:
    """A text of the opened document as the page carries it: masked as written (its line
    breaks and other characters kept), or — when the text as the form shows it, cleaned,
    reads as a CPR number that the written one hides (an escape sequence between date and
    serial, «140305␛[31m6843») — cleaned and masked: the form showed «1403056843»."""
    shown = mask_cpr(value)
    if value.isprintable():
        return shown
    whole = door_text(value, keep_newlines=True)
    return shown if clean(shown, keep_newlines=True) == whole else whole


def _text(v: Any, lang: str = "da") -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return format_number(v, lang)
    if isinstance(v, dict | list):
        # an object or a list where the field holds text: shown as its JSON text, as the
        # browser shows it (JSON.stringify), not as Python's repr (review 21 web, F5)
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return str(v)


#: separators of thousands in a number typed in the form: a dot, a space, a no-break space
#: or a narrow no-break space, always between groups of three digits
_THOUSANDS = ". \u00a0\u202f"
_SEP = "[" + _THOUSANDS.replace(".", "\\.") + "]"
#: a number as the form reads it — the one rule, the same in static/app.js (readNumber):
#: ASCII digits only; «,» is the decimal mark; «.» or a space between groups of three
#: digits separates thousands (1.200, 12 500, 1.200,5). Without a comma, a dot NOT
#: followed by exactly three digits is a decimal point (37.5, 0.125, 1.2000)
_DANISH = re.compile(r"([+-]?)([0-9]+|[1-9][0-9]{0,2}(" + _SEP + r")[0-9]{3}(?:\3[0-9]{3})*)(?:,([0-9]+))?")
_DOTTED = re.compile(r"([+-]?)([0-9]+)\.([0-9]+)")
#: «1.200»: a thousand and two hundred in Danish, one point two in English — refused; and
#: «1,200» likewise, in both languages: one point two in Danish, a thousand and two hundred
#: in English (review 19, F14). A number is never read 1,000 times too large or too small
#: for the page's language: one separator before exactly three digits is asked about
AMBIGUOUS = re.compile(r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}")
#: what a number field's value is stripped of first (the same set in app.js)
_BLANK = " \t\n\r\u00a0\u202f"


def read_number(raw: str) -> int | float | str | None:
    """A number field's text → the number it means, None when it is empty, or the text
    itself when it does not read as one number (the check then names the field with the
    text as written). Danish numbers read the Danish way: «1.200» with no comma is
    ambiguous and stays text (review 17, F6), and so is «1,200» (one point two in Danish, a
    thousand and two hundred in English: review 19, F14), in both languages; «0x25», «1_000», «٣٠», «3 0», «1e3» are no
    numbers here nor in the browser (F10)."""
    text = raw.strip(_BLANK)
    if not text:
        return None
    if AMBIGUOUS.fullmatch(text):
        return text
    m = _DANISH.fullmatch(text)
    if m:
        sign, whole, sep, frac = m.group(1), m.group(2), m.group(3), m.group(4)
        if sep:
            whole = whole.replace(sep, "")
        plain = f"{sign}{whole}" + (f".{frac}" if frac else "")
    elif _DOTTED.fullmatch(text):
        plain = text
    else:
        return text
    num = float(plain)
    if num != num or num in (float("inf"), float("-inf")):
        return text
    if num == 0 and plain.strip("+-0."):
        return text  # 400 zeros after the comma read as 0: not the number typed (review 20, F7)
    if misread(plain):
        # more digits than a float keeps: «37,0000000000000001» would read as 37, which
        # passes VP301's limit of 37 hours; left text, the check names it (review 21 cli, F9)
        return text
    return int(num) if num.is_integer() and abs(num) < 1e15 else num


def format_number(v: int | float, lang: str = "da") -> str:
    """A number as the form shows it, so that ``read_number`` reads it back as the same
    number: no exponent, the Danish decimal comma (in English a dot), with a 0 added where
    three decimals would read as thousands (1,2340 / 1.2340). The same in app.js (formatNumber)."""
    from decimal import Decimal

    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    text = format(Decimal(repr(v)) if isinstance(v, float) else Decimal(v), "f")
    if lang == "da":
        text = text.replace(".", ",")
    return text + "0" if AMBIGUOUS.fullmatch(text) else text


def _convert(f: Field, vals: list[str]) -> Any:
    if f.kind == "choices":
        chosen = [v.strip() for v in vals if v.strip()]
        return chosen or None
    if f.kind == "number":
        return read_number(vals[-1])
    raw = vals[-1].strip()
    if not raw:
        return None
    if f.kind == "bool":
        low = raw.lower()
        return True if low in _YES else False if low in _NO else raw
    if f.kind == "consent":
        low = raw.lower()
        return True if low in _YES else False if low in _NO else raw
    if f.kind == "list":
        items = [line.strip() for line in raw.splitlines() if line.strip()]
        return items or None
    return raw


def _set(target: dict[str, Any], parts: list[str], value: Any) -> None:
    for p in parts[:-1]:
        nxt = target.get(p)
        if not isinstance(nxt, dict):
            nxt = target[p] = {}
        target = nxt
    target[parts[-1]] = value


def _lookup(data: Any, parts: list[str]) -> tuple[bool, Any]:
    for p in parts:
        if not isinstance(data, dict) or p not in data:
            return False, None
        data = data[p]
    return True, data


def _delete(target: Any, parts: list[str]) -> None:
    for p in parts[:-1]:
        target = target.get(p) if isinstance(target, dict) else None
    if isinstance(target, dict):
        target.pop(parts[-1], None)


def _get(data: Any, pointer: str) -> Any:
    for p in pointer.strip("/").split("/"):
        if isinstance(data, dict):
            data = data.get(p)
        elif isinstance(data, list) and p.isdigit() and int(p) < len(data):
            data = data[int(p)]
        else:
            return None
    return data


def format_date(d: dt.date, lang: str) -> str:
    """28. marts 2021 / 28 March 2021."""
    if lang == "da":
        months = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                  "oktober", "november", "december")
        return f"{d.day}. {months[d.month - 1]} {d.year}"
    months_en = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")
    return f"{d.day} {months_en[d.month - 1]} {d.year}"
