from __future__ import annotations

import unicodedata as _ud

import pytest
from hypothesis import given as _given
from hypothesis import settings as _settings
from hypothesis import strategies as _st

from conftest import examples as _examples
from praktiktjek.privacy import looks_like_cpr, mask_cpr


@pytest.mark.parametrize(("text", "masked"), [
    ("0101901234", "010190-****"),
    ("010190-1234", "010190-****"),
    ("cpr 311299-0001 og 290200-1111", "cpr 311299-**** og 290200-****"),
    ("aftale AAL-2021-000042", "aftale AAL-2021-000042"),
    ("3213901234", "3213901234"),        # month 13: not a date
    ("3102901234", "3102901234"),        # 31 February
    ("12345678901", "12345678901"),      # eleven digits: not a CPR number
])
def testmask_cpr(text: str, masked: str) -> None:
    assert mask_cpr(text) == masked
    assert looks_like_cpr(text) == (text != masked)




# --------------------------------------------------------------------------- spellings a
# second review found: marks between digits, other digit forms, fillers, spaced date parts


_MARKS = ["\ufe0f", "\u0301", "\u034f", "\u200d", "\u20e3", "\u0308"]
_FORMS = [
    lambda d: d,
    lambda d: "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(d)],
    lambda d: "０１２３４５６７８９"[int(d)],
    lambda d: "⓪①②③④⑤⑥⑦⑧⑨"[int(d)],
    lambda d: "٠١٢٣٤٥٦٧٨٩"[int(d)],
]


def _recoverable(text: str, digits: str) -> bool:
    """The ten digits can be read back: digits of any form, everything else dropped."""
    seen = "".join(str(_ud.digit(c)) for c in _ud.normalize("NFKC", text) if _ud.digit(c, None) is not None)
    return digits in seen


@_settings(max_examples=_examples(400), deadline=None)
@_given(_st.dates(), _st.integers(0, 9999), _st.sampled_from(range(len(_FORMS))),
        _st.lists(_st.sampled_from(["", *_MARKS]), min_size=10, max_size=10),
        _st.sampled_from(["", "-", " ", "ㅤ", " - ", "/", ".", "–"]), _st.sampled_from(["", ".", " ", " - ", "/"]),
        _st.sampled_from(["", ".", "-"]), _st.text(max_size=6), _st.text(max_size=6))
def test_cpr_in_other_digit_forms_and_with_invisible_marks_is_masked(day, serial, form, marks, sep, dsep1, dsep2,
                                                                     before, after) -> None:  # type: ignore[no-untyped-def]
    digits = f"{day.day:02d}{day.month:02d}{day.year % 100:02d}{serial:04d}"
    glyphs = [_FORMS[form](d) + m for d, m in zip(digits, marks, strict=True)]
    cpr = "".join(glyphs[0:2]) + dsep1 + "".join(glyphs[2:4]) + dsep2 + "".join(glyphs[4:6]) + sep + "".join(glyphs[6:])
    text = f"{before} {cpr} {after}"
    assert not _recoverable(mask_cpr(text), digits), (text, mask_cpr(text))


@pytest.mark.parametrize(("text", "masked"), [
    ("⑫⑫87-1357", "121287-****"), ("⒓⒓87-1357", "121287-****"), ("㉓0487-1357", "230487-****"),
    ("⑿⑿87-1357", "121287-****"), ("⑩⑩87-1357", "101087-****"),
    ("12121987-1357", "121287-****"), ("12.12.1987-1357", "121287-****"), ("01-01-2001-1234", "010101-****"),
    ("121287-13 57", "121287-****"), ("12 12 87 13 57", "121287-****"),
    ("121287ー1357", "121287-****"), ("121287ˉ1357", "121287-****"), ("12ˍ12ˍ87ˍ1357", "121287-****"),
    ("12ː12ː87ː1357", "121287-****"), ("borger ⑫⑫87-1357.", "borger 121287-****."),
])
def test_review8_spellings_are_masked(text: str, masked: str) -> None:
    """Review 8, findings 2 and 10: NFKC digits, four-digit years, a split serial, modifier
    letters that show as dashes."""
    assert mask_cpr(text) == masked


