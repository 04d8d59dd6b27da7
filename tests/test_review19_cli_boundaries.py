"""Review 19, the command line's boundaries (cli F6, F8–F11, F13; audit F9–F11).

Each test here failed on the code before the fix, by the finding's cause."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from test_audit import HEADER, row
from test_csv_reading import three_ways

SAMPLE = str(EXAMPLES / "vp202-dagpenge-6-uger.json")


# -- cli F8: an output path that names a folder, or only blanks --------------------------

@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["new", "k.json", "ud/x.sarif", "a b"]), end=st.sampled_from(["/", "/."]),
       fmt=st.sampled_from(["json", "sarif", "junit"]), exists=st.booleans())
def test_an_output_path_ending_in_a_slash_is_refused_before_the_run(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                                    name: str, end: str, fmt: str,
                                                                    exists: bool) -> None:
    """``Path("new/")`` is ``new``: the slash was dropped and a file written (or an
    existing ``k.json`` overwritten)."""
    folder = tmp_path_factory.mktemp("o")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        target = folder / name
        if exists:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("keep", "utf-8")
        before = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
        res = run_cli("check", SAMPLE, "-o", f"{fmt}={name}{end}")
        assert res.code == 2 and res.out == "", res.out
        assert f"--output {fmt}={name}{end}: stien ender på «/»" in res.err, res.err
        assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == before
        if exists:
            assert target.read_text("utf-8") == "keep"
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("args", [["audit", "-q", "--report", "r/"], ["audit", "-q", "--findings", "f.csv/"]])
def test_an_audit_output_ending_in_a_slash_is_refused(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                      args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    res = run_cli(*args, SAMPLE)
    assert res.code == 2 and "stien ender på «/»" in res.err, res.err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("blank", [" ", "  ", "\t", " \u00a0"])
@pytest.mark.parametrize("form", ["output", "report"])
def test_an_output_path_of_blanks_is_refused(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                             blank: str, form: str) -> None:
    monkeypatch.chdir(tmp_path)
    if form == "output":
        res = run_cli("check", SAMPLE, "-o", f"json={blank}")
    else:
        res = run_cli("audit", "-q", "--report", blank, SAMPLE)
    assert res.code == 2 and "stien er kun mellemrum" in res.err, res.err
    assert os.listdir(tmp_path) == []


def test_the_same_output_twice_names_both_paths(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", SAMPLE, "-o", "sarif=x.sarif", "-o", "junit=x.sarif")
    assert res.code == 2
    assert "--output junit=x.sarif: samme fil er allerede valgt til --output sarif=x.sarif" in res.err, res.err


# -- cli F11: a waiver's file written absolute, through .., or as **/ -------------------

def _waiver(folder: Path, file: str) -> Path:
    w = folder / "w.yaml"
    w.write_text("waivers:\n  - rule: VP202\n    agreement: \"*\"\n    reason: godkendt af leder\n"
                 f"    expires: 2999-12-31\n    file: '{file}'\n", "utf-8")
    return w


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["absolute", "dotdot", "starstar", "plain"]), deep=st.booleans(),
       folder_name=st.sampled_from(["aftaler", "a[1]", "x y"]))
def test_a_waiver_file_naming_a_checked_file_applies_however_written(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                                     kind: str, deep: bool,
                                                                     folder_name: str) -> None:
    """``/abs/aftaler/a.json``, ``../aftaler/a.json`` and ``**/a.json`` name the checked
    ``a.json`` as ``a.json`` does; they neither applied nor were reported unused."""
    root = tmp_path_factory.mktemp("w")
    folder = root / folder_name
    (folder / "sub").mkdir(parents=True)
    rel = "sub/a.json" if deep else "a.json"
    agreement = folder / rel
    agreement.write_bytes(Path(SAMPLE).read_bytes())
    file = {"absolute": agreement.as_posix(), "dotdot": f"../{folder_name}/{rel}",
            "starstar": "**/a.json", "plain": rel}[kind]
    res = run_cli("check", "-f", "json", "--waivers", str(_waiver(folder, file)), str(agreement))
    doc = json.loads(res.out)
    vp202 = [f for r in doc["results"] for f in r["findings"] if f["rule"] == "VP202"]
    assert vp202 and all(f.get("waived") for f in vp202), res.out
    assert not [f for r in doc["results"] for f in r["findings"] if f["rule"] == "VP020"]


def test_a_waiver_for_a_file_outside_its_folder_matches_that_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "regler").mkdir()
    (tmp_path / "aftaler").mkdir()
    agreement = tmp_path / "aftaler" / "a.json"
    agreement.write_bytes(Path(SAMPLE).read_bytes())
    w = _waiver(tmp_path / "regler", "../aftaler/a.json")
    res = run_cli("check", "-f", "json", "--waivers", str(w), str(agreement))
    found = [f for r in json.loads(res.out)["results"] for f in r["findings"] if f["rule"] == "VP202"]
    assert found and all(f.get("waived") for f in found)
    # the same waiver naming another file is told unused when that file is checked
    other = tmp_path / "aftaler" / "b.json"
    other.write_bytes(Path(SAMPLE).read_bytes())
    w = _waiver(tmp_path / "regler", "../aftaler/[b]*.json")
    res = run_cli("check", "-f", "json", "--waivers", str(w), str(agreement), str(other))
    doc = json.loads(res.out)
    waived = {r["source"]: [f for f in r["findings"] if f["rule"] == "VP202" and f.get("waived")]
              for r in doc["results"]}
    assert any(v for k, v in waived.items() if k.endswith("b.json"))
    assert not any(v for k, v in waived.items() if k.endswith("a.json"))


# -- audit F10: Excel's «sep=;» line before the header ----------------------------------

def _export(sep: str, bom: bool, end: str, hint: str | None) -> bytes:
    rows = [row("A-1", "120249-3341", "01-03-2021", "28-03-2021", employees="12", desc="Afklare kassefunktion"),
            row("A-2", "030361-1234", "01-06-2021", "11-07-2021", employees="12", desc="Afklare lagerarbejde",
                hours="40"),
            row("A-3", "0101901234", "01-03-2021", "14-03-2021", employees="12", desc="Afklare kundeservice")]
    lines = [line.replace(";", sep) for line in [HEADER, *rows]]
    if hint is not None:
        lines.insert(0, hint)
    return ("\ufeff" if bom else "").encode() + (end.join(lines) + end).encode("utf-8")


@pytest.mark.parametrize(("sep", "bom", "end", "spelt"), [
    (";", False, "\r\n", "sep={}"), (",", False, "\n", "sep={}"), (";", True, "\r\n", "sep={}"),
    (",", True, "\r", "SEP={} "), ("\t", False, "\n", "sep={}")])
def test_an_export_after_excels_sep_line_is_read_as_without_it(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                               sep: str, bom: bool, end: str, spelt: str) -> None:
    """The hint line was taken for the header: one VP000 and not one agreement checked.
    Now each engine reads the same records as from the file without the line, one line
    further down."""
    folder = tmp_path_factory.mktemp("sep")
    plain = folder / "plain.csv"
    plain.write_bytes(_export(sep, bom, end, None))
    hinted = folder / "hinted.csv"
    hinted.write_bytes(_export(sep, bom, end, spelt.format(sep)))
    want = three_ways(run_cli, plain)
    got = three_ways(run_cli, hinted)
    assert len(got) == 3 and all("VP000" not in rules for _, rules, _ in got), got
    assert got == [(line + 1, rules, message) for line, rules, message in want]


def test_a_sep_line_alone_is_an_empty_export(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "x.csv"
    p.write_bytes(b"sep=;\r\n")
    doc = run_cli("audit", "-q", "-f", "json", str(p)).json()
    messages = [f["message"] for r in doc["results"] for f in r["findings"]]
    assert len(messages) == 1 and "filen indeholder ingen aftaler (den er tom)" in messages[0], messages


# -- audit F11: the lines not read, in every output ---------------------------------------

def test_every_output_carries_the_lines_not_read(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file refused at its header: the JSON and JSON Lines summaries lacked the count
    the console and HTML showed, and the HTML said «Læst og rapporteret stemmer ikke»
    under two equal numbers."""
    p = tmp_path / "x.csv"
    body = "\r\n".join([row(f"A-{i}", "120249-3341", "01-03-2021", "28-03-2021") for i in range(7)])
    p.write_text("x;y\r\n" + HEADER + "\r\n" + body + "\r\n", "utf-8")
    doc = run_cli("audit", "-q", "-f", "json", str(p)).json()
    assert doc["summary"]["lines_not_read"] == 8 and doc["summary"]["complete"] is False
    last = json.loads(run_cli("audit", "-q", "-f", "jsonl", str(p)).out.splitlines()[-1])
    assert last["summary"]["lines_not_read"] == 8
    report = tmp_path / "r.html"
    res = run_cli("audit", "--report", str(report), str(p))
    html = report.read_text("utf-8")
    assert "stemmer ikke" not in html
    assert "✗ Afstemningen går ikke op: 8 linjer i inddata er ikke læst" in html
    assert "8 linjer i inddata er ikke læst" in " ".join(res.out.split())
    clean = tmp_path / "ok.csv"
    clean.write_text(HEADER + "\r\n" + body + "\r\n", "utf-8")
    assert run_cli("audit", "-q", "-f", "json", str(clean)).json()["summary"]["lines_not_read"] == 0


