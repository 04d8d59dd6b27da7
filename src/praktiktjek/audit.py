"""The writers of an audit, shared by both engines (the engines themselves live in the
:mod:`praktiktjek.batch` package: DuckDB in ``batch.run``, the Python reference in
``batch.reference``): the findings file, the streamed JSON document, and the rules a
source's columns cannot check."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from . import door
from .batch.sources import DIFFERENCE_FIELD, DIFFERENCE_KEY, history_not_checkable
from .engine import Engine
from .fields import satisfied
from .readers.csvfile import Mapping
from .reporters.jsonout import act_versions

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
        for token in sorted(run.plan.skip.get(si, frozenset()) | unknown.get(si, frozenset())):
            # a whole rule, or one part of it («VP206:no_need»: the date steps still ran)
            rid, part, shown = engine.part_of(token)
            rule = engine.rs.rules[rid]
            needs = rule.needs if part is None else tuple(sorted(next(f for t, f in rule.kind.parts if t == part)))
            if src.present is None:  # JSON: the field no agreement of the source carries
                missing, names = [DIFFERENCE_FIELD], [DIFFERENCE_KEY]
            else:
                missing = [n for n in needs if not satisfied(n, src.present)]
                names = [engine.mask(" eller ".join(c for p in n.split("|")
                                                    for c in columns.get(p, [f"{p} (ingen kolonne i afbildningen)"])))
                         for n in missing]
            title = rule.spec.title.get(engine.lang)
            out.append({"rule": rid, "source": src.shown, "missing_fields": missing,
                        "missing_columns": names, "title": f"{title} ({shown})" if part else title,
                        **({"part": part} if part else {})})
    return out


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection)."""
    return door.csv_cell(cell)


FINDING_COLUMNS = ("source", "line", "agreement_id", "citizen", "rule", "severity", "message",
                   "citation", "url", "pointer", "waived", "act_version")


def finding_source(shown: str) -> str:
    """A record's file name as the findings file (CSV or JSONL) writes it: a control or
    format character escaped as the GitHub annotation writes it (``\\x07``, ``\\u202e``),
    never dropped — two files whose names differ only by one are two names here as in
    every other output (door.shown_path); a line break stays (a CSV cell is quoted)."""
    return door.reshown_path(shown, door.NOT_IN_ANNOTATION)


def finding_rows(doc: dict[str, Any], lang: str = "da") -> Iterator[dict[str, Any]]:
    for f in doc["findings"]:
        cit = f.get("citation") or {}
        yield {"source": finding_source(doc["source"]), "line": f.get("line") or doc.get("line"),
               "agreement_id": doc.get("agreement_id"), "citizen": doc.get("citizen"),
               "rule": f["rule"], "severity": f["severity"], "message": f["message"],
               "citation": cit.get("text"), "url": cit.get("url"), "pointer": f["pointer"],
               "waived": (f.get("waived") or {}).get("reason"),
               # the act version as the text report names it (review 15, F13); last, so
               # that the columns before it keep their places
               "act_version": act_versions(cit, lang)}


