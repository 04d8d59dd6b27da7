"""Wording and boundary leftovers (round wording3): each test fails on the code before it.

1. Review 17, F12: a number beyond a float's range or precision was shown as read
   (``1e-400`` «fik 0», ``1e400`` «fik uendelig»), not as the file wrote it.
2. Review 18, F3: a history entry without a start that ends after this agreement's start
   was called «tidligere praktik» by VP501–VP503; its start is unknown, and the words say so.
3. Rule pack and mapping messages: a true/false/null in a rule's ``params`` quoted as YAML
   read it («true»), not as written (``yes``, ``off``); ``--rules dir --rules dir/a.yaml``
   loaded a.yaml twice; the English of a wrong label kind in ``--mapping`` was pydantic's.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, ruleset
from praktiktjek.door import cut
from praktiktjek.engine import Engine
from praktiktjek.pipeline import iter_records
from test_batch_parity import assert_same

# --------------------------------------------------------------------------- 1. numbers as written

#: JSON number texts a float cannot hold: beyond its range (read as 0 or infinity) or its
#: precision (read as a nearby number)
beyond = st.one_of(
    st.builds(lambda m, e, s, big: f"{s}{m}{'e' if big else 'E'}{'' if big else '-'}{e}",
              st.integers(1, 999), st.integers(400, 9999), st.sampled_from(["", "-"]), st.booleans()),
    st.builds(lambda i, k: f"{i}.{'0' * k}1", st.integers(1, 500), st.integers(20, 40)),
)


def _vp000(path: Path, lang: str) -> tuple[str, str]:
    (rec,) = list(iter_records([str(path)]))
    (f,) = Engine(ruleset(), lang=lang).run(rec).findings
    assert f.rule == "VP000"
    return f.message, f.fix or ""


def _with(number: str, field: str, indent: int | None = 2) -> str:
    doc = agreement()
    head, _, tail = field.rpartition(".")
    (doc[head] if head else doc)[tail] = "@@NUMBER@@"
    return json.dumps(doc, indent=indent).replace('"@@NUMBER@@"', number)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(number=beyond, field=st.sampled_from(["municipality", "company.cvr", "citizen.id"]),
       lang=st.sampled_from(["da", "en"]))
def test_a_number_a_float_cannot_hold_is_shown_as_written(tmp_path: Path, number: str, field: str,
                                                          lang: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(_with(number, field), "utf-8")
    message, fix = _vp000(path, lang)
    # as written, cut at 40 characters as every quoted number is (review 20, F7)
    assert f"({'fik' if lang == 'da' else 'got'} {cut(number, 40)})" in message
    assert f'"{number}"' in fix  # «write it as text in quotes»: the text as written
    for read_as in ("fik 0)", "got 0)", "uendelig", "infinity", "10⁻", "10⁴"):
        assert read_as not in message


@pytest.mark.parametrize("number", ["1e400", "-1E+999", "12e3456"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_infinite_number_is_shown_as_written_in_check_and_both_audit_engines(
        tmp_path: Path, number: str, lang: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(_with(number, "hours_per_week"), "utf-8")
    message, _ = _vp000(path, lang)
    # as written, cut at 40 characters as every quoted number is (review 20, F7)
    assert f"({'fik' if lang == 'da' else 'got'} {cut(number, 40)})" in message
    assert "uendelig" not in message.split("(ikke NaN eller uendelig)")[-1]
    assert "infinity)" not in message
    lines = tmp_path / "a.jsonl"
    lines.write_text(_with("1e-400", "municipality", None) + "\n" + _with(number, "hours_per_week", None) + "\n",
                     "utf-8")
    under, over = assert_same([str(lines)], Engine(ruleset(), lang=lang))
    assert f"{'fik' if lang == 'da' else 'got'} 1e-400)" in under["findings"][0]["message"]
    assert f"{'fik' if lang == 'da' else 'got'} {number})" in over["findings"][0]["message"]


@pytest.mark.parametrize("number, shown_da, shown_en", [
    ("200.50", "200,5", "200.5"),     # a number a float holds: as the language writes it
    ("2E2", "200", "200"),
])
def test_a_number_read_as_written_keeps_the_languages_form(tmp_path: Path, number: str, shown_da: str,
                                                          shown_en: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(agreement({"hours_per_week": "@"}), indent=2).replace('"@"', number), "utf-8")
    assert f"(fik {shown_da})" in _vp000(path, "da")[0]
    assert f"(got {shown_en})" in _vp000(path, "en")[0]


# --------------------------------------------------------------------------- 2. unknown start


def _history_case(end_offset: int) -> dict[str, Any]:
    """An agreement with one history entry at the same company, same title, no start, no
    difference, ending ``end_offset`` days after this agreement's start."""
    base = agreement()
    start = dt.date.fromisoformat(base["start"])
    c = base["company"]
    entry = {"id": "X-1", "cvr": c["cvr"], "title": base["position"]["title"],
             "end": (start + dt.timedelta(days=end_offset)).isoformat()}
    if c.get("p_number"):
        entry["p_number"] = c["p_number"]
    return agreement({"history": [entry]})


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(offset=st.integers(-10, 60), lang=st.sampled_from(["da", "en"]))
def test_an_entry_without_a_start_ending_after_this_start_is_not_called_earlier(
        tmp_path: Path, offset: int, lang: str) -> None:
    doc = _history_case(offset)
    path = tmp_path / "h.jsonl"
    path.write_text(json.dumps(doc, ensure_ascii=False) + "\n", "utf-8")
    (res,) = assert_same([str(path)], Engine(ruleset(), lang=lang))  # both audit engines, same text
    (rec,) = list(iter_records([str(path)]))
    checked = {f.rule: f.message for f in Engine(ruleset(), lang=lang).run(rec).findings}
    audited = {f["rule"]: f["message"] for f in res["findings"]}
    assert checked == audited
    said = {r: m for r, m in checked.items() if r in ("VP501", "VP502", "VP503")}
    assert {"VP501", "VP502"} <= set(said)  # the verdict stays (RULES.md: the entry counts)
    earlier, unknown = (("tidligere praktik", "ukendt startdato") if lang == "da"
                        else ("earlier internship", "unknown start date"))
    for message in said.values():
        if offset > 0:
            assert unknown in message and earlier not in message and "tidligere været" not in message
        else:
            assert earlier in message and unknown not in message
    if offset > 0 and "VP503" in said:
        assert ("overlapper en praktik med ukendt startdato" if lang == "da"
                else "overlaps an internship with an unknown start date") in said["VP503"]


