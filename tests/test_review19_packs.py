"""Review 19 (cli reviewer), rule packs and switched-off rules: a rule switched off is
named in every output (F5); a pack's texts carry no control character (F2); a local act
cannot pass for a national one (F3)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT

SIX_WEEKS = ROOT / "examples/agreements/vp202-dagpenge-6-uger.json"
EXPORT = ROOT / "examples/exports/vitas-eksempel.csv"
DURATION = ["VP202", "VP203", "VP204", "VP205", "VP206"]
SOME = ["VP101", "VP105", "VP202", "VP203", "VP204", "VP205", "VP206", "VP301", "VP901"]


def _off_da(ids: list[str]) -> str:
    return f"Regler slået fra: {', '.join(ids)} (ikke kontrolleret i denne kørsel)"


def _off_en(ids: list[str]) -> str:
    return f"Rules switched off: {', '.join(ids)} (not checked in this run)"


# ----------------------------------------------------------------- F5: switched-off rules


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=st.lists(st.sampled_from(SOME), min_size=1, max_size=5, unique=True))
def test_every_output_names_the_rules_switched_off(run_cli, ids: list[str]) -> None:  # type: ignore[no-untyped-def]
    off = sorted(ids)
    args = ["--disable", ",".join(ids), str(SIX_WEEKS)]
    text = run_cli("check", *args)
    assert _off_da(off) in text.out.splitlines(), text.out
    assert _off_da(off) in text.err  # and on stderr
    doc = json.loads(run_cli("check", "-f", "json", *args).out)
    assert doc["tool"]["disabled"] == off
    run = json.loads(run_cli("check", "-f", "sarif", *args).out)["runs"][0]
    inv = run["invocations"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [(o["descriptor"]["id"], rules[o["descriptor"]["index"]]["id"], o["configuration"]["enabled"])
            for o in inv["ruleConfigurationOverrides"]] == [(r, r, False) for r in off]
    assert inv["toolConfigurationNotifications"][0]["message"]["text"] == _off_da(off)
    root = ET.fromstring(run_cli("check", "-f", "junit", *args).out)
    for suite in root.findall("testsuite"):
        assert [p.get("value") for p in suite.iter("property") if p.get("name") == "praktiktjek.disabled"] \
            == [_off_da(off)]
    gh = run_cli("check", "-f", "github", *args).out
    assert f"::notice title=praktiktjek::{_off_da(off)}" in gh.splitlines()
    en = run_cli("check", "--lang", "en", *args)
    assert _off_en(off) in en.out.splitlines() and _off_en(off) in en.err


def test_a_green_result_with_rules_off_says_so_on_its_own_line(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("check", "--disable", ",".join(DURATION), str(SIX_WEEKS), code=0)
    head = res.out.splitlines()[0]
    assert head.endswith("✓ ingen fund (VP202, VP203, VP204, VP205, VP206 slået fra)"), head
    en = run_cli("check", "--lang", "en", "--disable", "VP202", str(SIX_WEEKS)).out.splitlines()[0]
    assert en.endswith("(VP202 switched off)"), en


def test_the_configurations_disable_is_named_too(run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.praktiktjek]\ndisable = ["VP206", "VP202"]\n', "utf-8")
    (tmp_path / "a.json").write_bytes(SIX_WEEKS.read_bytes())
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "a.json", code=0)
    assert _off_da(["VP202", "VP206"]) in res.out.splitlines()
    assert json.loads(run_cli("check", "-f", "json", "a.json").out)["tool"]["disabled"] == ["VP202", "VP206"]


def test_nothing_is_said_when_no_rule_is_off(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("check", str(SIX_WEEKS))
    assert "slået fra" not in res.out + res.err
    assert json.loads(run_cli("check", "-f", "json", str(SIX_WEEKS)).out)["tool"]["disabled"] == []
    inv = json.loads(run_cli("check", "-f", "sarif", str(SIX_WEEKS)).out)["runs"][0]["invocations"][0]
    assert "ruleConfigurationOverrides" not in inv
    assert "::notice title=praktiktjek::" not in run_cli("check", "-f", "github", str(SIX_WEEKS)).out


def test_the_github_job_summary_names_the_rules_off(run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    summary = tmp_path / "summary.md"
    summary.write_text("", "utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_cli("check", "-f", "github", "--disable", "VP202", str(SIX_WEEKS))
    assert _off_da(["VP202"]) in summary.read_text("utf-8")


@pytest.mark.parametrize("engine", ["duckdb", "python"])
def test_audit_names_the_rules_off_in_console_report_and_json(run_cli, tmp_path: Path, engine: str) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "r.html"
    res = run_cli("audit", "--engine", engine, "--quiet", "-f", "json", "--report", str(report),
                  "--disable", "VP202", str(EXPORT))
    assert res.err.count(_off_da(["VP202"])) == 1, res.err
    assert json.loads(res.out)["tool"]["disabled"] == ["VP202"]
    assert _off_da(["VP202"]) in report.read_text("utf-8")
    console = run_cli("audit", "--engine", engine, "--quiet", "--disable", "VP202", str(EXPORT)).out
    assert _off_da(["VP202"]) in " ".join(console.split())


# ----------------------------------------------------------------- F2 and F3: a pack's texts and acts

from praktiktjek.errors import RulePackError  # noqa: E402
from praktiktjek.pipeline import national_rules_dir  # noqa: E402
from praktiktjek.rulepack import load_rules  # noqa: E402

LOCAL = """pack: {{name: lokal, prefix: {prefix}, title: {{da: {pack_title}, en: Local pack}}}}
acts:
  KERT_POLICY:
    short: {short}
    title: {act_title}
    kind: local_policy
    versions: [{{number: {number}, url: {url}}}]
