"""The app driven by Textual's Pilot on a real database file, and snapshots of its screens."""
