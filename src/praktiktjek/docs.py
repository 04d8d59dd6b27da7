"""Rule documentation rendered from the rule files: `praktiktjek rules` and `explain`."""

from __future__ import annotations

import datetime as dt
import json
from typing import IO, Any

from . import labels
from .engine import _no_mask, carried_over_text, fmt_value
from .rulepack import Act, ActVersion, CitationPart, Rule, RuleSet, RuleSpec, iter_rules
from .ruletext import rule_texts

KIND_DA = {"law": "lov", "executive_order": "bekendtgørelse", "guidance": "vejledning",
           "practice": "praksis", "local_policy": "lokal retningslinje"}
#: the kinds in English words, not the pack's codes (review 19, F14: «[executive_order]»)
KIND_EN = {"law": "act", "executive_order": "executive order", "guidance": "guidance",
           "practice": "practice", "local_policy": "local policy"}
CONFIDENCE_DA = {"verified": "efterprøvet", "inferred": "udledt", "secondary": "sekundær kilde",
                 "guidance": "vejledning", "practice": "praksis", "technical": "teknisk"}


def citation_text(rule: Rule, lang: str = "en") -> str:
    """Every citation of the rule (all periods), as shown in ``lang``."""
    return "; ".join(dict.fromkeys(c.get(lang) for c in rule.spec.citations)) or "—"


def rules_json(rs: RuleSet) -> list[dict[str, Any]]:
    from .packinfo import rule_file

    out = []
    for r in iter_rules(rs):
        s = r.spec
        out.append({
            "id": s.id, "severity": s.severity, "title": {"da": s.title.da, "en": s.title.en},
            "citations": [c.model_dump(mode="json", exclude_none=True) for c in s.citations],
            "confidence": s.confidence.model_dump(mode="json", exclude_none=True),
            "check": s.check, "pack": r.pack,
            # the rule file a local rule comes from (None: the built-in national pack)
            "pack_file": rule_file(rs, r),
            "valid_from": s.valid_from.isoformat() if s.valid_from else None,
            "valid_to": s.valid_to.isoformat() if s.valid_to else None,
        })
    return out


