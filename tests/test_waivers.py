"""Waivers: reason and expiry; waived findings still counted; expired, unused, malformed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps(agreement({"id": "AAL-2021-7", "end": "2021-04-11"}), indent=2), "utf-8")
    return tmp_path


def _waivers(path: Path, text: str) -> None:
    (path / "praktiktjek-waivers.yaml").write_text(text, "utf-8")


VALID = """waivers:
  - rule: VP202
    agreement: AAL-2021-*
    pointer: /end
    reason: Ankestyrelsen har godkendt forløbet i sag 21-1234.
    approved_by: Teamleder Ørsted
    expires: 2099-12-31
"""


def test_a_waived_finding_does_not_fail_but_is_counted_and_shown(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, VALID)
    text = run_cli("check", "a.json", code=0).out
    assert "VP202" in text and "dispenseret: Ankestyrelsen har godkendt" in text and "1 dispenseret" in text
    doc = run_cli("check", "-f", "json", "a.json", code=0).json()
    assert doc["summary"]["waived"] == 1 and doc["summary"]["error"] == 0
    (f,) = doc["results"][0]["findings"]
    assert f["waived"]["reason"].startswith("Ankestyrelsen") and f["waived"]["approved_by"] == "Teamleder Ørsted"


def test_sarif_suppression_and_junit_skipped(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, VALID)
    res = run_cli("check", "-f", "sarif", "a.json", code=0).json()["runs"][0]["results"][0]
    (sup,) = res["suppressions"]
    assert sup["kind"] == "external" and sup["status"] == "accepted"
    assert sup["justification"].startswith("Ankestyrelsen har godkendt")
    root = ET.fromstring(run_cli("check", "-f", "junit", "a.json", code=0).out)
    skipped = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    assert [c.get("name").split()[0] for c in skipped] == ["VP202"]
    assert skipped[0].find("skipped").get("message").startswith("Ankestyrelsen")
    # junit-10.xsd (Jenkins) allows `skipped` on a <testsuite> only, not on <testsuites>
    assert root.get("skipped") is None and root.get("failures") == "0"
    assert [s.get("skipped") for s in root.iter("testsuite")] == ["1"]


def test_an_expired_waiver_stops_applying_and_says_so(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, VALID.replace("2099-12-31", "2021-01-31"))
    doc = run_cli("check", "-f", "json", "a.json", code=1).json()
    rules = sorted((f["rule"], f["severity"]) for f in doc["results"][0]["findings"])
    assert rules == [("VP021", "info"), ("VP202", "error")]
    vp021 = next(f for f in doc["results"][0]["findings"] if f["rule"] == "VP021")
    assert "udløb 31-01-2021" in vp021["message"] and vp021["citation"] is None
    assert doc["summary"]["waived"] == 0


def test_an_unused_waiver_is_a_warning_pointing_at_the_entry(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, VALID + """  - rule: VP105
    agreement: AAL-2021-7
    reason: Borgeren starter på uddannelse.
    expires: 2099-01-01
