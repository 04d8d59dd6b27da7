"""`praktiktjek serve`: the caseworker's page and the HTTP API, on the same engine, the
same output contract and the same rule texts as the command line.

Nothing is stored: no database, no cookies, no sessions; an uploaded export lives in a
temporary directory for the length of its request.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import io
import json
import logging
import re
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, door
from ..checks.base import Hit
from ..door import clean
from ..engine import Engine, Finding, Result
from ..model import Agreement, json_schema
from ..privacy import mask_cpr
from ..readers import InputProblem, RawRecord
from ..readers.jsonfile import UTF16_JSON, UTF32_JSON, read_json
from ..reporters.common import act_numbers
from ..reporters.jsonout import document
from ..results import summarise
from ..rulepack import Rule, RuleSet, web_url
from . import api_models as m
from .forms import MAX_ROWS, FormSpec, input_id
from .i18n import UI, t, tally
from .rulesview import rule_rows, rule_view
from .security import Door, lang_of
from .suggest import STEP_CHECK, suggestion

HERE = Path(__file__).resolve().parent
Lang = Literal["da", "en"]
PROBLEM = "application/problem+json"
_P: dict[str, Any] = {"description": "RFC 9457 problem document",
                      "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
#: the problem answers every API route may give (documented, so that clients and schemathesis know them)
ERRORS: dict[int | str, dict[str, Any]] = {400: _P, 413: _P, 422: _P}
#: dates for which the engine keeps a rule plan; beyond this many the memo starts afresh
MAX_PLANS = 4096


@dataclass
class Settings:
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"])
    #: the largest body of a check or a form (bytes)
    body_limit: int = 1_000_000
    #: the largest export an auditor may upload (bytes)
    upload_limit: int = 50_000_000
    #: the longest an upload's audit may take (seconds), and the longest it waits for
    #: another upload's; past it the page says to run `praktiktjek audit` (review 16, F6)
    audit_seconds: float = 120.0
    #: local rule packs besides the national one (`serve --rules`, the configuration's `rules`)
    rules: list[str] = field(default_factory=list)


@dataclass(slots=True)
class WebFinding(Finding):
    """A finding plus the value the rule allows, where one can be computed."""

    suggestion: str | None = None


class WebEngine(Engine):
    def finding(self, rule: Rule, hit: Any, a: Any, day: dt.date | None,
                severity: str | None = None) -> Finding:
        f = super().finding(rule, hit, a, day, severity)
        s = suggestion(rule.spec.check, a, hit.facts, self.lang, self._step_check)
        return WebFinding(rule=f.rule, severity=f.severity, message=f.message, pointer=f.pointer,
                          citation=f.citation, fix=f.fix, title=f.title,
                          suggestion=clean(self.mask(s)) if s else None)

    def _step_check(self, a: Agreement) -> list[Hit]:
        """The hits of the extension-step rules in force for ``a`` (VP206), on ``a`` as given:
        what a computed value that moves an end earlier is checked against."""
        return [hit for _, fn, params, rule in self.plan(a.start) if rule.spec.check == STEP_CHECK
                for hit in fn(a, params, self.ctx)]

    def run_one(self, rec: RawRecord) -> Result:
        if len(self._plans) > MAX_PLANS:  # a client sending every date cannot grow memory
            self._plans.clear()
            self._citations.clear()
        from ..door import seal

        result: Result = seal(self.run(rec).slim(), self.mask)  # every response passes the door
        return result


def load_ruleset(extra: list[str] | None = None) -> RuleSet:
    """The national pack and ``extra`` local packs, as `check` and `audit` load them."""
    from ..cache import cached
    from ..pipeline import national_rules_dir
    from ..rulepack import load_rules

    national = national_rules_dir()
    packs = [Path(p) for p in extra or []]
    rs = cached([national, *packs], lambda: load_rules(packs, national=national))
    rs.pack_files = {meta.name: str(p) for meta, p in zip(rs.packs[1:], packs, strict=False)}
    return rs


#: a framework error status → (title, what to say), Danish and English
_STATUS: dict[int, tuple[tuple[str, str], tuple[str, str]]] = {
    400: (("Forespørgslen kunne ikke læses", "The request could not be read"),
          ("Det indsendte kunne ikke læses; send formularen igen.",
           "What was sent could not be read; send the form again.")),
    404: (("Findes ikke", "Not found"), ("Siden findes ikke.", "The page does not exist.")),
    405: (("Metoden er ikke tilladt", "Method not allowed"),
          ("Denne adresse tager ikke imod den metode.", "This address does not accept that method.")),
    413: (("Forespørgslen er for stor", "The request is too large"),
          ("Det indsendte er større, end serveren tager imod.", "What was sent is larger than the server accepts.")),
    415: (("Medietypen understøttes ikke", "Unsupported media type"),
          ("Serveren kan ikke læse indhold af den type.", "The server cannot read content of that type.")),
    422: (("Ugyldig forespørgsel", "Invalid request"),
          ("Forespørgslen har en ugyldig værdi; gå til forsiden og prøv igen.",
           "The request has an invalid value; go to the front page and try again.")),
}

#: the form parser's own messages (Starlette, python-multipart) that say something the
#: user can act on, in our words; every other one gets its status's text
_FORM_DETAIL: list[tuple[re.Pattern[str], tuple[str, str]]] = [
    (re.compile(r"Too many rows\. Maximum number of rows is (\d+)"),
     ("Formularen har for mange felter: den kan højst have {0} rækker under «Tidligere forløb» og {0} "
      "under «Forlængelser».",
      "The form has too many fields: it can have at most {0} rows under «Earlier internships» and {0} "
      "under «Extensions».")),
    (re.compile(r"Too many fields\. Maximum number of fields is (\d+)"),
     ("Formularen har for mange felter; højst {0}.", "The form has too many fields; at most {0}.")),
    (re.compile(r"Too many files\. Maximum number of files is (\d+)"),
     ("Formularen har for mange filer; højst {0}.", "The form has too many files; at most {0}.")),
    (re.compile(r"Part exceeded maximum size of (\d+)KB"),
     ("En del af formularen er større end {0} KB.", "A part of the form is larger than {0} KB.")),
    (re.compile(r"multipart|boundary", re.I),
     ("Den indsendte formular eller fil er ufuldstændig eller ødelagt; send den igen.",
      "The form or file sent is incomplete or damaged; send it again.")),
]


def framework_error(status: int, detail: str, lang: str) -> tuple[str, str]:
    """The title and message of a framework error in ``lang``, never the framework's own
    English text (``detail`` only selects one of our sentences)."""
    i = 1 if lang == "en" else 0
    title, said = _STATUS.get(status, (("Fejl", "Error"), (
        f"Forespørgslen kunne ikke behandles (fejlkode {status}).",
        f"The request could not be handled (error code {status}).")))
    if status == 400:
        for pattern, words in _FORM_DETAIL:
            m = pattern.search(detail)
            if m:
                return title[i], words[i].format(*m.groups())
    return title[i], said[i]


def _lang(value: str | None) -> Lang:
    return "en" if value == "en" else "da"


class ServerStopping(Exception):
    """The server is stopping: an audit under way stops at its next tick."""


class ClientGone(Exception):
    """The client that sent the upload has disconnected: nobody waits for the report."""


class AuditTooSlow(Exception):
    """The audit was not done within the page's time limit (Settings.audit_seconds)."""


