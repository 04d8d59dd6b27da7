"""Review 16: a local pack is local policy, never dressed up as law (F1); VP prefixes are
national and id/prefix errors say the allowed form, capped (F9); the packs in force are
named in every output (F8) and the web server takes the same packs (F10)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, ruleset
from praktiktjek.errors import RulePackError
from praktiktjek.pipeline import national_rules_dir
from praktiktjek.rulepack import LOCAL_ACT_KINDS, LOCAL_CONFIDENCE, load_rules

EXAMPLE = ROOT / "rules/local/example-kommune.yaml"
NATIONAL_ACTS = sorted(ruleset().acts)

PACK = """pack: {{name: lokal, prefix: {prefix}, title: {{da: Lokal pakke, en: Local pack}}}}
acts:
  {act}:
    short: Lokal
    title: Lokale retningslinjer
    kind: {kind}
    versions: [{{number: vedtaget 2024}}]
rules:
  - id: {prefix}001
    severity: error
    title: {{da: t, en: t}}
    message: {{da: "m {{cvr}}", en: "m {{cvr}}"}}
    fix: {{da: f, en: f}}
    citations: [{{text: Lokal retningslinje, act: {cited}}}]
    confidence: {{level: {level}}}
    check: company_cvr_in
    params: {{cvrs: ["12345678"]}}
    rationale: {{da: r, en: r}}
"""


def _pack(tmp_path: Path, *, prefix: str = "KERT", act: str = "KERT_POLICY", kind: str = "local_policy",
          cited: str | None = None, level: str = "practice") -> Path:
    p = tmp_path / "lokal.yaml"
    p.write_text(PACK.format(prefix=prefix, act=act, kind=kind, cited=cited or act, level=level), "utf-8")
    return p


def _refused(path: Path) -> RulePackError:
    with pytest.raises(RulePackError) as exc:
        load_rules([path], national=national_rules_dir())
    return exc.value


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


# ------------------------------------------------------------------------------- F1


def test_a_well_formed_local_pack_still_loads(tmp_path: Path) -> None:
    rs = load_rules([_pack(tmp_path)], national=national_rules_dir())
    assert rs.rules["KERT001"].spec.citations[0].act == "KERT_POLICY"
    load_rules([EXAMPLE], national=national_rules_dir())  # the shipped example keeps its promise


@pytest.mark.parametrize("act", ["LAB", "BAB", "STAR_QA"])
def test_a_local_rule_citing_a_national_act_is_refused_naming_file_line_and_key(tmp_path: Path, act: str) -> None:
    assert act in NATIONAL_ACTS
    path = _pack(tmp_path, cited=act)
    exc = _refused(path)
    line = _line(path, f"act: {act}}}")
    assert f"{path}:{line}: regel KERT001: nøglen «citations[0].act»: «{act}» er en lov fra den nationale " \
           "regelpakke; en lokal regelpakke må kun citere love, den selv definerer under «acts» " \
           "(her: «KERT_POLICY»)" in str(exc), str(exc)
    assert exc.en is not None and f"{path}:{line}: rule KERT001: citations[0].act: '{act}' is an act of " \
        "the national pack; a local pack may only cite acts it defines itself" in exc.en, exc.en


@pytest.mark.parametrize("kind", ["law", "executive_order", "guidance", "practice"])
def test_a_local_act_of_a_national_kind_is_refused(tmp_path: Path, kind: str) -> None:
    path = _pack(tmp_path, kind=kind)
    exc = _refused(path)
    line = _line(path, "kind:")
    assert f"{path}:{line}: nøglen «acts.KERT_POLICY.kind»: en lokal regelpakkes love skal være af typen " \
           f"«local_policy» (står «{kind}»); lokal politik citeres som lokal politik, aldrig som lov" in str(exc)
    assert exc.en is not None and f"acts.KERT_POLICY.kind: a local pack's acts must be of kind local_policy " \
        f"(got '{kind}')" in exc.en


@pytest.mark.parametrize("level", ["verified", "inferred", "guidance"])
def test_a_local_rule_claiming_a_national_confidence_is_refused(tmp_path: Path, level: str) -> None:
    path = _pack(tmp_path, level=level)
    exc = _refused(path)
    line = _line(path, "confidence:")
    assert f"{path}:{line}: regel KERT001: nøglen «confidence.level»: en lokal regels sikkerhed kan være " \
           f"«practice», «secondary» eller «technical» (står «{level}»" in str(exc), str(exc)
    assert exc.en is not None and f"rule KERT001: confidence.level: a local rule's confidence may be " \
        f"practice or secondary or technical (got '{level}'" in exc.en


@pytest.mark.parametrize("level", LOCAL_CONFIDENCE)
def test_the_local_confidence_levels_load(tmp_path: Path, level: str) -> None:
    rs = load_rules([_pack(tmp_path, level=level)], national=national_rules_dir())
    assert rs.rules["KERT001"].spec.confidence.level == level


def test_every_problem_of_the_fake_law_pack_is_said_at_once(tmp_path: Path) -> None:
    """The reviewer's fakelaw pack: kind law and confidence verified, both named."""
    text = EXAMPLE.read_text("utf-8").replace("kind: local_policy", "kind: law") \
        .replace("confidence: {level: practice}", "confidence: {level: verified}")
    path = tmp_path / "fakelaw.yaml"
    path.write_text(text, "utf-8")
    exc = str(_refused(path))
    assert "«acts.KERT_POLICY.kind»" in exc and "regel KERT002: nøglen «confidence.level»" in exc, exc


