"""The README's commands: every `make` target it names exists, and it never tells anyone to
serve the development set-up (`make serve`) on an address others can reach: for that it
points to `make serve-prod`, nginx in front and no development mode."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))
# `VAR=value ... make target`, in a code span, a code block or running text.
COMMAND = re.compile(r"((?:[A-Z_]+=\S+\s+)*)make\s+([a-z][a-z-]*)\b")


def _commands(text: str) -> list[tuple[dict, str]]:
    return [(dict(setting.split("=", 1) for setting in settings.split()), target)
            for settings, target in COMMAND.findall(text)]


def _public(host: str) -> bool:
    if host in ("localhost", ""):
        return False
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return True  # a name: anyone who can resolve it


def test_every_make_target_the_readme_names_exists():
    named = {target for _, target in _commands(README)}
    assert {"serve", "serve-prod", "test"} <= named
    assert named <= TARGETS, named - TARGETS


def test_the_readme_never_serves_the_development_set_up_to_others():
    public = [(settings, target) for settings, target in _commands(README)
              if _public(settings.get("HOST", "127.0.0.1"))]
    assert public and all(target == "serve-prod" for _, target in public), public


def test_the_quick_start_points_to_serve_prod_for_a_server_others_reach():
    top = README.split("\n## ", 1)[0]
    assert "make serve-prod" in top
    assert "(#deployment)" in top and "\n## Deployment\n" in README


def test_the_command_pattern_reads_settings_and_targets():
    # Made-up lines: what the checks above rely on.
    assert _commands("`HOST=0.0.0.0 PORT=9000 make serve` serves elsewhere") == [
        ({"HOST": "0.0.0.0", "PORT": "9000"}, "serve")]
    assert _commands("run make lint, then `DEV_MODE=0 make serve-prod`") == [
        ({}, "lint"), ({"DEV_MODE": "0"}, "serve-prod")]
    assert [_public(host) for host in ("127.0.0.2", "::1", "0.0.0.0", "[::]", "news.local")] \
        == [False, False, True, True, True]
