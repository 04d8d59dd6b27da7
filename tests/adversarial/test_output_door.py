"""Cause 1 of issue #9, the output door: every text on its way to any output is cleaned
(control characters, ANSI/OSC, C1, lone surrogates), then CPR-masked in every
recognised spelling, then escaped for its format; a cut comes after masking. The
property test puts a CPR number in a random spelling, mixed with control characters,
markup and escapes, into a random place (a field, a file name, a waiver, a rule pack,
a column mapping, an argument) and reads every output: stdout, stderr and every file
format of check and audit."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, examples
from praktiktjek.door import clean, cut, text
from praktiktjek.privacy import mask_cpr

# --------------------------------------------------------------------------- units

JUNK = ["\x07", "\x00", "\x1b[0m", "\x1b[31m", "\x9b", "\x9b2J", "\x1b]0;t\x07", "\x1b]8;;http://x\x1b\\",
        "\u200b", "\u202e", "\ufeff", "\x85", "\r", "\t", "\u2028", "\ud800", "\udcff"]


@pytest.mark.parametrize("junk", JUNK)
def test_clean_removes_what_could_rewrite_a_terminal_or_break_an_encoder(junk: str) -> None:
    got = clean(f"a{junk}b")
    assert all(c.isprintable() or c == " " for c in got), repr(got)
    got.encode("utf-8")  # no lone surrogate survives
    assert got.startswith("a") and got.endswith("b")


@pytest.mark.parametrize("junk", ["\x07", "\x00", "\x1b[0m", "\x9b", "\u200b", "\ufeff", "\x1b]0;x\x07"])
def test_cleaning_comes_before_masking(junk: str) -> None:
    assert text(f"230487{junk}1357") == "230487-****"


SPELLINGS = ["2304871357", "230487-1357", "230487 1357", "230487/1357", "230487.1357", "230487–1357",
             "230487—1357", "230487 - 1357", "23.04.87-1357", "23-04-87-1357", "23 04 87 1357",
             "23/04/87 1357", "２３０４８７１３５７", "290200-1111"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_recognised_spelling_is_masked(spelling: str) -> None:
    got = mask_cpr(f"borger {spelling}.")
    assert got.endswith("-****."), got
    assert not re.search(r"\d{4}\.$", got)


@pytest.mark.parametrize("other", ["35954716", "3213901234", "3102901234", "12345678901", "2021-03-01",
                                   "01-03-2021", "aftale AAL-2021-000042"])
def test_what_is_no_cpr_number_is_left_alone(other: str) -> None:
    assert mask_cpr(other) == other


def test_a_cut_never_leaves_part_of_a_cpr_number() -> None:
    value = "x" * 35 + "2304871357 og mere tekst"
    assert "2304871357" in cut(value, 40)  # the cut moved past it: masking still sees all of it
    assert mask_cpr(cut(value, 40)).count("****") == 1


# --------------------------------------------------------------------------- end to end

CPR = "2304871357"


def _leaks(output: str) -> bool:
    """The ten digits, in order, with anything but letters, digits or '*' between them."""
    pattern = r"[^\w*]{0,8}".join(CPR)
    return re.search(pattern, output) is not None


def _spell(style: int, junk: str) -> str:
    """A spelling of the number; junk *inside* the date part only when it is invisible
    (removed by cleaning): visible characters between its digits make another text."""
    d, s = "230487", "1357"
    inner = junk if clean(junk) == "" else ""
    forms = [d + junk + s, f"{d}{junk}-{s}", f"{d} {junk}{s}", f"23.04.87{junk}-{s}", f"{d}/{s}",
             f"{d}–{junk}{s}", f"2{inner}30487 {s}"]
    return forms[style % len(forms)]


PLACES = ["id", "citizen", "title", "description", "hours", "municipality", "sector", "target_group",
          "dupkey", "filename", "waiver", "pack", "mapping", "argument"]


def _write_inputs(tmp: Path, place: str, value: str) -> tuple[list[str], list[str]]:
    """The inputs, with the value in one place; returns (check args, audit args)."""
    inp = tmp / "in"
    inp.mkdir()
    patch: dict[str, object] = {"end": "2021-05-01", "position": {"title": "Lager", "functions": ["lager"]}}
    if place == "id":
        patch["id"] = value
    elif place == "citizen":
        patch["citizen"] = {"id": value}
    elif place == "title":
        patch["position"] = {"title": value, "functions": [value]}
    elif place == "description":
        patch["purpose"] = {"description": f"Borgeren {value} skal afklares i lager i fire uger nu."}
    elif place == "hours":
        patch["hours_per_week"] = value
    elif place == "municipality":
        patch["municipality"] = value
    elif place == "sector":
        patch["company"] = {"sector": value}
    elif place == "target_group":
        patch["target_group"] = value
    doc = json.dumps(agreement(patch))  # a lone surrogate as a \\ud800 escape
    if place == "dupkey":
        doc = doc[:-1] + f', {json.dumps(value)}: 1, {json.dumps(value)}: 2}}'
    name = "aftale.json"
    if place == "filename":
        # a lone surrogate in a name is a byte that is not UTF-8 (0xff)
        name = re.sub(r"[/\x00]", "", value).replace("\ud800", "\udcff") + ".json"
    (inp / name).write_text(doc, "utf-8")
    extra: list[str] = []
    if place == "waiver":
        w = tmp / "waivers.yaml"
        w.write_text(json.dumps({"waivers": [{"rule": "VP105", "agreement": "*", "reason": value,
                                              "approved_by": value, "expires": "2999-01-01"}]}), "utf-8")
        extra += ["--waivers", str(w)]
    if place == "pack":
        pack = tmp / "pack.yaml"
        pack.write_text(json.dumps({
            "pack": {"name": "lokal", "prefix": "KK", "title": {"da": value, "en": value}},
            "rules": [{"id": "KK001", "severity": "error", "title": {"da": value, "en": value},
                       "message": {"da": f"{value} {{cvr}}", "en": value}, "fix": {"da": value, "en": value},
                       "confidence": {"level": "practice", "note": value}, "check": "company_cvr_in",
                       "params": {"cvrs": ["35954716"]}, "rationale": {"da": value, "en": value}}]}), "utf-8")
        extra += ["--rules", str(pack)]
    if place == "argument":
        extra += ["--disable", value]
    audit_extra = list(extra)
    if place == "mapping":
        m = tmp / "mapping.yaml"
        m.write_text(json.dumps({"columns": {value: "municipality", "aftale_id": "id"}}), "utf-8")
        audit_extra += ["--mapping", str(m)]
    return extra, audit_extra


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES), style=st.integers(0, 20),
       junk=st.sampled_from(["", "\x07", "\x00", "\x1b[0m", "\x9b", "\ud800", "[/]", "[bold]", "\u200b"]),
       wrap=st.sampled_from(["{}", "[red]{}[/red]", "<b>{}</b>", "={}", "%0A{}", "\\u0007{}", "{}\n\x1b]0;x\x07"]))
def test_no_output_anywhere_holds_the_digits(run_cli, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
                                             place: str, style: int, junk: str, wrap: str) -> None:
    tmp = tmp_path_factory.mktemp("door")
    value = wrap.format(_spell(style, junk))
    check_extra, audit_extra = _write_inputs(tmp, place, value)
    out = tmp / "out"
    out.mkdir()
    seen: list[str] = []
    outputs = [f"{f}={out / ('c.' + f)}" for f in ("json", "sarif", "junit", "github", "text")]
    res = run_cli("check", *check_extra, *[a for o in outputs for a in ("-o", o)], str(tmp / "in"))
    assert "intern fejl" not in res.err and "Traceback" not in res.err, res.err
    seen += [res.out, res.err]
    for fmt in ("text", "json", "jsonl"):
        res = run_cli("audit", "-q", "-j", "1", "-f", fmt, *[a for a in audit_extra if a != "--waivers"],
                      "--findings", str(out / f"f-{fmt}.csv"), "--report", str(out / f"r-{fmt}.html"),
                      str(tmp / "in"))
        assert "intern fejl" not in res.err and "Traceback" not in res.err, res.err
        seen += [res.out, res.err]
    res = run_cli("audit", "-q", "-j", "1", "--findings", str(out / "f.jsonl"), str(tmp / "in"))
    seen += [res.out, res.err]
    for f in out.iterdir():
        seen.append(f.read_text("utf-8-sig", errors="replace"))
    if place == "pack":
        for cmd in (("rules",), ("explain", "KK001")):
            res = run_cli(*cmd, "--rules", check_extra[-1])
            seen += [res.out, res.err]
    for s in seen:
        assert not _leaks(s), s[:3000]


@pytest.mark.parametrize("argv", [("check", "--format", "230487\x071357", "{f}"), ("explain", "230487 1357"),
                                  ("check", "--disable", "23.04.87-1357", "{f}"),
                                  ("audit", "--mapping", "/nope/2304871357.toml", "{f}"),
                                  ("check", "{f}", "/nope/230487_1357.json")])
def test_arguments_echoed_on_stderr_are_masked(run_cli, tmp_path: Path, argv: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "a.json"
    f.write_text(json.dumps(agreement()), "utf-8")
    res = run_cli(*[a.replace("{f}", str(f)) for a in argv], code=2)
    assert not _leaks(res.err) and "230487-****" in res.err, res.err
    assert "b''" not in res.err and not res.err.startswith("b")  # stderr stays a text stream for click


def test_a_cpr_number_in_a_packs_example_is_masked_in_explain(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "p.yaml"
    pack.write_text(json.dumps({
        "pack": {"name": "lokal", "prefix": "KK", "title": {"da": "x", "en": "x"}},
        "rules": [{"id": "KK001", "severity": "error", "title": {"da": "t", "en": "t"},
                   "message": {"da": "m {cvr}", "en": "m"}, "fix": {"da": "f", "en": "f"},
                   "confidence": {"level": "practice"}, "check": "company_cvr_in",
                   "params": {"cvrs": ["35954716"]}, "rationale": {"da": "r", "en": "r"},
                   "examples": {"pass": [{"description": "230487 1357", "patch": {"citizen": {"id": "2304871357"}}}],
                                "fail": [{"description": "d", "patch": {"company": {"p_number": "1012345678"}}}]}}]}),
        "utf-8")
    out = run_cli("explain", "KK001", "--rules", str(pack)).out
    assert not _leaks(out) and "230487-****" in out
    assert "1012345678" in out  # a P-number in an example stays as it is


# --------------------------------------------------------------------------- review 9 variants

def _finding_doc() -> str:
    return json.dumps(agreement({"end": "2021-05-01", "position": {"title": "Lager", "functions": ["lager"]}}))


def _uris(doc: dict[str, object]) -> list[str]:
    out: list[str] = []

    def walk(v: object) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                if k == "uri" and isinstance(x, str):
                    out.append(x)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(doc)
    return out


@pytest.mark.parametrize("where", ["between root and cwd", "root itself"])
def test_sarif_masks_a_cpr_number_in_every_folder_of_a_path(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    if where == "between root and cwd":
        (tmp_path / "repo" / ".git").mkdir(parents=True)
        cwd = tmp_path / "repo" / "230487-1357" / "sub"
    else:
        cwd = tmp_path / "230487-1357"
    cwd.mkdir(parents=True)
    (cwd / "a.json").write_text(_finding_doc(), "utf-8")
    monkeypatch.chdir(cwd)
    res = run_cli("check", "a.json", "-f", "sarif", code=1)
    doc = json.loads(res.out)
    uris = _uris(doc)
    assert len(uris) >= 2  # the result's file and %SRCROOT%
    assert not _leaks(res.out) and not any(_leaks(unquote(u)) for u in uris), uris
    assert any("230487-" in unquote(u) for u in uris)  # masked, not dropped
    res = run_cli("check", "a.json", "-f", "sarif", "--show-cpr", code=1)
    assert any("230487-1357" in unquote(u) for u in _uris(json.loads(res.out)))


def test_sarif_keeps_the_raw_byte_of_a_name_that_is_not_utf8(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / os.fsdecode(b"x\xff.json")).write_text(_finding_doc(), "utf-8")
    monkeypatch.chdir(tmp_path / "in")
    out = tmp_path / "o.sarif"
    res = run_cli("check", ".", "-f", "sarif", "-o", f"sarif={out}", code=1)
    assert "intern fejl" not in res.err
    for written in (res.out, out.read_text("utf-8")):
        doc = json.loads(written)
        assert "x%FF.json" in _uris(doc)
        assert unquote_to_bytes("x%FF.json") == b"x\xff.json"


def test_control_characters_in_a_file_name_are_escaped_in_annotations_and_in_findings(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "e\x1b]0;T\x07\x1b[31mx.json").write_text(_finding_doc(), "utf-8")
    (folder / "n\nl.json").write_text(_finding_doc(), "utf-8")
    res = run_cli("check", str(folder), "-f", "github", code=1)
    files = re.findall(r"file=([^,]*)", res.out)
    # escaped, never dropped: «ex.json» would be another file's name (review 13, finding 4)
    assert sorted(f.rsplit("/", 1)[-1] for f in files) == ["e\\x1b]0;T\\x07\\x1b[31mx.json",
                                                           "n%0Al.json"]  # newline still %0A
    assert "\x1b" not in res.out and "\x07" not in res.out
    found = tmp_path / "f.csv"
    run_cli("audit", "-q", "-j", "1", "--findings", str(found), str(folder), code=1)
    text = found.read_text("utf-8-sig")
    # the findings file escapes them as the annotation does: «ex.json» is another file
    assert "\x1b" not in text and "\x07" not in text and "/ex.json" not in text
    assert "e\\x1b]0;T\\x07\\x1b[31mx.json" in text and '"' + str(folder / "n\nl.json") + '"' in text


@given(name=st.binary(min_size=1, max_size=40).filter(lambda b: b"\x00" not in b))
def test_a_uri_keeps_the_raw_bytes_of_any_name_and_never_the_digits(name: bytes) -> None:
    from praktiktjek.reporters.common import uri_path

    path = os.fsdecode(name)
    uri = uri_path(path, mask_cpr)
    assert uri.isascii() and not _leaks(unquote(uri, errors="replace"))
    bare = "".join(ch if ch.isprintable() else " " for ch in path)
    if mask_cpr(clean(path)) == clean(path) and mask_cpr(bare) == bare:
        # no CPR number in either reading (cleaned, or control characters as separators):
        # the name exactly as it is
        assert unquote_to_bytes(uri) == name
    planted = uri_path(path + "/230487-1357/" + path, mask_cpr)
    assert not _leaks(unquote(planted, errors="replace"))
    hidden = uri_path("\x1b]/230487-1357/\x1b]" + path, mask_cpr)  # digits inside an escape sequence
    assert not _leaks(unquote(hidden, errors="replace"))