_NAME = st.from_regex(r"[A-Z][A-Z_]{1,10}", fullmatch=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(own=_NAME, cited=st.one_of(st.sampled_from(NATIONAL_ACTS), _NAME))
def test_any_local_pack_citing_an_act_it_does_not_define_is_refused(tmp_path: Path, own: str, cited: str) -> None:
    """Whatever the pack defines, a citation of any other act (a national one or one
    nobody defines) is refused; citing its own act loads."""
    if own in NATIONAL_ACTS:
        own = f"X{own}"  # defining a national name is refused for another reason (already defined)
    path = _pack(tmp_path, act=own, cited=cited)
    if cited == own:
        load_rules([path], national=national_rules_dir())
        return
    exc = _refused(path)
    assert "nøglen «citations[0].act»: " in str(exc) and f"(her: «{own}»)" in str(exc), str(exc)
    assert (f"«{cited}» er en lov fra den nationale regelpakke" if cited in NATIONAL_ACTS
            else f"ukendt lov «{cited}»") in str(exc)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["law", "executive_order", "guidance", "practice", "local_policy"]),
       level=st.sampled_from(["verified", "inferred", "secondary", "guidance", "practice", "technical"]))
def test_a_local_pack_loads_exactly_when_its_kinds_and_levels_are_local(tmp_path: Path, kind: str, level: str) -> None:
    path = _pack(tmp_path, kind=kind, level=level)
    if kind in LOCAL_ACT_KINDS and level in LOCAL_CONFIDENCE:
        load_rules([path], national=national_rules_dir())
    else:
        exc = str(_refused(path))
        assert ("«acts.KERT_POLICY.kind»" in exc) == (kind not in LOCAL_ACT_KINDS), exc
        assert ("«confidence.level»" in exc) == (level not in LOCAL_CONFIDENCE), exc


def test_check_with_a_national_citation_is_a_usage_error(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _pack(tmp_path, cited="LAB")
    res = run_cli("check", "--rules", str(path), str(ROOT / "examples/agreements/ok-dagpenge-4-uger.json"), code=2)
    assert "«LAB» er en lov fra den nationale regelpakke" in res.err and "retsinformation" not in res.out
    res = run_cli("check", "--lang", "en", "--rules", str(path),
                  str(ROOT / "examples/agreements/ok-dagpenge-4-uger.json"), code=2)
    assert "'LAB' is an act of the national pack" in res.err


# ------------------------------------------------------------------------------- F9


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rest=st.from_regex(r"[A-Z]{0,6}", fullmatch=True))
def test_every_prefix_beginning_with_vp_is_reserved(tmp_path: Path, rest: str) -> None:
    prefix = f"VP{rest}"
    path = _pack(tmp_path, prefix=prefix)
    exc = _refused(path)
    assert f"{path}:{_line(path, 'prefix:')}: nøglen «pack.prefix»: præfikset {prefix} er forbeholdt den " \
           "nationale pakke" in str(exc), str(exc)
    assert exc.en is not None and f"the prefix {prefix} is reserved for the national pack" in exc.en


