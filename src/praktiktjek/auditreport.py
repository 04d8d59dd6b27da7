"""What an audit sums up: the statistics of the report's Table 1.1 and Figures 1.1–1.2,
findings per rule, municipality and target group; as rich tables and as one
self-contained HTML file (no external assets, every text escaped)."""

from __future__ import annotations

import datetime as dt
import html
import statistics
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any

from . import __version__, door, labels
from .audit import Brief, Facts
from .docs import CONFIDENCE_DA
from .results import Summary
from .rulepack import RuleSet
from .ruletext import rule_texts

SEVERITY_DA = {"error": "fejl", "warning": "advarsel", "info": "info"}
HIST_BINS = 27  # weeks 0–1, 1–2, …, 25–26, and 26 or more
NO_MUNICIPALITY = "(ikke oplyst)"


@dataclass
class Stats(Summary):
    """The check's tallies (records, severities, input problems, waived) plus what an
    audit report shows."""

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

    def add_brief(self, brief: Brief, facts: Facts) -> None:
        self.records += 1
        readable, group, municipality, year, weeks, sector = facts
        muni = municipality or NO_MUNICIPALITY
        counted = 0
        seen = set()
        findings, agreement_id, source, record_line = brief
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
                    ex.append(f"{agreement_id or '—'} ({source}:{line or record_line or ''})")
            counted += 1
        if not readable or group is None:
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


def _num(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f} %".replace(".", ",") if total else "—"


# --------------------------------------------------------------------------- console


def _m(value: Any) -> str:
    """Data and rule texts in a rich table or line: through the door, never markup."""
    return door.markup(door.clean(str(value)))