""")
    doc = run_cli("check", "-f", "json", "a.json", code=0).json()
    holder = doc["results"][-1]
    assert holder["source"] == "praktiktjek-waivers.yaml"
    (f,) = holder["findings"]
    assert f["rule"] == "VP020" and f["severity"] == "warning" and f["line"] == 8
    assert "#2 (VP105 AAL-2021-7)" in f["message"]
    assert doc["summary"]["records"] == 1 and doc["summary"]["warning"] == 1
    run_cli("check", "--fail-on", "warning", "a.json", code=1)


@pytest.mark.parametrize(("text", "message"), [
    (VALID.replace("    reason: Ankestyrelsen har godkendt forløbet i sag 21-1234.\n", ""), "praktiktjek-waivers.yaml:2: dispensation nr. 1 (regel VP202): feltet «reason» skal udfyldes, men mangler"),
    (VALID.replace("    expires: 2099-12-31\n", ""), "dispensation nr. 1 (regel VP202): feltet «expires» skal udfyldes, men mangler"),
    (VALID.replace("2099-12-31", "2099-02-30"), "dispensationsfilen har en dato, der ikke findes"),
    (VALID.replace("2099-12-31", "'2099-02-30'"), "feltet «expires» er en dato, der ikke findes (står «2099-02-30»)"),
    (VALID.replace("2099-12-31", "snart"), "dispensation nr. 1 (regel VP202): feltet «expires» skal være en dato skrevet ÅÅÅÅ-MM-DD (står «snart»)"),
    (VALID.replace("    approved_by", "    colour: red\n    approved_by"), "dispensation nr. 1 (regel VP202): nøglen «colour» er ikke en kendt nøgle"),
    (VALID.replace("rule: VP202", "rule: VP999"), "dispensation nr. 1: feltet «rule» nævner en ukendt regel «VP999»"),
    (VALID.replace("rule: VP202", "rule: VP000"), "VP000 kan ikke dispenseres"),
    ("waivers: [unclosed\n", "dispensationsfilen er ikke gyldig YAML i linje 2, kolonne 1"),
    (VALID.replace("    reason:", "    reson:"), "nøglen «reson» er ikke en kendt nøgle (mente du «reason»?)"),
])
def test_a_malformed_waiver_file_is_a_usage_error_naming_the_entry(run_cli, work: Path, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, text)
    res = run_cli("check", "a.json", code=2)
    assert "praktiktjek-waivers.yaml" in res.err and message in res.err
    assert "Traceback" not in res.err


def test_waiver_path_is_settable_and_must_exist_when_named(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    (work / "mine.yaml").write_text(VALID, "utf-8")
    run_cli("check", "a.json", code=1)
    run_cli("check", "--waivers", "mine.yaml", "a.json", code=0)
    assert "kan ikke læse" in run_cli("check", "--waivers", "nope.yaml", "a.json", code=2).err


def test_a_waiver_for_an_agreement_not_checked_in_this_run_is_not_unused(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    # pre-commit passes only the staged files: a waiver for another agreement is not stale
    _waivers(work, VALID + """  - rule: VP105
    agreement: KBH-2024-1
    reason: Borgeren starter på uddannelse.
    expires: 2099-01-01
