"""What an audit sums up: the statistics of the report's Table 1.1 and Figures 1.1–1.2,
findings per rule, municipality and target group; as rich tables and as one
self-contained HTML file (no external assets, every text escaped)."""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import __version__, door, labels
from .docs import CONFIDENCE_DA
from .labels import plural
from .results import Summary
from .rulepack import RuleSet, web_url
from .ruletext import rule_texts

if TYPE_CHECKING:  # batch.stats builds a Stats: no import of the batch package at run time
    from .batch.common import Brief, Facts

SEVERITY_DA = {"error": "fejl", "warning": "advarsel", "info": "info"}
HIST_BINS = 27  # weeks 0–1, 1–2, …, 25–26, and 26 or more
NO_MUNICIPALITY = "(ikke oplyst)"


def _side_by_side(texts: list[str], sep: str) -> str:
    """Texts as the report lists them in one line («a; b», «x, y»): each passed the door
    alone, and side by side they must not read as one CPR number («…:2304; 87-1357»)."""
    return door.across(sep.join(texts), texts)


def report_name(source: str) -> str:
    """A file name (as :func:`door.shown_path` wrote it) as the report and the console
    summary write it: one line (a line feed as a space, review 11, finding 10), and a
    control or format character escaped (``\\x07``) as every line-oriented output escapes
    it in a name, not dropped, so that two files stay two names — in the examples, the
    header, the not-checkable table and the repeated-id notice alike."""
    return door.clean(door.reshown_path(source, door.NOT_IN_ANNOTATION))


def example_text(agreement_id: str | None, source: str, line: int | None) -> str:
    """An example of a rule in the report: «id (source:line)». Each field passed the door
    alone; written side by side they must not read as one CPR number («… (x 230487:1357)»).
    The file name (as :func:`door.shown_path` writes it) is made one line here, for both
    engines alike: a line feed in it is shown as a space (review 11, finding 10), and a
    control or format character escaped as every line-oriented output escapes it in a
    name (``\\x07``), not dropped, so that two files stay two names."""
    aid = agreement_id or "—"
    source = report_name(source)
    return door.across(f"{aid} ({source}:{line or ''})", [aid, source])


