"""Review 21 web, F5: an object or a list in a text field or a category box of the web form
(opened from a file whose ``purpose.description`` is an object, whose ``position.functions``
holds objects, whose ``purpose.categories`` holds one) showed as «[object Object]» in the
browser and as Python's repr («{'navn': 'x'}») without the script. Both now show the
value's JSON text, the same text; the check still says VP000 for it, and untouched it keeps
its type (web6). The script's side: tests/test_web_browser.py."""

from __future__ import annotations

import html as htmllib
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import base_agreement, ruleset
from test_review17_form import shown_rules
from test_review19_form import file_rules, form_of, open_file, press_check

#: (where, what the form's field holds there) — the file's value replaces the field's own
PLACES = [(("purpose", "description"), "/purpose/description"), (("position", "title"), "/position/title"),
          (("municipality",), "/municipality")]
#: JSON values that are no text: objects and lists, nested, with text that needs escaping
ODD = st.recursive(st.one_of(st.text("abcæøå \"'<>&", max_size=6), st.integers(-5, 5), st.booleans(), st.none()),
                   lambda kids: st.one_of(st.lists(kids, min_size=1, max_size=3),
                                          st.dictionaries(st.text("abcæø", min_size=1, max_size=4), kids,
                                                          min_size=1, max_size=3)),
                   max_leaves=6).filter(lambda v: isinstance(v, dict | list))


@pytest.fixture(scope="module")
def client() -> TestClient:
    from praktiktjek.web import Settings, create_app

    return TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    target = data
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value
    return data


def _values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in pairs if k == name]


@given(place=st.sampled_from(PLACES), value=ODD)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_object_or_list_in_a_text_field_shows_as_its_json_text_and_is_vp000(
        client: TestClient, place: tuple[tuple[str, ...], str], value: Any) -> None:
    path, name = place
    data = _set(base_agreement(), path, value)
    page = open_file(client, data)
    pairs = form_of(page)
    shown = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert _values(pairs, name) == [shown]
    assert "[object Object]" not in page and "{'" not in htmllib.unescape(page)
    assert "VP000" in shown_rules(page) and "VP000" in file_rules(data)
    # untouched, it keeps its type (web6): the check of the form is the file's
    assert shown_rules(press_check(client, pairs)) == file_rules(data)


def test_objects_in_a_list_field_and_a_category_box() -> None:
    """A list's items one a line, an object among them as its JSON text; a category that is
    an object has a box of its own labelled with its JSON text."""
    from praktiktjek.web.forms import FormSpec

    data = base_agreement()
    data["position"]["functions"] = ["lager", {"navn": "kasse"}, ["a", 1]]
    data["purpose"]["categories"] = ["ordinary_hours", {"kode": "x"}]
    values, _ = FormSpec().to_values(data)
    assert values["/position/functions"] == 'lager\n{"navn":"kasse"}\n["a",1]'
    assert values["/purpose/categories"] == ["ordinary_hours", '{"kode":"x"}']


def test_the_reviewers_cases_through_the_page(client: TestClient) -> None:
    data = base_agreement()
    data["purpose"]["description"] = {"tekst": "Afklaring"}
    data["position"]["functions"] = [{"navn": "kasse"}]
    page = open_file(client, data)
    pairs = form_of(page)
    assert _values(pairs, "/purpose/description") == ['{"tekst":"Afklaring"}']
    assert _values(pairs, "/position/functions") == ['{"navn":"kasse"}']
    assert "VP000" in shown_rules(page)
    assert shown_rules(press_check(client, pairs)) == file_rules(data)
