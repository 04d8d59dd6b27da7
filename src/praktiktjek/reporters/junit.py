"""JUnit XML, valid against the Jenkins xUnit plugin's junit-10.xsd (which GitLab and
GitHub test reporters also read).

By default one <testsuite> per input file, one <testcase> per agreement (it passes: the
agreement was read and checked) and one per finding; a clean agreement is one passing
case, so a municipal year stays far below GitLab's 500,000 cases and 30 MB. With
``--junit-cases rule`` a <testsuite> per agreement holds one <testcase> per rule evaluated,
passes included.

A finding at or above ``--fail-on`` is a <failure> whose message carries the citation; a
waived finding is <skipped> with the reason; a finding below the threshold passes, its
message in <system-out>. Every <testcase> has a ``time`` (the agreement's own reading and
checking time; a finding's case and a rule's case 0, their time is the agreement's).
"""

from __future__ import annotations

import re
from typing import IO
from xml.etree import ElementTree as ET

from .. import door
from ..engine import INPUT_RULE, REVIEW_RULE, Finding, Result
from ..privacy import mask_cpr
from ..results import Summary, fails
from ..ruletext import rule_texts
from . import ReportContext
from .common import citation_line
from .text import LABELS, shown_path

# Characters XML 1.0 cannot hold at all, escaped or not; shown as \xNN (tab, newline and
# carriage return are allowed and ElementTree escapes them in attributes).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_WORDS = {"da": {"agreement": "aftale", "record": "post"}, "en": {"agreement": "agreement", "record": "record"}}


def xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def name_text(source: str) -> str:
    """A file name as every output writes it (door.shown_path: a byte that is not UTF-8 is
    ``\\xNN``), with what XML cannot hold escaped the same way, so that no name reads
    as another (review 13, finding 3)."""
    return door.shown_path(source, door.NOT_XML_NAME)


def _secs(x: float) -> str:
    return f"{x:.3f}"


def _evaluated(r: Result, ctx: ReportContext) -> list[str]:
    if r.start is None or ctx.engine is None:
        ids = [INPUT_RULE] if r.is_record else []
    else:
        ids = [INPUT_RULE, REVIEW_RULE, *(rid for rid, *_ in ctx.engine.plan(r.start))]
    for f in r.findings:  # every rule that spoke is a test case, whatever the plan says
        if f.rule not in ids:
            ids.append(f.rule)
    return sorted(set(ids))


class _Counts:
    def __init__(self) -> None:
        self.tests = self.failures = self.skipped = 0
        self.time = 0.0

    def write(self, el: ET.Element, *, skipped: bool) -> None:
        el.set("tests", str(self.tests))
        el.set("failures", str(self.failures))
        el.set("errors", "0")
        if skipped:  # junit-10.xsd allows `skipped` on <testsuite>, not on <testsuites>
            el.set("skipped", str(self.skipped))
        el.set("time", _secs(self.time))


def _severity(f: Finding, lang: str) -> str:
    """A finding's severity in the run's language, as the text report writes it: [advarsel]."""
    return LABELS["en" if lang == "en" else "da"].get(f.severity, f.severity).lower()


def _where(r: Result, f: Finding) -> str:
    # as the text report shows it: a name with a control character (a newline) quoted, so
    # that no line of the body begins with «::» (review 15, F1: «x\n::error::…» began one);
    # a byte that is not UTF-8 written \xNN (review 13, F3)
    source = shown_path(r.source)
    return door.across(f"{source}:{f.line or ''}:{f.column or ''} {f.pointer}", [source, f.pointer])


def _mark(case: ET.Element, found: list[Finding], r: Result, ctx: ReportContext, counts: _Counts) -> None:
    """Failure, skipped or a passing note for the findings of one test case."""
    if not found:
        return
    failing = [f for f in found if fails(f, ctx.fail_on)]
    waived = [f for f in found if f.waiver is not None]
    notes = [f for f in found if f.waiver is None and not fails(f, ctx.fail_on)]
    if failing:
        counts.failures += 1
        first = failing[0]
        cit = citation_line(first.citation, ctx.lang)
        kind = "error" if any(f.severity == "error" for f in failing) else failing[0].severity
        fail = ET.SubElement(case, "failure", message=xml_text(first.message + (f" {cit}." if cit else "")),
                             type=kind)
        # The body says where and what to change; the message (with the citation) is in
        # the attribute already, and is repeated only for a second finding of the case.
        lines = [_where(r, first) + (f"\n{first.fix}" if first.fix else "")]
        lines += [f"{_where(r, f)} [{_severity(f, ctx.lang)}] {f.message}" + (f"\n{f.fix}" if f.fix else "")
                  for f in failing[1:]]
        fail.text = xml_text("\n".join(lines))
    elif waived:
        counts.skipped += 1
        ET.SubElement(case, "skipped", message=xml_text(str(waived[0].waiver.reason)))
    if notes:
        ET.SubElement(case, "system-out").text = xml_text("\n".join(
            f"{_where(r, f)} [{_severity(f, ctx.lang)}] {f.message}" for f in notes))


