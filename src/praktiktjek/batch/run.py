"""The batch audit on DuckDB from end to end: screen → tables → rules → findings → statistics."""

from __future__ import annotations

import functools
import sys
import time
from dataclasses import dataclass, field

from ..engine import Engine
from ..readers.csvfile import fallback_note
from . import findings, rules, stats
from .common import AuditIncomplete, AuditOptions, AuditRun, AuditState, Emit, repeated_ids
from .common import Plan as ReferencePlan
from .screen import Screen
from .sources import close_sources, iter_tasks, not_checkable, open_sources
from .tables import AGREEMENTS, OWN_HISTORY, database

#: DuckDB's memory limit for an audit (it spills to the private directory beyond it)
MEMORY_LIMIT = "80MB"


@dataclass
class Timings:
    """Where an audit's time goes (seconds), for benchmarks/audit.py."""

    screen: float = 0.0
    load: float = 0.0
    engine: float = 0.0
    output: float = 0.0
    stats: float = 0.0
    rendered: int = 0
    hits: int = 0
    extra: dict[str, float] = field(default_factory=dict)


def sql_coverage(engine: Engine) -> tuple[list[str], list[str]]:
    """(rules with a SQL form, rules that run in Python) among the agreement rules in use."""
    p = rules.plan(engine)
    on = [r for r in sorted(engine.rs.rules) if r not in engine.disabled]
    return [r for r in on if r in p.sql_rules], [r for r in on if r in p.python_rules]


def run_batch(engine: Engine, opts: AuditOptions, emit: Emit, timings: Timings | None = None) -> AuditRun:
    """Audit ``opts.paths``; ``emit`` receives each record's result in input order."""
    t = timings if timings is not None else Timings()
    p = rules.plan(engine)
    sources = open_sources(opts.paths, opts.mapping, engine.mask, opts.max_bytes)
    try:
        with database(opts.jobs, MEMORY_LIMIT, max(1 << 23, 8 * opts.max_bytes)) as db:
            skip = not_checkable(engine, sources)
            full_time = functools.lru_cache(maxsize=4096)(functools.partial(rules.full_time_hours, engine, p))
            screen = Screen(engine, sources, opts.mapping, opts.max_bytes, p.sql_rules, skip, full_time)
            tick = opts.progress("Indlæser", None) if opts.progress else None
            t0 = time.perf_counter()
            rows, own = db.spool("agreements", AGREEMENTS), db.spool("own_history", OWN_HISTORY)
            read = screen.run(iter_tasks(sources, opts.max_bytes, True, opts.mapping), rows, own, tick)
            for src in sources:
                if src.fallback_rows:
                    note = fallback_note(src.display, src.fallback_rows, src.header_note)
                    print(f"praktiktjek: {note}", file=sys.stderr)
            t1 = time.perf_counter()
            db.load("agreements", rows)
            db.load("own_history", own)
            t2 = time.perf_counter()
            unknown = screen.without_difference()
            rules.derive(db, engine, p, unknown)
            # the notice of repeated agreement ids: every record of one, where it is
            repeated = repeated_ids([(int(r), int(last), aid, src, line) for r, last, aid, src, line in db.con.execute(
                """SELECT a.rec, r.last, a.aid_out, a.source_out, a.line FROM agreements a
                   JOIN repeated r ON r.id_key = a.id_key WHERE a.readable AND a.cit IS NOT NULL""").fetchall()])
            t.hits = rules.run(db, engine, p, skip)
            t3 = time.perf_counter()
            tick = opts.progress("Skriver", read) if opts.progress else None
            reported, render = findings.stream(db, engine, opts.want_doc, emit, tick, read)
            t4 = time.perf_counter()
            t.screen, t.load, t.engine, t.output = t1 - t0, t2 - t1, t3 - t2, t4 - t3
            t.rendered = render.rendered
            if reported != read:  # records read = records reported, or no report at all
                raise AuditIncomplete(f"{read} poster læst, men {reported} rapporteret; kørslen er ufuldstændig")
            # the statistics of the summary and the report, in SQL over the same tables
            figures, per_citizen = stats.compute(db, engine)
            t.stats = time.perf_counter() - t4
    finally:
        close_sources(sources)
    state = AuditState()
    state.per_citizen = per_citizen
    state.without_difference = unknown
    state.repeated = repeated
    plan = ReferencePlan(p.history_rules, p.load_rules, p.shared_text_rule, p.min_citizens, skip)
    return AuditRun(sources, plan, state, read, lost=sum(s.lost for s in sources), stats=figures)
