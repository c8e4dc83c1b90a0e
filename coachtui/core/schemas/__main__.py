"""Write the JSON Schemas of the files other tools may write or read: `python -m coachtui.core.schemas [FOLDER]`.

The committed copies live in `schemas/` at the top of the repository; tests/unit/test_file_shapes.py checks they
match what this writes, so after changing a shape run this and commit the result.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coachtui.core.schemas import published


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in published().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(folder / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schemas"))
