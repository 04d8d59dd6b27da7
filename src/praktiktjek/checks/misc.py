"""Availability tests, the ratio rule, wage subsidy, health data, local policy
(VP601, VP602, VP701, VP702, VP801, VP901 and check kinds for local packs)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Annotated

from pydantic import AfterValidator

from ..model import CVR_PATTERN, Agreement
from .base import NOISE, Context, Hit, Params, blank, days, lit


class AvailabilityGroups(Params):
    allowed_groups: list[str]
    availability_category: str


def availability_test_group(a: Agreement, p: AvailabilityGroups, ctx: Context) -> Iterator[Hit]:
    if a.availability_test is not None and a.target_group not in p.allowed_groups:
        yield Hit("/availability_test")


def availability_test_justified(
    a: Agreement, p: AvailabilityGroups, ctx: Context
) -> Iterator[Hit]:
    if a.availability_test is not None:
        if blank(a.availability_test.justification):
            yield Hit("/availability_test/justification")
        return
    if a.target_group in p.allowed_groups and a.purpose is not None:
        for i, cat in enumerate(a.purpose.categories or ()):
            if cat == p.availability_category:
                yield Hit(f"/purpose/categories/{i}")
                return


class Ratio(Params):
    first_band_employees: float
    first_band_per: float
    second_band_per: float
    minimum: int
    full_time_hours: float


def ratio_cap(employees: float, p: Ratio) -> int:
    first = math.floor(min(employees, p.first_band_employees) / p.first_band_per)
    second = math.floor(max(employees - p.first_band_employees, 0) / p.second_band_per)
    return max(p.minimum, first + second)


def ratio(a: Agreement, p: Ratio, ctx: Context) -> Iterator[Hit]:
    employees = a.company.ordinary_employees
    if employees is None or a.hours_per_week is None:
        return  # a missing fact is not a violation (VP702 says the rule was not checked)
    declared = a.company.subsidised_persons or 0.0
    others = max(declared, ctx.counted_load or 0.0)
    load = others + a.hours_per_week / p.full_time_hours
    cap = ratio_cap(employees, p)
    if load > cap + NOISE:
        yield Hit("/company/ordinary_employees",
                  {"load": load, "cap": cap, "employees": employees, "others": others})


class NoParams(Params):
    pass


class UnknownField(Params):
    max_per_record: int = 10


def ratio_checkable(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    if a.company.ordinary_employees is None:
        yield Hit("/company/ordinary_employees")


class WageSubsidy(Params):
    after_value: str
    min_weeks: float


def wage_subsidy_benefit_weeks(a: Agreement, p: WageSubsidy, ctx: Context) -> Iterator[Hit]:
    before = a.citizen.benefit_weeks_before_start
    if a.after_internship != p.after_value or before is None or a.final_end < a.start:
        return
    total = before + days(a.start, a.final_end) / 7
    if total < p.min_weeks - NOISE:
        yield Hit("/citizen/benefit_weeks_before_start",
                  {"total_weeks": total, "min_weeks": p.min_weeks, "before_weeks": before})


def health_consent(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    acc = a.accommodations
    if acc is not None and acc.health_information_shared is True and acc.consent_to_share is not True:
        yield Hit("/accommodations/consent_to_share")


def _cvr(value: str) -> str:
    """A CVR number as the agreement's ``company.cvr`` has it: 8 digits (a value that is
    none could never match, and the rule would silently find nothing)."""
    if re.match(CVR_PATTERN, value) is None:
        from ..errors import TextError

        shown = repr(value)[1:-1]  # a newline or a control character as its escape
        raise TextError(f"«{shown}» er ikke et CVR-nummer (8 cifre)", f"{value!r} is not a CVR number (8 digits)")
    return value


class CompanyCvrIn(Params):
    cvrs: list[Annotated[str, AfterValidator(_cvr)]]


def company_cvr_in(a: Agreement, p: CompanyCvrIn, ctx: Context) -> Iterator[Hit]:
    if a.company.cvr.strip() in {c.strip() for c in p.cvrs}:
        yield Hit("/company/cvr", {"cvr": a.company.cvr})


def engine_made(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    """Placeholder for findings the engine makes itself (VP000, VP010, VP020, VP021)."""
    yield from ()


# --------------------------------------------------------------------------- SQL forms


def _ratio_cap_sql(p: Ratio, e: str) -> str:
    return (f"greatest({lit(p.minimum)}, CAST(floor(least({e}, {lit(p.first_band_employees)}) / "
            f"{lit(p.first_band_per)}) + floor(greatest({e} - {lit(p.first_band_employees)}, 0.0) / "
            f"{lit(p.second_band_per)}) AS BIGINT))")


def ratio_sql(p: Ratio) -> str:
    """``ratio``: the counted load at the workplace comes from ``workload`` (batch/rules.py)."""
    return f"""
    SELECT rec, 0 AS seq, '/company/ordinary_employees' AS pointer,
           json_object('load', load, 'cap', cap, 'employees', employees, 'others', others) AS facts
    FROM (SELECT rec, employees, others, others + hours / {lit(p.full_time_hours)} AS load,
                 {_ratio_cap_sql(p, "employees")} AS cap
          FROM (SELECT a.rec, a.employees, a.hours,
                       greatest(coalesce(a.subsidised, 0.0), coalesce(w.counted, 0.0)) AS others
                FROM scope a LEFT JOIN workload w ON w.rec = a.rec
                WHERE a.employees IS NOT NULL AND a.hours IS NOT NULL))
    WHERE load > cap + {NOISE!r}"""


def ratio_checkable_sql(p: NoParams) -> str:
    return """
    SELECT rec, 0 AS seq, '/company/ordinary_employees' AS pointer, '{}' AS facts
    FROM scope WHERE employees IS NULL"""


def health_consent_sql(p: NoParams) -> str:
    return """
    SELECT rec, 0 AS seq, '/accommodations/consent_to_share' AS pointer, '{}' AS facts
    FROM scope WHERE health_shared IS TRUE AND consent IS NOT TRUE"""


def availability_test_group_sql(p: AvailabilityGroups) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/availability_test' AS pointer, '{{}}' AS facts
    FROM scope WHERE avail AND NOT list_contains({lit(p.allowed_groups)}, target_group)"""


