"""Review 21 cli, F8: ``check … -o sarif=/proc/version`` said «mappen findes ikke
længere» — /proc is there; it takes no new file, and an output is written as a new file
beside its target and moved into place. The message names the folder and the reason, in
Danish and English; a folder that really went away still says so."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from praktiktjek.errors import PraktiktjekError
from praktiktjek.outputs import Outputs

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "agreements" / "ok-dagpenge-4-uger.json")


@pytest.mark.skipif(not os.path.isfile("/proc/version"), reason="no /proc/version here")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_reviewers_case_names_the_folder_and_the_reason(run_cli: Any, lang: str) -> None:
    got = run_cli("check", EXAMPLE, "--lang", lang, "-o", "sarif=/proc/version", code=2)
    if lang == "da":
        assert ("--output sarif=/proc/version: kan ikke skrives: mappen /proc tager ikke imod nye filer, "
                "så filen kan ikke erstattes") in got.err
        assert "findes ikke" not in got.err
    else:
        assert ("--output sarif=/proc/version: cannot be written: the folder /proc takes no new files, "
                "so the file cannot be replaced") in got.err
        assert "no longer exists" not in got.err


@pytest.mark.parametrize("gone", [False, True])
def test_a_folder_that_takes_no_file_is_told_apart_from_one_that_is_gone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gone: bool) -> None:
    folder = tmp_path / "ud"
    folder.mkdir()

    def refuse(**_: Any) -> Any:
        if gone:
            folder.rmdir()
        raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(PraktiktjekError) as caught, Outputs() as files:
        files.open("--report", folder / "r.html")
    msg = str(caught.value)
    if gone:
        assert "mappen findes ikke længere" in msg
    else:
        assert f"mappen {folder} tager ikke imod nye filer" in msg.replace(str(tmp_path.resolve()), str(tmp_path))