def test_the_nfkc_digit_table_is_the_unicode_database() -> None:
    """privacy._NFKC_DIGITS holds exactly the characters with no digit value whose NFKC form
    has a digit (every code point), and no character is more than three digits."""
    want, widest = [], 0
    for cp in range(0x110000):
        c = chr(cp)
        if 0xD800 <= cp < 0xE000 or c.isdigit():
            continue
        n = sum(map(str.isdigit, _ud.normalize("NFKC", c)))
        widest = max(widest, n)
        if n:
            want.append(cp)
    got = [cp for cp in range(0x110000) if _privacy._NFKC_DIGITS.match(chr(cp))]
    assert got == want and widest <= 3


@pytest.mark.parametrize("text", ["ʰ121287ʰ1357", "28.03.2021 10:30", "01-03-2021 - 28-03-2021", "kl. 10.30 den 28.03.2021",
                                  "1.234.567,89 kr.", "uge 12 2021 1234 kr"])
def test_the_wider_definition_leaves_dates_times_and_amounts(text: str) -> None:
    assert mask_cpr(text) == text


@pytest.mark.parametrize("text", ["28-03-2021 (42 dage)", "01-03-2021 til 28-03-2021", "højst 9,25 løntimer",
                                  "Praktikken varer 6 uger (42 dage); 12,5 ansatte", "CVR 35954716"])
def test_ordinary_text_with_dates_and_numbers_is_left_alone(text: str) -> None:
    assert mask_cpr(text) == text


