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

from conftest import ROOT, agreement, check_data, examples, ruleset

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}

#: characters that show nothing but are not white space (review 7, finding 7)
INVISIBLE = ["\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180e", "\u200b", "\u200e",
             "\u202e", "\u2060", "\u2064", "\u2800", "\u3164", "\ufe0f", "\ufe00", "\ufeff", "\uffa0", "\ufff0"]
#: control characters (C0, DEL, C1): the output door removes them, so a text of them shows
#: nothing and is blank too (review 11, finding 11: «\x00\x00» passed as a title and an id)
CONTROL = [chr(c) for c in [*range(0x00, 0x09), *range(0x0e, 0x20), *range(0x7f, 0xa0)] if c != 0x85]


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


@pytest.mark.parametrize("char", CONTROL)
def test_text_of_control_characters_is_blank(char: str) -> None:
    assert "VP104" in _rules(agreement({"position": {"title": char * 2}}))
    assert "VP000" in _rules(agreement({"id": char}))
    assert "VP000" not in _rules(agreement({"id": char + "A1"}))


def _audit_findings(path: str, engine_name: str) -> list[tuple[str, str]]:
    """One record's (rule, pointer) findings from an audit engine, run in-process."""
    from praktiktjek.batch import run_batch
    from praktiktjek.batch.common import AuditOptions
    from praktiktjek.batch.reference import run_audit
    from praktiktjek.engine import Engine
    from praktiktjek.readers.csvfile import load_mapping

    texts: list[str] = []
    runner = run_batch if engine_name == "duckdb" else run_audit
    runner(Engine(ruleset()), AuditOptions([path], load_mapping(None), 1), lambda t, d, b, f: texts.append(t))
    (res,) = [json.loads(t) for t in texts]
    return sorted((f["rule"], f["pointer"]) for f in res["findings"])


@settings(max_examples=examples(60), deadline=None)
@given(st.text(st.sampled_from([*CONTROL, *INVISIBLE, " "]), min_size=1, max_size=6),
       st.sampled_from(["duckdb", "python"]))
def test_both_audit_engines_read_control_padding_as_blank(tmp_path_factory, pad: str, engine: str) -> None:  # type: ignore[no-untyped-def]
    """A JSON Lines record whose title, functions, description and availability texts
    are only control characters: the same rule findings as when they are empty (the
    engines in-process; the CLI's own reading of a file is tested in test_audit)."""
    tmp = tmp_path_factory.mktemp("ctl")
    blank_rec = agreement({"position": {"title": pad, "functions": [pad]},
                           "purpose": {"categories": ["skills_training"], "description": pad}})
    src = tmp / "x.jsonl"
    src.write_text(json.dumps(blank_rec) + "\n", "utf-8")
    got = _audit_findings(str(src), engine)
    assert got == _empty_texts_findings(engine, tmp_path_factory) and got


_EMPTY_TEXTS: dict[str, list[tuple[str, str]]] = {}


