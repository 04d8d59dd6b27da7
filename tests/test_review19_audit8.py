"""Review 19 audit leftovers (audit8): UTF-32 named as such, CSV messages naming columns,
unreadable files without a line number, and the Danish report without code words."""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

import pytest

from conftest import agreement, ruleset

# --------------------------------------------------------------------------- UTF-32 is not UTF-16

_BOMS = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl"])
def test_a_utf32_file_is_refused_as_utf32_not_utf16(codec: str, suffix: str) -> None:
    """A UTF-32 file with its BOM (FF FE 00 00 starts like UTF-16's FF FE) was called
    «gemt som UTF-16»; the refusal names the file's real encoding in check, both audit
    engines and both languages."""
    from praktiktjek.engine import Engine
    from praktiktjek.pipeline import check_paths
    from test_batch_parity import audit_both

    if suffix == ".csv":
        text = "aftale_id;cpr\nA-1;x\n"
    else:
        doc = json.dumps(agreement({"id": "A-1"}))
        text = doc + "\n" if suffix == ".jsonl" else doc
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"aftaler{suffix}"
        p.write_bytes(_BOMS[codec] + text.encode(codec))
        for lang, said in (("da", "filen er gemt som UTF-32"), ("en", "the file is saved as UTF-32")):
            results = check_paths(Engine(ruleset(), lang=lang), [str(p)], 1 << 20)
            assert [[f.rule for f in r.findings] for r in results] == [["VP000"]]
            msg = results[0].findings[0].message
            assert said in msg and "UTF-16" not in msg and "Excel" not in msg
        py, duck = audit_both([str(p)], Engine(ruleset()))
        assert py == duck and len(py) == 1 and "UTF-32" in str(py)