@dataclass
class Stats(Summary):
    """The check's tallies (records, severities, input problems, waived) plus what an
    audit report shows. The Python engine tallies them as results stream out
    (:meth:`add_brief`, then :meth:`finish`); the DuckDB engine computes the same figures
    with SQL over its tables (:mod:`praktiktjek.batch.stats`)."""

    #: the agreements of the statistics below: readable records, a repeated agreement id
    #: once (its last record, ``batch.common.Facts``); the findings tallies count records
    readable: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    agreements_by_rule: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    group_year: Counter[tuple[str, int]] = field(default_factory=Counter)
    weeks: dict[str, array[float]] = field(default_factory=dict)
    sector: Counter[str] = field(default_factory=Counter)
    records_by_municipality: Counter[str] = field(default_factory=Counter)
    findings_by_municipality: Counter[str] = field(default_factory=Counter)
    records_by_group: Counter[str] = field(default_factory=Counter)
    findings_by_group: Counter[str] = field(default_factory=Counter)
    #: records with at least one finding (waived ones too): the report lists them
    with_findings: int = 0
    #: (target group, n, mean, median) of the durations in weeks, then "i alt"; and each
    #: group's histogram (:data:`HIST_BINS` bins) — from ``weeks`` when not given
    durations: list[tuple[str, int, float, float]] | None = None
    histograms: dict[str, list[int]] | None = None

    def add_brief(self, brief: Brief, facts: Facts) -> None:
        self.records += 1
        stands, group, municipality, year, weeks, sector = facts
        muni = municipality or NO_MUNICIPALITY
        counted = 0
        seen = set()
        findings, agreement_id, source, record_line = brief
        if findings:
            self.with_findings += 1
        for rule, sev, waived, line in findings:
            if waived:
                self.waived += 1
                continue
            setattr(self, sev, getattr(self, sev) + 1)
            if rule == "VP000":
                self.input_problems += 1
            self.by_rule[rule] += 1
            if rule not in seen:
                seen.add(rule)
                self.agreements_by_rule[rule] += 1
                ex = self.examples.setdefault(rule, [])
                if len(ex) < 5:
                    ex.append(example_text(agreement_id, source, line or record_line))
            counted += 1
        if not stands or group is None:  # unreadable, or an earlier record of a repeated id
            return
        self.readable += 1
        self.records_by_municipality[muni] += 1
        self.findings_by_municipality[muni] += counted
        self.records_by_group[group] += 1
        self.findings_by_group[group] += counted
        if year is not None:
            self.group_year[(group, year)] += 1
        if weeks is not None:
            self.weeks.setdefault(group, array("f")).append(weeks)
        self.sector[sector or "ukendt"] += 1

    def summary(self) -> dict[str, Any]:
        return self.as_dict()

    def finish(self) -> Stats:
        """The durations and histograms from the tallied weeks (unless already given)."""
        if self.durations is None:
            self.durations = duration_table(self)
        if self.histograms is None:
            self.histograms = {g: histogram(self.weeks[g]) for g in sorted(self.weeks)}
        return self

    def figures(self) -> dict[str, Any]:
        """Every figure the console, the JSON summary and the report show, in a form that
        compares exactly: a tally as its sorted items, but the sectors in their own order
        (the report sorts them by count only, so among equal counts the first seen comes
        first)."""
        self.finish()
        out: dict[str, Any] = {}
        for name in ("records", "error", "warning", "info", "input_problems", "waived", "readable",
                     "with_findings", "durations", "histograms"):
            out[name] = getattr(self, name)
        for name in ("by_rule", "agreements_by_rule", "group_year", "records_by_municipality",
                     "findings_by_municipality", "records_by_group", "findings_by_group", "examples"):
            out[name] = sorted(getattr(self, name).items())
        out["sector"] = list(self.sector.items())
        return out


def duration_table(st: Stats) -> list[tuple[str, int, float, float]]:
    rows = []
    everything: list[float] = []
    for g in sorted(st.weeks):
        w = st.weeks[g]
        everything.extend(w)
        rows.append((g, len(w), statistics.fmean(w), statistics.median(w)))
    if everything:
        rows.append(("i alt", len(everything), statistics.fmean(everything), statistics.median(everything)))
    return rows


def per_citizen(dist: dict[int, int]) -> tuple[int, float, dict[str, int]]:
    citizens = sum(dist.values())
    internships = sum(k * v for k, v in dist.items())
    buckets = {"1": dist.get(1, 0), "2": dist.get(2, 0), "3": dist.get(3, 0),
               "4+": sum(v for k, v in dist.items() if k >= 4)}
    return citizens, (internships / citizens if citizens else 0.0), buckets


def histogram(values: array[float]) -> list[int]:
    bins = [0] * HIST_BINS
    for w in values:
        bins[min(int(w), HIST_BINS - 1) if w >= 0 else 0] += 1
    return bins


def _sector(value: str, lang: str) -> str:
    if lang != "da":
        return value
    return {"private": "privat", "public": "offentlig", "ukendt": "ukendt"}.get(value, value)


def _num(x: float, lang: str) -> str:
    """One decimal, with the decimal comma in Danish and the point in English."""
    shown = f"{x:.1f}"
    return shown.replace(".", ",") if lang == "da" else shown


def _share(n: int, total: int, lang: str) -> str:
    return f"{_num(100 * n / total, lang)} %" if total else "—"


# --------------------------------------------------------------------------- console


def _m(value: Any) -> str:
    """Data and rule texts in a rich table or line: through the door, never markup."""
    return door.markup(door.clean(str(value)))


def _row(t: Any, *cells: str) -> None:
    """A table row: cells that passed the door alone, checked side by side as the console
    writes them («│ 230487 │ 1357 │» reads as a CPR number, review 8, finding 6), then
    made markup-safe."""
    t.add_row(*(door.markup(c) for c in door.across_cells([door.clean(c) for c in cells], " │ ")))


