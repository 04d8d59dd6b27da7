"""The small items left open (leftovers4): the web rule page's act-version notes, review 11's
finding 5 re-verified, an empty `ordinary_hours` object, VP206 not checkable only as far as
the data is missing, and paid hours without a `timing`."""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset
from praktiktjek.audit import not_checkable_report
from praktiktjek.batch.common import AuditOptions
from praktiktjek.batch.reference import run_audit
from praktiktjek.docs import explain_rule
from praktiktjek.engine import Engine
from praktiktjek.model import PURPOSE_CATEGORIES
from praktiktjek.pipeline import check_paths
from praktiktjek.readers.csvfile import _label, load_mapping
from praktiktjek.web import Settings, create_app
from test_batch_parity import audit_both


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))


def _notes_from_pack(lang: str) -> list[str]:
    """Every numbering note of the pack's act versions, and the words of the note that a
    version still in force at the end of the reviewed period carries."""
    rs = ruleset()
    notes = {v.numbering.get(lang) for a in rs.acts.values() for v in a.versions if v.numbering}
    # and which date of a version is inferred (review 15, F3: the page said «ikrafttræden
    # udledt» for every such version where explain says which date)
    notes |= {v.dates.get(lang) for a in rs.acts.values() for v in a.versions if v.dates}
    notes.add("ikke efterprøvet for en start fra 01-01-2027" if lang == "da"
              else "not verified for a start from 2027-01-01")
    return sorted(notes)


def _web_rows(client: TestClient, rid: str, lang: str) -> list[str]:
    page = client.get(f"/regler/{rid}?lang={lang}").text
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
            for row in re.findall(r'<tr><th scope="row">.*?</tr>', page, re.S)]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_web_rule_page_shows_each_version_note_that_explain_shows(client: TestClient, lang: str) -> None:
    """Item 1: per rule and act version, the numbering note (LBK 1342/2016, BEK 977/2018,
    BEK 1216/2023) and the 2027 note appear on the web rule page exactly where `explain`
    writes them."""
    rs = ruleset()
    notes = _notes_from_pack(lang)
    seen: set[str] = set()
    for rid in rs.rules:
        out = io.StringIO()
        explain_rule(rs, rs.rules[rid], lang, out)
        basis = out.getvalue().split("Hjemmel:\n" if lang == "da" else "Legal basis:\n", 1)[1].split("\n\n")[0]
        lines = [" ".join(x.split()) for x in basis.splitlines() if x.startswith("      ")]
        rows = _web_rows(client, rid, lang)
        assert len(rows) == len(lines), rid
        for line, row in zip(lines, rows, strict=True):
            assert row.split(" ")[0] == line.split(" ")[0], (rid, line, row)  # the same version
            for note in notes:
                assert (note in line) == (note in row), (rid, note, line, row)
                if note in row:
                    seen.add(note)
    assert seen == set(notes)  # every note is shown somewhere: the test is not vacuous


def test_the_api_rule_carries_the_version_notes(client: TestClient) -> None:
    versions = client.get("/api/rules/VP102?lang=en").json()["citations"][0]["versions"]
    last = versions[-1]
    assert last["number"].startswith("BEK nr. 1216")
    assert last["numbering"] == "the paragraph number is not verified in this version"
    assert "not verified for a start from 2027-01-01" in last["not_verified_from"]
    assert versions[0]["numbering"] is None and versions[0]["not_verified_from"] is None


# ------------------------------------------------------------------ item 2: review 11, finding 5

_HEADER = ("aftale_id;kommune;cpr;maalgruppe;dimittend;cvr;p_nummer;virksomhed;sektor;branche;ordinaert_ansatte;"
           "stoettede_personer;startdato;slutdato;timer_pr_uge;stillingsbetegnelse;arbejdsfunktioner;formaal;"
           "formaal_beskrivelse;ordinaere_timer;ordinaere_timer_funktioner;ordinaere_timer_tidspunkt;efter_praktik;"
           "raadighedsafproevning_begrundelse;aftalt_borger;aftalt_virksomhed;aftalt_jobcenter")