@pytest.mark.parametrize("pad", [30, 50, 55, 58, 59, 60])
def test_a_cut_never_leaves_part_of_a_cpr_number(pad: int, tmp_path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """Long texts are shortened for messages: the cut moves past a CPR number and masking
    sees all of it, wherever the number falls (an unknown key, a waiver value)."""
    import json

    from conftest import agreement

    key = "x" * pad + "2304879173" + "y" * 40
    doc = agreement()
    doc[key] = 1
    p = tmp_path / "a.json"
    p.write_text(json.dumps(doc), "utf-8")
    res = run_cli("check", "-f", "json", str(p))
    w = tmp_path / "w.yaml"
    w.write_text(f"waivers:\n  - rule: VP202\n    agreement: '*'\n    reason: x\n    approved_by: y\n"
                 f"    expires: '{'a' * (pad - 20)}2304879173'\n", "utf-8")
    res2 = run_cli("check", "--waivers", str(w), str(p))
    for out in (res.out, res.err, res2.out, res2.err):
        assert "23048791" not in out and "2304879173" not in out
    if pad < 60:  # the number starts inside what is shown: it is shown masked, whole
        assert "230487-****" in res.out and "230487-****" in res2.err


# --------------------------------------------------------------------------- the fast paths (issue #12)
# The search was made cheap: a first look that counts digits (privacy.few_digits), the date
# checked inside the pattern, a skeleton skipped when it is the text itself. Held here to
# its own definition and, text by text, to the search as it was (tests/cpr_reference.py).

import re as _re  # noqa: E402
import sys as _sys  # noqa: E402
from pathlib import Path as _Path  # noqa: E402

from praktiktjek import door as _door  # noqa: E402
from praktiktjek import privacy as _privacy  # noqa: E402

_sys.path.insert(0, str(_Path(__file__).parent))
import cpr_reference as _ref  # noqa: E402


def test_what_counts_as_a_digit_is_what_the_search_reads_as_one() -> None:
    """Every code point: str.isdigit (the first look's count) is exactly "has a digit
    value" (what the skeleton turns into an ASCII digit), and what \\d matches has one
    and int() reads it as that value (the date check)."""
    d = _re.compile(r"\d")
    wrong = []
    for cp in range(0x110000):
        c = chr(cp)
        value = _ud.digit(c, None)
        if c.isdigit() != (value is not None) or (d.match(c) and (value is None or int(c) != value)):
            wrong.append(hex(cp))
    assert wrong == []


def test_cleaning_may_pass_a_printable_text_as_it_is() -> None:
    """door.clean returns a text that str.isprintable() accepts untouched: exact, because
    every character it would remove or replace is unprintable (every code point checked;
    the escape sequences all start with ESC, itself unprintable)."""
    removed = _re.compile(f"{_door._CHARS}|[\n\r\t]|[\ud800-\udfff]|\x1b")
    assert [hex(cp) for cp in range(0x110000) if removed.match(chr(cp)) and chr(cp).isprintable()] == []


def test_the_date_pattern_is_the_table_of_days() -> None:
    """Every pair of two-digit numbers, with and without separators: the pattern takes a
    day and month exactly when the table of days does (29 February always counts)."""
    pattern = _re.compile(_privacy._DATE)
    for sep in ("", ".", " - ", "_/"):
        for dd in range(100):
            for mm in range(100):
                real = 1 <= mm <= 12 and 1 <= dd <= _privacy._DAYS_IN_MONTH[mm]
                assert bool(pattern.match(f"{dd:02d}{sep}{mm:02d}")) == real, (dd, sep, mm)


_DIGIT_FORMS = "0123456789⁰¹²³⁴⁵⁶⁷⁸⁹０１２３４５６７８９⓪①②③④⑤⑥⑦⑧⑨٠١٢٣٤٥٦٧٨٩०१२३४५६७८९𝟎𝟏𝟐"
_SEPARATORS = ["-", " ", "–", "—", "/", ".", "_", "*", "\ufffd", "\\x07", "\\u0007", "\\U0001f600", "\\n", "\\",
               "ㅤ", "\u115f", "\u1160", "\uffa0", "(", ")", " - ", "\u00a0", "\u2028"]
_CONTROLS = ["\x00", "\x07", "\x1b", "\x1b[0m", "\x1b]0;x\x07", "\x7f", "\x9b", "\x9c", "\n", "\r", "\t", "\u200b",
             "\u200e", "\u202e", "\u2066", "\ufeff", "\u00ad", "\U000e0041", "\ud800", "\udfff"]


@_st.composite
def _cpr_like(draw: _st.DrawFn, ascii_only: bool = False) -> str:
    """Ten digits of a real or nearly real date, each of any form, with marks, fillers and
    separators between them (or only ASCII digits and separators)."""
    forms = _FORMS[:1] if ascii_only else _FORMS
    marks = [""] if ascii_only else ["", "", "", *_MARKS]
    separators = [s for s in _SEPARATORS if s.isascii()] if ascii_only else _SEPARATORS
    day = draw(_st.dates())
    digits = f"{draw(_st.integers(0, 35)):02d}{day.month + draw(_st.sampled_from([0, 0, 0, 1, 8])):02d}" \
             f"{day.year % 100:02d}{draw(_st.integers(0, 9999)):04d}"
    out = []
    for d in digits:
        form = draw(_st.sampled_from(forms))
        out.append(form(d) + draw(_st.sampled_from(marks)))
        if draw(_st.integers(0, 3)) == 0:
            out.append(draw(_st.sampled_from(separators)))
    return "".join(out)


_CHUNK = _st.one_of(
    _st.sampled_from(_DIGIT_FORMS),
    _st.characters(categories=["Nd", "No", "Nl"]),                # digits of every script, other number forms
    _st.characters(categories=["Mn", "Me", "Cf"]),                # marks and format characters
    _st.characters(categories=["Zs", "Zl", "Zp", "Pd", "Po", "Ps", "Pe", "Sm", "So"]),
    _st.characters(categories=["Cc", "Cs", "Co"]),                # control characters, lone surrogates
    _st.sampled_from(_SEPARATORS), _st.sampled_from(_CONTROLS), _st.sampled_from(_MARKS),
    _st.sampled_from(["æ", "ø", "å", "Æ", "Ø", "Å", "VIB-2021-", "AAL-", "sag "]),
    _st.sampled_from([*"⑫⒓⑿㉓⑩¼㋀㍘ーˉˍːʼʰᵃ", "19", "20", " 57"]),  # NFKC digits, dash letters (review 8)
    _st.characters(),
    _cpr_like(),
)
_ASCII_CHUNK = _st.one_of(_st.text(alphabet="0123456789 -./_*\\xu()", max_size=16),
                         _cpr_like(ascii_only=True), _st.sampled_from(["AAL-2021-", "sag ", "\x07", "\t"]))
#: texts as an output could meet them: any mixture of the above, or ASCII only
_TEXTS = _st.one_of(_st.lists(_CHUNK, max_size=30).map("".join), _st.lists(_ASCII_CHUNK, max_size=12).map("".join))


@_settings(max_examples=_examples(400), deadline=None)
@_given(_TEXTS)
def test_the_first_look_only_passes_texts_the_search_finds_nothing_in(text: str) -> None:
    if _privacy.few_digits(text):
        assert _privacy._search(text) == []
        assert mask_cpr(text) == text
    assert _privacy._search(text) == list(_ref._found(text))


@_settings(max_examples=_examples(400), deadline=None)
@_given(_TEXTS, _st.booleans())
def test_the_door_gives_what_it_gave_before_for_every_text(text: str, keep_newlines: bool) -> None:
    """The fast paths change no output: cleaning, masking and the spans a cut respects are
    those of the code as it was, for every text."""
    assert _door.clean(text, keep_newlines=keep_newlines) == _ref.clean(text, keep_newlines=keep_newlines)
    assert _door.text(text) == _ref.mask_cpr(_ref.clean(text))
    assert mask_cpr(text) == _ref.mask_cpr(text)
    assert list(_privacy.spans(text)) == list(_ref.spans(text))
    assert _door.path_text(text) in (text, _ref.mask_cpr(_ref.clean(text)))


_OLD_SEARCH = _re.compile(_privacy._DATE + _privacy._CPR.pattern)


@_settings(max_examples=_examples(400), deadline=None)
@_given(_TEXTS)
def test_the_search_pattern_that_skips_to_a_day_finds_what_date_then_number_found(text: str) -> None:
    """privacy._CPR_DATED starts with the first digit of a day (so that the engine skips
    to one); it finds the very matches, with the same groups, as _DATE + _CPR, in the text
    and in its skeleton."""
    for t in {text, _privacy._skeleton(text)[0]}:
        assert [(m.span(), m.groups()) for m in _privacy._CPR_DATED.finditer(t)] == \
            [(m.span(), m.groups()) for m in _OLD_SEARCH.finditer(t)]
        assert [(m.start(), m.group(1)) for m in _door._EVERY.finditer(t)] == \
            [(m.start(), m.group(1)) for m in _re.finditer(f"(?=({_OLD_SEARCH.pattern}))", t)]


@_settings(max_examples=_examples(400), deadline=None)
@_given(_TEXTS)
def test_the_digit_count_is_the_count_of_every_digit(text: str) -> None:
    """few_digits counts ASCII digits in UTF-8 and the other characters one by one: the
    answer is that of counting every character with str.isdigit — a character with no digit
    value counted by the digits of its NFKC form (⑫ is two, review 8)."""
    count = sum(1 if c.isdigit() else sum(map(str.isdigit, _ud.normalize("NFKC", c))) for c in text)
    assert _privacy.few_digits(text) == (count < _privacy.CPR_DIGITS)


@pytest.mark.parametrize("text", ["Løn 01-03-2021: 1500 kr", "12.05.2021 1234 Aalborg", "dato 01.03.2021 12 30 møde",
                                  "28.03.2021 1030", "28.03.2021 10:30", "møde 01-03-2021 kl. 1030"])
def test_a_four_digit_year_followed_by_anything_but_a_dash_is_a_date_not_a_cpr_number(text: str) -> None:
    """Review 10, finding 4: the four-digit-year shape masked ordinary case text
    («Løn 01-03-2021: 1500 kr» → «Løn 010321-**** kr»). A four-digit year counts only
    before a dash, as a CPR number is written (12.12.1987-1357)."""
    assert mask_cpr(text) == text


@pytest.mark.parametrize("text", ["12.12.1987-1357", "12121987-1357", "12.12.1987 - 1357", "12.12.1987–1357"])
def test_a_cpr_number_with_a_four_digit_year_and_a_dash_is_still_masked(text: str) -> None:
    assert "1357" not in mask_cpr(text)


def test_the_p_number_example_in_a_fix_text_is_not_masked() -> None:
    """Review 10: the fix text's example P-number (1012345678) read as a CPR number and was
    shown «101234-****»; the example is a number no date can be read in."""
    import sys
    sys.path.insert(0, str(_Path(__file__).parent))
    from conftest import agreement, check_data

    (r,) = check_data(agreement({"company": {"p_number": "12-34"}}))
    fixes = [f.fix for f in r.findings if f.rule == "VP000" and f.pointer == "/company/p_number"]
    assert fixes and all("*" not in fx and "10 cifre" in fx for fx in fixes)
