"""Every main screen keeps its essential words whole at 80x24 and stays usable at 60x20: snapshots at 60x20
on the demo data, and checks that phrases once cut at 80 columns are on screen in full."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from coachtui.app import CoachApp
from tests.helpers import screen_text, until

# Keys from the home screen to each main screen of the demo partnership (as in the 80x24 snapshots).
JOURNEYS = {
    "home": [],
    "cycle": ["enter"],
    "arrangements": ["enter", "1"],
    "post_lesson_meeting": ["enter", "4"],
    "talk_tab": ["enter", "4", "t"],
    "turn_editor": ["enter", "4", "t", "up", "enter"],
    "observer_console": ["enter", "4", "c"],
    "summary": ["enter", "s"],
    "lesson": ["enter", "3"],
}


@pytest.mark.parametrize("screen", list(JOURNEYS))
def test_screen_snapshot_at_60x20(snap_compare, demo_app: CoachApp, screen: str) -> None:
    assert snap_compare(demo_app, press=JOURNEYS[screen], terminal_size=(60, 20))


async def shown_after(app: CoachApp, keys: list[str], size: tuple[int, int] = (80, 24)) -> str:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await footer_shown(pilot)
        return screen_text(app)


async def test_the_pacing_line_keeps_its_time_at_80x24(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "4", "w"])
    assert "ahead of plan: Way forward starts around 11:15" in text


async def test_the_turn_editor_keeps_its_buttons_and_save_hint_at_80x24(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "4", "t", "up", "enter"])
    assert "Save" in text and "Cancel (esc)" in text and "Enter or Ctrl+S saves" in text


async def test_the_summary_footer_keeps_done_and_help_at_80x24(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "s"])
    assert "esc Done" in text and "? Help" in text


async def test_the_confidentiality_agreement_is_read_whole_at_80x24(demo_app: CoachApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
        box = demo_app.screen.query_one("#confidentiality_agreed")
        box.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        # The label wraps inside the checkbox's border: read it without the border's edges.
        text = " ".join(screen_text(demo_app).replace("▎", " ").replace("▊", " ").split())
    assert "only a summary the coachee has read and approved leaves this laptop" in text


async def test_the_level_line_keeps_its_caveat_whole_at_80x24(demo_app: CoachApp) -> None:
    talk = await shown_after(demo_app, ["enter", "4", "t"])
    assert "Provisional level 1 · Emerging" in talk
    assert "an estimate to reflect on, not" in talk and "an estimat\n" not in talk


async def test_the_console_keeps_the_level_caveat_whole_at_80x24(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "4", "c"])
    assert "an estimate to reflect on, not a grade" in text


async def test_the_console_timeline_keeps_its_function_column_at_60x20(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "4", "c"], size=(60, 20))
    assert "Function" in text and "justification" in text and "q question" in text


async def test_the_meeting_at_60x20_stacks_its_side_panel_under_the_notes(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "4"], size=(60, 20))
    assert "Reality notes" in text and "Prompts" in text and "Actions (2)" in text
    # The GROW prompt wraps inside the screen rather than running off its edge.
    assert "Describe what is happening now, using evidence rather" in text and "than impressions." in text


async def test_the_talk_tab_at_60x20_keeps_the_function_column(demo_app: CoachApp) -> None:
    talk = await shown_after(demo_app, ["enter", "4", "t"], size=(60, 20))
    assert "Function" in talk and "suggestion" in talk


async def test_the_home_table_keeps_its_last_header_at_80x24(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, [])
    assert "Actions" in text.splitlines()[2]
    assert "C Coordinator" in text and "? Help" in text


async def test_scenario_names_and_minutes_are_whole_in_the_training_form_at_80x24(demo_app: CoachApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T", "n")
        await pilot.pause()
        demo_app.screen.query_one("#training-scenarios").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        text = screen_text(demo_app)
    assert "Answers before the question is finished · 10 min · Post-lesson" in text
    assert "Early finishers · 8 min · Pre-lesson" in text


def footer_keys(app: CoachApp) -> list[str]:
    """The keys the footer shows, each as "key description"."""
    from textual.widgets._footer import FooterKey

    return [f"{key.key_display} {key.description}".strip() for key in app.screen.query(FooterKey)]


def footer_is_current(app: CoachApp) -> bool:
    """Whether the footer shows keys, each one what the key does now: the footer builds its keys again a refresh
    after the bindings change (a new screen, the focus moving), so it may still show the keys from before."""
    from textual.widgets._footer import FooterKey

    active = app.screen.active_bindings
    keys = [key for key in app.screen.query(FooterKey) if not key.has_class("-command-palette")]
    return bool(keys) and all(key.key in active and active[key.key].binding.action == key.action
                              and active[key.key].binding.show for key in keys)


async def footer_shown(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the footer shows the keys of the screen as it is now."""
    await until(pilot, lambda: footer_is_current(pilot.app))


