"""`praktiktjek serve` under load (issue #11), for benchmarks/RESULTS.md.

1. POST /api/check with one agreement at concurrency 1, 8 and 32 against a local uvicorn
   on 127.0.0.1 (a bounded load generator: httpx async, a fixed number of requests per
   level), throughput and p50/p99 latency; next to the same agreements through
   `praktiktjek check` in one process.
2. The server's RSS after 100,000 requests (sampled along the way: no growth).
3. Time from a keystroke to the finding on the page, in headless Chromium.

Only loopback traffic; every loop is bounded in count. Usage:
    python benchmarks/web.py [--requests 3000] [--soak 100000] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
AGREEMENT = ROOT / "examples" / "agreements" / "vp202-dagpenge-6-uger.json"
PRAKTIKTJEK = Path(sys.executable).parent / "praktiktjek"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    total = 0
    for p in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of the server (and its workers)."""
    total = 0
    for p in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


async def load(url: str, body: bytes, total: int, concurrency: int) -> tuple[float, list[float]]:
    """``total`` requests, ``concurrency`` at a time; returns wall seconds and latencies."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        left = total

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                t0 = time.perf_counter()
                r = await client.post(url, content=body, headers={"content-type": "application/json"})
                latencies.append(time.perf_counter() - t0)
                assert r.status_code == 200, r.text[:200]

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t0, latencies


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000


def check_in_one_process(n: int) -> float:
    data = json.loads(AGREEMENT.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "many.jsonl"
        f.write_text("".join(json.dumps({**data, "id": f"B-{i}"}, ensure_ascii=False) + "\n" for i in range(n)),
                     "utf-8")
        t0 = time.perf_counter()
        subprocess.run([str(PRAKTIKTJEK), "check", "--format", "json", str(f)], stdout=subprocess.DEVNULL,
                       check=False)
        return time.perf_counter() - t0


def keystroke_to_finding(base: str, rounds: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + "/")
        page.fill("#f-id", "B-1")
        page.select_option("#f-target_group", "dagpenge")
        page.fill("#f-citizen-id", "c-1")
        page.fill("#f-company-cvr", "35954716")
        page.fill("#f-start", "2021-03-01")
        page.fill("#f-end", "2021-03-28")
        page.wait_for_selector("#findings .tally")
        vp202 = "#findings li.finding:has-text('VP202')"
        for i in range(rounds):
            bad = i % 2 == 0
            t0 = time.perf_counter()
            page.fill("#f-end", "2021-04-11" if bad else "2021-03-28")
            if bad:
                page.wait_for_selector(vp202, timeout=10_000)
            else:
                page.wait_for_selector(vp202, state="detached", timeout=10_000)
            out.append(time.perf_counter() - t0)
        browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=3000, help="requests per concurrency level")
    ap.add_argument("--soak", type=int, default=100_000, help="requests for the RSS measurement")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--keystrokes", type=int, default=20)
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([str(PRAKTIKTJEK), "serve", "--port", str(port), "--workers", str(args.workers)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not start")
            time.sleep(0.1)
        body = AGREEMENT.read_bytes()
        url = base + "/api/check"
        asyncio.run(load(url, body, 300, 4))  # warm up
        print(f"## POST /api/check, one agreement ({AGREEMENT.name}), {args.workers} worker(s), "
              f"{args.requests} requests per level\n")
        print("| concurrency | requests/s | p50 ms | p99 ms | server CPU ms/request |\n|---|---|---|---|---|")
        for c in (1, 8, 32):
            cpu0 = cpu_s(server.pid)
            wall, lat = asyncio.run(load(url, body, args.requests, c))
            cpu = (cpu_s(server.pid) - cpu0) / args.requests * 1000
            print(f"| {c} | {args.requests / wall:.0f} | {pct(lat, 0.5):.1f} | {pct(lat, 0.99):.1f} | {cpu:.2f} |",
                  flush=True)
        n = args.requests
        secs = check_in_one_process(n)
        print(f"\n`praktiktjek check --format json` of the same agreement {n} times (JSON Lines, one process, "
              f"start-up included): {secs:.2f} s = {n / secs:.0f} agreements/s\n")
        print("## RSS of the server over the soak\n\n| requests | RSS MiB |\n|---|---|")
        print(f"| 0 (after the runs above) | {rss_mb(server.pid):.1f} |", flush=True)
        done = 0
        step = max(1, args.soak // 5)
        while done < args.soak:
            k = min(step, args.soak - done)
            asyncio.run(load(url, body, k, 8))
            done += k
            print(f"| {done} | {rss_mb(server.pid):.1f} |", flush=True)
        ks = keystroke_to_finding(base, args.keystrokes) if args.keystrokes else [0.0]
        print(f"\n## Keystroke to finding (Chromium, {len(ks)} edits of the end date, 250 ms debounce included)\n")
        print(f"median {statistics.median(ks) * 1000:.0f} ms, max {max(ks) * 1000:.0f} ms")
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
