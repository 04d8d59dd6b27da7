"""Named exit codes and the one user-error exception, caught only at the CLI boundary."""

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class PraktiktjekError(Exception):
    """A problem the user can fix (bad arguments, unreadable rule pack or config): exit 2."""


class RulePackError(PraktiktjekError):
    """A rule file that does not load: names file, rule and field."""
