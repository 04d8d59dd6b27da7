"""Every reader and every output format on hostile input: findings or a VP000 naming the
place, or a usage error; exit codes only 0, 1 or 2; never a traceback; nothing lost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import agreement

CHECK_FORMATS = ("text", "json", "sarif", "junit", "github")
AUDIT_FORMATS = ("text", "json", "jsonl")


def _agreement_bytes(patch: dict[str, object]) -> bytes:
    return json.dumps(agreement(patch)).encode()


JSON_CASES: dict[str, bytes] = {
    "empty": b"",
    "only-a-bom": b"\xef\xbb\xbf",
    "null": b"null",
    "array-of-junk": b'[1, "x", null, [], {}, true, 2.5, {"id": []}]',
    "nested-100000-deep": b"[" * 100_000 + b"]" * 100_000,
    "nested-objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "nan-and-infinity": _agreement_bytes({}).replace(b'"hours_per_week": 30', b'"hours_per_week": NaN').replace(
        b'"ordinary_employees": 12.5', b'"ordinary_employees": Infinity'),
    "duplicate-keys": b'{"id": "a", "id": "b", "start": "2021-01-01"}',
    "2021-02-30": _agreement_bytes({"start": "2021-02-30"}),
    "year-0001-and-9999": _agreement_bytes({"start": "0001-01-01", "end": "9999-12-31"}),
    "negative-hours": _agreement_bytes({"hours_per_week": -37}),
    "astronomical-hours": _agreement_bytes({"hours_per_week": 1e308, "company": {"ordinary_employees": 1e308}}),
    "huge-integer": _agreement_bytes({}).replace(b'"hours_per_week": 30', b'"hours_per_week": ' + b"9" * 5000),
    "non-utf8": b"\xff\xfe\xfa{\x80}",
    "nul-bytes": b'{"id": "a\x00b", "x": "\x00"}\x00',
    "control-characters": _agreement_bytes({"id": "A\x1b[31mRØD\x1b[0m", "purpose": {"categories": ["\x07bell"]}}),
    "wrong-types-everywhere": json.dumps({k: [] for k in agreement()}).encode(),
    "truncated": _agreement_bytes({})[:200],
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _assert_clean(res, *sources: str) -> None:  # type: ignore[no-untyped-def]
    assert res.code in (0, 1, 2), res.code
    assert "Traceback" not in res.out + res.err
    assert "intern fejl" not in res.err, res.err


@pytest.mark.parametrize("case", sorted(JSON_CASES))
@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_check_survives_hostile_json(run_cli, tmp_path: Path, case: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
    f = _write(tmp_path, f"fjendtlig{suffix}", JSON_CASES[case])
    doc = None
    for fmt in CHECK_FORMATS:
        res = run_cli("check", "-f", fmt, str(f))
        _assert_clean(res)
        assert res.code in (0, 1)
        if fmt == "json":
            doc = res.json()
    assert doc is not None and doc["summary"]["records"] >= 1
    for r in doc["results"]:
        for finding in r["findings"]:
            if finding["rule"] == "VP000":
                assert "fjendtlig" in finding["message"]  # names the file
                assert re.search(r"linje \d+", finding["message"])  # and the line
        assert "\x1b" not in json.dumps(r) and "\x00" not in json.dumps(r)


@pytest.mark.parametrize("case", sorted(JSON_CASES))
def test_audit_survives_hostile_json_lines(run_cli, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    f = _write(tmp_path, "fjendtlig.jsonl", JSON_CASES[case])
    lines = [x for x in JSON_CASES[case].split(b"\n") if x.strip()] or [b""]
    for fmt in AUDIT_FORMATS:
        res = run_cli("audit", "-q", "-j", "1", "-f", fmt, "--findings", str(tmp_path / "f.csv"),
                      "--report", str(tmp_path / "r.html"), str(f))
        _assert_clean(res)
        if fmt == "json":
            s = res.json()["summary"]
            assert s["records"] == s["read"] == len(lines)


CSV_HEADER = "aftale_id;cpr;maalgruppe;cvr;startdato;slutdato;timer_pr_uge"
CSV_CASES: dict[str, bytes] = {
    "unbalanced-quotes": (CSV_HEADER + '\nA1;c-1;Dagpengemodtager;35954716;"01-03-2021;28-03-2021;30\nA2;c-2;x;1;01-03-2021;28-03-2021;30\n').encode(),
    "missing-columns": (CSV_HEADER + "\nA1;c-1;Dagpengemodtager\n").encode(),
    "extra-columns": (CSV_HEADER + "\nA1;c-1;Dagpengemodtager;35954716;01-03-2021;28-03-2021;30;x;y;z\n").encode(),
    "no-header": b"A1;c-1;Dagpengemodtager;35954716;01-03-2021;28-03-2021;30\n",
    "header-only": (CSV_HEADER + "\n").encode(),
    "missing-required-column": b"aftale_id;cpr\nA1;c-1\n",
    "empty": b"",
    "only-a-bom": b"\xef\xbb\xbf",
    "nul-bytes": (CSV_HEADER + "\nA\x001;c-1;Dagpengemodtager;35954716;01-03-2021;28-03-2021;30\n").encode(),
    "windows-1252-with-bad-bytes": (CSV_HEADER + "\nÆ1;c-1;Dagpengemodtager;35954716;01-03-2021;28-03-2021;30\n").encode("cp1252") + b"\x81\x8d\x9d",
    "formula-injection": (CSV_HEADER + "\n=cmd|' /C calc'!A0;+c-1;@x;-1;01-03-2021;28-03-2021;30\n").encode(),
    "bad-dates-and-numbers": (CSV_HEADER + "\nA1;c-1;Dagpengemodtager;35954716;30-02-2021;99-99-9999;mange\n").encode(),
}


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_audit_and_check_survive_hostile_csv(run_cli, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    f = _write(tmp_path, "fjendtlig.csv", CSV_CASES[case])
    for fmt in AUDIT_FORMATS:
        res = run_cli("audit", "-q", "-j", "1", "-f", fmt, "--findings", str(tmp_path / "f.csv"),
                      "--report", str(tmp_path / "r.html"), str(f))
        _assert_clean(res)
        if fmt == "json":
            doc = res.json()
            assert doc["summary"]["records"] == doc["summary"]["read"] >= 1 or case == "header-only"
    findings_csv = (tmp_path / "f.csv").read_text("utf-8-sig")
    assert not re.search(r"(^|;)[=+\-@]", findings_csv, re.M)
    for fmt in CHECK_FORMATS:
        _assert_clean(run_cli("check", "-f", fmt, str(f)))


def test_a_20_mb_line_is_reported_not_loaded(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = b'{"id": "' + b"a" * 20_000_000 + b'"}\n' + _agreement_bytes({"id": "small"}) + b"\n"
    f = _write(tmp_path, "stor.jsonl", big)
    doc = run_cli("check", "-f", "json", str(f), code=1).json()
    first, second = doc["results"]
    assert first["findings"][0]["rule"] == "VP000" and "grænsen er 1000000 byte" in first["findings"][0]["message"]
    assert second["agreement_id"] == "small" and second["findings"] == []
    doc = run_cli("check", "-f", "json", "--max-record-bytes", "30000000", str(f), code=1).json()
    assert "grænsen" not in doc["results"][0]["findings"][0]["message"]
    doc = run_cli("audit", "-q", "-j", "1", "-f", "json", str(f), code=1).json()
    assert doc["summary"]["records"] == doc["summary"]["read"] == 2
    assert "grænsen er 1000000 byte" in doc["results"][0]["findings"][0]["message"]


def test_exit_codes_are_only_0_1_2_for_bad_invocations(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (["check"], ["check", "--format", "pdf", "x"], ["audit"], ["audit", "--jobs", "0", "x"],
                 ["explain"], ["nope"], ["check", "--max-record-bytes", "-1", "x"]):
        res = run_cli(*args)
        assert res.code == 2, (args, res.code)
        assert "Traceback" not in res.out + res.err
