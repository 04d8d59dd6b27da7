"""Repeat internships and the last employer (VP501–VP505)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Agreement, HistoryEntry
from .base import Context, Hit, Params, Term, blank, duration_class, norm, norm_set, same_company


def _earlier_same_company(a: Agreement) -> Iterator[tuple[int, HistoryEntry]]:
    """History entries at the same company that start before this agreement."""
    c = a.company
    for i, h in enumerate(a.history or ()):
        if h.start is None or h.start >= a.start:
            continue  # entries that do not start before this one are ignored
        if same_company(h.p_number, h.cvr, c.p_number, c.cvr):
            yield i, h


def _earlier(h: HistoryEntry, more: int = 0) -> dict[str, object]:
    """The facts about the earlier internship a finding names, and how many more matched
    (RULES.md, "Findings per record are bounded")."""
    return {"earlier_id": h.id or "—", "earlier_start": h.start, "earlier_end": h.end or "—",
            "more": Term("more_some" if more else "more_none"), "more_count": more}


def _latest(matches: list[tuple[str, HistoryEntry, dict[str, object]]]) -> Iterator[Hit]:
    """At most one hit per rule and record: the most recent matching earlier internship
    (latest start; the later entry on a tie), with the count of the others."""
    if not matches:
        return
    pointer, h, facts = max(enumerate(matches), key=lambda im: (im[1][1].start, im[0]))[1]
    yield Hit(pointer, {**_earlier(h, len(matches) - 1), **facts})


class NoParams(Params):
    pass


def repeat_same_function(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    matches: list[tuple[str, HistoryEntry, dict[str, object]]]
    title = norm(a.position.title if a.position else None)
    functions = norm_set(a.position.functions if a.position else None)
    matches = []
    for i, h in _earlier_same_company(a):
        shared = sorted(functions & norm_set(h.functions))
        if title and norm(h.title) == title:
            shared = [title, *shared]
        if shared:
            matches.append((f"/history/{i}", h, {"shared": shared}))
    yield from _latest(matches)


def repeat_difference_stated(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    matches: list[tuple[str, HistoryEntry, dict[str, object]]] = [
        (f"/history/{i}/difference", h, {}) for i, h in _earlier_same_company(a) if blank(h.difference)]
    yield from _latest(matches)


class BackToBack(Params):
    max_gap_days: int


def repeat_back_to_back(a: Agreement, p: BackToBack, ctx: Context) -> Iterator[Hit]:
    matches: list[tuple[str, HistoryEntry, dict[str, object]]]
    if duration_class(a, ctx) != "four_week":
        return
    matches = []
    for _, h in _earlier_same_company(a):
        if h.end is None:
            continue
        gap = (a.start - h.end).days
        if gap <= p.max_gap_days:
            matches.append(("/start", h, {"gap_days": gap, "max_gap_days": p.max_gap_days,
                                          "problem": Term("gap" if gap > 0 else "overlap")}))
    yield from _latest(matches)


class LastEmployer(Params):
    job_ready: bool
    require_distinct_function: bool
    exclude_groups: tuple[str, ...] = ()


def last_employer(a: Agreement, p: LastEmployer, ctx: Context) -> Iterator[Hit]:
    group = ctx.groups.get(a.target_group)
    if (group.job_ready if group is not None else False) != p.job_ready:
        return
    if a.target_group in p.exclude_groups:
        return
    le = a.citizen.last_employer
    if le is None or not same_company(le.p_number, le.cvr, a.company.p_number, a.company.cvr):
        return
    if not p.require_distinct_function:
        yield Hit("/citizen/last_employer", {})
        return
    earlier = norm_set(le.functions)
    shared = sorted(earlier & norm_set(a.position.functions if a.position else None))
    if not earlier:
        yield Hit("/citizen/last_employer/functions", {"problem": Term("not_stated"), "shared": []})
    elif shared:
        yield Hit("/citizen/last_employer/functions", {"problem": Term("overlap"), "shared": shared})
