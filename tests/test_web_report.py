"""The audit report on the page's template and stylesheet (issue #11): agreements with
their findings grouped per rule, histograms with axes and marker lines, a table of
contents, table headers with scope, captions, SVG titles and Danish grammar."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.starts: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))


def _report(run_cli, tmp_path: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.html"
    run_cli("audit", "-q", "-j", "1", "--report", str(out), *args,
            str(ROOT / "examples" / "exports" / "vitas-eksempel.csv"))
    return out.read_text("utf-8")


def test_every_agreement_with_findings_is_listed_grouped_per_rule(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = _report(run_cli, tmp_path)
    items = re.findall(r'<li data-rules="([^"]*)">(.*?)</details>', html, re.S)
    assert items
    for rules, body in items:
        ids = rules.split()
        assert ids == sorted(set(ids))
        for rid in ids:
            assert f'<a href="#{rid}">{rid}</a>' in body  # a link to the rule's section
        assert "borger" in body
    # the filter works without script: one radio button per rule, one CSS rule each
    assert 'id="agreement-filter"' in html and "<script" not in html
    for rid in {r for rules, _ in items for r in rules.split()}:
        assert f'id="rf-{rid}"' in html and f'#rf-{rid}:checked~.agreement-list>li:not([data-rules~="{rid}"])' in html


def test_cpr_in_the_listing_is_masked(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = (ROOT / "examples" / "exports" / "vitas-eksempel.csv").read_text("utf-8-sig").splitlines()
    header, first = csv[0], csv[1]
    cells = first.split(";") if ";" in header else first.split(",")
    sep = ";" if ";" in header else ","
    cols = header.split(sep)
    idx = next(i for i, c in enumerate(cols) if "cpr" in c.lower() or "borger" in c.lower())
    cells[idx] = "0101901234"
    cells[cols.index("slutdato")] = "30-04-2021"  # six weeks on dagpenge: VP202, so the row is listed
    f = tmp_path / "x.csv"
    f.write_text("\n".join([header, sep.join(cells), *csv[2:]]) + "\n", "utf-8")
    out = tmp_path / "r.html"
    run_cli("audit", "-q", "-j", "1", "--report", str(out), str(f))
    html = out.read_text("utf-8")
    assert "0101901234" not in html and "010190-1234" not in html
    listed = re.findall(r'<li data-rules="([^"]*)">(.*?)</details>', html, re.S)
    assert any("VP202" in rules and "borger 010190-****" in body for rules, body in listed)


def test_histograms_have_axes_markers_and_titles(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = _report(run_cli, tmp_path)
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert svgs
    for svg in svgs:
        assert re.search(r"<title id=\"[^\"]+\">Varighed for ", svg)
        assert "Varighed i uger" in svg and "Antal forløb" in svg
        for w in (4, 13, 26):
            assert f">{w} uger</text>" in svg
        assert svg.count('class="marker"') == 3


def test_tables_have_captions_and_scoped_headers_and_a_toc(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = _report(run_cli, tmp_path)
    p = _Tags()
    p.feed(html)
    ths = [a for t, a in p.starts if t == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)
    assert html.count("<table") == html.count("<caption>")
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S)
    assert toc is not None
    for target in re.findall(r'href="#([^"]+)"', toc.group(0)):
        assert f'id="{target}"' in html


def test_counts_are_in_correct_danish(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = _report(run_cli, tmp_path)
    assert not re.search(r"\b1 aftaler\b", html) and not re.search(r"\b1 borgere\b", html)
    assert not re.search(r"\b(?:[02-9]|\d\d+) aftale\b", html)
    assert re.search(r"\b1 aftale\b|\b\d+ aftaler\b", html)