class FindingsWriter:
    """--findings PATH.csv or .jsonl: one row per finding, CPR masked, formulas neutralised."""

    def __init__(self, fh: IO[str], is_csv: bool, show_cpr: bool = False, lang: str = "da") -> None:
        """``fh``: the temporary file of :class:`praktiktjek.outputs.Outputs`, renamed
        into place only when the whole run has succeeded; UTF-8. A CSV file starts with a
        byte order mark (so that Excel reads it as UTF-8), written here: the "utf-8-sig"
        codec would do the same in Python code at every row."""
        self.fh = fh
        self.show_cpr = show_cpr
        self.is_csv = is_csv
        #: the run's language: the act version's «ikrafttræden udledt» / «dates inferred»
        self.lang = lang
        #: a finding's own cells (all but the record's four), by what they are made of:
        #: (the cells, door.outline of them, their CSV text after the record's four)
        self.tails: dict[tuple[Any, ...], tuple[tuple[str, ...], bool, tuple[str, ...], str]] = {}
        # A record's rows are held back (``pending``) until the next record's rows are
        # known: the door sees the file's text as it is written, so two neighbouring cells
        # — in a row, or across a line break — cannot read as one CPR number
        # (``AAL-230487;9173…``).
        self.pending = ""
        self.pending_rows: list[tuple[str, ...]] = []
        # what the first look needs of the held-back record: whether a number reads across
        # its own cells (door.may_join), and its cells with each finding's cut to their edges
        self.pending_joins = False
        self.pending_outline: list[str] = []
        #: safe text not yet written: the file gets it in blocks of about WRITE_BLOCK characters
        self.out: list[str] = []
        self.out_size = 0
        #: act_versions of a finding's citation, by the citation dict's id: the DuckDB engine
        #: hands every finding of one citation the same dict (findings.Renderer, a shallow copy
        #: of its finding), so the act versions are read once, not once a finding. The dict is
        #: held beside its answer, so that its id cannot pass to another dict while kept.
        self.acts: dict[int, tuple[Any, str | None]] = {}
        #: the last record's file name, and its cell as (cell, first look's text, CSV text):
        #: the records of one file follow each other
        self.last_source: tuple[Any, tuple[str, str, str]] = (None, ("", "", ""))
        if is_csv:
            fh.write("\ufeff")
            header = ";".join(map(csv_text, FINDING_COLUMNS)) + "\r\n"
            self._flush(header, [FINDING_COLUMNS], list(FINDING_COLUMNS), False)

    def _flush(self, text: str, rows: list[tuple[str, ...]], outline: list[str], joins: bool) -> None:
        """Hold back this record (``text``: its ``rows`` as the CSV writer writes them) and
        write the held-back one.
        ``outline``: the record's cells as the first look reads them — each masked CPR
        number's digits as letters (door.opaque_masked, as across() reads the written text)
        and each finding's own cells as door.outline leaves them;
        ``joins``: whether a number reads inside one finding's own cells.

        The first look is door.may_join over the held-back record and this one, computed in
        parts: may_join(held + this) is true when it is for the held-back record alone (known
        from the last call), for this record alone (its outline), or across the one boundary
        between them (door.joins_at over the two outlines). Equal to the whole look by
        door.outline's and door.joins_at's rules (Hypothesis properties in tests/adversarial)."""
        if self.show_cpr:
            self._write(text)
            return
        held = len(self.pending)
        joins = joins or door.may_join(outline)
        if self.pending_joins or joins or door.joins_at(self.pending_outline, outline):
            # the serial of a number no single cell holds becomes "*" in place (length kept)
            safe = door.across(self.pending + text,
                               [c.replace('"', '""') for r in (*self.pending_rows, *rows) for c in r])
        else:  # proven: no number across any boundary, so the text need not be searched
            safe = self.pending + text
        self._write(safe[:held])
        self.pending, self.pending_rows = safe[held:], rows
        self.pending_joins, self.pending_outline = joins, outline

    def _write(self, text: str) -> None:
        self.out.append(text)
        self.out_size += len(text)
        if self.out_size >= WRITE_BLOCK:
            self.fh.write("".join(self.out))
            self.out.clear()
            self.out_size = 0

    def close(self) -> None:
        """Write what is held back (call once, after the last record)."""
        self.out.append(self.pending)
        self.fh.write("".join(self.out))
        self.out.clear()
        self.pending, self.pending_rows = "", []

    def add(self, doc: dict[str, Any]) -> None:
        if not self.is_csv:
            for row in finding_rows(doc, self.lang):
                self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif doc["findings"]:
            # finding_rows' cells, each as text and neutralised: the record's own once
            # (its file's name once a run of records of that file)
            if self.last_source[0] != doc["source"]:
                cell = _cell(finding_source(doc["source"]))
                self.last_source = (doc["source"], (cell, opaque(cell), csv_text(cell)))
            source, seen_source, written_source = self.last_source[1]
            aid, citizen = _cell(doc.get("agreement_id")), _cell(doc.get("citizen"))
            # the first look reads the record's cells as across() reads the written text:
            # a masked CPR number's digits as letters (door.opaque_masked)
            seen = (seen_source, opaque(aid), opaque(citizen))
            written = (written_source, csv_text(aid), csv_text(citizen))
            line = doc.get("line")
            rows = []
            texts: list[str] = []
            outline: list[str] = []
            joins = False
            tails, acts = self.tails, self.acts
            for f in doc["findings"]:
                cit = f.get("citation") or {}
                act = acts.get(id(cit))
                if act is None or act[0] is not cit:
                    if len(acts) >= 4096:
                        acts.clear()
                    act = acts[id(cit)] = (cit, act_versions(cit, self.lang))
                tail = (f["rule"], f["severity"], f["message"], cit.get("text"), cit.get("url"), f["pointer"],
                        (f.get("waived") or {}).get("reason"), act[1])
                got = tails.get(tail)
                if got is None:  # the same finding comes again and again: its cells are made once
                    if len(tails) >= 4096:
                        tails.clear()
                    cells = tuple(_cell(v) for v in tail)
                    got = tails[tail] = (cells, *door.outline([opaque(c) for c in cells]),
                                         ";" + ";".join(map(csv_text, cells)) + "\r\n")
                cells, inside, edges, tail_text = got
                at = _cell(f.get("line") or line)
                rows.append((source, at, aid, citizen, *cells))
                texts += (written[0], ";", csv_text(at), ";", written[1], ";", written[2], tail_text)
                outline += (seen[0], at, *seen[1:])
                outline += edges
                joins = joins or inside
            self._flush("".join(texts), rows, outline, joins)


#: characters a CSV cell is quoted for (the separator, the quote, a line break), as the
#: csv module's QUOTE_MINIMAL decides with delimiter ";" and its "\r\n" line ending
_QUOTED = re.compile('[;"\r\n]')
#: characters of the findings file gathered before each write to it
WRITE_BLOCK = 1 << 18


def csv_text(cell: str) -> str:
    """``cell`` as ``csv.writer(delimiter=";", quoting=QUOTE_MINIMAL)`` writes it in a row
    of several cells: quoted, its quotes doubled, when it holds ``;``, ``"``, CR or LF."""
    if _QUOTED.search(cell) is None:
        return cell
    return '"' + cell.replace('"', '""') + '"'


opaque = door.opaque_masked


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
