"""Cause 2 of issue #9, the atomic writer: an output file appears whole or not at all,
all outputs of a run together, never over or inside an input, and an output path that
cannot be written is refused before the run reads anything."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import agreement


def _inputs(tmp: Path) -> Path:
    folder = tmp / "udtraek"
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(json.dumps(agreement({"id": f"A{i}"})) for i in range(3)) + "\n",
                                    "utf-8")
    return folder


def _no_temp_files(*folders: Path) -> None:
    for folder in folders:
        left = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
        assert not left, left


@pytest.mark.parametrize("argv", [
    ("audit", "-q", "--findings", "{in}/a.jsonl", "{in}/a.jsonl"),
    ("audit", "-q", "--report", "{in}/a.jsonl", "{in}/a.jsonl"),
    ("audit", "-q", "--findings", "{in}/fund.csv", "{in}"),
    ("audit", "-q", "--findings", "{in}/sub/../fund.jsonl", "{in}"),
    ("check", "-o", "json={in}/a.jsonl", "{in}/a.jsonl"),
    ("check", "-o", "sarif={in}/ny.sarif", "{in}"),
])
def test_an_output_over_or_inside_an_input_is_refused(run_cli, tmp_path: Path, argv: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    (folder / "sub").mkdir()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    res = run_cli(*[a.replace("{in}", str(folder)) for a in argv], code=2)
    assert "inddata" in res.err and res.out == ""
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before  # the input untouched, nothing new beside it


def test_a_link_to_an_input_is_the_input(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    link = tmp_path / "link.jsonl"
    link.symlink_to(folder / "a.jsonl")
    run_cli("check", "-o", f"json={link}", str(folder / "a.jsonl"), code=2)
    assert (folder / "a.jsonl").read_text("utf-8").startswith("{")


@pytest.mark.parametrize("option", ["--report", "--findings"])
def test_an_unwritable_output_is_refused_before_the_run(run_cli, tmp_path: Path, option: str) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    res = run_cli("audit", "-q", "-f", "jsonl", option, str(tmp_path / "mangler" / "x.csv"), str(folder), code=2)
    assert res.out == ""  # not a single record was checked or written
    assert "findes ikke" in res.err


def test_a_folder_as_output_is_refused(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    (tmp_path / "r.html").mkdir()
    assert "mappe" in run_cli("audit", "-q", "--report", str(tmp_path / "r.html"), str(folder), code=2).err


def test_a_failing_run_leaves_yesterdays_outputs_untouched(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "fund.csv").write_text("i går\n", "utf-8")
    (out / "r.html").write_text("i går\n", "utf-8")
    import praktiktjek.auditreport as ar

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("midt i rapporten")

    monkeypatch.setattr(ar, "write_html", boom)
    run_cli("audit", "-q", "-j", "1", "--findings", str(out / "fund.csv"), "--report", str(out / "r.html"),
            str(folder), code=2)
    assert (out / "fund.csv").read_text("utf-8") == "i går\n"
    assert (out / "r.html").read_text("utf-8") == "i går\n"
    _no_temp_files(out)


@pytest.mark.parametrize("signal_exc", ["KeyboardInterrupt", "Terminated"])
def test_an_interrupted_run_writes_nothing(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                           signal_exc: str) -> None:
    folder = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "fund.csv").write_text("i går\n", "utf-8")
    import praktiktjek.audit as audit
    import praktiktjek.cli as cli

    real = audit.FindingsWriter.add
    exc: type[BaseException] = KeyboardInterrupt if signal_exc == "KeyboardInterrupt" else cli.Terminated

    def interrupted(self: object, doc: object) -> None:
        real(self, doc)  # type: ignore[arg-type]
        raise exc

    monkeypatch.setattr(audit.FindingsWriter, "add", interrupted)
    bad = folder / "b.jsonl"
    bad.write_text(json.dumps(agreement({"end": "2021-12-31"})) + "\n", "utf-8")
    res = run_cli("audit", "-q", "-j", "1", "--findings", str(out / "fund.csv"), "--report", str(out / "r.html"),
                  str(folder))
    assert res.code == (130 if signal_exc == "KeyboardInterrupt" else 143)
    assert "Traceback" not in res.err
    assert (out / "fund.csv").read_text("utf-8") == "i går\n"
    assert not (out / "r.html").exists()
    _no_temp_files(out)


def test_all_outputs_of_a_run_appear_together(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    run_cli("check", "-f", "json", "-o", f"sarif={out / 'x.sarif'}", "-o", f"junit={out / 'x.xml'}", str(folder))
    assert sorted(p.name for p in out.iterdir()) == ["x.sarif", "x.xml"]
    json.loads((out / "x.sarif").read_text("utf-8"))
    mode = (out / "x.sarif").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()  # the permissions a plain open() would have given


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


def test_a_non_utf8_output_name_and_lone_surrogates_are_written(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    (folder / "s.json").write_text(json.dumps(agreement({"id": "A\ud800", "position": {"title": "\udcff"}})),
                                   "utf-8")
    out = tmp_path / os.fsdecode(b"ud\xffdata")
    out.mkdir()
    target = out / os.fsdecode(b"r-\xff.out")
    for fmt in ("json", "sarif", "junit", "github", "text"):
        res = run_cli("check", "-f", fmt, "-o", f"{fmt}={target}", str(folder))
        assert res.code in (0, 1) and "intern fejl" not in res.err, res.err
    res = run_cli("audit", "-q", "-j", "1", "--findings", str(out / os.fsdecode(b"f\xff.csv")),
                  "--report", str(out / os.fsdecode(b"r\xff.html")), str(folder))
    assert res.code in (0, 1) and "intern fejl" not in res.err, res.err
    assert len(list(out.iterdir())) == 3


@pytest.mark.parametrize("what", ["waivers", "config", "rules"])
def test_an_output_over_a_configuration_file_is_refused(run_cli, tmp_path: Path, what: str) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    target = tmp_path / f"{what}.yaml"
    if what == "waivers":
        target.write_text("waivers: []\n", "utf-8")
    elif what == "config":
        target = tmp_path / "praktiktjek.toml"
        target.write_text('lang = "da"\n', "utf-8")
    else:
        target.write_text("pack: {name: k, prefix: KK, title: {da: x, en: x}}\n", "utf-8")
    before = target.read_bytes()
    run_cli("check", f"--{what}", str(target), "-o", f"json={target}", str(folder), code=2)
    assert target.read_bytes() == before
