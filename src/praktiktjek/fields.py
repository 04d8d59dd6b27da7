"""The agreement fields an export can carry, by dotted path, with the kind of value.

Used by the CSV column mapping (what a column may map to and how its cells are read) and
by the audit (which rules cannot be checked when an export lacks a column). Paths that
are not plain agreement fields: ``extension.*`` is the one extension a spreadsheet row
can hold; ``history.difference`` is how this internship differs from earlier ones at
the same company (the agreement field ``difference_from_earlier``).
"""

from __future__ import annotations

FIELD_KINDS: dict[str, str] = {
    "id": "text",
    "municipality": "text",
    "target_group": "target_group",
    "citizen.id": "text",
    "citizen.graduate": "bool",
    "citizen.higher_education": "bool",
    "citizen.job_in_field_since_graduation": "bool",
    "citizen.extended_duration_basis": "basis",
    "citizen.benefit_weeks_before_start": "number",
    "citizen.last_employer.cvr": "text",
    "citizen.last_employer.p_number": "text",
    "citizen.last_employer.functions": "list",
    "company.name": "text",
    "company.cvr": "text",
    "company.p_number": "text",
    "company.sector": "sector",
    "company.industry": "text",
    "company.ordinary_employees": "number",
    "company.subsidised_persons": "number",
    "start": "date",
    "end": "date",
    "hours_per_week": "number",
    "position.title": "text",
    "position.functions": "list",
    "position.uses_education": "bool",
    "purpose.categories": "purposes",
    "purpose.description": "text",
    "ordinary_hours.timing": "timing",
    "ordinary_hours.hours_per_week": "number",
    "ordinary_hours.functions": "list",
    "after_internship": "after",
    "availability_test.justification": "text",
    "agreed_by.citizen": "consent",
    "agreed_by.company": "consent",
    "agreed_by.jobcenter": "consent",
    "agreed_by.municipality": "consent",
    "extension.end": "date",
    "extension.reason": "text",
    "extension.assessment": "text",
    "extension.special_need": "text",
    "history.difference": "text",
    "accommodations.needs": "text",
    "accommodations.health_information_shared": "bool",
    "accommodations.consent_to_share": "bool",
    "mentor_hours_per_week": "number",
}

#: Without these a row cannot be an agreement at all.
REQUIRED = ("id", "target_group", "citizen.id", "start", "end", "company.cvr")


def known(path: str) -> bool:
    """A field path, or alternatives separated by ``|`` (any one of them will do)."""
    return all(p in FIELD_KINDS for p in path.split("|"))


def satisfied(need: str, present: frozenset[str] | None) -> bool:
    """Whether an export carrying ``present`` fields has what ``need`` asks for."""
    if present is None:  # JSON input: every field can be there
        return True
    return any(p in present for p in need.split("|"))
