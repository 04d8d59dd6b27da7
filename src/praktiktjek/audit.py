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
import codecs
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import shutil
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .checks import Context, Hit, Term
from .checks.base import days, norm
from .engine import Engine, Result, clean
from .fields import satisfied
from .model import Agreement, HistoryEntry
from .readers import DEFAULT_MAX_RECORD_BYTES, InputProblem, RawRecord, display_path, expand
from .readers.csvfile import Layout, Mapping, iter_rows, layout, row_record, sniff
from .readers.jsonfile import jsonl_record, read_json
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

    @property
    def present(self) -> frozenset[str] | None:
        return self.layout.present if self.layout is not None else None


def _detect_encoding(path: Path) -> str:
    """UTF-8 with BOM, UTF-8, or else Windows-1252 — decided over the whole file."""
    with path.open("rb") as fh:
        head = fh.read(3)
        if head == b"\xef\xbb\xbf":
            return "utf-8-sig"
        dec = codecs.getincrementaldecoder("utf-8")()
        try:
            dec.decode(head)
            while chunk := fh.read(1 << 20):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _kind_of(path: Path) -> str:
    s = path.suffix.lower()
    if s == ".csv":
        return "csv"
    if s in (".jsonl", ".ndjson"):
        return "jsonl"
    if s == ".json":
        return "json"
    with path.open("rb") as fh:  # unknown suffix (stdin): look at the first byte
        first = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"[":
        return "json"
    if first == b"{":
        return "jsonl"
    return "csv"


def open_sources(paths: list[str], mapping: Mapping, spool: Path,
                 mask: Callable[[str], str] = lambda s: s) -> list[Source]:
    """Open every input; a source's name is masked (a file may be named after a CPR)."""
    out: list[Source] = []
    for p in expand(paths):
        if p == "-":
            target = spool / f"stdin-{len(out)}"
            with target.open("wb") as fh:
                shutil.copyfileobj(sys.stdin.buffer, fh)
            path, disp = target, "<stdin>"
        else:
            assert isinstance(p, Path)
            path, disp = p, clean(mask(display_path(p)))
        if not path.is_file():
            out.append(Source(path, disp, "json", problem="filen findes ikke"))
            continue
        kind = _kind_of(path)
        src = Source(path, disp, kind)
        if kind == "csv":
            src.encoding = mapping.encoding or _detect_encoding(path)
            with path.open(encoding=src.encoding, errors="replace", newline="") as fh:
                first = fh.readline()
            src.separator = sniff(first, mapping.separator)
            import csv

            header = next(csv.reader([first], delimiter=src.separator), [])
            lay = layout(header, mapping)
            if not lay.columns:
                src.problem = ("første række er ikke en kendt kolonneoverskrift (mangler filen "
                               "overskrifter, eller skal der bruges --mapping?)")
            src.layout = lay
        out.append(src)
    return out


# --------------------------------------------------------------------------- tasks

# A task is one record as read from its source, before parsing:
# (record number, kind, source index, line or row, payload)
Task = tuple[int, str, int, int, Any]


def iter_tasks(sources: list[Source], max_bytes: int) -> Iterator[Task]:
    i = 0
    for si, src in enumerate(sources):
        if src.problem is not None:
            yield (i, "problem", si, 1, src.problem)
            i += 1
            continue
        if src.kind == "jsonl":
            with src.path.open("rb") as fh:
                seen = False
                for n, raw in enumerate(fh, start=1):
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
            for rec in read_json(src.path.read_bytes(), src.display, max_bytes):
                rec.locator = None  # positions stay in this process; records carry their line
                yield (i, "rec", si, rec.line or 1, rec)
                i += 1
        else:
            import csv

            assert src.layout is not None
            with src.path.open(encoding=src.encoding, errors="replace", newline="") as fh:
                reader = csv.reader(fh, delimiter=src.separator, strict=True)
                header = next(reader, [])
                for line, row, problem in iter_rows(reader, len(header)):
                    if row is None:
                        yield (i, "problem", si, line, problem)
                    else:
                        yield (i, "csv", si, line, row)
                    i += 1


# --------------------------------------------------------------------------- worker state

# Set in the parent before a pass; worker processes inherit them (fork).
_SOURCES: list[Source] = []
_MAPPING: Mapping | None = None
_ENGINE: Engine | None = None
_MAX_BYTES = DEFAULT_MAX_RECORD_BYTES
_STATE: AuditState | None = None


def _record(task: Task) -> RawRecord:
    _, kind, si, line, payload = task
    src = _SOURCES[si]
    if kind == "jl":
        rec = jsonl_record(payload, src.display, line, _MAX_BYTES)
        # An audit reports the record's line; mapping every finding to a column would
        # run the (pure Python) position scanner on each record with findings.
        rec.locator = None
        return rec
    if kind == "csv":
        assert src.layout is not None and _MAPPING is not None
        return row_record(src.display, line, payload, None, src.layout, _MAPPING)
    if kind == "rec":
        got: RawRecord = payload
        return got
    unit = "row" if src.kind == "csv" else "line"
    return RawRecord(src.display, line, problem=InputProblem(str(payload)), unit=unit)


def _raw_dict(task: Task) -> dict[str, Any] | None:
    """A record's data without validation (the fast path of passes 1 and 2)."""
    kind, payload = task[1], task[4]
    if kind == "jl":
        try:
            import orjson

            value = orjson.loads(payload)
        except ImportError:
            try:
                value = json.loads(payload)
            except (ValueError, RecursionError):
                return None
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None
    rec = _record(task)
    return rec.data if rec.problem is None and isinstance(rec.data, dict) else None


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


