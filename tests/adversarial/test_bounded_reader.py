"""Cause 3 of issue #9, the bounded reader: nothing is read whole before a limit
applies; devices and FIFOs are refused with a message; an oversized CSV field or line
is one unreadable record and reading goes on; the audit gives VP000 wherever check
does; every YAML we load bounds its aliases and names an impossible date."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement
from praktiktjek.readers.bounded import lines
from praktiktjek.readers.jsonfile import read_jsonl_stream
from test_audit import HEADER, row, write_csv


def _audit(run_cli, *args: str, code: int | None = None, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return run_cli("audit", "-q", "-j", "1", "-f", "json", *args, code=code, stdin=stdin)


def _rules_by_line(doc: dict) -> dict[int, list[str]]:  # type: ignore[type-arg]
    return {r["line"]: [f["rule"] for f in r["findings"]] for r in doc["results"]}


# --------------------------------------------------------------------------- devices, FIFOs


@pytest.mark.parametrize("cmd", ["check", "audit"])
def test_a_device_is_refused_not_read(run_cli, cmd: str) -> None:  # type: ignore[no-untyped-def]
    args = ("-q", "-f", "json") if cmd == "audit" else ("-f", "json")
    assert "enhed" in run_cli(cmd, *args, "/dev/zero", code=1).out


def test_a_fifo_is_refused_without_waiting_for_a_writer(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "rør.json"
    os.mkfifo(fifo)
    assert "FIFO" in run_cli("check", str(fifo), code=1).out


@pytest.mark.parametrize("option", ["--waivers", "--config", "--rules"])
def test_a_device_as_a_configuration_file_is_a_clear_error(run_cli, tmp_path: Path, option: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement()), "utf-8")
    err = run_cli("check", option, "/dev/zero", str(f), code=2).err
    assert "enhed" in err and "intern fejl" not in err


def test_a_device_as_a_mapping_is_a_clear_error(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement()), "utf-8")
    err = run_cli("audit", "--mapping", "/dev/zero", str(f), code=2).err
    assert "enhed" in err


def test_a_huge_configuration_file_is_refused(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = tmp_path / "w.yaml"
    with w.open("wb") as fh:
        fh.truncate(9 * 1024 * 1024)
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement()), "utf-8")
    assert "fylder mere end" in run_cli("check", "--waivers", str(w), str(f), code=2).err


# --------------------------------------------------------------------------- long lines


def test_an_oversized_line_is_skipped_in_bounded_memory() -> None:
    import io

    big = b'{"id": "' + b"x" * 20_000_000 + b'"}\n' + json.dumps(agreement()).encode() + b"\n"
    tracemalloc.start()
    recs = list(read_jsonl_stream(io.BytesIO(big), "x.jsonl", 10_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r.problem is not None for r in recs] == [True, False]
    assert "20000010 byte" in recs[0].problem.detail  # type: ignore[union-attr]
    assert peak < 4_000_000, peak  # the 20 MB line was never held


def test_lines_keep_the_size_and_quotes_of_what_they_skip() -> None:
    import io

    got = list(lines(io.BytesIO(b'ab"c\n' + b'"' * 7 + b"x" * 100 + b"\nz"), 10))
    assert got == [(1, b'ab"c', 4, 1), (2, None, 107, 7), (3, b"z", 1, 0)]


@pytest.mark.parametrize("cmd", ["check", "audit"])
def test_an_oversized_csv_field_is_one_unreadable_row_and_reading_goes_on(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                         cmd: str) -> None:
    big = '"' + "lang tekst " * 20_000 + '"'  # 220,000 characters: over the csv module's 131,072
    rows = [row("A1", "c-1", "01-03-2021", "28-03-2021"),
            row("A2", "c-2", "01-03-2021", "28-03-2021", desc=big),
            row("A3", "c-3", "01-03-2021", "28-03-2021")]
    f = write_csv(tmp_path / "x.csv", rows)
    if cmd == "check":
        doc = run_cli("check", "-f", "json", "--max-record-bytes", "100000", str(f)).json()
        by_line = _rules_by_line(doc)
    else:
        doc = _audit(run_cli, "--max-record-bytes", "100000", str(f)).json()
        by_line = _rules_by_line(doc)
        assert doc["summary"]["read"] == doc["summary"]["records"] == 3
        assert doc["summary"]["complete"] is True
    assert by_line[3] == ["VP000"] and "VP000" not in by_line[2] and "VP000" not in by_line[4]
    # under the default limit (1,000,000 bytes) the same row is read: the limit is ours
    doc = run_cli("check", "-f", "json", str(f)).json()
    assert "VP000" not in _rules_by_line(doc)[3]


def test_a_multiline_quoted_field_is_reported_at_its_own_row(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = '"' + "linje\n" * 30_000 + '"'
    rows = [row("A1", "c-1", "01-03-2021", "28-03-2021"),
            row("A2", "c-2", "01-03-2021", "28-03-2021", desc=big),
            row("A3", "c-3", "01-03-2021", "28-03-2021")]
    f = write_csv(tmp_path / "x.csv", rows)
    doc = _audit(run_cli, "--max-record-bytes", "50000", str(f)).json()
    lines_ = sorted(_rules_by_line(doc))
    assert lines_[1] == 3  # where the row starts, not where the field ends
    assert _rules_by_line(doc)[3] == ["VP000"]
    assert len(doc["results"]) == 3


def test_an_unclosed_quote_never_shows_a_tick(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [row("A1", "c-1", "01-03-2021", "28-03-2021"),
            row("A2", "c-2", "01-03-2021", "28-03-2021", desc='"aldrig lukket'),
            row("A3", "c-3", "01-03-2021", "28-03-2021")]
    f = write_csv(tmp_path / "x.csv", rows)
    out = run_cli("audit", "-q", "-j", "1", str(f)).out
    assert "✗" in out and "✓" not in out.splitlines()[0]
    doc = _audit(run_cli, str(f)).json()
    assert doc["summary"]["complete"] is False


# --------------------------------------------------------------------------- audit = check


def test_a_400_digit_number_is_vp000_in_the_audit(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.json"
    f.write_text(json.dumps(agreement())[:-1] + ', "hours_per_week": ' + "9" * 400 + "}", "utf-8")
    f.write_text(f.read_text("utf-8").replace('"hours_per_week": 30, ', ""), "utf-8")
    doc = _audit(run_cli, str(f)).json()
    assert [fi["rule"] for fi in doc["results"][0]["findings"]] == ["VP000"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_vp000_in_the_audit(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps(agreement()) + "\n", "utf-8")
    f.chmod(0)
    doc = _audit(run_cli, str(f)).json()
    assert [fi["rule"] for fi in doc["results"][0]["findings"]] == ["VP000"]


@pytest.mark.parametrize(("engine", "module"), [("duckdb", "run"), ("python", "reference")])
def test_a_file_removed_between_passes_is_still_read(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch, engine: str,
                                                     module: str) -> None:
    import importlib

    from praktiktjek.batch import sources

    f = tmp_path / "x.jsonl"
    f.write_text("\n".join(json.dumps(agreement({"id": f"A{i}"})) for i in range(3)) + "\n", "utf-8")
    real = sources.open_sources

    def open_then_remove(*a, **k):  # type: ignore[no-untyped-def]
        got = real(*a, **k)
        f.unlink()
        return got

    monkeypatch.setattr(importlib.import_module(f"praktiktjek.batch.{module}"), "open_sources", open_then_remove)
    doc = _audit(run_cli, "--engine", engine, str(f)).json()
    assert doc["summary"]["read"] == 3 and doc["summary"]["input_problems"] == 0


@pytest.mark.parametrize("header", ['aftale_id;"kommune;cpr', '"' + "x" * 2_000_000 + '";kommune'])
def test_a_bad_csv_header_is_vp000_in_the_audit(run_cli, tmp_path: Path, header: str) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [row("A1", "c-1", "01-03-2021", "28-03-2021")], header=header)
    doc = _audit(run_cli, str(f)).json()
    assert [fi["rule"] for r in doc["results"] for fi in r["findings"]] == ["VP000"]
    assert "overskrift" in doc["results"][0]["findings"][0]["message"]


def test_a_pretty_printed_object_on_stdin_is_one_json_record(run_cli) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps(agreement(), indent=2).encode()
    doc = _audit(run_cli, "-", stdin=text).json()
    assert len(doc["results"]) == 1
    assert all(f["rule"] != "VP000" for f in doc["results"][0]["findings"])
    jsonl = (json.dumps(agreement()) + "\n" + json.dumps(agreement({"id": "B"})) + "\n").encode()
    assert len(_audit(run_cli, "-", stdin=jsonl).json()["results"]) == 2


def test_stdin_leaves_no_copy_behind(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    import praktiktjek.batch.reference as reference

    seen: list[list[str]] = []
    real = reference.check

    def during(*a, **k):  # type: ignore[no-untyped-def]
        seen.append(os.listdir(spool))
        return real(*a, **k)

    monkeypatch.setattr(reference, "check", during)
    _audit(run_cli, "--engine", "python", "-",
           stdin=(json.dumps(agreement({"citizen": {"id": "2304871357"}})) + "\n").encode())
    assert seen == [[]]  # not even while the run goes on: the copy has no name
    assert os.listdir(spool) == []


def test_the_duckdb_database_lives_in_a_private_directory_and_goes(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    import praktiktjek.batch.rules as rules

    seen: list[tuple[str, int]] = []
    real = rules.derive

    def during(db, *a, **k):  # type: ignore[no-untyped-def]
        seen.extend((p, (spool / p).stat().st_mode & 0o777) for p in os.listdir(spool))
        return real(db, *a, **k)

    monkeypatch.setattr(rules, "derive", during)
    _audit(run_cli, "--engine", "duckdb", "-",
           stdin=(json.dumps(agreement({"citizen": {"id": "2304871357"}})) + "\n").encode())
    assert len(seen) == 1 and seen[0][0].startswith("praktiktjek-duckdb-") and seen[0][1] == 0o700
    assert os.listdir(spool) == []  # the database and its directory are gone


# --------------------------------------------------------------------------- encodings


def test_one_cp1252_row_in_a_utf8_export_is_vp000_on_that_row(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One file has one encoding (VITAS_EXPORT.md): a row that is not UTF-8 in a UTF-8
    export is not read as Windows-1252 (its UTF-8 letters became mojibake, review 11 #15)
    but is VP000 on its row, naming the column, in the machine outputs, not only stderr."""
    rows = [row(f"A{i}", f"c-{i}", "01-03-2021", "28-03-2021") for i in range(5)]
    data = ("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")
    lines_ = data.split(b"\r\n")
    lines_[3] = lines_[3].decode("utf-8").encode("cp1252")  # the third data row: Ærø, Østergård
    f = tmp_path / "x.csv"
    f.write_bytes(b"\r\n".join(lines_))
    res = _audit(run_cli, str(f))
    doc = res.json()
    findings = [fi["message"] for r in doc["results"] for fi in r["findings"]]
    assert not any("Ã" in m for m in findings)  # no mojibake from reading UTF-8 as cp1252
    assert doc["summary"]["input_problems"] == 1 and "Windows-1252" not in res.err
    assert _rules_by_line(doc)[4] == ["VP000"]
    vp000 = [fi["message"] for r in doc["results"] for fi in r["findings"] if fi["rule"] == "VP000"]
    assert "række 4: rækken er ikke gyldig UTF-8: kolonne «kommune», tegn 1: byte 0xC6" in vp000[0]