def _empty_texts_findings(engine: str, tmp_path_factory) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The findings of the record with those texts empty: the same in every example, so each
    engine audits it once per worker, not once per example."""
    if engine not in _EMPTY_TEXTS:
        empty_rec = agreement({"position": {"title": "", "functions": [""]},
                               "purpose": {"categories": ["skills_training"], "description": ""}})
        src = tmp_path_factory.mktemp("empty") / "x.jsonl"
        src.write_text(json.dumps(empty_rec) + "\n", "utf-8")
        _EMPTY_TEXTS[engine] = _audit_findings(str(src), engine)
    return _EMPTY_TEXTS[engine]


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


# --------------------------------------------------------------------------- rules not run (finding 4)

_FEW_COLUMNS = "aftale_id;cpr;maalgruppe;cvr;startdato;slutdato\nX1;c-1;Dagpengemodtager;35954716;01-03-2021;28-03-2021\n"


def test_rules_a_csv_cannot_feed_are_shown_in_every_format(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A CSV without the purpose, content, hours … columns: 22 rules are not run. No
    format may read as a complete pass: each names the rules not checked."""
    path = tmp_path / "f.csv"
    path.write_text(_FEW_COLUMNS, "utf-8")
    text = run_cli("check", str(path), code=0).out
    assert "✓ ingen fund\n" not in text and "ingen fund i de regler, der kunne kontrolleres" in text
    assert "ikke kontrolleret, filen har ingen kolonne til det: VP101" in text
    assert "22 regler ikke kontrolleret" in text
    doc = run_cli("check", "-f", "json", str(path), code=0).json()
    (entry,) = doc["summary"]["not_checkable"]
    assert entry["source"].endswith("f.csv") and "VP101" in entry["rules"] and len(entry["rules"]) == 22
    sarif = run_cli("check", "-f", "sarif", str(path), code=0).json()
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {n["associatedRule"]["id"] for n in notes} == set(entry["rules"])
    assert all(n["level"] == "note" for n in notes)
    junit = run_cli("check", "-f", "junit", str(path), code=0).out
    assert junit.count("<skipped") == 22 and 'name="VP101' in junit
    junit_rule = run_cli("check", "-f", "junit", "--junit-cases", "rule", str(path), code=0).out
    assert junit_rule.count("<skipped") == 22
    github = run_cli("check", "-f", "github", str(path), code=0).out
    assert "::notice file=" in github and "VP101" in github
    # a file with every column says nothing of the kind
    full = run_cli("check", "-f", "json", str(ROOT / "examples" / "agreements" / "ok-dagpenge-4-uger.json"), code=0)
    assert "not_checkable" not in full.json()["summary"]


# --------------------------------------------------------------------------- unknown suffix (finding 8)

def _audit_rules(run_cli, path: Path) -> list[Any]:  # type: ignore[no-untyped-def]
    out = run_cli("audit", "-q", "-f", "jsonl", str(path)).out
    return sorted((d["agreement_id"], f["rule"]) for d in map(json.loads, out.splitlines()) if "findings" in d
                  for f in d["findings"])


@pytest.mark.parametrize("content", [
    _FEW_COLUMNS,
    json.dumps(agreement({"end": "2021-05-01"})),
    json.dumps(agreement()) + "\n" + json.dumps(agreement({"id": "B"})) + "\n",
    "42\n",
])
def test_check_and_audit_read_a_file_with_an_unknown_suffix_alike(run_cli, tmp_path: Path, content: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.txt"
    path.write_text(content, "utf-8")
    doc = run_cli("check", "-f", "json", str(path)).json()
    check = sorted((r["agreement_id"], f["rule"]) for r in doc["results"] for f in r["findings"])
    records = doc["summary"]["records"]
    audit = run_cli("audit", "-q", "-f", "json", str(path)).json()
    assert audit["summary"]["read"] == records
    assert sorted(r for r in _audit_rules(run_cli, path) if r[1] != "VP103") == sorted(
        r for r in check if r[1] != "VP103")


# --------------------------------------------------------------------------- folder entries (finding 9)

def test_a_folder_entry_that_is_no_regular_file_is_reported(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "mappe"
    d.mkdir()
    (d / "ok.json").write_text(json.dumps(agreement()), "utf-8")
    os.mkfifo(d / "fifo.json")
    (d / "dangling.json").symlink_to(d / "findes-ikke.json")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(d / "sock.csv"))
    except OSError:
        pytest.skip("no UNIX socket here")
    try:
        res = run_cli("check", str(d), code=1)
        assert "FIFO" in res.out and "socket" in res.out and "dangling.json" in res.out and "ikke findes" in res.out
        assert "3 kunne ikke læses" in res.out
        audit = run_cli("audit", "-q", "-f", "json", str(d)).json()
        assert audit["summary"]["read"] == 4 and audit["summary"]["input_problems"] == 3
    finally:
        sock.close()


# --------------------------------------------------------------------------- stdin is a given file (finding 14)

def test_a_file_given_by_name_and_on_stdin_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(agreement()), "utf-8")
    exe = Path(sys.executable).parent / "praktiktjek"
    for args in (["check", "-f", "json", str(path), "-"], ["check", "-f", "json", "-", str(path)]):
        with path.open("rb") as fh:
            res = subprocess.run([str(exe), *args], stdin=fh, capture_output=True, text=True, check=False)
        assert json.loads(res.stdout)["summary"]["records"] == 1, args
        assert "læses kun én gang" in res.stderr
    with path.open("rb") as fh:
        res = subprocess.run([str(exe), "audit", "-q", "-f", "json", str(path), "-"], stdin=fh,
                             capture_output=True, text=True, check=False)
    assert json.loads(res.stdout)["summary"]["read"] == 1