""")
    doc = run_cli("check", "-f", "json", "--fail-on", "warning", "a.json", code=0).json()
    assert [r["source"] for r in doc["results"]] == ["a.json"] and doc["summary"]["warning"] == 0


FILE_WAIVER = """  - rule: VP105
    agreement: "*"
    file: aftaler/*.json
    reason: Borgeren starter på uddannelse.
    expires: 2099-01-01
"""


def test_a_waiver_with_a_file_pattern_is_unused_only_when_such_a_file_was_checked(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, VALID + FILE_WAIVER)
    (work / "aftaler").mkdir()
    (work / "aftaler" / "b.json").write_text(json.dumps(agreement({"id": "AAL-2021-8"})), "utf-8")
    # a.json is not under aftaler/: the waiver does not concern this run
    run_cli("check", "--fail-on", "warning", "a.json", code=0)
    # aftaler/b.json is checked, has no VP105: the waiver is unused there
    doc = run_cli("check", "-f", "json", "a.json", "aftaler/b.json", code=0).json()
    (f,) = doc["results"][-1]["findings"]
    assert f["rule"] == "VP020" and "#2 (VP105 *)" in f["message"] and f["line"] == 8


def test_a_waiver_with_a_file_pattern_applies_only_in_those_files(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, VALID.replace("    pointer: /end\n", "    file: aftaler/*.json\n"))
    (work / "aftaler").mkdir()
    (work / "aftaler" / "b.json").write_text((work / "a.json").read_text("utf-8"), "utf-8")
    doc = run_cli("check", "-f", "json", "a.json", "aftaler/b.json", code=1).json()
    waived = {r["source"]: [("waived" in f) for f in r["findings"] if f["rule"] == "VP202"] for r in doc["results"]}
    assert waived == {"a.json": [False], "aftaler/b.json": [True]}


def test_a_planted_default_waiver_file_is_refused_and_a_found_one_announced(run_cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A praktiktjek-waivers.yaml anyone may write (or another user's) must not switch the
    gate green; one that is the user's own is used and named on stderr."""
    import json
    import os

    from conftest import agreement

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps(agreement({"end": "2021-04-11"})), "utf-8")
    w = tmp_path / "praktiktjek-waivers.yaml"
    w.write_text("waivers:\n  - rule: VP202\n    agreement: '*'\n    reason: planted\n    approved_by: nobody\n"
                 "    expires: 2999-01-01\n", "utf-8")
    os.chmod(w, 0o666)
    res = run_cli("check", "a.json", code=2)
    assert "dispensationsfilen kan ændres af alle" in res.err and "--waivers" in res.err
    os.chmod(w, 0o644)
    res = run_cli("check", "a.json", code=0)
    assert "bruger dispensationerne i" in res.err and "praktiktjek-waivers.yaml" in res.err
    os.chmod(w, 0o666)
    run_cli("check", "--waivers", str(w), "a.json", code=0)  # named explicitly: the user's choice


# ------------------------------------------------------------------ review 11, finding 14

# what shows nothing: blank characters (model.BLANK_CLASS) and what the output door removes
# (C0/C1 controls, DEL, zero-width and bidi characters, ANSI sequences)
_NOTHING = st.lists(st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u200b", "\u202e",
                                    "\ufeff", "\u2060", " ", "\t", "\n", "\u00a0", "\u3000", "\x1b[31m"]),
                   min_size=1, max_size=8).map("".join)


@settings(max_examples=60, deadline=None)
@given(nothing=_NOTHING, field=st.sampled_from(["reason", "approved_by", "agreement"]))
def test_a_waiver_text_that_shows_nothing_is_refused_like_an_empty_one(nothing: str, field: str) -> None:
    """A reason of only a bell (or any mix of controls and blanks) would read «[dispenseret: ]»
    and leave the audit trail without a justification: refused as an empty one is."""
    from pydantic import ValidationError

    from praktiktjek.waivers import WaiverEntry

    base = {"rule": "VP202", "agreement": "AAL-*", "reason": "Godkendt i sag 21-1234.", "expires": "2099-12-31"}
    with pytest.raises(ValidationError, match="må ikke være tom"):
        WaiverEntry.model_validate({**base, field: nothing})
    assert WaiverEntry.model_validate({**base, field: nothing + "Ok" + nothing})


def test_a_control_character_reason_is_a_usage_error(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, VALID.replace("Ankestyrelsen har godkendt forløbet i sag 21-1234.", '"\\u0007"'))
    res = run_cli("check", "a.json", code=2)
    assert "dispensation nr. 1 (regel VP202): «reason»: må ikke være tom" in res.err


@pytest.mark.parametrize("pattern", ["./a.json", ".//a.json", "x/../a.json", "./*.json"])
def test_a_file_pattern_is_read_the_way_the_run_names_files(run_cli, work: Path, pattern: str) -> None:  # type: ignore[no-untyped-def]
    """`file: ./a.json` names the file the run calls «a.json»: it waives there (it was silently
    dead, with no VP020 either)."""
    _waivers(work, VALID.replace("    pointer: /end\n", f"    file: '{pattern}'\n"))
    doc = run_cli("check", "-f", "json", "a.json", code=0).json()
    assert [("waived" in f, f["rule"]) for f in doc["results"][0]["findings"]] == [(True, "VP202")]


@pytest.mark.parametrize("pattern", ["'AAL-2021-7 '", "' AAL-2021-7'", "'AAL-2021-* '"])
def test_an_agreement_pattern_is_trimmed_as_ids_are(run_cli, work: Path, pattern: str) -> None:  # type: ignore[no-untyped-def]
    _waivers(work, VALID.replace("AAL-2021-*", pattern))
    doc = run_cli("check", "-f", "json", "a.json", code=0).json()
    assert doc["summary"]["waived"] == 1 and len(doc["results"]) == 1


@pytest.mark.parametrize("expires", ["2020-01-01", "2099-01-01"])
def test_an_expired_waiver_that_matches_nothing_says_it_expired(run_cli, work: Path, expires: str) -> None:  # type: ignore[no-untyped-def]
    """Review 14b, F4: an expired waiver that matched no finding was VP020 «passede ikke på
    noget fund» — read as a typo; it is VP021 «udløb …» (renew or delete it). A waiver
    still in force that matches nothing stays VP020."""
    _waivers(work, VALID + f"""  - rule: VP105
    agreement: AAL-2021-7
    reason: Borgeren starter på uddannelse.
    expires: {expires}
""")
    doc = run_cli("check", "-f", "json", "a.json", code=0).json()
    (f,) = doc["results"][-1]["findings"]
    assert f["line"] == 8 and "#2 (VP105 AAL-2021-7)" in f["message"]
    if expires < "2026":
        assert f["rule"] == "VP021" and f["severity"] == "info" and "udløb 01-01-2020" in f["message"]
    else:
        assert f["rule"] == "VP020" and f["severity"] == "warning"
