"""Step 3: the rule queries. Each rule whose check kind has a SQL form runs as one query
per dated parameter slice over the agreements it applies to (in force on their start
date, not switched off, not skipped for the source); the cross-record steps are joins and
window functions over the same tables:

- ``hist``: each agreement's history — its own entries, then the other screened records
  of the same citizen that start before it (in record order, one its own history already
  lists left out: the same id, or the same company and start — or, for an entry without
  a start, the same company and end — ``reference.listed``),
  numbered as the Python engine numbers ``history``;
- ``workload``: the full-time equivalents of the *other* internships at the same
  company (the same P-number when both have one, else the same CVR: per pair) whose
  period covers this start date;
- ``shared_text``: normalised purpose texts used by at least ``min_citizens`` citizens;
- ``repeated``/``superseded``: an agreement id on more than one record counts as one
  agreement in all of these, its last record (``reference.canonical``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..checks import SQL_FORMS
from ..checks.base import LOAD_UNITS, SAME_COMPANY_SQL, lit
from ..engine import Engine, skipped_parts
from ..rulepack import Rule
from .tables import Database

#: RULES.md "Same company" between an own history entry (x) and another record (o): the
#: history rules' own condition (h: the entry, a: the agreement) with the names changed
_OWN_SAME_COMPANY = re.sub(r"\bh\.", "x.", re.sub(r"\ba\.", "o.", SAME_COMPANY_SQL))


@dataclass(frozen=True)
class Plan:
    """Which rules run where, and the batch steps the rule files ask for."""

    sql_rules: frozenset[str]
    python_rules: frozenset[str]
    history_rules: frozenset[str]
    load_rules: frozenset[str]
    shared_text_rule: str | None
    min_citizens: int


def plan(engine: Engine) -> Plan:
    rules = engine.rs.rules
    agreement_rules = [r for r in rules.values() if r.kind.scope == "agreement"]
    kinds = {r.id: r.spec.batch.kind for r in rules.values() if r.spec.batch is not None}
    shared = next((rules[rid] for rid, k in sorted(kinds.items()) if k == "shared_text"), None)
    min_citizens = int(getattr(shared.batch_params, "min_citizens", 5)) if shared else 5
    sql = frozenset(r.id for r in agreement_rules if r.spec.check in SQL_FORMS)
    return Plan(
        sql_rules=sql,
        python_rules=frozenset(r.id for r in agreement_rules) - sql,
        history_rules=frozenset(rid for rid, k in kinds.items() if k == "export_history"),
        load_rules=frozenset(rid for rid, k in kinds.items() if k == "workplace_load"),
        shared_text_rule=shared.id if shared else None,
        min_citizens=min_citizens,
    )


def full_time_hours(engine: Engine, p: Plan, day: dt.date) -> float | None:
    """Full-time hours from the workplace-load rule's parameters in force on that day."""
    for rid in sorted(p.load_rules):
        rule = engine.rs.rules[rid]
        if rid not in engine.disabled and rule.in_force(day):
            hours = getattr(rule.params_at(day), "full_time_hours", None)
            return float(hours) if hours else None
    return None


def _scope(rule: Rule, lo: dt.date | None, hi: dt.date | None, skip_sources: Iterable[int]) -> str:
    """The agreements a rule's slice applies to: start date inside the rule's validity and
    the slice's, readable, source able to check it."""
    conds = ["readable"]
    s = rule.spec
    for bound, op in ((s.valid_from, ">="), (lo, ">=")):
        if bound is not None:
            conds.append(f"start {op} {lit(bound)}")
    for bound, op in ((s.valid_to, "<="), (hi, "<=")):
        if bound is not None:
            conds.append(f"start {op} {lit(bound)}")
    skipped = sorted(set(skip_sources))
    if skipped:
        conds.append(f"src NOT IN ({', '.join(str(x) for x in skipped)})")
    return "SELECT * FROM agreements WHERE " + " AND ".join(conds)


