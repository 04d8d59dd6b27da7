"""SARIF 2.1.0: one run, every rule in tool.driver.rules, one result per finding."""

from __future__ import annotations

import json
from typing import IO, Any

from .. import __version__
from ..engine import Result
from ..results import Summary
from ..rulepack import iter_rules
from . import ReportContext
from .common import LEVELS, artifact_uri, citation_line, fingerprint, help_url

INFORMATION_URI = "https://pypi.org/project/praktiktjek/"
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rules(ctx: ReportContext) -> list[dict[str, Any]]:
    out = []
    lang = ctx.lang
    for rule in iter_rules(ctx.rs):
        s = rule.spec
        citation = "; ".join(dict.fromkeys(c.text for c in s.citations))
        label = "Hjemmel" if lang == "da" else "Legal basis"
        change = "Hvad der skal ændres" if lang == "da" else "What to change"
        help_text = (f"{label}: {citation}\n" if citation else "") + f"{change}: {s.fix.get(lang)}"
        kinds = sorted({ctx.rs.acts[c.act].kind for c in s.citations})
        d: dict[str, Any] = {
            "id": s.id,
            "name": s.check,
            "shortDescription": {"text": s.title.get(lang)},
            "fullDescription": {"text": " ".join(s.rationale.get(lang).split())},
            "help": {"text": help_text},
            "defaultConfiguration": {"level": LEVELS[s.severity]},
            "properties": {
                "tags": list(dict.fromkeys(["virksomhedspraktik", rule.pack, s.confidence.level, *kinds])),
                "confidence": s.confidence.level,
            },
        }
        url = help_url(rule, ctx.rs)
        if url:
            d["helpUri"] = url
        out.append(d)
    return out


def document(results: list[Result], summary: Summary, ctx: ReportContext) -> dict[str, Any]:
    rules = _rules(ctx)
    index = {r["id"]: i for i, r in enumerate(rules)}
    sarif_results = []
    for r in results:
        seen: dict[tuple[str, str], int] = {}
        for f in r.findings:
            n = seen.get((f.rule, f.pointer), 0)
            seen[(f.rule, f.pointer)] = n + 1
            text = f.message
            cit = citation_line(f.citation, ctx.lang)
            if cit:
                text += f" {cit}."
            location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(r.source)}}
            if f.line:
                location["region"] = {"startLine": f.line, "startColumn": f.column or 1}
            res: dict[str, Any] = {
                "ruleId": f.rule,
                "level": LEVELS[f.severity],
                "message": {"text": text},
                "locations": [{"physicalLocation": location,
                               "logicalLocations": [{"fullyQualifiedName":
                                                     f"{r.agreement_id or r.source}{f.pointer}"}]}],
                "partialFingerprints": {"praktiktjek/v1": fingerprint(r, f, n)},
                "properties": {"pointer": f.pointer, "agreement_id": r.agreement_id},
            }
            if f.rule in index:
                res["ruleIndex"] = index[f.rule]
            if f.waiver is not None:
                res["suppressions"] = [{"kind": "external", "status": "accepted",
                                        "justification": f.waiver.reason,
                                        "properties": f.waiver.as_dict()}]
            sarif_results.append(res)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "praktiktjek", "version": __version__,
                                "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": rules}},
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
            "properties": {"summary": summary.as_dict()},
        }],
    }


def report(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
    json.dump(document(results, summary, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")
