"""Repeat internships and the last employer (VP501–VP505)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Agreement, HistoryEntry
from .base import (
    SAME_COMPANY_SQL,
    Context,
    Hit,
    Params,
    Term,
    blank,
    duration_class,
    lit,
    norm,
    norm_set,
    same_company,
    sql_term,
)


def _earlier_same_company(a: Agreement) -> Iterator[tuple[int, HistoryEntry]]:
    """History entries at the same company that start before this agreement."""
    c = a.company
    for i, h in enumerate(a.history or ()):
        if h.start is None or h.start >= a.start:
            continue  # entries that do not start before this one are ignored
        if same_company(h.p_number, h.cvr, c.p_number, c.cvr):
            yield i, h


def _earlier(h: HistoryEntry) -> dict[str, object]:
    return {"earlier_id": h.id or "—", "earlier_start": h.start, "earlier_end": h.end or "—"}


class NoParams(Params):
    pass


def repeat_same_function(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    title = norm(a.position.title if a.position else None)
    functions = norm_set(a.position.functions if a.position else None)
    for i, h in _earlier_same_company(a):
        shared = sorted(functions & norm_set(h.functions))
        if title and norm(h.title) == title:
            shared = [title, *shared]
        if shared:
            yield Hit(f"/history/{i}", {**_earlier(h), "shared": shared})


def repeat_difference_stated(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    for i, h in _earlier_same_company(a):
        if blank(h.difference):
            yield Hit(f"/history/{i}/difference", _earlier(h))


class BackToBack(Params):
    max_gap_days: int


def repeat_back_to_back(a: Agreement, p: BackToBack, ctx: Context) -> Iterator[Hit]:
    if duration_class(a, ctx) != "four_week":
        return
    for _, h in _earlier_same_company(a):
        if h.end is None:
            continue
        gap = (a.start - h.end).days
        if gap <= p.max_gap_days:
            yield Hit("/start", {**_earlier(h), "gap_days": gap, "max_gap_days": p.max_gap_days,
                                 "problem": Term("gap" if gap > 0 else "overlap")})


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


# --------------------------------------------------------------------------- SQL forms
# The earlier internships at the same company that start before this agreement, in
# history order (own entries, then the export's): ``_earlier_same_company`` in SQL.
_EARLIER_SQL = f"""
    FROM scope a JOIN hist h ON h.rec = a.rec
    WHERE h.start IS NOT NULL AND h.start < a.start AND {SAME_COMPANY_SQL}"""
_EARLIER_FACTS = ("'earlier_id', coalesce(h.hid, '—'), 'earlier_start', h.start, "
                  "'earlier_end', coalesce(CAST(h.\"end\" AS VARCHAR), '—')")


def repeat_same_function_sql(p: NoParams) -> str:
    return f"""
    SELECT rec, seq, pointer, json_object({_EARLIER_FACTS}, 'shared', shared) AS facts FROM (
      SELECT a.rec, h.idx AS seq, '/history/' || h.idx AS pointer, h.hid, h.start, h."end",
             (CASE WHEN a.title_norm <> '' AND h.title_norm = a.title_norm THEN [a.title_norm]
                   ELSE []::VARCHAR[] END)
             || list_filter(a.fn_norm, lambda x: list_contains(h.fn_norm, x)) AS shared
      {_EARLIER_SQL}) h
    WHERE len(shared) > 0"""


def repeat_difference_stated_sql(p: NoParams) -> str:
    return f"""
    SELECT a.rec, h.idx AS seq, '/history/' || h.idx || '/difference' AS pointer,
           json_object({_EARLIER_FACTS}) AS facts
    {_EARLIER_SQL} AND h.diff_blank"""


def repeat_back_to_back_sql(p: BackToBack) -> str:
    return f"""
    SELECT a.rec, h.idx AS seq, '/start' AS pointer,
           json_object({_EARLIER_FACTS}, 'gap_days', date_diff('day', h."end", a.start),
                       'max_gap_days', {lit(p.max_gap_days)},
                       'problem', CASE WHEN date_diff('day', h."end", a.start) > 0 THEN {sql_term("gap")}
                                       ELSE {sql_term("overlap")} END) AS facts
    {_EARLIER_SQL} AND a.cls = 'four_week' AND h."end" IS NOT NULL
      AND date_diff('day', h."end", a.start) <= {lit(p.max_gap_days)}"""


def last_employer_sql(p: LastEmployer) -> str:
    same = ("(CASE WHEN le_p_key IS NOT NULL AND p_key IS NOT NULL THEN le_p_key = p_key "
            "ELSE le_cvr_key IS NOT NULL AND le_cvr_key = cvr_key END)")
    scope = f"""FROM scope WHERE job_ready = {lit(p.job_ready)}
      AND NOT list_contains({lit(p.exclude_groups)}, target_group) AND le_present AND {same}"""
    if not p.require_distinct_function:
        return f"SELECT rec, 0 AS seq, '/citizen/last_employer' AS pointer, '{{}}' AS facts {scope}"
    return f"""
    SELECT rec, 0 AS seq, '/citizen/last_employer/functions' AS pointer,
           CASE WHEN len(le_fn_norm) = 0 THEN json_object('problem', {sql_term("not_stated")}, 'shared', []::VARCHAR[])
                ELSE json_object('problem', {sql_term("overlap")}, 'shared', shared) END AS facts
    FROM (SELECT rec, le_fn_norm, list_filter(fn_norm, lambda x: list_contains(le_fn_norm, x)) AS shared {scope})
    WHERE len(le_fn_norm) = 0 OR len(shared) > 0"""
