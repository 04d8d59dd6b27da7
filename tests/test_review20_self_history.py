"""Review 20, F6: an agreement whose own ``history`` lists itself — an entry with its own
id, however the id is written (linked as every id is: invisible characters dropped, NFC,
stripped; ``checks.base.id_key``) — was counted as its own earlier internship: VP501 and
VP502 errors and VP503 on a clean agreement.

AGREEMENT_FORMAT.md calls ``id`` «the agreement's own id» and ``history`` the citizen's
*earlier* internships; an entry with this agreement's id is this internship, which does
not start before itself, and RULES.md ignores «History entries that do not start before
this agreement's start». So it counts for nothing — in ``check`` and in both audit
engines — and it lists no other internship of the export either (an audit adds the
export's record of an earlier internship beside it)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset
from praktiktjek.engine import Engine
from test_batch_parity import assert_same, write_jsonl

CVR, P = "35954716", "1012345678"  # the example base's company
HISTORY_RULES = {"VP501", "VP502", "VP503"}


def own_entry(entry_id: str, **dates: str) -> dict[str, Any]:
    """A history entry at the agreement's company, in its job, without a difference."""
    return {"id": entry_id, "cvr": CVR, "p_number": P, "title": "Butiksassistent",
            "functions": ["kundeservice"], **dates}


def history_rules(doc_findings: list[str]) -> set[str]:
    return set(doc_findings) & HISTORY_RULES


def checked(a: dict[str, Any]) -> set[str]:
    return history_rules([f.rule for r in check_data(a) for f in r.findings])


def audited(tmp_path: Path, recs: list[dict[str, Any]]) -> list[set[str]]:
    docs = assert_same([write_jsonl(tmp_path / "x.jsonl", recs)], Engine(ruleset()))
    return [history_rules([f["rule"] for f in d["findings"]]) for d in docs]


def base(aid: str, **patch: Any) -> dict[str, Any]:
    a = agreement({"id": aid, "citizen": {"id": "c-1"}, **patch})
    return a


def end_of(a: dict[str, Any]) -> str:
    return str(a["end"])


def test_the_reviewers_case_an_entry_with_the_own_id_and_end_is_no_earlier_internship(tmp_path: Path) -> None:
    a = base("B1")
    a["history"] = [own_entry("B1", end=end_of(a))]
    assert checked(a) == set()
    assert audited(tmp_path, [a]) == [set()]
    # another id with the same facts is an earlier internship (the rules still run)
    a["history"] = [own_entry("X9", end=end_of(a))]
    assert checked(a) == HISTORY_RULES
    assert audited(tmp_path, [a]) == [HISTORY_RULES]


#: spellings of one id as the outputs show it: white space, invisible characters, and «Å»
#: as one code point or «A» + combining ring (NFD), which link as the id itself
SPELLINGS = st.tuples(
    st.sampled_from(["", " ", "\t", "\u200b", "\ufeff"]),
    st.sampled_from(["", " ", "\u00ad", "\u200b", "\u2060"]),
    st.sampled_from(["NFC", "NFD"]),
    st.sampled_from(["", "\u200b"]),
)


def spelt(aid: str, how: tuple[str, str, str, str]) -> str:
    before, after, form, inside = how
    s = unicodedata.normalize(form, aid)
    return before + s[:1] + inside + s[1:] + after


DATES = st.sampled_from(["none", "end", "start", "both", "earlier"])
#: dates that do not contradict the entry being this agreement (review 21, F3)
SELF_DATES = st.sampled_from(["none", "end", "start", "both"])


def dated(a: dict[str, Any], which: str) -> dict[str, str]:
    start = dt.date.fromisoformat(a["start"])
    return {"none": {}, "end": {"end": end_of(a)}, "start": {"start": a["start"]},
            "both": {"start": a["start"], "end": end_of(a)},
            # dates that would make it an earlier internship: the id still says it is this one
            "earlier": {"start": (start - dt.timedelta(days=70)).isoformat(),
                        "end": (start - dt.timedelta(days=30)).isoformat()}}[which]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(aid=st.sampled_from(["B1", "Å-7", "VP-2021-0042"]), how=SPELLINGS, how_own=SPELLINGS, which=SELF_DATES)
