"""The HTTP API, the page without JavaScript and the server's door, through FastAPI's
test client (no network)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, agreement, rule_ids, ruleset
from praktiktjek import labels
from praktiktjek.model import json_schema
from praktiktjek.web import Settings, create_app
from praktiktjek.web.forms import FormSpec

CPR = "010190-1234"
SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts=["testserver"], body_limit=200_000,
                                          upload_limit=400_000), rules=ruleset()))


def post_json(client: TestClient, data: Any, **params: str) -> Any:
    r = client.post("/api/check", content=json.dumps(data, ensure_ascii=False).encode(),
                    headers={"content-type": "application/json"}, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def six_weeks() -> dict[str, Any]:
    return agreement({"target_group": "dagpenge", "start": "2021-03-01", "end": "2021-04-11"})


# ------------------------------------------------------------------ API


def test_check_one_agreement_gives_the_output_contract_with_positions(client: TestClient) -> None:
    body = (EXAMPLES / "vp202-dagpenge-6-uger.json").read_bytes()
    r = client.post("/api/check", content=body, headers={"content-type": "application/json"})
    doc = r.json()
    assert set(doc) == {"results", "summary", "tool"}
    (f,) = [f for f in doc["results"][0]["findings"] if f["rule"] == "VP202"]
    assert f["pointer"] == "/end"
    # the line and column of "end" in the body we sent
    line = body.decode().splitlines()[f["line"] - 1]
    assert line[f["column"] - 1:].startswith('"2021-04-11"')
    assert f["citation"]["text"] == "LAB § 61, stk. 1, nr. 1"
    assert doc["summary"]["error"] >= 1


def test_a_list_gives_one_result_each_and_english_on_request(client: TestClient) -> None:
    doc = post_json(client, [six_weeks(), agreement()], lang="en")
    assert len(doc["results"]) == 2
    vp202 = [f for f in doc["results"][0]["findings"] if f["rule"] == "VP202"]
    assert vp202 and vp202[0]["message"].startswith("The internship lasts 6 weeks")
    assert not [f for f in doc["results"][1]["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b"42", b'{"id": 1}', "æøå".encode("latin-1")])
def test_an_unreadable_body_is_a_vp000_finding_in_a_200(client: TestClient, body: bytes) -> None:
    r = client.post("/api/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200
    findings = [f for res in r.json()["results"] for f in res["findings"]]
    assert findings and findings[0]["rule"] == "VP000"


def test_the_body_limit_is_enforced_before_parsing(client: TestClient) -> None:
    big = b"[" + b"1," * 150_000 + b"1]"
    r = client.post("/api/check", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["status"] == 413 and "200000" in problem["detail"]
    assert problem["title"] == "Forespørgslen er for stor"


def test_the_body_limit_holds_without_a_content_length(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(30):
            yield b" " * 10_000

    r = client.post("/api/check?lang=en", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["title"] == "Request too large"


def test_rules_api_lists_every_rule_and_explains_one(client: TestClient) -> None:
    rules = client.get("/api/rules").json()
    assert {r["id"] for r in rules} == set(ruleset().rules)
    one = client.get("/api/rules/VP202").json()
    assert one["citations"][0]["text"] == "LAB § 61, stk. 1, nr. 1"
    assert any(v["number"] for c in one["citations"] for v in c["versions"])
    assert "{" not in one["fix"]


def test_unknown_rule_is_a_danish_problem_document(client: TestClient) -> None:
    r = client.get("/api/rules/VP999")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Findes ikke"
    assert client.get("/api/rules/VP999?lang=en").json()["title"] == "Not found"


def test_schema_and_health(client: TestClient) -> None:
    assert client.get("/api/schema").json() == json_schema()
    h = client.get("/healthz").json()
    assert h["status"] == "ok" and h["rules"] == len(ruleset().rules)


def test_openapi_is_served_and_docs_load_nothing_from_a_cdn(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/check", "/api/rules", "/api/rules/{rule_id}", "/api/schema", "/healthz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


# ------------------------------------------------------------------ security and privacy


@pytest.mark.parametrize("path", ["/", "/regler", "/regler/VP202", "/revision", "/healthz", "/static/app.css"])
def test_security_headers_and_no_cookies(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    for k, v in SECURITY.items():
        assert r.headers[k] == v
    assert "set-cookie" not in r.headers


def test_every_page_has_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/regler", "/regler/VP202", "/revision"):
        html = client.get(path).text
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert "on" + "click=" not in html


def test_a_foreign_host_header_is_refused(client: TestClient) -> None:
    r = client.get("/healthz", headers={"host": "evil.example"})
    assert r.status_code == 400
    assert r.json()["title"] == "Ukendt værtsnavn"


def test_cpr_is_masked_in_every_response(client: TestClient) -> None:
    data = six_weeks()
    data["citizen"]["id"] = CPR
    data["purpose"]["description"] = f"Borger {CPR} skal afklares i butikken"
    assert CPR not in client.post("/api/check", json=data).text
    form = form_pairs(data)
    for path in ("/", "/kontrolrapport", "/fragment/findings"):
        text = post_form(client, path, form).text
        assert CPR not in text, path
        assert "010190-****" in text or path == "/fragment/findings"


def test_bodies_are_never_logged(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    marker = "Hemmelig-markør-4711"
    data = six_weeks()
    data["company"]["name"] = marker
    with caplog.at_level(logging.INFO, logger="praktiktjek.web"):
        client.post("/api/check?lang=da", json=data)
    lines = [r.getMessage() for r in caplog.records if r.name == "praktiktjek.web"]
    assert lines and lines[-1].startswith("POST /api/check 200 ")
    assert not any(marker in line or "lang=" in line for line in lines)


def test_data_is_escaped_on_the_page(client: TestClient) -> None:
    data = six_weeks()
    data["id"] = "<script>alert(1)</script>"
    text = post_form(client, "/", form_pairs(data)).text
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text


# ------------------------------------------------------------------ the page without JavaScript


def post_form(client: TestClient, path: str, pairs: list[tuple[str, str]]) -> Any:
    from urllib.parse import urlencode

    return client.post(path, content=urlencode(pairs).encode(),
                       headers={"content-type": "application/x-www-form-urlencoded"})


def form_pairs(data: dict[str, Any]) -> list[tuple[str, str]]:
    values, _ = FormSpec().to_values(data, mask=False)
    pairs: list[tuple[str, str]] = [("lang", "da")]
    for k, v in values.items():
        pairs += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
    return pairs


def test_the_form_posts_and_the_server_renders_the_finding_at_its_field(client: TestClient) -> None:
    html = post_form(client, "/", form_pairs(six_weeks())).text
    assert "VP202" in html
    assert 'href="https://www.retsinformation.dk/eli/lta/2019/548"' in html
    assert "seneste lovlige slutdato: 28. marts 2021" in html
    # the end date input is marked and described by the finding
    end = html[html.index('id="f-end"'):]
    end = end[:end.index(">")]
    assert 'aria-invalid="true"' in end and "finding-" in end


def test_opening_a_file_without_javascript_fills_the_form(client: TestClient) -> None:
    path = EXAMPLES / "vp202-dagpenge-6-uger.json"
    r = client.post("/aabn", data={"lang": "da"}, files={"file": (path.name, path.read_bytes(), "application/json")})
    assert f'value="{json.loads(path.read_text("utf-8"))["id"]}"' in r.text and "VP202" in r.text


def test_opening_a_broken_file_says_why(client: TestClient) -> None:
    r = client.post("/aabn", data={"lang": "da", "pasted": "{ikke json"})
    assert r.status_code == 200 and "ugyldig JSON" in r.text


def test_the_print_view_has_summary_findings_version_and_time(client: TestClient) -> None:
    html = post_form(client, "/kontrolrapport", form_pairs(six_weeks())).text
    assert "Kontrolrapport" in html and "LAB § 61, stk. 1, nr. 1" in html
    assert "national" in html and dt.date.today().isoformat() in html
    assert "Netto" in html or "Slutdato" in html


def test_english_switch(client: TestClient) -> None:
    html = client.get("/?lang=en").text
    assert '<html lang="en">' in html and "Citizen" in html and "Borger</h2>" not in html


# ------------------------------------------------------------------ the form and the schema


def test_every_schema_property_has_an_input() -> None:
    spec = FormSpec()
    patterns = set(spec.fields) | set(spec.groups)

    def walk(node: dict[str, Any], pointer: str) -> None:
        for k, sub in node.get("properties", {}).items():
            p = f"{pointer}/{k}"
            if p == "/format":
                continue
            target = sub
            for alt in sub.get("anyOf", [sub]):
                if "$ref" in alt or alt.get("type") == "array":
                    target = alt
            if "$ref" in target:
                walk(json_schema()["$defs"][target["$ref"].rsplit("/", 1)[1]], p)
            elif target.get("type") == "array" and "$ref" in target.get("items", {}):
                walk(json_schema()["$defs"][target["items"]["$ref"].rsplit("/", 1)[1]], p + "/*")
            else:
                assert p in patterns, p

    walk(json_schema(), "")


def _normal(x: Any) -> Any:
    """What a form can hold: no nulls, no empty lists or objects."""
    if isinstance(x, dict):
        out = {k: _normal(v) for k, v in x.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {}, "")}
    if isinstance(x, list):
        return [_normal(v) for v in x]
    return x


@pytest.mark.parametrize("path", sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json")
                                        and p.name.startswith(("ok-", "vp2", "vp4", "vp5"))))
def test_form_values_round_trip_every_example(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    if isinstance(data, list):
        data = data[0]
    spec = FormSpec()
    values, _ = spec.to_values(data, mask=False)
    pairs = [(k, x) for k, v in values.items() for x in (v if isinstance(v, list) else [v])]
    assert _normal(spec.to_agreement(pairs)) == _normal({**data, "format": "praktiktjek/agreement@1"})


# ------------------------------------------------------------------ computed values, tested by cause


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(dt.date(2020, 1, 1), dt.date(2026, 6, 30)), days=st.integers(29, 120))
def test_the_latest_lawful_end_date_is_lawful_and_one_day_later_is_not(client: TestClient, start: dt.date,
                                                                       days: int) -> None:
    data = agreement({"target_group": "dagpenge", "start": start.isoformat(),
                      "end": (start + dt.timedelta(days=days - 1)).isoformat(), "citizen": {"graduate": False}})
    html = post_form(client, "/fragment/findings", form_pairs(data)).text
    assert "seneste lovlige slutdato: " in html
    from praktiktjek.web.forms import format_date

    text = html.split("seneste lovlige slutdato: ", 1)[1].split("<", 1)[0]
    last = next(start + dt.timedelta(days=d) for d in range(0, 60) if format_date(start + dt.timedelta(days=d), "da") == text)
    assert "VP202" not in rule_ids({**data, "end": last.isoformat()})
    assert "VP202" in rule_ids({**data, "end": (last + dt.timedelta(days=1)).isoformat()})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hours=st.sampled_from([20, 25, 27.75, 30, 32.5, 33.3]), extra=st.sampled_from([8, 10, 12.5, 15, 20]))
def test_the_most_paid_hours_beside_the_internship_is_lawful(client: TestClient, hours: float, extra: float) -> None:
    data = agreement({"hours_per_week": hours, "ordinary_hours": {"timing": "concurrent", "hours_per_week": extra,
                                                                  "functions": ["kasse"]}})
    if hours + extra <= 37:
        return
    html = post_form(client, "/fragment/findings", form_pairs(data)).text
    text = html.split("Beregnet:</strong> højst ", 1)[1].split(" løntimer", 1)[0]
    room = float(text.replace(",", "."))
    assert "VP301" not in rule_ids(agreement({**data, "ordinary_hours": {**data["ordinary_hours"], "hours_per_week": room}}))
    assert "VP301" in rule_ids(agreement({**data, "ordinary_hours": {**data["ordinary_hours"], "hours_per_week": room + 0.01}}))


# ------------------------------------------------------------------ rules pages


def test_rules_catalog_filters_and_every_rule_page_has_no_placeholder(client: TestClient) -> None:
    assert client.get("/regler?q=VP20").text.count('href="/regler/VP2') >= 5
    assert 'href="/regler/VP301"' not in client.get("/regler?q=VP20").text
    for rid in ruleset().rules:
        html = client.get(f"/regler/{rid}").text
        body = html[html.index("<main"):]
        assert "{" not in body.replace("{&quot;", "").split("<ul class=\"examples\">")[0], rid


def test_rule_page_shows_every_act_version_with_dates(client: TestClient) -> None:
    html = client.get("/regler/VP202").text
    act = ruleset().acts["LAB"]
    for v in act.versions:
        if v.number:
            assert v.number in html
        if v.valid_from:
            assert labels.date(v.valid_from, "da") in html


# ------------------------------------------------------------------ audit upload


def test_audit_upload_gives_the_report_and_keeps_nothing(client: TestClient, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # a temporary folder of this test's own: another run's upload in the shared /tmp
    # (parallel workers, a second suite) cannot make it fail or hide a leftover
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = set(Path(tempfile.gettempdir()).glob("praktiktjek-upload-*"))
    assert before == set()
    csv = (Path(__file__).resolve().parents[1] / "examples" / "exports" / "vitas-eksempel.csv").read_bytes()
    r = client.post("/revision", data={"lang": "da"}, files={"file": ("vitas.csv", csv, "text/csv")})
    assert r.status_code == 200 and "<h1>" in r.text and "Revision" in r.text
    csp = r.headers["content-security-policy"]
    assert "'sha256-" in csp and "unsafe-inline" not in csp and "script-src 'none'" in csp
    assert set(Path(tempfile.gettempdir()).glob("praktiktjek-upload-*")) == before
    assert "praktiktjek-upload-" not in r.text and "vitas.csv" in r.text


def test_audit_upload_over_the_limit_is_413(client: TestClient) -> None:
    r = client.post("/revision", data={"lang": "en"}, files={"file": ("big.csv", b"a" * 600_000, "text/csv")})
    assert r.status_code == 413


def test_audit_upload_of_another_kind_of_file_is_refused(client: TestClient) -> None:
    r = client.post("/revision", data={"lang": "da"}, files={"file": ("x.exe", b"MZ", "application/octet-stream")})
    assert r.status_code == 400 and "csv" in r.text


def test_every_coded_field_offers_its_codes_with_danish_labels(client: TestClient) -> None:
    spec = FormSpec()
    coded = [f for f in spec.fields.values() if f.kind in ("choice", "choices")]
    assert {"/target_group", "/after_internship", "/company/sector", "/ordinary_hours/timing",
            "/purpose/categories"} <= {f.pointer for f in coded}
    page = client.get("/").text
    for f in coded:
        for code, label in f.options:
            assert label["da"] != code, (f.pointer, code)  # a label, not the code
            assert f">{label['da']}<" in page or f">{label['da']}\n" in page or label["da"] in page


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gap=st.integers(-10, 13))
def test_the_earliest_start_after_an_earlier_internship_is_lawful(client: TestClient, gap: int) -> None:
    earlier_end = dt.date(2021, 2, 14)
    start = earlier_end + dt.timedelta(days=gap)
    history = [{"id": "H1", "cvr": "35954716", "start": "2021-01-18", "end": earlier_end.isoformat(),
                "title": "Reception", "functions": ["reception"], "difference": "Bogholderi i stedet for reception."}]
    data = agreement({"position": {"title": "Bogholderi", "functions": ["bogføring"]}, "history": history,
                      "start": start.isoformat(), "end": (start + dt.timedelta(days=20)).isoformat()})
    assert "VP503" in rule_ids(data)
    html = post_form(client, "/fragment/findings", form_pairs(data)).text
    from praktiktjek.web.forms import format_date

    text = html.split("tidligste startdato efter det tidligere forløb: ", 1)[1].split("<", 1)[0]
    first = next(earlier_end + dt.timedelta(days=d) for d in range(60)
                 if format_date(earlier_end + dt.timedelta(days=d), "da") == text)

    def moved(day: dt.date) -> dict[str, Any]:
        return {**data, "start": day.isoformat(), "end": (day + dt.timedelta(days=20)).isoformat()}

    assert "VP503" not in rule_ids(moved(first))
    assert "VP503" in rule_ids(moved(first - dt.timedelta(days=1)))


@pytest.mark.parametrize("employees,subsidised", [(12.5, 2), (60, 10.5), (5, 1)])
def test_the_ratio_suggestion_names_the_cap_the_rule_computes(client: TestClient, employees: float,
                                                              subsidised: float) -> None:
    from praktiktjek.checks.misc import ratio_cap

    data = agreement({"company": {"ordinary_employees": employees, "subsidised_persons": subsidised}})
    assert "VP701" in rule_ids(data)
    html = post_form(client, "/fragment/findings", form_pairs(data)).text
    params = ruleset().rules["VP701"].params_at(dt.date.fromisoformat(data["start"]))
    cap = ratio_cap(employees, params)  # type: ignore[arg-type]
    assert f"højst {cap} støttede personer (årsværk) på arbejdspladsen" in html


def test_the_tally_says_1_advarsel_and_2_advarsler() -> None:
    from praktiktjek.web.i18n import tally

    assert tally(1, 1, 0, "da") == "1 fejl, 1 advarsel, 0 info"
    assert tally(2, 2, 1, "da") == "2 fejl, 2 advarsler, 1 info"
    assert tally(1, 2, 0, "en") == "1 error, 2 warnings, 0 info"


def test_problem_documents_follow_accept_language(client: TestClient) -> None:
    assert client.get("/api/rules/VP999", headers={"accept-language": "en-GB,en;q=0.9"}).json()["title"] == "Not found"
    assert client.get("/api/rules/VP999", headers={"accept-language": "da"}).json()["title"] == "Findes ikke"


# --------------------------------------------------------------------------- a fourth review

@pytest.mark.parametrize("body", [b'{"230487-9173":1,"230487-9173":2}',
                                  b'{"citizen":{"id":"x","2304879173":1,"2304879173":1}}',
                                  b'{"history":[{"230487-9173":1,"230487-9173":1}]}'])
def test_a_duplicate_key_that_is_a_cpr_number_is_masked_in_the_pointer(client: TestClient, body: bytes) -> None:
    r = client.post("/api/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200
    assert "2304879173" not in r.text and "230487-9173" not in r.text and "9173" not in r.text


def test_a_huge_row_index_from_the_client_is_bounded(client: TestClient) -> None:
    """The live form's row count came from the field names: index 10^20 took 24 GB."""
    r = client.post("/fragment/findings", data={"/history/99999999999999999999/id": "1",
                                                "/extensions/1000000/end": "2021-03-01"})
    assert r.status_code == 200 and len(r.text) < 2_000_000


