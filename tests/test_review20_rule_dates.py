"""packs3 leftover: VP208 was listed as always in force («Gælder: altid (i den gennemgåede
periode)» in `explain`, the web rule page and `rules -f json`'s ``valid_from: null``),
though RULES.md dates it: «a dagpenge graduate over 4 weeks but within 8, starting on or
after 2021-05-16». Every rule RULES.md dates so — «from DATE:» or «starting on or after
DATE» — is listed from that date."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from fastapi.testclient import TestClient

from conftest import RULES_MD, ruleset
from praktiktjek.web import Settings, create_app

_ROW = re.compile(r"^\| (VP\d{3}) \| [EWI] \| (.*?) \|", re.MULTILINE)
_DATED = re.compile(r"^from (\d{4}-\d{2}-\d{2}):|starting on or after (\d{4}-\d{2}-\d{2})")


def rules_md_dates() -> dict[str, dt.date]:
    """id → the date from which RULES.md's table says the rule applies."""
    out: dict[str, dt.date] = {}
    for rid, what in _ROW.findall(RULES_MD.read_text("utf-8")):
        m = _DATED.search(what)
        if m:
            out[rid] = dt.date.fromisoformat(m.group(1) or m.group(2))
    return out


def test_rules_md_dates_vp208_and_the_others_it_dates() -> None:
    assert rules_md_dates()["VP208"] == dt.date(2021, 5, 16)
    assert {"VP002", "VP101", "VP208"} <= set(rules_md_dates())


@pytest.mark.parametrize("rid", sorted(rules_md_dates()))
def test_each_rule_rules_md_dates_is_in_force_from_that_date(rid: str) -> None:
    assert ruleset().rules[rid].spec.valid_from == rules_md_dates()[rid]


def test_explain_rules_and_the_web_page_list_vp208_from_its_date(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("explain", "VP208", code=0).out
    assert "Gælder: fra 16-05-2021" in out and "altid" not in out
    en = run_cli("explain", "VP208", "--lang", "en", code=0).out
    assert "always" not in en.split("\n")[1]
    (vp208,) = [r for r in json.loads(run_cli("rules", "-f", "json", code=0).out) if r["id"] == "VP208"]
    assert vp208["valid_from"] == "2021-05-16" and vp208["valid_to"] is None
    client = TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))
    page = client.get("/regler/VP208").text
    assert "fra 16-05-2021" in page and "altid (i den gennemgåede periode)" not in page
