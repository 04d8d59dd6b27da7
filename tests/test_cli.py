"""The CLI end to end: inputs, formats, languages, exit codes, rules/explain/schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, agreement

OK = str(EXAMPLES / "ok-dagpenge-4-uger.json")
TOO_LONG = str(EXAMPLES / "vp202-dagpenge-6-uger.json")
WARN_ONLY = str(EXAMPLES / "vp105-ingen-loentimer.json")


def test_clean_agreement_exits_0_with_danish_text(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("check", OK, code=0)
    assert "ingen fund" in res.out
    assert "1 aftale kontrolleret: 0 fejl" in res.out


def test_error_exits_1_and_shows_message_citation_fix_and_place(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("check", TOO_LONG, code=1)
    assert "VP202" in res.out
    assert "Praktikken varer 6 uger (42 dage); for dagpengemodtagere er grænsen 4 uger (28 dage)." in res.out
    assert "§ LAB § 61, stk. 1, nr. 1" in res.out
    assert "https://www.retsinformation.dk/eli/lta/2019/548" in res.out
    assert "Ret: Forkort praktikken til højst 4 uger" in res.out
    assert "vp202-dagpenge-6-uger.json:" in res.out and "/end" in res.out


def test_fail_on_sets_the_threshold(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("check", WARN_ONLY, code=0)
    run_cli("check", "--fail-on", "warning", WARN_ONLY, code=1)
    run_cli("check", "--fail-on", "never", TOO_LONG, code=0)


def test_json_output_follows_the_contract(run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = run_cli("check", "--format", "json", TOO_LONG, code=1).json()
    assert set(doc) >= {"results", "summary"}
    (result,) = doc["results"]
    assert result["source"].endswith("examples/agreements/vp202-dagpenge-6-uger.json")
    assert result["agreement_id"] == json.loads(Path(TOO_LONG).read_text("utf-8"))["id"]
    (f,) = result["findings"]
    assert f["rule"] == "VP202" and f["severity"] == "error" and f["pointer"] == "/end"
    assert f["citation"]["text"] == "LAB § 61, stk. 1, nr. 1"
    assert f["citation"]["url"] == "https://www.retsinformation.dk/eli/lta/2019/548"
    assert isinstance(f["line"], int) and isinstance(f["column"], int)
    assert doc["summary"] == {"records": 1, "error": 1, "warning": 0, "info": 0,
                              "input_problems": 0, "waived": 0}


def test_technical_findings_have_null_citation(run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = run_cli("check", "-f", "json", str(EXAMPLES / "vp000-dato-findes-ikke.json"), code=1).json()
    (f,) = doc["results"][0]["findings"]
    assert f["rule"] == "VP000" and f["citation"] is None
    assert doc["summary"]["input_problems"] == 1 and doc["summary"]["error"] == 1


def test_english_messages(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("check", "--lang", "en", TOO_LONG, code=1)
    assert "The internship lasts 6 weeks (42 days); for unemployment benefit recipients the limit is 4 weeks" in res.out
    assert "Change: Shorten" in res.out


def test_stdin_object_and_jsonl(run_cli) -> None:  # type: ignore[no-untyped-def]
    one = json.dumps(agreement()).encode()
    doc = run_cli("check", "-f", "json", "-", stdin=one, code=0).json()
    assert doc["results"][0]["source"] == "<stdin>"
    lines = b"\n".join([one, json.dumps(agreement({"id": "X2", "end": "2021-04-30"})).encode()])
    doc = run_cli("check", "-f", "json", "-", stdin=lines, code=1).json()
    assert [r["agreement_id"] for r in doc["results"]] == ["AAL-2021-000042", "X2"]
    assert doc["results"][1]["line"] == 2


def test_directories_are_walked_recursively(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.json").write_text(json.dumps(agreement({"id": "deep"})), "utf-8")
    (tmp_path / "y.jsonl").write_text(json.dumps(agreement({"id": "top"})) + "\n", "utf-8")
    (tmp_path / "y.expected.json").write_text("{}", "utf-8")
    (tmp_path / "notes.txt").write_text("ignored", "utf-8")
    doc = run_cli("check", "-f", "json", str(tmp_path), code=0).json()
    assert sorted(r["agreement_id"] for r in doc["results"]) == ["deep", "top"]


@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_missing_file_is_a_usage_error_not_an_agreement(run_cli, tmp_path: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    """A path that does not exist is a mistake on the command line (exit 2), not a record."""
    res = run_cli(command, str(tmp_path / "nope.json"), OK, code=2)
    assert "nope.json: filen eller mappen findes ikke" in res.err
    assert res.out == ""


@pytest.mark.parametrize("command", ["check", "audit"])
def test_nothing_to_check_is_not_success(run_cli, tmp_path: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "tom").mkdir()
    (tmp_path / "tom" / "README.md").write_text("ingen aftaler her", "utf-8")
    res = run_cli(command, str(tmp_path / "tom"), code=2)
    assert "ingen aftaler at kontrollere" in res.err and "--allow-empty" in res.err
    run_cli(command, "--allow-empty", str(tmp_path / "tom"), code=0)


def test_disable_and_unknown_rule(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("check", "--disable", "VP202", TOO_LONG, code=0)
    res = run_cli("check", "--disable", "VP999", TOO_LONG, code=2)
    assert "VP999" in res.err
    res = run_cli("check", "--disable", "VP000", TOO_LONG, code=2)
    assert "kan ikke slås fra" in res.err


def test_strict_dates_makes_vp010_an_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    f = str(EXAMPLES / "vp010-efter-reformen.json")
    run_cli("check", f, code=0)
    doc = run_cli("check", "--strict-dates", "-f", "json", f, code=1).json()
    assert doc["results"][0]["findings"][0]["severity"] == "error"


def test_local_pack_with_rules_option(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "a.json"
    p.write_text(json.dumps(agreement({"company": {"cvr": "99999999", "p_number": None}})), "utf-8")
    run_cli("check", str(p), code=0)
    res = run_cli("check", "--rules", "rules/local/example-kommune.yaml", str(p), code=1)
    assert "KERT002" in res.out and "Lokal retningslinje" in res.out


def test_usage_errors_exit_2(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("check", "--format", "xml", OK, code=2)
    run_cli("check", code=2)
    run_cli("explain", "VP999", code=2)


def test_rules_lists_every_rule_with_citation(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("rules", code=0).out
    for rid in ("VP000", "VP101", "VP202", "VP701", "VP901"):
        assert rid in out
    assert "BAB § 65, stk. 1–4" in out
    listed = run_cli("rules", "-f", "json", code=0).json()
    assert all(r["citations"] for r in listed if r["id"] not in {"VP000", "VP002", "VP003", "VP010", "VP020", "VP021", "VP201"})


def test_explain_shows_basis_confidence_and_examples(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("explain", "vp202", code=0).out
    assert out.startswith("VP202  For lang praktik")
    assert "LAB § 61, stk. 1, nr. 1" in out and "LBK nr. 1342 af 21/11/2016" in out
    assert "Sikkerhed: udledt" in out
    assert "Eksempler" in out and "FUND    dimittend ja; startdato 01-03-2020; slutdato 18-04-2020" in out
    assert "Forkort praktikken til højst 4 uger" in out and "{" not in out
    en = run_cli("explain", "vp202", "--lang", "en", code=0).out
    assert "graduate in 2020 with 7 weeks" in en and "STAR news 12-05-2021 (trial under" in en


def test_schema_is_a_json_schema_of_format_1(run_cli) -> None:  # type: ignore[no-untyped-def]
    schema = run_cli("schema", code=0).json()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) == {"id", "target_group", "citizen", "company", "start", "end"}
    import jsonschema

    jsonschema.validate(agreement(), schema)


def test_version(run_cli) -> None:  # type: ignore[no-untyped-def]
    from praktiktjek import __version__

    assert run_cli("--version", code=0).out.strip() == f"praktiktjek {__version__}"