def test_the_rules_search_echoes_a_cpr_number_masked(client: TestClient) -> None:
    r = client.get("/regler", params={"q": "230487-9173"})
    assert r.status_code == 200 and "230487-9173" not in r.text


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")
                                        if not p.name.endswith(".expected.json") and not p.name.startswith("vp000")))
def test_an_example_shown_in_the_form_and_posted_back_checks_as_the_file(client: TestClient, name: str) -> None:
    """Review 10, finding 1: opening an agreement masked its CVR/P-numbers in the form
    (1012345678 shown «101234-****»), so pressing «Kontrollér» gave VP000. A company's
    identifiers in the contract's form are shown as written; a citizen's CPR stays masked."""
    data = json.loads((EXAMPLES / name).read_text("utf-8"))
    values, _ = FormSpec().to_values(data)  # as the page shows it (masked)
    for key, v in values.items():
        if key.endswith(("/cvr", "/p_number")) and isinstance(v, str) and v.isdigit():
            assert "*" not in v
    pairs: list[tuple[str, str]] = [("lang", "da")]
    for k, v in values.items():
        pairs += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
    html = post_form(client, "/", pairs).text
    assert "P-nummer på præcis 10 cifre" not in html and "CVR-nummer på præcis 8 cifre" not in html


# ------------------------------------------------------------------ the calendar's ends (review 11, finding 13)

