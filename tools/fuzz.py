"""Feed many hostile inputs to every reader and through the engine and every output
format; count crashes (an exception), hangs (over the time limit) and records lost
(a JSON Lines or CSV line that did not become exactly one result). Deterministic for a
seed, so the README's figures can be reproduced: `make fuzz` (or python tools/fuzz.py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import signal
import traceback
from collections.abc import Callable
from typing import Any

from praktiktjek.door import seal
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


CPR = "2304871357"
#: the ten digits in order with anything but letters, digits or '*' between them
LEAK = re.compile(r"[^\w*]{0,8}".join(CPR))
INVISIBLE = ["", "\x07", "\x00", "\x1b[0m", "\x9b", "\u200b", "\ufeff", "\x1b]0;x\x07"]
VISIBLE = ["[/]", "[bold]", "<b>", " - ", "/", ".", "–", "\ud800", "\n", "%0A", "\\u0007"]
FIELDS = [("id",), ("citizen", "id"), ("position", "title"), ("purpose", "description"), ("hours_per_week",),
          ("municipality",), ("company", "sector"), ("target_group",), ("extensions",), ("format",)]


def cpr_input(rng: random.Random, base: dict[str, Any]) -> bytes:
    """An agreement with a CPR number spelt at random in a random field (or as a key)."""
    inner = rng.choice(INVISIBLE)
    sep = rng.choice(INVISIBLE + VISIBLE)
    spelling = rng.choice([f"2{inner}30487{sep}1357", f"23.04.87{sep}1357", f"230487{sep}-{inner}1357"])
    value = rng.choice(["{}", "[red]{}[/red]", "<script>{}</script>", "={}", "x{}y"]).format(spelling)
    doc = json.loads(json.dumps(base))
    field = rng.choice(FIELDS)
    node = doc
    for part in field[:-1]:
        node = node.setdefault(part, {})
    node[field[-1]] = value
    text = json.dumps(doc)
    if rng.random() < 0.2:  # the number as a duplicate key
        text = text[:-1] + f", {json.dumps(value)}: 1, {json.dumps(value)}: 2}}"
    return text.encode()


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
        # issue #9: the record limit at 300 bytes, so long lines, huge quoted fields and
        # unclosed quotes are everyday input for the bounded readers
        "jsonl-300": (lambda d: list(read_jsonl(d, "fuzz.jsonl", 300)), good_json + b"\n" + good_json),
        "csv-300": (lambda d: list(read_csv(d, "fuzz.csv", mapping, 300)), good_csv + good_csv[len(csv_header):]),
        # issue #9: a CPR number in a random spelling, with control characters, markup and
        # escapes, in a random field; every output format is searched for its digits
        "door": (lambda d: list(read_json(d, f"borger-{d[-7:].hex()}.json")), good_json),
    }
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(args.seed)
    print(f"{'reader':<9} {'inputs':>7} {'records':>8} {'crashes':>8} {'hangs':>6} {'lost':>5} {'leaks':>6}")
    for name, (read, seed_input) in readers.items():
        crashes = hangs = lost = records = leaks = 0
        for i in range(args.inputs):
            kind = i % 3
            if name == "door":
                data = cpr_input(rng, base)
            elif kind == 0:
                data = mutate(rng, seed_input)
            elif kind == 1:
                data = b"".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 60)))
            else:
                data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
            signal.alarm(args.timeout)
            try:
                with contextlib.redirect_stderr(io.StringIO()):  # a reader's notes (cp1252 rows)
                    recs = read(data)
                results = [engine.run(r) for r in recs]
                for r in results:
                    seal(r, engine.mask)
                summary = summarise(results)
                for fmt in REPORTERS:
                    out = io.StringIO()
                    REPORTERS[fmt](results, summary, ctx, out)
                    if name == "door" and LEAK.search(out.getvalue()):
                        leaks += 1
                        print(f"leak in {fmt} on {data[:300]!r}")
                records += len(results)
                if name.startswith("jsonl"):
                    # one record for every line that is not blank (a line is read as bytes)
                    want = sum(1 for line in data.removeprefix(b"\xef\xbb\xbf").split(b"\n") if line.strip())
                    if want and len(results) != want:
                        lost += 1
            except Hang:
                hangs += 1
            except Exception:
                crashes += 1
                print(f"crash in {name} on {data[:200]!r}:\n{traceback.format_exc()}")
            finally:
                signal.alarm(0)
        print(f"{name:<9} {args.inputs:>7} {records:>8} {crashes:>8} {hangs:>6} {lost:>5} {leaks:>6}")


if __name__ == "__main__":
    main()
