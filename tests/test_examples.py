"""Dogfood: `praktiktjek check examples/agreements` shows exactly the expected findings."""

from __future__ import annotations

import json

from conftest import EXAMPLES


def _inputs() -> list[str]:
    return sorted(p.name for p in EXAMPLES.iterdir()
                  if p.suffix in (".json", ".jsonl") and not p.name.endswith(".expected.json"))


def test_every_example_has_expected_findings() -> None:
    missing = [n for n in _inputs()
               if not (EXAMPLES / (n.rsplit(".", 1)[0] + ".expected.json")).exists()]
    assert not missing
    assert len(_inputs()) >= 40


def test_check_on_examples_gives_exactly_the_expected_findings(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("check", "--format", "json", str(EXAMPLES), code=1)
    doc = res.json()
    by_source: dict[str, list[dict[str, object]]] = {}
    for r in doc["results"]:
        by_source.setdefault(r["source"].rsplit("/", 1)[-1], []).append(r)
    for name in _inputs():
        expected = json.loads((EXAMPLES / (name.rsplit(".", 1)[0] + ".expected.json")).read_text("utf-8"))
        got = [
            {"agreement_id": r["agreement_id"],
             "findings": sorted(({"rule": f["rule"], "severity": f["severity"]} for f in r["findings"]),
                                key=lambda d: (d["rule"], d["severity"]))}
            for r in by_source.get(name, [])
        ]
        assert got == expected["results"], f"{name}: {expected['description']}"
    assert doc["summary"]["records"] == sum(len(v) for v in by_source.values())


def test_every_rule_that_can_fire_on_one_agreement_has_a_failing_example(run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = run_cli("check", "--format", "json", str(EXAMPLES), code=1).json()
    fired = {f["rule"] for r in doc["results"] for f in r["findings"]}
    listed = {r["id"] for r in run_cli("rules", "--format", "json", code=0).json()}
    waiver_rules = {"VP020", "VP021"}  # need a waiver file; covered in test_waivers
    assert listed - waiver_rules <= fired


def test_the_example_export_audits_to_the_expected_findings(run_cli) -> None:  # type: ignore[no-untyped-def]
    export = EXAMPLES.parent / "exports" / "vitas-eksempel.csv"
    expected = json.loads(export.with_name("vitas-eksempel.expected.json").read_text("utf-8"))
    doc = run_cli("audit", "-q", "-j", "2", "-f", "json", str(export), code=1).json()
    got = [{"agreement_id": r["agreement_id"],
            "findings": sorted(({"rule": f["rule"], "severity": f["severity"]} for f in r["findings"]),
                               key=lambda d: (d["rule"], d["severity"]))} for r in doc["results"]]
    assert got == expected["results"]
    assert [n["rule"] for n in doc["summary"]["not_checkable"]] == expected["not_checkable"]
    assert doc["summary"]["records"] == doc["summary"]["read"] == len(expected["results"])
