"""SARIF 2.1.0: one run, every rule in tool.driver.rules, one result per finding.

Written for GitHub code scanning, the strictest consumer: results are ordered by
severity and capped at its 25,000 per run (``--sarif-max-results``), the number left out
is recorded in the run's invocation and said on stderr; paths are relative to the
repository root (``%SRCROOT%``), so a run from a subfolder still links to the file;
every rule has its law as ``helpUri`` and Markdown help with the citation as a link and
the filled "what to change".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..door import across, clean
from ..engine import Finding, Result
from ..privacy import mask_cpr
from ..results import Summary
from ..rulepack import Rule, iter_rules
from ..ruletext import fill, rule_texts
from . import ReportContext
from .common import (
    LEVELS,
    SRCROOT,
    citation_line,
    citation_links,
    file_uri,
    fingerprint,
    help_url,
    md_escape,
    repo_root,
    source_location,
)

INFORMATION_URI = "https://pypi.org/project/praktiktjek/"
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
OMITTED_ID = "praktiktjek/results-omitted"

_WORDS = {
    "da": {"basis": "Hjemmel", "change": "Hvad der skal ændres",
           "omitted": "{n} af {total} fund er udeladt af SARIF-filen (grænse: {limit} pr. kørsel; "
                      "de alvorligste er med): {detail}. Se alle med --format json, "
                      "eller hæv grænsen med --sarif-max-results."},
    "en": {"basis": "Legal basis", "change": "What to change",
           "omitted": "{n} of {total} findings are left out of the SARIF file (limit: {limit} per run; "
                      "the most severe are kept): {detail}. See them all with --format json, "
                      "or raise the limit with --sarif-max-results."},
}
_LEVEL_NAMES = {"da": {"error": "fejl", "warning": "advarsler", "note": "info"},
                "en": {"error": "errors", "warning": "warnings", "note": "notes"}}


def rule_help(rule: Rule, ctx: ReportContext) -> dict[str, str]:
    """The help of one rule as text and Markdown, with the rule's parameters filled
    (ruletext: never an unfilled ``{limit_weeks}``)."""
    words = _WORDS["en" if ctx.lang == "en" else "da"]
    texts = rule_texts(ctx.rs, rule, ctx.lang)
    citations = "; ".join(texts.citations)
    text = (f"{words['basis']}: {citations}\n" if citations else "") + f"{words['change']}: {texts.fix}"
    md = [f"**{md_escape(texts.title)}**", ""]
    links = citation_links(rule, ctx.rs, texts.day, ctx.lang)
    if links:
        md += [f"{words['basis']}: {'; '.join(links)}", ""]
    md.append(f"**{words['change']}:** {md_escape(texts.fix)}")
    return {"text": text, "markdown": "\n".join(md)}


def _rules(ctx: ReportContext) -> list[dict[str, Any]]:
    out = []
    lang = ctx.lang
    for rule in iter_rules(ctx.rs):
        s = rule.spec
        kinds = sorted({ctx.rs.acts[c.act].kind for c in s.citations})
        d: dict[str, Any] = {
            "id": s.id,
            "name": s.check,
            "shortDescription": {"text": rule_texts(ctx.rs, rule, lang).title},
            "fullDescription": {"text": " ".join(fill(ctx.rs, rule, s.rationale.get(lang), lang).split())},
            "help": rule_help(rule, ctx),
            "defaultConfiguration": {"level": LEVELS[s.severity]},
            "properties": {
                "tags": list(dict.fromkeys(["virksomhedspraktik", rule.pack, s.confidence.level, *kinds])),
                "confidence": s.confidence.level,
            },
        }
        url = help_url(rule, ctx.rs)  # http(s) only
        if url:
            d["helpUri"] = url
        out.append(d)
    return out


#: what every format calls standard input
STDIN = "<stdin>"


def _artifact(source: str, root: Path, mask: Callable[[str], str]) -> dict[str, str]:
    """The artifactLocation of a file; empty for standard input, which is no file: SARIF
    2.1.0 (§3.28.3) says a location with no physical location has no
    ``physicalLocation``; the relative URI «stdin» it had made code scanning point at a
    repository file of that name (review 16, F7)."""
    return {} if source == STDIN else source_location(source, root, mask)


def _region(f: Finding) -> dict[str, int] | None:
    if not f.line:
        return None
    col = f.column or 1
    end_line, end_col = f.end_line, f.end_column
    if end_line is None or end_col is None or (end_line, end_col) <= (f.line, col):
        end_line, end_col = f.line, col + 1  # where the value's end is not known: one character
    return {"startLine": f.line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


_LEVEL_RANK = {"error": 0, "warning": 1, "info": 2}

Picked = tuple[Result, Finding, int]


def _ordered(results: list[Result]) -> list[Picked]:
    """Every finding with its occurrence number (for the fingerprint), the most severe
    first (a waived finding after every open one), input order kept within a level, so
    that a cap leaves out the least important."""
    picked: list[tuple[bool, int, Result, Finding, int]] = []
    for r in results:
        seen: dict[tuple[str, str], int] = {}
        for f in r.findings:
            n = seen.get((f.rule, f.pointer), 0)
            seen[(f.rule, f.pointer)] = n + 1
            picked.append((f.waiver is not None, _LEVEL_RANK[f.severity], r, f, n))
    picked.sort(key=lambda x: (x[0], x[1]))
    return [(r, f, n) for _, _, r, f, n in picked]


def _result(r: Result, f: Finding, n: int, artifact: dict[str, str], ctx: ReportContext,
            index: dict[str, int]) -> dict[str, Any]:
    text = f.message
    cit = citation_line(f.citation, ctx.lang)
    if cit:
        text += f" {cit}."
    # a non-UTF-8 name: U+FFFD; id and pointer side by side must not read as one CPR number
    # («AAL-2021-000106/87-1357», review 8, finding 15)
    owner = clean(r.agreement_id or r.source)
    logical = across(owner + clean(f.pointer), [owner, clean(f.pointer)])
    where: dict[str, Any] = {"logicalLocations": [{"fullyQualifiedName": logical}]}
    if artifact:
        location: dict[str, Any] = {"artifactLocation": artifact}
        region = _region(f)
        if region is not None:
            location["region"] = region
        where = {"physicalLocation": location, **where}
    else:  # standard input is no file: the location says «<stdin>» and the line, as the text report does
        where["message"] = {"text": STDIN + (f":{f.line}" if f.line else "")}
    res: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVELS[f.severity],
        "message": {"text": text},
        "locations": [where],
        "partialFingerprints": {"praktiktjek/v1": fingerprint(r, f, n)},
        "properties": {"pointer": f.pointer, "agreement_id": r.agreement_id},
    }
    if f.rule in index:
        res["ruleIndex"] = index[f.rule]
    if f.waiver is not None:
        res["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": f.waiver.reason,
                                "properties": f.waiver.as_dict()}]
    return res


def _extensions(ctx: ReportContext, mask: Callable[[str], str]) -> list[dict[str, Any]]:
    """Each local rule pack as a SARIF ``toolComponent`` in ``tool.extensions`` (§3.18.3:
    the plugins or extensions that contributed to the analysis), so that a reader sees
    which municipal rules ran beside the national ones (review 16, F8). The rules stay in
    the driver (their indices, and every result's ``ruleIndex``, are the driver's)."""
    from ..packinfo import packs

    out = []
    for p in packs(ctx.rs, ctx.lang, mask):
        if p["national"]:
            continue  # the driver's own rules
        comp: dict[str, Any] = {"name": p["name"], "fullName": p["title"]}
        if p["version"]:
            comp["version"] = p["version"]
        comp["properties"] = {"prefix": p["prefix"], "file": p["file"], "tags": ["local-rule-pack"]}
        out.append(comp)
    return out


def document(results: list[Result], summary: Summary, ctx: ReportContext) -> dict[str, Any]:
    rules = _rules(ctx)
    index = {r["id"]: i for i, r in enumerate(rules)}
    ordered = _ordered(results)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    limit = ctx.sarif_max_results
    total = len(ordered)
    if limit and total > limit:
        left_out = ordered[limit:]
        del ordered[limit:]  # only the results kept are built
        counts: dict[str, int] = {}
        for _, f, _ in left_out:
            key = "waived" if f.waiver is not None else LEVELS[f.severity]
            counts[key] = counts.get(key, 0) + 1
        lang = "en" if ctx.lang == "en" else "da"
        names = {**_LEVEL_NAMES[lang], "waived": "dispenseret" if lang == "da" else "waived"}
        detail = ", ".join(f"{counts[k]} {names[k]}" for k in ("error", "warning", "note", "waived") if k in counts)
        message = _WORDS[lang]["omitted"].format(n=len(left_out), total=total, limit=limit, detail=detail)
        invocation["toolExecutionNotifications"] = [{
            "level": "warning",
            "message": {"text": message},
            "descriptor": {"id": OMITTED_ID},
            "properties": {"omitted": len(left_out), "total": total, "limit": limit, "byLevel": counts},
        }]
        ctx.warn(message)
    root = repo_root()
    mask = ctx.engine.mask if ctx.engine is not None else mask_cpr
    artifacts: dict[str, dict[str, str]] = {}
    sarif_results = []
    for r, f, n in ordered:
        artifact = artifacts.get(r.source)
        if artifact is None:
            artifact = artifacts[r.source] = _artifact(r.source, root, mask)
        sarif_results.append(_result(r, f, n, artifact, ctx, index))
    said = "not checked, the file has no column for it" if ctx.lang == "en" else \
        "ikke kontrolleret, filen har ingen kolonne til det"
    for source, skipped in summary.not_checkable.items():  # rules not run: a note each, never silence
        where = artifacts.get(source) or _artifact(source, root, mask)
        place = {"physicalLocation": {"artifactLocation": where}} if where else \
            {"logicalLocations": [{"fullyQualifiedName": STDIN}]}
        invocation.setdefault("toolExecutionNotifications", []).extend(
            {"level": "note", "message": {"text": f"{said}: {shown}"},
             # «VP206 (kun delen «…»)»: a part of the rule, associated with the rule
             "associatedRule": {"id": (rid := shown.split(" ", 1)[0]),
                                **({"index": index[rid]} if rid in index else {})},
             "locations": [place]}
            for shown in skipped)
    from ..packinfo import off_line, switched_off

    off = switched_off(ctx.engine)
    if off:  # rules switched off in this run: overridden to «not enabled», and said (review 19, F5)
        invocation["ruleConfigurationOverrides"] = [
            {"descriptor": {"id": rid, **({"index": index[rid]} if rid in index else {})},
             "configuration": {"enabled": False}} for rid in off]
        invocation["toolConfigurationNotifications"] = [
            {"level": "note", "message": {"text": off_line(off, ctx.lang)},
             "descriptor": {"id": "disabled"}}]
    tool: dict[str, Any] = {"driver": {"name": "praktiktjek", "version": __version__,
                                       "semanticVersion": __version__,
                                       "informationUri": INFORMATION_URI, "rules": rules}}
    extensions = _extensions(ctx, mask)
    if extensions:
        tool["extensions"] = extensions
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": tool,
            "invocations": [invocation],
            "originalUriBaseIds": {SRCROOT: {"uri": file_uri(root, mask, folder=True)}},
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
            "properties": {"summary": summary.as_dict()},
        }],
    }


def report(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
    # Compact: a file for machines, and GitHub limits the upload's size (a third of the
    # bytes of an indented file at 25,000 results).
    # json.dumps, not json.dump: only dumps uses the C encoder (5× faster here).
    out.write(json.dumps(document(results, summary, ctx), ensure_ascii=False, separators=(",", ":")))
    out.write("\n")