def test_the_web_form_says_the_start_is_unknown() -> None:
    from fastapi.testclient import TestClient

    from praktiktjek.web import Settings, create_app

    client = TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))
    r = client.post("/api/check", content=json.dumps(_history_case(20)).encode(),
                    headers={"content-type": "application/json"})
    assert r.status_code == 200
    messages = [f["message"] for f in r.json()["results"][0]["findings"] if f["rule"] in ("VP501", "VP502")]
    assert len(messages) == 2
    assert all("ukendt startdato" in m and "tidligere" not in m for m in messages)


# --------------------------------------------------------------------------- 3. packs, mapping

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules" / "local" / "example-kommune.yaml"
AGREEMENT = ROOT / "examples" / "agreements" / "ok-dagpenge-4-uger.json"
#: YAML spellings of true/false/null that are not «true»/«false»
SPELLINGS = ["yes", "Yes", "off", "On", "True", "FALSE", "no", "~", "Null"]


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(spelt=st.lists(st.sampled_from(SPELLINGS), min_size=1, max_size=3), as_list=st.booleans(),
       dated=st.booleans())
def test_a_true_false_or_null_in_params_is_quoted_as_written(tmp_path: Path, spelt: list[str], as_list: bool,
                                                              dated: bool) -> None:
    from praktiktjek.errors import PraktiktjekError
    from praktiktjek.pipeline import national_rules_dir
    from praktiktjek.rulepack import load_rules

    if not as_list and spelt[0] in ("~", "Null"):
        spelt = ["off"]  # a null groups is «no groups», no error
    value = f"[{', '.join(spelt)}]" if as_list else spelt[0]
    if dated:
        value = f"{{dated: [{{value: {value}}}]}}"
    text = EXAMPLE.read_text("utf-8").replace("      groups: [dagpenge]", f"      groups: {value}")
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(PraktiktjekError) as info:
        load_rules([path], national=national_rules_dir())
    da = str(info.value)
    shown = spelt if as_list else spelt[:1]
    for word in shown:
        assert f"«{word}»" in da, da
    assert "«true»" not in da and "«false»" not in da and "ingenting" not in da and "None" not in da


