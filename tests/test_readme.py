"""The README stays true: its set-up commands come first, and its CI commands work."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_readme_starts_with_the_two_setup_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None and README.index(block.group(0)) < README.index("\n## ")
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci/run").read_text("utf-8")


@pytest.mark.parametrize("line", sorted(set(re.findall(r"(praktiktjek check aftaler/[^\n]*)", README))))
def test_ci_snippet_commands_work(run_cli, line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aftaler").symlink_to(EXAMPLES)
    argv = shlex.split(line, comments=True)[1:]
    run_cli(*argv, code=1)  # the examples hold findings: the gate fails, as it should
    for produced in re.findall(r"=(\S+)", line):
        assert (tmp_path / produced).stat().st_size > 0
