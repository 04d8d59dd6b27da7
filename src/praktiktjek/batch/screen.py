"""Step 1: the exact input screen. Every record is read by our strict reader and model
(``Engine.run``, as ``check`` reads it); the rules without a SQL form run on it here, in
Python. A screened record becomes one row of plain columns for the tables.

A JSON Lines record that the compiled strict decoder (:mod:`.decode`) accepts — exactly
format v1, no unknown field, no duplicate key, nothing the two readers could read
differently — skips the slow path when the slow path could only say "no finding": every
agreement rule runs in SQL and the start date needs no VP010. Its columns are built by the
same ``Screen._columns`` from the decoded Structs (the model's field names and
properties), its ids and source name by the door calls ``door.seal`` makes. Every
other record (and every CSV row and JSON document) takes ``Engine.run`` as before, so each
VP000 and VP003 keeps its message. ``PRAKTIKTJEK_FAST_SCREEN=0`` switches the fast path off
(the tests compare both)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from .. import door
from ..checks import Context
from ..checks.base import (
    blank,
    days,
    duration_class,
    fte_units,
    id_key,
    norm,
    norm_set,
    ordinary_hours_given,
    person_key,
)
from ..checks.duration import bare
from ..checks.purpose import given, word_count
from ..door import path_text, shown_path
from ..engine import Engine, Result
from ..model import Agreement
from ..readers import LINE_UNITS
from ..readers.csvfile import Mapping
from ..reporters.jsonout import finding_dict
from .decode import FastDecoder
from .sources import Source, Task, carries_difference, record_of, without_difference
from .tables import Spool


def _key(value: str | None) -> str | None:
    """A stripped identifier, None when empty (``_text`` of the reference engine)."""
    if value is None:
        return None
    s = value.strip()
    return s or None


#: Bounds of the screen's memo caches (entries): the texts they hold repeat across an
#: export (titles, function lists, reasons, municipalities); a bound keeps the memory of
#: a 1,000,000-record audit flat (issue #12's ≤ 300 MB).
MEMO = 1 << 13

#: a citizen id as the records write a CPR number: six ASCII digits, hyphen, four
_CPR_HYPHEN = re.compile(r"[0-9]{6}-[0-9]{4}")

_PARTIES = ("citizen", "company", "jobcenter", "municipality")


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
    #: the sources with a readable agreement, and with one carrying the difference field
    #: (sources.without_difference)
    readable_in: set[int] = field(default_factory=set)
    carried_in: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        # Pure functions of one text (or one list of texts), memoised: the values repeat
        # record after record. Each reads ``self.mask`` when it is called, and every mask
        # the screen is given is ``engine.mask`` (perhaps memoised), so a cached value is
        # what a fresh call gives.
        cache = functools.lru_cache(maxsize=MEMO)
        self._opt: Callable[[str | None], str | None] = cache(lambda v: door.opt(v, self.mask))
        self._blank: Callable[[str | None], bool] = cache(blank)
        self._fns = cache(_functions)
        self._reason = cache(_reason)
        self._company = cache(self._company_columns)
        self._group = cache(self._group_columns)
        self._position = cache(_position)
        # one entry per date of birth (about 36,500 for a century): its own, larger bound
        self._cpr_head = functools.lru_cache(maxsize=1 << 16)(self._cpr_head_out)

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
            row = fast(task, own) if fast is not None and task[1] == "jl" else None
            if row is None:
                rec = record_of(task, self.sources, self.mapping, self.max_bytes)
                result = engine.run(rec, ctx=ctx, skip=skips.get(task[2], plain))
                door.seal(result, self.mask)  # every text of the result through the door, as the reference does
                if result.agreement is not None:
                    self.readable_in.add(task[2])
                    if carries_difference(result.agreement):
                        self.carried_in.add(task[2])
                row = self.row(task[0], task[2], result, own, rec.line if rec.unit in LINE_UNITS else None)
            rows.add(row)
            if tick is not None and n % 1000 == 0:
                tick(1000)
        return n

    def without_difference(self) -> frozenset[int]:
        """The JSON sources without the difference field, once every record is screened."""
        return without_difference(self.sources, self.readable_in, self.carried_in)

    def _fast_path(self, ctx: Context, skip: frozenset[str]) -> Callable[[Task, Spool], dict[str, Any] | None] | None:
        """The fast path for JSON Lines records, or None when it cannot give what
        ``Engine.run`` gives: when some agreement rule runs in Python here. It returns the
        record's row (and adds its own history rows), or None: take the slow path."""
        engine = self.engine
        in_python = {r.id for r in engine.rs.rules.values() if r.kind.scope == "agreement"} - engine.disabled
        if not self.fast or not in_python <= skip:
            return None
        decoder = FastDecoder(self.max_bytes)
        decode, clean, columns = decoder.decode, door.clean, self._columns
        # What Engine.run finds on a record with no rule left to run depends on its start
        # date only (VP010, the reviewed period): ask it once a date.
        quiet: dict[dt.date, bool] = {}
        # each source's name as Engine.run shows it, then door.seal
        shown: dict[int, str] = {}

        def run(task: Task, own: Spool) -> dict[str, Any] | None:
            a = decode(task[4])
            if a is None:
                return None
            day = a.start
            ok = quiet.get(day)
            if ok is None:
                ok = quiet[day] = not engine.check(a, ctx, skip)
            if not ok:
                return None
            i, si = task[0], task[2]
            self.readable_in.add(si)
            if decoder.carries_difference:
                self.carried_in.add(si)
            src = shown.get(si)
            mask = self.mask
            if src is None:
                src = shown[si] = shown_path(path_text(path_text(self.sources[si].display, mask), mask))
            self.accepted += 1
            # Engine.run's result for a record without findings (both ids are texts the
            # decoder required), then door.seal's ``opt`` over each id: the same texts
            # without a Result (engine.mask is memoised: an id the mask left as it was
            # comes back from its cache)
            row: dict[str, Any] = {
                "rec": i, "src": si, "line": task[3], "finding_line": task[3], "source_out": src,
                "aid_out": mask(clean(mask(a.id))),
                "citizen_out": self._citizen_out(a.citizen.id),
                "pyf": None, "readable": True,
            }
            columns(i, a, own, row)
            return row

        return run

    def _citizen_out(self, cid: str) -> str:
        """``door.person_id`` twice over a citizen id (``Engine.run``, then ``door.seal``),
        as the slow path shows it. An id written ``ddmmyy-xxxx`` (ASCII digits) is shown as
        ``ddmmyy-****`` or as it is, decided by its six date digits alone (the mask and
        ``person_cpr`` read the serial as four digits, whatever they are): asked once per
        date of birth instead of a CPR search per record (tests/test_fast_screen.py holds
        it to ``person_id`` over generated ids)."""
        if len(cid) == 11 and _CPR_HYPHEN.fullmatch(cid) is not None:
            shown = self._cpr_head(cid[:6])
            if shown is None:
                return cid
            if shown:
                return shown
        return door.person_id(door.person_id(cid, self.mask), self.mask)

    def _cpr_head_out(self, head: str) -> str | None:
        """What ``_citizen_out`` shows for the ids ``head-xxxx``: ``head-****``, None for
        the id as it is, or "" when a probe gives neither (then each id is asked itself)."""
        probe = head + "-0000"
        out = door.person_id(door.person_id(probe, self.mask), self.mask)
        if out == head + "-****":
            return out
        return None if out == probe else ""

    def row(self, i: int, si: int, result: Result, own: Spool, finding_line: int | None) -> dict[str, Any]:
        row: dict[str, Any] = {
            "rec": i, "src": si, "line": result.line, "finding_line": finding_line,
            "source_out": shown_path(result.source),
            "aid_out": result.agreement_id, "citizen_out": result.citizen,
            "pyf": json.dumps([finding_dict(f) for f in result.findings], ensure_ascii=False)
            if result.findings else None,
            "readable": result.agreement is not None,
        }
        if result.agreement is not None:
            self._columns(i, result.agreement, own, row)
        return row

    def _company_columns(self, cvr: str | None, p_number: str | None,
                         sector: str | None) -> tuple[str | None, str | None, str | None]:
        """(``p_key``, ``cvr_key``, ``sector``) of a company."""
        return _key(p_number), _key(cvr), door.opt(sector, self.mask)

    def _group_columns(self, target_group: str, extended: bool) -> tuple[str, str | None, bool]:
        """(``group_out``, ``cls``, ``job_ready``) of a target group, with or without a
        basis for the extended duration (``duration_class`` reads no more of the agreement)."""
        groups = self.engine.ctx.groups
        group = groups.get(target_group)
        facts = SimpleNamespace(target_group=target_group,
                                citizen=SimpleNamespace(extended_duration_basis=extended))
        return (door.text(target_group, self.mask), duration_class(cast(Agreement, facts), self.engine.ctx),
                group.job_ready if group is not None else False)

    def _columns(self, i: int, a: Agreement, own: Spool, row: dict[str, Any]) -> None:
        """The columns of a screened agreement (into ``row``), computed as the rules'
        Python functions read them; its own history entries into ``own``."""
        c, pos, cz = a.company, a.position, a.citizen
        opt, blank_, fns, reason = self._opt, self._blank, self._fns, self._reason
        start, final_end, hours = a.start, a.final_end, a.hours_per_week
        p_key, cvr_key, sector = self._company(c.cvr, c.p_number, c.sector)
        group_out, cls, job_ready = self._group(a.target_group, bool(cz.extended_duration_basis))
        title_norm, title_blank, pos_fns = (self._position(pos.title, tuple(pos.functions) if pos.functions else None)
                                            if pos is not None else _NO_POSITION)
        acc, pur, oh, ab, le = a.accommodations, a.purpose, a.ordinary_hours, a.agreed_by, cz.last_employer
        exts = a.extensions or []
        desc = pur.description if pur else None
        # VP103's shared-text key and the purpose's stripped text: norm once (a purpose
        # text is often the record's own)
        desc_stripped = norm(desc).strip(" .") if desc else ""
        oh_fns = fns(tuple(oh.functions)) if oh is not None and oh.functions else _NO_FUNCTIONS
        avail = a.availability_test
        row.update({
            # what reaches the console summary and the HTML report passes the door here
            "group_out": group_out, "municipality": opt(a.municipality),
            "target_group": a.target_group,
            "weeks": days(start, final_end) / 7 if final_end >= start else None,
            "sector": sector,
            "aid": a.id, "start": start, "end": a.end, "final_end": final_end,
            "cls": cls, "cit": person_key(cz.id),
            "fte": fte_units(hours, self.full_time(start)),
            "desc_key": (" ".join(desc_stripped.split()) or None) if desc and desc.strip() else None,
            "hours": hours, "employees": c.ordinary_employees, "subsidised": c.subsidised_persons,
            "id_key": id_key(a.id), "cvr_key": cvr_key, "p_key": p_key,
            "title_norm": title_norm,
            "fn_norm": pos_fns[0],
            "diff_blank": blank_(a.difference_from_earlier),
            "health_shared": acc.health_information_shared if acc else None,
            "consent": acc.consent_to_share if acc else None,
            "cvr": c.cvr, "job_ready": job_ready,
            "graduate": cz.graduate, "higher_education": cz.higher_education,
            "job_in_field": cz.job_in_field_since_graduation,
            "uses_education": pos.uses_education if pos is not None else None,
            "benefit_before": cz.benefit_weeks_before_start,
            "ext_ends": [e.end for e in exts], "n_ext": len(exts),
            "exts": [{**reason(e.reason), "assessment_blank": blank_(e.assessment),
                      "special_need_blank": blank_(e.special_need)} for e in exts],
            "title_blank": title_blank,
            "fns_any": pos_fns[1],
            "purpose_present": pur is not None,
            # a blank entry as NULL: it states no purpose (VP101/VP102, U8)
            "cats": [None if blank_(c) else c for c in pur.categories]
            if pur is not None and pur.categories is not None else None,
            "desc_blank": blank(desc), "desc_stripped": desc_stripped,
            "desc_words": word_count(desc) if desc else 0,
            "avail": avail is not None,
            "avail_just_blank": blank_(avail.justification) if avail else None,
            "oh_present": ordinary_hours_given(oh), "oh_timing": oh.timing if oh else None,
            "oh_hours": oh.hours_per_week if oh else None,
            "oh_fn_norm": oh_fns[0], "oh_fns_any": oh_fns[1],
            "after": a.after_internship,
            "ab_present": ab is not None,
            "ab_given": [n for n in _PARTIES if given(getattr(ab, n, None))] if ab is not None else [],
            "ab_refused": [n for n in _PARTIES if getattr(ab, n, None) is False] if ab is not None else [],
            "le_present": le is not None, "le_cvr_key": _key(le.cvr) if le else None,
            "le_p_key": _key(le.p_number) if le else None,
            "le_fn_norm": (fns(tuple(le.functions)) if le.functions else _NO_FUNCTIONS)[0] if le else [],
        })
        for idx, h in enumerate(a.history or ()):
            own.add({"rec": i, "idx": idx, "hid": (h.id or "").strip() or None, "own_id": id_key(h.id),
                     "cvr_key": _key(h.cvr), "p_key": _key(h.p_number), "start": h.start, "end": h.end,
                     "title_norm": norm(h.title),
                     "fn_norm": (fns(tuple(h.functions)) if h.functions else _NO_FUNCTIONS)[0],
                     "diff_blank": blank_(h.difference)})


#: (``fn_norm``, ``fns_any``) of no functions at all
_NO_FUNCTIONS: tuple[list[str], bool] = ([], False)
#: (``title_norm``, ``title_blank``, functions) of an agreement without a position
_NO_POSITION: tuple[str, bool, tuple[list[str], bool]] = ("", True, _NO_FUNCTIONS)


def _position(title: str | None, functions: tuple[str, ...] | None) -> tuple[str, bool, tuple[list[str], bool]]:
    """(``title_norm``, ``title_blank``, (``fn_norm``, ``fns_any``)) of a position."""
    return norm(title), blank(title), _functions(functions) if functions else _NO_FUNCTIONS


def _functions(items: tuple[str, ...]) -> tuple[list[str], bool]:
    """A list of work functions as the rules compare them: the normalised set, sorted, and
    whether any of them is not blank. The list is shared by every row with the same
    functions: it is only ever written out, never changed."""
    return sorted(norm_set(items)), any(not blank(f) for f in items)


def _reason(reason: str | None) -> dict[str, Any]:
    """An extension's reason with the forms VP207 compares."""
    return {"reason": reason, "reason_bare": bare(reason or ""), "reason_blank": blank(reason)}
