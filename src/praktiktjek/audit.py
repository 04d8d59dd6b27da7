"""Batch audit over exports: JSON Lines, JSON arrays, directories and VITAS-style CSV.

Three streaming passes over the inputs, each spread over ``jobs`` worker processes that
return their answers in input order (so the output is the same for any ``jobs``):

1. **index** — every record is parsed (no validation) into a few numbers: who (a hash of
   the citizen id), where (a hash of the P-number, else the CVR), when, full-time
   equivalents, and a hash of the purpose text. Kept in compact arrays.
2. **details** — only for citizens with more than one record: what each internship was
   (company, dates, title, functions, stated difference), to build histories from.
3. **check** — every record is read, validated and checked, with the history built from
   the export (VP501–VP503), the overlapping load at its workplace (VP701) and shared
   purpose texts (VP103) — the ``batch`` sections of those rules' files.

Memory stays bounded: nothing per record is kept but the arrays of pass 1 and the details
of repeat citizens; results are written as they come. Records read = records reported.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import sys
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import door
from .checks import Context, Hit, Term
from .checks.base import days, norm
from .engine import Engine, Result, to_agreement
from .errors import PraktiktjekError
from .fields import satisfied
from .model import Agreement, HistoryEntry
from .readers import DEFAULT_MAX_RECORD_BYTES, InputProblem, RawRecord, display_path, expand
from .readers.bounded import lines, open_regular, spool_stdin, why
from .readers.csvfile import Layout, Mapping, open_csv_stream, row_record
from .readers.jsonfile import jsonl_record, read_json_stream
from .reporters.jsonout import result_dict

# --------------------------------------------------------------------------- sources


@dataclass
class Source:
    path: Path
    display: str
    kind: str  # "jsonl" | "json" | "csv"
    encoding: str = "utf-8"
    separator: str = ";"
    layout: Layout | None = None
    problem: str | None = None
    #: the open file, kept from the first pass to the last: a file removed or renamed
    #: between passes is still the same file (stdin is an anonymous spool)
    fh: IO[bytes] | None = None
    #: rows read as Windows-1252 in a UTF-8 file; physical lines not read at all
    fallback_rows: list[int] = field(default_factory=list)
    lost: int = 0

    @property
    def present(self) -> frozenset[str] | None:
        return self.layout.present if self.layout is not None else None


def _kind_of(path: Path, fh: IO[bytes], max_bytes: int) -> str:
    s = path.suffix.lower()
    if s == ".csv":
        return "csv"
    if s in (".jsonl", ".ndjson"):
        return "jsonl"
    if s == ".json":
        return "json"
    # unknown suffix (stdin): a JSON document, JSON Lines (first line a whole value) or CSV
    first = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    fh.seek(0)
    if first == b"[":
        return "json"
    if first == b"{":
        from .pipeline import sniff_kind

        return sniff_kind(fh, max_bytes)
    return "csv"


def open_sources(paths: list[str], mapping: Mapping, mask: Callable[[str], str] = lambda s: s,
                 max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> list[Source]:
    """Open every input once; a source's name is masked (a file may be named after a
    CPR). A file that cannot be opened, or is not a regular file, is one unreadable record."""
    out: list[Source] = []
    for p in expand(paths):
        if p == "-":
            fh = spool_stdin()
            path, disp = Path("-"), "<stdin>"
        else:
            assert isinstance(p, Path)
            path, disp = p, door.path_text(display_path(p), mask)
            try:
                fh = open_regular(path)
            except OSError as exc:
                out.append(Source(path, disp, "json", problem=why(exc)))
                continue
        kind = _kind_of(path, fh, max_bytes)
        src = Source(path, disp, kind, fh=fh)
        if kind == "csv":
            opened = open_csv_stream(fh, disp, mapping, max_bytes)
            if isinstance(opened, RawRecord):
                src.problem = opened.problem.detail if opened.problem else "filen kan ikke læses"
            else:
                src.encoding, src.separator, src.layout = opened.encoding, opened.separator, opened.layout
        out.append(src)
    return out


def close_sources(sources: list[Source]) -> None:
    for src in sources:
        if src.fh is not None:
            src.fh.close()
            src.fh = None


# --------------------------------------------------------------------------- tasks

# A task is one record as read from its source, before parsing:
# (record number, kind, source index, line or row, payload)
Task = tuple[int, str, int, int, Any]


def iter_tasks(sources: list[Source], max_bytes: int, first_pass: bool = False,
               mapping: Mapping | None = None) -> Iterator[Task]:
    """Every record of every source, read a line at a time from the open files."""
    i = 0
    for si, src in enumerate(sources):
        if src.problem is not None or src.fh is None:
            yield (i, "problem", si, 1, src.problem or "filen kan ikke læses")
            i += 1
            continue
        fh = src.fh
        fh.seek(0)
        if src.kind == "jsonl":
            seen = False
            for n, raw, size, _ in lines(fh, max_bytes):
                if raw is None:
                    seen = True
                    yield (i, "problem", si, n,
                           f"linjen fylder {size} byte; grænsen er {max_bytes} byte, så den er ikke indlæst")
                    i += 1
                    continue
                if not raw.strip():
                    continue
                seen = True
                if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield (i, "problem", si, n, f"linjen er ikke gyldig UTF-8 (byte {exc.start})")
                    i += 1
                    continue
                yield (i, "jl", si, n, text)
                i += 1
            if not seen:
                yield (i, "problem", si, 1, "filen indeholder ingen aftaler (den er tom)")
                i += 1
        elif src.kind == "json":
            for rec in read_json_stream(fh, src.display, max_bytes):
                rec.locator = None  # positions stay in this process; records carry their line
                yield (i, "rec", si, rec.line or 1, rec)
                i += 1
        else:
            opened = open_csv_stream(fh, src.display, mapping or _MAPPING or _default_mapping(), max_bytes,
                                     src.encoding)
            if isinstance(opened, RawRecord):  # the file changed since the first look
                yield (i, "problem", si, 1, opened.problem.detail if opened.problem else "filen kan ikke læses")
                i += 1
                continue
            for line, row, problem in opened.rows:
                if row is None:
                    yield (i, "problem", si, line, problem)
                else:
                    yield (i, "csv", si, line, row)
                i += 1
            if first_pass:
                src.fallback_rows, src.lost = opened.fallback_rows, opened.lost_lines


def _default_mapping() -> Mapping:
    from .readers.csvfile import load_mapping

    return load_mapping(None)


# --------------------------------------------------------------------------- worker state

# Set in the parent before a pass; worker processes inherit them (fork).
_SOURCES: list[Source] = []
_MAPPING: Mapping | None = None
_ENGINE: Engine | None = None
_MAX_BYTES = DEFAULT_MAX_RECORD_BYTES
_STATE: AuditState | None = None


def _record(task: Task) -> RawRecord:
    assert _MAPPING is not None
    return record_of(task, _SOURCES, _MAPPING, _MAX_BYTES)


def record_of(task: Task, sources: list[Source], mapping: Mapping, max_bytes: int) -> RawRecord:
    """One task as the record the strict reader sees (shared by both engines)."""
    _, kind, si, line, payload = task
    src = sources[si]
    if kind == "jl":
        rec = jsonl_record(payload, src.display, line, max_bytes)
        # An audit reports the record's line; mapping every finding to a column would
        # run the (pure Python) position scanner on each record with findings.
        rec.locator = None
        return rec
    if kind == "csv":
        assert src.layout is not None
        return row_record(src.display, line, payload, None, src.layout, mapping)
    if kind == "rec":
        got: RawRecord = payload
        return got
    unit = "row" if src.kind == "csv" else "line"
    return RawRecord(src.display, line, problem=InputProblem(str(payload)), unit=unit)


def key64(*parts: str) -> int:
    h = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(h.digest(), "big", signed=True) or 1


def _date_ord(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def _text(v: Any) -> str | None:
    if isinstance(v, str | int) and not isinstance(v, bool):
        s = str(v).strip()
        return s or None
    return None


@functools.lru_cache(maxsize=4096)
def _full_time_hours(day: int) -> float | None:
    """Full-time hours from the ratio rule's parameters in force on that day (the rule
    whose batch section counts the workplace load); None when no such rule runs."""
    if _ENGINE is None or _PLAN is None:
        return None
    for rid in sorted(_PLAN.load_rules):
        rule = _ENGINE.rs.rules[rid]
        when = dt.date.fromordinal(day)
        if rid not in _ENGINE.disabled and rule.in_force(when):
            hours = getattr(rule.params_at(when), "full_time_hours", None)
            return float(hours) if hours else None
    return None


def _readable_dict(task: Task) -> dict[str, Any] | None:
    """A record's data when it is a readable agreement, else None: a record that will
    be VP000 takes no part in any cross-record rule (RULES.md, "Unreadable records take
    no part"), so it is validated here exactly as the check pass will."""
    assert _ENGINE is not None
    rec = _record(task)
    if rec.problem is not None or not isinstance(rec.data, dict):
        return None
    if isinstance(to_agreement(rec.data, _ENGINE.mask), InputProblem):
        return None
    return rec.data


def _index_task(task: Task) -> tuple[int, int, int, int, float, int]:
    """(citizen, workplace, start, final end, full-time equivalents, purpose text)"""
    d = _readable_dict(task)
    if d is None:
        return (0, 0, 0, 0, 0.0, 0)
    citizen, company = d.get("citizen"), d.get("company")
    cit = _text(citizen.get("id")) if isinstance(citizen, dict) else None
    start = _date_ord(d.get("start"))
    end = _date_ord(d.get("end"))
    ext = d.get("extensions")
    if isinstance(ext, list) and ext and isinstance(ext[-1], dict):
        end = _date_ord(ext[-1].get("end")) or end
    if cit is None or start is None or end is None:
        return (0, 0, 0, 0, 0.0, 0)
    wp = 0
    if isinstance(company, dict):
        p, cvr = _text(company.get("p_number")), _text(company.get("cvr"))
        wp = key64("p", p) if p else (key64("c", cvr) if cvr else 0)
    hours = d.get("hours_per_week")
    full_time = _full_time_hours(start)
    try:
        fte = float(hours) / full_time if full_time and isinstance(hours, int | float) and hours >= 0 else 0.0
    except OverflowError:
        fte = 0.0
    purpose = d.get("purpose")
    desc = purpose.get("description") if isinstance(purpose, dict) else None
    dk = key64(" ".join(norm(desc).strip(" .").split())) if isinstance(desc, str) and desc.strip() else 0
    return (key64(cit), wp, start, end, fte if fte == fte else 0.0, dk)


def _details_task(task: Task) -> tuple[int, tuple[Any, ...]] | None:
    assert _STATE is not None
    if task[0] not in _STATE.repeat_records:
        return None
    d = _readable_dict(task)
    if d is None:
        return None
    company: dict[str, Any] = d["company"] if isinstance(d.get("company"), dict) else {}
    position: dict[str, Any] = d["position"] if isinstance(d.get("position"), dict) else {}
    functions = position.get("functions")
    return task[0], (
        _text(d.get("id")), _text(company.get("cvr")), _text(company.get("p_number")),
        _date_ord(d.get("start")), _date_ord(d.get("end")), _text(position.get("title")),
        tuple(f for f in functions if isinstance(f, str)) if isinstance(functions, list) else (),
    )


def _compact(details: tuple[Any, ...], pool: dict[Any, Any]) -> tuple[Any, ...]:
    """Share the strings an export repeats endlessly (CVR, P-number, title, functions)."""
    hid, cvr, p, start, end, title, functions = details
    return (hid, pool.setdefault(cvr, cvr), pool.setdefault(p, p), start, end,
            pool.setdefault(title, title), pool.setdefault(functions, functions))


@dataclass
class AuditState:
    """What the audit knows about the whole export after passes 1 and 2."""

    cit: array[int] = field(default_factory=lambda: array("q"))
    start: array[int] = field(default_factory=lambda: array("i"))
    load: array[float] = field(default_factory=lambda: array("d"))
    desc: array[int] = field(default_factory=lambda: array("q"))
    #: record numbers of every record of a citizen with more than one
    repeat_records: set[int] = field(default_factory=set)
    by_citizen: dict[int, list[int]] = field(default_factory=dict)
    details: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    shared_text: dict[int, int] = field(default_factory=dict)
    per_citizen: dict[int, int] = field(default_factory=dict)


def _groups(keys: array[int], keep: Callable[[int], bool]) -> Iterator[list[int]]:
    """Record numbers that share a key, a group at a time. Sorting the numbers by key
    (not (key, number) tuples) keeps the peak to one list of ints for the whole export."""
    order = sorted((i for i in range(len(keys)) if keep(i)), key=keys.__getitem__)
    k = 0
    while k < len(order):
        j = k
        key = keys[order[k]]
        while j < len(order) and keys[order[j]] == key:
            j += 1
        yield order[k:j]
        k = j


def _workplace_load(st: AuditState, wp_arr: array[int], end_arr: array[int], fte_arr: array[float]) -> None:
    """Workplace load on each start date: the others' full-time equivalents whose period
    covers that date, from sorted starts and ends with running sums (no pairwise loop)."""
    for group in _groups(wp_arr, lambda i: bool(wp_arr[i] and st.cit[i])):
        if len(group) < 2:
            continue
        starts = sorted((st.start[i], fte_arr[i]) for i in group)
        ends = sorted((end_arr[i], fte_arr[i]) for i in group)
        s_days = [d for d, _ in starts]
        e_days = [d for d, _ in ends]
        s_cum = list(itertools.accumulate((f for _, f in starts), initial=0.0))
        e_cum = list(itertools.accumulate((f for _, f in ends), initial=0.0))
        for i in group:
            d = st.start[i]
            covering = s_cum[bisect.bisect_right(s_days, d)] - e_cum[bisect.bisect_left(e_days, d)]
            st.load[i] = max(0.0, covering - fte_arr[i])


def build_state(rows: Iterator[tuple[int, int, int, int, float, int]], min_citizens: int) -> AuditState:
    st = AuditState()
    wp_arr, end_arr, fte_arr = array("q"), array("i"), array("d")
    for cit, wp, start, end, fte, dk in rows:
        st.cit.append(cit)
        wp_arr.append(wp)
        st.start.append(start)
        end_arr.append(end)
        fte_arr.append(fte)
        st.desc.append(dk)
    n = len(st.cit)
    st.load = array("d", bytes(8 * n))
    _workplace_load(st, wp_arr, end_arr, fte_arr)
    del wp_arr, end_arr, fte_arr
    # Citizens with more than one record, and internships per citizen.
    cits = st.cit
    for members in _groups(cits, lambda i: bool(cits[i])):
        size = len(members)
        st.per_citizen[size] = st.per_citizen.get(size, 0) + 1
        if size > 1:
            st.by_citizen[cits[members[0]]] = members
            # Details are needed only of internships that start before another of theirs.
            last = max(st.start[i] for i in members)
            st.repeat_records.update(i for i in members if st.start[i] < last)
    # The same purpose text for at least min_citizens different citizens.
    descs = st.desc
    for members in _groups(descs, lambda i: bool(descs[i] and cits[i])):
        if len(members) >= min_citizens:
            citizens = len({cits[i] for i in members})
            if citizens >= min_citizens:
                st.shared_text[descs[members[0]]] = citizens
    return st


# --------------------------------------------------------------------------- pass 3


@dataclass(frozen=True)
class Plan:
    """Which batch steps the rule files ask for, and the rules each source cannot check."""

    history_rules: frozenset[str]
    load_rules: frozenset[str]
    shared_text_rule: str | None
    min_citizens: int
    skip: dict[int, frozenset[str]]


_PLAN: Plan | None = None


#: history entries built in this process, by (record, stated difference): one citizen's
#: records share them instead of validating n² entries
_HISTORY: dict[tuple[int, str | None], HistoryEntry] = {}


def _prepare(i: int) -> Callable[[Agreement], Context | None]:
    assert _STATE is not None and _ENGINE is not None
    st, engine = _STATE, _ENGINE

    def prepare(a: Agreement) -> Context | None:
        members = st.by_citizen.get(st.cit[i]) if i < len(st.cit) else None
        if members:
            built = []
            day = a.start.toordinal()
            for j in members:
                det = st.details.get(j)
                if j == i or det is None:
                    continue
                hid, cvr, p, hs, he, title, functions = det
                if not hs or hs >= day:
                    continue  # only internships that start before this one are history
                key = (j, a.difference_from_earlier)
                entry = _HISTORY.get(key)
                if entry is None:
                    try:
                        entry = HistoryEntry.model_validate({
                            "id": hid, "cvr": cvr, "p_number": p,
                            "start": dt.date.fromordinal(hs),
                            "end": dt.date.fromordinal(he) if he else None,
                            "title": title, "functions": list(functions),
                            "difference": a.difference_from_earlier})
                    except ValueError:
                        continue
                    if len(_HISTORY) > 100_000:
                        _HISTORY.clear()
                    _HISTORY[key] = entry
                built.append(entry)
            if built:
                own = list(a.history or [])
                known = {h.id for h in own if h.id}
                a.history = own + [h for h in built if not (h.id and h.id in known)]
        load = st.load[i] if i < len(st.load) else 0.0
        return Context(groups=engine.ctx.groups, counted_load=load)

    return prepare


def _shared_text_finding(i: int, result: Result) -> None:
    assert _STATE is not None and _ENGINE is not None and _PLAN is not None
    rid = _PLAN.shared_text_rule
    a = result.agreement
    if rid is None or a is None or i >= len(_STATE.desc):
        return
    citizens = _STATE.shared_text.get(_STATE.desc[i])
    if not citizens or any(f.rule == rid for f in result.findings):
        return
    rule = _ENGINE.rs.rules[rid]
    if rid in _ENGINE.disabled or not rule.in_force(a.start):
        return
    hit = Hit("/purpose/description", {"problem": Term("boilerplate"), "citizens": citizens})
    f = _ENGINE.finding(rule, hit, a, a.start)
    result.findings.append(f)


Facts = tuple[bool, str | None, str | None, int | None, float | None, str | None]
#: what the parent needs of one result besides its JSON text: per finding (rule,
#: severity, waived, line, agreement id, source) for the tallies and examples
Brief = tuple[tuple[tuple[str, str, bool, int | None], ...], str | None, str, int | None]


def _facts(result: Result) -> Facts:
    a = result.agreement
    if a is None:
        return (False, None, None, None, None, None)
    weeks = days(a.start, a.final_end) / 7 if a.final_end >= a.start else None
    # Data that reaches the console summary and the HTML report: through the door here.
    assert _ENGINE is not None
    m = _ENGINE.mask
    return (True, door.text(a.target_group, m), door.opt(a.municipality, m), a.start.year, weeks,
            door.opt(a.company.sector, m))


_WANT_DOC = True


def _check_task(task: Task) -> tuple[str, dict[str, Any] | None, Brief, Facts]:
    """Check one record. Returns its JSON text (serialised here, in the worker, so the
    parent only writes it), the result as a dict only when the parent needs it (a
    findings file), and a brief of its findings for the tallies."""
    assert _ENGINE is not None and _PLAN is not None
    i = task[0]
    rec = _record(task)
    result = _ENGINE.run(rec, prepare=_prepare(i), skip=_PLAN.skip.get(task[2], frozenset()))
    if result.agreement is not None:
        _shared_text_finding(i, result)
        result.findings.sort(key=lambda f: f.rule)
    door.seal(result, _ENGINE.mask)
    doc = result_dict(result)
    brief: Brief = (tuple((f.rule, f.severity, f.waiver is not None, f.line) for f in result.findings),
                    result.agreement_id, door.clean(result.source), result.line)
    return json.dumps(doc, ensure_ascii=False), (doc if _WANT_DOC else None), brief, _facts(result)


# --------------------------------------------------------------------------- running


def _run_block(fn: Callable[[Task], Any], block: list[Task]) -> list[Any]:
    return [fn(t) for t in block]


class AuditIncomplete(PraktiktjekError):
    """The run could not read or check every record: no report is written (exit 2)."""


def _worker_init() -> None:
    """A worker leaves signals to the parent: Ctrl-C (SIGINT to the whole process group)
    is the parent's to handle; SIGTERM ends the worker quietly. Nothing a dying worker
    would print (a BrokenPipeError traceback when the parent is gone) reaches the user:
    the parent reports every failure itself."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    # Forked with both signals blocked (see _run_pass): a Ctrl-C during the fork is ignored
    # here, never a KeyboardInterrupt in the middle of the worker's start-up.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


_SIGNALS = {2, 15}  # SIGINT, SIGTERM


def _run_pass(fn: Callable[[Task], Any], tasks: Iterator[Task], jobs: int,
              chunk: int = 256) -> Iterator[Any]:
    """Map ``fn`` over the tasks in worker processes, answers in input order.

    At most a few chunks per worker are in flight, so memory stays bounded whatever the
    size of the export. A worker that dies (kill -9, the OOM killer) is noticed at once
    (the pool breaks): the run stops with :class:`AuditIncomplete` instead of waiting
    forever for an answer that will never come.
    """
    if jobs <= 1:
        yield from map(fn, tasks)
        return
    import multiprocessing as mp
    import signal
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from itertools import islice

    pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_worker_init)
    finished = False
    try:
        pending: deque[Future[list[Any]]] = deque()
        window = jobs * 3

        def submit() -> bool:
            block = list(islice(tasks, chunk))
            if block:
                pending.append(pool.submit(_run_block, fn, block))
            return bool(block)

        try:
            # The workers (and the pool's thread) start with SIGINT and SIGTERM blocked; the
            # parent gets any signal that came meanwhile as soon as they are unblocked.
            signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
            try:
                for _ in range(window):
                    if not submit():
                        break
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
            while pending:
                answers = pending.popleft().result()
                submit()
                yield from answers
        except BrokenProcessPool:
            raise AuditIncomplete(
                "en arbejdsproces stoppede uventet (fx dræbt af systemet); kørslen er "
                "ufuldstændig, og der er ikke skrevet nogen rapport eller fundfil") from None
        finished = True
    finally:
        if not finished:
            for proc in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(OSError, AttributeError):
                    proc.kill()
        # Wait even after an interruption: the workers are dead, so this is quick, and a
        # pool left running would write to closed pipes at interpreter exit.
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class AuditOptions:
    paths: list[str]
    mapping: Mapping
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_RECORD_BYTES
    progress: Callable[[str, int | None], Callable[[int], None]] | None = None
    #: whether emit needs each result as a dict (findings file, JSON document)
    want_doc: bool = True


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


def not_checkable(engine: Engine, sources: list[Source]) -> dict[int, frozenset[str]]:
    skip: dict[int, frozenset[str]] = {}
    for si, src in enumerate(sources):
        present = src.present
        if present is None:
            continue
        missing = set()
        for rule in engine.rs.rules.values():
            if rule.kind.scope != "agreement":
                continue
            if not all(satisfied(n, present) for n in rule.needs):
                missing.add(rule.id)
        skip[si] = frozenset(missing)
    return skip


Emit = Callable[[str, "dict[str, Any] | None", Brief, Facts], None]


def run_audit(engine: Engine, opts: AuditOptions, emit: Emit) -> AuditRun:
    """Run the three passes; ``emit`` receives each result, in input order."""
    global _SOURCES, _MAPPING, _ENGINE, _MAX_BYTES, _STATE, _PLAN, _WANT_DOC
    _WANT_DOC = opts.want_doc
    _MAPPING = opts.mapping
    sources = open_sources(opts.paths, opts.mapping, engine.mask, opts.max_bytes)
    try:
        _SOURCES, _MAPPING, _ENGINE, _MAX_BYTES = sources, opts.mapping, engine, opts.max_bytes
        rules = engine.rs.rules
        batch = {r.id: r for r in rules.values() if r.spec.batch is not None}
        kinds = {rid: r.spec.batch.kind for rid, r in batch.items() if r.spec.batch}
        shared = next((batch[rid] for rid, k in kinds.items() if k == "shared_text"), None)
        min_citizens = int(getattr(shared.batch_params, "min_citizens", 5)) if shared else 5
        plan = Plan(
            history_rules=frozenset(rid for rid, k in kinds.items() if k == "export_history"),
            load_rules=frozenset(rid for rid, k in kinds.items() if k == "workplace_load"),
            shared_text_rule=shared.id if shared else None,
            min_citizens=min_citizens,
            skip=not_checkable(engine, sources),
        )
        _PLAN = plan
        _full_time_hours.cache_clear()
        tick = opts.progress("Indekserer", None) if opts.progress else None

        def counted(it: Iterator[Any]) -> Iterator[Any]:
            for n, x in enumerate(it, start=1):
                if tick is not None and n % 1000 == 0:
                    tick(1000)
                yield x

        _STATE = None
        state = build_state(counted(_run_pass(_index_task, iter_tasks(sources, opts.max_bytes, True),
                                              opts.jobs)), min_citizens)
        for src in sources:
            if src.fallback_rows:
                from .readers.csvfile import fallback_note

                print(f"praktiktjek: {fallback_note(src.display, src.fallback_rows)}", file=sys.stderr)
        _STATE = state
        _HISTORY.clear()
        # Histories from the export only serve the export_history rules: with all of them
        # switched off, neither the details pass nor the history building runs.
        if not (plan.history_rules - engine.disabled):
            state.by_citizen.clear()
            state.repeat_records.clear()
        if state.repeat_records:
            pool: dict[Any, Any] = {}
            for got in _run_pass(_details_task, iter_tasks(sources, opts.max_bytes), opts.jobs):
                if got is not None:
                    state.details[got[0]] = _compact(got[1], pool)
            del pool
        total = len(state.cit)
        tick = opts.progress("Kontrollerer", total) if opts.progress else None
        checked = _run_pass(_check_task, iter_tasks(sources, opts.max_bytes), opts.jobs)
        n = 0
        for n, (text, doc, brief, facts) in enumerate(checked, start=1):
            emit(text, doc, brief, facts)
            if tick is not None and n % 500 == 0:
                tick(500)
        if n != total:
            raise AuditIncomplete(
                f"inddata ændrede sig under kørslen ({total} poster ved første gennemløb, {n} ved "
                "kontrollen); kørslen er ufuldstændig, og der er ikke skrevet nogen rapport")
        _STATE = None
        return AuditRun(sources, plan, state, total, lost=sum(s.lost for s in sources))
    finally:
        close_sources(sources)


def not_checkable_report(engine: Engine, run: AuditRun, mapping: Mapping) -> list[dict[str, Any]]:
    """Each rule a source cannot check, once, with the columns it lacks (by the names the
    mapping gives them, so that an auditor recognises them)."""
    columns: dict[str, list[str]] = {}
    for col, target in mapping.columns.items():
        columns.setdefault(target, []).append(col)
    out = []
    for si, rules in sorted(run.plan.skip.items()):
        src = run.sources[si]
        for rid in sorted(rules):
            rule = engine.rs.rules[rid]
            missing = [n for n in rule.needs if not satisfied(n, src.present)]
            names = [engine.mask(" eller ".join(c for p in n.split("|")
                                                for c in columns.get(p, [f"{p} (ingen kolonne i afbildningen)"])))
                     for n in missing]
            out.append({"rule": rid, "source": src.display, "missing_fields": missing,
                        "missing_columns": names, "title": rule.spec.title.get(engine.lang)})
    return out


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection)."""
    return door.csv_cell(cell)


FINDING_COLUMNS = ("source", "line", "agreement_id", "citizen", "rule", "severity", "message",
                   "citation", "url", "pointer", "waived")


def finding_rows(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for f in doc["findings"]:
        cit = f.get("citation") or {}
        yield {"source": door.clean_path(doc["source"]), "line": f.get("line") or doc.get("line"),
               "agreement_id": doc.get("agreement_id"), "citizen": doc.get("citizen"),
               "rule": f["rule"], "severity": f["severity"], "message": f["message"],
               "citation": cit.get("text"), "url": cit.get("url"), "pointer": f["pointer"],
               "waived": (f.get("waived") or {}).get("reason")}


class FindingsWriter:
    """--findings PATH.csv or .jsonl: one row per finding, CPR masked, formulas neutralised."""

    def __init__(self, fh: IO[str], is_csv: bool) -> None:
        """``fh``: the temporary file of :class:`praktiktjek.outputs.Outputs`, renamed
        into place only when the whole run has succeeded."""
        self.fh = fh
        self.csv = None
        if is_csv:
            import csv

            self.csv = csv.writer(self.fh, delimiter=";", quoting=csv.QUOTE_MINIMAL)
            self.csv.writerow(FINDING_COLUMNS)

    def add(self, doc: dict[str, Any]) -> None:
        for row in finding_rows(doc):
            if self.csv is not None:
                cells = ["" if row[c] is None else str(row[c]) for c in FINDING_COLUMNS]
                self.csv.writerow([neutralise(c) for c in cells])
            else:
                self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")

def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


Sink = Callable[[dict[str, Any]], None]


def stream_json_results(out: IO[str]) -> tuple[Callable[[str], None], Sink]:
    """Write {"results": [...], "summary": …} without holding the results in memory."""
    first = [True]
    out.write('{\n  "results": [\n')

    def add(text: str) -> None:
        if not first[0]:
            out.write(",\n")
        first[0] = False
        out.write("    " + text)

    def close(tail: dict[str, Any]) -> None:
        out.write("\n  ],\n")
        for n, (k, v) in enumerate(tail.items()):
            text = json.dumps(v, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            out.write(f'  "{k}": {text}' + (",\n" if n < len(tail) - 1 else "\n"))
        out.write("}\n")

    return add, close
