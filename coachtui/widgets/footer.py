"""A footer that never cuts a key: when the keys do not all fit, it closes up their spacing, then leaves out
whole keys from the right, keeping the way back (Esc) and ? Help, which lists every key of the screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# The keys a footer keeps however narrow it is: the way out of the screen and the list of all its keys.
KEPT_KEYS = frozenset({"escape"})
KEPT_ACTIONS = frozenset({"help"})


def key_width(key_display: str, description: str, *, compact: bool) -> int:
    """Columns a footer key takes with its spacing, as Textual's footer draws it (padding around the key and
    after the description; compact: one space between key and description, one after)."""
    if not description:
        return cell_len(key_display) + (1 if compact else 0)
    return cell_len(key_display) + cell_len(description) + (2 if compact else 3)


def palette_width(key_display: str, description: str) -> int:
    """Columns the palette key docked on the right takes, compact or not: its edge, key, space, description
    and one column after it."""
    return cell_len(key_display) + cell_len(description) + 3


def keys_that_fit(widths: Sequence[int], kept: Sequence[bool], room: int) -> list[int]:
    """The positions of the keys to show in `room` columns: every kept key, then the others from the left for
    as long as they fit; nothing after the first one that does not (the order of the keys is their rank)."""
    used = sum(width for width, keep in zip(widths, kept, strict=True) if keep)
    shown = []
    stopped = False
    for index, (width, keep) in enumerate(zip(widths, kept, strict=True)):
        if keep:
            shown.append(index)
        elif not stopped and used + width <= room:
            used += width
            shown.append(index)
        else:
            stopped = True
    return shown


class KeyFooter(Footer):
    """Textual's footer, fitted to its width: a key is shown whole or not at all (it stays under ? and works)."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")]
        palette = next((w for w in widgets if isinstance(w, FooterKey) and w.has_class("-command-palette")), None)
        width = self.size.width
        if self._bindings_ready:
            self._composed_width = width
        if not width or len(keys) != len([w for w in widgets if w is not palette]):
            yield from widgets  # not laid out yet, or a binding group: shown as Textual shows it
            return
        kept = [key.key in KEPT_KEYS or key.action in KEPT_ACTIONS for key in keys]
        best: tuple[bool, list[int]] = (False, [])
        for compact in (False, True):
            room = width - (palette_width(palette.key_display, palette.description) if palette is not None else 0)
            shown = keys_that_fit([key_width(k.key_display, k.description, compact=compact) for k in keys],
                                  kept, room)
            if len(shown) > len(best[1]):
                best = (compact, shown)
        self.compact, shown = best
        yield from (keys[index] for index in shown)
        if palette is not None:
            yield palette

    def on_resize(self, event: Resize) -> None:
        # Only a width other than the one the keys were fitted to: the first keys come once the bindings are ready.
        if getattr(self, "_composed_width", None) not in (None, event.size.width):
            self.call_after_refresh(self.recompose)
