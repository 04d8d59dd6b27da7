"""The CI gate: SARIF, JUnit, GitHub annotations, --output, exact source lines."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import junitparser
import pytest
import xmlschema
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT, agreement

SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif-schema-2.1.0.json").read_text("utf-8"))
TOO_LONG = str(EXAMPLES / "vp202-dagpenge-6-uger.json")


JUNIT_XSD = xmlschema.XMLSchema10(str(ROOT / "tests/data/junit-10.xsd"))


def validate_junit(text: str) -> None:
    """As the Jenkins xUnit plugin does: a report that does not validate is skipped."""
    JUNIT_XSD.validate(text)


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


def test_junit_default_is_one_case_per_agreement_and_one_per_finding(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "-f", "junit", TOO_LONG, str(EXAMPLES / "ok-dagpenge-4-uger.json"),
                  str(EXAMPLES / "vp000-ugyldig-json.json"), code=1).out
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert len(suites) == 3  # one per file
    too_long, clean, broken = suites
    names = [c.get("name") for c in too_long.findall("testcase")]
    assert len(names) == 2 and names[0].startswith("aftale ") and names[1].startswith("VP202 ")
    failures = [c for c in too_long.findall("testcase") if c.find("failure") is not None]
    assert [c.get("name").split()[0] for c in failures] == ["VP202"]
    fail = failures[0].find("failure")
    assert fail.get("type") == "error" and "LAB § 61, stk. 1, nr. 1" in fail.get("message")
    assert too_long.get("failures") == "1" and too_long.get("tests") == "2"
    # a clean agreement is one passing case
    (case,) = clean.findall("testcase")
    assert case.find("failure") is None and clean.get("tests") == "1" and clean.get("failures") == "0"
    assert [c.get("name").split()[0] for c in broken.findall("testcase")][-1] == "VP000"
    assert root.get("failures") == "2"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites) == len(list(root.iter("testcase")))


def test_junit_per_rule_view_is_behind_an_option(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "-f", "junit", "--junit-cases", "rule", TOO_LONG, code=1).out
    (suite,) = ET.fromstring(out).findall("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases) >= 30
    assert [c.get("name").split()[0] for c in cases if c.find("failure") is not None] == ["VP202"]
    assert not [c for c in cases if "{" in c.get("name")]  # titles filled (ruletext)
    validate_junit(out)


def test_junit_warning_below_fail_on_passes_with_its_message(run_cli) -> None:  # type: ignore[no-untyped-def]
    warn = str(EXAMPLES / "vp105-ingen-loentimer.json")
    root = ET.fromstring(run_cli("check", "-f", "junit", warn, code=0).out)
    vp105 = [c for c in root.iter("testcase") if c.get("name").startswith("VP105")]
    assert vp105 and all(c.find("failure") is None for c in vp105)
    assert "VP105" not in (root.get("failures"), ) and root.get("failures") == "0"
    # the severity in the run's language, as the text report writes it (review 8, finding 9)
    assert all("[advarsel]" in c.find("system-out").text for c in vp105)
    assert not any("[warning]" in c.find("system-out").text for c in vp105)
    english = run_cli("check", "-f", "junit", "--lang", "en", warn, code=0).out
    validate_junit(english)
    en = [c for c in ET.fromstring(english).iter("testcase") if c.get("name").startswith("VP105")]
    assert en and all("[warning]" in c.find("system-out").text for c in en)
    strict = ET.fromstring(run_cli("check", "-f", "junit", "--fail-on", "warning", warn, code=1).out)
    assert [c.find("failure").get("type") for c in strict.iter("testcase") if c.get("name").startswith("VP105")] == ["warning"]
    assert strict.get("failures") == str(len(vp105))


def _all_example_files() -> list[str]:
    return [str(p) for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".json", ".jsonl") and not p.name.endswith(".expected.json")]


@pytest.mark.parametrize("cases", ["agreement", "rule"])
def test_junit_is_valid_for_jenkins_and_parses_with_junitparser(run_cli, cases: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "-f", "junit", "--junit-cases", cases, "--fail-on", "warning", *_all_example_files(), code=1).out
    validate_junit(out)
    root = ET.fromstring(out)
    assert root.get("skipped") is None
    for case in root.iter("testcase"):
        assert case.get("file") is None and re.fullmatch(r"\d+\.\d{3}", case.get("time")), case.attrib
    path = tmp_path / "junit.xml"
    path.write_text(out, "utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    parsed = [(case.name, [type(r).__name__ for r in case.result]) for suite in xml for case in suite]
    assert len(parsed) == len(list(root.iter("testcase")))
    failed = sum(1 for _, r in parsed if "Failure" in r)
    assert failed == int(root.get("failures")) > 0
    assert sum(s.tests for s in xml) == int(root.get("tests"))


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


# --------------------------------------------------------------------------- GitHub code scanning

GITHUB_MAX = 25_000


def _github_sarif_limits(doc: dict) -> None:  # type: ignore[type-arg]
    """What GitHub's code scanning upload requires of a run (its documented limits and fields)."""
    assert len(doc["runs"]) <= 20
    for run in doc["runs"]:
        assert len(run["results"]) <= GITHUB_MAX and len(run["tool"]["driver"]["rules"]) <= GITHUB_MAX
        for res in run["results"]:
            assert res["message"]["text"] and res["ruleId"] and res["partialFingerprints"]
            assert res["level"] in ("error", "warning", "note")
            assert 1 <= len(res["locations"]) <= 1000
            loc = res["locations"][0]["physicalLocation"]
            assert loc["artifactLocation"]["uri"]
            if "uriBaseId" in loc["artifactLocation"]:
                assert loc["artifactLocation"]["uriBaseId"] in run["originalUriBaseIds"]
            if "region" in loc:
                r = loc["region"]
                assert (r["endLine"], r["endColumn"]) > (r["startLine"], r["startColumn"]) or r["endLine"] > r["startLine"]


