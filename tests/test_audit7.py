"""Audit wording leftovers (review 19 audit F6, F14; cli3, packs3): each by its cause, in
both engines where the audit has two."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "exports" / "vitas-eksempel.csv"
ENGINES = ["duckdb", "python"]


def _run(args: list[str], where: Path) -> str:
    from praktiktjek.cli import run

    old = Path.cwd()
    os.chdir(where)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            run(args)
    finally:
        os.chdir(old)
    return out.getvalue()


def _export(tmp_path: Path, changes: dict[str, str]) -> Path:
    """The example export's first rows, row n (2, 3, …) with one cell changed each."""
    text = EXPORT.read_text("utf-8-sig")
    sep = ";" if text.split("\n", 1)[0].count(";") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    head, body = rows[0], rows[1:1 + len(changes)]
    for row, (column, value) in zip(body, changes.items(), strict=True):
        row[head.index(column)] = value
    path = tmp_path / "x.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=sep).writerows([head, *body])
    return path


# --- F6: a CSV row's VP000 names the column and «cellen er tom», never a JSON pointer ---

CHANGES = {"startdato": "", "maalgruppe": "blabla", "p_nummer": "12345", "cvr": "1234"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_csv_vp000_names_the_column(tmp_path: Path, engine: str, lang: str) -> None:
    path = _export(tmp_path, CHANGES)
    doc = json.loads(_run(["audit", "-q", "--engine", engine, "--lang", lang, "-f", "json", path.name],
                          tmp_path))
    vp000 = [f for r in doc["results"] for f in r["findings"] if f["rule"] == "VP000"]
    assert len(vp000) == len(CHANGES)
    word = "kolonne" if lang == "da" else "column"
    for f, column in zip(vp000, CHANGES, strict=True):
        assert f"{word} «{column}»: " in f["message"], f["message"]
        assert "felt /" not in f["message"] and "field /" not in f["message"]
        assert f["pointer"].startswith("/")  # the output contract keeps the pointer
    empty = vp000[0]["message"]
    assert ("cellen er tom" if lang == "da" else "the cell is empty") in empty
    assert "mangler" not in empty and "missing" not in empty


def test_both_engines_word_csv_vp000_alike(tmp_path: Path) -> None:
    path = _export(tmp_path, CHANGES)
    got = [_run(["audit", "-q", "--engine", e, "-f", "json", path.name], tmp_path) for e in ENGINES]
    assert got[0] == got[1]


def test_check_of_a_csv_names_the_column_and_advises_on_it(tmp_path: Path) -> None:
    path = _export(tmp_path, {"startdato": ""})
    out = _run(["check", "-f", "json", path.name], tmp_path)
    messages = [f["message"] + " " + str(f.get("fix")) for r in json.loads(out)["results"] for f in r["findings"]
                if f["rule"] == "VP000"]
    assert messages and "kolonne «startdato»: cellen er tom" in messages[0]
    assert "(/start)" not in messages[0]


def test_a_json_record_still_names_the_field(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"format_version": 1, "id": "A"}) + "\n", "utf-8")
    doc = json.loads(_run(["audit", "-q", "-f", "json", "a.jsonl"], tmp_path))
    msg = [f["message"] for r in doc["results"] for f in r["findings"] if f["rule"] == "VP000"][0]
    assert "felt /" in msg and "kolonne" not in msg
