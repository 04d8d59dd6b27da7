"""The writers of an audit, shared by both engines (the engines themselves live in the
:mod:`praktiktjek.batch` package: DuckDB in ``batch.run``, the Python reference in
``batch.reference``): the findings file, the streamed JSON document, and the rules a
source's columns cannot check."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from . import door
from .batch.sources import DIFFERENCE_FIELD, DIFFERENCE_KEY, history_not_checkable
from .engine import Engine
from .fields import satisfied
from .readers.csvfile import Mapping

if TYPE_CHECKING:
    from .batch.common import AuditRun

def not_checkable_report(engine: Engine, run: AuditRun, mapping: Mapping) -> list[dict[str, Any]]:
    """Each rule a source cannot check, once, with the columns it lacks (by the names the
    mapping gives them, so that an auditor recognises them)."""
    columns: dict[str, list[str]] = {}
    for col, target in mapping.columns.items():
        columns.setdefault(target, []).append(col)
    out = []
    # a JSON source without the difference field: its export-built history (review 12, D1)
    partly = history_not_checkable(engine)
    unknown = {si: partly for si in run.state.without_difference}
    for si in sorted(set(run.plan.skip) | set(unknown)):
        src = run.sources[si]
        for rid in sorted(run.plan.skip.get(si, frozenset()) | unknown.get(si, frozenset())):
            rule = engine.rs.rules[rid]
            if src.present is None:  # JSON: the field no agreement of the source carries
                missing, names = [DIFFERENCE_FIELD], [DIFFERENCE_KEY]
            else:
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

    def __init__(self, fh: IO[str], is_csv: bool, show_cpr: bool = False) -> None:
        """``fh``: the temporary file of :class:`praktiktjek.outputs.Outputs`, renamed
        into place only when the whole run has succeeded; UTF-8. A CSV file starts with a
        byte order mark (so that Excel reads it as UTF-8), written here: the "utf-8-sig"
        codec would do the same in Python code at every row."""
        self.fh = fh
        self.show_cpr = show_cpr
        self.csv = None
        #: a finding's own cells (all but the record's four), by what they are made of:
        #: (the cells, door.outline of them)
        self.tails: dict[tuple[Any, ...], tuple[tuple[str, ...], bool, tuple[str, ...]]] = {}
        # A record's rows are written to ``buf`` first and held back (``pending``) until the
        # next record's rows are known: the door sees the file's text as it is written, so
        # two neighbouring cells — in a row, or across a line break — cannot read as one CPR
        # number (``AAL-230487;9173…``).
        self.buf = io.StringIO()
        self.pending = ""
        self.pending_cells: list[str] = []
        # what the first look needs of the held-back record: whether a number reads across
        # its own cells (door.may_join), and its cells with each finding's cut to their edges
        self.pending_joins = False
        self.pending_outline: list[str] = []
        if is_csv:
            import csv

            fh.write("\ufeff")
            self.csv = csv.writer(self.buf, delimiter=";", quoting=csv.QUOTE_MINIMAL)
            self.csv.writerow(FINDING_COLUMNS)
            self._flush(list(FINDING_COLUMNS), list(FINDING_COLUMNS), False)

    def _flush(self, cells: list[str], outline: list[str], joins: bool) -> None:
        """Write the held-back record and hold back this one (its rows are in ``buf``).
        ``outline``: ``cells`` with each finding's own cells as door.outline leaves them;
        ``joins``: whether a number reads inside one finding's own cells.

        The first look is door.may_join over the held-back record and this one, computed in
        parts: may_join(held + this) is true when it is for the held-back record alone (known
        from the last call), for this record alone (its outline), or across the one boundary
        between them (door.joins_at over the two outlines). Equal to the whole look by
        door.outline's and door.joins_at's rules (Hypothesis properties in tests/adversarial)."""
        text = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        if self.show_cpr:
            self.fh.write(text)
            return
        held = len(self.pending)
        joins = joins or door.may_join(outline)
        if self.pending_joins or joins or door.joins_at(self.pending_outline, outline):
            # the serial of a number no single cell holds becomes "*" in place (length kept)
            safe = door.across(self.pending + text,
                               [c.replace('"', '""') for c in self.pending_cells + cells])
        else:  # proven: no number across any boundary, so the text need not be searched
            safe = self.pending + text
        self.fh.write(safe[:held])
        self.pending, self.pending_cells = safe[held:], cells
        self.pending_joins, self.pending_outline = joins, outline

    def close(self) -> None:
        """Write what is held back (call once, after the last record)."""
        self.fh.write(self.pending)
        self.pending, self.pending_cells = "", []

    def add(self, doc: dict[str, Any]) -> None:
        if self.csv is None:
            for row in finding_rows(doc):
                self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif doc["findings"]:
            # finding_rows' cells, each as text and neutralised: the record's own once
            source, aid, citizen = (_cell(door.clean_path(doc["source"])),
                                    _cell(doc.get("agreement_id")), _cell(doc.get("citizen")))
            line = doc.get("line")
            rows = []
            outline: list[str] = []
            joins = False
            tails = self.tails
            for f in doc["findings"]:
                cit = f.get("citation") or {}
                tail = (f["rule"], f["severity"], f["message"], cit.get("text"), cit.get("url"), f["pointer"],
                        (f.get("waived") or {}).get("reason"))
                got = tails.get(tail)
                if got is None:  # the same finding comes again and again: its cells are made once
                    if len(tails) >= 4096:
                        tails.clear()
                    cells = tuple(_cell(v) for v in tail)
                    got = tails[tail] = (cells, *door.outline(cells))
                cells, inside, edges = got
                head = (source, _cell(f.get("line") or line), aid, citizen)
                rows.append(head + cells)
                outline += head
                outline += edges
                joins = joins or inside
            self.csv.writerows(rows)
            self._flush([c for r in rows for c in r], outline, joins)


def _cell(value: Any) -> str:
    """A CSV cell: "" for None, the value as text, neutralised (door.csv_cell)."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    return "'" + text if text and text[0] in door.FORMULA_START else text


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


#: results written to stdout at once: one write of many lines instead of one (or three) a record
RESULTS_BLOCK = 256


class ResultsOut:
    """Each record's result (its JSON text) on stdout: as JSON Lines, or inside one JSON
    document ``{"results": [...], "summary": …}`` without holding the results in memory.
    Written in blocks of :data:`RESULTS_BLOCK` results — the same text as a write a result;
    :meth:`flush` writes what is held (also when a run stops on an error)."""

    def __init__(self, out: IO[str], as_json: bool) -> None:
        self.out, self.as_json = out, as_json
        self.block: list[str] = []
        self.first = True
        if as_json:
            out.write('{\n  "results": [\n')

    def add(self, text: str) -> None:
        self.block.append(text)
        if len(self.block) >= RESULTS_BLOCK:
            self.flush()

    def flush(self) -> None:
        if not self.block:
            return
        if self.as_json:
            self.out.write(("    " if self.first else ",\n    ") + ",\n    ".join(self.block))
            self.first = False
        else:
            self.out.write("\n".join(self.block) + "\n")
        self.block.clear()

    def close(self, tail: dict[str, Any]) -> None:
        """Write what is held and then ``tail`` (the summary): the document's last keys, or
        the last line."""
        self.flush()
        if not self.as_json:
            self.out.write(json.dumps(tail, ensure_ascii=False) + "\n")
            return
        out = self.out
        out.write("\n  ],\n")
        for n, (k, v) in enumerate(tail.items()):
            text = json.dumps(v, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            out.write(f'  "{k}": {text}' + (",\n" if n < len(tail) - 1 else "\n"))
        out.write("}\n")
