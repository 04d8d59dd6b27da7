"""Cause 2 of issue #9, the atomic writer: an output file appears whole or not at all,
all outputs of a run together, never over or inside an input, and an output path that
cannot be written is refused before the run reads anything."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --------------------------------------------------------------------------- review 9 variants

PRAKTIKTJEK = [sys.executable, "-m", "praktiktjek"]


def _finding_doc() -> str:
    """One agreement with a finding (VP202: too long for its target group)."""
    return json.dumps(agreement({"end": "2021-05-01", "position": {"title": "Lager", "functions": ["lager"]}}))


def test_a_link_inside_an_input_folder_protects_the_file_it_points_to(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    real = tmp_path / "real.json"
    real.write_text(_finding_doc(), "utf-8")
    (folder / "link.json").symlink_to(real)
    before = real.read_bytes()
    res = run_cli("check", "-o", f"json={real}", str(folder), code=2)
    assert "inddata" in res.err and "link.json" in res.err
    assert real.read_bytes() == before


def _sub(argv: list[str], *, stdin: Path | None = None, stdout: Path | None = None,
         append: bool = False, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    with contextlib.ExitStack() as stack:
        fin = stack.enter_context(stdin.open("rb")) if stdin is not None else subprocess.DEVNULL
        fout = stack.enter_context(stdout.open("ab" if append else "wb")) if stdout is not None else subprocess.PIPE
        return subprocess.run([*PRAKTIKTJEK, *argv], stdin=fin, stdout=fout, stderr=subprocess.PIPE,
                              timeout=60, check=False, env={**os.environ, **(env or {})})


def test_an_output_over_the_file_on_stdin_is_refused(tmp_path: Path) -> None:
    s = tmp_path / "s.json"
    s.write_text(_finding_doc(), "utf-8")
    before = s.read_bytes()
    res = _sub(["check", "-", "-o", f"json={s}"], stdin=s)
    assert res.returncode == 2 and "stdin" in res.stderr.decode()
    assert s.read_bytes() == before


@pytest.mark.parametrize("command", [["audit", "-q", "-j", "1", "-f", "jsonl"], ["check", "-f", "json"]])
def test_stdout_appended_to_an_input_is_refused(tmp_path: Path, command: list[str]) -> None:
    """`audit self.jsonl >> self.jsonl` read its own output without end (review 9, H5)."""
    s = tmp_path / "self.jsonl"
    s.write_text(_finding_doc() + "\n", "utf-8")
    before = s.read_bytes()
    res = _sub([*command, str(s)], stdout=s, append=True)
    assert res.returncode == 2
    assert "stdout er den samme fil som inddata" in res.stderr.decode()
    assert s.read_bytes() == before


def test_a_replaced_output_keeps_its_permissions(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    private = tmp_path / "priv.json"
    private.write_text("{}", "utf-8")
    private.chmod(0o600)
    run_cli("check", "-o", f"json={private}", str(folder))
    assert json.loads(private.read_text("utf-8"))["results"]  # replaced ...
    assert private.stat().st_mode & 0o777 == 0o600  # ... and still private
    group = tmp_path / "r.html"
    group.write_text("", "utf-8")
    group.chmod(0o640)
    run_cli("audit", "-q", "-j", "1", "--report", str(group), str(folder))
    assert group.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("command", [["audit", "-q", "-j", "1", "-f", "jsonl"], ["check", "-f", "json"]])
def test_a_file_given_twice_is_read_once(run_cli, tmp_path: Path, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)  # three records
    (tmp_path / "link.jsonl").symlink_to(folder / "a.jsonl")
    res = run_cli(*command, str(folder), str(folder / "a.jsonl"), str(tmp_path / "link.jsonl"))
    if command[0] == "audit":
        lines = [json.loads(x) for x in res.out.splitlines()]
        assert lines[-1]["summary"]["read"] == 3 and len(lines) == 4
    else:
        assert len(json.loads(res.out)["results"]) == 3
    assert res.err.count("er angivet mere end én gang") == 2


def test_the_step_summary_is_never_written_into_an_input(tmp_path: Path) -> None:
    a = tmp_path / "a.json"
    a.write_text(_finding_doc(), "utf-8")
    before = a.read_bytes()
    res = _sub(["check", str(a), "-f", "github"], env={"GITHUB_STEP_SUMMARY": str(a)})
    assert res.returncode == 1  # the run itself goes on: the finding is reported
    assert "opsummeringen skrives ikke" in res.stderr.decode()
    assert a.read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "folder", "no folder"])
def test_a_step_summary_that_is_no_file_gets_a_danish_message_and_no_hang(tmp_path: Path, kind: str) -> None:
    a = tmp_path / "a.json"
    a.write_text(_finding_doc(), "utf-8")
    target = tmp_path / "sum"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target = tmp_path / "mangler" / "sum.md"
    res = _sub(["check", str(a), "-f", "github"], env={"GITHUB_STEP_SUMMARY": str(target)})  # timeout: 60 s
    err = res.stderr.decode()
    assert res.returncode == 1 and "opsummeringen skrives ikke" in err
    assert "Traceback" not in err and "No such" not in err and "Is a directory" not in err


def test_the_step_summary_is_added_whole_with_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"x\xff.json")).write_text(_finding_doc(), "utf-8")
    summary = tmp_path / "sum.md"
    summary.write_text("før\n", "utf-8")
    summary.chmod(0o640)
    res = _sub(["check", str(folder), "-f", "github"], env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert res.returncode == 1, res.stderr.decode()
    text = summary.read_text("utf-8")  # valid UTF-8: the byte is shown as \xff (review 13, F3)
    assert text.startswith("før\n## praktiktjek") and "x\\\\xff.json" in text  # Markdown escapes the backslash
    assert summary.stat().st_mode & 0o777 == 0o640


# A name the file system takes: no slash or NUL, not . or .., at most NAME_MAX (255) bytes.
_NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0")


def _fits(name: str) -> bool:
    return name not in (".", "..") and len(name.encode("utf-8")) <= 255


@settings(max_examples=40, deadline=None)
@given(stem=st.text(_NAME_CHARS, min_size=1, max_size=255).filter(_fits),
       fill=st.sampled_from(["a", "æ", "😀"]))
def test_any_name_the_file_system_takes_can_be_written(stem: str, fill: str) -> None:
    """The temporary file beside the target has a short name of its own: a target name
    of up to 255 bytes, in any script, is written (it was refused from 245 bytes)."""
    import tempfile

    from praktiktjek.outputs import Outputs

    # grown to the longest name the file system takes, in the script drawn
    while len((stem + fill).encode("utf-8")) <= 255:
        stem += fill
    with tempfile.TemporaryDirectory() as d:
        target = Path(d) / stem
        with Outputs() as files:
            files.open("-o", target).write("helt")
            files.commit()
        assert target.read_text("utf-8") == "helt"
        assert os.listdir(d) == [stem]  # the temporary file is gone


@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_255_byte_output_name_is_written(run_cli, tmp_path: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    folder = _inputs(tmp_path)
    out = tmp_path / "ud"
    out.mkdir()
    name = "😀" * 62 + ("xyz.csv" if command == "audit" else "xy.json")  # 4 bytes a character
    assert len(name.encode("utf-8")) == 255
    if command == "check":
        res = run_cli("check", "-o", f"json={out / name}", str(folder))
    else:
        res = run_cli("audit", "-q", "--findings", str(out / name), str(folder))
    assert res.code in (0, 1), res.err
    assert os.listdir(out) == [name] and (out / name).stat().st_size > 0
