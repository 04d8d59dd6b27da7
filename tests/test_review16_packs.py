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


def _json(text: str) -> dict:  # type: ignore[type-arg]
    return json.loads(text)  # type: ignore[no-any-return]


_ = (re, _json)