class AuditBusy(Exception):
    """Another upload's audit held the server for longer than the time limit."""


#: the kinds of export the upload page takes
UPLOAD_KINDS = (".csv", ".jsonl", ".ndjson", ".json")

#: how long a stopping server waits for its audits to remove their own uploads
STOP_WAIT = 10.0


@dataclass
class Uploads:
    """An app's audits of uploads. When the server stops (SIGTERM, Ctrl+C) an audit under
    way stops at its next tick, and its temporary folder — the uploaded export, with
    citizens' CPR numbers — is removed (review 16, F11: a 48 MB audit ran on for minutes
    after SIGTERM and left the upload in /tmp)."""

    stopping: threading.Event = field(default_factory=threading.Event)
    live: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def stop(self, wait: float) -> None:
        """Stop the audits under way, give them ``wait`` seconds to clean up after
        themselves, then remove what is left."""
        import shutil
        import time

        self.stopping.set()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            with self.lock:
                if not self.live:
                    return
            time.sleep(0.05)
        with self.lock:
            for folder in list(self.live):
                shutil.rmtree(folder, ignore_errors=True)
                self.live.discard(folder)


@dataclass
class Job:
    """One upload's audit, and what ends it at its next progress tick (every 1,000
    records): the server stopping, the client gone, or the time limit passed (review 16,
    F6: a 48 MB upload ran on for minutes after its client had given up)."""

    stopping: threading.Event = field(default_factory=threading.Event)
    gone: threading.Event = field(default_factory=threading.Event)
    #: time.monotonic() by which the report must be done
    deadline: float = float("inf")

    def check(self) -> None:
        import time

        if self.stopping.is_set():
            raise ServerStopping
        if self.gone.is_set():
            raise ClientGone
        if time.monotonic() > self.deadline:
            raise AuditTooSlow


def _stop_watch(stop: threading.Event | Job | None) -> Any:
    """The audit's progress callback: each tick asks whether the audit is to stop."""
    job = Job(stopping=stop) if isinstance(stop, threading.Event) else stop

    def progress(label: str, total: int | None) -> Any:
        def tick(n: int) -> None:
            if job is not None:
                job.check()

        return tick

    return progress


#: what to do about a request body that holds no agreement (review 17, F12)
_SEND_AGREEMENTS = ("Send én aftale (et JSON-objekt) eller en liste af aftaler som forespørgslens indhold",
                    "Send one agreement (a JSON object) or a list of agreements as the request body")
_BODY_UTF8 = re.compile(r"filen er ikke gyldig UTF-8 \(byte (0x[0-9a-f]+) ved byte (\d+)\)")


def body_problem(rec: RawRecord) -> RawRecord:
    """A reader's problem worded for an API request body (review 17, F12): a body is no
    file and no spreadsheet, so «filen …» and the advice to save as »CSV UTF-8« become
    the body's own words. The CLI's and the upload's wording stays the file's."""
    p = rec.problem
    if p is None:
        return rec
    if m := _BODY_UTF8.fullmatch(p.detail):
        p = dataclasses.replace(
            p, detail=f"forespørgslens indhold er ikke gyldig UTF-8 (byte {m[1]} ved byte {m[2]})",
            detail_en=f"the request body is not valid UTF-8 (byte {m[1]} at byte {m[2]})",
            fix=("Send indholdet som JSON i tegnkodningen UTF-8", "Send the body as JSON encoded in UTF-8"))
    elif p.detail in (UTF16_JSON, UTF32_JSON):
        name = "UTF-32" if p.detail == UTF32_JSON else "UTF-16"
        p = dataclasses.replace(
            p, detail=f"forespørgslens indhold er {name}, som ikke læses",
            detail_en=f"the request body is {name}, which is not read",
            fix=("Send indholdet som JSON i tegnkodningen UTF-8", "Send the body as JSON encoded in UTF-8"))
    elif p.detail == "filen indeholder ingen aftaler (den er tom)":
        p = dataclasses.replace(p, detail="forespørgslens indhold er tomt; der er ingen aftale at kontrollere",
                                detail_en="the request body is empty; there is no agreement to check",
                                fix=_SEND_AGREEMENTS)
    elif p.detail == "filen indeholder ingen aftaler (en tom liste)":
        p = dataclasses.replace(p, detail="forespørgslens indhold er en tom liste; der er ingen aftale at kontrollere",
                                detail_en="the request body is an empty list; there is no agreement to check",
                                fix=_SEND_AGREEMENTS)
    elif p.detail.startswith("ugyldig JSON: der står mere efter JSON-værdien"):
        p = dataclasses.replace(p, fix=(
            "Slet det, der står efter aftalen; flere aftaler sendes som en liste [ {…}, {…} ] eller som JSON "
            "Lines med én aftale pr. linje", "Delete what follows the agreement; several agreements are sent as "
            "a list [ {…}, {…} ] or as JSON Lines with one agreement a line"))
    else:
        return rec
    rec.problem = p
    return rec


