"""Review 17, F12: (1) `/api/check` worded a body it could not use as a file («filen er ikke
gyldig UTF-8 …», advice about »CSV UTF-8« in a spreadsheet, «filen indeholder ingen
aftaler»): a request body has its own words now, and the CLI keeps the file's. (2) A
pretty-printed JSON value in a `.jsonl` file gave one VP000 per line (65 for one agreement):
it is one VP000 that says the file is one JSON document, not JSON Lines, and to rename it —
in `check` and in both audit engines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset
from praktiktjek.engine import Engine
from praktiktjek.pipeline import iter_records
from praktiktjek.web import Settings, create_app
from test_batch_parity import assert_same


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts=["testserver"], body_limit=200_000,
                                          upload_limit=400_000), rules=ruleset()))


def api_vp000(client: TestClient, body: bytes, lang: str) -> tuple[str, str]:
    r = client.post("/api/check", content=body, headers={"content-type": "application/json"},
                    params={"lang": lang})
    assert r.status_code == 200
    (res,) = r.json()["results"]
    (f,) = res["findings"]
    assert f["rule"] == "VP000"
    return f["message"], f["fix"]


BODIES = {"utf16": json.dumps(agreement()).encode("utf-16"), "empty": b"", "blank": b" \n ", "list": b"[]"}


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("kind", sorted(BODIES))
def test_an_api_body_is_not_called_a_file_nor_a_spreadsheet(client: TestClient, kind: str, lang: str) -> None:
    message, fix = api_vp000(client, BODIES[kind], lang)
    text = (message + " " + fix).lower()
    for word in ("fil", "regneark", "csv", "file", "spreadsheet"):
        assert word not in text
    assert ("forespørgslens indhold" if lang == "da" else "the request body") in message
    if kind == "utf16":  # named as what it is (the UTF-16 check before UTF-8's byte 0xff)
        assert "UTF-16" in message and "UTF-8" in fix


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_the_cli_keeps_the_files_wording(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(BODIES[kind])
    (rec,) = list(iter_records([str(path)]))
    assert rec.problem is not None and rec.problem.detail.startswith("filen ")


# --------------------------------------------------------------------------- .jsonl


def pretty(values: list[Any], indent: int | None) -> str:
    value: Any = values[0] if len(values) == 1 else values
    return json.dumps(value, indent=indent, ensure_ascii=False) + "\n"


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(n=st.integers(1, 3), indent=st.sampled_from([1, 2, 4]), bom=st.booleans(), lang=st.sampled_from(["da", "en"]))
def test_a_pretty_printed_json_value_in_a_jsonl_file_is_one_vp000(tmp_path: Path, n: int, indent: int,
                                                                  bom: bool, lang: str) -> None:
    records = [agreement({"id": f"A{k}"}) for k in range(n)]
    path = tmp_path / "pretty.jsonl"
    path.write_text(("\ufeff" if bom else "") + pretty(records, indent), "utf-8")
    (rec,) = list(iter_records([str(path)]))
    result = Engine(ruleset(), lang=lang).run(rec)
    (f,) = result.findings
    assert f.rule == "VP000" and f.line == 1
    assert ("ikke JSON Lines" in f.message and ".json" in f.fix if lang == "da"
            else "not JSON Lines" in f.message and ".json" in f.fix)
    (doc,) = assert_same([str(path)], Engine(ruleset(), lang=lang))  # one record in both audit engines
    assert [x["message"] for x in doc["findings"]] == [f.message]
    # renamed to .json, the same text is read as the agreements it holds
    renamed = path.with_suffix(".json")
    path.rename(renamed)
    assert [r.problem for r in iter_records([str(renamed)])] == [None] * n


def test_json_lines_with_a_broken_first_line_is_still_read_a_line_at_a_time(tmp_path: Path) -> None:
    """A stray «{» line before real records: not one JSON document, so each line is read."""
    path = tmp_path / "stray.jsonl"
    path.write_text("{\n" + json.dumps(agreement()) + "\n", "utf-8")
    recs = list(iter_records([str(path)]))
    assert len(recs) == 2 and recs[0].problem is not None and recs[1].problem is None
    assert "JSON Lines" not in recs[0].problem.detail
    # and a one-line object is JSON Lines as ever
    path.write_text(json.dumps(agreement()) + "\n", "utf-8")
    (rec,) = list(iter_records([str(path)]))
    assert rec.problem is None and check_data(agreement())[0].findings == []
