"""The command line: check, rules, explain, schema.

Exit codes: 0 nothing at or above --fail-on; 1 something is; 2 usage or rule-pack error.
Only PraktiktjekError is caught as a user error; anything else is reported in one line
(never a traceback) with exit code 2.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

# praktiktjek uses no pydantic plugins, and looking them up scans the metadata of every
# installed package at each start (about 60 ms of a cold start on the 2-core machine).
# Only a default: a user who sets the variable keeps their own value.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from . import _start
from .errors import EXIT_USAGE, PraktiktjekError
from .readers import DEFAULT_MAX_RECORD_BYTES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from .config import Config
    from .engine import Engine
    from .rulepack import RuleSet

app = typer.Typer(
    name="praktiktjek",
    help="Kontrollerer aftaler om virksomhedspraktik mod loven og citerer paragraffen for hvert problem.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"praktiktjek {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Vis versionen og afslut.")] = False,
) -> None:
    """Kontrollerer aftaler om virksomhedspraktik mod loven og citerer paragraffen for hvert problem."""


class Lang(StrEnum):
    da = "da"
    en = "en"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


class JunitCases(StrEnum):
    agreement = "agreement"
    rule = "rule"


#: GitHub code scanning's limit of results per SARIF run (reporters.GITHUB_MAX_RESULTS)
GITHUB_MAX_RESULTS = 25_000


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def _load(extra: list[Path] | None) -> RuleSet:
    from .cache import cached
    from .pipeline import national_rules_dir
    from .rulepack import load_rules

    national = national_rules_dir()
    packs = _once(national, list(extra or []))
    rs = cached([national, *packs], lambda: load_rules(packs, national=national))
    # each pack by the path given in this run (a cached set may have been built from another spelling)
    rs.pack_files = {meta.name: str(p) for meta, p in zip(rs.packs[1:], packs, strict=False)}
    return rs


def _once(national: Path, packs: list[Path]) -> list[Path]:
    """The packs to load, each file or folder once: a pack given twice (``--rules a.yaml
    --rules ./a.yaml``, or the national pack again) is loaded once, and stderr says so;
    loaded twice, its acts and rules were «already defined in another rule file», which
    blamed a file that does not exist (review 16, F2). The same file by two routes (a
    folder and a file in it, in either order) is one pack too: the pack whose rule files
    another pack given holds entirely is the one left out."""
    import os

    from . import door, notices

    def identity(p: Path) -> object:
        try:
            st = p.stat()
            return (st.st_dev, st.st_ino)
        except OSError:
            return os.path.abspath(p)  # missing: the loader names it

    def files(p: Path) -> frozenset[object]:
        """The identities of the rule files the pack at ``p`` loads (a folder: its *.yaml)."""
        try:
            if p.is_dir():
                return frozenset(identity(f) for f in sorted([*p.glob("*.yaml"), *p.glob("*.yml")])) \
                    or frozenset({identity(p)})
        except OSError:
            pass
        return frozenset({identity(p)})

    def say(p: Path, within: Path | None, national_pack: bool) -> None:
        shown = door.shown_path(door.path_text(str(p)))
        if national_pack:
            notices.say("pack_national", path=shown)
        elif within is None:
            notices.say("pack_twice", path=shown)
        else:
            notices.say("pack_within", path=shown, pack=door.shown_path(door.path_text(str(within))))

    national_files = files(national)
    kept: list[tuple[Path, object, frozenset[object]]] = []
    for p in packs:
        key, mine = identity(p), files(p)
        if key == identity(national) or mine <= national_files:
            say(p, None, True)
            continue
        same = next((q for q, k, theirs in kept if k == key or mine == theirs), None)
        holder = next((q for q, _, theirs in kept if mine <= theirs), None)
        if same is not None or holder is not None:
            say(p, None if same is not None else holder, False)
            continue
        for q, k, theirs in list(kept):
            if theirs <= mine:  # an earlier file given again inside this folder
                say(q, p, False)
                kept.remove((q, k, theirs))
        kept.append((p, key, mine))
    return [p for p, _, _ in kept]


def _split_ids(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


def _stdout() -> None:
    """The command's own output begins: no more translating of framework words (clitext),
    and Danish letters must survive any locale."""
    from . import clitext

    clitext.plain()
    _utf8()


def _utf8() -> None:
    for stream in (sys.stdout, getattr(sys.stderr, "raw", sys.stderr)):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _outputs(values: list[str] | None) -> list[tuple[str, Path]]:
    out = []
    for v in values or []:
        fmt, sep, path = v.partition("=")
        if not sep or not path or fmt not in Format.__members__:
            formats = ", ".join(Format.__members__)
            raise PraktiktjekError(f"--output {v}: skriv FORMAT=STI, hvor FORMAT er {formats}",
                                   en=f"--output {v}: write FORMAT=PATH, where FORMAT is {formats}")
        if path == "-":
            raise _stdout_taken(f"--output {v}", f"brug -f {fmt} for at få {fmt} på stdout",
                                f"use -f {fmt} to get {fmt} on stdout")
        _file_path(f"--output {fmt}=", path)
        out.append((fmt, Path(path)))
    return out


def _file_path(option: str, value: str) -> None:
    """An output path as written must name a file (review 19, F8): ``Path`` drops a
    trailing «/» (``new/`` would write a file ``new``, ``k.json/`` overwrite k.json) and
    a path of blanks only is a mistake like the empty one."""
    at = f"{option}{value}" if option.endswith("=") else f"{option} {value}"
    blank = f"{option}«{value}»" if option.endswith("=") else f"{option} «{value}»"
    if not value.strip():
        raise PraktiktjekError(
            f"{blank}: stien er kun mellemrum (en tom variabel?); skriv et filnavn",
            en=f"{blank}: the path is only blanks (an empty variable?); write a file name")
    if value.endswith(("/", "/.")) or (os.sep != "/" and value.endswith(os.sep)):
        raise PraktiktjekError(
            f"{at}: stien ender på «/» og er derfor en mappe, ikke en fil; skriv et filnavn",
            en=f"{at}: the path ends in '/', so it is a folder, not a file; write a file name")


def _stdout_taken(option: str, hint_da: str = "", hint_en: str = "", *, dash: bool = True) -> PraktiktjekError:
    """``-`` as an output (review 11, finding 18): as an input it means stdin, so it would
    mean stdout, which already carries the run's own report (-f); refused, not a file
    named «-» (``dash``: say that ./- writes one)."""
    return PraktiktjekError(
        f"{option}: «-» ville være stdout, men den har allerede kørslens rapport (-f); "
        f"{hint_da + ', eller ' if hint_da else ''}skriv til en fil"
        + (" (./- for en fil, der hedder «-»)" if dash else ""),
        en=f"{option}: '-' would be stdout, but it already carries the run's report (-f); "
           f"{hint_en + ', or ' if hint_en else ''}write to a file" + (" (./- for a file named '-')" if dash else ""))


def _path_option(option: str, *, output: bool = False, suffixes: tuple[str, ...] = ()) -> Callable[[str], Path]:
    """The parser of a path option: an empty value is refused (a shell variable that was
    empty; ``Path("")`` would be the working folder, review 11, finding 17); an output
    is not ``-`` (finding 18) and, with ``suffixes``, ends in one of them (finding 12).
    Raised while the command line is read, so before any work is done."""

    def parse(value: str) -> Path:
        if value == "":
            raise PraktiktjekError(
                f"{option}: tom sti (en tom variabel?); skriv . for den aktuelle mappe",
                en=f"{option}: empty path (an empty variable?); write . for the current folder")
        if output and value == "-":
            raise _stdout_taken(f"{option} -", dash=not suffixes)
        if output:
            _file_path(option, value)
        if suffixes and not value.lower().endswith(suffixes):
            names = " eller ".join(suffixes)
            raise PraktiktjekError(
                f"{option} {value}: filnavnet skal ende på {names} (endelsen bestemmer formatet)",
                en=f"{option} {value}: the file name must end in {' or '.join(suffixes)} "
                   "(the suffix decides the format)")
        return Path(value)

    return parse


def _other_inputs(cfg: Config, rules: list[Path] | None, waivers: Path | None,
                  mapping: Path | None) -> list[str]:
    """Files a run reads besides its records: an output must not overwrite them either."""
    packs = rules if rules is not None else [cfg.path(p) for p in cfg.rules]
    return [str(p) for p in (*packs, waivers, mapping, cfg.source) if p is not None]


@dataclass
class _Setup:
    cfg: Config
    engine: Engine
    language: str
    threshold: str


def _setup(config: Path | None, rules: list[Path] | None, disable: list[str] | None,
           lang: Lang | None, fail_on: FailOn | None, strict_dates: bool | None,
           show_cpr: bool) -> _Setup:
    """Configuration merged with the flags (a flag given overrides the file), and the engine."""
    from . import config as cfgmod
    from . import door, notices
    from .engine import INPUT_RULE, Engine

    cfg = cfgmod.load(config if config is not None else cfgmod.find())
    pack_paths = rules if rules is not None else [cfg.path(p) for p in cfg.rules]
    disabled_ids = _split_ids(disable) if disable is not None else cfg.disable
    language = (lang.value if lang else None) or cfg.lang or "da"
    notices.use(language)  # every message from here on (a found config says it already)
    if cfg.source is not None:
        notices.say("config", path=cfg.source)
    threshold = (fail_on.value if fail_on else None) or cfg.fail_on or "error"
    strict = strict_dates if strict_dates is not None else bool(cfg.strict_dates)
    rs = _load(pack_paths)
    disabled = set()
    for rid in disabled_ids:
        resolved = rs.resolve_id(rid)
        if resolved is None:
            shown = door.text(rid)  # one line: a newline must not begin a line of stderr (review 15, F12)
            raise PraktiktjekError(f"--disable {shown}: ukendt regel", en=f"--disable {shown}: unknown rule")
        if resolved == INPUT_RULE:
            raise PraktiktjekError(
                f"--disable {rid}: {INPUT_RULE} kan ikke slås fra; ulæselige poster skal altid vises",
                en=f"--disable {rid}: {INPUT_RULE} cannot be turned off; unreadable records are always shown")
        disabled.add(resolved)
    engine = Engine(rs, disabled=disabled, lang=language, show_cpr=show_cpr, strict_dates=strict)
    door.SHOW_CPR.set(show_cpr)  # each run says it, so a run never inherits an earlier one's choice
    return _Setup(cfg, engine, language, threshold)


# Options that check and audit share: declared once, so their names and help never drift.
LangOpt = Annotated[Lang | None, typer.Option("--lang", help="Sprog for meddelelser (da).")]
FailOnOpt = Annotated[FailOn | None, typer.Option(
    "--fail-on", help="Laveste alvor, der giver exit-kode 1 (error).")]
RulesOpt = Annotated[list[Path] | None, typer.Option(
    "--rules", metavar="STI", parser=_path_option("--rules"),
    help="Ekstra regelpakke (fil eller mappe); kan gentages.")]
DisableOpt = Annotated[list[str] | None, typer.Option(
    "--disable", metavar="REGEL", help="Slå en regel fra, fx VP105; kan gentages.")]
ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", metavar="FIL", parser=_path_option("--config"),
    help="Konfigurationsfil (standard: praktiktjek.toml eller pyproject.toml).")]
StrictDatesOpt = Annotated[bool | None, typer.Option(
    "--strict-dates/--no-strict-dates", help="VP010 (uden for gennemgået periode) bliver en fejl.")]
ShowCprOpt = Annotated[bool, typer.Option(
    "--show-cpr", help="Vis CPR-numre umaskeret (kun når det er nødvendigt).")]
MaxRecordBytesOpt = Annotated[int, typer.Option(
    "--max-record-bytes", min=1, metavar="BYTES",
    help="En post over denne størrelse rapporteres (VP000) og indlæses ikke.")]
AllowEmptyOpt = Annotated[bool, typer.Option(
    "--allow-empty", help="En kørsel uden aftaler (tom mappe) giver exit-kode 0 i stedet for 2.")]


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(metavar="STI", help="Filer, mapper (rekursivt) eller - for stdin.")],
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", help="Outputformat (standard: text; github når GITHUB_ACTIONS=true).")] = None,
    output: Annotated[list[str] | None, typer.Option(
        "--output", "-o", metavar="FORMAT=STI",
        help="Skriv også FORMAT=STI, fx sarif=praktiktjek.sarif; kan gentages.")] = None,
    lang: LangOpt = None,
    fail_on: FailOnOpt = None,
    rules: RulesOpt = None,
    disable: DisableOpt = None,
    waivers: Annotated[Path | None, typer.Option(
        "--waivers", metavar="FIL", parser=_path_option("--waivers"),
        help="Dispensationsfil (standard: praktiktjek-waivers.yaml, hvis den findes).")] = None,
    config: ConfigOpt = None,
    strict_dates: StrictDatesOpt = None,
    show_cpr: ShowCprOpt = False,
    max_record_bytes: MaxRecordBytesOpt = DEFAULT_MAX_RECORD_BYTES,
    allow_empty: AllowEmptyOpt = False,
    sarif_max_results: Annotated[int, typer.Option(
        "--sarif-max-results", min=0, metavar="ANTAL",
        help="Højst så mange fund i SARIF, de alvorligste først (GitHubs grænse); 0: alle.")]
    = GITHUB_MAX_RESULTS,
    junit_cases: Annotated[JunitCases, typer.Option(
        "--junit-cases", help="JUnit: en testcase pr. aftale og pr. fund (agreement) eller pr. regel (rule).")]
    = JunitCases.agreement,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", metavar="FIL", parser=_path_option("--mapping"),
        help="Kolonneafbildning for CSV (TOML eller YAML), ud over den indbyggede.")] = None,
) -> None:
    """Kontrollér aftaler (JSON, JSON Lines, CSV) og rapportér hvert problem med hjemmel."""
    from . import notices
    from .pipeline import check_paths
    from .readers import require_inputs

    notices.use(lang.value if lang else None)  # until the configuration is read (_setup)
    require_inputs(paths, allow_empty)
    from .reporters import REPORTERS, ReportContext
    from .results import exit_code, summarise

    setup = _setup(config, rules, disable, lang, fail_on, strict_dates, show_cpr)
    cfg, engine, rs, language, threshold = (setup.cfg, setup.engine, setup.engine.rs,
                                            setup.language, setup.threshold)
    _say_packs(engine)
    if fmt is not None:
        fmt_name = fmt.value
    elif cfg.format is not None:
        fmt_name = cfg.format
    elif os.environ.get("GITHUB_ACTIONS") == "true":
        fmt_name = "github"
    else:
        fmt_name = "text"
    extra_outputs = _outputs(output)

    waiver_path = waivers if waivers is not None else (
        cfg.path(cfg.waivers) if cfg.waivers else None)
    if waiver_path is None:
        default = (cfg.source.parent if cfg.source else Path.cwd()) / "praktiktjek-waivers.yaml"
        waiver_path = default if default.is_file() else None
    waiver_set = None
    if waiver_path is not None:
        from .config import trusted
        from .waivers import load_waivers

        if waivers is None:  # found, not named: trusted only as a config file is, and announced
            trusted(waiver_path, "dispensationsfilen", "--waivers")
            from . import notices

            notices.say("waivers", path=waiver_path)

        waiver_set = load_waivers(waiver_path, engine)

    mapping_obj = None
    if mapping is not None:  # else the built-in one, read only when a CSV file comes
        from .readers.csvfile import load_mapping

        mapping_obj = load_mapping(mapping)
    from .door import path_text, seal
    from .outputs import Outputs, check_outputs

    check_outputs([(f"--output {f}=", p) for f, p in extra_outputs],
                  [*paths, *_other_inputs(cfg, rules, waiver_path, mapping)])
    from .readers import say_twice

    say_twice(paths, engine.mask)
    step_summary = _step_summary(fmt_name, extra_outputs, [*paths, *_other_inputs(cfg, rules, waiver_path, mapping)])
    not_checked: dict[str, frozenset[str]] = {}
    results = check_paths(engine, paths, max_record_bytes, mapping=mapping_obj, not_checked=not_checked)
    if waiver_set is not None:
        from .readers import expand
        from .waivers import apply_waivers

        checked = [p for p in expand(paths) if isinstance(p, Path)]
        holder = apply_waivers(results, waiver_set, engine, checked=checked)
        if holder is not None:
            results.append(holder)
    for r in results:
        seal(r, engine.mask)
    summary = summarise(results)
    # keyed by the name as the results give it (path_text), so each reporter finds and shows it alike
    summary.not_checkable = {path_text(source, engine.mask): tuple(sorted(engine.shown_skip(t) for t in rules))
                             for source, rules in not_checked.items()}
    for source, tokens in not_checked.items():
        read = sorted(engine.part_of(t) for t in tokens)
        summary.not_checkable_data[path_text(source, engine.mask)] = (
            tuple(rid for rid, part, _ in read if part is None),
            tuple({"rule": rid, "part": part, "text": text} for rid, part, text in read if part is not None))
    ctx = ReportContext(rs, language, engine, fail_on=threshold, sarif_max_results=sarif_max_results,
                        junit_cases=junit_cases.value)
    _stdout()
    with Outputs() as files:
        for extra_fmt, path in extra_outputs:
            fh = files.open(f"--output {extra_fmt}=", path)
            REPORTERS[extra_fmt](results, summary, ctx, fh)
        if fmt_name == "text" and sys.stdout.isatty():  # a person watching: colours, no document
            REPORTERS[fmt_name](results, summary, ctx, sys.stdout)
            with whole_output():
                files.commit(sys.stdout.flush)
        else:  # a document on stdout: whole or nothing, like a file (the results are in memory)
            report = io.StringIO()
            REPORTERS[fmt_name](results, summary, ctx, report)

            def to_stdout() -> None:
                sys.stdout.write(report.getvalue())
                sys.stdout.flush()

            with whole_output():
                # stdout first: a stdout that cannot be written commits no file (review 19, F4)
                files.commit(to_stdout)
    _say_not_checked(engine, not_checked)
    if step_summary is not None:
        from .reporters.github import append_step_summary

        append_step_summary(results, summary, ctx, step_summary)
    raise typer.Exit(exit_code(results, threshold))


def _say_packs(engine: Engine, how: str = "") -> str | None:
    """With a local pack in force, name every pack on stderr once (review 16, F8), with
    ``how`` an audit ran the local rules; return the line without ``how`` for the outputs
    that repeat it (the same from both audit engines: their outputs are byte-identical)."""
    from . import notices, packinfo

    said = packinfo.line(engine.rs, engine.lang, engine.mask)
    if said is not None:
        notices.say("packs", line=said + how)
    off = packinfo.off_line(packinfo.switched_off(engine), engine.lang)
    if off is not None:  # rules switched off: on stderr, and in the audit's reports (review 19, F5)
        notices.say("packs", line=off)
    return "; ".join(x for x in (said, off) if x is not None) or None


def _step_summary(fmt_name: str, extra: list[tuple[str, Path]], inputs: list[str]) -> Path | None:
    """The file GitHub names in GITHUB_STEP_SUMMARY, when a github report is made and
    the file can take the summary: it must be a regular file (a FIFO would hang the run,
    a folder cannot be appended to) and no input; otherwise it is left alone, with a
    message on stderr, and the run goes on (the summary is an extra, not the result)."""
    from .outputs import check_append

    name = os.environ.get("GITHUB_STEP_SUMMARY")
    if not name or not (fmt_name == "github" or any(f == "github" for f, _ in extra)):
        return None
    path = Path(name)
    try:
        check_append("GITHUB_STEP_SUMMARY", path, inputs)
    except PraktiktjekError as exc:
        from . import notices

        notices.say("no_step_summary", problem=notices.choose(exc))
        return None
    return path


def _say_not_checked(engine: Engine, not_checked: dict[str, frozenset[str]]) -> None:
    """On stderr: the rules a CSV source's columns cannot feed, which were not run."""
    from . import door, notices

    for source, rules in not_checked.items():
        shown = ", ".join(sorted(engine.shown_skip(t) for t in rules))
        notices.say("not_checked", path=door.shown_path(door.path_text(source, engine.mask)), rules=shown)


class AuditFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class AuditEngine(StrEnum):
    duckdb = "duckdb"
    python = "python"


@app.command()
def audit(
    paths: Annotated[list[str], typer.Argument(metavar="STI", help="Udtræk: CSV, JSON Lines, JSON, mapper eller -.")],
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", metavar="FIL", parser=_path_option("--mapping"),
        help="Kolonneafbildning for CSV (TOML eller YAML), ud over den indbyggede (VITAS-layoutet).")]
    = None,
    fmt: Annotated[AuditFormat, typer.Option("--format", "-f", help="Output på stdout.")] = AuditFormat.text,
    findings: Annotated[Path | None, typer.Option(
        "--findings", metavar="FIL", parser=_path_option("--findings", output=True, suffixes=(".csv", ".jsonl")),
        help="Skriv ét fund pr. række til STI.csv eller STI.jsonl.")] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="FIL", parser=_path_option("--report", output=True),
        help="Skriv en HTML-rapport til STI.html.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="ANTAL",
        help="DuckDB-tråde (standard: alle kerner); referencen kører på én kerne.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Ingen statuslinje.")] = False,
    lang: LangOpt = None,
    fail_on: FailOnOpt = None,
    rules: RulesOpt = None,
    disable: DisableOpt = None,
    config: ConfigOpt = None,
    strict_dates: StrictDatesOpt = None,
    show_cpr: ShowCprOpt = False,
    max_record_bytes: MaxRecordBytesOpt = DEFAULT_MAX_RECORD_BYTES,
    allow_empty: AllowEmptyOpt = False,
    engine_name: Annotated[AuditEngine, typer.Option(
        "--engine", help="duckdb (standard) eller python (referencen: én proces, langsommere).")] = AuditEngine.duckdb,
) -> None:
    """Revidér et helt udtræk: tværgående regler, statistik, rapport – og ingen post tabt."""
    from . import notices
    from .audit import FindingsWriter, default_jobs, not_checkable_report
    from .batch.common import AuditOptions, Brief, Facts
    from .readers import require_inputs

    notices.use(lang.value if lang else None)  # until the configuration is read (_setup)
    require_inputs(paths, allow_empty)
    from .auditreport import Stats, console_summary, write_html
    from .readers.csvfile import load_mapping
    from .results import FAIL_ON
    from .rulepack import SEVERITY_RANK

    setup = _setup(config, rules, disable, lang, fail_on, strict_dates, show_cpr)
    engine, language, threshold = setup.engine, setup.language, setup.threshold
    mapping_obj = load_mapping(mapping)
    from .outputs import Outputs, check_outputs

    named = [(o, p) for o, p in (("--findings", findings), ("--report", report)) if p is not None]
    check_outputs(named, [*paths, *_other_inputs(setup.cfg, rules, None, mapping)])
    from .readers import say_twice

    say_twice(paths, engine.mask)
    from . import packinfo

    in_python: list[str] = []
    if engine_name is AuditEngine.duckdb:
        from .batch import sql_coverage

        in_python = sql_coverage(engine)[1]
    packs_line = _say_packs(engine, packinfo.engine_note(engine.rs, language, engine_name.value, in_python))
    _stdout()
    stats = Stats()
    closing = contextlib.ExitStack()
    with closing, Outputs() as files:
        writer = None
        if findings is not None:
            is_csv = findings.suffix.lower() == ".csv"
            writer = FindingsWriter(files.open("--findings", findings, "utf-8", newline=""), is_csv, show_cpr,
                                    language)
        report_fh = files.open("--report", report) if report is not None else None
        out = sys.stdout
        results = None
        spool = None
        if fmt in (AuditFormat.json, AuditFormat.jsonl):
            from .audit import ResultsOut

            target: IO[str] = out
            if fmt is AuditFormat.json:
                import tempfile

                # The document reaches stdout whole or not at all: the results go to an
                # unnamed temporary file (never in memory: an export may have millions) and
                # are copied to stdout when the run is complete.
                spool = closing.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8", newline=""))  # noqa: SIM115
                target = spool
            results = ResultsOut(target, fmt is AuditFormat.json)
        failing = [False]
        bar_rank = SEVERITY_RANK.get(threshold, 99)

        from .auditreport import MAX_LISTED

        listed: list[dict[str, Any]] = []
        # the reference engine's statistics are tallied here as its results come; the
        # DuckDB engine computes them with SQL (run.stats)
        tally = engine_name is AuditEngine.python

        def emit(text: str, doc: dict[str, Any] | None, brief: Brief, facts: Facts) -> None:
            if tally:
                stats.add_brief(brief, facts)
            if report is not None and brief[0] and len(listed) < MAX_LISTED:  # agreements with findings
                listed.append(doc if doc is not None else json.loads(text))
            if writer is not None and doc is not None:
                writer.add(doc)
            if results is not None:
                results.add(text)
            if any(not waived and SEVERITY_RANK[sev] >= bar_rank for _, sev, waived, _ in brief[0]):
                failing[0] = True

        progress = None
        bar = None
        if not quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            # The bar's own escapes go to the terminal itself, not through the stderr door.
            bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TimeRemainingColumn(), transient=True,
                           console=Console(file=getattr(sys.stderr, "raw", sys.stderr), emoji=False))
            bar.start()

            def progress(label: str, total: int | None):  # type: ignore[no-untyped-def]
                from . import notices

                task = bar.add_task(notices.step(label), total=total)
                return lambda n: bar.advance(task, n)

        try:
            opts = AuditOptions(list(paths), mapping_obj, jobs or default_jobs(), max_bytes=max_record_bytes,
                                progress=progress, want_doc=writer is not None)
            if engine_name is AuditEngine.duckdb:
                from .batch import run_batch

                if in_python and not quiet:
                    from . import notices

                    notices.say("in_python", rules=", ".join(in_python))
                run = run_batch(engine, opts, emit)
            else:
                from .batch.reference import run_audit

                run = run_audit(engine, opts, emit)
        finally:
            if bar is not None:
                bar.stop()
            if results is not None:
                results.flush()
        if run.stats is not None:
            stats = run.stats
        nc = not_checkable_report(engine, run, mapping_obj)
        summary = {**stats.summary(), "read": run.read, "not_checkable": nc, "complete": run.complete,
                   "repeated_ids": run.state.repeated, "lines_not_read": run.lost}
        if run.state.repeated and results is not None:  # the console summary names them itself
            from .auditreport import repeated_lines

            lines = repeated_lines(run.state.repeated, language)
            for line in lines[:10]:
                notices.say("repeated", sentence=line)
            if len(lines) > 10:
                notices.say("repeated_more", n=len(lines) - 10)
        console = None
        if results is not None:
            from . import __version__

            # after the summary, so the keys before stay where they were (review 16, F8)
            results.close({"summary": summary, "tool": {
                "name": "praktiktjek", "version": __version__,
                "packs": packinfo.packs(engine.rs, language, engine.mask),
                "disabled": packinfo.switched_off(engine)}})
        elif out.isatty():
            console_summary(stats, engine.rs, language, run.read, nc, run.state.per_citizen, out,
                            lost=run.lost, repeated=run.state.repeated, packs=packs_line)
        else:
            console = io.StringIO()
            console_summary(stats, engine.rs, language, run.read, nc, run.state.per_citizen, console,
                            lost=run.lost, repeated=run.state.repeated, packs=packs_line)
        if writer is not None:
            writer.close()
        if report_fh is not None:
            write_html(stats, engine.rs, language, run.read, nc, run.state.per_citizen,
                       [s.shown for s in run.sources], report_fh, listed, stats.with_findings, lost=run.lost,
                       repeated=run.state.repeated, packs=packs_line)
        def to_stdout() -> None:
            if spool is not None:
                import shutil

                spool.seek(0)
                shutil.copyfileobj(spool, out, 1 << 20)
            elif console is not None:
                out.write(console.getvalue())
            out.flush()

        with whole_output():
            # stdout first, then the files: a stdout that cannot be written (a full disk, a
            # closed pipe) commits none of them and yesterday's stay (review 19, F4)
            files.commit(to_stdout)
    assert threshold in FAIL_ON
    raise typer.Exit(1 if failing[0] else 0)


