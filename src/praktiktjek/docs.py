"""Rule documentation rendered from the rule files: `praktiktjek rules` and `explain`."""

from __future__ import annotations

import datetime as dt
import json
from typing import IO, Any

from .rulepack import Rule, RuleSet, iter_rules

KIND_DA = {"law": "lov", "executive_order": "bekendtgørelse", "guidance": "vejledning",
           "practice": "praksis", "local_policy": "lokal retningslinje"}
CONFIDENCE_DA = {"verified": "efterprøvet", "inferred": "udledt", "guidance": "vejledning",
                 "practice": "praksis", "technical": "teknisk"}


def citation_text(rule: Rule) -> str:
    return "; ".join(dict.fromkeys(c.text for c in rule.spec.citations)) or "—"


def rules_json(rs: RuleSet) -> list[dict[str, Any]]:
    out = []
    for r in iter_rules(rs):
        s = r.spec
        out.append({
            "id": s.id, "severity": s.severity, "title": {"da": s.title.da, "en": s.title.en},
            "citations": [c.model_dump(mode="json", exclude_none=True) for c in s.citations],
            "confidence": s.confidence.model_dump(mode="json", exclude_none=True),
            "check": s.check, "pack": r.pack,
            "valid_from": s.valid_from.isoformat() if s.valid_from else None,
            "valid_to": s.valid_to.isoformat() if s.valid_to else None,
        })
    return out


def rules_table(rs: RuleSet, lang: str, out: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    from .door import clean, markup

    con = Console(file=out, highlight=False, soft_wrap=False, width=max(out_width(out), 120))
    da = lang == "da"
    table = Table(show_lines=False, header_style="bold")
    for col in (("Regel", "Rule"), ("Alvor", "Severity"), ("Titel", "Title"),
                ("Hjemmel", "Citation"), ("Sikkerhed", "Confidence")):
        table.add_column(col[0] if da else col[1], overflow="fold")
    sev = {"error": "fejl", "warning": "advarsel", "info": "info"}
    for r in iter_rules(rs):
        s = r.spec
        conf = s.confidence.level
        table.add_row(*(markup(clean(v)) for v in (
            s.id, sev[s.severity] if da else s.severity, s.title.get(lang),
            citation_text(r), CONFIDENCE_DA.get(conf, conf) if da else conf)))
    con.print(table)


def out_width(out: IO[str]) -> int:
    try:
        import shutil

        return shutil.get_terminal_size((120, 24)).columns if out.isatty() else 160
    except (OSError, ValueError):
        return 160


def _dates(a: dt.date | None, b: dt.date | None) -> str:
    return f"{a.isoformat() if a else '…'} – {b.isoformat() if b else '…'}"


def explain_rule(rs: RuleSet, rule: Rule, lang: str, out: IO[str]) -> None:
    s = rule.spec
    da = lang == "da"
    w = out.write
    w(f"{s.id}  {s.title.get(lang)}\n")
    severity = {"error": "fejl", "warning": "advarsel", "info": "info"}[s.severity] if da else s.severity
    always = "altid (i den gennemgåede periode)" if da else "always (in the reviewed period)"
    in_force = _dates(s.valid_from, s.valid_to) if (s.valid_from or s.valid_to) else always
    w(f"{'Alvor' if da else 'Severity'}: {severity}    "
      f"{'Pakke' if da else 'Pack'}: {rule.pack}    "
      f"{'Gælder' if da else 'In force'}: {in_force}\n\n")
    w(f"{s.rationale.get(lang)}\n\n")
    w(f"{'Hjemmel' if da else 'Legal basis'}:\n")
    if not s.citations:
        w(f"  {'ingen (teknisk fund)' if da else 'none (technical finding)'}\n")
    for c in s.citations:
        act = rs.acts[c.act]
        kind = KIND_DA.get(act.kind, act.kind) if da else act.kind
        when = []
        if c.valid_from or c.valid_to:
            when.append(_dates(c.valid_from, c.valid_to))
        if c.when:
            when.append(f"{'kun' if da else 'only'}: {c.when}")
        w(f"  {c.text}  [{kind}]{'  (' + ', '.join(when) + ')' if when else ''}\n")
        for v in act.versions:
            if not v.number and not v.url:
                continue
            line = f"      {v.number or ''} {_dates(v.valid_from, v.valid_to)}"
            if v.inferred:
                line += " (" + ("ikrafttræden udledt" if da else "dates inferred") + ")"
            if v.amended_by:
                line += f", {'ændret ved' if da else 'amended by'} {v.amended_by}"
            w(line + (f"  {v.url}" if v.url else "") + "\n")
    conf = s.confidence
    level = CONFIDENCE_DA.get(conf.level, conf.level) if da else conf.level
    w(f"\n{'Sikkerhed' if da else 'Confidence'}: {level}")
    w(f" — {conf.note}\n" if conf.note else "\n")
    if s.legal_text:
        w(f"\n{'Lovtekst' if da else 'Legal text'}: {s.legal_text}\n")
    if s.params:
        w(f"\n{'Parametre' if da else 'Parameters'}:\n")
        for k, v in s.params.items():
            w(f"  {k}: {json.dumps(v, ensure_ascii=False, default=str)}\n")
    w(f"\n{'Hvad der skal ændres' if da else 'What to change'}: {s.fix.get(lang)}\n")
    if s.examples:
        heading = ("Eksempler (ændringer i forhold til grundaftalen)" if da
                   else "Examples (changes to the base agreement)")
        w(f"\n{heading}:\n")
        groups = (("OK", s.examples.passing), ("FUND" if da else "FINDING", s.examples.failing))
        for label, items in groups:
            for e in items:
                w(f"  {label:<7} {e.description}: {json.dumps(e.patch, ensure_ascii=False, default=str)}\n")
