"""YAML, always through a safe loader (the C one where PyYAML has it): rule packs,
waivers and column mappings are data, and a `!!python/...` tag is an error."""

from __future__ import annotations

from typing import Any


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class BadDate(ValueError):
    """A YAML date that does not exist (``2099-02-30``): PyYAML's date constructor lets
    it out as a bare ValueError, which callers could not tell from a bug."""


def load(text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError:
        raise
    except ValueError as exc:
        raise BadDate(str(exc)) from None


def compose(text: str) -> Any:
    """The node tree, for line numbers of entries."""
    import yaml

    return yaml.compose(text, Loader=_loader())
