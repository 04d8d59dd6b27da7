"""The JSON output contract (AGREEMENT_FORMAT.md, "Output contract")."""

from __future__ import annotations

import json
from typing import IO, Any

from .. import __version__
from ..door import shown_path
from ..engine import Citation, Finding, Result
from ..results import Summary
from . import ReportContext


def citation_dict(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "text": c.text,
        "url": c.url,
        "sources": [
            {"text": s.text, "act": s.act, "number": s.number, "url": s.url, "kind": s.kind,
             "inferred": s.inferred, **({"amended_by": s.amended_by} if s.amended_by else {}),
             **({"dates_inferred": True} if s.dates_inferred else {})}
            for s in c.sources
        ],
    }


def act_versions(c: Any, lang: str = "da") -> str | None:
    """The act versions a citation in its JSON form rests on, as the text report names
    them after the paragraphs («LBK nr. 280 af 01/03/2024, ikrafttræden udledt»; several
    joined by «; »), or None; the same words as ``common.act_numbers`` (review 15, F4 and F13)."""
    from .common import act_number

    if not isinstance(c, dict):
        return None
    numbers = [act_number(str(s["number"]), s.get("dates_inferred") is True, lang)
               for s in c.get("sources") or ()
               if isinstance(s, dict) and s.get("number") and s.get("kind") in ("law", "executive_order")]
    return "; ".join(dict.fromkeys(numbers)) or None


def finding_dict(f: Finding) -> dict[str, Any]:
    d: dict[str, Any] = {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "citation": citation_dict(f.citation),
        "pointer": f.pointer,
        "line": f.line,
        "column": f.column,
        "title": f.title,
        "fix": f.fix,
    }
    if f.waiver is not None:
        d["waived"] = f.waiver.as_dict()
    return d


def result_dict(r: Result) -> dict[str, Any]:
    return {
        "source": shown_path(r.source),  # JSON cannot hold a byte that is not UTF-8
        "line": r.line,
        "agreement_id": r.agreement_id,
        "citizen": r.citizen,
        "findings": [finding_dict(f) for f in r.findings],
    }


def document(results: list[Result], summary: Summary, packs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """``packs``: the rule packs in force (packinfo.packs), listed under ``tool.packs``."""
    tool: dict[str, Any] = {"name": "praktiktjek", "version": __version__}
    if packs is not None:
        tool["packs"] = packs
    return {
        "results": [result_dict(r) for r in results],
        "summary": summary.as_dict(),
        "tool": tool,
    }


def report(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
    from ..packinfo import packs
    from ..privacy import mask_cpr

    listed = packs(ctx.rs, ctx.lang, ctx.engine.mask if ctx.engine is not None else mask_cpr)
    json.dump(document(results, summary, listed), out, ensure_ascii=False, indent=2)
    out.write("\n")
