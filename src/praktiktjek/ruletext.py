"""A rule's texts shown outside a finding: `explain`, `rules`, the audit report's rule
list, SARIF rule help and the web page's rule pages.

A finding fills its message from the facts of one agreement (engine.Engine.render).
Outside a finding there is no agreement, but the rule's parameters on a given date are
known, so ``{limit_weeks}``, ``{max_hours}`` … are filled with them; facts only a
finding knows (``{weeks}``, ``{group_plural}``, ``{value}`` …) become a readable
stand-in («målgruppen», «…»). The result never holds an unfilled ``{``.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .checks.base import Params
from .engine import fmt_value, singular_after
from .privacy import mask_cpr
from .rulepack import Rule, RuleSet, TermText, Text

#: stand-ins for facts that only a finding knows, per language: a word for the fact in
#: square brackets («varer [antal] uger»), never a bare «…» (the fix of VP010 read
#: «…; …»); a fact missing here is «[oplysning fra aftalen]»
STAND_INS: dict[str, Text] = {
    "group": Text(da="målgruppen", en="the target group"),
    "group_plural": Text(da="målgruppen", en="the target group"),
    **{k: Text(da=f"[{da}]", en=f"[{en}]") for k, (da, en) in {
        "value": ("målgruppekode", "target group code"), "replacement": ("ny kode", "new code"),
        "problem": ("hvad der er galt", "what is wrong"), "what": ("hvad der er galt", "what is wrong"),
        "weeks": ("antal", "number"), "days": ("antal", "number"), "total_weeks": ("antal", "number"),
        "step_days": ("antal", "number"), "gap_days": ("antal", "number"), "count": ("antal", "number"),
        "more_count": ("antal", "number"), "words": ("antal", "number"), "citizens": ("antal", "number"),
        "load": ("antal", "number"), "employees": ("antal", "number"), "cap": ("antal", "number"),
        "hours": ("antal", "number"), "number": ("nr.", "no."), "end_date": ("dato", "date"),
        "date": ("dato", "date"), "previous": ("dato", "date"), "expires": ("dato", "date"),
        "start": ("dato", "date"), "earlier_start": ("dato", "date"), "earlier_end": ("dato", "date"),
        "earlier_id": ("aftale-id", "agreement id"), "reason": ("begrundelse", "reason"),
        "functions": ("funktioner", "functions"), "shared": ("funktioner", "functions"),
        "where": ("fil og linje", "file and line"), "detail": ("hvad der ikke kan læses", "what cannot be read"),
        "waiver": ("dispensation", "waiver"), "waived_rule": ("regel", "rule"),
        "category": ("formål", "purpose"), "after": ("plan efter praktikken", "plan after the internship"),
        "party": ("part", "party"), "authority": ("myndighed", "authority"), "field": ("felt", "field"),
        "suggestion": ("felt", "field"), "fix": ("hvad der skal rettes", "what to correct"),
    }.items()},
}
#: facts a finding fills with one of the rule's terms: shown as their alternatives
#: («ligger [før / efter] den periode»); of «more» only the term for «no more» is shown,
#: of VP202's «exception» the plain sentence (the graduate's note is for a graduate only)
TERM_FACTS: dict[str, tuple[str, ...]] = {
    "when": ("before", "after"), "advice": ("fix_before", "fix_after"),
    "missing": ("title", "functions", "hours"), "more": ("no_more", "more_none"),
    "exception": ("graduate_plain", "graduate_most"), "said": ("quoted", "no_reason"),
    "earlier_when": ("earlier_from", "earlier_ended", "earlier_undated"),
    "earlier_one": ("earlier_before", "earlier_start_unknown"),
}
#: the facts whose first term is shown alone: the sentence as it usually reads
_FIRST_TERM_ONLY = ("more", "exception", "said", "earlier_when", "earlier_one")
_UNKNOWN = Text(da="[oplysning fra aftalen]", en="[a fact of the agreement]")


@dataclass(frozen=True, slots=True)
class RuleTexts:
    """Every text of one rule, filled for ``day`` in one language."""

    day: dt.date
    title: str
    message: str
    fix: str
    #: the rule's wordings (``terms:``, and the pack terms its check kind uses), filled
    terms: dict[str, str]
    #: the citations in force on ``day`` (as shown in this language), in rule-file order
    citations: tuple[str, ...]


def text_day(rs: RuleSet, rule: Rule, day: dt.date | None = None) -> dt.date:
    """The date whose parameters fill the texts. Given a day, that day; else today,
    kept inside the pack's reviewed period and then inside the rule's own period (so a
    rule that has ended shows its last parameters, one not yet in force its first)."""
    if day is not None:
        return day
    d = dt.date.today()
    nat = rs.national
    if nat is not None:
        if nat.reviewed_until is not None and d >= nat.reviewed_until:
            d = nat.reviewed_until - dt.timedelta(days=1)
        if nat.reviewed_from is not None and d < nat.reviewed_from:
            d = nat.reviewed_from
    s = rule.spec
    if s.valid_to is not None and d > s.valid_to:
        d = s.valid_to
    if s.valid_from is not None and d < s.valid_from:
        d = s.valid_from
    return d


def _known_facts(rs: RuleSet, rule: Rule, day: dt.date, lang: str) -> dict[str, str]:
    params = rule.params_at(day)
    values: dict[str, Any] = dict(params.template_facts()) if isinstance(params, Params) else {}
    nat = rs.national
    if nat is not None:  # the facts of VP010, which the engine takes from the pack
        if nat.reviewed_from is not None:
            values["reviewed_from"] = nat.reviewed_from
        if nat.reviewed_until is not None:
            values["reviewed_until"] = nat.reviewed_until
            values["reviewed_last"] = nat.reviewed_until - dt.timedelta(days=1)
    # a parameter is only cleaned when its pack loads: shown in a text, it is masked
    return {k: fmt_value(v, lang, mask_cpr) for k, v in values.items()}


def _fill(template: str, facts: Mapping[str, str], lang: str,
          terms: Mapping[str, Text | TermText] | None = None) -> str:
    """Fill ``template`` like str.format_map, but never fail and never leave a brace:
    a fact not in ``facts`` gets its stand-in (the alternatives among ``terms``, the
    rule's wordings, for a fact a term fills), and format specs are not applied."""
    out: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # an unbalanced brace: the rule loader refuses these; be safe
        return template.replace("{", "(").replace("}", ")")
    one = False
    for literal, name, _spec, _conv in parsed:
        if one:  # a parameter of 1: «1 uge», not «1 uger»
            literal = singular_after(literal, lang)
        one = False
        out.append(literal)
        if name is None:
            continue
        root = name.split(".")[0].split("[")[0]
        if root in facts:
            out.append(facts[root])
            one = facts[root] in ("1", "-1")
        elif root in TERM_FACTS and terms and any(k in terms for k in TERM_FACTS[root]):
            words = [_fill(terms[k].get(lang), facts, lang).rstrip(".").strip()
                     for k in TERM_FACTS[root] if k in terms]
            if root in _FIRST_TERM_ONLY:  # the sentence as it usually reads
                out.append(_fill(terms[next(k for k in TERM_FACTS[root] if k in terms)].get(lang), facts, lang))
            else:
                out.append(words[0] if len(words) == 1 else "[" + " / ".join(words) + "]")
        elif root in STAND_INS:
            out.append(STAND_INS[root].get(lang))
        else:
            out.append(_UNKNOWN.get(lang))
    return "".join(out)


def fill(rs: RuleSet, rule: Rule, template: str, lang: str, day: dt.date | None = None) -> str:
    """One template of ``rule`` filled outside a finding (see the module docstring)."""
    d = text_day(rs, rule, day)
    return _fill(template, _known_facts(rs, rule, d, lang), lang)


def rule_texts(rs: RuleSet, rule: Rule, lang: str, day: dt.date | None = None) -> RuleTexts:
    """Title, message, what-to-change text, terms and citations of ``rule`` in ``lang``,
    with the rule's parameters on ``day`` (default: see :func:`text_day`)."""
    d = text_day(rs, rule, day)
    facts = _known_facts(rs, rule, d, lang)
    s = rule.spec
    term_texts: dict[str, Text | TermText] = {k: rs.terms[k] for k in sorted(rule.kind.terms) if k in rs.terms}
    term_texts.update(s.terms)
    return RuleTexts(
        day=d,
        title=_fill(s.title.get(lang), facts, lang, term_texts),
        message=_fill(s.message.get(lang), facts, lang, term_texts),
        fix=_fill(s.fix.get(lang), facts, lang, term_texts),
        terms={k: _fill(t.get(lang), facts, lang) for k, t in term_texts.items()},
        citations=tuple(dict.fromkeys(c.get(lang) for c in s.citations if c.in_force(d))),
    )
