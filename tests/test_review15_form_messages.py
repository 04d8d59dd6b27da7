"""Review 15, F7: a VP000 on the web form names the field by the form's own label and
gives advice that fits a form field; a file or /api/check keeps the JSON wording."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import string
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, ruleset
from praktiktjek.engine import Engine
from praktiktjek.readers import RawRecord
from praktiktjek.web import Settings, create_app
from praktiktjek.web.forms import FormSpec

SPEC = FormSpec()
ENGINES = {lang: Engine(ruleset(), lang=lang) for lang in ("da", "en")}
#: what a message to a person filling the form must not show: JSON's vocabulary
JSON_WORDS = ("anførselstegn", "quotes", "true", "false", "null", "{", "[")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))


def _base() -> dict[str, Any]:
    return agreement({"target_group": "dagpenge", "start": "2021-03-01", "end": "2021-04-11"})


def _pairs(data: dict[str, Any], lang: str, **override: str) -> list[tuple[str, str]]:
    values, _ = SPEC.to_values(data, mask=False)
    values.update(override)
    pairs: list[tuple[str, str]] = [("lang", lang)]
    for k, v in values.items():
        pairs += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
    return pairs


def _messages(html: str) -> tuple[list[str], list[str]]:
    msgs = [htmllib.unescape(m) for m in re.findall(r'<p class="msg">(.*?)</p>', html, re.S)]
    fixes = [htmllib.unescape(m.strip()) for m in
             re.findall(r'<p class="fix"><strong>[^<]*</strong>(.*?)</p>', html, re.S)]
    return msgs, fixes


@pytest.mark.parametrize(("lang", "field", "value", "msg", "fix"), [
    ("da", "/hours_per_week", "abc", "formular: feltet «Timer pr. uge»: skal være et tal (fik «abc»).",
     "Skriv et tal i feltet «Timer pr. uge», fx 30."),
    ("da", "/company/cvr", "1234",
     "formular: feltet «Virksomhed: CVR-nummer»: skal være et CVR-nummer på præcis 8 cifre (fik «1234»).",
     "Skriv CVR-nummeret i feltet «Virksomhed: CVR-nummer» som 8 cifre uden mellemrum, fx 12345678."),
    ("da", "/start", "2023-02-29", "formular: feltet «Startdato»: datoen findes ikke (fik «2023-02-29»).",
     "Ret datoen i feltet «Startdato» til en dag, der findes i kalenderen."),
    ("en", "/hours_per_week", "abc", "form: the field «Hours per week»: must be a number (got «abc»).",
     "Write a number in the field «Hours per week», e.g. 30."),
])
def test_the_form_names_the_field_by_its_label(client: TestClient, lang: str, field: str, value: str,
                                               msg: str, fix: str) -> None:
    r = client.post("/", data=dict(_pairs(_base(), lang, **{field: value})))
    assert r.status_code == 200
    msgs, fixes = _messages(r.text)
    assert msgs == [msg] and fixes == [fix]


def test_a_repeated_groups_row_is_named_with_its_number(client: TestClient) -> None:
    data = _base()
    data["extensions"] = [{"end": "2021-05-01", "reason": "mere tid", "assessment": "vurderet"},
                          {"end": "2021-06-01", "reason": "mere tid", "assessment": "vurderet"}]
    msgs, fixes = _messages(client.post("/", data=dict(_pairs(data, "da", **{"/extensions/1/end": "snart"}))).text)
    assert fixes and "«Forlængelser nr. 2: " in fixes[0]
    assert msgs and "«Forlængelser nr. 2: " in msgs[0] and "/extensions" not in msgs[0]


def test_a_file_and_the_api_keep_the_json_wording(client: TestClient) -> None:
    data = _base() | {"hours_per_week": "abc"}
    r = client.post("/api/check", json=data)
    f = r.json()["results"][0]["findings"][0] if "results" in r.json() else r.json()["findings"][0]
    assert f["message"].endswith("felt /hours_per_week: skal være et tal uden anførselstegn (fik «abc»).")
    assert "uden anførselstegn" in f["fix"]


_NUMBER_FIELDS = sorted(p for p, f in SPEC.fields.items() if f.kind == "number" and "*" not in p)
_DATE_FIELDS = sorted(p for p, f in SPEC.fields.items() if f.kind == "date" and "*" not in p)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(_NUMBER_FIELDS + _DATE_FIELDS), lang=st.sampled_from(["da", "en"]),
       text=st.text(string.ascii_letters + "æøå", min_size=1, max_size=8))
def test_property_a_bad_form_value_is_named_by_label_without_json_words(field: str, lang: str, text: str) -> None:
    """Any number or date field holding a word: the VP000 names the field's label and
    shows neither the pointer nor JSON-only advice; a file with the same value does."""
    pairs = _pairs(_base(), lang, **{field: text})
    data = SPEC.to_agreement(pairs)
    form = ENGINES[lang].run(RawRecord("formular", None, data=data, form_labels=SPEC.label_of))
    vp000 = [f for f in form.findings if f.rule == "VP000"]
    assert vp000, form.findings
    label = SPEC.label_of(field)
    assert label is not None
    shown = vp000[0].message.replace(f"«{text}»", "") + " " + vp000[0].fix
    assert f"«{label[0] if lang == 'da' else label[1]}»" in shown
    assert field not in shown
    assert not any(w in shown for w in JSON_WORDS), shown
    as_file = ENGINES[lang].run(RawRecord("aftale.json", 1, data=data))
    assert field in as_file.findings[0].message


# ------------------------------------------------------------------ F2: the act version as text

def _cite_lines(html: str) -> list[str]:
    out = []
    for m in re.findall(r'<p class="cite">(.*?)</p>', html, re.S):
        out.append(" ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", m)).split()))
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(start=st.dates(min_value=dt.date(2018, 1, 1),
                      max_value=dt.date(2027, 6, 30)),
       lang=st.sampled_from(["da", "en"]))
def test_property_the_form_names_the_act_version_as_check_does(client: TestClient, start: Any, lang: str) -> None:
    """Review 15, F2: the page showed the act version only as the link's target. On the
    page, the live fragment and the print view, each citation line reads as the text
    report's: «Hjemmel: <paragraphs> (<act versions>)»."""
    from praktiktjek.reporters.common import citation_line

    data = agreement({"target_group": "dagpenge", "start": start.isoformat(),
                      "end": (start + dt.timedelta(days=41)).isoformat()})
    expected = [citation_line(f.citation, lang) for f in
                ENGINES[lang].run(RawRecord("formular", None, data=data)).findings if f.citation]
    assert expected and any("nr." in e for e in expected)
    for path in ("/", "/fragment/findings", "/kontrolrapport"):
        got = _cite_lines(client.post(path, data=dict(_pairs(data, lang))).text)
        assert got == [" ".join(e.split()) for e in expected], path
