"""The batch audit on DuckDB (issue #12). One module per step of the flow:

0. :mod:`.sources` — the inputs, opened once, and their records in order (both engines).
1. :mod:`.screen` — every record from the sources
   goes through our strict reader and model, exactly as ``check`` reads it. A record with
   VP000 keeps today's path and message and takes no part in any cross-record rule. A
   screened record becomes one row of plain columns (texts normalised here, in Python,
   so that SQL compares exactly what ``casefold`` and white-space collapsing give), and
   the rules that have no SQL form run on it in Python.
2. :mod:`.tables` — a DuckDB database on disk in a private temporary directory (removed
   on every exit path), loaded from those rows.
3. :mod:`.rules` — every rule whose check kind has a SQL form (beside its Python function
   in ``checks/*.py``) becomes one query per dated parameter slice; the cross-record steps
   (history per citizen, workplace load, shared purpose texts) are joins and windows.
4. :mod:`.findings` — the hits, ordered by record and rule, rendered once per distinct
   (rule, facts) and streamed to the same writers as the Python engine's results.
5. :mod:`.stats` — the summary's and the report's statistics, as SQL over the same tables.

:mod:`.reference` is the Python reference engine (``--engine python``): the same sources,
every rule as its Python function, the cross-record steps in plain dictionaries; both
engines must give byte-identical results. :mod:`.common` holds what they share (options,
plan, the run's outcome); the writers are in :mod:`praktiktjek.audit`.
"""

from __future__ import annotations

from .run import run_batch, sql_coverage

__all__ = ["run_batch", "sql_coverage"]
