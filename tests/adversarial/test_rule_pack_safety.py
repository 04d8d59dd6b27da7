"""A rule pack is data: no code, no file access, no unbounded patterns."""

from __future__ import annotations

import builtins
import io
import os
import typing
from pathlib import Path
from typing import Any

import pytest

from praktiktjek.checks import REGISTRY
from praktiktjek.errors import RulePackError
from praktiktjek.pipeline import national_rules_dir
from praktiktjek.rulepack import load_rules

PACK = """
pack: {name: t, prefix: SAFE, title: {da: t, en: t}}
rules:
  - id: SAFE001
    severity: error
    title: {da: t, en: t}
    message: {da: "m", en: "m"}
    fix: {da: f, en: f}
    confidence: {level: practice}
    check: company_cvr_in
    params: {cvrs: ["12345678"]}
    rationale: {da: "/etc/passwd", en: "../../../../root/.ssh/id_rsa file:///etc/shadow"}
"""


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch /tmp/praktiktjek-pwned']",
    "!!python/name:os.system",
    "!!python/object/new:subprocess.Popen [['touch', '/tmp/praktiktjek-pwned']]",
])
def test_python_tags_are_refused_with_a_clear_error(tmp_path: Path, tag: str) -> None:
    p = tmp_path / "evil.yaml"
    p.write_text(f"pack: {tag}\n", "utf-8")
    with pytest.raises(RulePackError, match="er ikke en gyldig regelfil"):
        load_rules([p], national=national_rules_dir())
    assert not Path("/tmp/praktiktjek-pwned").exists()


def test_loading_a_pack_opens_only_its_own_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "pack.yaml"
    p.write_text(PACK, "utf-8")
    opened: list[str] = []
    real_open, real_io_open = builtins.open, io.open

    real_os_open = os.open

    def spy(file: Any, *a: Any, **k: Any) -> Any:
        if not isinstance(file, int):  # a descriptor from os.open, recorded there
            opened.append(str(file))
        return real_open(file, *a, **k)

    def os_spy(file: Any, *a: Any, **k: Any) -> Any:
        opened.append(str(file))
        return real_os_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(os, "open", os_spy)
    rs = load_rules([p], national=national_rules_dir())
    monkeypatch.setattr(builtins, "open", real_open)
    monkeypatch.setattr(io, "open", real_io_open)
    monkeypatch.setattr(os, "open", real_os_open)
    assert rs.rules["SAFE001"].spec.rationale.da == "/etc/passwd"  # a text, not a file to open
    allowed = {str(p), *(str(f) for f in national_rules_dir().glob("*.yaml"))}
    assert opened and set(opened) <= allowed, set(opened) - allowed


def test_no_check_kind_takes_a_regular_expression() -> None:
    """No parameter is a pattern, so no rule pack can ask for catastrophic backtracking.
    If a check kind ever takes one, it must bound it (and this test must change)."""
    for name, kind in REGISTRY.items():
        for field, info in kind.params.model_fields.items():
            words = set(field.lower().split("_"))
            assert not words & {"regex", "regexp", "pattern", "re"}, (name, field)
            assert typing.get_origin(info.annotation) is not typing.Pattern, (name, field)
