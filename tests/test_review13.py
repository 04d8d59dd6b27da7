"""Review 13's findings, tested by cause.

F1: a text of only default-ignorable code points beyond the Basic Multilingual Plane (the
tag characters U+E0000–E0FFF, U+1BCA0–1BCA3, U+1D173–1D17A) shows nothing, so it is blank
like every other invisible character — in the checker, the schema (Python's ``re`` and
check-jsonschema's ECMA engine) and both audit engines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data
from test_input_boundaries import _audit_findings
from test_strict_input import SCHEMA, _checker_valid, _schema_valid

ASTRAL_IGNORABLE = st.one_of(st.integers(0xE0000, 0xE0FFF), st.integers(0x1BCA0, 0x1BCA3),
                             st.integers(0x1D173, 0x1D17A)).map(chr)
#: invisible beyond the BMP, padded with the BMP's blank characters
INVISIBLE_TEXT = st.text(st.one_of(ASTRAL_IGNORABLE, st.sampled_from([" ", "\u200b", "\ufeff", "\x07"])),
                         min_size=1, max_size=5).filter(lambda t: any(ord(c) > 0xFFFF for c in t))


def _rules(data: Any) -> set[str]:
    return {f.rule for r in check_data(data) for f in r.findings}


@settings(max_examples=60, deadline=None)
@given(INVISIBLE_TEXT)
@example("\U000e0020")
@example("\U000e0001\U000e0074\U000e007f")
def test_text_of_invisible_astral_characters_is_blank_everywhere(text: str) -> None:
    assert "VP104" in _rules(agreement({"position": {"title": text}}))
    assert "VP104" in _rules(agreement({"position": {"functions": [text]}}))
    assert "VP103" in _rules(agreement({"purpose": {"categories": ["skills_training"], "description": text * 40}}))
    # a required identifier of only invisible characters is empty: VP000, and the schema agrees
    doc = agreement({"id": text})
    assert not _checker_valid(doc)
    assert not _schema_valid(doc)


@settings(max_examples=40, deadline=None)
@given(ASTRAL_IGNORABLE, st.sampled_from(["A", "Lager", "😀", "\U00010000", "\U000e1000"]))
def test_a_visible_character_beside_them_is_not_blank(invisible: str, visible: str) -> None:
    doc = agreement({"id": invisible + visible + invisible})
    assert _checker_valid(doc) and _schema_valid(doc)
    assert "VP104" not in _rules(agreement({"position": {"title": invisible + visible}}))


def test_the_published_schema_says_the_same_in_check_jsonschema(tmp_path: Path) -> None:
    """check-jsonschema reads patterns as ECMA 262 (regress, with the ``u`` flag): the
    literal code point range in the schema means the same there as in Python's ``re``."""
    exe = Path(sys.executable).parent / "check-jsonschema"
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), "utf-8")
    files = {}
    for name, ident in [("tag.json", "\U000e0020"), ("tags.json", "\U000e0001\U000e0041 \u200b"),
                        ("musik.json", "\U0001d173"), ("emoji.json", "\U0001f600"), ("plain.json", "A1")]:
        (tmp_path / name).write_text(json.dumps(agreement({"id": ident}), ensure_ascii=False), "utf-8")
        files[name] = _checker_valid(agreement({"id": ident}))
    assert files == {"tag.json": False, "tags.json": False, "musik.json": False, "emoji.json": True, "plain.json": True}
    res = subprocess.run([str(exe), "-o", "json", "--schemafile", str(schema), *[str(tmp_path / n) for n in files]],
                         capture_output=True, text=True, check=False)
    report = json.loads(res.stdout)
    assert not report["parse_errors"]
    assert {Path(e["filename"]).name for e in report["errors"]} == {n for n, ok in files.items() if not ok}


@settings(max_examples=12, deadline=None)
@given(INVISIBLE_TEXT, st.sampled_from(["duckdb", "python"]))
def test_both_audit_engines_read_them_as_blank(tmp_path_factory, text: str, engine: str) -> None:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("tag")
    got = []
    for value in (text, ""):
        src = tmp / "x.jsonl"
        src.write_text(json.dumps(agreement({"position": {"title": value, "functions": [value]}})) + "\n", "utf-8")
        got.append(_audit_findings(str(src), engine))
    assert got[0] == got[1] and ("VP104", "/position/title") in got[0]


def test_both_engines_find_vanishing_hours_alike(tmp_path: Path) -> None:
    """F5: fewer than the rule's 1 minute a week is VP104 in both engines, with the same
    message (the value as it is shown); from 1 minute on it is an extent."""
    from conftest import ruleset
    from praktiktjek.engine import Engine
    from test_batch_parity import assert_same, write_jsonl

    hours = [0, -0.0, 5e-324, 1e-300, 1e-7, 1 / 60 - 1e-12, 1 / 60, 0.5, 30]
    recs = [agreement({"id": f"T{i}", "citizen": {"id": f"c-{i}"}, "hours_per_week": h}) for i, h in enumerate(hours)]
    docs = assert_same([write_jsonl(tmp_path / "h.jsonl", recs)], Engine(ruleset()))
    flagged = [any(f["rule"] == "VP104" for f in d["findings"]) for d in docs]
    assert flagged == [True] * 6 + [False] * 3
