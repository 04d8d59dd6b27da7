"""Why a file could not be read, in the run's language: one (Danish, English) pair per
cause, and never the system's own English text in a Danish run."""

from __future__ import annotations

import errno
import os

import pytest

from praktiktjek.readers.bounded import reasons, why, why_en
from praktiktjek.usererrors import os_reason, os_reason_en, os_reasons, parse_place, parse_place_en, parse_places

CODES = sorted(errno.errorcode)


@pytest.mark.parametrize("code", CODES)
def test_a_danish_reason_never_holds_the_systems_english_text(code: int) -> None:
    exc = OSError(code, os.strerror(code))
    da, en = reasons(exc)
    assert os.strerror(code) not in da, da
    assert (why(exc), why_en(exc)) == (da, en)
    assert os_reasons(exc) == (os_reason(exc), os_reason_en(exc))
    assert os.strerror(code) not in os_reason(exc)


def test_the_known_causes_are_named_in_both_languages() -> None:
    assert reasons(OSError(errno.EIO, "Input/output error")) == (
        "filen kan ikke læses (disken melder fejl)", "the file cannot be read (Input/output error)")
    assert reasons(FileNotFoundError(errno.ENOENT, "x")) == ("filen findes ikke", "the file does not exist")
    assert os_reasons(OSError(errno.ENAMETOOLONG, "x"))[0] == "filnavnet er for langt"


@pytest.mark.parametrize(("message", "da", "en"), [
    ("Invalid value (at line 3, column 5)", "linje 3, kolonne 5", "line 3, column 5"),
    ("no place here", "", ""),
])
def test_a_parsers_place_in_both_languages(message: str, da: str, en: str) -> None:
    assert parse_places(message) == (parse_place(message), parse_place_en(message)) == (da, en)
