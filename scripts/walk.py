"""The project files one request path runs through: `POST /v1/articles` then
`GET /v1/articles/<id>/figures`, through Flask's test client, on a fresh SQLite database.

What is counted: every file under service/ and schemas/ in which a Python function is
called while the two requests run (sys.setprofile, in the request's thread and in the
analysis process that runs the analysis), outside service/nlp/. Module imports and
first-use set-ups are left out: a first pair of requests (another text) runs untraced
before the traced pair.

    .venv/bin/python scripts/walk.py [--all]     (--all: service/nlp too)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.analysis import runner  # noqa: E402
from service.app import create_app  # noqa: E402
from service.store.migrations import upgrade_database  # noqa: E402

COUNTED = ("service/", "schemas/")
TEXT = ("{place} reopens its harbour\n\n{PLACE}, May {day} (NTB) - The harbour of {place} "
        "reopened on Monday after repairs costing 12 million kroner, 40 percent more than "
        "planned, the port authority said.")
_touched: set[str] = set()
_child_record = Path(tempfile.mkstemp(prefix="walk-", suffix=".txt")[1])
_call = runner._call


def _record(frame, event, _arg) -> None:
    if event == "call":
        _touched.add(frame.f_code.co_filename)


def _traced_call(function, args):
    """The analysis process's call, its files appended to ``_child_record``."""
    _touched.clear()
    sys.setprofile(_record)
    try:
        return _call(function, args)
    finally:
        sys.setprofile(None)
        with _child_record.open("a") as out:
            out.writelines(f"{name}\n" for name in _touched)


def _pair(client, place: str, day: int) -> None:
    body = {"text": TEXT.format(place=place, PLACE=place.upper(), day=day)}
    posted = client.post("/v1/articles", json=body)
    assert posted.status_code == 201, posted.get_json()
    figures = client.get(posted.get_json()["links"]["figures"])
    assert figures.status_code == 200 and figures.get_json()["items"], figures.get_json()


def walk() -> list[str]:
    """The project files touched by the traced pair, relative to the repository."""
    with tempfile.TemporaryDirectory() as var:
        url = f"sqlite:///{var}/articles.sqlite3"
        upgrade_database(url)
        app = create_app({"DATABASE_URL": url, "DEV_MODE": True, "TESTING": True,
                          "RATELIMIT_ENABLED": False, "VAR_DIR": var, "ANALYSIS_NICE": 0,
                          "JOBS_DIR": os.path.join(var, "jobs")})
        runner._call = _traced_call  # sent by name to the analysis process, forked later
        client = app.test_client()
        _pair(client, "Alda", 3)
        _child_record.write_text("")
        _touched.clear()
        threading.setprofile(_record)
        sys.setprofile(_record)
        try:
            _pair(client, "Brekke", 4)
        finally:
            sys.setprofile(None)
            threading.setprofile(None)
        app.extensions["analyzer"].close()
    touched = _touched | set(_child_record.read_text().split())
    _child_record.unlink()
    found = set()
    for name in touched:
        path = Path(name).resolve()
        if path.is_relative_to(ROOT):
            found.add(path.relative_to(ROOT).as_posix())
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="list service/nlp's files too")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    args = parser.parse_args()
    files = [f for f in walk() if f.startswith(COUNTED)
             and (args.all or not f.startswith("service/nlp/"))]
    if args.json:
        print(json.dumps(files))
        return
    print("\n".join(files))
    print(f"{len(files)} files in {' and '.join(COUNTED)}"
          f"{'' if args.all else ' outside service/nlp/'}")


if __name__ == "__main__":
    main()
