"""The small items left open (leftovers4): the web rule page's act-version notes, review 11's
finding 5 re-verified, an empty `ordinary_hours` object, VP206 not checkable only as far as
the data is missing, and paid hours without a `timing`."""

from __future__ import annotations

import html
import io
import re

import pytest
from fastapi.testclient import TestClient

from conftest import ruleset
from praktiktjek.docs import explain_rule
from praktiktjek.web import Settings, create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))


def _notes_from_pack(lang: str) -> list[str]:
    """Every numbering note of the pack's act versions, and the words of the note that a
    version still in force at the end of the reviewed period carries."""
    rs = ruleset()
    notes = {v.numbering.get(lang) for a in rs.acts.values() for v in a.versions if v.numbering}
    notes.add("ikke efterprøvet for en start fra 01-01-2027" if lang == "da"
              else "not verified for a start from 2027-01-01")
    return sorted(notes)


def _web_rows(client: TestClient, rid: str, lang: str) -> list[str]:
    page = client.get(f"/regler/{rid}?lang={lang}").text
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
            for row in re.findall(r'<tr><th scope="row">.*?</tr>', page, re.S)]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_web_rule_page_shows_each_version_note_that_explain_shows(client: TestClient, lang: str) -> None:
    """Item 1: per rule and act version, the numbering note (LBK 1342/2016, BEK 977/2018,
    BEK 1216/2023) and the 2027 note appear on the web rule page exactly where `explain`
    writes them."""
    rs = ruleset()
    notes = _notes_from_pack(lang)
    seen: set[str] = set()
    for rid in rs.rules:
        out = io.StringIO()
        explain_rule(rs, rs.rules[rid], lang, out)
        basis = out.getvalue().split("Hjemmel:\n" if lang == "da" else "Legal basis:\n", 1)[1].split("\n\n")[0]
        lines = [" ".join(x.split()) for x in basis.splitlines() if x.startswith("      ")]
        rows = _web_rows(client, rid, lang)
        assert len(rows) == len(lines), rid
        for line, row in zip(lines, rows, strict=True):
            assert row.split(" ")[0] == line.split(" ")[0], (rid, line, row)  # the same version
            for note in notes:
                assert (note in line) == (note in row), (rid, note, line, row)
                if note in row:
                    seen.add(note)
    assert seen == set(notes)  # every note is shown somewhere: the test is not vacuous


def test_the_api_rule_carries_the_version_notes(client: TestClient) -> None:
    versions = client.get("/api/rules/VP102?lang=en").json()["citations"][0]["versions"]
    last = versions[-1]
    assert last["number"].startswith("BEK nr. 1216")
    assert last["numbering"] == "the paragraph number is not verified in this version"
    assert "not verified for a start from 2027-01-01" in last["not_verified_from"]
    assert versions[0]["numbering"] is None and versions[0]["not_verified_from"] is None
