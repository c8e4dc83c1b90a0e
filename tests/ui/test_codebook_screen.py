"""An observer looks up what a tag means without leaving the tagging: `?` opens the codebook in the console
and the Talk tab, one key goes back; the turn editor says what the chosen function means."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from rich.console import Console, Group
from rich.text import Text
from textual.widgets import OptionList, Select, Static

from coachtui.core.codebook import Entry, codebook
from coachtui.core.model import Stage
from coachtui.screens.codebook import CodebookScreen, describe_entry
from coachtui.screens.help import HelpScreen
from coachtui.screens.meeting import MeetingScreen
from coachtui.screens.observer_console import ObserverConsole
from coachtui.screens.turn_editor import TurnEditor
from coachtui.store import Store
from coachtui.widgets.tagging.legend import KeyLegend
from coachtui.widgets.tagging.pane import TaggingPane
from tests.helpers import scalar


def post_lesson_meeting(store: Store) -> int:
    partnership = store.partnerships.create("Ana", "Sam", "wait time")
    return store.meetings.open(store.cycles.current(partnership.id).id, Stage.POST_LESSON).id


async def open_talk_tab(app, pilot, meeting_id: int) -> None:  # type: ignore[no-untyped-def]
    app.push_screen(MeetingScreen(meeting_id))
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()


def shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    content = app.screen.query_one(selector, Static).content
    assert isinstance(content, Text), "text from data is shown as Text, never parsed as markup"
    return " ".join(content.plain.split())


def entry(dimension: str, value: str) -> Entry:
    found = codebook().entry(dimension, value)
    assert found is not None
    return found


async def test_the_console_legend_leads_to_the_codebook_and_one_key_leads_back_to_tagging(
        app_factory, store: Store, db_path: Path) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ObserverConsole(meeting_id))
        await pilot.pause()
        printed = Console(width=80, record=True, file=StringIO())
        printed.print(app.screen.query_one(KeyLegend).describe())
        assert "? codebook" in printed.export_text()

        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, CodebookScreen)
        assert shown(app, "#codebook-detail").startswith("question key q " + entry("function", "question").definition)

        await pilot.press("l")  # clarification's tagging key looks it up
        await pilot.pause()
        clarification = entry("function", "clarification")
        text = shown(app, "#codebook-detail")
        assert text.startswith(f"clarification key l {clarification.definition}")
        assert clarification.example in text and clarification.tell_apart in text
        assert scalar(db_path, "SELECT count(*) FROM turn") == 0, "looking up a key tags nothing"

        await pilot.press("down")  # the next entry, by the cursor
        await pilot.pause()
        assert shown(app, "#codebook-detail").startswith(f"new idea key n {entry('function', 'new idea').definition}")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ObserverConsole)
        assert app.screen.query_one(TaggingPane).has_focus_within
        await pilot.press("q")  # straight back to tagging
        await pilot.pause()
        assert scalar(db_path, "SELECT function FROM turn") == "question"


async def test_question_mark_also_closes_the_codebook(app_factory, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ObserverConsole(meeting_id))
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, CodebookScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, ObserverConsole)


async def test_every_dimension_value_can_be_read_in_the_codebook(app_factory, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ObserverConsole(meeting_id))
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        listing = app.screen.query_one(OptionList)
        listed = {listing.get_option_at_index(index).id for index in range(listing.option_count)}
        for section in codebook().sections:
            for item in section.entries:
                assert f"{item.dimension}:{item.value}" in listed
        listing.highlighted = listing.get_option_index("initiation:")
        await pilot.pause()
        assert shown(app, "#codebook-detail").startswith(f"(none) {entry('initiation', '').definition}")
        # Last of all, the keys of the screen underneath, which `?` lists on other screens.
        await pilot.press("end")
        await pilot.pause()
        keys = app.screen.query_one("#codebook-detail", Static).content
        assert isinstance(keys, Group)
        assert str(keys.renderables[0]) == "Keys on the screen underneath"


async def test_the_talk_tab_opens_the_codebook_and_other_tabs_the_keys(app_factory, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, CodebookScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.query_one(TaggingPane).has_focus_within

        app.screen.query_one("#side").active = "tab-prompts"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_turn_editor_says_what_the_chosen_function_means(app_factory, store: Store) -> None:
    meeting_id = post_lesson_meeting(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_talk_tab(app, pilot, meeting_id)
        await pilot.press("l")  # a clarification
        await pilot.press("enter")  # edit the turn under the cursor
        await pilot.pause()
        assert isinstance(app.screen, TurnEditor)
        assert shown(app, "#edit-meaning") == f"clarification: {entry('function', 'clarification').definition}"

        function = app.screen.query_one("#edit-function", Select)
        await pilot.press("enter")  # open the list: the meaning follows the cursor
        await pilot.pause()
        assert function.expanded
        await pilot.press("up")
        await pilot.pause()
        assert shown(app, "#edit-meaning") == f"generalisation: {entry('function', 'generalisation').definition}"
        await pilot.press("escape")  # closed without choosing: back to the turn's own function
        await pilot.pause()
        assert shown(app, "#edit-meaning").startswith("clarification: ")

        function.value = "defence"
        await pilot.pause()
        assert shown(app, "#edit-meaning") == f"defence: {entry('function', 'defence').definition}"


def test_text_from_the_codebook_is_shown_literally_never_as_markup() -> None:
    book = codebook()
    tricky = Entry("function", "question", "Asks [bold]who[/bold] [link=x]spoke[/link].", "[red]Why?[/]",
                   "Not [i]this[/i].")
    text = describe_entry(book, tricky, "q")
    assert "[bold]who[/bold] [link=x]spoke[/link]" in text.plain
    assert "[red]Why?[/]" in text.plain and "Not [i]this[/i]." in text.plain