@pytest.mark.parametrize("prefix", ["V", "kert", "vpx", "KERT9", "ABCDEFGHI"])
def test_a_prefix_of_the_wrong_form_says_the_form(tmp_path: Path, prefix: str) -> None:
    exc = _refused(_pack(tmp_path, prefix=prefix))
    assert f"«pack.prefix»: skal være 2–8 store bogstaver A–Z, fx KERT; står «{prefix}»" in str(exc), str(exc)
    assert "ugyldig værdi" not in str(exc)
    assert exc.en is not None and f"pack.prefix: must be 2–8 capital letters A–Z, e.g. KERT; got '{prefix}'" in exc.en


@pytest.mark.parametrize("rid", ["KERT00001", "KERT1", "kert001", "KERT-001"])
def test_a_rule_id_of_the_wrong_form_says_the_form(tmp_path: Path, rid: str) -> None:
    path = _pack(tmp_path)
    path.write_text(path.read_text("utf-8").replace("id: KERT001", f"id: {rid}"), "utf-8")
    exc = _refused(path)
    assert f"regel {rid}: «id»: skal være pakkens præfiks efterfulgt af tre cifre, fx KERT001 (højst 999 " \
           f"regler pr. pakke); står «{rid}»" in str(exc), str(exc)
    assert exc.en is not None and "must be the pack's prefix followed by three digits, e.g. KERT001" in exc.en


def test_a_flood_of_errors_is_cut_after_twenty_lines_and_counted(tmp_path: Path) -> None:
    """The reviewer's 3,000-rule pack printed 3,000 lines; now 20 and the rest counted."""
    head, rule = PACK.split("rules:\n")
    head = head.format(prefix="KERT", act="KERT_POLICY", kind="local_policy")
    one = rule.format(prefix="KERT", cited="KERT_POLICY", level="practice")
    rules = "".join(one.replace("id: KERT001", f"id: KERT{n:05d}") for n in range(1, 2_001))
    path = tmp_path / "stor.yaml"
    path.write_text(f"{head}rules:\n{rules}", "utf-8")
    exc = _refused(path)
    lines = str(exc).splitlines()
    assert len(lines) == 21 and lines[-1] == "… og 1.980 fejl mere", lines[-3:]
    assert all("skal være pakkens præfiks efterfulgt af tre cifre" in line for line in lines[:20])
    assert exc.en is not None and exc.en.splitlines()[-1] == "… and 1,980 more problems"


def test_a_rule_outside_the_prefix_says_the_form(tmp_path: Path) -> None:
    path = _pack(tmp_path)
    path.write_text(path.read_text("utf-8").replace("id: KERT001", "id: OTHER001"), "utf-8")
    assert "nøglen «id» skal begynde med pakkens præfiks KERT, efterfulgt af tre cifre, fx KERT001" \
        in str(_refused(path))


# ------------------------------------------------------------------------------- F8

FIRE = ROOT / "examples/agreements/ok-dagpenge-4-uger.json"
EXPORT = ROOT / "examples/exports/vitas-eksempel.csv"
TITLE = "Eksempel på en kommunes egne retningslinjer"
LISTED = f"Regelpakker: national + example-kommune (KERT, «{TITLE}», fil {EXAMPLE})"


def test_text_and_github_name_the_packs_only_when_a_local_pack_is_on(run_cli) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("text", "github"):
        res = run_cli("check", "-f", fmt, "--rules", str(EXAMPLE), str(FIRE))
        assert LISTED in res.out.splitlines(), res.out
        assert res.err.count(LISTED) == 1, res.err  # stderr once
        plain = run_cli("check", "-f", fmt, str(FIRE))
        assert "Regelpakker" not in plain.out and "Regelpakker" not in plain.err
    res = run_cli("check", "--lang", "en", "--rules", str(EXAMPLE), str(FIRE))
    assert "Rule packs: national + example-kommune (KERT, «Example of a municipality's own policy», " \
           f"file {EXAMPLE})" in res.out


