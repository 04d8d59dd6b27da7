"""The CI gate: SARIF, JUnit, GitHub annotations, --output, exact source lines."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT, agreement

SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif-schema-2.1.0.json").read_text("utf-8"))
TOO_LONG = str(EXAMPLES / "vp202-dagpenge-6-uger.json")


def validate_sarif(doc: object) -> None:
    v = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    v.validate(doc)


def test_sarif_validates_against_the_official_schema_and_points_at_the_right_line(run_cli) -> None:  # type: ignore[no-untyped-def]
    sarif = run_cli("check", "-f", "sarif", str(EXAMPLES), code=1).json()
    validate_sarif(sarif)
    as_json = run_cli("check", "-f", "json", str(EXAMPLES), code=1).json()
    expected = sorted((r["source"], f["rule"], f["line"], f["column"])
                      for r in as_json["results"] for f in r["findings"])
    run = sarif["runs"][0]
    got = sorted((res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], res["ruleId"],
                  res["locations"][0]["physicalLocation"].get("region", {}).get("startLine"),
                  res["locations"][0]["physicalLocation"].get("region", {}).get("startColumn"))
                 for res in run["results"])
    assert got == expected
    # VP202's /end really is line 28 of the file
    lines = Path(TOO_LONG).read_text("utf-8").splitlines()
    (res,) = [x for x in run["results"] if x["ruleId"] == "VP202"
              and x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("vp202-dagpenge-6-uger.json")]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert lines[region["startLine"] - 1][region["startColumn"] - 1:].startswith('"2021-04-11"')


def test_sarif_driver_describes_every_rule(run_cli) -> None:  # type: ignore[no-untyped-def]
    sarif = run_cli("check", "-f", "sarif", TOO_LONG, code=1).json()
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "praktiktjek" and driver["version"] and driver["informationUri"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert {"VP000", "VP202", "VP901"} <= set(rules)
    vp202 = rules["VP202"]
    assert vp202["shortDescription"]["text"] == "For lang praktik (4-ugers-grupper)"
    assert "LAB § 61, stk. 1, nr. 1" in vp202["help"]["text"] and "Forkort" in vp202["help"]["text"]
    assert vp202["helpUri"].startswith("https://www.retsinformation.dk/")
    assert "inferred" in vp202["properties"]["tags"]
    (res,) = sarif["runs"][0]["results"]
    assert res["ruleId"] == "VP202" and res["level"] == "error"
    assert driver["rules"][res["ruleIndex"]]["id"] == "VP202"
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/agreements/vp202-dagpenge-6-uger.json"


def test_fingerprints_are_stable_when_lines_move(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement({"end": "2021-04-11"}), indent=2), "utf-8")
    first = run_cli("check", "-f", "sarif", str(f), code=1).json()["runs"][0]["results"][0]
    again = run_cli("check", "-f", "sarif", str(f), code=1).json()["runs"][0]["results"][0]
    f.write_text("\n\n" + f.read_text("utf-8"), "utf-8")
    moved = run_cli("check", "-f", "sarif", str(f), code=1).json()["runs"][0]["results"][0]
    assert first["partialFingerprints"] == again["partialFingerprints"] == moved["partialFingerprints"]
    loc = lambda r: r["locations"][0]["physicalLocation"]["region"]["startLine"]  # noqa: E731
    assert loc(moved) == loc(first) + 2


def test_sarif_uri_of_a_danish_file_name_is_encoded(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aftale ærø.json").write_text(json.dumps(agreement({"end": "2021-04-11"})), "utf-8")
    sarif = run_cli("check", "-f", "sarif", "aftale ærø.json", code=1).json()
    validate_sarif(sarif)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "aftale%20%C3%A6r%C3%B8.json"


def test_junit_parses_and_counts_passes_and_failures(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "-f", "junit", TOO_LONG, str(EXAMPLES / "ok-dagpenge-4-uger.json"),
                  str(EXAMPLES / "vp000-ugyldig-json.json"), code=1).out
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert len(suites) == 3
    too_long, clean, broken = suites
    cases = too_long.findall("testcase")
    assert int(too_long.get("tests")) == len(cases) >= 30
    failures = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name").split()[0] for c in failures] == ["VP202"]
    fail = failures[0].find("failure")
    assert fail.get("type") == "error" and "LAB § 61, stk. 1, nr. 1" in fail.get("message")
    assert too_long.get("failures") == "1"
    assert clean.get("failures") == "0" and int(clean.get("tests")) == len(clean.findall("testcase"))
    assert [c.get("name").split()[0] for c in broken.findall("testcase")] == ["VP000"]
    assert root.get("failures") == "2"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)


def test_github_annotations_carry_file_line_and_rule(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "-f", "github", TOO_LONG, str(EXAMPLES / "vp105-ingen-loentimer.json"), code=1).out
    lines = [x for x in out.splitlines() if x.startswith("::")]
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=(VP\d{3})::(.+)$")
    parsed = [pattern.match(x) for x in lines]
    assert all(parsed), lines
    assert [(m.group(1), m.group(5)) for m in parsed] == [("error", "VP202"), ("warning", "VP105")]
    assert parsed[0].group(2) == "examples/agreements/vp202-dagpenge-6-uger.json" and parsed[0].group(3) == "28"
    assert "Hjemmel: LAB § 61, stk. 1, nr. 1" in parsed[0].group(6)


def test_github_escapes_data(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,b.json").write_text(json.dumps(agreement({"purpose": {"categories": ["x\ny%"]}})), "utf-8")
    out = run_cli("check", "-f", "github", "a,b.json", code=1).out
    line = next(x for x in out.splitlines() if "VP102" in x)
    # a newline in data never reaches the log (it becomes a space); % is escaped
    assert "file=a%2Cb.json" in line and "«x y%25»" in line


def test_github_format_is_chosen_on_github_actions(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run_cli("check", TOO_LONG, code=1).out.startswith("::error file=")
    assert run_cli("check", "-f", "json", TOO_LONG, code=1).json()["results"]


def test_output_writes_several_formats_in_one_run(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    res = run_cli("check", "-o", f"sarif={sarif}", "--output", f"junit={junit}", TOO_LONG, code=1)
    assert "VP202" in res.out
    validate_sarif(json.loads(sarif.read_text("utf-8")))
    assert ET.parse(junit).getroot().get("failures") == "1"
    run_cli("check", "--output", "pdf=x.pdf", TOO_LONG, code=2)
