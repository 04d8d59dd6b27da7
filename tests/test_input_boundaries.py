"""Input boundaries found wanting by review 7: duplicate YAML keys, blank waiver texts,
invisible characters as content, the pre-commit hooks' `--` and `require_serial`, and the
files a run reads (unknown suffix, folder entries that are not regular files, a file given
as a path and on stdin), and the wording of mapping and config errors."""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, agreement, check_data

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}

#: characters that show nothing but are not white space (review 7, finding 7)
INVISIBLE = ["\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180e", "\u200b", "\u200e",
             "\u202e", "\u2060", "\u2064", "\u2800", "\u3164", "\ufe0f", "\ufe00", "\ufeff", "\uffa0", "\ufff0"]


def _rules(data: Any) -> set[str]:
    return {f.rule for r in check_data(data) for f in r.findings}


# --------------------------------------------------------------------------- duplicate YAML keys (finding 6)

_WAIVER_TWICE = """waivers:
  - rule: VP202
    agreement: "*"
    reason: Godkendt i sag 1.
    expires: 2020-01-01
    expires: 2099-12-31
"""


def test_a_waiver_key_given_twice_is_a_usage_error_naming_file_line_and_key(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "w.yaml").write_text(_WAIVER_TWICE, "utf-8")
    (tmp_path / "a.json").write_text(json.dumps(agreement({"end": "2021-05-01"})), "utf-8")
    res = run_cli("check", "--waivers", str(tmp_path / "w.yaml"), str(tmp_path / "a.json"), code=2)
    assert "w.yaml:6:" in res.err and "«expires»" in res.err and "linje 5 og 6" in res.err
    assert "Traceback" not in res.err


@pytest.mark.parametrize("text", ["columns: {a: id}\ncolumns: {b: id}\n", "columns:\n  a: id\n  b: end\n  a: start\n",
                                  "{columns: {a: id, a: start}}\n"])
def test_a_mapping_key_given_twice_is_a_usage_error(run_cli, tmp_path: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "m.yaml").write_text(text, "utf-8")
    (tmp_path / "a.csv").write_text("aftale_id\nX1\n", "utf-8")
    res = run_cli("check", "--mapping", str(tmp_path / "m.yaml"), str(tmp_path / "a.csv"), code=2)
    assert "m.yaml:" in res.err and "står to gange" in res.err


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "'a'", '"b"']), min_size=1, max_size=5))
def test_yaml_keys_twice_are_refused_and_unique_keys_read(keys: list[str]) -> None:
    """Any mapping with a key written twice (quoted or not) is refused; one with unique
    keys reads as PyYAML reads it. Merges (`<<`) may override on purpose."""
    from praktiktjek import safeyaml

    text = "".join(f"{k}: {i}\n" for i, k in enumerate(keys))
    unique = len({k.strip("'\"") for k in keys}) == len(keys)
    if unique:
        assert safeyaml.load(text) == yaml.safe_load(text)
    else:
        with pytest.raises(safeyaml.DuplicateKey):
            safeyaml.load(text)
    assert safeyaml.load("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  x: 3\n")["other"] == {"x": 3, "y": 2}


@pytest.mark.parametrize("field", ["reason", "approved_by"])
@pytest.mark.parametrize("text", [" ", "\t \n", "\u3000", "\u3164", "\u200b"])
def test_a_waiver_text_of_only_blank_characters_is_refused_like_an_empty_one(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, field: str, text: str) -> None:
    entry = {"rule": "VP202", "agreement": "*", "reason": "Godkendt", "approved_by": "Chef", "expires": "2099-12-31"}
    entry[field] = text
    (tmp_path / "w.yaml").write_text(json.dumps({"waivers": [entry]}), "utf-8")
    (tmp_path / "a.json").write_text(json.dumps(agreement({"end": "2021-05-01"})), "utf-8")
    res = run_cli("check", "--waivers", str(tmp_path / "w.yaml"), str(tmp_path / "a.json"), code=2)
    assert f"«{field}»" in res.err and "må ikke være tom" in res.err


# --------------------------------------------------------------------------- invisible text (finding 7)

@pytest.mark.parametrize("char", INVISIBLE)
def test_text_that_shows_nothing_is_blank(char: str) -> None:
    assert "VP104" in _rules(agreement({"position": {"title": char}}))
    assert "VP000" in _rules(agreement({"id": char}))
    assert "VP000" not in _rules(agreement({"id": char + "A1"}))


@settings(max_examples=80, deadline=None)
@given(st.text(st.sampled_from([*INVISIBLE, " ", "\t", "\u3000", "\u00a0"]), min_size=1, max_size=5),
       st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Cn", "Co", "Zs", "Zl", "Zp", "Mn")), min_size=1, max_size=3))
def test_invisible_padding_is_blank_and_a_visible_character_is_not(pad: str, visible: str) -> None:
    from praktiktjek.checks.base import blank

    assert blank(pad)
    if not all(c in "\u115f\u1160\u3164\uffa0\u2800" for c in visible):
        assert not blank(pad + visible + pad)


# --------------------------------------------------------------------------- pre-commit hooks (findings 13, 15)

def _run_entry(hook: dict[str, str], files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(hook["entry"])
    exe = Path(sys.executable).parent / argv[0]
    return subprocess.run([str(exe), *argv[1:], *files], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_a_staged_path_that_looks_like_an_option_is_checked_not_obeyed(tmp_path: Path, hook_id: str) -> None:
    hook = HOOKS[hook_id]
    suffix = ".json" if hook_id == "praktiktjek" else ".jsonl"
    tricky = f"--output=json=d/aftaler/x{suffix}"
    bad = json.dumps(agreement({"end": "2021-05-01"}))
    (tmp_path / "--output=json=d" / "aftaler").mkdir(parents=True)
    (tmp_path / tricky).write_text(bad + "\n", "utf-8")
    (tmp_path / "d" / "aftaler").mkdir(parents=True)
    tracked = tmp_path / "d" / "aftaler" / f"x{suffix}"
    tracked.write_text(bad + "\n", "utf-8")
    (tmp_path / "ok.json").write_text(json.dumps(agreement()), "utf-8")
    res = _run_entry(hook, ["ok.json", tricky], tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "VP202" in res.stdout
    assert tracked.read_text("utf-8") == bad + "\n"  # the tracked file is not overwritten


def test_the_hooks_run_serially_so_an_unused_waiver_does_not_depend_on_the_batches() -> None:
    for hook in HOOKS.values():
        assert hook["require_serial"] is True, hook["id"]
        assert shlex.split(hook["entry"])[-1] == "--", hook["id"]
    assert "require_serial: true" in (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
