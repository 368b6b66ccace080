"""Command line: ``python -m service.evaluate {ner,figures,html,dates} FILE [options]``."""

import importlib
import sys
from pathlib import Path

COMMANDS = {"ner": "service.evaluate.ner", "figures": "service.evaluate.figures",
            "html": "service.evaluate.html", "dates": "service.evaluate.dates"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m service.evaluate {{{','.join(COMMANDS)}}} FILE [options]")
        return 2
    files = [a for a in argv[1:2] if not a.startswith("-")]
    if files and not Path(files[0]).is_file():
        print(f"evaluate {argv[0]}: no such file: {files[0]}", file=sys.stderr)
        return 2
    return importlib.import_module(COMMANDS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
