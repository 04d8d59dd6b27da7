"""A CPR number hidden by characters that show nothing or that an output escapes —
an escape sequence, a control character, a soft hyphen or zero-width space, a combining
mark — between any of its parts, in any text field of an agreement or in place of a
value of another type, reads as no CPR number in any output of `check`, read as a person
reads it: each output's texts with what shows nothing removed (review 21 F5 and the web
form's carried document were this cause: a text masked as written, shown cleaned).

Property over generated agreements and hiding places, one output format an example."""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import base_agreement, examples
from praktiktjek import door
from praktiktjek.privacy import mask_cpr

HIDE = ["\x1b[31m", "\x1b[0m", "\x07", "\x00", "\u00ad", "\u200b", "\u2060", "\ufeff", "\u034f", "\ufe0f",
        "\u0301", "\r", "\t", "\n", ""]
numbers = st.builds(lambda d, m, y, s: (f"{d:02d}", f"{m:02d}", f"{y:02d}", f"{s:04d}"),
                    st.integers(1, 28), st.integers(1, 12), st.integers(0, 99), st.integers(0, 9999))


EXAMPLE_CSV = Path(__file__).resolve().parents[1] / "examples" / "exports" / "vitas-eksempel.csv"
#: a masked number: its date digits may hold a serial's digits
_MASKED = re.compile(r"[0-9]{6}-\*{4}")
#: serials whose digits occur nowhere in the base agreement's outputs (checked below)
SERIALS = ["9468", "7395", "8261", "5837", "0946", "6839"]


@st.composite
def hidden_cpr(draw: st.DrawFn) -> tuple[str, str]:
    """(a text holding a CPR number with something hidden in it, its serial as written)."""
    d, m, y, _ = draw(numbers)
    s = draw(st.sampled_from(SERIALS))
    seps = [draw(st.sampled_from(["", ".", "-", " "])) for _ in range(2)]
    between = draw(st.sampled_from(["", "-", " ", "/"]))
    serial = s if draw(st.booleans()) else s[:2] + " " + s[2:]
    parts = [d, seps[0], m, seps[1], y, between, serial]
    # between year and serial most often: the place a blank would part them (F5)
    at = draw(st.one_of(st.just(4), st.integers(0, len(parts) - 1)))
    hide = draw(st.sampled_from(HIDE))
    head = draw(st.sampled_from(["", "Lager ", "sag ", "x"]))
    tail = draw(st.sampled_from(["", " kasse", "."]))
    plain = head + "".join(parts) + tail
    # the premise: a number as the README recognises it, read without the hidden thing —
    # or with it as a blank where it stands between year and serial (review 21 F5)
    spaced = head + "".join(p + (" " if i == at else "") for i, p in enumerate(parts)) + tail
    assume(serial not in mask_cpr(plain) or (at == 4 and hide != "" and serial not in mask_cpr(spaced)))
    parts[at] += hide
    return head + "".join(parts) + tail, serial


def _pointers(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _pointers(v, (*at, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _pointers(v, (*at, i))
    if at:
        yield at


def _set(data: Any, at: tuple[Any, ...], value: Any) -> None:
    """Set the value at ``at``, unless a place above it was set before (then it is text)."""
    for k in at[:-1]:
        if not isinstance(data, dict | list):
            return
        data = data[k]
    if isinstance(data, dict | list):
        data[at[-1]] = value


def _walk(v: Any) -> Iterator[str]:
    """The texts of a JSON document, but a company's CVR and P-number in their own fields
    (never masked: the contract says they are no personal data)."""
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            if k not in ("cvr", "p_number"):
                yield from _walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from _walk(x)


def _texts(fmt: str, out: str) -> Iterator[str]:
    """The texts of an output as a person reads them."""
    if fmt in ("json", "sarif"):
        yield from _walk(json.loads(out))
    elif fmt == "junit":
        for el in ET.fromstring(out.encode()).iter():
            yield from (el.text or "", el.tail or "", *el.attrib.values())
    else:
        yield out.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


@settings(max_examples=examples(160), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), fmt=st.sampled_from(["json", "sarif", "junit", "github", "text"]),
       lang=st.sampled_from(["da", "en"]))
def test_no_output_shows_a_hidden_cpr_number(run_cli: Any, data: st.DataObject, fmt: str, lang: str) -> None:
    agreement = base_agreement()
    # the places every output echoes (ids; a value of the wrong type or unknown is quoted),
    # and any other
    places = [("id",), ("citizen", "id"), ("hours_per_week",), ("target_group",), ("start",),
              ("company", "cvr"), ("position", "functions")]
    places += data.draw(st.lists(st.sampled_from(list(_pointers(agreement))), max_size=2))
    serials = set()
    for at in data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=4, unique=True)):
        text, serial = data.draw(hidden_cpr())
        _set(agreement, at, text)
        serials.add(serial)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "aftale.json"
        path.write_text(json.dumps(agreement, ensure_ascii=False), encoding="utf-8")
        res = run_cli("check", str(path), "-f", fmt, "--lang", lang)
    assert res.code in (0, 1), res.err
    for text in [*_texts(fmt, res.out), res.err]:
        # as a person reads it: what shows nothing is not there
        read = "".join(c for c in door.clean(text, keep_newlines=True) if not door.shows_nothing(c)
                       and unicodedata.category(c) not in ("Mn", "Me"))
        assert mask_cpr(read) == read, (fmt, text)
        assert not any(s in _MASKED.sub("", read) for s in serials), (fmt, serials, text)