def create_app(settings: Settings | None = None, rules: RuleSet | None = None) -> FastAPI:
    settings = settings or Settings()
    rs = rules or load_ruleset()
    engines = {lang: WebEngine(rs, lang=lang) for lang in ("da", "en")}
    groups = {"/target_group": [(k, {"da": g.label.da, "en": g.label.en}) for k, g in rs.target_groups.items()]}
    spec = FormSpec(json_schema(), fallback_options=groups)
    audit_lock = threading.Lock()

    from contextlib import asynccontextmanager

    uploads = Uploads()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        uploads.stop(STOP_WAIT)  # the server stops: no upload outlives it

    app = FastAPI(
        lifespan=lifespan,
        title="praktiktjek",
        version=__version__,
        description="Kontrollerer aftaler om virksomhedspraktik mod loven. / Checks Danish virksomhedspraktik "
                    "agreements against the law.",
        docs_url=None, redoc_url=None,  # their assets come from a CDN; /openapi.json is enough
    )
    app.state.uploads = uploads
    app.state.audit_lock = audit_lock  # one upload's audit at a time
    from ..auditreport import template_env

    env = template_env(HERE / "templates")
    from ..packinfo import footer

    env.globals.update(t=t, tally=tally, UI=UI, version=__version__, input_id=input_id,
                       packs={lang: footer(rs, lang) for lang in ("da", "en")})
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(name: str, lang: Lang, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = door.no_digit_entities(env.get_template(name).render(lang=lang, **ctx))
        return HTMLResponse(html, status_code=status)

    # ------------------------------------------------------------------ errors

    def problem(status: int, title: str, detail: str, kind: str = "about:blank",
                headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse({"type": kind, "title": title, "status": status, "detail": detail},
                            status_code=status, media_type=PROBLEM, headers=headers)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/openapi.json")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # The framework's own texts («Method Not Allowed», «Too many fields …») are English:
        # every status is told in our words, in the request's language (review 8, finding 7).
        lang = _lang(lang_of(request.scope))
        title, detail = framework_error(exc.status_code, str(exc.detail), lang)
        if is_api(request):
            return problem(exc.status_code, title, detail, headers=dict(exc.headers or {}))
        resp = page("error.html", lang, exc.status_code, message=detail)
        resp.headers.update(exc.headers or {})
        return resp

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        lang = _lang(lang_of(request.scope))
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        if not is_api(request):  # a page: a page, without the parameters' code names
            return page("error.html", lang, 422, message=framework_error(422, "", lang)[1])
        return problem(422, "Ugyldig forespørgsel" if lang == "da" else "Invalid request",
                       (f"Disse parametre er ugyldige: {where}" if lang == "da"
                        else f"These parameters are invalid: {where}"))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:  # pragma: no cover - a bug
        lang = _lang(lang_of(request.scope))
        return problem(500, "Intern fejl" if lang == "da" else "Internal error",
                       "Serveren kunne ikke svare; forespørgslen er ikke gemt." if lang == "da"
                       else "The server could not answer; the request has not been kept.")

    # ------------------------------------------------------------------ checking

    def packs_in_force(lang: Lang) -> list[dict[str, Any]]:
        """The rule packs in force as `check -f json` lists them under ``tool.packs``,
        without files: the server's paths are its own (as on the pages, review 16, F10)."""
        from ..packinfo import packs

        return [{**p, "file": None} for p in packs(rs, lang, engines[lang].mask)]

    def check_bytes(body: bytes, lang: Lang) -> list[Result]:
        source = "forespørgsel" if lang == "da" else "request"
        engine = engines[lang]
        return [engine.run_one(body_problem(rec)) for rec in read_json(body, source, settings.body_limit)]

    def opened_base(pairs: list[tuple[str, str]]) -> dict[str, Any] | None:
        """The opened document the page carries in its hidden field «grundlag» (review 19,
        F6): the form's values are merged into it, as the script merges them."""
        raw = next((v for k, v in reversed(pairs) if k == "grundlag"), "")
        if not raw:
            return None
        try:
            doc = json.loads(raw)
        except ValueError:
            return None
        return doc if isinstance(doc, dict) else None

    def opened_count(pairs: list[tuple[str, str]] | None, raw: str | None = None) -> int:
        """How many agreements the opened file holds, as the page carries it (its hidden
        field «aftaler», or the script's query): the form holds the first alone."""
        got = raw if raw is not None else next((v for k, v in reversed(pairs or []) if k == "aftaler"), "")
        return int(got) if got.isascii() and got.isdigit() and len(got) <= 9 and int(got) > 1 else 0

    def opened_masked(pairs: list[tuple[str, str]]) -> bool:
        """The page carries an opened document with its CPR numbers masked (its hidden field
        «maskeret»): the server filled the form, and a save writes the masked numbers."""
        return opened_base(pairs) is not None and any(k == "maskeret" and v == "ja" for k, v in pairs)

    def opened_unreadable(pairs: list[tuple[str, str]]) -> bool:
        """The page carries an opened file that cannot be read as it stands (its hidden
        field «aabnet»), so what the form posts is not that file."""
        return opened_base(pairs) is not None and any(k == "aabnet" and v == "ulaeselig" for k, v in pairs)

    def check_form(pairs: list[tuple[str, str]], lang: Lang) -> tuple[dict[str, Any], Result]:
        refused: list[tuple[str, str]] = []
        base = opened_base(pairs)
        data = spec.to_agreement(pairs, refused) if base is None else spec.merge(base, pairs, lang, refused)
        source = "formular" if lang == "da" else "form"
        if refused:  # a row the form cannot hold is never dropped in silence (review 17, F2)
            rec = RawRecord(source, None, data=data, problem=InputProblem(
                refused[0][0], "", detail_en=refused[0][1]))
        else:
            rec = RawRecord(source, None, data=data, form_labels=spec.label_of)
        return data, engines[lang].run_one(rec)

    def check_document(body: bytes, lang: Lang, form: bool = False) -> tuple[RawRecord, Result, int]:
        """The first agreement of a file's bytes (or of the agreement the page's script
        built from the form), read as strictly as `praktiktjek check` reads it, and its
        result; with the number of agreements in the body. ``form``: a VP000 names the
        field as the form does."""
        if form:  # the form's agreement is no file: «formular: …», as the no-JS path says (review 19, F11)
            records = list(read_json(body, "formular" if lang == "da" else "form", settings.body_limit))
            first = replace(records[0], line=None, locator=None)
            if first.problem is None:
                first = replace(first, form_labels=spec.label_of)
            else:
                first.problem = replace(first.problem, line=None, column=None)
        else:
            records = list(read_json(body, "fil" if lang == "da" else "file", settings.body_limit))
            first = records[0]
        return first, engines[lang].run_one(first), len(records)

    #: the most further agreements of an opened file checked on the page
    max_others = 200

    def others_notice(body: bytes, n: int, lang: Lang) -> str:
        """What the page says of an opened file's agreements after the first (review 19, F7):
        how many of them have findings, so that the first one's «Ingen fund» is never the
        only verdict on a file `check` fails."""
        rest = n - 1
        if rest > max_others:
            return t("open_list_unchecked", lang, n=n, rest=rest)
        records = list(read_json(body, "fil" if lang == "da" else "file", settings.body_limit))[1:]
        results = [engines[lang].run_one(rec) for rec in records]
        s = summarise(results)
        bad = sum(1 for r in results if r.findings)
        one = "_one" if rest == 1 else ""
        if bad == 0:
            return t("open_list_clean" + one, lang, n=n, rest=rest)
        return t("open_list_findings" + one, lang, n=n, rest=rest, bad=bad,
                 tally=tally(s.error, s.warning, s.info, lang))

    def findings_view(result: Result | None, lang: Lang, rendered: set[str]) -> dict[str, Any] | None:
        if result is None:
            return None
        items = []
        for n, f in enumerate(result.findings):
            anchor = spec.anchor(f.pointer, rendered)
            items.append({
                "n": n, "id": f"finding-{n}", "rule": f.rule, "severity": f.severity, "title": f.title,
                "message": f.message, "fix": f.fix,
                "suggestion": getattr(f, "suggestion", None),
                "citation": f.citation.text if f.citation else None,
                # the act version as text, as `check` names it (review 15, F2)
                "acts": act_numbers(f.citation, lang),
                "url": web_url(f.citation.url) if f.citation else None,
                "sources": f.citation.sources if f.citation else (),
                "pointer": f.pointer, "anchor": input_id(anchor) if anchor else None,
            })
        summary = summarise([result])
        return {"items": items, "summary": summary}

    def form_context(values: dict[str, Any], counts: dict[str, int], result: Result | None,
                     lang: Lang, notice: str | None = None, base: dict[str, Any] | None = None,
                     unreadable: bool = False, agreements: int = 0, masked: bool = False) -> dict[str, Any]:
        rendered = set(values)
        for f in spec.fields.values():
            if "*" not in f.pointer:
                rendered.add(f.pointer)
        for gp in spec.groups:
            rendered.add(gp)
            for i in range(counts.get(gp, 0) + 1):
                rendered.add(f"{gp}/{i}")
                for f in spec.groups[gp].fields:
                    rendered.add(f.name(i))
        view = findings_view(result, lang, rendered)
        marks: dict[str, list[str]] = {}
        if view:
            for it in view["items"]:
                if it["anchor"]:
                    marks.setdefault(it["anchor"], []).append(it["id"])
        return {"spec": spec, "values": values, "counts": counts, "view": view, "marks": marks,
                "notice": notice, "known": sorted(_patterns(spec)),
                "grundlag": json.dumps(base, ensure_ascii=True) if base is not None else "",
                "aabnet": "ulaeselig" if base is not None and unreadable else "",
                "aftaler": str(agreements) if base is not None and agreements > 1 else "",
                "maskeret": "ja" if base is not None and masked else ""}

    async def agreement_form(request: Request) -> Any:
        """The posted agreement form, with room for ``MAX_ROWS`` rows in every repeated
        group; past that the page names the row cap (the parser's default, 1,000 fields,
        refused a form of ~125 rows)."""
        try:
            return await request.form(max_fields=spec.max_fields)
        except StarletteHTTPException as exc:
            if str(exc.detail).startswith("Too many fields"):
                raise StarletteHTTPException(400, f"Too many rows. Maximum number of rows is {MAX_ROWS}.") from None
            raise

    def form_pairs(form: Any) -> list[tuple[str, str]]:
        return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]

    # ------------------------------------------------------------------ the page

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index(lang: Annotated[str | None, Query()] = None) -> HTMLResponse:
        lg = _lang(lang)
        return page("index.html", lg, **form_context({}, {}, None, lg))

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def index_post(request: Request) -> HTMLResponse:
        form = await agreement_form(request)
        lg = _lang(str(form.get("lang") or request.query_params.get("lang") or ""))
        pairs = form_pairs(form)
        data, result = check_form(pairs, lg)
        if opened_base(pairs) is None:  # a form typed from scratch: nothing beyond the form to carry
            values, counts = spec.to_values(data, lang=lg)
            return page("index.html", lg, **form_context(values, counts, result, lg))
        carried = spec.masked(data)  # the next «Kontroller» edits this opened document again
        values, counts = spec.to_values(carried, lang=lg)
        # an opened file that cannot be read as it stands: the findings are the form's, and
        # the panel says so as long as the page carries that file (form4 leftover)
        unreadable = opened_unreadable(pairs)
        n = opened_count(pairs)
        said = ([t("first_of", lg, n=n)] if n else []) + ([t("form_not_file", lg)] if unreadable else [])
        masked = carried != data or opened_masked(pairs)
        return page("index.html", lg, **form_context(values, counts, result, lg, base=carried, unreadable=unreadable,
                                                     agreements=n, masked=masked),
                    panel_notice=" ".join(said) or None)

    @app.post("/aabn", response_class=HTMLResponse, include_in_schema=False)
    async def open_agreement(request: Request) -> HTMLResponse:
        async with request.form() as form:
            lg = _lang(str(form.get("lang") or ""))
            upload = form.get("file")
            # a chosen file is the input, also when it is empty: its VP000 «filen indeholder
            # ingen aftaler», as `check` gives it — the text box is read only when no file
            # was chosen (a browser sends a part without a file name then) (review 21, F7)
            if upload is not None and not isinstance(upload, str) and upload.filename:
                raw = await upload.read()
            else:
                raw = str(form.get("pasted") or "").encode()
        records = list(read_json(raw, "fil" if lg == "da" else "file", settings.body_limit))
        first = records[0]
        notice = None
        if first.problem is not None or not isinstance(first.data, dict):
            detail = first.problem.detail if first.problem else ""
            result = engines[lg].run_one(first)
            msg = result.findings[0].message if result.findings else detail
            # the panel shows the file's VP000 as `check` gives it, never «not checked» (review 19, F1)
            return page("index.html", lg, **form_context({}, {}, result, lg, notice=msg))
        others = others_notice(raw, len(records), lg) if len(records) > 1 else None
        # the page carries the opened document (masked) in a hidden field, and «Kontroller»
        # merges the form into it: what the form does not show is kept (review 19, F6)
        carried = spec.masked(first.data)
        values, counts = spec.to_values(carried, lang=lg)
        result = engines[lg].run_one(first)
        unreadable = any(f.rule == "VP000" for f in result.findings)
        if unreadable:
            # the findings are the file's; the form holds what could be read (review 17, F1)
            notice = t("open_unreadable", lg)
        # the others' verdict is in the panel, beside the first one's (review 19, F7)
        # the form holds the document masked: a save writes «010190-****» (review 21, F3)
        masked = carried != first.data
        return page("index.html", lg, **form_context(values, counts, result, lg, notice, base=carried,
                                                     unreadable=unreadable, agreements=len(records),
                                                     masked=masked),
                    panel_notice=others)

    @app.post("/fragment/dokument", response_class=HTMLResponse, include_in_schema=False)
    async def fragment_document(request: Request, lang: Annotated[str | None, Query()] = None,
                                kilde: Annotated[str | None, Query(max_length=20)] = None,
                                gemt: Annotated[str | None, Query(max_length=20)] = None,
                                aabnet: Annotated[str | None, Query(max_length=20)] = None,
                                aftaler: Annotated[str | None, Query(max_length=20)] = None,
                                maskeret: Annotated[str | None, Query(max_length=20)] = None) -> HTMLResponse:
        """The findings of a document as `check` gives them: the page's script posts an
        opened file's own bytes here, and the agreement it is about to save (review 17, F1)."""
        from starlette.concurrency import run_in_threadpool

        lg = _lang(lang)
        body = await request.body()
        first, result, n = await run_in_threadpool(check_document, body, lg, kilde == "formular")
        values, counts = spec.to_values(first.data, lang=lg) if isinstance(first.data, dict) else ({}, {})
        unreadable = any(f.rule == "VP000" for f in result.findings)
        said = [await run_in_threadpool(others_notice, body, n, lg)] if n > 1 and kilde != "formular" else []
        if unreadable and kilde != "formular":
            said.append(t("open_unreadable", lg))
        first_of = opened_count(None, aftaler or "") if kilde == "formular" else 0
        if first_of:  # the form of a file with several agreements holds the first
            said.append(t("first_of", lg, n=first_of))
        edited = aabnet == "ulaeselig" and kilde == "formular"  # the form of a file that cannot be read
        if gemt == "forskellig":  # the script saved a document that is not the opened file
            said.append(t("saved_differs_edited" if edited else "saved_differs", lg))
        elif edited:  # the form, changed, of an opened file that cannot be read as it stands (form4)
            said.append(t("form_not_file", lg))
        if maskeret == "ja" and kilde == "formular":  # sent by «Gem som JSON» alone
            # a save of a document the server filled in masked: its CPR numbers are starred
            # in the saved file, which is not the caseworker's agreement whole (review 21, F3)
            said.append(t("saved_masked", lg))
        ctx = form_context({v: "" for v in values}, counts, result, lg)
        return page("_findings.html", lg, **ctx, panel_notice=" ".join(said) or None, unreadable=unreadable,
                    agreements=n if kilde != "formular" else 0)

    @app.post("/fragment/findings", response_class=HTMLResponse, include_in_schema=False)
    async def fragment(request: Request) -> HTMLResponse:
        form = await agreement_form(request)
        lg = _lang(str(form.get("lang") or ""))
        pairs = form_pairs(form)
        data, result = check_form(pairs, lg)
        counts = {gp: len(v) for gp in spec.groups if isinstance(v := _get_list(data, gp), list)}
        # a row index comes from the client: never trust it past the form's own limit
        rows = {gp: min(MAX_ROWS, max((int(n.split("/")[gp.count("/") + 1]) for n, _ in pairs
                                       if n.startswith(gp + "/")
                                       and n.split("/")[gp.count("/") + 1].isdigit()
                                       and len(n.split("/")[gp.count("/") + 1]) <= 4), default=-1) + 1)
                for gp in spec.groups}
        values = {n for n, _ in pairs if n.startswith("/")}
        ctx = form_context({v: "" for v in values}, {**counts, **rows}, result, lg)
        return page("_findings.html", lg, **ctx)

    @app.post("/kontrolrapport", response_class=HTMLResponse, include_in_schema=False)
    async def print_report(request: Request) -> HTMLResponse:
        form = await agreement_form(request)
        lg = _lang(str(form.get("lang") or ""))
        built = form.get("dokument")
        report_notice = None
        if isinstance(built, str) and built:
            # the page's script sends the agreement it shows, checks and saves: the report
            # is of that document, read as strictly as a file (review 17, F1)
            # the opened file, unchanged, is reported as the file it is (review 19, F4)
            as_file = form.get("kilde") == "fil"
            rec, result, n = check_document(built.encode(), lg, form=not as_file)
            data = rec.data if isinstance(rec.data, dict) else {}
            if as_file:
                said = [others_notice(built.encode(), n, lg)] if n > 1 else []
                if any(f.rule == "VP000" for f in result.findings):
                    said.append(t("print_unreadable", lg))
                report_notice = " ".join(said) or None
        else:
            pairs = form_pairs(form)
            data, result = check_form(pairs, lg)
            if opened_unreadable(pairs):  # without the script, after «Åbn» (form3 leftover)
                report_notice = t("print_form_not_file", lg)
        if isinstance(built, str) and built and form.get("kilde") != "fil" and form.get("aabnet") == "ulaeselig":
            # the script's report of the form, changed, of an opened file that cannot be read
            report_notice = t("print_form_not_file", lg)
        n = opened_count(form_pairs(form)) if form.get("kilde") != "fil" else 0
        if n:  # the report of the form holds the opened file's first agreement alone
            report_notice = " ".join(filter(None, [t("first_of", lg, n=n), report_notice]))
        values, counts = spec.to_values(data, lang=lg)
        values.pop("/format", None)
        rows = _summary_rows(spec, values, lg)
        pack = rs.national
        return page("print.html", lg, rows=rows, result=result, pack=pack,
                    checked=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
                    report_notice=report_notice, **form_context(values, counts, result, lg))

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        # a browser asks for it on pages that name no icon (the self-contained audit report)
        return Response((HERE / "static" / "icon.svg").read_bytes(), media_type="image/svg+xml")

    # ------------------------------------------------------------------ rules pages

    @app.get("/regler", response_class=HTMLResponse, include_in_schema=False)
    async def rules_page(lang: Annotated[str | None, Query()] = None,
                         q: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
        lg = _lang(lang)
        rows = rule_rows(rs, lg)
        if q:
            needle = q.casefold()
            rows = [r for r in rows if needle in " ".join([r["id"], r["title"], r["citation"]]).casefold()]
        from ..door import text as door_text

        return page("rules.html", lg, rows=rows, q=door_text(q or ""))  # echoed data passes the door

    @app.get("/regler/{rule_id}", response_class=HTMLResponse, include_in_schema=False)
    async def rule_page(rule_id: str, lang: Annotated[str | None, Query()] = None) -> HTMLResponse:
        lg = _lang(lang)
        rid = rs.resolve_id(rule_id[:20])
        if rid is None:
            raise StarletteHTTPException(404)
        return page("rule.html", lg, r=rule_view(rs, rs.rules[rid], lg))

    # ------------------------------------------------------------------ audit upload

    @app.get("/revision", response_class=HTMLResponse, include_in_schema=False)
    async def audit_page(lang: Annotated[str | None, Query()] = None) -> HTMLResponse:
        lg = _lang(lang)
        return page("audit.html", lg, mb=settings.upload_limit // 1_000_000, error=None)

    @app.post("/revision", include_in_schema=False)
    async def audit_post(request: Request) -> Response:
        import asyncio
        import shutil
        import time

        import anyio
        import anyio.to_thread
        from starlette.requests import ClientDisconnect

        from .upload import receive_upload

        mb = settings.upload_limit // 1_000_000
        # The upload's folder is the request's, private (0700), made before the first byte
        # is read: the export streams into it (never whole in memory), a client that
        # disconnects — during the upload too — has it removed at once, and its audit
        # stops at the next tick (review 16, F6).
        job = Job(uploads.stopping)
        limit = settings.audit_seconds
        folder = tempfile.mkdtemp(prefix="praktiktjek-upload-")
        with uploads.lock:
            uploads.live.add(folder)

        def drop() -> None:
            """Remove the upload now; the folder stays listed until the audit has stopped
            and removed its own work files, which the server's shutdown waits for."""
            shutil.rmtree(folder, ignore_errors=True)

        def release() -> None:
            drop()
            with uploads.lock:
                uploads.live.discard(folder)

        def target(filename: str) -> str | None:
            # the file is written under a neutral name, and is gone when the folder is
            kind = Path(filename).suffix.lower()
            return f"udtraek{kind}" if kind in UPLOAD_KINDS else None

        from .upload import Received

        got = Received()
        try:
            await receive_upload(request, Path(folder), target, got)
        except ClientDisconnect:
            release()
            return Response(status_code=499)  # nobody reads it; the access log says why
        except StarletteHTTPException as exc:
            # a damaged or over-size form: told in the language of the page that posted it
            # (its «lang» field comes first), not the browser's (review 21, F8)
            release()
            fl = _lang(got.fields.get("lang") or lang_of(request.scope))
            told = framework_error(exc.status_code, str(exc.detail), fl)[1]
            resp = page("error.html", fl, exc.status_code, message=told)
            resp.headers.update(exc.headers or {})
            return resp
        except asyncio.CancelledError:
            release()  # the server stops during the upload
            sl = _lang(lang_of(request.scope))
            return page("audit.html", sl, 503, mb=mb, error=t("audit_stopping", sl))
        except BaseException:
            release()
            raise
        lg = _lang(got.fields.get("lang", ""))
        name = got.filename or ""
        suffix = Path(name).suffix.lower()
        if not name or suffix not in UPLOAD_KINDS or got.path is None:
            release()
            return page("audit.html", lg, 400, mb=mb,
                        error=t("audit_no_file" if not name else "audit_bad_type", lg))
        path = got.path
        shown = mask_cpr(clean(Path(name).name))[:120]

        def work() -> str | BaseException:
            try:
                # one audit at a time (it uses every core); the wait for another is bounded too
                waiting = time.monotonic() + limit
                while not audit_lock.acquire(timeout=0.1):
                    job.check()
                    if time.monotonic() > waiting:
                        raise AuditBusy
                try:
                    job.deadline = time.monotonic() + limit
                    job.check()
                    html = run_audit_html(Engine(rs, lang=lg), path, lg, shown, job)
                finally:
                    audit_lock.release()
                # a file removed under the run reads as a missing source, not as an error
                return ClientGone() if job.gone.is_set() else html
            except (ServerStopping, ClientGone, AuditTooSlow, AuditBusy) as exc:
                return exc
            except Exception as exc:
                # the folder removed under a run whose client has gone: nothing to tell
                return ClientGone() if job.gone.is_set() else exc
            finally:
                release()

        async def watch() -> None:
            """Wait for the client to disconnect (uvicorn says so once the body is read)."""
            while (await request.receive())["type"] != "http.disconnect":
                pass
            job.gone.set()
            drop()

        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(watch)
                outcome = await anyio.to_thread.run_sync(work)
                tg.cancel_scope.cancel()
        except asyncio.CancelledError:
            # the server cancels requests it has waited for long enough: the audit stops at its
            # next tick, the upload goes now, and no traceback reaches the operator's console
            job.gone.set()
            drop()
            outcome = ServerStopping()
        if isinstance(outcome, str):
            return report_response(outcome)
        if isinstance(outcome, ClientGone):
            return Response(status_code=499)  # nobody reads it; the access log says why
        if isinstance(outcome, ServerStopping):
            return page("audit.html", lg, 503, mb=mb, error=t("audit_stopping", lg))
        seconds = f"{limit:g}".replace(".", "," if lg == "da" else ".")
        if isinstance(outcome, AuditBusy):
            resp = page("audit.html", lg, 503, mb=mb, error=t("audit_busy", lg, s=seconds))
            resp.headers["retry-after"] = str(max(1, round(limit)))
            return resp
        if isinstance(outcome, AuditTooSlow):
            plain = re.fullmatch(r"[\w.-]+", shown) and not shown.startswith("-")
            command = f"praktiktjek audit {shown if plain else 'udtraek' + suffix} --report rapport.html"
            return page("audit.html", lg, 503, mb=mb, error=t("audit_too_slow", lg, s=seconds, command=command))
        raise outcome

    # ------------------------------------------------------------------ API

    @app.post(
        "/api/check",
        summary="Check one agreement or a list of agreements",
        description="The body is one agreement (format v1) or a JSON array of them. Every record that "
                    "cannot be read is a VP000 finding in the answer, never an error. The answer is the "
                    "JSON output contract of AGREEMENT_FORMAT.md, with the line and column of each finding "
                    "in the body, and the rule packs in force under `tool.packs` (as `check -f json` "
                    "gives them, with no file names).",
        response_model=None,
        responses={200: {"model": m.CheckOut}, **ERRORS},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
            "anyOf": [{"$ref": "#/components/schemas/Agreement"},
                      {"type": "array", "items": {"$ref": "#/components/schemas/Agreement"}}]}}}}},
    )
    async def api_check(request: Request, lang: Annotated[Lang, Query()] = "da") -> JSONResponse:
        body = await request.body()
        from starlette.concurrency import run_in_threadpool

        # off the event loop: a long list must not stall /healthz and every other request
        results = await run_in_threadpool(check_bytes, body, lang)
        return JSONResponse(document(results, summarise(results), packs_in_force(lang), []))

    @app.get("/api/rules", summary="Every rule", response_model=list[m.RuleOut], responses=ERRORS)
    async def api_rules(lang: Annotated[Lang, Query()] = "da") -> list[dict[str, Any]]:
        from ..docs import rules_json

        return rules_json(rs)

    @app.get("/api/rules/{rule_id}", summary="One rule, explained", response_model=m.RuleDetail,
             responses={404: _P, **ERRORS})
    async def api_rule(rule_id: str, lang: Annotated[Lang, Query()] = "da") -> dict[str, Any]:
        rid = rs.resolve_id(rule_id[:20])
        if rid is None:
            raise StarletteHTTPException(404)
        return rule_view(rs, rs.rules[rid], lang, api=True)

    @app.get("/api/schema", summary="The agreement format v1 as JSON Schema", response_model=dict[str, Any],
             responses=ERRORS)
    async def api_schema() -> dict[str, Any]:
        return json_schema()

    @app.get("/healthz", summary="Liveness, and the rules and rule packs in force", response_model=m.Health,
             responses=ERRORS)
    async def healthz(lang: Annotated[Lang, Query()] = "da") -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "rules": len(rs.rules), "packs": packs_in_force(lang)}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        agreement = json_schema()
        defs: dict[str, Any] = dict(agreement.pop("$defs", {}))
        for k in ("$schema", "$id"):
            agreement.pop(k, None)
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        comps["Problem"] = m.Problem.model_json_schema()
        paths: dict[str, dict[str, Any]] = schema["paths"]
        for op in (o for path in paths.values() for o in path.values()):
            # FastAPI's own 422 body is replaced by our problem document
            if "422" in op.get("responses", {}):
                op["responses"]["422"] = _P
        text = json.dumps(agreement).replace("#/$defs/", "#/components/schemas/")
        comps["Agreement"] = json.loads(text)
        for k, v in defs.items():
            comps.setdefault(k, json.loads(json.dumps(v).replace("#/$defs/", "#/components/schemas/")))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    def too_large_page(path: str, lang: str, limit: int, name: str | None) -> bytes:
        """A page route's answer to an over-size body (review 19, F9): a page in the page's
        language, the limit as the language writes numbers, the file named (cleaned, CPR
        masked) and the command that checks it without a limit of the page's."""
        lg: Lang = "en" if lang == "en" else "da"
        shown = mask_cpr(clean(name.replace("\\", "/").rsplit("/", 1)[-1]))[:120] if name else None
        plain = shown is not None and re.fullmatch(r"[\w.-]+", shown) is not None and not shown.startswith("-")
        audit = path == "/revision"
        target = shown if plain and shown else ("udtraek.jsonl" if audit else "aftale.json")
        command = (f"praktiktjek audit {target} --report rapport.html" if audit
                   else f"praktiktjek check {target}")
        number = f"{limit:,}".replace(",", "." if lg == "da" else ",")
        html = door.no_digit_entities(env.get_template("too_large.html").render(
            lang=lg, limit=number, name=shown, command=command, audit=audit))
        return html.encode()

    def error_page(lang: str, message: str) -> bytes:
        """A page route's answer to the door's other refusals (a Host this server does not
        answer to: review 19, F17): a page in the request's language, not a problem document."""
        lg: Lang = "en" if lang == "en" else "da"
        return door.no_digit_entities(env.get_template("error.html").render(lang=lg, message=message)).encode()

    app.add_middleware(Door, allowed_hosts=settings.allowed_hosts, body_limit=settings.body_limit,
                       limits={"/revision": settings.upload_limit + 100_000}, stream=["/revision"],
                       too_large_page=too_large_page, error_page=error_page)
    return app


