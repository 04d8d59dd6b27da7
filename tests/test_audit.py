"""The batch audit: CSV exports, cross-record rules, nothing lost, every output."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement

HEADER = ("aftale_id;kommune;cpr;maalgruppe;dimittend;cvr;p_nummer;virksomhed;sektor;ordinaert_ansatte;"
          "stoettede_personer;startdato;slutdato;timer_pr_uge;stillingsbetegnelse;arbejdsfunktioner;formaal;"
          "formaal_beskrivelse;efter_praktik;aftalt_borger;aftalt_virksomhed;aftalt_jobcenter;forlaenget_til;"
          "forlaengelse_begrundelse;forlaengelse_vurdering;forlaengelse_saerligt_behov;forskel_fra_tidligere")
DESC = "Afklare om borgeren kan varetage {} i dagvagt, så butikken kan tilbyde ordinære timer"


def row(aid: str, cpr: str, start: str, end: str, *, group: str = "Dagpengemodtager", cvr: str = "35954716",
        p: str = "1012345678", title: str = "Butiksassistent", functions: str = "varepåfyldning|kundeservice",
        hours: str = "30", employees: str = "12,5", subsidised: str = "0", desc: str | None = None,
        muni: str = "Ærø", sector: str = "privat", ext: str = "", difference: str = "",
        purpose: str = "Ordinære løntimer", after: str = "Ordinære løntimer") -> str:
    d = desc if desc is not None else DESC.format(title.lower() + " " + aid)
    cells = [aid, muni, cpr, group, "nej", cvr, p, "Købmand Østergård", sector, employees, subsidised, start, end,
             hours, title, functions, purpose, d, after, "24-02-2021", "24-02-2021", "25-02-2021", ext,
             "Optræne kassefunktionen" if ext else "", "Vurderet konkret" if ext else "", "", difference]
    return ";".join(cells)


def write_csv(path: Path, rows: list[str], encoding: str = "utf-8", header: str = HEADER) -> Path:
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode(encoding))
    return path


def audit_json(run_cli, *args: str, code: int | None = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return run_cli("audit", "-f", "json", "-j", "1", *args, code=code).json()  # type: ignore[no-any-return]


def rules_by_id(doc: dict[str, Any]) -> dict[str, list[str]]:
    return {r["agreement_id"] or f"line {r['line']}": sorted(f["rule"] for f in r["findings"]) for r in doc["results"]}


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_danish_letters_survive_every_encoding(run_cli, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "udtræk.csv", [row("A1", "0101901234", "01-03-2021", "28.03.2021",
                                                 muni="Ærø", title="Køkkenmedhjælper", functions="opvask|salatbar")])
    doc = audit_json(run_cli, str(f), code=0)
    (r,) = doc["results"]
    assert r["findings"] == [] and r["citizen"] == "010190-****"
    report = tmp_path / "r.html"
    run_cli("audit", "-q", "-j", "1", "--report", str(report), str(f), code=0)
    assert "Ærø" in report.read_text("utf-8")


def test_separators_and_decimal_commas_are_read(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = row("A1", "c-1", "2021-03-01", "2021-03-28", employees="60", subsidised="10,5", hours="30")
    for sep in (",", "\t"):
        cells = next(csv.reader([r], delimiter=";"))
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=sep)
        w.writerow(HEADER.split(";"))
        w.writerow(cells)
        f = tmp_path / f"sep{ord(sep)}.csv"
        f.write_text(buf.getvalue(), "utf-8")
        doc = audit_json(run_cli, str(f), code=1)
        # 60 employees allow 11; 10.5 + 30/37 is more: the decimal comma was read
        assert rules_by_id(doc) == {"A1": ["VP701"]}, sep


def test_bad_rows_are_reported_with_row_column_and_value_and_counts_reconcile(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [
        row("A1", "c-1", "01-03-2021", "28-03-2021"),
        row("A2", "c-2", "31-02-2021", "28-03-2021"),
        row("A3", "c-3", "01-03-2021", "28-03-2021", hours="tredive"),
        "kort;række",
        row("A5", "c-5", "01-03-2021", "11-04-2021"),
    ])
    doc = audit_json(run_cli, str(f), code=1)
    assert [r["line"] for r in doc["results"]] == [2, 3, 4, 5, 6]
    assert doc["summary"]["records"] == doc["summary"]["read"] == 5
    assert doc["summary"]["input_problems"] == 3
    msgs = [r["findings"][0]["message"] for r in doc["results"][1:4]]
    assert "række 3: kolonne «startdato»: «31-02-2021» er en dato, der ikke findes" in msgs[0]
    assert "række 4: kolonne «timer_pr_uge»: «tredive» er ikke et tal" in msgs[1]
    # a row cut short is not read as if its missing cells were empty (review 7, finding 10)
    assert "række 5: rækken har 2 felter, men overskriften har 27" in msgs[2]
    assert rules_by_id(doc)["A5"] == ["VP202"]
    text = run_cli("audit", "-j", "1", str(f), code=1).out
    assert "læst 5 · rapporteret 5 ✓" in text


def test_a_mapping_file_renames_columns_and_adds_labels(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "egen.csv"
    f.write_text("Sag;Person;Gruppe;CVR;Fra;Til;Timer\nK-1;c-9;Forsikret ledig (A-kasse);35954716;01-03-2021;11-04-2021;30\n", "utf-8")
    m = tmp_path / "mapping.toml"
    m.write_text('[columns]\nSag = "id"\nPerson = "citizen.id"\nGruppe = "target_group"\nCVR = "company.cvr"\n'
                 'Fra = "start"\nTil = "end"\nTimer = "hours_per_week"\n\n'
                 '[labels.target_group]\n"Forsikret ledig (A-kasse)" = "dagpenge"\n', "utf-8")
    doc = audit_json(run_cli, "--mapping", str(m), str(f), code=1)
    assert rules_by_id(doc) == {"K-1": ["VP202"]}  # the rest cannot be checked with this export
    checkable = {nc["rule"] for nc in doc["summary"]["not_checkable"]}
    assert {"VP101", "VP104", "VP106", "VP701"} <= checkable and "VP202" not in checkable


@pytest.mark.parametrize(("text", "message"), [
    ('[columns]\nSag = "hours_per_weak"\n', "kolonnen «Sag» peger på et ukendt felt «hours_per_weak» (mente du «hours_per_week»?)"),
    ('[columns]\nSag = "no.such.field"\n', "kolonnen «Sag» peger på et ukendt felt «no.such.field»"),
    ('colour = "red"\n', "nøglen «colour» er ikke en kendt nøgle"),
    ('[labels.farve]\nx = "y"\n', "nøglen «farve» under «labels» skal være «target_group», «purposes»"),
    ('separator = "|"\n', "separator"),
])
def test_a_malformed_mapping_is_a_usage_error_naming_the_key(run_cli, tmp_path: Path, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "m.toml"
    m.write_text(text, "utf-8")
    f = write_csv(tmp_path / "x.csv", [row("A1", "c-1", "01-03-2021", "28-03-2021")])
    res = run_cli("audit", "--mapping", str(m), str(f), code=2)
    assert "m.toml" in res.err and message in res.err


def test_repeats_are_found_across_records(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [
        # the same citizen twice at the same workplace: same title, 8 days apart
        row("B2", "0202801234", "05-04-2021", "30-04-2021", functions="kasse"),
        row("B1", "0202801234", "01-03-2021", "28-03-2021"),
        # another citizen: another function with the difference written down, a month later
        # (each pair at its own workplace, so that the ratio rule stays out of it)
        row("C1", "c-3", "01-02-2021", "28-02-2021", title="Lager", functions="lager", p="1000000003"),
        row("C2", "c-3", "05-04-2021", "30-04-2021", title="Kasse", functions="kasse", p="1000000003",
            difference="Kasse i stedet for lager"),
        # a third: the same company, no difference stated
        row("D1", "c-4", "01-02-2021", "28-02-2021", title="Lager", functions="lager", p="1000000004"),
        row("D2", "c-4", "05-04-2021", "30-04-2021", title="Kasse", functions="kasse", p="1000000004"),
        # a fourth: another workplace of another company
        row("E1", "c-5", "01-02-2021", "28-02-2021", cvr="11111111", p="1111111111"),
        row("E2", "c-5", "01-03-2021", "28-03-2021"),
    ])
    got = rules_by_id(audit_json(run_cli, str(f), code=1))
    assert got == {"B2": ["VP501", "VP502", "VP503"], "B1": [], "C1": [], "C2": [], "D1": [], "D2": ["VP502"],
                   "E1": [], "E2": []}


def test_vp502_is_not_checkable_without_a_difference_column(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = HEADER.rsplit(";", 1)[0]
    rows = [r.rsplit(";", 1)[0] for r in (row("B1", "c-1", "01-03-2021", "28-03-2021"),
                                           row("B2", "c-1", "05-05-2021", "30-05-2021"))]
    doc = audit_json(run_cli, str(write_csv(tmp_path / "x.csv", rows, header=header)), code=1)
    assert rules_by_id(doc) == {"B1": [], "B2": ["VP501"]}
    assert "VP502" in {nc["rule"] for nc in doc["summary"]["not_checkable"]}


def test_the_ratio_rule_counts_overlapping_internships_at_the_workplace(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 12.5 employees allow 2 full-time equivalents. Three 37-hour internships overlap on 15-03.
    f = write_csv(tmp_path / "x.csv", [
        row("R1", "c-1", "01-03-2021", "28-03-2021", hours="37"),
        row("R2", "c-2", "08-03-2021", "04-04-2021", hours="37"),
        row("R3", "c-3", "15-03-2021", "11-04-2021", hours="37"),
        row("R4", "c-4", "04-04-2021", "01-05-2021", hours="37"),  # R1 over; R2 (last day) and R3 there
        row("R5", "c-5", "01-06-2021", "28-06-2021", hours="37"),  # alone
        row("R6", "c-6", "15-03-2021", "11-04-2021", hours="37", p="1099999999"),  # another workplace
    ])
    got = rules_by_id(audit_json(run_cli, str(f), code=1))
    assert got == {"R1": [], "R2": [], "R3": ["VP701"], "R4": ["VP701"], "R5": [], "R6": []}


def test_declared_subsidised_persons_count_when_larger(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [row("S1", "c-1", "01-03-2021", "28-03-2021", subsidised="2")])
    assert rules_by_id(audit_json(run_cli, str(f), code=1)) == {"S1": ["VP701"]}


def test_boilerplate_purpose_text_for_five_citizens(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    same = "Borgeren skal afklares i forhold til arbejdsmarkedet og komme i gang igen."
    rows = [row(f"T{i}", f"c-{i}", "01-03-2021", "28-03-2021", desc=same + ("  " if i % 2 else ""),
                p=f"10{i:08d}") for i in range(5)]
    rows.append(row("U1", "c-9", "01-03-2021", "28-03-2021", p="1099999998"))
    doc = audit_json(run_cli, str(write_csv(tmp_path / "x.csv", rows)), code=0)
    got = rules_by_id(doc)
    assert all(got[f"T{i}"] == ["VP103"] for i in range(5)) and got["U1"] == []
    msg = doc["results"][0]["findings"][0]["message"]
    assert "samme tekst står i aftaler for 5 forskellige borgere" in msg
    # four citizens are not enough
    doc = audit_json(run_cli, str(write_csv(tmp_path / "y.csv", rows[1:])), code=0)
    assert all(not r["findings"] for r in doc["results"])


def test_jobs_1_and_2_give_byte_identical_output(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [row(f"J{i}", f"c-{i % 7}", f"{1 + i % 27:02d}-0{1 + i % 9}-2021", f"{1 + i % 27:02d}-0{2 + i % 8}-2021",
                p=f"10{i % 5:08d}") for i in range(700)]
    f = write_csv(tmp_path / "x.csv", rows)
    jl = tmp_path / "y.jsonl"
    jl.write_text("\n".join(json.dumps(agreement({"id": f"X{i}", "citizen": {"id": f"c-{i % 3}"}})) for i in range(300)), "utf-8")
    outs = {}
    for jobs in ("1", "2"):
        for fmt in ("json", "jsonl"):
            outs[(jobs, fmt)] = run_cli("audit", "-f", fmt, "-j", jobs, str(f), str(jl)).out
    assert outs[("1", "json")] == outs[("2", "json")]
    assert outs[("1", "jsonl")] == outs[("2", "jsonl")]
    assert json.loads(outs[("1", "json")])["summary"]["records"] == 1000


def test_jsonl_format_ends_with_the_summary(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [row("A1", "c-1", "01-03-2021", "11-04-2021"), "x;y"])
    lines = run_cli("audit", "-f", "jsonl", "-j", "1", str(f), code=1).out.splitlines()
    assert len(lines) == 3
    assert json.loads(lines[0])["agreement_id"] == "A1"
    assert json.loads(lines[-1])["summary"]["records"] == 2


def test_findings_file_masks_cpr_and_neutralises_formulas(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [
        row("=HYPERLINK(\"http://x\")", "0101901234", "01-03-2021", "11-04-2021", purpose="@SUM(A1)")])
    out = tmp_path / "fund.csv"
    run_cli("audit", "-q", "-j", "1", "--findings", str(out), str(f), code=1)
    text = out.read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["source", "line", "agreement_id", "citizen", "rule"]
    assert {r[4] for r in rows[1:]} == {"VP102", "VP202"}
    assert all(r[2].startswith("'=") for r in rows[1:])
    assert "0101901234" not in text and "010190-****" in text
    assert not any(cell and cell[0] in "=+-@" for r in rows[1:] for cell in r)
    jl = tmp_path / "fund.jsonl"
    run_cli("audit", "-q", "-j", "1", "--findings", str(jl), str(f), code=1)
    assert [json.loads(x)["rule"] for x in jl.read_text("utf-8").splitlines()] == ["VP102", "VP202"]


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        # an inline script (the report's own filter) is part of the file; one with src is not
        if tag in ("link", "img", "iframe") or (tag == "script" and a.get("src")) or (
                tag == "a" and (a.get("href") or "").startswith("javascript")):
            self.external.append(tag)


def test_html_report_is_self_contained_and_has_a_section_per_rule_that_fired(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [
        row("A1", "0101901234", "01-03-2021", "11-04-2021"),
        row("A2", "c-2", "01-03-2021", "28-03-2021", group="Aktivitetsparat kontanthjælpsmodtager", sector="offentlig"),
        row("<script>alert(1)</script>", "c-3", "01-03-2021", "28-03-2021", muni="<b>Ærø</b>",
            purpose="<img src=x onerror=alert(1)>"),
        row("A4", "c-4", "31-02-2021", "28-03-2021"),
    ])
    report = tmp_path / "r.html"
    run_cli("audit", "-q", "-j", "1", "--report", str(report), str(f), code=1)
    text = report.read_text("utf-8")
    p = _Sections()
    p.feed(text)
    fired = {"VP000", "VP102", "VP202"}
    assert fired <= set(p.ids)
    assert {"totals", "rules", "municipalities", "groups", "table-1-1", "per-citizen", "duration", "sector"} <= set(p.ids)
    assert p.external == [] and "<script>alert" not in text and "&lt;script&gt;" in text
    assert "svg" in p.tags and "rect" in p.tags
    assert "LAB § 61, stk. 1, nr. 1" in text and "0101901234" not in text
    assert "✓ Alle læste poster er rapporteret." in text


def test_json_arrays_and_directories_are_audited(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.json").write_text(json.dumps([agreement({"id": "J1"}), agreement({"id": "J2", "end": "2021-05-01"})]), "utf-8")
    write_csv(tmp_path / "d" / "b.csv", [row("C1", "c-1", "01-03-2021", "28-03-2021", p="1000000009")])
    doc = audit_json(run_cli, str(tmp_path / "d"), code=1)
    assert rules_by_id(doc) == {"J1": [], "J2": ["VP202"], "C1": []}


def test_cpr_never_appears_unmasked_in_any_audit_output(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cpr = "1505851234"
    f = write_csv(tmp_path / "x.csv", [
        row("A1", cpr, "01-03-2021", "11-04-2021", desc=f"Borgeren {cpr} skal afklares i lagerarbejde i fire uger"),
        row("A2", cpr, "31-02-2021", "28-03-2021"),
    ])
    outputs = [run_cli("audit", "-j", "1", "-f", fmt, str(f)).out for fmt in ("text", "json", "jsonl")]
    for name in ("r.html", "f.csv", "f.jsonl"):
        opt = "--report" if name.endswith(".html") else "--findings"
        run_cli("audit", "-q", "-j", "1", opt, str(tmp_path / name), str(f))
        outputs.append((tmp_path / name).read_text("utf-8-sig"))
    for out in outputs:
        assert cpr not in out and "150585-1234" not in out
    assert any("150585-****" in o for o in outputs)


def test_the_counted_load_uses_the_ratio_rules_full_time_hours(tmp_path: Path) -> None:
    """The full-time norm is VP701's parameter in rules/, not a number in the audit."""
    import shutil

    from praktiktjek.batch.common import AuditOptions
    from praktiktjek.batch.reference import run_audit
    from praktiktjek.engine import Engine
    from praktiktjek.pipeline import national_rules_dir
    from praktiktjek.readers.csvfile import load_mapping
    from praktiktjek.rulepack import load_rules

    # Two overlapping 18.5-hour internships at a workplace of 5 employees (cap 1).
    f = write_csv(tmp_path / "x.csv", [
        row("H1", "c-1", "01-03-2021", "28-03-2021", hours="18,5", employees="5"),
        row("H2", "c-2", "08-03-2021", "04-04-2021", hours="18,5", employees="5"),
    ])

    def fired(national: Path) -> list[list[str]]:
        engine = Engine(load_rules([], national=national))
        got: list[list[str]] = []
        run_audit(engine, AuditOptions([str(f)], load_mapping(None), jobs=1),
                  lambda text, doc, brief, facts: got.append([r for r, *_ in brief[0]]))
        return got

    assert fired(national_rules_dir()) == [[], []]  # 0.5 + 0.5 full-time = 1: allowed
    pack = tmp_path / "national"
    shutil.copytree(national_rules_dir(), pack)
    ratio = pack / "ratio.yaml"
    ratio.write_text(ratio.read_text("utf-8").replace("full_time_hours: 37", "full_time_hours: 18.5"), "utf-8")
    assert fired(pack) == [[], ["VP701"]]  # now each is one full-time person


