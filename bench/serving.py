"""Shared by the load, fault and read-ceiling benchmarks: a prepared database, the real
gunicorn on a free loopback port, wrk runs and process measurements.

Everything binds to 127.0.0.1, every process started here is stopped by its own pid or
process group when the benchmark ends, and every run is bounded in time.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def machine() -> str:
    """Cores and load average: the machine may be shared, which inflates every figure."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def cli(args: list[str], env: dict, timeout: float = 600) -> str:
    """Run ``article-api ARGS`` and return its output."""
    result = subprocess.run([str(BIN / "article-api"), *args], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout, check=True)
    return result.stdout


def base_env(database_url: str, **overrides: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "HOST": HOST, "DEV_MODE": "0",
           "LOG_LEVEL": "warning"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(overrides)
    return env


@contextlib.contextmanager
def seeded_database() -> Iterator[str]:
    """A fresh SQLite database, migrated, with the fixture articles loaded."""
    with tempfile.TemporaryDirectory(prefix="article-bench-") as folder:
        url = f"sqlite:///{folder}/articles.sqlite3"
        env = base_env(url)
        cli(["db-upgrade"], env)
        cli(["load-fixtures"], env)
        yield url


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def workers(self) -> list[int]:
        return children(self.process.pid)


@contextlib.contextmanager
def gunicorn(env: dict, app: str = "service.wsgi:app", *, ready_path: str = "/healthz",
             log_dir: Path | None = None, timeout: float = 120) -> Iterator[Server]:
    """The real gunicorn (gunicorn.conf.py) serving ``app`` on a free loopback port."""
    port = free_port()
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="article-bench-log-"))
    log = log_dir / f"gunicorn-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), app],
            env={**env, "PORT": str(port), "HOST": HOST}, cwd=ROOT, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(port, process, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if server.get(ready_path)[0] == 200 and len(server.workers()) >= 1:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn not ready after {timeout} s")
            time.sleep(0.5)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace: float = 30) -> None:
    """SIGTERM the master (graceful), then SIGKILL its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MiB: PSS shares copy-on-write pages out among the processes."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in {"Rss", "Pss"}:
            values[name] = int(rest.split()[0]) / 1024
    return values["Rss"], values["Pss"]


def connections_of(pid: int, port: int) -> int:
    """Established TCP connections process ``pid`` holds on the server side of ``port``."""
    output = subprocess.run(["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
                            capture_output=True, text=True, timeout=10).stdout
    return sum(f"pid={pid}," in line for line in output.splitlines())


# -- wrk -------------------------------------------------------------------------------

LUA = """
local paths = %s
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    socket_errors: dict
    non_2xx: int

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values()) + self.non_2xx

    def describe(self) -> str:
        errors = ", ".join(f"{k} {v}" for k, v in self.socket_errors.items())
        return (f"{self.requests} requests in {self.seconds:.1f} s: {self.rps:.0f} req/s, "
                f"p50 {self.p50_ms:.2f} ms, p99 {self.p99_ms:.2f} ms, errors {self.errors} "
                f"(non-2xx {self.non_2xx}; socket: {errors})")


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output: str) -> WrkResult:
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    total = re.search(r"(\d+) requests in ([0-9.]+)(\w+)", output)
    seconds = float(total.group(2)) * {"s": 1, "m": 60, "ms": 0.001}[total.group(3)]
    socket_errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    found = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                      output)
    if found:
        socket_errors = dict(zip(socket_errors, map(int, found.groups()), strict=True))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests=int(total.group(1)), seconds=seconds,
        rps=float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1)),
        p50_ms=_ms(latency["50"]), p99_ms=_ms(latency["99"]), socket_errors=socket_errors,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0)


def wrk(base: str, paths: list[str], *, connections: int, seconds: int,
        threads: int = 2) -> subprocess.Popen:
    """Start wrk cycling through ``paths``; ``finish`` it for the result."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ("{" + ", ".join(json.dumps(p) for p in paths) + "}"))
    process = subprocess.Popen(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
         "--timeout", "10s", "-s", script.name, base],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    process.script = Path(script.name)
    return process


def finish(process: subprocess.Popen, seconds: int) -> WrkResult:
    output, _ = process.communicate(timeout=seconds + 60)
    process.script.unlink(missing_ok=True)
    try:
        if process.returncode:
            raise ValueError(f"exit {process.returncode}")
        return parse_wrk(output)
    except (AttributeError, KeyError, ValueError) as exc:
        raise RuntimeError(f"wrk failed ({exc!r}): {output}") from exc


def run_wrk(base: str, paths: list[str], *, connections: int, seconds: int) -> WrkResult:
    return finish(wrk(base, paths, connections=connections, seconds=seconds), seconds)


def seed_paths(server: Server) -> dict[str, str]:
    """The read endpoints of the load test, on the first stored article."""
    status, _, body = server.get("/v1/articles")
    if status != 200 or not json.loads(body)["items"]:
        raise RuntimeError("no article stored")
    article = json.loads(body)["items"][0]["id"]
    return {
        "article": f"/v1/articles/{article}",
        "entities": f"/v1/articles/{article}/entities",
        "figures": f"/v1/articles/{article}/figures",
        "list articles": "/v1/articles",
        "list entities": "/v1/entities",
        "list figures": "/v1/figures",
    }


def metric_total(text: str, name: str, **labels: str) -> float:
    """Sum of the samples of ``name`` whose labels include ``labels``."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total
