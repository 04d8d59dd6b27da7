"""The words people read for the format's codes and field paths, in Danish and English.

Findings, `explain`, the audit report and error messages show these instead of the codes
(``wage_subsidy`` → «løntilskud»), so that a Danish run shows no code words. The words
themselves live in the model (its titles and code labels, read through contract.py), so
the schema, the form, the messages and `explain` say the same.
"""

from __future__ import annotations

import datetime as dt
import re

#: code kind → the field whose closed list of codes it is (labels in the model)
CODE_FIELDS: dict[str, str] = {
    "purposes": "purpose.categories", "after": "after_internship", "timing": "ordinary_hours.timing",
    "sector": "company.sector", "extended_duration_basis": "citizen.extended_duration_basis",
    "target_group": "target_group",
}

#: Plurals of the target groups a pack may not cover (the pack's own ``plural`` wins for
#: the groups it covers): a message about such a group names it in words, never by its
#: code («ikke over for other» — review 9, finding 10).
GROUP_PLURALS: dict[str, tuple[str, str]] = {
    "dagpenge": ("dagpengemodtagere", "unemployment benefit recipients"),
    "jobparat_kontanthjaelp": ("jobparate kontanthjælpsmodtagere", "job-ready social assistance recipients"),
    "aktivitetsparat_kontanthjaelp": ("aktivitetsparate kontanthjælpsmodtagere",
                                      "activity-ready social assistance recipients"),
    "uddannelsesparat_uddannelseshjaelp": ("uddannelsesparate uddannelseshjælpsmodtagere",
                                           "education-ready education benefit recipients"),
    "aktivitetsparat_uddannelseshjaelp": ("aktivitetsparate uddannelseshjælpsmodtagere",
                                          "activity-ready education benefit recipients"),
    "uddannelsesparat_kontanthjaelp": ("uddannelsesparate kontanthjælpsmodtagere",
                                       "education-ready social assistance recipients"),
    "sygedagpenge": ("sygedagpengemodtagere", "sickness benefit recipients"),
    "jobafklaring": ("borgere i jobafklaringsforløb", "people in a job clarification course"),
    "ressourceforloeb": ("borgere i ressourceforløb", "people in a resource course"),
    "revalidering": ("revalidender", "people in rehabilitation (revalidering)"),
    "ledighedsydelse": ("ledighedsydelsesmodtagere", "unemployment allowance (ledighedsydelse) recipients"),
    "selvforsoergelses_hjemrejse_overgangsydelse": (
        "modtagere af selvforsørgelses- og hjemrejseydelse eller overgangsydelse",
        "self-support and repatriation or transition benefit recipients"),
    "other": ("borgere i andre målgrupper", "people in other target groups"),
}


def plural(n: int, one: str, many: str) -> str:
    """«1 aftale», «2 aftaler»; «1 agreement», «2 agreements»."""
    return f"{n} {one if n == 1 else many}"


def group_plural(value: str, lang: str) -> str:
    """A target group in the plural, in words; the value itself when it is no known code."""
    got = GROUP_PLURALS.get(value)
    if got is None:
        return value
    return got[0] if lang == "da" else got[1]


#: codes that are not a field's values: the parties of ``agreed_by`` as a message names them
PARTIES: dict[str, tuple[str, str]] = {
    "citizen": ("borgeren", "the citizen"),
    "company": ("virksomheden", "the company"),
    "jobcenter": ("jobcentret", "the jobcentre"),
    "municipality": ("kommunen", "the municipality"),
}

#: which code kind a field's values are
FIELD_CODES: dict[str, str] = {v: k for k, v in CODE_FIELDS.items()}


def codes(kind: str) -> dict[str, tuple[str, str]]:
    """code → (Danish, English) for a kind of code, from the model's own labels."""
    if kind == "party":
        return PARTIES
    from .contract import fields

    info = fields().get(CODE_FIELDS.get(kind, ""))
    if info is None or info.codes is None:
        return {}
    # "ordinære løntimer (BAB § 60, stk. 2, nr. 1)": the legal reference is for the form
    return {k: (_bare(da), _bare(en)) for k, (da, en) in info.codes.items()}


def _bare(label: str) -> str:
    return re.sub(r" \((?:BAB|LAB|nr\.|stk\.)[^)]*\)$", "", label)


def code(kind: str, value: str | None, lang: str) -> str:
    """The label of a code, or the value itself when it is not a code of that kind."""
    if value is None:
        return "ikke angivet" if lang == "da" else "not stated"
    got = codes(kind).get(value)
    if got is None:
        return value
    return got[0] if lang == "da" else got[1]


def _lower(title: str) -> str:
    """«Slutdato» → «slutdato» inside a sentence; «CVR-nummer» stays."""
    return title[0].lower() + title[1:] if len(title) > 1 and title[1].islower() else title


def field(path: str, lang: str) -> str:
    """The label of a field path (``extensions/0/end``, ``extension.end`` and
    ``extensions.end`` alike), from the model's titles, for use inside a sentence."""
    from .contract import fields

    parts = [p for p in path.replace("/", ".").split(".") if p and not p.isdigit()]
    if parts[:1] == ["extension"]:
        parts[0] = "extensions"
    key = ".".join(parts)
    if key == "history.difference" and key not in fields():
        key = "difference_from_earlier"
    info = fields().get(key)
    if info is None:
        return path
    title = _lower(info.title_da if lang == "da" else info.title_en)
    if parts[0] == "agreed_by" and len(parts) > 1:  # «Borgeren» alone does not say what
        parent = fields()["agreed_by"]
        return f"{_lower(parent.title_da if lang == 'da' else parent.title_en)} {title}"
    return title


def date(value: dt.date, lang: str) -> str:
    """A date as people read it: 28-03-2021 in Danish (the style of every Danish
    output), ISO 8601 in English. Inputs are always ISO."""
    if lang != "da":
        return value.isoformat()
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"  # strftime drops the zeros of year 1
