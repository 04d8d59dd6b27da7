"""Web page leftovers (web6): review 19 web F12/F14/F17, form3, form4 and packs3 leftovers.

F12: a posted row number with a leading zero («/history/01/title») or a field posted twice is
refused naming the field, never merged or overwritten in silence. F14: «1,200» is asked about
(one point two in Danish, twelve hundred in English) on both pages, as «1.200» is. F17: HEAD
answers as GET without a body; a wrong Host on a page route answers a page. form4: a field
nobody touched keeps the opened file's value as written (its type too), and while the page
carries an opened file that cannot be read as it stands, the findings of the changed form say
they are not the file's. form3: the print view after the no-script «Åbn» says the same.
packs3: a rule page names the act kind in the page's words. (The script's side of form4:
tests/test_web_browser.py.)
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import base_agreement, ruleset
from test_review17_form import form_pairs, post_form, shown_rules
from test_review19_form import edit, file_rules, form_of, open_file, press_check

NO_FINDINGS = "Ingen fund"
FORM_NOT_FILE = "Fundene gælder formularens værdier, ikke den åbnede fil"


@pytest.fixture(scope="module")
def client() -> TestClient:
    from praktiktjek.web import Settings, create_app

    return TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))


# ------------------------------------------------------------------ F12: no silent merge

def _two_rows() -> dict[str, Any]:
    row = {"cvr": "35954716", "start": "2020-06-01", "end": "2020-06-28", "title": "Butiksassistent"}
    return {**base_agreement(), "history": [{"cvr": "11111111", "start": "2019-01-07", "end": "2019-02-03"}, row]}


def _with_row(data: dict[str, Any]) -> list[tuple[str, str]]:
    return form_pairs({**data, "history": _two_rows()["history"]})


@pytest.mark.parametrize("index", ["01", "00", "001", "0999"])
def test_a_row_number_with_a_leading_zero_is_refused_not_merged(client: TestClient, index: str) -> None:
    pairs = [*_with_row(base_agreement()), (f"/history/{index}/title", "Noget andet")]
    for path in ("/", "/fragment/findings", "/kontrolrapport"):
        html = post_form(client, path, pairs)
        assert NO_FINDINGS not in html, path
        assert shown_rules(html) == ["VP000"] if path != "/kontrolrapport" else "VP000" in html
        assert f"en række med nummeret «{index}» under «Tidligere forløb»" in html, path
        assert "uden foranstillet nul" in html, path
    # the same through an opened document (the no-script «Kontroller» after «Åbn» merges)
    opened = form_of(open_file(client, base_agreement()))
    html = press_check(client, [*opened, (f"/history/{index}/title", "Noget andet")])
    assert shown_rules(html) == ["VP000"] and "uden foranstillet nul" in html


@pytest.mark.parametrize(("name", "label"), [("/id", "«Aftale-id»"), ("/hours_per_week", "«Timer pr. uge»"),
                                             ("/history/1/title", "«Tidligere forløb nr. 2: ")])
def test_a_field_posted_twice_is_refused_naming_it(client: TestClient, name: str, label: str) -> None:
    pairs = _with_row(base_agreement())
    pairs.append((name, "37" if "hours" in name else "Noget andet"))
    for html in (post_form(client, "/", pairs), post_form(client, "/fragment/findings", pairs),
                 press_check(client, [*form_of(open_file(client, _two_rows())), (name, "37")])):
        assert shown_rules(html) == ["VP000"] and NO_FINDINGS not in html
        assert f"formularen har feltet {label}" in html and "2 gange" in html
    en = post_form(client, "/", [*pairs, ("lang", "en")])
    assert "the form has the field «" in en and "2 times" in en


def test_the_boxes_of_a_multiple_choice_are_posted_once_each_and_read(client: TestClient) -> None:
    data = base_agreement()
    data["purpose"]["categories"] = ["ordinary_hours", "education"]
    assert shown_rules(post_form(client, "/", form_pairs(data))) == file_rules(data)


# ------------------------------------------------------------------ F14: «1,200»

@given(st.integers(1, 999), st.integers(0, 999), st.sampled_from([",", "."]), st.sampled_from(["", "-", "+"]))
@settings(max_examples=60)
def test_one_separator_before_three_digits_is_never_read_as_a_number(whole: int, frac: int, sep: str,
                                                                      sign: str) -> None:
    """«1,200» is 1.2 in Danish and 1200 in English, «1.200» the other way round: a reading
    would be 1,000 times off for one of the two, so neither is read (the form asks)."""
    from praktiktjek.web.forms import read_number

    text = f"{sign}{whole}{sep}{frac:03d}"
    assert read_number(text) == text


@pytest.mark.parametrize(("lang", "said"), [
    ("da", "«1,200» kan læses både som 1200 og som 1,2: skriv 1200 eller 1,2 i feltet"),
    ("en", "«1,200» can be read both as 1200 and as 1.2: write 1200 or 1.2 in the field"),
])
def test_1_200_with_a_comma_is_asked_about_on_both_pages(client: TestClient, lang: str, said: str) -> None:
    pairs = [(k, "1,200" if k == "/company/ordinary_employees" else (lang if k == "lang" else v))
             for k, v in form_pairs(base_agreement())]
    html = post_form(client, "/", pairs)
    assert shown_rules(html) == ["VP000"] and said in html
    assert 'value="1,200"' in html  # the field keeps what was typed, never «1,2»
    # a decimal comma with other than three decimals is still read, on both pages
    for typed in ("1,25", "12,5", "1,2000"):
        ok = [(k, typed if k == "/company/ordinary_employees" else v) for k, v in pairs]
        assert "VP000" not in shown_rules(post_form(client, "/", ok)), typed


# ------------------------------------------------------------------ F17: HEAD, and a wrong Host

@pytest.mark.parametrize("path", ["/", "/?lang=en", "/regler", "/regler/VP301", "/revision", "/healthz",
                                  "/api/rules", "/api/schema", "/static/app.css", "/findes-ikke", "/aabn"])
def test_head_answers_as_get_without_a_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code
    assert head.status_code == (405 if path == "/aabn" else 404 if path == "/findes-ikke" else 200)
    assert head.content == b""
    for h in ("content-type", "content-length", "content-security-policy"):
        assert head.headers.get(h) == got.headers.get(h), h


@pytest.mark.parametrize("path", ["/", "/regler", "/revision", "/regler/VP101?lang=en"])
def test_a_wrong_host_on_a_page_answers_a_page(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"host": "evil.example"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    english = "lang=en" in path
    assert ("Unknown host" if english else "Ukendt værtsnavn") in r.text and "<h1>" in r.text
    assert "evil.example" not in r.text  # the header is never echoed
    api = client.get("/api/rules", headers={"host": "evil.example"})
    assert api.status_code == 400 and api.headers["content-type"] == "application/problem+json"
    head = client.head(path, headers={"host": "evil.example"})
    assert head.status_code == 400 and head.content == b""


# ------------------------------------------------------------------ form4: untouched is as written

TEXT_FIELDS = [("municipality",), ("id",), ("position", "title"), ("company", "name")]
ODD_VALUES = [123, 12.5, True, False, {"navn": "Aalborg"}, ["Aalborg"]]


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    target = data
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value
    return data


@given(st.sampled_from(TEXT_FIELDS), st.sampled_from(ODD_VALUES))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_non_text_value_in_a_text_field_keeps_its_type_through_an_edit(client: TestClient,
                                                                         path: tuple[str, ...], value: Any) -> None:
    """Without the script: open, change another field, «Kontroller» — the value keeps its
    type, so the findings are `check`'s for the file with that one change, and the panel says
    the form is not the file (which cannot be read as it stands)."""
    data = _set(base_agreement(), path, value)
    assert "VP000" in file_rules(data)
    other = "/hours_per_week" if path != ("municipality",) else "/position/title"
    typed = "31" if other == "/hours_per_week" else "Lagerarbejder"
    html = press_check(client, edit(form_of(open_file(client, data)), other, typed))
    changed = _set(json.loads(json.dumps(data)), tuple(other.strip("/").split("/")),
                   31 if typed == "31" else typed)
    assert shown_rules(html) == file_rules(changed)
    assert FORM_NOT_FILE in html
    # the page carries the document on: the value is still there, with its type
    carried = json.loads(re.search(r'name="grundlag" id="f-grundlag" value="([^"]*)"', html)[1]  # type: ignore[index]
                         .replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&"))
    got: Any = carried
    for p in path:
        got = got[p]
    assert got == value and type(got) is type(value)


def test_a_number_written_as_text_is_read_after_an_edit_and_the_page_says_the_form_is_not_the_file(
        client: TestClient) -> None:
    data = {**base_agreement(), "hours_per_week": "30"}
    pairs = form_of(open_file(client, data))
    html = press_check(client, edit(pairs, "/municipality", "Aalborg Kommune"))
    # the number field reads «30» as 30 (as the script saves it): the file's VP000 is gone, and
    # the panel says the findings are the form's, not the file's, as long as the page carries it
    assert "VP000" not in shown_rules(html) and FORM_NOT_FILE in html
    assert FORM_NOT_FILE in press_check(client, form_of(html))


def test_a_readable_file_changed_needs_no_note(client: TestClient) -> None:
    pairs = form_of(open_file(client, base_agreement()))
    assert ("aabnet", "") in pairs
    html = press_check(client, edit(pairs, "/municipality", "Aalborg Kommune"))
    assert FORM_NOT_FILE not in html and NO_FINDINGS in html


def test_the_scripts_check_of_a_changed_unreadable_file_says_the_form_is_not_the_file(client: TestClient) -> None:
    body = json.dumps(base_agreement()).encode()

    def post(query: str) -> str:
        r = client.post("/fragment/dokument?lang=da" + query, content=body,
                        headers={"content-type": "application/json"})
        assert r.status_code == 200
        return r.text

    assert FORM_NOT_FILE in post("&kilde=formular&aabnet=ulaeselig")
    assert FORM_NOT_FILE not in post("&kilde=formular")
    saved = post("&kilde=formular&gemt=forskellig&aabnet=ulaeselig")
    assert "Den gemte fil er ikke den åbnede fil ordret" in saved and "med dine rettelser" in saved
    assert "med dine rettelser" not in post("&kilde=formular&gemt=forskellig")


# ------------------------------------------------------------------ form3: the no-script print

def test_printing_after_the_no_script_open_of_an_unreadable_file_says_it_is_the_forms_reading(
        client: TestClient) -> None:
    data = {**base_agreement(), "hours_per_week": "30"}
    pairs = form_of(open_file(client, data))
    report = post_form(client, "/kontrolrapport", pairs)
    assert "Rapporten gælder formularens værdier, ikke den åbnede fil" in report
    assert "VP000" in report  # the untouched «"30"» is kept, so its finding is printed too
    plain = post_form(client, "/kontrolrapport", form_of(open_file(client, base_agreement())))
    assert "Rapporten gælder" not in plain and NO_FINDINGS in plain


# ------------------------------------------------------------------ packs3: act kinds in words

@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_rule_page_names_act_kinds_in_the_pages_words(client: TestClient, lang: str) -> None:
    from praktiktjek.docs import KIND_DA, KIND_EN

    words = set((KIND_DA if lang == "da" else KIND_EN).values())
    rs = ruleset()
    seen = set()
    for rid in rs.rules:
        html = client.get(f"/regler/{rid}" + ("?lang=en" if lang == "en" else "")).text
        for kind in re.findall(r'<p class="muted">[^<\[]*\[([^\]]+)\]', html):
            assert kind in words, (rid, kind)
            seen.add(kind)
        assert "executive_order" not in html and "local_policy" not in html
    assert len(seen) >= 3


# ------------------------------------------------------------------ form3: a file of several agreements

def test_the_form_of_a_file_with_several_agreements_says_it_holds_the_first(client: TestClient) -> None:
    """The no-script «Åbn» said the file holds several agreements; «Kontroller» and the print
    view of the form then said nothing of the others. Now both say the form has the first."""
    second = {**base_agreement(), "id": "AAL-2021-000043", "hours_per_week": 45}
    r = client.post("/aabn", files={"file": ("to.json", json.dumps([base_agreement(), second]).encode())},
                    data={"lang": "da"})
    pairs = form_of(r.text)
    assert ("aftaler", "2") in pairs
    said = "Den åbnede fil indeholder 2 aftaler; formularen har den første"
    checked = press_check(client, pairs)
    assert said in checked and ("aftaler", "2") in form_of(checked)
    assert said in post_form(client, "/kontrolrapport", pairs)
    # the script's check of the form says it too; a form of its own does not
    body = json.dumps(base_agreement()).encode()
    for query, shown in (("&kilde=formular&aftaler=2", True), ("&kilde=formular", False),
                         ("&kilde=formular&aftaler=x", False)):
        html = client.post("/fragment/dokument?lang=da" + query, content=body,
                           headers={"content-type": "application/json"}).text
        assert (said in html) == shown, query
    assert said not in press_check(client, form_of(open_file(client, base_agreement())))
