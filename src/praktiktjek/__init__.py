"""praktiktjek: checks Danish virksomhedspraktik agreements against the law."""

__version__ = "0.1.0"
