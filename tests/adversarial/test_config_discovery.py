"""Cause 5 of issue #9, configuration: discovery stops at the repository root or the
home folder, announces the file in force and refuses one that is not the user's or that
anyone may write; bad configuration (waivers, packs, mappings, TOML) is named in a clear
Danish message, never "intern fejl"."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import agreement

NEVER = 'fail-on = "never"\ndisable = ["VP202"]\n'


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shared folder (not home, no .git) with a work folder below it holding a failing
    agreement (VP202: eight weeks for a four-week group)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    work = tmp_path / "shared" / "work"
    work.mkdir(parents=True)
    (work / "a.json").write_text(json.dumps(agreement({"end": "2021-04-30"})), "utf-8")
    monkeypatch.chdir(work)
    return work


def test_a_config_planted_above_the_working_folder_is_not_used(run_cli, shared: Path) -> None:  # type: ignore[no-untyped-def]
    (shared.parent / "praktiktjek.toml").write_text(NEVER, "utf-8")
    res = run_cli("check", "a.json", code=1)
    assert "VP202" in res.out and "konfiguration" not in res.err


def test_the_search_stops_at_home(run_cli, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(shared.parent))
    (shared.parent.parent / "praktiktjek.toml").write_text(NEVER, "utf-8")  # above home: never
    run_cli("check", "a.json", code=1)
    (shared.parent / "praktiktjek.toml").write_text(NEVER, "utf-8")  # home itself: yes
    res = run_cli("check", "a.json", code=0)
    assert f"bruger konfigurationen {shared.parent / 'praktiktjek.toml'}" in res.err


def test_the_config_in_force_is_announced(run_cli, shared: Path) -> None:  # type: ignore[no-untyped-def]
    (shared / ".git").mkdir()
    (shared / "pyproject.toml").write_text("[tool.praktiktjek]\nlang = \"da\"\n", "utf-8")
    assert "bruger konfigurationen" in run_cli("check", "a.json", code=1).err


def test_a_world_writable_config_is_refused(run_cli, shared: Path) -> None:  # type: ignore[no-untyped-def]
    (shared / ".git").mkdir()
    cfg = shared / "praktiktjek.toml"
    cfg.write_text(NEVER, "utf-8")
    cfg.chmod(0o666)
    assert "kan ændres af alle" in run_cli("check", "a.json", code=2).err


def test_a_config_of_another_user_is_refused(run_cli, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    (shared / ".git").mkdir()
    (shared / "praktiktjek.toml").write_text(NEVER, "utf-8")
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    assert "tilhører en anden bruger" in run_cli("check", "a.json", code=2).err
    # named explicitly, the user has decided to trust it
    run_cli("check", "--config", str(shared / "praktiktjek.toml"), "a.json", code=0)


# --------------------------------------------------------------------------- bad configuration


@pytest.fixture
def one(tmp_path: Path) -> str:
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement()), "utf-8")
    return str(f)


def _clear(err: str) -> None:
    assert err.startswith("praktiktjek: ") and "intern fejl" not in err and "Traceback" not in err, err


@pytest.mark.parametrize("expires", ["2021-02-30", "9999-99-99"])
def test_an_impossible_waiver_date_is_named(run_cli, tmp_path: Path, one: str, expires: str) -> None:  # type: ignore[no-untyped-def]
    w = tmp_path / "w.yaml"
    w.write_text(f"waivers:\n  - rule: VP105\n    agreement: '*'\n    reason: x\n    expires: {expires}\n", "utf-8")
    err = run_cli("check", "--waivers", str(w), one, code=2).err
    _clear(err)
    assert expires in err and "w.yaml:5" in err


PACK = """pack: {{name: lokal, prefix: KK, title: {{da: x, en: x}}}}
rules:
  - id: KK001
    severity: error
    title: {{da: t, en: t}}
    message: {{da: "{message}", en: "x"}}
    fix: {{da: x, en: x}}
    confidence: {{level: practice}}
    check: company_cvr_in
    params: {{cvrs: ["12345678"]}}
    valid_from: {valid_from}
    rationale: {{da: x, en: x}}
"""


@pytest.mark.parametrize(("message", "valid_from", "named"), [
    ("{cvr}", "2021-02-30", "2021-02-30"),
    ("{cvr:d}", "2021-01-01", "{cvr"),
    ("{cvr:>99999999999999999999}", "2021-01-01", "{cvr"),
    ("{cvr.__class__}", "2021-01-01", "{cvr.__class__}"),
    ("{cvr[0]}", "2021-01-01", "{cvr[0]}"),
    ("{cvr!r}", "2021-01-01", "{cvr"),
])
def test_a_bad_pack_is_refused_when_it_loads(run_cli, tmp_path: Path, message: str, valid_from: str,  # type: ignore[no-untyped-def]
                                             named: str) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(PACK.format(message=message, valid_from=valid_from), "utf-8")
    err = run_cli("rules", "--rules", str(p), code=2).err
    _clear(err)
    assert named in err and "class 'str'" not in err


def test_a_binary_toml_config_is_named(run_cli, tmp_path: Path, one: str) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "c.toml"
    cfg.write_bytes(b"\x00\x01\xff\xfe\x80binary")
    err = run_cli("check", "--config", str(cfg), one, code=2).err
    _clear(err)
    assert "UTF-8" in err


def test_an_empty_list_separator_is_named(run_cli, tmp_path: Path, one: str) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "m.toml"
    m.write_text('list_separator = ""\n', "utf-8")
    err = run_cli("audit", "--mapping", str(m), one, code=2).err
    _clear(err)
    assert "list_separator" in err


@pytest.mark.parametrize("argv", [
    ("check", "{long}.json"), ("check", "--config", "{long}.toml", "x"), ("check", "--waivers", "{long}.yaml", "x"),
    ("check", "--rules", "{long}.yaml", "x"), ("audit", "--mapping", "{long}.yaml", "x"),
    ("check", "-o", "json={long}.json", "x"), ("audit", "--findings", "{long}.csv", "x"),
    ("audit", "--report", "{long}.html", "x"),
])
def test_a_file_name_over_255_bytes_is_named(run_cli, tmp_path: Path, one: str,  # type: ignore[no-untyped-def]
                                             argv: tuple[str, ...]) -> None:
    long = str(tmp_path / ("æ" * 200))  # 400 bytes
    res = run_cli(*[a.replace("{long}", long) if a != "x" else one for a in argv])
    assert res.code in (1, 2)
    assert "intern fejl" not in res.err and "Traceback" not in res.err, res.err
    assert "for langt" in res.err + res.out or "File name too long" in res.err
