"""The writers of an audit, shared by both engines (the engines themselves live in the
:mod:`praktiktjek.batch` package: DuckDB in ``batch.run``, the Python reference in
``batch.reference``): the findings file, the streamed JSON document, and the rules a
source's columns cannot check."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

from . import door
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
