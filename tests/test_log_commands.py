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
