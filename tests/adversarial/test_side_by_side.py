"""Two fields side by side in a written output must not read as one CPR number: an
agreement id ending in a date («AAL-230487») beside a citizen id starting with four
digits («9173…») was ``AAL-230487;9173…`` in the findings CSV (issue #9, left by the
hostile reviews). Each property searches the written *file text* with privacy.py."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement
from praktiktjek import door
from praktiktjek.privacy import spans

# a date part: a real day and month, two-digit year
_DATE = st.builds(lambda d, m, y: f"{d:02d}{m:02d}{y:02d}", st.integers(1, 28), st.integers(1, 12),
                  st.integers(0, 99))
# an agreement id that ends in a date, spelt with a separator or not
_ID = st.builds(lambda pre, d: pre + d, st.sampled_from(["AAL-", "A", "", "x ", "12-"]), _DATE)
# a citizen id that starts with four digits and is no CPR number of its own (day 91)
_CITIZEN = st.builds(lambda four, rest: "91" + four + rest, st.from_regex(r"[0-9]{2}", fullmatch=True),
                     st.from_regex(r"[0-9]{0,6}", fullmatch=True))


def _export(tmp: Path, ids: list[tuple[str, str]]) -> Path:
    f = tmp / "udtraek.jsonl"
    f.write_text("".join(json.dumps(agreement({
        "id": aid, "citizen": {"id": cid}, "end": "2021-05-01",
        "position": {"title": "Lager", "functions": ["lager"]}})) + "\n" for aid, cid in ids), "utf-8")
    return f


# a field's text: ending in a date, starting with four digits, or anything, each as the
# door leaves it (a field that is a CPR number of its own is masked before any writer)
_FIELD = st.one_of(_ID, _CITIZEN, st.from_regex(r"[0-9]{1,4}", fullmatch=True), _DATE,
                   st.builds(lambda a, b: a + b, _DATE, st.sampled_from(["", '"', " ", ";", "-"])),
                   st.text(alphabet=st.sampled_from("0123456789 ;\"-./æ"), max_size=12)).map(door.text)


def _joined(text: str) -> list[tuple[int, int]]:
    """Where ``text`` reads as a CPR number, a number the door masked (``010190-****``) read
    as masked: its date digits are no part of another number (review 8, finding 3)."""
    return list(spans(door.opaque_masked(text)))


def _doc(f: list[str]) -> dict[str, object]:
    return {"source": f[0] or "a.json", "line": f[1], "agreement_id": f[2], "citizen": f[3],
            "findings": [{"rule": f[4], "severity": "error", "message": f[5], "line": f[1],
                          "citation": {"text": f[6], "url": f[7],
                                       "sources": [{"number": f[10], "kind": "law"}]},  # act_version
                          "pointer": f[8], "waived": {"reason": f[9]}}]}


@settings(max_examples=300, deadline=None)
@given(fields=st.lists(_FIELD, min_size=11, max_size=11))
def test_the_findings_csv_holds_no_cpr_number_across_its_cells(fields: list[str]) -> None:
    """Every two neighbouring cells, whatever they hold: the written file text has no CPR
    number privacy.py recognises, and it is still the same table (only a joined
    number's four serial digits became ``*``)."""
    import csv
    import io

    from praktiktjek.audit import FINDING_COLUMNS, FindingsWriter

    out = io.StringIO()
    writer = FindingsWriter(out, True)
    writer.add(_doc(fields))
    writer.close()
    text = out.getvalue()
    assert [text[s:e] for s, e in _joined(text)] == []
    [row] = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert list(row) == list(FINDING_COLUMNS)
    cells = [door.clean_path(fields[0] or "a.json"), *fields[1:5], "error", *fields[5:]]
    for got, was in zip(row.values(), [door.csv_cell(c) for c in cells], strict=True):
        assert len(got) == len(was) and got.count("*") - was.count("*") <= 8
        assert all(a == b or a == "*" for a, b in zip(got, was, strict=True))


@settings(max_examples=200, deadline=None)
@given(records=st.lists(st.lists(_FIELD, min_size=11, max_size=11), min_size=2, max_size=4))
def test_no_cpr_number_across_the_line_break_between_rows(records: list[list[str]]) -> None:
    """A row's last cell and the next row's first (another record's) sit side by side
    across the line break: «…230487\\r\\n1357…» reads as a CPR number too. The file text
    holds none, and every row is still there with its cells."""
    import csv
    import io

    from praktiktjek.audit import FindingsWriter

    out = io.StringIO()
    writer = FindingsWriter(out, True)
    for fields in records:
        writer.add(_doc(fields))
    writer.close()
    text = out.getvalue()
    assert [text[s:e] for s, e in _joined(text)] == []
    assert len(list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))) == 1 + len(records)


