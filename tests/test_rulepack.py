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


#: one case for each kind of loader error: (change to the pack, Danish, English)
LOADER_ERRORS = [
    (("check: company_cvr_in", "check: no_such_kind"),
     "regel TEST001: nøglen «check»: ukendt kontroltype «no_such_kind»",
     "rule TEST001: check: unknown check kind 'no_such_kind'"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: 5}"),
     "regel TEST001: feltet «params.cvrs» skal være en liste", "rule TEST001: params.cvrs: Input should be a valid list"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: [\"12345678\"], extra: 1}"),
     "regel TEST001: nøglen «params.extra» er ikke en kendt nøgle", "params.extra: Extra inputs are not permitted"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: [\"1234567\"]}"),
     "regel TEST001: «params.cvrs[0]»: «1234567» er ikke et CVR-nummer (8 cifre)",
     "rule TEST001: params.cvrs[0]: '1234567' is not a CVR number (8 digits)"),
    (("severity: error", "severity: error\n    colour: red"),
     "regel TEST001: nøglen «colour» er ikke en kendt nøgle", "rule TEST001: colour: Extra inputs are not permitted"),
    (("severity: error", "severity: fatal"),
     "regel TEST001: feltet «severity» skal være «error», «warning» eller «info» (står «fatal»)",
     "rule TEST001: severity: Input should be 'error', 'warning' or 'info'"),
    (("    severity: error\n", ""), "regel TEST001: feltet «severity» skal udfyldes, men mangler",
     "rule TEST001: severity: Field required"),
    (("{cvr}", "{nope}"), "regel TEST001: nøglen «message.da»: ukendt pladsholder {nope}",
     "unknown placeholder(s) ['nope']"),
    (("{cvr}", "{cvr:>9}"), "nøglen «message.da»: ugyldig skabelon: {cvr…}: formatangivelser",
     "message.da: bad template: {cvr…}: format specs"),
    (("id: TEST001", "id: OTHER001"), "regel OTHER001: nøglen «id» skal begynde med pakkens præfiks TEST",
     "id must start with the pack prefix TEST"),
    (("prefix: TEST", "prefix: VP"), "præfikset VP er forbeholdt den nationale pakke",
     "the prefix VP is reserved for the national pack"),
    (("    rationale: {da: r, en: r}", "    rationale: {da: r, en: r}\n    citations: [{text: x, act: NOPE}]"),
     "nøglen «citations[0].act»: ukendt lov «NOPE»", "citations[0].act: unknown act 'NOPE'"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: {dated: [{valid_to: 2020-12-31, value: [\"11111111\"]}, {valid_from: 2021-02-01, value: [\"22222222\"]}]}}"),
     "nøglen «params.cvrs.dated»: perioderne skal følge hinanden dag for dag", "periods must follow each other day by day"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: {dated: []}}"),
     "nøglen «params.cvrs.dated» skal være en liste, der ikke er tom", "params.cvrs.dated: must be a non-empty list"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: {dated: [{value: [\"11111111\"], x: 1}]}}"),
     "nøglen «params.cvrs.dated[0]» skal have «value»", "params.cvrs.dated[0]: needs 'value'"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: {dated: [{valid_to: soon, value: [\"11111111\"]}]}}"),
     "nøglen «params.cvrs.dated[0].valid_to» skal være en dato", "params.cvrs.dated[0].valid_to: must be a date"),
    (("params: {cvrs: [\"12345678\"]}", "params: {cvrs: {dated: [{valid_from: 2020-01-01, value: [\"11111111\"]}]}}"),
     "den første periode må ikke have valid_from", "the first period must have no valid_from"),
    (("    rationale: {da: r, en: r}", "    rationale: {da: r, en: r}\n    needs: [no.such]"),
     "nøglen «needs[0]»: ukendt felt «no.such»", "needs[0]: unknown field 'no.such'"),
    (("    rationale: {da: r, en: r}", "    rationale: {da: r, en: r}\n    batch: {kind: workplace_load, params: {a: 1}}"),
     "nøglen «batch.params»: typen «workplace_load» tager ingen parametre", "batch.params: the kind 'workplace_load' takes none"),
    (("    rationale: {da: r, en: r}", "    rationale: {da: r, en: r}\n    batch: {kind: shared_text, params: {min_citizens: 1}}"),
     "feltet «batch.params.min_citizens» er for lille", "batch.params.min_citizens: Input should be greater than or equal to 2"),
    (("rules:\n", "rules: [\n"), "er ikke en gyldig regelfil: ikke gyldig YAML (linje", "not a valid rule file:"),
    (("pack: {", "pack: {x: 1, "), "nøglen «pack.x» er ikke en kendt nøgle", "pack.x: Extra inputs are not permitted"),
    (("rules:\n  - id: TEST001", "rules:\n  - id: TEST001\n    severity: info\n    title: {da: t, en: t}\n    message: {da: m, en: m}\n    fix: {da: f, en: f}\n    confidence: {level: practice}\n    check: health_consent\n    rationale: {da: r, en: r}\n  - id: TEST001"),
     "reglen TEST001 er defineret to gange", "rule TEST001 is defined twice"),
]


@pytest.mark.parametrize(("change", "da", "en"), LOADER_ERRORS)
def test_bad_rule_files_name_file_rule_and_field(tmp_path: Path, change: tuple[str, str], da: str, en: str) -> None:
    """Danish by default, English under --lang en (leftovers: every loader error was
    English); each names the file, the rule and the key."""
    bad = LOCAL.replace(*change)
    assert bad != LOCAL
    with pytest.raises(RulePackError) as exc:
        _load(tmp_path, bad)
    assert str(tmp_path / "pack.yaml") in str(exc.value) and str(tmp_path / "pack.yaml") in (exc.value.en or "")
    assert da in str(exc.value), str(exc.value)
    assert exc.value.en is not None and en in exc.value.en, exc.value.en
    from test_danish import DANISH_WORDS, _danish_problems

    # what the user wrote is quoted «…»; the list of known check kinds is code they write
    shown = re.sub(r"«[^»]*»|\(kendte: [^)]*\)", "«»", str(exc.value).replace(str(tmp_path), ""))
    assert not _danish_problems(shown), shown
    assert not DANISH_WORDS.search(exc.value.en.replace(str(tmp_path), "")), exc.value.en


@pytest.mark.parametrize(("files", "da", "en"), [
    ({}, "ingen regelfiler (*.yaml) i mappen", "no rule files (*.yaml) in this directory"),
    ({"a.yaml": "- a\n- b\n"}, "en regelfil skal være en tabel med «pack», «rules»", "a rule file must be a mapping"),
    ({"a.yaml": "rules: []\n"}, "en regelpakke skal have præcis ét afsnit «pack» (der er 0)",
     "a rule pack needs exactly one 'pack' section (found 0)"),
    ({"a.yaml": LOCAL, "b.yaml": "acts:\n  BAB: {short: b, title: b, kind: law, versions: [{number: x}]}\n"},
     "nøglen «acts.BAB»: er allerede defineret i en anden regelfil", "acts.BAB: already defined by another rule file"),
    ({"a.yaml": LOCAL, "b.yaml": LOCAL.split("rules:")[0].replace("pack: {name: t, prefix: TEST, title: {da: t, en: t}}", "")
      + "rules:" + LOCAL.split("rules:")[1]},
     "regel TEST001: nøglen «id»: reglen er allerede defineret i", "rule TEST001: id: already defined in"),
    ({"a.yaml": LOCAL.replace("rules:", "example_base: {start: 2021-02-30}\nrules:")},
     "er ikke en gyldig regelfil: en dato, der ikke findes", "not a valid rule file: a date that does not exist"),
])
def test_file_level_loader_errors_in_both_languages(tmp_path: Path, files: dict[str, str], da: str, en: str) -> None:
    pack = tmp_path / "pakke"
    pack.mkdir()
    for name, text in files.items():
        (pack / name).write_text(text, "utf-8")
    with pytest.raises(RulePackError) as exc:
        load_rules([pack], national=national_rules_dir())
    assert str(pack) in str(exc.value) and da in str(exc.value), str(exc.value)
    assert exc.value.en is not None and str(pack) in exc.value.en and en in exc.value.en, exc.value.en


def test_a_missing_pack_is_named_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(RulePackError) as exc:
        load_rules([tmp_path / "nope.yaml"], national=national_rules_dir())
    assert "nope.yaml: regelfilen eller mappen findes ikke" in str(exc.value)
    assert "nope.yaml: no such rule file or directory" in (exc.value.en or "")


@settings(max_examples=80, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
       .filter(lambda c: re.fullmatch(r"[0-9]{8}", c) is None))
def test_a_cvr_parameter_that_is_not_8_digits_is_refused_in_danish_and_english(cvr: str) -> None:
    """Whatever a local pack writes as a CVR parameter that is not exactly 8 digits, the
    loader refuses it naming file, rule and key, in Danish and in English."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        text = LOCAL.replace('params: {cvrs: ["12345678"]}', "params: {cvrs: [x]}")
        f = _write(Path(d), text)
        import yaml

        doc = yaml.safe_load(text)
        doc["rules"][0]["params"]["cvrs"] = ["12345678", cvr]
        f.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
        with pytest.raises(RulePackError) as exc:
            load_rules([f], national=national_rules_dir())
    assert f"{f}: regel TEST001: «params.cvrs[1]»: " in str(exc.value)
    assert "er ikke et CVR-nummer (8 cifre)" in str(exc.value)
    assert f"{f}: rule TEST001: params.cvrs[1]: " in (exc.value.en or "") and "is not a CVR number" in (exc.value.en or "")


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
        assert not ok and "er ikke et CVR-nummer (8 cifre)" in str(exc)
    else:
        assert ok


@pytest.mark.parametrize("cvr", ["1", "1234567", "123456789", "12345678\\n", "CVR 12345678"])
def test_a_cvr_that_is_none_names_file_rule_and_field(tmp_path: Path, cvr: str) -> None:
    with pytest.raises(RulePackError) as exc:
        _load(tmp_path, LOCAL.replace('params: {cvrs: ["12345678"]}', f'params: {{cvrs: ["12345678", "{cvr}"]}}'))
    assert f"{tmp_path / 'pack.yaml'}: regel TEST001: «params.cvrs[1]»: " in str(exc.value)
    assert "er ikke et CVR-nummer (8 cifre)" in str(exc.value)
    assert f"{tmp_path / 'pack.yaml'}: rule TEST001: params.cvrs[1]: " in (exc.value.en or "")


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
    with pytest.raises(RulePackError, match="er ikke en gyldig regelfil"):
        _load(tmp_path, "pack: !!python/object/apply:os.system ['echo hacked']\n")


def test_bad_rule_pack_on_the_cli_is_exit_2(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = _write(tmp_path, LOCAL.replace("check: company_cvr_in", "check: nope"))
    ok = str(ROOT / "examples/agreements/ok-dagpenge-4-uger.json")
    res = run_cli("check", "--rules", str(bad), ok, code=2)
    assert "regel TEST001: nøglen «check»: ukendt kontroltype «nope»" in res.err
    assert "Traceback" not in res.err + res.out
    for args in (["check", "--lang", "en", "--rules", str(bad), ok], ["audit", "--lang", "en", "--rules", str(bad), ok],
                 ["rules", "--lang", "en", "--rules", str(bad)], ["explain", "VP202", "--lang", "en", "--rules", str(bad)]):
        err = run_cli(*args, code=2).err
        assert "rule TEST001: check: unknown check kind 'nope'" in err, (args, err)


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


def _rules_md_confidence() -> dict[str, str]:
    """id -> RULES.md's confidence cell."""
    out = {}
    for line in RULES_MD.read_text("utf-8").splitlines():
        m = re.match(r"^\| (VP\d{3}) \| [EWI] \| .*? \| .*? \| ([^|]*)\|$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def test_every_confidence_level_is_rules_mds() -> None:
    """Review 15, F8: VP002 was «inferred» where RULES.md says «secondary», VP702
    «verified» where it says «—». The level is the first level word of RULES.md's cell
    (``—`` = technical); the rest of the cell belongs in the note."""
    levels = ("verified", "inferred", "secondary", "guidance", "practice")
    cells = _rules_md_confidence()
    assert len(cells) >= 33
    for rid, cell in cells.items():
        if cell == "—":
            want = "technical"
        else:
            found = sorted((cell.find(w), w) for w in levels if w in cell)
            assert found, (rid, cell)
            want = found[0][1]
        assert ruleset().rules[rid].spec.confidence.level == want, (rid, cell)
