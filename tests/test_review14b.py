"""Review 14b: reading a CSV export at its boundaries — line ends (F1, F2), a BOM before
Windows-1252 text (F3), a header byte that is not UTF-8 (F7), NUL bytes in cells (F9) and
an early stop of `audit` (F8)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ruleset
from praktiktjek.engine import Engine
from praktiktjek.readers.csvfile import load_mapping, open_csv_stream
from test_audit import HEADER, row
from test_batch_parity import assert_same

_ENDS = ["\n", "\r\n", "\r", "\r\r\n"]
_BREAK = re.compile(r"\r\n|\r|\n")


def _export(ends: list[str], breaks: list[str | None], header_end: str) -> tuple[bytes, list[int]]:
    """An export of one agreement a line, each row ended by its own line end; a row's
    description is quoted and holds a line break when ``breaks`` says so. Also the line
    each row starts on, counted as an editor counts lines (LF, CRLF and a lone CR)."""
    text, starts = HEADER + header_end, []
    for i, (end, br) in enumerate(zip(ends, breaks, strict=True)):
        desc = f'"Afklare om borgeren{br}kan tage dagvagter {i}"' if br is not None else None
        starts.append(len(_BREAK.findall(text)) + 1)
        text += row(f"A{i}", f"c-{i}", "01-03-2021", "28-03-2021", desc=desc) + end
    return text.encode("utf-8"), starts


_rows = st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from(_ENDS), min_size=n, max_size=n),
    st.lists(st.one_of(st.none(), st.sampled_from(_ENDS)), min_size=n, max_size=n),
    st.sampled_from(_ENDS)))


@settings(max_examples=200, deadline=None)
@given(_rows)
@example((["\r\n", "\r", "\r\n"], [None, None, None], "\r\n"))  # review 14b F1: a stray CR
@example((["\r\n", "\r\n"], [None, None], "\r\r\n"))  # F2: the header ends CR CR LF
@example((["\r\r\n", "\r\r\n"], [None, "\r"], "\r\r\n"))
def test_every_line_end_style_reads_one_record_an_agreement(case: tuple[list[str], list[str | None], str]) -> None:
    """Whatever ends each line (LF, CRLF, a lone CR, CR CR LF; also inside a quoted cell),
    every agreement row is one record, with the cells Python's csv module reads, at the
    line an editor shows it on."""
    ends, breaks, header_end = case
    data, starts = _export(ends, breaks, header_end)
    opened = open_csv_stream(io.BytesIO(data), "x.csv", load_mapping(None))
    assert not isinstance(opened, type(None)) and hasattr(opened, "rows"), opened
    got = list(opened.rows)  # type: ignore[union-attr]
    want = [r for r in csv.reader(io.StringIO(data.decode(), newline=""), delimiter=";") if r][1:]
    assert [problem for _, _, problem in got] == [None] * len(ends)
    assert [cells for _, cells, _ in got] == want
    assert [line for line, _, _ in got] == starts


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_rows)
@example((["\r\n", "\r", "\r\n", "\r"], [None, None, None, None], "\r\n"))
@example((["\r\n", "\r\n"], [None, "\r\n"], "\r\r\n"))
def test_both_audit_engines_read_every_line_end_style_alike(tmp_path: Path,
                                                            case: tuple[list[str], list[str | None], str]) -> None:
    """The DuckDB engine and the reference read the same records, byte for byte, one an
    agreement row, each at its own line (the tally can no longer say ✓ with rows lost)."""
    ends, breaks, header_end = case
    data, starts = _export(ends, breaks, header_end)
    f = tmp_path / "x.csv"
    f.write_bytes(data)
    docs = assert_same([str(f)], Engine(ruleset()))
    assert [d["line"] for d in docs] == starts
    assert not [d for d in docs if any(x["rule"] == "VP000" for x in d["findings"])]


# --------------------------------------------------------------------------- F9: NUL bytes


def test_a_nul_byte_in_a_cell_is_vp000_naming_row_and_column_in_check_and_both_engines(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path) -> None:
    """Two ids that differ only by a NUL were read as one id, without a word (review 14b F9)."""
    from test_csv_reading import three_ways

    f = tmp_path / "x.csv"
    desc = "Afklare om borgeren kan tage dagvagter i butikken"
    rows = [row("A1", "c-1", "01-03-2021", "28-03-2021", desc=desc, p="1012345671"),
            row("A1\x00", "c-2", "01-03-2021", "28-03-2021", desc=desc, p="1012345672"),
            row("A3", "c-3", "01-03-2021", "28-03-2021", title="Butiks\x00assistent\x00", desc=desc,
                p="1012345673")]
    f.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8"))
    got = three_ways(run_cli, f)
    assert [line for line, _, _ in got] == [2, 3, 4]
    assert got[1][1] == ["VP000"] and got[2][1] == ["VP000"] and "VP000" not in got[0][1]
    assert "række 3: kolonne «aftale_id», tegn 3: en NUL-byte (0x00); rækken er ikke læst" in got[1][2]
    assert "række 4: kolonne «stillingsbetegnelse», tegn 7: en NUL-byte (0x00) (og 1 mere)" in got[2][2]
    doc = run_cli("check", "-f", "json", str(f)).json()
    finding = doc["results"][1]["findings"][0]
    assert finding["pointer"] == "/id" and "UTF-16" in finding["fix"]


# --------------------------------------------------------------------------- F3: BOM + Windows-1252


def test_a_utf8_bom_before_windows_1252_text_is_read_as_windows_1252(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Not one line is UTF-8 beyond ASCII: the BOM does not make the file UTF-8 (every row
    was VP000 «… men resten af filen er UTF-8», which was false; review 14b F3)."""
    from test_csv_reading import three_ways

    rows = [row(f"A{i}", f"c-{i}", "01-03-2021", "28-03-2021", p=f"101234567{i}") for i in range(3)]
    text = ("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1252")
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    plain.write_bytes(text)
    bom.write_bytes(b"\xef\xbb\xbf" + text)
    got = three_ways(run_cli, bom)
    assert got == three_ways(run_cli, plain)
    assert [rules for _, rules, _ in got] == [[], [], []]  # «Ordinære løntimer» is a known purpose
    # a BOM before UTF-8 letters is UTF-8 still, and a stray Windows-1252 row in it is named
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join([HEADER, *rows[:2]]) + "\r\n").encode("utf-8")
                      + rows[2].encode("cp1252") + b"\r\n")
    got = three_ways(run_cli, mixed)
    assert [rules for _, rules, _ in got] == [[], [], ["VP000"]]
    assert "men resten af filen er UTF-8" in got[2][2]


