"""Review 17: the web form shows a green result only for what `check` finds lawful.

F1: an opened file's findings are the strict reading of its bytes (POST /fragment/dokument,
the path the page's script takes), the print view can check the same document, and the
hidden format travels with the form. F2: every row of a repeated group is checked, and a
row number the form cannot hold is refused, never dropped. F6/F10: one rule for numbers.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import base_agreement, check_data, ruleset

RULE = re.compile(r'class="rule-id"[^>]*>(VP\d+)<')
NO_FINDINGS = "Ingen fund"


@pytest.fixture(scope="module")
def client() -> TestClient:
    from praktiktjek.web import Settings, create_app

    return TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))


def form_pairs(data: dict[str, Any]) -> list[tuple[str, str]]:
    from praktiktjek.web.forms import FormSpec

    values, _ = FormSpec().to_values(data, mask=False)
    pairs: list[tuple[str, str]] = [("lang", "da")]
    for k, v in values.items():
        pairs += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
    return pairs


def post_form(client: TestClient, path: str, pairs: list[tuple[str, str]]) -> str:
    r = client.post(path, content=urlencode(pairs).encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200, r.text[:500]
    return r.text


def post_document(client: TestClient, body: bytes, query: str = "") -> str:
    r = client.post("/fragment/dokument?lang=da" + query, content=body,
                    headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text[:500]
    return r.text


def reference(data: Any) -> list[tuple[str, str]]:
    """`check`'s findings: (rule, pointer), in order."""
    return [(f.rule, f.pointer) for r in check_data(data) for f in r.findings]


def shown_rules(html: str) -> list[str]:
    return RULE.findall(html)


# ------------------------------------------------------------------ F1: the file, read strictly

def _mutations() -> dict[str, bytes]:
    base = base_agreement()
    text = json.dumps(base, ensure_ascii=False, indent=2)
    out: dict[str, bytes] = {}
    for name, path, value in (("hours as text", ("hours_per_week",), "30"),
                              ("consent as ja", ("agreed_by", "citizen"), "ja"),
                              ("graduate as text", ("citizen", "graduate"), "false"),
                              ("id as a number", ("citizen", "id"), 42),
                              ("another format", ("format",), "praktiktjek/agreement@2")):
        d = copy.deepcopy(base)
        target = d
        for p in path[:-1]:
            target = target[p]
        target[path[-1]] = value
        out[name] = json.dumps(d, ensure_ascii=False, indent=2).encode()
    # a duplicate key: JSON.parse keeps the last (a lawful 4 weeks), `check` refuses the file
    out["duplicate end"] = text.replace('"end": "2021-03-28"', '"end": "2021-09-30", "end": "2021-03-28"', 1).encode()
    assert out["duplicate end"].count(b'"end"') == text.count('"end"') + 1
    return out


MUTATIONS = _mutations()


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_an_opened_file_that_check_refuses_shows_its_vp000_never_a_green_result(client: TestClient,
                                                                                 name: str) -> None:
    from praktiktjek.engine import Engine
    from praktiktjek.readers.jsonfile import read_json

    body = MUTATIONS[name]
    expected = [f.rule for rec in read_json(body, "x.json") for f in Engine(ruleset()).run(rec).findings]
    assert "VP000" in expected
    html = post_document(client, body)
    assert shown_rules(html) == expected
    assert NO_FINDINGS not in html
    assert 'data-unreadable="1"' in html and "formularen viser det, der kunne læses" in html
    # the print view, given the same document by the page's script, says the same
    report = post_form(client, "/kontrolrapport", [("lang", "da"), ("dokument", body.decode())])
    assert "VP000" in report and NO_FINDINGS not in report


def test_the_no_script_open_says_the_form_is_what_could_be_read_and_keeps_the_format(client: TestClient) -> None:
    body = MUTATIONS["another format"]
    r = client.post("/aabn", files={"file": ("a.json", body, "application/json")})
    assert "VP000" in r.text and "formularen viser det, der kunne læses" in r.text
    # the hidden field carries the file's format: «Kontrollér» checks it as written
    assert 'name="/format"' in r.text and "praktiktjek/agreement@2" in r.text
    pairs = form_pairs(json.loads(body))
    assert ("/format", "praktiktjek/agreement@2") in pairs
    for path in ("/", "/fragment/findings", "/kontrolrapport"):
        html = post_form(client, path, pairs)
        assert "VP000" in html and NO_FINDINGS not in html, path


