"""The review pass: after the meeting, or with its clock paused, one observer goes over their own turns and
sets what the live pass leaves untagged (stimulus, scale, tone and time), a turn or a stretch at a time."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coachtui.core.clock import MeetingClock
from coachtui.core.model import Meeting, Turn, format_clock, plural
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed
from coachtui.widgets.tagging.review_table import REVIEWED, ReviewTable, missing

# Number keys set a value: 0 is "not tagged", then 1, 2, 3… as `value_chooser.numbered` counts them.
VALUE_KEYS = 10


def review_blocked(meeting: Meeting, clock: MeetingClock | None) -> str | None:
    """Why the review cannot open now (the meeting clock is running), or None when it can."""
    if meeting.is_open and clock is not None and clock.running:
        return ("The meeting clock is running. The review goes over the tags once the talk has stopped: "
                "pause the clock (space) or end the meeting, then review.")
    return None


class ReviewScreen(UsesCoachApp, Screen[bool]):
    """One observer's turns of one meeting, for setting the dimensions left to the review.

    Every value is written at once; a stretch of turns takes a value in one transaction. Only this observer's
    turns are listed, so only theirs can change. Dismisses with whether anything was written.
    """

    CSS_PATH = "review.tcss"

    BINDINGS = [
        keyed("review.stimulus", "dimension('stimulus')", "Review stimulus", show=False),
        keyed("review.scale", "dimension('scale')", "Review scale", show=False),
        keyed("review.tone", "dimension('tone')", "Review tone", show=False),
        keyed("review.time", "dimension('time')", "Review time", show=False),
        keyed("review.not_tagged", "set_value(0)", "Not tagged, then the next turn", show=False),
        *(keyed(f"review.value_{n}", f"set_value({n})", f"Value {n}, then the next turn", show=False)
          for n in range(1, VALUE_KEYS)),
        keyed("review.extend_up", "extend(-1)", "Stretch up", show=False),
        keyed("review.extend_down", "extend(1)", "Stretch down", show=False),
        keyed("review.mark", "mark", "Mark a stretch"),
        keyed("review.next_missing", "next_missing", "Next missing"),
        keyed("review.complete", "complete", "Review done"),
        keyed("review.leave", "leave", "Back"),
    ]

    def __init__(self, meeting_id: int, observer: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.observer = observer
        self.turns: list[Turn] = []
        self.dimension = REVIEWED[0]
        self.reviewed = False
        self.changed = False
        self.stretch_from: int | None = None  # the row a stretch starts from; the cursor is its other end
        self.marking = False  # the mark key started a stretch: moving extends it until the key ends it

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-status")
        yield Static(id="review-progress")
        yield Static(id="review-values")
        vocab = self.coach_app.vocabulary
        longest = {key: max((len(value) for value in vocab.values(key)), default=1)
                   for key in ("speaker", "function", "initiation", *REVIEWED)}
        yield ReviewTable({dimension: self._values(dimension) for dimension in REVIEWED},
                          {dimension: vocab.title(dimension) for dimension in REVIEWED}, longest, id="review-table")
        yield Static(id="review-detail")
        yield Static(id="review-empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        store = self.coach_app.store
        try:
            meeting = store.meetings.get(self.meeting_id)
            self.turns = store.turns.of_meeting(self.meeting_id, self.observer)
            self.reviewed = store.turns.reviewed(self.meeting_id, self.observer) if self.turns else False
        except StoreError as error:
            self.coach_app.report_store_error(error)
        else:
            self.title = f"Review · {meeting.stage.title}"
        self.sub_title = f"{self.observer}'s tags"
        empty = not self.turns
        for selector in ("#review-progress", "#review-values", "#review-table", "#review-detail"):
            self.query_one(selector).display = not empty
        self.query_one("#review-empty").display = empty
        if empty:
            self.query_one("#review-empty", Static).update(Text(
                f"{self.observer} has not tagged any turns in this meeting, so there is nothing to review yet. "
                "Tag the talk live first (the console or the Talk tab), then come back."))
            self._show_status()
            return
        first = next((i for i, turn in enumerate(self.turns) if missing(turn)), 0)
        self.dimension = (missing(self.turns[first]) or [REVIEWED[0]])[0]
        self._table().show(self.turns, self.dimension, first)
        self._table().focus()
        self._show_all()

    def _table(self) -> ReviewTable:
        return self.query_one(ReviewTable)

    def _values(self, dimension: str) -> list[str]:
        """The values by number key: "" (not tagged) at 0, then the vocabulary's order."""
        from coachtui.screens.value_chooser import numbered

        return [value for _, value in numbered(self.coach_app.vocabulary.values(dimension))]

    def _cursor(self) -> int:
        return self._table().cursor_row

    # -- what the lines above and below the table say ----------------------------------------------------

    def _show_all(self) -> None:
        self._show_status()
        self._show_progress()
        self._show_values()
        self._show_detail()

    def _show_status(self) -> None:
        stretch = sorted(self._selected_rows())
        if len(stretch) > 1 or self.marking:
            first, last = (format_clock(self.turns[row].t) for row in (stretch[0], stretch[-1]))
            ends = (f"moving extends it, {self._key('review.mark')} ends it" if self.marking
                    else "Esc or a move clears it")
            line = Text.assemble((f"Stretch of {plural(len(stretch), 'turn')}", "bold"),
                                 f" {first} to {last}: a number sets {self._title()} on all of them · ",
                                 (ends, "dim"))
        elif not self.turns:
            line = Text("No turns to review")
        else:
            line = Text(f"{plural(len(self.turns), 'turn')} · ")
            if self.reviewed:
                line.append("review marked complete ✓", "bold")
                line.append(f" ({self._key('review.complete')} reopens it)", "dim")
            else:
                line.append("review not complete: the level is provisional", "italic")
                line.append(f" ({self._key('review.complete')} marks it done)", "dim")
        self.query_one("#review-status", Static).update(line)

    def _show_progress(self) -> None:
        total = len(self.turns)
        line = Text()
        for index, dimension in enumerate(REVIEWED):
            done = sum(1 for turn in self.turns if getattr(turn, dimension))
            if index:
                line.append(" · ")
            key = self._key(f"review.{dimension}")
            style = "bold reverse" if dimension == self.dimension else ""
            line.append(f"{key} ", "dim")
            line.append(f"{dimension} {done}/{total}{' ✓' if done == total else ''}", style)
        self.query_one("#review-progress", Static).update(line)

    def _show_values(self) -> None:
        line = Text(f"{self._title().capitalize()}: ", "bold")
        for number, value in enumerate(self._values(self.dimension)):
            if number >= VALUE_KEYS:
                break
            if number:
                line.append(" · ")
            line.append(f"{self._key(self._value_binding(number))} ", "bold")
            line.append(value or "not tagged", "" if value else "dim")
        self.query_one("#review-values", Static).update(line)

    def _show_detail(self) -> None:
        if not self.turns:
            return
        turn = self.turns[min(self._cursor(), len(self.turns) - 1)]
        line = Text.assemble((f"{format_clock(turn.t)} {turn.speaker} · {turn.function}", "bold"))
        if turn.initiation:
            line.append(f" · opened by {turn.initiation}")
        if turn.co_construction:
            line.append(" · building together")
        for dimension in REVIEWED:
            value = getattr(turn, dimension)
            line.append(f" · {dimension} ")
            line.append(value or "not tagged", "bold" if value else "dim italic")
        if turn.note:
            line.append(" · note: ", "dim")
            line.append(turn.note)  # the observer's own words, shown as typed
        self.query_one("#review-detail", Static).update(line)

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._redraw_stretch()
        self._show_detail()

    def on_review_table_moved(self, _: ReviewTable.Moved) -> None:
        if self.stretch_from is not None and not self.marking:
            # A plain move ends a shift-selected stretch, as it does in a text editor.
            self._set_stretch(None)

    def _title(self) -> str:
        return self.coach_app.vocabulary.title(self.dimension).lower()

    def _key(self, binding_id: str) -> str:
        from coachtui.widgets.key_table import key_label

        return key_label(self.coach_app.active_keys.get(binding_id, "?").split(",")[0])

    @staticmethod
    def _value_binding(number: int) -> str:
        return "review.not_tagged" if number == 0 else f"review.value_{number}"

    # -- stretches ------------------------------------------------------------------------------------

    def _selected_rows(self) -> set[int]:
        if self.stretch_from is None or not self.turns:
            return set()
        low, high = sorted((self.stretch_from, self._cursor()))
        return set(range(low, high + 1))

    def _set_stretch(self, anchor: int | None) -> None:
        self.stretch_from = anchor
        if anchor is None:
            self.marking = False
        self._redraw_stretch()

    def _redraw_stretch(self) -> None:
        selected = self._selected_rows()
        if selected != self._table().stretch:
            self._table().mark_stretch(selected)
            self._show_status()

    def action_extend(self, step: int) -> None:
        if not self.turns:
            return
        cursor = self._cursor()
        target = max(0, min(len(self.turns) - 1, cursor + step))
        anchor = cursor if self.stretch_from is None else self.stretch_from
        self._table().move_cursor(row=target, animate=False)
        self._set_stretch(anchor)

    def action_mark(self) -> None:
        if not self.turns:
            return
        if self.marking:
            # The second press ends the stretch where the cursor is; a number now sets all of it.
            self.marking = False
            self._show_status()
            return
        self.marking = True
        self._set_stretch(self._cursor())

    # -- setting values --------------------------------------------------------------------------------

    def action_dimension(self, dimension: str) -> None:
        if not self.turns or dimension == self.dimension:
            return
        self.dimension = dimension
        self._table().show(self.turns, dimension, self._cursor())
        self._show_all()

    def action_set_value(self, number: int) -> None:
        if not self.turns:
            return
        values = self._values(self.dimension)
        if number >= len(values):
            self.notify(f"{self._title().capitalize()} has values 0 to {len(values) - 1}.", severity="warning")
            return
        value = values[number]
        rows = sorted(self._selected_rows()) or [self._cursor()]
        mine = {turn.id for turn in self.turns}
        ids = [self.turns[row].id for row in rows]
        assert set(ids) <= mine, "a review only ever changes this observer's own turns"
        store = self.coach_app.store
        try:
            saved = (store.turns.update_many(ids, **{self.dimension: value}) if len(ids) > 1
                     else [store.turns.update(ids[0], **{self.dimension: value})])
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        by_id = {turn.id: turn for turn in saved}
        self.turns = [by_id.get(turn.id, turn) for turn in self.turns]
        self.changed = True
        if len(ids) > 1:
            self.notify(f"{self._title().capitalize()} set to {value or 'not tagged'} on {plural(len(ids), 'turn')}.",
                        timeout=3, markup=False)
        self.stretch_from, self.marking = None, False
        table = self._table()
        table.stretch = set()
        table.replace_turns(self.turns, set(rows))
        table.move_cursor(row=min(rows[-1] + 1, len(self.turns) - 1), animate=False)
        self._show_all()

    def action_next_missing(self) -> None:
        if not self.turns:
            return
        start = self._cursor()
        count = len(self.turns)
        for step in range(1, count + 1):
            row = (start + step) % count
            if not getattr(self.turns[row], self.dimension):
                self._table().move_cursor(row=row, animate=False)
                return
        self.notify(f"Every turn has a {self._title()}.", timeout=3)

    # -- marking the review complete, and leaving ------------------------------------------------------------

    def action_complete(self) -> None:
        if not self.turns:
            self.notify("There are no turns to review, so there is no review to mark.", severity="warning")
            return
        if self.reviewed:
            self._mark(False)
            return
        gaps = [(dimension, sum(1 for turn in self.turns if not getattr(turn, dimension))) for dimension in REVIEWED]
        gaps = [(dimension, count) for dimension, count in gaps if count]
        if not gaps:
            self._mark(True)
            return
        from coachtui.screens.confirm import ConfirmScreen

        listed = ", ".join(f"{dimension} on {plural(count, 'turn')}" for dimension, count in gaps)
        question = (f"Some turns are still untagged: {listed}. Mark the review complete anyway? The level is then "
                    "no longer called provisional, and untagged turns count as untagged.")
        self.app.push_screen(ConfirmScreen(question, yes="Mark complete", no="Keep reviewing"),
                             lambda yes: self._mark(True) if yes else None)

    def _mark(self, done: bool) -> None:
        try:
            self.coach_app.store.turns.mark_reviewed(self.meeting_id, self.observer, done)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.reviewed = done
        self.changed = True
        self._show_status()
        self.notify(f"{self.observer}'s review is marked complete: the level is no longer provisional." if done
                    else f"{self.observer}'s review is open again: the level is provisional until it is marked.",
                    timeout=4, markup=False)

    def action_leave(self) -> None:
        if self.stretch_from is not None:
            self._set_stretch(None)
            return
        self.dismiss(self.changed)
