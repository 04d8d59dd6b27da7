"""GitHub Actions workflow commands: one annotation per finding, with file, line and rule."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from ..door import NOT_IN_ANNOTATION, across, shown_path
from ..engine import Result
from ..results import Summary
from . import ReportContext
from .common import citation_line
from .text import summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # the escapes add digits (%25, %0A): «0101%1234» is written 0101%251234, a CPR number no
    # field held — its serial is starred after escaping (review 8, finding 1). A number the
    # text held before escaping was decided by the door (a company's P-number as written
    # stays, as in every other format) and is left as it is.
    return across(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"), [text])


def _prop(text: str) -> str:
    return across(_data(text).replace(":", "%3A").replace(",", "%2C"), [text])


#: the source name of standard input (as in SARIF)
STDIN = "<stdin>"


def _file(source: str) -> str:
    """A file name as every output writes it (door.shown_path: a byte that is not UTF-8 is
    ``\\xNN``), with control and format characters escaped the same way (``\\x1b``), never
    dropped: a name without its escape sequence could be another file's (review 13,
    finding 4). A newline in a real name stays, and is %0A in the command."""
    return shown_path(source, NOT_IN_ANNOTATION)


def report(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
    for r in results:
        for f in r.findings:
            cmd = "notice" if f.waiver is not None else COMMANDS[f.severity]
            # standard input is no file of the repository: no file=, the place in the text,
            # as SARIF leaves physicalLocation out for it (review 19, F14)
            stdin = r.source == STDIN
            props = [] if stdin else [f"file={_prop(_file(r.source))}"]
            if f.line and not stdin:
                props.append(f"line={f.line}")
                if f.column:
                    props.append(f"col={f.column}")
            title = f.rule + (f" (dispenseret: {f.waiver.reason})" if f.waiver is not None else "")
            props.append(f"title={_prop(title)}")
            text = (STDIN + (f":{f.line}" if f.line else "") + ": " if stdin else "") + f.message
            cit = citation_line(f.citation, ctx.lang)
            if cit:
                text += f" {cit}."
            out.write(f"::{cmd} {','.join(props)}::{_data(text)}\n")
    said = "not checked, the file has no column for it" if ctx.lang == "en" else \
        "ikke kontrolleret, filen har ingen kolonne til det"
    for source, rules in summary.not_checkable.items():
        props = [*([] if source == STDIN else [f"file={_prop(_file(source))}"]), f"title={_prop(', '.join(rules))}"]
        out.write(f"::notice {','.join(props)}::{_data(f'{said}: ' + ', '.join(rules))}\n")
    from ..packinfo import line as packs_line
    from ..privacy import mask_cpr

    packs = packs_line(ctx.rs, ctx.lang, ctx.engine.mask if ctx.engine is not None else mask_cpr)
    if packs is not None:  # a plain log line (it begins «Regelpakker:», never «::») (review 16, F8)
        out.write(packs + "\n")
    from ..packinfo import off_line, switched_off

    off = off_line(switched_off(ctx.engine), ctx.lang)
    if off is not None:  # a notice on the run, so a green check never hides rules not run (review 19, F5)
        out.write(f"::notice title={_prop('praktiktjek')}::{_data(off)}\n")
    out.write(summary_line(summary, ctx.lang) + "\n")


# --------------------------------------------------------------------------- job summary

#: GitHub refuses a step summary over 1 MiB; the findings list stops well before that.
SUMMARY_BUDGET = 900_000

_SUMMARY_WORDS = {
    "da": {"title": "praktiktjek", "severity": "Alvor", "count": "Antal", "rule": "Regel",
           "name": "Titel", "basis": "Hjemmel", "by_file": "Fund pr. fil", "line": "linje",
           "waived": "dispenseret", "waived_n": "Dispenseret", "unread": "Kunne ikke læses",
           "records": "Aftaler kontrolleret", "rules": "Fund pr. regel",
           "more": "{n} fund mere er udeladt her (GitHubs grænse for en opsummering); "
                   "se dem alle med --format json."},
    "en": {"title": "praktiktjek", "severity": "Severity", "count": "Count", "rule": "Rule",
           "name": "Title", "basis": "Legal basis", "by_file": "Findings by file", "line": "line",
           "waived": "waived", "waived_n": "Waived", "unread": "Could not be read",
           "records": "Agreements checked", "rules": "Findings by rule",
           "more": "{n} more findings are left out here (GitHub's limit for a summary); "
                   "see them all with --format json."},
}


def step_summary(results: list[Result], summary: Summary, ctx: ReportContext) -> str:
    """A Markdown job summary: totals, a table of the rules that found something (with the
    citation as a link) and every finding grouped by file. Data is escaped for Markdown
    and HTML; CPR numbers are masked as everywhere else (the engine masked the findings,
    a waiver's reason is masked here)."""
    from ..door import clean
    from ..privacy import mask_cpr
    from ..ruletext import rule_texts, text_day
    from .common import citation_links, md_escape, shown_path
    from .text import LABELS

    lang = "en" if ctx.lang == "en" else "da"
    w, labels = _SUMMARY_WORDS[lang], LABELS[lang]
    mask = ctx.engine.mask if ctx.engine is not None else mask_cpr
    from ..packinfo import line as packs_line
    from ..packinfo import off_line, switched_off
    from .text import not_checked_lines

    packs = packs_line(ctx.rs, ctx.lang, mask)
    off = off_line(switched_off(ctx.engine), ctx.lang)
    out = [f"## {w['title']}", "", md_escape(summary_line(summary, ctx.lang)), "",
           *([md_escape(packs), ""] if packs is not None else []),
           *([md_escape(off), ""] if off is not None else []),
           *(f"- {md_escape(line)}" for line in not_checked_lines(summary, ctx.lang)),
           *([""] if summary.not_checkable else []),
           f"| {w['severity']} | {w['count']} |", "|---|---:|",
           f"| {w['records']} | {summary.records} |",
           f"| {labels['error']} | {summary.error} |", f"| {labels['warning']} | {summary.warning} |",
           f"| {labels['info']} | {summary.info} |", f"| {w['unread']} | {summary.input_problems} |",
           f"| {w['waived_n']} | {summary.waived} |", ""]
    counts: dict[str, int] = {}
    for r in results:
        for f in r.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
    if counts:
        out += [f"### {w['rules']}", "",
                f"| {w['rule']} | {w['severity']} | {w['name']} | {w['basis']} | {w['count']} |",
                "|---|---|---|---|---:|"]
        for rid in sorted(counts):
            rule = ctx.rs.rules.get(rid)
            if rule is None:
                out.append(f"| {md_escape(rid)} |  |  |  | {counts[rid]} |")
                continue
            texts = rule_texts(ctx.rs, rule, ctx.lang)
            links = "; ".join(citation_links(rule, ctx.rs, text_day(ctx.rs, rule), ctx.lang))
            out.append(f"| {md_escape(rid)} | {labels[rule.spec.severity]} | {md_escape(texts.title)} "
                       f"| {links} | {counts[rid]} |")
        out.append("")
    size = sum(len(x) + 1 for x in out)
    listed = total = 0
    body: list[str] = []
    by_file: dict[str, list[str]] = {}
    for r in results:
        for f in r.findings:
            total += 1
            if size > SUMMARY_BUDGET:
                continue
            where = f"{w['line']} {f.line}" if f.line else ""
            head = f"**{labels[f.severity]}** {md_escape(f.rule)}"
            if where:
                head += f" ({where})"
            if r.agreement_id:
                head += f" {md_escape(r.agreement_id)}"
            fields = [md_escape(r.agreement_id or ""), md_escape(f.message)]
            item = f"- {head}: {fields[1]}"
            if f.waiver is not None:
                fields.append(md_escape(mask(clean(str(f.waiver.reason)))))
                item += f" *{w['waived']}: {fields[2]}*"
            # id, message and reason side by side must not read as one CPR number
            # («AAL-230487: 9173.json, …», review 8, finding 11)
            item = across(item, fields)
            by_file.setdefault(r.source, []).append(item)
            size += len(item) + 1
            listed += 1
    for source, items in by_file.items():
        shown = md_escape(shown_path(source))
        body += [across(f"#### {shown}", [shown]), "", *items, ""]
    if body:
        out += [f"### {w['by_file']}", "", *body]
    if listed < total:
        out += [md_escape(w["more"].format(n=total - listed)), ""]
    return "\n".join(out) + "\n"


def append_step_summary(results: list[Result], summary: Summary, ctx: ReportContext, path: Path) -> None:
    """Append the job summary to the file GitHub names in GITHUB_STEP_SUMMARY, in one write."""
    from ..errors import PraktiktjekError
    from ..outputs import append_whole

    text = step_summary(results, summary, ctx)
    try:
        append_whole("GITHUB_STEP_SUMMARY", path, text)
    except PraktiktjekError as exc:
        from .. import notices

        ctx.warn(notices.text("step_summary_failed", problem=notices.choose(exc)))
