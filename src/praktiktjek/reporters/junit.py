"""JUnit XML: one testsuite per agreement, one testcase per rule evaluated (passes
included). A finding is a <failure> whose message carries the citation; a waived finding
is <skipped> with the reason; an info finding passes, noted in <system-out>."""

from __future__ import annotations

from typing import IO
from xml.etree import ElementTree as ET

from ..engine import INPUT_RULE, REVIEW_RULE, Finding, Result
from ..results import Summary
from . import ReportContext
from .common import citation_line


def _evaluated(r: Result, ctx: ReportContext) -> list[str]:
    if r.start is None or ctx.engine is None:
        ids = [INPUT_RULE] if r.is_record else []
    else:
        ids = [INPUT_RULE, REVIEW_RULE, *(rid for rid, *_ in ctx.engine.plan(r.start))]
    for f in r.findings:  # every rule that spoke is a test case, whatever the plan says
        if f.rule not in ids:
            ids.append(f.rule)
    return sorted(set(ids))


def report(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
    root = ET.Element("testsuites", name="praktiktjek")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for r in results:
        name = f"{r.source}" + (f" {r.agreement_id}" if r.agreement_id else "") + (
            f":{r.line}" if r.line and not r.agreement_id else "")
        suite = ET.SubElement(root, "testsuite", name=name)
        by_rule: dict[str, list[Finding]] = {}
        for f in r.findings:
            by_rule.setdefault(f.rule, []).append(f)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for rid in _evaluated(r, ctx):
            rule = ctx.rs.rules.get(rid)
            title = rule.spec.title.get(ctx.lang) if rule else rid
            case = ET.SubElement(suite, "testcase", name=f"{rid} {title}",
                                 classname=r.agreement_id or r.source, file=r.source)
            counts["tests"] += 1
            found = by_rule.get(rid, [])
            failing = [f for f in found if f.waiver is None and f.severity in ("error", "warning")]
            waived = [f for f in found if f.waiver is not None]
            notes = [f for f in found if f.waiver is None and f.severity == "info"]
            if failing:
                counts["failures"] += 1
                first = failing[0]
                cit = citation_line(first.citation, ctx.lang)
                msg = first.message + (f" {cit}." if cit else "")
                kind = "error" if any(f.severity == "error" for f in failing) else "warning"
                fail = ET.SubElement(case, "failure", message=msg, type=kind)
                fail.text = "\n".join(
                    f"{r.source}:{f.line or ''}:{f.column or ''} {f.pointer} [{f.severity}] {f.message} "
                    f"{citation_line(f.citation, ctx.lang)}".rstrip() for f in failing)
            elif waived:
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=f"{waived[0].waiver.reason}")
            if notes:
                ET.SubElement(case, "system-out").text = "\n".join(f.message for f in notes)
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        suite.set("errors", "0")
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("errors", "0")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
