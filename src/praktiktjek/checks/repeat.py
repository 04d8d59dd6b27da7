"""Repeat internships and the last employer (VP501–VP505)."""

from __future__ import annotations

import datetime as dt
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
    id_key,
    lit,
    norm,
    norm_set,
    same_company,
    sql_term,
)


def counts_as_earlier(h: HistoryEntry, start: dt.date) -> bool:
    """Whether a history entry counts as an earlier internship of an agreement starting
    ``start``. RULES.md: "History entries that do not start before this agreement's start
    are ignored" — only an entry shown not to start before it is: one whose start is on or
    after it. An entry without a start is an earlier internship as the format defines
    ``history`` (review 17, F4): one that ended before this start began before it, too;
    one with no dates, or that ends on or after this start, is not shown to be later."""
    return h.start is None or h.start < start


def is_this_agreement(h: HistoryEntry, own_id: str | None, start: dt.date) -> bool:
    """Whether a history entry names the agreement itself: it carries the agreement's own
    id (``own_id``: :func:`id_key` of it), linked as every id is (invisible characters
    dropped, NFC, stripped), and no date of it says otherwise — it neither starts nor ends
    before this agreement's ``start``. Such an entry is this internship and counts for
    nothing (review 20, F6: it was its own earlier internship, VP501–VP503). An entry with
    the own id that started or ended before this start is an earlier internship whose id
    was reused or mistyped, and counts as every earlier one does (review 21, F3: dropping
    it turned VP501 into «✓ ingen fund»)."""
    return (own_id is not None and id_key(h.id) == own_id
            and (h.start is None or h.start >= start) and (h.end is None or h.end >= start))


def _earlier_same_company(a: Agreement) -> Iterator[tuple[int, HistoryEntry]]:
    """History entries at the same company that count as earlier (:func:`counts_as_earlier`),
    not the agreement itself (:func:`is_this_agreement`)."""
    c = a.company
    own_id = id_key(a.id)
    for i, h in enumerate(a.history or ()):
        if not counts_as_earlier(h, a.start) or is_this_agreement(h, own_id, a.start):
            continue  # entries that do not start before this one are ignored
        if same_company(h.p_number, h.cvr, c.p_number, c.cvr):
            yield i, h


def _earlier(h: HistoryEntry, start: dt.date, more: int = 0) -> dict[str, object]:
    """The facts about the earlier internship a finding names, and how many more matched
    (RULES.md, "Findings per record are bounded")."""
    # the id trimmed, as it is compared: «(B3, sluttede …)», not «(B3 , …)» (review 20, F6)
    return {"earlier_id": (h.id or "").strip() or "—", "earlier_start": h.start or "—", "earlier_end": h.end or "—",
            "earlier_when": Term(_when(h)), "earlier_one": Term(_one(h, start)),
            "more": Term("more_some" if more else "more_none"), "more_count": more}


def _when(h: HistoryEntry) -> str:
    """How a finding dates the earlier internship: from its start; without one, by its
    end; without either, as undated (never an empty or «None» date)."""
    return "earlier_from" if h.start is not None else "earlier_ended" if h.end is not None else "earlier_undated"


def _one(h: HistoryEntry, start: dt.date) -> str:
    """What a finding calls the internship it names: an earlier one; one without a start
    that ends after this start, one whose start is unknown — it counts (RULES.md), but
    calling it earlier would be wrong (review 18, F3)."""
    return "earlier_start_unknown" if h.start is None and h.end is not None and h.end > start else "earlier_before"


def _recent(h: HistoryEntry) -> tuple[bool, dt.date]:
    """The order of "most recent" by start: an entry with a start after every one without
    (a finding names the dated one), then the latest start."""
    return (h.start is not None, h.start or dt.date.min)


def _latest(matches: list[tuple[str, HistoryEntry, dict[str, object]]], start: dt.date,
            by_end: bool = False) -> Iterator[Hit]:
    """At most one hit per rule and record: the most recent matching earlier internship
    (latest start, an entry without a start before every one with; the later entry on a
    tie), with the count of the others. ``by_end``
    (VP503): the one that ended last — the back-to-back gap is measured from the latest
    earlier end, so a later-started but earlier-ended internship does not hide one still
    running (review 12, D3); then the latest start, then the later entry."""
    if not matches:
        return
    if by_end:
        pointer, h, facts = max(enumerate(matches), key=lambda im: (im[1][1].end, _recent(im[1][1]), im[0]))[1]
    else:
        pointer, h, facts = max(enumerate(matches), key=lambda im: (_recent(im[1][1]), im[0]))[1]
    yield Hit(pointer, {**_earlier(h, start, len(matches) - 1), **facts})


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
            shared = [title, *(f for f in shared if f != title)]  # each name once (review 19, F12)
        if shared:
            matches.append((f"/history/{i}", h, {"shared": shared}))
    yield from _latest(matches, a.start)


