"""Texts people read: no unfilled placeholder on any surface, and a Danish run in plain
Danish (no English or code words from the stop list)."""

from __future__ import annotations

import io
import re

import pytest

from conftest import ruleset
from praktiktjek.auditreport import Stats, console_summary, write_html


def _html_text(html: str) -> str:
    """The report without its style sheet (CSS is made of braces)."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S)


def _all_rules_report(lang: str) -> tuple[str, str]:
    rs = ruleset()
    st = Stats()
    for rid in rs.rules:
        st.by_rule[rid] = 1
        st.agreements_by_rule[rid] = 1
    html, console = io.StringIO(), io.StringIO()
    write_html(st, rs, lang, 0, [], {}, ["x.csv"], html)
    console_summary(st, rs, lang, 0, [], {}, console)
    return _html_text(html.getvalue()), console.getvalue()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_surface_shows_an_unfilled_placeholder(run_cli, lang: str) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset()
    for rid in sorted(rs.rules):
        out = run_cli("explain", rid, "--lang", lang, code=0).out
        assert "{" not in out and "}" not in out, (rid, out)
    listing = run_cli("rules", "--lang", lang, code=0).out
    assert "{" not in listing
    html, console = _all_rules_report(lang)
    assert html.count('<div class="rule ') == len(rs.rules)  # every rule is on the page
    assert "{" not in html and "}" not in html
    assert "{" not in console
    assert "Forkort praktikken til højst 4 uger" in html or lang == "en"
