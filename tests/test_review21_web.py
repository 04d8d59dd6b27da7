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


def _multipart(lang: str, parts: list[tuple[str, str | None, bytes]]) -> bytes:
    out = b""
    if lang:
        out += b'--QQ\r\nContent-Disposition: form-data; name="lang"\r\n\r\n' + lang.encode() + b"\r\n"
    for name, filename, body in parts:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        out += f"--QQ\r\nContent-Disposition: {disp}\r\n\r\n".encode() + body + b"\r\n"
    return out + b"--QQ--\r\n"


@pytest.mark.parametrize("form_lang,browser", [("da", "en-US,en;q=0.9"), ("en", "da-DK,da;q=0.9")])
@pytest.mark.parametrize("damage", ["two files", "a field over its size"])
def test_a_damaged_upload_is_told_in_the_language_of_the_page_that_posted_it(
        client: TestClient, form_lang: str, browser: str, damage: str) -> None:
    """F8: the streaming upload's own errors followed Accept-Language, not the form's «lang»."""
    parts = ([("file", "a.jsonl", b"x"), ("file", "b.jsonl", b"x")] if damage == "two files"
             else [("note", None, b"x" * 2_000_000)])
    r = client.post("/revision", content=_multipart(form_lang, parts),
                    headers={"Content-Type": "multipart/form-data; boundary=QQ", "Accept-Language": browser})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert f'lang="{form_lang}"' in r.text
    danish = "Formularen" in r.text or "formularen" in r.text
    assert danish == (form_lang == "da"), r.text[-1500:]


def _hidden(html: str, name: str) -> str:
    import re

    m = re.search(rf'name="{name}" id="f-{name}" value="([^"]*)"', html)
    assert m, name
    return m.group(1)


@pytest.mark.parametrize("cpr", [True, False])
def test_a_document_the_server_fills_in_masked_says_so_on_the_page(client: TestClient, cpr: bool) -> None:
    """F3: a file the server reads for the page (JSON Lines, a JSON array, a file not strict
    UTF-8) fills the form masked; the page carries that fact, and a save says so."""
    data = base_agreement()
    if cpr:
        data["citizen"]["id"] = "010190-1234"
    lines = (json.dumps(data, ensure_ascii=False) + "\n" + json.dumps({**data, "id": "X-2"}) + "\n").encode()
    r = client.post("/aabn", data={"lang": "da"}, files={"file": ("a.jsonl", lines, "application/json")})
    assert r.status_code == 200 and "010190-1234" not in r.text
    assert _hidden(r.text, "maskeret") == ("ja" if cpr else "")
    # the no-JS «Kontroller» carries it on
    pairs = {"lang": "da", "grundlag": _hidden(r.text, "grundlag").replace("&#34;", '"').replace("&quot;", '"'),
             "maskeret": _hidden(r.text, "maskeret"), "aftaler": "2"}
    again = client.post("/", data=pairs)
    assert again.status_code == 200 and _hidden(again.text, "maskeret") == ("ja" if cpr else "")


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("flag", ["ja", None])
def test_a_save_of_a_masked_document_is_told(client: TestClient, lang: str, flag: str | None) -> None:
    doc = {**base_agreement(), "citizen": {**base_agreement()["citizen"], "id": "010190-****"}}
    q = f"/fragment/dokument?lang={lang}&kilde=formular" + (f"&maskeret={flag}" if flag else "")
    r = client.post(q, content=json.dumps(doc).encode())
    told = ("CPR-numrene i den gemte fil er maskeret" if lang == "da"
            else "The CPR numbers in the saved file are masked")
    assert (told in r.text) == (flag == "ja")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pad=st.integers(0, 24), zeros=st.booleans())
def test_a_row_number_holding_a_cpr_number_is_never_shown_with_its_serial(
        client: TestClient, pad: int, zeros: bool) -> None:
    """Review 21 (cli) F7: a bad row number was cut to 20 characters before it was masked."""
    index = ("0" if zeros else "a") * pad + "1212879468"
    r = client.post("/", data={"/id": "X", f"/extensions/{index}/end": "2021-05-01"})
    assert r.status_code == 200
    assert "9468" not in r.text and "94»" not in r.text and "946" not in r.text, r.text[-1500:]
