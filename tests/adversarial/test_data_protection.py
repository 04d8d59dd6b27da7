"""Personal data and output safety: a CPR number anywhere in the input is masked in every
output format (one test each) unless --show-cpr is given; HTML escapes all data; CSV
cells cannot be formulas; the terminal gets no control characters or escapes from data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import agreement

CPR = "2304871357"           # ddmmyy + four digits, a real date: a CPR number
CPR_DASHED = "230487-1357"
MASKED = "230487-****"


def _everywhere(tmp_path: Path) -> Path:
    """An agreement with the CPR number in every free-text place, and findings to show it."""
    data = agreement({
        "id": f"SAG-{CPR_DASHED}",
        "citizen": {"id": CPR},
        "end": "2021-05-01",
        "position": {"title": f"Lager {CPR}", "functions": [CPR_DASHED]},
        "purpose": {"categories": [f"kategori {CPR}"], "description": f"Borgeren {CPR_DASHED} skal afklares i lager i fire uger nu."},
        "ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": [CPR_DASHED]},
        "extensions": [{"end": "2021-05-20", "reason": CPR, "assessment": CPR}],
        "hours_per_week": CPR,  # a VP000 that quotes the value
    })
    bad = tmp_path / f"borger-{CPR}.json"
    bad.write_text(json.dumps(data), "utf-8")
    del data["hours_per_week"]
    good = tmp_path / "aftale.json"
    good.write_text(json.dumps(data), "utf-8")
    return tmp_path


def _assert_masked(text: str) -> None:
    assert CPR not in text and CPR_DASHED not in text, text[:2000]
    assert MASKED in text


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_check_output_is_masked(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(_everywhere(tmp_path))
    res = run_cli("check", "-f", fmt, ".", code=1)
    _assert_masked(res.out)
    # the file name holds a CPR number too: masked as well (only in output, the file is found);
    # SARIF writes it as a URI, percent-encoded
    assert "borger-230487-****.json" in res.out or "borger-230487-%2A%2A%2A%2A.json" in res.out


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_audit_output_is_masked(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(_everywhere(tmp_path))
    res = run_cli("audit", "-q", "-j", "1", "-f", fmt, ".", code=1)
    if fmt == "text":  # the console summary holds examples, not data; it must still not leak
        assert CPR not in res.out and CPR_DASHED not in res.out
    else:
        _assert_masked(res.out)


@pytest.mark.parametrize("name", ["fund.csv", "fund.jsonl", "rapport.html"])
def test_audit_files_are_masked(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(_everywhere(tmp_path))
    opt = "--report" if name.endswith(".html") else "--findings"
    out = tmp_path.parent / f"{tmp_path.name}-{name}"  # outside the input folder (refused inside)
    run_cli("audit", "-q", "-j", "1", opt, str(out), ".", code=1)
    _assert_masked(out.read_text("utf-8-sig"))


def test_only_show_cpr_lifts_the_masking(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(_everywhere(tmp_path))
    assert CPR in run_cli("check", "-f", "json", "--show-cpr", ".", code=1).out
    assert CPR in run_cli("audit", "-q", "-j", "1", "-f", "json", "--show-cpr", ".", code=1).out
    monkeypatch.setenv("PRAKTIKTJEK_SHOW_CPR", "1")  # no environment variable does it
    _assert_masked(run_cli("check", "-f", "json", ".", code=1).out)


def test_html_report_escapes_script_in_every_text_field(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    evil = "<script>alert('x')</script>"
    header = ("aftale_id;kommune;cpr;maalgruppe;cvr;p_nummer;virksomhed;sektor;branche;startdato;slutdato;"
              "timer_pr_uge;stillingsbetegnelse;arbejdsfunktioner;formaal;formaal_beskrivelse;efter_praktik")
    row = ";".join([evil, evil, evil, evil, evil, evil, evil, evil, evil, "01-03-2021", "11-04-2021", "30",
                    evil, evil, evil, evil, evil])
    f = tmp_path / "x.csv"
    f.write_text(header + "\n" + row + "\n", "utf-8")
    report = tmp_path / "r.html"
    run_cli("audit", "-q", "-j", "1", "--report", str(report), str(f), code=1)
    text = report.read_text("utf-8")
    assert "<script" not in text.lower()
    assert "&lt;script&gt;" in text


def test_terminal_output_strips_control_characters_and_ansi_from_data(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement({"id": "A\x1b[2J\x1b]0;title\x07B", "purpose": {"categories": ["\x1b[31mrød\x1b[0m\r\n"]}})), "utf-8")
    for fmt in ("text", "github"):
        out = run_cli("check", "-f", fmt, str(f), code=1).out
        assert "\x1b" not in out and "\x07" not in out and "\r" not in out
        assert "rød" in out