def from_environment() -> FastAPI:
    """The app as `praktiktjek serve` configured it (uvicorn's factory, one per worker)."""
    import os

    raw = os.environ.get("PRAKTIKTJEK_WEB_SETTINGS")
    settings = Settings(**json.loads(raw)) if raw else Settings()
    if not logging.getLogger().handlers:  # a worker process of --workers N starts without them
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("praktiktjek.web").setLevel(logging.INFO)
    return create_app(settings, load_ruleset(settings.rules) if settings.rules else None)


def _get_list(data: dict[str, Any], pointer: str) -> Any:
    cur: Any = data
    for p in pointer.strip("/").split("/"):
        cur = cur.get(p) if isinstance(cur, dict) else None
    return cur


def _patterns(spec: FormSpec) -> set[str]:
    return set(spec.fields) | set(spec.groups)


def _summary_rows(spec: FormSpec, values: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    rows = []
    for section in spec.sections:
        for it in section.items:
            fields = it.fields if hasattr(it, "fields") else [it]
            for f in fields:
                names = [n for n in values if spec.pattern(n) == f.pointer]
                for n in sorted(names):
                    v = values[n]
                    # a list's items side by side must not read as one CPR number (review 8, 13)
                    shown = door.across(", ".join(v), v) if isinstance(v, list) else str(v)
                    if f.kind in ("bool",):
                        shown = t("yes", lang) if shown == "true" else t("no", lang) if shown == "false" else shown
                    opts = dict(f.options)
                    if shown in opts:
                        shown = opts[shown][lang]
                    label = f.label[lang]
                    if "*" in f.pointer:
                        row = n.split("/")[2] if n.count("/") >= 3 else ""
                        label = f"{label} ({int(row) + 1})" if row.isdigit() else label
                    rows.append((label, shown))
    return rows


def csp_hashes(*parts: str) -> str:
    return " ".join("'sha256-" + base64.b64encode(hashlib.sha256(p.encode()).digest()).decode() + "'"
                    for p in parts)


def report_response(html: str) -> HTMLResponse:
    """The self-contained report: its inline style is allowed by its hash, nothing else
    inline."""
    from ..auditreport import inline_parts

    style, script = inline_parts(html)
    scripts = csp_hashes(*script) if script else "'none'"
    csp = (f"default-src 'self'; style-src {csp_hashes(*style)}; script-src {scripts}; "
           "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
    return HTMLResponse(html, headers={"content-security-policy": csp})


def run_audit_html(engine: Engine, path: Path, lang: str, shown_name: str,
                   stop: threading.Event | Job | None = None, jobs: int | None = None) -> str:
    """The HTML report of `audit --report` for the export at ``path``, on the same engine
    as `audit` (DuckDB, ``jobs`` threads; review 16, F6: the page ran the Python reference
    engine on one core, 2-3 times slower and quadratic in one citizen's internships)."""
    from ..audit import default_jobs, not_checkable_report
    from ..auditreport import MAX_LISTED, write_html
    from ..batch import run_batch
    from ..batch.common import AuditOptions
    from ..readers.csvfile import load_mapping

    mapping = load_mapping(None)
    listed: list[dict[str, Any]] = []

    def emit(text: str, doc: dict[str, Any] | None, brief: Any, facts: Any) -> None:
        if brief[0] and len(listed) < MAX_LISTED:  # agreements with findings, as `audit --report`
            listed.append(json.loads(text))

    job = Job(stopping=stop) if isinstance(stop, threading.Event) else stop
    check = job.check if job is not None else None
    opts = AuditOptions([str(path)], mapping, jobs or default_jobs(), want_doc=False, progress=_stop_watch(stop))
    run = run_batch(engine, opts, emit)
    stats = run.stats
    assert stats is not None  # the DuckDB engine computes the statistics in SQL
    if check:  # past the last progress tick: a cancel still stops the report
        check()
    nc = not_checkable_report(engine, run, mapping)
    if check:
        check()
    out = io.StringIO()
    from ..packinfo import line

    write_html(stats, engine.rs, lang, run.read, nc, run.state.per_citizen, [shown_name], out,
               listed, stats.with_findings, lost=run.lost, repeated=run.state.repeated,
               packs=line(engine.rs, lang, engine.mask, files=False), tick=check)
    if check:
        check()
    # The records name their source by the temporary file's path; the auditor knows the
    # upload by its own name. The path is random, so replacing it cannot touch anything else.
    import html as htmlmod

    from ..readers import display_path

    page = out.getvalue()
    for temp in {display_path(path), str(path)}:
        page = page.replace(htmlmod.escape(temp), htmlmod.escape(shown_name))
    return page