def _vp503_at(earlier_end: dt.date) -> dict[str, Any]:
    """VP503 (a repeat internship right after the earlier one) whose earlier one ends ``earlier_end``."""
    first = earlier_end - dt.timedelta(days=19) if earlier_end > dt.date(1, 1, 20) else dt.date.min
    start = earlier_end + dt.timedelta(days=min(2, (dt.date.max - earlier_end).days))
    end = start + dt.timedelta(days=min(9, (dt.date.max - start).days))
    return agreement({"start": start.isoformat(), "end": end.isoformat(), "history": [{
        "cvr": "35954716", "p_number": "1012345678", "id": "H1", "start": first.isoformat(),
        "end": earlier_end.isoformat(), "title": "Receptionist", "functions": ["reception"],
        "difference": "Bogholderi i stedet for reception."}]})


def test_a_record_near_year_9999_in_a_list_of_51_keeps_every_result(client: TestClient) -> None:
    """One VP503 in December 9999 among 50 lawful agreements: 200 with 51 results, the odd one
    with its VP503 and a value that says plainly that no start date is lawful; the page, the
    live findings beside it and the printed report answer too."""
    odd = _vp503_at(dt.date(9999, 12, 20))
    doc = post_json(client, [agreement({"id": f"OK-{i}"}) for i in range(50)] + [odd])
    assert len(doc["results"]) == 51
    assert all(not r["findings"] for r in doc["results"][:50])
    assert "VP503" in [f["rule"] for f in doc["results"][50]["findings"]]
    body = json.dumps(odd).encode()
    r = client.post("/aabn", files={"file": ("a.json", body, "application/json")})
    assert r.status_code == 200 and "ingen dato før år 10000" in r.text
    for path in ("/", "/kontrolrapport", "/fragment/findings"):
        r = post_form(client, path, form_pairs(odd))
        assert r.status_code == 200 and "ingen dato før år 10000" in r.text, path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(end=st.one_of(st.dates(dt.date.min, dt.date.max), st.dates(dt.date(9999, 11, 1), dt.date.max),
                     st.dates(dt.date.min, dt.date(1, 2, 1))))
def test_records_anywhere_in_the_calendar_get_their_results(client: TestClient, end: dt.date) -> None:
    """An agreement whose dates lie anywhere from year 1 to 9999 (an earlier internship just
    before it) gets a 200 and its own result beside a lawful one."""
    doc = post_json(client, [agreement({"id": "OK"}), _vp503_at(end)])
    assert len(doc["results"]) == 2 and not doc["results"][0]["findings"]
    assert all(f["rule"] for f in doc["results"][1]["findings"])