def repeated_lines(repeated: list[dict[str, Any]], lang: str) -> list[str]:
    """One sentence per agreement id that occurs on more than one record (the audit state's
    ``repeated``), naming where each occurrence is. The texts are masked already; every
    writer cleans and escapes them for its format."""
    da = lang == "da"
    out = []
    for r in repeated:
        places = "; ".join(report_name(o["source"]) + (f", {'linje' if da else 'line'} {o['line']}" if o["line"] else "")
                           for o in r["occurrences"])
        n = len(r["occurrences"])
        out.append(f"aftale-id {r['agreement_id']} forekommer {n} gange ({places}); den tælles som én aftale, "
                   "den sidste forekomst, i de tværgående regler og statistikken" if da else
                   f"agreement id {r['agreement_id']} occurs {n} times ({places}); it counts as one agreement, "
                   "its last occurrence, in the cross-record rules and the statistics")
    return out


def counted_once(repeated: list[dict[str, Any]], lang: str, short: bool = False) -> str:
    """What the statistics make of repeated agreement ids: each counts once, by its last
    occurrence, while the records and findings are counted record by record (review 11,
    finding 9). ``short``: the sentence a statistics section repeats. Empty when no id
    repeats."""
    n = len(repeated)
    if not n:
        return ""
    if lang == "da":
        head = (f"{n} gentagne aftale-id’er er talt én gang hver" if n > 1
                else "1 gentaget aftale-id er talt én gang")
        if short:
            return f"{head} i statistikken (den sidste forekomst)."
        return (f"{head}, ved den sidste forekomst, i statistikken pr. kommune, målgruppe, år, borger, varighed og "
                "sektor; poster, fund og fund pr. regel er talt pr. post.")
    head = (f"{n} repeated agreement ids are counted once each" if n > 1
            else "1 repeated agreement id is counted once")
    if short:
        return f"{head} in the statistics ({'their' if n > 1 else 'its'} last occurrence)."
    return (f"{head}, by {'their' if n > 1 else 'its'} last occurrence, in the statistics per municipality, "
            "target group, year, citizen, duration and sector; records, findings and findings per rule are counted "
            "per record.")


def reconciliation(read: int, reported: int, lost: int, lang: str) -> str:
    """The reconciliation's verdict, the same in every output, and why when it does not add
    up: the HTML said «Læst og rapporteret stemmer ikke» under two equal numbers when lines
    were not read (review 19, audit F11)."""
    da = lang == "da"
    if read == reported and not lost:
        return "✓ Alle læste poster er rapporteret." if da else "✓ Every record read is reported."
    why = []
    if read != reported:
        why.append(f"{read} poster læst, men {reported} rapporteret" if da
                   else f"{read} records read, but {reported} reported")
    if lost:
        why.append((f"{lost} {'linje' if lost == 1 else 'linjer'} i inddata er ikke læst (efter en række eller "
                    "en overskrift, der ikke kunne læses)") if da else
                   f"{lost} {'line' if lost == 1 else 'lines'} of the input {'was' if lost == 1 else 'were'} "
                   "not read (after a row or a header that could not be read)")
    return ("✗ Afstemningen går ikke op: " if da else "✗ The reconciliation does not add up: ") + "; ".join(why) + "."


