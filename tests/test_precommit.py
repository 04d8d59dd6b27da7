"""The pre-commit hook: its entry command, run the way pre-commit runs it."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, agreement

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))


def _hook_files(hook: dict[str, str], names: list[str]) -> list[str]:
    inc, exc = re.compile(hook["files"]), re.compile(hook["exclude"])
    return [n for n in names if inc.search(n) and not exc.search(n)]


def _run_entry(hook: dict[str, str], files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(hook["entry"])
    exe = Path(sys.executable).parent / argv[0]  # the console script installed with the package
    return subprocess.run([str(exe), *argv[1:], *files], cwd=cwd, capture_output=True, text=True, check=False)


def test_hook_definition() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "praktiktjek" and hook["language"] == "python"
    assert _hook_files(hook, ["a.json", "b.jsonl", "a.expected.json", "README.md"]) == ["a.json", "b.jsonl"]


def test_hook_entry_passes_clean_files_and_fails_bad_ones(tmp_path: Path) -> None:
    (hook,) = HOOKS
    (tmp_path / "ok.json").write_text(json.dumps(agreement()), "utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(agreement({"end": "2021-05-01"})), "utf-8")
    (tmp_path / "ok.expected.json").write_text("{}", "utf-8")
    clean = _run_entry(hook, _hook_files(hook, ["ok.json", "ok.expected.json"]), tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = _run_entry(hook, _hook_files(hook, ["ok.json", "bad.json"]), tmp_path)
    assert bad.returncode == 1
    assert "bad.json" in bad.stdout and "VP202" in bad.stdout and "Traceback" not in bad.stderr
