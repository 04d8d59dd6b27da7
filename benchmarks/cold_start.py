"""Cold-start wall time of `praktiktjek check` on one agreement, next to check-jsonschema
validating the same file against our own JSON Schema (issue #2 and #3 targets).

Each command runs in a fresh process, interleaved, many times; the medians and their
ratio are printed. A benchmark, not a test: it reports figures and never fails.

Run: make bench   (or: .venv/bin/python benchmarks/cold_start.py --runs 31)
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AGREEMENT = ROOT / "examples" / "agreements" / "ok-dagpenge-4-uger.json"


def wall(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one fresh process. This machine is a
    shared VM with much steal time, so CPU time is the steadier of the two."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        schema = Path(tmp) / "agreement.schema.json"
        schema.write_text(subprocess.run([str(BIN / "praktiktjek"), "schema"], capture_output=True,
                                         text=True, check=True).stdout, "utf-8")
        cmds = {
            "praktiktjek check (text)": [str(BIN / "praktiktjek"), "check", str(AGREEMENT)],
            "praktiktjek check --format json": [str(BIN / "praktiktjek"), "check", "-f", "json", str(AGREEMENT)],
            "python -c pass": [sys.executable, "-c", "pass"],
        }
        cj = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
        if cj:
            cmds["check-jsonschema --schemafile"] = [cj, "--schemafile", str(schema), str(AGREEMENT)]
        for cmd in cmds.values():  # warm the file cache and praktiktjek's rule cache
            wall(cmd, env)
        times: dict[str, list[float]] = {k: [] for k in cmds}
        cpus: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                w, c = wall(cmd, env)
                times[name].append(w)
                cpus[name].append(c)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"runs per command: {args.runs} (fresh process each, interleaved); medians")
    med = {k: statistics.median(v) for k, v in times.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}
    for name, v in times.items():
        print(f"  {name:<36} wall {med[name] * 1000:5.0f} ms (min {min(v) * 1000:4.0f}, "
              f"max {max(v) * 1000:4.0f})   cpu {cpu[name] * 1000:5.0f} ms")
    main_cmd, ref = "praktiktjek check (text)", "check-jsonschema --schemafile"
    if ref in med:
        print(f"ratio praktiktjek / check-jsonschema: wall {med[main_cmd] / med[ref]:.2f}, "
              f"cpu {cpu[main_cmd] / cpu[ref]:.2f}  (target ≤ 0.65)")
    else:
        print("check-jsonschema not installed: run `make bench` to install it")
    print(f"target of issue #2: ≤ 150 ms; measured {med[main_cmd] * 1000:.0f} ms wall, "
          f"{cpu[main_cmd] * 1000:.0f} ms cpu")


if __name__ == "__main__":
    main()