def test_the_serials_occur_nowhere_else() -> None:
    """The premise of the property: no output of the base agreement holds these digits."""
    base = json.dumps(base_agreement(), ensure_ascii=False)
    assert not any(s in base or s[:2] + " " + s[2:] in base for s in SERIALS)


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = dict(attrs).get("name") or ""
        if name.endswith(("cvr", "p_number")):  # a company's number in its own field, as written
            return
        for _, v in attrs:
            if v and v.startswith("{"):  # the page's hidden document: JSON
                self.texts.extend(_walk(json.loads(v)))
            elif v:
                self.texts.append(v)


def _read(text: str) -> str:
    return "".join(c for c in door.clean(text, keep_newlines=True) if not door.shows_nothing(c)
                   and unicodedata.category(c) not in ("Mn", "Me"))


def _audit_shows_none(run_cli: Any, name: str, content: str, engine: str, serials: set[str]) -> None:
    """Audit ``content`` as the file ``name`` with all outputs; none, read as a person reads
    it, shows a CPR number or one of ``serials``."""
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / name
        export.write_text(content, encoding="utf-8")
        findings, report = Path(tmp) / "fund.csv", Path(tmp) / "rapport.html"
        res = run_cli("audit", str(export), "-q", "-f", "jsonl", "--engine", engine, "-j", "1",
                      "--findings", str(findings), "--report", str(report))
        assert res.code in (0, 1), res.err
        html = _Html()
        html.feed(report.read_text(encoding="utf-8"))
        texts = [res.out, res.err, findings.read_text(encoding="utf-8-sig"), *html.texts]
    for text in texts:
        read = _read(text)
        assert mask_cpr(read) == read, (engine, text[:2000])
        assert not any(s in _MASKED.sub("", read) for s in serials), (engine, serials, text[:2000])


@settings(max_examples=examples(24), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), engine=st.sampled_from(["duckdb", "python"]))
def test_no_audit_output_shows_a_hidden_cpr_number(run_cli: Any, data: st.DataObject, engine: str) -> None:
    """The same over an export of several records, each with hidden numbers in echoed
    places, through both audit engines: results on stdout, the findings CSV, the report."""
    serials: set[str] = set()
    lines = []
    for i in range(data.draw(st.integers(2, 6))):
        agreement = base_agreement()
        agreement["id"] = f"A-{i}"
        places = [("id",), ("citizen", "id"), ("hours_per_week",), ("target_group",), ("municipality",),
                  ("position", "title"), ("purpose", "description")]
        for at in data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique=True)):
            text, serial = data.draw(hidden_cpr())
            _set(agreement, at, text)
            serials.add(serial)
        lines.append(json.dumps(agreement, ensure_ascii=False))
    _audit_shows_none(run_cli, "udtraek.jsonl", "\n".join(lines) + "\n", engine, serials)


_CLIENT: list[Any] = []


def _client() -> Any:
    if not _CLIENT:
        from fastapi.testclient import TestClient

        from praktiktjek.web import Settings, create_app
        _CLIENT.append(TestClient(create_app(Settings(allowed_hosts=["testserver"]))))
    return _CLIENT[0]


@settings(max_examples=40, deadline=None)
@given(data=st.data(), lang=st.sampled_from(["da", "en"]))
def test_no_web_answer_shows_a_hidden_cpr_number(data: st.DataObject, lang: str) -> None:
    """The same through the web page: the HTTP API's JSON and the page that opens the file
    (form, hidden document, findings panel)."""
    agreement = base_agreement()
    places = [("id",), ("citizen", "id"), ("hours_per_week",), ("target_group",), ("purpose", "description"),
              ("position", "title"), ("position", "functions")]
    serials = set()
    for at in data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=4, unique=True)):
        text, serial = data.draw(hidden_cpr())
        _set(agreement, at, text)
        serials.add(serial)
    client = _client()
    body = json.dumps(agreement, ensure_ascii=False).encode()
    api = client.post(f"/api/check?lang={lang}", content=body, headers={"content-type": "application/json"})
    page = client.post("/aabn", files={"file": ("aftale.json", body)}, data={"lang": lang})
    assert api.status_code in (200, 422) and page.status_code == 200, (api.text[:300], page.text[:300])
    html = _Html()
    html.feed(page.text)
    for text in [*_texts("json", api.text), *html.texts]:
        read = _read(text)
        assert mask_cpr(read) == read, text[:2000]
        assert not any(s in _MASKED.sub("", read) for s in serials), (serials, text[:2000])


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), engine=st.sampled_from(["duckdb", "python"]))
def test_no_audit_of_a_csv_export_shows_a_hidden_cpr_number(run_cli: Any, data: st.DataObject, engine: str) -> None:
    """The same over a VITAS CSV export (cells quoted as a spreadsheet writes them)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(EXAMPLE_CSV.read_text(encoding="utf-8-sig")), delimiter=";"))
    header, template = rows[0], rows[1]
    columns = [header.index(c) for c in ("aftale_id", "cpr", "maalgruppe", "timer_pr_uge", "stillingsbetegnelse",
                                         "formaal_beskrivelse", "kommune")]
    serials: set[str] = set()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for i in range(data.draw(st.integers(2, 6))):
        row = list(template)
        row[header.index("aftale_id")] = f"A-{i}"
        for c in data.draw(st.lists(st.sampled_from(columns), min_size=1, max_size=3, unique=True)):
            text, serial = data.draw(hidden_cpr())
            row[c] = text
            serials.add(serial)
        writer.writerow(row)
    _audit_shows_none(run_cli, "udtraek.csv", out.getvalue(), engine, serials)
