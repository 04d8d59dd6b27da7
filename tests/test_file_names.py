"""File names are bytes (review 11, findings 8 and 10).

On POSIX a file name is any bytes but ``/`` and NUL; Python gives a byte that is not UTF-8
as a lone surrogate (surrogateescape). No output can hold one (JSON, DuckDB, XML, CSV), so
the door (:func:`praktiktjek.door.shown_path`) writes such a byte as ``\\xNN`` (review 13,
finding 3: U+FFFD made distinct files one name), in every output and in both audit
engines alike; a line feed or another control character in a name goes
the same way in both engines (the report's one-line examples clean it)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES

#: an agreement with one finding (VP202), so every output names its file
SAMPLE = EXAMPLES / "vp202-dagpenge-6-uger.json"

#: pieces of a hostile name: bytes that are not UTF-8 (Latin-1 æ, 0xff, a lone
#: continuation byte, C1 as one byte), control characters, escape sequences, a bidi
#: override, Danish letters, and arbitrary bytes
_PIECES = st.one_of(
    st.sampled_from([b"\xe6", b"\xf8", b"\xe5", b"\xff", b"\x80", b"\x9b", b"\x85", b"\n", b"\r", b"\t",
                     b"\x1b[31m", b"\x1b]0;x\x07", b"\x07", b"\x7f", "\u0085".encode(), "\u202e".encode(),
                     "æøå".encode(), b" ", b"-", b"udtr"]),
    st.binary(min_size=1, max_size=4),
)
_NAMES = st.lists(_PIECES, min_size=1, max_size=6).map(b"".join).map(
    lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))


def _shown(name: bytes) -> str:
    """What every output should show for a name without digits (so no CPR masking):
    the name itself, a byte that is not UTF-8 as ``\\xNN`` (a backslash then twice)."""
    from praktiktjek.door import shown_path

    return shown_path(os.fsdecode(name))


def _place(folder: Path, name: bytes) -> Path:
    folder.mkdir()
    target = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
    try:
        shutil.copyfile(SAMPLE, target)
    except OSError:  # a name the file system refuses (too long, …)
        assume(False)
    return target


def _audit_outputs(run_cli, out: Path, engine: str, fmt: str, findings: str, *inputs: str) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    report, found = out / f"{engine}.html", out / f"{engine}.{findings}"
    res = run_cli("audit", "-q", "--engine", engine, "-f", fmt, "--report", str(report),
                  "--findings", str(found), *inputs)
    assert res.code == 1 and "intern fejl" not in res.err and "internal error" not in res.err, res.err
    return {"stdout": res.out.encode("utf-8"), "report": report.read_bytes(), "findings": found.read_bytes()}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=_NAMES, fmt=st.sampled_from(["json", "jsonl", "text"]), findings=st.sampled_from(["csv", "jsonl"]))
@example(stem="udtræk".encode("latin-1"), fmt="json", findings="csv")  # review 11 #8: crashed both engines
@example(stem="udtræk".encode("latin-1"), fmt="text", findings="jsonl")  # crashed DuckDB
@example(stem=b"a\nb", fmt="text", findings="csv")  # review 11 #10: a raw line feed in DuckDB's report
def test_any_file_name_is_audited_alike_by_both_engines(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                        stem: bytes, fmt: str, findings: str) -> None:
    """Over arbitrary byte names: the audit never stops, every output is UTF-8, both
    engines write the same bytes (stdout, HTML report, findings file), and the JSON names
    the file as the door shows it."""
    tmp = tmp_path_factory.mktemp("names")
    name = stem + b".json"
    _place(tmp / "in", name)
    out = tmp / "out"
    out.mkdir()
    got = {engine: _audit_outputs(run_cli, out, engine, fmt, findings, str(tmp / "in"))
           for engine in ("python", "duckdb")}
    assert got["duckdb"] == got["python"]
    for data in got["python"].values():
        data.decode("utf-8")  # strict: no lone surrogate, no stray byte
    if fmt == "json" and not re.search(rb"[0-9]", name):
        sources = {r["source"] for r in json.loads(got["python"]["stdout"])["results"]}
        assert sources == {str(tmp / "in" / _shown(name))}


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=_NAMES)
@example(stem="udtræk".encode("latin-1"))
def test_check_shows_a_name_that_is_not_utf8_alike_in_every_format(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                                   stem: bytes) -> None:
    """check's five formats: no crash, UTF-8 out, and a byte that is not UTF-8 is ``\\xNN``
    in each (JSON wrote «?», JUnit «\\xdce6», then all U+FFFD: review 13, finding 3)."""
    tmp = tmp_path_factory.mktemp("names")
    path = _place(tmp / "in", stem + b".json")
    for fmt in ("text", "json", "sarif", "junit", "github"):
        res = run_cli("check", "-f", fmt, str(path))
        assert res.code == 1 and "intern fejl" not in res.err, res.err
        res.out.encode("utf-8")
        if fmt == "json" and not re.search(rb"[0-9]", stem):  # digits could be masked as a CPR number
            assert res.json()["results"][0]["source"] == _shown(os.fsencode(path))
        odd = re.search("[\udc80-\udcff]", os.fsdecode(stem))
        if fmt != "sarif" and odd and not re.search(rb"[0-9]", stem):  # SARIF: %E6; digits: maybe a CPR number
            assert f"\\x{ord(odd.group(0)) - 0xDC00:02x}" in res.out, res.out
            if "\ufffd" not in os.fsdecode(stem):
                assert "\ufffd" not in res.out


def test_a_latin1_name_is_shown_with_its_byte_in_both_engines(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review 11, finding 8 as reported: «udtræk.csv» named in Latin-1 (unzip, SMB) is
    audited by the default engine, and named «udtr\\xe6k.csv» in the JSON document."""
    export = tmp_path / os.fsdecode("udtræk.csv".encode("latin-1"))
    shutil.copyfile(EXAMPLES.parent / "exports" / "vitas-eksempel.csv", export)
    outs = {}
    for engine in ("duckdb", "python"):
        res = run_cli("audit", "-q", "--engine", engine, "-f", "json", str(export), code=1)
        outs[engine] = res.out
    assert outs["duckdb"] == outs["python"]
    doc = json.loads(outs["duckdb"])
    assert {r["source"] for r in doc["results"]} == {str(tmp_path / "udtr\\xe6k.csv")}


def test_a_line_feed_in_a_name_is_a_space_in_the_reports_examples_in_both_engines(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review 11, finding 10: the «Eksempler» line held a raw line feed under DuckDB and a
    space under the Python engine."""
    folder = tmp_path / "d6"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "a\nb.json")
    html = {}
    for engine in ("duckdb", "python"):
        report = tmp_path / f"{engine}.html"
        run_cli("audit", "-q", "--engine", engine, "--report", str(report), str(folder), code=1)
        html[engine] = report.read_text("utf-8")
    assert html["duckdb"] == html["python"]
    line = next(x for x in html["duckdb"].splitlines() if "Eksempler" in x)
    assert "a b.json:1)" in line
