"""CI-format benchmark (issue #10): size and time of the SARIF and JUnit reports for the
synthetic records of benchmarks/generate.py, for this checkout and for an earlier
commit ("before"), each run in its own process on the same input.

A benchmark, not a test: it prints a Markdown table and asserts nothing. Times are the
reporter's CPU time, with wall time in brackets (on a shared machine the wall time
varies several-fold with the load; the CPU time much less).
Run: make bench-ci   (or python benchmarks/ci_formats.py --records 22500 171244 --before d9a15c5)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Run inside the measured tree: check once, then time each reporter into a file.
DRIVER = r'''
import json, os, sys, time, resource
from pathlib import Path
from praktiktjek.cli import _setup
from praktiktjek.pipeline import check_paths
from praktiktjek.reporters import REPORTERS, ReportContext
from praktiktjek.results import summarise

src, out, junit_cases = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
setup = _setup(None, None, None, None, None, None, False)
t = time.perf_counter()
results = check_paths(setup.engine, [src])
check_s = time.perf_counter() - t
summary = summarise(results)
kw = {"junit_cases": junit_cases} if junit_cases != "-" else {}
ctx = ReportContext(setup.engine.rs, "da", setup.engine, **kw)
row = {"records": summary.records, "findings": sum(len(r.findings) for r in results), "check_s": check_s}
for fmt in ("sarif", "junit"):
    path = out / f"report.{fmt}"
    t, c = time.perf_counter(), time.process_time()
    with path.open("w", encoding="utf-8") as fh:
        REPORTERS[fmt](results, summary, ctx, fh)
    row[fmt + "_s"] = time.perf_counter() - t
    row[fmt + "_cpu"] = time.process_time() - c
    row[fmt + "_bytes"] = path.stat().st_size
    if fmt == "sarif":
        with path.open("rb") as fh:
            row["sarif_results"] = len(json.load(fh)["runs"][0]["results"])
    else:
        import xml.etree.ElementTree as ET
        row["junit_cases"] = sum(1 for _, el in ET.iterparse(str(path)) if el.tag == "testcase")
    path.unlink()
row["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(row))
'''


def export_tree(ref: str, into: Path) -> Path:
    """The src/ and rules/ of ``ref`` (git archive), to run the earlier code unchanged."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref, "src", "rules"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def measure(tree: Path, records: Path, junit_cases: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        got = subprocess.run([sys.executable, "-c", DRIVER, str(records), out, junit_cases],
                             env={"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin",
                                  "PYDANTIC_DISABLE_PLUGINS": "__all__"},
                             capture_output=True, text=True, check=False, cwd=out)
    if got.returncode != 0:
        raise SystemExit(f"{tree}: {got.stderr.strip().splitlines()[-1] if got.stderr.strip() else got.returncode}")
    return json.loads(got.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, nargs="+", default=[22_500, 171_244])
    ap.add_argument("--before", default="d9a15c5", help="the earlier commit to compare with")
    ap.add_argument("--only", nargs="+", choices=["before", "after", "rule"], default=["before", "after", "rule"],
                    help="which rows to measure (rule: this checkout with --junit-cases rule)")
    args = ap.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    print("| records | version | findings | SARIF results | SARIF size | SARIF CPU (wall) | JUnit cases "
          "| JUnit size | JUnit CPU (wall) | peak RSS |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        before = export_tree(args.before, Path(tmp))
        for n in args.records:
            data = out / f"synthetic-{n}.jsonl"
            if not data.exists():
                subprocess.run([sys.executable, str(HERE / "generate.py"), "--records", str(n), str(data)], check=True)
            rows = {"before": (f"before ({args.before})", before, "-"), "after": ("after", ROOT, "agreement"),
                    "rule": ("after, --junit-cases rule", ROOT, "rule")}
            for key in args.only:
                label, tree, cases = rows[key]
                r = measure(tree, data, cases)
                print(f"| {n:,} | {label} | {r['findings']:,} | {r['sarif_results']:,} "
                      f"| {r['sarif_bytes'] / 1e6:.1f} MB | {r['sarif_cpu']:.1f} s ({r['sarif_s']:.1f} s) "
                      f"| {r['junit_cases']:,} | {r['junit_bytes'] / 1e6:.1f} MB "
                      f"| {r['junit_cpu']:.1f} s ({r['junit_s']:.1f} s) | {r['peak_rss_mb']:,} MB |", flush=True)


if __name__ == "__main__":
    main()