# --------------------------------------------------------------------------- messages (finding 12)

@pytest.mark.parametrize(("key", "shown", "kind"), [("2021-01-01", "2021-01-01", "en dato"), ("null", "null", "ingenting"),
                                                    ("true", "true", "en sandhedsværdi"), ("1", "1", "et tal")])
def test_a_mapping_key_yaml_reads_as_no_text_is_named_as_written(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, key: str, shown: str, kind: str) -> None:
    (tmp_path / "m.yaml").write_text(f"columns:\n  {key}: id\n", "utf-8")
    (tmp_path / "a.csv").write_text("aftale_id\nX1\n", "utf-8")
    res = run_cli("check", "--mapping", str(tmp_path / "m.yaml"), str(tmp_path / "a.csv"), code=2)
    assert f"nøglen «{shown}»" in res.err and kind in res.err
    for python in ("datetime", "None", "True", "b'"):
        assert python not in res.err


@pytest.mark.parametrize(("value", "shown"), [('"false"', '«"false"», en tekst'), ("0", "«0»"), ('"ja"', "tekst")])
def test_a_config_value_of_the_wrong_type_is_an_error_not_coerced(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, value: str, shown: str) -> None:
    (tmp_path / "p.toml").write_text(f"strict-dates = {value}\n", "utf-8")
    res = run_cli("check", "--config", str(tmp_path / "p.toml"), str(ROOT / "examples" / "agreements" /
                                                                    "ok-dagpenge-4-uger.json"), code=2)
    assert "«strict-dates»" in res.err and "true eller false" in res.err and shown in res.err


@pytest.mark.parametrize("option", ["--mapping", "--config", "--waivers", "--rules"])
def test_options_that_take_no_stdin_do_not_offer_it(run_cli, tmp_path: Path, option: str) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(tmp_path / "fifo")
    res = run_cli("check", option, str(tmp_path / "fifo"), str(ROOT / "examples" / "agreements" /
                                                              "ok-dagpenge-4-uger.json"), code=2)
    assert "FIFO" in res.err and "stdin" not in res.err


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_is_named_as_utf16(run_cli, tmp_path: Path, codec: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "u.csv"
    path.write_bytes(_FEW_COLUMNS.encode(codec))
    res = run_cli("check", "-f", "json", str(path), code=1).json()
    (finding,) = [f for r in res["results"] for f in r["findings"]]
    assert finding["rule"] == "VP000" and "UTF-16" in finding["message"]
    audit = run_cli("audit", "-q", "-f", "json", str(path)).json()
    assert audit["summary"]["input_problems"] == 1


def test_blank_is_one_definition_for_ascii_and_the_rest() -> None:
    """checks.base.blank takes a short cut for ASCII text: it must say what the model's
    pattern (and so the schema) says, character by character."""
    from praktiktjek.checks.base import blank
    from praktiktjek.model import BLANK_RE

    for c in map(chr, range(0x3000 + 1)):
        assert blank(c) is (BLANK_RE.match(c) is not None), hex(ord(c))
        assert blank("a" + c) is False