def _row(rid: str, purpose: str, after: str = "Ordinære løntimer", justification: str = "") -> str:
    return (f"{rid};Aalborg;010190-1234;Dagpengemodtager;nej;35954716;1012345678;Netto Vestergade;privat;handel;"
            f"12,5;0;01-03-2021;28-03-2021;30;Butiksassistent;varepåfyldning|kundeservice;{purpose};"
            "Afklare om borgeren kan varetage varepåfyldning i dagvagt, så arbejdspladsen kan tilbyde ordinære "
            f"timer bagefter (sag AAL-2021-1001).;10;varepåfyldning;efter;{after};{justification};"
            "24-02-2021;24-02-2021;25-02-2021")


#: review 11's cases (pnum.csv P-4 and P-5, zw.csv Z-4, parity.csv E-31), one row each, and a
#: lawful dagpenge availability test whose label is NFD
_F5_ROWS = [
    _row("P-4", "Ordinære\u00a0løntimer"),                       # a no-break space (Word/Excel copy)
    _row("P-5", "Ra\u030adighedsafprøvning"),                    # NFD «å»
    _row("Z-4", "Ordinære  løntimer"),                            # two spaces
    _row("E-31", "Ordinære løntimer", after="Ordinære  løntimer"),  # two spaces in efter_praktik
    _row("N-1", "Ra\u030adighedsafprøvning", justification="Afprøve rådigheden efter 3 afslag (sag 17)."),
    _row("N-2", "Ordinære\u2003løntimer\u200b", after="Ordinære\u00a0løntimer"),  # em space, zero-width space
]


@pytest.fixture
def f5_csv(tmp_path: Path) -> Path:
    p = tmp_path / "f5.csv"
    p.write_text("\n".join([_HEADER, *_F5_ROWS]) + "\n", encoding="utf-8")
    return p


def _rules_of(results: list[Any]) -> dict[str, list[str]]:
    return {r.agreement_id: sorted(f.rule for f in r.findings) for r in results}


def test_f5_labels_with_nbsp_nfd_or_double_spaces_are_the_codes_in_check(f5_csv: Path) -> None:
    results = check_paths(Engine(ruleset(), lang="da"), [str(f5_csv)])
    got = _rules_of(results)
    assert set(got) == {"P-4", "P-5", "Z-4", "E-31", "N-1", "N-2"}
    for rid, rules in got.items():
        assert "VP102" not in rules and "VP000" not in rules, (rid, rules)
    # the NFD availability test without a justification is VP602 (RULES.md), with one it is clean
    assert "VP602" in got["P-5"] and got["N-1"] == []
    assert got["P-4"] == got["Z-4"] == got["E-31"] == got["N-2"] == []


def test_f5_both_audit_engines_agree_and_map_the_labels(f5_csv: Path) -> None:
    engine = Engine(ruleset(), lang="da")
    py, duck = audit_both([str(f5_csv)], engine)
    assert py == duck and len(py) == len(_F5_ROWS)
    for text in py:
        assert "VP102" not in text and "VP000" not in text, text


def test_f5_the_web_audit_upload_maps_the_labels(client: TestClient, f5_csv: Path) -> None:
    r = client.post("/revision", data={"lang": "da"}, files={"file": ("f5.csv", f5_csv.read_bytes(), "text/csv")})
    assert r.status_code == 200 and "VP602" in r.text  # the report lists findings
    assert "VP102" not in r.text and "VP000" not in r.text


_SPACES = st.sampled_from([" ", "  ", "\u00a0", "\u2003", "\t", " \u200b"])


@settings(max_examples=40, deadline=None)
@given(code=st.sampled_from(sorted(PURPOSE_CATEGORIES)), data=st.data())
def test_f5_any_label_spelled_with_other_spaces_case_or_nfd_is_its_code(code: str, data: st.DataObject) -> None:
    """Property: every Danish/English label of a purpose, its spaces replaced by any white
    space (or with a zero-width character), its case changed and its letters NFD, reads as
    the code."""
    mapping = load_mapping(None)
    label = data.draw(st.sampled_from(list(PURPOSE_CATEGORIES[code])))
    words = label.split(" ")
    spelled = words[0] + "".join(data.draw(_SPACES) + w for w in words[1:])
    spelled = data.draw(st.sampled_from([spelled, spelled.upper(), spelled.casefold()]))
    spelled = unicodedata.normalize(data.draw(st.sampled_from(["NFC", "NFD"])), spelled)
    assert _label("purposes", f" {spelled} ", mapping) == code


