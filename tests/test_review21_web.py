"""Review 21 (web page), findings fixed on the server side.

F7: an empty (or blank) chosen file was silently replaced by whatever the «Indsæt» box
held, so the page showed another agreement with «Ingen fund» where `check` gives the
chosen file VP000 «filen indeholder ingen aftaler»."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import base_agreement, ruleset


@pytest.fixture(scope="module")
def client() -> TestClient:
    from praktiktjek.web import Settings, create_app

    return TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blank=st.text(alphabet=" \t\r\n", max_size=6), lang=st.sampled_from(["da", "en"]))
def test_an_empty_chosen_file_is_the_input_not_the_pasted_text(client: TestClient, blank: str, lang: str) -> None:
    pasted = json.dumps(base_agreement(), ensure_ascii=False)
    r = client.post("/aabn", data={"lang": lang, "pasted": pasted},
                    files={"file": ("tom.json", blank.encode(), "application/json")})
    assert r.status_code == 200
    assert "VP000" in r.text, r.text[-2000:]
    assert base_agreement()["id"] not in r.text  # the pasted agreement is not what was opened


def test_without_a_chosen_file_the_pasted_text_is_opened(client: TestClient) -> None:
    pasted = json.dumps(base_agreement(), ensure_ascii=False)
    r = client.post("/aabn", data={"lang": "da", "pasted": pasted},
                    files={"file": ("", b"", "application/octet-stream")})
    assert r.status_code == 200
    assert base_agreement()["id"] in r.text and "VP000" not in r.text
