"""Step 4: findings. The records and the SQL rules' hits come back from DuckDB in
record order, a batch at a time; each hit is rendered by the engine from the rule file's
templates — once per distinct (rule, facts), then reused — and merged with the findings
the screen made in Python, in the order the Python engine gives them (by rule)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from types import SimpleNamespace
from typing import Any, cast

import orjson

from .. import door
from ..checks import Term
from ..checks.base import Code
from ..engine import Citation, Engine, Finding
from ..model import Agreement
from ..reporters.jsonout import citation_dict, finding_dict
from .tables import Database

#: facts that are dates (JSON carries them as ISO text)
DATE_FACTS = frozenset({"earlier_start", "earlier_end", "end_date", "date", "previous"})
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
#: template fields the engine fills from the agreement itself
_AGREEMENT_FIELDS = re.compile(r"\{(group|group_plural|agreement_id|start|end)\}")
#: where each of them is in a hit's (agreement id, group, start, end)
_OWN = {"agreement_id": 0, "group": 1, "group_plural": 1, "start": 2, "end": 3}

Brief = tuple[tuple[tuple[str, str, bool, int | None], ...], str | None, str, int | None]
Facts = tuple[bool, str | None, str | None, int | None, float | None, str | None]  # common.Facts
Emit = Callable[[str, "dict[str, Any] | None", Brief, Facts], None]


def _fact(key: str, value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"term"}:
        return Term(value["term"])
    if isinstance(value, dict) and set(value) == {"code", "value"}:
        return Code(value["code"], value["value"])
    if key in DATE_FACTS and isinstance(value, str) and _ISO.match(value):
        return dt.date.fromisoformat(value)
    return value


def _tags(facts_json: str) -> frozenset[str]:
    """The citation tags a hit carries (``_tags`` in its facts, e.g. the graduate exception)."""
    if '"_tags"' not in facts_json:
        return frozenset()
    return frozenset(orjson.loads(facts_json).get("_tags") or ())


#: distinct messages kept for reuse at most (a few MB)
MESSAGE_CACHE = 20_000
#: distinct findings (and lists of the screen's findings) kept ready to write, at most
SHOWN_CACHE = 4096

#: a finding as the outputs take it: (rule, severity, waived, line) for the brief, its
#: JSON text, and its dict (read only: copied before it leaves for a writer)
Shown = tuple[tuple[str, str, bool, "int | None"], str, "dict[str, Any]"]


def js(value: Any) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False)`` writes it: a text by the very
    function json uses for it, an int by ``int.__repr__`` as json does, anything else by json."""
    if value is None:
        return "null"
    t = type(value)
    if t is str:
        return encode_basestring(value)
    if t is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def dict_text(d: dict[str, Any], known: dict[str, str] | None = None) -> tuple[str, str]:
    """The JSON text of a finding's dict (``json.dumps(d, ensure_ascii=False)``) in two
    parts around its ``line``'s value, so that the text for any line is head + js(line) + tail.
    ``known``: values whose text is already at hand (``js`` of them), by key."""
    known = known or {}
    items = [(encode_basestring(k), known[k] if k in known else js(v) if k != "line" else "") for k, v in d.items()]
    i = next(n for n, (k, _) in enumerate(items) if k == '"line"')
    head = "{" + "".join(f"{k}: {v}, " for k, v in items[:i]) + '"line": '
    tail = "".join(f", {k}: {v}" for k, v in items[i + 1:]) + "}"
    return head, tail


def record_text(source: str, line: int | None, agreement_id: str | None, citizen: str | None,
                findings: list[str]) -> str:
    """A record's result as ``json.dumps(result_dict, ensure_ascii=False)`` writes it, from
    its findings' JSON texts."""
    return (f'{{"source": {js(source)}, "line": {js(line)}, "agreement_id": {js(agreement_id)}, '
            f'"citizen": {js(citizen)}, "findings": [{", ".join(findings)}]}}')


