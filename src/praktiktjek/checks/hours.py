"""Hours and hybrid internships (VP301, VP401, VP402)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Agreement
from .base import NOISE, Context, Hit, Params, Term, blank, lit, norm_set, sql_term


class MaxHours(Params):
    max_hours: float
    concurrent_timing: str


def max_hours(a: Agreement, p: MaxHours, ctx: Context) -> Iterator[Hit]:
    hours = a.hours_per_week
    if hours is None:
        return
    oh = a.ordinary_hours
    # the paid hours worked in the same weeks: what a lawful number of internship hours leaves room for
    paid = oh.hours_per_week if oh is not None and oh.timing == p.concurrent_timing \
        and oh.hours_per_week is not None else 0
    # over by more than float noise (base.NOISE), as the message can show it: 37.00000000000001
    # is 37 (7,4 · 5 computed), never «(37 timer) overstiger … 37 timer» (review 17, F9)
    if hours > p.max_hours + NOISE:
        # over on its own; with concurrent paid hours the total is over too, and the
        # finding says both (it told only the internship's hours)
        yield Hit("/hours_per_week", {"problem": Term("both" if paid else "alone"), "hours": hours,
                                      "total_hours": hours + paid, "max_hours": p.max_hours,
                                      "concurrent_hours": paid})
        return
    if paid and hours + paid > p.max_hours + NOISE:
        yield Hit("/ordinary_hours/hours_per_week",
                  {"problem": Term("combined"), "hours": hours + paid, "max_hours": p.max_hours,
                   "concurrent_hours": paid})


class Hybrid(Params):
    concurrent_timing: str


def hybrid_distinct_functions(a: Agreement, p: Hybrid, ctx: Context) -> Iterator[Hit]:
    oh = a.ordinary_hours
    if oh is None or oh.timing != p.concurrent_timing:
        return
    shared = norm_set(oh.functions) & norm_set(a.position.functions if a.position else None)
    if shared:
        yield Hit("/ordinary_hours/functions", {"functions": sorted(shared)})


def hybrid_paid_functions_listed(a: Agreement, p: Hybrid, ctx: Context) -> Iterator[Hit]:
    oh = a.ordinary_hours
    if oh is None or oh.timing != p.concurrent_timing:
        return
    if not [f for f in oh.functions or () if not blank(f)]:
        yield Hit("/ordinary_hours/functions")


# --------------------------------------------------------------------------- SQL forms


def max_hours_sql(p: MaxHours) -> str:
    paid = (f"CASE WHEN oh_timing = {lit(p.concurrent_timing)} AND oh_hours IS NOT NULL THEN oh_hours "
            "ELSE 0 END")
    return f"""
    SELECT rec, 0 AS seq, '/hours_per_week' AS pointer,
           json_object('problem', CASE WHEN {paid} <> 0 THEN {sql_term("both")} ELSE {sql_term("alone")} END,
                       'hours', hours, 'total_hours', hours + {paid}, 'max_hours', {lit(p.max_hours)},
                       'concurrent_hours', {paid}) AS facts
    FROM scope WHERE hours IS NOT NULL AND hours > {lit(p.max_hours)} + {NOISE!r}
    UNION ALL
    SELECT rec, 0, '/ordinary_hours/hours_per_week',
           json_object('problem', {sql_term("combined")}, 'hours', hours + oh_hours, 'max_hours', {lit(p.max_hours)},
                       'concurrent_hours', oh_hours)
    FROM scope WHERE hours IS NOT NULL AND hours <= {lit(p.max_hours)} + {NOISE!r}
      AND oh_timing = {lit(p.concurrent_timing)} AND oh_hours IS NOT NULL
      AND hours + oh_hours > {lit(p.max_hours)} + {NOISE!r}"""


def hybrid_distinct_functions_sql(p: Hybrid) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/ordinary_hours/functions' AS pointer, json_object('functions', shared) AS facts
    FROM (SELECT rec, list_filter(oh_fn_norm, lambda x: list_contains(fn_norm, x)) AS shared
          FROM scope WHERE oh_timing = {lit(p.concurrent_timing)})
    WHERE len(shared) > 0"""


def hybrid_paid_functions_listed_sql(p: Hybrid) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/ordinary_hours/functions' AS pointer, '{{}}' AS facts
    FROM scope WHERE oh_timing = {lit(p.concurrent_timing)} AND NOT oh_fns_any"""
