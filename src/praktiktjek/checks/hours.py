"""Hours and hybrid internships (VP301, VP401, VP402)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Agreement
from .base import Context, Hit, Params, Term, blank, norm_set


class MaxHours(Params):
    max_hours: float
    concurrent_timing: str


def max_hours(a: Agreement, p: MaxHours, ctx: Context) -> Iterator[Hit]:
    hours = a.hours_per_week
    if hours is None:
        return
    if hours > p.max_hours:
        yield Hit("/hours_per_week", {"problem": Term("alone"), "hours": hours,
                                      "max_hours": p.max_hours})
        return
    oh = a.ordinary_hours
    if oh is not None and oh.timing == p.concurrent_timing and oh.hours_per_week is not None:
        total = hours + oh.hours_per_week
        if total > p.max_hours:
            yield Hit("/ordinary_hours/hours_per_week",
                      {"problem": Term("combined"), "hours": total, "max_hours": p.max_hours})


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
