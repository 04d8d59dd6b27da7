"""Step 1: the exact input screen. Every record is read by our strict reader and model
(``Engine.run``, as ``check`` reads it); the rules without a SQL form run on it here, in
Python. A screened record becomes one row of plain columns for the tables.

A JSON Lines record that the compiled strict decoder (:mod:`.decode`) accepts — exactly
format v1, no unknown field, no duplicate key, nothing the two readers could read
differently — skips the slow path when the slow path could only say "no finding": every
agreement rule runs in SQL and the start date needs no VP010. Its row is built by the same
``Screen.row`` from the decoded Structs (the model's field names and properties). Every
other record (and every CSV row and JSON document) takes ``Engine.run`` as before, so each
VP000 and VP003 keeps its message. ``PRAKTIKTJEK_FAST_SCREEN=0`` switches the fast path off
(the tests compare both)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import door
from ..checks import Context
from ..checks.base import blank, days, duration_class, fte_units, norm, norm_set
from ..checks.duration import bare
from ..checks.purpose import given
from ..door import path_text
from ..engine import Engine, Result
from ..model import Agreement
from ..readers.csvfile import Mapping
from ..reporters.jsonout import finding_dict
from .decode import FastDecoder
from .sources import Source, Task, record_of
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
    mask: Callable[[str], str] = str
    #: the fast path (see the module's text); off with PRAKTIKTJEK_FAST_SCREEN=0
    fast: bool = field(default_factory=lambda: os.environ.get("PRAKTIKTJEK_FAST_SCREEN", "1") != "0")
    #: records the fast path took (for benchmarks/audit.py and the tests)
    accepted: int = 0

    def run(self, tasks: Iterator[Task], rows: Spool, own: Spool,
            tick: Callable[[int], None] | None) -> int:
        engine = self.engine
        ctx = Context(groups=engine.ctx.groups)
        # The same texts come back record after record (the source's name, municipalities,
        # sectors): mask each once (mask_cpr is a pure function of its text).
        self.mask = functools.lru_cache(maxsize=1 << 14)(engine.mask)
        skips = {si: s | self.sql_rules for si, s in self.skip.items()}
        plain = self.sql_rules
        fast = self._fast_path(ctx, plain)
        n = 0
        for n, task in enumerate(tasks, start=1):
            result = fast(task) if fast is not None and task[1] == "jl" else None
            if result is not None:
                rows.add(self.row(task[0], task[2], result, own, None))
            else:
                rec = record_of(task, self.sources, self.mapping, self.max_bytes)
                result = engine.run(rec, ctx=ctx, skip=skips.get(task[2], plain))
                door.seal(result, self.mask)  # every text of the result through the door, as the reference does
                rows.add(self.row(task[0], task[2], result, own, rec.line if rec.unit == "row" else None))
            if tick is not None and n % 1000 == 0:
                tick(1000)
        return n

    def _fast_path(self, ctx: Context, skip: frozenset[str]) -> Callable[[Task], Result | None] | None:
        """The fast path for JSON Lines records, or None when it cannot give what
        ``Engine.run`` gives: when some agreement rule runs in Python here."""
        engine = self.engine
        in_python = {r.id for r in engine.rs.rules.values() if r.kind.scope == "agreement"} - engine.disabled
        if not self.fast or not in_python <= skip:
            return None
        decoder = FastDecoder(self.max_bytes)
        # engine.mask, memoised (a pure function): the door below then meets each id a
        # second time, already masked, and finds it in the cache when nothing was masked
        decode, mask, seal = decoder.decode, self.mask, door.seal
        # What Engine.run finds on a record with no rule left to run depends on its start
        # date only (VP010, the reviewed period): ask it once a date.
        quiet: dict[dt.date, bool] = {}
        shown: dict[int, str] = {}  # each source's name as Engine.run shows it

        def run(task: Task) -> Result | None:
            a = decode(task[4])
            if a is None:
                return None
            day = a.start
            ok = quiet.get(day)
            if ok is None:
                ok = quiet[day] = not engine.check(a, ctx, skip)
            if not ok:
                return None
            si = task[2]
            src = shown.get(si)
            if src is None:
                src = shown[si] = path_text(self.sources[si].display, mask)
            # Engine.run's result for a record without findings, then the same door
            result = Result(src, task[3], mask(a.id), mask(a.citizen.id))
            result.agreement, result.start, result.real_id = a, day, a.id
            seal(result, self.mask)
            self.accepted += 1
            return result

        return run

    def row(self, i: int, si: int, result: Result, own: Spool, finding_line: int | None) -> dict[str, Any]:
        row: dict[str, Any] = {
            "rec": i, "src": si, "line": result.line, "finding_line": finding_line, "source_out": result.source,
            "aid_out": result.agreement_id, "citizen_out": result.citizen,
            "pyf": json.dumps([finding_dict(f) for f in result.findings], ensure_ascii=False)
            if result.findings else None,
            "readable": result.agreement is not None,
        }
        a = result.agreement
        if a is None:
            return row
        c, pos = a.company, a.position
        mask = self.mask
        final_end = a.final_end
        hours = a.hours_per_week
        full_time = self.full_time(a.start)
        fte = fte_units(hours, full_time)
        p_key, cvr_key = _key(c.p_number), _key(c.cvr)
        cit = _key(a.citizen.id)
        acc = a.accommodations
        row.update({
            # what reaches the console summary and the HTML report passes the door here
            "group_out": door.text(a.target_group, mask), "municipality": door.opt(a.municipality, mask),
            "target_group": a.target_group,
            "weeks": days(a.start, final_end) / 7 if final_end >= a.start else None,
            "sector": door.opt(c.sector, mask),
            "aid": a.id, "start": a.start, "end": a.end, "final_end": final_end,
            "cls": duration_class(a, self.engine.ctx),
            "cit": cit, "wp": ("p:" + p_key) if p_key else (("c:" + cvr_key) if cvr_key else None),
            "fte": fte, "desc_key": _purpose_key(a),
            "hours": hours, "employees": c.ordinary_employees, "subsidised": c.subsidised_persons,
            "id_key": _key(a.id), "cvr_key": cvr_key, "p_key": p_key,
            "title_norm": norm(pos.title if pos else None),
            "fn_norm": sorted(norm_set(pos.functions if pos else None)),
            "diff_blank": blank(a.difference_from_earlier),
            "health_shared": acc.health_information_shared if acc else None,
            "consent": acc.consent_to_share if acc else None,
        })
        row.update(self._content(a))
        for idx, h in enumerate(a.history or ()):
            own.add({"rec": i, "idx": idx, "hid": h.id or None, "own_id": h.id or None,
                     "cvr_key": _key(h.cvr), "p_key": _key(h.p_number), "start": h.start, "end": h.end,
                     "title_norm": norm(h.title), "fn_norm": sorted(norm_set(h.functions)),
                     "diff_blank": blank(h.difference)})
        return row

    def _content(self, a: Agreement) -> dict[str, Any]:
        """The columns of the per-agreement rules, computed as their Python functions read them."""
        group = self.engine.ctx.groups.get(a.target_group)
        cz, pos, pur, oh, ab = a.citizen, a.position, a.purpose, a.ordinary_hours, a.agreed_by
        le = cz.last_employer
        exts = a.extensions or []
        desc = pur.description if pur else None
        return {
            "cvr": a.company.cvr, "job_ready": group.job_ready if group is not None else False,
            "graduate": cz.graduate, "higher_education": cz.higher_education,
            "job_in_field": cz.job_in_field_since_graduation,
            "uses_education": pos.uses_education if pos is not None else None,
            "benefit_before": cz.benefit_weeks_before_start,
            "ext_ends": [e.end for e in exts], "n_ext": len(exts),
            "exts": [{"reason": e.reason, "reason_bare": bare(e.reason or ""), "reason_blank": blank(e.reason),
                      "assessment_blank": blank(e.assessment), "special_need_blank": blank(e.special_need)}
                     for e in exts],
            "title_blank": pos is None or blank(pos.title),
            "fns_any": pos is not None and any(not blank(f) for f in pos.functions or ()),
            "purpose_present": pur is not None,
            "cats": list(pur.categories) if pur is not None and pur.categories is not None else None,
            "desc_blank": blank(desc), "desc_stripped": norm(desc).strip(" .") if desc else "",
            "desc_words": len(desc.split()) if desc else 0,
            "avail": a.availability_test is not None,
            "avail_just_blank": blank(a.availability_test.justification) if a.availability_test else None,
            "oh_present": oh is not None, "oh_timing": oh.timing if oh else None,
            "oh_hours": oh.hours_per_week if oh else None,
            "oh_fn_norm": sorted(norm_set(oh.functions)) if oh else [],
            "oh_fns_any": oh is not None and any(not blank(f) for f in oh.functions or ()),
            "after": a.after_internship,
            "ab_present": ab is not None,
            "ab_given": [n for n in ("citizen", "company", "jobcenter", "municipality")
                         if ab is not None and given(getattr(ab, n, None))],
            "le_present": le is not None, "le_cvr_key": _key(le.cvr) if le else None,
            "le_p_key": _key(le.p_number) if le else None,
            "le_fn_norm": sorted(norm_set(le.functions)) if le else [],
        }