def _index_task(task: Task) -> tuple[int, int, int, int, float, int]:
    """(citizen, workplace, start, final end, full-time equivalents, purpose text)"""
    d = _raw_dict(task)
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
    fte = float(hours) / full_time if full_time and isinstance(hours, int | float) and hours >= 0 else 0.0
    purpose = d.get("purpose")
    desc = purpose.get("description") if isinstance(purpose, dict) else None
    dk = key64(" ".join(norm(desc).strip(" .").split())) if isinstance(desc, str) and desc.strip() else 0
    return (key64(cit), wp, start, end, fte if fte == fte else 0.0, dk)


def _details_task(task: Task) -> tuple[int, tuple[Any, ...]] | None:
    assert _STATE is not None
    if task[0] not in _STATE.repeat_records:
        return None
    d = _raw_dict(task)
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


def _prepare(i: int) -> Callable[[Agreement], Context | None]:
    assert _STATE is not None and _ENGINE is not None
    st, engine = _STATE, _ENGINE

    def prepare(a: Agreement) -> Context | None:
        members = st.by_citizen.get(st.cit[i]) if i < len(st.cit) else None
        if members:
            built = []
            for j in members:
                det = st.details.get(j)
                if j == i or det is None:
                    continue
                hid, cvr, p, hs, he, title, functions = det
                try:
                    entry = HistoryEntry.model_validate({
                        "id": hid, "cvr": cvr, "p_number": p,
                        "start": dt.date.fromordinal(hs) if hs else None,
                        "end": dt.date.fromordinal(he) if he else None,
                        "title": title, "functions": list(functions),
                        "difference": a.difference_from_earlier})
                except ValueError:
                    continue
                if entry.start is not None and entry.start < a.start:
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
    return (True, a.target_group, a.municipality, a.start.year, weeks, a.company.sector)


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
    doc = result_dict(result)
    brief: Brief = (tuple((f.rule, f.severity, f.waiver is not None, f.line) for f in result.findings),
                    result.agreement_id, clean(result.source), result.line)
    return json.dumps(doc, ensure_ascii=False), (doc if _WANT_DOC else None), brief, _facts(result)


# --------------------------------------------------------------------------- running


def _run_block(fn: Callable[[Task], Any], block: list[Task]) -> list[Any]:
    return [fn(t) for t in block]


def _run_pass(fn: Callable[[Task], Any], tasks: Iterator[Task], jobs: int,
              chunk: int = 256) -> Iterator[Any]:
    """Map ``fn`` over the tasks in worker processes, answers in input order.

    At most a few chunks per worker are in flight (unlike Pool.imap, whose result buffer
    grows without bound when the parent writes slower than the workers check), so memory
    stays bounded whatever the size of the export.
    """
    if jobs <= 1:
        yield from map(fn, tasks)
        return
    import multiprocessing as mp
    from collections import deque
    from itertools import islice

    ctx = mp.get_context("fork")
    with ctx.Pool(jobs) as pool:
        pending: deque[Any] = deque()
        window = jobs * 3

        def submit() -> bool:
            block = list(islice(tasks, chunk))
            if block:
                pending.append(pool.apply_async(_run_block, (fn, block)))
            return bool(block)

        for _ in range(window):
            if not submit():
                break
        while pending:
            answers = pending.popleft().get()
            submit()
            yield from answers


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
    with tempfile.TemporaryDirectory(prefix="praktiktjek-") as spool:
        sources = open_sources(opts.paths, opts.mapping, Path(spool), engine.mask)
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
        state = build_state(counted(_run_pass(_index_task, iter_tasks(sources, opts.max_bytes), opts.jobs)),
                            min_citizens)
        _STATE = state
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
        for n, (text, doc, brief, facts) in enumerate(checked, start=1):
            emit(text, doc, brief, facts)
            if tick is not None and n % 500 == 0:
                tick(500)
        _STATE = None
        return AuditRun(sources, plan, state, total)


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
            names = [" eller ".join(c for p in n.split("|")
                                    for c in columns.get(p, [f"{p} (ingen kolonne i afbildningen)"]))
                     for n in missing]
            out.append({"rule": rid, "source": src.display, "missing_fields": missing,
                        "missing_columns": names, "title": rule.spec.title.get(engine.lang)})
    return out


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection)."""
    if cell and cell[0] in "=+-@\t\r":
        return "'" + cell
    return cell


FINDING_COLUMNS = ("source", "line", "agreement_id", "citizen", "rule", "severity", "message",
                   "citation", "url", "pointer", "waived")


def finding_rows(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for f in doc["findings"]:
        cit = f.get("citation") or {}
        yield {"source": doc["source"], "line": f.get("line") or doc.get("line"),
               "agreement_id": doc.get("agreement_id"), "citizen": doc.get("citizen"),
               "rule": f["rule"], "severity": f["severity"], "message": f["message"],
               "citation": cit.get("text"), "url": cit.get("url"), "pointer": f["pointer"],
               "waived": (f.get("waived") or {}).get("reason")}


class FindingsWriter:
    """--findings PATH.csv or .jsonl: one row per finding, CPR masked, formulas neutralised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh: IO[str] = path.open("w", encoding="utf-8-sig" if path.suffix.lower() == ".csv" else "utf-8",
                                     newline="")
        self.csv = None
        if path.suffix.lower() == ".csv":
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

    def close(self) -> None:
        self.fh.close()


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
