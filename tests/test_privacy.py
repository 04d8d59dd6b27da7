from __future__ import annotations

import unicodedata as _ud

import pytest
from hypothesis import given as _given
from hypothesis import settings as _settings
from hypothesis import strategies as _st

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


@_settings(max_examples=400, deadline=None)
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
