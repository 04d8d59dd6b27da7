"""Review 19, the caseworker's page through the test client (no browser): the verdict on a
file's other agreements (F7), an over-size body on a page route (F9), the form's own
wording of a VP000 (F11) and the print view of an opened file (F4). The browser halves
(the script) are in test_web_browser.py."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, base_agreement, ruleset
from praktiktjek.web import Settings, create_app

LIMIT = 20_000


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts=["testserver"], body_limit=LIMIT), rules=ruleset()))


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def notices(page: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r'<p class="notice"[^>]*>([^<]*)</p>', page)]


def doc(**changes: Any) -> dict[str, Any]:
    return {**base_agreement(), **changes}


def as_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


# ------------------------------------------------------------------ F7

def test_the_other_agreements_of_an_opened_file_are_counted_beside_the_first_ones_verdict(
        client: TestClient) -> None:
    """F7: the shipped two-agreement file (`check` exit 1, VP106 on the second) showed a green
    «Ingen fund» for the first with only «den første er åbnet» beside it."""
    raw = (EXAMPLES / "to-aftaler-i-en-fil.json").read_bytes()
    for page in (client.post("/fragment/dokument?lang=da", content=raw).text,
                 client.post("/aabn", data={"lang": "da"}, files={"file": ("to.json", raw)}).text):
        said = " ".join(notices(page))
        assert "Den anden aftale har fund (1 fejl" in said, said
        assert "praktiktjek check" in said


def test_the_count_is_of_the_others_with_findings_and_a_clean_rest_is_said_to_be_clean(client: TestClient) -> None:
    ok = doc()
    bad = doc(hours_per_week=45)
    three = as_bytes([ok, bad, ok, bad])
    said = " ".join(notices(client.post("/fragment/dokument?lang=da", content=three).text))
    assert "2 af de 3 andre har fund" in said, said
    clean = as_bytes([ok, ok, ok])
    said = " ".join(notices(client.post("/fragment/dokument?lang=en", content=clean).text))
    assert "The 2 others have been checked too: none of them has findings" in said, said
    # the form's own agreement is one agreement: nothing about others
    assert not notices(client.post("/fragment/dokument?lang=da&kilde=formular", content=as_bytes(ok)).text)


# ------------------------------------------------------------------ F9

def test_an_over_size_upload_on_a_page_is_a_page_in_the_pages_language_naming_the_file(client: TestClient) -> None:
    """F9: /aabn answered a raw JSON problem document, in English when the browser asked
    for English though the page is Danish."""
    big = as_bytes(doc(purpose={"categories": ["ordinary_hours"], "description": "x" * (LIMIT + 10)}))
    r = client.post("/aabn", data={"lang": "da"}, files={"file": ("stor-aftale.json", big)},
                    headers={"accept-language": "en-US,en;q=0.9"})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="da">' in r.text
    said = text_of(r.text)
    assert "Filen «stor-aftale.json» fylder mere end sidens grænse på 20.000 byte" in said
    assert "praktiktjek check stor-aftale.json" in said
    r = client.post("/aabn", data={"lang": "en"}, files={"file": ("x 010190-1234.json", big)})
    said = text_of(r.text)
    assert '<html lang="en">' in r.text and "limit of 20,000 bytes" in said
    assert "010190-1234" not in r.text and "x 010190-****.json" in said
    assert "praktiktjek check aftale.json" in said  # a name that is no plain word is not put in a command
    # the form's print view, too; the API keeps its problem document
    r = client.post("/kontrolrapport", data={"lang": "da", "dokument": "x" * (LIMIT + 10)})
    assert r.status_code == 413 and "Det indsendte fylder mere end sidens grænse på 20.000 byte" in text_of(r.text)
    r = client.post("/api/check", content=big)
    assert r.status_code == 413 and r.headers["content-type"].startswith("application/problem+json")


# ------------------------------------------------------------------ F11

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["id", "start", "end", "target_group", "citizen"]),
       value=st.sampled_from([None, True, False, [], {}, ["a"], {"a": 1}]))
def test_the_forms_messages_say_formular_and_name_values_in_danish(client: TestClient, field: str,
                                                                   value: Any) -> None:
    """F11: the form's live findings said «fil, linje 1: …» (there is no file) and «fik
    true» / «fik null»; the no-JS path says «formular: …»."""
    page = client.post("/fragment/dokument?lang=da&kilde=formular", content=as_bytes(doc(**{field: value}))).text
    messages = [html.unescape(m) for m in re.findall(r'<p class="msg">([^<]*)</p>', page)]
    vp000 = [m for m in messages if m.startswith("formular:")]
    assert vp000, messages
    assert not any("fil, linje" in m for m in messages)
    for word in ("true", "false", "null", "[…]", "{…}"):
        assert word not in vp000[0], vp000[0]
    # a file keeps its own words: the file's line, and JSON as written
    page = client.post("/fragment/dokument?lang=da", content=as_bytes(doc(**{field: value}))).text
    assert "fil, linje 1" in text_of(page)


# ------------------------------------------------------------------ F4

def test_the_print_view_of_an_opened_file_is_the_files_with_its_vp000_and_a_note(client: TestClient) -> None:
    """F4: printing right after opening a file `check` refuses («"30"») printed «Ingen fund»:
    the script sent the form's rewriting. It now sends the file, marked kilde=fil."""
    raw = json.dumps(doc(hours_per_week="30"), indent=2, ensure_ascii=False)
    page = client.post("/kontrolrapport", data={"lang": "da", "dokument": raw, "kilde": "fil"}).text
    said = text_of(page)
    assert "VP000" in said and "Ingen fund" not in said
    assert "fil, linje" in said
    assert any("Rapporten gælder den åbnede fil, som den står" in n for n in notices(page))
    # the form's agreement (kilde absent) is reported as the form's
    page = client.post("/kontrolrapport", data={"lang": "da", "dokument": raw}).text
    assert "formular:" in text_of(page) and not notices(page)