@app.command("rules")
def list_rules(
    rules: Annotated[list[Path] | None, typer.Option("--rules", metavar="STI", parser=_path_option("--rules"),
                                                     help="Ekstra regelpakke.")] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Sprog (da).")] = Lang.da,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Outputformat.")] = ListFormat.text,
) -> None:
    """Vis alle regler med alvor, hjemmel og sikkerhed."""
    from . import notices
    from .docs import rules_json, rules_table

    notices.use(lang.value)
    rs = _load(rules)
    _stdout()
    if fmt is ListFormat.json:
        import json

        json.dump(rules_json(rs), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        rules_table(rs, lang.value, sys.stdout)


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="REGEL", help="Regel-id, fx VP202.")],
    rules: Annotated[list[Path] | None, typer.Option("--rules", metavar="STI", parser=_path_option("--rules"),
                                                     help="Ekstra regelpakke.")] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Sprog (da).")] = Lang.da,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="ÅÅÅÅ-MM-DD",
        help="Vis tekst og parametre, som de gælder denne dag (standard: i dag).")] = None,
) -> None:
    """Forklar en regel: hjemmel, sikkerhed, parametre og eksempler."""
    import datetime as dt

    from . import notices
    from .docs import explain_rule

    notices.use(lang.value)
    day = None
    if date is not None:
        try:
            day = dt.date.fromisoformat(date) if len(date) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise PraktiktjekError(f"--date: «{date}» er ikke en dato skrevet ÅÅÅÅ-MM-DD, der findes",
                                   en=f"--date: «{date}» is not a date written YYYY-MM-DD that exists")
    rs = _load(rules)
    resolved = rs.resolve_id(rule_id)
    if resolved is None:
        from . import door

        shown = door.text(rule_id)  # one line, as every value in a usage error
        raise PraktiktjekError(f"ukendt regel: {shown} (se `praktiktjek rules`)",
                               en=f"unknown rule: {shown} (see `praktiktjek rules`)")
    _stdout()
    explain_rule(rs, rs.rules[resolved], lang.value, sys.stdout, day)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", metavar="ADRESSE", help="Adresse at lytte på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, metavar="PORT", help="Port.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, metavar="ANTAL", help="Processer.")] = 1,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", metavar="VÆRT",
        help="Værtsnavn, som Host-headeren må nævne (ud over --host og localhost); kan gentages.")]
    = None,
    max_body_bytes: Annotated[int, typer.Option(
        "--max-body-bytes", min=1, metavar="BYTES", help="Største forespørgsel til kontrollen.")] = 1_000_000,
    max_upload_bytes: Annotated[int, typer.Option(
        "--max-upload-bytes", min=1, metavar="BYTES",
        help="Største udtræk, der kan uploades til revision.")] = 50_000_000,
    max_audit_seconds: Annotated[int, typer.Option(
        "--max-audit-seconds", min=1, metavar="SEKUNDER",
        help="Længste tid en revision af et upload må tage (og vente på en anden); derefter "
             "afbrydes den, og siden henviser til praktiktjek audit.")] = 120,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Start websiden og HTTP-API'et (ingen data gemmes)."""
    import logging

    import uvicorn

    from . import config as cfgmod
    from . import notices

    # the same packs as check and audit (review 16, F10): --rules, else the configuration's
    cfg = cfgmod.load(config if config is not None else cfgmod.find())
    if cfg.source is not None:
        notices.say("config", path=cfg.source)
    pack_paths = rules if rules is not None else [cfg.path(p) for p in cfg.rules]
    from .packinfo import line

    rs = _load(pack_paths)  # a bad pack stops here (exit 2), before the server starts
    said = line(rs, "da")
    if said is not None:
        notices.say("packs", line=said)
    hosts = list(dict.fromkeys([host, "127.0.0.1", "localhost", "[::1]", *(allowed_host or [])]))
    os.environ["PRAKTIKTJEK_WEB_SETTINGS"] = json.dumps(
        {"allowed_hosts": hosts, "body_limit": max_body_bytes, "upload_limit": max_upload_bytes,
         "audit_seconds": max_audit_seconds, "rules": [str(p) for p in pack_paths]})
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    shown = f"[{host}]" if ":" in host else host
    print(f"praktiktjek: http://{shown}:{port}/  (Ctrl+C stopper)", file=sys.stderr)
    # uvicorn's own access log would print query strings; ours logs method, path, status, time.
    uvicorn.run("praktiktjek.web.app:from_environment", factory=True, host=host, port=port,
                workers=workers, access_log=False, log_level="warning", server_header=False,
                proxy_headers=False,
                # a stop (SIGTERM, Ctrl+C) waits at most this long for requests under way; then
                # the app's shutdown stops any audit and removes its upload (review 16, F11)
                timeout_graceful_shutdown=5)


