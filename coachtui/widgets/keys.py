"""Bindings whose default keys are written once, in data/keymap.toml: code names a binding by its id and action,
and the key comes from the shipped keymap (a user's keymap.toml then remaps it by the same id)."""

from __future__ import annotations

from textual.binding import Binding

from coachtui.core.default_keys import default_keys


def keyed(binding_id: str, action: str, description: str = "", *, show: bool = True, key_display: str | None = None,
          priority: bool = False, tooltip: str = "", system: bool = False) -> Binding:
    """The binding `binding_id` on the key (or keys) data/keymap.toml gives it."""
    keys = default_keys()
    if binding_id not in keys:
        raise KeyError(f"{binding_id} has no key in data/keymap.toml: add it there")
    return Binding(keys[binding_id], action, description, show=show, key_display=key_display, priority=priority,
                   tooltip=tooltip, id=binding_id, system=system)
