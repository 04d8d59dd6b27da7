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
    msg = next(f["message"] for r in doc["results"] for f in r["findings"] if f["rule"] == "VP000")
    assert "felt /" in msg and "kolonne" not in msg


# --- packs3: a UTF-32 file is named UTF-32, not UTF-16 ------------------------------------

_AGREEMENT = json.dumps({"format_version": 1, "id": "A"}) + "\n"
_WIDE = {
    "utf-32": lambda t: t.encode("utf-32"),  # with BOM, little-endian on this machine
    "utf-32-be-bom": lambda t: b"\x00\x00\xfe\xff" + t.encode("utf-32-be"),
    "utf-32-le": lambda t: t.encode("utf-32-le"),  # no BOM
    "utf-32-be": lambda t: t.encode("utf-32-be"),
}


@pytest.mark.parametrize("form", sorted(_WIDE))
@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv"])
def test_utf32_is_named_utf32(tmp_path: Path, form: str, suffix: str) -> None:
    text = EXPORT.read_text("utf-8-sig") if suffix == ".csv" else _AGREEMENT
    (tmp_path / f"a{suffix}").write_bytes(_WIDE[form](text))
    outs = [_run(["check", "-f", "json", f"a{suffix}"], tmp_path)]
    outs += [_run(["audit", "-q", "--engine", e, "-f", "json", f"a{suffix}"], tmp_path) for e in ENGINES]
    outs.append(_run(["audit", "-q", "--lang", "en", "-f", "json", f"a{suffix}"], tmp_path))
    for out in outs:
        msgs = [f["message"] for r in json.loads(out)["results"] for f in r["findings"]]
        assert any("UTF-32" in m for m in msgs), msgs
        assert not any("UTF-16" in m for m in msgs)


def test_utf16_is_still_utf16(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(_AGREEMENT.encode("utf-16"))
    msgs = json.loads(_run(["check", "-f", "json", "a.json"], tmp_path))["results"][0]["findings"]
    assert "UTF-16" in msgs[0]["message"] and "UTF-32" not in msgs[0]["message"]


def test_web_names_a_utf32_body(tmp_path: Path) -> None:
    from praktiktjek.readers.jsonfile import read_json
    from praktiktjek.web.app import body_problem

    rec = body_problem(next(iter(read_json(_AGREEMENT.encode("utf-32"), "body", 10**6))))
    assert rec.problem is not None and "UTF-32" in rec.problem.detail
    assert "UTF-32" in (rec.problem.detail_en or "")


# --- cli3: a file in a folder that cannot be opened is named without a line -------------

@pytest.mark.parametrize("engine", ENGINES)
def test_unopenable_file_in_folder_has_no_line(tmp_path: Path, engine: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dangling.csv").symlink_to(folder / "nowhere")
    os.mkfifo(folder / "pipe.csv")
    doc = json.loads(_run(["audit", "-q", "--engine", engine, "-f", "json", "in"], tmp_path))
    got = {r["source"]: (r["line"], [f["message"] for f in r["findings"]]) for r in doc["results"]}
    assert set(got) == {"in/dangling.csv", "in/pipe.csv"}
    for source, (line, messages) in got.items():
        assert line is None
        assert messages[0].startswith(f"{source}: ") and "linje" not in messages[0]


# --- F14: the Danish HTML report shows no JSON pointer and no «RULES.md» -----------------

def test_danish_report_has_plain_words(tmp_path: Path) -> None:
    import re

    (tmp_path / "x.csv").write_bytes(EXPORT.read_bytes())
    _run(["audit", "-q", "x.csv", "--report", "r.html"], tmp_path)
    html = (tmp_path / "r.html").read_text("utf-8")
    shown = re.findall(r'<span class="muted">\(([^<]*)\)</span>', html)
    assert shown, "the report shows where each finding points"
    assert not [s for s in shown if s.startswith("/") or "_" in s], shown
    assert "RULES.md" not in html
    assert not re.search(r"\b(None|null|true|false)\b", re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S))


def test_english_report_keeps_the_pointer(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_bytes(EXPORT.read_bytes())
    _run(["audit", "-q", "--lang", "en", "x.csv", "--report", "r.html"], tmp_path)
    assert '<span class="muted">(/' in (tmp_path / "r.html").read_text("utf-8")


def test_no_danish_rule_note_names_the_spec_file() -> None:
    import yaml

    def notes(node: object) -> list[str]:
        if isinstance(node, dict):
            return [v for k, v in node.items() if k == "da" and isinstance(v, str)] + \
                [x for v in node.values() for x in notes(v)]
        if isinstance(node, list):
            return [x for v in node for x in notes(v)]
        return []

    danish = [n for p in sorted((ROOT / "rules" / "national").glob("*.yaml"))
              for n in notes(yaml.safe_load(p.read_text("utf-8")))]
    assert danish and not [n for n in danish if "RULES.md" in n]
