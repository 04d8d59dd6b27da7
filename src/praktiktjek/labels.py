"""The words people read for the format's codes and field paths, in Danish and English.

Findings, `explain`, the audit report and error messages show these instead of the codes
(``wage_subsidy`` → «løntilskud»), so that a Danish run shows no code words. Target
groups have their labels in the rule pack (``target_groups``), not here.
"""

from __future__ import annotations

import datetime as dt

#: code kind → code → (Danish, English)
CODES: dict[str, dict[str, tuple[str, str]]] = {
    "purposes": {
        "ordinary_hours": ("ordinære løntimer", "ordinary paid hours"),
        "skills_training": ("optræning af specifikke kompetencer", "training specific skills"),
        "goal_clarification": ("afklaring af job- eller uddannelsesmål", "clarifying job or education goals"),
        "availability_test": ("rådighedsafprøvning", "availability test"),
    },
    "after": {
        "ordinary_hours": ("ordinære løntimer", "ordinary paid hours"),
        "wage_subsidy": ("løntilskud", "wage subsidy"),
        "education": ("uddannelse", "education"),
        "none": ("ingen plan", "no plan"),
        "unknown": ("ukendt", "unknown"),
    },
    "timing": {
        "concurrent": ("samtidig med praktikken", "at the same time as the internship"),
        "after": ("efter praktikken", "after the internship"),
    },
    "sector": {
        "private": ("privat", "private"),
        "public": ("offentlig", "public"),
    },
    "extended_duration_basis": {
        "no_work_experience": ("ingen erhvervserfaring", "no work experience"),
        "long_term_unemployment": ("langvarig ledighed", "long-term unemployment"),
        "hard_to_place": ("svært at placere", "hard to place"),
    },
    "party": {
        "citizen": ("borgeren", "the citizen"),
        "company": ("virksomheden", "the company"),
        "jobcenter": ("jobcentret", "the jobcentre"),
        "municipality": ("kommunen", "the municipality"),
    },
}

