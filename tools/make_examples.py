"""Write examples/agreements/ from the specs below.

Each example is the clean base agreement from rules/national/_pack.yaml with a JSON merge
patch applied, drawn from the report's situations. The expected findings are written by
hand here, from RULES.md, never captured from the tool's output: the example test then
checks the tool against them.

Run: .venv/bin/python tools/make_examples.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from praktiktjek.mergepatch import merge_patch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "examples" / "agreements"


E, W, INFO = "error", "warning", "info"
AKT = {"target_group": "aktivitetsparat_kontanthjaelp"}
HIST = {"cvr": "35954716", "p_number": "1012345678"}
BOGHOLDERI = {"position": {"title": "Bogholderiassistent", "functions": ["bogføring", "fakturering"]}}

# name: (patch, expected findings [(rule, severity)], what it shows)
SPECS: dict[str, tuple[dict[str, Any], list[tuple[str, str]], str]] = {
    "ok-dagpenge-4-uger": ({}, [], "AGREEMENT_FORMAT.md's example: 4 weeks, hours after"),
    "ok-aktivitetsparat-forlaenget": (
        {**AKT, "end": "2021-05-30", "extensions": [{"end": "2021-07-25",
         "reason": "Optræne kassefunktionen, som borgeren endnu ikke mestrer",
         "assessment": "Borgeren har rykket sig i perioden; 8 uger mere giver mening."}]},
        [], "13 weeks extended to 21 with a concrete assessment"),
    "ok-hybrid-kasse-bageri": (
        {"position": {"title": "Bagerimedhjælper", "functions": ["bageri"]},
         "ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": ["kasse"]}},
        [], "paid for cash-register work, interning in the bakery"),
    "ok-dimittend-2022-8-uger": (
        {"id": "AAR-2022-000311", "municipality": "Aarhus", "start": "2022-03-01",
         "end": "2022-04-18",
         "citizen": {"graduate": True, "higher_education": True,
                     "job_in_field_since_graduation": False},
         "position": {"title": "Kommunikationsmedarbejder", "functions": ["nyhedsbreve", "sociale medier"],
                      "uses_education": True},
         "ordinary_hours": {"functions": ["nyhedsbreve"]}},
        [], "graduate trial: higher education, no job in the field, tasks use it"),
    "ok-dimittend-2019-7-uger": (
        {"start": "2019-03-01", "end": "2019-04-18", "citizen": {"graduate": True}},
        [], "before 2020 a dagpenge graduate could have 8 weeks"),
    "ok-to-forloeb-med-forskel": (
        {**BOGHOLDERI, "ordinary_hours": {"functions": ["bogføring"]},
         "history": [{**HIST, "id": "AAL-2020-000977", "start": "2020-09-01", "end": "2020-09-28",
                      "title": "Receptionist", "functions": ["reception"],
                      "difference": "Nu bogholderi i HR i stedet for reception."}]},
        [], "reception, then accounting in HR, with the difference written down"),
    "ok-cpr-som-borger-id": (
        {"citizen": {"id": "010190-1234"}}, [], "a CPR number as citizen id is masked in output"),
    "loentilskud-efter-22-uger": (
        {"ordinary_hours": None, "after_internship": "wage_subsidy"},
        [("VP105", W)], "22 weeks + 4-week internship = 26: no VP801; wage subsidy is not ordinary hours"),
    "vp000-dato-findes-ikke": ({"end": "2021-02-30"}, [("VP000", E)], "31-02 style impossible date"),
    "vp000-timer-som-tekst": ({"hours_per_week": "tredive"}, [("VP000", E)], "wrong type"),
    "vp000-ukendt-maalgruppe": ({"target_group": "dagpegne", "end": "2021-04-04"}, [("VP000", E)],
                                "a typo in the target group: VP000 with «dagpenge» suggested, never a green run"),
    "vp000-timer-som-sandhedsvaerdi": ({"hours_per_week": True}, [("VP000", E)],
                                       "true is not a number of hours"),
    "vp000-timer-i-anfoerselstegn": ({"hours_per_week": "30"}, [("VP000", E)],
                                     "a number in quotes is text, not a number"),
    "vp000-dato-med-klokkeslaet": ({"start": "2021-03-01T00:00:00"}, [("VP000", E)],
                                   "a date-time is not a date; the fix names 2021-03-01"),
    "vp000-virksomhed-aftalt-nej": ({"agreed_by": {"company": "nej"}}, [("VP000", E)],
                                    "agreed_by takes a date or true; «nej» is not read as signed"),
    "vp000-cvr-som-tal": ({"company": {"cvr": 35954716}}, [("VP000", E)], "a CVR number is 8 digits as text"),
    "vp000-ukendt-grundlag": ({"target_group": "jobparat_kontanthjaelp",
                               "citizen": {"extended_duration_basis": "lang ledighed"}}, [("VP000", E)],
                              "an unknown extended_duration_basis never moves a group into the 13-week class"),
    "ok-uddannelsesparat-kontanthjaelp-2025": (
        {"target_group": "uddannelsesparat_kontanthjaelp", "start": "2025-08-04", "end": "2025-08-31",
         "agreed_by": {"citizen": "2025-07-28", "company": "2025-07-28", "jobcenter": "2025-07-29"}},
        [], "the target group code in use from 1 July 2025"),
    "vp002-gammel-maalgruppekode": (
        {"target_group": "uddannelsesparat_uddannelseshjaelp", "start": "2025-08-04", "end": "2025-08-31",
         "agreed_by": {"citizen": "2025-07-28", "company": "2025-07-28", "jobcenter": "2025-07-29"}},
        [("VP002", INFO)], "uddannelseshjælp became kontanthjælp on 1 July 2025"),
    "vp003-timer-pr-uge-paa-dansk": ({"hours_per_week": None, "timer_pr_uge": 30},
                                     [("VP003", W), ("VP104", E)],
                                     "a field name in Danish is unknown: VP003 names «hours_per_week»"),
    "vp001-sygedagpenge": ({"target_group": "sygedagpenge"}, [("VP001", INFO)], "group not covered"),
    "vp010-efter-reformen": ({"start": "2027-02-01", "end": "2027-02-28"}, [("VP010", W)],
                             "starts after the reviewed period"),
    "vp101-intet-formaal": ({"purpose": {"categories": []}}, [("VP101", E)], "no purpose category"),
    "vp102-bliv-glad-praktik": (
        {"purpose": {"categories": ["selvværd"],
                     "description": "Borgeren skal styrke sit selvværd og komme ud blandt andre mennesker i en tryg ramme."}},
        [("VP102", E)], "a 'bliv-glad-praktik' whose purpose is self-esteem only"),
    "vp103-kort-formaal": ({"purpose": {"description": "Komme i gang igen"}}, [("VP103", W)],
                           "a purpose of four words"),
    "vp104-mangler-indhold-og-omfang": (
        {"position": {"functions": []}, "hours_per_week": None},
        [("VP104", E), ("VP104", E)], "no functions and no hours"),
    "vp105-ingen-loentimer": ({"ordinary_hours": None, "after_internship": "unknown"},
                              [("VP105", W)], "no plan for ordinary hours"),
    "vp106-virksomhed-mangler": ({"agreed_by": {"company": None}}, [("VP106", E)],
                                 "the company has not agreed"),
    "vp106-kommunen-2026": ({"start": "2026-03-02", "end": "2026-03-29",
                             "agreed_by": {"citizen": "2026-02-23", "company": "2026-02-23", "jobcenter": None}},
                            [("VP106", E)], "from 1 February 2026 the message says «kommunen»"),
    "vp201-slut-foer-start": ({"end": "2021-02-20"}, [("VP201", E)], "end before start"),
    "vp202-dagpenge-6-uger": ({"end": "2021-04-11"}, [("VP202", E)], "six weeks for dagpenge"),
    "vp202-dimittend-2020-7-uger": (
        {"start": "2020-03-01", "end": "2020-04-18", "citizen": {"graduate": True}},
        [("VP202", E)], "2020: 4 weeks for every dagpenge recipient, graduates included"),
    "vp208-dimittend-2022-uden-betingelser": (
        {"start": "2022-03-01", "end": "2022-04-18", "citizen": {"graduate": True}},
        [("VP208", W)], "2022 graduate with 7 weeks, conditions not recorded"),
    "vp203-dagpenge-forlaenget": (
        {"extensions": [{"end": "2021-04-11", "reason": "Mere træning i kundeservice",
                         "assessment": "Borgeren har brug for mere tid."}]},
        [("VP202", E), ("VP203", E)], "a dagpenge internship extended by two weeks"),
    "vp204-aktivitetsparat-20-uger": ({**AKT, "end": "2021-07-18"}, [("VP204", E)],
                                      "20 weeks with no extension recorded"),
    "vp205-forlaengelse-uden-vurdering": (
        {**AKT, "end": "2021-05-30", "extensions": [{"end": "2021-07-25",
         "reason": "Optræne kassefunktionen", "assessment": ""}]},
        [("VP205", E)], "an extension with no concrete assessment"),
    "vp205-ud-over-26-uger-uden-vurdering": (
        {**AKT, "end": "2021-05-30", "extensions": [
            {"end": "2021-08-29", "reason": "Optræne kassefunktionen", "assessment": "Borgeren rykker sig."},
            {"end": "2021-10-10", "reason": "Optræne lagerfunktionen", "assessment": None,
             "special_need": "Borgeren genoptrænes efter en arbejdsskade."}]},
        [("VP205", E)], "beyond week 26: a special need does not replace the concrete assessment"),
    "vp206-ud-over-26-uger": (
        {**AKT, "end": "2021-05-30", "extensions": [
            {"end": "2021-08-29", "reason": "Optræne kassefunktionen", "assessment": "Borgeren rykker sig."},
            {"end": "2021-10-10", "reason": "Optræne lagerfunktionen", "assessment": "Stadig fremgang."}]},
        [("VP206", E)], "beyond week 26 with no very special need"),
    "vp207-automatisk-forlaengelse": (
        {**AKT, "end": "2021-05-30", "extensions": [{"end": "2021-07-25", "reason": "Forlængelse",
         "assessment": "Borgeren trives."}]},
        [("VP207", W)], "an automatic extension"),
    "vp301-40-timer": ({"hours_per_week": 40, "company": {"subsidised_persons": 0}},
                       [("VP301", E)], "40 hours a week"),
    "vp401-loen-og-praktik-i-kassen": (
        {"position": {"functions": ["kasse", "varepåfyldning"]},
         "ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": ["Kasse"]}},
        [("VP401", E)], "paid and interning in the same 'kasse' function"),
    "vp402-loennede-funktioner-mangler": (
        {"ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": []}},
        [("VP402", E)], "hybrid with no paid functions listed"),
    "vp501-samme-titel-igen": (
        {"history": [{**HIST, "id": "AAL-2020-000977", "start": "2020-09-01", "end": "2020-09-28",
                      "title": "Butiksassistent", "functions": ["kasse"],
                      "difference": "Anden afdeling."}]},
        [("VP501", E)], "same title twice at the same company"),
    "vp502-forskel-ikke-beskrevet": (
        {**BOGHOLDERI, "ordinary_hours": {"functions": ["bogføring"]},
         "history": [{**HIST, "id": "AAL-2020-000977", "start": "2020-09-01", "end": "2020-09-28",
                      "title": "Receptionist", "functions": ["reception"]}]},
        [("VP502", E)], "earlier internship at the company, difference not stated"),
    "vp503-lige-efter-hinanden": (
        {**BOGHOLDERI, "ordinary_hours": {"functions": ["bogføring"]},
         "history": [{**HIST, "id": "AAL-2021-000011", "start": "2021-01-25", "end": "2021-02-22",
                      "title": "Receptionist", "functions": ["reception"],
                      "difference": "Bogholderi i stedet for reception."}]},
        [("VP503", W)], "a new 4-week internship 7 days after the last"),
    "vp504-seneste-arbejdsgiver": (
        {"citizen": {"last_employer": {"cvr": "35954716", "p_number": "1012345678", "functions": ["lager"]}}},
        [("VP504", E)], "dagpenge recipient placed at the last employer"),
    "vp505-samme-funktion-som-foer": (
        {**AKT, "citizen": {"last_employer": {"cvr": "35954716", "p_number": "1012345678",
                                              "functions": ["Kundeservice"]}}},
        [("VP505", E)], "activity-ready, last employer, same function"),
    "vp505-tidligere-funktioner-mangler": (
        {**AKT, "citizen": {"last_employer": {"cvr": "35954716", "p_number": "1012345678", "functions": None}}},
        [("VP505", E)], "activity-ready, last employer, the earlier functions not stated"),
    "vp601-raadighed-for-aktivitetsparat": (
        {**AKT, "availability_test": {"justification": "Afprøve om borgeren står til rådighed."}},
        [("VP601", E)], "an aktivitetsparat citizen offered an internship 'to test availability'"),
    "vp602-raadighed-uden-begrundelse": (
        {"purpose": {"categories": ["availability_test"], "description": None},
         "availability_test": {"justification": ""}, "ordinary_hours": None,
         "after_internship": "unknown"},
        [("VP602", E)], "a dagpenge availability test with no justification"),
    "vp701-for-mange-stoettede": ({"company": {"subsidised_persons": 2}}, [("VP701", E)],
                                  "12.5 employees allow 2; 2 + 30/37 is more"),
    "vp702-ansatte-mangler": ({"company": {"ordinary_employees": None}}, [("VP702", INFO)],
                              "the ratio rule cannot be checked"),
    "vp801-loentilskud-efter-20-uger": (
        {"ordinary_hours": None, "after_internship": "wage_subsidy",
         "citizen": {"benefit_weeks_before_start": 20}},
        [("VP105", W), ("VP801", W)], "20 weeks + 4 = 24 < 26 before wage subsidy"),
    "vp901-helbred-uden-samtykke": (
        {"accommodations": {"needs": "Tåler ikke tunge løft", "health_information_shared": True,
                            "consent_to_share": False}},
        [("VP901", W)], "health information shared without consent"),
}


def expected(findings: list[tuple[str, str]], agreement_id: str | None) -> dict[str, Any]:
    return {"agreement_id": agreement_id,
            "findings": [{"rule": r, "severity": s} for r, s in sorted(findings)]}


def main() -> None:
    base = yaml.safe_load((ROOT / "rules/national/_pack.yaml").read_text("utf-8"))["example_base"]
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json*"):
        old.unlink()
    for n, (name, (patch, found, why)) in enumerate(SPECS.items(), start=100):
        doc = merge_patch(base, {"id": f"AAL-2021-000{n}", **patch})
        doc["id"] = patch.get("id", f"AAL-2021-000{n}")
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        (OUT / f"{name}.json").write_text(text, "utf-8")
        exp = {"description": why, "results": [expected(found, doc["id"])]}
        (OUT / f"{name}.expected.json").write_text(
            json.dumps(exp, ensure_ascii=False, indent=2) + "\n", "utf-8")
    # A file that is not JSON at all, one with a duplicate key, a JSON array, JSON Lines.
    (OUT / "vp000-ugyldig-json.json").write_text('{"id": "AAL-2021-000900",\n  "start": "2021-03-01",\n}\n', "utf-8")
    _exp("vp000-ugyldig-json", "a trailing comma", [(None, [("VP000", E)])])
    dup = json.dumps(merge_patch(base, {"id": "AAL-2021-000901"}), ensure_ascii=False, indent=2)
    dup = dup.replace('"end": "2021-03-28",', '"end": "2021-03-28",\n  "end": "2021-05-28",')
    (OUT / "vp000-dobbelt-felt.json").write_text(dup + "\n", "utf-8")
    _exp("vp000-dobbelt-felt", "the key 'end' twice: which value counts is unclear",
         [("AAL-2021-000901", [("VP000", E)])])
    arr = [merge_patch(base, {"id": "AAL-2021-000910"}),
           merge_patch(base, {"id": "AAL-2021-000911", "agreed_by": {"citizen": False}})]
    (OUT / "to-aftaler-i-en-fil.json").write_text(json.dumps(arr, ensure_ascii=False, indent=2) + "\n", "utf-8")
    _exp("to-aftaler-i-en-fil", "a JSON array: one clean agreement, one not signed by the citizen",
         [("AAL-2021-000910", []), ("AAL-2021-000911", [("VP106", E)])])
    lines = [merge_patch(base, {"id": "AAL-2021-000920"}),
             merge_patch(base, {"id": "AAL-2021-000921", "end": "2021-04-04"})]
    jl = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines) + '{"id": "AAL-2021-000922", "start": \n'
    (OUT / "flere-aftaler.jsonl").write_text(jl, "utf-8")
    _exp("flere-aftaler", "JSON Lines: clean, five weeks, and a broken line",
         [("AAL-2021-000920", []), ("AAL-2021-000921", [("VP202", E)]), (None, [("VP000", E)])])


def _exp(name: str, why: str, results: list[tuple[str | None, list[tuple[str, str]]]]) -> None:
    doc = {"description": why, "results": [expected(f, aid) for aid, f in results]}
    (OUT / f"{name}.expected.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", "utf-8")


# --------------------------------------------------------------------------- the export

EXPORT_COLUMNS = ["aftale_id", "kommune", "cpr", "maalgruppe", "dimittend", "cvr", "p_nummer", "virksomhed", "sektor", "branche", "ordinaert_ansatte", "stoettede_personer", "startdato", "slutdato", "timer_pr_uge", "stillingsbetegnelse", "arbejdsfunktioner", "formaal", "formaal_beskrivelse", "ordinaere_timer", "ordinaere_timer_funktioner", "ordinaere_timer_tidspunkt", "efter_praktik", "raadighedsafproevning_begrundelse", "aftalt_borger", "aftalt_virksomhed", "aftalt_jobcenter", "videregaaende_uddannelse", "job_i_faget_siden_dimission", "bruger_uddannelsen", "forlaenget_varighed_grundlag", "ydelsesuger_foer_start", "seneste_arbejdsgiver_cvr", "seneste_arbejdsgiver_p_nummer", "forlaenget_til", "forlaengelse_begrundelse", "forlaengelse_vurdering", "forlaengelse_saerligt_behov", "forskel_fra_tidligere", "helbredsoplysninger_delt", "samtykke"]

EXPORT_BASE = {
    "kommune": "Aalborg", "maalgruppe": "Dagpengemodtager", "dimittend": "nej", "cvr": "35954716",
    "p_nummer": "1012345678", "virksomhed": "Netto Vestergade", "sektor": "privat", "branche": "handel",
    "ordinaert_ansatte": "12,5", "stoettede_personer": "0", "startdato": "01-03-2021", "slutdato": "28-03-2021",
    "timer_pr_uge": "30", "stillingsbetegnelse": "Butiksassistent", "arbejdsfunktioner": "varepåfyldning|kundeservice",
    "formaal": "Ordinære løntimer", "ordinaere_timer": "10", "ordinaere_timer_funktioner": "varepåfyldning",
    "ordinaere_timer_tidspunkt": "efter", "efter_praktik": "Ordinære løntimer", "aftalt_borger": "24-02-2021",
    "aftalt_virksomhed": "24-02-2021", "aftalt_jobcenter": "25-02-2021", "ydelsesuger_foer_start": "22",
    "seneste_arbejdsgiver_cvr": "12345678", "seneste_arbejdsgiver_p_nummer": "1003456789",
    "helbredsoplysninger_delt": "nej",
}
PLEJE = {"cvr": "29189129", "p_nummer": "1003000001", "virksomhed": "Plejecenter Søbygård", "sektor": "offentlig",
         "branche": "pleje", "ordinaert_ansatte": "40", "maalgruppe": "Aktivitetsparat kontanthjælpsmodtager",
         "kommune": "Ærø", "ordinaere_timer": "", "ordinaere_timer_funktioner": "", "ordinaere_timer_tidspunkt": "",
         "efter_praktik": "Uddannelse", "stillingsbetegnelse": "Køkkenmedhjælper", "arbejdsfunktioner": "opvask|anretning",
         "formaal": "Optræning af specifikke kompetencer"}
BAGER = {"cvr": "31313131", "p_nummer": "1005000005", "virksomhed": "Bageriet på Torvet", "ordinaert_ansatte": "5",
         "timer_pr_uge": "37", "stillingsbetegnelse": "Bagermedhjælper", "arbejdsfunktioner": "dej|ovn",
         "ordinaere_timer_funktioner": "dej", "kommune": "Odense"}

# aftale_id: (cpr, cells, expected findings) — expected written by hand from RULES.md
EXPORT_ROWS: list[tuple[str, str, dict[str, str], list[tuple[str, str]]]] = [
    ("AAL-2021-1001", "010190-1234", {}, []),
    ("AAL-2021-1002", "010190-1234", {"startdato": "05-04-2021", "slutdato": "30-04-2021", "arbejdsfunktioner": "kasse",
                                      "ordinaere_timer_funktioner": "kasse"},
     [("VP501", E), ("VP502", E), ("VP503", W)]),
    ("AER-2021-0003", "020285-4321", {**PLEJE, "startdato": "01-02-2021", "slutdato": "02-05-2021",
                                      "forlaenget_til": "25-07-2021", "forlaengelse_begrundelse": "Optræne anretning ved buffeten",
                                      "forlaengelse_vurdering": "Borgeren har rykket sig; 12 uger mere giver mening."}, []),
    ("AER-2021-0004", "030390-1111", {**PLEJE, "startdato": "01-03-2021", "slutdato": "31-05-2021"}, [("VP204", E)]),
    ("ODE-2021-0005", "040492-2222", {"dimittend": "ja", "videregaaende_uddannelse": "ja", "job_i_faget_siden_dimission": "nej",
                                      "bruger_uddannelsen": "ja", "startdato": "07-06-2021", "slutdato": "01-08-2021",
                                      "stillingsbetegnelse": "Kommunikationsmedarbejder", "arbejdsfunktioner": "nyhedsbreve|sociale medier",
                                      "ordinaere_timer_funktioner": "nyhedsbreve", "cvr": "22222222", "p_nummer": "1002222222"}, []),
    ("ODE-2021-0006", "050593-3333", {"dimittend": "ja", "startdato": "07-06-2021", "slutdato": "18-07-2021",
                                      "cvr": "22222222", "p_nummer": "1002222223"}, [("VP208", W)]),
    ("AAR-2021-0007", "060694-4444", {"maalgruppe": "Jobparat kontanthjælpsmodtager", "formaal": "Netværk",
                                      "formaal_beskrivelse": "Komme ud", "p_nummer": "1012345601"},
     [("VP102", E), ("VP103", W)]),
    ("AAR-2021-0008", "070795-5555", {"maalgruppe": "Aktivitetsparat kontanthjælpsmodtager", "formaal": "Rådighedsafprøvning",
                                      "raadighedsafproevning_begrundelse": "Afprøve om borgeren står til rådighed",
                                      "p_nummer": "1012345602"}, [("VP102", E), ("VP601", E)]),
    ("AAR-2021-0009", "080896-6666", {"startdato": "31-02-2021", "p_nummer": "1012345603"}, [("VP000", E)]),
    ("ODE-2021-0010", "090997-7777", {**BAGER, "startdato": "01-09-2021", "slutdato": "28-09-2021"}, []),
    ("ODE-2021-0011", "101098-8888", {**BAGER, "startdato": "08-09-2021", "slutdato": "05-10-2021"}, [("VP701", E)]),
    ("ODE-2021-0012", "111199-9999", {**BAGER, "startdato": "29-09-2021", "slutdato": "26-10-2021"}, [("VP701", E)]),
    ("KBH-2021-0013", "121280-1212", {"kommune": "København", "helbredsoplysninger_delt": "ja", "samtykke": "nej",
                                      "p_nummer": "1012345604"}, [("VP901", W)]),
    ("KBH-2021-0014", "131281-1313", {"kommune": "København", "efter_praktik": "Løntilskud", "ydelsesuger_foer_start": "20",
                                      "ordinaere_timer": "", "ordinaere_timer_funktioner": "", "ordinaere_timer_tidspunkt": "",
                                      "p_nummer": "1012345605"}, [("VP105", W), ("VP801", W)]),
]


def write_export() -> None:
    import csv
    import io

    out_dir = ROOT / "examples" / "exports"
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(EXPORT_COLUMNS)
    for aid, cpr, cells, _ in EXPORT_ROWS:
        row = {**EXPORT_BASE, **cells, "aftale_id": aid, "cpr": cpr}
        row.setdefault("formaal_beskrivelse",
                       f"Afklare om borgeren kan varetage {row['arbejdsfunktioner'].split('|')[0]} i dagvagt, "
                       f"så arbejdspladsen kan tilbyde ordinære timer bagefter (sag {aid}).")
        w.writerow([row.get(c, "") for c in EXPORT_COLUMNS])
    (out_dir / "vitas-eksempel.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))
    exp = {"description": "A VITAS-style export (VITAS_EXPORT.md's default layout), UTF-8 with BOM as Excel writes it",
           "results": [expected(found, aid) for aid, _, _, found in EXPORT_ROWS],
           "not_checkable": ["VP505"]}
    (out_dir / "vitas-eksempel.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
    write_export()
