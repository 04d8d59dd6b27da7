"""Reading a CSV export by the contract (review 7, findings 1, 2, 3, 5, 10, 11, 17): where a
row is not what VITAS_EXPORT.md says, it is a VP000 naming file, row and field, and
``check``, ``audit --engine duckdb`` and ``audit --engine python`` say the same."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from praktiktjek.readers.csvfile import CellError, load_mapping, open_csv_stream, parse_date, parse_number
from test_audit import HEADER, row, write_csv

MINIMAL = "aftale_id;cpr;maalgruppe;cvr;startdato;slutdato;stillingsbetegnelse"


def three_ways(run_cli, path: Path, *extra: str) -> list[tuple[int, list[str], str]]:  # type: ignore[no-untyped-def]
    """(row, rules, first message) per record: the same from check and both audit engines."""
    got = {}
    for name, args in (("check", ["check"]), ("duckdb", ["audit", "-j", "1", "--engine", "duckdb"]),
                       ("python", ["audit", "-j", "1", "--engine", "python"])):
        doc = run_cli(*args, "-f", "json", *extra, str(path)).json()
        got[name] = [(r["line"], sorted(f["rule"] for f in r["findings"]),
                      r["findings"][0]["message"] if r["findings"] else "") for r in doc["results"]]
        if name != "check":
            assert doc["summary"]["read"] == doc["summary"]["records"] == len(doc["results"])
    assert got["check"] == got["duckdb"] == got["python"]
    return got["check"]


# --------------------------------------------------------------------------- 1: a header twice


@pytest.mark.parametrize("second", ["slutdato", " SLUTDATO "])
def test_a_header_twice_is_vp000_on_every_row_naming_both_columns(run_cli, tmp_path: Path, second: str) -> None:  # type: ignore[no-untyped-def]
    # the first column's end is unlawful (VP202), the second's lawful: neither may win
    f = write_csv(tmp_path / "x.csv", [row("A1", "c-1", "01-03-2021", "30-06-2021") + ";28-03-2021",
                                       row("A2", "c-2", "01-03-2021", "28-03-2021") + ";"],
                  header=HEADER + ";" + second)
    got = three_ways(run_cli, f)
    assert [r[1] for r in got] == [["VP000"], ["VP000"]]
    assert f"kolonne 13 («slutdato») og kolonne 28 («{second.strip()}») læses begge som feltet «end»" in got[0][2]


def test_two_headers_mapped_to_one_field_are_vp000(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.csv"
    f.write_text(MINIMAL + ";slut2\nA1;c-1;dagpenge;35954716;01-03-2021;30-06-2021;Lager;28-03-2021\n", "utf-8")
    m = tmp_path / "m.yaml"
    m.write_text("columns:\n  slutdato: end\n  slut2: end\n", "utf-8")
    got = three_ways(run_cli, f, "--mapping", str(m))
    assert got[0][1] == ["VP000"] and "«slutdato») og kolonne 8 («slut2»)" in got[0][2]


# --------------------------------------------------------------------------- 2: only a header


@pytest.mark.parametrize("body", ["", "\r\n;;;;\r\n\r\n"])
def test_a_csv_with_only_its_header_is_vp000_like_an_empty_list(run_cli, tmp_path: Path, body: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.csv"
    f.write_bytes((HEADER + body).encode())
    got = three_ways(run_cli, f)
    assert got == [(1, ["VP000"], f"{f}, række 1: filen indeholder ingen aftaler (kun en overskriftsrække).")]
    run_cli("check", str(f), code=1)


# --------------------------------------------------------------------------- 3: a bare quote


DESC_ONE = "Afklare om borgeren kan montere skærme, så butikken kan tilbyde ordinære timer"


def test_an_inch_mark_in_an_unquoted_cell_does_not_join_rows(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [
        row("A1", "c-1", "01-03-2021", "28-03-2021", title='Montør af 24" skærme', desc=DESC_ONE, p="1000000001"),
        row("A2", "c-2", "01-03-2021", "30-09-2021", p="1000000002"),
        row("A3", "c-3", "01-03-2021", "28-03-2021", title='Montør af 27" skærme', desc=DESC_ONE, p="1000000003"),
        row("A4", "c-4", "01-03-2021", "28-03-2021", p="1000000004")])
    got = three_ways(run_cli, f)
    assert [(line, rules) for line, rules, _ in got] == [(2, []), (3, ["VP202"]), (4, []), (5, [])]


def _cells(draw_text: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(draw_text, min_size=7, max_size=7)


# a cell written by hand: quotes anywhere but first (a first quote opens a quoted field in
# every CSV reader), no separator, no line break
_BARE = st.text(st.sampled_from('ab "æ-1'), max_size=6).filter(lambda t: not t.startswith('"'))
# any text, written by csv.writer (quoted where it must be)
_ANY = st.text(st.sampled_from('ab ";\næ'), max_size=6)


def _read_rows(data: bytes) -> list[tuple[int, list[str] | None]]:
    opened = open_csv_stream(io.BytesIO(data), "x.csv", load_mapping(None))
    assert not isinstance(opened, type(None)) and hasattr(opened, "rows")
    return [(line, cells) for line, cells, _ in opened.rows]  # type: ignore[union-attr]


@settings(max_examples=150, deadline=None)
@given(st.lists(_cells(_BARE), min_size=1, max_size=5))
@example([['Montør af 24" skærme', "a", "b", "c", "d", "e", "f"], ["x", 'y"', "b", "c", "d", "e", "f"]])
def test_bare_quotes_leave_every_row_its_own_line(rows: list[list[str]]) -> None:
    """Each physical line is one row, with the cells as written (rows read = rows reported)."""
    lines = [";".join(r) for r in rows]
    got = _read_rows(("\n".join([MINIMAL, *lines]) + "\n").encode())
    want = [(n + 2, r) for n, r in enumerate(rows) if any(c.strip() for c in r)]
    assert got == want or (not want and got == [(1, None)])


@settings(max_examples=150, deadline=None)
@given(st.lists(_cells(_ANY), min_size=1, max_size=5), st.sampled_from(["\n", "\r\n"]),
       st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
def test_rfc_4180_rows_read_as_pythons_csv_module_reads_them(rows: list[list[str]], end: str, quoting: int) -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator=end, quoting=quoting).writerows([MINIMAL.split(";"), *rows])
    data = buf.getvalue()
    want = [r for r in csv.reader(io.StringIO(data, newline=""), delimiter=";")][1:]
    got = _read_rows(data.encode())
    kept = [r for r in want if any(c.strip() for c in r)]
    assert [cells for _, cells in got] == kept or (not kept and [c for _, c in got] == [None])


@settings(max_examples=100, deadline=None)
@given(st.lists(_cells(st.text(st.sampled_from('ab ";\næ'), max_size=12)), min_size=1, max_size=4),
       st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), st.text(st.sampled_from('ab "'), max_size=3))
def test_rows_after_one_over_the_record_limit_start_where_the_csv_module_says(
        rows: list[list[str]], quoting: int, bare: str) -> None:
    """A row too long to hold is followed a piece at a time: the rows after it are cut where
    Python's csv module cuts them (a bare quote inside the long row changes nothing)."""
    long_row = ["L" * 150 + bare + "x" * 150, *"abcdef"]
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n", quoting=quoting).writerows(
        [MINIMAL.split(";"), long_row, *rows])
    data = buf.getvalue()
    opened = open_csv_stream(io.BytesIO(data.encode()), "x.csv", load_mapping(None), max_bytes=250)
    got = list(opened.rows)  # type: ignore[union-attr]
    assert got[0][1] is None and "grænsen er 250 byte" in str(got[0][2])
    want = [r for r in csv.reader(io.StringIO(data, newline=""), delimiter=";")][2:]
    kept = [r for r in want if any(c.strip() for c in r)]
    # every later row is under the limit (7 cells of at most 12 characters, quoted: < 250 bytes)
    assert [cells for _, cells, _ in got[1:]] == kept or (not kept and len(got) == 1)


