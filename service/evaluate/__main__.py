"""Command line: ``python -m service.evaluate {ner,figures} FILE [options]``."""

import importlib
import sys

COMMANDS = {"ner": "service.evaluate.ner", "figures": "service.evaluate.figures"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m service.evaluate {{{','.join(COMMANDS)}}} FILE [options]")
        return 2
    return importlib.import_module(COMMANDS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
