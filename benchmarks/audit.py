"""Batch-audit benchmark (issue #4): the synthetic national year and a 1,000,000-record
variant, audited end to end, next to orjson alone parsing the same file on one core.

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


def audit(path: Path, jobs: int, out_dir: Path) -> dict[str, float]:
    cmd = [str(BIN / "praktiktjek"), "audit", "-q", "-j", str(jobs), "-f", "jsonl",
           "--findings", str(out_dir / "findings.csv"), "--report", str(out_dir / "report.html"), str(path)]
    peak = {"main": 0, "tree": 0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with (out_dir / "results.jsonl").open("wb") as sink:
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, nargs="+", default=[171_244])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; jobs {args.jobs}")
    for n in args.records:
        path = out_dir / f"synthetic-{n}.jsonl"
        if not path.exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), "--records", str(n), str(path)], check=True)
        size = path.stat().st_size / 1e6
        parse, count = orjson_parse(path)
        res = audit(path, args.jobs, out_dir)
        lines = sum(1 for _ in (out_dir / "results.jsonl").open("rb")) - 1
        print(f"\n{n} records ({size:.0f} MB JSON Lines), {lines} results written")
        print(f"  orjson parse, one core: {parse:6.2f} s  ({count / parse:,.0f} records/s)")
        print(f"  praktiktjek audit:      {res['wall']:6.2f} s wall, {res['cpu']:.2f} s CPU "
              f"({n / res['wall']:,.0f} records/s)")
        print(f"  ratio audit / orjson:   {res['wall'] / parse:6.1f}×  (target ≤ 4×)")
        print(f"  peak RSS: audit process {res['rss_main_mb']:.0f} MB; with its workers "
              f"{res['rss_tree_mb']:.0f} MB  (target ≤ 300 MB for 1,000,000)")


if __name__ == "__main__":
    main()
