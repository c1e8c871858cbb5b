"""The one exception type users see: the CLI prints its message as one line and exits non-zero."""


class KgError(Exception):
    """An error a person can act on (missing file, bad input, malformed query, unknown model)."""