def console_summary(st: Stats, rs: RuleSet, lang: str, read: int,
                    not_checkable: list[dict[str, Any]], per_cit: dict[int, int], out: IO[str],
                    lost: int = 0, repeated: list[dict[str, Any]] | None = None, packs: str | None = None) -> None:
    """``packs``: the line naming the rule packs in force (packinfo.line), when a local one is."""
    from rich.console import Console
    from rich.table import Table

    con = Console(file=out, highlight=False, emoji=False, width=max(100, min(160, Console(file=out).width)))
    da = lang == "da"
    ok = "✓" if read == st.records and not lost else "✗"
    con.print(f"[bold]{'Afstemning' if da else 'Reconciliation'}:[/] "
              f"{'læst' if da else 'read'} {read} · {'rapporteret' if da else 'reported'} {st.records} {ok}"
              f" · {'ulæselige' if da else 'unreadable'} {st.input_problems}"
              + (f" · {'linjer ikke læst' if da else 'lines not read'} {lost}" if lost else ""))
    if ok == "✗":
        from rich.markup import escape

        con.print(escape(reconciliation(read, st.records, lost, lang)))
    if packs is not None:
        from rich.markup import escape

        con.print(escape(packs))
    t = Table(title="Fund pr. regel" if da else "Findings per rule", header_style="bold")
    for c in (("Regel", "Rule"), ("Alvor", "Severity"), ("Fund", "Findings"), ("Aftaler", "Agreements"),
              ("Titel", "Title"), ("Hjemmel", "Citation")):
        t.add_column(c[0] if da else c[1], overflow="fold")
    for rid, n in sorted(st.by_rule.items()):
        rule = rs.rules.get(rid)
        cit = "; ".join(dict.fromkeys(c.get(lang) for c in rule.spec.citations)) if rule else ""
        sev = rule.severity if rule else ""
        _row(t, rid, SEVERITY_DA.get(sev, sev) if da else sev, str(n), str(st.agreements_by_rule[rid]),
             rule_texts(rs, rule, lang).title if rule else "", cit or "—")
    con.print(t)
    labels = {k: g.label.get(lang) for k, g in rs.target_groups.items()}
    labels["i alt"] = "i alt" if da else "total"
    for title, recs, finds, names in (
        (("Pr. kommune", "Per municipality"), st.records_by_municipality, st.findings_by_municipality, {}),
        (("Pr. målgruppe", "Per target group"), st.records_by_group, st.findings_by_group, labels),
    ):
        t = Table(title=title[0] if da else title[1], header_style="bold")
        for c in (("", ""), ("Aftaler", "Agreements"), ("Fund", "Findings"), ("Andel", "Share")):
            t.add_column(c[0] if da else c[1])
        for k, n in sorted(recs.items(), key=lambda kv: (-kv[1], kv[0])):
            _row(t, str(names.get(k, k)), str(n), str(finds[k]), _share(n, st.readable, lang))
        con.print(t)
    t = Table(title="Varighed i uger" if da else "Duration in weeks", header_style="bold")
    for heading in ("", "n", "gns." if da else "mean", "median"):
        t.add_column(heading)
    for g, n, mean, med in st.finish().durations or ():
        _row(t, str(labels.get(g, g)), str(n), _num(mean, lang), _num(med, lang))
    con.print(t)
    citizens, mean, _ = per_citizen(per_cit)
    sectors = ", ".join(f"{_m(_sector(k, lang))}: {v} ({_share(v, st.readable, lang)})"
                        for k, v in sorted(st.sector.items()))
    con.print(f"{'Borgere' if da else 'Citizens'}: {citizens}; "
              f"{'forløb pr. borger' if da else 'internships per citizen'}: {_num(mean, lang)}"
              + (f"; {sectors}" if sectors else ""))  # no dangling «; » without a sector (review 14b F2)
    if not_checkable:
        con.print(f"[bold]{'Kan ikke kontrolleres med dette udtræk' if da else 'Not checkable with this export'}:[/]")
        for nc in not_checkable:
            parts = [door.clean(str(x)) for x in (nc["rule"], nc["title"], report_name(nc["source"]),
                                                  ", ".join(nc["missing_columns"]))]
            parts = door.across_cells(parts, " ")
            # a JSON source lacks a field, a CSV export a column (review 12, D1's note)
            from .batch.sources import DIFFERENCE_FIELD, DIFFERENCE_KEY
            field = nc["missing_columns"] == [DIFFERENCE_KEY] and nc["missing_fields"] == [DIFFERENCE_FIELD]
            lacks = (("mangler feltet" if da else "lacks the field") if field
                     else ("mangler kolonnen" if da else "lacks the column"))
            con.print(f"  {_m(parts[0])} {_m(parts[1])} — {_m(parts[2])}: {lacks} {_m(parts[3])}")
    if repeated:
        con.print(f"[bold]{'Gentagne aftale-id’er' if da else 'Repeated agreement ids'}:[/]")
        for line in repeated_lines(repeated, lang):
            con.print(f"  {_m(line)}")
        con.print(f"  {_m(counted_once(repeated, lang))}")
    if da:
        counts = (f"{plural(st.records, 'aftale', 'aftaler')}: {st.error} fejl, "
                  f"{plural(st.warning, 'advarsel', 'advarsler')}, {st.info} info.")
    else:
        counts = (f"{plural(st.records, 'agreement', 'agreements')}: {plural(st.error, 'error', 'errors')}, "
                  f"{plural(st.warning, 'warning', 'warnings')}, {st.info} info.")
    con.print(f"[bold]{counts}[/]")