def test_no_histories_are_built_when_every_history_rule_is_off(tmp_path: Path) -> None:
    from praktiktjek.batch.common import AuditOptions
    from praktiktjek.batch.reference import run_audit
    from praktiktjek.engine import Engine
    from praktiktjek.pipeline import national_rules_dir
    from praktiktjek.readers.csvfile import load_mapping
    from praktiktjek.rulepack import load_rules

    f = write_csv(tmp_path / "x.csv", [row("B1", "c-1", "01-03-2021", "28-03-2021"),
                                       row("B2", "c-1", "05-04-2021", "30-04-2021")])
    rs = load_rules([], national=national_rules_dir())

    def audit(disabled: set[str]) -> tuple[list[list[str]], int]:
        got: list[list[str]] = []
        run = run_audit(Engine(rs, disabled=disabled), AuditOptions([str(f)], load_mapping(None), jobs=1),
                        lambda text, doc, brief, facts: got.append([r for r, *_ in brief[0]]))
        return got, run.state.history_entries

    # both internships of c-1 are kept to build histories from (B1 names B2's history)
    assert audit(set()) == ([[], ["VP501", "VP502", "VP503"]], 2)
    assert audit({"VP501", "VP502", "VP503"}) == ([[], []], 0)  # none kept at all
    assert audit({"VP501", "VP503"}) == ([[], ["VP502"]], 2)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 700), as_json=st.booleans(), text=st.text(max_size=5))
