"""The dimensions of talk are declared once, in coachtui/data/dimensions.toml: the groups the analysis reads
meaning into, the timeline's colour families and the tagging keys all come from there."""

from __future__ import annotations

from importlib import resources

import pytest
from textual.binding import Binding

from coachtui.core import analysis
from coachtui.core.vocabulary import parse_vocabulary, vocabulary
from coachtui.errors import PackError
from coachtui.widgets.tagging.colours import FAMILY_COLOURS, function_styles
from coachtui.widgets.tagging.pane import TaggingPane

SHIPPED = (resources.files("coachtui") / "data" / "dimensions.toml").read_text(encoding="utf-8")


def test_the_analysis_reads_its_groups_from_the_data() -> None:
    vocab = vocabulary()
    assert analysis.RESPONSES == vocab.group("function", "responses") == ("defence", "acceptance", "dissonance")
    assert vocab.group("stimulus", "evidence") == analysis.EVIDENCE_STIMULI
    assert set(analysis.IDEAS) >= set(analysis.PROPOSALS)
    assert set(analysis.REFLECTING) >= set(analysis.REASONING)


def test_every_function_has_one_family_and_every_family_a_colour() -> None:
    styles = function_styles()
    assert sorted(styles) == sorted(vocabulary().functions)
    assert set(vocabulary().families("function")) == set(FAMILY_COLOURS)


def test_the_tagging_pane_binds_each_function_once_with_the_shipped_key() -> None:
    from coachtui.core.keymap import shipped_keymap

    keys = shipped_keymap()
    tags = [b for b in TaggingPane.BINDINGS if isinstance(b, Binding) and b.action.startswith("tag(")]
    assert [b.action for b in tags] == [f"tag({f!r})" for f in vocabulary().functions]
    assert all(b.id is not None and b.key == keys[b.id] for b in tags)


@pytest.mark.parametrize(("change", "problem"), [
    (('opens_up = ["acceptance", "dissonance"]', 'opens_up = ["acceptance", "agreement"]'), "function group"),
    (('asks = ["question"]', 'asks = []'), "each of the 15 functions once"),
    (('groups.specific = ["critical moment", "episode"]', 'groups.specific = ["moment"]'), "scale group"),
])
def test_a_group_naming_a_value_the_data_does_not_list_is_refused(change: tuple[str, str], problem: str) -> None:
    old, new = change
    assert old in SHIPPED
    with pytest.raises(PackError, match=problem):
        parse_vocabulary(SHIPPED.replace(old, new))


def test_a_value_the_code_reads_meaning_into_is_checked_against_the_data() -> None:
    assert vocabulary().named("function", "challenge") == "challenge"
    with pytest.raises(PackError, match="no scale 'moment of truth'"):
        vocabulary().named("scale", "moment of truth")
