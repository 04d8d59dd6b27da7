"""Peak memory and time of the boundary cases of issue #9, for the code in this checkout
or another source tree (``--src``, e.g. an unpacked older commit): ``check /dev/zero``,
a file holding one 500 MB line (check and audit), and 1,000 internships of one citizen
at one company (audit, JSON Lines on stdout). Each run gets an address-space cap
(``--cap-gb``) so that a run that would read without bound is stopped, not the machine.

    python benchmarks/boundary.py --work /tmp/bench9 [--src /tmp/old/src]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _prepare(work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    line = work / "line500.jsonl"
    if not line.exists():
        with line.open("wb") as fh:
            fh.write(b'{"id": "' + b"x" * (500 * 1024 * 1024) + b'"}\n')
    one = work / "one-citizen.jsonl"
    if not one.exists():
        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import agreement

        with one.open("w", encoding="utf-8") as fh:
            for i in range(1000):
                s = dt.date(2000, 1, 3) + dt.timedelta(days=7 * i)
                fh.write(json.dumps(agreement({
                    "id": f"H{i:04d}", "citizen": {"id": "c-1"}, "start": s.isoformat(),
                    "end": (s + dt.timedelta(days=27)).isoformat()})) + "\n")


def _run(argv: list[str], src: str | None, cap_gb: float, out: Path) -> dict[str, object]:
    env = {**os.environ, "PRAKTIKTJEK_NO_CACHE": "1"}
    if src:
        env["PYTHONPATH"] = src
    cap = int(cap_gb * 1024 * 1024)
    cmd = ["bash", "-c", f"ulimit -v {cap}; exec /usr/bin/time -v {sys.executable} -m praktiktjek "
           + " ".join(argv) + f" > {out}"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, errors="replace", check=False)
    err = proc.stderr
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", err)
    seconds = 0.0
    if wall:
        for part in wall.group(1).split(":"):
            seconds = seconds * 60 + float(part)
    status = re.search(r"Exit status: (\d+)", err)
    killed = re.search(r"Command terminated by signal (\d+)", err)
    return {"rss_mb": round(int(rss.group(1)) / 1024) if rss else None, "seconds": round(seconds, 1),
            "exit": int(status.group(1)) if status else (f"signal {killed.group(1)}" if killed else "?"),
            "out_bytes": out.stat().st_size if out.exists() else 0,
            "memory_error": "MemoryError" in err or "Cannot allocate" in err}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=Path("/tmp/praktiktjek-boundary"))
    ap.add_argument("--src", help="another source tree to measure (PYTHONPATH)")
    ap.add_argument("--cap-gb", type=float, default=4.0)
    args = ap.parse_args()
    _prepare(args.work)
    w = args.work
    cases = {
        "check /dev/zero": ["check", "/dev/zero"],
        "check, one 500 MB line": ["check", str(w / "line500.jsonl")],
        "audit, one 500 MB line": ["audit", "-q", "-j", "2", str(w / "line500.jsonl")],
        "audit, 1,000 records of one citizen": ["audit", "-q", "-j", "2", "-f", "jsonl",
                                                str(w / "one-citizen.jsonl")],
    }
    for name, argv in cases.items():
        got = _run(argv, args.src, args.cap_gb, w / "out.txt")
        print(f"{name}: {json.dumps(got)}", flush=True)


if __name__ == "__main__":
    main()
