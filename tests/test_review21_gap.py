"""Review 21 (cli) F5: a CPR number whose serial is split in two pairs, with a character
that shows nothing between year and serial («14.03.05\\u00ad68 43»: soft hyphen, zero-width
space, word joiner, BOM, a control character or escape sequence — which the door's
cleaning removes — or a grapheme joiner, variation selector or combining accent — which
the search's skeleton leaves out) was shown whole in every output: with the character
gone the digits read «14.03.0568 43», a date and a time to the search. Now such a place
is read as a separator where that finds a number (privacy.open_gaps), in the cleaning and
in the search alike, and a place that the glued digits need (inside a pair) stays glued.

Properties over generated numbers, places and characters; the side-by-side property in
test_privacy.py holds the search and the cleaning to tests/cpr_reference.py as well."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import cpr_reference as ref
from praktiktjek import door, privacy
from praktiktjek.privacy import mask_cpr

#: removed by the door's cleaning
REMOVED = ["\u00ad", "\u200b", "\u2060", "\ufeff", "\x07", "\x00", "\x1b[31m", "\u200e", "\x7f"]
#: kept by the cleaning, left out by the search
MARKS = ["\u034f", "\ufe0f", "\u0301", "\u20e3", "\u0308\u0301"]
INVISIBLE = REMOVED + MARKS

dates = st.builds(lambda d, m, y: (f"{d:02d}", f"{m:02d}", f"{y:02d}"),
                  st.integers(1, 28), st.integers(1, 12), st.integers(0, 99))
serials = st.integers(0, 9999).map(lambda n: f"{n:04d}")
date_seps = st.sampled_from([".", "-", "/", " ", ""])
gaps = st.sampled_from([" ", "  ", "\u00a0", "\t"])
words = st.sampled_from(["", "Lager ", "uge: ", "AAL ", "borger "])
after = st.sampled_from(["", " og kasse", ".", " x"])


def _masked(date: tuple[str, str, str]) -> str:
    return "".join(date) + "-****"


@settings(max_examples=300, deadline=None)
@given(date=dates, serial=serials, sep=date_seps, gap=gaps, mark=st.sampled_from(INVISIBLE),
       head=words, tail=after)
def test_a_split_serial_after_an_invisible_character_is_masked(
        date: tuple[str, str, str], serial: str, sep: str, gap: str, mark: str, head: str, tail: str) -> None:
    text = head + sep.join(date) + mark + serial[:2] + gap + serial[2:] + tail
    raw = [mask_cpr(text)] if "\x1b" not in mark else []  # the search alone: no escape sequence
    for shown in (door.text(text), door.text(text, keep_newlines=True), *raw):
        assert _masked(date) in shown, (text, shown)
        assert serial[:2] + gap + serial[2:] not in shown


@settings(max_examples=300, deadline=None)
@given(date=dates, serial=serials, sep=st.sampled_from(["-", " ", "", "/"]), mark=st.sampled_from(INVISIBLE),
       data=st.data())
def test_an_invisible_character_anywhere_in_a_number_still_masks_it(
        date: tuple[str, str, str], serial: str, sep: str, mark: str, data: st.DataObject) -> None:
    """The other side of the fix: a character inside a pair (``1403\\u200b05…``) glued the
    digits before and must still (a blank there would part the pair)."""
    written = "".join(date) + sep + serial
    at = data.draw(st.integers(1, len(written) - 1))
    text = "Lager " + written[:at] + mark + written[at:] + " kasse"
    assert door.text(text) == "Lager " + _masked(date) + " kasse", text


@settings(max_examples=200, deadline=None)
@given(mark=st.sampled_from(REMOVED), text=st.text(alphabet="0123456789 .:-ab", max_size=30))
def test_the_cleaning_adds_a_blank_only_where_a_number_is_found_by_it(mark: str, text: str) -> None:
    """A removed character becomes a blank only where the blank makes the search find a
    number: elsewhere the cleaning is what it was (the character dropped)."""
    raw = text[: len(text) // 2] + mark + text[len(text) // 2:]
    dropped = text
    cleaned = door.clean(raw)
    if cleaned != dropped:
        assert cleaned.replace(" ", "") == dropped.replace(" ", "")
        assert len(cleaned) == len(dropped) + 1
        assert mask_cpr(cleaned) != cleaned  # the blank lets the search find a number
        assert mask_cpr(dropped) != mask_cpr(cleaned)


def test_dates_and_times_stay_as_they_are() -> None:
    for text in ("28.03.2021\u00ad kl. 10 30", "Mødet 28.03.2021\u200b kl. 10 30", "12\u00ad34 kr", "uge\u200b12 13 14"):
        assert door.text(text) == door.clean(text) == text.replace("\u00ad", "").replace("\u200b", "")


def test_every_output_of_check_masks_it(tmp_path: Path) -> None:
    agreement = json.loads(Path("examples/agreements/ok-dagpenge-4-uger.json").read_text(encoding="utf-8"))
    agreement["id"] = "AAL 14.03.05\u00ad68 43"
    agreement["hours_per_week"] = "uge 14.03.05\u034f68 43"
    agreement["target_group"] = "x 14.03.05\x1b[31m68 43"
    path = tmp_path / "aftale.json"
    path.write_text(json.dumps(agreement, ensure_ascii=False), encoding="utf-8")
    for fmt in ("text", "json", "sarif", "junit", "github"):
        run = subprocess.run([sys.executable, "-m", "praktiktjek", "check", str(path), "-f", fmt],
                             capture_output=True, text=True, encoding="utf-8", check=False)
        out = run.stdout + run.stderr
        assert run.returncode == 1, out
        assert "140305-****" in out, (fmt, out)
        assert "68 43" not in out and "6843" not in out, (fmt, out)


@settings(max_examples=200, deadline=None)
@given(date=dates, serial=serials, sep=date_seps, gap=gaps, first=st.booleans(),
       mark=st.sampled_from([m for m in INVISIBLE if "\x1b" not in m]))  # the note keeps «[31m»
def test_the_invisible_character_note_does_not_show_the_serial(
        date: tuple[str, str, str], serial: str, sep: str, gap: str, mark: str, first: bool) -> None:
    """The note that names a value's first invisible character quotes the text around it
    (door.invisible_note): the number read across the character is masked there too."""
    text = ("\u200bx " if first else "x ") + sep.join(date) + mark + serial[:2] + gap + serial[2:]
    note = door.invisible_note(text)
    if note is None:  # a combining accent is no invisible character to the note
        assert not first
        return
    for words in note:
        shown = mask_cpr(words)
        assert serial[:2] + gap + serial[2:] not in shown, (text, shown)


_SPLIT = st.builds(lambda date, sep, mark, serial, gap: sep.join(date) + mark + serial[:2] + gap + serial[2:],
                  dates, date_seps, st.sampled_from(INVISIBLE), serials, gaps)
_PIECES = st.one_of(st.sampled_from(INVISIBLE), st.sampled_from([" ", ".", "-", "  ", "x", "kl. ", "\u00a0"]),
                    st.integers(0, 99).map(lambda n: f"{n:02d}"), st.integers(0, 9).map(str), _SPLIT)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=4, max_size=24).map("".join), st.booleans())
def test_the_gaps_are_read_as_the_reference_reads_them(text: str, keep_newlines: bool) -> None:
    """Side by side with tests/cpr_reference.py (written plainly: the whole text, no
    window, no first look) on texts dense with digits and characters that show nothing."""
    assert door.clean(text, keep_newlines=keep_newlines) == ref.clean(text, keep_newlines=keep_newlines)
    assert privacy._search(text) == list(ref._found(text))
    assert door.text(text) == ref.mask_cpr(ref.clean(text))
