"""docs/format.md and `praktiktjek template`, both made from the model (model.py).

The field table, the codes with their Danish labels and what an absent field gives are
read from the same classes the checker validates with, so the document cannot drift: a
test compares docs/format.md with :func:`markdown`.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from .contract import fields
from .model import BLANK_PATTERN, FORMAT_V1, TARGET_GROUPS, Agreement, json_schema


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str):
        return dict(schema["$defs"][ref.rsplit("/", 1)[-1]])
    return node


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".") if x == int(x) else f"{x}".replace(".", ",")


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    """A short Danish description of a property's type, from its JSON Schema."""
    parts = [p for p in node.get("anyOf", [node]) if p.get("type") != "null"]
    names = []
    for p in parts:
        if "$ref" in p:
            names.append("objekt")
        elif "enum" in p:
            names.append("kode")
        elif p.get("format") == "date":
            names.append("dato ÅÅÅÅ-MM-DD")
        elif p.get("type") == "string" and p.get("pattern", "").startswith("^[0-9]{8}"):
            names.append("8 cifre som tekst")
        elif p.get("type") == "string" and p.get("pattern", "").startswith("^[0-9]{10}"):
            names.append("10 cifre som tekst")
        elif p.get("type") == "string" and p.get("pattern") == BLANK_PATTERN:
            names.append("tom tekst (VP106)")
        elif p.get("type") == "string":
            names.append("tekst" + (", ikke tom" if p.get("pattern") else ""))
        elif p.get("type") == "number":
            lo, hi = p.get("minimum"), p.get("maximum")
            names.append(f"tal {_n(lo)}–{_n(hi)}" if lo is not None and hi is not None else "tal")
        elif p.get("type") == "boolean":
            names.append("true/false")
        elif p.get("type") == "array":
            items = p.get("items", {})
            names.append("liste af objekter" if "$ref" in items else "liste af tekst")
    nullable = len(parts) < len(node.get("anyOf", [node]))
    return " eller ".join(names) + (" eller null" if nullable else "")


def _rows(schema: dict[str, Any], model_schema: dict[str, Any], prefix: str,
          required_parent: bool, shown_prefix: str = "") -> list[str]:
    rows = []
    required = set(model_schema.get("required", []))
    info = fields()
    for name, prop in model_schema.get("properties", {}).items():
        key = prefix + name
        path = shown_prefix + name
        f = info[key]
        req = "ja" if name in required and required_parent else ("ja, når objektet er der" if name in required
                                                                  else "nej")
        absent = prop.get("x-absent", "")
        desc = prop.get("x-description-da", "")
        rows.append(f"| `{path}` | {req} | {_kind(schema, prop)} | {f.title_da} | {desc} | {absent} |")
        sub = next((_resolve(schema, p) for p in prop.get("anyOf", [prop]) if "$ref" in p), None)
        if sub is None:
            items = next((p.get("items") for p in prop.get("anyOf", [prop]) if p.get("type") == "array"), None)
            if isinstance(items, dict) and "$ref" in items:
                sub = _resolve(schema, items)
                path += "[]"
        if sub is not None:
            rows += _rows(schema, sub, key + ".", required_parent and name in required, path + ".")
    return rows