def test_a_saved_document_that_differs_from_the_opened_file_is_said_to(client: TestClient) -> None:
    doc = json.dumps(base_agreement()).encode()
    said = "Den gemte fil er ikke den åbnede fil ordret"
    assert said in post_document(client, doc, "&kilde=formular&gemt=forskellig")
    assert said not in post_document(client, doc, "&kilde=formular")


# ------------------------------------------------------------------ F2: every row

_DATES = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2020, 12, 31))


@st.composite
def agreements(draw: st.DrawFn) -> dict[str, Any]:
    """A lawful-looking agreement with many earlier internships at other companies, one of
    them perhaps a repeat at this company, and perhaps a long chain of extensions."""
    d = base_agreement()
    d["target_group"] = draw(st.sampled_from(["dagpenge", "aktivitetsparat_kontanthjaelp", "jobparat_kontanthjaelp"]))
    d["company"]["ordinary_employees"] = draw(st.sampled_from([12.5, 1200, 3, 1.25, 0.5, 1234.5]))
    n = draw(st.integers(0, 80))
    rows = []
    for i in range(n):
        start = draw(_DATES)
        rows.append({"cvr": f"{10_000_000 + i:08d}", "start": start.isoformat(),
                     "end": (start + dt.timedelta(days=27)).isoformat(),
                     "title": draw(st.sampled_from(["Lagermedarbejder", "Butiksassistent"])),
                     "functions": ["lager"]})
    if draw(st.booleans()):
        repeat = {"cvr": "35954716", "p_number": "1012345678", "start": "2020-06-01", "end": "2020-06-28",
                  "title": "Butiksassistent", "functions": ["kundeservice"]}
        rows.insert(draw(st.integers(0, len(rows))), repeat)
    if rows:
        d["history"] = rows
    m = draw(st.integers(0, 60))
    end = dt.date.fromisoformat(d["end"])
    ext = []
    for _ in range(m):
        end += dt.timedelta(days=draw(st.integers(1, 14)))
        item = {"end": end.isoformat(), "reason": "Øve kasse.", "assessment": "Vurderet."}
        if draw(st.booleans()):
            item["special_need"] = "Helt særligt behov."
        ext.append(item)
    if ext:
        d["extensions"] = ext
    return d


def _hist56() -> dict[str, Any]:
    """The reviewer's case: 55 rows at other companies, then a repeat at this one in row 56."""
    d = base_agreement()
    d["history"] = [{"cvr": f"{20_000_000 + i:08d}", "start": "2020-01-06", "end": "2020-02-02",
                     "title": "Lagermedarbejder", "functions": ["lager"]} for i in range(55)]
    d["history"].append({"cvr": "35954716", "p_number": "1012345678", "start": "2020-06-01",
                         "end": "2020-06-28", "title": "Butiksassistent", "functions": ["kundeservice"]})
    return d


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@example(_hist56())
@given(agreements())
def test_the_form_path_finds_what_check_finds_for_every_row(client: TestClient, data: dict[str, Any]) -> None:
    """For any generated agreement — with up to 81 earlier internships and 60 extensions —
    the agreement shown in the form and posted back («Kontrollér», the live findings, the
    print view) has `check`'s findings: the same rules at the same fields."""
    from praktiktjek.engine import Engine
    from praktiktjek.readers import RawRecord
    from praktiktjek.web.forms import FormSpec

    expected = reference(data)
    spec = FormSpec()
    pairs = form_pairs(data)
    posted = spec.to_agreement(pairs)
    rec = RawRecord("formular", None, data=posted, form_labels=spec.label_of)
    got = [(f.rule, f.pointer) for f in Engine(ruleset()).run(rec).findings]
    assert got == expected
    rules = [r for r, _ in expected]
    html = post_form(client, "/fragment/findings", pairs)
    assert shown_rules(html) == rules
    assert (NO_FINDINGS in html) == (not rules)


