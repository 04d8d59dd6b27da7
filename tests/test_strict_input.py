"""Strict reading of format v1 (issue #8): a green result must mean a lawful agreement.

Every case a new user met that passed as "ingen fund" is here, and the contract that
makes them impossible is tested as a property: a record is valid under the published
JSON Schema exactly when the checker gives it no VP000.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, agreement, base_agreement, check_data, examples, rule_ids, ruleset
from praktiktjek.contract import closest, fields, unknown_fields
from praktiktjek.engine import Engine
from praktiktjek.model import TARGET_GROUPS, json_schema
from praktiktjek.readers.jsonfile import lone_surrogate, read_json

SCHEMA = json_schema()
ENGINE = Engine(ruleset())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _findings(patch: dict[str, Any]) -> list[Any]:
    (result,) = check_data(agreement(patch))
    return result.findings


def _vp000(patch: dict[str, Any]) -> Any:
    found = _findings(patch)
    assert [f.rule for f in found] == ["VP000"], [(f.rule, f.message) for f in found]
    return found[0]


# --------------------------------------------------------------------------- the reported cases

@pytest.mark.parametrize(("value", "suggested"), [
    ("dagpegne", "dagpenge"), ("Dagpenge", "dagpenge"), ("dagpengemodtager", "dagpenge"),
    ("Aktivitetsparat kontanthjælpsmodtager", "aktivitetsparat_kontanthjaelp"),
    ("sygedagpengemodtager", "sygedagpenge"), ("overgangsydelse", "selvforsoergelses_hjemrejse_overgangsydelse"),
])
def test_a_mistyped_target_group_is_vp000_with_the_closest_code(value: str, suggested: str) -> None:
    f = _vp000({"target_group": value, "end": "2021-04-04"})  # 5 weeks: must never pass silently
    assert f.pointer == "/target_group"
    assert f"ukendt målgruppe «{value}» — mente du «{suggested}»?" in f.message
    assert f"«{suggested}»" in f.fix


@pytest.mark.parametrize("value", [3, True, None, "", "   ", ["dagpenge"], "xyz-ukendt"])
def test_a_target_group_that_is_no_code_at_all_is_vp000(value: Any) -> None:
    f = _vp000({"target_group": value})
    assert f.pointer == "/target_group"
    assert "mente du" not in f.message or isinstance(value, str)


@pytest.mark.parametrize(("patch", "pointer", "what"), [
    ({"hours_per_week": True}, "/hours_per_week", "skal være et tal"),
    ({"hours_per_week": "30"}, "/hours_per_week", "skal være et tal uden anførselstegn"),
    ({"hours_per_week": 169}, "/hours_per_week", "må højst være 168"),
    ({"citizen": {"graduate": 1}}, "/citizen/graduate", "skal være true eller false"),
    ({"accommodations": {"health_information_shared": True, "consent_to_share": "yes"}},
     "/accommodations/consent_to_share", "skal være true eller false"),
    ({"start": "2021-03-01T00:00:00"}, "/start", "skal være en dato skrevet præcis ÅÅÅÅ-MM-DD"),
    ({"start": "01-03-2021"}, "/start", "skal være en dato skrevet præcis ÅÅÅÅ-MM-DD"),
    ({"end": "2021-02-31"}, "/end", "datoen findes ikke"),
    ({"id": 42}, "/id", "skal være tekst"),
    ({"citizen": {"id": 1234567890}}, "/citizen/id", "skal være tekst"),
    ({"company": {"cvr": 35954716}}, "/company/cvr", "skal være tekst"),
    ({"company": {"cvr": "3595471"}}, "/company/cvr", "8 cifre"),
    ({"company": {"cvr": "35954716\n"}}, "/company/cvr", "8 cifre"),
    ({"company": {"p_number": "101234567"}}, "/company/p_number", "10 cifre"),
    ({"citizen": {"last_employer": {"cvr": "1234 5678"}}}, "/citizen/last_employer/cvr", "8 cifre"),
    ({"history": [{"cvr": "123"}]}, "/history/0/cvr", "8 cifre"),
    ({"agreed_by": {"company": "nej"}}, "/agreed_by/company", "skal være en dato (ÅÅÅÅ-MM-DD) eller true"),
    ({"agreed_by": {"company": "ja"}}, "/agreed_by/company", "skal være en dato (ÅÅÅÅ-MM-DD) eller true"),
    ({"agreed_by": {"company": "2021-02-31"}}, "/agreed_by/company", "datoen findes ikke"),  # review 17 F5
    ({"agreed_by": {"company": 0}}, "/agreed_by/company", "eller true"),
    ({"citizen": {"extended_duration_basis": "lang ledighed"}}, "/citizen/extended_duration_basis", "ukendt kode"),
    ({"after_internship": "wage subsidy"}, "/after_internship", "mente du «wage_subsidy»?"),
    ({"ordinary_hours": {"timing": "samtidig"}}, "/ordinary_hours/timing", "mente du «concurrent»?"),
    ({"company": {"sector": "Offentlig"}}, "/company/sector", "mente du «public»?"),
    ({"id": "  "}, "/id", "må ikke være tom"),
    ({"company": {"cvr": None}}, "/company/cvr", "feltet mangler"),
    ({"format": "praktiktjek/agreement@2"}, "/format", "ukendt kode"),
])
def test_wrong_types_codes_and_shapes_are_vp000_naming_the_field(patch: dict[str, Any], pointer: str, what: str) -> None:
    f = _vp000(patch)
    assert f.pointer == pointer
    assert f"felt {pointer}: {what}" in f.message or what in f.message, f.message


def test_an_unknown_extended_basis_never_moves_a_group_into_the_13_week_class() -> None:
    patch = {"target_group": "jobparat_kontanthjaelp", "end": "2021-05-30"}
    assert "VP202" in rule_ids(agreement({**patch, "citizen": {"extended_duration_basis": None}}))
    assert rule_ids(agreement({**patch, "citizen": {"extended_duration_basis": "ukendt"}})) == ["VP000"]


@pytest.mark.parametrize(("patch", "fix"), [
    ({"start": "2021-03-01T00:00:00"}, 'Skriv datoen som ÅÅÅÅ-MM-DD: "2021-03-01"'),
    ({"start": "01-03-2021"}, 'Skriv datoen som ÅÅÅÅ-MM-DD: "2021-03-01"'),
    ({"hours_per_week": "30"}, "Skriv tallet uden anførselstegn: 30"),
    ({"hours_per_week": "12,5"}, "Skriv tallet uden anførselstegn: 12.5"),
    ({"company": {"cvr": 35954716}}, 'Skriv værdien som tekst i anførselstegn: "35954716"'),
    ({"target_group": "dagpegne"}, "er det «dagpenge», der menes, så skriv «dagpenge»"),
    ({"target_group": "qqq"}, "Brug en af koderne «dagpenge», «jobparat_kontanthjaelp»"),
    ({"target_group": "ikke dagpenge"}, "Brug en af koderne «dagpenge»"),
    ({"agreed_by": {"citizen": "ja"}}, "null (det giver fundet VP106)"),
])
def test_the_vp000_fix_says_what_to_write_instead(patch: dict[str, Any], fix: str) -> None:
    assert fix in _vp000(patch).fix


def test_false_null_or_missing_agreement_is_vp106_not_vp000() -> None:
    for value in (False, None):
        assert rule_ids(agreement({"agreed_by": {"company": value}})) == ["VP106"]
    assert rule_ids(agreement({"agreed_by": {"company": True}})) == []


@pytest.mark.parametrize("value", ["", " ", "\t \n", "\u200b", "\u00a0\ufeff"])
def test_empty_or_blank_agreement_text_is_vp106_as_an_empty_csv_cell(value: str) -> None:
    """Review 12, D7: `""` or white space was VP000 («skal være en dato … (fik '')») in
    JSON but VP106 as an empty `aftalt_borger` cell. AGREEMENT_FORMAT: agreed_by is †
    ("when missing or empty it gives the rule finding … VP106"), and "Whitespace-only text
    counts as empty everywhere" — blank as the reader means it, zero-width characters too."""
    assert rule_ids(agreement({"agreed_by": {"company": value}})) == ["VP106"]
    assert rule_ids(agreement({"agreed_by": {"citizen": value, "company": value}})) == ["VP106", "VP106"]