@given(read=st.integers(0, 10**6), reported=st.integers(0, 10**6), lost=st.integers(0, 10**6),
       lang=st.sampled_from(["da", "en"]))
def test_the_reconciliation_says_why_it_does_not_add_up(read: int, reported: int, lost: int, lang: str) -> None:
    from praktiktjek.auditreport import reconciliation

    said = reconciliation(read, reported, lost, lang)
    assert said.startswith("✓") == (read == reported and lost == 0)
    if read != reported:
        assert f"{read} " in said and f" {reported} " in said
    if lost:
        assert f"{lost} " in said
    if read == reported:
        assert ("rapporteret" if lang == "da" else "reported") not in said.split(":", 1)[-1] or said.startswith("✓")


# -- audit F9 (cli F14): a dangling link is named by itself --------------------------------

@pytest.mark.parametrize("command", [["check"], ["audit", "-q", "--engine", "python"], ["audit", "-q", "--engine", "duckdb"]])
@pytest.mark.parametrize("name", ["dangling.csv", "dangling.json", "d.jsonl"])
def test_a_dangling_link_in_a_folder_is_its_own_source(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                       command: list[str], name: str) -> None:
    """The source was the link's target (``walk/nowhere``), a path that does not exist
    and that the user never gave."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "walk").mkdir()
    (tmp_path / "walk" / name).symlink_to("nowhere" + Path(name).suffix)
    doc = run_cli(*command, "-f", "json", "walk").json()
    [result] = doc["results"]
    assert result["source"] == f"walk/{name}", result
    assert "nowhere" not in json.dumps(doc)


# -- cli F6: a JSON Lines record over the limit, cut on a blank -------------------------

ONE_LINE = json.dumps(json.loads(Path(SAMPLE).read_text("utf-8")), ensure_ascii=False).encode() + b"\n"


@settings(max_examples=60, deadline=None)
@given(data=st.data(), bom=st.booleans())
def test_a_line_over_the_limit_is_never_one_document(data: st.DataObject, bom: bool) -> None:
    """``readline(max + 1)`` cut the line; when the cut fell on a blank, ``strip()`` took
    it under the limit and the one-record file was «ét JSON-dokument skrevet over flere
    linjer». Every cut, and the cuts just before a blank above all."""
    import io

    from praktiktjek.readers.jsonfile import one_document

    line = (b"\xef\xbb\xbf" if bom else b"") + ONE_LINE
    blanks = [i for i, c in enumerate(line) if c == 0x20]
    limit = data.draw(st.one_of(st.sampled_from(blanks), st.integers(10, len(line) - 2)))
    assert not one_document(io.BytesIO(line), limit)


def test_the_reviews_one_record_file_says_the_line_is_too_long(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "one.jsonl"
    p.write_bytes(ONE_LINE)
    cut = ONE_LINE.index(b" ", 200)
    res = run_cli("check", "--max-record-bytes", str(cut), str(p), code=1)
    assert f"linjen fylder {len(ONE_LINE) - 1} byte; grænsen er {cut} byte" in res.out, res.out
    assert "flere linjer" not in res.out


# -- cli F10: a pretty-printed .json with old-Mac CR line ends ----------------------------

def _places(run_cli, path: Path) -> list[tuple[int, int | None, int | None]]:  # type: ignore[no-untyped-def]
    doc = run_cli("check", "-f", "json", str(path)).json()
    return [(r["line"], f["line"], f["column"]) for r in doc["results"] for f in r["findings"]]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(indent=st.integers(0, 4), broken=st.booleans())
def test_line_numbers_are_the_same_for_every_line_end(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                      indent: int, broken: bool) -> None:
    """Python's JSON positions count LF only: with CR line ends every finding was on
    «linje 1», column 600 and more."""
    data = json.loads(Path(SAMPLE).read_text("utf-8"))
    data["hours_per_week"] = "30"
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if broken:
        text = text.replace('"30"', '"30",,')
    folder = tmp_path_factory.mktemp("le")
    got = {}
    for name, end in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        p = folder / f"{name}.json"
        p.write_bytes(text.replace("\n", end).encode("utf-8"))
        got[name] = _places(run_cli, p)
    assert got["cr"] == got["crlf"] == got["lf"], got
    assert any(line is not None and line > 1 for _, line, _ in got["cr"]), got


# -- cli F9: an integer beyond a float's range -----------------------------------------------

@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=st.integers(310, 4300), lead=st.integers(1, 9), field=st.just("hours_per_week"))
def test_a_huge_integer_is_too_large_not_quoted_whole(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                                      digits: int, lead: int, field: str) -> None:
    """309–4,300 digits overflow a float: the message said the number had quotes (it had
    none) and quoted all its digits."""
    text = Path(SAMPLE).read_text("utf-8")
    data = json.loads(text)
    data[field] = 30
    number = str(lead) + "0" * (digits - 1)
    p = tmp_path_factory.mktemp("big") / "a.json"
    p.write_text(json.dumps(data).replace(f'"{field}": 30', f'"{field}": {number}'), "utf-8")
    doc = run_cli("check", "-f", "json", str(p), code=1).json()
    [f] = [f for r in doc["results"] for f in r["findings"] if f["rule"] == "VP000"]
    assert "anførselstegn" not in f["message"] and "for stort tal" in f["message"], f["message"]
    assert len(f["message"]) < 200 and number not in f["message"]
