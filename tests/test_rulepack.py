"""Rule files are complete, cite exactly, and load strictly (exit 2 naming file, rule, field)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, RULES_MD, SHARED_RULES_MD, ruleset
from praktiktjek.errors import RulePackError
from praktiktjek.pipeline import national_rules_dir
from praktiktjek.rulepack import load_rules

TECHNICAL = {"VP000", "VP002", "VP003", "VP010", "VP020", "VP021", "VP201"}
ENGINE_ONLY = {"VP020", "VP021"}  # need a waiver file, not an agreement patch


def _rules_md_table() -> dict[str, tuple[str, str]]:
    """id -> (severity letter, citation cell) from the rules table in RULES.md."""
    out = {}
    for line in RULES_MD.read_text("utf-8").splitlines():
        m = re.match(r"^\| (VP\d{3}) \| ([EWI]) \| .*? \| (.*?) \| [^|]*\|$", line)
        if m:
            out[m.group(1)] = (m.group(2), m.group(3))
    return out


@pytest.mark.skipif(not SHARED_RULES_MD.exists(), reason="no ../shared beside this checkout")
def test_the_rules_md_snapshot_is_current() -> None:
    """RULES.md is kept current in shared/; when it changes, update docs/RULES.md and the rules."""
    assert RULES_MD.read_text("utf-8") == SHARED_RULES_MD.read_text("utf-8")


def test_every_rule_in_rules_md_is_a_rule_file() -> None:
    table = _rules_md_table()
    assert len(table) >= 33
    assert set(table) == {r for r in ruleset().rules if r.startswith("VP")}


def test_severities_match_rules_md() -> None:
    letter = {"error": "E", "warning": "W", "info": "I"}
    for rid, (sev, _) in _rules_md_table().items():
        assert letter[ruleset().rules[rid].severity] == sev, rid


def test_every_citation_is_copied_exactly_from_rules_md() -> None:
    table = _rules_md_table()
    for rid, rule in ruleset().rules.items():
        if not rid.startswith("VP"):
            continue
        cell = table[rid][1]
        if cell.startswith("as VP"):
            cell = table[cell.split()[1]][1]
        for c in rule.spec.citations:
            assert c.text in cell, f"{rid}: «{c.text}» is not in RULES.md's «{cell}»"


def test_every_rule_has_citation_danish_text_and_examples() -> None:
    for rid, rule in ruleset().rules.items():
        s = rule.spec
        if rid not in TECHNICAL:
            assert s.citations, f"{rid} has no citation"
        else:
            assert not s.citations, f"{rid} is technical and must not cite"
        for text in (s.title, s.message, s.fix, s.rationale):
            assert text.da.strip() and text.en.strip()
        if rid not in ENGINE_ONLY:
            assert s.examples is not None, f"{rid} has no examples"
            assert s.examples.passing and s.examples.failing


def test_danish_texts_use_danish_letters() -> None:
    """A sanity check that æ, ø and å survived loading (no mojibake, no ae/oe/aa stand-ins)."""
    texts = " ".join(r.spec.message.da + r.spec.fix.da for r in ruleset().rules.values())
    for letter in "æøå":
        assert letter in texts
    assert "Ã" not in texts


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "pack.yaml"
    p.write_text(text, "utf-8")
    return p


LOCAL = """
pack: {name: t, prefix: TEST, title: {da: t, en: t}}
rules:
  - id: TEST001
    severity: error
    title: {da: t, en: t}
    message: {da: "m {cvr}", en: "m {cvr}"}
    fix: {da: f, en: f}
    confidence: {level: practice}
    check: company_cvr_in
    params: {cvrs: ["12345678"]}
    rationale: {da: r, en: r}
"""


def _load(tmp_path: Path, text: str) -> None:
    load_rules([_write(tmp_path, text)], national=national_rules_dir())


def test_a_valid_local_pack_loads(tmp_path: Path) -> None:
    _load(tmp_path, LOCAL)


@pytest.mark.parametrize(("change", "expected"), [
    (("check: company_cvr_in", "check: no_such_kind"), "rule TEST001: check: unknown check kind 'no_such_kind'"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: 5}"), "rule TEST001: params.cvrs: Input should be a valid list"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: [\"12345678\"], extra: 1}"), "params.extra: Extra inputs are not permitted"),
    (("severity: error", "severity: error\n    colour: red"), "rule TEST001: colour: Extra inputs are not permitted"),
    (("severity: error", "severity: fatal"), "rule TEST001: severity: Input should be 'error', 'warning' or 'info'"),
    (("{cvr}", "{nope}"), "unknown placeholder(s) ['nope']"),
    (("id: TEST001", "id: OTHER001"), "id must start with the pack prefix TEST"),
    (("prefix: TEST", "prefix: VP"), "the prefix VP is reserved for the national pack"),
    (("    rationale: {da: r, en: r}", "    rationale: {da: r, en: r}\n    citations: [{text: x, act: NOPE}]"), "citations[0].act: unknown act 'NOPE'"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: {dated: [{valid_to: 2020-12-31, value: [\"11111111\"]}, {valid_from: 2021-02-01, value: [\"22222222\"]}]}}"), "periods must follow each other day by day"),
])
def test_bad_rule_files_name_file_rule_and_field(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    bad = LOCAL.replace(*change)
    assert bad != LOCAL
    with pytest.raises(RulePackError) as exc:
        _load(tmp_path, bad)
    assert str(tmp_path / "pack.yaml") in str(exc.value)
    assert expected in str(exc.value)


@settings(max_examples=300, deadline=None)
@given(cvr=st.one_of(st.from_regex(r"[0-9]{8}", fullmatch=True), st.text(max_size=10),
                     st.from_regex(r"[0-9]{7,9}\n?", fullmatch=True), st.sampled_from(["1", "１２３４５６７８"])))
def test_cvrs_are_taken_exactly_when_they_are_cvr_numbers(cvr: str) -> None:
    """``company_cvr_in`` compares with the agreement's ``company.cvr`` (8 digits, the
    format's pattern): a value that is none could never match, so it is refused."""
    from pydantic import ValidationError

    from praktiktjek.checks.misc import CompanyCvrIn

    ok = re.fullmatch(r"[0-9]{8}", cvr) is not None and not cvr.endswith("\n")
    try:
        CompanyCvrIn.model_validate({"cvrs": [cvr]})
    except ValidationError as exc:
        assert not ok and "is not a CVR number (8 digits)" in str(exc)
    else:
        assert ok


