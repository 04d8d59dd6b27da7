"""Step 5: the statistics of the console summary, the JSON summary and the HTML report,
computed with SQL over the audit's own tables (``agreements`` and ``hits``) before the
database is removed — never tallied record by record in Python.

The Python reference engine tallies the same figures as its results stream out
(:meth:`praktiktjek.auditreport.Stats.add_brief`); ``tests/test_batch_parity.py`` requires
both to be identical, and both reports byte-identical. What that takes:

- a record's findings are the screen's (``pyf``, a JSON array, in its order) and then the
  SQL rules' hits (by rule and ``seq``; the shared-text step adds its hit only where the
  rule found nothing else, :func:`.rules.run`);
- an example names the first finding of its rule in the record, in that order;
- durations are kept as the reference keeps them, in single precision (``array("f")``);
  the mean is ``fsum(weeks) / n``: the sum is summed exactly in SQL (every such value is a
  whole multiple of 2⁻⁴⁰, see :data:`SCALE`) and rounded once in Python, as ``fsum``
  rounds it; the median is the middle value, or the two middle ones added and halved
  (``statistics.median``), both in SQL's IEEE doubles;
- a key's place in a tally (which sector comes first among equal counts) is its first
  record's, as a ``Counter`` fills in record order.

Texts come from columns that passed the door in the screen (``group_out``,
``municipality``, ``sector``, ``aid_out``, ``source_out``); nothing here makes a new one
but the report's own words for a missing municipality or sector.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..auditreport import HIST_BINS, NO_MUNICIPALITY, Stats, example_text
from ..checks.base import lit
from ..engine import Engine
from .tables import Database

#: weeks are whole days / 7 in single precision: 0, or at least 1/7, whose float32 has an
#: exponent of -3 and so 2⁻²⁶ as its last bit; scaled by 2⁴⁰ every value is a whole number
#: (below 2⁶³ for any period between year 1 and 9999), and so is their sum (HUGEINT)
SCALE = 1 << 40
SEVERITIES = ("error", "warning", "info")

#: the screen's findings of a record, one row each, in their order
_PYF_TYPE = '[{"rule": "VARCHAR", "severity": "VARCHAR", "line": "INTEGER", "waived": "JSON"}]'


def _found(db: Database, engine: Engine) -> None:
    """``stats_findings``: every finding that reaches a record's result (rec, rule, severity,
    waived, line, part, pos), ``(part, pos)`` its place among the record's findings of
    the same rule."""
    con = db.con
    con.execute("CREATE TABLE stats_severity (rule VARCHAR, severity VARCHAR)")
    con.executemany("INSERT INTO stats_severity VALUES (?, ?)",
                    [[rid, r.severity] for rid, r in sorted(engine.rs.rules.items())])
    con.execute(f"""
        CREATE TABLE stats_findings AS
        WITH py AS (
            SELECT rec, f.rule AS rule, f.severity AS severity, f.waived IS NOT NULL AS waived,
                   f.line AS line, 0 AS part, i AS pos
            FROM (SELECT rec, unnest(fs) AS f, generate_subscripts(fs, 1) AS i
                  FROM (SELECT rec, from_json(pyf, '{_PYF_TYPE}') AS fs FROM agreements
                        WHERE pyf IS NOT NULL))),
        sq AS (
            SELECT h.rec, h.rule, s.severity, false AS waived, a.finding_line AS line, 1 AS part, h.seq AS pos
            FROM hits h JOIN agreements a ON a.rec = h.rec JOIN stats_severity s ON s.rule = h.rule)
        SELECT rec, rule, severity, waived, line, part, pos FROM py
        UNION ALL
        SELECT rec, rule, severity, waived, line, part, pos FROM sq""")


def _counter(rows: list[tuple[Any, ...]]) -> Counter[Any]:
    """A tally from (key, count) rows, keys in the order given (first record first)."""
    c: Counter[Any] = Counter()
    for key, n in rows:
        c[key] = int(n)
    return c


def compute(db: Database, engine: Engine) -> tuple[Stats, dict[int, int]]:
    """The audit's statistics, and the number of citizens with 1, 2, … internships."""
    con = db.con
    _found(db, engine)
    # the records of a repeated agreement id that do not stand for it (rules.derive; none
    # when the statistics are computed over tables made without it): their findings are
    # tallied record by record, but they are no agreement of the statistics (common.Facts)
    con.execute("CREATE TABLE IF NOT EXISTS superseded (rec BIGINT, last BIGINT)")
    st = Stats()
    got = con.execute("""SELECT count(*), count(*) FILTER (readable AND group_out IS NOT NULL
                                                           AND rec NOT IN (SELECT rec FROM superseded))
                         FROM agreements""").fetchone()
    assert got is not None
    st.records, st.readable = int(got[0]), int(got[1])
    sev = dict.fromkeys(SEVERITIES, 0)
    for severity, n in con.execute("SELECT severity, count(*) FROM stats_findings WHERE NOT waived GROUP BY severity"
                                   ).fetchall():
        sev[severity] = int(n)
    st.error, st.warning, st.info = sev["error"], sev["warning"], sev["info"]
    got = con.execute("""SELECT count(*) FILTER (waived), count(*) FILTER (NOT waived AND rule = 'VP000'),
                                count(DISTINCT rec) FROM stats_findings""").fetchone()
    assert got is not None
    st.waived, st.input_problems, st.with_findings = int(got[0]), int(got[1]), int(got[2] or 0)
    for rule, n, agreements in con.execute("""
            SELECT rule, count(*), count(DISTINCT rec) FROM stats_findings WHERE NOT waived
            GROUP BY rule ORDER BY min(rec), rule""").fetchall():
        st.by_rule[rule] = int(n)
        st.agreements_by_rule[rule] = int(agreements)
    # up to five examples per rule: the first records with a finding of it, each at the
    # line of its first finding of the rule (else the record's own)
    for rule, aid, source, line in con.execute("""
            WITH first AS (
                SELECT rec, rule, arg_min_null(line, (part, pos)) AS line,
                       row_number() OVER (PARTITION BY rule ORDER BY rec) AS nth
                FROM stats_findings WHERE NOT waived GROUP BY rec, rule)
            SELECT f.rule, nullif(a.aid_out, ''), a.source_out,
                   CASE WHEN f.line <> 0 THEN f.line WHEN a.line <> 0 THEN a.line END
            FROM first f JOIN agreements a ON a.rec = f.rec
            WHERE f.nth <= 5 ORDER BY f.rule, f.rec""").fetchall():
        st.examples.setdefault(rule, []).append(example_text(aid, source, line))
    _readable(con, st)
    per_citizen = {int(size): int(count) for size, count in con.execute(
        "SELECT n, count(*) FROM (SELECT count(*) AS n FROM agreements WHERE readable "
        "AND cit IS NOT NULL AND rec NOT IN (SELECT rec FROM superseded) GROUP BY cit) "
        "GROUP BY n ORDER BY n").fetchall()}
    return st, per_citizen