class Renderer:
    """Hits to findings ready to write, each message rendered once per distinct (rule,
    facts), each finding's JSON once per distinct (rule, pointer, facts, citation)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.messages: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.shown: dict[tuple[Any, ...], tuple[str, str, str, dict[str, Any]]] = {}
        self.citations: dict[int, tuple[str, Citation | None]] = {}
        #: (text, citation) by (rule, start day, facts when they carry tags)
        self.by_day: dict[tuple[str, Any, str], tuple[str, Citation | None]] = {}
        self.cited: dict[Citation | None, str] = {}
        self.listed: dict[str, tuple[Shown, ...]] = {}
        self.found: dict[tuple[Any, ...], tuple[str, str, str, dict[str, Any]]] = {}
        self.uses_agreement: dict[str, tuple[int, ...]] = {}
        self.rendered = 0

    def _uses_agreement(self, rid: str) -> tuple[int, ...]:
        """Where in (agreement id, group, start, end) the agreement's own fields are that the
        rule's texts show (``{group}``, ``{start}`` …)."""
        got = self.uses_agreement.get(rid)
        if got is None:
            rule = self.engine.rs.rules[rid]
            texts = [*rule.spec.message.model_dump().values(), *rule.spec.fix.model_dump().values()]
            for t in [*rule.spec.terms.values(), *self.engine.rs.terms.values()]:
                texts += list(t.model_dump().values())
            used = {m.group(1) for t in texts if isinstance(t, str) for m in _AGREEMENT_FIELDS.finditer(t)}
            got = tuple(_OWN[f] for f in sorted(used))
            self.uses_agreement[rid] = got
        return got

    def _message(self, rid: str, facts_json: str, own: tuple[Any, ...], row: tuple[Any, ...]) -> tuple[str, str]:
        engine = self.engine
        key = (rid, facts_json, own)
        text = self.messages.get(key)
        if text is None:
            aid, group, start, end = row
            facts = {k: _fact(k, v) for k, v in orjson.loads(facts_json).items() if k != "_tags"}
            a = SimpleNamespace(id=aid, target_group=group, start=start, end=end)
            message, fix = engine.render(engine.rs.rules[rid], facts, cast(Agreement, a))
            text = (door.clean(message), door.clean(fix))  # door.seal, as the reference engine's results
            self.rendered += 1
            # Kept up to a bound (a message naming the agreement's id rarely comes again),
            # so that memory does not grow with the export.
            if len(self.messages) >= MESSAGE_CACHE:
                self.messages.clear()
            self.messages[key] = text
        return text

    def finding(self, rid: str, pointer: str, facts_json: str, row: tuple[Any, ...],
                line: int | None) -> Shown:
        """One SQL hit of the record whose (agreement id, group, start, end) is ``row``."""
        idx = self.uses_agreement.get(rid)
        if idx is None:
            idx = self._uses_agreement(rid)
        own = tuple([row[i] for i in idx])
        # the citation is the engine's for (rule, start, tags); the tags are none unless the
        # facts name some, so the facts are part of the key only then
        ckey = (rid, row[2], facts_json if '"_tags"' in facts_json else "")
        cited = self.by_day.get(ckey)
        if cited is None:
            cited = self.by_day[ckey] = self._cited(rid, row[2], facts_json)
        cit = cited[1]
        # what the finding is made of: its rule, pointer, facts, the agreement fields its
        # texts show, and its citation
        key = (rid, pointer, facts_json, own, cited[0])
        got = self.found.get(key)
        if got is None:
            got = self._shown(rid, pointer, facts_json, own, row, cit, cited[0])
            if len(self.found) >= SHOWN_CACHE:
                self.found.clear()
            self.found[key] = got
        severity, head, tail, d = got
        return (rid, severity, False, line), head + js(line) + tail, d

    def _cited(self, rid: str, day: dt.date, facts_json: str) -> tuple[str, Citation | None]:
        engine = self.engine
        cit = engine.citation(engine.rs.rules[rid], day, _tags(facts_json))
        # The engine keeps one Citation per (rule, day, tags), many of them alike: a finding
        # is known by its citation's text, one shared text for alike citations (the
        # Citation is held with it, so its id stays its own).
        cited = self.citations.get(id(cit))
        if cited is None:
            text = self.cited.get(cit)  # Citation is a frozen dataclass: alike ones are equal
            if text is None:
                text = self.cited[cit] = js(citation_dict(cit))
            cited = self.citations[id(cit)] = (text, cit)
        if len(self.by_day) >= MESSAGE_CACHE:
            self.by_day.clear()
        return cited

    def _shown(self, rid: str, pointer: str, facts_json: str, own: tuple[Any, ...], row: tuple[Any, ...],
               cit: Citation | None, cited: str) -> tuple[str, str, str, dict[str, Any]]:
        engine = self.engine
        rule = engine.rs.rules[rid]
        message = self._message(rid, facts_json, own, row)
        key = (rid, pointer, message, cited)
        got = self.shown.get(key)
        if got is None:
            f = Finding(rule=rid, severity=rule.severity, message=message[0], pointer=door.text(pointer, engine.mask),
                        citation=cit, fix=message[1], title=door.clean(rule.spec.title.get(engine.lang)))
            d = finding_dict(f)
            head, tail = dict_text(d, {"citation": cited})
            if len(self.shown) >= SHOWN_CACHE:
                self.shown.clear()
            got = self.shown[key] = (rule.severity, head, tail, d)
        return got

    def screened(self, pyf: str) -> tuple[Shown, ...]:
        """The findings the screen made in Python (their JSON list), ready to write."""
        got = self.listed.get(pyf)
        if got is None:
            got = tuple(((f["rule"], f["severity"], "waived" in f, f["line"]), json.dumps(f, ensure_ascii=False), f)
                        for f in json.loads(pyf))
            if len(self.listed) >= SHOWN_CACHE:
                self.listed.clear()
            self.listed[pyf] = got
        return got


