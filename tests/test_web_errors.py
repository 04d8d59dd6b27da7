"""The framework's error texts never reach a reader: every status Starlette or FastAPI
answers by itself (405, 404, 400 from the form parser, 413, 415, 422) is told in our
words in the request's language — an HTML page for the pages, an RFC 9457 problem for the
API (review 8, finding 7)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import ruleset
from praktiktjek.web.app import Settings, create_app, framework_error

ENGLISH = ("Method Not Allowed", "Too many fields", "Too many files", "Missing boundary", "Invalid multipart",
           "Not Found", "multipart", "Part exceeded", "Unsupported Media", "Field required", "query.")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts=["testserver"], body_limit=200_000,
                                          upload_limit=400_000), rules=ruleset()))


def _clean(text: str) -> None:
    assert not [w for w in ENGLISH if w in text], text


def _page(resp, status: int, lang: str = "da") -> str:  # type: ignore[no-untyped-def]
    assert resp.status_code == status
    assert resp.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}"' in resp.text
    _clean(resp.text)
    return str(resp.text)


def test_a_get_of_the_print_page_is_told_in_danish(client: TestClient) -> None:
    text = _page(client.get("/kontrolrapport"), 405)
    assert "Denne adresse tager ikke imod den metode" in text
    en = _page(client.get("/kontrolrapport?lang=en"), 405, "en")
    assert "This address does not accept that method" in en
    for method, path in (("PUT", "/"), ("DELETE", "/revision")):
        _page(client.request(method, path), 405)


def test_too_many_form_fields(client: TestClient) -> None:
    from praktiktjek.web.forms import MAX_ROWS, FormSpec

    body = "&".join(f"f{i}=1" for i in range(FormSpec().max_fields + 1))
    text = _page(client.post("/", content=body, headers={"content-type": "application/x-www-form-urlencoded"}), 400)
    assert f"Formularen har for mange felter: den kan højst have {MAX_ROWS} rækker" in text
    # a form that is not the agreement's keeps the parser's own limit, in our words
    files = {"file": ("a.json", b"{}", "application/json")}
    many = [(f"f{i}", "1") for i in range(1100)]
    text = _page(client.post("/aabn", data=dict(many), files=files), 400)
    assert "Formularen har for mange felter; højst 1000." in text


@pytest.mark.parametrize(("path", "ctype", "body"), [
    ("/aabn", "multipart/form-data", b"x"),
    ("/fragment/findings", "multipart/form-data; boundary=x", b"garbage"),
    ("/kontrolrapport", "multipart/form-data", b"x"),
])
def test_broken_multipart_bodies(client: TestClient, path: str, ctype: str, body: bytes) -> None:
    text = _page(client.post(path, content=body, headers={"content-type": ctype}), 400)
    assert "Den indsendte formular eller fil er ufuldstændig eller ødelagt" in text
    _page(client.post(path + "?lang=en", content=body, headers={"content-type": ctype}), 400, "en")


def test_an_invalid_page_parameter_is_a_page_not_json(client: TestClient) -> None:
    text = _page(client.get("/regler", params={"q": "x" * 300}), 422)
    assert "Forespørgslen har en ugyldig værdi" in text


def test_the_api_answers_problems_in_its_language(client: TestClient) -> None:
    for lang, title in (("da", "Metoden er ikke tilladt"), ("en", "Method not allowed")):
        resp = client.get(f"/api/check?lang={lang}")
        assert resp.status_code == 405 and resp.headers["content-type"].startswith("application/problem+json")
        assert resp.json()["title"] == title
        _clean(resp.text)
    resp = client.get("/api/nothing-here")
    assert resp.status_code == 404 and resp.json()["title"] == "Findes ikke"
    _clean(resp.text)


@pytest.mark.parametrize("status", [400, 404, 405, 413, 415, 422, 418, 429, 500])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_status_has_words_of_its_own(status: int, lang: str) -> None:
    title, said = framework_error(status, "Method Not Allowed Too many fields multipart", lang)
    assert title and said
    _clean(title + said)
    other = framework_error(status, "", "en" if lang == "da" else "da")
    assert said != other[1] and title != other[0]  # each language has its own sentence
