"""Review 21 cli, F1: a number a message shows rounded a value that is not 0 to «0»
(``1e-300`` hours: «der står 0 timer») and showed a digit the value does not have
(``0.0049``: «0,005»). The messages' number formatting (engine._num) shows the value's own
first digits — more decimals rather than a rounding that carries — and a very small
number as a power of ten. Float noise next to a whole number that is not 0 is still that
whole number (37.00000000000001 is «37»)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ruleset
from praktiktjek.engine import WHOLE, Engine, _num
from test_batch_parity import assert_same
from test_review20_tiny_numbers import findings, with_number


@settings(max_examples=300, deadline=None)
@given(x=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False).filter(lambda v: v != 0),
       lang=st.sampled_from(["da", "en"]), digits=st.integers(1, 3))
def test_a_number_shown_is_never_0_and_has_only_its_own_digits(x: float, lang: str, digits: int) -> None:
    shown = _num(x, lang, digits)
    assert shown not in ("0", "-0")
    if "10" in shown and ("·" in shown or "×" in shown):
        assert abs(x) < 1e-9  # a power of ten only for what nine decimals cannot show
        return
    plain = shown.replace(",", ".") if lang == "da" else shown
    exact = format(Decimal(repr(round(x, 9))), "f")  # its digits to nine decimals (below: float noise)
    if abs(x - round(x)) < WHOLE:
        assert plain == str(round(x))  # float noise next to a whole number
    else:
        assert exact.startswith(plain), (x, shown)  # no rounding that carries: its own digits


def test_the_reviewers_cases() -> None:
    (f,) = findings(with_number("/hours_per_week", "1e-300"))
    assert f.rule == "VP104" and "(der står 1 · 10⁻³⁰⁰ timer)" in f.message and "0 timer" not in f.message
    (f,) = findings(with_number("/hours_per_week", "0.0049"))
    assert f.rule == "VP104" and "(der står 0,0049 timer)" in f.message
    assert _num(37.00000000000001, "da") == "37" and _num(37.5, "da") == "37,5" and _num(1.8333, "da") == "1,8"


def test_both_engines_show_them_alike(tmp_path: Path) -> None:
    lines = [with_number("/hours_per_week", t).replace('"id": "', f'"id": "S{i}-', 1).replace("\n", " ")
             for i, t in enumerate(["1e-300", "0.0049", "37.0049"])]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    docs = assert_same([str(path)], Engine(ruleset()))
    messages = [" ".join(f["message"] for f in d["findings"]) for d in docs]
    assert "1 · 10⁻³⁰⁰ timer" in messages[0] and "0,0049 timer" in messages[1] and "37,0049 timer" in messages[2]
