"""No line of a line-oriented report begins with ``::`` from data: a GitHub Actions
runner reads such a line (after blanks) as a workflow command, so a file named
``::error title=x::….json`` would forge an annotation in a ``-f text`` log (review 8,
finding 14). The github format escapes the name per actions/toolkit instead."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import agreement

COMMAND = re.compile(r"^\s*::", re.M)
NAME = "::error title=injected::fake error from a file name.json"


@pytest.fixture()
def forged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = agreement({"target_group": "xx"})
    (tmp_path / NAME).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (tmp_path / "  ::warning::x.json").write_text(json.dumps(agreement({"hours_per_week": 40})), "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "junit", "json", "sarif"])
def test_no_report_line_begins_a_workflow_command(run_cli, forged: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    for args in (["."], [NAME, "  ::warning::x.json"]):
        out = run_cli("check", "-f", fmt, "--fail-on", "never", *args, code=0).out
        assert not COMMAND.search(out), out
        if fmt in ("text", "junit"):
            assert "./::error title=injected::fake error from a file name.json" in out


def test_the_github_format_escapes_the_name(run_cli, forged: Path) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "-f", "github", NAME, code=1).out
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert commands and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in commands)
    assert "file=%3A%3Aerror title=injected%3A%3Afake error from a file name.json," in out
    assert "title=injected::" not in out.split("::", 2)[1]  # not in the properties


@given(st.text(alphabet=" :\t/ab", max_size=12))
def test_a_shown_path_never_begins_with_two_colons(path: str) -> None:
    from praktiktjek.reporters.text import shown_path

    shown = shown_path(path)
    assert not shown.lstrip().startswith("::")
    assert shown in (path, f"./{path}") or shown.startswith('"')


@pytest.mark.parametrize("sep", ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\n  \t"])
@pytest.mark.parametrize("fmt", ["text", "junit", "json", "sarif", "github"])
def test_a_line_break_in_a_file_name_never_starts_a_command_line(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sep: str, fmt: str) -> None:
    """Review 15, F1: the JUnit body wrote «x\\n::error::pwned.json:1:504 /end» with the
    newline raw, so a line of the report began a workflow command. No line of any
    format begins with «::» — lines as the Actions runner reads them (.NET ReadLine: LF,
    CR or CR LF; NEL, U+2028 and U+2029 do not end a line there, and the other
    separators are here to show they do no harm either)."""
    name = f"x{sep}::error::pwned.json"
    (tmp_path / name).write_text(json.dumps(agreement({"end": "2021-01-01"})), "utf-8")
    monkeypatch.chdir(tmp_path)
    out = run_cli("check", "-f", fmt, "--fail-on", "never", ".", code=0).out
    if fmt == "github":
        assert all(line.startswith(("::error ", "::warning ", "::notice ")) or not line.lstrip().startswith("::")
                   for line in re.split(r"\r\n|\r|\n", out))
        assert "::error::pwned" not in out
    else:
        assert not [line for line in re.split(r"\r\n|\r|\n", out) if line.lstrip().startswith("::")], out


@pytest.mark.parametrize("sep", ["\n", "\r", "\r\n"])
@pytest.mark.parametrize("argv", [
    ["check", "nope{sep}::error::x"],
    ["audit", "-q", "nope{sep}::error::x"],
    ["check", "--rules", "nope{sep}::error::r", "{ok}"],
    ["check", "--disable", "VP9{sep}::error::d", "{ok}"],
    ["audit", "-q", "--disable", "VP9{sep}::error::d", "{ok}"],
    ["explain", "VP9{sep}::error::e"],
    ["check", "--output", "sarif=nope{sep}::error::o/x.sarif", "{ok}"],
])
def test_no_usage_error_line_begins_a_command(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], sep: str) -> None:
    """Review 15, F12: a path, rule pack or rule id with a newline in a usage error
    began a line of stderr with «::error::» (a workflow command in an Actions log)."""
    (tmp_path / "ok.json").write_text(json.dumps(agreement()), "utf-8")
    monkeypatch.chdir(tmp_path)
    err = run_cli(*[a.format(sep=sep, ok="ok.json") for a in argv], code=2).err
    assert "::error::" in err  # the value is named ...
    assert not [line for line in re.split(r"\r\n|\r|\n", err) if line.lstrip().startswith("::")], err  # ... on its line
