"""`coachtui export-turns` and `coachtui import-turns`: tagged turns in and out (CSV, JSON, BORIS), no screen."""

from __future__ import annotations

import argparse

from coachtui.cli.common import opened_store, say, write_standard_output
from coachtui.errors import EXIT_OK, DataFileError
from coachtui.services.files import FileExists
from coachtui.text import escape_controls


def run_export_turns(args: argparse.Namespace) -> int:
    """Print the meetings' turns, or save them to a file only the user can read; either way, log it."""
    from coachtui.services.turns import export_turns, tagged_meetings

    with opened_store(args) as store:
        meetings = tagged_meetings(store, args.observer) if args.all else args.meeting
        try:
            text = export_turns(store, meetings, args.format, observer=args.observer, output=args.output,
                                force=args.force, several=args.all or len(set(meetings)) > 1)
        except FileExists as exists:
            raise DataFileError(f"{exists.path} already exists; choose another name or add --force to "
                                "replace it.") from None
    if args.output is None:
        # Text from before imports were cleaned may still hold escape sequences: shown, never sent.
        write_standard_output(escape_controls(text, json=args.format != "csv"))
    else:
        which = f"meeting {meetings[0]}" if len(set(meetings)) == 1 else f"{len(set(meetings))} meetings"
        say(f"Saved the turns of {which} to {args.output} (readable only by you).")
    return EXIT_OK


def run_import_turns(args: argparse.Namespace) -> int:
    """Add every turn in the file to a meeting, all or nothing; the meeting's id is the last line printed."""
    from coachtui.services.turns import import_turns, read_turns_file

    # The file is read and checked before the database is opened: a bad file writes nothing at all.
    turns = read_turns_file(args.file, args.format)
    with opened_store(args, must_exist=False) as store:
        meeting_id, count = import_turns(store, turns, source=args.file, meeting_id=args.meeting,
                                         again=args.again)
    where = f"meeting {meeting_id}" if args.meeting is not None else f"a new post-lesson meeting, {meeting_id}"
    say(f"Imported {count} turn{'s' if count != 1 else ''} from {args.file.name} into {where}.")
    say(str(meeting_id))
    return EXIT_OK
