"""Review 15's findings that are not tested beside their code, by cause."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset

BLANKS = st.text(st.sampled_from([" ", "\t", "\u00a0", "\u200b", "\u3000", "\x07"]), max_size=4)


def _ext(reasons: list[str | None]) -> dict[str, object]:
    ends = ["2024-04-30", "2024-05-30", "2024-06-15", "2024-06-20", "2024-06-25", "2024-06-28"]
    return agreement({"target_group": "aktivitetsparat_kontanthjaelp", "start": "2024-01-01", "end": "2024-03-31",
                      "extensions": [{"end": ends[i], "reason": r, "assessment": "vurderet"}
                                     for i, r in enumerate(reasons)]})


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.none(), BLANKS))
def test_a_blank_extension_reason_is_said_to_be_missing_not_quoted(reason: str | None) -> None:
    """F9: «(begrundelse: «»)» / «(begrundelse: «  »)» is no readable message."""
    (res,) = check_data(_ext([reason]))
    (f,) = [f for f in res.findings if f.rule == "VP207"]
    assert "der står ingen begrundelse" in f.message and "«" not in f.message


def test_a_reason_that_says_nothing_is_still_quoted() -> None:
    (res,) = check_data(_ext(["fortsættelse", "-"]))
    msgs = [f.message for f in res.findings if f.rule == "VP207"]
    assert msgs == ["Forlængelse 1 har ingen udviklingsbegrundelse (begrundelse: «fortsættelse»).",
                    "Forlængelse 2 har ingen udviklingsbegrundelse (begrundelse: «-»)."]


def test_both_engines_word_vp207_alike(tmp_path: Path) -> None:
    from praktiktjek.engine import Engine
    from test_batch_parity import assert_same, write_jsonl

    recs = [_ext(["  ", None, "fortsættelse", "\u200b", "Afklare truckcertifikat", "."])]
    recs += [{**_ext([r]), "id": f"E{i}"} for i, r in enumerate([None, "", " ", "forlængelse"])]
    docs = assert_same([write_jsonl(tmp_path / "e.jsonl", recs)], Engine(ruleset()))
    words = [f["message"] for d in docs for f in d["findings"] if f["rule"] == "VP207"]
    assert sum("der står ingen begrundelse" in w for w in words) == 6
    assert sum("«" in w for w in words) == 3


def test_an_audit_puts_each_finding_of_a_json_lines_record_on_its_line(tmp_path: Path) -> None:
    """F11: `audit -f json` gave every finding of a JSON Lines record ``"line": null``
    (check gives line and column). One record a line: each finding is on the record's
    line, in both engines (the fast path's SQL hits and the slow path's Python ones)."""
    from praktiktjek.engine import Engine
    from test_batch_parity import assert_same, write_jsonl

    recs = [agreement({"id": "A1", "end": "2021-06-30"}),  # VP202 (a SQL rule)
            agreement({"id": "A2", "hours_per_week": 40, "purpose": {"description": "kort"}}),
            agreement({"id": "A3"}),
            agreement({"id": "A4", "ukendt_felt": 1})]  # VP003 from Python
    docs = assert_same([write_jsonl(tmp_path / "a.jsonl", recs)], Engine(ruleset()))
    lines = {d["agreement_id"]: {f["line"] for f in d["findings"]} for d in docs}
    assert lines["A1"] == {1} and lines["A2"] == {2} and lines["A4"] == {4}
    assert all(f["line"] == d["line"] for d in docs for f in d["findings"])  # each on its record's line
