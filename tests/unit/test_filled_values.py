"""Telling a user's edit from a form being filled (coachtui.widgets.filled)."""

from __future__ import annotations

from coachtui.widgets.filled import FilledValues


def test_the_value_a_field_was_filled_with_is_no_edit_and_the_next_one_is() -> None:
    shown = FilledValues()
    shown.fill({"text": "Try wait time"})
    assert not shown.edited("text", "Try wait time")
    assert shown.edited("text", "Try wait time!")
    assert not shown.edited("text", "Try wait time!"), "the same value announced twice saves once"
    assert shown["text"] == "Try wait time!"


def test_an_older_value_the_field_has_moved_on_from_is_no_edit() -> None:
    shown = FilledValues()
    shown.fill({"text": ""})
    assert not shown.edited("text", "H", now="Ha")
    assert shown.edited("text", "Ha", now="Ha")


def test_fields_the_form_does_not_know_and_values_it_put_there_itself_are_no_edits() -> None:
    shown = FilledValues()
    assert not shown.edited("text", "anything"), "nothing filled yet: the form is still being built"
    shown.fill({"text": "ours"})
    assert not shown.edited(None, "x") and not shown.edited("due", "2026-12-01")
    shown["text"] = "theirs — also typed in another window at 14:05 — ours"
    assert not shown.edited("text", "theirs — also typed in another window at 14:05 — ours")
    shown.clear()
    assert not shown.edited("text", "after the note closed")