# --------------------------------------------------------------------------- 5: numbers


def _danish_meaning(t: str) -> Decimal:
    """What a Danish reader takes a number text for: the comma is the decimal sign; points
    group thousands, unless they cannot (not groups of three), then it is a decimal point."""
    if "," in t or re.fullmatch(r"-?[1-9][0-9]{0,2}(\.[0-9]{3})+", t):
        return Decimal(t.replace(".", "").replace(",", "."))
    return Decimal(t)


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False), st.booleans(), st.booleans())
def test_every_danish_number_form_reads_as_its_value(value: Decimal, grouped: bool, comma: bool) -> None:
    whole, _, frac = f"{value:.2f}".partition(".")
    frac = frac.rstrip("0")
    if grouped:
        whole = f"{int(whole):,}".replace(",", ".")
    text = whole + ("," + frac if frac else ("" if not comma else ",0"))
    if grouped and "," not in text and text.count(".") == 1:  # 1.000: a thousand, or one?
        with pytest.raises(CellError, match="tvetydigt"):
            parse_number(text)
        return
    assert Decimal(repr(parse_number(text))) == value.normalize() or parse_number(text) == float(value)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("0123456789.,-_ +e٣\u00a0"), min_size=1, max_size=9))
@example("1.000")
@example("3 7")
@example("3_7")
@example("٣٧")
@example("1.000,0")
def test_a_number_text_is_read_as_a_danish_reader_means_it_or_is_vp000(text: str) -> None:
    try:
        value = parse_number(text)
    except CellError as exc:
        assert exc.fix is not None  # VP000 with what to write instead
        return
    t = text.strip()
    assert re.fullmatch(r"-?[0-9][0-9.,]*", t) and t.count(",") <= 1
    assert not re.fullmatch(r"-?[1-9][0-9]{0,2}\.[0-9]{3}", t)  # never a guess between 1 and 1000
    assert value == float(_danish_meaning(t))