def test_a_utf32_request_body_is_named_utf32_and_utf16_stays_utf16() -> None:
    from praktiktjek.readers.jsonfile import read_json
    from praktiktjek.web.app import body_problem

    doc = json.dumps(agreement({"id": "A-1"}))
    for codec, bom, name in (("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32"), ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32"),
                             ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16")):
        recs = list(read_json(bom + doc.encode(codec), "body", 1 << 20))
        p = body_problem(recs[0]).problem
        assert p is not None and p.detail == f"forespørgslens indhold er {name}, som ikke læses"
        assert p.detail_en == f"the request body is {name}, which is not read"


# --------------------------------------------------------------------------- a file with no lines has no line

def test_a_file_that_cannot_be_opened_in_a_folder_is_named_without_a_line() -> None:
    """A dangling link or a FIFO found in a folder was reported «d/dangling.csv, linje 1: …»
    with ``line`` 1 — a line of a file that cannot be read. Both engines now name the file
    alone (line null), as ``check`` does."""
    import os

    from praktiktjek.engine import Engine
    from test_batch_parity import audit_both

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "ind"
        d.mkdir()
        (d / "dangling.csv").symlink_to("nowhere.csv")
        os.mkfifo(d / "pipe.jsonl")
        py, duck = audit_both([str(d)], Engine(ruleset()))
        assert py == duck and len(py) == 2
        for text in py:
            doc = json.loads(text)
            assert doc["line"] is None, doc
            (f,) = doc["findings"]
            assert f["rule"] == "VP000" and "linje" not in f["message"] and "række" not in f["message"]
            assert f["message"].startswith(str(d / ("dangling.csv" if "dangling" in f["message"] else "pipe.jsonl")) + ":")


# --------------------------------------------------------------------------- a CSV row names its columns

_HEAD = "aftale_id;cpr;kommune;maalgruppe;startdato;slutdato;p_nummer;cvr\n"


@pytest.mark.parametrize(("cells", "column", "said_da", "said_en"), [
    ("A-1;c-1;Odense;xyz;01-03-2021;01-06-2021;1234567890;12345678", "maalgruppe", "ukendt målgruppe", "unknown target group"),
    ("A-1;c-1;Odense;dagpenge;01-03-2021;01-06-2021;123;12345678", "p_nummer", "P-nummer", "P-number"),
    ("A-1;c-1;Odense;dagpenge;01-03-2021;01-06-2021;1234567890;1234", "cvr", "CVR-nummer", "CVR number"),
    ("A-1;c-1;Odense;dagpenge;;01-06-2021;1234567890;12345678", "startdato", "cellen er tom", "the cell is empty"),
])
def test_a_csv_rows_vp000_names_the_column_not_a_json_field(cells: str, column: str, said_da: str, said_en: str) -> None:
    """Review 19 audit F6: a CSV row's model errors said «felt /company/p_number: …» or, for
    an empty cell, «felt /start: feltet mangler». They name the column and say the cell is
    empty, in both engines and both languages; the pointer stays a JSON pointer, and a JSON
    Lines record keeps naming fields."""
    from praktiktjek.engine import Engine
    from praktiktjek.pipeline import check_paths
    from test_batch_parity import audit_both

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "udtraek.csv"
        p.write_text(_HEAD + cells + "\n", encoding="utf-8")
        for lang, said, word in (("da", said_da, "kolonne"), ("en", said_en, "column")):
            (r,) = check_paths(Engine(ruleset(), lang=lang), [str(p)], 1 << 20)
            (f,) = [f for f in r.findings if f.rule == "VP000"]
            assert f"{word} «{column}»: " in f.message and said in f.message, f.message
            assert "felt " not in f.message and "field /" not in f.message and "mangler" not in f.message
            assert f.pointer is not None and f.pointer.startswith("/")
        py, duck = audit_both([str(p)], Engine(ruleset()))
        assert py == duck and f"kolonne «{column}»" in py[0]


def test_a_json_lines_records_vp000_still_names_the_field() -> None:
    from praktiktjek.engine import Engine
    from praktiktjek.pipeline import check_paths

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "aftaler.jsonl"
        p.write_text(json.dumps(agreement({"id": "A-1", "target_group": "xyz"})) + "\n", encoding="utf-8")
        (r,) = check_paths(Engine(ruleset()), [str(p)], 1 << 20)
        (f,) = [f for f in r.findings if f.rule == "VP000"]
        assert "felt /target_group: " in f.message and "kolonne" not in f.message


# --------------------------------------------------------------------------- the Danish report in plain words

def test_the_danish_audit_report_shows_no_field_paths_nor_the_rule_files_name(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """Review 19 audit F14: the Danish HTML report of a CSV audit ended findings with
    «(/after_internship)», «(/history/1)» and said «RULES.md» in the confidence notes. It
    names the field in Danish («Plan efter praktikken») and the rule catalogue as
    «regelkataloget»; the English report keeps the pointer."""
    import re

    f = tmp_path / "udtraek.csv"
    f.write_text(
        "aftale_id;cpr;kommune;maalgruppe;startdato;slutdato;p_nummer;cvr;titel;efter_praktik\n"
        "A-1;120249-3341;Odense;dagpenge;01-03-2021;01-05-2021;1000000011;12345678;Lager;ingen\n"
        "A-2;120249-3341;Odense;dagpenge;01-06-2021;30-06-2021;1000000011;12345678;Lager;ingen\n",
        encoding="utf-8")
    for lang in ("da", "en"):
        report = tmp_path / f"{lang}.html"
        run_cli("audit", "-q", "-j", "1", "--lang", lang, "--report", str(report), str(f))
        html = report.read_text("utf-8")
        pointers = re.findall(r'<span class="muted">\((/[^)<]*)\)</span>', html)
        if lang == "da":
            assert "RULES.md" not in html and "regelkataloget" in html
            assert pointers == [], pointers
            assert "(Plan efter praktikken)" in html
        else:
            assert "/after_internship" in pointers
    from praktiktjek.auditreport import _where_words

    assert _where_words("/history/1", "da") == "Tidligere forløb nr. 2"
    assert _where_words("/no_such_field", "da") is None and _where_words("/start", "en") == "/start"


def test_a_missing_required_column_is_named_in_danish_words_not_a_field_path() -> None:
    """A CSV without the `cvr` column said «filen har ingen kolonne for «company.cvr»
    (overskrift: «cvr»)» — a JSON field path in a Danish run. The Danish text names the
    field's Danish title; the English keeps the path (`citizen.id`), in both engines."""
    from praktiktjek.engine import Engine
    from praktiktjek.pipeline import check_paths
    from test_batch_parity import audit_both

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "udtraek.csv"
        p.write_text("aftale_id;kommune;maalgruppe;startdato;slutdato\nA-1;Odense;dagpenge;01-03-2021;01-06-2021\n",
                     encoding="utf-8")
        (r,) = check_paths(Engine(ruleset()), [str(p)], 1 << 20)
        (f,) = [f for f in r.findings if f.rule == "VP000"]
        assert "filen har ingen kolonne for «Borger-id» (overskrift: «cpr»), «CVR-nummer» (overskrift: «cvr»)" in f.message
        assert "citizen.id" not in f.message and "company.cvr" not in f.message
        (r,) = check_paths(Engine(ruleset(), lang="en"), [str(p)], 1 << 20)
        (f,) = [f for f in r.findings if f.rule == "VP000"]
        assert "the file has no column for «citizen.id» (header: «cpr»)" in f.message
        py, duck = audit_both([str(p)], Engine(ruleset()))
        assert py == duck and "«CVR-nummer»" in py[0]
