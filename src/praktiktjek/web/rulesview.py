"""The rules pages and /api/rules/{id}: the same content as `praktiktjek explain`,
from the same rule files, as data for a template or for JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import labels
from ..docs import (
    CONFIDENCE_DA,
    KIND_DA,
    KIND_EN,
    WHEN,
    citation_text,
    citation_versions,
    example_sentence,
    param_lines,
    version_notes,
)
from ..door import clean
from ..rulepack import Rule, RuleSet, iter_rules, web_url
from ..ruletext import rule_texts

SEVERITY = {"error": {"da": "fejl", "en": "error"}, "warning": {"da": "advarsel", "en": "warning"},
            "info": {"da": "info", "en": "info"}}
CONFIDENCE_EN = {"verified": "verified", "inferred": "inferred", "secondary": "secondary",
                 "guidance": "guidance", "practice": "practice", "technical": "technical"}


def _d(day: dt.date | None, lang: str) -> str:
    return labels.date(day, lang) if day else "…"


def _dates(a: dt.date | None, b: dt.date | None, lang: str) -> str:
    return f"{_d(a, lang)} – {_d(b, lang)}"


def rule_rows(rs: RuleSet, lang: str) -> list[dict[str, str]]:
    rows = []
    for r in iter_rules(rs):
        s = r.spec
        conf = s.confidence.level
        rows.append({"id": s.id, "severity": s.severity, "severity_label": SEVERITY[s.severity][lang],
                     "title": rule_texts(rs, r, lang).title, "citation": citation_text(r, lang),
                     "confidence": (CONFIDENCE_DA if lang == "da" else CONFIDENCE_EN).get(conf, conf)})
    return rows


def rule_view(rs: RuleSet, rule: Rule, lang: str, api: bool = False) -> dict[str, Any]:
    """The explain view of ``rule``: the same texts, parameters and examples as
    `praktiktjek explain` (docs.py, ruletext.py), with every act version and its dates."""
    s = rule.spec
    da = lang == "da"
    texts = rule_texts(rs, rule, lang)
    citations = []
    for c in s.citations:
        act = rs.acts[c.act]
        when = []
        if c.valid_from or c.valid_to:
            when.append(_dates(c.valid_from, c.valid_to, lang))
        if c.when:
            when.append(WHEN[c.when][0 if da else 1] if c.when in WHEN else c.when)
        versions = []
        for v in citation_versions(act, c, s):
            if not (v.number or v.url):
                continue
            # the same notes as `explain` (docs.version_notes), through the door
            numbering, carried = version_notes(rs, s, c, v, lang)
            versions.append({"number": v.number, "valid_from": _d(v.valid_from, lang),
                             "valid_to": _d(v.valid_to, lang), "url": web_url(v.url), "inferred": v.inferred,
                             "amended_by": v.amended_by,
                             # which date is inferred, as explain and RULES.md's acts table say it
                             "dates": clean(v.dates.get(lang)) if v.dates else None,
                             "numbering": clean(numbering) if numbering else None,
                             "not_verified_from": clean(carried) if carried else None})
        citations.append({"text": c.get(lang), "act": act.title,
                          # the kind in the page's words, never the pack's code («executive_order»):
                          # the API keeps the code in English, as `rules -f json` gives it
                          "kind": KIND_DA.get(act.kind, act.kind) if da else (
                              act.kind if api else KIND_EN.get(act.kind, act.kind)),
                          "when": ", ".join(when), "versions": versions})
    conf = s.confidence.level
    in_force = _dates(s.valid_from, s.valid_to, lang) if (s.valid_from or s.valid_to) else (
        "altid (i den gennemgåede periode)" if da else "always (in the reviewed period)")
    examples = []
    if s.examples:
        for passes, items in ((True, s.examples.passing), (False, s.examples.failing)):
            for e in items:
                sentence = example_sentence(rs, e.patch, lang)
                examples.append({"passes": passes,
                                 "description": sentence if da else f"{e.description}: {sentence}"})
    return {
        "id": s.id, "severity": s.severity if api else SEVERITY[s.severity][lang],
        "severity_code": s.severity,
        "title": texts.title, "pack": rule.pack, "in_force": in_force,
        "rationale": s.rationale.get(lang),
        "message": texts.message,
        "text_day": labels.date(texts.day, lang),
        "citations": citations,
        "confidence": CONFIDENCE_DA.get(conf, conf) if da else conf,
        "confidence_note": s.confidence.text(lang),
        "legal_text": s.legal_text,
        "parameters": param_lines(rs, rule, lang),
        "fix": texts.fix,
        "examples": examples,
    }
