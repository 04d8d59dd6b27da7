"""Review 12, D5: texts are compared as the text they show. «Å» written decomposed (NFD:
«A» + ring above, as macOS and some web forms send it) is the same function as «Å»; a
zero-width space or Word's soft hyphen inside or after a word changes nothing; full-width
letters and a PDF's «ﬁ» ligature compare as the letters they are (NFKC). The same holds in
every comparison — VP401, VP207, VP501, VP505 and VP103's shared-text step — in ``check``
and in both audit engines, which compare the ``*_norm`` columns the screen computes with
the same :func:`norm`."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset
from praktiktjek.batch.screen import _functions, _position, _reason
from praktiktjek.checks.base import norm, norm_set
from praktiktjek.checks.duration import bare
from praktiktjek.engine import Engine
from test_batch_parity import assert_same, write_jsonl
from test_input_boundaries import INVISIBLE

#: zero-width and other invisible characters a text can carry from Word, a web form or a
#: copy from a PDF (every one of them is blank to ``blank``)
ZERO_WIDTH = [c for c in INVISIBLE if not c.isspace()] + ["\u200c", "\u200d", "\U000e0041"]

_NFD_AA = "a\u030a"  # «å» decomposed


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- the function itself

@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12), st.data())
def test_a_text_and_its_nfd_form_and_zero_width_characters_normalise_alike(text: str, data: st.DataObject) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert norm(_nfd(text)) == norm(nfc) == norm(text)
    # a zero-width character anywhere changes nothing
    at = data.draw(st.integers(0, len(text)))
    zw = data.draw(st.sampled_from(ZERO_WIDTH))
    assert norm(text[:at] + zw + text[at:]) == norm(text)
    # the form is final: no invisible character is left, and normalising again changes nothing
    out = norm(text)
    assert not any(c in out for c in ZERO_WIDTH)
    assert out == unicodedata.normalize("NFKC", out)
    assert norm(out) == out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=8), max_size=4), st.text(max_size=8), st.text(max_size=10))
def test_the_screen_columns_the_sql_rules_compare_are_the_python_forms(items: list[str], title: str,
                                                                      reason: str) -> None:
    """What the DuckDB rules compare (``title_norm``, ``fn_norm``, ``reason_bare``) is what
    the Python check functions compare, for any text and its NFD form."""
    for form in (items, [_nfd(i) for i in items]):
        assert _functions(tuple(form))[0] == sorted(norm_set(items))
    assert _position(_nfd(title), None)[0] == norm(title)
    assert _reason(_nfd(reason) + "\u200b")["reason_bare"] == bare(reason)


@pytest.mark.parametrize(("a", "b"), [
    ("Å", _NFD_AA), ("Varepåfyldning", _nfd("varepåfyldning")), ("kasse", "kasse\u200b"),
    ("kasse", "kas\u00adse"), ("kasse", "\ufeffKasse\u2060"), ("kasse", "ｋａｓｓｅ"), ("fil", "ﬁl"),
    ("lager og kasse", "lager\u00a0og\u200b kasse"),
])
def test_the_same_text_in_another_form_is_the_same(a: str, b: str) -> None:
    assert norm(a) == norm(b)


@pytest.mark.parametrize(("a", "b"), [("kasse", "kasser"), ("å", "a"), ("æble", "aeble"), ("lager kasse", "lagerkasse")])
def test_different_texts_stay_different(a: str, b: str) -> None:
    assert norm(a) != norm(b)


# --------------------------------------------------------------------------- every rule that compares texts

#: (rule, the agreement with a text as it is typed, the same agreement with that text
#: in another form); the rule fires on both
_SAME_COMPANY = {"cvr": "35954716", "p_number": "1012345678"}
CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("VP401",
     {"position": {"functions": ["Å"]}, "ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": ["å"]}},
     {"position": {"functions": ["Å"]}, "ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": [_NFD_AA]}}),
    ("VP401",
     {"ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": ["kundeservice"]}},
     {"ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": ["kunde\u00adservice\u200b"]}}),
    ("VP207",
     {"extensions": [{"end": "2021-04-25", "reason": "forlængelse", "assessment": "Vurderet"}]},
     {"extensions": [{"end": "2021-04-25", "reason": "forlængelse\u200b", "assessment": "Vurderet"}]}),
    ("VP501",
     {"history": [{**_SAME_COMPANY, "start": "2020-01-06", "end": "2020-02-02", "title": "Lager",
                   "functions": ["varepåfyldning"], "difference": "Andre opgaver"}]},
     {"history": [{**_SAME_COMPANY, "start": "2020-01-06", "end": "2020-02-02", "title": "Lager",
                   "functions": [_nfd("Varepåfyldning")], "difference": "Andre opgaver"}]}),
    ("VP501",
     {"history": [{**_SAME_COMPANY, "start": "2020-01-06", "end": "2020-02-02", "title": "Butiksassistent",
                   "functions": ["lager"], "difference": "Andre opgaver"}]},
     {"history": [{**_SAME_COMPANY, "start": "2020-01-06", "end": "2020-02-02", "title": "Butiks\u200bassistent",
                   "functions": ["lager"], "difference": "Andre opgaver"}]}),
    ("VP505",
     {"target_group": "aktivitetsparat_kontanthjaelp", "citizen": {"last_employer": {**_SAME_COMPANY, "functions": ["varepåfyldning"]}}},
     {"target_group": "aktivitetsparat_kontanthjaelp",
      "citizen": {"last_employer": {**_SAME_COMPANY, "functions": [_nfd("varepåfyldning") + "\u2060"]}}}),
]


def _findings(patch: dict[str, Any], rule: str) -> list[tuple[str, str]]:
    (r,) = check_data(agreement(patch))
    return [(f.pointer, f.message) for f in r.findings if f.rule == rule]


@pytest.mark.parametrize(("rule", "typed", "other"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_a_text_in_another_unicode_form_gets_the_same_finding_in_check_and_both_audit_engines(
        tmp_path: Path, rule: str, typed: dict[str, Any], other: dict[str, Any]) -> None:
    expected = _findings(typed, rule)
    assert expected, f"{rule} should fire on the plain text"
    assert _findings(other, rule) == expected
    docs = assert_same([write_jsonl(tmp_path / "a.jsonl", [agreement(typed), agreement(other)])], Engine(ruleset()))
    plain, variant = ([(f["pointer"], f["message"]) for f in d["findings"] if f["rule"] == rule] for d in docs)
    assert variant == plain == expected


def test_the_shared_text_step_counts_a_text_in_another_form_as_the_same_text(tmp_path: Path) -> None:
    """VP103's audit step: five citizens with one purpose text, written NFC, NFD, with a
    zero-width space, a soft hyphen and a byte-order mark, share it (min_citizens 5)."""
    text = agreement()["purpose"]["description"]
    forms = [text, _nfd(text), text.replace("så", "så\u200b"), text.replace("varepåfyldning", "vare\u00adpåfyldning"),
             "\ufeff" + text]
    records = [agreement({"id": f"A{i}", "citizen": {"id": f"c-{i}"}, "purpose": {"description": t}})
               for i, t in enumerate(forms)]
    docs = assert_same([write_jsonl(tmp_path / "s.jsonl", records)], Engine(ruleset()))
    vp103 = [[f["message"] for f in d["findings"] if f["rule"] == "VP103"] for d in docs]
    assert all(len(m) == 1 and "5 forskellige borgere" in m[0] for m in vp103)


def test_the_characters_a_comparison_drops_are_the_blank_ones_that_are_not_white_space() -> None:
    """One notion of invisible: ``blank``'s class (model.BLANK_CLASS) less white space, which
    separates words, in the whole Basic Multilingual Plane."""
    from praktiktjek.checks.base import INVISIBLE_RE
    from praktiktjek.model import BLANK_RE

    for c in map(chr, range(0x10000)):
        assert bool(INVISIBLE_RE.fullmatch(c)) == (BLANK_RE.match(c) is not None and not c.isspace()), hex(ord(c))
        if INVISIBLE_RE.fullmatch(c):
            assert norm(f"a{c}b") == "ab"
