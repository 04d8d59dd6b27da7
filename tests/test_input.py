"""Bad input: a VP000 (or VP201) naming file, line and field; the run goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import agreement


def _check(run_cli, tmp_path: Path, content: bytes | str, name: str = "a.json"):  # type: ignore[no-untyped-def]
    p = tmp_path / name
    p.write_bytes(content.encode() if isinstance(content, str) else content)
    return run_cli("check", "-f", "json", str(p)).json()


@pytest.mark.parametrize(("content", "line", "text"), [
    ('{"id": "A",\n "start": "2021-03-01",\n}', 3, "ugyldig JSON: forventede et feltnavn"),
    ("", 1, "filen indeholder ingen aftaler"),
    ("[]", 1, "tom liste"),
    ("null", 1, "JSON-objekt"),
    ("[1, \"x\"]", 1, "JSON-objekt"),
    (b"\xff\xfe{}", 1, "filen er gemt som UTF-16"),  # FF FE is UTF-16's byte-order mark
    (b"{\xff}", 1, "ikke gyldig UTF-8"),
])
def test_unreadable_files(run_cli, tmp_path: Path, content: str, line: int, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = _check(run_cli, tmp_path, content)
    f = doc["results"][0]["findings"][0]
    assert f["rule"] == "VP000"
    assert f["line"] == line
    assert text in f["message"]
    assert "a.json" in f["message"]


@pytest.mark.parametrize(("patch", "field", "text"), [
    ({"hours_per_week": "tredive"}, "/hours_per_week", "skal være et tal"),
    ({"start": "2021-02-30"}, "/start", "datoen findes ikke"),
    ({"end": "31-03-2021"}, "/end", "skal være en dato skrevet præcis ÅÅÅÅ-MM-DD"),
    ({"citizen": {"id": None}}, "/citizen/id", "feltet mangler"),
    ({"company": {"cvr": None}}, "/company/cvr", "feltet mangler"),
    ({"target_group": ""}, "/target_group", "ukendt målgruppe «»"),
    ({"extensions": [{"reason": "x"}]}, "/extensions/0/end", "feltet mangler"),
    ({"hours_per_week": -5}, "/hours_per_week", "må ikke være negativ"),
    ({"format": "praktiktjek/agreement@9"}, "/format", "ukendt kode for formatversion «praktiktjek/agreement@9» — mente du «praktiktjek/agreement@1»?"),
])
def test_bad_fields_name_file_line_and_field(run_cli, tmp_path: Path, patch, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = _check(run_cli, tmp_path, json.dumps(agreement(patch), indent=2))
    (f,) = doc["results"][0]["findings"]
    assert f["rule"] == "VP000"
    assert f["pointer"] == field
    assert f"felt {field}" in f["message"] and text in f["message"] and "a.json, linje" in f["message"]
    assert f["line"] > 1


def test_missing_required_fields_are_vp000_but_missing_content_is_a_rule(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = _check(run_cli, tmp_path, json.dumps(agreement({"position": None, "hours_per_week": None,
                                                          "purpose": None, "agreed_by": None})))
    rules = sorted(f["rule"] for f in doc["results"][0]["findings"])
    assert "VP000" not in rules
    assert rules == ["VP101", "VP103", "VP104", "VP104", "VP104", "VP106", "VP106", "VP106"]


def test_duplicate_keys_are_reported_not_picked(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps(agreement(), indent=2).replace('"end": "2021-03-28",', '"end": "2021-03-28",\n  "end": "2021-09-28",')
    doc = _check(run_cli, tmp_path, text)
    (f,) = doc["results"][0]["findings"]
    assert f["rule"] == "VP000" and "«end» står to gange" in f["message"] and f["pointer"] == "/end"


def test_nan_is_not_a_number(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps(agreement()).replace('"hours_per_week": 30', '"hours_per_week": NaN')
    (f,) = _check(run_cli, tmp_path, text)["results"][0]["findings"]
    assert f["rule"] == "VP000" and "NaN er ikke en gyldig JSON-værdi" in f["message"]


def test_impossible_period_is_vp201_not_vp000(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = _check(run_cli, tmp_path, json.dumps(agreement({"end": "2021-01-01"})))
    assert [f["rule"] for f in doc["results"][0]["findings"]] == ["VP201"]


def test_a_bad_record_does_not_stop_the_others(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = [json.dumps(agreement({"id": "1"})), "{broken", "[]", json.dumps(agreement({"id": "4", "end": "2021-05-01"}))]
    doc = _check(run_cli, tmp_path, "\n".join(lines), name="a.jsonl")
    assert doc["summary"]["records"] == 4
    assert [r["line"] for r in doc["results"]] == [1, 2, 3, 4]
    assert [[f["rule"] for f in r["findings"]] for r in doc["results"]] == [[], ["VP000"], ["VP000"], ["VP202"]]


def test_array_elements_get_their_own_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    arr = [agreement({"id": "1"}), agreement({"id": "2", "hours_per_week": "x"})]
    doc = _check(run_cli, tmp_path, json.dumps(arr, indent=2))
    second = doc["results"][1]["findings"][0]
    assert doc["results"][1]["line"] > doc["results"][0]["line"]
    assert second["rule"] == "VP000" and second["line"] > doc["results"][1]["line"]


def test_danish_letters_survive_a_bom_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = "\ufeff" + json.dumps(agreement({"purpose": {"categories": ["bliv glad på én dag"]}}), ensure_ascii=False)
    doc = _check(run_cli, tmp_path, data.encode("utf-8"))
    msgs = [f["message"] for f in doc["results"][0]["findings"]]
    assert any("«bliv glad på én dag»" in m for m in msgs)


@pytest.mark.parametrize(("content", "english"), [
    ('{"id": "A",\n "start": "2021-03-01",\n}', "a.json, line 3: invalid JSON: expected a key in double quotes."),
    ("", "a.json, line 1: the file holds no agreements (it is empty)."),
    ("null", "an agreement must be a JSON object, but the record is null"),
    (json.dumps(agreement({"hours_per_week": "tredive", "start": "2021-02-30"})),
     "field /start: the date does not exist (got «2021-02-30»); field /hours_per_week: must be a number without quotes (got «tredive»)"),
    (json.dumps(agreement({"citizen": {"id": None}})), "field /citizen/id: the field is missing"),
])
def test_input_problems_in_english(run_cli, tmp_path: Path, content: str, english: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "a.json"
    p.write_text(content, "utf-8")
    (f,) = run_cli("check", "--lang", "en", "-f", "json", str(p)).json()["results"][0]["findings"]
    assert english in f["message"]
    assert not any(w in f["message"] for w in ("felt", "linje", "mangler", "skal være", "ugyldig"))


def test_csv_input_problems_in_english(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "a.csv"
    p.write_text("aftale_id;cpr;maalgruppe;cvr;startdato;slutdato\nA1;c;dagpenge;1;31-02-2021;x\n", "utf-8")
    (f,) = run_cli("check", "--lang", "en", "-f", "json", str(p)).json()["results"][0]["findings"]
    assert "a.csv, row 2: column «startdato»: «31-02-2021» is a date that does not exist." in f["message"]