@pytest.mark.parametrize("cvr", ["1", "1234567", "123456789", "12345678\\n", "CVR 12345678"])
def test_a_cvr_that_is_none_names_file_rule_and_field(tmp_path: Path, cvr: str) -> None:
    with pytest.raises(RulePackError) as exc:
        _load(tmp_path, LOCAL.replace('params: {cvrs: ["12345678"]}', f'params: {{cvrs: ["12345678", "{cvr}"]}}'))
    assert f"{tmp_path / 'pack.yaml'}: rule TEST001: params.cvrs[1]: " in str(exc.value)
    assert "is not a CVR number (8 digits)" in str(exc.value)


@pytest.mark.parametrize("cpr", ["2304871357", "230487-1357", "230487 1357", "23.04.87-1357"])
def test_explain_masks_a_cpr_number_in_a_local_packs_parameters(run_cli, tmp_path: Path, cpr: str) -> None:  # type: ignore[no-untyped-def]
    """Parameters are only cleaned when a pack loads (they are compared with data);
    ``explain`` shows them, and the message filled with them, through the door."""
    pack = _write(tmp_path, LOCAL.replace("check: company_cvr_in", "check: wage_subsidy_benefit_weeks")
                  .replace('params: {cvrs: ["12345678"]}', f'params: {{after_value: "{cpr}", min_weeks: 2304871357}}')
                  .replace('"m {cvr}"', '"m {min_weeks}"'))
    out = run_cli("explain", "TEST001", "--rules", str(pack), code=0).out
    assert "Plan efter praktikken: 230487-****" in out and "m 230487-****" in out
    assert not re.search(r"1357|4871|2\.304", out), out


def test_dated_params_pick_the_value_in_force(tmp_path: Path) -> None:
    import datetime as dt

    text = LOCAL.replace('params: {cvrs: ["12345678"]}', 'params: {cvrs: {dated: [{valid_to: 2020-12-31, value: ["11111111"]}, {valid_from: 2021-01-01, value: ["22222222"]}]}}')
    rs = load_rules([_write(tmp_path, text)], national=national_rules_dir())
    rule = rs.rules["TEST001"]
    assert rule.params_at(dt.date(2020, 12, 31)).cvrs == ["11111111"]  # type: ignore[attr-defined]
    assert rule.params_at(dt.date(2021, 1, 1)).cvrs == ["22222222"]  # type: ignore[attr-defined]


def test_yaml_python_tags_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="not a valid rule file"):
        _load(tmp_path, "pack: !!python/object/apply:os.system ['echo hacked']\n")


def test_bad_rule_pack_on_the_cli_is_exit_2(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = _write(tmp_path, LOCAL.replace("check: company_cvr_in", "check: nope"))
    res = run_cli("check", "--rules", str(bad), str(ROOT / "examples/agreements/ok-dagpenge-4-uger.json"), code=2)
    assert "rule TEST001: check: unknown check kind 'nope'" in res.err
    assert "Traceback" not in res.err + res.out


def test_the_shipped_local_pack_is_off_by_default_and_loads_on_request() -> None:
    assert not any(r.startswith("KERT") for r in ruleset().rules)
    rs = load_rules([ROOT / "rules/local/example-kommune.yaml"], national=national_rules_dir())
    assert {"KERT001", "KERT002"} <= set(rs.rules)


def test_the_rule_cache_key_follows_rule_files_and_sources(tmp_path: Path) -> None:
    import os

    from praktiktjek import cache

    pack = tmp_path / "pack.yaml"
    pack.write_text(LOCAL, "utf-8")
    first = cache.key_for([pack])
    assert first == cache.key_for([pack])
    # a same-size edit that keeps the old modification time (cp -p, touch -r) is a new key
    st = pack.stat()
    edited = LOCAL.replace("severity: warning", "severity: error  ") if "severity: warning" in LOCAL else LOCAL + "#"
    pack.write_text(edited, "utf-8")
    os.utime(pack, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache.key_for([pack]) != first
    src = Path(cache.__file__)
    st = src.stat()
    before = cache.key_for([pack])
    try:
        os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        assert cache.key_for([pack]) != before
    finally:
        os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
