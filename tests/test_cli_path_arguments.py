"""Path arguments the user did not mean (review 11, findings 12, 17 and 18).

- ``--findings`` decides its format by the suffix: only ``.csv`` and ``.jsonl`` (any
  case); anything else was JSON Lines under a name that says otherwise (#12).
- An empty path (an empty shell variable) is not the working folder (#17).
- ``-`` as an output would be stdout, which already carries the run's report: refused,
  not a file named «-» (#18).
Each is a usage error (exit 2) before any work is done: nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES

SAMPLE = str(EXAMPLES / "vp202-dagpenge-6-uger.json")


def _nothing_written(folder: Path) -> None:
    assert sorted(os.listdir(folder)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), max_size=8))
@example(suffix=".txt")
@example(suffix=".csv.gz")
@example(suffix=".tsv")
@example(suffix="")
@example(suffix=".json")
@example(suffix=".xlsx")
def test_findings_with_another_suffix_is_refused_before_the_run(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                               suffix: str) -> None:
    if suffix.lower().endswith((".csv", ".jsonl")):
        return  # the two accepted suffixes: tested below
    out = tmp_path_factory.mktemp("out")
    res = run_cli("audit", "-q", "--findings", str(out / f"fund{suffix}"), SAMPLE)
    assert res.code == 2, (res.out, res.err)
    assert "--findings" in res.err and ".csv eller .jsonl" in res.err and res.out == ""
    _nothing_written(out)


@pytest.mark.parametrize("name", ["fund.csv", "fund.CSV", "fund.jsonl", "fund.JSONL", "fund.txt.csv"])
def test_findings_with_an_accepted_suffix_is_written(run_cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    run_cli("audit", "-q", "--findings", str(tmp_path / name), SAMPLE, code=1)
    text = (tmp_path / name).read_text("utf-8")
    assert text.startswith("{") == name.lower().endswith(".jsonl")


def test_findings_suffix_is_told_in_english(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("audit", "--lang", "en", "-q", "--findings", str(tmp_path / "f.txt"), SAMPLE, code=2)
    assert "must end in .csv or .jsonl" in res.err


#: every option that names a file or folder, with the command it belongs to
PATH_OPTIONS = [("check", "--waivers"), ("check", "--config"), ("check", "--rules"), ("check", "--mapping"),
                ("audit", "--findings"), ("audit", "--report"), ("audit", "--config"), ("audit", "--rules"),
                ("audit", "--mapping"), ("explain", "--rules"), ("rules", "--rules")]


@pytest.mark.parametrize(("command", "option"), PATH_OPTIONS)
@pytest.mark.parametrize("form", ["separate", "joined"])
def test_an_empty_path_option_is_a_usage_error(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                               command: str, option: str, form: str) -> None:
    monkeypatch.chdir(tmp_path)
    given_ = [option, ""] if form == "separate" else [f"{option}="]
    rest = {"check": [SAMPLE], "audit": ["-q", SAMPLE], "explain": ["VP202"], "rules": []}[command]
    res = run_cli(command, *given_, *rest)
    assert res.code == 2 and f"{option}: tom sti" in res.err and "er en mappe" not in res.err, res.err
    _nothing_written(tmp_path)


@pytest.mark.parametrize("command", ["check", "audit"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_empty_path_argument_is_not_the_working_folder(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                          command: str, lang: str) -> None:
    """`praktiktjek check "$FILES"` with an empty variable checked every file below the
    working folder; here a folder with an agreement in it."""
    monkeypatch.chdir(tmp_path)
    Path(tmp_path / "x.json").write_bytes(Path(SAMPLE).read_bytes())
    res = run_cli(command, "--lang", lang, SAMPLE, "")
    assert res.code == 2 and res.out == "", res.out
    assert ("tom sti" if lang == "da" else "empty path") in res.err


@pytest.mark.parametrize(("args", "option"), [
    (["check", "-o", "json=-", SAMPLE], "--output json=-"),
    (["check", "-f", "json", "-o", "sarif=-", SAMPLE], "--output sarif=-"),
    (["audit", "-q", "--report", "-", SAMPLE], "--report -"),
    (["audit", "-q", "--findings", "-", SAMPLE], "--findings -"),
    (["audit", "-q", "--report=-", SAMPLE], "--report -"),
])
def test_a_dash_as_an_output_is_refused_not_a_file_named_dash(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              args: list[str], option: str) -> None:
    monkeypatch.chdir(tmp_path)
    res = run_cli(*args)
    assert res.code == 2 and res.out == "", res.out
    assert res.err.startswith(f"praktiktjek: {option}: «-» ville være stdout"), res.err
    _nothing_written(tmp_path)


def test_dot_slash_dash_is_a_file_named_dash(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    run_cli("audit", "-q", "--report", "./-", SAMPLE, code=1)
    assert (tmp_path / "-").read_text("utf-8").startswith("<!")