def test_a_whole_cp1252_file_is_still_cp1252(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [row("A1", "c-1", "01-03-2021", "28-03-2021")], encoding="cp1252")
    res = _audit(run_cli, str(f))
    assert "Windows-1252" not in res.err and res.json()["summary"]["input_problems"] == 0


# --------------------------------------------------------------------------- YAML

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def test_an_alias_bomb_in_a_pack_is_refused(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: {name: k, prefix: KK, title: {da: x, en: x}}\nexample_base:\n  "
                    + BOMB.replace("\n", "\n  "), "utf-8")
    err = run_cli("explain", "VP101", "--rules", str(pack), code=2).err
    assert "alias" in err


@pytest.mark.parametrize("where", ["waivers", "mapping"])
def test_an_alias_bomb_in_waivers_or_a_mapping_is_refused(run_cli, tmp_path: Path, where: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.yaml"
    f.write_text(BOMB, "utf-8")
    opt = "--waivers" if where == "waivers" else "--mapping"
    cmd = "check" if where == "waivers" else "audit"
    a = tmp_path / "a.json"
    a.write_text(json.dumps(agreement()), "utf-8")
    err = run_cli(cmd, opt, str(f), str(a), code=2).err
    assert "alias" in err and "intern fejl" not in err


def test_our_own_aliases_still_load() -> None:
    from praktiktjek.pipeline import national_rules_dir
    from praktiktjek.rulepack import load_rules

    assert "VP202" in load_rules([], national=national_rules_dir()).rules



# --------------------------------------------------------------------------- stdin is bounded


class _Counting:
    """A stream of ``size`` zero bytes that counts what was read from it."""

    def __init__(self, size: int) -> None:
        self.left, self.taken = size, 0

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        self.taken += n
        return b"0" * n


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 5000), limit=st.integers(1, 3000))
def test_stdin_is_copied_up_to_its_limit_and_no_further(size: int, limit: int) -> None:
    from praktiktjek.readers.bounded import spool_stdin

    stream = _Counting(size)
    spool = spool_stdin(limit, stream)  # type: ignore[arg-type]
    assert stream.taken <= limit + 1  # never more read (or written) than the limit and a byte
    if size <= limit:
        assert spool is not None and spool.read() == b"0" * size
        spool.close()
    else:
        assert spool is None