#: field path (as in fields.py, and ``extensions``/``history`` entries) → (Danish, English)
FIELDS: dict[str, tuple[str, str]] = {
    "format": ("formatversion", "format version"),
    "id": ("aftalens id", "agreement id"),
    "municipality": ("kommune", "municipality"),
    "target_group": ("målgruppe", "target group"),
    "citizen": ("borger", "citizen"),
    "citizen.id": ("borgerens id", "citizen id"),
    "citizen.graduate": ("dimittend", "graduate"),
    "citizen.higher_education": ("videregående uddannelse", "higher education"),
    "citizen.job_in_field_since_graduation": ("job i faget siden dimissionen",
                                              "job in the field since graduating"),
    "citizen.extended_duration_basis": ("grundlag for 13-ugers-varighed", "basis for the 13-week class"),
    "citizen.benefit_weeks_before_start": ("uger på forsørgelse før start", "weeks on benefits before the start"),
    "citizen.last_employer": ("seneste arbejdsgiver", "last employer"),
    "citizen.last_employer.cvr": ("seneste arbejdsgivers CVR", "last employer's CVR"),
    "citizen.last_employer.p_number": ("seneste arbejdsgivers P-nummer", "last employer's P-number"),
    "citizen.last_employer.functions": ("funktioner hos seneste arbejdsgiver", "functions at the last employer"),
    "company": ("virksomhed", "company"),
    "company.name": ("virksomhedens navn", "company name"),
    "company.cvr": ("CVR-nummer", "CVR number"),
    "company.p_number": ("P-nummer", "P-number"),
    "company.sector": ("sektor", "sector"),
    "company.industry": ("branche", "industry"),
    "company.ordinary_employees": ("ordinært ansatte (årsværk)", "ordinary employees (full-time equivalents)"),
    "company.subsidised_persons": ("personer i støttede forløb (årsværk)",
                                   "persons in subsidised schemes (full-time equivalents)"),
    "start": ("startdato", "start date"),
    "end": ("slutdato", "end date"),
    "hours_per_week": ("timer pr. uge", "hours per week"),
    "position": ("stilling", "position"),
    "position.title": ("stillingsbetegnelse", "job title"),
    "position.functions": ("arbejdsfunktioner", "work functions"),
    "position.uses_education": ("opgaverne bruger uddannelsen", "the tasks use the education"),
    "purpose": ("formål", "purpose"),
    "purpose.categories": ("formål", "purposes"),
    "purpose.description": ("formålsbeskrivelse", "purpose description"),
    "ordinary_hours": ("ordinære løntimer", "ordinary paid hours"),
    "ordinary_hours.timing": ("løntimernes placering", "timing of the paid hours"),
    "ordinary_hours.hours_per_week": ("ordinære løntimer pr. uge", "ordinary paid hours per week"),
    "ordinary_hours.functions": ("lønnede funktioner", "paid functions"),
    "after_internship": ("plan efter praktikken", "plan after the internship"),
    "availability_test": ("rådighedsafprøvning", "availability test"),
    "availability_test.justification": ("begrundelse for rådighedsafprøvning",
                                        "justification of the availability test"),
    "agreed_by": ("indgået af", "agreed by"),
    "agreed_by.citizen": ("indgået af borgeren", "agreed by the citizen"),
    "agreed_by.company": ("indgået af virksomheden", "agreed by the company"),
    "agreed_by.jobcenter": ("indgået af jobcentret", "agreed by the jobcentre"),
    "agreed_by.municipality": ("indgået af kommunen", "agreed by the municipality"),
    "extensions": ("forlængelser", "extensions"),
    "extension.end": ("forlænget til", "extended to"),
    "extension.reason": ("begrundelse for forlængelse", "reason for the extension"),
    "extension.assessment": ("konkret vurdering", "concrete assessment"),
    "extension.special_need": ("helt særligt behov", "very special need"),
    "history": ("tidligere praktikker", "earlier internships"),
    "history.id": ("tidligere aftales id", "earlier agreement's id"),
    "history.cvr": ("tidligere virksomheds CVR", "earlier company's CVR"),
    "history.p_number": ("tidligere virksomheds P-nummer", "earlier company's P-number"),
    "history.start": ("tidligere start", "earlier start"),
    "history.end": ("tidligere slut", "earlier end"),
    "history.title": ("tidligere stillingsbetegnelse", "earlier job title"),
    "history.functions": ("tidligere funktioner", "earlier functions"),
    "history.difference": ("forskel fra den tidligere praktik", "difference from the earlier internship"),
    "difference_from_earlier": ("forskel fra tidligere praktikker", "difference from earlier internships"),
    "accommodations": ("skånehensyn", "accommodations"),
    "accommodations.needs": ("skånehensyn", "accommodation needs"),
    "accommodations.health_information_shared": ("helbredsoplysninger delt", "health information shared"),
    "accommodations.consent_to_share": ("samtykke til deling", "consent to share"),
    "mentor_hours_per_week": ("mentortimer pr. uge", "mentor hours per week"),
}

#: which code kind a field's values are
FIELD_CODES: dict[str, str] = {
    "purpose.categories": "purposes", "after_internship": "after", "ordinary_hours.timing": "timing",
    "company.sector": "sector", "citizen.extended_duration_basis": "extended_duration_basis",
}


def code(kind: str, value: str | None, lang: str) -> str:
    """The label of a code, or the value itself when it is not a code of that kind."""
    if value is None:
        return "ikke angivet" if lang == "da" else "not stated"
    got = CODES.get(kind, {}).get(value)
    if got is None:
        return value
    return got[0] if lang == "da" else got[1]


def field(path: str, lang: str) -> str:
    """The label of a field path (``extensions/0/end`` and ``extension.end`` alike)."""
    parts = [p for p in path.replace("/", ".").split(".") if p and not p.isdigit()]
    key = ".".join(parts)
    if parts and parts[0] == "extensions":
        key = ".".join(["extension", *parts[1:]]) if len(parts) > 1 else "extensions"
    got = FIELDS.get(key)
    if got is None:
        return path
    return got[0] if lang == "da" else got[1]


def date(value: dt.date, lang: str) -> str:
    """A date as people read it: 28-03-2021 in Danish (the style of every Danish
    output), ISO 8601 in English. Inputs are always ISO."""
    return value.strftime("%d-%m-%Y") if lang == "da" else value.isoformat()
