"""The observer's tagging pane: sticky tags, the timeline of turns, and the live indicators."""
