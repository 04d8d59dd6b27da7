"""Review 8 (outputs and privacy): a CPR number no field holds must not appear in a written
line — neither from a format's own escaping, nor from two data texts set side by side —
and the door's own masked numbers are not read again as parts of another one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from praktiktjek import door
from praktiktjek.privacy import mask_cpr

ROOT = Path(__file__).resolve().parents[2]


def _leaks(line: str) -> bool:
    """The reviewer's yardstick: a written line the door would still mask."""
    c = door.clean(line)
    return mask_cpr(c) != c


# --------------------------------------------------------------------------- finding 3


def test_a_masked_citizen_is_not_read_again_across_cells() -> None:
    assert door.across("AAL-2021-1002;010190-****;VP", ["AAL-2021-1002", "010190-****"]) \
        == "AAL-2021-1002;010190-****;VP"
    # a number really formed across two cells still has its serial starred
    assert door.across("AAL-230487;1357", ["AAL-230487", "1357"]) == "AAL-230487;****"


def test_the_example_exports_citizens_keep_their_date_in_the_findings_csv(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "f.csv"
    run_cli("audit", "-q", "--findings", str(out), str(ROOT / "examples/exports/vitas-eksempel.csv"))
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    head = rows[0]
    citizens = {(r[head.index("agreement_id")], r[head.index("citizen")]) for r in rows[1:]}
    assert ("AAL-2021-1002", "010190-****") in citizens
    assert not any(c.startswith("*") for _, c in citizens)