rules:
  - id: {prefix}001
    severity: error
    title: {{da: {title}, en: t}}
    message: {{da: {message}, en: "m {{{{cvr}}}}"}}
    fix: {{da: {fix}, en: f}}
    citations: [{{text: {citation}, act: KERT_POLICY}}]
    confidence: {{level: practice}}
    check: company_cvr_in
    params: {{cvrs: ["12345678"]}}
    rationale: {{da: r, en: r}}
"""
FIELDS = {"pack_title": "Lokal pakke", "short": "Lokal", "act_title": "Lokale retningslinjer",
          "number": "vedtaget 2024", "url": "https://kommune.example/politik", "title": "t",
          "message": '"m {{cvr}}"', "fix": "f", "citation": "Lokal retningslinje 3"}
TEXT_KEYS = {"pack_title": "pack.title.da", "short": "acts.KERT_POLICY.short",
             "act_title": "acts.KERT_POLICY.title", "number": "acts.KERT_POLICY.versions[0].number",
             "title": "title.da", "message": "message.da", "fix": "fix.da", "citation": "citations[0].text"}


def _write(tmp_path: Path, prefix: str = "KERT", **fields: str) -> Path:
    p = tmp_path / "lokal.yaml"
    p.write_text(LOCAL.format(prefix=prefix, **{**FIELDS, **fields}), "utf-8")
    return p


def _refused(path: Path) -> RulePackError:
    with pytest.raises(RulePackError) as exc:
        load_rules([path], national=national_rules_dir())
    return exc.value


def test_the_well_formed_pack_loads(tmp_path: Path) -> None:
    rs = load_rules([_write(tmp_path)], national=national_rules_dir())
    assert "KERT001" in rs.rules


@settings(max_examples=25, deadline=None)
@given(key=st.sampled_from(sorted(TEXT_KEYS)),
       ctl=st.sampled_from(["\n", "\r", "\t", "\x1b", "\x07", "\x85", "\u2028", "\x00", "\x7f"]),
       where=st.sampled_from(["start", "middle"]))
def test_a_control_character_in_any_one_line_text_is_refused_naming_rule_and_key(key: str, ctl: str, where: str) -> None:
    import tempfile

    value = FIELDS[key].strip('"')
    value = ctl + value if where == "start" else value[:1] + ctl + "::error::x" + value[1:]
    quoted = json.dumps(value)  # a YAML double-quoted scalar with the escape
    with tempfile.TemporaryDirectory() as d:
        path = _write(Path(d), **{key: quoted})
        exc = _refused(path)
    said = str(exc)
    assert str(path) in said and f"«{TEXT_KEYS[key]}»" in said, said
    assert ("regel KERT001" in said) == (key in ("title", "message", "fix", "citation")), said
    assert "kontroltegn" in said and ascii(ctl)[1:-1] in said
    assert "\n" not in said.strip() and "\r" not in said


def test_the_reviewers_injected_citation_is_a_usage_error_in_check_and_explain(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pack = _write(tmp_path, citation=json.dumps("Lokal retningslinje: se\n::error file=a.json,line=1::Ulovlig"))
    for args in (["check", "--rules", str(pack), str(SIX_WEEKS)], ["explain", "KERT001", "--rules", str(pack)]):
        res = run_cli(*args, code=2)
        assert not any(line.startswith("::") for line in (res.out + res.err).splitlines())
        assert "citations[0].text" in res.err
    en = run_cli("check", "--lang", "en", "--rules", str(pack), str(SIX_WEEKS), code=2)
    assert "holds a line break or another control character (\\n)" in en.err


def test_a_folded_texts_trailing_line_break_still_loads(tmp_path: Path) -> None:
    rs = load_rules([_write(tmp_path, citation=json.dumps("Lokal retningslinje 3\n"))], national=national_rules_dir())
    assert "\n" not in rs.rules["KERT001"].spec.citations[0].text.strip()


def _national() -> dict[str, tuple[str, str, list[str]]]:
    from conftest import ruleset

    return {k: (a.short, a.title, [v.number for v in a.versions if v.number])
            for k, a in ruleset().acts.items() if a.kind in ("law", "executive_order")}


def _case(text: str, how: str) -> str:
    return {"upper": text.upper(), "lower": text.lower(), "same": text, "padded": f" {text} "}[how]


@settings(max_examples=20, deadline=None)
@given(act=st.sampled_from(["LAB", "BAB", "FVL", "GDPR"]), field=st.sampled_from(["short", "act_title", "number"]),
       how=st.sampled_from(["upper", "lower", "same", "padded"]), data=st.data())
def test_a_local_act_with_a_national_acts_name_or_number_is_refused(act: str, field: str, how: str,
                                                                   data: st.DataObject) -> None:
    import tempfile

    short, title, numbers = _national()[act]
    if field == "number" and not numbers:
        return
    value = {"short": short, "act_title": title}.get(field) or data.draw(st.sampled_from(numbers))
    with tempfile.TemporaryDirectory() as d:
        path = _write(Path(d), **{field: json.dumps(_case(value, how))})
        said = str(_refused(path))
    assert f"«{TEXT_KEYS[field]}»" in said and str(path) in said, said
    assert "national lov" in said


@pytest.mark.parametrize("url", ["https://www.retsinformation.dk/eli/lta/2019/548",
                                 "http://RETSINFORMATION.DK/eli/lta/2016/1342",
                                 "https://retsinformation.dk/"])
def test_a_local_act_pointing_at_retsinformation_is_refused(tmp_path: Path, url: str) -> None:
    said = str(_refused(_write(tmp_path, url=url)))
    assert "«acts.KERT_POLICY.versions[0].url»" in said and "retsinformation.dk" in said


def test_a_local_act_whose_address_only_mentions_retsinformation_loads(tmp_path: Path) -> None:
    load_rules([_write(tmp_path, url="https://kommune.example/retsinformation.dk/politik")],
               national=national_rules_dir())


@pytest.mark.parametrize("prefix", ["LAB", "BAB", "FVL", "GDPR"])
def test_a_national_acts_short_name_is_no_prefix(tmp_path: Path, prefix: str) -> None:
    said = str(_refused(_write(tmp_path, prefix=prefix)))
    assert "«pack.prefix»" in said and f"{prefix}001" in said and str(tmp_path) in said
    assert "pack.prefix: the prefix" in _refused(_write(tmp_path, prefix=prefix)).en


def test_the_reviewers_lab_pack_is_a_usage_error(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pack = _write(tmp_path, short="LAB", act_title='"lov om en aktiv beskæftigelsesindsats"',
                  number='"lov nr. 548 af 07/05/2019"', url="https://www.retsinformation.dk/eli/lta/2019/548")
    res = run_cli("check", "-f", "json", "--rules", str(pack), str(SIX_WEEKS), code=2)
    assert res.out == ""
    for key in ("title", "short", "versions[0].number", "versions[0].url"):
        assert f"«acts.KERT_POLICY.{key}»" in res.err, res.err


# ----------------------------------------------------------------- F17: not a regular file, in English


@pytest.mark.parametrize("kind", ["en mappe", "en FIFO (navngivet rør)", "en enhed (device)", "en socket",
                                  "ikke en almindelig fil"])
@pytest.mark.parametrize("alt", [" (eller - for stdin)", ""])
def test_every_not_a_regular_file_sentence_has_english_words(kind: str, alt: str) -> None:
    from praktiktjek.input_en import to_english
    from praktiktjek.readers.bounded import _KIND_EN

    said = to_english(f"er {kind}; kun almindelige filer{alt} læses")
    assert said == f"is {_KIND_EN[kind]}; only regular files{' (or - for stdin)' if alt else ''} are read"


def test_a_fifo_and_a_dangling_link_are_said_in_english(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    out = run_cli("check", "--lang", "en", str(tmp_path)).out
    assert "is a FIFO (named pipe); only regular files (or - for stdin) are read" in out, out
    assert "dangling.json» is a link to a file that does not exist" in out, out
    for danish in ("læses", "findes", "navngivet", "almindelige"):
        assert danish not in out, out


# ----------------------------------------------------------------- F14: small English/code words


def test_english_explain_names_each_act_kind_in_words(run_cli) -> None:  # type: ignore[no-untyped-def]
    import re

    from conftest import ruleset

    for rid in sorted(ruleset().rules):
        out = run_cli("explain", "--lang", "en", rid).out
        kinds = re.findall(r"  \[([^\]]+)\]", out)
        assert all("_" not in k for k in kinds), (rid, kinds)  # no code such as executive_order
    assert "  [executive order]" in run_cli("explain", "--lang", "en", "VP301").out


def test_github_annotations_for_stdin_name_no_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "-f", "github", "-", stdin=SIX_WEEKS.read_bytes()).out
    notes = [line for line in out.splitlines() if line.startswith("::error")]
    assert notes, out
    for line in notes:
        props = line.split("::")[1]
        assert "file=" not in props and "line=" not in props, line
        assert line.split("::", 2)[2].startswith("<stdin>:"), line
    named = run_cli("check", "-f", "github", str(SIX_WEEKS)).out
    assert "::error file=" in named and "vp202-dagpenge-6-uger.json,line=28," in named, named


def test_the_web_api_says_no_rule_is_switched_off() -> None:
    from fastapi.testclient import TestClient

    from conftest import ruleset
    from praktiktjek.web.app import Settings, create_app

    client = TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))
    r = client.post("/api/check", content=SIX_WEEKS.read_bytes(), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["tool"]["disabled"] == []
