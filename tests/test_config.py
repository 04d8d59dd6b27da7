"""Configuration in pyproject.toml or praktiktjek.toml, and its precedence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import agreement


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # stop the search for a config file here
    sub = tmp_path / "aftaler"
    sub.mkdir()
    (sub / "warn.json").write_text(json.dumps(agreement({"ordinary_hours": None, "after_internship": "none"})), "utf-8")
    monkeypatch.chdir(sub)
    return tmp_path


def test_pyproject_section_is_read_from_a_parent_folder(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    run_cli("check", "warn.json", code=0)
    (work / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.praktiktjek]\nfail-on = "warning"\nlang = "en"\n', "utf-8")
    out = run_cli("check", "warn.json", code=1).out
    assert "WARNING  VP105" in out


def test_cli_flags_override_the_config(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    (work / "praktiktjek.toml").write_text('fail-on = "warning"\nlang = "en"\nformat = "json"\ndisable = ["VP702"]\n', "utf-8")
    doc = run_cli("check", "warn.json", code=1).json()  # format and fail-on from the file
    assert doc["results"][0]["findings"][0]["message"].startswith("The agreement shows no plan")
    out = run_cli("check", "--fail-on", "error", "--lang", "da", "-f", "text", "warn.json", code=0).out
    assert "ADVARSEL VP105" in out
    assert run_cli("check", "--disable", "VP105", "-f", "json", "warn.json", code=0).json()["summary"]["warning"] == 0


def test_praktiktjek_toml_wins_over_pyproject_in_the_same_folder(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    (work / "pyproject.toml").write_text('[tool.praktiktjek]\nfail-on = "never"\n', "utf-8")
    (work / "praktiktjek.toml").write_text('fail-on = "warning"\n', "utf-8")
    run_cli("check", "warn.json", code=1)


def test_paths_in_the_config_are_relative_to_it(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    (work / "policy").mkdir()
    local = Path(__file__).resolve().parents[1] / "rules/local/example-kommune.yaml"
    (work / "policy" / "pack.yaml").write_text(local.read_text("utf-8"), "utf-8")
    (work / "policy" / "w.yaml").write_text(
        "- {rule: KERT001, agreement: '*', reason: Aftalt med direktionen, expires: 2099-01-01}\n", "utf-8")
    (work / "praktiktjek.toml").write_text('rules = ["policy/pack.yaml"]\nwaivers = "policy/w.yaml"\n', "utf-8")
    doc = run_cli("check", "-f", "json", "warn.json", code=0).json()
    fired = {f["rule"]: f for f in doc["results"][0]["findings"]}
    assert "waived" in fired["KERT001"]


@pytest.mark.parametrize(("text", "message"), [
    ('colour = "red"\n', "nøglen «colour» er ikke en kendt nøgle"),
    ('fail-on = "sometimes"\n', "feltet «fail-on» skal være «error», «warning», «info» eller «never» (står «sometimes»)"),
    ("fail-on = \n", "konfigurationen er ikke gyldig TOML i linje 1, kolonne 11"),
])
def test_bad_config_is_a_usage_error(run_cli, work: Path, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    (work / "praktiktjek.toml").write_text(text, "utf-8")
    res = run_cli("check", "warn.json", code=2)
    assert "praktiktjek.toml" in res.err and message in res.err


def test_show_cpr_cannot_be_configured(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    (work / "praktiktjek.toml").write_text("show-cpr = true\n", "utf-8")
    assert "nøglen «show-cpr» er ikke en kendt nøgle" in run_cli("check", "warn.json", code=2).err


@pytest.mark.parametrize(("text", "keys"), [
    ('rules = [""]\n', "rules[0]"),
    ('rules = ["policy.yaml", ""]\n', "rules[1]"),
    ('waivers = ""\n', "waivers"),
    ('rules = [""]\nwaivers = ""\n', "rules[0], waivers"),
])
@pytest.mark.parametrize("command", ["check", "audit"])
def test_an_empty_path_in_the_config_is_refused_not_read_as_its_folder(  # type: ignore[no-untyped-def]
        run_cli, work: Path, text: str, keys: str, command: str) -> None:
    """Review 13, F2: ``""`` joined to the file's folder was that folder — every *.yaml
    beside the file (a CI file, mkdocs.yaml) would be read as a rule pack."""
    (work / "ci.yaml").write_text("on: push\n", "utf-8")  # would be read as a rule pack
    (work / "praktiktjek.toml").write_text(text, "utf-8")
    err = run_cli(command, "warn.json", code=2).err
    assert f"praktiktjek.toml: {keys}: tom sti" in err and "ci.yaml" not in err
    err_en = run_cli(command, "--lang", "en", "warn.json", code=2).err
    assert f"praktiktjek.toml: {keys}: empty path" in err_en