def _not_checked(suite: ET.Element, classname: str, rules: tuple[str, ...], ctx: ReportContext,
                 counts: _Counts) -> None:
    """A <skipped> test case per rule the source's columns cannot feed: not run, and said."""
    said = "not checked, the file has no column for it" if ctx.lang == "en" else \
        "ikke kontrolleret, filen har ingen kolonne til det"
    for rid in rules:
        rule = ctx.rs.rules.get(rid)
        name = f"{rid} {rule_texts(ctx.rs, rule, ctx.lang).title if rule else ''}".rstrip()
        case = ET.SubElement(suite, "testcase", name=xml_text(name), classname=xml_text(classname), time="0.000")
        ET.SubElement(case, "skipped", message=xml_text(said))
        counts.tests += 1
        counts.skipped += 1


def _by_agreement(results: list[Result], summary: Summary, ctx: ReportContext, root: ET.Element,
                  totals: _Counts) -> None:
    words = _WORDS["en" if ctx.lang == "en" else "da"]
    suites: dict[str, tuple[ET.Element, _Counts]] = {}
    for r in results:
        if r.source not in suites:
            suite = ET.SubElement(root, "testsuite", name=name_text(r.source), file=name_text(r.source))
            suites[r.source] = (suite, _Counts())
        suite, counts = suites[r.source]
        shown = name_text(r.source)
        label = r.agreement_id or (f"{words['record']} {r.line}" if r.line else shown)
        classname = xml_text(r.agreement_id or (door.across(f"{shown}:{r.line}", [shown]) if r.line
                                                else shown))
        if r.is_record:
            name = f"{words['agreement']} {r.agreement_id}" if r.agreement_id else label
            ET.SubElement(suite, "testcase", name=xml_text(name), classname=classname, time=_secs(r.seconds))
            counts.tests += 1
        counts.time += r.seconds
        for f in r.findings:
            name = f"{f.rule} {f.title or ''}".rstrip() + (f" {f.pointer}" if f.pointer else "")
            case = ET.SubElement(suite, "testcase", name=xml_text(name), classname=classname, time=_secs(0))
            counts.tests += 1
            _mark(case, [f], r, ctx, counts)
    for source, rules in summary.not_checkable.items():
        if source in suites:
            suite, counts = suites[source]
            _not_checked(suite, name_text(source), rules, ctx, counts)
    for suite, counts in suites.values():
        counts.write(suite, skipped=True)
        totals.tests += counts.tests
        totals.failures += counts.failures
        totals.time += counts.time


def _by_rule(results: list[Result], summary: Summary, ctx: ReportContext, root: ET.Element,
             totals: _Counts) -> None:
    names: dict[str, str] = {}
    for r in results:
        shown = name_text(r.source)
        name = f"{shown}" + (f" {r.agreement_id}" if r.agreement_id else "") + (
            f":{r.line}" if r.line and not r.agreement_id else "")
        name = door.across(name, [shown, r.agreement_id or ""])  # two fields side by side
        suite = ET.SubElement(root, "testsuite", name=xml_text(name), file=shown)
        by_rule: dict[str, list[Finding]] = {}
        for f in r.findings:
            by_rule.setdefault(f.rule, []).append(f)
        counts = _Counts()
        counts.time = r.seconds
        classname = xml_text(r.agreement_id or shown)
        for rid in _evaluated(r, ctx):
            case_name = names.get(rid)
            if case_name is None:
                rule = ctx.rs.rules.get(rid)
                case_name = names[rid] = xml_text(
                    f"{rid} {rule_texts(ctx.rs, rule, ctx.lang).title if rule else ''}".rstrip())
            case = ET.SubElement(suite, "testcase", name=case_name, classname=classname, time="0.000")
            counts.tests += 1
            _mark(case, by_rule.get(rid, []), r, ctx, counts)
        if r.is_record and r.source in summary.not_checkable:
            _not_checked(suite, r.agreement_id or shown, summary.not_checkable[r.source], ctx, counts)
        counts.write(suite, skipped=True)
        totals.tests += counts.tests
        totals.failures += counts.failures
        totals.time += counts.time


def _packs(root: ET.Element, ctx: ReportContext) -> None:
    """With a local pack in force, each test suite's <properties> names every pack
    (junit-10.xsd has properties on <testsuite> only, before its test cases), one
    «praktiktjek.pack» property each, in the run's language (review 16, F8)."""
    from ..packinfo import describe, has_local, off_line, packs, switched_off

    off = off_line(switched_off(ctx.engine), ctx.lang)
    if not has_local(ctx.rs) and off is None:
        return
    mask = ctx.engine.mask if ctx.engine is not None else mask_cpr
    values = [xml_text(describe(p, ctx.lang)) for p in packs(ctx.rs, ctx.lang, mask, name_text)] \
        if has_local(ctx.rs) else []
    for suite in root.iter("testsuite"):
        props = ET.Element("properties")
        for value in values:
            ET.SubElement(props, "property", name="praktiktjek.pack", value=value)
        if off is not None:  # rules switched off in this run (review 19, F5)
            ET.SubElement(props, "property", name="praktiktjek.disabled", value=xml_text(off))
        suite.insert(0, props)


def report(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
    root = ET.Element("testsuites", name="praktiktjek")
    totals = _Counts()
    (_by_rule if ctx.junit_cases == "rule" else _by_agreement)(results, summary, ctx, root, totals)
    _packs(root, ctx)
    totals.write(root, skipped=False)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
