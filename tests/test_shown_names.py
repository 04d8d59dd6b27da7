"""A file name with a control or format character in an audit's findings file (CSV and
JSONL) and the HTML report's examples and agreement list: escaped as the door escapes it
in every other output that cannot hold it (``\\x07``, ``\\u202e``: door.shown_path, the
GitHub annotation's ``file=``), never dropped — «a\\x07.jsonl» and «a.jsonl» are two files,
and two names there too. (Agreement and citizen ids are texts: the door cleans them in
every output alike, the results' JSON too.)"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement
from praktiktjek import door
from praktiktjek.audit import finding_rows
from praktiktjek.auditreport import example_text

#: what makes names look alike once a character is dropped: controls, an escape
#: sequence's pieces, format characters, a backslash and the letters of an escape, a byte
#: that is not UTF-8 (a lone surrogate); no ten digits, so no CPR number
NAME = st.text(st.sampled_from(["a", "b", "x", "u", "U", "0", "7", "e", "\\", "[", "m", ".", " ", "\x07", "\x1b",
                                "\x00", "\x7f", "\x9b", "\u200b", "\u202e", "\ufeff", "\udce6", "\udcff",
                                "\U000e0041", "æ"]), max_size=8)


@settings(max_examples=300, deadline=None)
@given(NAME, NAME, st.sampled_from(["", "\n", "\t", "\r\n"]))
def test_two_distinct_names_never_read_alike_in_the_findings_file(a: str, b: str, line_break: str) -> None:
    """Any two names (a line break in them too: the CSV quotes it) are two texts in the
    findings file, whichever engine rendered them (both give door.shown_path's form);
    the rendering is the GitHub annotation's, and has no character the door cleans."""
    b = b + line_break
    if a == b:
        return
    ra, rb = (_written(door.shown_path(n)) for n in (a, b))
    assert ra != rb
    assert ra == door.shown_path(a, door.NOT_IN_ANNOTATION)
    assert door.clean_path(ra) == ra  # nothing the door cleans is left but line breaks and tabs


def _written(shown: str) -> str:
    """The source cell of a finding of a record from a file so named (as both engines
    give it: door.shown_path), in the findings file."""
    (row,) = finding_rows({"source": shown, "line": 1, "agreement_id": "X", "citizen": "c",
                           "findings": [{"rule": "VP202", "severity": "error", "message": "m", "pointer": "/end"}]})
    return str(row["source"])


@settings(max_examples=300, deadline=None)
@given(NAME, st.sampled_from(["", "\n", "\t"]))
def test_a_name_reads_back_from_how_every_output_shows_it(a: str, line_break: str) -> None:
    """door.unshown_path undoes door.shown_path: the findings file and the report render a
    name from the engines' form (shown_path) exactly as shown_path renders the name."""
    a += line_break
    assert door.unshown_path(door.shown_path(a)) == a
    assert door.reshown_path(door.shown_path(a), door.NOT_IN_ANNOTATION) == door.shown_path(a, door.NOT_IN_ANNOTATION)


@settings(max_examples=300, deadline=None)
@given(NAME, NAME)
def test_two_distinct_names_never_read_alike_in_the_reports_examples(a: str, b: str) -> None:
    """The report's one-line example «id (name:line)» of two distinct names (without line
    breaks, which the one line shows as spaces) is two texts, and passes the door as it is."""
    if a == b:
        return
    ea, eb = (example_text("X-1", door.shown_path(n), 3) for n in (a, b))
    assert ea != eb
    assert door.clean(ea) == ea


def test_an_audit_of_two_files_named_alike_names_both(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """«a\\x07.jsonl» and «a.jsonl», each one record with VP202 (far too long): the
    findings CSV and JSONL and the report's examples and agreement list name two files,
    identically in both engines."""
    r = agreement({"end": "2031-01-01"})  # ten years of dagpenge internship: VP202
    names = [tmp_path / "a\x07.jsonl", tmp_path / "a.jsonl"]
    for n, path in enumerate(names):
        path.write_text(json.dumps({**r, "id": f"X-{n}"}, ensure_ascii=False) + "\n", "utf-8")
    got = {}
    for engine in ("python", "duckdb"):
        out = tmp_path / engine
        out.mkdir()
        run_cli("audit", "-q", "--engine", engine, "--findings", str(out / "f.csv"), "--report", str(out / "r.html"),
                *map(str, names))
        run_cli("audit", "-q", "--engine", engine, "--findings", str(out / "f.jsonl"), *map(str, names))
        got[engine] = [(out / f).read_text("utf-8") for f in ("f.csv", "f.jsonl", "r.html")]
    assert got["python"] == got["duckdb"]
    findings_csv, findings_jsonl, html = got["duckdb"]
    shown = [str(tmp_path / "a\\x07.jsonl"), str(tmp_path / "a.jsonl")]
    rows = list(csv.DictReader(findings_csv.lstrip("\ufeff").splitlines(), delimiter=";"))
    assert {row["source"] for row in rows if row["rule"] == "VP202"} == set(shown)
    assert {json.loads(line)["source"] for line in findings_jsonl.splitlines()} == set(shown)
    (vp202,) = [p for p in html.split('<div class="rule ')[1:] if p.split('id="')[1].startswith("VP202")]
    examples = vp202.split("Eksempler:")[1].split("</p>")[0]
    assert all(s in examples for s in shown) and "\x07" not in html
    listed = html.split('id="agreements-h"')[1].split("</section>")[0]
    assert all(f"{s}:1" in listed for s in shown)
