"""Review 11, findings 2, 3, 4 and 6: what a message and an id show.

2. A citizen id that is a CPR number a spreadsheet wrote as a number (its leading zero
   dropped: ``101901234``; thousands points: ``3.107.925.813``) is masked in every output,
   both audit engines alike; free text keeps its nine-digit amounts.
3. A company's CVR or P-number in a VP000 message is echoed as written, never masked.
4. A character that shows nothing is named where it is in the message.
5. (6) Danish messages write numbers with a decimal comma and quote with «»."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, agreement, check_data, ruleset
from praktiktjek import door, privacy
from praktiktjek.engine import Engine
from praktiktjek.privacy import mask_cpr
from praktiktjek.web import Settings, create_app

EXPORT = ROOT / "examples" / "exports" / "vitas-eksempel.csv"
_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@st.composite
def cprs(draw: st.DrawFn, low_day: bool = False) -> str:
    """A CPR number ``ddmmyyxxxx`` (a day 1–9 when ``low_day``: Excel drops its zero)."""
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 9 if low_day else _DAYS[month]))
    return f"{day:02d}{month:02d}{draw(st.integers(0, 99)):02d}{draw(st.integers(0, 9999)):04d}"


def _grouped(digits: str, sep: str) -> str:
    """``digits`` with thousands separators, as a spreadsheet's number format writes them."""
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


@st.composite
def excel_spellings(draw: st.DrawFn) -> tuple[str, str]:
    """(a CPR number, the way a spreadsheet wrote it in the id column)."""
    cpr = draw(cprs(low_day=draw(st.booleans())))
    digits = str(int(cpr))  # as a number: a leading zero is lost
    form = draw(st.sampled_from(["plain", "grouped", "decimal"]))
    if form == "grouped":
        digits = _grouped(digits, draw(st.sampled_from([".", " ", ",", "'", "\u00a0", "\u202f"])))
    elif form == "decimal":
        digits += draw(st.sampled_from([".0", ",0", ".00"]))
    return cpr, digits


# --------------------------------------------------------------------------- 2: citizen ids


@given(excel_spellings())
@example(("0101901234", "101901234"))
@example(("3107925813", "3.107.925.813"))
@example(("0101901234", "1.019.01234"))
@example(("0101000000", "101.000.000"))
@example(("0101000000", "101000000.000"))
@example(("0101000000", "101000000.0"))
@example(("1010000000", "1.010.000.000"))
def test_a_citizen_id_a_spreadsheet_wrote_as_a_number_is_masked(case: tuple[str, str]) -> None:
    cpr, written = case
    shown = door.person_id(written)
    assert shown == f"{cpr[:6]}-****"
    # the four digits are gone from where they stood (they may recur inside the date: 100900-0090)
    assert shown[7:] == "****" and cpr[6:] not in shown[6:]
    assert door.person_id(shown) == shown  # idempotent, as the door is
    assert door.person_id(written, door.clean) == written  # --show-cpr: as written


@given(st.from_regex(r"[1-9][0-9]{8}", fullmatch=True))
def test_a_nine_digit_id_is_masked_exactly_when_it_is_a_cpr_date(written: str) -> None:
    padded = "0" + written
    month = int(padded[2:4])
    is_date = 1 <= month <= 12 and 1 <= int(padded[:2]) <= _DAYS[month]
    assert (door.person_id(written) != written) == is_date
    assert (privacy.person_cpr(written) is not None) == is_date


@pytest.mark.parametrize("text", [
    "Løn 101901234 kr. om måneden",         # an amount of nine digits
    "Omsætning 3.107.925.813 kr",           # an amount with thousands points
    "Ring på +45 10 19 01 23 eller 101901234",  # phone numbers
    "Start 01-03-2021, slut 28-03-2021",    # dates
    "Sag 1.019.012 og 2.000.000 kr",
])
def test_free_text_keeps_its_amounts_dates_and_phone_numbers(text: str) -> None:
    """The citizen id field says whose number it is; free text does not, and there nine
    digits or thousands points are an amount (the decision: the id field only)."""
    assert mask_cpr(text) == text


@pytest.mark.parametrize("written", ["AAL-101901234", "101901234x", "12345678901", "C-12", "123456789",
                                     "3,10793E+09"])
def test_an_id_that_is_no_cpr_number_stays_as_written(written: str) -> None:
    assert door.person_id(written) == written