@app.command()
def schema(
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Skriv formatet som dokumentation (docs/format.md) i stedet for JSON Schema.")] = False,
) -> None:
    """Skriv JSON Schema for aftaleformat version 1."""
    import json

    _stdout()
    if markdown:
        from .formatdoc import markdown as format_markdown

        sys.stdout.write(format_markdown())
        return
    from .model import json_schema

    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@app.command()
def template(
    target_group: Annotated[str, typer.Option(
        "--target-group", "-g", metavar="KODE",
        help="Målgruppens kode, fx aktivitetsparat_kontanthjaelp (se docs/format.md).")]
    = "dagpenge",
    start: Annotated[str | None, typer.Option(
        "--start", metavar="ÅÅÅÅ-MM-DD",
        help="Første dag, ÅÅÅÅ-MM-DD (standard: næste mandag); praktikken varer 4 uger.")] = None,
) -> None:
    """Skriv en udfyldt, gyldig aftale at tage udgangspunkt i."""
    import datetime as dt
    import json

    from .contract import closest
    from .formatdoc import template as make_template
    from .model import TARGET_GROUPS

    if target_group not in TARGET_GROUPS:
        near = closest(target_group, {c: labels for c, labels in TARGET_GROUPS.items()})
        hint = f" — mente du «{near}»?" if near else f"; kendte koder: {', '.join(TARGET_GROUPS)}"
        hint_en = f" — did you mean «{near}»?" if near else f"; known codes: {', '.join(TARGET_GROUPS)}"
        raise PraktiktjekError(f"--target-group: ukendt målgruppe «{target_group}»{hint}",
                               en=f"--target-group: unknown target group «{target_group}»{hint_en}")
    from .model import DATE_PATTERN

    day = None
    if start is not None:
        import re

        try:
            day = dt.date.fromisoformat(start) if re.search(DATE_PATTERN, start) else None
        except ValueError:
            day = None
        if day is None or not dt.date(1900, 1, 1) <= day <= dt.date(9000, 1, 1):
            raise PraktiktjekError(f"--start: «{start}» er ikke en dato skrevet ÅÅÅÅ-MM-DD mellem 1900 og 9000",
                                   en=f"--start: «{start}» is not a date written YYYY-MM-DD between 1900 and 9000")
    rs = _load(None)
    assert rs.example_base is not None
    _stdout()
    json.dump(make_template(rs.example_base, target_group, day), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
class Terminated(BaseException):
    """SIGTERM, raised in the main process so that every ``finally`` runs (temporary
    files removed, nothing half-written left behind)."""


class Interrupted(BaseException):
    """Ctrl-C (SIGINT), raised as our own exception: the command-line framework turns a
    KeyboardInterrupt into exit 130 without a word, so the user never heard that no
    output file was written."""


#: the signals this run received: DuckDB turns an exception raised by a handler during a
#: query into its own RuntimeError ("Query interrupted"), so the run remembers the signal
_signalled: list[int] = []


class StoppedAfter(BaseException):
    """A signal that came while the output was being written: it was kept until the
    output was whole (:func:`whole_output`), and ends the run now."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: [True] while the output is being written (whole_output); the signal held meanwhile
_writing: list[bool] = [False]
_held: list[int] = []


def _terminated(signum: int, frame: object) -> None:
    if _start.holding[0]:  # acted on when the hold ends (_start.signals_held)
        _start.held.append(signum)
        return
    _signalled.append(signum)
    if _writing[0] and not _held:  # the first one waits; a second one stops at once
        _held.append(signum)
        return
    raise Terminated


def _interrupted(signum: int, frame: object) -> None:
    if _start.holding[0]:  # acted on when the hold ends (_start.signals_held)
        _start.held.append(signum)
        return
    _signalled.append(signum)
    if _writing[0] and not _held:
        _held.append(signum)
        return
    raise Interrupted


@contextlib.contextmanager
def whole_output() -> Iterator[None]:
    """Output files committed and the document written to stdout as one step: a
    SIGINT or SIGTERM that comes meanwhile is kept until the step is done (then the run
    ends with 130 or 143), so stdout holds the whole document or nothing of it. A second
    signal is not kept: it stops the run at once."""
    _held.clear()
    _writing[0] = True
    try:
        yield
    finally:
        _writing[0] = False
    if _held:
        raise StoppedAfter(_held[0])


class _DoorStream(io.TextIOBase):
    """stderr through the output door: every message (paths, arguments, column names,
    rule texts quoted in an error) is cleaned and CPR-masked on its way out."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.raw, "errors", None)

    def write(self, s: str) -> int:
        from .door import text

        if not isinstance(s, str):  # a text stream (click probes with b"" to tell)
            raise TypeError("write() argument must be str")
        self.raw.write(text(s, keep_newlines=True))
        return len(s)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return bool(self.raw.isatty())

    def fileno(self) -> int:
        return int(self.raw.fileno())

    def writable(self) -> bool:
        return True


class _OutStream:
    """stdout that names itself when a write fails (a full disk, a file size limit,
    /dev/full): the OSError becomes a usage error «stdout: kan ikke skrives: …». A closed
    pipe stays BrokenPipeError (the reader has all it wanted)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        #: the write failure, kept: a library may swallow the exception (click probes
        #: stdout with ``write("")`` and takes any error for "a binary stream", then wrote
        #: `--help` to the dropped descriptor and exited 0), so the run checks it at the end
        self.failure: PraktiktjekError | None = None
        self.told = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)

    def _failed(self, exc: OSError) -> PraktiktjekError:
        from .outputs import write_failed

        _drop_stdout(self.raw)
        self.failure = write_failed("stdout", exc)
        return self.failure

    def write(self, s: str) -> int:
        if not s:
            return 0  # nothing to write cannot fail (a probe, as click's)
        try:
            return int(self.raw.write(s))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._failed(exc) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self.raw.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._failed(exc) from None


def _drop_stdout(raw: Any) -> None:
    """What the failed stream still buffers cannot be written: its descriptor is sent
    nowhere, so that the interpreter's last flush does not fail again with a message of
    its own (a stream without a descriptor, as under a test's capture, is left alone)."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation, AttributeError):
        fd = int(raw.fileno())
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; nothing but a one-line message on error."""
    import signal

    raw_err = sys.stderr
    sys.stderr = _DoorStream(raw_err)
    raw_out = sys.stdout
    out = _OutStream(raw_out)
    sys.stdout = out
    previous = previous_int = previous_hup = None
    _signalled.clear()
    with contextlib.suppress(ValueError):  # not the main thread
        previous = signal.signal(signal.SIGTERM, _terminated)
        # a closed terminal ends the run as SIGTERM does (temporary files removed), unless
        # SIGHUP is ignored (nohup)
        if signal.getsignal(signal.SIGHUP) in (signal.SIG_DFL, _start.early):
            previous_hup = signal.signal(signal.SIGHUP, _terminated)
        # the entry point's early handler (_start) is replaced as Python's own is
        if signal.getsignal(signal.SIGINT) in (signal.default_int_handler, _start.early):
            previous_int = signal.signal(signal.SIGINT, _interrupted)
    try:
        code = _run(argv)
        if out.failure is not None and not out.told:
            # a failed write that someone swallowed (the framework's --help): exit 2 all
            # the same, with the message in the run's language
            from . import notices

            _say_error(notices.choose(out.failure))
            return EXIT_USAGE
        return code
    finally:
        sys.stdout = raw_out
        sys.stderr = raw_err
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if previous_int is not None:
            signal.signal(signal.SIGINT, previous_int)
        if previous_hup is not None:
            signal.signal(signal.SIGHUP, previous_hup)


def _run(argv: list[str] | None) -> int:
    import signal

    from . import clitext, notices

    args = list(argv) if argv is not None else sys.argv[1:]
    # each run starts in Danish, whatever a run before it spoke — or in English when its
    # command line asks for it, so that an error before the command starts (a failed
    # write of --help) is told in English too
    notices.use("en" if clitext.english(args) else "da")
    try:
        _utf8()
        with clitext.parsing(en=clitext.english(args)):  # the framework's help and usage errors in Danish
            try:
                app(args=argv, prog_name="praktiktjek")  # typer prints usage errors itself (exit 2)
            finally:
                sys.stdout.flush()  # a full disk is told here, not by the interpreter at exit
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    except PraktiktjekError as exc:
        _stdout()
        if isinstance(sys.stdout, _OutStream) and exc is sys.stdout.failure:
            sys.stdout.told = True
        _say_error(notices.choose(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
    except (KeyboardInterrupt, Interrupted):
        return _stopped(signal.SIGINT)
    except Terminated:
        return _stopped(_signalled[-1] if _signalled else signal.SIGTERM)
    except StoppedAfter as exc:
        return _stopped(exc.signum, after=True)
    except OSError as exc:  # a file problem no reader turned into a message of its own
        from .outputs import WRITE_ERRNOS, write_failed
        from .readers.bounded import why

        if exc.errno in WRITE_ERRNOS:  # a write no output named: a temporary file of the run
            import tempfile

            from .door import text

            if exc.filename:
                failed = write_failed(text(str(exc.filename)), exc)
            else:
                folder = text(tempfile.gettempdir())
                failed = write_failed(f"en midlertidig fil i {folder}", exc, f"a temporary file in {folder}")
            print(f"praktiktjek: {notices.choose(failed)}", file=sys.stderr)
            return EXIT_USAGE
        where = f"{exc.filename}: " if exc.filename else ""
        reason = (exc.strerror or type(exc).__name__) if notices.lang() == "en" else why(exc)
        print(f"praktiktjek: {where}{reason}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if _signalled:  # a signal, turned into another exception by a library (DuckDB)
            return _stopped(_signalled[-1])
        notices.say("internal", detail=f"{type(exc).__name__}: {exc}")
        return EXIT_USAGE
    return 0


def _say_error(message: str) -> None:
    """A usage error on stderr, each of its lines with the «praktiktjek:» every other
    line of stderr has (a waiver, mapping, configuration or rule file with several
    errors gives one line each; review 14b, F5)."""
    for line in message.splitlines() or [""]:
        print(f"praktiktjek: {line}", file=sys.stderr)


def _stopped(signum: int, after: bool = False) -> int:
    """The message and exit code of a run stopped by Ctrl-C (130) or SIGTERM (143);
    ``after``: the signal came while the output was written, and it was written whole."""
    import signal

    from . import notices

    if signum == signal.SIGINT:
        notices.say("stopped_after_int" if after else "stopped_int")
        return 130
    notices.say("stopped_after_term" if after else "stopped_term", signal=signal.Signals(signum).name)
    return 128 + signum  # 143 for SIGTERM, 129 for SIGHUP


def main() -> None:
    sys.exit(run())