def test_numbers_the_review_found_misread_are_vp000_in_every_engine(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [row(f"A{i}", f"c-{i}", "01-03-2021", "28-03-2021", p=f"100000000{i}", employees="10", **kw)
            for i, kw in enumerate([{"subsidised": "1.000"}, {"subsidised": "1.000,0"}, {"hours": "3 7"},
                                    {"hours": "3_7"}, {"hours": "٣٧"}, {"hours": "12.5"}, {"hours": "12,5"}])]
    got = three_ways(run_cli, write_csv(tmp_path / "x.csv", rows))
    assert [r[1] for r in got] == [["VP000"], ["VP701"], ["VP000"], ["VP000"], ["VP000"], [], []]
    assert "«1.000» er tvetydigt" in got[0][2] and "«3 7» er ikke et tal" in got[2][2]
    text = run_cli("check", str(tmp_path / "x.csv"), code=1).out
    assert "Ret: Skriv 1000 (uden punktum), hvis det er tusinder, eller 1,0 med decimalkomma" in text


# --------------------------------------------------------------------------- 11: dates


@pytest.mark.parametrize(("text", "fix"), [
    ("01/03/2021", "med skråstreg er det uklart, om dagen eller måneden står først"),
    ("03/28/2021", "med skråstreg"),
    ("1-3-2021", "Skriv dag og måned med to cifre og samme skilletegn: 01-03-2021"),
    ("01-03.2021", "01-03-2021"),
    ("٠١-٠٣-٢٠٢١", "cifrene 0–9"),
    ("2021-3-1", "dd-mm-åååå"),
])
def test_only_the_documented_date_forms_are_read(text: str, fix: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_date(text)
    assert exc.value.fix is not None and fix in exc.value.fix[0]


@given(st.dates(), st.sampled_from(["{d:02d}-{m:02d}-{y:04d}", "{d:02d}.{m:02d}.{y:04d}", "{y:04d}-{m:02d}-{d:02d}"]))
def test_the_documented_date_forms_read_as_their_date(day: Any, form: str) -> None:
    assert parse_date(" " + form.format(d=day.day, m=day.month, y=day.year) + " ") == day.isoformat()


def test_a_slash_date_is_vp000_in_every_engine(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    got = three_ways(run_cli, write_csv(tmp_path / "x.csv", [row("A1", "c-1", "03/01/2021", "28-03-2021")]))
    assert got[0][1] == ["VP000"] and "«03/01/2021» er ikke en dato" in got[0][2]


# --------------------------------------------------------------------------- 10: extension, short rows


def test_an_extension_reason_without_a_date_is_vp000_not_dropped(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = row("A1", "c-1", "01-03-2021", "28-03-2021").split(";")
    r[23], r[24] = "Optræne kassen", "Vurderet konkret"  # forlaengelse_begrundelse, _vurdering; no date
    got = three_ways(run_cli, write_csv(tmp_path / "x.csv", [";".join(r)]))
    assert got[0][1] == ["VP000"]
    assert ("«forlaengelse_begrundelse» og «forlaengelse_vurdering» er udfyldt, men «forlaenget_til» er tom"
            in got[0][2])


def test_a_row_shorter_than_the_header_is_vp000_naming_the_row(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    short = ";".join(row("A2", "c-2", "01-03-2021", "28-03-2021").split(";")[:18])
    got = three_ways(run_cli, write_csv(tmp_path / "x.csv", [row("A1", "c-1", "01-03-2021", "28-03-2021"), short]))
    assert got[0][1] == [] and got[1][1] == ["VP000"]
    assert "række 3: rækken har 18 felter, men overskriften har 27" in got[1][2]


# --------------------------------------------------------------------------- 17: CR-only JSON Lines in .json


def test_a_json_file_of_cr_only_json_lines_is_read_as_json_lines(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    from conftest import agreement

    docs = [json.dumps(agreement({"id": f"A{i}", "citizen": {"id": f"c-{i}"},
                                    "company": {"p_number": f"100000000{i}"}}), ensure_ascii=False) for i in range(3)]
    for name in ("x.json", "x.jsonl"):
        f = tmp_path / name
        f.write_bytes("\r".join(docs).encode() + b"\r")
        got = three_ways(run_cli, f)
        assert [line for line, _, _ in got] == [1, 2, 3], name


@settings(max_examples=1000, deadline=None)
@given(st.binary().map(lambda b: bytes(b'a";\r'[x % 4] for x in b)), st.booleans())
@example(b'"";;a";"', False)  # looks like «every cell quoted», but its last cell opens a quote
def test_three_ways_to_follow_quotes_agree(line: bytes, inside: bool) -> None:
    """Where a line leaves the reader (inside a quoted cell or not): the csv module (with
    the fast path for all-quoted lines), the regular expression, and the piece scanner."""
    from praktiktjek.readers.csvfile import _Quotes

    q = _Quotes(";")
    q.inside = inside
    q.line(line)
    pattern = q._cont if inside else q._line
    by_regex = pattern.match(line) is None if b'"' in line else inside
    p = _Quotes(";")
    p._state = "quoted" if inside else "start"
    for i in range(0, len(line), 3):  # in pieces, as a line over the record limit is read
        p.piece(line[i:i + 3])
    p.end()
    assert q.inside == by_regex == p.inside


# --------------------------------------------------------------------------- review 10


def test_a_row_with_an_empty_extra_cell_is_vp000_not_read_shifted(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review 10, finding 3: an unquoted «;» inside a cell gives the row one cell too many;
    when the (shifted) last cell was empty the row was read shifted — here the function
    text moves into the purpose column — with no word. Any cell beyond the header's is VP000."""
    good = row("A1", "c-1", "01-03-2021", "28-03-2021")
    cells = good.split(";")
    cells[15] = "varepåfyldning;kundeservice"  # the separator inside the functions cell, unquoted
    f = write_csv(tmp_path / "x.csv", [good, ";".join(cells)])
    got = three_ways(run_cli, f)
    assert got[1][1] == ["VP000"]
    assert "rækken har 28 felter, men overskriften har 27" in got[1][2]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_misplaced_quote_is_told_in_the_runs_language(run_cli, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Review 10, finding 5: `"Netto" Vest` gave the csv module's English «';' expected
    after '"'» in a Danish run."""
    r = row("A1", "c-1", "01-03-2021", "28-03-2021").split(";")
    r[7] = '"Netto" Vest'
    f = write_csv(tmp_path / "q.csv", [";".join(r)])
    doc = run_cli("check", "-f", "json", "--lang", lang, str(f), code=1).json()
    msg = doc["results"][0]["findings"][0]["message"]
    assert "expected" not in msg if lang == "da" else "closing quote" in msg
    assert ("anførselstegn" in msg) is (lang == "da")


# --------------------------------------------------------------------------- leftovers: width VP000 named


def _named(run_cli, path: Path, *extra: str) -> list[tuple[int, str | None, str | None, list[str], str]]:  # type: ignore[no-untyped-def]
    """(row, agreement id, citizen, rules, first message) per record, the same from `check`
    and both audit engines (their findings CSV too: row, id and masked citizen)."""
    got = {}
    for name, args in (("check", ["check"]), ("duckdb", ["audit", "-j", "1", "--engine", "duckdb"]),
                       ("python", ["audit", "-j", "1", "--engine", "python"])):
        doc = run_cli(*args, "-f", "json", *extra, str(path)).json()
        got[name] = [(r["line"], r["agreement_id"], r["citizen"], sorted(f["rule"] for f in r["findings"]),
                      r["findings"][0]["message"] if r["findings"] else "") for r in doc["results"]]
    assert got["check"] == got["duckdb"] == got["python"]
    return got["check"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_short_row_is_vp000_naming_its_agreement_and_the_missing_columns(run_cli, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """A row cut short (Excel leaves trailing empty cells unwritten) stays VP000, but the
    finding names the row's agreement id and (masked) citizen, in `check` and both audit
    engines, and says how many cells the row and the header have and which columns lack.
    Every length from 1 to 26 cells, each its own row of one export (one run of each of
    the three readers, not one per length)."""
    header = HEADER.split(";")
    lengths = range(1, 27)
    shorts = [";".join(row(f"A{cells + 1}", "010190-1234", "01-03-2021", "28-03-2021").split(";")[:cells])
              for cells in lengths]
    f = write_csv(tmp_path / "x.csv", [row("A1", "c-1", "01-03-2021", "28-03-2021"), *shorts])
    got = _named(run_cli, f, "--lang", lang)
    assert len(got) == 1 + len(lengths)
    for cells, (line, aid, citizen, rules, message) in zip(lengths, got[1:], strict=True):
        assert (line, aid, rules) == (cells + 2, f"A{cells + 1}", ["VP000"])
        assert citizen == (None if cells < 3 else "010190-****")  # the citizen is the third column
        missing = header[cells:]
        if lang == "da":
            assert f"rækken har {cells} felter, men overskriften har {len(header)}" in message
            span = f"kolonne {len(header)} " if len(missing) == 1 else f"kolonne {cells + 1}–{len(header)} "
        else:
            assert f"the row has {cells} fields, but the header has {len(header)}" in message
            span = f"column {len(header)} " if len(missing) == 1 else f"columns {cells + 1}–{len(header)} "
        assert span in message
        for name in missing[:5]:
            assert f"«{name}»" in message
        if len(missing) > 5:
            assert f" {len(missing) - 5} {'andre' if lang == 'da' else 'others'}) " in message
        assert "1234" not in message


@pytest.mark.parametrize("extra", [1, 3])
def test_a_long_row_is_vp000_naming_its_agreement(run_cli, tmp_path: Path, extra: int) -> None:  # type: ignore[no-untyped-def]
    long_row = row("A2", "010190-1234", "01-03-2021", "28-03-2021") + ";x" * extra
    f = write_csv(tmp_path / "x.csv", [long_row])
    (line, aid, citizen, rules, message), = _named(run_cli, f)
    assert (line, aid, citizen, rules) == (2, "A2", "010190-****", ["VP000"])
    width = len(HEADER.split(";"))
    span = f"{width + 1}" if extra == 1 else f"{width + 1}–{width + extra}"
    assert f"rækken har {width + extra} felter, men overskriften har {width}; felt {span} " in message
    (_, _, _, _, message_en), = _named(run_cli, f, "--lang", "en")
    assert f"the row has {width + extra} fields, but the header has {width}; field" in message_en


def test_a_short_row_in_the_findings_csv_names_its_agreement(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    short = ";".join(row("A2", "010190-1234", "01-03-2021", "28-03-2021").split(";")[:20])
    f = write_csv(tmp_path / "x.csv", [short])
    out = {}
    for engine in ("duckdb", "python"):
        target = tmp_path / f"{engine}.csv"
        run_cli("audit", "-q", "-j", "1", "--engine", engine, str(f), "--findings", str(target), code=1)
        out[engine] = target.read_bytes()
    assert out["duckdb"] == out["python"]
    cells = next(csv.reader(io.StringIO(out["python"].decode("utf-8-sig").splitlines()[1]), delimiter=";"))
    assert cells[0].endswith("x.csv") and cells[1:5] == ["2", "A2", "010190-****", "VP000"]