def _readable(con: Any, st: Stats) -> None:
    """The tallies over readable agreements, a repeated id once (its last record, as
    ``common.Facts``): per municipality, target group, year and sector, and the durations."""
    con.execute(f"""
        CREATE TABLE stats_readable AS
        SELECT a.rec, a.group_out AS grp,
               CASE WHEN a.municipality IS NULL OR a.municipality = '' THEN {lit(NO_MUNICIPALITY)}
                    ELSE a.municipality END AS muni,
               CASE WHEN a.sector IS NULL OR a.sector = '' THEN 'ukendt' ELSE a.sector END AS sector,
               year(a.start) AS year,
               CAST(CAST(a.weeks AS FLOAT) AS DOUBLE) AS weeks,
               coalesce(n.counted, 0) AS counted
        FROM agreements a
        LEFT JOIN (SELECT rec, count(*) AS counted FROM stats_findings WHERE NOT waived GROUP BY rec) n ON n.rec = a.rec
        WHERE a.readable AND a.group_out IS NOT NULL AND a.rec NOT IN (SELECT rec FROM superseded)""")
    for key, recs, finds in con.execute(
            "SELECT muni, count(*), sum(counted) FROM stats_readable GROUP BY muni ORDER BY min(rec)").fetchall():
        st.records_by_municipality[key] = int(recs)
        st.findings_by_municipality[key] = int(finds)
    for key, recs, finds in con.execute(
            "SELECT grp, count(*), sum(counted) FROM stats_readable GROUP BY grp ORDER BY min(rec)").fetchall():
        st.records_by_group[key] = int(recs)
        st.findings_by_group[key] = int(finds)
    st.group_year = _counter([((g, int(y)), n) for g, y, n in con.execute(
        "SELECT grp, year, count(*) FROM stats_readable GROUP BY grp, year ORDER BY min(rec)").fetchall()])
    st.sector = _counter(con.execute(
        "SELECT sector, count(*) FROM stats_readable GROUP BY sector ORDER BY min(rec)").fetchall())
    # durations per target group and over all (NULL stands for all)
    durations = con.execute(f"""
        WITH w AS (SELECT grp, weeks FROM stats_readable WHERE weeks IS NOT NULL
                   UNION ALL SELECT NULL, weeks FROM stats_readable WHERE weeks IS NOT NULL),
        ranked AS (SELECT grp, weeks, row_number() OVER (PARTITION BY grp ORDER BY weeks) AS k,
                          count(*) OVER (PARTITION BY grp) AS n FROM w)
        SELECT grp, any_value(n), sum(CAST(weeks * {SCALE} AS BIGINT)),
               CASE WHEN any_value(n) % 2 = 1 THEN max(weeks) FILTER (k = n // 2 + 1)
                    ELSE (max(weeks) FILTER (k = n // 2) + max(weeks) FILTER (k = n // 2 + 1)) / CAST(2 AS DOUBLE)
               END,
               bool_and(weeks * {SCALE} = trunc(weeks * {SCALE}))
        FROM ranked GROUP BY grp""").fetchall()
    rows: dict[str | None, tuple[str, int, float, float]] = {}
    for grp, n, scaled, median, exact in durations:
        if not exact:  # not whole days / 7 (cannot happen): say so rather than round
            raise ValueError("a duration in weeks is not a whole number of days")
        # fsum's correctly rounded sum (an int divided by a power of two is rounded once), / n
        rows[grp] = ("i alt" if grp is None else grp, int(n), (int(scaled) / SCALE) / int(n), float(median))
    # the report's order: target groups as Python sorts them, then all together
    st.durations = [rows[g] for g in sorted(g for g in rows if g is not None)] + ([rows[None]] if None in rows else [])
    st.histograms = {g: [0] * HIST_BINS for g in sorted(g for g in rows if g is not None)}
    for grp, b, n in con.execute(f"""
            SELECT grp, CASE WHEN weeks >= 0 THEN least(CAST(trunc(weeks) AS BIGINT), {HIST_BINS - 1}) ELSE 0 END
                        AS bin, count(*)
            FROM stats_readable WHERE weeks IS NOT NULL GROUP BY grp, bin""").fetchall():
        st.histograms[grp][int(b)] = int(n)