def test_the_github_job_summary_names_the_packs(run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    summary = tmp_path / "summary.md"
    summary.write_text("", "utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_cli("check", "-f", "github", "--rules", str(EXAMPLE), str(FIRE))
    assert "Regelpakker: national + example-kommune (KERT, «Eksempel på en kommunes egne retningslinjer», fil " \
        in summary.read_text("utf-8")
    summary.write_text("", "utf-8")
    run_cli("check", "-f", "github", str(FIRE))
    assert "Regelpakker" not in summary.read_text("utf-8")


def test_json_lists_every_pack_under_tool(run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(run_cli("check", "-f", "json", "--rules", str(EXAMPLE), str(FIRE)).out)
    assert doc["tool"]["name"] == "praktiktjek" and "version" in doc["tool"]  # the keys kept
    assert doc["tool"]["packs"] == [
        {"name": "national", "prefix": "VP", "title": "Den nationale regelpakke for virksomhedspraktik",
         "version": None, "file": None, "national": True},
        {"name": "example-kommune", "prefix": "KERT", "title": TITLE, "version": None, "file": str(EXAMPLE),
         "national": False}]
    alone = json.loads(run_cli("check", "-f", "json", str(FIRE)).out)
    assert [p["name"] for p in alone["tool"]["packs"]] == ["national"]


def test_sarif_names_a_local_pack_as_a_tool_extension(run_cli) -> None:  # type: ignore[no-untyped-def]
    run = json.loads(run_cli("check", "-f", "sarif", "--rules", str(EXAMPLE), str(FIRE)).out)["runs"][0]
    assert run["tool"]["extensions"] == [{
        "name": "example-kommune", "fullName": TITLE,
        "properties": {"prefix": "KERT", "file": str(EXAMPLE), "tags": ["local-rule-pack"]}}]
    assert run["tool"]["driver"]["name"] == "praktiktjek"
    alone = json.loads(run_cli("check", "-f", "sarif", str(FIRE)).out)["runs"][0]
    assert "extensions" not in alone["tool"]


def test_junit_suites_carry_the_packs_as_properties(run_cli) -> None:  # type: ignore[no-untyped-def]
    from xml.etree import ElementTree as ET

    for cases in ("agreement", "rule"):
        root = ET.fromstring(run_cli("check", "-f", "junit", "--junit-cases", cases, "--rules", str(EXAMPLE),
                                     str(FIRE)).out)
        suites = root.findall("testsuite")
        assert suites
        for suite in suites:
            assert suite[0].tag == "properties"  # junit-10.xsd: properties come first
            assert [p.get("value") for p in suite[0]] == [
                "national", f"example-kommune (KERT, «{TITLE}», fil {EXAMPLE})"]
        alone = ET.fromstring(run_cli("check", "-f", "junit", "--junit-cases", cases, str(FIRE)).out)
        assert not alone.findall(".//properties")


@pytest.mark.parametrize("engine", ["duckdb", "python"])
def test_audit_names_the_packs_and_how_the_local_rules_ran(run_cli, tmp_path: Path, engine: str) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "r.html"
    how = ("de lokale regler kontrolleres i SQL (DuckDB) som de nationale" if engine == "duckdb"
           else "alle regler kontrolleres med referencemotoren (--engine python)")
    res = run_cli("audit", "--engine", engine, "--quiet", "-f", "json", "--report", str(report),
                  "--rules", str(EXAMPLE), str(EXPORT))
    assert res.err.count(f"{LISTED}; {how}") == 1, res.err  # on stderr once, also under --quiet
    doc = json.loads(res.out)
    assert [p["name"] for p in doc["tool"]["packs"]] == ["national", "example-kommune"]
    assert list(doc)[:2] == ["results", "summary"]  # the keys before stay where they were
    # the outputs themselves are the same from both engines (the engine is said on stderr)
    assert f'<p class="muted packs">{LISTED}</p>' in report.read_text("utf-8")
    console = run_cli("audit", "--engine", engine, "--quiet", "--rules", str(EXAMPLE), str(EXPORT)).out
    assert LISTED in " ".join(console.split()), console
    alone = run_cli("audit", "--engine", engine, "--quiet", "--report", str(report), str(EXPORT))
    assert "Regelpakker" not in alone.err + alone.out + report.read_text("utf-8")


_CPR = "0101901234"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.text(alphabet=st.sampled_from(["\x1b", "\x07", "\u202e", "\x00", "\x85", "a", "æ", " "]),
                   max_size=6))
def test_a_packs_title_and_file_pass_the_door_in_every_format(run_cli, tmp_path: Path, junk: str) -> None:  # type: ignore[no-untyped-def]
    """Whatever control characters a local pack's title holds, and a CPR number in it and
    in its file's name, no output shows them raw (the door cleans, then masks)."""
    folder = tmp_path / f"borger {_CPR}"
    folder.mkdir(exist_ok=True)
    pack = folder / "lokal.yaml"
    title = f"Lokal{junk.encode('unicode_escape').decode('ascii')} {_CPR}"  # YAML escapes, as a pack may write
    pack.write_text(PACK.format(prefix="KERT", act="KERT_POLICY", kind="local_policy", cited="KERT_POLICY",
                                level="practice").replace("{da: Lokal pakke", f'{{da: "{title}"'), "utf-8")
    if re.search("[\x00-\x1f\x7f-\x9f]", junk):  # refused at load since review 19, F2
        res = run_cli("check", "--rules", str(pack), str(FIRE), code=2)
        assert res.out == "" and "«pack.title.da»" in res.err
        assert _CPR not in res.err and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u202e]", res.err)
        return
    for fmt in ("text", "json", "sarif", "junit", "github"):
        res = run_cli("check", "-f", fmt, "--rules", str(pack), str(FIRE))
        for out in (res.out, res.err):
            assert _CPR not in out and "010190-1234" not in out, (fmt, out)
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u202e]", out), (fmt, out)
        assert "010190-****" in res.out, (fmt, res.out)