def test_a_file_given_again_inside_its_folder_is_one_pack(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "a.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    for order in ([folder, folder / "a.yaml"], [folder / "a.yaml", folder]):
        for lang in ("da", "en"):
            args = [x for p in order for x in ("--rules", str(p))]
            res = run_cli("check", "--lang", lang, *args, str(AGREEMENT))
            assert res.code in (0, 1), res.err
            assert "allerede defineret" not in res.err and "already defined" not in res.err
            assert ("indlæses kun én gang" if lang == "da" else "loaded once") in res.err
    # a folder holding more than the file given: the file is left out, the folder loaded
    (folder / "b.yaml").write_text("acts: {}\n", "utf-8")
    res = run_cli("check", "--rules", str(folder / "a.yaml"), "--rules", str(folder), str(AGREEMENT))
    assert res.code in (0, 1), res.err
    assert "hører til regelpakken" in res.err


@pytest.mark.parametrize("body", ["labels:\n  foo:\n    a: b\n", "labels:\n  target_group: 5\n",
                                  "labels: [1]\n", "labels:\n  bool: yes\n"])
def test_a_wrong_label_kind_in_a_mapping_is_in_our_words_in_english(tmp_path: Path, body: str) -> None:
    from praktiktjek.errors import PraktiktjekError
    from praktiktjek.readers.csvfile import load_mapping

    path = tmp_path / "m.yaml"
    path.write_text(body, "utf-8")
    with pytest.raises(PraktiktjekError) as info:
        load_mapping(path)
    en = info.value.en or ""
    assert en and "Input should" not in en and "valid dictionary" not in en
    assert "must be" in en
    assert "skal være" in str(info.value)


# --------------------------------------------------------------------------- 4. report names

@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ch=st.sampled_from(["\x07", "\x1b", "\x7f", "\u202e", "\x85"]), lang=st.sampled_from(["da", "en"]))
def test_the_reports_header_not_checkable_table_and_repeated_notice_escape_a_name(
        run_cli, tmp_path: Path, ch: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    import html

    from praktiktjek import door

    folder = tmp_path / f"run{ord(ch)}{lang}"
    folder.mkdir()
    name = f"a{ch}b.jsonl"
    path = folder / name
    doc = agreement()
    doc.pop("difference_from_earlier", None)  # the JSON source lacks the field: VP502 not checkable
    path.write_text((json.dumps(doc) + "\n") * 2, "utf-8")  # one agreement id twice: the notice
    report = folder / "r.html"
    run_cli("audit", "-q", "--lang", lang, "--report", str(report), str(path))
    page = html.unescape(report.read_text("utf-8"))
    escaped = door.reshown_path(door.shown_path(str(path)), door.NOT_IN_ANNOTATION).rsplit("/", 1)[-1]
    assert escaped != name and "\\" in escaped
    removed = name.replace(ch, "")
    head = page.partition("</header>")[0]
    for part, label in ((head, "header"), (page[page.find('class="repeated"'):], "repeated"),
                        (page[page.find("<tbody>"):page.find("</tbody>")], "not checkable")):
        assert escaped in part, label
        assert removed not in part, label
    assert ch not in page


# --------------------------------------------------------------------------- 5. explain/rules name the file

@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("as_folder", [False, True])
def test_explain_and_rules_name_the_file_a_local_rule_comes_from(run_cli, tmp_path: Path, lang: str,
                                                                 as_folder: bool) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / f"pakke\x07{lang}{as_folder}"
    folder.mkdir()
    file = folder / "kommune.yaml"
    file.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    given = folder if as_folder else file
    shown = str(file).replace("\x07", "\\x07")
    res = run_cli("explain", "KERT001", "--lang", lang, "--rules", str(given), code=0)
    assert f"({'fil' if lang == 'da' else 'file'} {shown})" in res.out.splitlines()[1]
    assert "\x07" not in res.out
    res = run_cli("explain", "VP501", "--lang", lang, "--rules", str(given), code=0)
    assert shown not in res.out  # a national rule names no file
    res = run_cli("rules", "--lang", lang, "--rules", str(given), code=0)
    assert f"{'Lokale regler fra' if lang == 'da' else 'Local rules from'} {shown}: KERT001, KERT002" in res.out
    res = run_cli("rules", "-f", "json", "--lang", lang, "--rules", str(given), code=0)
    files = {r["id"]: r["pack_file"] for r in res.json()}
    assert files["KERT001"] == files["KERT002"] == str(file)
    assert files["VP501"] is None