def test_an_entry_with_the_agreements_own_id_however_written_counts_for_nothing_in_check_and_both_engines(
        tmp_path: Path, aid: str, how: tuple[str, str, str, str], how_own: tuple[str, str, str, str],
        which: str) -> None:
    a = base(spelt(aid, how_own))
    a["history"] = [own_entry(spelt(aid, how), **dated(a, which))]
    assert checked(a) == set()
    assert audited(tmp_path, [a]) == [set()]


def test_an_entry_that_is_the_agreement_itself_lists_no_other_record_of_the_export(tmp_path: Path) -> None:
    """An audit adds the citizen's other records, leaving out one the own history lists
    (``reference.listed``: by id, or the same company and start, or — without a start —
    end). The entry that is this agreement ended the day an earlier record did; it named
    this agreement, not that record, so the earlier record still counts."""
    earlier = base("E1", start="2021-01-04", end="2021-01-31")
    later = base("L1", difference_from_earlier="")  # the export has the difference field
    # the entry is this agreement (its own id and end); one that ended before this start
    # would be an earlier internship with a reused id (review 21, F3), here E1 itself
    later["history"] = [own_entry("L1", end=end_of(later))]
    assert checked(later) == set()
    got = audited(tmp_path, [earlier, later])
    assert got[1] == {"VP501", "VP502"}  # E1 is earlier (not back to back: a month between)
    assert got[0] == set()


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(which=DATES, other=st.sampled_from(["E1", "L1x", "L"]))
def test_an_entry_with_another_id_still_counts_beside_the_self_entry(tmp_path: Path, which: str, other: str) -> None:
    """Only the agreement's own id is left out: an entry of another id (one that merely
    begins like it, too) with dates that make it earlier keeps VP501/VP502."""
    a = base("L1")
    a["history"] = [own_entry("L1", **dated(a, which)), own_entry(other, **dated(a, "earlier"))]
    assert checked(a) == {"VP501", "VP502"}
    assert audited(tmp_path, [a]) == [{"VP501", "VP502"}]


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pad=st.sampled_from([" ", "  ", "\t", "\u00a0", " \u2003"]), blank_id=st.booleans())
def test_a_finding_names_the_earlier_id_trimmed_as_it_is_compared(tmp_path: Path, pad: str, blank_id: bool) -> None:
    """«(X9 , sluttede …)» showed the id untrimmed while it is compared trimmed; an id of
    only white space names no id («—»)."""
    a = base("L1")
    written = pad if blank_id else pad + "X9" + pad
    a["history"] = [own_entry(written, **dated(a, "earlier"))]
    want = "(—, fra" if blank_id else "(X9, fra"
    (f,) = [f for r in check_data(a) for f in r.findings if f.rule == "VP501"]
    assert want in f.message
    docs = assert_same([write_jsonl(tmp_path / "x.jsonl", [a])], Engine(ruleset()))
    (g,) = [g for g in docs[0]["findings"] if g["rule"] == "VP501"]
    assert want in g["message"]


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(aid=st.sampled_from(["B1", "Å-7"]), how=SPELLINGS,
       dates=st.sampled_from(["earlier", "ended before", "started before"]))
def test_an_entry_with_the_own_id_dated_before_this_start_is_an_earlier_internship(
        tmp_path: Path, aid: str, how: tuple[str, str, str, str], dates: str) -> None:
    """Review 21, F3: an entry with the agreement's own id that started or ended before
    this agreement started cannot be it — an earlier internship whose id was reused or
    mistyped — and counts as every earlier one (it was dropped: «✓ ingen fund»)."""
    a = base(aid)
    start = dt.date.fromisoformat(a["start"])
    before = (start - dt.timedelta(days=40)).isoformat()
    extra = {"earlier": dated(a, "earlier"), "ended before": {"end": before},
             "started before": {"start": (start - dt.timedelta(days=300)).isoformat(), "end": end_of(a)}}[dates]
    a["history"] = [own_entry(spelt(aid, how), **extra)]
    got = checked(a)
    assert {"VP501", "VP502"} <= got, got
    assert audited(tmp_path, [a]) == [got]
