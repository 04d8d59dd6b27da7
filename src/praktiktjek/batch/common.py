"""What both audit engines share: the options of a run, the plan the rule files give it,
what each record's result brings to the writers, and the run's outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import PraktiktjekError
from ..readers import DEFAULT_MAX_RECORD_BYTES
from ..readers.csvfile import Mapping
from .sources import Source


class AuditIncomplete(PraktiktjekError):
    """The run could not read or check every record: no report is written (exit 2)."""


@dataclass
class AuditOptions:
    paths: list[str]
    mapping: Mapping
    #: DuckDB threads (the Python reference engine runs on one core)
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_RECORD_BYTES
    progress: Callable[[str, int | None], Callable[[int], None]] | None = None
    #: whether emit needs each result as a dict (findings file, JSON document)
    want_doc: bool = True


@dataclass(frozen=True)
class Plan:
    """Which batch steps the rule files ask for, and the rules each source cannot check."""

    history_rules: frozenset[str]
    load_rules: frozenset[str]
    shared_text_rule: str | None
    min_citizens: int
    skip: dict[int, frozenset[str]]


#: Of one record, what the console summary and the HTML report count besides its
#: findings: (counted, target group, municipality, start year, weeks, sector). ``counted``:
#: the record stands for an agreement in the statistics — it is readable, and not an
#: earlier record of a repeated agreement id (that id counts once, by its last record, as
#: in the cross-record steps); a record that does not is :data:`NOT_COUNTED`. Its findings
#: still count in the findings tallies (records read = reported).
Facts = tuple[bool, str | None, str | None, int | None, float | None, str | None]
NOT_COUNTED: Facts = (False, None, None, None, None, None)
#: what the writers need of one result besides its JSON text: per finding (rule,
#: severity, waived, line), the agreement id, the source and the line
Brief = tuple[tuple[tuple[str, str, bool, int | None], ...], str | None, str, int | None]
#: receives each record's result, in input order: its JSON text, the result as a dict
#: (when AuditOptions.want_doc), its brief and its facts
Emit = Callable[[str, "dict[str, Any] | None", Brief, Facts], None]


@dataclass
class AuditState:
    """What the audit learnt about the export as a whole."""

    #: how many citizens have n internships in the export (n → citizens)
    per_citizen: dict[int, int] = field(default_factory=dict)
    #: earlier internships kept to build histories from (0 when no history rule runs)
    history_entries: int = 0
    #: JSON sources none of whose readable agreements carries the difference field: the
    #: history built from them states no difference, and VP502 does not read it there
    #: (sources.without_difference)
    without_difference: frozenset[int] = frozenset()
    #: agreement ids on more than one record, each counted once (:func:`repeated_ids`)
    repeated: list[dict[str, Any]] = field(default_factory=list)


def repeated_ids(rows: list[tuple[int, int, str | None, str, int | None]]) -> list[dict[str, Any]]:
    """The audit notice of repeated agreement ids, from (record, the record that stands for
    its id, shown id, shown source, line) of every record of a repeated id: per id, in the
    order of its first record, the id as its standing record shows it and where each
    record is (source and line, in record order). The texts are the door's already."""
    groups: dict[int, list[tuple[int, str | None, str, int | None]]] = {}
    for rec, last, aid, source, line in sorted(rows):
        groups.setdefault(last, []).append((rec, aid, source, line or None))
    out = []
    for last, recs in sorted(groups.items(), key=lambda kv: kv[1][0][0]):
        aid = next((a for r, a, _, _ in recs if r == last), recs[-1][1])
        out.append({"agreement_id": aid or "",
                    "occurrences": [{"source": src, "line": line} for _, _, src, line in recs]})
    return out


@dataclass
class AuditRun:
    """The outcome that reporters and the summary need, built while results stream out."""

    sources: list[Source]
    plan: Plan
    state: AuditState
    read: int
    #: physical lines that could not be read as records (an unclosed quote to the end)
    lost: int = 0
    #: the statistics when the engine computed them itself (DuckDB: SQL over its tables,
    #: an ``auditreport.Stats``); None when they are tallied from the emitted results
    stats: Any = None

    @property
    def complete(self) -> bool:
        return self.lost == 0