# Every screen above with a footer (the turn editor is a dialog).
FOOTER_JOURNEYS = {name: keys for name, keys in JOURNEYS.items() if name != "turn_editor"}


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(FOOTER_JOURNEYS))
async def test_no_footer_cuts_a_key(demo_app: CoachApp, screen: str, size: tuple[int, int]) -> None:
    from textual.widgets import Footer

    async with demo_app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*FOOTER_JOURNEYS[screen])
        await footer_shown(pilot)
        footer = demo_app.screen.query_one(Footer)
        assert footer.max_scroll_x == 0, "keys run off the footer's right edge"
        last_line = " ".join(screen_text(demo_app).splitlines()[-1].split())
        for key in footer_keys(demo_app):
            assert key in last_line, f"{key!r} is not whole in {last_line!r}"
    assert "? Help" in last_line
    if screen != "home":
        assert "esc " in last_line  # the way back


async def test_the_talk_tab_footer_keeps_back_and_help_whole_at_80x24(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "4", "t"])
    last_line = text.splitlines()[-1]
    assert "w Speaker" in last_line and "esc Back" in last_line and "? Help" in last_line
    assert "Tag t" not in last_line.replace("Tag turns", "")


async def test_the_meeting_footer_offers_the_end_at_80x24(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "4"])
    assert "x End" in text.splitlines()[-1]


async def test_the_home_table_keeps_its_essential_columns_whole_at_60x20(demo_app: CoachApp) -> None:
    async with demo_app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = screen_text(demo_app).splitlines()
        assert lines[2].split() == ["Coach", "Coachee", "Cycle", "Next", "Actions"]  # the focus gives way
        assert "Ana Lopez   Sam Reed    1: Post-lesson" in lines[3] and lines[3].split()[-1] == "2"
        assert "1: Arrangements" in lines[4]
        table = demo_app.screen.query_one("#partnerships", DataTable)
        table.move_cursor(row=1)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen_text(demo_app).splitlines()[2].split()[2] == "Focus"  # room for it again
        assert table.cursor_row == 1  # on the same partnership


async def comes_into_view(pilot, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether `text` is on screen within two seconds: End scrolls smoothly, and a busy machine draws slowly."""
    for _ in range(20):
        await pilot.pause(0.1)
        if text in screen_text(pilot.app):
            return True
    return False


async def test_the_console_key_list_scrolls_by_keyboard_at_60x20(demo_app: CoachApp) -> None:
    from coachtui.widgets.tagging.timeline import TurnTimeline

    async with demo_app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter", "4", "c")
        await pilot.pause()
        assert "codebook" not in screen_text(demo_app)  # the end of the key list is below the fold
        await pilot.press("tab")
        await pilot.pause()
        assert demo_app.focused is not None and demo_app.focused.id == "console-keys"
        await pilot.press("end")
        assert await comes_into_view(pilot, "? codebook")
        await pilot.press("escape")  # back to tagging, not out of the console
        await pilot.pause()
        assert isinstance(demo_app.focused, TurnTimeline)
        assert "Observer console" in screen_text(demo_app)


async def test_the_console_key_list_narrowed_by_a_resize_still_scrolls_to_its_end(demo_app: CoachApp) -> None:
    from coachtui.widgets.tagging.legend import OTHER_KEYS

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "4", "c")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)  # the key list goes from two columns to one, twice as long
        legend = demo_app.screen.query_one("#console-legend")
        # One key a row: the functions, the other keys, scale, time and the codebook.
        rows = len(demo_app.vocabulary.functions) + len(OTHER_KEYS) + 3
        for _ in range(20):
            await pilot.pause()
            if legend.size.height == rows:
                break
        assert legend.size.height == rows
        await pilot.press("tab", "end")
        assert await comes_into_view(pilot, "? codebook")


async def test_the_lesson_keeps_its_notes_and_every_time_whole_at_60x20(demo_app: CoachApp) -> None:
    text = await shown_after(demo_app, ["enter", "3"], size=(60, 20))
    assert "space starts  25:00" in text
    for timing in ("1 teacher talk 05:00", "2 group work   10:00", "3 whole class  03:20", "4 independent  06:40"):
        assert timing in text
    assert "Starter on the" in text and "Which is bigger" in text, "the notes keep room to be read"
