"""The pre-commit hooks: their file selection, their entry command, and the real
`pre-commit` against a temporary git repository with this checkout as the hook repository."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from identify.identify import tags_from_path

from conftest import ROOT, agreement

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
README = (ROOT / "README.md").read_text("utf-8")


def _selected(hook: dict[str, Any], root: Path, names: list[str], files: str | None = None) -> list[str]:
    """What pre-commit passes to the hook: `files` (the user's, when given, replaces the
    hook's), then `exclude`, then the file types as identify tags them."""
    inc, exc = re.compile(files if files is not None else hook.get("files", "")), re.compile(hook.get("exclude", "^$"))
    types, types_or = set(hook.get("types", ["file"])), set(hook.get("types_or", []))
    out = []
    for n in names:
        tags = tags_from_path(str(root / n))
        if inc.search(n) and not exc.search(n) and types <= tags and (not types_or or types_or & tags):
            out.append(n)
    return out


def _run_entry(hook: dict[str, str], files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(hook["entry"])
    exe = Path(sys.executable).parent / argv[0]  # the console script installed with the package
    return subprocess.run([str(exe), *argv[1:], *files], cwd=cwd, capture_output=True, text=True, check=False)


NAMES = ["aftaler/a.json", "aftaler/b.jsonl", "aftaler/a.expected.json", "aftaler/README.md", "aftaler/package.json",
         "aftaler/.vscode/settings.json", "package.json", "config/settings.json", "tsconfig.json", "sub/agreements/c.json"]


def _tree(root: Path) -> None:
    for n in NAMES:
        p = root / n
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("# read me\n" if n.endswith(".md") else "{}\n", "utf-8")


def test_the_hooks_select_by_type_so_a_users_files_only_narrows(tmp_path: Path) -> None:
    _tree(tmp_path)
    json_hook, jsonl_hook = HOOKS["praktiktjek"], HOOKS["praktiktjek-jsonl"]
    # by default: JSON in agreement folders, never package.json or other configuration
    assert _selected(json_hook, tmp_path, NAMES) == ["aftaler/a.json", "sub/agreements/c.json"]
    assert _selected(jsonl_hook, tmp_path, NAMES) == ["aftaler/b.jsonl"]
    # the user's files: ^aftaler/ replaces the hook's files: the type still keeps README.md out
    assert _selected(json_hook, tmp_path, NAMES, files="^aftaler/") == ["aftaler/a.json"]
    assert _selected(jsonl_hook, tmp_path, NAMES, files=r"^aftaler/.*\.jsonl$") == ["aftaler/b.jsonl"]


def test_the_jsonl_hook_passes_on_files_a_commit_must_not_skip(tmp_path: Path) -> None:
    """Review 17, F3: a UTF-16 export (which identify calls binary) and an upper-case
    suffix were skipped, «(no files to check) Skipped», while `check` rejects them."""
    jsonl_hook = HOOKS["praktiktjek-jsonl"]
    names = ["aftaler/u16.jsonl", "aftaler/B.JSONL", "aftaler/c.NdJson", "aftaler/notes.txt", "aftaler/.hidden.jsonl"]
    for n in names:
        p = tmp_path / n
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(("{}\n").encode("utf-16") if "u16" in n else b"{}\n")
    assert "binary" in tags_from_path(str(tmp_path / "aftaler/u16.jsonl"))  # the cause: not `text`
    assert _selected(jsonl_hook, tmp_path, names) == ["aftaler/u16.jsonl", "aftaler/B.JSONL", "aftaler/c.NdJson"]
    res = _run_entry(jsonl_hook, ["aftaler/u16.jsonl"], tmp_path)
    assert res.returncode == 1 and "VP000" in res.stdout and "UTF-8" in res.stdout, res.stdout + res.stderr


def test_hook_entry_passes_clean_files_and_fails_bad_ones(tmp_path: Path) -> None:
    hook = HOOKS["praktiktjek"]
    (tmp_path / "ok.json").write_text(json.dumps(agreement()), "utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(agreement({"end": "2021-05-01"})), "utf-8")
    clean = _run_entry(hook, ["ok.json"], tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = _run_entry(hook, ["ok.json", "bad.json"], tmp_path)
    assert bad.returncode == 1
    assert "bad.json" in bad.stdout and "VP202" in bad.stdout and "Traceback" not in bad.stderr


# --------------------------------------------------------------------------- the real pre-commit

_GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
            "GIT_CONFIG_NOSYSTEM": "1"}


def _git(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    """This checkout's working tree as a hook repository at a commit (pre-commit needs a
    git repository and a rev), with one pre-commit cache for the module."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("precommit")
    env = {**os.environ, **_GIT_ENV, "HOME": str(base), "PRE_COMMIT_HOME": str(base / "cache"),
           "PRE_COMMIT_COLOR": "never", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for var in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    repo = base / "hooks"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache")
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    for name in ("src", "rules"):
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "hooks")):
        got = _git(repo, *args, env=env)
        assert got.returncode == 0, got.stderr
    rev = _git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    return repo, rev, env


def _readme_precommit_config() -> dict[str, Any]:
    block = re.search(r"```yaml\n(repos:\n.*?)```", README, re.S)
    assert block is not None, "README shows no pre-commit configuration"
    return yaml.safe_load(block.group(1))  # type: ignore[no-any-return]


def test_real_pre_commit_blocks_a_broken_agreement_and_ignores_what_is_not_one(
        hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path) -> None:
    hooks, rev, env = hook_repo
    user = tmp_path / "kommune"
    user.mkdir()
    assert _git(user, "init", "-q", env=env).returncode == 0
    # the README's configuration, pointing at this checkout
    config = _readme_precommit_config()
    (entry,) = config["repos"]
    assert entry["hooks"][0]["id"] == "praktiktjek" and entry["hooks"][0]["files"] == "^aftaler/"
    entry["repo"], entry["rev"] = str(hooks), rev
    (user / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    aftaler = user / "aftaler"
    aftaler.mkdir()
    (aftaler / "ok.json").write_text(json.dumps(agreement({"id": "AAL-2024-1"}), indent=2), "utf-8")
    (aftaler / "README.md").write_text("# Aftaler\n\nHer ligger kommunens aftaler.\n", "utf-8")
    (aftaler / "package.json").write_text('{"name": "aftaler", "version": "1.0.0"}\n', "utf-8")
    (user / "package.json").write_text('{"name": "kommune"}\n', "utf-8")
    (user / "praktiktjek.toml").write_text('fail-on = "warning"\n', "utf-8")
    # waivers for agreements and files that are not staged in this commit
    (user / "praktiktjek-waivers.yaml").write_text("""waivers:
  - rule: VP202
    agreement: AAL-2021-*
    reason: Ankestyrelsen har godkendt forløbet i sag 21-1234.
    expires: 2099-12-31
  - rule: VP105
    agreement: "*"
    file: aftaler/2022/*.json
    reason: Borgeren starter på uddannelse.
    expires: 2099-12-31
""", "utf-8")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    install = subprocess.run([*pre_commit, "install"], cwd=user, env=env, capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    assert _git(user, "add", "-A", env=env).returncode == 0
    first = _git(user, "commit", "-m", "aftaler", env=env)
    # README.md and both package.json were staged; had any reached the check it would fail
    # (VP000), and so would an unused waiver (VP020 is a warning, fail-on = warning)
    assert first.returncode == 0, first.stdout + first.stderr
    verbose = subprocess.run([*pre_commit, "run", "--verbose", "--files", "aftaler/ok.json", "aftaler/README.md",
                              "aftaler/package.json", "package.json"], cwd=user, env=env,
                             capture_output=True, text=True, check=False)
    assert verbose.returncode == 0, verbose.stdout + verbose.stderr
    assert "1 aftale kontrolleret" in verbose.stdout and "VP020" not in verbose.stdout
    # a broken agreement is blocked
    (aftaler / "bad.json").write_text(json.dumps(agreement({"id": "KBH-2024-9", "end": "2024-05-01"}), indent=2), "utf-8")
    assert _git(user, "add", "aftaler/bad.json", env=env).returncode == 0
    blocked = _git(user, "commit", "-m", "en aftale mere", env=env)
    assert blocked.returncode != 0
    assert "VP202" in blocked.stdout + blocked.stderr and "aftaler/bad.json" in blocked.stdout + blocked.stderr
    log = _git(user, "log", "--oneline", env=env).stdout.splitlines()
    assert len(log) == 1


def test_the_readme_rev_exists_and_has_these_hooks() -> None:
    rev = _readme_precommit_config()["repos"][0]["rev"]
    assert re.fullmatch(r"[0-9a-f]{40}", rev), "pin a commit SHA (pre-commit autoupdate --freeze)"
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("this checkout has no git history")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    if _git(ROOT, "rev-parse", "--is-shallow-repository", env=env).stdout.strip() == "true":
        pytest.skip("a shallow clone may not hold the commit")
    shown = _git(ROOT, "show", f"{rev}:.pre-commit-hooks.yaml", env=env)
    assert shown.returncode == 0, f"README's rev {rev} is not a commit of this repository: {shown.stderr}"
    hooks = {h["id"]: h for h in yaml.safe_load(shown.stdout)}
    assert hooks["praktiktjek"]["types"] == ["json"] and "praktiktjek-jsonl" in hooks


def _any_case(draw: Any, text: str) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c for c in text)


@st.composite
def _hook_paths(draw: st.DrawFn) -> str:
    """A path as a repository may spell it: folder and file names in any case."""
    folder = draw(st.sampled_from(["aftaler", "agreements", "other", "sub/aftaler", ".git/aftaler", "aftaler/.x"]))
    name = draw(st.sampled_from(["a.json", "b.jsonl", "c.ndjson", "package.json", "d.expected.json",
                                 "tsconfig.base.json", "manifest.json", "e.md"]))
    return _any_case(draw, f"{folder}/{name}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=_hook_paths())
def test_both_hooks_match_names_in_any_case_alike(tmp_path_factory: pytest.TempPathFactory, path: str) -> None:
    """The JSON hook matched `aftaler/` and its excludes case-sensitively, the JSON Lines
    hook not: `Aftaler/a.json` was never checked, `aftaler/Package.json` was (review 19,
    F13). A path is selected as its all-lower-case spelling is, by each hook."""
    root = tmp_path_factory.mktemp("h")
    for name in {path, path.lower(), "Aftaler/a.json", "AGREEMENTS/b.JSON", "aftaler/Package.json",
                 "aftaler/a.Expected.json"}:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}\n", "utf-8")
    for hook in HOOKS.values():
        assert bool(_selected(hook, root, [path])) == bool(_selected(hook, root, [path.lower()])), (hook["id"], path)
    assert _selected(HOOKS["praktiktjek"], root, ["Aftaler/a.json", "AGREEMENTS/b.JSON"]) == \
        ["Aftaler/a.json", "AGREEMENTS/b.JSON"]
    assert _selected(HOOKS["praktiktjek"], root, ["aftaler/Package.json", "aftaler/a.Expected.json"]) == []
