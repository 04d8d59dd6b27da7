"""The terminal report for a caseworker: grouped per agreement, in Danish by default."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.text import Text

from ..engine import Result
from ..results import Summary
from ..rulepack import RuleSet

LABELS = {
    "da": {"error": "FEJL", "warning": "ADVARSEL", "info": "INFO"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}
STYLES = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
WORDS = {
    "da": {"ok": "ingen fund", "fix": "Ret", "law": "§", "waived": "dispenseret",
           "citizen": "borger", "line": "linje"},
    "en": {"ok": "no findings", "fix": "Change", "law": "§", "waived": "waived",
           "citizen": "citizen", "line": "line"},
}


def location(source: str, line: int | None, column: int | None) -> str:
    out = source
    if line:
        out += f":{line}"
        if column:
            out += f":{column}"
    return out


def summary_line(s: Summary, lang: str) -> str:
    if lang == "en":
        text = (f"{s.records} agreement(s) checked: {s.error} error(s), {s.warning} warning(s), "
                f"{s.info} info; {s.input_problems} could not be read")
        return text + (f"; {s.waived} waived" if s.waived else "") + "."
    text = (f"{s.records} aftale(r) kontrolleret: {s.error} fejl, {s.warning} advarsel(er), "
            f"{s.info} info; {s.input_problems} kunne ikke læses")
    return text + (f"; {s.waived} dispenseret" if s.waived else "") + "."


def report(results: list[Result], summary: Summary, rs: RuleSet, lang: str, out: IO[str]) -> None:
    con = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    words, labels = WORDS[lang], LABELS[lang]
    for r in results:
        head = Text()
        head.append(location(r.source, r.line, None), style="bold")
        if r.agreement_id:
            head.append(f"  {r.agreement_id}")
        if r.citizen:
            head.append(f"  ({words['citizen']} {r.citizen})", style="dim")
        if not r.findings:
            head.append(f"  ✓ {words['ok']}", style="green")
        con.print(head)
        for f in r.findings:
            line = Text("  ")
            sev = labels[f.severity]
            line.append(f"{sev:<8}", style="dim" if f.waiver else STYLES[f.severity])
            line.append(f" {f.rule}  ", style="bold")
            line.append(f.message)
            if f.waiver is not None:
                line.append(f"  [{words['waived']}: {f.waiver.reason}]", style="dim")
            con.print(line)
            indent = " " * 16
            if f.citation is not None:
                cit = Text(indent)
                cit.append(f"{words['law']} {f.citation.text}", style="blue")
                numbers = [s.number for s in f.citation.sources if s.number and s.kind in
                           ("law", "executive_order")]
                if numbers:
                    cit.append(f" ({'; '.join(dict.fromkeys(numbers))})", style="dim")
                if f.citation.url:
                    cit.append(f"  {f.citation.url}", style="dim")
                con.print(cit)
            if f.fix:
                con.print(Text(f"{indent}{words['fix']}: {f.fix}", style="italic"))
            where = location(r.source, f.line, f.column)
            con.print(Text(f"{indent}{where}  {f.pointer}", style="dim"))
    con.print(Text(summary_line(summary, lang), style="bold"))