def _export(tmp_path: Path, ids: list[str]) -> Path:
    lines = EXPORT.read_text("utf-8-sig").splitlines()
    head, rows = lines[0], lines[1:]
    col = head.split(";").index("cpr")
    out = [head]
    for i, cid in enumerate(ids):
        cells = rows[i % len(rows)].split(";")
        cells[0], cells[col] = f"X-{i}", cid
        out.append(";".join(cells))
    path = tmp_path / "udtraek.csv"
    path.write_text("\n".join(out) + "\n", "utf-8")
    return path


LEAKS = ["101901234", "3.107.925.813", "3107925813", "1.019.01234", "925.813", "01234"]


def test_every_output_masks_an_excel_cpr_column_and_the_engines_agree(run_cli: Any, tmp_path: Path) -> None:
    path = _export(tmp_path, ["101901234", "3.107.925.813", "1.019.01234", "3107925813.0"])
    texts = [run_cli("check", str(path)).out, run_cli("check", "-f", "json", str(path)).out]
    outs = {}
    for engine in ("duckdb", "python"):
        d = tmp_path / engine
        d.mkdir()
        res = run_cli("audit", "-q", "--engine", engine, "-f", "json", "--findings", str(d / "f.csv"),
                      "--report", str(d / "r.html"), str(path))
        outs[engine] = [res.out, (d / "f.csv").read_text("utf-8"), (d / "r.html").read_text("utf-8")]
        texts += outs[engine]
    for text in texts:
        for leak in LEAKS:
            assert leak not in text
    assert "010190-****" in texts[0] and "310792-****" in texts[0]
    assert outs["duckdb"][:2] == outs["python"][:2]  # JSON and findings CSV byte-identical


def test_the_citizen_id_is_shown_as_written_with_show_cpr(run_cli: Any, tmp_path: Path) -> None:
    path = _export(tmp_path, ["101901234"])
    assert "101901234" in run_cli("check", "--show-cpr", str(path)).out


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(allowed_hosts=["testserver"], body_limit=200_000,
                                          upload_limit=400_000), rules=ruleset()))


_FORM = {"/id": "X1", "/target_group": "dagpenge", "/company/cvr": "35954716",
         "/start": "2021-03-01", "/end": "2021-03-28"}


def test_the_web_form_masks_an_excel_citizen_id_and_keeps_a_decimal_comma(client: TestClient) -> None:
    page = client.post("/", data={**_FORM, "/citizen/id": "101901234", "/hours_per_week": "31079,25813"}).text
    assert "101901234" not in page and "010190-****" in page
    assert "31079.25813" not in page
    assert 'value="31079,25813"' in page
    assert "fik 31079,25813" in page
    en = client.post("/", data={**_FORM, "lang": "en", "/hours_per_week": "31079.25813"}).text
    assert 'value="31079.25813"' in en


# --------------------------------------------------------------------------- 3: company ids


def _message(data: dict[str, Any], lang: str = "da") -> str:
    results = check_data(data, Engine(ruleset(), lang=lang))
    found = [f for r in results for f in r.findings if f.rule == "VP000"]
    assert found, results
    return found[0].message


@st.composite
def company_values(draw: st.DrawFn) -> str:
    """A wrong CVR or P-number that holds a CPR-shaped run: spaced, too long, too short."""
    cpr = draw(cprs())
    return draw(st.sampled_from([f"{cpr[:4]} {cpr[4:]}", cpr + str(draw(st.integers(0, 9))),
                                 f"{cpr[:6]}-{cpr[6:]}", cpr[:9], f"{cpr[:2]} {cpr[2:6]} {cpr[6:]}"]))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(company_values(), st.sampled_from([
    ("/company/p_number", {"company": {"p_number": None}}),
    ("/company/cvr", {"company": {"cvr": None}}),
    ("/citizen/last_employer/p_number", {"citizen": {"last_employer": {"cvr": "12345678", "p_number": None}}}),
]))
@example("1012 345678", ("/company/p_number", {"company": {"p_number": None}}))
@example("10123456789", ("/citizen/last_employer/p_number",
                         {"citizen": {"last_employer": {"cvr": "12345678", "p_number": None}}}))
