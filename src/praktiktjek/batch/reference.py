"""The Python reference engine (``audit --engine python``): obviously correct, not fast.

Every record runs through ``Engine.run`` and the rules' Python functions (checks/*.py),
exactly as ``check`` runs them; the cross-record steps of RULES.md (the ``batch``
sections of the rule files) are written out plainly with dictionaries keyed by the real
texts. One process, two passes over the sources:

1. **gather** — every record is read and validated. Of each readable agreement with a
   citizen, the export keeps what the other records need: the internship for its
   citizen's history (VP501–VP503), its full-time equivalents at its workplace (VP701)
   and its purpose text (VP103). A record with VP000 takes no part ("Unreadable records
   take no part").
2. **check** — every record is read and checked again, with the history its citizen's
   earlier internships in the export give it, the load of the *other* internships at its
   workplace on its start date, and a finding when its purpose text is shared by at
   least ``min_citizens`` citizens. Results go to ``emit`` in input order.

Records read = records reported, or the run is incomplete (no report, exit 2). The
DuckDB engine (:mod:`.run`) must give byte-identical results: tests/test_batch_parity.py.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple, TypeVar, cast

from .. import door
from ..checks import Context, Hit, Term
from ..checks.base import LOAD_UNITS, days, fte_units, id_key, is_availability_test, norm, person_key, same_company
from ..checks.repeat import is_this_agreement
from ..engine import Engine, Result, to_agreement
from ..model import Agreement, HistoryEntry
from ..readers import LINE_UNITS, InputProblem
from ..readers.csvfile import fallback_note
from ..reporters.jsonout import result_dict
from .common import (
    NOT_COUNTED,
    AuditIncomplete,
    AuditOptions,
    AuditRun,
    AuditState,
    Brief,
    Emit,
    Facts,
    Plan,
    repeated_ids,
)
from .sources import (
    Source,
    Task,
    carries_difference,
    close_sources,
    iter_tasks,
    not_checkable,
    open_sources,
    record_of,
    without_difference,
)

_V = TypeVar("_V")

# --------------------------------------------------------------------------- the plan


def make_plan(engine: Engine, sources: list[Source]) -> Plan:
    """The batch steps the rule files ask for (``batch: {kind: ...}``)."""
    rules = engine.rs.rules
    kinds = {r.id: r.spec.batch.kind for r in rules.values() if r.spec.batch is not None}
    shared = next((rules[rid] for rid, k in sorted(kinds.items()) if k == "shared_text"), None)
    return Plan(
        history_rules=frozenset(rid for rid, k in kinds.items() if k == "export_history"),
        load_rules=frozenset(rid for rid, k in kinds.items() if k == "workplace_load"),
        shared_text_rule=shared.id if shared else None,
        min_citizens=int(getattr(shared.batch_params, "min_citizens", 5)) if shared else 5,
        skip=not_checkable(engine, sources),
    )


def full_time_hours(engine: Engine, plan: Plan, day: dt.date) -> float | None:
    """Full-time hours from the workplace-load rule's parameters in force on that day
    (VP701's ``full_time_hours``); None when no such rule runs."""
    for rid in sorted(plan.load_rules):
        rule = engine.rs.rules[rid]
        if rid not in engine.disabled and rule.in_force(day):
            hours = getattr(rule.params_at(day), "full_time_hours", None)
            return float(hours) if hours else None
    return None


# --------------------------------------------------------------------------- what is compared


def stripped(value: str | None) -> str | None:
    """An identifier as the cross-record steps compare it: stripped, None when empty."""
    if value is None:
        return None
    return value.strip() or None


def citizen_key(a: Agreement) -> str | None:
    """Which person a record is about, as the cross-record steps link records: a CPR-shaped
    id by its ten digits (``010190-1234`` and ``0101901234`` are one person), any other id
    stripped; None when empty (:func:`..checks.base.person_key`)."""
    return person_key(a.citizen.id)


def purpose_text(a: Agreement) -> str | None:
    """The purpose text VP103's batch step compares: case-folded, white space collapsed,
    without surrounding spaces and full stops; None when nothing is left."""
    desc = a.purpose.description if a.purpose else None
    if not isinstance(desc, str) or not desc.strip():
        return None
    return " ".join(norm(desc).strip(" .").split()) or None


# --------------------------------------------------------------------------- pass 1: gather


class Internship(NamedTuple):
    """One readable agreement as the history of its citizen's later ones names it: its
    period runs to the final end (the last extension's end, RULES.md "Counting"), as the
    workplace load counts it (review 9, finding 2: the first agreed end hid VP503)."""

    rec: int
    id: str | None
    cvr: str | None
    p_number: str | None
    start: dt.date
    end: dt.date
    title: str | None
    functions: tuple[str, ...]


class FromExport(HistoryEntry):
    """An entry built from another record of the export (that record reports its own
    period's defects: VP201 is not repeated on the later agreement, as in SQL)."""

    from_export: ClassVar[bool] = True


class UnknownDifference(FromExport):
    """An export-built entry of an agreement whose source has no difference field: how the
    two differ is unknown, not "not stated" (review 12, D1)."""

    difference_unknown: ClassVar[bool] = True


@functools.lru_cache(maxsize=4096)
def history_entry(earlier: Internship, difference: str | None, known: bool = True) -> HistoryEntry:
    """``earlier`` as a history entry of a later agreement that states ``difference``
    (``known``: its source has the difference field at all). Validated once per pair: the
    records of a citizen with many internships share them (else n records validate n²
    entries; the rules only read them)."""
    return (FromExport if known else UnknownDifference).model_validate({
        "id": earlier.id, "cvr": earlier.cvr, "p_number": earlier.p_number, "start": earlier.start,
        "end": earlier.end, "title": earlier.title, "functions": list(earlier.functions),
        "difference": difference})


class Stint(NamedTuple):
    """One internship at a company: its period (to the last extension's end), its
    full-time equivalents (hours per week / the full-time hours) and its company."""

    rec: int
    start: dt.date
    end: dt.date
    fte: int  # in LOAD_UNITS (checks/base.py): exact sums
    p_number: str | None
    cvr: str | None


class Covering:
    """The full-time equivalents of a set of internships whose period covers a day: those
    begun on or before that day, less those ended before it. (Running sums over the sorted
    starts and ends: no pairwise loop. The sums are of whole LOAD_UNITS, exact in any
    order, so both engines count the same load.)

    A period that ends before it starts covers no day: it adds nothing to any load (else
    it would count as ended but not begun and lower the load of every internship between
    its end and its start — review 9, finding 1)."""

    def __init__(self, stints: list[Stint]) -> None:
        starts = sorted((s.start, _covering(s)) for s in stints)
        ends = sorted((s.end, _covering(s)) for s in stints)
        self.start_days, self.end_days = [d for d, _ in starts], [d for d, _ in ends]
        self.begun = list(itertools.accumulate((f for _, f in starts), initial=0))
        self.ended = list(itertools.accumulate((f for _, f in ends), initial=0))

    def __call__(self, day: dt.date) -> int:
        return (self.begun[bisect.bisect_right(self.start_days, day)]
                - self.ended[bisect.bisect_left(self.end_days, day)])


def loads(stints: list[Stint], stands_for: dict[int, int] | None = None) -> Iterator[tuple[int, float]]:
    """For each internship, the full-time equivalents of the *other* internships at the
    same company whose period covers its start date. "Same company" is RULES.md's, decided
    per pair (``same_company``): the same P-number when both have one, else the same CVR.
    It is not a grouping (Y with P-number 1, Z without and W with P-number 2, all of one
    CVR: Y and Z are the same company, Z and W too, Y and W not), so each internship's
    others are the union of two disjoint sets: with a P-number, those with the same
    P-number and those of its CVR without one; without, all of its CVR.

    ``stands_for`` (:func:`canonical`): a record of a repeated id that does not stand for
    it adds nothing to any load, and its own load is less its id's standing record where
    that one is counted (an agreement is never its own "other" internship)."""
    stands_for = stands_for or {}
    if stands_for:
        stints = [s._replace(fte=0) if stands_for.get(s.rec, s.rec) != s.rec else s for s in stints]
    by_rec = {s.rec: s for s in stints} if stands_for else {}
    by_p: dict[str, list[Stint]] = defaultdict(list)
    by_cvr: dict[str, list[Stint]] = defaultdict(list)
    by_cvr_no_p: dict[str, list[Stint]] = defaultdict(list)
    for s in stints:
        if s.p_number:
            by_p[s.p_number].append(s)
        if s.cvr:
            by_cvr[s.cvr].append(s)
            if not s.p_number:
                by_cvr_no_p[s.cvr].append(s)
    sweeps: dict[tuple[str, str], Covering] = {}

    def covering(kind: str, key: str | None, day: dt.date) -> int:
        group = {"p": by_p, "cvr": by_cvr, "cvr_no_p": by_cvr_no_p}[kind].get(key or "")
        if not group:
            return 0
        sweep = sweeps.get((kind, key or ""))
        if sweep is None:
            sweep = sweeps[(kind, key or "")] = Covering(group)
        return sweep(day)

    for s in stints:
        if s.p_number:  # its own P-number's, and its CVR's without a P-number
            counted = covering("p", s.p_number, s.start) + covering("cvr_no_p", s.cvr, s.start)
        elif s.cvr:  # its CVR's, with or without a P-number
            counted = covering("cvr", s.cvr, s.start)
        else:
            continue
        last = by_rec.get(stands_for.get(s.rec, s.rec))
        same_id = (_covering(last) if last is not None and last.rec != s.rec and last.start <= s.start <= last.end
                   and same_company(s.p_number, s.cvr, last.p_number, last.cvr) else 0)
        yield s.rec, max(0, counted - _covering(s) - same_id) / LOAD_UNITS


def _covering(s: Stint) -> int:
    """What a stint adds to the load of the days it covers: none when it covers none."""
    return s.fte if s.end >= s.start else 0


@dataclass
class Export:
    """What the check pass needs to know of the export as a whole."""

    read: int = 0
    #: citizen → their readable internships in record order (citizens with more than one,
    #: and only when a history rule runs)
    internships: dict[str, list[Internship]] = field(default_factory=dict)
    #: record number → the counted load at its company on its start date (when > 0)
    load: dict[int, float] = field(default_factory=dict)
    #: purpose text → how many citizens use it, for texts of at least min_citizens
    shared_texts: dict[str, int] = field(default_factory=dict)
    #: n → how many citizens have n internships
    per_citizen: dict[int, int] = field(default_factory=dict)
    #: JSON sources without the difference field (sources.without_difference)
    without_difference: frozenset[int] = frozenset()
    #: each record of a repeated agreement id → the record that stands for the id (canonical)
    repeated: dict[int, int] = field(default_factory=dict)


def readable(engine: Engine, task: Task, sources: list[Source], opts: AuditOptions) -> Agreement | None:
    """A record's agreement, validated exactly as the check pass will; None for a record
    that will be VP000."""
    rec = record_of(task, sources, opts.mapping, opts.max_bytes)
    if rec.problem is not None or not isinstance(rec.data, dict):
        return None
    # with the numbers as written, as the check pass reads it: 1e-400 is VP000 (review 20, F7)
    got = to_agreement(rec.data, engine.mask, None,
                       rec.written or (rec.locator.written if rec.locator is not None else None))
    return None if isinstance(got, InputProblem) else got


def canonical(ids: Sequence[tuple[int, str | None, *tuple[object, ...]]]) -> dict[int, int]:
    """Of the records taking part in the cross-record steps, as (record, stripped id, …) in
    record order: each record of an agreement id that occurs more than once → the record
    that stands for the id, its LAST one (an updated export given after the older one
    wins; exact copies give the same result whichever stands). Records whose id is not
    repeated are not in the map."""
    last: dict[str, int] = {}
    seen: Counter[str] = Counter()
    for rec, aid, *_ in ids:
        if aid is not None:
            last[aid] = rec
            seen[aid] += 1
    return {rec: last[aid] for rec, aid, *_ in ids if aid is not None and seen[aid] > 1}


def gather(engine: Engine, plan: Plan, tasks: Iterator[Task], sources: list[Source], opts: AuditOptions,
           tick: Callable[[int], None] | None) -> Export:
    """Pass 1: read every record once and learn what the cross-record steps need of the
    export. Only readable agreements with a citizen id take part.

    What is kept of each record until its id is known to stand for it or not is one small
    tuple (record, id, citizen, purpose text), its internship and its stint; a value many
    records share (a date, a CVR or P-number, a title, the functions) is kept
    once and pointed at (:func:`one`) — the memory of this pass grows with the records,
    so every byte per record counts at 1,000,000 (benchmarks/RESULTS.md)."""
    histories = bool(plan.history_rules - engine.disabled)
    records_of: Counter[str] = Counter()
    internships: dict[str, list[Internship]] = defaultdict(list)
    stints: list[Stint] = []
    # purpose text → the first citizen who used it; texts of more than one citizen → them all
    # (most texts are individual: a set for each would double what the texts take)
    first_citizen_of_text: dict[str, str] = {}
    citizens_of_text: dict[str, set[str]] = {}
    # (record, id, citizen, purpose text) of every record that takes part, in record order
    parts: list[tuple[int, str | None, str, str | None]] = []
    shared: dict[object, object] = {}

    def one(value: _V) -> _V:
        """The one object kept for ``value`` (equal values are one object: the tuples of
        many records point at it). Only texts, dates and tuples of texts come here: no
        numbers, whose equal values of other types (1, 1.0, True) are one key."""
        return cast(_V, shared.setdefault(value, value)) if value is not None else value

    read = 0
    # the sources with a readable agreement, and with one that carries the difference field
    readable_in: set[int] = set()
    carried_in: set[int] = set()
    for task in tasks:
        read += 1
        if tick is not None and read % 1000 == 0:
            tick(1000)
        a = readable(engine, task, sources, opts)
        if a is not None:
            readable_in.add(task[2])
            if carries_difference(a):
                carried_in.add(task[2])
        citizen = citizen_key(a) if a is not None else None
        if a is None or citizen is None:
            continue
        aid = id_key(a.id)
        p_number, cvr = one(stripped(a.company.p_number)), one(stripped(a.company.cvr))
        start, end = one(a.start), one(a.final_end)
        parts.append((task[0], aid, citizen, purpose_text(a)))
        if histories:
            pos = a.position
            internships[citizen].append(Internship(
                task[0], aid, cvr, p_number, start, end, one(stripped(pos.title)) if pos else None,
                one(tuple(pos.functions or ())) if pos else ()))
        if p_number or cvr:
            full_time = full_time_hours(engine, plan, a.start)
            stints.append(Stint(task[0], start, end, fte_units(a.hours_per_week, full_time), p_number, cvr))
    shared.clear()
    # an id on more than one record counts once: by its last record (canonical); the
    # others read the cross-record steps but add nothing to them
    stands_for = canonical(parts)
    for rec, _, citizen, text in parts:
        if stands_for.get(rec, rec) == rec:
            records_of[citizen] += 1
            if text is not None:
                first = first_citizen_of_text.setdefault(text, citizen)
                if first != citizen:
                    citizens_of_text.setdefault(text, {first}).add(citizen)
    del parts
    export = Export(read=read, without_difference=without_difference(sources, readable_in, carried_in))
    export.repeated = stands_for
    export.per_citizen = dict(Counter(records_of.values()))
    del records_of
    export.internships = {c: v for c, v in internships.items() if len(v) > 1}
    del internships
    export.load.update((rec, load) for rec, load in loads(stints, stands_for) if load > 0)
    del stints
    del first_citizen_of_text
    export.shared_texts = {t: len(c) for t, c in citizens_of_text.items() if len(c) >= plan.min_citizens}
    return export


# --------------------------------------------------------------------------- pass 2: check


def listed(own: list[HistoryEntry], x: Internship) -> bool:
    """Whether the agreement's own history already lists the export's internship ``x``:
    an entry with its id (both stripped), or one at the same company (RULES.md "Same
    company") that starts the same day — ``id`` is optional in a history entry, and an
    entry without one was added a second time, with no difference (review 12, D2) — or,
    for an entry without a start, ends the same day as ``x`` (its final end): such an entry
    was matched only by id, so the same internship counted twice. An entry with neither
    date is not shown to be ``x`` (README, "How an audit builds the history")."""
    return any((x.id and id_key(h.id) == x.id)
               or (same_company(h.p_number, h.cvr, x.p_number, x.cvr)
                   and (h.start == x.start if h.start is not None else h.end is not None and h.end == x.end))
               for h in own)


def with_export(engine: Engine, export: Export, i: int, known: bool = True) -> Callable[[Agreement], Context]:
    """``Engine.run``'s ``prepare`` for record ``i``: its history gets the citizen's other
    internships in the export that start before it (after its own entries, in record
    order, one its own history already lists left out: :func:`listed`; ``known``: its
    source has the difference field, else their difference is unknown), and the context
    its counted load."""

    def prepare(a: Agreement) -> Context:
        citizen = citizen_key(a)
        own_id = id_key(a.id)
        earlier = [x for x in export.internships.get(citizen or "", ())
                   if x.rec != i and x.start < a.start and x.id != own_id
                   and export.repeated.get(x.rec, x.rec) == x.rec]
        if earlier:
            own = list(a.history or [])
            difference = a.difference_from_earlier
            # an entry that is this agreement itself lists no other internship (review 20, F6)
            others = [h for h in own if not is_this_agreement(h, own_id, a.start)]
            a.history = own + [history_entry(x, difference, known) for x in earlier if not listed(others, x)]
        return Context(groups=engine.ctx.groups, counted_load=export.load.get(i, 0.0))

    return prepare


def shared_text_finding(engine: Engine, plan: Plan, export: Export, result: Result,
                        row_line: int | None = None) -> None:
    """VP103's batch step: the same purpose text for at least min_citizens citizens (once;
    not when the record already has VP103). On a CSV row (``row_line``) the finding is on
    the row's line, as every other finding of the row (Engine.run)."""
    rid, a = plan.shared_text_rule, result.agreement
    if rid is None or a is None or rid in engine.disabled or citizen_key(a) is None:
        return
    text = purpose_text(a)
    citizens = export.shared_texts.get(text) if text is not None else None
    rule = engine.rs.rules[rid]
    if not citizens or any(f.rule == rid for f in result.findings) or not rule.in_force(a.start):
        return
    # as the rule's own function: never on a dagpenge availability test (review 9, finding 8)
    if is_availability_test(a, getattr(rule.params_at(a.start), "availability_groups", None) or ()):
        return
    hit = Hit("/purpose/description", {"problem": Term("boilerplate"), "citizens": citizens})
    f = engine.finding(rule, hit, a, a.start)
    f.line = row_line
    result.findings.append(f)


def facts(engine: Engine, result: Result) -> Facts:
    """What the console summary and the HTML report count of one record (through the door:
    these texts reach the outputs); :data:`.common.NOT_COUNTED` for an unreadable one."""
    a = result.agreement
    if a is None:
        return NOT_COUNTED
    weeks = days(a.start, a.final_end) / 7 if a.final_end >= a.start else None
    m = engine.mask
    return (True, door.text(a.target_group, m), door.opt(a.municipality, m), a.start.year, weeks,
            door.opt(a.company.sector, m))


def check(engine: Engine, plan: Plan, export: Export, task: Task, sources: list[Source],
          opts: AuditOptions, emit: Emit, repeated: list[tuple[int, int, str | None, str, int | None]]) -> None:
    i = task[0]
    rec = record_of(task, sources, opts.mapping, opts.max_bytes)
    known = task[2] not in export.without_difference
    result = engine.run(rec, prepare=with_export(engine, export, i, known), skip=plan.skip.get(task[2], frozenset()))
    if result.agreement is not None:
        shared_text_finding(engine, plan, export, result, rec.line if rec.unit in LINE_UNITS else None)
        result.findings.sort(key=lambda f: f.rule)
    door.seal(result, engine.mask)
    if i in export.repeated:
        repeated.append((i, export.repeated[i], result.agreement_id, door.shown_path(result.source), result.line))
    doc = result_dict(result)
    brief: Brief = (tuple((f.rule, f.severity, f.waiver is not None, f.line) for f in result.findings),
                    result.agreement_id, door.shown_path(result.source), result.line)
    # an earlier record of a repeated id counts in the findings tallies, not in the statistics
    counted = export.repeated.get(i, i) == i
    emit(json.dumps(doc, ensure_ascii=False), doc if opts.want_doc else None, brief,
         facts(engine, result) if counted else NOT_COUNTED)


# --------------------------------------------------------------------------- the run


def run_audit(engine: Engine, opts: AuditOptions, emit: Emit) -> AuditRun:
    """Audit ``opts.paths`` in this process (``opts.jobs`` is DuckDB's; the reference runs
    on one core); ``emit`` receives each record's result, in input order."""
    sources = open_sources(opts.paths, opts.mapping, engine.mask, opts.max_bytes)
    try:
        plan = make_plan(engine, sources)
        tick = opts.progress("Indekserer", None) if opts.progress else None
        export = gather(engine, plan, iter_tasks(sources, opts.max_bytes, True, opts.mapping), sources, opts, tick)
        for src in sources:
            if src.fallback_rows:
                print(f"praktiktjek: {fallback_note(src.display, src.fallback_rows, src.header_note)}", file=sys.stderr)
        tick = opts.progress("Kontrollerer", export.read) if opts.progress else None
        checked = 0
        repeated: list[tuple[int, int, str | None, str, int | None]] = []
        for task in iter_tasks(sources, opts.max_bytes, mapping=opts.mapping):
            check(engine, plan, export, task, sources, opts, emit, repeated)
            checked += 1
            if tick is not None and checked % 500 == 0:
                tick(500)
        if checked != export.read:
            raise AuditIncomplete(
                f"inddata ændrede sig under kørslen ({export.read} poster ved første gennemløb, {checked} ved "
                "kontrollen); kørslen er ufuldstændig, og der er ikke skrevet nogen rapport")
        state = AuditState(export.per_citizen, sum(len(v) for v in export.internships.values()),
                           export.without_difference, repeated_ids(repeated))
        return AuditRun(sources, plan, state, export.read, lost=sum(s.lost for s in sources))
    finally:
        close_sources(sources)
