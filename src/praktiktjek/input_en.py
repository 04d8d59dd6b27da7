"""English wording of the readers' input problems (VP000), for --lang en.

Readers describe a problem once, in Danish, with the values filled in; this table turns
those sentences into English at render time, so that a record's problem is worded in
one place. A sentence missing here stays Danish (a test checks the known ones).
"""

from __future__ import annotations

import re

_PHRASES: list[tuple[str, str]] = [
    # not a regular file, and a dangling link (review 19, F17)
    (r"» er et link til en fil, der ikke findes", "» is a link to a file that does not exist"),
    (r"er en mappe; kun almindelige filer", "is a folder; only regular files"),
    (r"er en FIFO \(navngivet rør\); kun almindelige filer", "is a FIFO (named pipe); only regular files"),
    (r"er en enhed \(device\); kun almindelige filer", "is a device; only regular files"),
    (r"er en socket; kun almindelige filer", "is a socket; only regular files"),
    (r"er ikke en almindelig fil; kun almindelige filer", "is not a regular file; only regular files"),
    (r"only regular files \(eller - for stdin\) læses", "only regular files (or - for stdin) are read"),
    (r"only regular files læses", "only regular files are read"),
    (r"filen er gemt som UTF-16 \(Excels «Unicode-tekst»\), som ikke læses; gem den som «CSV UTF-8» eller "
     r"«CSV \(semikolonsepareret\)»",
     "the file is saved as UTF-16 (Excel's «Unicode Text»), which is not read; save it as «CSV UTF-8» or "
     "«CSV (semicolon delimited)»"),
    (r"filen er gemt som UTF-(16|32), som ikke læses; gem den som UTF-8",
     r"the file is saved as UTF-\1, which is not read; save it as UTF-8"),
    (r"filen er gemt som UTF-32, som ikke læses; gem den som «CSV UTF-8» eller «CSV \(semikolonsepareret\)»",
     "the file is saved as UTF-32, which is not read; save it as «CSV UTF-8» or «CSV (semicolon delimited)»"),
    (r"JSON er indlejret for dybt til at være en aftale", "JSON is nested too deep to be an agreement"),
    (r"en aftale skal være et JSON-objekt, men posten er en liste", "an agreement must be a JSON object, but the record is a list"),
    (r"en aftale skal være et JSON-objekt, men posten er en tekst", "an agreement must be a JSON object, but the record is a string"),
    (r"en aftale skal være et JSON-objekt, men posten er en sandhedsværdi", "an agreement must be a JSON object, but the record is a boolean"),
    (r"en aftale skal være et JSON-objekt, men posten er et tal", "an agreement must be a JSON object, but the record is a number"),
    (r"en aftale skal være et JSON-objekt, men posten er null", "an agreement must be a JSON object, but the record is null"),
    (r"feltet «(.+?)» står to gange i samme objekt; hvilken værdi der gælder, er uklart",
     r"the key «\1» appears twice in one object; which value applies is unclear"),
    (r"filen indeholder ingen aftaler \(en tom liste\)", "the file holds no agreements (an empty list)"),
    (r"filen indeholder ingen aftaler \(den er tom\)", "the file holds no agreements (it is empty)"),
    (r"filen indeholder ingen aftaler \(kun en overskriftsrække\)", "the file holds no agreements (only a header row)"),
    (r"filen er ikke gyldig UTF-8 \(byte (0x[0-9a-f]+) ved byte (\d+)\)", r"the file is not valid UTF-8 (byte \1 at byte \2)"),
    (r"linjen er ikke gyldig UTF-8 \(byte (0x[0-9a-f]+) ved byte (\d+)\)", r"the line is not valid UTF-8 (byte \1 at byte \2)"),
    (r"filen er ikke JSON Lines: den er ét JSON-dokument skrevet over flere linjer, og JSON Lines har én aftale pr\. linje",
     "the file is not JSON Lines: it is one JSON document written over several lines, and JSON Lines has one "
     "agreement a line"),
    (r"filen er tom", "the file is empty"),
    (r"; cellen indeholder et usynligt tegn \((U\+[0-9A-F]+)\) efter «", r"; the cell contains an invisible character (\1) after «"),
    (r"; cellen indeholder et usynligt tegn \((U\+[0-9A-F]+)\) før «", r"; the cell contains an invisible character (\1) before «"),
    (r"; cellen indeholder (\d+) usynlige tegn, det første \((U\+[0-9A-F]+)\) efter «",
     r"; the cell contains \1 invisible characters, the first (\2) after «"),
    (r"; cellen indeholder (\d+) usynlige tegn, det første \((U\+[0-9A-F]+)\) før «",
     r"; the cell contains \1 invisible characters, the first (\2) before «"),
    (r"; cellen består kun af usynlige tegn \((U\+[0-9A-F]+)\)", r"; the cell holds only invisible characters (\1)"),
    (r"filen findes ikke", "the file does not exist"),
    (r"filen kan ikke læses", "the file cannot be read"),
    (r"filen har ingen kolonne for", "the file has no column for"),
    (r"\(overskrift: ", "(header: "),
    (r"» eller «", "» or «"),
    (r"\(ingen overskrift i kolonneafbildningen\)", "(no header in the column mapping)"),
    (r"første række er ikke en kendt kolonneoverskrift \(mangler filen overskrifter, eller skal der bruges --mapping\?\)",
     "the first row is not a known header (does the file lack headers, or is --mapping needed?)"),
    (r"; de nødvendige kolonner hedder ", "; the required columns are called "),
    (r"overskriftsrækken kan ikke læses", "the header row cannot be read"),
    (r"standardinput \(-\) fylder mere end (\d+) byte \(1000 × --max-record-bytes\) og læses ikke; "
     r"gem det i en fil og kontrollér filen, eller hæv --max-record-bytes",
     r"standard input (-) holds more than \1 bytes (1000 × --max-record-bytes) and is not read; "
     r"save it to a file and check the file, or raise --max-record-bytes"),
    (r"(posten|linjen) fylder (\d+) byte; grænsen er (\d+) byte, så den er ikke indlæst",
     r"the record takes \2 bytes; the limit is \3 bytes, so it was not loaded"),
    (r"rækken har (\d+) felter, men overskriften har (\d+)", r"the row has \1 fields, but the header has \2"),
    (r"rækken er ikke gyldig UTF-8: kolonne «(.*?)», tegn (\d+): byte (0x[0-9A-F]{2}) \(og (\d+) byte mere\), "
     r"men resten af filen er UTF-8; rækken er ikke læst",
     r"the row is not valid UTF-8: column «\1», character \2: byte \3 (and \4 more), but the rest of the "
     r"file is UTF-8; the row was not read"),
    (r"rækken er ikke gyldig UTF-8: kolonne «(.*?)», tegn (\d+): byte (0x[0-9A-F]{2}), "
     r"men resten af filen er UTF-8; rækken er ikke læst",
     r"the row is not valid UTF-8: column «\1», character \2: byte \3, but the rest of the file is UTF-8; "
     r"the row was not read"),
    (r"rækken er ikke gyldig UTF-8: tegn (\d+): byte (0x[0-9A-F]{2})(?: \(og (\d+) byte mere\))?, "
     r"men resten af filen er UTF-8; rækken er ikke læst",
     r"the row is not valid UTF-8: character \1: byte \2, but the rest of the file is UTF-8; the row was not read"),
    (r"rækken er ikke gyldig UTF-8, men resten af filen er UTF-8; rækken er ikke læst",
     "the row is not valid UTF-8, but the rest of the file is UTF-8; the row was not read"),
    (r"rækken kan ikke læses som CSV \((.*?)\); resten af filen er ikke læst", r"the row cannot be read as CSV (\1); the rest of the file was not read"),
    (r"rækken kan ikke læses som CSV", "the row cannot be read as CSV"),
    (r"efter et afsluttende anførselstegn skal der stå skilletegnet «(.)»", r"a closing quote must be followed by the separator «\1»"),
    (r"et anførselstegn i rækken lukkes aldrig", "a quote in the row is never closed"),
    (r"anførselstegnene i rækken står forkert", "the quotes in the row are misplaced"),
    (r"ugyldig JSON: forventede en værdi", "invalid JSON: expected a value"),
    (r"ugyldig JSON: forventede et feltnavn i dobbelte anførselstegn", "invalid JSON: expected a key in double quotes"),
    (r"ugyldig JSON: forventede et kolon", "invalid JSON: expected a colon"),
    (r"ugyldig JSON: forventede et komma", "invalid JSON: expected a comma"),
    (r"ugyldig JSON: teksten slutter ikke med et anførselstegn", "invalid JSON: unterminated string"),
    (r"ugyldig JSON: der står mere efter JSON-værdien", "invalid JSON: extra data after the value"),
    (r"ugyldig JSON: ugyldigt kontroltegn i tekst", "invalid JSON: invalid control character in a string"),
    (r"ugyldig JSON: ugyldig escape-sekvens", "invalid JSON: invalid escape"),
    (r"ugyldig JSON: ugyldig \\u-escape", r"invalid JSON: invalid \\u escape"),
    (r"ugyldig JSON: et BOM-tegn \(U\+FEFF\) står først på linjen; det hører kun til starten af en fil",
     "invalid JSON: a BOM character (U+FEFF) begins the line; it belongs only at the start of a file"),
    (r"ugyldig JSON: syntaksen er forkert", "invalid JSON: the syntax is wrong"),
    (r"(NaN|Infinity|-Infinity) er ikke en gyldig JSON-værdi", r"\1 is not a valid JSON value"),
    (r"(\\u[0-9a-fA-F]{4}) er en enlig UTF-16-surrogat, ikke et tegn", r"\1 is a lone UTF-16 surrogate, not a character"),
    (r"et tal med over 4\.300 cifre", "a number of more than 4,300 digits"),
    (r"ugyldig JSON:", "invalid JSON:"),
    (r"ukendt formatversion (.+?); kun (\S+) kendes", r"unknown format version \1; only \2 is known"),
    (r"kolonne «", "column «"),
    (r"» er en dato, der ikke findes", "» is a date that does not exist"),
    (r"» er ikke en dato \(dd-mm-åååå, dd\.mm\.åååå eller åååå-mm-dd\)", "» is not a date (dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd)"),
    (r"» er ikke et endeligt tal", "» is not a finite number"),
    (r"» er så tæt på 0, at det læses som 0, ikke som det tal, der står",
     "» is so close to 0 that it reads as 0, not as the number written"),
    (r"» må ikke være negativ", "» must not be negative"),
    (r"» har flere cifre, end der regnes med, og læses som (-?[0-9]+),([0-9]+)",
     r"» has more digits than are kept and reads as \1.\2"),
    (r"» har flere cifre, end der regnes med, og læses som ", "» has more digits than are kept and reads as "),
    (r"» er ikke et tal", "» is not a number"),
    (r"» er tvetydigt: punktummet kan være tusindtalsskilletegn eller decimaltegn",
     "» is ambiguous: the point may be a thousands separator or a decimal point"),
    (r"» er hverken ja eller nej", "» is neither yes nor no"),
    (r"felt (/\S*): ", r"field \1: "),
    (r"feltet mangler", "the field is missing"),
    (r"må ikke være tom", "must not be empty"),
    (r"må ikke være negativ", "must not be negative"),
    (r"skal være tekst", "must be text"),
    (r"skal være et endeligt tal \(ikke NaN eller uendelig\)", "must be a finite number (not NaN or infinite)"),
    (r"skal være et tal", "must be a number"),
    (r"skal være et heltal", "must be an integer"),
    (r"skal være true eller false", "must be true or false"),
    (r"er ikke en gyldig dato \(ÅÅÅÅ-MM-DD\)", "is not a valid date (YYYY-MM-DD)"),
    (r"skal være en liste", "must be a list"),
    (r"skal være et objekt", "must be an object"),
    (r"\(fik ", "(got "),
    (r"; og (\d+) fejl mere", r"; and \1 more"),
]
_COMPILED = [(re.compile(p), r) for p, r in _PHRASES]


def to_english(detail: str) -> str:
    for pattern, repl in _COMPILED:
        detail = pattern.sub(repl, detail)
    return detail
