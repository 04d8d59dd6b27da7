"""YAML, always through a safe loader (the C one where PyYAML has it): rule packs,
waivers and column mappings are data, and a `!!python/...` tag is an error."""

from __future__ import annotations

from typing import Any


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=_loader())


def compose(text: str) -> Any:
    """The node tree, for line numbers of entries."""
    import yaml

    return yaml.compose(text, Loader=_loader())
