"""The few error types users can act on, and the CLI exit codes they map to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_STORE = 3
EXIT_DATA = 4
EXIT_REFUSED = 5
EXIT_PASSPHRASE = 6


class CoachError(Exception):
    """An error whose message is written for the user, not the developer."""

    exit_code = EXIT_DATA


class StoreError(CoachError):
    """The database could not be opened, read or written."""

    exit_code = EXIT_STORE


class PackError(CoachError):
    """A prompt pack or other data file is malformed."""


class DataFileError(CoachError):
    """A file the user asked us to read has bad rows; carries line numbers in its message."""
