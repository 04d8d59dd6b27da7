"""What a user is told about a broken rule pack, mapping file or waiver file, and how
SARIF names standard input (review 16 F2, F4, F5, F7; review 14b F5, F6).

Each test is by cause: the message must say the true reason, quote what the file
holds as the file writes it, and name the file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT, agreement, ruleset
from test_gate import validate_sarif

EXPORT = str(ROOT / "examples" / "exports" / "vitas-eksempel.csv")
PACK = ROOT / "rules" / "local" / "example-kommune.yaml"
#: every spelling PyYAML's YAML 1.1 resolver reads as true or false
BOOLS = [w for b in ("yes", "no", "true", "false", "on", "off") for w in (b, b.capitalize(), b.upper())]
#: the classic «billion laughs»: 9 levels of 9 aliases each; the limit is passed at line 6
BOMB = "".join(
    f"{c}: &{c} [{','.join([f'*{p}'] * 9) if p else ','.join(['x'] * 9)}]\n"
    for p, c in zip(["", *"abcdefgh"], "abcdefghi", strict=True))


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps(agreement({"id": "AAL-2021-7", "end": "2021-04-11"}), indent=2),
                                     "utf-8")
    return tmp_path


def _lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line]


# --------------------------------------------------------------------------- review 16, F2


@pytest.mark.parametrize("option", ["--rules", "--waivers", "--mapping"])
def test_an_alias_bomb_is_named_as_such_with_the_line_where_the_limit_was_passed(
        run_cli, work: Path, option: str) -> None:  # type: ignore[no-untyped-def]
    """Valid YAML, refused for its alias expansion: not «ikke gyldig YAML (linje 1, kolonne 1)»."""
    (work / "bomb.yaml").write_text(BOMB, "utf-8")
    err = run_cli("check", option, "bomb.yaml", "a.json", code=2).err
    assert "for mange aliasser (&, *): i linje 6" in err and "bomb.yaml:6:" in err
    assert "gyldig YAML" not in err and "linje 1, kolonne 1" not in err
    en = run_cli("check", "--lang", "en", option, "bomb.yaml", "a.json", code=2).err
    assert "too many aliases (&, *): at line 6" in en and "alias-bombe" not in en


def test_a_single_alias_is_still_accepted(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    (work / "w.yaml").write_text("waivers:\n  - &w {rule: VP202, agreement: AAL-*, reason: sag 1, expires: 2099-12-31}\n"
                                 "  - *w\n", "utf-8")
    run_cli("check", "--waivers", "w.yaml", "a.json", code=0)


def _pack_with_severity(word: str) -> str:
    text = PACK.read_text("utf-8")
    assert "    severity: error\n" in text
    return text.replace("    severity: error\n", f"    severity: {word}\n", 1)


@settings(max_examples=18, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(BOOLS))
def test_any_yaml_boolean_spelling_is_quoted_back_as_written(tmp_path: Path, word: str) -> None:
    """`severity: off`, `reason: yes`, a label sent to `On`: YAML 1.1 reads them as
    true/false; the message quotes what the user wrote (never «false» for «off»)."""
    from praktiktjek.engine import Engine
    from praktiktjek.errors import PraktiktjekError, RulePackError
    from praktiktjek.readers.csvfile import load_mapping
    from praktiktjek.rulepack import load_rules
    from praktiktjek.waivers import load_waivers

    pack = tmp_path / "p.yaml"
    pack.write_text(_pack_with_severity(word), "utf-8")
    with pytest.raises(RulePackError) as got:
        load_rules([pack])
    assert f"feltet «severity» skal være «error», «warning» eller «info» (står «{word}»)" in str(got.value)

    w = tmp_path / "w.yaml"
    w.write_text(f"- rule: VP202\n  agreement: AAL-*\n  reason: {word}\n  expires: 2099-12-31\n", "utf-8")
    with pytest.raises(PraktiktjekError) as got:
        load_waivers(w, Engine(ruleset()))
    assert f"feltet «reason» skal være en tekst (står «{word}»)" in str(got.value)

    m = tmp_path / "m.yaml"
    m.write_text(f"labels:\n  sector:\n    offentligt: {word}\n", "utf-8")
    with pytest.raises(PraktiktjekError) as got:
        load_mapping(m)
    assert f"labels.sector.offentligt: «{word}» er ikke en kode" in str(got.value)


def test_a_missing_date_written_null_or_tilde_is_quoted_as_written(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    for word in ("null", "~"):
        (work / "w.yaml").write_text(f"- {{rule: VP202, agreement: AAL-*, reason: sag 1, expires: {word}}}\n", "utf-8")
        err = run_cli("check", "--waivers", "w.yaml", "a.json", code=2).err
        assert f"feltet «expires» skal være en dato skrevet ÅÅÅÅ-MM-DD (står «{word}»)" in err


def test_the_same_pack_given_twice_is_loaded_once_and_said(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    (work / "a.yaml").write_text(PACK.read_text("utf-8"), "utf-8")
    once = run_cli("rules", "-f", "json", "--rules", "a.yaml", code=0)
    res = run_cli("rules", "-f", "json", "--rules", "a.yaml", "--rules", str(work / "a.yaml"), code=0)
    assert res.json() == once.json()
    assert "regelpakken er angivet mere end én gang; den indlæses kun én gang" in res.err
    assert "allerede defineret" not in res.err
    en = run_cli("check", "--lang", "en", "--rules", "a.yaml", "--rules", "./a.yaml", "a.json", code=1).err
    assert "the rule pack is given more than once; it is loaded once" in en
    national = run_cli("rules", "--rules", str(ROOT / "rules" / "national"), code=0).err
    assert "er den nationale regelpakke, som altid indlæses" in national


# --------------------------------------------------------------------------- review 16, F4


def test_a_wrong_label_kind_is_one_message_without_code_words(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "l3.yaml"
    m.write_text("labels:\n  start:\n    i går: 2021-01-01\n", "utf-8")
    lines = _lines(run_cli("check", "--mapping", str(m), EXPORT, code=2).err)
    assert len(lines) == 1, lines
    assert "nøglen «start» under «labels» skal være «target_group»" in lines[0]
    assert ".str" not in lines[0] and ".bool" not in lines[0]


@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_label_sent_to_an_unknown_code_is_a_usage_error_naming_file_and_key(
        run_cli, tmp_path: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "l1.yaml"
    m.write_text("labels:\n  target_group:\n    dagpengemodtager: kontanthjaelp_xx\n", "utf-8")
    res = run_cli(command, "--mapping", str(m), EXPORT, code=2)
    (line,) = _lines(res.err)
    assert line.startswith(f"praktiktjek: {m}: labels.target_group.dagpengemodtager: «kontanthjaelp_xx» "
                           "er ikke en kode for feltet «målgruppe»")
    assert "«dagpenge», «jobparat_kontanthjaelp»" in line and res.out == ""
    en = run_cli(command, "--lang", "en", "--mapping", str(m), EXPORT, code=2).err
    assert "labels.target_group.dagpengemodtager: «kontanthjaelp_xx» is not a code of the field «target group»" in en


@pytest.mark.parametrize(("table", "message"), [
    ("bool:\n    måske: maybe", "labels.bool.måske: skal være true eller false (står «maybe»)"),
    ("sector:\n    p: Private", "labels.sector.p: «Private» er ikke en kode for feltet «sektor» (mente du «private»?)"),
    ("purposes:\n    x: [skills_training]", "labels.purposes.x: skal være én kode for feltet «formål», ikke en liste"),
])
def test_each_label_value_is_checked_against_its_kind(run_cli, tmp_path: Path, table: str, message: str) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "m.yaml"
    m.write_text(f"labels:\n  {table}\n", "utf-8")
    assert message in run_cli("check", "--mapping", str(m), EXPORT, code=2).err


def test_labels_that_give_codes_still_read_the_export(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "m.yaml"
    m.write_text("labels:\n  target_group:\n    forsikret: dagpenge\n  bool:\n    jo: true\n", "utf-8")
    plain = run_cli("check", "-f", "json", EXPORT).json()["summary"]
    assert run_cli("check", "-f", "json", "--mapping", str(m), EXPORT).json()["summary"] == plain


# --------------------------------------------------------------------------- review 16, F5


@settings(max_examples=25, deadline=None)
@given(odd=st.characters(categories=["Cc", "Cf"]).filter(lambda c: c not in " "),
       where=st.sampled_from(["key", "value", "label"]))
def test_a_character_no_message_can_show_is_refused_and_written_escaped(odd: str, where: str) -> None:
    """A mapping header (or field, or label) holding a control or invisible character:
    the door removed it from the message, which then named a header the file does not
    have. Refused, the character written as an escape, never dropped."""
    import tempfile

    from praktiktjek import door
    from praktiktjek.errors import PraktiktjekError
    from praktiktjek.readers.csvfile import load_mapping

    if door.clean(f"a{odd}b") == f"a{odd}b":
        return  # a character the door keeps (none of Cc, a few of Cf): shown as it is
    text = {"key": f'columns:\n  "cpr{_yaml_escape(odd)}x": citizen.id\n',
            "value": f'columns:\n  cpr: "citizen.id{_yaml_escape(odd)}"\n',
            "label": f'labels:\n  sector:\n    "pri{_yaml_escape(odd)}vat": private\n'}[where]
    with tempfile.TemporaryDirectory() as d:
        m = Path(d) / "m.yaml"
        m.write_text(text, "utf-8")
        with pytest.raises(PraktiktjekError) as got:
            load_mapping(m)
    msg = str(got.value)
    escaped = door.shown_path(odd, door.NOT_SHOWN)
    assert escaped.startswith("\\") and escaped in msg and "indeholder tegn, der ikke kan vises" in msg
    assert door.clean(msg, keep_newlines=True) == msg  # nothing left for the door to remove
    assert escaped in (got.value.en or "")


def _yaml_escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def test_the_reviewers_escape_header_is_refused_on_the_command_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "l6.yaml"
    m.write_text('columns:\n  "cpr\\x1b[31m": citizen.id\n', "utf-8")
    res = run_cli("check", "--mapping", str(m), EXPORT, code=2)
    assert "columns: nøglen «cpr\\x1b[31m» indeholder tegn, der ikke kan vises (\\x1b)" in res.err
    assert "\x1b" not in res.err and res.out == ""


# --------------------------------------------------------------------------- review 16, F7


def _stdin_sarif(run_cli, data: bytes, code: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    doc = run_cli("check", "-f", "sarif", "-", stdin=data, code=code).json()
    validate_sarif(doc)
    return doc  # type: ignore[no-any-return]


def test_sarif_from_stdin_names_no_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    """Standard input is no file: no physicalLocation (SARIF 2.1.0 §3.28.3), never the
    relative URI «stdin» that code scanning resolves to a repository file of that name."""
    data = (EXAMPLES / "vp202-dagpenge-6-uger.json").read_bytes()
    doc = _stdin_sarif(run_cli, data, 1)
    (res,) = doc["runs"][0]["results"]
    (loc,) = res["locations"]
    assert "physicalLocation" not in loc
    assert loc["logicalLocations"][0]["fullyQualifiedName"].endswith("/end")
    assert loc["message"]["text"].startswith("<stdin>:")
    assert '"stdin"' not in json.dumps(doc)
    text = run_cli("check", "-", stdin=data, code=1).out
    assert loc["message"]["text"] in text  # the same «<stdin>:N» as the text report


def test_sarif_from_stdin_notes_rules_not_checked_without_a_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    rows = Path(EXPORT).read_text("utf-8").splitlines()
    header = rows[0].split(";")
    keep = [i for i, h in enumerate(header) if h != "forskel_fra_tidligere" and h != "efter_praktik"]
    data = "\n".join(";".join(r.split(";")[i] for i in keep) for r in rows[:3]).encode("utf-8")
    doc = _stdin_sarif(run_cli, data, 0)
    notes = doc["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])
    assert notes, "a CSV without a rule's column gives a note"
    for n in notes:
        (loc,) = n["locations"]
        assert loc == {"logicalLocations": [{"fullyQualifiedName": "<stdin>"}]}
    assert '"stdin"' not in json.dumps(doc)


# --------------------------------------------------------------------------- review 14b, F5, F6


def test_every_line_of_a_usage_error_has_the_prefix(run_cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    (work / "w.yaml").write_text("waivers:\n  - rule: VP202\n    agreement: '*'\n    reason: yes\n    expires: null\n",
                                 "utf-8")
    for lang in ("da", "en"):
        lines = _lines(run_cli("check", "--lang", lang, "--waivers", "w.yaml", "a.json", code=2).err)
        assert len(lines) == 2 and all(line.startswith("praktiktjek: w.yaml:2: ") for line in lines), lines


@pytest.mark.parametrize("value", ["2030", "2030-01-01T10:00:00", "'1. januar 2030'", "2030-13-01"])
def test_a_waiver_date_has_one_wording(run_cli, work: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    (work / "w.yaml").write_text(f"- {{rule: VP202, agreement: '*', reason: sag 1, expires: {value}}}\n", "utf-8")
    err = run_cli("check", "--waivers", "w.yaml", "a.json", code=2).err
    assert "skal være en dato skrevet ÅÅÅÅ-MM-DD" in err or "dato, der ikke findes" in err
    assert "uden klokkeslæt" not in err


@pytest.mark.parametrize(("key", "value", "message"), [
    ("agreement", "'[*'", "«agreement»: mønsteret «[*» har en «[» uden «]»"),
    ("agreement", "'AAL-[!]*'", "«agreement»: mønsteret «AAL-[!]*» har en «[» uden «]»"),
    ("agreement", "'AAL-[z-a]*'", "«agreement»: mønsteret «AAL-[z-a]*»: «[z-a]» passer på intet tegn"),
    ("file", "'aftaler/[2021/*.json'", "«file»: mønsteret «aftaler/[2021/*.json» har en «[» uden «]»"),
    ("pointer", "end", "«pointer»: feltstien skal begynde med «/», fx «/end» (står «end»)"),
])
def test_a_waiver_that_could_never_apply_is_refused_naming_file_entry_and_key(
        run_cli, work: Path, key: str, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    entry = {"rule": "VP202", "agreement": "'*'", "reason": "sag 1", "expires": "2099-12-31", key: value}
    (work / "w.yaml").write_text("waivers:\n  - " + "\n    ".join(f"{k}: {v}" for k, v in entry.items()) + "\n",
                                 "utf-8")
    err = run_cli("check", "--waivers", "w.yaml", "a.json", code=2).err
    assert err.startswith("praktiktjek: w.yaml:2: dispensation nr. 1 (regel VP202): ") and message in err
    en = run_cli("check", "--lang", "en", "--waivers", "w.yaml", "a.json", code=2).err
    assert en.startswith(f"praktiktjek: w.yaml:2: waiver no. 1 (rule VP202): {key}: ")


@pytest.mark.parametrize(("agreement", "pointer"), [("AAL-[0-9]*", "/end"), ("[[]x]*", None), ("AAL-2021-?", "")])
def test_working_globs_and_pointers_still_load(work: Path, agreement: str, pointer: str | None) -> None:
    from praktiktjek.waivers import WaiverEntry

    e = WaiverEntry.model_validate({"rule": "VP202", "agreement": agreement, "pointer": pointer,
                                    "reason": "sag 1", "expires": "2099-12-31"})
    assert e.agreement == agreement and e.pointer == pointer
