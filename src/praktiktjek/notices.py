"""What a run says on stderr beside its output, in the run's language (--lang or the
configuration's ``lang``; Danish by default).

Every notice is a sentence here in Danish and English, filled with its facts, so that no
stderr line of a run bypasses the language choice. The command sets the language as soon
as it knows it (:func:`use`); each run starts in Danish. Errors (PraktiktjekError) carry
their English form themselves (``PraktiktjekError(da, en=…)``) and are chosen with
:func:`choose`.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from typing import Any

#: the language of this run's messages: "da" or "en"
LANG: ContextVar[str] = ContextVar("praktiktjek_lang", default="da")

#: notice → (Danish, English), filled with str.format
NOTICES: dict[str, tuple[str, str]] = {
    "config": ("bruger konfigurationen {path}", "using the configuration {path}"),
    "waivers": ("bruger dispensationerne i {path}", "using the waivers in {path}"),
    "stdin_is_file": ("-: standardinput er en fil, der også er angivet ved navn; den læses kun én gang",
                      "-: standard input is a file also given by name; it is read once"),
    "stdin_again": ("{path}: er standardinput, som allerede er angivet; det læses kun én gang",
                    "{path}: is standard input, which is already given; it is read once"),
    "twice": ("{path}: er angivet mere end én gang; filen læses kun én gang",
              "{path}: is given more than once; the file is read once"),
    "pack_twice": ("{path}: regelpakken er angivet mere end én gang; den indlæses kun én gang",
                   "{path}: the rule pack is given more than once; it is loaded once"),
    "pack_within": ("{path}: hører til regelpakken {pack}, der også er angivet; filen indlæses kun én gang",
                    "{path}: belongs to the rule pack {pack}, which is given too; the file is loaded once"),
    "pack_national": ("{path}: er den nationale regelpakke, som altid indlæses; den indlæses kun én gang",
                      "{path}: is the national rule pack, which is always loaded; it is loaded once"),
    "cp1252": ("{path}: {rows} er ikke gyldig UTF-8 og er læst som Windows-1252 "
               "(række {shown}); kontrollér tegnene i {them}",
               "{path}: {rows} not valid UTF-8 and read as Windows-1252 "
               "({row_word} {shown}); check the characters"),
    "cp1252_header": ("{path}: overskriftsrækken er ikke gyldig UTF-8 ({where}), men resten af filen er UTF-8; "
                      "overskriften er læst som Windows-1252, så ret kolonnens navn",
                      "{path}: the header row is not valid UTF-8 ({where}), but the rest of the file is UTF-8; "
                      "the header is read as Windows-1252, so correct the column's name"),
    "not_checked": ("{path}: ikke kontrolleret, filen har ingen kolonne til det: {rules}",
                    "{path}: not checked, the file has no column for it: {rules}"),
    "packs": ("{line}", "{line}"),
    "in_python": ("regler uden SQL-form kontrolleres i Python: {rules}",
                  "rules without an SQL form are checked in Python: {rules}"),
    "no_step_summary": ("{problem}; opsummeringen skrives ikke", "{problem}; the summary is not written"),
    "step_summary_failed": ("{problem}; opsummeringen er ikke skrevet", "{problem}; the summary was not written"),
    "stopped_term": ("stoppet ({signal}); ingen uddatafil er skrevet eller ændret",
                     "stopped ({signal}); no output file was written or changed"),
    "stopped_int": ("afbrudt; ingen uddatafil er skrevet eller ændret",
                    "interrupted; no output file was written or changed"),
    "stopped_after_term": ("stoppet ({signal}), efter at uddata var skrevet færdig",
                           "stopped ({signal}) after the output was written in full"),
    "stopped_after_int": ("afbrudt, efter at uddata var skrevet færdig",
                          "interrupted after the output was written in full"),
    "repeated": ("{sentence}", "{sentence}"),
    "repeated_more": ("og {n} flere gentagne aftale-id’er (alle står i opsummeringen og rapporten)",
                      "and {n} more repeated agreement ids (all are in the summary and the report)"),
    "internal": ("intern fejl: {detail}", "internal error: {detail}"),
}

#: the audit's progress bar steps (the engines name them in Danish), in English
STEPS: dict[str, str] = {"Indlæser": "Loading", "Indekserer": "Indexing", "Kontrollerer": "Checking",
                         "Skriver": "Writing"}


def step(label: str) -> str:
    """A progress bar step's name in this run's language."""
    return STEPS.get(label, label) if LANG.get() == "en" else label


def use(lang: str | None) -> None:
    """From now on this run speaks ``lang`` (anything but "en" is Danish)."""
    LANG.set("en" if lang == "en" else "da")


def lang() -> str:
    return LANG.get()


def text(key: str, **facts: Any) -> str:
    """The notice ``key`` in this run's language, filled with ``facts``."""
    da, en = NOTICES[key]
    return (en if LANG.get() == "en" else da).format(**facts)


def say(key: str, **facts: Any) -> None:
    """The notice ``key`` on stderr (the stderr door cleans and masks it)."""
    print(f"praktiktjek: {text(key, **facts)}", file=sys.stderr)


def choose(exc: BaseException) -> str:
    """An error's message in this run's language: its English form where it has one."""
    en = getattr(exc, "en", None)
    return en if LANG.get() == "en" and en else str(exc)
