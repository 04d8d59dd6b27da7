"""A synthetic national year of internships, shaped after Ankestyrelsen's report
(Table 1.1 and Figures 1.1–1.2 for 2019), as JSON Lines.

- 171,244 internships; 46,634 dagpenge and 31,064 aktivitetsparat kontanthjælp, the rest
  spread over the other groups (jobparat, uddannelsesparat, other covered groups, and
  groups the pack does not cover such as sygedagpenge).
- Dagpenge: median 4 weeks, a few longer (errors) and shorter; aktivitetsparat: median
  13 weeks and mean about 17, through extensions.
- About 70 % private sector; about 1.25 internships per citizen, some back at the same
  company; a few per cent of each kind of error; some shared boilerplate purpose texts.

Deterministic for a given --seed. Run: python benchmarks/generate.py --records 171244 OUT.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

NATIONAL_YEAR = 171_244
DAGPENGE = 46_634
AKTIVITETSPARAT_KH = 31_064
OTHER_GROUPS = [
    ("jobparat_kontanthjaelp", 0.30), ("uddannelsesparat_uddannelseshjaelp", 0.14),
    ("aktivitetsparat_uddannelseshjaelp", 0.14), ("sygedagpenge", 0.18), ("ressourceforloeb", 0.12),
    ("jobafklaring", 0.07), ("revalidering", 0.05),
]
MUNICIPALITIES = ["København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Horsens",
                  "Vejle", "Roskilde", "Herning", "Silkeborg", "Næstved", "Frederiksberg", "Viborg",
                  "Køge", "Holbæk", "Slagelse", "Hillerød", "Sønderborg", "Svendborg", "Ærø", "Læsø"]
TITLES = [("Butiksassistent", ["varepåfyldning", "kundeservice", "kasse"]),
          ("Lagermedarbejder", ["pluk", "pak", "truckkørsel"]),
          ("Køkkenmedhjælper", ["opvask", "salatbar", "anretning"]),
          ("Pædagogmedhjælper", ["leg", "madlavning", "rengøring"]),
          ("Kontorassistent", ["journalisering", "post", "telefon"]),
          ("Gartnermedhjælper", ["lugning", "plantning", "vanding"]),
          ("Rengøringsassistent", ["gulvvask", "toiletter", "affald"]),
          ("Chauffør", ["kørsel", "læsning", "ruteplan"])]
BOILERPLATE = "Borgeren skal afklares i forhold til arbejdsmarkedet og komme i gang igen med faste rutiner."


def cpr(rng: random.Random) -> str:
    d = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
    return f"{d:%d%m%y}-{rng.randrange(10000):04d}"


def generate(n: int, seed: int, year: int = 2021):
    rng = random.Random(seed)
    scale = n / NATIONAL_YEAR
    counts = {"dagpenge": round(DAGPENGE * scale), "aktivitetsparat_kontanthjaelp": round(AKTIVITETSPARAT_KH * scale)}
    rest = n - sum(counts.values())
    for g, share in OTHER_GROUPS:
        counts[g] = round(rest * share)
    counts["jobparat_kontanthjaelp"] += n - sum(counts.values())
    groups = [g for g, c in counts.items() for _ in range(c)]
    rng.shuffle(groups)
    workplaces = max(50, n // 4)
    first = dt.date(year, 1, 1).toordinal()
    previous: dict[str, tuple[str, str, str, dt.date, dt.date, str]] = {}
    seen: list[str] = []  # citizens met so far, to draw repeats from in constant time
    for i, group in enumerate(groups):
        # Zipf-like workplaces: a few chains host very many internships
        w = min(int(workplaces * rng.random() ** 3), workplaces - 1)
        p_number, cvr = f"10{w:08d}", f"{30000000 + w // 3}"
        # 20 % of internships go to a citizen met before, the rest to a new one: about
        # 1.25 internships per citizen, as in the report's Figure 1.1 (1.18–1.26 in 2019).
        repeat = rng.random() < 0.2
        citizen = rng.choice(seen) if repeat and seen else f"{cpr(rng)[:7]}{len(seen) % 10000:04d}"
        start = dt.date.fromordinal(first + rng.randrange(330))
        if group == "dagpenge" or group in ("jobparat_kontanthjaelp", "uddannelsesparat_uddannelseshjaelp"):
            days = rng.choices([14, 21, 28, 35, 42], weights=[8, 12, 74, 4, 2])[0]
            extensions = []
        else:
            days = rng.choices([56, 91, 91, 91], weights=[1, 6, 1, 1])[0]
            extensions = []
            end = start + dt.timedelta(days=days - 1)
            for _ in range(rng.choices([0, 1, 2], weights=[50, 35, 15])[0]):
                end = end + dt.timedelta(days=rng.choice([28, 56, 91]))
                extensions.append({"end": end.isoformat(), "reason": rng.choice(["Optræne kassefunktionen", "Forlængelse", "Mere tid til afklaring af skånehensyn"]),
                                   "assessment": rng.choice(["Borgeren rykker sig; mere tid giver mening.", ""]) if rng.random() < 0.9 else "Vurderet",
                                   "special_need": "Genoptræning efter skade" if rng.random() < 0.7 else None})
        end = start + dt.timedelta(days=days - 1)
        title, functions = rng.choice(TITLES)
        history = []
        if citizen in previous and rng.random() < 0.5:
            pid, pcvr, pp, ps, pe, ptitle = previous[citizen]
            if ps < start:
                history.append({"id": pid, "cvr": pcvr, "p_number": pp, "start": ps.isoformat(), "end": pe.isoformat(),
                                "title": ptitle, "difference": None if rng.random() < 0.3 else "Andre opgaver end sidst."})
        aid = f"{rng.choice(MUNICIPALITIES)[:3].upper()}-{year}-{i:06d}"
        desc = BOILERPLATE if rng.random() < 0.03 else (
            f"Afklare om borgeren kan varetage {functions[0]} og {functions[1]} hos {title.lower()}en med henblik på ordinære timer, sag {i}.")
        purpose = ["ordinary_hours"] if rng.random() < 0.5 else rng.choice([["skills_training"], ["goal_clarification"], ["netværk"], []])
        rec = {
            "format": "praktiktjek/agreement@1", "id": aid, "municipality": rng.choice(MUNICIPALITIES),
            "target_group": group,
            "citizen": {"id": citizen, "graduate": rng.random() < 0.05, "benefit_weeks_before_start": rng.randrange(2, 60),
                        "last_employer": {"cvr": str(30000000 + rng.randrange(workplaces)), "functions": ["lager"]}},
            "company": {"name": f"Virksomhed {w}", "cvr": cvr, "p_number": p_number,
                        "sector": "private" if rng.random() < 0.7 else "public", "industry": "handel",
                        "ordinary_employees": round(rng.uniform(2, 400), 1) if rng.random() < 0.9 else None,
                        "subsidised_persons": rng.choice([0, 0, 0, 1, 2])},
            "start": start.isoformat(), "end": end.isoformat(),
            "hours_per_week": rng.choices([15, 20, 25, 30, 37, 40], weights=[10, 20, 20, 30, 18, 2])[0],
            "position": {"title": title, "functions": functions[: rng.randint(1, 3)]},
            "purpose": {"categories": purpose, "description": desc if rng.random() < 0.97 else ""},
            "ordinary_hours": {"timing": "after", "hours_per_week": 10, "functions": [functions[0]]} if rng.random() < 0.6 else None,
            "after_internship": rng.choice(["ordinary_hours", "education", "wage_subsidy", "unknown"]),
            "extensions": extensions, "availability_test": None, "history": history,
            "agreed_by": {"citizen": (start - dt.timedelta(days=5)).isoformat(), "company": (start - dt.timedelta(days=5)).isoformat(),
                          "jobcenter": (start - dt.timedelta(days=4)).isoformat() if rng.random() < 0.98 else None},
            "accommodations": {"needs": None, "health_information_shared": rng.random() < 0.02, "consent_to_share": rng.random() < 0.5},
            "mentor_hours_per_week": 0,
        }
        if citizen not in previous:
            seen.append(citizen)
        previous[citizen] = (aid, cvr, p_number, start, end, title)
        yield rec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--records", type=int, default=NATIONAL_YEAR)
    ap.add_argument("--seed", type=int, default=2019)
    args = ap.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in generate(args.records, args.seed):
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
