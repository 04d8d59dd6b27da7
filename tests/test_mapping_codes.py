"""Review 16, F3: a `--mapping` label that is itself a code (``dagpenge:
jobparat_kontanthjaelp``) silently turned every dagpenge record into another target
group. A label that is a code may only mean that code; else the mapping is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

EXPORT = str(ROOT / "examples" / "exports" / "vitas-eksempel.csv")


@pytest.mark.parametrize(("kind", "label", "code"), [
    ("target_group", "dagpenge", "jobparat_kontanthjaelp"),
    ("target_group", " Dagpenge ", "sygedagpenge"),
    ("after", "ordinary_hours", "none"),
])
@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_label_that_is_a_code_cannot_mean_another(run_cli, tmp_path: Path, kind: str, label: str,  # type: ignore[no-untyped-def]
                                                    code: str, command: str) -> None:
    m = tmp_path / "m.yaml"
    m.write_text(f"labels:\n  {kind}:\n    '{label}': {code}\n", "utf-8")
    err = run_cli(command, "--mapping", str(m), EXPORT, code=2).err
    assert f"m.yaml: labels.{kind}: «{label}» er selv en kode" in err
    assert "is itself a code" in run_cli(command, "--lang", "en", "--mapping", str(m), EXPORT, code=2).err


def test_a_label_may_name_its_own_code_and_new_labels_are_free(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "m.yaml"
    m.write_text("labels:\n  target_group:\n    Dagpenge: dagpenge\n    ledig: dagpenge\n", "utf-8")
    plain = run_cli("check", "-f", "json", EXPORT).json()["summary"]
    assert run_cli("check", "-f", "json", "--mapping", str(m), EXPORT).json()["summary"] == plain
