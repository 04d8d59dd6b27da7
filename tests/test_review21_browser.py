"""Review 21 in real Chromium: the web page's races, shapes and row cap.

F2: an object written as a one-element list is left as written by an unrelated edit. F1: a
second «Åbn» while the first file's check is on its way: the stale open never fills the form.
F4: a chosen file that cannot be read when «Åbn» is pressed is named, and the live check goes
on. F9: a file of many rows opens in linear time, and past the row cap no rows are built.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route, expect

from conftest import EXAMPLES, base_agreement, check_data
from test_web_browser import browser, fill_six_weeks, page, server  # noqa: F401  (fixtures)


def _rules(data: Any) -> list[str]:
    return sorted(f.rule for r in check_data(data) for f in r.findings)


def _shown(pg: Page) -> list[str]:
    return sorted(pg.locator("#findings li.finding .rule-id").all_inner_texts())


def _choose(pg: Page, server: str, path: Path, first: bool = True) -> None:  # noqa: F811
    if first:
        pg.goto(server + "/")
    if not pg.locator("#open-form").is_visible():
        pg.click(".open-box summary")
    pg.set_input_files("#open-file", str(path))
    pg.click("#open-form button[type=submit]")


def test_a_list_wrapped_group_survives_an_unrelated_edit_and_the_save(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    data = json.loads((EXAMPLES / "vp504-seneste-arbejdsgiver.json").read_text("utf-8"))
    data["citizen"]["last_employer"] = [data["citizen"]["last_employer"]]
    assert "VP000" in _rules(data)
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    _choose(page, server, path)
    expect(page.locator("#f-id")).to_have_value(data["id"])
    before = page.evaluate("document.body.getAttribute('data-checked')")
    page.fill("#f-municipality", "Aalborg Kommune")
    page.wait_for_function("b => document.body.getAttribute('data-checked') !== b", arg=before)
    edited = {**copy.deepcopy(data), "municipality": "Aalborg Kommune"}
    assert page.evaluate("window.praktiktjek.buildAgreement()") == edited
    assert "VP000" in _shown(page)
    with page.expect_download() as dl:
        page.click("#save-btn")
    saved = tmp_path / "saved.json"
    dl.value.save_as(saved)
    assert json.loads(saved.read_text("utf-8")) == edited


def test_a_second_open_outruns_the_first_whose_answer_never_fills_the_form(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    slow = {**base_agreement(), "id": "SLOW-45H", "hours_per_week": 45}
    fast = {**base_agreement(), "id": "FAST-OK"}
    assert "VP301" in _rules(slow) and "VP301" not in _rules(fast)
    ps, pf = tmp_path / "slow.json", tmp_path / "fast.json"
    ps.write_text(json.dumps(slow), "utf-8")
    pf.write_text(json.dumps(fast), "utf-8")
    held: list[Route] = []

    def hold(route: Route) -> None:
        if b"SLOW-45H" in (route.request.post_data_buffer or b""):
            held.append(route)
        else:
            route.continue_()
    page.goto(server + "/")
    page.route("**/fragment/dokument*", hold)
    _choose(page, server, ps, first=False)
    page.wait_for_function("() => true")
    _choose(page, server, pf, first=False)
    expect(page.locator("#f-id")).to_have_value("FAST-OK")
    expect(page.locator("#findings .tally")).to_be_visible()
    assert len(held) == 1
    held[0].continue_()  # the first file's answer arrives last
    page.wait_for_timeout(600)
    expect(page.locator("#f-id")).to_have_value("FAST-OK")
    assert "VP301" not in _shown(page)
    # «Kontrollér» pressed while a file opens acts on the file the form will hold
    page.unroute("**/fragment/dokument*")
    held.clear()
    page.route("**/fragment/dokument*", hold)
    _choose(page, server, ps, first=False)
    page.click("#check-btn")
    page.wait_for_timeout(300)
    held[0].continue_()
    expect(page.locator("#f-id")).to_have_value("SLOW-45H")
    expect(page.locator("#findings li.finding", has_text="VP301")).to_have_count(1)


def test_a_chosen_file_that_cannot_be_read_is_named_and_the_live_check_goes_on(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "gone.json"
    path.write_text(json.dumps(base_agreement()), "utf-8")
    page.goto(server + "/")
    fill_six_weeks(page)
    page.fill("#f-end", "2021-03-28")
    expect(page.locator("#findings .tally")).to_have_count(1)
    page.click(".open-box summary")
    page.set_input_files("#open-file", str(path))
    path.unlink()
    page.click("#open-form button[type=submit]")
    expect(page.locator("#open-failed")).to_contain_text("Filen kunne ikke læses")
    page.fill("#f-hours_per_week", "45")
    expect(page.locator("#findings li.finding", has_text="VP301")).to_have_count(1)


def test_many_rows_open_in_linear_time_and_past_the_cap_none_are_built(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    data = {**base_agreement(), "id": "MANGE"}
    data["history"] = [{} for _ in range(1000)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data), "utf-8")
    t0 = time.monotonic()
    _choose(page, server, path)
    expect(page.locator("#f-id")).to_have_value("MANGE", timeout=30000)
    assert page.locator("[data-group='/history'] > fieldset.row").count() == 1001
    assert time.monotonic() - t0 < 30  # was 48 s (quadratic renumbering)
    expect(page.locator("#f-history-999-start")).to_have_count(1)
    data["history"].append({"employer": "x"})
    path = tmp_path / "over-cap.json"
    path.write_text(json.dumps(data), "utf-8")
    _choose(page, server, path)
    expect(page.locator(".row-cap")).to_contain_text("højst 1000", timeout=30000)
    assert page.locator("[data-group='/history'] > fieldset.row").count() == 1
    page.fill("#f-municipality", "Aalborg Kommune")
    assert page.evaluate("window.praktiktjek.buildAgreement()")["history"] == data["history"]


def test_saving_a_document_the_server_filled_in_masked_says_so(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    """F3: a JSON Lines file goes to the server (/aabn), which fills the form with the CPR
    number masked; «Gem som JSON» then writes the masked number — and now says so."""
    data = base_agreement()
    data["citizen"]["id"] = "010190-1234"
    path = tmp_path / "to.jsonl"
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n" + json.dumps({**data, "id": "X-2"}) + "\n", "utf-8")
    _choose(page, server, path)
    page.wait_for_url("**/aabn")
    expect(page.locator("#f-maskeret")).to_have_value("ja")
    with page.expect_download() as dl:
        page.click("#save-btn")
    saved = tmp_path / "saved.json"
    dl.value.save_as(saved)
    assert json.loads(saved.read_text("utf-8"))["citizen"]["id"] == "010190-****"
    expect(page.locator("#findings")).to_contain_text("CPR-numrene i den gemte fil er maskeret")


def test_a_second_big_document_on_the_same_page_resets_the_rows(page: Page, server: str) -> None:  # noqa: F811
    """web7's flaky second open (1,001 rows after 1,000 on the same page): the page resets —
    every earlier row removed, none built past the cap, the note shown once, the list kept as
    written — and the flakiness was the answer's time on a loaded machine, not the page (the
    server answers that check in ≈ 0.02 s; the page's answer came after 0.5 s in most runs and
    after 30–45 s in some under ``-n 2``). The reset is tested here without the server: fill()
    is what an open runs once the file's findings are in."""
    page.goto(server + "/")
    many = {**base_agreement(), "id": "MANGE", "history": [{} for _ in range(1000)]}
    over = {**many, "history": [*many["history"], {"employer": "x"}]}
    rows = page.locator("[data-group='/history'] > fieldset.row")
    page.evaluate("d => window.praktiktjek.fill(d, true)", many)
    assert rows.count() == 1001 and page.locator(".row-cap").count() == 0
    page.evaluate("d => window.praktiktjek.fill(d, true)", over)
    assert rows.count() == 1 and page.locator(".row-cap").count() == 1
    expect(page.locator(".row-cap")).to_contain_text("Filen har 1001 rækker her; siden viser højst 1000")
    assert page.evaluate("window.praktiktjek.buildAgreement()")["history"] == over["history"]
    page.evaluate("d => window.praktiktjek.fill(d, true)", many)  # and back: no note left over
    assert rows.count() == 1001 and page.locator(".row-cap").count() == 0
    assert page.evaluate("window.praktiktjek.buildAgreement()")["history"] == many["history"]