def _synthetic(n_error: int, n_warning: int, n_note: int) -> list:  # type: ignore[type-arg]
    from praktiktjek.engine import Finding, Result

    results = []
    for i in range(n_error + n_warning + n_note):
        sev, rule = (("note", "VP010") if i % 3 == 0 and n_note else ("warning", "VP105") if i % 3 == 1 and n_warning
                     else ("error", "VP202"))
        severity = {"note": "info"}.get(sev, sev)
        results.append(Result(f"aftaler/a{i}.json", 1, f"A-{i}", None, findings=[
            Finding(rule, severity, f"fund {i}", "/end", line=2, column=10, end_line=2, end_column=22)]))
    return results


def test_sarif_over_githubs_limit_keeps_the_most_severe_and_says_how_many_were_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import ruleset
    from praktiktjek.reporters import ReportContext
    from praktiktjek.reporters.sarif import document
    from praktiktjek.results import summarise

    results = _synthetic(9_000, 9_000, 9_000)  # 27,000 results, a third of each level
    messages: list[str] = []
    ctx = ReportContext(ruleset(), "da", None, warn=messages.append)
    doc = document(results, summarise(results), ctx)
    run = doc["runs"][0]
    assert len(run["results"]) == GITHUB_MAX
    levels = [r["level"] for r in run["results"]]
    assert levels == sorted(levels, key=["error", "warning", "note"].index)  # most severe first
    assert levels.count("error") == 9_000 and levels.count("warning") == 9_000 and levels.count("note") == 7_000
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["properties"]["omitted"] == 2_000 and note["properties"]["byLevel"] == {"note": 2_000}
    assert "2000 af 27000 fund er udeladt" in note["message"]["text"]
    assert messages == [note["message"]["text"]]
    _github_sarif_limits(doc)
    # raise or lift the limit
    assert len(document(results, summarise(results), ReportContext(ruleset(), "da", None, sarif_max_results=0,
                                                                   warn=messages.append))["runs"][0]["results"]) == 27_000


