"""The README stays true: its set-up commands come first, and its CI commands work."""

from __future__ import annotations

import json
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


CI_COMMANDS = sorted(set(re.findall(r"(praktiktjek check aftaler/[^\n'\"]*)", README)))


def test_every_ci_snippet_has_its_command_found() -> None:
    # GitHub Actions (SARIF), GitLab and Jenkins (JUnit)
    assert len(CI_COMMANDS) >= 2 and {"sarif", "junit"} <= {f for c in CI_COMMANDS for f in re.findall(r"(\w+)=", c)}
    for snippet in ("runs-on: ubuntu-latest", "reports:\n      junit:", "stage('praktiktjek')"):
        assert snippet in README


def _check_output(path: Path) -> None:
    if path.suffix == ".sarif":
        from test_gate import validate_sarif

        doc = json.loads(path.read_text("utf-8"))
        validate_sarif(doc)
        assert doc["runs"][0]["results"]
    elif path.suffix == ".xml":
        from test_gate import validate_junit

        validate_junit(path.read_text("utf-8"))


@pytest.mark.parametrize("line", CI_COMMANDS)
def test_ci_snippet_commands_work(run_cli, line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aftaler").symlink_to(EXAMPLES)
    argv = shlex.split(line, comments=True)[1:]
    run_cli(*argv, code=1)  # the examples hold findings: the gate fails, as it should
    for produced in re.findall(r"=(\S+)", line):
        assert (tmp_path / produced).stat().st_size > 0
        _check_output(tmp_path / produced)


@pytest.mark.parametrize("line", [c for c in CI_COMMANDS if "sarif=" in c])
def test_the_github_actions_command_on_github(run_cli, line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # as the runner runs it: annotations on stdout, a job summary, the SARIF for upload
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aftaler").symlink_to(EXAMPLES)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    out = run_cli(*shlex.split(line)[1:], code=1).out
    assert out.startswith("::error file=aftaler/")
    assert "## praktiktjek" in (tmp_path / "summary.md").read_text("utf-8")
    for produced in re.findall(r"=(\S+)", line):
        _check_output(tmp_path / produced)