def markdown() -> str:
    schema = json_schema()
    out = [
        "# Aftaleformat version 1 (`praktiktjek/agreement@1`)",
        "",
        "<!-- Lavet af `praktiktjek schema --markdown` ud fra modellen i src/praktiktjek/model.py;",
        "     ret ikke i hånden: en test sammenligner filen med modellen. -->",
        "",
        "En aftale er ét JSON-objekt. En fil kan rumme én aftale, en JSON-liste af aftaler eller",
        "JSON Lines (én aftale pr. linje); et VITAS-udtræk kan læses som CSV. `praktiktjek schema`",
        "skriver formatet som JSON Schema (draft 2020-12) med de samme titler, koder og",
        "eksempler, og `praktiktjek template` skriver en udfyldt aftale at tage udgangspunkt i.",
        "",
        "## Streng læsning",
        "",
        "- Typerne er JSON's egne, uden omtolkning: `\"30\"` er tekst, ikke et tal; `1` er et tal,",
        "  ikke `true`; `42` er et tal, ikke et id. Forkert type giver **VP000** med feltet og",
        "  hvad der skal stå i stedet.",
        "- Datoer skrives præcis `ÅÅÅÅ-MM-DD`. Et klokkeslæt, `01-03-2026` eller en dato, der",
        "  ikke findes, er VP000.",
        "- Felter med koder tager kun de koder, der står nedenfor; en anden værdi er VP000 med",
        "  den nærmeste kode foreslået (»mente du «dagpenge»?«). Undtagelse: en ukendt værdi i",
        "  `purpose.categories` er regelfundet VP102, ikke VP000.",
        "- `agreed_by.*` er en dato eller `true`. Mangler feltet, eller er det `null`, `false` eller",
        "  tom tekst (`\"\"` eller kun mellemrum), giver det VP106; alt andet (`\"nej\"`, `\"ja\"`, `0`,",
        "  `\"2021-02-31\"`) er VP000.",
        "- Et felt, formatet ikke kender, er ikke en læsefejl, men giver advarslen **VP003** med",
        "  det nærmeste kendte feltnavn (`timer_pr_uge` → »mente du «hours_per_week»?«).",
        "- Tekst af lutter mellemrum tæller som tom.",
        "- Et tal, der ikke er 0, men så tæt på 0, at det læses som 0 (`1e-400`), er VP000, og et",
        "  negativt tal er VP000, hvor lille det end er: tallet vises, som det står.",
        "- En fil uden aftaler (tom, kun mellemrum eller `[]`) er én VP000. En sti, der ikke",
        "  findes, og en kørsel uden filer er brugerfejl (exit-kode 2; `--allow-empty` tillader",
        "  en tom kørsel).",
        "- En post med VP000 får ingen andre fund.",
        "- Skemaet og kontrollen er enige: en post er gyldig efter skemaet, netop når kontrollen",
        "  ikke giver VP000. To ting kan et skema ikke se, og de er VP000: det samme felt to gange",
        "  i ét objekt, og en enlig UTF-16-surrogat (`\"\\ud800\"`), som ikke er et tegn.",
        "",
        "## Felter",
        "",
        "»Påkrævet« er det, læseren kræver (ellers VP000). »Hvis feltet mangler« nævner de fund,",
        "loven kræver feltet for: de er regelfund, ikke læsefejl.",
        "",
        "| felt | påkrævet | type | titel | beskrivelse | hvis feltet mangler |",
        "|---|---|---|---|---|---|",
        *_rows(schema, schema, "", True),
        "",
        "## Koder",
        "",
    ]
    for path, f in fields().items():
        if not f.codes:
            continue
        out += [f"### `{path}`" + ("" if f.closed else " (åben liste: andre værdier giver VP102)"), "",
                "| kode | dansk | engelsk |", "|---|---|---|"]
        out += [f"| `{code}` | {da} | {en} |" for code, (da, en) in f.codes.items()]
        out.append("")
    out += [
        "Målgrupperne `sygedagpenge`, `jobafklaring`, `ressourceforloeb`, `revalidering`,",
        "`ledighedsydelse`, `selvforsoergelses_hjemrejse_overgangsydelse` og `other` kendes, men",
        "den nationale regelpakke dækker dem ikke endnu: de giver VP001, og varighedsreglerne",
        "anvendes ikke. Fra 01-07-2025 er uddannelseshjælp blevet til kontanthjælp: en aftale med",
        "start fra den dato med en `*_uddannelseshjaelp`-kode kontrolleres i samme klasse og får",
        "VP002 med den kode, der skal bruges nu.",
        "",
    ]
    return "\n".join(out)


def _next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def template(example_base: dict[str, Any], target_group: str = "dagpenge",
             start: dt.date | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """A complete agreement that reads without VP000: the pack's clean example, moved to a
    four-week period starting on ``start`` (default: next Monday) for ``target_group``."""
    if target_group not in TARGET_GROUPS:
        raise ValueError(target_group)
    today = today or dt.date.today()
    start = start or _next_monday(today)
    end = start + dt.timedelta(days=27)
    signed = min(today, start - dt.timedelta(days=1)).isoformat()
    doc = copy.deepcopy(example_base)
    doc["format"] = FORMAT_V1
    doc["target_group"] = target_group
    doc["start"], doc["end"] = start.isoformat(), end.isoformat()
    # from 1 February 2026 the law says "kommunen" (lov 1750/2025)
    authority = "municipality" if start >= dt.date(2026, 2, 1) else "jobcenter"
    doc["agreed_by"] = {"citizen": signed, "company": signed, authority: signed}
    Agreement.model_validate(doc)  # the template is a valid agreement, or this fails loudly
    return doc
