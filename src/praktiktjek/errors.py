"""Named exit codes and the one user-error exception, caught only at the CLI boundary."""

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class PraktiktjekError(Exception):
    """A problem the user can fix (bad arguments, unreadable rule pack or config): exit 2.

    The message is Danish; ``en`` is its English form, where the raiser wrote one
    (shown under --lang en, notices.choose)."""

    def __init__(self, message: str = "", en: str | None = None) -> None:
        super().__init__(message)
        self.en = en


class RulePackError(PraktiktjekError):
    """A rule file that does not load: names file, rule and field."""


class TextError(ValueError):
    """A validator's complaint in Danish (``str``) and English (``en``): pydantic keeps
    the exception in the error's context, so the message is chosen where it is shown."""

    def __init__(self, da: str, en: str) -> None:
        super().__init__(da)
        self.en = en