def rules_table(rs: RuleSet, lang: str, out: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    from .door import clean, markup

    con = Console(file=out, highlight=False, emoji=False, soft_wrap=False, width=max(out_width(out), 120))
    da = lang == "da"
    table = Table(show_lines=False, header_style="bold")
    for col in (("Regel", "Rule"), ("Alvor", "Severity"), ("Titel", "Title"),
                ("Hjemmel", "Citation"), ("Sikkerhed", "Confidence")):
        table.add_column(col[0] if da else col[1], overflow="fold")
    from .packinfo import rule_file_line

    sev = {"error": "fejl", "warning": "advarsel", "info": "info"}
    local: dict[str, list[str]] = {}
    for r in iter_rules(rs):
        s = r.spec
        conf = s.confidence.level
        table.add_row(*(markup(clean(v)) for v in (
            s.id, sev[s.severity] if da else s.severity, rule_texts(rs, r, lang).title,
            citation_text(r, lang), CONFIDENCE_DA.get(conf, conf) if da else conf)))
        file = rule_file_line(rs, r)
        if file is not None:
            local.setdefault(file, []).append(s.id)
    con.print(table)
    for file, ids in local.items():  # where each local rule comes from
        con.print(markup(f"{'Lokale regler fra' if da else 'Local rules from'} {file}: {', '.join(ids)}"),
                  overflow="fold")


def out_width(out: IO[str]) -> int:
    try:
        import shutil

        return shutil.get_terminal_size((120, 24)).columns if out.isatty() else 160
    except (OSError, ValueError):
        return 160


#: the tags a check may put on a hit (a citation part's ``when``), as people read them
WHEN = {"graduate": ("for en dimittend", "for a graduate")}


def _dates(a: dt.date | None, b: dt.date | None, lang: str = "en") -> str:
    """A period in words: an open end is said («fra 01-01-2020»), never a bare «…»."""
    da = lang == "da"
    if a and b:
        return f"{labels.date(a, lang)} – {labels.date(b, lang)}"
    if a:
        return f"{'fra' if da else 'from'} {labels.date(a, lang)}"
    if b:
        return f"{'til og med' if da else 'until'} {labels.date(b, lang)}"
    return "uden dato" if da else "undated"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "da" else pair[1]


# --------------------------------------------------------------------------- parameters

#: parameter name → (Danish label, English label, how its value reads)
PARAMS: dict[str, tuple[str, str, str]] = {
    "limit_days": ("Grænse", "Limit", "days"),
    "report": ("Giver fund for", "Reports", "report"),
    "graduate_exception": ("Dimittendundtagelsen", "The graduate exception", "graduate"),
    "within_days": ("Konkret vurdering kræves for forlængelser til og med",
                    "A concrete assessment is required for extensions up to", "days"),
    "beyond_days": ("Helt særligt behov kræves for forlængelser ud over",
                    "A very special need is required for extensions beyond", "days"),
    "max_step_days": ("Højst pr. forlængelse", "At most per extension", "days"),
    "empty_reasons": ("Begrundelser, der ikke tæller som udviklingsbegrundelse",
                      "Reasons that do not count as a development reason", "texts"),
    "max_hours": ("Højst timer pr. uge", "At most hours per week", "number"),
    "concurrent_timing": ("Hybrid praktik betyder løntimer", "A hybrid internship means paid hours",
                          "timing"),
    "max_gap_days": ("Højst dage mellem to praktikker i samme virksomhed",
                     "At most days between two internships at the same company", "days"),
    "job_ready": ("Gælder for jobparate målgrupper", "Applies to job-ready groups", "bool"),
    "require_distinct_function": ("Kræver en anden funktion end hos den seneste arbejdsgiver",
                                  "Requires a function other than at the last employer", "bool"),
    "allowed_groups": ("Målgrupper, hvor rådighedsafprøvning har hjemmel",
                       "Target groups for which an availability test has a legal basis", "groups"),
    "availability_groups": ("Målgrupper med rådighedsafprøvning", "Target groups with availability tests",
                            "groups"),
    "availability_category": ("Formålet for en rådighedsafprøvning", "The purpose of an availability test",
                              "purposes"),
    "allowed": ("Lovlige formål", "Lawful purposes", "purposes"),
    "min_words": ("Mindst antal ord i formålsbeskrivelsen", "Fewest words in the purpose description",
                  "number"),
    "category_labels": ("Tekster, der blot gentager et formål", "Texts that only repeat a purpose",
                        "purposes"),
    "ok_after": ("Planer efter praktikken, der opfylder kravet", "Plans after the internship that meet it",
                 "after"),
    "parties": ("Parter, der skal have indgået aftalen", "Parties who must have agreed", "parties"),
    "alternatives": ("I stedet godtages", "Accepted instead", "alternatives"),
    "first_band_employees": ("Første trin gælder op til (ordinært ansatte)",
                             "The first band applies up to (ordinary employees)", "number"),
    "first_band_per": ("I første trin én støttet person pr. ordinært ansatte",
                       "In the first band one subsidised person per ordinary employees", "number"),
    "second_band_per": ("Derover én støttet person pr. ordinært ansatte",
                        "Beyond that one subsidised person per ordinary employees", "number"),
    "minimum": ("Altid mindst (støttede personer)", "Always at least (subsidised persons)", "number"),
    "full_time_hours": ("Fuld tid (timer pr. uge)", "Full time (hours per week)", "number"),
    "after_value": ("Plan efter praktikken", "Plan after the internship", "after"),
    "min_weeks": ("Mindst uger på offentlig forsørgelse", "Fewest weeks on public benefits", "number"),
    "cvrs": ("CVR-numre", "CVR numbers", "texts"),
    "replacements": ("Koder, der skal skiftes", "Codes to replace", "replacements"),
    "authority": ("Myndigheden, der indgår aftalen", "The authority that agrees", "parties"),
    "exclude_groups": ("Gælder ikke for", "Does not apply to", "groups"),
}

_REPORT = {"over_limit": ("praktikker over grænsen", "internships over the limit"),
           "graduate_unverified": ("dimittender med 4–8 uger, hvor undtagelsen ikke er vist at gælde",
                                   "graduates with 4–8 weeks where the exception is not shown to apply")}
_MODE = {"none": ("ingen undtagelse", "no exception"),
         "unconditional": ("uden at betingelserne skal være vist", "without its conditions having to be shown"),
         "conditional": ("når betingelserne er vist", "when its conditions are shown"),
         "unconfirmed": ("det er ikke bekræftet, at undtagelsen fortsætter",
                         "it is not confirmed that the exception continues")}

#: the graduate exception's known-to-fail test, which the check applies in every period
_KNOWN_TO_FAIL = (
    "I alle perioder gælder undtagelsen ikke, når det vides, at en af dens betingelser ikke er "
    "opfyldt (ingen videregående uddannelse, ordinært job i faget siden dimissionen, eller "
    "opgaverne bruger ikke uddannelsen); så gælder grænsen uden undtagelsen.",
    "In every period the exception does not apply when one of its conditions is known to fail "
    "(no higher education, an ordinary job in the field since graduating, or tasks that do not "
    "use the education): then the limit without the exception applies.")


def citation_versions(act: Act, c: CitationPart, rule: RuleSpec | None = None) -> list[ActVersion]:
    """The versions of ``act`` that ``c`` can be cited with: those in force on some day of
    the citation's own period and, given the rule, of the rule's (a citation valid from 2020
    is never cited with a 2016 act; nor is a rule that applies from 2020 — review 12, D6)."""
    lows = [d for d in (c.valid_from, rule.valid_from if rule else None) if d is not None]
    highs = [d for d in (c.valid_to, rule.valid_to if rule else None) if d is not None]
    lo, hi = max(lows, default=None), min(highs, default=None)
    return [v for v in act.versions
            if (v.valid_from is None or hi is None or v.valid_from <= hi)
            and (v.valid_to is None or lo is None or v.valid_to >= lo)]


def _num(x: Any, lang: str) -> str:
    return fmt_value(x, lang, _no_mask)


def _group(rs: RuleSet, code: str, lang: str) -> str:
    g = rs.target_groups.get(code)
    return g.plural.get(lang) if g else _group_label(rs, code, lang)


def _group_label(rs: RuleSet, code: str, lang: str) -> str:
    g = rs.target_groups.get(code)
    if g is not None:
        return g.label.get(lang)
    label = labels.code("target_group", code, lang)
    return label if label != code else f"«{code}»"


def _value(rs: RuleSet, how: str, v: Any, lang: str) -> str:
    """One parameter value as a phrase (never JSON)."""
    da = lang == "da"
    if how == "days" and isinstance(v, int | float):
        return f"{_num(v, lang)} {'dage' if da else 'days'} ({_num(v / 7, lang)} {'uger' if da else 'weeks'})"
    if how == "number":
        return _num(v, lang)
    if how == "bool":
        return _num(bool(v), lang)
    if how == "report" and isinstance(v, str):
        return _pick(_REPORT.get(v, (v, v)), lang)
    if how == "graduate" and isinstance(v, dict):
        group = _group(rs, str(v.get("group", "")), lang)
        mode = _pick(_MODE.get(str(v.get("mode")), (str(v.get("mode")),) * 2), lang)
        if v.get("mode") == "none":
            return f"{mode} (for {group})"
        weeks = _num(float(v.get("max_days", 0)) / 7, lang)
        return (f"{group}: højst {weeks} uger, {mode}" if da
                else f"{group}: at most {weeks} weeks, {mode}")
    items = v if isinstance(v, list) else [v]
    if how in ("purposes", "after", "timing"):
        kind = {"purposes": "purposes", "after": "after", "timing": "timing"}[how]
        shown: dict[str, str] = {}
        for i in items:  # once each, whatever the case («Afklaring» and «afklaring»)
            text = labels.code(kind, str(i), lang)
            shown.setdefault(text.casefold(), text)
        if how == "purposes" and len(items) > 1:
            return ", ".join(f"«{x}»" for x in shown.values())
        return ", ".join(shown.values())
    if how == "groups":
        return ", ".join(_group(rs, str(i), lang) for i in items)
    if how == "parties":
        return ", ".join(labels.code("party", str(i), lang) for i in items)
    if how == "alternatives" and isinstance(v, dict):
        word = " i stedet for " if da else " instead of "
        return "; ".join(
            f"{' eller '.join(labels.code('party', str(x), lang) for x in alts)}{word}"
            f"{labels.code('party', str(k), lang)}" for k, alts in v.items())
    if how == "replacements" and isinstance(v, dict):
        return "; ".join(f"{_group_label(rs, str(k), lang)} → {_group_label(rs, str(x), lang)}"
                         for k, x in v.items())
    if how == "texts":
        return ", ".join(f"«{i}»" for i in items)
    if isinstance(v, dict | list):  # a local pack's parameter we have no words for
        return json.dumps(v, ensure_ascii=False, default=str)
    return fmt_value(v, lang, _no_mask)


def param_lines(rs: RuleSet, rule: Rule, lang: str) -> list[str]:
    """The rule's parameters as sentences: «Grænse: 28 dage (4 uger)»; a dated parameter
    one line per period."""
    out = []
    for k, v in rule.spec.params.items():
        label_da, label_en, how = PARAMS.get(k, (k, k, ""))
        label = label_da if lang == "da" else label_en
        if isinstance(v, dict) and set(v) == {"dated"} and isinstance(v["dated"], list):
            out.append(f"{label}:")
            for period in v["dated"]:
                when = _dates(period.get("valid_from"), period.get("valid_to"), lang)
                out.append(f"    {when}: {_value(rs, how, period.get('value'), lang)}")
            if how == "graduate":  # what four_week_duration does in every period (RULES.md VP208)
                out.append("    " + _pick(_KNOWN_TO_FAIL, lang))
        else:
            out.append(f"{label}: {_value(rs, how, v, lang)}")
    # Parameters are only cleaned when a pack loads (they are compared with agreement
    # data); shown, they pass the door like any text: a CPR number in one is masked.
    from . import door

    return [door.text(line) for line in out]


# --------------------------------------------------------------------------- examples


def _flat(patch: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(patch, dict) and patch:
        out: list[tuple[str, Any]] = []
        for k, v in patch.items():
            out += _flat(v, f"{path}.{k}" if path else str(k))
        return out
    return [(path, patch)]


def _example_value(rs: RuleSet, path: str, v: Any, lang: str) -> str:
    da = lang == "da"
    if v is None:
        return "fjernet" if da else "removed"
    if isinstance(v, bool):
        return _num(v, lang)
    if isinstance(v, int | float):
        return _num(v, lang)
    if isinstance(v, str):
        if not v.strip():
            return "tom" if da else "empty"
        if path == "target_group":
            return _group_label(rs, v, lang)
        if path in labels.FIELD_CODES and v in labels.codes(labels.FIELD_CODES[path]):
            return labels.code(labels.FIELD_CODES[path], v, lang)
        try:
            return labels.date(dt.date.fromisoformat(v), lang) if len(v) == 10 else f"«{v}»"
        except ValueError:
            return f"«{v}»"
    if isinstance(v, list):
        if not v:
            return "ingen" if da else "none"
        if all(isinstance(i, dict) for i in v):
            entries = []
            for item in v:
                parts = [f"{labels.field(f'{path}.{k}', lang)} {_example_value(rs, f'{path}.{k}', x, lang)}"
                         for k, x in _flat(item)]
                entries.append("(" + ", ".join(parts) + ")")
            return " ".join(entries)
        if path in labels.FIELD_CODES:
            return ", ".join(labels.code(labels.FIELD_CODES[path], str(i), lang)
                             if str(i) in labels.codes(labels.FIELD_CODES[path]) else f"«{i}»" for i in v)
        return ", ".join(f"«{i}»" for i in v)
    if isinstance(v, dict):
        return "tom" if da else "empty"
    return f"«{v}»"


def example_sentence(rs: RuleSet, patch: dict[str, Any], lang: str) -> str:
    """What an example changes in the base agreement, as a phrase: «slutdato 29-03-2021»."""
    if not patch:
        return "grundaftalen uændret" if lang == "da" else "the base agreement unchanged"
    parts = []
    for path, v in _flat(patch):
        if isinstance(v, list) and v and all(isinstance(i, dict) for i in v):
            parts.append(f"{labels.field(path, lang)}: {_example_value(rs, path, v, lang)}")
        else:
            parts.append(f"{labels.field(path, lang)} {_example_value(rs, path, v, lang)}")
    return "; ".join(parts)


# --------------------------------------------------------------------------- explain


def explain_rule(rs: RuleSet, rule: Rule, lang: str, out: IO[str], day: dt.date | None = None) -> None:
    """The rule explained. Every text passed the door field by field: the pack's texts and
    examples when it loaded (a CVR or P-number in an example stays as it is), its
    parameters where they are shown (:func:`param_lines`, ruletext's filled texts); the
    whole is cleaned once more as written."""
    import io

    from . import door

    buf = io.StringIO()
    _explain(rs, rule, lang, buf, day)
    out.write(door.clean(buf.getvalue(), keep_newlines=True))


#: what the brackets in a rule's texts outside a finding mean (ruletext.STAND_INS)
_FILLED = ("[ord i kantede parenteser] udfyldes med aftalens oplysninger",
           "[words in square brackets] are filled from the agreement")


def version_notes(rs: RuleSet, s: RuleSpec, c: CitationPart, v: ActVersion,
                  lang: str) -> tuple[str | None, str | None]:
    """The two notes an act version of a citation carries, for `explain` and the web rule page
    alike: its numbering note (the pack's `numbering`: an older act that numbered differently,
    or a numbering not verified), unless the citation ends before the version does; and the
    note that it is still in force when the reviewed period ends, so a start from then is
    cited with it, marked not verified (the engine's note, review 12, D6)."""
    numbering = v.numbering.get(lang) if v.numbering and not (
        c.valid_to and v.valid_to and c.valid_to <= v.valid_to) else None
    until = rs.national.reviewed_until if rs.national else None
    carried = carried_over_text(until, lang) if until and rs.acts[c.act].changes_at_review_end \
        and (v.valid_to is None or v.valid_to >= until) \
        and (c.valid_to is None or c.valid_to >= until) and (s.valid_to is None or s.valid_to >= until) else None
    return numbering, carried


def _explain(rs: RuleSet, rule: Rule, lang: str, out: IO[str], day: dt.date | None = None) -> None:
    s = rule.spec
    da = lang == "da"
    w = out.write
    texts = rule_texts(rs, rule, lang, day)
    w(f"{s.id}  {texts.title}\n")
    severity = {"error": "fejl", "warning": "advarsel", "info": "info"}[s.severity] if da else s.severity
    always = "altid (i den gennemgåede periode)" if da else "always (in the reviewed period)"
    in_force = _dates(s.valid_from, s.valid_to, lang) if (s.valid_from or s.valid_to) else always
    from .packinfo import rule_file_line

    file = rule_file_line(rs, rule)
    pack = rule.pack if file is None else f"{rule.pack} ({'fil' if da else 'file'} {file})"
    w(f"{'Alvor' if da else 'Severity'}: {severity}    "
      f"{'Pakke' if da else 'Pack'}: {pack}    "
      f"{'Gælder' if da else 'In force'}: {in_force}\n\n")
    w(f"{s.rationale.get(lang)}\n\n")
    w(f"{'Fundet lyder' if da else 'The finding reads'}: {texts.message}\n")
    w(f"{'Hvad der skal ændres' if da else 'What to change'}: {texts.fix}\n")
    w(f"({'Tekst og parametre, som de gælder' if da else 'Text and parameters as in force on'} "
      f"{labels.date(texts.day, lang)}; "
      f"{_FILLED[0] if da else _FILLED[1]}.)\n\n")
    w(f"{'Hjemmel' if da else 'Legal basis'}:\n")
    if not s.citations:
        w(f"  {'ingen (teknisk fund)' if da else 'none (technical finding)'}\n")
    for c in s.citations:
        act = rs.acts[c.act]
        kind = (KIND_DA if da else KIND_EN).get(act.kind, act.kind)
        when = []
        if c.valid_from or c.valid_to:
            when.append(_dates(c.valid_from, c.valid_to, lang))
        if c.when:
            when.append(_pick(WHEN.get(c.when, (c.when, c.when)), lang) if da or c.when in WHEN
                        else f"only: {c.when}")
        w(f"  {c.get(lang)}  [{kind}]{'  (' + ', '.join(when) + ')' if when else ''}\n")
        for v in citation_versions(act, c, s):
            if not v.number and not v.url:
                continue
            dates = _dates(v.valid_from, v.valid_to, lang) if v.valid_from or v.valid_to else ""
            line = f"      {v.number or ''} {dates}".rstrip()
            if v.dates:  # which date is inferred, as RULES.md says (review 15, F3)
                line += f" ({v.dates.get(lang)})"
            elif v.inferred:
                line += " (" + ("ikrafttræden udledt" if da else "dates inferred") + ")"
            numbering, carried = version_notes(rs, s, c, v, lang)
            if numbering:
                line += f" ({numbering})"
            if v.amended_by:
                line += f", {'ændret ved' if da else 'amended by'} {v.amended_by}"
            if carried:
                line += f" ({carried})"
            w(line + (f"  {v.url}" if v.url else "") + "\n")
    conf = s.confidence
    level = CONFIDENCE_DA.get(conf.level, conf.level) if da else conf.level
    note = conf.text(lang)
    w(f"\n{'Sikkerhed' if da else 'Confidence'}: {level}")
    w(f" — {note}\n" if note else "\n")
    if s.legal_text:
        w(f"\n{'Lovtekst' if da else 'Legal text'}: {s.legal_text}\n")
    if s.params:
        w(f"\n{'Parametre' if da else 'Parameters'}:\n")
        for line in param_lines(rs, rule, lang):
            w(f"  {line}\n")
    if s.examples:
        heading = ("Eksempler (ændringer i forhold til grundaftalen)" if da
                   else "Examples (changes to the base agreement)")
        w(f"\n{heading}:\n")
        groups = (("OK", s.examples.passing), ("FUND" if da else "FINDING", s.examples.failing))
        for label, items in groups:
            for e in items:
                if da:
                    w(f"  {label:<7} {example_sentence(rs, e.patch, lang)}\n")
                else:
                    w(f"  {label:<7} {e.description}: {example_sentence(rs, e.patch, lang)}\n")
