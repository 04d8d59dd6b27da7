"""The command line: check, rules, explain, schema.

Exit codes: 0 nothing at or above --fail-on; 1 something is; 2 usage or rule-pack error.
Only PraktiktjekError is caught as a user error; anything else is reported in one line
(never a traceback) with exit code 2.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .errors import EXIT_USAGE, PraktiktjekError

if TYPE_CHECKING:
    from .rulepack import RuleSet

app = typer.Typer(
    name="praktiktjek",
    help="Kontrollerer aftaler om virksomhedspraktik mod loven og citerer paragraffen for hvert problem.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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


def _load(extra: list[Path] | None) -> RuleSet:
    from .cache import cached
    from .pipeline import national_rules_dir
    from .rulepack import load_rules

    national = national_rules_dir()
    packs = list(extra or [])
    return cached([national, *packs], lambda: load_rules(packs, national=national))


def _split_ids(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


def _stdout() -> None:
    # Danish letters must survive any locale; a closed pipe must not raise.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Filer, mapper (rekursivt) eller - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Outputformat.")] = Format.text,
    lang: Annotated[Lang, typer.Option("--lang", help="Sprog for meddelelser.")] = Lang.da,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Laveste alvor, der giver exit-kode 1.")] = FailOn.error,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="Ekstra regelpakke (fil eller mappe); kan gentages.")] = None,
    disable: Annotated[list[str] | None, typer.Option(
        "--disable", help="Slå en regel fra, fx VP105; kan gentages.")] = None,
    strict_dates: Annotated[bool, typer.Option(
        "--strict-dates", help="VP010 (uden for gennemgået periode) bliver en fejl.")] = False,
    show_cpr: Annotated[bool, typer.Option(
        "--show-cpr", help="Vis CPR-numre umaskeret (kun når det er nødvendigt).")] = False,
) -> None:
    """Kontrollér aftaler (JSON, JSON Lines) og rapportér hvert problem med hjemmel."""
    from .engine import INPUT_RULE, Engine
    from .pipeline import check_paths
    from .reporters import REPORTERS
    from .results import exit_code, summarise

    rs = _load(rules)
    disabled = set()
    for rid in _split_ids(disable):
        resolved = rs.resolve_id(rid)
        if resolved is None:
            raise PraktiktjekError(f"--disable {rid}: ukendt regel")
        if resolved == INPUT_RULE:
            raise PraktiktjekError(
                f"--disable {rid}: {INPUT_RULE} kan ikke slås fra; ulæselige poster skal altid vises")
        disabled.add(resolved)
    engine = Engine(rs, disabled=disabled, lang=lang.value, show_cpr=show_cpr,
                    strict_dates=strict_dates)
    results = check_paths(engine, paths)
    summary = summarise(results)
    _stdout()
    REPORTERS[fmt.value](results, summary, rs, lang.value, sys.stdout)
    raise typer.Exit(exit_code(results, fail_on.value))


@app.command("rules")
def list_rules(
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="Ekstra regelpakke.")] = None,
    lang: Annotated[Lang, typer.Option("--lang")] = Lang.da,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """Vis alle regler med alvor, hjemmel og sikkerhed."""
    from .docs import rules_json, rules_table

    rs = _load(rules)
    _stdout()
    if fmt is Format.json:
        import json

        json.dump(rules_json(rs), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        rules_table(rs, lang.value, sys.stdout)


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="Regel-id, fx VP202.")],
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="Ekstra regelpakke.")] = None,
    lang: Annotated[Lang, typer.Option("--lang")] = Lang.da,
) -> None:
    """Forklar en regel: hjemmel, sikkerhed, parametre og eksempler."""
    from .docs import explain_rule

    rs = _load(rules)
    resolved = rs.resolve_id(rule_id)
    if resolved is None:
        raise PraktiktjekError(f"ukendt regel: {rule_id} (se `praktiktjek rules`)")
    _stdout()
    explain_rule(rs, rs.rules[resolved], lang.value, sys.stdout)


@app.command()
def schema() -> None:
    """Skriv JSON Schema for aftaleformat version 1."""
    import json

    from .model import json_schema

    _stdout()
    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; nothing but a one-line message on error."""
    try:
        app(args=argv, prog_name="praktiktjek")  # typer prints usage errors itself (exit 2)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    except PraktiktjekError as exc:
        _stdout()
        print(f"praktiktjek: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
    except Exception as exc:
        print(f"praktiktjek: intern fejl: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def main() -> None:
    sys.exit(run())
