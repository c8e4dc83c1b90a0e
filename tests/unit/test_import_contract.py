"""Import contracts. The store, the core and the command line import nothing from Textual, so the
non-interactive commands (report, export, aggregate, ...) start fast and run where no TUI could; and no test
module imports another, so each can run alone, on any worker, in any order."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import coachtui

# The TUI itself: the app, its screens and widgets, the Ctrl+G rescue that reads text off the screens,
# and `python -m coachtui`, which starts the app as it is imported.
TUI_MODULES = {"coachtui.app", "coachtui.observer_app", "coachtui.rescue", "coachtui.__main__"}
TUI_PACKAGES = ("coachtui.screens", "coachtui.widgets")

# Imports each module named in turn in a fresh interpreter and prints the first whose import loaded Textual.
FIRST_TO_LOAD_TEXTUAL = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    if "textual" in sys.modules:
        print(name)
        break
"""


def textual_free_modules() -> list[str]:
    """Every module of coachtui outside the TUI, new ones included as they are added."""
    found = [module.name for module in pkgutil.walk_packages(coachtui.__path__, "coachtui.")]
    return sorted(name for name in found if name not in TUI_MODULES and not name.startswith(TUI_PACKAGES))


def test_the_store_the_core_and_the_command_line_never_load_textual() -> None:
    modules = textual_free_modules()
    assert {"coachtui.store", "coachtui.core.model", "coachtui.core.analysis", "coachtui.core.vocabulary",
            "coachtui.core.clock", "coachtui.core.nudges", "coachtui.core.rotation", "coachtui.core.interchange",
            "coachtui.services.figures", "coachtui.cli"} <= set(modules)
    # The app comes last, so the check is seen to notice Textual when it does arrive.
    result = subprocess.run([sys.executable, "-c", FIRST_TO_LOAD_TEXTUAL, *modules, "coachtui.app"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "coachtui.app", f"importing {result.stdout.strip()} loads Textual"


def test_no_test_module_imports_another() -> None:
    # Shared helpers are fixtures in conftest.py or plain functions in helpers.py and terminal.py.
    importing = re.compile(r"^\s*(from|import)\s+(tests(\.\w+)*)?\.?(test_\w+|conftest)\b")
    found = [f"{path.name}: {line.strip()}" for path in sorted(Path(__file__).parents[1].rglob("*.py"))
             for line in path.read_text(encoding="utf-8").splitlines() if importing.match(line)]
    assert found == []


# Who may import whom: each layer of the tree may use the layers listed, never one above it, so the
# folders show the architecture and no import cycle can form between them. `shared` is errors.py,
# locations.py and text.py, used by all; settings.py reads config.toml with core's checks.
LAYERS = {
    "core": {"core", "shared"},
    "store": {"store", "core", "shared"},
    "settings": {"settings", "core", "shared"},
    "services": {"services", "store", "core", "settings", "shared"},
    "cli": {"cli", "services", "store", "core", "settings", "shared", "app"},  # no command: the app opens
    "widgets": {"widgets", "core", "shared"},
    # Screens type against the CoachHost protocol (screens/host.py), never the App class: no cycle with the app.
    "screens": {"screens", "widgets", "services", "store", "core", "settings", "shared", "rescue"},
    "app": {"app", "screens", "widgets", "services", "store", "core", "settings", "shared", "rescue"},
    "rescue": {"services", "shared"},
    "main": {"cli"},  # python -m coachtui
    "shared": {"shared"},
}
SHARED = {"errors", "locations", "text", "__init__"}


def layer_of(module: str) -> str:
    """`coachtui.store.turns` is in `store`; `coachtui.errors` in `shared`."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return "shared" if top in SHARED else "main" if top == "__main__" else "app" if top == "observer_app" else top


def coachtui_imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coachtui"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("coachtui"))
    return found


def test_each_layer_imports_only_the_layers_below_it() -> None:
    package = Path(coachtui.__file__).parent
    crossings = []
    for path in sorted(package.rglob("*.py")):
        module = "coachtui." + ".".join(path.relative_to(package).with_suffix("").parts)
        mine = layer_of(module)
        for imported in coachtui_imports(path):
            if imported != "coachtui" and layer_of(imported) not in LAYERS[mine]:
                crossings.append(f"{module} ({mine}) imports {imported} ({layer_of(imported)})")
    assert crossings == []