def availability_test_justified_sql(p: AvailabilityGroups) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/availability_test/justification' AS pointer, '{{}}' AS facts
    FROM scope WHERE avail AND avail_just_blank
    UNION ALL
    SELECT rec, 0, '/purpose/categories/' || (list_position(cats, {lit(p.availability_category)}) - 1), '{{}}'
    FROM scope WHERE NOT avail AND list_contains({lit(p.allowed_groups)}, target_group) AND purpose_present
      AND coalesce(list_position(cats, {lit(p.availability_category)}), 0) > 0"""


def wage_subsidy_benefit_weeks_sql(p: WageSubsidy) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/citizen/benefit_weeks_before_start' AS pointer,
           json_object('total_weeks', total, 'min_weeks', {lit(p.min_weeks)}, 'before_weeks', benefit_before) AS facts
    FROM (SELECT rec, benefit_before,
                 benefit_before + CAST(date_diff('day', start, final_end) + 1 AS DOUBLE) / 7 AS total
          FROM scope WHERE after = {lit(p.after_value)} AND benefit_before IS NOT NULL AND final_end >= start)
    WHERE total < {lit(p.min_weeks)} - {NOISE!r}"""


def company_cvr_in_sql(p: CompanyCvrIn) -> str:
    cvrs = sorted({c.strip() for c in p.cvrs})
    return f"""
    SELECT rec, 0 AS seq, '/company/cvr' AS pointer, json_object('cvr', cvr) AS facts
    FROM scope WHERE list_contains({lit(cvrs)}, coalesce(cvr_key, ''))"""
