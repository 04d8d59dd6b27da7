"""An English run (--lang en) speaks English on stderr too: the framework's usage errors
are its own English words (with our placeholders in English), never the Danish
translation, and the audit's statistics use the decimal point (review 8, finding 5)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

EXPORT = ROOT / "examples" / "exports" / "vitas-eksempel.csv"
DANISH = ("Brug:", "Fejl:", "TILVALG", "Skriv '", "ukendt", "ugyldig", " STI", "REGEL", "ikke en af")


def test_usage_errors_of_an_english_run_are_english(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "a.json"
    f.write_text("{}", "utf-8")
    for args, english in ((["check", "--lang", "en", "--bogus", str(f)], "No such option: --bogus"),
                          (["check", "--lang=en", "-f", "xx", str(f)], "'xx' is not one of"),
                          (["explain", "--lang", "en"], "Missing argument 'RULE'"),
                          (["audit", "--lang", "en", "-j", "0", str(f)], "Invalid value for '--jobs'")):
        err = run_cli(*args, code=2).err
        assert english in err, err
        assert "Usage: praktiktjek" in err
        assert not [w for w in DANISH if w in err], err
        assert "Value error" not in err and "{" not in err
    # and a Danish run is still Danish
    err = run_cli("check", "--bogus", str(f), code=2).err
    assert "Fejl: ukendt tilvalg --bogus" in err and "Usage" not in err


def test_english_statistics_use_the_decimal_point(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("audit", "--lang", "en", "-q", str(EXPORT)).out
    assert "internships per citizen: 1.1;" in out
    assert "(84.6 %)" in out and ",6 %" not in out
    da = run_cli("audit", "-q", str(EXPORT)).out
    assert "forløb pr. borger: 1,1;" in da and "(84,6 %)" in da


def test_english_html_report_uses_the_decimal_point(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import re

    report = tmp_path / "r.html"
    run_cli("audit", "--lang", "en", "-q", str(EXPORT), "--report", str(report))
    html = report.read_text("utf-8")
    assert "84.6 %" in html
    assert not re.search(r"\d,\d %", html)


def test_output_path_and_waiver_errors_of_an_english_run(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import EXAMPLES

    a = tmp_path / "a.json"
    a.write_bytes((EXAMPLES / "vp202-dagpenge-6-uger.json").read_bytes())
    cases = [
        (["check", "-o", f"json={tmp_path}/nope/x.json", str(a)], "does not exist", "findes ikke"),
        (["check", "-o", f"json={a}", str(a)], "output must not be written over an input", "uddata må ikke"),
        (["audit", "-q", "--report", str(tmp_path), str(a)], "is a folder, not a file", "er en mappe"),
    ]
    w = tmp_path / "w.yaml"
    w.write_text("- rule: VP202\n  agreement: AAL-*\n  reason: sag 1\n  expires: 2021-13-40\n", "utf-8")
    cases.append((["check", "--waivers", str(w), str(a)], "the waiver file has a date that does not exist",
                  "dispensationsfilen har en dato"))
    w2 = tmp_path / "w2.yaml"
    w2.write_text("- rule: VP999\n  agreement: AAL-*\n  reason: sag 1\n  expires: 2030-01-01\n", "utf-8")
    cases.append((["check", "--waivers", str(w2), str(a)], "waiver no. 1: rule: unknown rule «VP999»",
                  "dispensation nr. 1: feltet «rule» nævner en ukendt regel"))
    w3 = tmp_path / "w3.yaml"
    w3.write_text("- rule: VP202\n  agreement: AAL-*\n  reason: sag 1\n  expires: 2030-01-01\n  reson: x\n", "utf-8")
    cases.append((["check", "--waivers", str(w3), str(a)], "waiver no. 1 (rule VP202): reson: ", "nøglen «reson»"))
    for args, english, danish in cases:
        en = run_cli(*args[:1], "--lang", "en", *args[1:], code=2).err
        assert english in en, en
        assert not re.search(r"[æøå]|\b(ikke|mappen|dispensation|regel|feltet)\b", en), en
        da = run_cli(*args, code=2).err
        assert danish in da, da
