"""Text from people and files is data, never control codes (STYLE.md, practice 21).

`clean_text` is applied on the way in, to everything typed, imported or read from a file; `escape_controls`
on the way out, to everything the command line prints. Textual-free, so the store and the command line use it.
"""

from __future__ import annotations

import re

# C0 but tab and newline (a carriage return becomes a newline first), DEL and C1: ESC, CSI, OSC and the
# rest would drive the terminal (clear it, retitle it, set its clipboard) rather than be read.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# What `escape_controls` writes out as escapes: every control character (but tabs, and line ends in text of
# several lines), and lone surrogates, which no terminal can be sent.
_SHOWN_IN_LINES = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SHOWN_IN_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
_SHOWN_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")  # json.dumps escapes C0 itself, but not DEL or C1


def clean_text(text: str) -> str:
    """Text safe to keep and show: line ends as \\n, other control characters (C0 but tab, DEL, C1) removed,
    and lone surrogates (from odd terminals or pastes) as U+FFFD, so it always encodes."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))


def escape_controls(text: str, *, one_line: bool = False, json: bool = False) -> str:
    """Text safe to print to a terminal: each control character written as an escape (ESC as \\x1b), never
    sent. Tabs and line ends stay unless `one_line`; `json` is for JSON text, with escapes JSON reads back."""
    if json:
        return _SHOWN_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    pattern = _SHOWN_IN_ONE_LINE if one_line else _SHOWN_IN_LINES
    return pattern.sub(lambda found: ascii(found.group())[1:-1], text)
