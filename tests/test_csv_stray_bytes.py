"""A stray byte that is not UTF-8 in one row of a UTF-8 export (review 11, finding 15).

One file has one encoding (VITAS_EXPORT.md: UTF-8, UTF-8 with BOM or Windows-1252). A row
of a UTF-8 export with a byte that is not UTF-8 («Café» typed in a Windows tool) was read
as Windows-1252 as a whole: its correct «æ ø å» became mojibake, its title and functions
no longer matched the citizen's other rows (VP501 lost), and only a stderr line said so.
Now the row is VP000 naming the column and the character, in every output and in both
engines alike; the other rows are read as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from test_audit import HEADER, row

COLUMNS = HEADER.split(";")
#: rows of one citizen at one workplace with the same title: the second repeats the first
#: (VP501), so a lost row shows
ROWS = [row("A1", "0101901234", "01-03-2021", "28-03-2021", title="Gårdmedhjælper", functions="fodring|malkning"),
        row("A2", "0101901234", "01-06-2021", "28-06-2021", title="Gårdmedhjælper", functions="fodring|malkning"),
        row("A3", "0202901234", "01-03-2021", "28-03-2021")]


def _write(path: Path, rows: list[bytes]) -> str:
    path.write_bytes(b"\r\n".join([HEADER.encode(), *rows]) + b"\r\n")
    return str(path)


def _audit(run_cli, path: str, engine: str) -> tuple[str, dict[int, list[dict[str, Any]]]]:  # type: ignore[no-untyped-def]
    res = run_cli("audit", "-q", "--engine", engine, "-f", "json", path)
    assert res.code == 1 and "intern fejl" not in res.err, res.err
    assert "Windows-1252" not in res.err  # told in the findings, not on the side
    return res.out, {r["line"]: r["findings"] for r in json.loads(res.out)["results"]}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, len(ROWS) - 1), column=st.integers(0, len(COLUMNS) - 1),
       at=st.integers(0, 40), byte=st.integers(0x80, 0xFF))
@example(which=1, column=COLUMNS.index("virksomhed"), at=11, byte=0xE9)  # «Café» in the second row
def test_a_stray_byte_makes_its_row_vp000_naming_the_column_and_nothing_else_changes(
        run_cli, tmp_path_factory: pytest.TempPathFactory, which: int, column: int, at: int, byte: int) -> None:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("stray")
    clean = [r.encode("utf-8") for r in ROWS]
    cells = ROWS[which].split(";")
    at = min(at, len(cells[column]))
    cells[column] = cells[column][:at] + "\x00" + cells[column][at:]  # where the byte goes
    stray = [*clean]
    stray[which] = ";".join(cells).encode("utf-8").replace(b"\x00", bytes([byte]))
    _, before = _audit(run_cli, _write(tmp / "clean.csv", clean), "python")
    outs = {}
    for engine in ("duckdb", "python"):
        outs[engine], after = _audit(run_cli, _write(tmp / "stray.csv", stray), engine)
        line = which + 2
        assert [f["rule"] for f in after[line]] == ["VP000"]
        message = after[line][0]["message"]
        assert f"række {line}: rækken er ikke gyldig UTF-8: kolonne «{COLUMNS[column]}», tegn {at + 1}: " \
               f"byte 0x{byte:02X}" in message
        assert "Ã" not in outs[engine]  # no mojibake anywhere
        for other in before:  # the other rows are read as before, apart from what the lost row gave them
            if other != line:
                assert {f["rule"] for f in after[other]} <= {f["rule"] for f in before[other]}
    assert outs["duckdb"] == outs["python"]


def test_check_and_the_english_run_name_the_stray_byte(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [r.encode("utf-8") for r in ROWS]
    rows[1] = rows[1].replace("Købmand Østergård".encode(), "Café Østergård".encode().replace("é".encode(), b"\xe9"))
    path = _write(tmp_path / "x.csv", rows)
    res = run_cli("check", "-f", "json", path, code=1)
    found = {r["line"]: r["findings"] for r in res.json()["results"]}
    assert found[3][0]["rule"] == "VP000"
    assert "kolonne «virksomhed», tegn 4: byte 0xE9" in found[3][0]["message"]
    assert "CSV UTF-8" in found[3][0]["fix"]
    res = run_cli("check", "--lang", "en", "-f", "json", path, code=1)
    finding = {r["line"]: r["findings"] for r in res.json()["results"]}[3][0]
    assert "the row is not valid UTF-8: column «virksomhed», character 4: byte 0xE9, but the rest of the " \
           "file is UTF-8; the row was not read" in finding["message"]
    assert "Save the file again as UTF-8" in finding["fix"]