# --------------------------------------------------------------------------- HTML




REPORT_TEMPLATES = Path(__file__).resolve().parent / "web"
#: At most this many agreements are listed one by one in the report (all are counted).
MAX_LISTED = 2000
MARKER_WEEKS = (4, 13, 26)


def _words(lang: str) -> dict[str, tuple[str, str]]:
    if lang == "da":
        return {"agreement": ("aftale", "aftaler"), "finding": ("fund", "fund"), "citizen": ("borger", "borgere")}
    return {"agreement": ("agreement", "agreements"), "finding": ("finding", "findings"),
            "citizen": ("citizen", "citizens")}


def histogram_view(bins: list[int], title: str, hid: str, lang: str) -> dict[str, Any]:
    """Bars, axes with labels, and marker lines at 4, 13 and 26 weeks, as numbers for the
    template's SVG."""
    width, height = 640, 240
    x0, x1, y0, ytop = 56, width - 56, height - 44, 22
    top = max(bins) or 1
    step = (x1 - x0) / len(bins)
    da = lang == "da"
    bars = []
    for i, n in enumerate(bins):
        h = (y0 - ytop) * n / top
        span = f"{i}+" if i == len(bins) - 1 else f"{i}–{i + 1}"
        bars.append({"x": f"{x0 + i * step + 1:.1f}", "y": f"{y0 - h:.1f}", "w": f"{step - 2:.1f}", "h": f"{h:.1f}",
                     "label": f"{span} {'uger' if da else 'weeks'}: {plural(n, *(('forløb', 'forløb') if da else ('internship', 'internships')))}"})
    xticks = [{"x": f"{x0 + i * step:.1f}", "label": str(i)} for i in range(0, len(bins), 2)]
    yticks = [{"y": round(y0 - (y0 - ytop) * v / top, 1), "label": str(v)} for v in sorted({0, top // 2, top})]
    markers = [{"x": round(x0 + w * step, 1), "label": f"{w} {'uger' if da else 'weeks'}"} for w in MARKER_WEEKS
               if w < len(bins)]
    total = sum(bins)
    desc = (f"{plural(total, 'forløb', 'forløb')}; flest i intervallet {bins.index(top)}–{bins.index(top) + 1} uger ({top})."
            if da else f"{plural(total, 'internship', 'internships')}; most in {bins.index(top)}–{bins.index(top) + 1} weeks ({top}).")
    return {"id": hid, "title": title, "desc": desc, "width": width, "height": height, "x0": x0, "x1": x1,
            "y0": y0, "ytop": ytop, "bars": bars, "xticks": xticks, "yticks": yticks, "markers": markers}


def _cite_line(c: Any, lang: str) -> str | None:
    """A finding's citation as the text report's line, from its JSON form: the paragraphs
    with their notes, then the act versions («LAB § 61, stk. 1, nr. 1 (LBK nr. 701 af
    22/05/2022)», review 15 F4) — the same words as ``common.citation_line``."""
    from .reporters.jsonout import act_versions

    if not isinstance(c, dict) or not c.get("text"):
        return None
    numbers = act_versions(c, lang)
    return str(c["text"]) + (f" ({numbers})" if numbers else "")


def _rule_citation(rs: RuleSet, part: Any, lang: str) -> dict[str, Any]:
    """A rule's citation in its section, linked to the act version it is written for: a
    citation dated to end (LBK 1342/2016 § 44, until 2019) to the version in force on its
    last day, an open-ended one to the newest version (review 15, F4: § 44 was linked to
    LBK 280/2024, where § 44 is another paragraph). A version whose numbering RULES.md
    does not verify says so, as a finding's citation does (engine.citation)."""
    act = rs.acts[part.act]
    latest = part.valid_to is None
    v = act.version_at(part.valid_to) if part.valid_to else act.versions[-1]
    v = v or act.versions[-1]
    unverified = bool(v.numbering and not (part.valid_to and v.valid_to and part.valid_to <= v.valid_to))
    url = v.url if web_url(v.url) else (next((x.url for x in reversed(act.versions) if web_url(x.url)), None)
                                        if latest else None)
    return {"text": part.get(lang), "act": act.title, "number": v.number, "latest": latest, "url": url,
            "note": v.numbering.get(lang) if unverified and v.numbering else None}


def _where_words(pointer: str | None, lang: str) -> str | None:
    """Where a finding points, as a Danish reader reads it: the field's Danish title
    («Plan efter praktikken», «Tidligere forløb nr. 2»), never its JSON pointer
    («/after_internship»), which a CSV export's auditor does not have (review 19, F14); an
    English report keeps the pointer. None: nothing to show."""
    if not pointer or lang != "da":
        return pointer or None
    from .contract import fields

    steps = [p for p in pointer.strip("/").split("/") if p]
    names = [p for p in steps if not p.isdigit()]
    info = fields().get(".".join(names))
    if info is None:
        return None
    numbers = [int(p) + 1 for p in steps if p.isdigit()]
    return info.title_da + "".join(f" nr. {n}" for n in numbers)


def _agreement_view(doc: dict[str, Any], rs: RuleSet, lang: str) -> dict[str, Any]:
    groups: dict[str, dict[str, Any]] = {}
    for f in doc.get("findings", []):
        g = groups.setdefault(f["rule"], {"rule": f["rule"], "severity": f["severity"],
                                          "severity_label": SEVERITY_DA.get(f["severity"], f["severity"])
                                          if lang == "da" else f["severity"], "findings": []})
        g["findings"].append({**f, "cite": _cite_line(f.get("citation"), lang),
                              "pointer": _where_words(f.get("pointer"), lang)})
    # the file name's control and format characters escaped, as in the examples
    source = door.reshown_path(doc.get("source") or "", door.NOT_IN_ANNOTATION)
    where = f"{source}:{doc.get('line') or ''}".rstrip(":")
    n = len(doc.get("findings", []))
    count = plural(n, *_words(lang)["finding"])
    # The summary line reads «id · borger citizen · source:line · n fund»: each field passed
    # the door alone, and side by side they must not read as one CPR number either.
    aid, citizen = doc.get("agreement_id") or "—", doc.get("citizen") or "—"
    parts = [aid, " · " + _words(lang)["citizen"][0] + " ", citizen, " · ", where, " · " + count]
    safe, at, shown = door.across("".join(parts), [aid, citizen, source]), 0, []
    for part in parts:  # the door keeps the length: each field is cut back out of the line
        shown.append(safe[at:at + len(part)])
        at += len(part)
    return {"id": shown[0], "citizen": shown[2], "where": shown[4],
            "rules": sorted(groups), "groups": [groups[k] for k in sorted(groups)],
            "count_sentence": count}


@functools.cache
def template_env(directory: Path) -> Any:
    """Jinja for our pages: every value from data is cleaned (the door's first step; it was
    masked before it got here) and then HTML-escaped; our own Markup passes as it is. One
    environment per folder, kept: it keeps its compiled templates (compiling the report's
    took ~0.4 s, at every report the server or a test wrote)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    def finalize(value: Any) -> Any:
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return door.clean(value, keep_newlines=True)

    return Environment(loader=FileSystemLoader(directory), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True, finalize=finalize)


def write_html(st: Stats, rs: RuleSet, lang: str, read: int, not_checkable: list[dict[str, Any]],
               per_cit: dict[int, int], sources: list[str], out: IO[str],
               agreements: list[dict[str, Any]] | None = None, with_findings: int | None = None,
               lost: int = 0, repeated: list[dict[str, Any]] | None = None, packs: str | None = None,
               tick: Callable[[], None] | None = None) -> None:
    """The audit report on the web page's template and stylesheet, as one self-contained
    file. ``agreements`` are result documents (masked, as the JSON output) of agreements
    with findings, at most :data:`MAX_LISTED`; ``with_findings`` how many there were;
    ``packs`` the line naming the rule packs in force, under the header (review 16, F8).
    ``tick`` is called between the report's parts (the web page's cancel: it raises to stop)."""
    tick = tick or (lambda: None)
    da = lang == "da"
    words = _words(lang)
    groups = {k: g.label.get(lang) for k, g in rs.target_groups.items()}
    sev_label = (lambda s: SEVERITY_DA.get(s, s)) if da else (lambda s: s)
    cards = [(("Poster læst", "Records read")[not da], read, ""),
             (("Poster rapporteret", "Records reported")[not da], st.records, ""),
             (("Kunne ikke læses", "Unreadable")[not da], st.input_problems, "sev-error"),
             (("Fejl", "Errors")[not da], st.error, "sev-error"),
             (("Advarsler", "Warnings")[not da], st.warning, "sev-warning"),
             ("Info", st.info, "sev-info"),
             (("Dispenseret", "Waived")[not da], st.waived, ""),
             *(((("Linjer ikke læst", "Lines not read")[not da], lost, "sev-error"),) if lost else ())]
    rules = []
    for rid in sorted(st.by_rule):
        rule = rs.rules.get(rid)
        if rule is None:
            continue
        s = rule.spec
        texts = rule_texts(rs, rule, lang)
        n, agr = st.by_rule[rid], st.agreements_by_rule[rid]
        cits = []
        for c in s.citations:
            cits.append(_rule_citation(rs, c, lang))
        level = s.confidence.level
        rules.append({
            "id": rid, "severity": s.severity, "severity_label": sev_label(s.severity), "title": texts.title,
            "findings": n, "agreements": agr,
            "count_sentence": (f"{plural(n, *words['finding'])} i {plural(agr, *words['agreement'])}." if da
                               else f"{plural(n, *words['finding'])} in {plural(agr, *words['agreement'])}."),
            "citations": cits, "citation_text": "; ".join(dict.fromkeys(str(c["text"]) for c in cits)),
            "message": texts.message, "fix": texts.fix,
            "confidence": CONFIDENCE_DA.get(level, level) if da else level, "note": (s.confidence.text(lang) or "").rstrip(".") or None,
            "day": labels.date(texts.day, lang), "examples": _side_by_side(st.examples.get(rid, []), "; "),
        })
    listed = None
    sentence = ""
    if agreements is not None:
        listed = []
        for n, d in enumerate(agreements[:MAX_LISTED]):
            if n % 50 == 0:
                tick()
            listed.append(_agreement_view(d, rs, lang))
        total = with_findings if with_findings is not None else len(agreements)
        sentence = (f"{plural(total, 'aftale', 'aftaler')} har fund" if da
                    else f"{plural(total, 'agreement', 'agreements')} with findings")
        if total > len(listed):
            sentence += (f"; de første {len(listed)} er vist her (alle står i --findings)" if da
                         else f"; the first {len(listed)} are shown here (all are in --findings)")
        sentence += "."

    def breakdown(recs: Counter[str], finds: Counter[str], name_of: Any) -> list[tuple[str, int, str, int, str]]:
        return [(name_of(k), n, _share(n, st.readable, lang), finds[k], _num(finds[k] / n, lang) if n else "—")
                for k, n in sorted(recs.items(), key=lambda kv: (-kv[1], kv[0]))]

    years = sorted({y for _, y in st.group_year})
    year_totals = {y: sum(n for (_, yy), n in st.group_year.items() if yy == y) for y in years}
    t11 = [(groups.get(g, g), [(st.group_year.get((g, y), 0),
                                _share(st.group_year.get((g, y), 0), year_totals[y], lang))
                               for y in years]) for g in sorted({g for g, _ in st.group_year})]
    citizens, mean, buckets = per_citizen(per_cit)
    total_sector = sum(st.sector.values())
    st.finish()
    assert st.histograms is not None and st.durations is not None
    histograms = [histogram_view(st.histograms[g], (f"Varighed for {groups.get(g, g)}" if da
                                                    else f"Duration for {groups.get(g, g)}"), f"hist-{i}", lang)
                  for i, g in enumerate(sorted(st.histograms))]
    web = REPORT_TEMPLATES
    env = template_env(web / "templates")
    tick()
    # rendered piece by piece, so that a cancel (``tick``) also stops it part-way
    parts = env.get_template("report.html").generate(
        lang=lang, header=report_header(__version__, labels.date(dt.date.today(), lang),
                                        [report_name(s) for s in sources]),
        packs=packs,
        css=(web / "static" / "app.css").read_text("utf-8"),
        cards=cards, reconciled=read == st.records and not lost, rules=rules,
        reconciliation=reconciliation(read, st.records, lost, lang),
        not_checkable=[{**nc, "source": report_name(nc["source"])} for nc in not_checkable],
        repeated=repeated_lines(repeated or [], lang),
        counted_once=counted_once(repeated or [], lang), stats_note=counted_once(repeated or [], lang, short=True),
        agreements=listed, listed_sentence=sentence,
        breakdowns=[
            ("municipalities", "Pr. kommune" if da else "Per municipality",
             "Aftaler og fund pr. kommune" if da else "Agreements and findings per municipality",
             breakdown(st.records_by_municipality, st.findings_by_municipality, lambda k: k)),
            ("groups", "Pr. målgruppe" if da else "Per target group",
             "Aftaler og fund pr. målgruppe" if da else "Agreements and findings per target group",
             breakdown(st.records_by_group, st.findings_by_group, lambda k: groups.get(k, k))),
        ],
        years=years, year_totals=year_totals, t11=t11,
        citizens_sentence=(f"{plural(citizens, 'borger', 'borgere')}, {_num(mean, lang)} forløb pr. borger i gennemsnit."
                           if da else f"{plural(citizens, 'citizen', 'citizens')}, {_num(mean, lang)} internships per "
                           "citizen on average."),
        buckets=[(k, v, _share(v, citizens, lang)) for k, v in buckets.items()],
        durations=[(groups.get(g, g) if g != "i alt" else ("I alt" if da else "Total"), n, _num(m, lang), _num(med, lang))
                   for g, n, m, med in st.durations],
        histograms=histograms,
        sectors=[(_sector(k, lang), n, _share(n, total_sector, lang))
                 for k, n in sorted(st.sector.items(), key=lambda kv: -kv[1])],
    )
    pieces: list[str] = []
    for n, piece in enumerate(parts):
        if n % 500 == 0:
            tick()
        pieces.append(piece)
    tick()
    out.write(door.no_digit_entities("".join(pieces)))


def report_header(version: str, today: str, sources: list[str]) -> str:
    """The report's first line, «praktiktjek 0.1.0 · 28-11-2026 · a.jsonl, b.csv», composed
    here so that the door sees it whole: today's «…26» beside a source «0101 1234.jsonl»
    read as 260101-1234 (review 6)."""
    return door.across(f"praktiktjek {version} · {today} · {', '.join(sources)}", [today, *sources])


def inline_parts(page: str) -> tuple[list[str], list[str]]:
    """The contents of the report's inline <style> (and any <script>) elements, so that
    a server can allow exactly these by hash in its Content-Security-Policy."""
    import re

    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    return styles, scripts
