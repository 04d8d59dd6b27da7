"""The rules pages and /api/rules/{id}: the same content as `praktiktjek explain`,
from the same rule files, as data for a template or for JSON."""

from __future__ import annotations

import datetime as dt
import json
import string
from typing import Any

from ..docs import CONFIDENCE_DA, KIND_DA, citation_text
from ..engine import _num
from ..rulepack import Rule, RuleSet, iter_rules

SEVERITY = {"error": {"da": "fejl", "en": "error"}, "warning": {"da": "advarsel", "en": "warning"},
            "info": {"da": "info", "en": "info"}}
CONFIDENCE_EN = {"verified": "verified", "inferred": "inferred", "guidance": "guidance",
                 "practice": "practice", "technical": "technical"}


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else "…"


def _dates(a: dt.date | None, b: dt.date | None) -> str:
    return f"{_d(a)} – {_d(b)}"


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def rule_facts(rule: Rule, lang: str, day: dt.date | None = None) -> dict[str, str]:
    """Values for a rule text's placeholders outside a finding: the rule's parameters on
    ``day`` (today), with weeks beside days."""
    try:
        params = rule.params_at(day or dt.date.today()).model_dump()
    except AssertionError:  # pragma: no cover - dated parameters cover every day
        params = {}
    out: dict[str, str] = {}

    def put(k: str, v: Any) -> None:
        if isinstance(v, bool):
            return
        if isinstance(v, int | float):
            out[k] = _num(float(v), lang)
            if k.endswith("_days"):
                out[k[:-5] + "_weeks"] = _num(v / 7, lang)
        elif isinstance(v, dict):
            for kk, vv in v.items():
                put(kk, vv)

    for k, v in params.items():
        put(k, v)
    out.setdefault("group_plural", "borgere i målgruppen" if lang == "da" else "citizens in the target group")
    out.setdefault("group", "målgruppen" if lang == "da" else "the target group")
    return out


def render_text(template: str, rule: Rule, lang: str) -> str:
    """A rule text with its placeholders filled from the parameters, or “…” where only
    a finding knows the value."""
    facts = _Blank(rule_facts(rule, lang))
    try:
        return string.Formatter().vformat(template, (), facts)
    except (ValueError, KeyError, IndexError):  # pragma: no cover - templates are checked at load
        return template


def param_sentences(rule: Rule, lang: str) -> list[str]:
    out = []
    da = lang == "da"
    for sl in rule.slices:
        period = ""
        if sl.valid_from is not None or sl.valid_to is not None:
            a, b = _d(sl.valid_from), _d(sl.valid_to)
            period = f"Fra {a} til {b}: " if da else f"From {a} to {b}: "
        parts = []
        for k, v in sl.params.model_dump(mode="json").items():
            name = k.replace("_", " ")
            if isinstance(v, int | float) and not isinstance(v, bool) and k.endswith("_days"):
                unit, weeks = ("dage", "uger") if da else ("days", "weeks")
                parts.append(f"{name} = {v} {unit} ({_num(v / 7, lang)} {weeks})")
            else:
                parts.append(f"{name} = {json.dumps(v, ensure_ascii=False)}")
        if parts:
            out.append(period + "; ".join(parts) + ".")
    return out


def rule_rows(rs: RuleSet, lang: str) -> list[dict[str, str]]:
    rows = []
    for r in iter_rules(rs):
        s = r.spec
        conf = s.confidence.level
        rows.append({"id": s.id, "severity": s.severity, "severity_label": SEVERITY[s.severity][lang],
                     "title": s.title.get(lang), "citation": citation_text(r),
                     "confidence": (CONFIDENCE_DA if lang == "da" else CONFIDENCE_EN).get(conf, conf)})
    return rows


def rule_view(rs: RuleSet, rule: Rule, lang: str, api: bool = False) -> dict[str, Any]:
    s = rule.spec
    da = lang == "da"
    citations = []
    for c in s.citations:
        act = rs.acts[c.act]
        when = []
        if c.valid_from or c.valid_to:
            when.append(_dates(c.valid_from, c.valid_to))
        if c.when:
            when.append(f"{'kun' if da else 'only'}: {c.when}")
        versions = [{"number": v.number, "valid_from": _d(v.valid_from), "valid_to": _d(v.valid_to),
                     "url": v.url, "inferred": v.inferred, "amended_by": v.amended_by}
                    for v in act.versions if v.number or v.url]
        citations.append({"text": c.text, "act": act.title,
                          "kind": KIND_DA.get(act.kind, act.kind) if da else act.kind,
                          "when": ", ".join(when), "versions": versions})
    conf = s.confidence.level
    in_force = _dates(s.valid_from, s.valid_to) if (s.valid_from or s.valid_to) else (
        "altid (i den gennemgåede periode)" if da else "always (in the reviewed period)")
    examples = []
    if s.examples:
        for passes, items in ((True, s.examples.passing), (False, s.examples.failing)):
            for e in items:
                examples.append({"passes": passes, "description": e.description,
                                 "patch": json.dumps(e.patch, ensure_ascii=False, default=str)})
    return {
        "id": s.id, "severity": s.severity if api else SEVERITY[s.severity][lang],
        "severity_code": s.severity,
        "title": s.title.get(lang), "pack": rule.pack, "in_force": in_force,
        "rationale": render_text(s.rationale.get(lang), rule, lang),
        "citations": citations,
        "confidence": CONFIDENCE_DA.get(conf, conf) if da else conf,
        "confidence_note": s.confidence.note,
        "legal_text": s.legal_text,
        "parameters": param_sentences(rule, lang),
        "fix": render_text(s.fix.get(lang), rule, lang),
        "examples": examples,
    }
