"""Copying always goes to the terminal's clipboard (OSC 52) and then to this computer's, and says so truly."""

from __future__ import annotations

import pyperclip
import pytest

from coachtui.services.files import copied_message, copy_text


def test_both_clipboards_get_the_text_and_the_message_names_both(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    here: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", here.append)
    assert copy_text("summary", sent.append) is True
    assert sent == ["summary"] and here == ["summary"]
    assert copied_message(True) == "Sent to your terminal's clipboard; also copied to this computer's."


def test_without_a_clipboard_here_the_terminal_still_gets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def none_here(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard mechanism")

    sent: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", none_here)
    assert copy_text("summary", sent.append) is False
    assert sent == ["summary"]
    message = copied_message(False)
    assert message.startswith("Sent to your terminal's clipboard") and "export to a file" in message
    assert "also copied" not in message