def test_an_object_or_list_in_a_text_field_or_category_box_shows_as_json_text(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    """Review 21 web, F5: «[object Object]» in a text field, a list field and a category
    box. The value's JSON text, as the server shows it; the check still says VP000, and
    untouched the value keeps its type."""
    data = base_agreement()
    data["purpose"]["description"] = {"tekst": "Afklaring", "timer": [1, 2]}
    data["position"]["title"] = ["Lager", "Kasse"]
    data["position"]["functions"] = ["lager", {"navn": "kasse"}]
    data["purpose"]["categories"] = ["ordinary_hours", {"kode": "x"}]
    path = tmp_path / "objekter.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    _choose(page, server, path)
    expect(page.locator("#findings li.finding", has_text="VP000").first).to_be_visible(timeout=30000)
    assert page.locator("#f-purpose-description").input_value() == '{"tekst":"Afklaring","timer":[1,2]}'
    assert page.locator("#f-position-title").input_value() == '["Lager","Kasse"]'
    assert page.locator("#f-position-functions").input_value() == 'lager\n{"navn":"kasse"}'
    boxes = page.locator("input[type=checkbox][name='/purpose/categories']")
    assert '{"kode":"x"}' in [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
    assert "[object Object]" not in page.locator("main").inner_text()
    assert _shown(page) == _rules(data)
    # untouched, each keeps its type: the document built is the file's, and an edit elsewhere keeps them
    page.fill("#f-municipality", "Aalborg Kommune")
    built = page.evaluate("window.praktiktjek.buildAgreement()")
    assert built["purpose"]["description"] == data["purpose"]["description"]
    assert built["position"]["title"] == data["position"]["title"]
    assert built["position"]["functions"] == data["position"]["functions"]
    assert built["purpose"]["categories"] == data["purpose"]["categories"]
