"""The terminal report for a caseworker: grouped per agreement, in Danish by default.

The layout is built once as lines of (text, style) pieces. On a terminal rich colours
them; anywhere else (a pipe, a CI log) they are written as plain text without importing
rich, which keeps a cold start fast.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO

from .. import door
from ..engine import Result
from ..labels import plural
from ..privacy import mask_cpr
from ..results import Summary
from . import ReportContext

LABELS = {
    "da": {"error": "FEJL", "warning": "ADVARSEL", "info": "INFO"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}
STYLES = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
WORDS = {
    "da": {"ok": "ingen fund", "fix": "Ret", "waived": "dispenseret", "citizen": "borger",
           "ok_partly": "ingen fund i de regler, der kunne kontrolleres",
           "not_checked": "ikke kontrolleret, filen har ingen kolonne til det"},
    "en": {"ok": "no findings", "fix": "Change", "waived": "waived", "citizen": "citizen",
           "ok_partly": "no findings in the rules that could be checked",
           "not_checked": "not checked, the file has no column for it"},
}
INDENT = " " * 16

Line = list[tuple[str, str]]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown_path(source: str) -> str:
    """A path for a line-oriented output (terminal, log, Markdown): unchanged, unless it
    holds a control character (a file really named with a newline): then quoted with
    JSON escapes, ``"a\\nb.json"``, so the real name can be read back and never rewritten.
    A byte that is not UTF-8 is written as every output writes it (:func:`door.shown_path`:
    ``eks\\xe6.csv``)."""
    source = door.shown_path(source)
    return json.dumps(source, ensure_ascii=False) if _CONTROL.search(source) else not_a_command(source)


def not_a_command(path: str) -> str:
    """A path that would begin a log line with ``::`` (after blanks) would be read by a
    GitHub Actions runner as a workflow command (``::error …``, ``::stop-commands::``):
    it is shown as ``./::…``, the same file (review 8, finding 14)."""
    return f"./{path}" if path.lstrip().startswith("::") else path




def location(source: str, line: int | None, column: int | None) -> str:
    name = out = shown_path(source)  # a real name with a newline is shown quoted, never rewritten
    if line:
        out += f":{line}"
        if column:
            out += f":{column}"
    return door.across(out, [name])  # «230487:1357» must not read as a CPR number


def _door_over(lines: Iterator[Line]) -> Iterator[Line]:
    """Each line as written: its parts side by side must not read as one CPR number (a
    line that would is written plain, with the joined number's serial masked)."""
    for line in lines:
        parts = [t for t, _ in line]
        joined = "".join(parts)
        safe = door.across(joined, parts)
        yield line if safe == joined else [(safe, "")]


def summary_line(s: Summary, lang: str) -> str:
    n = s.not_checked_count()
    if lang == "en":
        text = (f"{plural(s.records, 'agreement', 'agreements')} checked: {plural(s.error, 'error', 'errors')}, "
                f"{plural(s.warning, 'warning', 'warnings')}, {s.info} info; {s.input_problems} could not be read")
        text += f"; {s.waived} waived" if s.waived else ""
        return text + (f"; {plural(n, 'rule', 'rules')} not checked (columns missing)" if n else "") + "."
    text = (f"{plural(s.records, 'aftale', 'aftaler')} kontrolleret: {s.error} fejl, "
            f"{plural(s.warning, 'advarsel', 'advarsler')}, {s.info} info; {s.input_problems} kunne ikke læses")
    text += f"; {s.waived} dispenseret" if s.waived else ""
    return text + (f"; {plural(n, 'regel', 'regler')} ikke kontrolleret (kolonner mangler)" if n else "") + "."


def not_checked_lines(s: Summary, lang: str) -> list[str]:
    """One line per source whose columns cannot feed some rules: which were not run."""
    said = WORDS["en" if lang == "en" else "da"]["not_checked"]
    return [f"{source}: {said}: {', '.join(rules)}" for source, rules in s.not_checkable.items()]


def lines(results: list[Result], summary: Summary, lang: str, packs: str | None = None) -> Iterator[Line]:
    return _door_over(_lines(results, summary, lang, packs))


def _lines(results: list[Result], summary: Summary, lang: str, packs: str | None = None) -> Iterator[Line]:
    words, labels = WORDS[lang], LABELS[lang]
    for r in results:
        head: Line = [(location(r.source, r.line, None), "bold")]
        if r.agreement_id:
            head.append((f"  {r.agreement_id}", ""))
        if r.citizen:
            head.append((f"  ({words['citizen']} {r.citizen})", "dim"))
        if not r.findings:
            partly = r.source in summary.not_checkable
            head.append((f"  ✓ {words['ok_partly' if partly else 'ok']}", "yellow" if partly else "green"))
        yield head
        for f in r.findings:
            line: Line = [("  ", ""), (f"{labels[f.severity]:<8}", "dim" if f.waiver else STYLES[f.severity]),
                          (f" {f.rule}  ", "bold"), (f.message, "")]
            if f.waiver is not None:
                line.append((f"  [{words['waived']}: {f.waiver.reason}]", "dim"))
            yield line
            if f.citation is not None:
                cit: Line = [(INDENT, ""), (f"§ {f.citation.text}", "blue")]
                from .common import act_numbers  # common imports this module

                numbers = act_numbers(f.citation, lang)
                if numbers:
                    cit.append((f" ({numbers})", "dim"))
                if f.citation.url:
                    cit.append((f"  {f.citation.url}", "dim"))
                yield cit
            if f.fix:
                yield [(f"{INDENT}{words['fix']}: {f.fix}", "italic")]
            # location and pointer as two parts: side by side they must not read as one CPR
            # number («file:1:2304  /87-1357», review 8, finding 15)
            yield [(f"{INDENT}{location(r.source, f.line, f.column)}", "dim"), ("  ", "dim"), (f.pointer, "dim")]
    for text in not_checked_lines(summary, lang):
        yield [(text, "yellow")]
    if packs is not None:  # a local pack is in force: said beside the verdict (review 16, F8)
        yield [(packs, "")]
    yield [(summary_line(summary, lang), "bold")]


def _is_terminal(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def report(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
    from ..packinfo import line as packs_line

    packs = packs_line(ctx.rs, ctx.lang, ctx.engine.mask if ctx.engine is not None else mask_cpr)
    if not _is_terminal(out):
        for line in lines(results, summary, ctx.lang, packs):
            out.write("".join(text for text, _ in line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    con = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    for line in lines(results, summary, ctx.lang, packs):
        con.print(Text.assemble(*[(t, s) if s else t for t, s in line]))