def test_an_unknown_field_is_vp003_with_the_nearest_name_and_the_rest_still_runs() -> None:
    data = agreement({"hours_per_week": None})
    data["timer_pr_uge"] = 30
    (result,) = check_data(data)
    by_rule = {f.rule: f for f in result.findings}
    assert set(by_rule) == {"VP003", "VP104"}
    assert by_rule["VP003"].pointer == "/timer_pr_uge"
    assert "ukendt felt «timer_pr_uge» — mente du «hours_per_week»?" in by_rule["VP003"].message.casefold()
    assert by_rule["VP003"].severity == "warning" and by_rule["VP003"].citation is None


def test_vp003_looks_inside_objects_and_lists() -> None:
    data = agreement({"citizen": {"graduat": True},
                      "extensions": [{"end": "2021-04-04", "begrundelse": "x"}],
                      "target_group": "aktivitetsparat_kontanthjaelp"})
    got = sorted((p, near) for p, _, near in unknown_fields(data))
    assert got == [("/citizen/graduat", "graduate"), ("/extensions/0/begrundelse", "reason")]


def test_a_vp000_record_gets_no_other_finding() -> None:
    data = agreement({"hours_per_week": "30", "end": "2021-06-30", "agreed_by": None})
    data["ukendt"] = 1
    assert rule_ids(data) == ["VP000"]


