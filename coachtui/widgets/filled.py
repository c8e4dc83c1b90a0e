"""Telling a user's edit from a form being filled: Textual announces a value put into a field with the same
change event as a key typed into it. Waiting for a refresh before saving anything would drop the keys typed in
that moment; comparing with what the field was filled with drops nothing."""

from __future__ import annotations

from collections.abc import Mapping


class FilledValues:
    """What each field of a form holds as far as the form knows (by widget id): what it was filled with, then
    each edit."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def fill(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)

    def clear(self) -> None:
        self._values = {}

    def __getitem__(self, field: str) -> str:
        return self._values[field]

    def __setitem__(self, field: str, value: str) -> None:
        """The form put `value` into `field` itself (both texts kept, say): its change event is no edit."""
        self._values[field] = value

    def edited(self, field: str | None, value: str, now: str | None = None) -> bool:
        """Whether `value` arriving in `field` is the user's edit, and if so remember it: the field is one of the
        form's, the value is not what the form knows it holds, and (given the field's value `now`) not an older
        value the field has moved on from, whose latest change saves the whole text anyway."""
        if field is None or field not in self._values or value == self._values[field]:
            return False
        if now is not None and value != now:
            return False
        self._values[field] = value
        return True