# ------------------------------------------------------------------------------- F10


def test_the_web_server_takes_the_packs_and_says_which(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from praktiktjek.web import Settings, create_app
    from praktiktjek.web.app import load_ruleset

    local = TestClient(create_app(Settings(allowed_hosts=["testserver"]), load_ruleset([str(EXAMPLE)])))
    page = local.get("/").text
    assert f"Regelpakker: national + example-kommune (KERT, «{TITLE}»)" in page
    assert str(EXAMPLE) not in page  # the server's own paths stay on the server
    assert "KERT002" in local.get("/regler").text
    report = local.post("/revision", data={"lang": "da"},
                        files={"file": ("vitas.csv", EXPORT.read_bytes(), "text/csv")}).text
    assert f"Regelpakker: national + example-kommune (KERT, «{TITLE}»)</p>" in report
    national = TestClient(create_app(Settings(allowed_hosts=["testserver"])))
    assert "kun den nationale regelpakke" in national.get("/").text
    assert "only the national rule pack" in national.get("/?lang=en").text
    assert "KERT002" not in national.get("/regler").text


def test_serve_reads_the_packs_like_check(monkeypatch: pytest.MonkeyPatch, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`serve --rules` (or the configuration's rules) reaches the app; a bad pack stops
    the server before it starts (exit 2)."""
    import uvicorn

    started: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(__import__("os").environ[
        "PRAKTIKTJEK_WEB_SETTINGS"]))
    res = run_cli("serve", "--rules", str(EXAMPLE), code=0)
    assert json.loads(started[-1])["rules"] == [str(EXAMPLE)] and LISTED in res.err
    cfg = tmp_path / "praktiktjek.toml"
    cfg.write_text(f'rules = ["{EXAMPLE}"]\n', "utf-8")
    run_cli("serve", "--config", str(cfg), code=0)
    assert json.loads(started[-1])["rules"] == [str(EXAMPLE)]
    from fastapi.testclient import TestClient

    from praktiktjek.web.app import from_environment

    monkeypatch.setenv("PRAKTIKTJEK_WEB_SETTINGS", json.dumps({**json.loads(started[-1]),
                                                               "allowed_hosts": ["testserver"]}))
    assert "KERT002" in TestClient(from_environment()).get("/regler").text  # the app uvicorn would start
    bad = _pack(tmp_path, cited="LAB")
    res = run_cli("serve", "--rules", str(bad), code=2)
    assert "«LAB» er en lov fra den nationale regelpakke" in res.err and len(started) == 2


# ------------------------------------------------------------------------------- a local pack adds, never rewords

@pytest.mark.parametrize("term", sorted(ruleset().terms))
def test_a_local_pack_may_not_reword_a_national_term(tmp_path: Path, term: str) -> None:
    """A pack-level `terms` entry of the same name replaced the national text, so a local
    pack changed the wording of national findings (seen in packs2's read-through)."""
    p = _pack(tmp_path)
    p.write_text(p.read_text("utf-8") + f"terms:\n  {term}: {{da: \"lokal tekst\", en: \"local text\"}}\n", "utf-8")
    exc = _refused(p)
    assert f"«terms.{term}»" in str(exc) and f":{_line(p, term + ':')}:" in str(exc), str(exc)
    assert ruleset().terms[term].da != "lokal tekst"  # the national pack as loaded alone is untouched


def test_a_local_pack_may_not_replace_the_base_agreement(tmp_path: Path) -> None:
    p = _pack(tmp_path)
    p.write_text(p.read_text("utf-8") + "example_base: {id: LOKAL}\n", "utf-8")
    exc = _refused(p)
    assert "«example_base»" in str(exc) and "praktiktjek template" in str(exc)
    assert f":{_line(p, 'example_base')}:" in str(exc)


def test_a_local_pack_may_add_a_term_of_its_own(tmp_path: Path) -> None:
    p = _pack(tmp_path)
    p.write_text(p.read_text("utf-8") + "terms:\n  kert_eget: {da: \"eget\", en: \"own\"}\n", "utf-8")
    rs = load_rules([p], national=national_rules_dir())
    assert rs.terms["kert_eget"].da == "eget" and "KERT001" in rs.rules


# ------------------------------------------------------------------------------- review 18 F2: the citation says "local"

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["Lov om en aktiv beskæftigelsesindsats § 42, stk. 1", "LAB § 59, stk. 1", "BAB § 60",
                        "Lokal retningslinje: kasse", "local policy 3", "Local Policy: x", "§ 1"]))
def test_a_local_citation_is_marked_local_whatever_its_text(tmp_path: Path, text: str) -> None:
    """Review 18, F2: a local rule citing its own act with the text «Lov om en aktiv
    beskæftigelsesindsats § 42, stk. 1» was shown as that, in text and SARIF."""
    p = _pack(tmp_path)
    p.write_text(p.read_text("utf-8").replace("text: Lokal retningslinje,", f"text: \"{text}\","), "utf-8")
    rs = load_rules([p], national=national_rules_dir())
    (c,) = rs.rules["KERT001"].spec.citations
    assert c.get("da").startswith("Lokal retningslinje") and text in c.get("da")
    assert c.get("en").casefold().startswith(("local policy", "lokal retningslinje")) and text in c.get("en")
    assert all(not r.spec.citations or not r.spec.citations[0].get("da").startswith("Lokal")
               for rid, r in rs.rules.items() if rid.startswith("VP"))  # the national texts are untouched


def test_the_marked_citation_reaches_text_and_sarif(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "p.yaml"
    p.write_text(EXAMPLE.read_text("utf-8").replace("Lokal retningslinje: dagpengepraktik kræver jobperspektiv",
                                                    "Lov om en aktiv beskæftigelsesindsats § 42, stk. 1"), "utf-8")
    doc = json.loads((ROOT / "examples/agreements/ok-dagpenge-4-uger.json").read_text("utf-8"))
    doc.update(ordinary_hours=None, after_internship="education")
    a = tmp_path / "a.json"
    a.write_text(json.dumps(doc), "utf-8")
    out = run_cli("check", "--rules", str(p), str(a)).out
    assert "§ Lokal retningslinje: Lov om en aktiv beskæftigelsesindsats § 42, stk. 1" in out
    sarif = run_cli("check", "-f", "sarif", "--rules", str(p), str(a)).out
    assert "Hjemmel: Lokal retningslinje: Lov om" in sarif and "Hjemmel: Lov om en aktiv" not in sarif