# ------------------------------------------------------------------ item 3: an empty `ordinary_hours` is no plan

_EMPTY_PLANS = [{}, {"timing": None}, {"functions": []}, {"functions": ["", "  "]},
                {"timing": None, "hours_per_week": None, "functions": None}]
_PLANS = [{"timing": "after"}, {"hours_per_week": 10}, {"functions": ["varepåfyldning"]}]


def _with(oh: dict[str, Any] | None, after: str, **more: Any) -> dict[str, Any]:
    a = agreement({"after_internship": after, **more})
    a["ordinary_hours"] = oh  # as written: a merge patch would keep the base agreement's fields
    return a


def _vp105(data: dict[str, Any]) -> bool:
    return "VP105" in [f.rule for r in check_data(data) for f in r.findings]


@pytest.mark.parametrize("oh", _EMPTY_PLANS)
def test_an_empty_ordinary_hours_object_is_no_plan_vp105(oh: dict[str, Any]) -> None:
    # a wage subsidy afterwards is not ordinary hours (RULES.md): with no plan, VP105
    assert _vp105(_with(oh, "wage_subsidy"))
    assert _vp105(_with(None, "wage_subsidy"))
    # a plan after the internship still answers it
    assert not _vp105(_with(oh, "education"))


@pytest.mark.parametrize("oh", _PLANS)
def test_one_fact_of_ordinary_hours_is_a_plan(oh: dict[str, Any]) -> None:
    assert not _vp105(_with(oh, "wage_subsidy"))


def test_empty_ordinary_hours_in_the_web_api_and_both_audit_engines(client: TestClient, tmp_path: Path) -> None:
    records = [_with(oh, "wage_subsidy", id=f"OH-{n}")
               for n, oh in enumerate([*_EMPTY_PLANS, *_PLANS])]
    body = json.dumps(records[0], ensure_ascii=False).encode()
    got = client.post("/api/check", content=body, headers={"content-type": "application/json"}).json()
    assert "VP105" in [f["rule"] for f in got["results"][0]["findings"]]
    p = tmp_path / "oh.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    py, duck = audit_both([str(p)], Engine(ruleset(), lang="da"))
    assert py == duck
    fired = ['"VP105"' in text for text in py]
    assert fired == [True] * len(_EMPTY_PLANS) + [False] * len(_PLANS)


def test_empty_ordinary_hours_columns_in_a_csv_are_no_plan(tmp_path: Path) -> None:
    h = _HEADER.split(";")
    row = _row("C-1", "Ordinære løntimer", after="Løntilskud").split(";")
    for c in ("ordinaere_timer", "ordinaere_timer_funktioner", "ordinaere_timer_tidspunkt"):
        row[h.index(c)] = ""
    p = tmp_path / "oh.csv"
    p.write_text(_HEADER + "\n" + ";".join(row) + "\n", encoding="utf-8")
    assert "VP105" in _rules_of(check_paths(Engine(ruleset(), lang="da"), [str(p)]))["C-1"]
    py, duck = audit_both([str(p)], Engine(ruleset(), lang="da"))
    assert py == duck and '"VP105"' in py[0]


# ------------------------------------------------------------------ item 4: VP206 not checkable only in part

_EXT_HEADER = ("aftale_id;cpr;maalgruppe;cvr;startdato;slutdato;timer_pr_uge;stillingsbetegnelse;arbejdsfunktioner;"
               "formaal;formaal_beskrivelse;efter_praktik;aftalt_borger;aftalt_virksomhed;aftalt_jobcenter;"
               "forlaenget_til;forlaengelse_begrundelse;forlaengelse_vurdering")