def console_summary(st: Stats, rs: RuleSet, lang: str, read: int,
                    not_checkable: list[dict[str, Any]], per_cit: dict[int, int], out: IO[str],
                    lost: int = 0) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(file=out, highlight=False, width=max(100, min(160, Console(file=out).width)))
    da = lang == "da"
    ok = "✓" if read == st.records and not lost else "✗"
    con.print(f"[bold]{'Afstemning' if da else 'Reconciliation'}:[/] "
              f"{'læst' if da else 'read'} {read} · {'rapporteret' if da else 'reported'} {st.records} {ok}"
              f" · {'ulæselige' if da else 'unreadable'} {st.input_problems}"
              + (f" · {'linjer ikke læst' if da else 'lines not read'} {lost}" if lost else ""))
    t = Table(title="Fund pr. regel" if da else "Findings per rule", header_style="bold")
    for c in (("Regel", "Rule"), ("Alvor", "Severity"), ("Fund", "Findings"), ("Aftaler", "Agreements"),
              ("Titel", "Title"), ("Hjemmel", "Citation")):
        t.add_column(c[0] if da else c[1], overflow="fold")
    for rid, n in sorted(st.by_rule.items()):
        rule = rs.rules.get(rid)
        cit = "; ".join(dict.fromkeys(c.get(lang) for c in rule.spec.citations)) if rule else ""
        sev = rule.severity if rule else ""
        t.add_row(_m(rid), SEVERITY_DA.get(sev, sev) if da else sev, str(n), str(st.agreements_by_rule[rid]),
                  _m(rule_texts(rs, rule, lang).title) if rule else "", _m(cit or "—"))
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
            t.add_row(_m(names.get(k, k)), str(n), str(finds[k]), _share(n, st.readable))
        con.print(t)
    t = Table(title="Varighed i uger" if da else "Duration in weeks", header_style="bold")
    for heading in ("", "n", "gns." if da else "mean", "median"):
        t.add_column(heading)
    for g, n, mean, med in duration_table(st):
        t.add_row(_m(labels.get(g, g)), str(n), _num(mean), _num(med))
    con.print(t)
    citizens, mean, _ = per_citizen(per_cit)
    con.print(f"{'Borgere' if da else 'Citizens'}: {citizens}; "
              f"{'forløb pr. borger' if da else 'internships per citizen'}: {_num(mean)}; "
              + ", ".join(f"{_m(_sector(k, lang))}: {v} ({_share(v, st.readable)})"
                          for k, v in sorted(st.sector.items())))
    if not_checkable:
        con.print(f"[bold]{'Kan ikke kontrolleres med dette udtræk' if da else 'Not checkable with this export'}:[/]")
        for nc in not_checkable:
            con.print(f"  {_m(nc['rule'])} {_m(nc['title'])} — {_m(nc['source'])}: "
                      f"{'mangler kolonnen' if da else 'lacks the column'} {_m(', '.join(nc['missing_columns']))}")
    con.print(f"[bold]{st.records} {'aftale(r)' if da else 'agreement(s)'}: {st.error} "
              f"{'fejl' if da else 'errors'}, {st.warning} {'advarsler' if da else 'warnings'}, "
              f"{st.info} info.[/]")


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:70rem;
color:#1d2433;line-height:1.45;padding:0 1rem}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #e3e7ef;padding-bottom:.3rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.92rem}
th,td{padding:.3rem .7rem;border-bottom:1px solid #e3e7ef;text-align:left;vertical-align:top}
th{background:#f4f6fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#f4f6fa;border-radius:.6rem;padding:.8rem 1.1rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}.sev-error{color:#b42318}.sev-warning{color:#b54708}.sev-info{color:#175cd3}
.rule{border-left:4px solid #d0d5dd;padding:.2rem 1rem;margin:1rem 0}.rule.error{border-color:#b42318}
.rule.warning{border-color:#f79009}.rule.info{border-color:#2e90fa}.muted{color:#667085;font-size:.88rem}
svg text{font-size:10px;fill:#475467}.ok{color:#067647}
"""


def _svg_histogram(bins: list[int], title: str) -> str:
    width, height, pad = 560, 150, 28
    top = max(bins) or 1
    bar = (width - pad) / len(bins)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 30}" '
             f'role="img" aria-label="{html.escape(title)}">']
    for i, n in enumerate(bins):
        h = (height - 10) * n / top
        x = pad + i * bar
        parts.append(f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                     f'fill="#2e90fa"><title>{i}{"+" if i == len(bins) - 1 else f"–{i + 1}"} uger: {n}</title></rect>')
        if i % 4 == 0 or i == len(bins) - 1:
            label = f"{i}+" if i == len(bins) - 1 else str(i)
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height + 14}" text-anchor="middle">{label}</text>')
    parts.append(f'<text x="0" y="12">{top}</text><text x="{width / 2:.0f}" y="{height + 28}" '
                 'text-anchor="middle">uger</text></svg>')
    return "".join(parts)


def write_html(st: Stats, rs: RuleSet, lang: str, read: int, not_checkable: list[dict[str, Any]],
               per_cit: dict[int, int], sources: list[str], out: IO[str], lost: int = 0) -> None:
    def e(value: Any) -> str:  # the door's last step for HTML (the data was masked before)
        return html.escape(door.clean(str(value)))

    w = out.write
    groups = {k: g.label.get(lang) for k, g in rs.target_groups.items()}
    w("<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      f"<title>praktiktjek – revisionsrapport</title><style>{_CSS}</style></head><body>\n")
    w(f"<h1>Revision af virksomhedspraktik</h1><p class=\"muted\">praktiktjek {e(__version__)} · "
      f"{e(labels.date(dt.date.today(), lang))} · {e(', '.join(sources))}</p>\n")
    ok = read == st.records and not lost
    w('<section id="totals"><h2>Totaler og afstemning</h2><div class="cards">')
    for label, n, cls in (("Poster læst", read, ""), ("Poster rapporteret", st.records, ""),
                          ("Kunne ikke læses", st.input_problems, "sev-error"), ("Fejl", st.error, "sev-error"),
                          ("Advarsler", st.warning, "sev-warning"), ("Info", st.info, "sev-info"),
                          ("Dispenseret", st.waived, ""),
                          *((("Linjer ikke læst", lost, "sev-error"),) if lost else ())):
        w(f'<div class="card"><b class="{cls}">{n}</b>{e(label)}</div>')
    w(f'</div><p class="{"ok" if ok else "sev-error"}">{"✓ Alle læste poster er rapporteret." if ok else "✗ Læst og rapporteret stemmer ikke."}</p>')
    if not_checkable:
        w("<h3>Kan ikke kontrolleres med dette udtræk</h3><table><tr><th>Regel</th><th>Titel</th>"
          "<th>Fil</th><th>Mangler</th></tr>")
        for nc in not_checkable:
            w(f"<tr><td>{e(nc['rule'])}</td><td>{e(nc['title'])}</td><td>{e(nc['source'])}</td>"
              f"<td>{e(', '.join(nc['missing_columns']))}</td></tr>")
        w("</table>")
    w("</section>\n")
    w('<section id="rules"><h2>Fund pr. regel</h2><table><tr><th>Regel</th><th>Alvor</th><th>Fund</th>'
      "<th>Aftaler</th><th>Titel</th></tr>")
    for rid, n in sorted(st.by_rule.items()):
        rule = rs.rules.get(rid)
        sev = rule.severity if rule else ""
        w(f'<tr><td><a href="#{e(rid)}">{e(rid)}</a></td><td class="sev-{e(sev)}">'
          f'{e(SEVERITY_DA.get(sev, sev))}</td><td class="n">{n}</td><td class="n">{st.agreements_by_rule[rid]}</td>'
          f"<td>{e(rule_texts(rs, rule, lang).title if rule else '')}</td></tr>")
    w("</table>")
    for rid in sorted(st.by_rule):
        rule = rs.rules.get(rid)
        if rule is None:
            continue
        s = rule.spec
        texts = rule_texts(rs, rule, lang)
        w(f'<div class="rule {e(s.severity)}" id="{e(rid)}"><h3>{e(rid)} {e(texts.title)}</h3>')
        w(f"<p>{st.by_rule[rid]} fund i {st.agreements_by_rule[rid]} aftaler.</p>")
        if s.citations:
            w("<p><b>Hjemmel:</b> " + "; ".join(e(c) for c in dict.fromkeys(c.get(lang) for c in s.citations))
              + "</p><ul>")
            for c in s.citations:
                act = rs.acts[c.act]
                url = next((v.url for v in reversed(act.versions) if v.url), None)
                link = f' – seneste udgave: <a href="{e(url)}">{e(url)}</a>' if url else ""
                w(f"<li>{e(c.get(lang))} ({e(act.title)}){link}</li>")
            w("</ul>")
        else:
            w("<p><b>Hjemmel:</b> ingen (teknisk fund)</p>")
        w(f"<p><b>Fundet lyder:</b> {e(texts.message)}</p>")
        w(f"<p><b>Hvad der skal ændres:</b> {e(texts.fix)}</p>")
        level = CONFIDENCE_DA.get(s.confidence.level, s.confidence.level)
        versions = (" Hvert fund i resultaterne citerer den udgave af loven, der gjaldt på aftalens startdato."
                    if s.citations else "")
        note = (s.confidence.text(lang) or "").rstrip(".")
        w(f'<p class="muted">Sikkerhed: {e(level)}{" – " + e(note) if note else ""}.'
          f" Tekst og parametre, som de gælder {e(labels.date(texts.day, lang))}.{versions}</p>")
        ex = st.examples.get(rid, [])
        if ex:
            w('<p class="muted">Eksempler: ' + "; ".join(e(x) for x in ex) + "</p>")
        w("</div>")
    w("</section>\n")
    def same(k: str) -> str:
        return k

    def group_label(k: str) -> str:
        return groups.get(k, k)

    for sid, heading, recs, finds, name_of in (
        ("municipalities", "Pr. kommune", st.records_by_municipality, st.findings_by_municipality, same),
        ("groups", "Pr. målgruppe", st.records_by_group, st.findings_by_group, group_label),
    ):
        w(f'<section id="{sid}"><h2>{heading}</h2><table><tr><th></th><th>Aftaler</th><th>Andel</th>'
          "<th>Fund</th><th>Fund pr. aftale</th></tr>")
        for k, n in sorted(recs.items(), key=lambda kv: (-kv[1], kv[0])):
            per = _num(finds[k] / n) if n else "—"
            w(f"<tr><td>{e(name_of(k))}</td><td class=\"n\">{n}</td><td class=\"n\">{_share(n, st.readable)}</td>"
              f"<td class=\"n\">{finds[k]}</td><td class=\"n\">{per}</td></tr>")
        w("</table></section>\n")
    # Table 1.1: count and share per target group and year
    years = sorted({y for _, y in st.group_year})
    w('<section id="table-1-1"><h2>Forløb pr. målgruppe og år (jf. rapportens tabel 1.1)</h2><table><tr><th>Målgruppe</th>')
    for y in years:
        w(f"<th>{y}</th><th>Andel</th>")
    w("</tr>")
    totals = {y: sum(n for (_, yy), n in st.group_year.items() if yy == y) for y in years}
    for g in sorted({g for g, _ in st.group_year}):
        w(f"<tr><td>{e(groups.get(g, g))}</td>")
        for y in years:
            n = st.group_year.get((g, y), 0)
            w(f'<td class="n">{n}</td><td class="n">{_share(n, totals[y])}</td>')
        w("</tr>")
    w("<tr><th>I alt</th>" + "".join(f'<th class="n">{totals[y]}</th><th></th>' for y in years) + "</tr></table></section>\n")
    citizens, mean, buckets = per_citizen(per_cit)
    w(f'<section id="per-citizen"><h2>Forløb pr. borger (jf. figur 1.1)</h2><p>{citizens} borgere, '
      f"{_num(mean)} forløb pr. borger i gennemsnit.</p><table><tr><th>Forløb</th><th>Borgere</th><th>Andel</th></tr>")
    for k, v in buckets.items():
        w(f'<tr><td>{e(k)}</td><td class="n">{v}</td><td class="n">{_share(v, citizens)}</td></tr>')
    w("</table></section>\n")
    w('<section id="duration"><h2>Varighed (jf. figur 1.2)</h2><table><tr><th>Målgruppe</th><th>Forløb</th>'
      "<th>Gennemsnit (uger)</th><th>Median (uger)</th></tr>")
    for g, n, m, med in duration_table(st):
        w(f'<tr><td>{e(groups.get(g, g))}</td><td class="n">{n}</td><td class="n">{_num(m)}</td>'
          f'<td class="n">{_num(med)}</td></tr>')
    w("</table>")
    for g in sorted(st.weeks):
        label = groups.get(g, g)
        w(f"<h3>{e(label)}</h3>{_svg_histogram(histogram(st.weeks[g]), f'Varighed for {label}')}")
    w("</section>\n")
    total = sum(st.sector.values())
    w('<section id="sector"><h2>Privat og offentlig sektor</h2><table><tr><th>Sektor</th><th>Forløb</th><th>Andel</th></tr>')
    for k, n in sorted(st.sector.items(), key=lambda kv: -kv[1]):
        w(f'<tr><td>{e(_sector(k, "da"))}</td><td class="n">{n}</td><td class="n">{_share(n, total)}</td></tr>')
    w("</table></section>\n</body></html>\n")
