"""Training rounds leaving and joining a database as bundles: the coordinator's collection step, for the
training screens and `export-round` / `import-rounds` alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coachtui.core.bundle import MAX_BYTES, RoundBundle, bundle_from_json, bundle_to_json, without_text
from coachtui.core.model import TrainingSession
from coachtui.core.training_plan import TrainingPlan
from coachtui.errors import CoachError, DataFileError, StoreError
from coachtui.services.files import export_file, save_private
from coachtui.store import Store


def write_bundle(path: Path, bundle: RoundBundle) -> None:
    """A new file private to the user (DataFileError if it exists)."""
    save_private(path, bundle_to_json(bundle))


def read_plan(path: Path) -> TrainingPlan:
    from coachtui.core.training_plan import MAX_PLAN_BYTES, plan_from_json
    from coachtui.services.reading import read_user_text

    return plan_from_json(read_user_text(path, "a training plan", MAX_PLAN_BYTES), str(path))


def read_bundle(path: Path) -> RoundBundle:
    from coachtui.services.reading import read_user_text

    return bundle_from_json(read_user_text(path, "a round bundle", MAX_BYTES), str(path))


def bundle_for_round(store: Store, round_id: int, *, include_text: bool) -> RoundBundle:
    """The round as a bundle: codes, timings and every observer's tags; free text only if included."""
    played = store.training.round(round_id)
    if played.meeting_id is None:
        raise CoachError(f"Round {played.number} of group {played.group} has not been played yet.")
    session = store.training.session(played.session_id)
    meeting = store.meetings.get(played.meeting_id)
    observers = store.turns.observers(played.meeting_id)
    turns = {code: tuple(store.turns.of_meeting(played.meeting_id, code)) for code in observers}
    unknown = [code for code in observers if code not in played.observers]
    if unknown:
        raise CoachError(f"{unknown[0]} tagged this round but is not one of its observers "
                         f"({', '.join(played.observers)}); change the observer name on those turns first.")
    bundle = RoundBundle(
        session=session.code, group=played.group, round=played.number, scenario=played.scenario,
        stage=int(meeting.stage), coach=played.coach, coachee=played.coachee, observers=played.observers,
        planned_minutes=meeting.planned_minutes, elapsed_seconds=round(meeting.clock_elapsed, 1),
        played_on=(meeting.ended_at or meeting.created_at)[:10], turns=turns, includes_text=True,
        notes=played.notes,
    )
    return bundle if include_text else without_text(bundle)


def import_bundle(store: Store, bundle: RoundBundle, *, replace: bool = False) -> str:
    """Add the round to this database and say what was added (TagsDiffer when tags differ and not `replace`)."""
    _, added, replaced = store.training.record_imported_round(bundle, replace=replace)
    where = f"round {bundle.round} of group {bundle.group} in {bundle.session}"
    if not added and not replaced:
        return f"Nothing new: the tags of {where} are already here."
    done = [f"tags by {', '.join(added)}"] if added else []
    done += [f"tags by {', '.join(replaced)} replace the ones that were here"] if replaced else []
    return f"Imported {where}: {'; '.join(done)}."


def create_session(store: Store, plan: TrainingPlan) -> TrainingSession:
    """Record a planned session, from the set-up form or a coordinator's plan file."""
    return store.training.create_session(plan.code, title=plan.title, round_minutes=plan.round_minutes,
                                         debrief_minutes=plan.debrief_minutes, participants=plan.participants,
                                         plan=plan.rows(), scenarios=plan.scenarios)


def plan_for_session(store: Store, session_id: int) -> TrainingPlan:
    """The session as a plan again, to write the file other laptops open."""
    from coachtui.core.rotation import Assignment

    session = store.training.session(session_id)
    rounds = store.training.rounds(session_id)
    group_numbers = sorted({person.group for person in session.participants})
    groups = tuple(tuple(p.code for p in session.participants if p.group == number) for number in group_numbers)
    return TrainingPlan(
        code=session.code, title=session.title, round_minutes=session.round_minutes,
        debrief_minutes=session.debrief_minutes, participants=session.participants, groups=groups,
        assignments=tuple(Assignment(r.group, r.number, r.coach, r.coachee, r.observers) for r in rounds),
        scenarios={r.number: r.scenario for r in rounds})


def shareable_plan(store: Store, session_id: int) -> str:
    """The plan file's text, checked as the other laptop will check it, so a session pieced together from
    imported bundles is refused here rather than there."""
    from coachtui.core.training_plan import plan_from_json, plan_to_json

    text = plan_to_json(plan_for_session(store, session_id))
    try:
        plan_from_json(text, "the plan")
    except CoachError as problem:
        raise CoachError(f"This session cannot be shared as a plan ({problem}). Plan it on this laptop with n, "
                         "or share the file it came from.") from None
    return text


def find_round(store: Store, session_code: str, group: int, number: int) -> int:
    """The id of round `number` of group `group` in the session with this code."""
    session = store.training.session_by_code(session_code)
    if session is None:
        known = ", ".join(s.code for s in store.training.sessions()) or "none yet"
        raise DataFileError(f"There is no training session {session_code} in {store.path} (sessions: {known}).")
    found = [r for r in store.training.rounds(session.id, group) if r.number == number]
    if not found:
        raise DataFileError(f"Session {session_code} has no round {number} for group {group}.")
    return found[0].id


def export_round(store: Store, round_id: int, target: Path, *, include_text: bool) -> str:
    """Write one played round as a bundle file (into `target`, or as `target` when it is not a folder)."""
    try:
        played = store.training.round(round_id)
    except StoreError:
        raise DataFileError(f"There is no training round {round_id} in {store.path}.") from None
    bundle = bundle_for_round(store, played.id, include_text=include_text)
    path = target / bundle.file_name() if target.is_dir() else target
    kind = "with the triad's free text" if include_text else "codes and tags only"
    export_file(store, path, bundle_to_json(bundle), f"role-play round bundle ({kind})")
    return f"Wrote {path}"


@dataclass
class ImportResult:
    lines: list[str] = field(default_factory=list)  # what each imported file added
    problems: list[str] = field(default_factory=list)  # why each skipped file was skipped
    differing: list[Path] = field(default_factory=list)  # skipped because its tags differ from those here


def import_rounds(store: Store, paths: list[Path], *, replace: bool = False) -> ImportResult:
    """Import each bundle in turn; a bad file is skipped and said why. With `replace`, tags that differ from
    an observer's tags already here are replaced by the file's (the user chose this file)."""
    from coachtui.store.training import TagsDiffer

    result = ImportResult()
    for path in paths:
        try:
            result.lines.append(f"{path}: {import_bundle(store, read_bundle(path), replace=replace)}")
        except TagsDiffer as error:
            result.differing.append(path)
            result.problems.append(f"{path}: {error}")
        except CoachError as error:
            result.problems.append(str(error))
    return result