_RECORDS = """SELECT rec, source_out, line, finding_line, aid_out, citizen_out, pyf, readable, target_group,
                     group_out, municipality, weeks, sector, aid, start, "end",
                     rec NOT IN (SELECT rec FROM superseded) AS counted FROM agreements
              WHERE rec >= ? AND rec < ? ORDER BY rec"""
_HITS = "SELECT rec, rule, seq, pointer, facts FROM hits WHERE rec >= ? AND rec < ? ORDER BY rec, rule, seq"
#: records per result batch: each batch is one small sort, whatever the size of the export
BATCH = 50_000


def _batches(db: Database, query: str, total: int, size: int = 4096) -> Iterator[tuple[Any, ...]]:
    cur = db.con.cursor()
    try:
        for lo in range(0, total, BATCH):
            cur.execute(query, [lo, lo + BATCH])
            while rows := cur.fetchmany(size):
                yield from rows
    finally:
        cur.close()


def _rule(shown: Shown) -> str:
    return shown[0][0]


def stream(db: Database, engine: Engine, want_doc: bool, emit: Emit,
           tick: Callable[[int], None] | None, total: int) -> tuple[int, Renderer]:
    """Every record's result, in record order, to ``emit`` (as the Python engine's: its JSON
    text is ``json.dumps(doc, ensure_ascii=False)``, put together from the findings' texts)."""
    render = Renderer(engine)
    hits = _batches(db, _HITS, total)
    pending = next(hits, None)
    n = 0
    no_facts: Facts = (False, None, None, None, None, None)
    for row in _batches(db, _RECORDS, total):
        (rec, source, line, finding_line, aid_out, citizen_out, pyf, readable, group, group_out, municipality,
         weeks, sector, aid, start, end, counted) = row
        findings: list[Shown] = list(render.screened(pyf)) if pyf else []
        if pending is not None and pending[0] == rec:
            own = (aid, group, start, end)
            extra: list[Shown] = []
            while pending is not None and pending[0] == rec:
                _, rid, _, pointer, facts_json = pending
                extra.append(render.finding(rid, pointer, facts_json, own, finding_line))
                pending = next(hits, None)
            findings += extra
        if readable and len(findings) > 1:  # the Python engine's order: by rule, stable (its own, then the batch step)
            findings.sort(key=_rule)
        text = record_text(source, line, aid_out, citizen_out, [f[1] for f in findings])
        doc = None
        if want_doc:
            shown = []
            for (_, _, _, fline), _, d in findings:
                d = dict(d)
                d["line"] = fline
                shown.append(d)
            doc = {"source": source, "line": line, "agreement_id": aid_out, "citizen": citizen_out,
                   "findings": shown}
        brief: Brief = (tuple([f[0] for f in findings]), aid_out, source, line)
        # an earlier record of a repeated id (rules.derive's ``superseded``) has its findings
        # tallied, but stands for no agreement in the statistics (common.Facts)
        facts: Facts = ((True, group_out, municipality, start.year, weeks, sector) if readable and counted
                        else no_facts)
        emit(text, doc, brief, facts)
        n += 1
        if tick is not None and n % 1000 == 0:
            tick(1000)
    return n, render
