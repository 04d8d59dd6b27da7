"""Standard input given twice — by «-» twice, or by «-» and a name for it (/dev/stdin,
/dev/fd/0) while it is a pipe — is read once, and the second is told on stderr in the
run's language. A CI step that pipes an agreement and names stdin twice must not get a
VP000 («/dev/stdin: er en FIFO») or the agreement counted twice; exit code and findings
are those of reading it once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

PRAKTIKTJEK = [sys.executable, "-m", "praktiktjek"]
OK = (EXAMPLES / "ok-dagpenge-4-uger.json").read_bytes()


def _piped(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*PRAKTIKTJEK, *args], input=OK, capture_output=True, timeout=120)


@pytest.mark.skipif(not Path("/dev/stdin").exists() or os.name != "posix", reason="no /dev/stdin")
@pytest.mark.parametrize(("command", "names", "told"), [
    (["check"], ["-", "-"], "-"), (["check"], ["-", "/dev/stdin"], "/dev/stdin"),
    (["check"], ["/dev/stdin", "-"], "-"), (["check"], ["/dev/stdin", "/dev/fd/0"], "/dev/fd/0"),
    (["check"], ["/dev/stdin"], None), (["audit", "-q", "--engine", "python"], ["-", "/dev/stdin"], "/dev/stdin"),
    (["audit", "-q"], ["/dev/stdin", "-"], "-"),
])
def test_piped_stdin_named_twice_is_read_once_and_told(names: list[str], told: str | None, command: list[str]) -> None:
    proc = _piped(*command, "-f", "json", *names)
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    assert [(r["source"], r["agreement_id"], r["findings"]) for r in doc["results"]] == \
        [("<stdin>", "AAL-2021-000100", [])]
    err = proc.stderr.decode()
    if told is None:
        assert err == ""
    else:
        assert err.strip() == f"praktiktjek: {told}: er standardinput, som allerede er angivet; det læses kun én gang"
        en = _piped(*command, "-f", "json", "--lang", "en", *names).stderr.decode()
        assert en.strip() == f"praktiktjek: {told}: is standard input, which is already given; it is read once"
