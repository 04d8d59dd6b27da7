"""Step 1: the exact input screen. Every record is read by our strict reader and model
(``Engine.run``, as ``check`` reads it); the rules without a SQL form run on it here, in
Python. A screened record becomes one row of plain columns for the tables."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..audit import Source, Task, record_of
from ..checks import Context
from ..checks.base import blank, days, duration_class, norm, norm_set
from ..engine import Engine, Result
from ..model import Agreement
from ..readers.csvfile import Mapping
from ..reporters.jsonout import finding_dict
from .tables import Spool


def _key(value: str | None) -> str | None:
    """A stripped identifier, None when empty (``_text`` of the reference engine)."""
    if value is None:
        return None
    s = value.strip()
    return s or None


def _purpose_key(a: Agreement) -> str | None:
    """The normalised purpose text that VP103's shared-text step compares."""
    desc = a.purpose.description if a.purpose else None
    if not isinstance(desc, str) or not desc.strip():
        return None
    return " ".join(norm(desc).strip(" .").split()) or None


@dataclass
class Screen:
    """What the screen needs to know once per audit."""

    engine: Engine
    sources: list[Source]
    mapping: Mapping
    max_bytes: int
    #: rules that run in SQL (the Python engine skips them here)
    sql_rules: frozenset[str]
    #: per source, the rules its columns cannot check
    skip: dict[int, frozenset[str]]
    #: full-time hours of the workplace-load rule on a day, None when it does not run
    full_time: Callable[[dt.date], float | None]

    def run(self, tasks: Iterator[Task], rows: Spool, own: Spool,
            tick: Callable[[int], None] | None) -> int:
        engine = self.engine
        ctx = Context(groups=engine.ctx.groups)
        skips = {si: s | self.sql_rules for si, s in self.skip.items()}
        plain = self.sql_rules
        n = 0
        for n, task in enumerate(tasks, start=1):
            rec = record_of(task, self.sources, self.mapping, self.max_bytes)
            result = engine.run(rec, ctx=ctx, skip=skips.get(task[2], plain))
            rows.add(self.row(task[0], task[2], result, own))
            if tick is not None and n % 1000 == 0:
                tick(1000)
        return n

    def row(self, i: int, si: int, result: Result, own: Spool) -> dict[str, Any]:
        row: dict[str, Any] = {
            "rec": i, "src": si, "line": result.line, "source_out": result.source,
            "aid_out": result.agreement_id, "citizen_out": result.citizen,
            "pyf": json.dumps([finding_dict(f) for f in result.findings], ensure_ascii=False)
            if result.findings else None,
            "readable": result.agreement is not None,
        }
        a = result.agreement
        if a is None:
            return row
        c, pos = a.company, a.position
        final_end = a.final_end
        hours = a.hours_per_week
        full_time = self.full_time(a.start)
        fte = hours / full_time if full_time and hours is not None and hours >= 0 else 0.0
        p_key, cvr_key = _key(c.p_number), _key(c.cvr)
        cit = _key(a.citizen.id)
        acc = a.accommodations
        row.update({
            "target_group": a.target_group, "municipality": a.municipality,
            "weeks": days(a.start, final_end) / 7 if final_end >= a.start else None,
            "sector": c.sector,
            "aid": a.id, "start": a.start, "end": a.end, "final_end": final_end,
            "cls": duration_class(a, self.engine.ctx),
            "cit": cit, "wp": ("p:" + p_key) if p_key else (("c:" + cvr_key) if cvr_key else None),
            "fte": fte if fte == fte else 0.0, "desc_key": _purpose_key(a),
            "hours": hours, "employees": c.ordinary_employees, "subsidised": c.subsidised_persons,
            "id_key": _key(a.id), "cvr_key": cvr_key, "p_key": p_key,
            "title_norm": norm(pos.title if pos else None),
            "fn_norm": sorted(norm_set(pos.functions if pos else None)),
            "diff_blank": blank(a.difference_from_earlier),
            "health_shared": acc.health_information_shared if acc else None,
            "consent": acc.consent_to_share if acc else None,
        })
        for idx, h in enumerate(a.history or ()):
            own.add({"rec": i, "idx": idx, "hid": h.id or None, "own_id": h.id or None,
                     "cvr_key": _key(h.cvr), "p_key": _key(h.p_number), "start": h.start, "end": h.end,
                     "title_norm": norm(h.title), "fn_norm": sorted(norm_set(h.functions)),
                     "diff_blank": blank(h.difference)})
        return row