def test_show_cpr_writes_the_cells_as_they_are(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The case the property guards: with --show-cpr nothing is masked, and the two
    cells do read as a CPR number across the separator."""
    src = _export(tmp_path, [("AAL-230487", "9173012345")])
    out = tmp_path / "fund.csv"
    run_cli("audit", "-q", "-j", "1", "--engine", "python", "--show-cpr", "--findings", str(out), str(src))
    assert "AAL-230487;9173012345" in out.read_text("utf-8-sig")
    run_cli("audit", "-q", "-j", "1", "--engine", "python", "--findings", str(out), str(src))
    text = out.read_text("utf-8-sig")
    assert "AAL-230487;****012345" in text and list(spans(text)) == []


# a file name that ends in a date (read as JSON whatever its suffix), or a plain one
_SOURCE = st.one_of(_DATE, st.builds(lambda d: "x " + d, _DATE), st.just("a.json"))
# an agreement id that starts with four digits (after a file name or a line number)
_ID_AFTER = st.builds(lambda four, rest: four + rest, st.from_regex(r"[0-9]{4}", fullmatch=True),
                      st.sampled_from(["", "-A", " x"]))


@settings(max_examples=40, deadline=None)
@given(source=_SOURCE, aid=st.one_of(_ID, _ID_AFTER), cid=_CITIZEN,
       cases=st.sampled_from(["agreement", "rule"]), blank=st.sampled_from([0, 1356, 3099]))
def test_no_output_of_check_holds_a_cpr_number_across_two_fields(source: str, aid: str, cid: str,
                                                                  cases: str, blank: int) -> None:
    """check's every format, written: the console text, JSON, SARIF, JUnit (both case
    layouts), GitHub annotations and the step summary's Markdown."""
    import contextlib
    import io
    import os
    import tempfile

    from praktiktjek.cli import run

    with tempfile.TemporaryDirectory() as d:
        here = Path(d)
        (here / source).write_text("\n" * blank + json.dumps(agreement({
            "id": aid, "citizen": {"id": cid}, "end": "2021-05-01",
            "position": {"title": "Lager", "functions": ["lager"]}})), "utf-8")
        old = Path.cwd()
        os.chdir(here)
        try:
            os.environ["GITHUB_STEP_SUMMARY"] = str(here / "summary.md")
            outs = [f"{f}={f}.out" for f in ("text", "json", "sarif", "junit")]
            with contextlib.redirect_stdout(io.StringIO()) as annotations:
                code = run(["check", "-f", "github", "--junit-cases", cases,
                            *[a for o in outs for a in ("-o", o)], source])
        finally:
            os.environ.pop("GITHUB_STEP_SUMMARY", None)
            os.chdir(old)
        assert code == 1
        written = {f: (here / f).read_text("utf-8") for f in ["text.out", "json.out", "sarif.out", "junit.out",
                                                                 "summary.md"]}
        written["github"] = annotations.getvalue()
        assert "::error file=" in written["github"]
        for f, text in written.items():
            assert [text[s:e] for s, e in _joined(text)] == [], f