def test_sarif_cap_from_the_command_line_warns_on_stderr(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("check", "-f", "sarif", "--sarif-max-results", "2", str(EXAMPLES), code=1)
    doc = res.json()
    validate_sarif(doc)
    run = doc["runs"][0]
    assert len(run["results"]) == 2 and {r["level"] for r in run["results"]} == {"error"}
    omitted = run["invocations"][0]["toolExecutionNotifications"][0]["properties"]["omitted"]
    assert omitted > 10 and f"{omitted} af {omitted + 2} fund er udeladt" in res.err
    assert "udeladt" not in run_cli("check", "-f", "sarif", str(EXAMPLES), code=1).err


def test_sarif_paths_are_relative_to_the_repository_root_from_a_subfolder(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "kommune" / "aftaler"
    sub.mkdir(parents=True)
    (sub / "a.json").write_text(json.dumps(agreement({"end": "2021-04-11"}), indent=2), "utf-8")
    monkeypatch.chdir(sub)
    doc = run_cli("check", "-f", "sarif", "a.json", code=1).json()
    validate_sarif(doc)
    run = doc["runs"][0]
    art = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": "kommune/aftaler/a.json", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    # without a git repository: the working directory is the root
    monkeypatch.chdir(tmp_path.parent)
    (tmp_path / ".git").rmdir()


def test_sarif_region_ends_where_the_value_ends(run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = run_cli("check", "-f", "sarif", TOO_LONG, code=1).json()
    (res,) = doc["runs"][0]["results"]
    r = res["locations"][0]["physicalLocation"]["region"]
    line = Path(TOO_LONG).read_text("utf-8").splitlines()[r["startLine"] - 1]
    assert r["endLine"] == r["startLine"] and line[r["startColumn"] - 1:r["endColumn"] - 1] == '"2021-04-11"'
    _github_sarif_limits(doc)


def test_every_citing_rule_has_help_uri_and_markdown_help_with_filled_texts(run_cli) -> None:  # type: ignore[no-untyped-def]
    for lang in ("da", "en"):
        doc = run_cli("check", "-f", "sarif", "--lang", lang, TOO_LONG, code=1).json()
        rules = doc["runs"][0]["tool"]["driver"]["rules"]
        from conftest import ruleset

        rs = ruleset()
        citing = [r for r in rules if rs.rules[r["id"]].spec.citations]
        assert len(citing) > 20
        for r in citing:
            md = r["help"]["markdown"]
            assert ("Hvad der skal ændres" if lang == "da" else "What to change") in md
            if not any(v.url for c in rs.rules[r["id"]].spec.citations for v in rs.acts[c.act].versions):
                # RULES.md gives no address for these acts (VP901: forvaltningsloven, GDPR, the
                # report); none is invented, the citation is shown as text
                assert "helpUri" not in r and r["id"] == "VP901", r["id"]
                continue
            assert r["helpUri"].startswith("https://"), r["id"]
            assert re.search(r"\]\(<https://[^>]+>\)", md), (r["id"], md)
        for r in rules:
            for text in (r["help"]["text"], r["help"]["markdown"], r["shortDescription"]["text"], r["fullDescription"]["text"]):
                assert not re.search(r"\{[a-z_]+\}", text), (r["id"], text)
    vp202 = next(r for r in rules if r["id"] == "VP202")
    assert "4" in vp202["help"]["markdown"]  # {limit_weeks} filled


# --------------------------------------------------------------------------- GitHub annotations and job summary


def test_a_run_with_more_than_ten_findings_gets_a_job_summary_with_every_finding(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from praktiktjek.reporters.common import md_escape

    summary_file = tmp_path / "step-summary.md"
    summary_file.write_text("earlier step\n", "utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    # one agreement that carries markup and a CPR number into the findings
    hostile = tmp_path / "fjendtlig.json"
    hostile.write_text(json.dumps(agreement({"id": "010190-1234", "end": "2021-04-11",
                                             "purpose": {"categories": ["<img src=x onerror=alert(1)> *fed* | [link](http://x)"]}})), "utf-8")
    out = run_cli("check", "-f", "github", str(EXAMPLES), str(hostile), code=1).out
    annotations = [x for x in out.splitlines() if x.startswith("::")]
    assert len(annotations) > 10  # GitHub shows 10 errors and 10 warnings per step: the summary holds the rest
    as_json = run_cli("check", "-f", "json", str(EXAMPLES), str(hostile), code=1).json()
    md = summary_file.read_text("utf-8")
    assert md.startswith("earlier step\n## praktiktjek\n")  # appended, not overwritten
    totals = as_json["summary"]
    assert f"| FEJL | {totals['error']} |" in md and f"| ADVARSEL | {totals['warning']} |" in md
    assert f"| Aftaler kontrolleret | {totals['records']} |" in md
    # a table of the rules, each with its count and the citation as a link
    by_rule: dict[str, int] = {}
    for r in as_json["results"]:
        for f in r["findings"]:
            by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    for rid, n in by_rule.items():
        row = next(x for x in md.splitlines() if x.startswith(f"| {rid} |"))
        assert row.endswith(f"| {n} |"), row
    assert re.search(r"^\| VP202 \| FEJL \| .*\[LAB § 61, stk. 1, nr. 1\]\(<https://www.retsinformation.dk/eli/lta/[^>]+>\)", md, re.M)
    # every finding, grouped under its file
    items = [x for x in md.splitlines() if x.startswith("- **")]
    assert len(items) == sum(by_rule.values()) == len(annotations)
    for r in as_json["results"]:
        if r["findings"]:
            assert f"#### {md_escape(r['source'])}" in md
    # CPR masked, markup inert
    assert "010190-1234" not in md and "010190-\\*\\*\\*\\*" in md
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt; \\*fed\\* \\| \\[link\\](http://x)" in md
    assert "010190-1234" not in out


def test_no_job_summary_outside_the_github_format(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    summary_file = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    run_cli("check", "-f", "json", TOO_LONG, code=1)
    assert not summary_file.exists()
    run_cli("check", "-f", "json", "-o", f"github={tmp_path / 'ann.txt'}", TOO_LONG, code=1)
    assert "VP202" in summary_file.read_text("utf-8")


# --------------------------------------------------------------------------- a real newline in a file name


def test_a_file_named_with_a_newline_keeps_its_real_name_in_every_format(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    name = "a\nb.json"
    (tmp_path / name).write_text(json.dumps(agreement({"end": "2021-04-11"}), indent=2), "utf-8")
    (tmp_path / "a b.json").write_text("{}", "utf-8")  # the name it used to be rewritten to
    assert run_cli("check", "-f", "json", name, code=1).json()["results"][0]["source"] == name
    sarif = run_cli("check", "-f", "sarif", name, code=1).json()
    validate_sarif(sarif)
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%0Ab.json"
    junit = run_cli("check", "-f", "junit", name, code=1).out
    validate_junit(junit)
    assert ET.fromstring(junit).find("testsuite").get("name") == name
    gh = run_cli("check", "-f", "github", name, code=1).out
    assert "::error file=a%0Ab.json,line=" in gh
    text = run_cli("check", name, code=1).out
    assert text.splitlines()[0].startswith('"a\\nb.json"') and "a b.json" not in text


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=30))
def test_every_format_escapes_a_file_name_so_the_real_name_comes_back(name: str) -> None:
    from urllib.parse import unquote

    from name_reading import read_back
    from praktiktjek.door import masker
    from praktiktjek.reporters.common import md_escape, shown_path, source_location
    from praktiktjek.reporters.github import _file, _prop
    from praktiktjek.reporters.junit import name_text

    # a name that holds a CPR number is shown masked, by design (tests/test_privacy.py): here
    # only the escaping of the names that come back as they are is under test
    assume(masker(False)(f"aftaler/{name}") == f"aftaler/{masker(True)(name)}")
    root = Path("/repo")
    loc = source_location(f"/repo/aftaler/{name}", root)
    if name not in (".", ".."):
        assert unquote(loc["uri"]) == f"aftaler/{name}" and loc["uriBaseId"] == "%SRCROOT%"
        assert not re.search(r"[\s\x00-\x1f\x7f-\x9f]", loc["uri"])
    shown = shown_path(name)
    assert "\n" not in shown and "\r" not in shown
    # the text report quotes a name with a control character in JSON; inside, as outside,
    # the name as every output writes it (door.shown_path, read back by tests/name_reading)
    if re.search(r"[\x00-\x1f\x7f-\x9f]", name):
        shown = json.loads(shown)
    elif name.lstrip().startswith("::"):
        shown = shown.removeprefix("./")
    assert read_back(shown) == name
    prop = _prop(_file(name))
    assert not re.search(r"[\r\n,:\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", prop)  # nothing a log acts on
    assert read_back(prop.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r")
                     .replace("%25", "%")) == name
    el = ET.fromstring(ET.tostring(ET.Element("testsuite", name=name_text(name)), encoding="unicode"))
    assert read_back(el.get("name") or "") == name  # what XML cannot hold is escaped too, never lost
    md = md_escape(name)
    assert "<" not in md and "\n" not in md and not re.search(r"(?<!\\)[`*_\[\]|]", md)
