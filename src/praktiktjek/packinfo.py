"""Which rule packs a run used, as every output names them (review 16, F8): a result that
is green under the national pack alone must not read like one that is green under the
national pack and a municipality's own rules.

Each pack's name, title, version and file pass the door here (control characters out,
CPR masked); each writer escapes for its format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import door
from .privacy import mask_cpr
from .rulepack import NATIONAL_PREFIX, Rule, RuleSet


def has_local(rs: RuleSet) -> bool:
    """A pack besides the national one is in force."""
    return any(p.prefix != NATIONAL_PREFIX for p in rs.packs)


def packs(rs: RuleSet, lang: str, mask: Callable[[str], str] = mask_cpr,
          shown: Callable[[str], str] = door.shown_path) -> list[dict[str, Any]]:
    """Every pack in force, the national one first: name, prefix, title (in ``lang``),
    version (or None), file as given (None for the national pack, which is built in;
    written by ``shown``, the format's rendering of a file name) and whether it is the
    national pack."""
    out = []
    for meta in rs.packs:
        national = meta.prefix == NATIONAL_PREFIX
        given = None if national else rs.pack_files.get(meta.name)
        out.append({
            "name": door.text(meta.name, mask),
            "prefix": meta.prefix,
            "title": door.text(meta.title.get(lang), mask),
            "version": door.opt(meta.version, mask),
            "file": shown(door.path_text(given, mask)) if given is not None else None,
            "national": national,
        })
    return out


def describe(pack: dict[str, Any], lang: str) -> str:
    """One pack in a sentence: ``example-kommune (KERT, «Eksempel …», version 3, fil x.yaml)``."""
    if pack["national"]:
        return str(pack["name"])
    parts = [pack["prefix"], f"«{pack['title']}»"]
    if pack["version"]:
        parts.append(f"version {pack['version']}")
    if pack["file"]:
        parts.append(f"{'file' if lang == 'en' else 'fil'} {pack['file']}")
    return f"{pack['name']} ({', '.join(parts)})"


def listing(rs: RuleSet, lang: str, mask: Callable[[str], str] = mask_cpr, *, files: bool = True) -> str | None:
    """«national + example-kommune (KERT, «…», fil x.yaml)» when a local pack is in force,
    else None (a run with the national pack alone says nothing: that is the default). One
    line: a control character in a file name is shown quoted with escapes, never raw.
    ``files``: name each local pack's file (not on a web page: the server's paths are its own)."""
    if not has_local(rs):
        return None
    from .reporters.text import shown_path

    return " + ".join(describe(p if files else {**p, "file": None}, lang)
                      for p in packs(rs, lang, mask, shown_path))


def line(rs: RuleSet, lang: str, mask: Callable[[str], str] = mask_cpr, engine: str = "", *,
         files: bool = True) -> str | None:
    """«Regelpakker: national + example-kommune (…)», and ``engine`` (:func:`engine_note`)
    after it; None without a local pack."""
    listed = listing(rs, lang, mask, files=files)
    if listed is None:
        return None
    return f"{'Rule packs' if lang == 'en' else 'Regelpakker'}: {listed}{engine}"


def local_rules(rs: RuleSet) -> list[str]:
    return sorted(rid for rid, r in rs.rules.items() if not r.id.startswith(NATIONAL_PREFIX))


def engine_note(rs: RuleSet, lang: str, engine: str, in_python: list[str]) -> str:
    """How an audit runs the local rules, after the pack listing on stderr: in SQL like
    the national ones (DuckDB), partly in Python (a check kind without a SQL form:
    ``in_python``), or all in the reference engine (``--engine python``)."""
    en = lang == "en"
    if engine == "python":
        return ("; every rule runs in the reference engine (--engine python)" if en
                else "; alle regler kontrolleres med referencemotoren (--engine python)")
    local = local_rules(rs)
    slow = [r for r in local if r in in_python]
    if not slow:
        return ("; the local rules run in SQL (DuckDB), like the national ones" if en
                else "; de lokale regler kontrolleres i SQL (DuckDB) som de nationale")
    listed = ", ".join(slow)
    return (f"; {listed} run in Python on each record (no SQL form), the other rules in SQL (DuckDB)" if en
            else f"; {listed} kontrolleres i Python på hver post (ingen SQL-form), de øvrige regler i SQL (DuckDB)")


def footer(rs: RuleSet, lang: str) -> str:
    """The web pages' word on the packs in force: «kun den nationale regelpakke», or the
    listing without files (review 16, F10)."""
    listed = listing(rs, lang, files=False)
    if listed is None:
        return "only the national rule pack" if lang == "en" else "kun den nationale regelpakke"
    return f"{'Rule packs' if lang == 'en' else 'Regelpakker'}: {listed}"


def rule_file(rs: RuleSet, rule: Rule, mask: Callable[[str], str] = mask_cpr,
              shown: Callable[[str], str] = door.shown_path) -> str | None:
    """The rule file a local rule comes from, by the path given in this run (a pack given as
    a folder: the file in it), written by ``shown``; None for a national rule (built in)."""
    from pathlib import Path

    national = rs.national
    if national is not None and rule.pack == national.name:
        return None
    given = rs.pack_files.get(rule.pack)
    if given is None:
        return None
    path = Path(given)
    name = str(path / Path(rule.source).name) if path.is_dir() else given
    return shown(door.path_text(name, mask))


def rule_file_line(rs: RuleSet, rule: Rule, mask: Callable[[str], str] = mask_cpr) -> str | None:
    """:func:`rule_file` for a line of text: a control or format character in the name
    escaped (``\\x07``), never dropped, and no line break."""
    return rule_file(rs, rule, mask, lambda name: door.clean(door.reshown_path(door.shown_path(name),
                                                                                door.NOT_IN_ANNOTATION)))
