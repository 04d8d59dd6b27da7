"""The audit's output side made cheap (issue #12): a record's JSON put together from its
findings' texts, each finding's text made once, the findings CSV's cells made once per
distinct finding. Each shortcut is held to what it replaces (json.dumps, the row-by-row
writer), over generated values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import praktiktjek.batch.findings as findings
from conftest import agreement, ruleset
from praktiktjek import door
from praktiktjek.audit import FINDING_COLUMNS, FindingsWriter, finding_rows
from praktiktjek.batch.findings import dict_text, js, record_text
from praktiktjek.engine import Engine
from test_batch_parity import _examples, assert_same, write_jsonl

#: texts with what JSON must escape or may keep: quotes, backslashes, controls, Danish
#: letters, other scripts, lone surrogates, formula starts
TEXT = st.one_of(st.text(), st.text(alphabet='"\\/\x00\x07\x1f\x7f\u2028\u2029æøåÆØÅ€\ud800\udfff=+-@\t\r|%;\n '),
                 st.sampled_from(["", "VP701", "230487-****", "=1+2", "-", "Forholdstalsreglen er overskredet."]))
NUMBER = st.one_of(st.integers(), st.integers(-(10**30), 10**30), st.floats(), st.floats(allow_nan=False),
                   st.sampled_from([0.1, 1e16, 1e-7, -0.0, 12.5, 185.40540540540522, 2**53 + 1.0]))
SCALAR = st.one_of(st.none(), st.booleans(), TEXT, NUMBER)
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(VALUE)
def test_a_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    assert js(value) == json.dumps(value, ensure_ascii=False)


CITATION = st.one_of(st.none(), st.fixed_dictionaries({
    "text": TEXT, "url": st.one_of(st.none(), TEXT),
    "sources": st.lists(st.fixed_dictionaries({"text": TEXT, "act": TEXT, "number": st.one_of(st.none(), TEXT),
                                               "url": st.one_of(st.none(), TEXT), "kind": TEXT,
                                               "inferred": st.booleans()},
                                              optional={"dates_inferred": st.booleans()}), max_size=2)}))
LINE = st.one_of(st.none(), st.integers(0, 10**7), st.integers())


@st.composite
def finding(draw: st.DrawFn) -> dict[str, Any]:
    d: dict[str, Any] = {"rule": draw(TEXT), "severity": draw(st.sampled_from(["error", "warning", "info"])),
                         "message": draw(TEXT), "citation": draw(CITATION), "pointer": draw(TEXT),
                         "line": draw(LINE), "column": draw(st.one_of(st.none(), st.integers(0, 999))),
                         "title": draw(TEXT), "fix": draw(TEXT)}
    if draw(st.booleans()):
        d["waived"] = {"reason": draw(st.one_of(st.none(), TEXT)), "approved_by": draw(TEXT),
                       "expires": draw(st.one_of(st.none(), TEXT))}
    return d


@settings(max_examples=300, deadline=None)
@given(finding(), LINE, st.booleans())
def test_a_findings_text_is_its_head_the_line_and_its_tail(d: dict[str, Any], line: int | None, known: bool) -> None:
    head, tail = dict_text(d, {"citation": js(d["citation"])} if known else None)
    assert head + js(line) + tail == json.dumps({**d, "line": line}, ensure_ascii=False)


@settings(max_examples=150, deadline=None)
@given(TEXT, LINE, st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT), st.lists(finding(), max_size=4))
def test_a_records_text_is_json_dumps_of_its_result(source: str, line: int | None, aid: str | None,
                                                    citizen: str | None, fs: list[dict[str, Any]]) -> None:
    doc = {"source": source, "line": line, "agreement_id": aid, "citizen": citizen, "findings": fs}
    assert record_text(source, line, aid, citizen, [json.dumps(f, ensure_ascii=False) for f in fs]) \
        == json.dumps(doc, ensure_ascii=False)


def _rows_as_before(docs: list[dict[str, Any]]) -> str:
    """The findings CSV as the writer wrote it row by row before (finding_rows, each cell
    as text, neutralised)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    w.writerow(FINDING_COLUMNS)
    for doc in docs:
        for row in finding_rows(doc):
            w.writerow([door.csv_cell("" if row[c] is None else str(row[c])) for c in FINDING_COLUMNS])
    return out.getvalue()


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(TEXT, LINE, st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT),
                          st.lists(st.integers(0, 5), max_size=4)), max_size=6),
       st.lists(finding(), min_size=6, max_size=6))
def test_the_findings_csv_is_what_the_row_by_row_writer_wrote(records: list[Any], pool: list[dict[str, Any]]) -> None:
    """Findings drawn from a small pool, so that the same finding comes again (its cells
    are made once) in records of other sources, lines and citizens."""
    docs = [{"source": s, "line": ln, "agreement_id": a, "citizen": c, "findings": [dict(pool[i]) for i in picks]}
            for s, ln, a, c, picks in records]
    out = io.StringIO()
    writer = FindingsWriter(out, True, show_cpr=True)  # the cells as they are (the door: test_side_by_side)
    for doc in docs:
        writer.add(doc)
    writer.close()
    assert out.getvalue() == "\ufeff" + _rows_as_before(docs)  # the byte order mark, then the rows


@pytest.mark.parametrize("size", [1, 2])
def test_results_are_the_same_when_the_caches_hold_almost_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  size: int) -> None:
    """The caches of messages, findings and the screen's lists emptied at every turn: every
    record's text, dict and brief still equal the reference engine's."""
    monkeypatch.setattr(findings, "MESSAGE_CACHE", size)
    monkeypatch.setattr(findings, "SHOWN_CACHE", size)
    records = _examples() * 2
    assert_same([write_jsonl(tmp_path / "x.jsonl", records)], Engine(ruleset()))


