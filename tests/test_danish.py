"""Texts people read: no unfilled placeholder on any surface, and a Danish run in plain
Danish (no English or code words from the stop list)."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ruleset
from praktiktjek.auditreport import Stats, console_summary, write_html


def _html_text(html: str) -> str:
    """The report without its style sheet and its filter script (CSS and JavaScript are
    made of braces)."""
    return re.sub(r"<(style|script)>.*?</\1>", "", html, flags=re.S)


def _all_rules_report(lang: str) -> tuple[str, str]:
    rs = ruleset()
    st = Stats()
    for rid in rs.rules:
        st.by_rule[rid] = 1
        st.agreements_by_rule[rid] = 1
    html, console = io.StringIO(), io.StringIO()
    write_html(st, rs, lang, 0, [], {}, ["x.csv"], html)
    console_summary(st, rs, lang, 0, [], {}, console)
    return _html_text(html.getvalue()), console.getvalue()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_surface_shows_an_unfilled_placeholder(run_cli, lang: str) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset()
    for rid in sorted(rs.rules):
        out = run_cli("explain", rid, "--lang", lang, code=0).out
        assert "{" not in out and "}" not in out, (rid, out)
    listing = run_cli("rules", "--lang", lang, code=0).out
    assert "{" not in listing
    html, console = _all_rules_report(lang)
    assert html.count('<div class="rule ') == len(rs.rules)  # every rule is on the page
    assert "{" not in html and "}" not in html
    assert "{" not in console
    assert "Forkort praktikken til højst 4 uger" in html or lang == "en"


# --------------------------------------------------------------------------- Danish means Danish

#: English words and code words that must not reach a reader of a Danish run
STOP = [
    "Input should", "Field required", "Value error", "Extra inputs", "not permitted",
    "wage_subsidy", "skills_training", "goal_clarification", "report ch.", "report box",
    "STAR news", "Q&A", "Usage:", "Options:", "Arguments:", "Commands:", "Show this message",
    "Error:", "No such", "Missing argument", "Invalid value", "is not one of", "for help",
    "[required]", "[default", "list[", "dates inferred", "only:", "(entry)", "waivers[",
    "Traceback", "intern fejl",
    # our own notices in English (leftovers: a notice must follow the run's language)
    "more than once", "read as Windows", "not checked", "using the", "the summary", "interrupted",
    "stopped (", "internal error", "rules without",
    # the framework's type names and range notation in help (review 8, finding 8)
    "<str>", "<int", "<float", "<path", "<text>", "range>",
]
STOP_WORDS = re.compile(r"\b(?:trial|inferred|verified|guidance|None|True|False)\b|\bx\s*[<>]=?\s*\d|\d\s*<=?\s*x\b")


def _danish_problems(text: str) -> list[str]:
    found = [w for w in STOP if w in text]
    found += STOP_WORDS.findall(text)
    return found


def _assert_danish(what: str, text: str) -> None:
    problems = _danish_problems(text)
    assert not problems, f"{what}: {problems}\n{text[:3000]}"


def test_the_stop_list_catches_what_it_should() -> None:
    assert _danish_problems("(efter praktikken: wage_subsidy)") == ["wage_subsidy"]
    assert _danish_problems("STAR news 12-05-2021 (trial under …)") == ["STAR news", "trial"]
    assert _danish_problems("expires: Input should be a valid date") == ["Input should"]
    assert _danish_problems("Sikkerhed: udledt — dates inferred") == ["dates inferred", "inferred"]
    assert _danish_problems("Praktikken varer 5 uger; Ankestyrelsens rapport kap. 4") == []
    assert _danish_problems("--port <int range>  Port.  [standard: 8000; 1<=x<=65535]") == [
        "<int", "range>", "1<=x"]
    assert _danish_problems("REGEL <str>  [standard: 1; x>=1]") == ["<str>", "x>=1"]


def test_a_danish_run_of_every_example_is_danish(run_cli) -> None:  # type: ignore[no-untyped-def]
    from conftest import EXAMPLES

    text = run_cli("check", "--lang", "da", str(EXAMPLES)).out
    assert "VP202" in text and "VP105" in text
    _assert_danish("check examples (text)", text)
    doc = run_cli("check", "--lang", "da", "-f", "json", str(EXAMPLES)).json()
    shown = [v for r in doc["results"] for f in r["findings"]
             for v in (f["message"], f.get("fix", ""), (f.get("citation") or {}).get("text", ""))]
    assert len(shown) > 100
    _assert_danish("check examples (json texts)", "\n".join(shown))


def test_explain_rules_and_help_are_danish(run_cli) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset()
    for rid in sorted(rs.rules):
        _assert_danish(f"explain {rid}", run_cli("explain", rid, code=0).out)
    _assert_danish("rules", run_cli("rules", code=0).out)
    for cmd in ([], ["check"], ["audit"], ["rules"], ["explain"], ["schema"], ["serve"], ["template"]):
        _assert_danish(f"{cmd} --help", run_cli(*cmd, "--help", code=0).out)
    for args in (["check", "--bogus", "x"], ["check"], ["check", "-f", "xml", "x"], ["nope"],
                 ["audit", "-j", "0", "x"], ["explain"]):
        res = run_cli(*args, code=2)
        assert res.err.strip()
        _assert_danish(f"{args}", res.err)


def test_every_option_that_takes_a_value_names_it_in_danish() -> None:
    """An option with a value shows a Danish placeholder in --help (``--port PORT``), never
    the framework's type name or nothing at all (``--allowed-host`` showed none)."""
    import typer

    from praktiktjek.cli import app

    group = typer.main.get_command(app)  # typer carries its own click: no isinstance
    commands = group.commands  # type: ignore[attr-defined]
    assert {"check", "audit", "serve", "explain", "template"} <= set(commands)
    for name, command in commands.items():
        for param in command.params:
            if getattr(param, "is_flag", False) or getattr(param, "count", False) or getattr(param, "hidden", False):
                continue
            if param.opts[0] in ("--format", "--lang", "--fail-on", "--junit-cases", "--engine"):
                continue  # a choice: its values are listed, <da|en>
            assert param.metavar, f"{name} {param.opts}: no placeholder"
            assert param.metavar.upper() == param.metavar, f"{name} {param.opts}: {param.metavar}"


