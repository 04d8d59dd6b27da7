"""Review 13, findings 3 and 4: how a file name is written in every output.

F3: distinct file names whose bytes are not UTF-8 (``eks\\xe6.csv``, ``eks\\xff.csv``,
``eks\\x80.csv``) were all written «eks\\uFFFD.csv», so an auditor could not tell which file
a finding belonged to. The one rendering (:func:`praktiktjek.door.shown_path`) now writes
such a byte as ``\\xNN`` (and then a backslash twice): lossless and unambiguous.

F4: a GitHub annotation's ``file=`` dropped an escape sequence, so ``a\\xff\\x1b[31m.json``
was written as another file's name; it is now escaped like every other format writes it.

The rendering is read back by tests/name_reading.py, a decoder written apart from it."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from name_reading import read_back
from praktiktjek import door
from praktiktjek.privacy import mask_cpr

EXPORT = EXAMPLES.parent / "exports" / "vitas-eksempel.csv"
#: the reviewer's four names (and a surrogate written as UTF-8 bytes, not UTF-8 either)
STEMS = [b"eks\xe6", b"eks\xff", b"eks\x80", b"eks\xc3", b"eks\xed\xa0\x80"]

#: pieces of a name: bytes that are not UTF-8, controls, an escape sequence, backslash
#: escapes written as letters (a name really spelled «\xe6»), tags and bidi characters
_PIECES = st.one_of(
    st.sampled_from([b"\xe6", b"\xff", b"\x80", b"\xc3", b"\\", b"\\x", b"\\xe6", b"\\u00e6", b"\\U000e0020",
                     b"\x1b[31m", b"\x07", b"\n", b"\t", "\u202e".encode(), "\U000e0020".encode(),
                     "\u0085".encode(), "æ".encode(), b"a", b"."]),
    st.binary(min_size=1, max_size=3),
)
NAMES = st.lists(_PIECES, min_size=1, max_size=5).map(b"".join)
#: every ``also`` a format gives: none (text, JSON, CSV, HTML, DuckDB), JUnit, GitHub
ALSO = st.sampled_from(["", "NOT_XML_NAME", "NOT_IN_ANNOTATION"]).map(lambda n: getattr(door, n) if n else "")


@settings(max_examples=300, deadline=None)
@given(NAMES, NAMES, ALSO)
@example(b"eks\xe6.csv", b"eks\xff.csv", "")
@example(b"eks\xe6.csv", b"eks\\xe6.csv", "")  # a name really spelled with «\xe6»
@example(b"a\\\x1b", b"a\\x1b", "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # a backslash before a control character
@example(b"a\xc2\x85", b"a\x85", "[\x7f-\x9f]")  # U+0085 (NEL) and the byte 0x85
def test_different_byte_names_are_written_differently_and_read_back(a: bytes, b: bytes, also: str) -> None:
    """The cause of F3: the rendering must be injective over byte names. Stronger: it is
    lossless (read back, the name comes whole), and a format's ``also`` characters are
    never left in it."""
    na, nb = os.fsdecode(a), os.fsdecode(b)
    sa, sb = door.shown_path(na, also), door.shown_path(nb, also)
    assert read_back(sa) == na and read_back(sb) == nb
    assert (sa == sb) == (a == b)
    assert not re.search("[\ud800-\udfff]", sa)  # any output can hold it (UTF-8)
    if also:
        assert not re.search(also, sa)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([b"0", b"1", b"2", b"3", b"9", b"-", b" ", b"\xe6", b"\x80", b"\x99", b"\\",
                                 b"\\x", b"\x1b", b"\x07", b"x"]), min_size=6, max_size=16).map(b"".join), ALSO)
@example(b"010190\x99\x99", "")
@example(b"0101\\x90-1234", "")
def test_the_rendering_shows_no_cpr_number_the_door_did_not(name: bytes, also: str) -> None:
    """The escapes write digits (``\\x99``): a name the door keeps as it is (no CPR number
    in it) must not show one once written."""
    kept = door.path_text(os.fsdecode(name), mask_cpr)
    shown = door.shown_path(kept, also)
    assert mask_cpr(door.clean(shown)) == door.clean(shown), (name, shown)


def _place(folder: Path, stems: list[bytes], source: Path, suffix: bytes) -> list[Path]:
    folder.mkdir()
    out = []
    for stem in stems:
        target = Path(os.fsdecode(os.path.join(os.fsencode(folder), stem + suffix)))
        shutil.copyfile(source, target)
        out.append(target)
    return out


def test_the_reviewers_four_exports_are_four_names_in_every_audit_output_of_both_engines(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """F3 as reported: `audit -f json eks*.csv` named four files «eks\\uFFFD.csv»."""
    _place(tmp_path / "in", STEMS, EXPORT, b".csv")
    monkeypatch.chdir(tmp_path)
    outs: dict[str, dict[str, bytes]] = {}
    for engine in ("python", "duckdb"):
        got = {}
        for fmt in ("json", "text"):
            got[fmt] = run_cli("audit", "-q", "--engine", engine, "-f", fmt, "in", code=1).out.encode()
        run_cli("audit", "-q", "--engine", engine, "--findings", f"{engine}.csv", "--report", f"{engine}.html",
                "in", code=1)
        got["csv"] = (tmp_path / f"{engine}.csv").read_bytes()
        got["html"] = (tmp_path / f"{engine}.html").read_bytes()
        outs[engine] = got
    assert outs["python"] == outs["duckdb"]  # the engines agree byte for byte
    expected = {f"in/{door.shown_path(os.fsdecode(s))}.csv" for s in STEMS}
    assert expected == {"in/eks\\xe6.csv", "in/eks\\xff.csv", "in/eks\\x80.csv", "in/eks\\xc3.csv",
                        "in/eks\\xed\\xa0\\x80.csv"}
    doc = json.loads(outs["python"]["json"])
    assert {r["source"] for r in doc["results"]} == expected
    # a finding that is the file's own (VP000) names it the same way in its message
    own = [(r["source"], f["message"]) for r in doc["results"] for f in r["findings"] if f["rule"] == "VP000"]
    assert len({source for source, _ in own}) == len(STEMS)
    assert all(message.startswith(source + ", ") for source, message in own), own
    for fmt in ("text", "csv", "html"):
        text = outs["python"][fmt].decode("utf-8")
        assert "\ufffd" not in text
        for name in expected:
            assert name in text, (fmt, name)


def test_check_names_each_file_apart_in_every_format(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    sample = EXAMPLES / "vp202-dagpenge-6-uger.json"
    _place(tmp_path / "in", STEMS[:4], sample, b".json")
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json", "junit", "github"):
        out = run_cli("check", "-f", fmt, "in", code=1).out
        assert "\ufffd" not in out, fmt
        for stem in STEMS[:4]:
            shown = door.shown_path(os.fsdecode(stem))
            written = shown.replace("\\", "\\\\") if fmt == "json" else shown
            assert f"in/{written}.json" in out, (fmt, stem)


def test_the_reviewers_escape_sequence_name_is_escaped_in_the_annotation(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """F4 as reported: «a\\xff\\x1b[31m.json» was annotated as file=chk/a\\uFFFD.json, the name
    the text of «a\\xe6.json» had."""
    folder = tmp_path / "chk"
    folder.mkdir()
    shutil.copyfile(EXAMPLES / "ok-dagpenge-4-uger.json", Path(os.fsdecode(bytes(folder) + b"/a\xe6.json")))
    shutil.copyfile(EXAMPLES / "loentilskud-efter-22-uger.json",
                    Path(os.fsdecode(bytes(folder) + b"/a\xff\x1b[31m.json")))
    monkeypatch.chdir(tmp_path)
    out = run_cli("check", "-f", "github", "chk", code=0).out  # a warning does not fail the run
    files = re.findall(r"^::\w+ file=([^,]*)", out, re.M)
    assert files and set(files) == {"chk/a\\xff\\x1b[31m.json"}
    assert "\x1b" not in out


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_characters="/\x00"), min_size=1, max_size=12),
       st.text(st.characters(blacklist_characters="/\x00"), min_size=1, max_size=12))
@example("a\x1b[31m.json", "a[31m.json")
@example("a%0A.json", "a\n.json")
@example("a\\x1b.json", "a\x1b.json")
def test_an_annotations_file_is_the_name_escaped_never_another_name(a: str, b: str) -> None:
    """The cause of F4, as a property: GitHub's ``file=`` reads back (%-escapes undone, then
    the rendering) as the very name, holds nothing a log acts on, and two names are two
    values. Names with a CPR number are masked by design (tests/test_privacy.py)."""
    from praktiktjek.reporters.github import _file, _prop

    values = []
    for name in (a, b):
        kept = door.path_text(name, mask_cpr)
        if kept != name:
            return
        prop = _prop(_file(name))
        assert not re.search(r"[\r\n,:\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]", prop)
        back = prop.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r") \
            .replace("%25", "%")
        assert read_back(back) == name
        values.append(prop)
    assert (values[0] == values[1]) == (a == b)


def test_a_notice_on_stderr_names_the_file_as_the_outputs_do(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The notice «given more than once» names the file as every output does, not «a\\uFFFD»."""
    (path,) = _place(tmp_path / "in", [b"a\xe6"], EXAMPLES / "ok-dagpenge-4-uger.json", b".json")
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "in", str(path), code=0)
    assert "in/a\\xe6.json:" in res.err and "\ufffd" not in res.err + res.out