def _empty_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import tempfile

    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return spool


@pytest.mark.parametrize("cmd", ["check", "audit-python", "audit-duckdb"])
def test_stdin_over_its_limit_is_one_unreadable_record_and_leaves_nothing(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cmd: str) -> None:
    spool = _empty_tmp(tmp_path, monkeypatch)
    # 100-byte records: standard input may hold 100,000 bytes; a valid JSON Lines stream
    # of 150,000 bytes is refused whole (a checked prefix would pass as "all checked")
    line = (json.dumps(agreement()) + "\n").encode()
    data = line * (150_000 // len(line) + 1)
    if cmd == "check":
        doc = run_cli("check", "-f", "json", "--max-record-bytes", "100", "-", stdin=data, code=1).json()
    else:
        doc = _audit(run_cli, "--engine", cmd.split("-")[1], "--max-record-bytes", "100", "-",
                     stdin=data, code=1).json()
    [result] = doc["results"]
    [finding] = result["findings"]
    assert finding["rule"] == "VP000" and result["source"] == "<stdin>"
    assert "standardinput (-) fylder mere end 100000 byte" in finding["message"]
    assert os.listdir(spool) == []


def test_an_endless_pipe_ends_with_a_message(tmp_path: Path) -> None:
    """``cat /dev/zero | praktiktjek check -`` ends, says why, and leaves no copy."""
    import contextlib
    import subprocess
    import sys
    import threading

    spool = tmp_path / "tmp"
    spool.mkdir()
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen(
            [sys.executable, "-m", "praktiktjek", "check", "--max-record-bytes", "1000", "-"],
            stdin=subprocess.PIPE, stdout=o, stderr=e, env={**os.environ, "TMPDIR": str(spool)})
        pipe = proc.stdin
        assert pipe is not None

        def endless() -> None:
            try:
                while True:
                    pipe.write(b"\0" * 65536)
            except (BrokenPipeError, ValueError, OSError):
                pass

        writer = threading.Thread(target=endless, daemon=True)
        writer.start()
        code = proc.wait(timeout=120)
        writer.join(timeout=10)
        with contextlib.suppress(OSError):  # the reader is gone: the pipe is broken
            pipe.close()
    assert code == 1, err.read_text()
    assert "standardinput (-) fylder mere end 1000000 byte" in out.read_text()
    assert os.listdir(spool) == []


# --------------------------------------------------------------------------- JSON arrays, an element at a time

# JSON values an array of records may hold, agreements among them
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=5))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=6)
_BLANKS = st.text(" \t\r\n", max_size=3)