# --------------------------------------------------------------------------- F7: the header


def test_a_header_byte_that_is_not_utf8_is_named_once_with_column_and_byte(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review 14b F7: the header of a UTF-8 export with «virksomh\\xe9d» was read as
    Windows-1252 with only «1 række … (række 1)» said; the notice names the header, the
    column, the character and the byte, once, in check and both engines."""
    rows = [row(f"A{i}", f"c-{i}", "01-03-2021", "28-03-2021", p=f"101234567{i}") for i in range(2)]
    data = ("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8").replace(b"virksomhed", b"virksomh\xe9d", 1)
    f = tmp_path / "x.csv"
    f.write_bytes(data)
    want = ("overskriftsrækken er ikke gyldig UTF-8 (kolonne 8 («virksomhéd»), tegn 9: byte 0xE9), "
            "men resten af filen er UTF-8")
    for args in (["check"], ["audit", "--engine", "duckdb"], ["audit", "--engine", "python"]):
        err = run_cli(*args, "-f", "json", str(f)).err
        assert err.count(want) == 1 and "1 række" not in err, (args, err)


def test_a_header_with_text_after_a_known_name_is_given_the_name(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.csv"
    header = HEADER + ";samtykke 230487-4829"
    f.write_bytes((header + "\r\n" + row("A1", "c-1", "01-03-2021", "28-03-2021") + ";ja\r\n").encode("utf-8"))
    doc = run_cli("check", "-f", "json", str(f)).json()
    vp003 = [x["message"] for x in doc["results"][0]["findings"] if x["rule"] == "VP003"]
    assert vp003 and "mente du «samtykke»?" in vp003[0] and "230487-4829" not in vp003[0]


# --------------------------------------------------------------------------- F8: an early stop


_EARLY = r"""
import importlib, os, signal, sys, tomllib
entry = tomllib.load(open(sys.argv[1], "rb"))["project"]["scripts"]["praktiktjek"]
signum = int(sys.argv[2])
class Stop:  # the signal comes while the command line framework is being imported
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signum)
        return None
