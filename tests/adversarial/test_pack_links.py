"""A local rule pack's citation address becomes a link in the HTML report, SARIF's
helpUri, the job summary and the web pages: only http(s) is accepted when the pack is
loaded (a usage error naming file and key, Danish or English), and every writer of a link
refuses anything else as well — a pack cached by an older version is not validated again
(review 8, finding 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, agreement

PACK = ROOT / "rules" / "local" / "example-kommune.yaml"
BAD = ["javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "data:text/html,<script>1</script>",
       "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "https:evil", " https://x.dk",
       "https://x.dk/\nx", "java\tscript:alert(1)", "ftp://x.dk/"]


def _pack(tmp_path: Path, url: str) -> Path:
    text = PACK.read_text("utf-8").replace(
        "      - number: vedtaget 2021-01-01 (eksempel)\n",
        f"      - number: vedtaget 2021-01-01 (eksempel)\n        url: {json.dumps(url)}\n")
    assert json.dumps(url) in text
    p = tmp_path / "pack.yaml"
    p.write_text(text, "utf-8")
    return p


def _kert(tmp_path: Path) -> Path:
    f = tmp_path / "kert.json"
    f.write_text(json.dumps(agreement({"ordinary_hours": None, "after_internship": "education"})), "utf-8")
    return f


@pytest.mark.parametrize("url", BAD)
def test_the_loader_refuses_an_address_that_is_not_http(run_cli, tmp_path: Path, url: str) -> None:  # type: ignore[no-untyped-def]
    pack = _pack(tmp_path, url)
    err = run_cli("check", "--rules", str(pack), str(_kert(tmp_path)), code=2).err
    en = run_cli("rules", "--lang", "en", "--rules", str(pack), code=2).err
    if any(c in url for c in "\t\n\r"):  # refused first for its control character (review 19, packs)
        assert "«acts.KERT_POLICY.versions[0].url»" in err and "kontroltegn" in err
        assert "acts.KERT_POLICY.versions[0].url" in en and "control character" in en
        return
    assert f"{pack}: «acts.KERT_POLICY.versions[0].url»: skal være en webadresse, der begynder med https://" in err
    assert f"{pack}: acts.KERT_POLICY.versions[0].url: must be a web address beginning with https://" in en


def test_an_https_address_is_a_link(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pack = _pack(tmp_path, "https://kerteminde.dk/politik")
    doc = run_cli("check", "-f", "sarif", "--rules", str(pack), str(_kert(tmp_path)), code=0).json()
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["KERT001"]["helpUri"] == "https://kerteminde.dk/politik"


def test_every_link_writer_refuses_a_bad_address(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The second line of defence: a rule set holding javascript: (as an old cache would)."""
    from praktiktjek import cli

    pack = _pack(tmp_path, "https://kerteminde.dk/politik")
    real = cli._load

    def poisoned(extra):  # type: ignore[no-untyped-def]
        rs = real(extra)
        for v in rs.acts["KERT_POLICY"].versions:
            object.__setattr__(v, "url", "javascript:alert(document.domain)")
        return rs

    monkeypatch.setattr(cli, "_load", poisoned)
    kert = str(_kert(tmp_path))
    sarif = run_cli("check", "-f", "sarif", "--rules", str(pack), kert, code=0).out
    assert "javascript" not in sarif
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_cli("check", "-f", "github", "--rules", str(pack), kert, code=0)
    assert "KERT001" in summary.read_text("utf-8") and "javascript" not in summary.read_text("utf-8")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    report = tmp_path / "r.html"
    run_cli("audit", "-q", "--engine", "python", "--rules", str(pack), "--report", str(report), kert, code=0)
    html = report.read_text("utf-8")
    assert "KERT001" in html and "javascript" not in html


@given(st.sampled_from(["javascript", "data", "vbscript", "file", "ftp", "about", "blob", "http", "https"]),
       st.text(alphabet="aZ:/.\\ \t%", max_size=10))
def test_only_http_and_https_are_web_addresses(scheme: str, rest: str) -> None:
    from praktiktjek.rulepack import web_url

    url = f"{scheme}://host.dk{rest}"
    ok = web_url(url)
    if scheme not in ("http", "https") or any(c in rest for c in " \t\\"):
        assert ok is None
    assert web_url(f"{scheme}:{rest}") is None or scheme in ("http", "https")


def test_the_web_pages_refuse_a_bad_address(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from praktiktjek.pipeline import national_rules_dir
    from praktiktjek.rulepack import load_rules
    from praktiktjek.web.app import Settings, create_app

    pack = _pack(tmp_path, "https://kerteminde.dk/politik")
    rs = load_rules([pack], national=national_rules_dir())
    client = TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=rs))
    assert 'href="https://kerteminde.dk/politik"' in client.get("/regler/KERT001").text
    for v in rs.acts["KERT_POLICY"].versions:
        object.__setattr__(v, "url", "javascript:alert(document.domain)")
    client = TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=rs))
    page = client.get("/regler/KERT001")
    assert page.status_code == 200 and "KERT001" in page.text and "javascript" not in page.text
