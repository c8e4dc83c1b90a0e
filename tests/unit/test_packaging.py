"""What an installer reads: one encryption package per platform, the licence, and pins for every requirement."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
ENCRYPTED_BY_THE_OTHER_PACKAGE = ROOT / "tests" / "data" / "encrypted" / "made-by-sqlcipher3-wheels.sqlcipher"

# (sys_platform, platform_machine) as Python reports them on each platform.
PLATFORMS = {
    "Linux x86-64": ("linux", "x86_64"),
    "Linux arm64": ("linux", "aarch64"),
    "macOS Apple silicon": ("darwin", "arm64"),
    "macOS Intel": ("darwin", "x86_64"),
    "Windows": ("win32", "AMD64"),
    "Windows on Arm": ("win32", "ARM64"),
}


def encryption_packages(sys_platform: str, machine: str) -> list[str]:
    environment = {key: str(value) for key, value in default_environment().items()}
    environment.update(sys_platform=sys_platform, platform_machine=machine, extra="encrypt")
    chosen = []
    for line in PYPROJECT["optional-dependencies"]["encrypt"]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            chosen.append(requirement.name)
    return chosen


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_gets_exactly_one_sqlcipher3_package(platform: str) -> None:
    chosen = encryption_packages(*PLATFORMS[platform])
    assert len(chosen) == 1, chosen
    # sqlcipher3-binary publishes Linux x86-64 wheels only; everything else needs sqlcipher3-wheels.
    assert chosen == (["sqlcipher3-binary"] if platform == "Linux x86-64" else ["sqlcipher3-wheels"])


def test_a_database_encrypted_by_the_other_package_opens_with_this_one(tmp_path: Path) -> None:
    """The fixture was made by sqlcipher3-wheels (SQLCipher 4.12) through Store.open; here it is read
    by whichever package this platform installs (sqlcipher3-binary on Linux x86-64)."""
    pytest.importorskip("sqlcipher3", reason="the encrypt extra is not installed")
    from coachtui.store import Store

    path = tmp_path / "other.db"
    shutil.copyfile(ENCRYPTED_BY_THE_OTHER_PACKAGE, path)
    store = Store.open(path, passphrase="made on another platform")
    try:
        assert [p.focus for p in store.partnerships.all()] == ["made with sqlcipher3-wheels"]
        assert [t.note for t in store.turns.of_meeting(1)] == ["opened by the other package"]
    finally:
        store.close()


def test_the_licence_is_spdx_and_its_file_is_shipped() -> None:
    assert PYPROJECT["license"] == "MIT"
    assert PYPROJECT["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Copyright (c) 2026 the coachtui authors" in text


def test_textual_stays_below_its_next_major() -> None:
    textual = next(Requirement(line) for line in PYPROJECT["dependencies"] if line.startswith("textual"))
    assert textual.specifier.contains("8.2.0") and not textual.specifier.contains("9.0.0")
    assert not textual.specifier.contains("8.1.0")


def test_the_app_does_not_depend_on_sqlite_utils() -> None:
    assert not any(line.startswith("sqlite-utils") for line in PYPROJECT["dependencies"])
    # Only `coachtui aggregate --sqlite` uses it, from the figures extra.
    assert [line.split(">")[0] for line in PYPROJECT["optional-dependencies"]["figures"]] == ["sqlite-utils"]


def test_every_requirement_is_pinned_by_the_constraints_within_its_range() -> None:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    extras = PYPROJECT["optional-dependencies"]
    for line in [*PYPROJECT["dependencies"], *extras["test"], *extras["encrypt"], *extras["figures"]]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} has no pin in constraints.txt"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {requirement.specifier}"