sys.meta_path.insert(0, Stop())
sys.argv = ["praktiktjek", "audit", "-f", "json", sys.argv[3]]
module, func = entry.split(":")
getattr(importlib.import_module(module), func)()
"""


def test_a_signal_before_the_command_has_started_is_told_and_ends_the_run_cleanly(tmp_path: Path) -> None:
    """Review 14b F8: SIGTERM in the first tenth of a second of `audit` (while the framework
    was imported) ended the process with 143 and no word."""
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    f = tmp_path / "x.csv"
    f.write_text(HEADER + "\n" + row("A1", "c-1", "01-03-2021", "28-03-2021") + "\n", "utf-8")
    for signum, code, said in ((signal.SIGTERM, 143, "praktiktjek: stoppet (SIGTERM); ingen uddatafil er skrevet"),
                               (signal.SIGHUP, 129, "praktiktjek: stoppet (SIGHUP); ingen uddatafil er skrevet"),
                               (signal.SIGINT, 130, "praktiktjek: afbrudt; ingen uddatafil er skrevet")):
        got = subprocess.run([sys.executable, "-c", _EARLY, str(ROOT / "pyproject.toml"), str(int(signum)), str(f)],
                             capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert (got.returncode, got.stdout) == (code, ""), got.stderr
        assert got.stderr.strip().startswith(said) and "Traceback" not in got.stderr, got.stderr


# --------------------------------------------------------------------------- the tally


def test_a_file_refused_at_its_header_counts_its_rows_as_not_read(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every agreement row is reported or counted: a file whose header is refused (none, or
    one that cannot be read) is one VP000, and the rows behind it are «linjer ikke læst»,
    so the tally says ✗, not ✓ (review 14b F2)."""
    rows = [row(f"A{i}", f"c-{i}", "01-03-2021", "28-03-2021") for i in range(3)]
    cases = {"no_header.csv": ("\r\n".join(rows) + "\r\n\r\n").encode(),
             "broken_header.csv": ('"' + HEADER + "\r\n" + "\r\n".join(rows) + "\r\n").encode(),
             "utf16.csv": ("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-16")}
    for name, data in cases.items():
        f = tmp_path / name
        f.write_bytes(data)
        for engine in ("duckdb", "python"):
            doc = run_cli("audit", "--engine", engine, "-f", "json", str(f)).json()
            assert (doc["summary"]["read"], doc["summary"]["complete"]) == (1, False), (name, engine)
            text = run_cli("audit", "--engine", engine, "-q", str(f)).out
            # without a header the first row is taken for one: it is the VP000, and 2 are not read
            want = 2 if name == "no_header.csv" else 3
            assert f"✗ · ulæselige 1 · linjer ikke læst {want}" in text.splitlines()[0], (name, engine, text)
            assert "Borgere: 0; forløb pr. borger: 0,0\n" in text  # not «…: 0,0; » with nothing after


def test_json_lines_follow_the_same_line_end_policy(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """JSON Lines are cut where CSV rows are: a lone CR among CRLF lines ends a record (two
    records were one «ugyldig JSON» VP000)."""
    import json

    from conftest import agreement

    docs = [json.dumps(agreement({"id": f"A{i}", "citizen": {"id": f"c-{i}"},
                                  "company": {"p_number": f"100000000{i}"}}), ensure_ascii=False) for i in range(4)]
    f = tmp_path / "x.jsonl"
    f.write_bytes((docs[0] + "\r\n" + docs[1] + "\r" + docs[2] + "\r\r\n" + docs[3] + "\n").encode())
    for args in (["check"], ["audit", "--engine", "duckdb"], ["audit", "--engine", "python"]):
        doc = run_cli(*args, "-f", "json", str(f)).json()
        assert [r["line"] for r in doc["results"]] == [1, 2, 3, 5], args
        assert not [x for r in doc["results"] for x in r["findings"] if x["rule"] == "VP000"], args
