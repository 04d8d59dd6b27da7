"""Batch-audit benchmark (issues #4, #12): the synthetic national year and a 1,000,000-record
variant, audited end to end by both engines (DuckDB and the Python reference), next to
orjson alone parsing the same file on one core. The two engines' outputs (every result,
the summary, the findings CSV) must be byte-identical: any difference fails the run.

Reports records/s, wall time, CPU time and peak RSS (the audit process, and the sum over
its worker processes, sampled from /proc). A benchmark, not a test: figures, no verdict
that can flake. Run: make bench-audit   (or python benchmarks/audit.py --records 171244)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def orjson_parse(path: Path) -> tuple[float, int]:
    import orjson

    n = 0
    t = time.perf_counter()
    with path.open("rb") as fh:
        for line in fh:
            orjson.loads(line)
            n += 1
    return time.perf_counter() - t, n


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(RSS of pid, RSS of pid and all its descendants) in KiB, from /proc."""
    def rss(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def children(p: int) -> list[int]:
        out = []
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                txt = (task / "children").read_text().split()
                out += [int(x) for x in txt]
        except OSError:
            pass
        return out

    own = rss(pid)
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss(p)
        stack += children(p)
    return own, total


def audit(path: Path, jobs: int, out_dir: Path, engine: str = "duckdb") -> dict[str, float]:
    cmd = [str(BIN / "praktiktjek"), "audit", "-q", "-j", str(jobs), "-f", "jsonl", "--engine", engine,
           "--findings", str(out_dir / f"findings-{engine}.csv"), "--report", str(out_dir / f"report-{engine}.html"),
           str(path)]
    peak = {"main": 0, "tree": 0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with (out_dir / f"results-{engine}.jsonl").open("wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                m, tr = _tree_rss_kb(proc.pid)
                peak["main"] = max(peak["main"], m)
                peak["tree"] = max(peak["tree"], tr)
                time.sleep(0.05)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        _, err = proc.communicate()
        done.set()
        th.join()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({proc.returncode}): {err.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss_main_mb": peak["main"] / 1024, "rss_tree_mb": peak["tree"] / 1024}


def breakdown(path: Path, jobs: int) -> dict[str, float]:
    """Where the DuckDB engine's time goes, from one in-process run (outputs discarded)."""
    from praktiktjek.auditreport import Stats
    from praktiktjek.batch import run_batch
    from praktiktjek.batch.common import AuditOptions
    from praktiktjek.batch.run import Timings
    from praktiktjek.engine import Engine
    from praktiktjek.pipeline import national_rules_dir
    from praktiktjek.readers.csvfile import load_mapping
    from praktiktjek.rulepack import load_rules

    t = Timings()
    # The statistics as they were computed before they came from SQL: tallied in Python
    # from every emitted result, timed here beside the SQL and required to be identical.
    tally, spent = Stats(), [0.0]

    def emit(text: str, doc: object, brief: Any, facts: Any) -> None:
        t0 = time.perf_counter()
        tally.add_brief(brief, facts)
        spent[0] += time.perf_counter() - t0

    run = run_batch(Engine(load_rules([], national=national_rules_dir())),
                    AuditOptions([str(path)], load_mapping(None), jobs, want_doc=False), emit, t)
    t0 = time.perf_counter()
    tally.finish()
    spent[0] += time.perf_counter() - t0
    if run.stats is None or run.stats.figures() != tally.figures():
        raise SystemExit("bench-audit: the statistics from SQL differ from the tallies")
    return {"screen": t.screen, "load": t.load, "engine": t.engine, "output": t.output,
            "rendered": t.rendered, "hits": t.hits, "stats": t.stats, "stats_tally": spent[0]}


def same(a: Path, b: Path) -> bool:
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, nargs="+", default=[171_244])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--engines", nargs="+", default=["duckdb", "python"])
    args = ap.parse_args()
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; jobs {args.jobs}")
    failed = False
    for n in args.records:
        path = out_dir / f"synthetic-{n}.jsonl"
        if not path.exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), "--records", str(n), str(path)], check=True)
        size = path.stat().st_size / 1e6
        parse, count = orjson_parse(path)
        print(f"\n{n} records ({size:.0f} MB JSON Lines)")
        print(f"  orjson parse, one core: {parse:6.2f} s  ({count / parse:,.0f} records/s)")
        for engine in args.engines:
            res = audit(path, args.jobs, out_dir, engine)
            lines = sum(1 for _ in (out_dir / f"results-{engine}.jsonl").open("rb")) - 1
            print(f"  {engine:>6}: {res['wall']:6.2f} s wall, {res['cpu']:.2f} s CPU "
                  f"({n / res['wall']:,.0f} records/s), {lines} results; "
                  f"{res['wall'] / parse:.1f}× the parse (target ≤ 4×); "
                  f"peak RSS {res['rss_main_mb']:.0f} MB, all processes {res['rss_tree_mb']:.0f} MB")
        if "duckdb" in args.engines and n <= 200_000:
            b = breakdown(path, args.jobs)
            print(f"  duckdb, where the time goes: screen (read, strict parse and model, columns) "
                  f"{b['screen']:.2f} s; load into DuckDB {b['load']:.2f} s; rules in SQL {b['engine']:.2f} s "
                  f"({b['hits']:,.0f} hits); rendering {b['rendered']:,.0f} distinct messages and writing "
                  f"{b['output']:.2f} s; the report's statistics in SQL {b['stats']:.2f} s (tallied in Python "
                  f"as before: {b['stats_tally']:.2f} s; identical)")
        if set(args.engines) >= {"duckdb", "python"}:
            for name in ("results-{}.jsonl", "findings-{}.csv"):
                a, b2 = out_dir / name.format("duckdb"), out_dir / name.format("python")
                if same(a, b2):
                    print(f"  {name.format('*')}: identical for both engines")
                else:
                    failed = True
                    print(f"  !!! {name.format('*')}: THE ENGINES DIFFER ({a} vs {b2})")
    if failed:
        raise SystemExit("bench-audit: the DuckDB and Python engines gave different results")


if __name__ == "__main__":
    main()