def test_a_finding_shared_between_records_is_not_changed_by_the_next_one(tmp_path: Path) -> None:
    """Two records hit by the same finding at other lines (a CSV export): each record's
    dict has its own line, and the first one's is not changed by the second."""
    from praktiktjek.batch import run_batch
    from praktiktjek.batch.common import AuditOptions
    from praktiktjek.readers.csvfile import load_mapping

    src = Path(__file__).resolve().parents[1] / "examples" / "exports" / "vitas-eksempel.csv"
    docs: list[dict[str, Any]] = []
    run_batch(Engine(ruleset()), AuditOptions([str(src)], load_mapping(None), 1),
              lambda t, d, b, f: docs.append(d) if d is not None else None)
    lines = [(doc["line"], f["line"]) for doc in docs for f in doc["findings"]]
    assert lines and all(fl == dl for dl, fl in lines)


def test_the_findings_csv_starts_with_one_byte_order_mark_and_jsonl_with_none(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = Path(__file__).resolve().parents[1] / "examples" / "exports" / "vitas-eksempel.csv"
    run_cli("audit", "-q", "--findings", str(tmp_path / "f.csv"), str(src), code=1)
    run_cli("audit", "-q", "--findings", str(tmp_path / "f.jsonl"), str(src), code=1)
    raw = (tmp_path / "f.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsource;line;") and raw.count(b"\xef\xbb\xbf") == 1
    first = (tmp_path / "f.jsonl").read_bytes().splitlines()[0]
    assert first.startswith(b'{"source": ') and json.loads(first)["rule"]


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, min_size=2, max_size=6))
def test_a_csv_cell_is_written_as_the_csv_module_writes_it(cells: list[str]) -> None:
    """The findings CSV quotes its cells itself (each finding's cells once, not row by row
    in the csv module): a row of two or more cells is the csv module's text."""
    from praktiktjek.audit import csv_text

    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL).writerow(cells)
    assert ";".join(map(csv_text, cells)) + "\r\n" == out.getvalue()


@pytest.mark.parametrize("block", [1, 10**9])
def test_the_findings_csv_is_the_same_however_it_is_gathered_before_a_write(monkeypatch: pytest.MonkeyPatch,
                                                                            block: int) -> None:
    """Written at every record or once at the end: the same file text."""
    import praktiktjek.audit as audit

    monkeypatch.setattr(audit, "WRITE_BLOCK", block)
    doc = {"source": "a.csv", "line": 3, "agreement_id": "AAL-2304", "citizen": "871357-****",
           "findings": [{"rule": "VP1", "severity": "error", "message": 'm "x"; y', "line": None,
                         "citation": {"text": "LAB § 1", "url": "u"}, "pointer": "/p", "waived": None}]}
    texts = []
    for _ in range(2):
        out = io.StringIO()
        writer = FindingsWriter(out, True)
        for n in range(5):
            writer.add({**doc, "line": n})
        writer.close()
        texts.append(out.getvalue())
    assert texts[0] == texts[1] and texts[0].count("\r\n") == 6 and '"m ""x""; y"' in texts[0]


@pytest.mark.parametrize("fmt", ["sarif", "junit", "json"])
def test_an_output_error_names_the_option_as_it_was_written(run_cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """Review 15, F10: «--output sarif= /nonexist/x» — the user wrote «sarif=/nonexist/x»."""
    (tmp_path / "ok.json").write_text(json.dumps(agreement()), "utf-8")
    missing = tmp_path / "nonexist" / "x"
    err = run_cli("check", "--output", f"{fmt}={missing}", str(tmp_path / "ok.json"), code=2).err
    assert f"--output {fmt}={missing}: mappen" in err and f"{fmt}= " not in err


def test_the_act_version_is_each_citations_own_when_a_dict_id_comes_again() -> None:
    """The writer reads a citation's act versions once per citation dict (by its id, the
    dict held beside the answer). Each record here has a citation dict of its own, made
    and dropped, with its own act number: in CPython a freed dict's id soon comes again,
    and a memo that did not hold the dict would give a record the last one's act version.
    Two files take turns, so the file-name cell is asked again at each change."""
    out = io.StringIO()
    writer = FindingsWriter(out, True, show_cpr=True)
    docs = []
    for n in range(400):
        cit = {"text": "LAB § 59", "url": None,
               "sources": [{"text": "LAB § 59", "act": "lov", "number": f"LBK nr. {n} af 01/03/2024",
                            "url": None, "kind": "law" if n % 3 else "executive_order", "inferred": False,
                            **({"dates_inferred": True} if n % 5 == 0 else {})}]}
        doc = {"source": f"fil{n // 7 % 2}.jsonl", "line": n, "agreement_id": f"A-{n}", "citizen": None,
               "findings": [{"rule": "VP101", "severity": "error", "message": "m", "citation": cit,
                             "pointer": "/p", "line": None}]}
        writer.add(doc)
        # kept only as text: the dicts themselves are dropped, as the engines drop theirs
        docs.append(json.dumps(doc))
        del cit, doc
    writer.close()
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert [r[-1] for r in rows[1:]] == [f"LBK nr. {n} af 01/03/2024" + (", ikrafttræden udledt" if n % 5 == 0 else "")
                                         for n in range(400)]
    assert out.getvalue() == "\ufeff" + _rows_as_before([json.loads(d) for d in docs])
