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