def derive(db: Database, engine: Engine, p: Plan, without_difference: frozenset[int] = frozenset()) -> None:
    """The cross-record relations the SQL forms read. ``without_difference``: the JSON
    sources that have no difference field — the entries built from the export for their
    records state no difference, so VP502 reads none of them (``diff_blank`` false, as
    ``reference.UnknownDifference``)."""
    con = db.con
    con.execute("CREATE TABLE target_groups (code VARCHAR)")
    if engine.ctx.groups:
        con.executemany("INSERT INTO target_groups VALUES (?)", [[g] for g in sorted(engine.ctx.groups)])
    # Repeated agreement ids (two overlapping exports, a file given twice): of the records
    # that take part in the cross-record steps, an id that occurs more than once counts as
    # ONE agreement — its last record in input order (``reference.canonical``). The others
    # still get their own findings and read the cross-record steps, but add nothing to
    # another record's history, load, shared text or the per-citizen figures.
    con.execute("""
        CREATE TABLE repeated AS
        SELECT id_key, max(rec) AS last FROM agreements
        WHERE readable AND cit IS NOT NULL AND id_key IS NOT NULL
        GROUP BY id_key HAVING count(*) > 1""")
    con.execute("""
        CREATE TABLE superseded AS
        SELECT a.rec, r.last FROM agreements a JOIN repeated r ON r.id_key = a.id_key
        WHERE a.readable AND a.cit IS NOT NULL AND a.rec <> r.last""")
    history_on = bool(p.history_rules - engine.disabled)
    unknown = (f" AND a.src NOT IN ({', '.join(str(si) for si in sorted(without_difference))})"
               if without_difference else "")
    export_part = f"""
        UNION ALL
        SELECT b.rec, coalesce(n.n, 0) + CAST(row_number() OVER (PARTITION BY b.rec ORDER BY b.jrec) AS INTEGER) - 1,
               b.hid, b.cvr_key, b.p_key, b.start, b."end", b.title_norm, b.fn_norm, b.diff_blank
        FROM (SELECT a.rec, o.rec AS jrec, o.id_key AS hid, o.cvr_key, o.p_key, o.start, o.final_end AS "end",
                     o.title_norm, o.fn_norm, a.diff_blank{unknown} AS diff_blank
              FROM agreements a JOIN agreements o
                ON o.cit = a.cit AND o.rec <> a.rec AND o.start < a.start AND o.readable
                   AND o.id_key IS DISTINCT FROM a.id_key
                   AND o.rec NOT IN (SELECT rec FROM superseded)
              WHERE a.readable AND a.cit IS NOT NULL
                AND NOT EXISTS (
                    SELECT 1 FROM own_history x WHERE x.rec = a.rec
                      -- an entry that is this agreement itself lists no other (review 20, F6)
                      AND NOT coalesce(x.own_id = a.id_key AND coalesce(x.start >= a.start, TRUE)
                                       AND coalesce(x."end" >= a.start, TRUE), FALSE)
                      AND ((o.id_key IS NOT NULL AND x.own_id = o.id_key)
                           OR ((x.start = o.start OR (x.start IS NULL AND x."end" = o.final_end))
                               AND {_OWN_SAME_COMPANY})))) b
        LEFT JOIN (SELECT rec, CAST(count(*) AS INTEGER) AS n FROM own_history GROUP BY rec) n ON n.rec = b.rec
    """ if history_on else ""
    con.execute(f"""
        CREATE TABLE hist AS
        SELECT x.rec, x.idx, x.hid, x.cvr_key, x.p_key, x.start, x."end", x.title_norm, x.fn_norm, x.diff_blank
        FROM own_history x LEFT JOIN agreements g ON g.rec = x.rec
        -- an entry with the agreement's own id is the agreement itself, never its own earlier
        -- internship unless a date of it is before this start (``repeat.is_this_agreement``;
        -- review 20, F6; review 21, F3); its index stays taken
        WHERE NOT coalesce(x.own_id = g.id_key AND coalesce(x.start >= g.start, TRUE)
                           AND coalesce(x."end" >= g.start, TRUE), FALSE)
        {export_part}""")
    # Workplace load on each start date, as the reference counts it (reference.loads):
    # the full-time equivalents of the other internships at the same company — RULES.md's
    # pairwise "same P-number when both sides have one, else the same CVR", not a grouping
    # — whose period covers the day. An internship with a P-number reads two disjoint sets
    # (``p``: its P-number's; ``n``: its CVR's without a P-number), one without reads its
    # CVR's (``c``). A set's covering sum on a day is a running sum of its starts (+) up to
    # and including the day and its ends (−) before it (windows per set, no pairwise join;
    # RANGE: every start of the day counts), in whole LOAD_UNITS so that the sums are exact
    # whatever order the window adds them in; less the internship's own. It reads ``p`` and
    # ``c`` on its own start row (``rec`` set), ``n`` on a row of its own (``ord`` 1).
    con.execute(f"""
        CREATE TABLE workload AS
        WITH m AS (SELECT rec, p_key, cvr_key, start, final_end,
                          -- a period ending before it starts covers no day (reference: _covering);
                          -- a superseded record of a repeated id adds nothing, but reads its load
                          CASE WHEN final_end >= start AND rec NOT IN (SELECT rec FROM superseded)
                               THEN fte ELSE 0 END AS fte FROM agreements
                   WHERE readable AND cit IS NOT NULL AND (p_key IS NOT NULL OR cvr_key IS NOT NULL)),
        -- a superseded record's load is of the *other* agreements: less its id's last record
        -- where that one is counted (the same company, covering its start date)
        own_id AS (SELECT s.rec, CASE WHEN {SAME_COMPANY_SQL}
                                            AND h.start <= a.start AND h.final_end >= a.start
                                            AND h.final_end >= h.start THEN h.fte ELSE 0 END AS fte
                   FROM superseded s JOIN agreements a ON a.rec = s.rec JOIN agreements h ON h.rec = s.last
                   WHERE h.p_key IS NOT NULL OR h.cvr_key IS NOT NULL),
        -- CVRs with internships without a P-number, and with some with one: only there are
        -- ``c`` and ``n`` needed (an export where every internship has a P-number sorts ``p``)
        no_p AS (SELECT DISTINCT cvr_key FROM m WHERE p_key IS NULL AND cvr_key IS NOT NULL),
        with_p AS (SELECT DISTINCT cvr_key FROM m WHERE p_key IS NOT NULL AND cvr_key IS NOT NULL),
        mc AS (SELECT * FROM m WHERE cvr_key IN (SELECT cvr_key FROM no_p)),
        mn AS (SELECT * FROM m WHERE p_key IS NULL AND cvr_key IN (SELECT cvr_key FROM with_p)),
        events AS (SELECT 'p' AS kind, p_key AS k, start AS day, 0 AS ord, fte AS delta, rec FROM m
                   WHERE p_key IS NOT NULL
                   UNION ALL SELECT 'p', p_key, final_end, 2, -fte, NULL FROM m WHERE p_key IS NOT NULL
                   UNION ALL SELECT 'c', cvr_key, start, 0, fte, CASE WHEN p_key IS NULL THEN rec END FROM mc
                   UNION ALL SELECT 'c', cvr_key, final_end, 2, -fte, NULL FROM mc
                   UNION ALL SELECT 'n', cvr_key, start, 0, fte, NULL FROM mn
                   UNION ALL SELECT 'n', cvr_key, final_end, 2, -fte, NULL FROM mn
                   UNION ALL SELECT 'n', cvr_key, start, 1, 0, rec FROM mc WHERE p_key IS NOT NULL),
        covered AS (SELECT rec, sum(delta) OVER (PARTITION BY kind, k ORDER BY day, ord
                                RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c FROM events)
        SELECT m.rec, CAST(greatest(0, sum(c.c) - m.fte - coalesce(any_value(o.fte), 0)) AS DOUBLE)
                      / {LOAD_UNITS}.0 AS counted
        FROM covered c JOIN m ON m.rec = c.rec LEFT JOIN own_id o ON o.rec = m.rec
        GROUP BY m.rec, m.fte""")
    con.execute(f"""
        CREATE TABLE shared_text AS
        SELECT desc_key, count(DISTINCT cit) AS citizens FROM agreements
        WHERE readable AND desc_key IS NOT NULL AND cit IS NOT NULL AND rec NOT IN (SELECT rec FROM superseded)
        GROUP BY desc_key HAVING count(*) >= {p.min_citizens} AND count(DISTINCT cit) >= {p.min_citizens}""")