@settings(max_examples=150, deadline=None)
@given(items=st.lists(st.one_of(_VALUES, st.just(agreement())), min_size=1, max_size=6),
       gaps=st.lists(_BLANKS, min_size=14, max_size=14), indent=st.sampled_from([None, 1]))
def test_each_array_element_is_one_record_at_its_own_place(items: list[object], gaps: list[str],
                                                           indent: int | None) -> None:
    """A JSON array is read an element at a time: each element is one record, with its
    value, and line and column where the element starts."""
    from praktiktjek.readers.jsonfile import read_json

    text, starts = gaps[0] + "[" + gaps[1], []
    for k, item in enumerate(items):
        if k:
            text += gaps[2 + 2 * k % 10] + "," + gaps[3 + 2 * k % 10]
        starts.append(len(text))
        text += json.dumps(item, indent=indent, ensure_ascii=False)
    text += gaps[12] + "]" + gaps[13]
    recs = list(read_json(text.encode(), "a.json"))
    assert len(recs) == len(items)
    for rec, item, start in zip(recs, items, starts, strict=True):
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        assert rec.line == line
        if isinstance(item, dict):
            assert rec.problem is None and rec.data == item
            assert rec.locator is not None and rec.locator.locate("") == (line, column)
        else:
            assert rec.problem is not None and (rec.problem.line, rec.problem.column) == (line, column)