def test_results_written_in_blocks_are_the_text_written_one_by_one(n: int, as_json: bool, text: str) -> None:
    """audit.ResultsOut holds up to RESULTS_BLOCK results and writes them at once: the same
    stdout text as writing each result as it comes (a JSON document or JSON Lines)."""
    from praktiktjek.audit import ResultsOut

    texts = [json.dumps({"n": i, "t": text}, ensure_ascii=False) for i in range(n)]
    tail = {"summary": {"read": n, "t": [text]}}
    if as_json:
        expected = '{\n  "results": [\n' + ",\n".join("    " + t for t in texts) + "\n  ],\n" \
            + '  "summary": ' + json.dumps(tail["summary"], ensure_ascii=False, indent=2).replace("\n", "\n  ") + "\n}\n"
    else:
        expected = "".join(t + "\n" for t in texts) + json.dumps(tail, ensure_ascii=False) + "\n"
    out = io.StringIO()
    results = ResultsOut(out, as_json)
    for t in texts:
        results.add(t)
    results.close(tail)
    assert out.getvalue() == expected
    if as_json:
        assert json.loads(out.getvalue())["results"] == [json.loads(t) for t in texts]


# --------------------------------------------------------------------------- CSV injection (OWASP)

_FORMULA = "=+-@\t\r|%"


