"""Review 19 in real Chromium: the page's script edits the opened document.

F5: a category the form has no box for gets a checked box and survives an edit and «Gem som
JSON». F10: a date not written ÅÅÅÅ-MM-DD is shown as written and survives an edit. F3: a
removed row is gone, a blank spare row writes nothing, and a row's unshown fields stay with
that row when a row before it is removed. (The server's side: test_review19_form.py.)
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from conftest import EXAMPLES, check_data
from test_web_browser import browser, page, server  # noqa: F401  (fixtures)


def _rules(data: Any) -> list[str]:
    return sorted(f.rule for r in check_data(data) for f in r.findings)


def _shown(pg: Page) -> list[str]:
    return sorted(pg.locator("#findings li.finding .rule-id").all_inner_texts())


def _open(pg: Page, server: str, tmp_path: Path, data: Any) -> None:  # noqa: F811
    path = tmp_path / "aftale.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    pg.goto(server + "/")
    pg.click(".open-box summary")
    pg.set_input_files("#open-file", str(path))
    pg.click("#open-form button[type=submit]")
    expect(pg.locator("#f-id")).to_have_value(data["id"])
    expect(pg.locator("#findings .tally")).to_be_visible()


def _edit(pg: Page, selector: str, text: str) -> None:
    before = pg.evaluate("document.body.getAttribute('data-checked')")
    pg.fill(selector, text)
    pg.wait_for_function("b => document.body.getAttribute('data-checked') !== b", arg=before)


def test_an_edit_keeps_a_category_without_a_box_a_non_iso_date_and_unknown_fields(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    data = json.loads((EXAMPLES / "vp503-lige-efter-hinanden.json").read_text("utf-8"))
    data["purpose"]["categories"] = ["selvværd", "ordinary_hours"]
    data["history"][0]["end"] = "22-02-2021"
    data["end"] = "2021/03/28"
    data["timer_pr_uge"] = 45
    want = _rules(data)
    assert "VP000" in want  # a date not ÅÅÅÅ-MM-DD: the file cannot be read, as it stands
    _open(page, server, tmp_path, data)
    assert _shown(page) == want
    extra = page.locator("input[name='/purpose/categories'][value='selvværd']")
    expect(extra).to_be_checked()
    expect(page.locator("#f-history-0-end")).to_have_value("22-02-2021")
    expect(page.locator("#f-end")).to_have_value("2021/03/28")
    _edit(page, "#f-municipality", "Aalborg Kommune")
    edited = {**copy.deepcopy(data), "municipality": "Aalborg Kommune"}
    assert page.evaluate("window.praktiktjek.buildAgreement()") == edited
    assert _shown(page) == _rules(edited)
    with page.expect_download() as dl:
        page.click("#save-btn")
    saved = tmp_path / "saved.json"
    dl.value.save_as(saved)
    assert json.loads(saved.read_text("utf-8")) == edited
    # the caseworker writes the dates right: now the category and the unknown field are judged
    _edit(page, "#f-end", "2021-03-28")
    _edit(page, "#f-history-0-end", "2021-02-22")
    fixed = copy.deepcopy(edited)
    fixed["end"], fixed["history"][0]["end"] = "2021-03-28", "2021-02-22"
    assert page.evaluate("window.praktiktjek.buildAgreement()") == fixed
    assert {"VP102", "VP003", "VP503"} <= set(_rules(fixed))
    expect(page.locator("#findings li.finding", has_text="VP102")).to_have_count(1)
    assert _shown(page) == _rules(fixed)
    # unticking the extra box removes the category, as any box does
    extra.uncheck()
    assert page.evaluate("window.praktiktjek.buildAgreement()")["purpose"]["categories"] == ["ordinary_hours"]


def test_removing_a_row_removes_it_and_later_rows_keep_their_own_fields(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    data = json.loads((EXAMPLES / "ok-aktivitetsparat-forlaenget.json").read_text("utf-8"))
    row = {"cvr": "35954716", "start": "2019-01-07", "end": "2019-02-03", "title": "Lager",
           "difference": "Andet arbejde."}
    data["history"] = [{**row, "title": f"Lager {i}", "noegle": i} for i in range(3)]
    _open(page, server, tmp_path, data)
    page.locator("[data-group='/history'] > fieldset.row").first.locator(".remove-row").click()
    ext = page.locator("[data-group='/extensions'] > fieldset.row").first
    ext.locator(".remove-row").click()
    built = page.evaluate("window.praktiktjek.buildAgreement()")
    assert built["history"] == data["history"][1:]  # row 2's unshown «noegle» is still 1, row 3's 2
    assert "extensions" not in built  # no phantom {} for the removed extension
    page.fill("#f-municipality", "Aalborg Kommune")
    expect(page.locator("#findings li.finding", has_text="Ny slutdato")).to_have_count(0)
    want = _rules({**{k: v for k, v in data.items() if k != "extensions"}, "history": data["history"][1:],
                   "municipality": "Aalborg Kommune"})
    expect(page.locator("#findings li.finding .rule-id")).to_have_count(len(want))



def test_a_page_the_server_rendered_for_an_opened_file_is_edited_by_the_script(page: Page, server: str) -> None:  # noqa: F811
    """/aabn (the script's fallback) carries the opened document; the script edits it."""
    data = json.loads((EXAMPLES / "vp102-bliv-glad-praktik.json").read_text("utf-8"))
    data["notat"] = "x"
    page.goto(server + "/")
    page.click(".open-box summary")
    page.fill("#open-paste", json.dumps(data, ensure_ascii=False))
    with page.expect_navigation():
        page.evaluate("document.getElementById('open-form').submit()")  # no submit event: the server opens it
    expect(page.locator("#findings li.finding", has_text="VP102")).to_have_count(1)
    _edit(page, "#f-municipality", "Aalborg Kommune")
    built = page.evaluate("window.praktiktjek.buildAgreement()")
    assert built == {**data, "municipality": "Aalborg Kommune"}
    expect(page.locator("#findings li.finding", has_text="VP102")).to_have_count(1)


def test_property_open_then_save_without_edits_keeps_the_files_findings(page: Page, server: str) -> None:  # noqa: F811
    """For generated agreements (a category with no box, dates not ÅÅÅÅ-MM-DD, unknown fields,
    a row with its own unknown field), what the script would save right after opening is the
    file itself, so its findings are the file's."""
    from hypothesis import example, given, settings

    from test_review19_form import _agreements

    page.goto(server + "/")
    proto = json.loads((EXAMPLES / "vp503-lige-efter-hinanden.json").read_text("utf-8"))
    proto["history"][0]["__proto__"] = "x"  # an unknown field of a row, by that name

    @settings(max_examples=30, deadline=None)
    @example(data=proto)
    @given(data=_agreements())
    def opened_and_saved(data: dict[str, Any]) -> None:
        # as JSON text, as the page reads a file: Playwright's own passing of an object drops an
        # own key «__proto__» (a generated unknown field), which the page's JSON.parse keeps
        built = json.loads(page.evaluate("t => { window.praktiktjek.fill(JSON.parse(t), true); "
                                         "return JSON.stringify(window.praktiktjek.buildAgreement()); }",
                                         json.dumps(data, ensure_ascii=False)))
        assert _rules(built) == _rules(data)
        assert built == data

    opened_and_saved()


def test_the_form_of_a_file_with_several_agreements_says_it_holds_the_first(
        page: Page, server: str, tmp_path: Path) -> None:  # noqa: F811
    """web6: after an edit the panel said nothing of the opened file's other agreements; now it
    says the form has the first, and the print view of the form says so too."""
    path = tmp_path / "to.json"
    path.write_bytes((EXAMPLES / "to-aftaler-i-en-fil.json").read_bytes())
    page.goto(server + "/")
    page.click(".open-box summary")
    page.set_input_files("#open-file", str(path))
    page.click("#open-form button[type=submit]")
    expect(page.locator("#findings")).to_contain_text("Filen indeholder 2 aftaler")
    expect(page.locator("#f-aftaler")).to_have_value("2")
    _edit(page, "#f-municipality", "Aalborg Kommune")
    said = "Den åbnede fil indeholder 2 aftaler; formularen har den første"
    expect(page.locator("#findings")).to_contain_text(said)
    with page.context.expect_page() as new:
        page.click("#print-btn")
    report = new.value
    report.wait_for_load_state()
    expect(report.locator("p.notice")).to_contain_text(said)
    report.close()
