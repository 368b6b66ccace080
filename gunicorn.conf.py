"""gunicorn's settings, all read from the service's configuration (service/config.py).

gunicorn's own threaded worker (gthread): analyses run in processes of their own
(service/analysis/runner.py) and at most ANALYSIS_CONCURRENCY + ANALYSIS_QUEUE threads of
a worker wait on them, so the other threads answer reads; a new connection that sends
nothing is handed back to the worker's poller instead of holding a thread. In the
container, nginx (deploy/nginx.conf) sits in front and hands gunicorn only whole requests.

Logs are JSON lines (one object per line) on stdout: gunicorn's own messages, the
application's, and one access record per request carrying the request id.
"""

import datetime as dt
import gc
import json
import os
import shutil
import tempfile

from gunicorn.glogging import Logger

from service.config import Config
from service.web import server_errors

settings = Config()
# gunicorn's own answers (a malformed request: 400, 414, 431) as problem+json too.
server_errors.install()

bind = f"{settings.HOST}:{settings.PORT}"
# The spaCy model is loaded once in the master and shared copy-on-write by the workers.
preload_app = True
workers = settings.WEB_CONCURRENCY
worker_class = "gthread"
threads = settings.THREADS
timeout = settings.GUNICORN_TIMEOUT
graceful_timeout = settings.GRACEFUL_TIMEOUT
# Keep-alive connections save a TCP handshake per request for clients that reuse them.
keepalive = 5
backlog = settings.BACKLOG
max_requests = settings.MAX_REQUESTS
max_requests_jitter = settings.MAX_REQUESTS_JITTER
# The heartbeat file on tmpfs: a disk-backed /tmp can stall it and get workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = settings.ACCESS_LOG
errorlog = "-"
loglevel = settings.LOG_LEVEL.lower()
# gunicorn's control socket sits at one path per user (~/.gunicorn/gunicorn.ctl), which
# every instance on the host would overwrite; the service does not use it.
control_socket_disable = True


def _refuse_public_dev_mode(addresses) -> None:
    """Writes without an API key are for a developer's own machine only: DEV_MODE stops
    the server unless every address it binds is a loopback address or a Unix socket."""
    if not settings.DEV_MODE:
        return
    from service.web.security import is_loopback

    public = [a for a in addresses if isinstance(a, tuple) and not is_loopback(str(a[0]))]
    unknown = [a for a in addresses if not isinstance(a, tuple | str)]
    if public or unknown:
        shown = ", ".join(str(a) for a in public + unknown)
        raise SystemExit(f"DEV_MODE accepts writes without an API key: refusing to serve it "
                         f"on {shown}. Serve on 127.0.0.1, or set DEV_MODE=0 and "
                         f"API_KEY_HASHES.")


# Each worker counts its own requests; /metrics must add up all of them, so samples go
# to files in a directory shared by the workers (prometheus_client's multiprocess mode).
# It must be set before prometheus_client is imported, i.e. before the app is loaded.
_own_metrics_dir = None
if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _own_metrics_dir = tempfile.mkdtemp(prefix="article-api-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _own_metrics_dir


def when_ready(server):
    # The sockets actually bound, wherever the addresses came from (-c file, --bind,
    # GUNICORN_CMD_ARGS, inherited descriptors).
    _refuse_public_dev_mode([_socket_address(listener) for listener in server.LISTENERS])
    # The app (and the model) is loaded; the workers are forked next. Moving every object
    # to the collector's permanent generation keeps the collector from writing to their
    # pages in the workers, so those pages stay shared instead of being copied per worker.
    gc.freeze()


def _socket_address(listener):
    try:
        address = listener.sock.getsockname()
    except (AttributeError, OSError):
        return None
    return address[:2] if isinstance(address, tuple) else str(address)


def on_starting(server):
    # Before anything is bound: the addresses of the final configuration.
    from gunicorn.util import parse_address

    _refuse_public_dev_mode([_parsed(parse_address, b) for b in server.cfg.bind])
    # Samples from an earlier run would be added to this one's.
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def _parsed(parse_address, bind: str):
    if bind.startswith("fd://"):
        return bind  # checked once bound, in when_ready
    try:
        return parse_address(bind)
    except RuntimeError:
        return None


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(_own_metrics_dir, ignore_errors=True)


class JsonLogger(Logger):
    """gunicorn's logger writing JSON lines: error log via the app's formatter, access log
    as one object per request with the response's X-Request-ID."""

    def setup(self, cfg):
        super().setup(cfg)
        from service.web.observability import json_formatter

        for handler in self.error_log.handlers:
            handler.setFormatter(json_formatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        headers = {name.lower(): value for name, value in (resp.headers or ())}
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        record = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "request_id": headers.get("x-request-id"),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 3),
            "user_agent": environ.get("HTTP_USER_AGENT"),
        }
        try:
            self.access_log.info(json.dumps(record))
        except Exception:
            self.exception("cannot write the access log")


logger_class = JsonLogger