def _term_pattern(term: str) -> str:
    """A LIKE pattern for a fact that is the term ``term`` (sql_term's JSON)."""
    return '%:{"term":"' + term + '"}%'


def _part_sources(rid: str, skip: dict[int, frozenset[str]]) -> dict[str, list[int]]:
    """Per term of a part of ``rid`` not checkable, the sources it is not checkable in."""
    out: dict[str, list[int]] = {}
    for si, rules in sorted(skip.items()):
        for term in sorted(skipped_parts(rid, rules)):
            out.setdefault(term, []).append(si)
    return out


def run(db: Database, engine: Engine, p: Plan, skip: dict[int, frozenset[str]]) -> int:
    """Every SQL rule's hits into ``hits`` (rec, rule, seq, pointer, facts)."""
    con = db.con
    con.execute("CREATE TABLE hits (rec BIGINT, rule VARCHAR, seq INTEGER, pointer VARCHAR, facts VARCHAR)")
    for rid in sorted(p.sql_rules - engine.disabled):
        rule = engine.rs.rules[rid]
        form = SQL_FORMS[rule.spec.check]
        skipped = [si for si, rules in skip.items() if rid in rules]
        # a part the source cannot feed (Engine.not_checkable): its hits are left out, as the
        # reference's Engine.check leaves them out
        parts = " AND ".join(
            f"NOT (CAST(facts AS VARCHAR) LIKE {lit(_term_pattern(term))} AND rec IN "
            f"(SELECT rec FROM agreements WHERE src IN ({', '.join(str(si) for si in srcs)})))"
            for term, srcs in _part_sources(rid, skip).items()) or "TRUE"
        for sl in rule.slices:
            query = form(sl.params)
            con.execute(f"""
                INSERT INTO hits
                WITH scope AS ({_scope(rule, sl.valid_from, sl.valid_to, skipped)})
                SELECT rec, {lit(rid)}, CAST(seq AS INTEGER), pointer, CAST(facts AS VARCHAR) FROM ({query})
                WHERE {parts}""")
    # VP103's batch step: the same purpose text for at least min_citizens citizens — only
    # where the rule found nothing else on the record (in SQL or in the screen), as the
    # reference adds it; so the findings and the statistics read ``hits`` as it is.
    shared = p.shared_text_rule
    if shared is not None and shared not in engine.disabled:
        rule = engine.rs.rules[shared]
        for sl in rule.slices:
            # as the rule's own function: never on a dagpenge availability test (review 9, finding 8)
            exempt = sorted(getattr(sl.params, "availability_groups", None) or ())
            groups = ", ".join(lit(g) for g in exempt)
            not_exempt = f"NOT (a.avail AND a.target_group IN ({groups}))" if exempt else "TRUE"
            con.execute(f"""
            INSERT INTO hits
            WITH scope AS ({_scope(rule, sl.valid_from, sl.valid_to, ())})
            SELECT a.rec, {lit(shared)}, 1000000, '/purpose/description',
                   CAST(json_object('problem', json_object('term', 'boilerplate'), 'citizens', s.citizens) AS VARCHAR)
            FROM scope a JOIN shared_text s ON s.desc_key = a.desc_key
            WHERE a.cit IS NOT NULL AND {not_exempt}
              AND NOT EXISTS (SELECT 1 FROM hits h WHERE h.rec = a.rec AND h.rule = {lit(shared)})
              AND (a.pyf IS NULL OR NOT list_contains(
                   list_transform(from_json(a.pyf, '[{{"rule": "VARCHAR"}}]'), lambda f: f.rule), {lit(shared)}))""")
    got = con.execute("SELECT count(*) FROM hits").fetchone()
    return int(got[0]) if got else 0
