"""Review 19: the form edits the opened document — a value it cannot show is kept.

F5: a purpose category the form has no box for gets a checked box of its own and stays.
F6: without JavaScript, «Kontroller» after «Åbn» merges the form into the opened document
(carried, masked, in the hidden field «grundlag»), so an unshown field keeps its finding.
F10: a date field is a text field and shows the date as the file writes it; it is never
erased. The property: opening an agreement and pressing «Kontroller» without an edit gives
the findings `check` gives for the file. (The script's side: tests/test_web_browser.py.)
"""

from __future__ import annotations

import copy
import json
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, base_agreement, check_data, ruleset
from test_review17_form import shown_rules


@pytest.fixture(scope="module")
def client() -> TestClient:
    from praktiktjek.web import Settings, create_app

    return TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))


class _Form(HTMLParser):
    """What a browser without JavaScript posts for the page's form #agreement."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self.inside = False
        self.template = 0
        self.select: str | None = None
        self.area: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == "agreement"
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template:
            return
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.pairs.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select is not None and "selected" in a:
            self.pairs.append((self.select, a.get("value", "")))
        elif tag == "textarea" and name:
            self.area, self.text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.template -= 1
        elif tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.area is not None:
            self.pairs.append((self.area, self.text.removeprefix("\n")))
            self.area = None

    def handle_data(self, data: str) -> None:
        if self.area is not None:
            self.text += data


def form_of(html: str) -> list[tuple[str, str]]:
    p = _Form()
    p.feed(html)
    return p.pairs


def open_file(client: TestClient, data: Any) -> str:
    r = client.post("/aabn", files={"file": ("aftale.json", json.dumps(data, ensure_ascii=False).encode())},
                    data={"lang": "da"})
    assert r.status_code == 200, r.text[:300]
    return r.text


def press_check(client: TestClient, pairs: list[tuple[str, str]]) -> str:
    r = client.post("/", content=urlencode(pairs).encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200, r.text[:300]
    return r.text


def file_rules(data: Any) -> list[str]:
    return [f.rule for r in check_data(data) for f in r.findings]


def edit(pairs: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(k, value if k == name else v) for k, v in pairs]


# ------------------------------------------------------------------ the no-JS path

def _example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _unknown_category() -> dict[str, Any]:
    d = base_agreement()
    d["purpose"]["categories"] = ["selvværd", *d["purpose"].get("categories", [])]
    return d


def _danish_date() -> dict[str, Any]:
    d = _example("vp503-lige-efter-hinanden.json")
    y, m, day = d["history"][0]["end"].split("-")
    d["history"][0]["end"] = f"{day}-{m}-{y}"
    return d


def _extension_object() -> dict[str, Any]:
    d = _example("vp203-dagpenge-forlaenget.json")
    d["extensions"] = d["extensions"][0]
    return d


CASES = {
    "F5 a category with no box": (_unknown_category, "VP102"),
    "F5 the shipped selvværd example": (lambda: _example("vp102-bliv-glad-praktik.json"), "VP102"),
    "F10 a date in Danish order": (_danish_date, "VP000"),
    "F10 extensions written as an object": (_extension_object, "VP000"),
    "F6 a field the form has no input for": (lambda: _example("vp003-timer-pr-uge-paa-dansk.json"), "VP003"),
    "F6 a nested unknown field": (lambda: {**base_agreement(), "citizen": {**base_agreement()["citizen"],
                                                                           "unknown_flag": True}}, "VP003"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_js_check_after_open_keeps_what_the_form_cannot_show(client: TestClient, case: str) -> None:
    make, rule = CASES[case]
    data = make()
    want = file_rules(data)
    assert rule in want
    opened = open_file(client, data)
    assert shown_rules(opened) == want
    pairs = form_of(opened)
    assert sorted(shown_rules(press_check(client, pairs))) == sorted(want)
    # and after an unrelated edit (the municipality) the value is still there
    after = press_check(client, edit(pairs, "/municipality", "Aalborg Kommune"))
    assert rule in shown_rules(after)
    # and again: the page carries the document on to the next «Kontroller»
    assert rule in shown_rules(press_check(client, form_of(after)))


def test_no_js_unknown_category_is_shown_checked_and_can_be_unticked(client: TestClient) -> None:
    opened = open_file(client, _unknown_category())
    assert ("/purpose/categories", "selvværd") in form_of(opened)
    assert 'value="selvværd" data-kind="choices" data-extra checked' in opened
    unticked = [p for p in form_of(opened) if p != ("/purpose/categories", "selvværd")]
    assert "VP102" not in shown_rules(press_check(client, unticked))


def test_no_js_date_field_shows_the_date_as_written(client: TestClient) -> None:
    opened = open_file(client, _danish_date())
    assert 'type="date"' not in opened
    day = _danish_date()["history"][0]["end"]
    assert ("/history/0/end", day) in form_of(opened)


def test_no_js_a_changed_field_still_wins(client: TestClient) -> None:
    data = base_agreement()
    pairs = form_of(open_file(client, data))
    html = press_check(client, edit(pairs, "/hours_per_week", "45"))
    assert "VP301" in shown_rules(html) or "VP302" in shown_rules(html)


def test_carried_document_masks_cpr(client: TestClient) -> None:
    data = base_agreement()
    data["notat"] = "ring til 010190-1234"
    data["citizen"]["020290-2345"] = "x"
    opened = open_file(client, data)
    assert "010190-1234" not in opened and "020290-2345" not in opened
    assert "VP003" in shown_rules(press_check(client, form_of(opened)))


# ------------------------------------------------------------------ the property

_ODD_DATES = st.sampled_from(["22-02-2021", "2021/02/22", "2021-02-30", "2020-09-01T08:00", "1. marts 2021"])
_KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå_", min_size=3, max_size=12)


@st.composite
def _agreements(draw: st.DrawFn) -> dict[str, Any]:
    d = base_agreement()
    if draw(st.booleans()):
        d["purpose"]["categories"] = draw(st.lists(st.sampled_from(
            ["selvværd", "trivsel", *d["purpose"].get("categories", [])]), min_size=1, max_size=3, unique=True))
    for key in draw(st.lists(st.sampled_from(["start", "end"]), unique=True)):
        d[key] = draw(_ODD_DATES)
    if draw(st.booleans()):
        d[draw(_KEYS)] = draw(st.one_of(st.integers(0, 99), st.text("abc ", max_size=5), st.booleans()))
    if draw(st.booleans()):
        d.setdefault("citizen", {})[draw(_KEYS)] = draw(st.integers(0, 9))
    if draw(st.booleans()):
        row = copy.deepcopy(_example("vp503-lige-efter-hinanden.json")["history"][0])
        if draw(st.booleans()):
            row["end"] = draw(_ODD_DATES)
        if draw(st.booleans()):
            row[draw(_KEYS)] = "x"
        d["history"] = [row]
    return d


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_agreements())
def test_open_then_check_without_edits_gives_the_files_findings(client: TestClient, data: dict[str, Any]) -> None:
    want = sorted(file_rules(data))
    assert sorted(shown_rules(open_file(client, data))) == want
    assert sorted(shown_rules(press_check(client, form_of(open_file(client, data))))) == want
