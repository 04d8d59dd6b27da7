"""Command help and usage errors in Danish.

Our own help texts are Danish; the framework's words around them ("Usage:", "Options:",
"Show this message and exit.", "Error: No such option …") are not, and typer ≥ 0.20
carries its own copy of click with those words written in, not passed through gettext.
So while the command line is being parsed, what is written to stdout and stderr passes
through :func:`danish`, which replaces exactly those framework phrases. A command turns
this off (:func:`plain`) before it writes anything of its own, so findings and reports
are never touched.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

_Q = r"['\"]([^'\"]*)['\"]"  # a quoted name as click writes it

#: (English pattern, Danish replacement), applied in this order
PHRASES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.M), r) for p, r in [
    (r"^Usage: ", "Brug: "),
    (r"\[OPTIONS\]", "[TILVALG]"),
    (r"\{([A-ZÆØÅ][\wÆØÅæøå]*)\}", r"\1"),
    (r"COMMAND \[ARGS\]\.\.\.", "KOMMANDO [ARGUMENTER]..."),
    (r"^Options:$", "Tilvalg:"),
    (r"^Arguments:$", "Argumenter:"),
    (r"^Commands:$", "Kommandoer:"),
    (r"Show this message and exit\.", "Vis denne hjælp og afslut."),
    (r"Show the version and exit\.", "Vis versionen og afslut."),
    (r"\[required\]", "[skal angives]"),
    (r"\[default:(\s+)", r"[standard:\1"),
    (r" <list\[\w+\]>", ""),
    (r" <(?:str|int|int range|float|float range|path|file|text|integer)>", ""),
    (r"\b(\d+)<=x<=(\d+)\b", r"\1–\2"),
    (r"\bx>=(\d+)\b", r"mindst \1"),
    (r"\bx<=(\d+)\b", r"højst \1"),
    (r"\bx>(\d+)\b", r"over \1"),
    (r"\bx<(\d+)\b", r"under \1"),
    (r"\[env var: ([^\]]*)\]", r"[miljøvariabel: \1]"),
    (r"Try " + _Q + r" for help\.", r"Skriv '\1' for at få hjælp."),
    (r"^Error: ", "Fejl: "),
    (r"No such option: (\S+)", r"ukendt tilvalg \1"),
    (r"No such option " + _Q + r"\.", r"ukendt tilvalg \1."),
    (r"No such command " + _Q + r"\.", r"ukendt kommando «\1»."),
    (r"Missing argument " + _Q + r"\.", r"argumentet «\1» mangler."),
    (r"Missing option " + _Q + r"\.", r"tilvalget «\1» mangler."),
    (r"Missing parameter: (\S+)", r"parameteren \1 mangler"),
    (r"Missing command\.", "kommandoen mangler."),
    (r"Option " + _Q + r" requires an argument\.", r"tilvalget «\1» skal have en værdi."),
    (r"Option " + _Q + r" requires (\d+) arguments\.", r"tilvalget «\1» skal have \2 værdier."),
    (r"Option " + _Q + r" does not take a value\.", r"tilvalget «\1» tager ingen værdi."),
    (r"Got unexpected extra arguments? \((.*?)\)", r"uventet ekstra argument (\1)"),
    (r"\(Possible options: (.*?)\)", r"(mulige tilvalg: \1)"),
    (r"\(Did you mean one of: (.*?)\?\)", r"(mente du en af: \1?)"),
    (r"Did you mean (.*?)\?", r"Mente du \1?"),
    (r"Invalid value for (.*?): ", r"ugyldig værdi for \1: "),
    (r"Invalid value: ", "ugyldig værdi: "),
    (r"Value error, ", ""),
    (r"(\S+) is not one of (.*?)\.$", r"\1 er ikke en af \2."),
    (r"(\S+) is not (\S+)\.$", r"\1 er ikke \2."),
    (r"(\S+) is not a valid integer( range)?\.", r"\1 er ikke et heltal."),
    (r"(\S+) is not a valid float( range)?\.", r"\1 er ikke et tal."),
    (r"(\S+) is not a valid boolean\..*$", r"\1 er hverken ja eller nej."),
    (r"(\S+) is not in the range (.*?)\.$", r"\1 ligger uden for \2."),
    (r"Input should be greater than or equal to (\S+)", r"skal være mindst \1"),
    (r"Input should be a valid integer.*$", "skal være et heltal."),
    (r"(File|Path|Directory) " + _Q + r" does not exist\.", r"stien «\2» findes ikke."),
    (r"Aborted!", "Afbrudt."),
]]


#: in an English run: the framework's words stay, our Danish placeholders become English
ENGLISH: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.M), r) for p, r in [
    (r"\{([A-ZÆØÅ][\wÆØÅæøå]*)\}", r"\1"),
    (r"Value error, ", ""),
    (r"\bFORMAT=STI\b", "FORMAT=PATH"),
    (r"\bSTI\b", "PATH"),
    (r"\bREGEL\b", "RULE"),
    (r"\bFIL\b", "FILE"),
    (r"\bANTAL\b", "NUMBER"),
    (r"ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
]]


def english_words(text: str) -> str:
    """A usage error of an English run: the framework's English, our placeholders in English."""
    for pattern, replacement in ENGLISH:
        text = pattern.sub(replacement, text)
    return text


def danish(text: str) -> str:
    """The framework's English phrases in ``text`` replaced by Danish ones."""
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    return text


class _Danish:
    """A text stream that writes through :func:`danish` while it is switched on."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        on = _state["on"]
        self._stream.write(english_words(text) if on == "en" else danish(text) if on else text)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_state: dict[str, Any] = {"on": False, "saved": None}


def english(argv: list[str]) -> bool:
    """Whether the command line asks for English (``--lang en`` or ``--lang=en``): its
    usage errors are then the framework's own English words."""
    return any(a == "--lang=en" or (a == "--lang" and b == "en") for a, b in zip(argv, [*argv[1:], ""], strict=True))


@contextmanager
def parsing(en: bool = False) -> Iterator[None]:
    """Danish framework words on stdout and stderr until :func:`plain` or the end
    (``en``: the run is English, the framework's words stay as they are)."""
    saved = (sys.stdout, sys.stderr)
    _state["on"], _state["saved"] = ("en" if en else True), saved
    sys.stdout, sys.stderr = cast(TextIO, _Danish(saved[0])), cast(TextIO, _Danish(saved[1]))
    try:
        yield
    finally:
        plain()


def plain() -> None:
    """The command's own output begins: the streams are given back untouched."""
    saved = _state["saved"]
    if saved is not None:
        sys.stdout, sys.stderr = saved
    _state["on"], _state["saved"] = False, None
