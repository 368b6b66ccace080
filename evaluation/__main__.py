"""Command line: ``python -m evaluation {ner,figures,html,dates,quotes} FILE [options]``."""

import importlib
import sys
from pathlib import Path

COMMANDS = {"ner": "evaluation.ner", "figures": "evaluation.figures",
            "html": "evaluation.html", "dates": "evaluation.dates", "quotes": "evaluation.quotes"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m evaluation {{{','.join(COMMANDS)}}} FILE [options]")
        return 2
    files = [a for a in argv[1:2] if not a.startswith("-")]
    if files and not Path(files[0]).is_file():
        print(f"evaluate {argv[0]}: no such file: {files[0]}", file=sys.stderr)
        return 2
    return importlib.import_module(COMMANDS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