@given(st.text(max_size=30) | st.builds(lambda c, t: c + t, st.sampled_from(_FORMULA), st.text(max_size=20)))
def test_a_findings_cell_never_starts_a_formula(text: str) -> None:
    """Every cell of the findings CSV goes through one neutraliser (the row writer's own
    cache and door.csv_cell agree): a cell that a spreadsheet would read as a formula
    (=, +, -, @, tab, CR, |, %) gets a leading «'», and any other cell is written as it is."""
    from praktiktjek import door
    from praktiktjek.audit import _cell, neutralise

    got = _cell(text)
    assert got == door.csv_cell(text) == neutralise(text)
    assert not got or got[0] not in _FORMULA
    assert got == (("'" + text) if text and text[0] in _FORMULA else text)


@settings(max_examples=6, deadline=None, suppress_health_check=[__import__("hypothesis").HealthCheck.function_scoped_fixture])
@given(name=st.builds(lambda c, t: c + t, st.sampled_from("=+-@|%"), st.text("abc()1+=-@:", max_size=8)),
       aid=st.builds(lambda c, t: c + t, st.sampled_from("=+-@|%"), st.text("AB1(),+=-@\"", min_size=1, max_size=12)))
def test_the_findings_csv_of_both_engines_neutralises_file_names_and_ids(run_cli, tmp_path_factory, monkeypatch,  # type: ignore[no-untyped-def]
                                                                        name: str, aid: str) -> None:
    """A source file named «=…» or «-…», an agreement id «@…»: no cell of the findings CSV
    starts a formula, the cell is the value with «'» before it, and both engines write
    the same bytes."""
    work = tmp_path_factory.mktemp("inj")
    monkeypatch.chdir(work)
    cells = row("X", "c-1", "01-03-2021", "11-04-2021", purpose="@SUM(A1)").split(";")
    cells[0] = aid
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows([HEADER.split(";"), cells])
    src = work / f"{name}.csv"
    src.write_text(buf.getvalue(), "utf-8")
    out = {}
    for engine in ("duckdb", "python"):
        target = work / f"out-{engine}.csv"
        run_cli("audit", "-q", "-j", "1", "--engine", engine, f"./{src.name}", "--findings", str(target), code=1)
        out[engine] = target.read_bytes()
    assert out["duckdb"] == out["python"]
    rows = list(csv.reader(io.StringIO(out["python"].decode("utf-8-sig")), delimiter=";"))
    assert len(rows) >= 2
    for r in rows[1:]:
        assert not any(cell and cell[0] in _FORMULA for cell in r), r
        assert r[0] == "'" + src.name and r[2] == "'" + aid
