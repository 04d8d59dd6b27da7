"""Step 4: findings. The records and the SQL rules' hits come back from DuckDB in
record order, a batch at a time; each hit is rendered by the engine from the rule file's
templates — once per distinct (rule, facts), then reused — and merged with the findings
the screen made in Python, in the order the Python engine gives them (by rule)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any, cast

import orjson

from .. import door
from ..checks import Term
from ..checks.base import Code
from ..engine import Engine, Finding
from ..model import Agreement
from ..reporters.jsonout import finding_dict
from .tables import Database

#: facts that are dates (JSON carries them as ISO text)
DATE_FACTS = frozenset({"earlier_start", "earlier_end", "end_date", "date", "previous"})
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
#: template fields the engine fills from the agreement itself
_AGREEMENT_FIELDS = re.compile(r"\{(group|group_plural|agreement_id|start|end)\}")

Brief = tuple[tuple[tuple[str, str, bool, int | None], ...], str | None, str, int | None]
Facts = tuple[bool, str | None, str | None, int | None, float | None, str | None]
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


class Renderer:
    """Hits to finding objects, each message rendered once per distinct (rule, facts)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.messages: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.uses_agreement: dict[str, tuple[str, ...]] = {}
        self.rendered = 0

    def _uses_agreement(self, rid: str) -> tuple[str, ...]:
        """The agreement's own fields the rule's texts show (``{group}``, ``{start}`` …)."""
        got = self.uses_agreement.get(rid)
        if got is None:
            rule = self.engine.rs.rules[rid]
            texts = [*rule.spec.message.model_dump().values(), *rule.spec.fix.model_dump().values()]
            for t in [*rule.spec.terms.values(), *self.engine.rs.terms.values()]:
                texts += list(t.model_dump().values())
            used = {m.group(1) for t in texts if isinstance(t, str) for m in _AGREEMENT_FIELDS.finditer(t)}
            got = tuple(sorted(used))
            self.uses_agreement[rid] = got
        return got

    def finding(self, rid: str, pointer: str, facts_json: str, row: tuple[Any, ...],
                line: int | None) -> dict[str, Any]:
        engine = self.engine
        rule = engine.rs.rules[rid]
        aid, group, start, end = row
        fields = {"group": group, "group_plural": group, "agreement_id": aid, "start": start, "end": end}
        own = tuple(fields[f] for f in self._uses_agreement(rid))
        key = (rid, facts_json, own)
        text = self.messages.get(key)
        tags = _tags(facts_json)
        if text is None:
            facts = {k: _fact(k, v) for k, v in orjson.loads(facts_json).items() if k != "_tags"}
            a = SimpleNamespace(id=aid, target_group=group, start=start, end=end)
            message, fix = engine.render(rule, facts, cast(Agreement, a))
            text = (door.clean(message), door.clean(fix))  # door.seal, as the reference engine's results
            self.rendered += 1
            # Kept up to a bound (a message naming the agreement's id rarely comes again),
            # so that memory does not grow with the export.
            if len(self.messages) >= MESSAGE_CACHE:
                self.messages.clear()
            self.messages[key] = text
        f = Finding(rule=rid, severity=rule.severity, message=text[0], pointer=door.text(pointer, engine.mask),
                    citation=engine.citation(rule, start, tags), fix=text[1],
                    title=door.clean(rule.spec.title.get(engine.lang)), line=line)
        return finding_dict(f)


_RECORDS = """SELECT rec, source_out, line, finding_line, aid_out, citizen_out, pyf, readable, target_group,
                     group_out, municipality, weeks, sector, aid, start, "end" FROM agreements
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


def stream(db: Database, engine: Engine, shared_text_rule: str | None, want_doc: bool, emit: Emit,
           tick: Callable[[int], None] | None, total: int) -> tuple[int, Renderer]:
    """Every record's result, in record order, to ``emit`` (as the Python engine's)."""
    render = Renderer(engine)
    hits = _batches(db, _HITS, total)
    pending = next(hits, None)
    n = 0
    for row in _batches(db, _RECORDS, total):
        (rec, source, line, finding_line, aid_out, citizen_out, pyf, readable, group, group_out, municipality,
         weeks, sector, aid, start, end) = row
        findings: list[dict[str, Any]] = json.loads(pyf) if pyf else []
        if pending is not None and pending[0] == rec:
            own = (aid, group, start, end)
            extra: list[dict[str, Any]] = []
            while pending is not None and pending[0] == rec:
                _, rid, _, pointer, facts_json = pending
                # the batch step only speaks when the rule found nothing else (its hit comes
                # last among the rule's hits)
                if not (rid == shared_text_rule and any(f["rule"] == rid for f in [*findings, *extra])):
                    extra.append(render.finding(rid, pointer, facts_json, own, finding_line))
                pending = next(hits, None)
            findings += extra
        if readable:  # the Python engine's order: by rule, stable (its own hits, then the batch step)
            findings.sort(key=lambda f: f["rule"])
        doc = {"source": source, "line": line, "agreement_id": aid_out, "citizen": citizen_out,
               "findings": findings}
        brief: Brief = (tuple((f["rule"], f["severity"], "waived" in f, f["line"]) for f in findings),
                        aid_out, source, line)
        facts: Facts = (True, group_out, municipality, start.year, weeks, sector) if readable else \
            (False, None, None, None, None, None)
        emit(json.dumps(doc, ensure_ascii=False), doc if want_doc else None, brief, facts)
        n += 1
        if tick is not None and n % 1000 == 0:
            tick(1000)
    return n, render