def test_show_cpr_writes_check_locations_as_they_are(tmp_path: Path) -> None:
    """A file named «x 230487» with a finding on line 1357 reads «x 230487:1357»: masked in
    the console text and JUnit by default, written as it is with --show-cpr — and a run
    without the flag after one with it masks again (the choice is per run)."""
    import os

    from praktiktjek.cli import run

    src = tmp_path / "x 230487"
    src.write_text("\n" * 1356 + json.dumps(agreement({"end": "2021-05-01"})), "utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        texts = {}
        for flag in (["--show-cpr"], [], ["--show-cpr"], []):
            assert run(["check", *flag, "-o", "text=t.out", "-o", "junit=j.out", src.name]) == 1
            texts[bool(flag)] = [(tmp_path / f).read_text("utf-8") for f in ("t.out", "j.out")]
            if flag:
                assert all("x 230487:1357" in t for t in texts[True])
            else:
                assert all("x 230487:1357" not in t and list(spans(t)) == [] for t in texts[False])
    finally:
        os.chdir(old)


def test_the_audit_report_examples_hold_no_cpr_number_across_id_source_and_line(tmp_path: Path) -> None:
    """The report's and the summary's example of a rule is «id (source:line)»: a source
    named «x 230487» with a finding on line 1357 read «(x 230487:1357)». Both engines."""
    import contextlib
    import io
    import os

    from praktiktjek.cli import run

    src = tmp_path / "x 230487"
    src.write_text("\n" * 1356 + json.dumps(agreement({"id": "A-1", "end": "2021-05-01"})) + "\n", "utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        for engine in ("duckdb", "python"):
            with contextlib.redirect_stdout(io.StringIO()) as console:
                assert run(["audit", "-q", "--engine", engine, "--report", "r.html", src.name]) == 1
            html = (tmp_path / "r.html").read_text("utf-8")
            assert "A-1 (x 230487:" in html  # the example is there
            for text in (console.getvalue(), html):
                assert [text[s:e] for s, e in _joined(text)] == [], engine
    finally:
        os.chdir(old)


# a CPR number the door masked, alone or inside a text (its date digits are shown; the
# findings writer's first look reads them as letters, as across() does)
_MASKED = st.builds(lambda pre, d, post: f"{pre}{d}-****{post}", st.sampled_from(["", "AAL-", "1", "x ", "12-"]),
                    _DATE, st.sampled_from(["", "1", "3", " 4", "-****"]))
# cells as they reach the findings writer: the fields above, masked CPR numbers, digits of
# other scripts, look-through marks, fillers, literal escapes, quotes and line breaks
_CELL = st.one_of(_FIELD, _MASKED, st.text(alphabet=st.sampled_from(
    [*"0123456789;\"-_ ./*æa\r\n\\", "\u0301", "\u200d", "\u3164", "²", "٣", "①", "\ufe0f"]), max_size=14))


@settings(max_examples=600, deadline=None)
@given(cells=st.lists(_CELL, min_size=1, max_size=14), width=st.integers(1, 5))
def test_may_join_says_no_only_when_the_door_would_change_nothing(cells: list[str], width: int) -> None:
    """door.may_join is the findings writer's first look: when it answers False, across()
    over the written CSV text (rows of ``width`` cells) must leave it exactly as it is."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([cells[k:k + width] for k in range(0, len(cells), width)])
    written = buf.getvalue()
    # a masked number is read by across() as door.opaque_masked leaves it, and so by the
    # writer's look: that is the property below
    if not door.may_join(cells) and not any("-****" in c for c in cells):
        assert door.across(written, [c.replace('"', '""') for c in cells]) == written


@settings(max_examples=600, deadline=None)
@given(cells=st.lists(_CELL, min_size=1, max_size=14), width=st.integers(1, 5))
def test_may_join_over_opaque_cells_says_no_only_when_the_door_would_change_nothing(cells: list[str],
                                                                                   width: int) -> None:
    """The findings writer's first look reads each cell as door.opaque_masked leaves it (a
    masked number's digits as letters, as across() reads the written text): when that look
    answers False, across() over the written CSV text must leave it exactly as it is."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([cells[k:k + width] for k in range(0, len(cells), width)])
    written = buf.getvalue()
    if not door.may_join([door.opaque_masked(c) for c in cells]):
        assert door.across(written, [c.replace('"', '""') for c in cells]) == written


def test_the_first_look_reads_a_masked_number_as_across_does() -> None:
    """«AAL-2021-010203;070577-****» reads as 010203-0705 across the separator with the
    masked number's date digits as digits; across() reads them as letters, and so does the
    writer's look."""
    cells = ["AAL-2021-010203", "070577-****"]
    assert door.may_join(cells)
    assert not door.may_join([door.opaque_masked(c) for c in cells])
    assert door.across(";".join(cells), cells) == ";".join(cells)


def test_may_join_finds_the_known_joins() -> None:
    assert door.may_join(["AAL-230487", "9173012345"])
    assert door.may_join(["ok 230487", "", "1357.json"])  # across an empty cell and a line break
    assert door.may_join(["2304", "87", "1357"])  # a date split over two cells
    assert not door.may_join(["VIB-2021-000000", "020485-****"])  # no date: 00-00 is none
    assert not door.may_join(["udtraek.jsonl", "17", "VIB-2021-000001"])


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(["VP202", "VP000"]), source=st.text(max_size=20), aid=st.text(max_size=12),
       n=st.integers(1, 50))
def test_a_sarif_fingerprint_never_reads_as_a_cpr_number(rule: str, source: str, aid: str, n: int) -> None:
    """A 32-character hash can hold ten digits in a row that read as a CPR number
    (found: «3004704258»); the fingerprint has no digits at all, and stays stable."""
    from praktiktjek.engine import Finding, Result
    from praktiktjek.reporters.common import fingerprint

    r = Result(source, 1, aid, None)
    f = Finding(rule, "error", "m", "/end")
    fp = fingerprint(r, f, n)
    assert len(fp) == 32 and not any(c.isdigit() for c in fp) and fp == fingerprint(r, f, n)


def test_the_report_lists_sources_and_examples_without_a_cpr_number_across_them(tmp_path: Path) -> None:
    """The report's header lists the sources «a, b» and each rule's examples «x; y»: two
    files «x-2304» and «87-1357» read «x-2304, 87-1357» (review 5)."""
    import contextlib
    import io
    import os

    from praktiktjek.cli import run

    for name in ("x-2304", "87-1357"):
        (tmp_path / name).write_text(json.dumps(agreement({"id": "A", "end": "2021-05-01"})) + "\n", "utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        for engine in ("duckdb", "python"):
            with contextlib.redirect_stdout(io.StringIO()):
                assert run(["audit", "-q", "--engine", engine, "--report", "r.html", "x-2304", "87-1357"]) == 1
            html = (tmp_path / "r.html").read_text("utf-8")
            assert "x-2304, 87-" in html  # both sources are named
            assert [html[s:e] for s, e in _joined(html)] == [], engine
    finally:
        os.chdir(old)


def test_the_report_header_and_escapes_hold_no_cpr_number(tmp_path: Path) -> None:
    """Review 6: the header «praktiktjek … · 28-11-2026 · 0101 1234.jsonl» read as
    260101-1234, and an id «0101'1234» escaped as «0101&#39;1234» as 010139-1234. The
    header is composed through the door, the escaper's references are named."""
    import contextlib
    import io
    import os

    from praktiktjek.auditreport import report_header
    from praktiktjek.cli import run
    from praktiktjek.reporters.common import uri_path

    assert list(spans(report_header("0.1.0", "28-11-2026", ["0101 1234.jsonl"]))) == []
    assert "%20" in uri_path("0101 1234.jsonl") and list(spans(uri_path("0101 1234.jsonl"))) == []
    (tmp_path / "0101 1234.jsonl").write_text(json.dumps(agreement({"id": "0101'1234", "end": "2021-05-01"}))
                                              + "\n", "utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        for engine in ("duckdb", "python"):
            with contextlib.redirect_stdout(io.StringIO()):
                assert run(["audit", "-q", "--engine", engine, "--report", "r.html", "0101 1234.jsonl"]) == 1
            html = (tmp_path / "r.html").read_text("utf-8")
            assert "0101&apos;1234" in html and "&#39;" not in html
            assert [html[s:e] for s, e in _joined(html)] == [], engine
    finally:
        os.chdir(old)


# cells a finding repeats, with stop characters (letters, '*') among digits and separators
_TAIL_CELL = st.one_of(_CELL, st.text(alphabet=st.sampled_from([*"0123456789;- ./*aVæ_", "²", "٣"]), max_size=10))


@settings(max_examples=600, deadline=None)
@given(before=st.lists(_CELL, max_size=5), cells=st.lists(_TAIL_CELL, min_size=1, max_size=8),
       after=st.lists(_CELL, max_size=5))
def test_an_outline_gives_the_first_look_of_the_whole_cells(before: list[str], cells: list[str],
                                                            after: list[str]) -> None:
    """door.outline cuts a finding's cells to their edges once; the first look over any
    neighbours with the outline (or inside the cells) answers as the look over the whole."""
    inside, edges = door.outline(cells)
    assert inside == door.may_join(cells)
    assert door.may_join([*before, *cells, *after]) == (inside or door.may_join([*before, *edges, *after]))


@settings(max_examples=600, deadline=None)
@given(left=st.lists(_CELL, min_size=1, max_size=8), right=st.lists(_CELL, min_size=1, max_size=8))
def test_the_first_look_over_two_records_is_their_own_looks_and_the_boundary(left: list[str],
                                                                            right: list[str]) -> None:
    """may_join(left + right) = may_join(left) or may_join(right) or joins_at(left, right)."""
    whole = door.may_join([*left, *right])
    if door.may_join(left) or door.may_join(right):
        assert whole
    else:
        assert whole == door.joins_at(left, right)


class _ReferenceWriter:
    """The findings CSV writer as it was before the first look was computed in parts: the
    whole look (door.may_join) over the held-back record's cells and the next record's."""

    def __init__(self, fh: io.StringIO) -> None:
        import csv

        self.fh, self.buf = fh, io.StringIO()
        self.pending, self.pending_cells = "", []  # type: ignore[var-annotated]
        fh.write("\ufeff")
        self.csv = csv.writer(self.buf, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        from praktiktjek.audit import FINDING_COLUMNS

        self.csv.writerow(FINDING_COLUMNS)
        self._flush(list(FINDING_COLUMNS))

    def _flush(self, cells: list[str]) -> None:
        text = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        held = len(self.pending)
        if door.may_join([door.opaque_masked(c) for c in self.pending_cells + cells]):
            safe = door.across(self.pending + text, [c.replace('"', '""') for c in self.pending_cells + cells])
        else:
            safe = self.pending + text
        self.fh.write(safe[:held])
        self.pending, self.pending_cells = safe[held:], cells

    def add(self, doc: dict[str, Any]) -> None:
        from praktiktjek.audit import _cell, finding_rows

        rows = [[_cell(v) for v in row.values()] for row in finding_rows(doc)]
        if rows:
            self.csv.writerows(rows)
            self._flush([c for r in rows for c in r])

    def close(self) -> None:
        self.fh.write(self.pending)


def _findings_doc(head: list[str], findings: list[list[str]]) -> dict[str, Any]:
    return {"source": head[0] or "a.json", "line": 7, "agreement_id": head[1], "citizen": head[2],
            "findings": [{"rule": f[0], "severity": "error", "message": f[1], "line": int(f[2]) if f[2].isascii() and f[2].isdigit() else None,
                          "citation": {"text": f[3], "url": f[4]}, "pointer": f[5], "waived": {"reason": f[6]} if f[6] else None}
                         for f in findings]}


# a record: source, id and citizen; one to three findings from a few that repeat
_FINDING = st.lists(_TAIL_CELL, min_size=7, max_size=7)
_RECORD = st.tuples(st.lists(_CELL, min_size=3, max_size=3), st.lists(st.integers(0, 3), min_size=0, max_size=3))


@settings(max_examples=300, deadline=None)
@given(findings=st.lists(_FINDING, min_size=1, max_size=4), records=st.lists(_RECORD, min_size=1, max_size=6))
def test_the_findings_csv_is_written_as_the_whole_first_look_writes_it(findings: list[list[str]],
                                                                      records: list[Any]) -> None:
    """The findings writer (first look in parts, each finding's cells outlined once) writes
    the very file text the writer with the whole first look over every two records writes."""
    from praktiktjek.audit import FindingsWriter

    docs = [_findings_doc(head, [findings[i % len(findings)] for i in picks]) for head, picks in records]
    new, old = io.StringIO(), io.StringIO()
    writer, reference = FindingsWriter(new, True), _ReferenceWriter(old)
    for doc in docs:
        writer.add(doc)
        reference.add(doc)
    writer.close()
    reference.close()
    assert new.getvalue() == old.getvalue()