def _ext_row(rid: str, ext_end: str) -> str:
    return (f"{rid};010190-1234;Aktivitetsparat kontanthjælpsmodtager;35954716;01-03-2021;30-05-2021;20;"
            "Lagermedhjælper;lager;Optræning af specifikke kompetencer;Optræne lagerarbejde i dagvagt, så borgeren "
            f"kan få timer bagefter.;Ordinære løntimer;24-02-2021;24-02-2021;25-02-2021;{ext_end};Optræne kasse;"
            "Vurderet")


@pytest.fixture
def no_need_csv(tmp_path: Path) -> Path:
    """An export without `forlaengelse_saerligt_behov`: one extension to day 182 (fine),
    one 203 days long across week 26 (too long a step: dates alone say so)."""
    p = tmp_path / "ext.csv"
    p.write_text("\n".join([_EXT_HEADER, _ext_row("X-1", "29-08-2021"), _ext_row("X-2", "19-12-2021")]) + "\n",
                 encoding="utf-8")
    return p


def test_vp206s_date_part_runs_without_the_special_need_column_in_check(run_cli: Any, no_need_csv: Path) -> None:
    res = run_cli("check", str(no_need_csv), "--format", "json")
    doc = json.loads(res.out)
    vp206 = [f for r in doc["results"] for f in r["findings"] if f["rule"] == "VP206"]
    assert [f["pointer"] for f in vp206] == ["/extensions/0/end"] and "203 dage" in vp206[0]["message"]
    (nc,) = doc["summary"]["not_checkable"]
    # JSON holds data a pipeline can read: rule ids, and the part as its own entry
    assert all(re.fullmatch(r"VP\d{3}", rid) for rid in nc["rules"]) and nc["rules"]
    assert "VP206" not in nc["rules"]  # the whole rule is not listed as not run
    assert nc["parts"] == [{"rule": "VP206", "part": "no_need",
                            "text": "kun delen «der er ikke angivet et helt særligt behov»"}]
    assert "VP206 (kun delen «der er ikke angivet et helt særligt behov»)" in res.err  # the console notice


def test_vp206s_date_part_runs_in_both_audit_engines_and_the_part_is_reported(no_need_csv: Path) -> None:
    engine = Engine(ruleset(), lang="en")
    py, duck = audit_both([str(no_need_csv)], engine)  # also: the same not-checkable report
    assert py == duck
    assert '"VP206"' not in py[0] and '"/extensions/0/end"' in py[1] and "/special_need" not in py[1]
    mapping = load_mapping(None)
    run = run_audit(engine, AuditOptions([str(no_need_csv)], mapping, 1), lambda *a: None)
    (entry,) = [e for e in not_checkable_report(engine, run, mapping) if e["rule"] == "VP206"]
    assert entry["part"] == "no_need" and entry["missing_fields"] == ["extension.special_need"]
    assert entry["missing_columns"] == ["forlaengelse_saerligt_behov"]
    assert entry["title"].endswith("(only the part «no very special need is stated»)")


def test_with_the_special_need_column_vp206_is_whole_again(tmp_path: Path) -> None:
    p = tmp_path / "ext.csv"
    p.write_text("\n".join([_EXT_HEADER + ";forlaengelse_saerligt_behov", _ext_row("X-2", "19-12-2021") + ";"])
                 + "\n", encoding="utf-8")
    engine = Engine(ruleset(), lang="da")
    skip = engine.not_checkable(frozenset({"extension.end", "extension.special_need"}))
    assert not any(t.startswith("VP206") for t in skip)
    assert "VP206:no_need" in engine.not_checkable(frozenset({"extension.end"}))
    assert "VP206" in engine.not_checkable(frozenset({"extension.special_need"}))  # no dates: none of it
    py, duck = audit_both([str(p)], engine)
    assert py == duck and '"/extensions/0/special_need"' in py[0] and '"/extensions/0/end"' in py[0]


def test_sarif_associates_vp206s_part_with_the_rule(run_cli: Any, no_need_csv: Path) -> None:
    doc = json.loads(run_cli("check", str(no_need_csv), "--format", "sarif").out)
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    (part,) = [n for n in notes if "kun delen" in n["message"]["text"]]
    rules = [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]]
    assert part["associatedRule"] == {"id": "VP206", "index": rules.index("VP206")}