@pytest.mark.parametrize("name", ["/history/-1/cvr", "/history/x/cvr", "/history/10000/cvr",
                                  "/history/99999999999999999999/cvr", "/extensions/-3/end"])
def test_a_row_number_the_form_cannot_hold_is_refused_not_dropped(client: TestClient, name: str) -> None:
    from praktiktjek.web.forms import MAX_ROWS

    pairs = [*form_pairs(base_agreement()), (name, "35954716" if name.endswith("cvr") else "2021-12-31")]
    for path in ("/", "/fragment/findings", "/kontrolrapport"):
        html = post_form(client, path, pairs)
        assert NO_FINDINGS not in html, (path, name)
        assert "VP000" in html and f"en række skal have et nummer fra 0 til {MAX_ROWS - 1}" in html, (path, name)


def test_a_file_with_56_rows_is_shown_whole_and_posted_back_whole(client: TestClient) -> None:
    data = _hist56()
    r = client.post("/aabn", files={"file": ("h.json", json.dumps(data).encode(), "application/json")})
    assert shown_rules(r.text) == ["VP501", "VP502"]
    assert 'id="f-history-55-cvr"' in r.text  # the 56th row is in the form ...
    for path in ("/", "/fragment/findings"):  # ... and so in what «Kontrollér» posts
        assert shown_rules(post_form(client, path, form_pairs(data))) == ["VP501", "VP502"]


# ------------------------------------------------------------------ F6 / F10: one rule for numbers

NUMBERS: list[tuple[str, Any]] = [
    ("1200", 1200), ("12 500", 12500), ("12\u00a0500", 12500), ("1.200.000", 1200000), ("1.200,5", 1200.5),
    ("12,5", 12.5), ("37.5", 37.5), ("0.500", 0.5), ("1.2000", 1.2), ("-5", -5), ("+5", 5), (" 30 ", 30),
    ("", None), ("  ", None),
    # ambiguous: a thousand and two hundred, or one point two
    ("1.200", "1.200"), ("-1.200", "-1.200"),
    # no numbers here nor in the browser (F10)
    ("0x25", "0x25"), ("3\u00a00", "3\u00a00"), ("3 0", "3 0"), ("1_000", "1_000"), ("٣٠", "٣٠"),
    ("1e3", "1e3"), ("inf", "inf"), ("NaN", "NaN"), ("1.200 500", "1.200 500"), ("12 50", "12 50"),
    ("1,2,3", "1,2,3"), (",5", ",5"), ("−5", "−5"), ("1" * 400, "1" * 400),
]


@pytest.mark.parametrize(("raw", "want"), NUMBERS)
def test_a_number_field_reads_danish_numbers_the_danish_way(raw: str, want: Any) -> None:
    from praktiktjek.web.forms import read_number

    got = read_number(raw)
    assert got == want and type(got) is type(want)


@given(st.one_of(st.integers(-10**14, 10**14),
                 st.floats(min_value=-1e14, max_value=1e14, allow_nan=False, allow_infinity=False)),
       st.sampled_from(["da", "en"]))
@settings(max_examples=300)
def test_a_number_the_form_shows_reads_back_as_the_same_number(x: float, lang: str) -> None:
    from praktiktjek.web.forms import format_number, read_number

    assert read_number(format_number(x, lang)) == x


def test_an_ambiguous_number_is_refused_with_the_two_readings(client: TestClient) -> None:
    data = base_agreement()
    pairs = [(k, "1.200" if k == "/company/ordinary_employees" else v) for k, v in form_pairs(data)]
    html = post_form(client, "/fragment/findings", pairs)
    assert shown_rules(html) == ["VP000"] and NO_FINDINGS not in html
    assert "«1.200» kan læses både som 1200 og som 1,2: skriv 1200 eller 1,2" in html
    # the Danish thousands separator, with and without decimals, is a thousand: no VP701
    for typed in ("1.200,5", "12 500", "12\u00a0500"):
        pairs = [(k, typed if k == "/company/ordinary_employees" else v) for k, v in form_pairs(data)]
        assert shown_rules(post_form(client, "/fragment/findings", pairs)) == [], typed