def test_a_rejected_company_id_keeps_its_form_with_the_cpr_serial_starred(
        value: str, where: tuple[str, dict[str, Any]]) -> None:
    """A value the CVR/P-number pattern rejects is no company identifier and may be the
    citizen's CPR number in the wrong field (review 19): its serial is starred where it
    stands, every other character as written (review 11, finding 3: no re-spacing)."""
    pointer, patch = where
    patch = json.loads(json.dumps(patch).replace("null", json.dumps(value)))
    for lang in ("da", "en"):
        msg = _message(agreement(patch), lang)
        assert f"{pointer}: " in msg
        shown = re.search(r"«([^»]*)»", msg.split(f"{pointer}: ", 1)[1])
        assert shown is not None, msg
        assert shown.group(1) == door.across(value, [])
        assert len(shown.group(1)) == len(value) and "'" not in msg
        assert privacy.mask_cpr(msg) == msg, msg


def test_a_cpr_number_in_a_person_field_is_still_masked_in_the_echo() -> None:
    msg = _message(agreement({"start": "0101901234"}))
    assert "010190-****" in msg and "1234" not in msg
    msg = _message(agreement({"company": {"p_number": 1012345678}}))
    assert "1012345678" in msg and "****" not in msg  # a number: as written, and in the fix


# --------------------------------------------------------------------------- 4: invisible characters

INVISIBLE = st.sampled_from(["\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u0007", "\u200e", "\ufe0f"])


@given(st.sampled_from(["35954716", "2021-03-28"]), st.data(), INVISIBLE)
@example("35954716", None, "\u200b")
def test_json_an_invisible_character_is_named_where_it_is(value: str, data: Any, char: str) -> None:
    at = len(value) if data is None else data.draw(st.integers(1, len(value)))
    written = value[:at] + char + value[at:]
    field = {"company": {"cvr": written}} if value == "35954716" else {"end": written}
    code = f"U+{ord(char):04X}"
    msg = _message(agreement(field))
    assert f"indeholder et usynligt tegn ({code}) efter «{value[:at]}»" in msg
    assert f"contains an invisible character ({code}) after «{value[:at]}»" in _message(agreement(field), "en")


@given(st.sampled_from([("slutdato", "28-03-2021"), ("timer_pr_uge", "30"), ("startdato", "01-03-2021")]),
       st.data(), INVISIBLE)
def test_csv_an_invisible_character_in_a_cell_is_named(cell: tuple[str, str], data: Any, char: str) -> None:
    from praktiktjek.readers.csvfile import load_mapping, read_csv

    column, value = cell
    at = data.draw(st.integers(0, len(value)))
    written = value[:at] + char + value[at:]
    lines = EXPORT.read_text("utf-8-sig").splitlines()
    head = lines[0].split(";")
    row = lines[1].split(";")
    row[head.index(column)] = written
    raw = (lines[0] + "\n" + ";".join(row) + "\n").encode()
    code = f"U+{ord(char):04X}"
    for lang, word in (("da", ("efter", "før")), ("en", ("after", "before"))):
        rec = next(iter(read_csv(raw, "x.csv", load_mapping(None))))
        msgs = [f.message for f in Engine(ruleset(), lang=lang).run(rec).findings if f.rule == "VP000"]
        assert msgs, written
        where = f"{word[0]} «{value[:at]}»" if at else f"{word[1]} «{value}»"
        assert f"({code}) {where}" in msgs[0]


# --------------------------------------------------------------------------- 6: numbers in Danish


@given(st.floats(168.01, 1e300, allow_nan=False).filter(lambda x: x != int(x)))
@example(200.5)
@example(1e308)
def test_a_number_in_a_danish_message_has_a_decimal_comma(x: float) -> None:
    da, en = _message(agreement({"hours_per_week": x})), _message(agreement({"hours_per_week": x}), "en")
    got_da = re.search(r"\(fik ([^)]*)\)", da)
    got_en = re.search(r"\(got ([^)]*)\)", en)
    assert got_da and got_en
    assert "." not in got_da.group(1) and "e+" not in got_da.group(1)
    assert got_da.group(1).replace(",", ".").replace(" · ", "×").replace(" ", "") == \
        got_en.group(1).replace(" × ", "×")


def test_not_a_number_and_a_text_are_worded_not_coded() -> None:
    from praktiktjek.contract import _number_words

    assert "(fik «tredive»)" in _message(agreement({"start": "tredive"}))
    assert [_number_words(float("nan"), lang) for lang in ("da", "en")] == ["ikke et tal", "not a number"]
    assert [_number_words(float("-inf"), lang) for lang in ("da", "en")] == ["minus uendelig", "minus infinity"]
    assert _number_words(-1.5e-7, "da") == "-1,5 · 10⁻⁷"