@settings(max_examples=150, deadline=None)
@given(items=st.lists(_SCALARS, max_size=4), cut=st.integers(0, 60),
       junk=st.sampled_from(["", "]", ",", "x", " 1", "{", "[", "\n{}", "\n[1]"]))
def test_a_broken_array_is_one_problem_where_json_says(items: list[object], cut: int, junk: str) -> None:
    """A document that is not JSON is one unreadable record at the place ``json.loads``
    names (nothing of it is checked), as when the whole array was parsed at once."""
    from praktiktjek.readers.jsonfile import read_json

    whole = json.dumps(items, indent=1)
    text = whole[:cut] + junk
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        recs = list(read_json(text.encode(), "a.json"))
        if not text.strip():
            return
        if exc.msg == "Extra data" and text.split("\n", 1)[0].strip():
            try:  # a first line that is a value of its own: JSON Lines
                json.loads(text.split("\n", 1)[0])
                return
            except ValueError:
                pass
        [rec] = recs
        assert rec.problem is not None and rec.data is None
        assert (rec.problem.line, rec.problem.column) == (exc.lineno, exc.colno), (text, exc)


def test_a_large_array_of_tiny_values_is_read_in_little_memory() -> None:
    """10 MB of ``[0,0,…]`` took 0.7 GB (all values parsed and a pointer table of them
    built before the first record); now memory stays near the size of the text."""
    from praktiktjek.readers.jsonfile import read_json

    data = b"[" + b",".join([b"0"] * 50_000) + b"]"  # 100 kB, 50,000 records
    tracemalloc.start()
    count = sum(1 for rec in read_json(data, "a.json") if rec.problem is not None)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 50_000
    assert peak < 8 * len(data), peak


@pytest.mark.parametrize("args", [["check", "-f", "json"], ["audit", "-q", "-f", "jsonl"],
                                  ["audit", "-q", "-f", "jsonl", "--engine", "python"]])
def test_standard_input_given_twice_is_read_once(args: list[str]) -> None:
    """«- -» read standard input once and made the second «-» a record that could not be
    read (review 5): it is one file given twice, read once, and said so."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "praktiktjek", *args, "-", "-"], input='{"a":1}\n',
                          capture_output=True, text=True)
    assert proc.stdout.count('"source"') == 1, proc.stdout
    assert "-: er angivet mere end én gang; filen læses kun én gang" in proc.stderr
    assert "Traceback" not in proc.stderr
