"""Hypothesis fuzzing: raw bytes into every reader, and through the engine. Every record
a reader yields becomes exactly one result, never an exception. Crashes found are
pinned as @example."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import agreement, ruleset
from praktiktjek.engine import Engine
from praktiktjek.readers.csvfile import load_mapping, read_csv
from praktiktjek.readers.jsonfile import read_json, read_jsonl

ENGINE = Engine(ruleset())
MAPPING = load_mapping(None)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look a little like our inputs find more than uniform noise does.
fragments = st.sampled_from([
    b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"\n", b"\r\n", b";", b"\t", b"\xef\xbb\xbf", b"\x00",
    b"\xff", b"\xe6", b"NaN", b"-", b"1e999", b"null", b"true", b'"id"', b'"start"', b'"2021-02-30"',
    b"aftale_id;cpr;maalgruppe;cvr;startdato;slutdato", b"31-02-2021", b"18,5", b"ja", b"|",
])
noisy_bytes = st.one_of(st.binary(max_size=400), st.lists(fragments, max_size=60).map(b"".join))


def _run_all(records: list, may_be_empty: bool = False) -> None:  # type: ignore[type-arg]
    assert records or may_be_empty, "a reader always yields at least one record (or one problem)"
    for rec in records:
        result = ENGINE.run(rec)
        assert result.agreement is not None or [f.rule for f in result.findings] == ["VP000"]


@SETTINGS
@given(noisy_bytes)
@example(b"\xef\xbb\xbf")
@example(b"[" * 5000 + b"]" * 5000)
@example(b'{"a": ' + b"9" * 5000 + b"}")
def test_json_reader(data: bytes) -> None:
    _run_all(list(read_json(data, "fuzz.json")))


@SETTINGS
@given(noisy_bytes)
@example(b"\n\n\n")
@example(b'{"id": 1}\n\xff\n[]')
@example(b"\x00\r\x00")
def test_jsonl_reader(data: bytes) -> None:
    records = list(read_jsonl(data, "fuzz.jsonl"))
    text = data.decode("utf-8", "replace")
    text = text[1:] if text.startswith("\ufeff") else text  # the file's one BOM; a second is content
    # a file of lone CRs and no LF is read with CR as the line end (readers/bounded.py)
    end = "\r" if b"\r" in data and b"\n" not in data else "\n"
    non_blank = [line for line in text.split(end) if line.strip()]
    if non_blank and not any(r.problem and "UTF-8" in r.problem.detail for r in records):
        assert len(records) == len(non_blank)  # one result per line: nothing lost
    _run_all(records)


@SETTINGS
@given(noisy_bytes)
@example(b'aftale_id;cpr\n"unclosed;x\n')
@example(b"aftale_id;cpr;maalgruppe;cvr;startdato;slutdato\n;;;;;\n")
def test_csv_reader(data: bytes) -> None:
    _run_all(list(read_csv(data, "fuzz.csv", MAPPING)), may_be_empty=_only_blank_rows(data))


def _only_blank_rows(data: bytes) -> bool:
    """A header and nothing but rows of empty cells (Excel's trailing rows): no records."""
    import csv

    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    try:
        rows = list(csv.reader(text.splitlines(), delimiter=";"))
    except csv.Error:
        return False
    return bool(rows) and all(not any(c.strip() for c in r) for r in rows[1:])


csv_cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@SETTINGS
@given(st.lists(st.lists(csv_cells, min_size=6, max_size=6), min_size=1, max_size=6))
@example([["", "", "", "", "0", "\x0c0"]])  # a form feed in a cell once split the row in two
@example([["A\u2028B", "c\x85", "x\x1c", "", "", ""]])
def test_csv_rows_of_any_text_under_the_default_header(rows: list[list[str]]) -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(["aftale_id", "cpr", "maalgruppe", "cvr", "startdato", "slutdato"])
    w.writerows(rows)
    records = list(read_csv(buf.getvalue().encode(), "fuzz.csv", MAPPING))
    blank = sum(1 for r in rows if not any(c.strip() for c in r))
    if blank == len(rows):  # only the header is left: the CSV form of [] (review 7, finding 2)
        assert [r.problem.detail for r in records if r.problem] == [
            "filen indeholder ingen aftaler (kun en overskriftsrække)"]
    else:
        assert len(records) == len(rows) - blank or any(r.problem and "CSV" in r.problem.detail for r in records)
    _run_all(records, may_be_empty=blank == len(rows))


structured = st.fixed_dictionaries({}, optional={
    "hours_per_week": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text()),
    "start": st.one_of(st.dates().map(str), st.text(max_size=12)),
    "end": st.one_of(st.dates().map(str), st.text(max_size=12)),
    "extensions": st.lists(st.fixed_dictionaries({"end": st.dates().map(str)}, optional={
        "assessment": st.one_of(st.none(), st.text(max_size=5)), "special_need": st.none()}), max_size=4),
    "history": st.lists(st.fixed_dictionaries({}, optional={
        "start": st.dates().map(str), "end": st.dates().map(str), "cvr": st.just("35954716"),
        "p_number": st.sampled_from(["1012345678", None]), "title": st.text(max_size=8)}), max_size=3),
    "target_group": st.sampled_from(["dagpenge", "jobparat_kontanthjaelp", "aktivitetsparat_kontanthjaelp",
                                     "uddannelsesparat_uddannelseshjaelp", "aktivitetsparat_uddannelseshjaelp", "x"]),
    "company": st.fixed_dictionaries({"cvr": st.just("35954716")}, optional={
        "ordinary_employees": st.one_of(st.none(), st.floats(min_value=0, max_value=1e12)),
        "subsidised_persons": st.one_of(st.none(), st.floats(min_value=0, max_value=1e12))}),
})


@SETTINGS
@given(structured)
@example({"start": "0001-01-01", "end": "9999-12-31"})
@example({"extensions": [{"end": "9999-12-31"}, {"end": "0001-01-01"}]})
def test_structured_agreements_into_the_engine(patch: dict[str, object]) -> None:
    data = agreement()
    data.update(patch)
    _run_all(list(read_json(json.dumps(data).encode(), "fuzz.json")))
