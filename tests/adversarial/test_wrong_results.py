"""Wrong results of issue #9: the rule cache never changes a verdict; an unreadable
record (VP000) takes no part in any cross-record rule of the others; a history rule
reports at most one finding per record, naming the latest match and how many more."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import agreement


def _jsonl(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), "utf-8")
    return path


def _by_id(run_cli, f: Path) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    doc = run_cli("audit", "-q", "-j", "1", "-f", "json", str(f)).json()
    return {r["agreement_id"]: sorted(x["rule"] for x in r["findings"]) for r in doc["results"]}


def test_an_empty_pack_folder_fails_cold_and_warm(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PRAKTIKTJEK_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement()), "utf-8")
    empty = tmp_path / "tom"
    empty.mkdir()
    run_cli("check", "--rules", str(empty), str(f), code=2)  # cold
    run_cli("check", str(f))  # a plain run fills the cache
    assert list((tmp_path / "cache").rglob("*.pickle"))
    for _ in range(2):  # warm
        assert "ingen regelfiler" in run_cli("check", "--rules", str(empty), str(f), code=2).err


# --------------------------------------------------------------------------- VP000 takes no part

BAD = {"agreed_by": "ja"}  # a wrong type: VP000, everything else as a good record


def _history_pair(first_bad: bool) -> list[dict[str, Any]]:
    b1 = agreement({"id": "B1", "citizen": {"id": "c-1"}, "start": "2021-01-04", "end": "2021-01-31",
                    **(BAD if first_bad else {})})
    b2 = agreement({"id": "B2", "citizen": {"id": "c-1"}, "start": "2021-02-08", "end": "2021-03-07"})
    return [b1, b2]


def test_an_unreadable_record_drives_no_history_rule(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = _by_id(run_cli, _jsonl(tmp_path / "good.jsonl", _history_pair(False)))
    assert {"VP501", "VP503"} <= set(good["B2"])  # the pair shows what an earlier record drives
    bad = _by_id(run_cli, _jsonl(tmp_path / "bad.jsonl", _history_pair(True)))
    assert bad["B1"] == ["VP000"]
    assert not {"VP501", "VP502", "VP503"} & set(bad["B2"]), bad


def test_an_unreadable_record_adds_no_workplace_load(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def docs(bad: bool) -> list[dict[str, Any]]:
        patch = {"hours_per_week": 37, "ordinary_hours": None, "after_internship": "none",
                 "company": {"ordinary_employees": 12.5, "subsidised_persons": 0}}
        out = []
        for i, start in enumerate(("2021-03-01", "2021-03-08", "2021-03-15")):
            d = dt.date.fromisoformat(start)
            extra = BAD if (bad and i == 0) else {}
            out.append(agreement({**patch, "id": f"R{i}", "citizen": {"id": f"c-{i}"}, "start": start,
                                  "end": (d + dt.timedelta(days=27)).isoformat(), **extra}))
        return out

    assert "VP701" in _by_id(run_cli, _jsonl(tmp_path / "good.jsonl", docs(False)))["R2"]
    assert "VP701" not in _by_id(run_cli, _jsonl(tmp_path / "bad.jsonl", docs(True)))["R2"]


def test_an_unreadable_record_counts_for_no_shared_text(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    same = "Borgeren skal afklares i forhold til arbejdsmarkedet og komme i gang igen."

    def docs(bad: bool) -> list[dict[str, Any]]:
        return [agreement({"id": f"T{i}", "citizen": {"id": f"c-{i}"}, "purpose": {"description": same},
                           "company": {"p_number": f"10{i:08d}"}, **(BAD if bad and i == 0 else {})})
                for i in range(5)]

    assert "VP103" in _by_id(run_cli, _jsonl(tmp_path / "good.jsonl", docs(False)))["T1"]
    assert "VP103" not in _by_id(run_cli, _jsonl(tmp_path / "bad.jsonl", docs(True)))["T1"]


# --------------------------------------------------------------------------- bounded findings


def test_history_findings_grow_linearly(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    n = 60
    first = dt.date(2015, 1, 5)
    docs = []
    for i in range(n):
        start = first + dt.timedelta(days=35 * i)
        docs.append(agreement({"id": f"H{i:03d}", "citizen": {"id": "c-1"}, "start": start.isoformat(),
                               "end": (start + dt.timedelta(days=27)).isoformat()}))
    doc = run_cli("audit", "-q", "-j", "1", "-f", "json", str(_jsonl(tmp_path / "x.jsonl", docs))).json()
    for r in doc["results"]:
        rules = [f["rule"] for f in r["findings"]]
        for rid in ("VP501", "VP502", "VP503"):
            assert rules.count(rid) <= 1, (r["agreement_id"], rules)
    last = next(r for r in doc["results"] if r["agreement_id"] == f"H{n - 1:03d}")
    vp501 = next(f for f in last["findings"] if f["rule"] == "VP501")
    assert f"H{n - 2:03d}" in vp501["message"]  # the latest earlier internship is named
    assert f"og {n - 2} tidligere forløb" in vp501["message"]
    second = next(r for r in doc["results"] if r["agreement_id"] == "H001")
    assert "tidligere forløb" not in next(f for f in second["findings"] if f["rule"] == "VP501")["message"]


def test_a_check_with_a_long_history_names_one_earlier_internship(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    history = [{"id": f"E{i}", "cvr": "35954716", "start": f"20{10 + i}-01-04", "end": f"20{10 + i}-01-31",
                "title": "Butiksassistent", "functions": ["kasse"]} for i in range(8)]
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement({"history": history})), "utf-8")
    doc = run_cli("check", "-f", "json", "--lang", "en", str(f)).json()
    vp501 = [x for x in doc["results"][0]["findings"] if x["rule"] == "VP501"]
    assert len(vp501) == 1 and "E7" in vp501[0]["message"] and "and 7 earlier internships" in vp501[0]["message"]
