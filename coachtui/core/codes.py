"""The codes that name things across laptops and files: training sessions, participants, scenarios and packs.

One family of patterns, written once. Codes travel in bundle and plan files and in file names, so they are
plain ASCII, start with a letter or digit, and have a length limit. Each pattern ends in `\\Z`, not `$`,
which would let a final newline through.
"""

from __future__ import annotations

import re


def _code(longest: int) -> re.Pattern[str]:
    """Letters, digits, `_` and `-`: what a person types to name a session or themselves."""
    return re.compile(rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{longest - 1}}}\Z")


def _key(longest: int) -> re.Pattern[str]:
    """Lower-case letters, digits and `-`: the key of a shipped or user file, safe in any file name."""
    return re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{longest - 1}}}\Z")


SESSION_CODE = _code(24)  # a training session, such as AUT1
PARTICIPANT_CODE = _code(16)  # a participant in coach training, such as T07
SCENARIO_KEY = _key(40)  # a role-play scenario's file, such as feedback-on-questioning
PACK_KEY = _key(40)  # a prompt pack's file, such as afl