@pytest.mark.parametrize("content", ["", "   \n\t", "[]", "[ ]\n"])
def test_a_file_with_no_agreements_is_one_vp000(run_cli, tmp_path: Path, content: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "a.json"
    p.write_text(content, "utf-8")
    doc = run_cli("check", "-f", "json", str(p), code=1).json()
    (r,) = doc["results"]
    (f,) = r["findings"]
    assert f["rule"] == "VP000" and "filen indeholder ingen aftaler" in f["message"]


def test_a_json_file_with_one_value_per_line_is_read_as_json_lines(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "to.json"
    p.write_text(json.dumps(agreement({"id": "A"})) + "\n" + json.dumps(agreement({"id": "B", "end": "2021-04-11"})) + "\n", "utf-8")
    doc = run_cli("check", "-f", "json", str(p), code=1).json()
    assert [(r["agreement_id"], [f["rule"] for f in r["findings"]]) for r in doc["results"]] == [("A", []), ("B", ["VP202"])]
    assert [r["findings"] and r["findings"][0]["line"] for r in doc["results"]] == [[], 2]


@pytest.mark.parametrize(("escaped", "vp000"), [
    ("\\ud800", True), ("x\\udfff", True), ("\\ud83d\\ude00", False), ("\\\\ud800", False), ("\\\\\\ud800", True),
    ("\\\\ud800\\udc00", True), ("\\ud800\\\\udc00", True), ("\\ud800x\\udc00", True), ("\\ud800\\ud800\\udc00", True)])
def test_a_lone_surrogate_is_not_text(escaped: str, vp000: bool, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "a.json"
    p.write_text(json.dumps(agreement({"position": {"title": "TITEL"}})).replace("TITEL", escaped), "utf-8")
    rules = [f["rule"] for f in run_cli("check", "-f", "json", str(p)).json()["results"][0]["findings"]]
    assert (rules == ["VP000"]) == vp000, rules


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(["\\", "u", "d", "8", "c", "0", "a", "x", "\ud800", "\udbff", "\udc00",
                                         "\udfff", "\U0001f600", "æ"]), max_size=14))
def test_the_surrogate_scanner_agrees_with_pythons_own_reading(s: str) -> None:
    """For any text, written as JSON, the scanner finds a lone surrogate exactly when the
    text JSON decodes to holds one (a pair of escapes decodes to one character)."""
    encoded = json.dumps(s)
    decoded = json.loads(encoded)
    assert (lone_surrogate(encoded) is not None) == any(0xD800 <= ord(c) <= 0xDFFF for c in decoded)


def test_the_surrogate_scanner_reads_long_runs_of_backslashes() -> None:
    """4 MB of escaped backslashes before the lone half: found, at the right offset (the
    scanner keeps no backtracking state, so memory stays flat; see benchmarks/RESULTS.md)."""
    text = '"' + "\\\\" * 2_000_000 + '\\ud800"'
    assert lone_surrogate(text) == len(text) - 7
    assert lone_surrogate('"' + "\\\\" * 2_000_000 + 'ud800"') is None


@pytest.mark.parametrize("tail", ["}\n", "PRETTY"])
def test_a_pretty_object_with_something_after_it_is_one_vp000_not_json_lines(run_cli, tmp_path: Path, tail: str) -> None:  # type: ignore[no-untyped-def]
    pretty = json.dumps(agreement(), indent=2) + "\n"
    p = tmp_path / "a.json"
    p.write_text(pretty + (pretty if tail == "PRETTY" else tail), "utf-8")
    doc = run_cli("check", "-f", "json", str(p), code=1).json()
    (r,) = doc["results"]
    (f,) = r["findings"]
    assert f["rule"] == "VP000" and f["line"] == pretty.count("\n") + 1
    assert "liste" in f["fix"] and "JSON Lines" in f["fix"]


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity"])
def test_javascript_constants_are_not_json(text: str, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "a.json"
    p.write_text(json.dumps(agreement()).replace('"hours_per_week": 30', f'"hours_per_week": {text}'), "utf-8")
    (f,) = run_cli("check", "-f", "json", str(p), code=1).json()["results"][0]["findings"]
    assert f["rule"] == "VP000" and text in f["message"]


def test_whitespace_only_text_counts_as_empty() -> None:
    assert "VP104" in rule_ids(agreement({"position": {"title": "  \t"}}))
    assert "VP103" in rule_ids(agreement({"purpose": {"description": " \n "}}))


def test_the_pack_and_the_model_name_the_covered_groups_alike() -> None:
    for code, group in ruleset().target_groups.items():
        assert code in TARGET_GROUPS
        assert group.label.da == TARGET_GROUPS[code][0] and group.label.en == TARGET_GROUPS[code][1]


@pytest.mark.parametrize("value", ["zzzzzz", "ikke dagpenge", "jobparat uddannelseshjælp", "uddannelsesparat",
                                   "kontanthjælp", "ledig", "x" * 500])
def test_no_suggestion_unless_one_code_is_clearly_meant(value: str) -> None:
    """A wrong guess becomes an instruction ("skriv «dagpenge»"): a doubtful one is left out."""
    assert closest(value, dict(TARGET_GROUPS)) is None
    f = _vp000({"target_group": value})
    assert "mente du" not in f.message and "Brug en af koderne" in f.fix


@pytest.mark.parametrize("key", ["cpr", "address", "$schema", "_comment", "underskrevet", "ansatte"])
def test_vp003_suggests_nothing_when_nothing_is_near(key: str) -> None:
    data = agreement()
    data[key] = "x"
    (result,) = check_data(data)
    (f,) = result.findings
    assert f.rule == "VP003" and f"Ukendt felt «{key}»." in f.message and "mente du" not in f.message


def test_vp003_is_bounded_per_record_and_names_the_rest() -> None:
    data = agreement()
    for i in range(500):
        data[f"felt{i}"] = i
    data["y" * 5000] = 1
    (result,) = check_data(data)
    assert [f.rule for f in result.findings] == ["VP003"] * 10
    assert "Posten har 491 ukendte felter mere" in result.findings[-1].message
    assert all(len(f.message) < 400 for f in result.findings)


def test_an_unread_csv_column_is_vp003_naming_the_header_meant(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A misspelt header hid an extension of a dagpenge internship: «✓ ingen fund»."""
    import csv
    import io
    src = (EXAMPLES.parent / "exports" / "vitas-eksempel.csv").read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(src), delimiter=";"))
    header, row = rows[0], rows[1]
    header[header.index("forlaenget_til")] = "forlænget_til"
    row[header.index("forlænget_til")] = "11-04-2021"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([header, row])
    p = tmp_path / "udtraek.csv"
    p.write_text(out.getvalue(), "utf-8")
    (f,) = run_cli("check", "-f", "json", str(p), code=0).json()["results"][0]["findings"]
    assert f["rule"] == "VP003" and "«forlænget_til» — mente du «forlaenget_til»?" in f["message"]
    run_cli("check", "--fail-on", "warning", str(p), code=1)


def test_every_field_has_danish_and_english_titles() -> None:
    for path, info in fields().items():
        assert info.title_da and info.title_da != path.rsplit(".", 1)[-1], path
        assert info.title_en, path


# --------------------------------------------------------------------------- one contract, proven equal

def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


def _schema_valid(data: Any) -> bool:
    """Valid under the schema, and Unicode text: a lone surrogate is not a character, which
    a schema (like duplicate keys) cannot see; the reader makes it VP000."""
    return VALIDATOR.is_valid(data) and not _has_lone_surrogate(data)


def _checker_valid(data: Any) -> bool:
    """Through the same path as a file; ASCII-escaped so that lone surrogates travel too."""
    raw = json.dumps(data).encode()
    return all(f.rule != "VP000" for rec in read_json(raw, "t.json") for f in ENGINE.run(rec).findings)


def _leaf_paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here] if here else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _leaf_paths(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _leaf_paths(v, (*here, i))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> None:
    for p in path[:-1]:
        doc = doc[p]
    if delete and isinstance(doc, dict):
        del doc[path[-1]]
    else:
        doc[path[-1]] = value


FULL = agreement({
    "citizen": {"higher_education": True, "job_in_field_since_graduation": False,
                "extended_duration_basis": "hard_to_place"},
    "position": {"uses_education": True},
    "extensions": [{"end": "2021-04-25", "reason": "Optræne kasse", "assessment": "Vurderet", "special_need": None}],
    "availability_test": {"justification": "Afprøve rådighed"},
    "history": [{"id": "H1", "cvr": "35954716", "p_number": "1012345678", "start": "2020-01-06",
                 "end": "2020-02-02", "title": "Lager", "functions": ["lager"], "difference": "Andet"}],
    "accommodations": {"needs": "Ingen tunge løft", "health_information_shared": True, "consent_to_share": True},
    "agreed_by": {"municipality": True},
    "difference_from_earlier": "Ny funktion",
})
PATHS = _leaf_paths(FULL)

date_like = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.from_regex(r"\A[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}\Z"),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["2021-02-29", "2020-02-29", "2021-13-01", "2021-00-10", "2021-03-01\n", " 2021-03-01", "20210301"]),
)
codes = st.one_of(st.sampled_from(sorted(TARGET_GROUPS)), st.sampled_from(
    ["ordinary_hours", "wage_subsidy", "education", "none", "unknown", "concurrent", "after", "private", "public",
     "no_work_experience", "long_term_unemployment", "hard_to_place", "praktiktjek/agreement@1"]),
    st.text(max_size=12))
digits = st.one_of(st.from_regex(r"\A[0-9]{7,11}\Z"), st.from_regex(r"\A[0-9 ]{8,10}\n?\Z"))
#: characters that show nothing but are not white space (review 7, finding 7): blank too
INVISIBLE = ["\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u17b4", "\u180e", "\u200b", "\u200e",
             "\u202e", "\u2060", "\u2064", "\u2800", "\u3164", "\ufe0f", "\ufeff", "\uffa0", "\ufff0",
             "\u0000", "\u0007", "\u001b", "\u007f", "\u009b"]  # control characters: blank too (review 11)
invisible_text = st.text(st.sampled_from([*INVISIBLE, " ", "\u3000"]), min_size=1, max_size=4)
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=10),
                    st.just(10**400), st.just("   "), date_like, codes, digits, invisible_text,
                    st.tuples(invisible_text, st.text(max_size=3)).map("".join))
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=6), scalars, max_size=3))


@st.composite
def records(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(FULL)
    for _ in range(draw(st.integers(0, 3))):
        paths = _leaf_paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        _set(doc, path, draw(values), delete=draw(st.booleans()))
    return doc


@settings(max_examples=int(os.environ.get("PRAKTIKTJEK_SCHEMA_EXAMPLES", str(examples(2500)))), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(records())
@example(copy.deepcopy(FULL))
@example(base_agreement())
@example({})
@example(agreement({"target_group": "dagpegne"}))
@example(agreement({"citizen": {"id": "\ud800"}}))
@example(agreement({"company": {"cvr": "35954716\n"}}))
@example(agreement({"start": "2021-03-01\n"}))
@example(agreement({"id": "\u3000"}))
@example(agreement({"id": "\x1c"}))
@example(agreement({"id": "\u3164"}))
@example(agreement({"citizen": {"id": "\u115f\u2800"}}))
@example(agreement({"hours_per_week": 10**400}))
@example(agreement({"hours_per_week": 168.0000001}))
@example(agreement({"agreed_by": {"citizen": "2021-02-29"}}))
@example(agreement({"ukendt": {"x": 1}}))
def test_schema_validity_equals_no_vp000(data: Any) -> None:
    assert _schema_valid(data) == _checker_valid(data), (
        list(VALIDATOR.iter_errors(data))[:1], [f.message for r in check_data(data) for f in r.findings][:2])


def test_every_example_agrees_with_the_schema() -> None:
    for path in sorted(EXAMPLES.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        try:
            doc = json.loads(path.read_text("utf-8"))
        except json.JSONDecodeError:
            continue  # not JSON at all: the schema has nothing to say
        if "dobbelt-felt" in path.name:
            continue  # duplicate keys: the one thing a schema cannot see
        for item in doc if isinstance(doc, list) else [doc]:
            assert _schema_valid(item) == _checker_valid(item), path.name


def test_check_jsonschema_agrees_with_check_on_every_example(tmp_path: Path) -> None:
    """The published schema, used by the tool a pipeline would reach for."""
    exe = Path(sys.executable).parent / "check-jsonschema"
    if not exe.exists():
        pytest.fail("check-jsonschema is a test dependency (pip install -e '.[dev]')")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), "utf-8")
    files, expected_bad = [], set()
    for path in sorted(EXAMPLES.glob("*.json")):
        if path.name.endswith(".expected.json") or "dobbelt-felt" in path.name or "ugyldig-json" in path.name:
            continue
        doc = json.loads(path.read_text("utf-8"))
        if isinstance(doc, list):
            continue  # a file of several agreements: the schema describes one
        files.append(str(path))
        if not _checker_valid(doc):
            expected_bad.add(str(path))
    res = subprocess.run([str(exe), "-o", "json", "--schemafile", str(schema), *files],
                         capture_output=True, text=True, check=False)
    report = json.loads(res.stdout)
    assert not report["parse_errors"]
    assert {e["filename"] for e in report["errors"]} == expected_bad
    assert len(expected_bad) >= 8 and len(files) - len(expected_bad) >= 30


def test_blank_means_the_same_to_check_jsonschema_as_to_the_checker(tmp_path: Path) -> None:
    """JSON Schema patterns are ECMA 262, whose \\s differs from Python's: the blank class is
    spelled out, so an id of only U+FEFF or U+001C is VP000 for every validator alike."""
    exe = Path(sys.executable).parent / "check-jsonschema"
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), "utf-8")
    odd = ["\ufeff", "\x1c", "\x1f", "\x85", "\u200b", "\u3000", "\u00a0", "\u2028", " \t", "a\ufeff", "\u00a0x",
           *INVISIBLE, "\u3164x"]
    files = []
    for i, text in enumerate(odd):
        p = tmp_path / f"{i}.json"
        p.write_text(json.dumps(agreement({"id": text})), "utf-8")
        files.append(str(p))
    res = subprocess.run([str(exe), "-o", "json", "--schemafile", str(schema), *files],
                         capture_output=True, text=True, check=False)
    schema_bad = {e["filename"] for e in json.loads(res.stdout)["errors"]}
    for p, text in zip(files, odd, strict=True):
        assert (p in schema_bad) == (not _checker_valid(json.loads(Path(p).read_text("utf-8")))), repr(text)
    assert len(schema_bad) == len(odd) - 3  # all but the three with a visible character
