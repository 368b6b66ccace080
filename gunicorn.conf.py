"""gunicorn settings, tuned for a 2-core machine; every value can be overridden by env.

Logs are JSON lines (one object per line) on stdout: gunicorn's own messages, the
application's, and one access record per request carrying the request id.
"""

import datetime as dt
import gc
import json
import math
import os
import shutil
import sys
import tempfile

from gunicorn.glogging import Logger

HOST = os.environ.get("HOST", "127.0.0.1")
bind = f"{HOST}:{os.environ.get('PORT', '8000')}"

# The spaCy model is loaded once in the master and shared copy-on-write by the workers.
preload_app = True
# Python runs one thread at a time per process, so CPU-bound work (JSON, analysis)
# scales with processes: one worker per core. The threads let a worker answer reads
# while another of its threads waits on the database or on an analysis (each worker has
# ANALYSIS_CONCURRENCY analysis processes of its own, see service/analysis_pool.py).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# gunicorn's gthread worker, its threads serving reads before writes and analyses
# (service/http/worker.py), so that a flood of analyses does not queue reads behind it.
worker_class = os.environ.get("WORKER_CLASS", "service.http.worker.ReadFirstWorker")
threads = int(os.environ.get("THREADS", "4"))
# An analysis runs in an analysis process, killed past ANALYSIS_TIMEOUT; reads answer in
# milliseconds. The worker timeout only catches a hung process.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))


def _longest_analysis() -> float:
    """Seconds a request may spend on its analysis: waiting for a process, then running."""
    from service.config import Config

    config = Config()
    return config.ANALYSIS_QUEUE_WAIT + config.ANALYSIS_TIMEOUT


# A worker that stops (retiring after max_requests, or on SIGTERM) first finishes the
# requests it holds, analyses included: it waits for the longest of them, and more.
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT",
                                      str(math.ceil(_longest_analysis()) + 10)))
# Keep-alive connections save a TCP handshake per request for clients that reuse them;
# a short idle timeout keeps them from holding a thread's slot for long.
keepalive = 5
# Bound the queue of accepted connections not yet served: beyond it clients are refused
# quickly instead of waiting past their own timeouts.
backlog = int(os.environ.get("BACKLOG", "512"))
# A worker is replaced after about this many requests (the jitter keeps them from all
# restarting at once), so that what it grew is given back; 0: never. The read-first
# worker counts only requests that were not refused (429, 503) and retires one worker
# at a time, so that another is always accepting (service/http/worker.py).
max_requests = int(os.environ.get("MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("MAX_REQUESTS_JITTER", str(max_requests // 10)))
# The heartbeat file on tmpfs: a disk-backed /tmp can stall it and get workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn's control socket sits at one path per user (~/.gunicorn/gunicorn.ctl), which
# every instance on the host would overwrite; the service does not use it.
control_socket_disable = True


def _dev_mode() -> bool:
    from service.config import Config

    return Config().DEV_MODE


def _refuse_public_dev_mode(addresses) -> None:
    """Writes without an API key are for a developer's own machine only: DEV_MODE stops
    the server unless every address it binds is a loopback address or a Unix socket."""
    if not _dev_mode():
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


def post_worker_init(worker):
    # A thread that wants the interpreter waits up to the switch interval for it (5 ms by
    # default): while other threads refuse analyses, a read would wait that long at each
    # step. 0.5 ms keeps reads near their idle latency for a small cost in switches.
    sys.setswitchinterval(float(os.environ.get("SWITCH_INTERVAL", "0.0005")))
    # A connection refused (429, 503) is read again only after this many seconds, unless
    # its next request is a read (service/http/worker.py); 0: at once.
    if hasattr(worker, "held"):
        worker.held.seconds = float(os.environ.get("REFUSED_HOLD", "1.0"))
    # Fork the worker's analysis processes now, while it runs one thread (forking later,
    # from a process with threads, is what replacements do).
    extensions = _extensions(worker)
    analyzer = extensions.get("analyzer")
    if hasattr(analyzer, "pool"):
        analyzer.pool.start()
    # The embedded job queue (no BROKER_URL): each worker consumes it from its start, so
    # queued jobs resume after a restart (a thread, started after the forks above).
    jobs = extensions.get("jobs")
    if jobs is not None and jobs.embedded:
        jobs.start_consumer()


def _extensions(worker) -> dict:
    from service.http.worker import application

    return getattr(application(worker), "extensions", {})


def worker_exit(server, worker):
    analyzer = _extensions(worker).get("analyzer")
    if hasattr(analyzer, "close"):
        analyzer.close()


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
