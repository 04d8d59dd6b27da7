"""An agreement's own history entry and the export's record of that same earlier
internship are one internship, not two (RULES.md's history rules count earlier
internships): the audit adds the citizen's other records to each agreement's history,
leaving out one its own history already lists (``reference.listed``, the SQL ``hist``).

"The same internship" (README, "How an audit builds the history"):
- the entry carries the record's id (both stripped) — whatever the dates say; or
- it is at the same company (RULES.md "Same company") and starts the same day (as
  before, whatever its id), or — an entry without a start — ends the same day as the
  record's final end. An entry with neither date and no matching id is not shown to be
  that internship: it stays a separate one (RULES.md: an entry not shown to start on or
  after this one counts).
An own entry without a start used to be matched only by id, so an entry without an id
was counted twice (once from the own history, once from the export), in both engines."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, ruleset
from praktiktjek.engine import Engine
from test_batch_parity import assert_same, write_jsonl

CVR, P = "35954716", "1012345678"  # the example base's company
EARLIER_START, EARLIER_END = dt.date(2021, 1, 4), dt.date(2021, 1, 31)


def records(own: dict[str, Any]) -> list[dict[str, Any]]:
    """The earlier internship as its own record (id E1), and a later agreement of the same
    citizen at the same company in the same job whose own history holds ``own``."""
    earlier = agreement({"id": "E1", "citizen": {"id": "c-1"}, "start": EARLIER_START.isoformat(),
                         "end": EARLIER_END.isoformat()})
    later = agreement({"id": "L1", "citizen": {"id": "c-1"},
                       "history": [{"cvr": CVR, "p_number": P, "title": "Butiksassistent",
                                    "functions": ["kundeservice"], **own}]})
    return [earlier, later]


def counted(doc: dict[str, Any], rule: str = "VP501") -> int:
    """How many earlier internships ``rule``'s one finding counts (0 when none)."""
    for f in doc["findings"]:
        if f["rule"] == rule:
            more = re.search(r"og (\d+) tidligere forløb", f["message"])
            return 1 + (int(more.group(1)) if more else 0)
    return 0


def audit(tmp_path: Path, own: dict[str, Any]) -> dict[str, Any]:
    docs = assert_same([write_jsonl(tmp_path / "x.jsonl", records(own))], Engine(ruleset()))
    return docs[1]


def test_an_entry_without_a_start_or_id_that_ends_with_the_exports_record_is_that_record(tmp_path: Path) -> None:
    """The cause: no start and no id, the same company and end — counted twice before."""
    later = audit(tmp_path, {"end": EARLIER_END.isoformat()})
    assert counted(later) == 1 and counted(later, "VP502") == 1


def test_the_same_id_without_a_start_is_one_internship(tmp_path: Path) -> None:
    assert counted(audit(tmp_path, {"id": " E1 ", "end": EARLIER_END.isoformat()})) == 1
    assert counted(audit(tmp_path, {"id": "E1"})) == 1


def test_a_date_that_disagrees_or_no_date_at_all_keeps_two_internships(tmp_path: Path) -> None:
    other_end = (EARLIER_END - dt.timedelta(days=3)).isoformat()
    assert counted(audit(tmp_path, {"end": other_end})) == 2
    assert counted(audit(tmp_path, {})) == 2  # no dates: not shown to be the export's


OWN_DATES = st.one_of(st.none(), st.sampled_from([-3, 0, 2]))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(own_id=st.sampled_from([None, "E1", " E1", "X9"]), start=OWN_DATES, end=OWN_DATES,
       company=st.sampled_from([(CVR, P), (CVR, None), ("12345678", None)]))
def test_one_internship_or_two_as_the_readme_defines_it_in_both_engines(
        tmp_path: Path, own_id: str | None, start: int | None, end: int | None, company: tuple[str, Any]) -> None:
    own: dict[str, Any] = {"cvr": company[0], "p_number": company[1]}
    if own_id is not None:
        own["id"] = own_id
    if start is not None:
        own["start"] = (EARLIER_START + dt.timedelta(days=start)).isoformat()
    if end is not None:
        own["end"] = (EARLIER_END + dt.timedelta(days=end)).isoformat()
    same_company = company[1] == P or company == (CVR, None)
    oid = own_id.strip() if own_id else None
    same = oid == "E1" or (same_company and (start == 0 if start is not None else end == 0))
    later = audit(tmp_path, own)
    # the own entry counts when at the company; the export's record when not the same one
    assert counted(later) == int(same_company) + int(not same)
