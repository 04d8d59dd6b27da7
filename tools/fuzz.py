"""Feed many hostile inputs to every reader and through the engine and every output
format; count crashes (an exception), hangs (over the time limit) and records lost
(a JSON Lines or CSV line that did not become exactly one result). Deterministic for a
seed, so the README's figures can be reproduced: `make fuzz` (or python tools/fuzz.py).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import signal
import traceback
from collections.abc import Callable
from typing import Any

from praktiktjek.engine import Engine
from praktiktjek.pipeline import national_rules_dir
from praktiktjek.readers.csvfile import load_mapping, read_csv
from praktiktjek.readers.jsonfile import read_json, read_jsonl
from praktiktjek.reporters import REPORTERS, ReportContext
from praktiktjek.results import summarise
from praktiktjek.rulepack import load_rules

FRAGMENTS = [b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"\n", b"\r\n", b";", b"\t", b"\xef\xbb\xbf",
             b"\x00", b"\xff", b"\xe6", b"NaN", b"-", b"1e999", b"null", b"true", b'"id"', b'"start"',
             b'"2021-02-30"', b"31-02-2021", b"18,5", b"ja", b"|", b"\x1b[31m", b"<script>", b"=cmd|",
             b"0101901234", b"aftale_id;cpr;maalgruppe;cvr;startdato;slutdato\n"]


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang


def mutate(rng: random.Random, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        pos = rng.randrange(len(data) + 1)
        if op < 0.4 and data:
            del data[pos: pos + rng.randint(1, 20)]
        elif op < 0.8:
            data[pos:pos] = rng.choice(FRAGMENTS)
        else:
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=2000, help="inputs per reader")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=5, help="seconds before an input counts as a hang")
    args = ap.parse_args()
    rs = load_rules([], national=national_rules_dir())
    engine = Engine(rs)
    ctx = ReportContext(rs, "da", engine)
    mapping = load_mapping(None)
    base = rs.example_base or {}
    good_json = json.dumps(base, ensure_ascii=False).encode()
    csv_header = b"aftale_id;cpr;maalgruppe;cvr;startdato;slutdato;timer_pr_uge\n"
    good_csv = csv_header + b"A1;0101901234;Dagpengemodtager;35954716;01-03-2021;28-03-2021;30\n"
    readers: dict[str, tuple[Callable[[bytes], list[Any]], bytes]] = {
        "json": (lambda d: list(read_json(d, "fuzz.json")), good_json),
        "jsonl": (lambda d: list(read_jsonl(d, "fuzz.jsonl")), good_json + b"\n" + good_json),
        "csv": (lambda d: list(read_csv(d, "fuzz.csv", mapping)), good_csv),
    }
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(args.seed)
    print(f"{'reader':<7} {'inputs':>7} {'records':>8} {'crashes':>8} {'hangs':>6} {'lost':>5}")
    for name, (read, seed_input) in readers.items():
        crashes = hangs = lost = records = 0
        for i in range(args.inputs):
            kind = i % 3
            if kind == 0:
                data = mutate(rng, seed_input)
            elif kind == 1:
                data = b"".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 60)))
            else:
                data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
            signal.alarm(args.timeout)
            try:
                recs = read(data)
                results = [engine.run(r) for r in recs]
                summary = summarise(results)
                for fmt in REPORTERS:
                    REPORTERS[fmt](results, summary, ctx, io.StringIO())
                records += len(results)
                if name == "jsonl":
                    text = data.decode("utf-8", "replace").lstrip("\ufeff")
                    want = sum(1 for line in text.split("\n") if line.strip())
                    undecodable = any(r.problem and "UTF-8" in r.problem.detail for r in recs)
                    if want and not undecodable and len(results) != want:
                        lost += 1
            except Hang:
                hangs += 1
            except Exception:
                crashes += 1
                print(f"crash in {name} on {data[:200]!r}:\n{traceback.format_exc()}")
            finally:
                signal.alarm(0)
        print(f"{name:<7} {args.inputs:>7} {records:>8} {crashes:>8} {hangs:>6} {lost:>5}")


if __name__ == "__main__":
    main()