def repeat_difference_stated(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    # the agreement's own «difference from earlier internships» speaks for every entry that
    # has none of its own (the form offers it; review 22 F1: it was read only by the audit)
    if not blank(a.difference_from_earlier):
        return
    matches: list[tuple[str, HistoryEntry, dict[str, object]]] = [
        (f"/history/{i}/difference", h, {}) for i, h in _earlier_same_company(a)
        if blank(h.difference) and not h.difference_unknown]
    yield from _latest(matches, a.start)


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
    yield from _latest(matches, a.start, by_end=True)


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
# The earlier internships at the same company — those without a start, or starting before
# this agreement (``counts_as_earlier``) — in history order (own entries, then the
# export's): ``_earlier_same_company`` in SQL.
_EARLIER_SQL = f"""
    FROM scope a JOIN hist h ON h.rec = a.rec
    WHERE (h.start IS NULL OR h.start < a.start) AND {SAME_COMPANY_SQL}"""
def _earlier_facts(this_start: str = "a.start") -> str:
    """``_earlier``'s facts in SQL; ``this_start``: the column of this agreement's start."""
    return ("'earlier_id', coalesce(h.hid, '—'), 'earlier_start', coalesce(CAST(h.start AS VARCHAR), '—'), "
            "'earlier_end', coalesce(CAST(h.\"end\" AS VARCHAR), '—'), "
            f"'earlier_when', CASE WHEN h.start IS NOT NULL THEN {sql_term('earlier_from')} "
            f"WHEN h.\"end\" IS NOT NULL THEN {sql_term('earlier_ended')} "
            f"ELSE {sql_term('earlier_undated')} END, "
            f"'earlier_one', CASE WHEN h.start IS NULL AND h.\"end\" > {this_start} "
            f"THEN {sql_term('earlier_start_unknown')} ELSE {sql_term('earlier_before')} END")


def _latest_sql(matches: str, by_end: bool = False) -> str:
    """``_latest`` in SQL: of a record's matches (rec, idx, start, end, pointer, facts), the
    most recent (latest start, no start last; the later entry on a tie; ``by_end``: the
    latest end first),
    with how many more matched."""
    order = ('"end" DESC, ' if by_end else "") + "start DESC NULLS LAST, idx DESC"
    return f"""
    SELECT rec, 0 AS seq, pointer,
           json_merge_patch(facts, json_object(
               'more', CASE WHEN n > 1 THEN {sql_term("more_some")} ELSE {sql_term("more_none")} END,
               'more_count', n - 1)) AS facts
    FROM (SELECT *, row_number() OVER (PARTITION BY rec ORDER BY {order}) AS rn,
                 count(*) OVER (PARTITION BY rec) AS n
          FROM ({matches}))
    WHERE rn = 1"""


def repeat_same_function_sql(p: NoParams) -> str:
    return _latest_sql(f"""
    SELECT rec, idx, start, "end", pointer,
           json_object({_earlier_facts("this_start")}, 'shared', shared) AS facts FROM (
      SELECT a.rec, h.idx, '/history/' || h.idx AS pointer, h.hid, h.start, h."end", a.start AS this_start,
             (CASE WHEN a.title_norm <> '' AND h.title_norm = a.title_norm THEN [a.title_norm]
                   ELSE []::VARCHAR[] END)
             || list_filter(a.fn_norm, lambda x: list_contains(h.fn_norm, x)
                            -- the title once, not again as a function (review 19, F12)
                            AND NOT (a.title_norm <> '' AND h.title_norm = a.title_norm AND x = a.title_norm))
             AS shared
      {_EARLIER_SQL}) h
    WHERE len(shared) > 0""")


def repeat_difference_stated_sql(p: NoParams) -> str:
    return _latest_sql(f"""
    SELECT a.rec, h.idx, h.start, h."end", '/history/' || h.idx || '/difference' AS pointer,
           json_object({_earlier_facts()}) AS facts
    {_EARLIER_SQL} AND h.diff_blank AND a.diff_blank""")


def repeat_back_to_back_sql(p: BackToBack) -> str:
    return _latest_sql(f"""
    SELECT a.rec, h.idx, h.start, h."end", '/start' AS pointer,
           json_object({_earlier_facts()}, 'gap_days', date_diff('day', h."end", a.start),
                       'max_gap_days', {lit(p.max_gap_days)},
                       'problem', CASE WHEN date_diff('day', h."end", a.start) > 0 THEN {sql_term("gap")}
                                       ELSE {sql_term("overlap")} END) AS facts
    {_EARLIER_SQL} AND a.cls = 'four_week' AND h."end" IS NOT NULL
      AND date_diff('day', h."end", a.start) <= {lit(p.max_gap_days)}""", by_end=True)


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
