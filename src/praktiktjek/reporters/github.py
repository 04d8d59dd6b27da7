"""GitHub Actions workflow commands: one annotation per finding, with file, line and rule."""

from __future__ import annotations

from typing import IO

from ..engine import Result
from ..results import Summary
from . import ReportContext
from .common import citation_line
from .text import summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
    for r in results:
        for f in r.findings:
            cmd = "notice" if f.waiver is not None else COMMANDS[f.severity]
            props = [f"file={_prop(r.source)}"]
            if f.line:
                props.append(f"line={f.line}")
                if f.column:
                    props.append(f"col={f.column}")
            title = f.rule + (f" (dispenseret: {f.waiver.reason})" if f.waiver is not None else "")
            props.append(f"title={_prop(title)}")
            text = f.message
            cit = citation_line(f.citation, ctx.lang)
            if cit:
                text += f" {cit}."
            out.write(f"::{cmd} {','.join(props)}::{_data(text)}\n")
    out.write(summary_line(summary, ctx.lang) + "\n")
