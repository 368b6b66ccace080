"""The service's processes, side by side, stopped together: gunicorn and one `article-api
worker` (deploy/Procfile); with FRONT_PROXY=nginx also nginx (deploy/nginx.conf) in front,
on HOST:PORT, gunicorn then on 127.0.0.1:PORT+1 trusting one proxy hop (PROXY_HOPS=1).

On SIGTERM or SIGINT, or when one of them exits, each of the others is asked to stop the
way it stops gracefully (SIGTERM; nginx SIGQUIT), sent to it alone: gunicorn then finishes
its requests in flight, analyses included, and stops its own workers and their analysis
processes; the worker finishes its batch; nginx its answers. What has not stopped after
GRACEFUL_TIMEOUT and a margin is killed, with everything it started. (A process manager
that signals whole process groups, as honcho does, would kill analyses in flight and make
nginx drop its connections.)

    python3 -m deploy.processes [PROCFILE]      (deploy/start runs it)
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from service.config import Config

DEPLOY = Path(__file__).resolve().parent
# After GRACEFUL_TIMEOUT gunicorn kills its own workers; it then needs a moment to exit.
MARGIN_SECONDS = 5
STOP_SIGNALS = {"proxy": signal.SIGQUIT}  # nginx's graceful stop; SIGTERM is its fast one
_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")


def nginx_conf(config: Config, upstream: int, prefix: Path) -> str:
    """deploy/nginx.conf for this service: listening on HOST:PORT, gunicorn on
    127.0.0.1:``upstream``, its files under ``prefix``.

    Started by the superuser, nginx would run its workers as another user, which cannot
    reach files under a private VAR_DIR (its request bodies and cached answers: 500s): its
    workers then run as the user that runs the service, with no more rights than gunicorn.
    """
    conf = (DEPLOY / "nginx.conf").read_text()
    if os.geteuid() == 0:
        conf = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n{conf}"
    conf = conf.replace("listen 8000", f"listen {config.HOST}:{config.PORT}")
    conf = conf.replace("127.0.0.1:8001", f"127.0.0.1:{upstream}")
    return conf.replace("/tmp/nginx", str(prefix))


def processes(config: Config, procfile: Path, env: dict) -> dict[str, tuple[str, dict]]:
    """Each process's command line and environment, in starting order."""
    commands = {m[1]: (m[2], dict(env)) for m in map(_LINE.match,
                                                      procfile.read_text().splitlines()) if m}
    if config.FRONT_PROXY != "nginx":
        return commands
    if config.DEV_MODE:
        raise SystemExit("DEV_MODE accepts writes without an API key: never run it behind "
                         "a proxy (set DEV_MODE=0 and API_KEY_HASHES).")
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    prefix = Path(config.VAR_DIR).resolve() / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    upstream = config.PORT + 1
    (prefix / "nginx.conf").write_text(nginx_conf(config, upstream, prefix))
    behind = {"HOST": "127.0.0.1", "PORT": str(upstream),
              "PROXY_HOPS": env.get("PROXY_HOPS") or "1"}
    for _command, its_env in commands.values():
        its_env.update(behind)
    proxy = f"exec {binary} -c {prefix / 'nginx.conf'} -p {prefix} -e stderr -g 'daemon off;'"
    return {"proxy": (proxy, dict(env)), **commands}


def run(commands: dict[str, tuple[str, dict]], grace: float) -> int:
    """Start every command, each in a process group of its own; stop all of them when a
    signal comes or one exits. The exit status: 0 when stopped by a signal, else that of
    the first process that exited (1 when it exited 0: a process stopped by itself)."""
    stop = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda signum, _frame: stop.append(signum))
    children = {name: subprocess.Popen(command, shell=True, env=env, start_new_session=True)
                for name, (command, env) in commands.items()}
    _say("started " + ", ".join(f"{name} (pid {c.pid})" for name, c in children.items()))
    exited = None
    while not stop and exited is None:
        exited = next((name for name, c in children.items() if c.poll() is not None), None)
        time.sleep(0.1)
    _say(f"{exited} exited ({children[exited].returncode})" if exited else "stopping")
    for name, child in children.items():
        if child.poll() is None:
            child.send_signal(STOP_SIGNALS.get(name, signal.SIGTERM))
    deadline = time.monotonic() + grace
    for name, child in children.items():
        try:
            child.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _say(f"{name} still running after {grace:g} s: killed")
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)  # what it left behind, if anything
        child.wait()
    if exited is None:
        return 0
    return children[exited].returncode or 1


def _say(message: str) -> None:
    print(f"processes: {message}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    config = Config()
    procfile = Path(argv[1]) if len(argv) > 1 else DEPLOY / "Procfile"
    return run(processes(config, procfile, dict(os.environ)),
               config.GRACEFUL_TIMEOUT + MARGIN_SECONDS)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