def test_the_english_run_keeps_rules_md_citations(run_cli) -> None:  # type: ignore[no-untyped-def]
    """--lang en shows the citation exactly as RULES.md has it; the Danish form is only Danish."""
    from conftest import RULES_MD

    md = RULES_MD.read_text("utf-8")
    rs = ruleset()
    forms = [c for r in rs.rules.values() for c in r.spec.citations if c.da]
    assert len(forms) >= 8
    for c in forms:
        assert c.text in md and c.da not in md
        assert not _danish_problems(c.da), c.da
    out = run_cli("explain", "VP207", "--lang", "en", code=0).out
    assert "report ch. 4" in out and "Ankestyrelsens rapport kap. 4" not in out
    out = run_cli("explain", "VP207", code=0).out
    assert "Ankestyrelsens rapport kap. 4" in out


def test_user_file_errors_are_danish(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from conftest import EXAMPLES

    monkeypatch.chdir(tmp_path)
    ok = str(EXAMPLES / "ok-dagpenge-4-uger.json")
    bad_waivers = {
        "w1.yaml": "waivers:\n  - rule: VP202\n    agreement: A\n    expires: snart\n    colour: red\n",
        "w2.yaml": "waivers:\n  - rule: VP202\n    agreement: A\n    reason: r\n    expires: 2099-02-30\n",
        "w3.yaml": "waivers: [unclosed\n",
        "w4.yaml": "waivers:\n  - just a string\n",
        "w5.yaml": "waivers:\n  - {rule: VP999, agreement: A, reason: r, expires: 2099-01-01}\n",
    }
    for name, text in bad_waivers.items():
        (tmp_path / name).write_text(text, "utf-8")
        err = run_cli("check", "--waivers", name, ok, code=2).err
        assert name in err
        _assert_danish(name, err)
    for i, text in enumerate(['colour = "red"\n', 'fail-on = "sometimes"\n', "fail-on = \n",
                              'rules = "not-a-list"\n', "strict-dates = 3\n"]):
        cfg = tmp_path / f"c{i}.toml"
        cfg.write_text(text, "utf-8")
        err = run_cli("check", "--config", str(cfg), ok, code=2).err
        assert cfg.name in err
        _assert_danish(cfg.name, err)
    csv_file = tmp_path / "x.csv"
    csv_file.write_text("aftale_id;maalgruppe\nA1;dagpenge\n", "utf-8")
    for i, text in enumerate(['[columns]\nSag = "no.such.field"\n', 'colour = "red"\n',
                              '[labels.farve]\nx = "y"\n', 'separator = "|"\n', "columns = 3\n",
                              "[columns\n"]):
        m = tmp_path / f"m{i}.toml"
        m.write_text(text, "utf-8")
        err = run_cli("audit", "--mapping", str(m), str(csv_file), code=2).err
        assert m.name in err
        _assert_danish(m.name, err)
    run_cli("check", "--waivers", "missing.yaml", ok, code=2)


def test_the_audit_console_and_report_are_danish(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import ROOT

    report = tmp_path / "r.html"
    res = run_cli("audit", "-q", "-j", "1", "--report", str(report), str(ROOT / "examples/exports/vitas-eksempel.csv"))
    assert "fejl" in res.out and " error " not in res.out and " warning " not in res.out
    _assert_danish("audit console", res.out)
    _assert_danish("audit report", _html_text(report.read_text("utf-8")))
    html, console = _all_rules_report("da")
    _assert_danish("report with every rule", html)
    _assert_danish("console with every rule", console)


def test_the_help_translation_never_touches_a_commands_own_output(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Only the framework's words while parsing are translated: data that happens to read
    like them («Usage: », «Error: ») reaches the output as written."""
    import json

    from conftest import agreement

    data = agreement({"id": "Usage: Error: x is not y.", "hours_per_week": 40})
    f = tmp_path / "a.json"
    f.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = run_cli("check", str(f), code=1).out
    assert "Usage: Error: x is not y." in out and "Brug:" not in out
    from praktiktjek.clitext import danish

    assert danish("Usage: praktiktjek check [OPTIONS] {STI}...") == "Brug: praktiktjek check [TILVALG] STI..."


def test_translation_stops_when_the_command_begins(capsys: pytest.CaptureFixture[str]) -> None:
    from praktiktjek import clitext

    with clitext.parsing():
        print("Usage: a")
        clitext.plain()
        print("Usage: b")
    print("Usage: c")
    assert capsys.readouterr().out == "Brug: a\nUsage: b\nUsage: c\n"


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=8)
    | st.dates().map(str),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["waiver", "config", "mapping"]),
       st.dictionaries(st.sampled_from(["rule", "agreement", "reason", "expires", "pointer", "columns",
                                        "labels", "separator", "encoding", "fail-on", "lang", "rules",
                                        "strict-dates", "list_separator", "colour"]),
                       _JSONISH, max_size=5))
def test_every_validation_error_becomes_a_danish_sentence(kind: str, data: dict) -> None:  # type: ignore[type-arg]
    """Whatever a user writes in a waiver, the configuration or a mapping, each problem is
    our own Danish sentence naming the key: pydantic's English never gets through."""
    from pydantic import ValidationError

    from praktiktjek.config import Config
    from praktiktjek.readers.csvfile import MappingFile
    from praktiktjek.usererrors import sentence
    from praktiktjek.waivers import WaiverEntry

    model = {"waiver": WaiverEntry, "config": Config, "mapping": MappingFile}[kind]
    try:
        model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            text = sentence(err, known_keys=model.model_fields)
            # what the user wrote is quoted «…» as written (a key named «True» is theirs)
            assert not _danish_problems(re.sub(r"«[^»]*»", "«»", text)), text
            assert re.search(r"(feltet|nøglen|posten) «?|«", text), text


def test_a_line_that_is_not_utf8_is_worded_alike_by_check_and_both_audit_engines(tmp_path: Path) -> None:
    """One wording for one problem (review 5: audit said «(byte 11)», check «(byte 0xc0 ved
    byte 11)»), and its English form."""
    import subprocess
    import sys

    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"a":1}\n{"id":"\xc0x"}\n')
    cli = [sys.executable, "-m", "praktiktjek"]
    runs = [["check", str(bad), "-f", "json"], ["audit", str(bad), "-q", "-f", "jsonl"],
            ["audit", str(bad), "-q", "-f", "jsonl", "--engine", "python"]]
    for args in runs:
        out = subprocess.run([*cli, *args], capture_output=True, text=True).stdout
        assert "linjen er ikke gyldig UTF-8 (byte 0xc0 ved byte 7)" in out, args
    out = subprocess.run([*cli, *runs[1], "--lang", "en"], capture_output=True, text=True).stdout
    assert "the line is not valid UTF-8 (byte 0xc0 at byte 7)" in out


def test_a_number_is_never_shown_as_a_whole_number_it_is_not() -> None:
    """Review 6: «Der er 1 personer … må der højst være 1» — the load 38/37 = 1.027 was
    shown with one decimal and lost its ",0". Up to three decimals show that it is more."""
    from hypothesis import given
    from hypothesis import strategies as st

    from praktiktjek.engine import _num

    @given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
    def shown(x: float) -> None:
        s = _num(x, "da")
        if " · 10" in s:  # not 0, too small for nine decimals (review 21 cli, F1)
            assert 0 < abs(x) < 1e-9, (x, s)
            return
        if abs(x - round(x)) >= 1e-9:  # 1.0004 was shown «1» (leftovers)
            assert "," in s, (x, s)
        assert "." not in s and abs(float(s.replace(",", ".")) - x) <= 0.05 + 1e-9

    shown()
    # its own digits: no rounding that carries (review 21 cli, F1: «1,03» showed a 3 it does not have)
    assert _num(38 / 37, "da") == "1,027" and _num(1.0499999999999998, "da") == "1,05"
    assert _num(16.45, "en") == "16.4" and _num(3.0, "da") == "3"


# --------------------------------------------------------------------------- notices in the run's language

#: Danish a reader of an English run must not meet on stderr (paths here are ASCII)
DANISH_WORDS = re.compile(r"[æøåÆØÅ]|\b(ikke|og|er|filen|bruger|række|rækker|gang|kolonne|regler|uden|"
                          r"opsummeringen|skrives|mappe|mappen|afbrudt|stoppet|uddata|læst|læses|kontrolleres)\b")
#: English of our own notices a reader of a Danish run must not meet
ENGLISH_WORDS = re.compile(r"\b(using|given|the file|not checked|read as|rules without|the summary|"
                           r"interrupted|stopped|internal error|is a folder|output)\b")


def _notice_runs(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: list[str]):  # type: ignore[no-untyped-def]
    """Every command path that prints a notice on stderr: (what, stderr, the notice's
    marker in Danish, in English)."""
    import signal

    from conftest import EXAMPLES, ROOT

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    ok = work / "a.json"
    ok.write_bytes((EXAMPLES / "ok-dagpenge-4-uger.json").read_bytes())
    csv_data = (ROOT / "examples/exports/vitas-eksempel.csv").read_bytes()
    lines = csv_data.split(b"\n")
    i = next(n for n, line in enumerate(lines) if "Ærø".encode() in line)
    lines[i] = lines[i].decode("utf-8").encode("cp1252")
    (work / "x.csv").write_bytes(b"\n".join(lines))
    (work / "few.csv").write_text(csv_data.decode("utf-8").replace("Timer pr. uge", "Timer i alt"), "utf-8")
    runs = []

    def add(what: str, da: str, en: str, *args: str, env: dict[str, str] | None = None) -> None:
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        res = run_cli(*args, *lang)
        for k in env or {}:
            monkeypatch.delenv(k)
        runs.append((what, res.err, da, en))

    add("twice", "mere end én gang", "more than once", "check", "a.json", "a.json")
    # a row of x.csv that is not UTF-8 is VP000 on stdout now (review 11, finding 15)
    add("cp1252 (check)", "", "", "check", "x.csv")
    for engine in ("duckdb", "python"):
        add(f"cp1252 (audit {engine})", "", "", "audit", "-q", "--engine", engine, "x.csv")
    add("not checked", "ikke kontrolleret", "not checked", "check", "few.csv")
    add("sarif cap", "udeladt", "left out", "check", "-f", "sarif", "--sarif-max-results", "1", "x.csv")
    (work / "trin").mkdir()
    add("step summary", "opsummeringen skrives ikke", "the summary is not written",
        "check", "-f", "github", "a.json", env={"GITHUB_STEP_SUMMARY": str(work / "trin")})
    import praktiktjek.batch as batch

    real = batch.sql_coverage
    monkeypatch.setattr(batch, "sql_coverage", lambda engine: (real(engine)[0], ["VP202"]))
    add("in python", "kontrolleres i Python", "checked in Python", "audit", "--engine", "duckdb", "x.csv")
    monkeypatch.setattr(batch, "sql_coverage", real)
    (work / "praktiktjek-waivers.yaml").write_text(
        "waivers:\n  - rule: VP202\n    agreement: A\n    reason: r\n    expires: 2099-01-01\n", "utf-8")
    add("waivers found", "bruger dispensationerne", "using the waivers", "check", "a.json")
    (work / "praktiktjek.toml").write_text('fail-on = "error"\n', "utf-8")
    add("config found", "bruger konfigurationen", "using the configuration", "check", "a.json")

    class _Kill(io.StringIO):
        def write(self, s: str) -> int:
            import os

            n = super().write(s)
            os.kill(os.getpid(), signal.SIGTERM)
            return n

        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdout", _Kill())
    add("stopped", "stoppet (SIGTERM)", "stopped (SIGTERM)", "check", "-f", "json", "a.json")
    monkeypatch.undo()
    return runs



def test_every_notice_of_an_english_run_is_english(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """--lang en: «er angivet mere end én gang» and the Windows-1252 note stayed Danish."""
    runs = _notice_runs(run_cli, tmp_path, monkeypatch, ["--lang", "en"])
    assert len(runs) >= 11
    for what, err, _da, en in runs:
        assert en in err, (what, err)
        assert not DANISH_WORDS.search(err), (what, DANISH_WORDS.findall(err), err)


def test_every_notice_of_a_danish_run_is_danish(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    runs = _notice_runs(run_cli, tmp_path, monkeypatch, [])
    for what, err, da, _en in runs:
        assert da in err, (what, err)
        _assert_danish(what, err)
        assert not ENGLISH_WORDS.search(err), (what, ENGLISH_WORDS.findall(err), err)


def test_the_language_of_a_run_is_not_the_next_runs(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import EXAMPLES

    ok = str(EXAMPLES / "ok-dagpenge-4-uger.json")
    assert "more than once" in run_cli("check", "--lang", "en", ok, ok).err
    assert "mere end én gang" in run_cli("check", ok, ok).err


def test_the_commands_own_usage_errors_follow_lang(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The usage errors a command raises itself carry their English form (--lang en);
    Danish stays the default."""
    from conftest import EXAMPLES

    ok = str(EXAMPLES / "ok-dagpenge-4-uger.json")
    (tmp_path / "empty").mkdir()
    cases = [
        (["check", ok, "--disable", "VP999"], "ukendt regel", "unknown rule"),
        (["check", ok, "--disable", "VP000"], "kan ikke slås fra", "cannot be turned off"),
        (["check", ok, "-o", "xml=x"], "skriv FORMAT=STI", "write FORMAT=PATH"),
        (["check", str(tmp_path / "nope.json")], "filen eller mappen findes ikke", "no such file or folder"),
        (["audit", str(tmp_path / "empty")], "ingen aftaler at kontrollere", "no agreements to check"),
        (["explain", "VP999"], "ukendt regel", "unknown rule"),
        (["explain", "VP202", "--date", "2021-02-30"], "er ikke en dato", "is not a date"),
    ]
    for args, da, en in cases:
        err = run_cli(*args, code=2).err
        assert da in err, (args, err)
        _assert_danish(str(args), err)
        err = run_cli(*args, "--lang", "en", code=2).err
        assert en in err, (args, err)
        assert not DANISH_WORDS.search(err.replace(str(tmp_path), "")), (args, err)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("group", sorted(__import__("praktiktjek.model", fromlist=["x"]).TARGET_GROUPS))
def test_a_message_names_every_target_group_in_words_never_by_its_code(group: str, lang: str) -> None:
    """Review 9, finding 10: an availability test for a group the pack does not cover read
    «… ikke over for other» / «… selvforsoergelses_hjemrejse_overgangsydelse» in a Danish
    run. Every known group is named in words, in both languages, by {group} and {group_plural}."""
    from conftest import agreement, check_data
    from praktiktjek.engine import Engine
    from praktiktjek.labels import GROUP_PLURALS
    from praktiktjek.model import TARGET_GROUPS

    assert group in GROUP_PLURALS  # a new group needs its plural here
    if group == "dagpenge":  # the one group an availability test is lawful for
        return
    i = 0 if lang == "da" else 1
    pack = ruleset().target_groups.get(group)
    words = {TARGET_GROUPS[group][i], GROUP_PLURALS[group][i]}
    if pack is not None:
        words |= {pack.label.get(lang), pack.plural.get(lang)}
    patch = {"target_group": group, "purpose": {"categories": ["availability_test"]},
             "availability_test": {"justification": "Tvivl om rådighed"}}
    (r,) = check_data(agreement(patch), Engine(ruleset(), lang=lang))
    messages = [f.message for f in r.findings if f.rule in ("VP601", "VP001")]
    assert messages
    for m in messages:
        assert any(w in m for w in words), m
        assert "_" not in m and ("other" not in m or lang == "en")


@pytest.mark.parametrize("n", [0, 1, 2])
def test_the_summary_line_counts_in_correct_danish_and_english(n: int) -> None:
    """«1 aftale(r) kontrolleret … 0 advarsel(er)» read like a form letter: each count
    agrees with its noun, in both languages (and in the audit console)."""
    from praktiktjek.reporters.text import summary_line
    from praktiktjek.results import Summary

    s = Summary()
    s.records, s.warning, s.error = n, n, n
    da, en = summary_line(s, "da"), summary_line(s, "en")
    assert "(r)" not in da and "(er)" not in da and "(s)" not in en
    assert (f"{n} aftale " if n == 1 else f"{n} aftaler ") in da
    assert (f"{n} advarsel," if n == 1 else f"{n} advarsler,") in da
    assert (f"{n} agreement " if n == 1 else f"{n} agreements ") in en
    assert (f"{n} error," if n == 1 else f"{n} errors,") in en


#: Danish-only words of our usage errors (beside æ, ø, å), as DANISH_WORDS, and more
_DANISH_ERROR_WORDS = re.compile(r"[æøåÆØÅ]|\b(ikke|og|er|en|et|den|det|der|har|skal|kan|filen|nøglen|feltet|"
                                 r"kolonne|linje|mappe|gyldig|læse|læses|peger|ukendt|mente|fylder|byte og)\b")


def _usage_error_cases(tmp: Path) -> list[tuple[str, list[str]]]:
    """(what, arguments) of each usage error a file the user writes can give: the
    configuration, the column mapping, the waivers, and the reader's limits."""
    from conftest import EXAMPLES

    ok = str(EXAMPLES / "ok-dagpenge-4-uger.json")

    def put(name: str, data: str | bytes) -> str:
        p = tmp / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return str(p)

    (tmp / "folder.toml").mkdir(exist_ok=True)
    return [
        ("config not TOML", ["check", ok, "--config", put("c1.toml", "x = \n")]),
        ("config no section", ["check", ok, "--config", put("p/pyproject.toml", "[project]\nname = 'x'\n")]),
        ("config unknown key", ["check", ok, "--config", put("c2.toml", "fail_onn = 'error'\n")]),
        ("config wrong value", ["check", ok, "--config", put("c3.toml", "fail-on = 3\n")]),
        ("config not UTF-8", ["check", ok, "--config", put("c4.toml", b"x = '\xff'\n")]),
        ("config too large", ["check", ok, "--config", put("c5.toml", b"#" * (8 * 1024 * 1024 + 1))]),
        ("config a folder", ["check", ok, "--config", str(tmp / "folder.toml")]),
        ("mapping not YAML", ["check", ok, "--mapping", put("m1.yaml", "columns: [\n")]),
        ("mapping key twice", ["check", ok, "--mapping", put("m2.yaml", "separator: ';'\nseparator: ','\n")]),
        ("mapping bad date", ["check", ok, "--mapping", put("m3.yaml", "columns:\n  a: 2021-02-30\n")]),
        ("mapping not a table", ["check", ok, "--mapping", put("m4.yaml", "- a\n")]),
        ("mapping unknown field", ["check", ok, "--mapping", put("m5.yaml", "columns:\n  a: startt\n")]),
        ("mapping unknown key", ["check", ok, "--mapping", put("m6.yaml", "colums: {}\n")]),
        ("mapping not UTF-8", ["check", ok, "--mapping", put("m7.yaml", b"columns: {a: '\xff'}\n")]),
        ("mapping not TOML", ["check", ok, "--mapping", put("m8.toml", "columns = \n")]),
        ("mapping bad separator", ["audit", ok, "--mapping", put("m9.yaml", "separator: '|'\n")]),
        ("waiver blank reason", ["check", ok, "--waivers", put("w1.yaml", "- {rule: VP202, agreement: x, "
                                                             "reason: '   ', by: a, expires: 2030-01-01}\n")]),
        ("waiver bad date", ["check", ok, "--waivers", put("w2.yaml", "- {rule: VP202, expires: 2030-02-30}\n")]),
        ("waivers a folder", ["check", ok, "--waivers", str(tmp / "folder.toml")]),
    ]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_usage_error_from_a_users_file_follows_lang(run_cli, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The configuration's, the column mapping's and the reader limits' usage errors
    were Danish under --lang en: each has its English form, and a Danish run is Danish."""
    for what, args in _usage_error_cases(tmp_path):
        got = run_cli(*args, "--lang", lang, code=2)
        err = got.err.replace(str(tmp_path), "TMP")
        assert err.startswith("praktiktjek: "), (what, err)
        if lang == "en":
            assert not _DANISH_ERROR_WORDS.search(err), (what, _DANISH_ERROR_WORDS.findall(err), err)
        else:
            assert re.search(r"[æøå]|\b(ikke|er|skal|kan|ingen)\b", err), (what, err)
            assert not ENGLISH_WORDS.search(err) and "Input should" not in err, (what, err)


def test_a_config_anyone_may_change_is_refused_in_the_runs_language(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import EXAMPLES

    (tmp_path / ".git").mkdir()
    cfg = tmp_path / "praktiktjek.toml"
    cfg.write_text("fail-on = 'error'\n", "utf-8")
    cfg.chmod(0o666)
    monkeypatch.chdir(tmp_path)
    ok = str(EXAMPLES / "ok-dagpenge-4-uger.json")
    assert "kan ændres af alle" in run_cli("check", ok, code=2).err
    err = run_cli("check", ok, "--lang", "en", code=2).err.replace(str(tmp_path), "TMP")
    assert "can be changed by anyone" in err and not _DANISH_ERROR_WORDS.search(err), err


def test_every_usage_error_raised_has_an_english_form() -> None:
    """By cause: a PraktiktjekError (or RulePackError) raised without its English form
    shows Danish under --lang en. Every one raised in src/ carries ``en=`` (or is
    re-raised whole), and no English form is built from a Danish-only helper."""
    import ast

    from conftest import ROOT

    missing, danish_parts = [], []
    for path in sorted((ROOT / "src" / "praktiktjek").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name not in ("PraktiktjekError", "RulePackError"):
                continue
            en = [k.value for k in node.keywords if k.arg == "en"] or node.args[1:2]
            if not en:
                missing.append(f"{path.name}:{node.lineno}")
            elif any(w in ast.unparse(en[0]) for w in ("why(", "os_reason(", "sentence(", "problem(", "{exc}")):
                danish_parts.append(f"{path.name}:{node.lineno}")
    assert not missing, missing
    assert not danish_parts, danish_parts
