"""Review 19, the command line's boundaries (cli F6, F8–F11, F13; audit F9–F11).

Each test here failed on the code before the fix, by the finding's cause."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES

SAMPLE = str(EXAMPLES / "vp202-dagpenge-6-uger.json")


# -- cli F8: an output path that names a folder, or only blanks --------------------------

@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["new", "k.json", "ud/x.sarif", "a b"]), end=st.sampled_from(["/", "/."]),
       fmt=st.sampled_from(["json", "sarif", "junit"]), exists=st.booleans())
def test_an_output_path_ending_in_a_slash_is_refused_before_the_run(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                                    name: str, end: str, fmt: str,
                                                                    exists: bool) -> None:
    """``Path("new/")`` is ``new``: the slash was dropped and a file written (or an
    existing ``k.json`` overwritten)."""
    folder = tmp_path_factory.mktemp("o")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        target = folder / name
        if exists:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("keep", "utf-8")
        before = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
        res = run_cli("check", SAMPLE, "-o", f"{fmt}={name}{end}")
        assert res.code == 2 and res.out == "", res.out
        assert f"--output {fmt}={name}{end}: stien ender på «/»" in res.err, res.err
        assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == before
        if exists:
            assert target.read_text("utf-8") == "keep"
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("args", [["audit", "-q", "--report", "r/"], ["audit", "-q", "--findings", "f.csv/"]])
def test_an_audit_output_ending_in_a_slash_is_refused(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                      args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    res = run_cli(*args, SAMPLE)
    assert res.code == 2 and "stien ender på «/»" in res.err, res.err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("blank", [" ", "  ", "\t", " \u00a0"])
@pytest.mark.parametrize("form", ["output", "report"])
def test_an_output_path_of_blanks_is_refused(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                             blank: str, form: str) -> None:
    monkeypatch.chdir(tmp_path)
    if form == "output":
        res = run_cli("check", SAMPLE, "-o", f"json={blank}")
    else:
        res = run_cli("audit", "-q", "--report", blank, SAMPLE)
    assert res.code == 2 and "stien er kun mellemrum" in res.err, res.err
    assert os.listdir(tmp_path) == []


def test_the_same_output_twice_names_both_paths(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", SAMPLE, "-o", "sarif=x.sarif", "-o", "junit=x.sarif")
    assert res.code == 2
    assert "--output junit=x.sarif: samme fil er allerede valgt til --output sarif=x.sarif" in res.err, res.err
